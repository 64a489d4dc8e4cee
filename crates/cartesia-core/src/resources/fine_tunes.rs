//! `client.fine_tunes()`: fine-tunes (professional voice clones).

use cartesia_types::fine_tunes::CreateFineTuneRequest;

use crate::endpoints::fine_tunes::{
    CreateFineTune, DeleteFineTune, GetFineTune, ListFineTuneVoices, ListFineTunes,
};
use crate::resources::resource;

resource! {
    /// Fine-tunes: list, create, get, delete, and the voices they made.
    AsyncFineTunes, BlockingFineTunes, fine_tunes on client {
        /// One page of fine-tunes (`GET /fine-tunes/`).
        fn list(request: ListFineTunes) -> ListFineTunes = request;
        /// Every fine-tune, page after page (`GET /fine-tunes/`).
        pages fn list_all(request: ListFineTunes) -> ListFineTunes = request;
        /// Starts a fine-tune (`POST /fine-tunes/`).
        fn create(body: CreateFineTuneRequest) -> CreateFineTune = CreateFineTune::new(body);
        /// One fine-tune (`GET /fine-tunes/{id}`).
        fn get(id: &str) -> GetFineTune = GetFineTune::new(id);
        /// Deletes a fine-tune (`DELETE /fine-tunes/{id}`).
        fn delete(id: &str) -> DeleteFineTune = DeleteFineTune::new(id);
        /// One page of the voices a fine-tune made (`GET /fine-tunes/{id}/voices`).
        fn list_voices(request: ListFineTuneVoices) -> ListFineTuneVoices = request;
        /// Every voice a fine-tune made, page after page (`GET /fine-tunes/{id}/voices`).
        pages fn list_voices_all(request: ListFineTuneVoices) -> ListFineTuneVoices = request;
    }
}
