//! The resource-management families, stateful: datasets and their files, fine-tunes,
//! pronunciation dictionaries, files, and the admin-key routes (usage, API keys, the
//! organization's users and invites).
//!
//! Records are plain JSON objects in [`Store::records`], one list per collection
//! (`"datasets"`, `"datasets/{id}/files"`, ...), so every family shares one list, get, insert,
//! update and remove. The admin routes refuse a standard key (`sk_car_...` that is not
//! `sk_car_admin_...`) with `401` `"admin_key_required"`, as the API does.

use axum::extract::{FromRequest, Multipart, Request};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::IntoResponse;
use serde_json::{json, Map, Value};

use super::S;
use crate::error::ApiError;
use crate::store::Store;
use crate::support::{created, no_content, now, ok, page, with_ids, JsonBody, Reply, P, Q};

const DATASETS: &str = "datasets";
const FINE_TUNES: &str = "fine_tunes";
const DICTS: &str = "pronunciation_dicts";
const FILES: &str = "files";
const API_KEYS: &str = "api_keys";
const USERS: &str = "users";
const INVITES: &str = "invites";
/// The purposes a file may have.
const PURPOSES: &[&str] = &[
    "agent_background_sound",
    "fine_tune",
    "tts_generation",
    "voice-clone",
];
/// The most addresses one invite request takes.
const MAX_INVITES: usize = 10;

/// The demo records of these families: two API keys, an admin and a member, a pending invite
/// and a file with content.
pub(crate) fn seed(store: &mut Store) {
    let stamp = "2026-03-01T09:00:00Z";
    let records = &mut store.records;
    records.insert(
        API_KEYS.into(),
        vec![
            json!({"id": "key_demo_ci", "description": "CI", "created_at": stamp,
                   "creator_email": "ada@example.com", "creator_still_in_org": true, "creator_image_url": null}),
            json!({"id": "key_demo_legacy", "description": "Legacy", "created_at": stamp,
                   "creator_email": null, "creator_still_in_org": null, "creator_image_url": null}),
        ],
    );
    records.insert(
        USERS.into(),
        vec![
            json!({"id": "user_demo_ada", "email": "ada@example.com", "name": "Ada Admin",
                   "image_url": null, "role": "admin", "created_at": stamp}),
            json!({"id": "user_demo_max", "email": "max@example.com", "name": null,
                   "image_url": null, "role": "member", "created_at": stamp}),
        ],
    );
    records.insert(
        INVITES.into(),
        vec![
            json!({"id": "inv_demo_1", "email": "new@example.com", "role": "member",
                    "status": "pending", "created_at": stamp, "expires_at": null}),
        ],
    );
    let content = b"RIFF demo background sound".to_vec();
    records.insert(
        FILES.into(),
        vec![
            json!({"id": "file_demo_hold_music", "filename": "hold music.wav",
                    "purpose": "agent_background_sound", "size": content.len(),
                    "status": "processed", "owner_id": "org_demo", "created_at": stamp}),
        ],
    );
    store.blobs.insert("file_demo_hold_music".into(), content);
}

fn list(store: &Store, key: &str) -> Vec<(String, Value)> {
    with_ids(store.records.get(key).into_iter().flatten())
}

fn position(
    store: &Store,
    key: &str,
    id: &str,
    missing: fn() -> ApiError,
) -> Result<usize, ApiError> {
    store
        .records
        .get(key)
        .and_then(|r| r.iter().position(|v| v["id"].as_str() == Some(id)))
        .ok_or_else(missing)
}

fn get_one(
    store: &Store,
    key: &str,
    id: &str,
    missing: fn() -> ApiError,
) -> Result<Value, ApiError> {
    let i = position(store, key, id, missing)?;
    Ok(store.records[key][i].clone())
}

fn insert(store: &mut Store, key: &str, value: Value) -> Value {
    store
        .records
        .entry(key.into())
        .or_default()
        .push(value.clone());
    value
}

