//! Models of the Agents API: the knowledge base (folders and documents).
//!
//! Folders nest up to three levels deep and hold documents; agents are given access to
//! folders. `GET /agents/folders` answers a [`ListFoldersResponse`] whose items are
//! [`FolderListItem`] trees; `GET /agents/documents` answers a [`ListDocumentsResponse`] of
//! full [`DocumentResponse`]s (content included).
//!
//! ```
//! use cartesia_types::knowledge_base::{ListFoldersResponse, UpdateDocumentBody};
//!
//! let json = r#"{"data":[{"id":"folder_1","parent_id":null,"name":"Product Docs",
//!   "created_at":"2026-03-01T12:00:00Z","agents":[],"documents":[],
//!   "children":[{"id":"folder_2","parent_id":"folder_1","name":"FAQ",
//!     "created_at":"2026-03-02T12:00:00Z","agents":[],"documents":[],"children":[]}]}],
//!   "has_more":false}"#;
//! # fn decode(json: &str) -> Result<ListFoldersResponse, Box<dyn std::error::Error>> {
//! #   Ok(serde_json::from_str(json)?)
//! # }
//! let page = decode(json).unwrap();
//! assert_eq!(page.data[0].subfolders()[0].name, "FAQ");
//!
//! // A PATCH body: clear the name, move the document, leave everything else unchanged.
//! let body = UpdateDocumentBody::new().clear_name().folder_id("folder_2");
//! # fn to_json<T: serde::Serialize>(v: &T) -> String { serde_json::to_string(v).unwrap() }
//! assert_eq!(to_json(&body), r#"{"name":null,"folder_id":"folder_2"}"#);
//! ```

use serde::{Deserialize, Serialize};

use crate::model::{model, model_family};

use crate::{JsonMap, JsonValue, Page, Patch, Timestamp};

/// `GET /agents/folders`: one page of top-level folders (or of the children of the requested
/// parents), each with its nested subfolders.
pub type ListFoldersResponse = Page<FolderListItem>;

/// `GET /agents/documents`: one page of documents.
pub type ListDocumentsResponse = Page<DocumentResponse>;

model! {
    /// An agent that has access to a folder.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct FolderAgentSummary {
        /// The ID of the agent.
        pub id: String => into,
        /// The name of the agent.
        pub name: String => into,
    }

    /// An agent summary, e.g. for a test double.
    fn new;
}

model! {
    /// A document in a folder, as a folder lists it (without its content).
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct FolderDocumentSummary {
        /// The ID of the document.
        pub id: String => into,
        /// The display name of the document (`None` when the document has none).
        pub name: Option<String> => arg,
        /// When the document was created (UTC).
        pub created_at: Timestamp => arg,
        /// The document's metadata.
        pub metadata: JsonMap => arg,
    }

    /// A document summary with every required field, e.g. for a test double.
    fn new;
}

crate::page::has_id!(
    FolderDocumentSummary,
    FolderResponse,
    FolderListItem,
    DocumentResponse
);

// The folder models start with the fields every folder has.
model_family! {
    {
        /// The ID of the folder.
        pub id: String => into,
        /// The ID of the parent folder; `None` for a top-level folder.
        pub parent_id: Option<String> => arg,
        /// The name of the folder (unique among its siblings).
        pub name: String => into,
        /// When the folder was created (UTC).
        pub created_at: Timestamp => arg,
        /// The agents that have access to the folder.
        pub agents: Vec<FolderAgentSummary> => arg,
        /// The documents in the folder.
        pub documents: Vec<FolderDocumentSummary> => arg,
    }
    model! {
        /// A knowledge-base folder, with its documents and the agents that have access to it
        /// (`POST /agents/folders`, `GET`/`PATCH /agents/folders/{id}`).
        #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
        pub struct FolderResponse {}

        /// A folder with every required field, e.g. for a test double.
        fn new;
    }
    model! {
        /// A folder in `GET /agents/folders`: a [`FolderResponse`] plus its nested subfolders
        /// (recursively, up to the requested `depth`).
        #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
        pub struct FolderListItem {
            /// The nested subfolders; `None` when the API left them out (absent or `null`, e.g.
            /// below the requested `depth`). [`subfolders`](Self::subfolders) reads both cases as a
            /// slice.
            pub children?: Vec<FolderListItem>,
        }

        /// A folder without subfolders (`children` not set), e.g. for a test double; add some with
        /// [`with_children`](Self::with_children).
        fn new;

        /// The same folder with these subfolders.
        fn with_children(children: Vec<FolderListItem>) -> children = Some;
    }
}

