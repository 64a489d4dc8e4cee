//! `client.pronunciation_dicts()`: pronunciation dictionaries.

use cartesia_types::pronunciation_dicts::{
    CreatePronunciationDictRequest, UpdatePronunciationDictRequest,
};

use crate::endpoints::pronunciation_dicts::{
    CreatePronunciationDict, DeletePronunciationDict, GetPronunciationDict, ListPronunciationDicts,
    UpdatePronunciationDict,
};
use crate::resources::resource;

resource! {
    /// Pronunciation dictionaries: list, create, get, update, delete.
    AsyncPronunciationDicts, BlockingPronunciationDicts, pronunciation_dicts on client {
        /// One page of dictionaries (`GET /pronunciation-dicts/`).
        fn list(request: ListPronunciationDicts) -> ListPronunciationDicts = request;
        /// Every dictionary, page after page (`GET /pronunciation-dicts/`).
        pages fn list_all(request: ListPronunciationDicts) -> ListPronunciationDicts = request;
        /// Creates a dictionary (`POST /pronunciation-dicts/`).
        fn create(body: CreatePronunciationDictRequest) -> CreatePronunciationDict = CreatePronunciationDict::new(body);
        /// One dictionary (`GET /pronunciation-dicts/{id}`).
        fn get(id: &str) -> GetPronunciationDict = GetPronunciationDict::new(id);
        /// Renames a dictionary or replaces its mappings (`PATCH /pronunciation-dicts/{id}`).
        fn update(id: &str, body: UpdatePronunciationDictRequest) -> UpdatePronunciationDict = UpdatePronunciationDict::new(id, body);
        /// Deletes a dictionary (`DELETE /pronunciation-dicts/{id}`).
        fn delete(id: &str) -> DeletePronunciationDict = DeletePronunciationDict::new(id);
    }
}