fn remove(
    store: &mut Store,
    key: &str,
    id: &str,
    missing: fn() -> ApiError,
) -> Result<Value, ApiError> {
    let i = position(store, key, id, missing)?;
    Ok(store
        .records
        .get_mut(key)
        .map(|r| r.remove(i))
        .unwrap_or_default())
}

/// Applies `change` to the record and returns it as changed.
fn update(
    store: &mut Store,
    key: &str,
    id: &str,
    missing: fn() -> ApiError,
    change: impl FnOnce(&mut Map<String, Value>),
) -> Result<Value, ApiError> {
    let i = position(store, key, id, missing)?;
    let record = &mut store.records.get_mut(key).expect("the list exists")[i];
    if let Value::Object(map) = record {
        change(map);
    }
    Ok(record.clone())
}

/// A page of `key`, keeping the items `keep` accepts.
fn page_of(state: &S, q: &Q, key: &str, keep: impl Fn(&Value) -> bool) -> Reply {
    let cursor = q.cursor(true)?;
    let store = state.store();
    let items = list(&store, key)
        .into_iter()
        .filter(|(_, v)| keep(v))
        .collect();
    Ok(ok(&page(items, &cursor)?))
}

crate::error::not_found_errors! {
    dataset_not_found: "dataset_not_found", "Dataset";
    dataset_file_not_found: "file_not_found", "Dataset file";
    fine_tune_not_found: "fine_tune_not_found", "Fine-tune";
    dict_not_found: "pronunciation_dict_not_found", "Pronunciation dictionary";
    file_not_found: "file_not_found", "File";
    api_key_not_found: "api_key_not_found", "API key";
    user_not_found: "user_not_found", "User";
    invite_not_found: "invite_not_found", "Invite";
}

fn files_key(dataset_id: &str) -> String {
    format!("datasets/{dataset_id}/files")
}

// Datasets.

/// `GET /datasets/`.
pub(crate) async fn list_datasets(state: S, q: Q) -> Reply {
    page_of(&state, &q, DATASETS, |_| true)
}

/// `POST /datasets/` (`name` and `description` required): `200` with the dataset.
pub(crate) async fn create_dataset(state: S, JsonBody(body): JsonBody) -> Reply {
    let name = body.req_nonempty("name")?;
    let description = body.req_str("description")?;
    let mut store = state.store();
    let id = store.ids.next("ds");
    let dataset = json!({"id": id, "name": name, "description": description, "created_at": now()});
    Ok(ok(&insert(&mut store, DATASETS, dataset)))
}

/// `GET /datasets/{id}`.
pub(crate) async fn get_dataset(state: S, P(id): P<String>) -> Reply {
    Ok(ok(&get_one(
        &state.store(),
        DATASETS,
        &id,
        dataset_not_found,
    )?))
}

/// `PATCH /datasets/{id}` (both fields required): `204`.
pub(crate) async fn update_dataset(state: S, P(id): P<String>, JsonBody(body): JsonBody) -> Reply {
    let name = body.req_nonempty("name")?;
    let description = body.req_str("description")?;
    update(&mut state.store(), DATASETS, &id, dataset_not_found, |d| {
        d.insert("name".into(), name.into());
        d.insert("description".into(), description.into());
    })?;
    Ok(no_content())
}

/// `DELETE /datasets/{id}`: `204`; its files go with it.
pub(crate) async fn delete_dataset(state: S, P(id): P<String>) -> Reply {
    let mut store = state.store();
    remove(&mut store, DATASETS, &id, dataset_not_found)?;
    store.records.remove(&files_key(&id));
    Ok(no_content())
}

/// `GET /datasets/{id}/files`.
pub(crate) async fn list_dataset_files(state: S, P(id): P<String>, q: Q) -> Reply {
    get_one(&state.store(), DATASETS, &id, dataset_not_found)?;
    page_of(&state, &q, &files_key(&id), |_| true)
}