impl FolderListItem {
    /// The direct subfolders (empty when `children` is absent).
    pub fn subfolders(&self) -> &[FolderListItem] {
        self.children.as_deref().unwrap_or(&[])
    }

    /// This folder and every folder below it, depth-first, parents before children.
    pub fn iter_tree(&self) -> impl Iterator<Item = &FolderListItem> {
        let mut stack = vec![self];
        std::iter::from_fn(move || {
            let next = stack.pop()?;
            stack.extend(next.subfolders().iter().rev());
            Some(next)
        })
    }
}

impl From<FolderListItem> for FolderResponse {
    /// The folder itself, without its subfolders.
    fn from(item: FolderListItem) -> Self {
        Self {
            id: item.id,
            parent_id: item.parent_id,
            name: item.name,
            created_at: item.created_at,
            agents: item.agents,
            documents: item.documents,
        }
    }
}

model! {
    /// A knowledge-base document, with its full content.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct DocumentResponse {
        /// The ID of the document.
        pub id: String => into,
        /// The display name of the document (`None` when it has none).
        pub name: Option<String> => arg,
        /// The text of the document.
        pub content: String => into,
        /// When the document was created (UTC).
        pub created_at: Timestamp => arg,
        /// The document's metadata.
        pub metadata: JsonMap => arg,
    }

    /// A document with every required field, e.g. for a test double.
    fn new;
}

model! {
    /// A reference by id (to a document or an agent) in [`UpdateFolderBody`].
    #[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub struct IdRef {
        /// The ID.
        pub id: String => into,
    }

    /// A reference to `id`.
    fn new;
}

model! {
    /// The body of `POST /agents/folders`.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct CreateFolderBody {
        /// The name of the folder (at least one character; unique among its siblings).
        pub name: String => into,
        /// The parent folder; `None` (not sent) creates a top-level folder. Folders nest at most
        /// three levels deep.
        pub parent_id?: String,
    }

    /// A top-level folder named `name`.
    fn new;

    /// Creates the folder under `parent_id` instead of at the top level.
    fn parent_id(parent_id: impl Into<String>) = Some;
}

model! {
    /// The body of `PATCH /agents/folders/{id}`: every field is optional, and a field left unset
    /// is not sent (so it stays as it is).
    ///
    /// **`documents` and `agents` replace the whole set**: documents missing from `documents` are
    /// *deleted*, agents missing from `agents` lose access to the folder, and an empty list
    /// deletes every document / revokes every agent.
    #[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
    pub struct UpdateFolderBody {
        /// The new name (at least one character).
        pub name?: String,
        /// The new parent: `Set` moves the folder under another folder, `Null` moves it to the top
        /// level, `Unchanged` leaves it where it is.
        pub parent_id: Patch<String>,
        /// The complete set of documents the folder keeps; documents not in it are deleted.
        pub documents?: Vec<IdRef>,
        /// The complete set of agents with access to the folder; agents not in it lose access.
        pub agents?: Vec<IdRef>,
    }

    /// An update that changes nothing (`{}`); add changes with the setters.
    fn new;

    /// Renames the folder.
    fn name(name: impl Into<String>) = Some;

    /// Moves the folder under `parent_id` (which must not be the folder itself or one of its
    /// descendants, and the result must stay within three levels).
    fn parent_id(parent_id: impl Into<String>) = Patch::Set;

    /// Moves the folder to the top level (sends `"parent_id": null`).
    fn move_to_top_level() -> parent_id = Patch::Null;

    /// Sets the **complete** set of documents of the folder.
    ///
    /// **Destructive:** every document currently in the folder whose id is not in
    /// `document_ids` is deleted; an empty list deletes all of them.
    fn documents(document_ids: [impl Into<String>] => IdRef::new) = Some;

    /// Sets the **complete** set of agents with access to the folder.
    ///
    /// Every agent that has access now and whose id is not in `agent_ids` loses it; an empty
    /// list revokes every agent.
    fn agents(agent_ids: [impl Into<String>] => IdRef::new) = Some;
}

