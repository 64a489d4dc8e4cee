//! Contract scenarios: the knowledge base (folders and documents).

use cartesia_core::endpoints::knowledge_base::{
    CreateDocument, CreateDocumentsBulk, CreateFolder, DeleteDocument, DeleteFolder, GetDocument,
    GetFolder, ListDocuments, ListFolders, UpdateDocument, UpdateFolder,
};
use cartesia_core::Error;
use cartesia_types::knowledge_base::{
    CreateDocumentBody, CreateDocumentsBulkBody, CreateFolderBody, FolderAgentSummary,
    UpdateDocumentBody, UpdateFolderBody,
};
use cartesia_types::{JsonMap, Timestamp};
use serde_json::{json, Value};

use super::{call_op, setup, Expected};
use crate::harness::Harness;
use crate::Reply;

fn ts(s: &str) -> Timestamp {
    Timestamp::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
}

/// A `FolderResponse` in the spec's shape (a `FolderListItem` once `children` is added).
fn folder_json(id: &str, parent_id: Option<&str>, name: &str) -> Value {
    json!({
        "id": id,
        "parent_id": parent_id,
        "name": name,
        "created_at": "2026-03-01T12:00:00Z",
        "agents": [{"id": "agent_abc", "name": "Support"}],
        "documents": [{
            "id": "doc_1",
            "name": "Return Policy",
            "created_at": "2026-03-31T17:37:05.961874Z",
            "metadata": {"category": "policy", "audience": "customer"}
        }]
    })
}

/// A `DocumentResponse` in the spec's shape.
fn document_json(id: &str, name: Option<&str>) -> Value {
    json!({
        "id": id,
        "name": name,
        "content": "Customers may return any unopened item within 30 days...",
        "created_at": "2026-03-02T08:30:00.25+01:00",
        "metadata": {"category": "policy", "audience": "customer"}
    })
}

fn page(items: Vec<Value>, has_more: bool) -> Reply {
    Reply::json(
        200,
        json!({"data": items, "has_more": has_more, "next_page": null}).to_string(),
    )
}

fn paths(ctx: &crate::Ctx, from: usize) -> Vec<String> {
    ctx.received()[from..]
        .iter()
        .map(|s| format!("{} {}", s.method, s.path_and_query))
        .collect()
}

