//! Contract scenarios: datasets (`/datasets/`, `/datasets/{id}`, `/datasets/{id}/files`) and
//! fine-tunes (`/fine-tunes/`): the collection routes keep their trailing slash, the item
//! routes have none.

use cartesia_core::endpoints::datasets::{
    CreateDataset, DeleteDataset, DeleteDatasetFile, GetDataset, ListDatasetFiles, ListDatasets,
    UpdateDataset,
};
use cartesia_core::endpoints::fine_tunes::{
    CreateFineTune, DeleteFineTune, GetFineTune, ListFineTuneVoices, ListFineTunes,
};
use cartesia_core::endpoints::uploads::{FileForm, UploadDatasetFile};
use cartesia_types::datasets::DatasetBody;
use cartesia_types::files::FilePurpose;
use cartesia_types::fine_tunes::{CreateFineTuneRequest, FineTuneStatus};
use serde_json::json;

use crate::harness::Harness;
use crate::ops::{call_op, call_upload, page_json, setup, Expected};
use crate::Reply;

fn dataset(id: &str) -> serde_json::Value {
    json!({"id": id, "name": "Narration", "created_at": "2026-03-01 10:00:00", "description": "studio takes"})
}

/// Every dataset operation: exact paths (trailing slash on list and create only), bodies,
/// decoding; paging by the last id until `has_more` is false.
pub fn datasets_operations<H: Harness>() {
    let (ctx, h) = setup::<H>();

    let listed = call_op(
        &ctx,
        &h,
        &ListDatasets::new().limit(2).starting_after("ds_0"),
        Reply::json(
            200,
            page_json(vec![dataset("ds_1"), dataset("ds_2")], true, None),
        ),
        Expected::no_body("GET", "/datasets/?limit=2&starting_after=ds_0"),
    );
    assert_eq!(listed.data[1].id, "ds_2", "{}", H::NAME);
    assert_eq!(listed.has_more, Some(true));

    let created = call_op(
        &ctx,
        &h,
        &CreateDataset::new(DatasetBody::new("Narration", "studio takes")),
        Reply::json(200, dataset("ds_new").to_string()),
        Expected::json(
            "POST",
            "/datasets/",
            json!({"name": "Narration", "description": "studio takes"}),
        ),
    );
    assert_eq!(created.id, "ds_new");
    assert_eq!(created.description, "studio takes");

    let got = call_op(
        &ctx,
        &h,
        &GetDataset::new("ds/1"),
        Reply::json(200, dataset("ds/1").to_string()),
        Expected::no_body("GET", "/datasets/ds%2F1"),
    );
    assert_eq!(got.name, "Narration");

    call_op(
        &ctx,
        &h,
        &UpdateDataset::new("ds_1", DatasetBody::new("Renamed", "")),
        Reply::raw(204, "text/plain", Vec::new()),
        Expected::json(
            "PATCH",
            "/datasets/ds_1",
            json!({"name": "Renamed", "description": ""}),
        ),
    );
    call_op(
        &ctx,
        &h,
        &DeleteDataset::new("ds_1"),
        Reply::raw(204, "text/plain", Vec::new()),
        Expected::no_body("DELETE", "/datasets/ds_1"),
    );

    let files = call_op(
        &ctx,
        &h,
        &ListDatasetFiles::new("ds_1").limit(1),
        Reply::json(
            200,
            page_json(
                vec![
                    json!({"id": "dsf_1", "filename": "take 1.wav", "created_at": "2026-03-01", "size": 4096}),
                ],
                false,
                None,
            ),
        ),
        Expected::no_body("GET", "/datasets/ds_1/files?limit=1"),
    );
    assert_eq!(
        (files.data[0].filename.as_str(), files.data[0].size),
        ("take 1.wav", 4096)
    );

    let take = b"RIFF take one".to_vec();
    let form = FileForm::bytes(
        FilePurpose::FineTune,
        "take 1.wav",
        "audio/wav",
        take.clone(),
    )
    .expect("form");
    call_upload(
        &ctx,
        &h,
        &UploadDatasetFile::new("ds 1", form),
        Reply::raw(204, "text/plain", Vec::new()),
        "/datasets/ds%201/files",
        "fine_tune",
        &take,
    );

    call_op(
        &ctx,
        &h,
        &DeleteDatasetFile::new("ds_1", "dsf 1"),
        Reply::raw(204, "text/plain", Vec::new()),
        Expected::no_body("DELETE", "/datasets/ds_1/files/dsf%201"),
    );

    // list_all: by the last id, ending on has_more=false.
    ctx.reply(Reply::json(
        200,
        page_json(vec![dataset("a"), dataset("b")], true, None),
    ));
    ctx.reply(Reply::json(200, page_json(vec![dataset("c")], false, None)));
    let all = h
        .collect_pages(&ctx, ListDatasets::new().limit(2), None)
        .unwrap();
    let ids: Vec<_> = all.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["a", "b", "c"], "{}", H::NAME);
    let seen = ctx.received();
    assert_eq!(
        seen[seen.len() - 1].path_and_query,
        "/datasets/?limit=2&starting_after=b"
    );
}

