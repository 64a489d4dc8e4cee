//! Voices: the public library (demo voices, always there) and the account's own voices,
//! with cursor pages, filters and `expand[]`, updates, deletes, clones and localized
//! copies.

use axum::extract::Request;
use serde_json::{json, Map, Value};

use super::S;
use crate::error::ApiError;
use crate::routes::speech::Form;
use crate::support::{no_content, now, ok, page, Field, JsonBody, Obj, Reply, P, Q};

/// The library's languages.
pub(crate) const LANGUAGES: [&str; 44] = [
    "en", "fr", "de", "es", "pt", "zh", "ja", "hi", "it", "ko", "nl", "pl", "ru", "sv", "tr", "tl",
    "bg", "ro", "ar", "cs", "el", "fi", "hr", "ms", "sk", "da", "ta", "uk", "hu", "no", "vi", "bn",
    "th", "he", "ka", "id", "te", "gu", "kn", "ml", "mr", "pa", "or", "ur",
];
/// `LocalizeTargetLanguage`.
const LOCALIZE_LANGUAGES: [&str; 20] = [
    "en", "de", "es", "fr", "ja", "pt", "zh", "hi", "it", "ko", "nl", "pl", "ru", "sv", "tr", "ar",
    "he", "ta", "te", "th",
];
/// `GenderPresentation`.
const GENDERS: [&str; 3] = ["masculine", "feminine", "gender_neutral"];
/// The owner of the account's voices.
const USER_ID: &str = "user_mock";

/// The id of the first demo voice, "Katie" (`en`, feminine).
pub const DEMO_VOICE_ID: &str = "f786b574-daa5-4673-aa0c-cbe3e8534c02";

/// The public demo voices: (id, name, gender, language, accent, country).
const DEMO: [(&str, &str, &str, &str, &str, &str); 12] = [
    (
        DEMO_VOICE_ID,
        "Katie",
        "feminine",
        "en",
        "General American English",
        "US",
    ),
    (
        "228fca29-3a0a-435c-8728-5cb483251068",
        "Kiefer",
        "masculine",
        "en",
        "General American English",
        "US",
    ),
    (
        "6ccbfb76-1fc6-48f7-b71d-91ac6298247b",
        "Tessa",
        "feminine",
        "en",
        "General American English",
        "US",
    ),
    (
        "c961b81c-a935-4c17-bfb3-ba2239de8c2f",
        "Kyle",
        "masculine",
        "en",
        "General American English",
        "US",
    ),
    (
        "5ee9feff-1265-424a-9d7f-8e4d431a12c7",
        "Ronald",
        "masculine",
        "en",
        "British English",
        "GB",
    ),
    (
        "a167e0f3-df7e-4d52-a9c3-f949145efdab",
        "Blake",
        "masculine",
        "en",
        "Australian English",
        "AU",
    ),
    (
        "9626c31c-bec5-4cca-baa8-f8ba9e84c8bc",
        "Jacqueline",
        "feminine",
        "en",
        "General American English",
        "US",
    ),
    (
        "0ad65e7f-006c-47cf-bd31-52279d487913",
        "Amélie",
        "feminine",
        "fr",
        "Parisian French",
        "FR",
    ),
    (
        "b9de4a89-2257-424b-94c2-db18ba68c81a",
        "Lukas",
        "masculine",
        "de",
        "Standard German",
        "DE",
    ),
    (
        "79743797-2087-422f-8dc7-86f9efca85f1",
        "Sofía",
        "feminine",
        "es",
        "Castilian Spanish",
        "ES",
    ),
    (
        "59d4fd2f-f5eb-4410-8105-58db7661144f",
        "Haruto",
        "masculine",
        "ja",
        "Standard Japanese",
        "JP",
    ),
    (
        "e8a863c6-22c7-4671-86ca-91cacffc038d",
        "Sam",
        "gender_neutral",
        "en",
        "General American English",
        "US",
    ),
];

/// The demo voices, as `Voice` records.
pub(crate) fn demo_voices() -> Vec<Map<String, Value>> {
    DEMO.iter()
        .map(|(id, name, gender, language, accent, country)| {
            let locale = format!("{language}-{country}");
            let mut voice = json!({
                "id": id, "is_owner": false, "is_public": true, "name": name,
                "description": format!("{name}: a demo voice of the mock library."),
                "gender": gender, "created_at": "2026-01-15T09:00:00Z", "language": language,
                "accent": accent, "country": country,
                "locales": [{"locale": locale, "is_native": true}],
            });
            voice["preview_file_url"] = preview_url(id).into();
            match voice {
                Value::Object(map) => map,
                _ => Map::new(),
            }
        })
        .collect()
}

/// Where a voice's preview would be.
fn preview_url(id: &str) -> String {
    format!("https://mock.cartesia.invalid/voices/{id}/preview.wav")
}