/// Every folder operation: exact request, decoded response; and paging through the folder
/// tree with the filters kept.
pub fn folders_operations<H: Harness>() {
    let (ctx, h) = setup::<H>();

    // GET /agents/folders with no query: a recursive tree (children of children, absent and
    // empty children, unknown fields).
    let mut grandchild = folder_json("folder_3", Some("folder_2"), "Returns");
    grandchild["children"] = json!([]);
    let mut child = folder_json("folder_2", Some("folder_1"), "Policies");
    child["children"] = json!([grandchild]);
    let mut root = folder_json("folder_1", None, "Product Docs");
    root["children"] = json!([child]);
    root["added_later"] = json!({"x": [1, 2]});
    let lone = folder_json("folder_9", None, "Misc");
    let list = call_op(
        &ctx,
        &h,
        &ListFolders::new(),
        page(vec![root, lone], false),
        Expected::no_body("GET", "/agents/folders"),
    );
    assert_eq!(list.has_more, Some(false), "{}", H::NAME);
    assert_eq!(list.next_page, None);
    assert_eq!(list.data.len(), 2);
    let r = &list.data[0];
    assert_eq!(r.id, "folder_1");
    assert_eq!(r.parent_id, None);
    assert_eq!(r.name, "Product Docs");
    assert_eq!(r.created_at, ts("2026-03-01T12:00:00Z"));
    assert_eq!(
        r.agents,
        vec![FolderAgentSummary::new("agent_abc", "Support")]
    );
    assert_eq!(r.documents.len(), 1);
    assert_eq!(r.documents[0].id, "doc_1");
    assert_eq!(r.documents[0].name.as_deref(), Some("Return Policy"));
    assert_eq!(
        r.documents[0].created_at.to_string(),
        "2026-03-31T17:37:05.961874Z"
    );
    assert_eq!(r.documents[0].metadata["audience"], json!("customer"));
    let c = &r.subfolders()[0];
    assert_eq!(
        (c.id.as_str(), c.parent_id.as_deref(), c.name.as_str()),
        ("folder_2", Some("folder_1"), "Policies")
    );
    let g = &c.subfolders()[0];
    assert_eq!(
        (g.id.as_str(), g.parent_id.as_deref()),
        ("folder_3", Some("folder_2"))
    );
    assert_eq!(g.children, Some(vec![]));
    assert_eq!(list.data[1].children, None);
    let tree: Vec<&str> = r.iter_tree().map(|f| f.id.as_str()).collect();
    assert_eq!(tree, ["folder_1", "folder_2", "folder_3"]);

    // GET /agents/folders with every query parameter, `parent_ids[]` repeated (incl. the
    // literal `null`), in the fixed order.
    let filtered = ListFolders::new()
        .parent_id("folder_1")
        .top_level()
        .depth(1)
        .limit(5)
        .starting_after("folder_0")
        .ending_before("folder_z");
    let list = call_op(
        &ctx,
        &h,
        &filtered,
        page(
            vec![folder_json("folder_2", Some("folder_1"), "Policies")],
            true,
        ),
        Expected::no_body(
            "GET",
            "/agents/folders?parent_ids%5B%5D=folder_1&parent_ids%5B%5D=null&depth=1&limit=5\
             &ending_before=folder_z",
        ),
    );
    assert_eq!(list.has_more, Some(true));
    assert_eq!(list.data[0].parent_id.as_deref(), Some("folder_1"));

    // POST /agents/folders → 201, at the top level and under a parent.
    let created = call_op(
        &ctx,
        &h,
        &CreateFolder::new(CreateFolderBody::new("Product Docs")),
        Reply::json(
            201,
            folder_json("folder_new", None, "Product Docs").to_string(),
        ),
        Expected::json("POST", "/agents/folders", json!({"name": "Product Docs"})),
    );
    assert_eq!(created.id, "folder_new");
    assert_eq!(created.parent_id, None);
    assert_eq!(created.name, "Product Docs");
    let mut empty = folder_json("folder_sub", Some("folder_new"), "FAQ");
    empty["agents"] = json!([]);
    empty["documents"] = json!([]);
    let created = call_op(
        &ctx,
        &h,
        &CreateFolder::new(CreateFolderBody::new("FAQ").parent_id("folder_new")),
        Reply::json(201, empty.to_string()),
        Expected::json(
            "POST",
            "/agents/folders",
            json!({"name": "FAQ", "parent_id": "folder_new"}),
        ),
    );
    assert_eq!(created.parent_id.as_deref(), Some("folder_new"));
    assert!(created.agents.is_empty() && created.documents.is_empty());

    // GET /agents/folders/{id}, with an id that needs percent-encoding.
    let got = call_op(
        &ctx,
        &h,
        &GetFolder::new("folder/1 x"),
        Reply::json(
            200,
            folder_json("folder_1", None, "Product Docs").to_string(),
        ),
        Expected::no_body("GET", "/agents/folders/folder%2F1%20x"),
    );
    assert_eq!(got.id, "folder_1");
    assert_eq!(got.documents[0].metadata["category"], json!("policy"));

    // PATCH /agents/folders/{id}: the three states of `parent_id`, and the replace-all sets.
    let cases = [
        (UpdateFolderBody::new(), json!({}), None),
        (
            UpdateFolderBody::new()
                .name("Renamed")
                .parent_id("folder_9"),
            json!({"name": "Renamed", "parent_id": "folder_9"}),
            Some("folder_9"),
        ),
        (
            UpdateFolderBody::new()
                .move_to_top_level()
                .documents(["doc_1"])
                .agents(["agent_abc", "agent_def"]),
            json!({"parent_id": null, "documents": [{"id": "doc_1"}],
                   "agents": [{"id": "agent_abc"}, {"id": "agent_def"}]}),
            None,
        ),
        (
            UpdateFolderBody::new()
                .documents(Vec::<String>::new())
                .agents(Vec::<String>::new()),
            json!({"documents": [], "agents": []}),
            None,
        ),
    ];
    for (body, want, parent) in cases {
        let mut answer = folder_json("folder_1", parent, "Renamed");
        answer["updated_by_server"] = json!(true);
        let updated = call_op(
            &ctx,
            &h,
            &UpdateFolder::new("folder_1", body),
            Reply::json(200, answer.to_string()),
            Expected::json("PATCH", "/agents/folders/folder_1", want),
        );
        assert_eq!(updated.name, "Renamed");
        assert_eq!(updated.parent_id.as_deref(), parent);
    }

    // DELETE /agents/folders/{id} → 204, no body either way.
    call_op(
        &ctx,
        &h,
        &DeleteFolder::new("folder_1"),
        Reply::json(204, ""),
        Expected::no_body("DELETE", "/agents/folders/folder_1"),
    );

    // A structured 400 is an API error, not a decoded folder.
    ctx.reply(Reply::json(
        400,
        r#"{"error_code":"kb_folder_has_children","title":"Bad Request","message":"delete the sub-folders first"}"#,
    ));
    match h.run(&ctx, &DeleteFolder::new("folder_1")) {
        Err(Error::Api(e)) => {
            assert_eq!(e.status(), http::StatusCode::BAD_REQUEST);
            assert_eq!(e.message(), Some("delete the sub-folders first"));
        }
        other => panic!("{}: {other:?}", H::NAME),
    }

    // Paging: three pages; the filters stay, the cursor is the last top-level id, and
    // `ending_before` is dropped after the first page.
    let before = ctx.received().len();
    let mut nested = folder_json("f_2", None, "B");
    nested["children"] = json!([folder_json("f_2a", Some("f_2"), "B.a")]);
    ctx.reply(page(vec![folder_json("f_1", None, "A"), nested], true));
    ctx.reply(page(vec![folder_json("f_3", None, "C")], true));
    ctx.reply(page(vec![folder_json("f_4", None, "D")], false));
    let first = ListFolders::new()
        .top_level()
        .depth(2)
        .limit(2)
        .ending_before("f_9");
    let all = h
        .collect_pages(&ctx, first, None)
        .unwrap_or_else(|e| panic!("{}: {e}", H::NAME));
    let ids: Vec<&str> = all.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(ids, ["f_1", "f_2", "f_3", "f_4"], "{}", H::NAME);
    assert_eq!(all[1].subfolders()[0].id, "f_2a");
    assert_eq!(
        paths(&ctx, before),
        [
            "GET /agents/folders?parent_ids%5B%5D=null&depth=2&limit=2&ending_before=f_9",
            "GET /agents/folders?parent_ids%5B%5D=null&depth=2&limit=2&starting_after=f_2",
            "GET /agents/folders?parent_ids%5B%5D=null&depth=2&limit=2&starting_after=f_3",
        ],
        "{}",
        H::NAME
    );
}

