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
    #[derive(Debug, Clone, PartialEq, Eq)]

    /// one page of pronunciation dictionaries.
    ListPronunciationDicts = "pronunciationDicts_list" GET ["/pronunciation-dicts/"] -> Page<PronunciationDict> {
        cursor [limit starting_after ending_before] "dictionary" => PronunciationDict;
        /// One page of dictionaries
        request list for AsyncPronunciationDicts, BlockingPronunciationDicts;
        /// Every dictionary, page after page
        pages list_all for AsyncPronunciationDicts, BlockingPronunciationDicts;
    }

    /// creates a dictionary.
    CreatePronunciationDict = "pronunciationDicts_create" POST ["/pronunciation-dicts/"] -> PronunciationDict {
        json body: CreatePronunciationDictRequest;
        /// Creates a dictionary
        method create for AsyncPronunciationDicts, BlockingPronunciationDicts;
    }

    /// one dictionary with its mappings.
    GetPronunciationDict = "pronunciationDicts_get" GET ["/pronunciation-dicts/" {id: String}] -> PronunciationDict {
        /// One dictionary
        method get for AsyncPronunciationDicts, BlockingPronunciationDicts;
    }

    /// renames a dictionary or replaces its mappings (answer: the dictionary).
    UpdatePronunciationDict = "pronunciationDicts_update" PATCH
        ["/pronunciation-dicts/" {id: String}] -> PronunciationDict {
        json body: UpdatePronunciationDictRequest;
        /// Renames a dictionary or replaces its mappings
        method update for AsyncPronunciationDicts, BlockingPronunciationDicts;
    }

    /// deletes a dictionary (answer `204`).
    DeletePronunciationDict = "pronunciationDicts_delete" DELETE
        ["/pronunciation-dicts/" {id: String}] -> () {
        parse empty;
        /// Deletes a dictionary
        method delete for AsyncPronunciationDicts, BlockingPronunciationDicts;
    }
}