/// `DELETE /datasets/{id}/files/{file_id}`: `204`.
pub(crate) async fn delete_dataset_file(state: S, P((id, file_id)): P<(String, String)>) -> Reply {
    let mut store = state.store();
    get_one(&store, DATASETS, &id, dataset_not_found)?;
    remove(
        &mut store,
        &files_key(&id),
        &file_id,
        dataset_file_not_found,
    )?;
    Ok(no_content())
}

/// The `file` (name and bytes) and `purpose` parts of an upload.
struct Upload {
    filename: String,
    bytes: Vec<u8>,
    purpose: String,
}

/// Reads an upload form: `file` and `purpose` are required, `purpose` one of [`PURPOSES`].
async fn read_upload(req: Request) -> Result<Upload, ApiError> {
    let malformed = |e: axum::extract::multipart::MultipartError| {
        ApiError::invalid_request(format!("The multipart body is malformed: {e}"))
    };
    let mut multipart = Multipart::from_request(req, &()).await.map_err(|e| {
        ApiError::invalid_request(format!("Expected a multipart/form-data body: {e}"))
    })?;
    let (mut file, mut purpose) = (None, None);
    while let Some(field) = multipart.next_field().await.map_err(malformed)? {
        let name = field.name().unwrap_or_default().to_owned();
        let filename = field.file_name().unwrap_or("upload").to_owned();
        let bytes = field.bytes().await.map_err(malformed)?;
        match name.as_str() {
            "file" => file = Some((filename, bytes.to_vec())),
            "purpose" => purpose = Some(String::from_utf8_lossy(&bytes).into_owned()),
            _ => {}
        }
    }
    let (filename, bytes) =
        file.ok_or_else(|| ApiError::unprocessable("The `file` part is required."))?;
    let purpose =
        purpose.ok_or_else(|| ApiError::unprocessable("The `purpose` part is required."))?;
    if !PURPOSES.contains(&purpose.as_str()) {
        return Err(ApiError::unprocessable(format!(
            "`purpose` must be one of {}.",
            PURPOSES.join(", ")
        )));
    }
    Ok(Upload {
        filename,
        bytes,
        purpose,
    })
}

/// `POST /datasets/{id}/files` (multipart `file`, `purpose`): `204`.
pub(crate) async fn upload_dataset_file(state: S, P(id): P<String>, req: Request) -> Reply {
    let upload = read_upload(req).await?;
    let mut store = state.store();
    get_one(&store, DATASETS, &id, dataset_not_found)?;
    let file_id = store.ids.next("dsf");
    let file = json!({"id": file_id, "filename": upload.filename, "created_at": now(), "size": upload.bytes.len()});
    insert(&mut store, &files_key(&id), file);
    Ok(no_content())
}

// Fine-tunes.

/// `GET /fine-tunes/`.
pub(crate) async fn list_fine_tunes(state: S, q: Q) -> Reply {
    page_of(&state, &q, FINE_TUNES, |_| true)
}

/// `POST /fine-tunes/`: the dataset must exist; the fine-tune starts `created`.
pub(crate) async fn create_fine_tune(state: S, JsonBody(body): JsonBody) -> Reply {
    let name = body.req_nonempty("name")?;
    let description = body.req_str("description")?;
    let language = body.req_nonempty("language")?;
    let model_id = body.req_nonempty("model_id")?;
    let dataset = body.req_nonempty("dataset")?;
    let accent = body.opt_str("accent")?;
    let mut store = state.store();
    get_one(&store, DATASETS, &dataset, dataset_not_found)?;
    let id = store.ids.next("ft");
    let fine_tune = json!({"id": id, "name": name, "description": description, "language": language,
        "model_id": model_id, "dataset": dataset, "status": "created", "accent": accent});
    Ok(ok(&insert(&mut store, FINE_TUNES, fine_tune)))
}

/// `GET /fine-tunes/{id}`.
pub(crate) async fn get_fine_tune(state: S, P(id): P<String>) -> Reply {
    Ok(ok(&get_one(
        &state.store(),
        FINE_TUNES,
        &id,
        fine_tune_not_found,
    )?))
}

