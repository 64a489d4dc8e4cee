//! `client.agents().folders()` and `client.agents().documents()`: the knowledge base.

use cartesia_types::knowledge_base::{
    CreateDocumentBody, CreateDocumentsBulkBody, CreateFolderBody, UpdateDocumentBody,
    UpdateFolderBody,
};

use crate::endpoints::knowledge_base::{
    CreateDocument, CreateDocumentsBulk, CreateFolder, DeleteDocument, DeleteFolder, GetDocument,
    GetFolder, ListDocuments, ListFolders, UpdateDocument, UpdateFolder,
};
use crate::resources::agents::{AsyncAgents, BlockingAgents};
use crate::resources::resource;

resource! {
    /// Knowledge-base folders: list, create, get, update, delete.
    AsyncFolders, BlockingFolders, folders on AsyncAgents, BlockingAgents {
        /// One page of folders with their nested subfolders (`GET /agents/folders`).
        fn list(request: ListFolders) -> ListFolders = request;
        /// Every folder page after page, starting with `request` (`GET /agents/folders`).
        pages fn list_all(request: ListFolders) -> ListFolders = request;
        /// Creates a folder (`POST /agents/folders`).
        fn create(body: CreateFolderBody) -> CreateFolder = CreateFolder::new(body);
        /// A folder with its documents and agents (`GET /agents/folders/{id}`).
        fn get(id: &str) -> GetFolder = GetFolder::new(id);
        /// Updates a folder (`PATCH /agents/folders/{id}`). Setting `documents` deletes the
        /// documents left out; setting `agents` revokes the agents left out.
        fn update(id: &str, body: UpdateFolderBody) -> UpdateFolder = UpdateFolder::new(id, body);
        /// Deletes a folder and its documents (`DELETE /agents/folders/{id}`).
        fn delete(id: &str) -> DeleteFolder = DeleteFolder::new(id);
    }
}

resource! {
    /// Knowledge-base documents: list, create, create in bulk, get, update, delete.
    AsyncDocuments, BlockingDocuments, documents on AsyncAgents, BlockingAgents {
        /// One page of documents (`GET /agents/documents`).
        fn list(request: ListDocuments) -> ListDocuments = request;
        /// Every document page after page, starting with `request` (`GET /agents/documents`).
        pages fn list_all(request: ListDocuments) -> ListDocuments = request;
        /// Uploads a document into a folder (`POST /agents/documents`).
        fn create(body: CreateDocumentBody) -> CreateDocument = CreateDocument::new(body);
        /// Uploads up to 100 documents at once (`POST /agents/documents/bulk`); more are
        /// refused before any I/O.
        fn create_bulk(body: CreateDocumentsBulkBody) -> CreateDocumentsBulk = CreateDocumentsBulk::new(body);
        /// A document with its content (`GET /agents/documents/{document_id}`).
        fn get(document_id: &str) -> GetDocument = GetDocument::new(document_id);
        /// Updates a document (`PATCH /agents/documents/{document_id}`).
        fn update(document_id: &str, body: UpdateDocumentBody) -> UpdateDocument = UpdateDocument::new(document_id, body);
        /// Deletes a document (`DELETE /agents/documents/{document_id}`).
        fn delete(document_id: &str) -> DeleteDocument = DeleteDocument::new(document_id);
    }
}
