//! The knowledge base: folders (a tree up to three levels deep) and documents.

use serde_json::{Map, Value};

use super::{get_one, list_page, refuse_if_used, remove_one, S};
use crate::error::ApiError;
use crate::store::{DocRec, FolderRec, Store};
use crate::support::{created, no_content, now, ok, page, Field, JsonBody, Obj, Reply, P, Q};

/// The deepest a folder may be.
const MAX_DEPTH: usize = 3;
/// The largest document content, in bytes.
const MAX_CONTENT: usize = 1024 * 1024;
/// The most documents in one bulk upload.
const MAX_BULK: usize = 100;

crate::error::not_found_errors! {
    folder_not_found: "kb_folder_not_found", "Folder";
    document_not_found: "kb_document_not_found", "Document";
}

crate::store::listed! {
    FolderRec in folders, folder_not_found, |f| &f.id;
    DocRec in documents, document_not_found, |d| d.id();
}

/// `413` `"file_too_large"`.
fn too_large(message: String) -> ApiError {
    ApiError::new(
        axum::http::StatusCode::PAYLOAD_TOO_LARGE,
        Some("file_too_large"),
        "Document too large",
        message,
    )
}

/// `GET /agents/folders`: a page of the folders whose parent is in `parent_ids[]`
/// (default: top level), each with `depth - 1` levels of children.
pub(crate) async fn list_folders(state: S, q: Q) -> Reply {
    let cursor = q.cursor(true)?;
    let depth = q.int("depth", 1..=MAX_DEPTH)?.unwrap_or(MAX_DEPTH);
    let parents: Vec<Option<String>> = {
        let given = q.all("parent_ids[]");
        if given.is_empty() {
            vec![None]
        } else {
            given
                .into_iter()
                .map(|p| (p != "null").then(|| p.to_owned()))
                .collect()
        }
    };
    let store = state.store();
    let items: Vec<(String, Value)> = store
        .folders
        .iter()
        .filter(|f| parents.contains(&f.parent_id))
        .map(|f| (f.id.clone(), store.folder_item(f, depth)))
        .collect();
    Ok(ok(&page(items, &cursor)?))
}

/// `400` if a sibling of `parent` already has `name`.
fn check_unique_name(
    store: &Store,
    parent: Option<&str>,
    name: &str,
    except: Option<&str>,
) -> Result<(), ApiError> {
    let taken = store.folders.iter().any(|f| {
        f.parent_id.as_deref() == parent && f.name == name && Some(f.id.as_str()) != except
    });
    if taken {
        return Err(ApiError::bad_request(
            "kb_folder_duplicate_name",
            "A folder with this name already exists in the target location.",
        ));
    }
    Ok(())
}

/// `POST /agents/folders` with a `CreateFolderBody`: `201` with the `FolderResponse`.
pub(crate) async fn create_folder(state: S, JsonBody(body): JsonBody) -> Reply {
    let name = body.req_nonempty("name")?;
    let parent = body.opt_str("parent_id")?;
    let mut store = state.store();
    if let Some(parent) = &parent {
        if !store.folders.iter().any(|f| f.id == *parent) {
            return Err(folder_not_found());
        }
        if store.folder_depth(parent) >= MAX_DEPTH {
            return Err(ApiError::bad_request(
                "kb_folder_max_depth",
                "Folders can be nested at most three levels deep.",
            ));
        }
    }
    check_unique_name(&store, parent.as_deref(), &name, None)?;
    let folder = FolderRec {
        id: store.ids.next("fold"),
        parent_id: parent,
        name,
        created_at: now(),
        agents: Vec::new(),
    };
    let answer = store.folder_response(&folder);
    store.folders.push(folder);
    Ok(created(&answer))
}

/// `GET /agents/folders/{id}`.
pub(crate) async fn get_folder(state: S, P(id): P<String>) -> Reply {
    get_one(&state, &id, Store::folder_response)
}

/// The ids of an `IdRef` array.
fn id_refs(refs: Vec<Map<String, Value>>, at: &'static str) -> Result<Vec<String>, ApiError> {
    refs.into_iter()
        .map(|r| Obj::nested(r, at).req_str("id"))
        .collect()
}