/// `GET /fine-tunes/{id}/voices`: none until training completes (the mock never trains).
pub(crate) async fn list_fine_tune_voices(state: S, P(id): P<String>, q: Q) -> Reply {
    get_one(&state.store(), FINE_TUNES, &id, fine_tune_not_found)?;
    page_of(&state, &q, &format!("fine_tunes/{id}/voices"), |_| true)
}

/// `DELETE /fine-tunes/{id}`: `204`.
pub(crate) async fn delete_fine_tune(state: S, P(id): P<String>) -> Reply {
    remove(&mut state.store(), FINE_TUNES, &id, fine_tune_not_found)?;
    Ok(no_content())
}

// Pronunciation dictionaries.

/// `GET /pronunciation-dicts/`.
pub(crate) async fn list_dicts(state: S, q: Q) -> Reply {
    page_of(&state, &q, DICTS, |_| true)
}

/// The `items` of a body: each needs `text` and `pronunciation` or `alias`.
fn dict_items(body: &crate::support::Obj) -> Result<Option<Vec<Value>>, ApiError> {
    let Some(items) = body.opt_objects("items")? else {
        return Ok(None);
    };
    items
        .into_iter()
        .map(|item| {
            let spoken = item.get("pronunciation").or_else(|| item.get("alias"));
            match (
                item.get("text").and_then(Value::as_str),
                spoken.and_then(Value::as_str),
            ) {
                (Some(t), Some(_)) if !t.is_empty() => Ok(Value::Object(item)),
                _ => Err(ApiError::unprocessable(
                    "Each of `body.items` needs `text` and `pronunciation` (or `alias`).",
                )),
            }
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

/// `POST /pronunciation-dicts/`: `200` with the dictionary.
pub(crate) async fn create_dict(state: S, JsonBody(body): JsonBody) -> Reply {
    let name = body.req_nonempty("name")?;
    let items = dict_items(&body)?.unwrap_or_default();
    let mut store = state.store();
    let id = store.ids.next("pd");
    let dict = json!({"id": id, "name": name, "owner_id": "user_demo_ada", "pinned": false,
                      "items": items, "created_at": now()});
    Ok(ok(&insert(&mut store, DICTS, dict)))
}

/// `GET /pronunciation-dicts/{id}`.
pub(crate) async fn get_dict(state: S, P(id): P<String>) -> Reply {
    Ok(ok(&get_one(&state.store(), DICTS, &id, dict_not_found)?))
}

/// `PATCH /pronunciation-dicts/{id}`: `name` and `items` if given; `200` with the dictionary.
pub(crate) async fn update_dict(state: S, P(id): P<String>, JsonBody(body): JsonBody) -> Reply {
    let name = body.opt_str("name")?;
    let items = dict_items(&body)?;
    let dict = update(&mut state.store(), DICTS, &id, dict_not_found, |d| {
        if let Some(name) = name {
            d.insert("name".into(), name.into());
        }
        if let Some(items) = items {
            d.insert("items".into(), items.into());
        }
    })?;
    Ok(ok(&dict))
}

/// `DELETE /pronunciation-dicts/{id}`: `204`.
pub(crate) async fn delete_dict(state: S, P(id): P<String>) -> Reply {
    remove(&mut state.store(), DICTS, &id, dict_not_found)?;
    Ok(no_content())
}

// Files.

/// `GET /files` (`purpose`, `q` on the file name): `{data, has_more}`.
pub(crate) async fn list_files(state: S, q: Q) -> Reply {
    let purpose = q.get("purpose").map(str::to_owned);
    if purpose.as_deref().is_some_and(|p| !PURPOSES.contains(&p)) {
        return Err(ApiError::invalid_request(format!(
            "`purpose` must be one of {}.",
            PURPOSES.join(", ")
        )));
    }
    let search = q.get("q").map(str::to_ascii_lowercase);
    page_of(&state, &q, FILES, |f| {
        purpose.as_deref().is_none_or(|p| f["purpose"] == p)
            && search.as_deref().is_none_or(|s| {
                f["filename"]
                    .as_str()
                    .unwrap_or("")
                    .to_ascii_lowercase()
                    .contains(s)
            })
    })
}

/// `POST /files` (multipart `file`, `purpose`): `201` with the file.
pub(crate) async fn upload_file(state: S, req: Request) -> Reply {
    let upload = read_upload(req).await?;
    let mut store = state.store();
    let id = store.ids.next("file");
    let file = json!({"id": id, "filename": upload.filename, "purpose": upload.purpose,
        "size": upload.bytes.len(), "status": "processed", "owner_id": "org_demo", "created_at": now()});
    store.blobs.insert(id, upload.bytes);
    Ok(created(&insert(&mut store, FILES, file)))
}

/// `GET /files/{id}/info`.
pub(crate) async fn file_info(state: S, P(id): P<String>) -> Reply {
    Ok(ok(&get_one(&state.store(), FILES, &id, file_not_found)?))
}

/// `GET /files/{id}/download`: the bytes, `application/octet-stream`.
pub(crate) async fn download_file(state: S, P(id): P<String>) -> Reply {
    let store = state.store();
    get_one(&store, FILES, &id, file_not_found)?;
    let bytes = store.blobs.get(&id).cloned().unwrap_or_default();
    Ok(([(header::CONTENT_TYPE, "application/octet-stream")], bytes).into_response())
}

/// `DELETE /files/{id}`: `200` `{"message"}`.
pub(crate) async fn delete_file(state: S, P(id): P<String>) -> Reply {
    let mut store = state.store();
    remove(&mut store, FILES, &id, file_not_found)?;
    store.blobs.remove(&id);
    Ok(ok(&json!({"message": "File deleted"})))
}

// The admin routes.

/// Refuses a standard key on an admin route.
fn admin(headers: &HeaderMap) -> Result<(), ApiError> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .map(|(_, t)| t.trim())
        .unwrap_or("");
    if token.starts_with("sk_car_") && !token.starts_with("sk_car_admin_") {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            Some("admin_key_required"),
            "Unauthorized",
            "This route needs an admin API key (sk_car_admin_...).",
        ));
    }
    Ok(())
}