/// A voice as served: `preview_file_url` only if expanded.
fn served(voice: &Map<String, Value>, expand: bool) -> Value {
    let mut voice = voice.clone();
    if !expand {
        voice.remove("preview_file_url");
    }
    Value::Object(voice)
}

/// Whether `expand[]` asks for `preview_file_url`; another value is a `400`.
fn expanded(q: &Q) -> Result<bool, ApiError> {
    let mut expand = false;
    for value in q.all("expand[]").into_iter().chain(q.all("expand")) {
        if value != "preview_file_url" {
            return Err(ApiError::invalid_request(format!(
                "`expand[]` must be `preview_file_url`, not `{value}`."
            )));
        }
        expand = true;
    }
    Ok(expand)
}

/// A boolean query value.
fn flag(q: &Q, name: &str) -> Result<Option<bool>, ApiError> {
    match q.get(name) {
        None => Ok(None),
        Some("true") => Ok(Some(true)),
        Some("false") => Ok(Some(false)),
        Some(_) => Err(ApiError::invalid_request(format!(
            "`{name}` must be `true` or `false`."
        ))),
    }
}

/// `GET /voices`: cursor pages, filtered by `q` (name or description), `is_owner`,
/// `gender` and `language`.
pub(crate) async fn list(state: S, q: Q) -> Reply {
    let cursor = q.cursor(true)?;
    let expand = expanded(&q)?;
    let is_owner = flag(&q, "is_owner")?;
    flag(&q, "include_archived")?;
    let gender = q.get("gender");
    if let Some(g) = gender.filter(|g| !GENDERS.contains(g)) {
        return Err(ApiError::invalid_request(format!(
            "`gender` must be one of {}, not `{g}`.",
            GENDERS.join(", ")
        )));
    }
    let needle = q.get("q").map(str::to_lowercase);
    let language = q.get("language");
    let store = state.store();
    let items: Vec<(String, Value)> = store
        .voices
        .iter()
        .filter(|v| is_owner.is_none_or(|o| v["is_owner"] == o))
        .filter(|v| gender.is_none_or(|g| v["gender"] == g))
        .filter(|v| language.is_none_or(|l| v["language"] == l))
        .filter(|v| {
            needle.as_ref().is_none_or(|n| {
                ["name", "description"]
                    .iter()
                    .any(|k| v[*k].as_str().unwrap_or("").to_lowercase().contains(n))
            })
        })
        .map(|v| (v["id"].as_str().unwrap_or("").to_owned(), served(v, expand)))
        .collect();
    Ok(ok(&page(items, &cursor)?))
}

/// The index of voice `id`, or `404` `"voice_not_found"`.
fn find(voices: &[Map<String, Value>], id: &str) -> Result<usize, ApiError> {
    voices
        .iter()
        .position(|v| v["id"] == id)
        .ok_or_else(|| ApiError::not_found("voice_not_found", "Voice"))
}

/// The index of voice `id` if the account owns it: `404` if unknown, `403` if public.
fn find_owned(voices: &[Map<String, Value>], id: &str) -> Result<usize, ApiError> {
    let at = find(voices, id)?;
    if voices[at]["is_owner"] != true {
        return Err(ApiError::new(
            axum::http::StatusCode::FORBIDDEN,
            Some("voice_not_owned"),
            "Forbidden",
            "Only voices your organization owns can be changed.",
        ));
    }
    Ok(at)
}

/// `GET /voices/{id}`.
pub(crate) async fn get(state: S, P(id): P<String>, q: Q) -> Reply {
    let expand = expanded(&q)?;
    let store = state.store();
    let at = find(&store.voices, &id)?;
    Ok(ok(&served(&store.voices[at], expand)))
}

/// `PATCH /voices/{id}` with `UpdateVoiceRequest` (every field optional; `gender` and
/// `accent` may be `null`).
pub(crate) async fn update(state: S, P(id): P<String>, JsonBody(body): JsonBody) -> Reply {
    let name = body.opt_str("name")?;
    if name.as_deref() == Some("") {
        return Err(ApiError::unprocessable(
            "`body.name` must be a non-empty string.",
        ));
    }
    let description = body.opt_str("description")?;
    let gender = body.str_field("gender")?;
    if let Field::Set(g) = &gender {
        if !GENDERS.contains(&g.as_str()) {
            return Err(ApiError::unprocessable(format!(
                "`body.gender` must be one of {}.",
                GENDERS.join(", ")
            )));
        }
    }
    let accent = body.str_field("accent")?;
    let mut store = state.store();
    let at = find_owned(&store.voices, &id)?;
    let voice = &mut store.voices[at];
    if let Some(name) = name {
        voice.insert("name".into(), name.into());
    }
    if let Some(description) = description {
        voice.insert("description".into(), description.into());
    }
    for (key, field) in [("gender", gender), ("accent", accent)] {
        match field {
            Field::Absent => {}
            Field::Null => {
                voice.insert(key.into(), Value::Null);
            }
            Field::Set(v) => {
                voice.insert(key.into(), v.into());
            }
        }
    }
    Ok(ok(&served(voice, false)))
}

