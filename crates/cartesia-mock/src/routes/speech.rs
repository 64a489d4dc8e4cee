//! Speech: text to speech (`/tts/bytes`, `/tts/sse`), the voice changer (`bytes`, `sse`),
//! infill, batch speech to text, access tokens and the API status, in the shapes of the
//! API's specification (`../shared/spec`, sections 4.1 to 4.4).
//!
//! Audio is made by [`crate::audio`]: its length grows with the transcript (50 ms per
//! character at speed 1.0) and it comes in the requested container, encoding and sample
//! rate, streamed in pieces. SSE streams send `chunk` events of base64 audio, word and
//! phoneme `timestamps` events when asked, and a final `done`.

use std::convert::Infallible;

use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue};
use axum::response::sse::{Event, Sse};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use serde_json::{json, Map, Value};

use super::S;
use crate::audio::{self, Encoding, Format, Speech};
use crate::error::ApiError;
use crate::support::{ok, JsonBody, Obj, Reply, Q};

/// The longest transcript the mock speaks (about 4 minutes of audio).
pub(crate) const MAX_TRANSCRIPT_CHARS: usize = 5000;
/// The version `GET /` reports.
const API_VERSION: &str = "2026-03-01";

/// A multipart form, read whole: (name, file name, bytes) per part, in order.
pub(crate) struct Form(Vec<(String, Option<String>, Bytes)>);

impl Form {
    /// Reads a `multipart/form-data` body; anything else is a `400`.
    pub(crate) async fn read(req: Request) -> Result<Form, ApiError> {
        let mut multipart = Multipart::from_request(req, &()).await.map_err(|e| {
            ApiError::invalid_request(format!("Expected a multipart/form-data body: {e}"))
        })?;
        let malformed = |e: axum::extract::multipart::MultipartError| {
            ApiError::invalid_request(format!("The multipart body is malformed: {e}"))
        };
        let mut parts = Vec::new();
        while let Some(field) = multipart.next_field().await.map_err(malformed)? {
            let name = field.name().unwrap_or_default().to_owned();
            let file_name = field.file_name().map(str::to_owned);
            let bytes = field.bytes().await.map_err(malformed)?;
            parts.push((name, file_name, bytes));
        }
        Ok(Form(parts))
    }

    /// Every value of the text field `name`.
    pub(crate) fn texts(&self, name: &str) -> Result<Vec<String>, ApiError> {
        self.0
            .iter()
            .filter(|(n, _, _)| n == name)
            .map(|(_, _, bytes)| {
                String::from_utf8(bytes.to_vec())
                    .map_err(|_| ApiError::unprocessable(format!("`{name}` must be UTF-8 text.")))
            })
            .collect()
    }

    /// The text field `name`, if sent.
    pub(crate) fn text(&self, name: &str) -> Result<Option<String>, ApiError> {
        Ok(self.texts(name)?.into_iter().next())
    }

    /// The non-empty text field `name`; `422` if missing.
    pub(crate) fn required(&self, name: &str) -> Result<String, ApiError> {
        self.text(name)?
            .filter(|v| !v.is_empty())
            .ok_or_else(|| ApiError::unprocessable(format!("The `{name}` field is required.")))
    }

    /// The file part `name`, if sent.
    fn opt_file(&self, name: &str) -> Option<Bytes> {
        self.0
            .iter()
            .find(|(n, _, _)| n == name)
            .map(|(_, _, b)| b.clone())
    }

    /// The file part `name`; `422` if missing.
    pub(crate) fn file(&self, name: &str) -> Result<Bytes, ApiError> {
        self.opt_file(name)
            .ok_or_else(|| ApiError::unprocessable(format!("The `{name}` part is required.")))
    }

    /// The `output_format[...]` fields as the JSON object they stand for.
    fn output_format(&self) -> Result<Map<String, Value>, ApiError> {
        let mut map = Map::new();
        for key in ["container", "encoding", "sample_rate", "bit_rate"] {
            if let Some(v) = self.text(&format!("output_format[{key}]"))? {
                let value = match key {
                    "container" | "encoding" => Value::String(v),
                    _ => v.parse::<i64>().map(Value::from).map_err(|_| {
                        ApiError::unprocessable(format!(
                            "`output_format[{key}]` must be an integer."
                        ))
                    })?,
                };
                map.insert(key.into(), value);
            }
        }
        if map.is_empty() {
            return Err(ApiError::unprocessable(
                "The `output_format[container]` field is required.",
            ));
        }
        Ok(map)
    }
}