/// `PATCH /agents/folders/{id}` with an `UpdateFolderBody`: rename, move (no cycles, at
/// most three levels), and replace the sets of documents (those left out are deleted) and
/// agents.
pub(crate) async fn update_folder(state: S, P(id): P<String>, JsonBody(body): JsonBody) -> Reply {
    let name = body.opt_str("name")?;
    if name.as_deref() == Some("") {
        return Err(ApiError::unprocessable("`body.name` must not be empty."));
    }
    let parent = body.str_field("parent_id")?;
    let documents = body
        .opt_objects("documents")?
        .map(|d| id_refs(d, "documents[]"))
        .transpose()?;
    let agents = body
        .opt_objects("agents")?
        .map(|a| id_refs(a, "agents[]"))
        .transpose()?;
    let mut store = state.store();
    let index = store.index_of::<FolderRec>(&id)?;
    let new_parent = match &parent {
        Field::Set(p) => Some(p.clone()),
        Field::Null => None,
        Field::Absent => store.folders[index].parent_id.clone(),
    };
    if let Some(p) = &new_parent {
        if !store.folders.iter().any(|f| f.id == *p) {
            return Err(folder_not_found());
        }
        // Walk up from the new parent: meeting this folder is a cycle.
        let mut at = Some(p.clone());
        while let Some(current) = at {
            if current == id {
                return Err(ApiError::bad_request(
                    "kb_folder_circular_reference",
                    "A folder cannot be moved under itself or one of its descendants.",
                ));
            }
            at = store
                .folders
                .iter()
                .find(|f| f.id == current)
                .and_then(|f| f.parent_id.clone());
        }
        if store.folder_depth(p) + 1 + store.folder_height(&id) > MAX_DEPTH {
            return Err(ApiError::bad_request(
                "kb_folder_max_depth",
                "Folders can be nested at most three levels deep.",
            ));
        }
    }
    let final_name = name
        .clone()
        .unwrap_or_else(|| store.folders[index].name.clone());
    check_unique_name(&store, new_parent.as_deref(), &final_name, Some(&id))?;
    if let Some(docs) = &documents {
        for d in docs {
            if !store.documents.iter().any(|r| r.id() == d) {
                return Err(ApiError::bad_request(
                    "kb_document_not_owned",
                    format!("Document `{d}` does not exist or is not yours."),
                ));
            }
        }
    }
    if let Some(agents) = &agents {
        for a in agents {
            if store.agent(a).is_none() {
                return Err(ApiError::invalid_request(format!(
                    "Agent `{a}` does not exist."
                )));
            }
        }
    }
    if let Some(docs) = documents {
        store
            .documents
            .retain(|d| d.folder_id != id || docs.iter().any(|k| k == d.id()));
        for d in &mut store.documents {
            if docs.iter().any(|k| k == d.id()) {
                d.folder_id = id.clone();
            }
        }
    }
    let folder = &mut store.folders[index];
    folder.name = final_name;
    folder.parent_id = new_parent;
    if let Some(agents) = agents {
        folder.agents = agents;
    }
    let folder = store.folders[index].clone();
    Ok(ok(&store.folder_response(&folder)))
}

/// `DELETE /agents/folders/{id}`: `204`, with the documents in it; `400` if it has child
/// folders or is the last folder.
pub(crate) async fn delete_folder(state: S, P(id): P<String>) -> Reply {
    let mut store = state.store();
    let index = store.index_of::<FolderRec>(&id)?;
    refuse_if_used(
        &store.folders,
        |f| f.parent_id.as_deref(),
        &id,
        ApiError::bad_request(
            "kb_folder_has_children",
            "Delete or move this folder's child folders first.",
        ),
    )?;
    if store.folders.len() == 1 {
        return Err(ApiError::bad_request(
            "kb_folder_last",
            "The last remaining folder cannot be deleted.",
        ));
    }
    store.folders.remove(index);
    store.documents.retain(|d| d.folder_id != id);
    Ok(no_content())
}

/// `GET /agents/documents`: a page of `DocumentResponse`s.
pub(crate) async fn list_documents(state: S, q: Q) -> Reply {
    list_page(
        &state,
        &q,
        |_| true,
        |_, d: &DocRec| Value::Object(d.doc.clone()),
    )
}