fn fine_tune(id: &str, status: &str) -> serde_json::Value {
    json!({
        "id": id, "name": "My voice", "description": "", "language": "en",
        "model_id": "sonic-3-2026-01-12", "dataset": "ds_1", "status": status,
    })
}

/// Every fine-tune operation: exact paths (trailing slash on list and create only), bodies,
/// decoding (an unknown status is kept).
pub fn fine_tunes_operations<H: Harness>() {
    let (ctx, h) = setup::<H>();

    let listed = call_op(
        &ctx,
        &h,
        &ListFineTunes::new().ending_before("ft_9"),
        Reply::json(
            200,
            page_json(
                vec![fine_tune("ft_1", "training"), fine_tune("ft_2", "queued")],
                false,
                None,
            ),
        ),
        Expected::no_body("GET", "/fine-tunes/?ending_before=ft_9"),
    );
    assert_eq!(
        listed.data[0].status,
        FineTuneStatus::Training,
        "{}",
        H::NAME
    );
    assert_eq!(
        listed.data[1].status,
        FineTuneStatus::Unknown("queued".into())
    );

    let created = call_op(
        &ctx,
        &h,
        &CreateFineTune::new(
            CreateFineTuneRequest::new("My voice", "en", "sonic-3-2026-01-12", "ds_1")
                .accent("American"),
        ),
        Reply::json(200, fine_tune("ft_new", "created").to_string()),
        Expected::json(
            "POST",
            "/fine-tunes/",
            json!({"name": "My voice", "description": "", "language": "en",
                   "model_id": "sonic-3-2026-01-12", "dataset": "ds_1", "accent": "American"}),
        ),
    );
    assert_eq!(created.status, FineTuneStatus::Created);

    let got = call_op(
        &ctx,
        &h,
        &GetFineTune::new("ft_new"),
        Reply::json(200, fine_tune("ft_new", "completed").to_string()),
        Expected::no_body("GET", "/fine-tunes/ft_new"),
    );
    assert_eq!(got.model_id, "sonic-3-2026-01-12");

    let voices = call_op(
        &ctx,
        &h,
        &ListFineTuneVoices::new("ft_new").limit(1),
        Reply::json(
            200,
            json!({"data": [{"id": "voice_1", "name": "My voice", "description": "", "is_owner": true,
                             "is_public": false, "language": "en", "created_at": "2026-03-02T00:00:00Z"}],
                   "has_more": false})
            .to_string(),
        ),
        Expected::no_body("GET", "/fine-tunes/ft_new/voices?limit=1"),
    );
    assert_eq!(voices.data[0].id, "voice_1", "{}", H::NAME);

    call_op(
        &ctx,
        &h,
        &DeleteFineTune::new("ft_new"),
        Reply::raw(204, "text/plain", Vec::new()),
        Expected::no_body("DELETE", "/fine-tunes/ft_new"),
    );
}