/// An integer field of `format` that must be one of `allowed`.
fn one_of(format: &Obj, key: &str, allowed: &[i64]) -> Result<u32, ApiError> {
    let value = format
        .opt_int(key)?
        .ok_or_else(|| ApiError::unprocessable(format!("`output_format.{key}` is required.")))?;
    if !allowed.contains(&value) {
        let list: Vec<String> = allowed.iter().map(i64::to_string).collect();
        return Err(ApiError::unprocessable(format!(
            "`output_format.{key}` must be one of {}.",
            list.join(", ")
        )));
    }
    Ok(value as u32)
}

/// Checks an `OutputFormat` (`raw_only` for the SSE routes).
pub(crate) fn output_format(map: Map<String, Value>, raw_only: bool) -> Result<Format, ApiError> {
    let format = Obj::nested(map, "output_format");
    let containers: &[&str] = if raw_only {
        &["raw"]
    } else {
        &["raw", "wav", "mp3"]
    };
    format.opt_enum("container", containers)?;
    let container = format.req_str("container")?;
    let rate = one_of(&format, "sample_rate", &audio::SAMPLE_RATES)?;
    if container == "mp3" {
        return Ok(Format::Mp3(
            rate,
            one_of(&format, "bit_rate", &audio::BIT_RATES)?,
        ));
    }
    format.opt_enum("encoding", &audio::ENCODINGS)?;
    let encoding = Encoding::from_name(&format.req_str("encoding")?)
        .ok_or_else(|| ApiError::unprocessable("`output_format.encoding` is required."))?;
    Ok(if container == "wav" {
        Format::Wav(encoding, rate)
    } else {
        Format::Raw(encoding, rate)
    })
}

/// A number field of `obj` within `range`.
fn number(
    obj: &Obj,
    key: &str,
    range: std::ops::RangeInclusive<f64>,
) -> Result<Option<f64>, ApiError> {
    match obj.map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => match n.as_f64() {
            Some(v) if range.contains(&v) => Ok(Some(v)),
            _ => Err(ApiError::unprocessable(format!(
                "`generation_config.{key}` must be between {} and {}.",
                range.start(),
                range.end()
            ))),
        },
        Some(_) => Err(ApiError::unprocessable(format!(
            "`generation_config.{key}` must be a number."
        ))),
    }
}

/// Checks that voice `id` exists (`404` `"voice_not_found"`).
fn check_voice(state: &S, id: &str) -> Result<(), ApiError> {
    if state.store().voices.iter().any(|v| v["id"] == id) {
        Ok(())
    } else {
        Err(ApiError::not_found("voice_not_found", "Voice"))
    }
}

/// Checks a transcript's length.
fn check_transcript(transcript: &str) -> Result<(), ApiError> {
    if transcript.trim().is_empty() {
        return Err(ApiError::unprocessable("`transcript` must not be empty."));
    }
    if transcript.chars().count() > MAX_TRANSCRIPT_CHARS {
        return Err(ApiError::unprocessable(format!(
            "`transcript` is longer than the mock's {MAX_TRANSCRIPT_CHARS} characters."
        )));
    }
    Ok(())
}

/// A checked generation request (`TTSRequest` or `TTSSSERequest`).
pub(crate) struct Generation {
    pub(crate) transcript: String,
    pub(crate) speech: Speech,
    pub(crate) format: Format,
}

