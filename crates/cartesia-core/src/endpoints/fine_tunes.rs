//! Endpoints of the fine-tunes API: [`ListFineTunes`], [`CreateFineTune`], [`GetFineTune`],
//! [`DeleteFineTune`], [`ListFineTuneVoices`].
//!
//! The collection route has a trailing slash (`/fine-tunes/`), the item routes none.

use cartesia_types::fine_tunes::{CreateFineTuneRequest, FineTune};
use cartesia_types::voices::Voice;
use cartesia_types::Page;

use super::declare::endpoints;
use crate::resources::{AsyncFineTunes, BlockingFineTunes};

endpoints! {
    impl AsyncFineTunes, BlockingFineTunes {
        /// one page of fine-tunes.
        ListFineTunes = "fineTunes_list" GET ["/fine-tunes/"] -> Page<FineTune> => request list, pages list_all {
            cursor [limit starting_after ending_before] "fine-tune" => FineTune;
        }

        /// starts a fine-tune from a dataset.
        CreateFineTune = "fineTunes_create" POST ["/fine-tunes/"] -> FineTune => method create {
            json body: CreateFineTuneRequest;
        }

        /// one fine-tune.
        GetFineTune = "fineTunes_get" GET ["/fine-tunes/" {id: String}] -> FineTune => method get;

        /// deletes a fine-tune (answer `204`).
        DeleteFineTune = "fineTunes_delete" DELETE ["/fine-tunes/" {id: String}] -> () => method delete {
            parse empty;
        }

        /// one page of the voices a fine-tune made.
        ListFineTuneVoices = "fineTunes_listVoices" GET ["/fine-tunes/" {id: String} "/voices"] -> Page<Voice>
            => request list_voices, pages list_voices_all {
            cursor [limit starting_after ending_before] "voice" => Voice;
        }
    }
}
