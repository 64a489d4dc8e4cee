//! Contract scenarios: files (`/files`) and pronunciation dictionaries
//! (`/pronunciation-dicts/`).

use cartesia_core::endpoints::files::{DeleteFile, DownloadFile, GetFileInfo, ListFiles};
use cartesia_core::endpoints::pronunciation_dicts::{
    CreatePronunciationDict, DeletePronunciationDict, GetPronunciationDict, ListPronunciationDicts,
    UpdatePronunciationDict,
};
use cartesia_core::endpoints::uploads::{FileForm, UploadFile};
use cartesia_core::RequestOptions;
use cartesia_types::files::FilePurpose;
use cartesia_types::pronunciation_dicts::{
    CreatePronunciationDictRequest, PronunciationDictItem, UpdatePronunciationDictRequest,
};
use serde_json::json;

use crate::harness::Harness;
use crate::ops::{call_op, call_upload, note_checked, page_json, setup, Expected};
use crate::Reply;

fn file(id: &str) -> serde_json::Value {
    json!({
        "id": id, "filename": "hold music.mp3", "purpose": "agent_background_sound", "size": 5,
        "status": "processed", "owner_id": "org_1", "created_at": "2026-03-01T09:00:00Z",
    })
}

/// Every file operation: the upload (a multipart form: purpose, then the file), list filters, info, the download buffered and streamed (the bytes
/// unchanged, `Accept` asking for octet-stream), delete.
pub fn files_operations<H: Harness>() {
    let (ctx, h) = setup::<H>();

    let clip = b"RIFF\x00\x01 hold music".to_vec();
    let form = FileForm::bytes(
        FilePurpose::AgentBackgroundSound,
        "hold music.wav",
        "audio/wav",
        clip.clone(),
    )
    .expect("form");
    let uploaded = call_upload(
        &ctx,
        &h,
        &UploadFile::new(form),
        Reply::json(201, file("file_1").to_string()),
        "/files",
        "agent_background_sound",
        &clip,
    );
    assert_eq!(uploaded.id, "file_1", "{}", H::NAME);

    let listed = call_op(
        &ctx,
        &h,
        &ListFiles::new()
            .purpose(FilePurpose::AgentBackgroundSound)
            .q("hold")
            .limit(5),
        Reply::json(
            200,
            json!({"data": [file("file_1")], "has_more": false}).to_string(),
        ),
        Expected::no_body(
            "GET",
            "/files?purpose=agent_background_sound&q=hold&limit=5",
        ),
    );
    assert_eq!(
        listed.data[0].purpose,
        FilePurpose::AgentBackgroundSound,
        "{}",
        H::NAME
    );
    assert_eq!(listed.next_page, None);

    let info = call_op(
        &ctx,
        &h,
        &GetFileInfo::new("file_1"),
        Reply::json(200, file("file_1").to_string()),
        Expected::no_body("GET", "/files/file_1/info"),
    );
    assert_eq!(info.filename, "hold music.mp3");
    assert_eq!(info.created_at.to_string(), "2026-03-01T09:00:00Z");

    let content: Vec<u8> = (0u8..=255).cycle().take(70_000).collect();
    let buffered = call_op(
        &ctx,
        &h,
        &DownloadFile::new("file_1"),
        Reply::raw(200, "application/octet-stream", content.clone()),
        Expected::no_body("GET", "/files/file_1/download"),
    );
    assert_eq!(
        buffered.content_type.as_deref(),
        Some("application/octet-stream")
    );
    assert!(
        buffered.bytes[..] == content[..],
        "{}: download differs",
        H::NAME
    );
    let accept = ctx
        .received()
        .last()
        .and_then(|r| r.header("accept").map(str::to_owned));
    assert!(accept.is_some_and(|a| a.starts_with("application/octet-stream")));

    ctx.reply(Reply::raw(200, "application/octet-stream", content.clone()));
    let streamed = h
        .stream_with(
            &ctx,
            &DownloadFile::new("file 2"),
            &RequestOptions::default(),
        )
        .unwrap();
    assert!(
        streamed == content,
        "{}: streamed download differs",
        H::NAME
    );
    let last = ctx.received().last().cloned().expect("a request");
    assert_eq!(last.path_and_query, "/files/file%202/download");
    note_checked(&last.method, &last.path_and_query);

    let deleted = call_op(
        &ctx,
        &h,
        &DeleteFile::new("file_1"),
        Reply::json(200, r#"{"message":"File deleted"}"#),
        Expected::no_body("DELETE", "/files/file_1"),
    );
    assert_eq!(deleted.message.as_deref(), Some("File deleted"));
}

fn dict(id: &str, name: &str) -> serde_json::Value {
    json!({
        "id": id, "name": name, "owner_id": "user_1", "pinned": false, "created_at": "2026-03-01",
        "items": [{"text": "Cartesia", "pronunciation": "kar-TEE-zha"}, {"text": "SQL", "alias": "sequel"}],
    })
}

/// Every pronunciation-dictionary operation: exact paths (trailing slash on list and create
/// only), bodies, both names of the pronunciation read.
pub fn pronunciation_dicts_operations<H: Harness>() {
    let (ctx, h) = setup::<H>();

    let listed = call_op(
        &ctx,
        &h,
        &ListPronunciationDicts::new().limit(10),
        Reply::json(200, page_json(vec![dict("pd_1", "Brand")], false, None)),
        Expected::no_body("GET", "/pronunciation-dicts/?limit=10"),
    );
    assert_eq!(
        listed.data[0].items[1].spoken_as(),
        Some("sequel"),
        "{}",
        H::NAME
    );

    let created = call_op(
        &ctx,
        &h,
        &CreatePronunciationDict::new(
            CreatePronunciationDictRequest::new("Brand")
                .items([PronunciationDictItem::new("Cartesia", "kar-TEE-zha")]),
        ),
        Reply::json(200, dict("pd_new", "Brand").to_string()),
        Expected::json(
            "POST",
            "/pronunciation-dicts/",
            json!({"name": "Brand", "items": [{"text": "Cartesia", "pronunciation": "kar-TEE-zha"}]}),
        ),
    );
    assert_eq!(created.items[0].spoken_as(), Some("kar-TEE-zha"));

    let got = call_op(
        &ctx,
        &h,
        &GetPronunciationDict::new("pd_new"),
        Reply::json(200, dict("pd_new", "Brand").to_string()),
        Expected::no_body("GET", "/pronunciation-dicts/pd_new"),
    );
    assert_eq!(got.owner_id, "user_1");

    let updated = call_op(
        &ctx,
        &h,
        &UpdatePronunciationDict::new(
            "pd_new",
            UpdatePronunciationDictRequest::new().name("Brand v2"),
        ),
        Reply::json(200, dict("pd_new", "Brand v2").to_string()),
        Expected::json(
            "PATCH",
            "/pronunciation-dicts/pd_new",
            json!({"name": "Brand v2"}),
        ),
    );
    assert_eq!(updated.name, "Brand v2");

    call_op(
        &ctx,
        &h,
        &DeletePronunciationDict::new("pd_new"),
        Reply::raw(204, "text/plain", Vec::new()),
        Expected::no_body("DELETE", "/pronunciation-dicts/pd_new"),
    );
}
