//! Endpoints of the pronunciation dictionaries API: [`ListPronunciationDicts`],
//! [`CreatePronunciationDict`], [`GetPronunciationDict`], [`UpdatePronunciationDict`],
//! [`DeletePronunciationDict`].
//!
//! The collection route has a trailing slash (`/pronunciation-dicts/`), the item routes none.

use cartesia_types::pronunciation_dicts::{
    CreatePronunciationDictRequest, PronunciationDict, UpdatePronunciationDictRequest,
};
use cartesia_types::Page;

use super::declare::endpoints;
use crate::resources::{AsyncPronunciationDicts, BlockingPronunciationDicts};

endpoints! {
    impl AsyncPronunciationDicts, BlockingPronunciationDicts {
        /// one page of pronunciation dictionaries.
        ListPronunciationDicts = "pronunciationDicts_list" GET ["/pronunciation-dicts/"] -> Page<PronunciationDict>
            => request list, pages list_all {
            cursor [limit starting_after ending_before] "dictionary" => PronunciationDict;
        }

        /// creates a dictionary.
        CreatePronunciationDict = "pronunciationDicts_create" POST ["/pronunciation-dicts/"] -> PronunciationDict
            => method create {
            json body: CreatePronunciationDictRequest;
        }

        /// one dictionary with its mappings.
        GetPronunciationDict = "pronunciationDicts_get" GET ["/pronunciation-dicts/" {id: String}] -> PronunciationDict
            => method get;

        /// renames a dictionary or replaces its mappings (answer: the dictionary).
        UpdatePronunciationDict = "pronunciationDicts_update" PATCH
            ["/pronunciation-dicts/" {id: String}] -> PronunciationDict => method update {
            json body: UpdatePronunciationDictRequest;
        }

        /// deletes a dictionary (answer `204`).
        DeletePronunciationDict = "pronunciationDicts_delete" DELETE
            ["/pronunciation-dicts/" {id: String}] -> () => method delete {
            parse empty;
        }
    }
}