impl Generation {
    /// Checks `body`: `model_id`, `transcript`, `voice` (`{mode: "id", id}` of a known voice)
    /// and `output_format` required; `generation_config` ranges; `speed` enum.
    pub(crate) fn check(state: &S, body: &Obj, sse: bool) -> Result<Generation, ApiError> {
        body.req_nonempty("model_id")?;
        let transcript = body.req_str("transcript")?;
        check_transcript(&transcript)?;
        let voice = body
            .opt_obj("voice")?
            .ok_or_else(|| ApiError::unprocessable("`body.voice` is required."))?;
        let voice = Obj::nested(voice, "body.voice");
        voice.opt_enum("mode", &["id"])?;
        voice.req_str("mode")?;
        let voice_id = voice.req_nonempty("id")?;
        body.opt_str("language")?;
        body.opt_str("pronunciation_dict_id")?;
        let legacy = body.opt_enum("speed", &["slow", "normal", "fast"])?;
        let (mut speed, mut volume) = (None, None);
        if let Some(config) = body.opt_obj("generation_config")? {
            let config = Obj::nested(config, "body.generation_config");
            volume = number(&config, "volume", 0.5..=2.0)?;
            speed = number(&config, "speed", 0.6..=1.5)?;
            config.opt_str("emotion")?;
        }
        let speed = speed.unwrap_or(match legacy.as_deref() {
            Some("slow") => 0.8,
            Some("fast") => 1.25,
            _ => 1.0,
        });
        let format = body
            .opt_obj("output_format")?
            .ok_or_else(|| ApiError::unprocessable("`body.output_format` is required."))?;
        let format = output_format(format, sse)?;
        for key in [
            "save",
            "add_timestamps",
            "add_phoneme_timestamps",
            "use_normalized_timestamps",
        ] {
            flag(body, key)?;
        }
        check_voice(state, &voice_id)?;
        let speech = Speech::new(
            &transcript,
            &voice_id,
            format.rate(),
            speed,
            volume.unwrap_or(1.0),
        );
        Ok(Generation {
            transcript,
            speech,
            format,
        })
    }
}

/// An optional boolean of `body`.
pub(crate) fn flag(body: &Obj, key: &str) -> Result<bool, ApiError> {
    match body.map.get(key) {
        None | Some(Value::Null) => Ok(false),
        Some(Value::Bool(b)) => Ok(*b),
        Some(_) => Err(ApiError::unprocessable(format!(
            "`body.{key}` must be a boolean."
        ))),
    }
}

/// A streamed audio answer.
fn audio_response(speech: Speech, format: Format) -> Response {
    let pieces = speech
        .body(format)
        .map(|p| Ok::<Bytes, Infallible>(Bytes::from(p)));
    let mut response = Response::new(Body::from_stream(futures_util::stream::iter(pieces)));
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(format.content_type()),
    );
    response
}

/// `POST /tts/bytes` with a `TTSRequest`: the audio, streamed; `save: true` adds a
/// `Cartesia-File-ID` header.
pub(crate) async fn tts_bytes(state: S, JsonBody(body): JsonBody) -> Reply {
    let generation = Generation::check(&state, &body, false)?;
    let mut response = audio_response(generation.speech, generation.format);
    if flag(&body, "save")? {
        let id = state.store().ids.next("file");
        if let Ok(value) = HeaderValue::from_str(&id) {
            response
                .headers_mut()
                .insert(HeaderName::from_static("cartesia-file-id"), value);
        }
    }
    Ok(response)
}

/// The words of `transcript` with their start and end times, for slots of `slot`
/// seconds; each letter of a word is one "phoneme".
pub(crate) fn words(transcript: &str, slot: f64) -> Vec<(String, f64, f64)> {
    let mut out = Vec::new();
    let mut current: Option<(String, usize)> = None;
    for (i, c) in transcript.chars().chain(std::iter::once(' ')).enumerate() {
        match (&mut current, c.is_whitespace()) {
            (None, false) => current = Some((c.to_string(), i)),
            (Some((word, _)), false) => word.push(c),
            (Some(_), true) => {
                if let Some((word, start)) = current.take() {
                    out.push((word, ms(start as f64 * slot), ms(i as f64 * slot)));
                }
            }
            (None, true) => {}
        }
    }
    out
}

/// `seconds` rounded to the millisecond.
pub(crate) fn ms(seconds: f64) -> f64 {
    (seconds * 1000.0).round() / 1000.0
}

/// A `timestamps` or `phoneme_timestamps` event for `items`.
pub(crate) fn timestamps_event(
    kind: &str,
    field: &str,
    list: &str,
    items: &[(String, f64, f64)],
    context: &Option<String>,
) -> Value {
    let mut event = json!({
        "type": kind, "done": false, "status_code": 206,
        field: {
            list: items.iter().map(|i| i.0.clone()).collect::<Vec<_>>(),
            "start": items.iter().map(|i| i.1).collect::<Vec<_>>(),
            "end": items.iter().map(|i| i.2).collect::<Vec<_>>(),
        },
    });
    if let Some(c) = context {
        event["context_id"] = c.clone().into();
    }
    event
}