/// `DELETE /voices/{id}`: `204`; only the account's own voices.
pub(crate) async fn delete(state: S, P(id): P<String>) -> Reply {
    let mut store = state.store();
    let at = find_owned(&store.voices, &id)?;
    store.voices.remove(at);
    Ok(no_content())
}

/// Adds an owned voice and answers its `VoiceMetadata`.
fn add_voice(
    state: &S,
    name: String,
    description: String,
    language: String,
    gender: Option<String>,
    accent: Option<String>,
) -> Reply {
    let mut store = state.store();
    let id = voice_id(&mut store.ids);
    let created_at = now();
    let voice = json!({
        "id": id, "is_owner": true, "is_public": false, "name": name,
        "description": description, "gender": gender, "created_at": created_at,
        "language": language, "accent": accent, "preview_file_url": preview_url(&id),
    });
    if let Value::Object(map) = voice {
        store.voices.insert(0, map);
    }
    Ok(ok(&json!({
        "id": id, "user_id": USER_ID, "is_public": false, "name": name,
        "description": description, "created_at": created_at, "language": language,
    })))
}

/// A UUID-shaped voice id from the server's id generator.
fn voice_id(ids: &mut crate::support::Ids) -> String {
    let raw = ids.next("v").to_ascii_lowercase();
    let hex: String = raw[2..]
        .bytes()
        .map(|b| format!("{:x}", b % 16))
        .chain(std::iter::repeat_n("0".to_owned(), 6))
        .collect();
    format!(
        "{}-{}-4{}-8{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[13..16],
        &hex[17..20],
        &hex[20..32]
    )
}

/// A voice's `tagline` (the field `at`) is at most 32 characters; `422` otherwise.
fn check_tagline(tagline: Option<String>, at: &str) -> Result<(), ApiError> {
    match tagline {
        Some(t) if t.chars().count() > 32 => Err(ApiError::unprocessable(format!(
            "`{at}` must be at most 32 characters."
        ))),
        _ => Ok(()),
    }
}

/// `POST /voices/clone`, multipart: `clip`, `name`, `language` (required), `description`,
/// `tagline` (at most 32 characters), `base_voice_id`, `accent`, `access[type]`.
pub(crate) async fn clone(state: S, req: Request) -> Reply {
    let form = Form::read(req).await?;
    let clip = form.file("clip")?;
    if clip.is_empty() {
        return Err(ApiError::unprocessable("The `clip` part is empty."));
    }
    let name = form.required("name")?;
    let language = form.required("language")?;
    if !LANGUAGES.contains(&language.as_str()) {
        return Err(ApiError::unprocessable(format!(
            "`language` `{language}` is not supported."
        )));
    }
    check_tagline(form.text("tagline")?, "tagline")?;
    if let Some(access) = form.text("access[type]")? {
        if access != "private" && access != "public" {
            return Err(ApiError::unprocessable(
                "`access[type]` must be `private` or `public`.",
            ));
        }
    }
    if let Some(base) = form.text("base_voice_id")? {
        find(&state.store().voices, &base)?;
    }
    let description = form.text("description")?.unwrap_or_default();
    let accent = form.text("accent")?;
    add_voice(&state, name, description, language, None, accent)
}

/// `POST /voices/localize` with `LocalizeVoiceRequest`.
pub(crate) async fn localize(state: S, JsonBody(body): JsonBody) -> Reply {
    let voice_id = body.req_nonempty("voice_id")?;
    let name = body.req_nonempty("name")?;
    let description = body.req_str("description")?;
    body.opt_enum("language", &LOCALIZE_LANGUAGES)?;
    let language = body.req_str("language")?;
    body.opt_enum("original_speaker_gender", &["male", "female"])?;
    let gender = body.req_str("original_speaker_gender")?;
    body.opt_str("dialect")?;
    let accent = body.opt_str("accent")?;
    check_tagline(body.opt_str("tagline")?, "body.tagline")?;
    if let Some(access) = body.opt_obj("access")? {
        Obj::nested(access, "body.access").opt_enum("type", &["private", "public"])?;
    }
    find(&state.store().voices, &voice_id)?;
    let presentation = if gender == "male" {
        "masculine"
    } else {
        "feminine"
    };
    add_voice(
        &state,
        name,
        description,
        language,
        Some(presentation.to_owned()),
        accent,
    )
}