model! {
    /// The body of `POST /agents/documents`, and one item of [`CreateDocumentsBulkBody`].
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct CreateDocumentBody {
        /// The folder to upload the document into.
        pub folder_id: String => into,
        /// The text of the document (at least one character, at most 1 MB).
        pub content: String => into,
        /// An optional display name (not sent when `None`).
        pub name?: String,
        /// Optional string-keyed metadata used to filter retrieval (not sent when `None`).
        pub metadata?: JsonMap,
    }

    /// A document with `content` in folder `folder_id`.
    fn new;

    /// Gives the document a display name.
    fn name(name: impl Into<String>) = Some;

    /// Sets the whole metadata map.
    fn metadata(metadata: JsonMap) = Some;
}

impl CreateDocumentBody {
    /// Adds one metadata entry (replacing an entry with the same key).
    pub fn metadata_entry(mut self, key: impl Into<String>, value: impl Into<JsonValue>) -> Self {
        self.metadata
            .get_or_insert_with(JsonMap::new)
            .insert(key.into(), value.into());
        self
    }
}

/// The body of `POST /agents/documents/bulk`: up to [`MAX_DOCUMENTS`](Self::MAX_DOCUMENTS)
/// documents, which may go to different folders.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CreateDocumentsBulkBody {
    /// The documents to upload.
    pub documents: Vec<CreateDocumentBody>,
}

impl CreateDocumentsBulkBody {
    /// The most documents one request may carry.
    pub const MAX_DOCUMENTS: usize = 100;

    /// A bulk upload of `documents` (the SDK refuses more than
    /// [`MAX_DOCUMENTS`](Self::MAX_DOCUMENTS) before sending anything).
    pub fn new(documents: Vec<CreateDocumentBody>) -> Self {
        Self { documents }
    }

    /// Adds one document.
    pub fn document(mut self, document: CreateDocumentBody) -> Self {
        self.documents.push(document);
        self
    }
}

impl FromIterator<CreateDocumentBody> for CreateDocumentsBulkBody {
    fn from_iter<I: IntoIterator<Item = CreateDocumentBody>>(iter: I) -> Self {
        Self::new(iter.into_iter().collect())
    }
}