/// An SSE answer of `events` (each named by its `type`, if it has one).
fn sse(events: Vec<Value>) -> Response {
    let events: Vec<Result<Event, Infallible>> = events
        .into_iter()
        .map(|e| {
            let event = Event::default().data(e.to_string());
            Ok(match e["type"].as_str() {
                Some(kind) => event.event(kind),
                None => event,
            })
        })
        .collect();
    Sse::new(futures_util::stream::iter(events)).into_response()
}

/// `POST /tts/sse` with a `TTSSSERequest` (raw output only): `chunk` events with base64
/// audio; with `add_timestamps` / `add_phoneme_timestamps`, `timestamps` and
/// `phoneme_timestamps` events for the words each chunk completes; then `done`.
pub(crate) async fn tts_sse(state: S, JsonBody(body): JsonBody) -> Reply {
    let generation = Generation::check(&state, &body, true)?;
    let context = body.opt_str("context_id")?;
    let (add_words, add_phonemes) = (
        flag(&body, "add_timestamps")?,
        flag(&body, "add_phoneme_timestamps")?,
    );
    let Format::Raw(encoding, rate) = generation.format else {
        return Err(ApiError::unprocessable(
            "`output_format.container` must be `raw`.",
        ));
    };
    let slot = generation.speech.slot_seconds();
    let mut pending = words(&generation.transcript, slot).into_iter().peekable();
    let seconds_per_chunk = (audio::CHUNK_BYTES / encoding.width()) as f64 / f64::from(rate);
    let mut events = Vec::new();
    let chunks: Vec<Vec<u8>> = generation.speech.pcm_chunks(encoding).collect();
    let last = chunks.len().saturating_sub(1);
    for (i, chunk) in chunks.into_iter().enumerate() {
        let mut event = json!({
            "type": "chunk", "done": false, "status_code": 206, "step_time": 12.5 + i as f64,
            "data": base64::engine::general_purpose::STANDARD.encode(chunk),
        });
        if let Some(c) = &context {
            event["context_id"] = c.clone().into();
        }
        events.push(event);
        let until = (i + 1) as f64 * seconds_per_chunk;
        let mut done_words = Vec::new();
        while let Some(word) = pending.next_if(|w| i == last || w.2 <= until + 1e-9) {
            done_words.push(word);
        }
        if done_words.is_empty() {
            continue;
        }
        if add_words {
            events.push(timestamps_event(
                "timestamps",
                "word_timestamps",
                "words",
                &done_words,
                &context,
            ));
        }
        if add_phonemes {
            let phonemes: Vec<(String, f64, f64)> = done_words
                .iter()
                .flat_map(|(word, start, _)| {
                    word.chars().enumerate().map(move |(k, c)| {
                        (
                            c.to_lowercase().to_string(),
                            ms(start + k as f64 * slot),
                            ms(start + (k + 1) as f64 * slot),
                        )
                    })
                })
                .collect();
            events.push(timestamps_event(
                "phoneme_timestamps",
                "phoneme_timestamps",
                "phonemes",
                &phonemes,
                &context,
            ));
        }
    }
    let mut done = json!({"type": "done", "done": true, "status_code": 200});
    if let Some(c) = &context {
        done["context_id"] = c.clone().into();
    }
    events.push(done);
    Ok(sse(events))
}

/// The voice changer's input: the converted speech (as long as the clip) and its format.
fn voice_change(state: &S, form: &Form, raw_only: bool) -> Result<(Speech, Format), ApiError> {
    let clip = form.file("clip")?;
    if clip.is_empty() {
        return Err(ApiError::unprocessable("The `clip` part is empty."));
    }
    let voice_id = form.required("voice[id]")?;
    let format = output_format(form.output_format()?, raw_only)?;
    check_voice(state, &voice_id)?;
    // One "character" per 50 ms of the clip: the output lasts as long as the input.
    let seconds = audio::duration(&clip).unwrap_or(clip.len() as f64 / 32_000.0);
    let slots =
        ((seconds / audio::SECONDS_PER_CHAR).ceil() as usize).clamp(1, 20 * MAX_TRANSCRIPT_CHARS);
    let text: String = (0..slots)
        .map(|i| char::from(b'a' + (i % 26) as u8))
        .collect();
    Ok((
        Speech::new(&text, &voice_id, format.rate(), 1.0, 1.0),
        format,
    ))
}

