//! `client.agents().folders()` and `client.agents().documents()`: the knowledge base.

use crate::resources::agents::{AsyncAgents, BlockingAgents};
use crate::resources::resource;

resource! {
    /// Knowledge-base folders: list, create, get, update, delete.
    AsyncFolders, BlockingFolders, folders on AsyncAgents, BlockingAgents {
    }
}

resource! {
    /// Knowledge-base documents: list, create, create in bulk, get, update, delete.
    AsyncDocuments, BlockingDocuments, documents on AsyncAgents, BlockingAgents {
    }
}