/// Synthetic daily buckets: `credits` (or agent figures) grow by day.
fn buckets(days: usize, agents: bool) -> Vec<Value> {
    (0..days)
        .map(|d| {
            let start = format!("2026-03-{:02}T00:00:00Z", d + 1);
            let end = format!("2026-03-{:02}T00:00:00Z", d + 2);
            if agents {
                json!({"start_ts": start, "end_ts": end, "cents": 50 * (d + 1), "minutes": 1.5 * (d + 1) as f64, "calls": d + 1})
            } else {
                json!({"start_ts": start, "end_ts": end, "credits": 100 * (d + 1)})
            }
        })
        .collect()
}

/// `GET /usage/credits` (admin): three synthetic daily buckets, or one series per
/// `group_by` value.
pub(crate) async fn usage_credits(headers: HeaderMap, q: Q) -> Reply {
    admin(&headers)?;
    let group_by = q.get("group_by");
    match group_by {
        None => Ok(ok(&json!({"data": buckets(3, false)}))),
        Some(g @ ("capability" | "model" | "voice" | "api_key")) => Ok(ok(&json!({
            "group_by": g,
            "data": [{"id": "tts", "label": "Text to speech", "buckets": buckets(3, false)}],
        }))),
        Some(_) => Err(ApiError::invalid_request(
            "`group_by` must be one of capability, model, voice, api_key.",
        )),
    }
}

/// `GET /usage/agents` (admin): three synthetic daily buckets.
pub(crate) async fn usage_agents(headers: HeaderMap) -> Reply {
    admin(&headers)?;
    Ok(ok(&json!({"data": buckets(3, true)})))
}