/// `POST /voice-changer/bytes`, multipart `clip`, `voice[id]`, `output_format[...]`:
/// the clip in the new voice, streamed.
pub(crate) async fn voice_changer_bytes(state: S, req: Request) -> Reply {
    let form = Form::read(req).await?;
    let (speech, format) = voice_change(&state, &form, false)?;
    Ok(audio_response(speech, format))
}

/// `POST /voice-changer/sse`: chunk events without `type` (`status_code` 206, with
/// `sample_rate`), then `{"status_code": 200, "done": true}`.
pub(crate) async fn voice_changer_sse(state: S, req: Request) -> Reply {
    let form = Form::read(req).await?;
    let (speech, format) = voice_change(&state, &form, true)?;
    let Format::Raw(encoding, rate) = format else {
        return Err(ApiError::unprocessable(
            "`output_format[container]` must be `raw`.",
        ));
    };
    let mut events: Vec<Value> = speech
        .pcm_chunks(encoding)
        .enumerate()
        .map(|(i, chunk)| {
            json!({"status_code": 206, "done": false, "sample_rate": rate, "step_time": 8.0 + i as f64,
                   "data": base64::engine::general_purpose::STANDARD.encode(chunk)})
        })
        .collect();
    events.push(json!({"status_code": 200, "done": true}));
    Ok(sse(events))
}

/// `POST /infill/bytes`, multipart: `left_audio` and/or `right_audio`, `model_id`,
/// `transcript`, `voice_id`, `language`, `output_format[...]`: the infill audio.
pub(crate) async fn infill_bytes(state: S, req: Request) -> Reply {
    let form = Form::read(req).await?;
    let left = form.opt_file("left_audio");
    let right = form.opt_file("right_audio");
    if left.iter().chain(right.iter()).all(Bytes::is_empty) {
        return Err(ApiError::unprocessable(
            "At least one of `left_audio` and `right_audio` is required.",
        ));
    }
    form.required("model_id")?;
    let transcript = form.required("transcript")?;
    check_transcript(&transcript)?;
    let voice_id = form.required("voice_id")?;
    let format = output_format(form.output_format()?, false)?;
    check_voice(&state, &voice_id)?;
    Ok(audio_response(
        Speech::new(&transcript, &voice_id, format.rate(), 1.0, 1.0),
        format,
    ))
}

/// The encodings of headerless STT input (query `encoding`).
pub(crate) const STT_ENCODINGS: [&str; 6] = [
    "pcm_s16le",
    "pcm_s32le",
    "pcm_f16le",
    "pcm_f32le",
    "pcm_mulaw",
    "pcm_alaw",
];

/// The words the mock "hears", picked by the audio's bytes.
pub(crate) const HEARD: [&str; 16] = [
    "hello",
    "there",
    "this",
    "is",
    "a",
    "mock",
    "transcript",
    "of",
    "your",
    "audio",
    "with",
    "words",
    "and",
    "timing",
    "from",
    "cartesia",
];

/// `POST /stt`, multipart `file`, `model` (required), `language`,
/// `timestamp_granularities[]` (`word`); query `encoding` and `sample_rate` for headerless
/// PCM: a `TranscriptionResponse`, one word per 400 ms of audio, chosen by the audio's
/// bytes, with word times when asked.
pub(crate) async fn stt(state: S, q: Q, req: Request) -> Reply {
    let form = Form::read(req).await?;
    let file = form.file("file")?;
    if file.is_empty() {
        return Err(ApiError::unprocessable("The `file` part is empty."));
    }
    form.required("model")?;
    let language = form.text("language")?.unwrap_or_else(|| "en".to_owned());
    let mut with_words = false;
    for granularity in form.texts("timestamp_granularities[]")? {
        if granularity != "word" {
            return Err(ApiError::unprocessable(
                "`timestamp_granularities[]` must be `word`.",
            ));
        }
        with_words = true;
    }
    let encoding = q.get("encoding");
    if let Some(e) = encoding.filter(|e| !STT_ENCODINGS.contains(e)) {
        return Err(ApiError::invalid_request(format!(
            "`encoding` `{e}` is not supported."
        )));
    }
    let rate = q.int("sample_rate", 1..=192_000)?.unwrap_or(16_000) as f64;
    let duration = match encoding {
        Some(e) => {
            let width = match e {
                "pcm_s32le" | "pcm_f32le" => 4.0,
                "pcm_mulaw" | "pcm_alaw" => 1.0,
                _ => 2.0,
            };
            file.len() as f64 / width / rate
        }
        None => audio::duration(&file).unwrap_or(file.len() as f64 / 16_000.0),
    };
    let count = ((duration / 0.4).round() as usize).max(1);
    let mut seed = file.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3)
    });
    let step = duration / count as f64;
    let mut text = Vec::with_capacity(count);
    let mut timed = Vec::with_capacity(count);
    for i in 0..count {
        seed = seed.rotate_left(7).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        let word = HEARD[(seed >> 60) as usize];
        text.push(word);
        timed.push(json!({"word": word, "start": i as f64 * step, "end": (i as f64 + 0.8) * step}));
    }
    let request_id = state.store().ids.next("stt");
    let mut answer = json!({
        "type": "transcript", "request_id": request_id, "text": format!("{}.", text.join(" ")),
        "language": language, "duration": duration, "is_final": true,
    });
    if with_words {
        answer["words"] = Value::Array(timed);
    }
    Ok(ok(&answer))
}

