//! Endpoints of the Agents API: the knowledge base (folders and documents).
//!
//! Folders: [`ListFolders`], [`CreateFolder`], [`GetFolder`], [`UpdateFolder`],
//! [`DeleteFolder`]. Documents: [`ListDocuments`], [`CreateDocument`],
//! [`CreateDocumentsBulk`], [`GetDocument`], [`UpdateDocument`], [`DeleteDocument`].
//!
//! Ids are sent as exactly one percent-encoded path segment; an empty id, one with control
//! characters, and `.` or `..` are refused before any I/O.

use cartesia_types::knowledge_base::{
    CreateDocumentBody, CreateDocumentsBulkBody, CreateFolderBody, DocumentResponse,
    FolderListItem, FolderResponse, ListDocumentsResponse, ListFoldersResponse, UpdateDocumentBody,
    UpdateFolderBody,
};

use super::declare::endpoints;
#[cfg(test)]
use crate::endpoint::Endpoint;
use crate::error::{Error, InvalidRequest};
use crate::resources::{AsyncDocuments, AsyncFolders, BlockingDocuments, BlockingFolders};

endpoints! {
    impl AsyncFolders, BlockingFolders {
        /// one page of folders, each with its nested subfolders.
        ///
        /// By default the API lists the top-level folders with up to three levels of subfolders.
        /// [`parent_id`](ListFolders::parent_id) lists the children of given folders instead (repeat it for
        /// several; [`top_level`](ListFolders::top_level) adds the top level back). `limit` counts the folders
        /// of the page, not their nested children.
        ///
        /// The query is written in a fixed order: `parent_ids[]` (once per id, in the order given),
        /// `depth`, `limit`, `starting_after`, `ending_before`. The key `parent_ids[]` is sent
        /// percent-encoded (`parent_ids%5B%5D=...`), which servers decode to the literal bracketed key.
        ListFolders = "folders_list" GET ["/agents/folders"] -> ListFoldersResponse => request list, pages list_all {
            query {
                /// Only folders with these parents (`"null"` for the top level); empty: the API default
                /// (top-level folders only). The setter replaces them; [`parent_id`](Self::parent_id)
                /// adds one.
                parent_ids as "parent_ids[]": many String,
                /// How many levels of nested children to include, 1 to 3 (API default 3).
                depth: opt u8,
            }
            cursor [limit starting_after ending_before] "folder" => FolderListItem;
        }

        /// creates a folder (answer `201` with the folder).
        CreateFolder = "folders_create" POST ["/agents/folders"] -> FolderResponse => method create {
            json body: CreateFolderBody;
        }

        /// a folder with its documents and agents.
        GetFolder = "folders_get" GET ["/agents/folders/" {id: String}] -> FolderResponse => method get;

        /// renames or moves a folder, or replaces its documents or agents.
        ///
        /// **Destructive when `documents` is set:** documents missing from the list are deleted;
        /// agents missing from `agents` lose access (see [`UpdateFolderBody`]).
        UpdateFolder = "folders_update" PATCH ["/agents/folders/" {id: String}] -> FolderResponse => method update {
            json body: UpdateFolderBody;
        }

        /// deletes a folder and the documents in it (answer `204`). The folder must have no
        /// subfolders, and must not be the organization's last folder.
        DeleteFolder = "folders_delete" DELETE ["/agents/folders/" {id: String}] -> () => method delete {
            parse empty;
        }
    }

    impl AsyncDocuments, BlockingDocuments {
        /// one page of the organization's documents (content included).
        ///
        /// The API has no folder filter here; a folder's documents are in
        /// [`GetFolder`]'s answer. The query is written in a fixed order: `limit`, `starting_after`,
        /// `ending_before`.
        ListDocuments = "documents_list" GET ["/agents/documents"] -> ListDocumentsResponse
            => request list, pages list_all {
            cursor [limit starting_after ending_before] "document" => DocumentResponse;
        }

        /// uploads a document into a folder (answer `201` with the document).
        CreateDocument = "documents_create" POST ["/agents/documents"] -> DocumentResponse => method create {
            json body: CreateDocumentBody;
        }

        /// uploads up to 100 documents, possibly to different folders (answer `201` with the created
        /// documents).
        ///
        /// More than [`CreateDocumentsBulkBody::MAX_DOCUMENTS`] documents are refused with
        /// [`Error::InvalidRequest`] (field `documents`) before any I/O: split them into several calls.
        CreateDocumentsBulk = "documents_create_bulk" POST ["/agents/documents/bulk"] -> Vec<DocumentResponse>
            => method create_bulk {
            json body: CreateDocumentsBulkBody, check = at_most_max_documents;
        }

        /// a document with its full content.
        GetDocument = "documents_get" GET
            ["/agents/documents/" {document_id: String, except &["bulk"]}] -> DocumentResponse => method get;

        /// changes a document's content, name, metadata or folder (see [`UpdateDocumentBody`]:
        /// `name` can be cleared, `metadata` is replaced whole).
        UpdateDocument = "documents_update" PATCH
            ["/agents/documents/" {document_id: String, except &["bulk"]}] -> DocumentResponse => method update {
            json body: UpdateDocumentBody;
        }

        /// deletes a document (answer `204`).
        DeleteDocument = "documents_delete" DELETE
            ["/agents/documents/" {document_id: String, except &["bulk"]}] -> () => method delete {
            parse empty;
        }
    }
}