/// `GET /api-keys` (admin; `q` on the description).
pub(crate) async fn list_api_keys(state: S, headers: HeaderMap, q: Q) -> Reply {
    admin(&headers)?;
    let search = q.get("q").map(str::to_ascii_lowercase);
    page_of(&state, &q, API_KEYS, |k| {
        search.as_deref().is_none_or(|s| {
            k["description"]
                .as_str()
                .unwrap_or("")
                .to_ascii_lowercase()
                .contains(s)
        })
    })
}

/// `GET /api-keys/{id}` (admin).
pub(crate) async fn get_api_key(state: S, headers: HeaderMap, P(id): P<String>) -> Reply {
    admin(&headers)?;
    Ok(ok(&get_one(
        &state.store(),
        API_KEYS,
        &id,
        api_key_not_found,
    )?))
}

/// `GET /organizations/users` (admin; `q` on name and email).
pub(crate) async fn list_users(state: S, headers: HeaderMap, q: Q) -> Reply {
    admin(&headers)?;
    let search = q.get("q").map(str::to_ascii_lowercase);
    page_of(&state, &q, USERS, |u| {
        search.as_deref().is_none_or(|s| {
            ["name", "email"].iter().any(|f| {
                u[*f]
                    .as_str()
                    .unwrap_or("")
                    .to_ascii_lowercase()
                    .contains(s)
            })
        })
    })
}

/// `GET /organizations/users/{id}` (admin).
pub(crate) async fn get_user(state: S, headers: HeaderMap, P(id): P<String>) -> Reply {
    admin(&headers)?;
    Ok(ok(&get_one(&state.store(), USERS, &id, user_not_found)?))
}

/// `DELETE /organizations/users/{id}` (admin): `204`.
pub(crate) async fn remove_user(state: S, headers: HeaderMap, P(id): P<String>) -> Reply {
    admin(&headers)?;
    remove(&mut state.store(), USERS, &id, user_not_found)?;
    Ok(no_content())
}

/// `GET /organizations/invites` (admin; `status`, default `pending`).
pub(crate) async fn list_invites(state: S, headers: HeaderMap, q: Q) -> Reply {
    admin(&headers)?;
    let status = q.get("status").unwrap_or("pending").to_owned();
    page_of(&state, &q, INVITES, |i| i["status"] == status.as_str())
}

/// `POST /organizations/invites` (admin; 1 to 10 `emails`, all or none): `201` with the
/// invites.
pub(crate) async fn create_invites(
    state: S,
    headers: HeaderMap,
    JsonBody(body): JsonBody,
) -> Reply {
    admin(&headers)?;
    let emails = body.opt_strings("emails")?.unwrap_or_default();
    if emails.is_empty() || emails.len() > MAX_INVITES {
        return Err(ApiError::unprocessable(
            "`body.emails` takes 1 to 10 addresses.",
        ));
    }
    if let Some(bad) = emails.iter().find(|e| !e.contains('@')) {
        return Err(ApiError::unprocessable(format!(
            "`{bad}` is not an email address."
        )));
    }
    let mut store = state.store();
    let stamp = now();
    let invites: Vec<Value> = emails
        .into_iter()
        .map(|email| {
            let id = store.ids.next("inv");
            let invite = json!({"id": id, "email": email, "role": "member", "status": "pending",
                                "created_at": stamp, "expires_at": null});
            insert(&mut store, INVITES, invite)
        })
        .collect();
    Ok(created(&Value::Array(invites)))
}

/// `GET /organizations/invites/{id}` (admin).
pub(crate) async fn get_invite(state: S, headers: HeaderMap, P(id): P<String>) -> Reply {
    admin(&headers)?;
    Ok(ok(&get_one(
        &state.store(),
        INVITES,
        &id,
        invite_not_found,
    )?))
}

/// `DELETE /organizations/invites/{id}` (admin): the invite is `revoked`; `204`.
pub(crate) async fn cancel_invite(state: S, headers: HeaderMap, P(id): P<String>) -> Reply {
    admin(&headers)?;
    update(&mut state.store(), INVITES, &id, invite_not_found, |i| {
        i.insert("status".into(), "revoked".into());
    })?;
    Ok(no_content())
}