/// The bearer token of a request.
pub(crate) fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            let (scheme, token) = v.trim().split_once(' ')?;
            scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
        })
}

/// `POST /access-token` with a `TokenRequest` (`grants` of `tts`, `stt`, `agent`;
/// `expires_in` at most 3600): `{"token"}`. Only an API key may ask: a token cannot.
pub(crate) async fn access_token(state: S, headers: HeaderMap, JsonBody(body): JsonBody) -> Reply {
    if let Some(grants) = body.opt_obj("grants")? {
        let grants = Obj::nested(grants, "body.grants");
        for key in ["tts", "stt", "agent"] {
            flag(&grants, key)?;
        }
    }
    if let Some(secs) = body.opt_int("expires_in")? {
        if !(1..=3600).contains(&secs) {
            return Err(ApiError::unprocessable(
                "`body.expires_in` must be between 1 and 3600 seconds.",
            ));
        }
    }
    let mut store = state.store();
    if bearer(&headers).is_some_and(|t| store.access_tokens.iter().any(|k| k == t)) {
        return Err(ApiError::new(
            axum::http::StatusCode::UNAUTHORIZED,
            Some("invalid_api_key"),
            "Unauthorized",
            "Access tokens are made with an API key, not with another token.",
        ));
    }
    let token = format!("{}_{}", store.ids.next("tok"), "mock");
    store.access_tokens.push(token.clone());
    Ok(ok(&json!({ "token": token })))
}

/// `GET /` (no credentials needed): `{"ok": true, "version"}`.
pub(crate) async fn status() -> Reply {
    Ok(ok(&json!({"ok": true, "version": API_VERSION})))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_have_times_by_character_slot() {
        let w = words("  Hi  there ", 0.05);
        assert_eq!(w.len(), 2);
        assert_eq!(w[0].0, "Hi");
        assert!((w[0].1 - 0.10).abs() < 1e-9 && (w[0].2 - 0.20).abs() < 1e-9);
        assert_eq!(w[1].0, "there");
        assert!((w[1].1 - 0.30).abs() < 1e-9 && (w[1].2 - 0.55).abs() < 1e-9);
    }

    #[test]
    fn output_formats_need_their_fields() {
        let f = |v: Value, raw_only: bool| match v {
            Value::Object(m) => output_format(m, raw_only),
            _ => unreachable!(),
        };
        assert_eq!(
            f(
                json!({"container": "wav", "encoding": "pcm_s16le", "sample_rate": 44100}),
                false
            )
            .unwrap(),
            Format::Wav(Encoding::S16, 44100)
        );
        assert_eq!(
            f(
                json!({"container": "mp3", "sample_rate": 24000, "bit_rate": 128000}),
                false
            )
            .unwrap(),
            Format::Mp3(24000, 128000)
        );
        for bad in [
            json!({"container": "wav", "sample_rate": 44100}),
            json!({"container": "wav", "encoding": "pcm_s16le", "sample_rate": 44000}),
            json!({"container": "mp3", "sample_rate": 24000}),
            json!({"container": "ogg", "sample_rate": 24000}),
            json!({"sample_rate": 24000}),
        ] {
            assert_eq!(f(bad.clone(), false).unwrap_err().status, 422, "{bad}");
        }
        assert!(f(
            json!({"container": "wav", "encoding": "pcm_s16le", "sample_rate": 8000}),
            true
        )
        .is_err());
    }
}