impl ListFolders {
    /// The literal parent id that selects top-level folders.
    pub const TOP_LEVEL: &'static str = "null";

    /// Adds a parent: lists the children of folder `parent_id` (may be repeated).
    pub fn parent_id(mut self, parent_id: impl Into<String>) -> Self {
        self.parent_ids.push(parent_id.into());
        self
    }

    /// Adds the top level to the parents (sends the literal `parent_ids[]=null`).
    pub fn top_level(self) -> Self {
        self.parent_id(Self::TOP_LEVEL)
    }
}

/// Refuses a bulk upload over the API's limit before any I/O.
fn at_most_max_documents(request: &CreateDocumentsBulk) -> Result<(), Error> {
    let n = request.body.documents.len();
    let max = CreateDocumentsBulkBody::MAX_DOCUMENTS;
    if n > max {
        return Err(InvalidRequest::new(
            "documents",
            format!("at most {max} documents per request, got {n}; split them into several calls"),
        )
        .into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::pager::Paginated;

    use cartesia_types::knowledge_base::IdRef;
    use cartesia_types::{JsonMap, Page, Patch};
    use serde_json::{json, Value};

    use super::*;

    use crate::endpoints::steps::{empty, json, page, refused, requests, resource_steps};
    use crate::mock::MockTransport;
    use crate::pager::CursorPager;
    use crate::pipeline::complete;
    use crate::test_support::{blocking_client, build, ids, response, sent_value};

    fn folder_json(id: &str, parent: Option<&str>) -> Value {
        json!({
            "id": id, "parent_id": parent, "name": format!("Folder {id}"),
            "created_at": "2026-03-01T12:00:00Z",
            "agents": [{"id": "agent_abc", "name": "Support"}],
            "documents": [{"id": "doc_1", "name": null, "created_at": "2026-03-02T08:30:00.5Z",
                           "metadata": {"category": "policy"}}]
        })
    }

    fn document_json(id: &str) -> Value {
        json!({
            "id": id, "name": "Return Policy",
            "content": "Customers may return any unopened item within 30 days...",
            "created_at": "2026-03-31T17:37:05.961874Z",
            "metadata": {"category": "policy", "audience": "customer"}
        })
    }

    #[test]
    fn operations_are_listed_with_their_spec_ids() {
        let ids: Vec<&str> = OPERATIONS.iter().map(|o| o.operation_id).collect();
        assert_eq!(
            ids,
            [
                "folders_list",
                "folders_create",
                "folders_get",
                "folders_update",
                "folders_delete",
                "documents_list",
                "documents_create",
                "documents_create_bulk",
                "documents_get",
                "documents_update",
                "documents_delete",
            ]
        );
    }

    #[test]
    fn list_folders_query() {
        let ep = ListFolders::new()
            .ending_before("f_0")
            .starting_after("f 9")
            .limit(25)
            .depth(2)
            .parent_id("folder_abc")
            .top_level();
        requests! {
            ListFolders::new() => "GET /agents/folders";
            ep => "GET /agents/folders?parent_ids%5B%5D=folder_abc&parent_ids%5B%5D=null&depth=2\
                   &limit=25&starting_after=f%209";
            ListFolders::new().parent_id("old").parent_ids(["a&b", "c"])
                => "GET /agents/folders?parent_ids%5B%5D=a%26b&parent_ids%5B%5D=c";
        }
    }

    #[test]
    fn list_folders_pages_keep_the_filters() {
        let first = ListFolders::new()
            .parent_id("p")
            .depth(1)
            .limit(2)
            .ending_before("x");
        let next = Paginated::starting_after(&first, "f_2");
        assert_eq!(next.starting_after.as_deref(), Some("f_2"));
        assert_eq!(next.ending_before, None);
        requests! {
            next => "GET /agents/folders?parent_ids%5B%5D=p&depth=1&limit=2&starting_after=f_2";
        }

        let mut pager = CursorPager::new(ListFolders::new().limit(2));
        let mut page: ListFoldersResponse = serde_json::from_value(json!({
            "data": [folder_json("f_1", None), folder_json("f_2", None)], "has_more": true
        }))
        .unwrap();
        pager.on_page(&mut page).unwrap();
        assert_eq!(
            pager.next_request(),
            Some(&ListFolders::new().limit(2).starting_after("f_2"))
        );
        let mut last: ListFoldersResponse =
            serde_json::from_value(json!({"data": [folder_json("f_3", None)], "has_more": false}))
                .unwrap();
        pager.on_page(&mut last).unwrap();
        assert_eq!(pager.next_request(), None);
    }

    #[test]
    fn list_folders_decodes_a_recursive_tree() {
        let mut child = folder_json("f_2", Some("f_1"));
        let mut grandchild = folder_json("f_3", Some("f_2"));
        grandchild["children"] = json!([]);
        child["children"] = json!([grandchild]);
        let mut root = folder_json("f_1", None);
        root["children"] = json!([child]);
        root["unknown_field"] = json!({"nested": true});
        let body =
            json!({"data": [root, folder_json("f_9", None)], "has_more": true, "next_page": "f_9"});
        let page = complete(&ListFolders::new(), response(200, &body.to_string())).unwrap();
        assert_eq!(page.has_more, Some(true));
        assert_eq!(page.next_page.as_deref(), Some("f_9"));
        assert_eq!(page.data.len(), 2);
        let root = &page.data[0];
        assert_eq!(root.id, "f_1");
        assert_eq!(root.parent_id, None);
        assert_eq!(root.agents[0].name, "Support");
        assert_eq!(root.documents[0].name, None);
        assert_eq!(
            root.documents[0].metadata.get("category"),
            Some(&json!("policy"))
        );
        let child = &root.subfolders()[0];
        assert_eq!(child.parent_id.as_deref(), Some("f_1"));
        let grandchild = &child.subfolders()[0];
        assert_eq!(grandchild.id, "f_3");
        assert_eq!(grandchild.children, Some(vec![]));
        assert_eq!(page.data[1].children, None, "absent children");
        let all: Vec<&str> = root.iter_tree().map(|f| f.id.as_str()).collect();
        assert_eq!(all, ["f_1", "f_2", "f_3"]);
    }

    #[test]
    fn list_folders_decode_errors_name_the_path() {
        let mut bad = folder_json("f_2", Some("f_1"));
        bad["created_at"] = json!("yesterday");
        let mut root = folder_json("f_1", None);
        root["children"] = json!([bad]);
        let body = json!({"data": [root], "has_more": false}).to_string();
        let Err(Error::Decode(e)) = complete(&ListFolders::new(), response(200, &body)) else {
            panic!("expected a decode error")
        };
        assert_eq!(e.path(), "data[0].children[0].created_at");
    }

    #[test]
    fn create_folder_request_and_201() {
        let ep = CreateFolder::new(CreateFolderBody::new("Product Docs"));
        assert!(!ep.idempotent());
        let child = CreateFolder::new(CreateFolderBody::new("FAQ").parent_id("folder_abc"));
        requests! {
            ep => "POST /agents/folders", json!({"name": "Product Docs"});
            child => "POST /agents/folders", json!({"name": "FAQ", "parent_id": "folder_abc"});
        }
        let ep = child;
        let f = complete(
            &ep,
            response(201, &folder_json("f_new", Some("folder_abc")).to_string()),
        )
        .unwrap();
        assert_eq!(f.id, "f_new");
        assert_eq!(f.parent_id.as_deref(), Some("folder_abc"));
        assert_eq!(f.created_at.to_string(), "2026-03-01T12:00:00Z");
    }

    #[test]
    fn get_update_delete_folder_requests() {
        let ep = UpdateFolder::new(
            "folder_abc",
            UpdateFolderBody::new()
                .name("Renamed")
                .move_to_top_level()
                .documents(["doc_1"])
                .agents(Vec::<String>::new()),
        );
        requests! {
            GetFolder::new("folder_abc") => "GET /agents/folders/folder_abc";
            GetFolder::new("a/b?c") => "GET /agents/folders/a%2Fb%3Fc";
            ep => "PATCH /agents/folders/folder_abc", json!({"name": "Renamed", "parent_id": null,
                "documents": [{"id": "doc_1"}], "agents": []});
            UpdateFolder::new("f", UpdateFolderBody::new()) => "PATCH /agents/folders/f", json!({});
            UpdateFolder::new("f", UpdateFolderBody::new().parent_id("p"))
                => "PATCH /agents/folders/f", json!({"parent_id": "p"});
            DeleteFolder::new("folder_abc") => "DELETE /agents/folders/folder_abc";
        }
        assert!(!ep.idempotent());
        assert_eq!(ep.body.documents, Some(vec![IdRef::new("doc_1")]));

        let ep = DeleteFolder::new("folder_abc");
        assert!(ep.idempotent());
        complete(&ep, response(204, "")).unwrap();
        complete(&ep, response(200, "{\"whatever\":1}")).unwrap();
        assert!(matches!(
            complete(
                &ep,
                response(
                    404,
                    r#"{"error_code":"kb_folder_not_found","message":"no"}"#
                )
            ),
            Err(Error::Api(_))
        ));
    }

    #[test]
    fn bad_ids_are_refused_before_io() {
        for bad in ["", ".", "..", "a\nb"] {
            refused(
                bad,
                [
                    ("id", build(&GetFolder::new(bad))),
                    (
                        "id",
                        build(&UpdateFolder::new(bad, UpdateFolderBody::new())),
                    ),
                    ("id", build(&DeleteFolder::new(bad))),
                    ("document_id", build(&GetDocument::new(bad))),
                    (
                        "document_id",
                        build(&UpdateDocument::new(bad, UpdateDocumentBody::new())),
                    ),
                    ("document_id", build(&DeleteDocument::new(bad))),
                ],
            );
        }
    }

    #[test]
    fn list_documents_query_and_pages() {
        let ep = ListDocuments::new()
            .ending_before("d_0")
            .starting_after("d_5")
            .limit(100);
        requests! {
            ListDocuments::new() => "GET /agents/documents";
            ep => "GET /agents/documents?limit=100&starting_after=d_5";
            Paginated::starting_after(&ep, "d_9")
                => "GET /agents/documents?limit=100&starting_after=d_9";
        }

        let body = json!({"data": [document_json("d_1"), document_json("d_2")],
                          "has_more": false, "next_page": null});
        let page = complete(&ListDocuments::new(), response(200, &body.to_string())).unwrap();
        assert_eq!(page.has_more, Some(false));
        assert_eq!(page.data[1].id, "d_2");
        assert!(page.data[0].content.starts_with("Customers may return"));
        // has_more absent: still a page (the pager then stops on an empty page).
        let page: Page<DocumentResponse> =
            complete(&ListDocuments::new(), response(200, r#"{"data":[]}"#)).unwrap();
        assert_eq!(page.has_more, None);
    }

    #[test]
    fn create_document_request_and_201() {
        let ep = CreateDocument::new(
            CreateDocumentBody::new(
                "folder_abc",
                "Customers may return any unopened item within 30 days...",
            )
            .name("Return Policy")
            .metadata_entry("category", "policy")
            .metadata_entry("audience", "customer"),
        );
        requests! {
            ep => "POST /agents/documents", json!({"folder_id": "folder_abc", "name": "Return Policy",
                "content": "Customers may return any unopened item within 30 days...",
                "metadata": {"category": "policy", "audience": "customer"}});
        }
        let d = complete(&ep, response(201, &document_json("doc_new").to_string())).unwrap();
        assert_eq!(d.id, "doc_new");
        assert_eq!(d.name.as_deref(), Some("Return Policy"));
        assert_eq!(d.metadata["audience"], json!("customer"));
        assert_eq!(d.created_at.to_string(), "2026-03-31T17:37:05.961874Z");

        let mut null_name = document_json("d");
        null_name["name"] = Value::Null;
        let d = complete(&ep, response(201, &null_name.to_string())).unwrap();
        assert_eq!(d.name, None);
    }

    #[test]
    fn bulk_create_request_201_and_limit() {
        let docs: Vec<CreateDocumentBody> = (0..3)
            .map(|i| CreateDocumentBody::new(format!("folder_{}", i % 2), format!("text {i}")))
            .collect();
        let ep = CreateDocumentsBulk::new(CreateDocumentsBulkBody::new(docs));
        requests! {
            ep => "POST /agents/documents/bulk", json!({"documents": [
                {"folder_id": "folder_0", "content": "text 0"},
                {"folder_id": "folder_1", "content": "text 1"},
                {"folder_id": "folder_0", "content": "text 2"}
            ]});
        }
        let body = json!([
            document_json("d_1"),
            document_json("d_2"),
            document_json("d_3")
        ]);
        let out = complete(&ep, response(201, &body.to_string())).unwrap();
        assert_eq!(
            out.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(),
            ["d_1", "d_2", "d_3"]
        );

        let at_limit: CreateDocumentsBulkBody = (0..100)
            .map(|i| CreateDocumentBody::new("f", format!("{i}")))
            .collect();
        let (_, _, body) = sent_value(&CreateDocumentsBulk::new(at_limit.clone()));
        assert_eq!(body["documents"].as_array().unwrap().len(), 100);

        let over = CreateDocumentsBulk::new(at_limit.document(CreateDocumentBody::new("f", "x")));
        match build(&over) {
            Err(Error::InvalidRequest(e)) => {
                assert_eq!(e.field(), "documents");
                assert!(e.reason().contains("at most 100"), "{}", e.reason());
                assert!(e.reason().contains("101"), "{}", e.reason());
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn get_update_delete_document_requests() {
        requests! {
            GetDocument::new("doc_1") => "GET /agents/documents/doc_1";
            GetDocument::new("d é") => "GET /agents/documents/d%20%C3%A9";
        }
        let d = complete(
            &GetDocument::new("doc_1"),
            response(200, &document_json("doc_1").to_string()),
        )
        .unwrap();
        assert_eq!(
            d.content,
            "Customers may return any unopened item within 30 days..."
        );

        // The three states of `name`.
        let cases = [
            (UpdateDocumentBody::new(), json!({})),
            (
                UpdateDocumentBody::new().clear_name(),
                json!({"name": null}),
            ),
            (
                UpdateDocumentBody::new().name("New name"),
                json!({"name": "New name"}),
            ),
        ];
        for (body, want) in cases {
            requests! { UpdateDocument::new("doc_1", body) => "PATCH /agents/documents/doc_1", want; }
        }
        let mut meta = JsonMap::new();
        meta.insert("tier".into(), json!("gold"));
        let ep = UpdateDocument::new(
            "doc_1",
            UpdateDocumentBody::new()
                .content("v2")
                .metadata(meta)
                .folder_id("folder_b"),
        );
        assert_eq!(ep.body.name, Patch::Unchanged);
        let delete = DeleteDocument::new("doc_1");
        requests! {
            ep => "PATCH /agents/documents/doc_1",
                json!({"content": "v2", "metadata": {"tier": "gold"}, "folder_id": "folder_b"});
            delete => "DELETE /agents/documents/doc_1";
        }
        let ep = delete;
        complete(&ep, response(204, "")).unwrap();
    }

    #[test]
    fn malformed_answers_are_decode_errors_not_panics() {
        for body in ["", "null", "[]", "{\"data\":{}}", "{\"data\":[1]}", "\u{0}"] {
            assert!(
                matches!(
                    complete(&ListFolders::new(), response(200, body)),
                    Err(Error::Decode(_))
                ),
                "{body:?}"
            );
            assert!(
                matches!(
                    complete(&ListDocuments::new(), response(200, body)),
                    Err(Error::Decode(_))
                ),
                "{body:?}"
            );
        }
        let mut no_metadata = document_json("d");
        no_metadata.as_object_mut().unwrap().remove("metadata");
        let Err(Error::Decode(e)) = complete(
            &CreateDocumentsBulk::new(CreateDocumentsBulkBody::default()),
            response(201, &json!([document_json("a"), no_metadata]).to_string()),
        ) else {
            panic!("expected a decode error")
        };
        assert_eq!(e.path(), "[1]");
    }

    /// A page of folders with these ids.
    fn folders(ids: &[&str], more: bool) -> String {
        page(ids.iter().map(|id| folder_json(id, None).to_string()), more)
    }

    /// A page of documents with these ids.
    fn documents(ids: &[&str], more: bool) -> String {
        page(ids.iter().map(|id| document_json(id).to_string()), more)
    }

    fn folder() -> String {
        folder_json("f_1", None).to_string()
    }

    fn document() -> String {
        document_json("d_1").to_string()
    }

    fn bulk() -> CreateDocumentsBulkBody {
        CreateDocumentsBulkBody::new(vec![CreateDocumentBody::new("f", "c")])
    }

    resource_steps! {
        |client| {
            let folders = client.agents().folders();
            let documents = client.agents().documents();
        }
        pages folders.list, list_all(ListFolders::new().depth(1).limit(2))
            of folders ["f_1", "f_2"] ["f_3"]
            sends [
                "/agents/folders?depth=1&limit=2",
                "/agents/folders?depth=1&limit=2&starting_after=f_2",
            ];
        run folders.create(CreateFolderBody::new("New"));
            replies [json(201, &folder())]
            sends [("POST", "/agents/folders", r#"{"name":"New"}"#)]
            => |created| assert_eq!(created.unwrap().id, "f_1");
        run folders.get("f/1");
            replies [json(200, &folder())]
            sends [("GET", "/agents/folders/f%2F1", "")]
            => |got| assert_eq!(got.unwrap().name, "Folder f_1");
        run folders.update("f/1", UpdateFolderBody::new().move_to_top_level());
            replies [json(200, &folder())]
            sends [("PATCH", "/agents/folders/f%2F1", r#"{"parent_id":null}"#)]
            => |moved| assert_eq!(moved.unwrap().parent_id, None);
        run folders.delete("f/1");
            replies [empty(204)]
            sends [("DELETE", "/agents/folders/f%2F1", "")]
            => |deleted| deleted.unwrap();
        run documents.list(ListDocuments::new().limit(1));
            replies [json(200, &documents(&["d_1"], true))]
            sends [("GET", "/agents/documents?limit=1", "")]
            => |page| assert_eq!(page.unwrap().data.len(), 1);
        all documents.list_all(ListDocuments::new());
            replies [
                json(200, &documents(&["d_1", "d_2"], true)),
                json(200, &documents(&[], true)),
            ]
            sends [
                ("GET", "/agents/documents", ""),
                ("GET", "/agents/documents?starting_after=d_2", ""),
            ]
            => |all| assert_eq!(ids(&all.unwrap()), ["d_1", "d_2"], "an empty page ends the list");
        run documents.create(CreateDocumentBody::new("f", "c"));
            replies [json(201, &document())]
            sends [("POST", "/agents/documents", r#"{"folder_id":"f","content":"c"}"#)]
            => |created| assert_eq!(created.unwrap().id, "d_1");
        run documents.create_bulk(bulk());
            replies [json(201, &format!("[{}]", document()))]
            sends [(
                "POST",
                "/agents/documents/bulk",
                r#"{"documents":[{"folder_id":"f","content":"c"}]}"#,
            )]
            => |created| assert_eq!(created.unwrap().len(), 1);
        run documents.get("d 1");
            replies [json(200, &document())]
            sends [("GET", "/agents/documents/d%201", "")]
            => |got| assert_eq!(got.unwrap().id, "d_1");
        run documents.update("d 1", UpdateDocumentBody::new().clear_name());
            replies [json(200, &document())]
            sends [("PATCH", "/agents/documents/d%201", r#"{"name":null}"#)]
            => |updated| assert_eq!(updated.unwrap().id, "d_1");
        run documents.delete("d 1");
            replies [empty(204)]
            sends [("DELETE", "/agents/documents/d%201", "")]
            => |deleted| deleted.unwrap();
    }

    #[test]
    fn bulk_over_the_limit_sends_nothing_through_the_client() {
        let mock = MockTransport::new();
        let client = blocking_client(&mock);
        let body: CreateDocumentsBulkBody = (0..=CreateDocumentsBulkBody::MAX_DOCUMENTS)
            .map(|i| CreateDocumentBody::new("f", i.to_string()))
            .collect();
        let err = client.agents().documents().create_bulk(body).unwrap_err();
        assert!(
            matches!(&err, Error::InvalidRequest(e) if e.field() == "documents"),
            "{err:?}"
        );
        assert!(mock.requests().is_empty());
    }
}