/// Every document operation: exact request, decoded response; paging; the bulk limit.
pub fn documents_operations<H: Harness>() {
    let (ctx, h) = setup::<H>();

    // GET /agents/documents: items are full documents (content included); `name` may be null.
    let mut extra = document_json("doc_2", None);
    extra["folder_id"] = json!("not in the 2026-03-01 model: ignored");
    let list = call_op(
        &ctx,
        &h,
        &ListDocuments::new(),
        page(
            vec![document_json("doc_1", Some("Return Policy")), extra],
            false,
        ),
        Expected::no_body("GET", "/agents/documents"),
    );
    assert_eq!(list.has_more, Some(false), "{}", H::NAME);
    assert_eq!(list.data.len(), 2);
    let d = &list.data[0];
    assert_eq!(d.id, "doc_1");
    assert_eq!(d.name.as_deref(), Some("Return Policy"));
    assert_eq!(
        d.content,
        "Customers may return any unopened item within 30 days..."
    );
    assert_eq!(d.created_at, ts("2026-03-02T07:30:00.25Z"));
    assert_eq!(d.metadata["category"], json!("policy"));
    assert_eq!(list.data[1].name, None);

    // GET /agents/documents with every query parameter, in the fixed order.
    let list = call_op(
        &ctx,
        &h,
        &ListDocuments::new()
            .limit(100)
            .starting_after("doc_0")
            .ending_before("doc_z"),
        page(vec![], false),
        Expected::no_body("GET", "/agents/documents?limit=100&ending_before=doc_z"),
    );
    assert!(list.data.is_empty());

    // POST /agents/documents → 201 (the spec's example), then the minimal body.
    let created = call_op(
        &ctx,
        &h,
        &CreateDocument::new(
            CreateDocumentBody::new(
                "folder_abc",
                "Customers may return any unopened item within 30 days...",
            )
            .name("Return Policy")
            .metadata_entry("category", "policy")
            .metadata_entry("audience", "customer"),
        ),
        Reply::json(
            201,
            document_json("doc_new", Some("Return Policy")).to_string(),
        ),
        Expected::json(
            "POST",
            "/agents/documents",
            json!({
                "folder_id": "folder_abc",
                "name": "Return Policy",
                "content": "Customers may return any unopened item within 30 days...",
                "metadata": {"category": "policy", "audience": "customer"}
            }),
        ),
    );
    assert_eq!(created.id, "doc_new");
    assert_eq!(created.metadata.len(), 2);
    let created = call_op(
        &ctx,
        &h,
        &CreateDocument::new(CreateDocumentBody::new("folder_abc", "Just text.")),
        Reply::json(201, document_json("doc_min", None).to_string()),
        Expected::json(
            "POST",
            "/agents/documents",
            json!({"folder_id": "folder_abc", "content": "Just text."}),
        ),
    );
    assert_eq!(created.name, None);

    // POST /agents/documents/bulk → 201 with an array, documents in different folders.
    let bulk: CreateDocumentsBulkBody = [
        CreateDocumentBody::new("folder_a", "First.").name("One"),
        CreateDocumentBody::new("folder_b", "Second."),
    ]
    .into_iter()
    .collect();
    let out = call_op(
        &ctx,
        &h,
        &CreateDocumentsBulk::new(bulk),
        Reply::json(
            201,
            json!([
                document_json("doc_a", Some("One")),
                document_json("doc_b", None)
            ])
            .to_string(),
        ),
        Expected::json(
            "POST",
            "/agents/documents/bulk",
            json!({"documents": [
                {"folder_id": "folder_a", "content": "First.", "name": "One"},
                {"folder_id": "folder_b", "content": "Second."}
            ]}),
        ),
    );
    assert_eq!(
        out.iter()
            .map(|d| (d.id.as_str(), d.name.as_deref()))
            .collect::<Vec<_>>(),
        [("doc_a", Some("One")), ("doc_b", None)],
        "{}",
        H::NAME
    );

    // More than 100 documents: refused before any I/O.
    let before = ctx.received().len();
    let too_many: CreateDocumentsBulkBody = (0..101)
        .map(|i| CreateDocumentBody::new("folder_a", format!("doc {i}")))
        .collect();
    match h.run(&ctx, &CreateDocumentsBulk::new(too_many)) {
        Err(Error::InvalidRequest(e)) => assert_eq!(e.field(), "documents", "{}", H::NAME),
        other => panic!("{}: {other:?}", H::NAME),
    }
    assert_eq!(ctx.received().len(), before, "{}: nothing sent", H::NAME);

    // GET /agents/documents/{document_id}, with an id that needs percent-encoding.
    let got = call_op(
        &ctx,
        &h,
        &GetDocument::new("doc 1/é"),
        Reply::json(
            200,
            document_json("doc_1", Some("Return Policy")).to_string(),
        ),
        Expected::no_body("GET", "/agents/documents/doc%201%2F%C3%A9"),
    );
    assert_eq!(got.id, "doc_1");

    // PATCH /agents/documents/{document_id}: `name` left unchanged, cleared, set; metadata
    // replaced; folder moved.
    let mut meta = JsonMap::new();
    meta.insert("tier".into(), json!("gold"));
    let cases = [
        (
            UpdateDocumentBody::new().content("Updated text."),
            json!({"content": "Updated text."}),
            Some("Return Policy"),
        ),
        (
            UpdateDocumentBody::new().clear_name(),
            json!({"name": null}),
            None,
        ),
        (
            UpdateDocumentBody::new()
                .name("Refunds")
                .metadata(meta)
                .folder_id("folder_b"),
            json!({"name": "Refunds", "metadata": {"tier": "gold"}, "folder_id": "folder_b"}),
            Some("Refunds"),
        ),
    ];
    for (body, want, name) in cases {
        let updated = call_op(
            &ctx,
            &h,
            &UpdateDocument::new("doc_1", body),
            Reply::json(200, document_json("doc_1", name).to_string()),
            Expected::json("PATCH", "/agents/documents/doc_1", want),
        );
        assert_eq!(updated.name.as_deref(), name, "{}", H::NAME);
    }

    // DELETE /agents/documents/{document_id} → 204.
    call_op(
        &ctx,
        &h,
        &DeleteDocument::new("doc_1"),
        Reply::json(204, ""),
        Expected::no_body("DELETE", "/agents/documents/doc_1"),
    );

    // A 404 is an API error carrying the code.
    ctx.reply(Reply::json(
        404,
        r#"{"error_code":"kb_document_not_found","title":"Not Found","message":"no such document"}"#,
    ));
    match h.run(&ctx, &GetDocument::new("doc_x")) {
        Err(Error::Api(e)) => {
            assert_eq!(e.status(), http::StatusCode::NOT_FOUND);
            assert_eq!(e.code(), Some("kb_document_not_found"));
        }
        other => panic!("{}: {other:?}", H::NAME),
    }

    // Paging: three pages, cursor = last id, limit kept, ending_before dropped.
    let before = ctx.received().len();
    ctx.reply(page(
        vec![document_json("d_1", None), document_json("d_2", Some("x"))],
        true,
    ));
    ctx.reply(page(vec![document_json("d_3", None)], true));
    ctx.reply(page(vec![document_json("d_4", None)], false));
    let all = h
        .collect_pages(
            &ctx,
            ListDocuments::new().limit(2).ending_before("d_9"),
            None,
        )
        .unwrap_or_else(|e| panic!("{}: {e}", H::NAME));
    let ids: Vec<&str> = all.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["d_1", "d_2", "d_3", "d_4"], "{}", H::NAME);
    assert_eq!(
        paths(&ctx, before),
        [
            "GET /agents/documents?limit=2&ending_before=d_9",
            "GET /agents/documents?limit=2&starting_after=d_2",
            "GET /agents/documents?limit=2&starting_after=d_3",
        ],
        "{}",
        H::NAME
    );
}