model! {
    /// The body of `PATCH /agents/documents/{document_id}`: every field is optional, and a field
    /// left unset is not sent (so it stays as it is).
    #[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
    pub struct UpdateDocumentBody {
        /// The new text (at least one character, at most 1 MB); re-indexes the document.
        pub content?: String,
        /// The display name: `Set` renames, `Null` clears it, `Unchanged` keeps it.
        pub name: Patch<String>,
        /// A metadata map that **replaces** the current one; re-indexes the document.
        pub metadata?: JsonMap,
        /// Moves the document to this folder.
        pub folder_id?: String,
    }

    /// An update that changes nothing (`{}`); add changes with the setters.
    fn new;

    /// Replaces the text (re-indexes the document).
    fn content(content: impl Into<String>) = Some;

    /// Renames the document.
    fn name(name: impl Into<String>) = Patch::Set;

    /// Clears the display name (sends `"name": null`).
    fn clear_name() -> name = Patch::Null;

    /// Replaces the whole metadata map (keys not in `metadata` are dropped; re-indexes the
    /// document).
    fn metadata(metadata: JsonMap) = Some;

    /// Moves the document to folder `folder_id`.
    fn folder_id(folder_id: impl Into<String>) = Some;
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::HasId;

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    const FOLDER: &str = r#"{"id":"folder_abc","parent_id":null,"name":"Product Docs",
        "created_at":"2026-03-01T12:00:00Z",
        "agents":[{"id":"agent_abc","name":"Support"}],
        "documents":[{"id":"doc_1","name":null,"created_at":"2026-03-02T08:30:00.25Z",
                      "metadata":{"category":"policy","n":2}}]}"#;

    const DOCUMENT: &str = r#"{"id":"doc_1","name":"Return Policy",
        "content":"Customers may return any unopened item within 30 days...",
        "created_at":"2026-03-31T17:37:05.961874Z",
        "metadata":{"category":"policy","audience":"customer"}}"#;

    #[test]
    fn decodes_a_folder() {
        let f: FolderResponse = serde_json::from_str(FOLDER).unwrap();
        assert_eq!(f.id, "folder_abc");
        assert_eq!(f.parent_id, None);
        assert_eq!(f.name, "Product Docs");
        assert_eq!(f.created_at, ts("2026-03-01T12:00:00Z"));
        assert_eq!(
            f.agents,
            vec![FolderAgentSummary::new("agent_abc", "Support")]
        );
        assert_eq!(f.documents.len(), 1);
        let d = &f.documents[0];
        assert_eq!(d.id, "doc_1");
        assert_eq!(d.name, None);
        assert_eq!(d.created_at.to_string(), "2026-03-02T08:30:00.25Z");
        assert_eq!(d.metadata.get("category"), Some(&json!("policy")));
        assert_eq!(d.metadata.get("n"), Some(&json!(2)));
        assert_eq!(HasId::id(&f), "folder_abc");
    }

    #[test]
    fn folder_required_fields_are_required() {
        for field in [
            "id",
            "parent_id",
            "name",
            "created_at",
            "agents",
            "documents",
        ] {
            let mut v: serde_json::Value = serde_json::from_str(FOLDER).unwrap();
            v.as_object_mut().unwrap().remove(field);
            let r = serde_json::from_value::<FolderResponse>(v);
            if field == "parent_id" {
                // Required but nullable: absent reads as `None` (lenient).
                assert_eq!(r.unwrap().parent_id, None);
            } else {
                let err = r.unwrap_err();
                assert!(err.to_string().contains(field), "{field}: {err}");
            }
        }
        let mut v: serde_json::Value = serde_json::from_str(FOLDER).unwrap();
        v["documents"][0]
            .as_object_mut()
            .unwrap()
            .remove("metadata");
        let err = serde_json::from_value::<FolderResponse>(v).unwrap_err();
        assert!(err.to_string().contains("metadata"), "{err}");
    }

    #[test]
    fn decodes_a_recursive_folder_tree() {
        let json = json!({
            "id": "f1", "parent_id": null, "name": "Root", "created_at": "2026-03-01T00:00:00Z",
            "agents": [], "documents": [], "future_field": {"x": 1},
            "children": [
                {"id": "f2", "parent_id": "f1", "name": "A", "created_at": "2026-03-01T00:00:01Z",
                 "agents": [], "documents": [],
                 "children": [
                    {"id": "f3", "parent_id": "f2", "name": "A1",
                     "created_at": "2026-03-01T00:00:02Z", "agents": [], "documents": []}
                 ]},
                {"id": "f4", "parent_id": "f1", "name": "B", "created_at": "2026-03-01T00:00:03Z",
                 "agents": [], "documents": [], "children": null}
            ]
        });
        let root: FolderListItem = serde_json::from_value(json).unwrap();
        assert_eq!(root.subfolders().len(), 2);
        assert_eq!(root.subfolders()[0].subfolders()[0].name, "A1");
        assert_eq!(root.subfolders()[0].subfolders()[0].children, None);
        assert_eq!(root.subfolders()[1].children, None);
        assert!(root.subfolders()[1].subfolders().is_empty());
        let ids: Vec<&str> = root.iter_tree().map(|f| f.id.as_str()).collect();
        assert_eq!(ids, ["f1", "f2", "f3", "f4"]);
        let parents: Vec<Option<&str>> = root.iter_tree().map(|f| f.parent_id.as_deref()).collect();
        assert_eq!(parents, [None, Some("f1"), Some("f2"), Some("f1")]);

        let flat: FolderResponse = root.clone().into();
        assert_eq!(flat.id, "f1");
        // Round trip keeps the tree.
        let back: FolderListItem =
            serde_json::from_str(&serde_json::to_string(&root).unwrap()).unwrap();
        assert_eq!(back, root);
    }

    #[test]
    fn absurdly_deep_nesting_is_an_error_not_a_crash() {
        let leaf = r#"{"id":"f","parent_id":null,"name":"n","created_at":"2026-03-01T00:00:00Z","agents":[],"documents":[]"#;
        let mut json = String::new();
        for _ in 0..400 {
            json.push_str(leaf);
            json.push_str(r#","children":["#);
        }
        json.push_str(leaf);
        json.push('}');
        for _ in 0..400 {
            json.push_str("]}");
        }
        assert!(serde_json::from_str::<FolderListItem>(&json).is_err());
    }

    #[test]
    fn decodes_a_document_and_null_name() {
        let d: DocumentResponse = serde_json::from_str(DOCUMENT).unwrap();
        assert_eq!(d.id, "doc_1");
        assert_eq!(d.name.as_deref(), Some("Return Policy"));
        assert!(d.content.starts_with("Customers may return"));
        assert_eq!(d.created_at.to_string(), "2026-03-31T17:37:05.961874Z");
        assert_eq!(d.metadata.len(), 2);
        assert_eq!(d.metadata["audience"], json!("customer"));

        let mut v: serde_json::Value = serde_json::from_str(DOCUMENT).unwrap();
        v["name"] = serde_json::Value::Null;
        v["folder_id"] = json!("ignored: unknown field");
        let d: DocumentResponse = serde_json::from_value(v).unwrap();
        assert_eq!(d.name, None);
    }

    crate::test_support::required_fields! {
        fn document_required_fields_are_required {
            DocumentResponse: DOCUMENT => ["id", "content", "created_at", "metadata"];
        }
    }

    #[test]
    fn list_pages_decode() {
        let page: ListDocumentsResponse = serde_json::from_str(&format!(
            r#"{{"data":[{DOCUMENT}],"has_more":true,"next_page":"doc_1"}}"#
        ))
        .unwrap();
        assert_eq!(page.data.len(), 1);
        assert_eq!(page.has_more, Some(true));
        assert_eq!(page.next_page.as_deref(), Some("doc_1"));
        assert_eq!(HasId::id(&page.data[0]), "doc_1");

        let empty: ListFoldersResponse =
            serde_json::from_str(r#"{"data":[],"has_more":false,"next_page":null}"#).unwrap();
        assert!(empty.data.is_empty());
        assert_eq!(empty.has_more, Some(false));
        assert_eq!(empty.next_page, None);
    }

    #[test]
    fn create_folder_body() {
        let j = |b: &CreateFolderBody| serde_json::to_value(b).unwrap();
        assert_eq!(
            j(&CreateFolderBody::new("Product Docs")),
            json!({"name": "Product Docs"})
        );
        assert_eq!(
            j(&CreateFolderBody::new("FAQ").parent_id("folder_abc")),
            json!({"name": "FAQ", "parent_id": "folder_abc"})
        );
        // The spec's example sends an explicit null: it decodes to the same body.
        let ex: CreateFolderBody =
            serde_json::from_value(json!({"name": "Product Docs", "parent_id": null})).unwrap();
        assert_eq!(ex, CreateFolderBody::new("Product Docs"));
    }

    #[test]
    fn update_folder_body_three_states_and_sets() {
        let j = |b: &UpdateFolderBody| serde_json::to_value(b).unwrap();
        assert_eq!(j(&UpdateFolderBody::new()), json!({}));
        assert_eq!(
            j(&UpdateFolderBody::new()
                .name("Renamed")
                .parent_id("folder_p")),
            json!({"name": "Renamed", "parent_id": "folder_p"})
        );
        assert_eq!(
            j(&UpdateFolderBody::new().move_to_top_level()),
            json!({"parent_id": null})
        );
        // The spec's example.
        assert_eq!(
            j(&UpdateFolderBody::new().agents(["agent_abc", "agent_def"])),
            json!({"agents": [{"id": "agent_abc"}, {"id": "agent_def"}]})
        );
        assert_eq!(
            j(&UpdateFolderBody::new()
                .documents(Vec::<String>::new())
                .agents(vec!["a".to_owned()])),
            json!({"documents": [], "agents": [{"id": "a"}]})
        );
        let back: UpdateFolderBody = serde_json::from_value(json!({"parent_id": null})).unwrap();
        assert_eq!(back.parent_id, Patch::Null);
        assert_eq!(back.documents, None);
    }

    #[test]
    fn create_document_bodies() {
        let j = |b: &CreateDocumentBody| serde_json::to_value(b).unwrap();
        assert_eq!(
            j(&CreateDocumentBody::new("folder_abc", "text")),
            json!({"folder_id": "folder_abc", "content": "text"})
        );
        // The spec's example.
        let ex = CreateDocumentBody::new(
            "folder_abc",
            "Customers may return any unopened item within 30 days...",
        )
        .name("Return Policy")
        .metadata_entry("category", "policy")
        .metadata_entry("audience", "customer");
        assert_eq!(
            j(&ex),
            json!({"folder_id": "folder_abc", "name": "Return Policy",
                   "content": "Customers may return any unopened item within 30 days...",
                   "metadata": {"category": "policy", "audience": "customer"}})
        );
        let mut m = JsonMap::new();
        m.insert("k".into(), json!([1, 2]));
        assert_eq!(
            j(&CreateDocumentBody::new("f", "c").metadata(m)),
            json!({"folder_id": "f", "content": "c", "metadata": {"k": [1, 2]}})
        );

        let bulk: CreateDocumentsBulkBody = (0..2)
            .map(|i| CreateDocumentBody::new("f", format!("c{i}")))
            .collect();
        assert_eq!(
            serde_json::to_value(bulk.document(CreateDocumentBody::new("g", "d"))).unwrap(),
            json!({"documents": [
                {"folder_id": "f", "content": "c0"},
                {"folder_id": "f", "content": "c1"},
                {"folder_id": "g", "content": "d"}
            ]})
        );
    }

    #[test]
    fn update_document_body_three_states() {
        let j = |b: &UpdateDocumentBody| serde_json::to_value(b).unwrap();
        assert_eq!(j(&UpdateDocumentBody::new()), json!({}));
        assert_eq!(
            j(&UpdateDocumentBody::new().name("New")),
            json!({"name": "New"})
        );
        assert_eq!(
            j(&UpdateDocumentBody::new().clear_name()),
            json!({"name": null})
        );
        assert_eq!(
            j(&UpdateDocumentBody::new()
                .content("new text")
                .metadata(JsonMap::new())
                .folder_id("folder_x")),
            json!({"content": "new text", "metadata": {}, "folder_id": "folder_x"})
        );
        let back: UpdateDocumentBody = serde_json::from_value(json!({"name": null})).unwrap();
        assert_eq!(back.name, Patch::Null);
        let back: UpdateDocumentBody = serde_json::from_value(json!({})).unwrap();
        assert_eq!(back.name, Patch::Unchanged);
    }

    #[test]
    fn constructors_match_decoding() {
        let d: DocumentResponse = serde_json::from_str(DOCUMENT).unwrap();
        let built = DocumentResponse::new(
            "doc_1",
            Some("Return Policy".into()),
            "Customers may return any unopened item within 30 days...",
            ts("2026-03-31T17:37:05.961874Z"),
            d.metadata.clone(),
        );
        assert_eq!(built, d);
        let f: FolderResponse = serde_json::from_str(FOLDER).unwrap();
        let mut meta = JsonMap::new();
        meta.insert("category".into(), json!("policy"));
        meta.insert("n".into(), json!(2));
        let built = FolderResponse::new(
            "folder_abc",
            None,
            "Product Docs",
            ts("2026-03-01T12:00:00Z"),
            vec![FolderAgentSummary::new("agent_abc", "Support")],
            vec![FolderDocumentSummary::new(
                "doc_1",
                None,
                ts("2026-03-02T08:30:00.25Z"),
                meta,
            )],
        );
        assert_eq!(built, f);
        let item = FolderListItem::new("x", None, "X", ts("2026-03-01T00:00:00Z"), vec![], vec![])
            .with_children(vec![]);
        assert_eq!(item.children, Some(vec![]));
    }
}
