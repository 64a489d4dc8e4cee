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
    #[derive(Debug, Clone, PartialEq, Eq)]

    /// one page of fine-tunes.
    ListFineTunes = "fineTunes_list" GET ["/fine-tunes/"] -> Page<FineTune> {
        cursor [limit starting_after ending_before] "fine-tune" => FineTune;
        /// One page of fine-tunes
        request list for AsyncFineTunes, BlockingFineTunes;
        /// Every fine-tune, page after page
        pages list_all for AsyncFineTunes, BlockingFineTunes;
    }

    /// starts a fine-tune from a dataset.
    CreateFineTune = "fineTunes_create" POST ["/fine-tunes/"] -> FineTune {
        json body: CreateFineTuneRequest;
        /// Starts a fine-tune
        method create for AsyncFineTunes, BlockingFineTunes;
    }

    /// one fine-tune.
    GetFineTune = "fineTunes_get" GET ["/fine-tunes/" {id: String}] -> FineTune {
        /// One fine-tune
        method get for AsyncFineTunes, BlockingFineTunes;
    }

    /// deletes a fine-tune (answer `204`).
    DeleteFineTune = "fineTunes_delete" DELETE ["/fine-tunes/" {id: String}] -> () {
        parse empty;
        /// Deletes a fine-tune
        method delete for AsyncFineTunes, BlockingFineTunes;
    }

    /// one page of the voices a fine-tune made.
    ListFineTuneVoices = "fineTunes_listVoices" GET ["/fine-tunes/" {id: String} "/voices"] -> Page<Voice> {
        cursor [limit starting_after ending_before] "voice" => Voice;
        /// One page of the voices a fine-tune made
        request list_voices for AsyncFineTunes, BlockingFineTunes;
        /// Every voice a fine-tune made, page after page
        pages list_voices_all for AsyncFineTunes, BlockingFineTunes;
    }
}