/// A document from a `CreateDocumentBody` (checked, not stored). `Err(None)` is content
/// over 1 MB.
fn new_document(store: &mut Store, body: &Obj) -> Result<DocRec, Option<ApiError>> {
    let folder_id = body.req_str("folder_id").map_err(Some)?;
    let content = body.req_nonempty("content").map_err(Some)?;
    let name = body.str_field("name").map_err(Some)?;
    let metadata = body.opt_obj("metadata").map_err(Some)?.unwrap_or_default();
    if !store.folders.iter().any(|f| f.id == folder_id) {
        return Err(Some(folder_not_found()));
    }
    if content.len() > MAX_CONTENT {
        return Err(None);
    }
    let mut doc = Map::new();
    doc.insert("id".into(), store.ids.next("doc").into());
    doc.insert("name".into(), name.set().map_or(Value::Null, Value::from));
    doc.insert("content".into(), content.into());
    doc.insert("created_at".into(), now().into());
    doc.insert("metadata".into(), Value::Object(metadata));
    Ok(DocRec { doc, folder_id })
}

/// `POST /agents/documents` with a `CreateDocumentBody`: `201`; `413` over 1 MB.
pub(crate) async fn create_document(state: S, JsonBody(body): JsonBody) -> Reply {
    let mut store = state.store();
    let doc = new_document(&mut store, &body).map_err(|e| {
        e.unwrap_or_else(|| too_large("Document content exceeds the 1 MB limit.".to_owned()))
    })?;
    let answer = Value::Object(doc.doc.clone());
    store.documents.push(doc);
    Ok(created(&answer))
}

/// `POST /agents/documents/bulk` with a `CreateDocumentsBulkBody`: all or nothing; `201`
/// with the documents in order, `404` if a folder is missing, `413` naming the documents
/// over 1 MB.
pub(crate) async fn create_documents(state: S, JsonBody(body): JsonBody) -> Reply {
    let items = body
        .opt_objects("documents")?
        .ok_or_else(|| ApiError::unprocessable("`body.documents` is required."))?;
    if items.len() > MAX_BULK {
        return Err(ApiError::unprocessable(
            "`body.documents` may have at most 100 items.",
        ));
    }
    let mut store = state.store();
    let mut docs = Vec::with_capacity(items.len());
    let mut oversized = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        match new_document(&mut store, &Obj::nested(item, "documents[]")) {
            Ok(doc) => docs.push(doc),
            Err(None) => oversized.push(i.to_string()),
            Err(Some(e)) => return Err(e),
        }
    }
    if !oversized.is_empty() {
        return Err(too_large(format!(
            "Documents at indices {} exceed the 1 MB limit.",
            oversized.join(", ")
        )));
    }
    let answer: Vec<Value> = docs.iter().map(|d| Value::Object(d.doc.clone())).collect();
    store.documents.extend(docs);
    Ok(created(&Value::Array(answer)))
}

/// `GET /agents/documents/{document_id}`.
pub(crate) async fn get_document(state: S, P(id): P<String>) -> Reply {
    get_one(&state, &id, |_, d: &DocRec| Value::Object(d.doc.clone()))
}

/// `PATCH /agents/documents/{document_id}` with an `UpdateDocumentBody`.
pub(crate) async fn update_document(state: S, P(id): P<String>, JsonBody(body): JsonBody) -> Reply {
    let content = body.opt_str("content")?;
    if content.as_deref() == Some("") {
        return Err(ApiError::unprocessable("`body.content` must not be empty."));
    }
    if content.as_ref().is_some_and(|c| c.len() > MAX_CONTENT) {
        return Err(too_large(
            "Document content exceeds the 1 MB limit.".to_owned(),
        ));
    }
    let name = body.str_field("name")?;
    let metadata = body.opt_obj("metadata")?;
    let folder = body.opt_str("folder_id")?;
    let mut store = state.store();
    let index = store.index_of::<DocRec>(&id)?;
    if let Some(folder) = &folder {
        if !store.folders.iter().any(|f| f.id == *folder) {
            return Err(folder_not_found());
        }
    }
    let rec = &mut store.documents[index];
    if let Some(content) = content {
        rec.doc.insert("content".into(), content.into());
    }
    match name {
        Field::Set(n) => {
            rec.doc.insert("name".into(), n.into());
        }
        Field::Null => {
            rec.doc.insert("name".into(), Value::Null);
        }
        Field::Absent => {}
    }
    if let Some(metadata) = metadata {
        rec.doc.insert("metadata".into(), Value::Object(metadata));
    }
    if let Some(folder) = folder {
        rec.folder_id = folder;
    }
    Ok(ok(&Value::Object(rec.doc.clone())))
}

/// `DELETE /agents/documents/{document_id}`: `204`.
pub(crate) async fn delete_document(state: S, P(id): P<String>) -> Reply {
    remove_one::<DocRec>(&state, &id, |_, _| Ok(()))?;
    Ok(no_content())
}
