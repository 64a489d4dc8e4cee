//! Answers that are not one JSON body: call audio streamed in chunks and a WebSocket. The
//! WebSocket route is an example for a coming issue: it checks the request's shape and
//! answers with synthetic audio, in the API's shapes. (The speech routes over HTTP are in
//! `speech.rs`.)

use std::convert::Infallible;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};

use axum::http::{header, HeaderValue, StatusCode};

use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use serde_json::{json, Value};

use super::S;
use crate::error::ApiError;
use crate::support::{Reply, P};

/// Bytes per piece of a streamed body.
pub(crate) const AUDIO_CHUNK: usize = 4096;
/// Sample rate of the synthetic audio.
const SAMPLE_RATE: u32 = 8000;

/// A mono 16-bit PCM WAV file of `samples` samples: a quiet 440 Hz tone.
pub(crate) fn wav(samples: u32) -> Vec<u8> {
    let data_len = samples * 2;
    let mut out = Vec::with_capacity(44 + data_len as usize);
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&(36 + data_len).to_le_bytes());
    out.extend_from_slice(b"WAVEfmt ");
    out.extend_from_slice(&16u32.to_le_bytes());
    out.extend_from_slice(&1u16.to_le_bytes()); // PCM
    out.extend_from_slice(&1u16.to_le_bytes()); // mono
    out.extend_from_slice(&SAMPLE_RATE.to_le_bytes());
    out.extend_from_slice(&(SAMPLE_RATE * 2).to_le_bytes());
    out.extend_from_slice(&2u16.to_le_bytes());
    out.extend_from_slice(&16u16.to_le_bytes());
    out.extend_from_slice(b"data");
    out.extend_from_slice(&data_len.to_le_bytes());
    pcm(samples, &mut out);
    out
}

/// Appends `samples` little-endian 16-bit samples of a quiet 440 Hz tone.
fn pcm(samples: u32, out: &mut Vec<u8>) {
    for i in 0..samples {
        let t = f64::from(i) / f64::from(SAMPLE_RATE);
        let sample = ((t * 440.0 * std::f64::consts::TAU).sin() * 3000.0) as i16;
        out.extend_from_slice(&sample.to_le_bytes());
    }
}

/// `body` as a stream of [`AUDIO_CHUNK`]-byte pieces (sent with chunked encoding).
fn chunked(body: Vec<u8>) -> Body {
    let body = Bytes::from(body);
    let pieces: Vec<Result<Bytes, Infallible>> = (0..body.len())
        .step_by(AUDIO_CHUNK)
        .map(|at| Ok(body.slice(at..(at + AUDIO_CHUNK).min(body.len()))))
        .collect();
    Body::from_stream(futures_util::stream::iter(pieces))
}

/// `GET /agents/calls/{call_id}/audio`: the call's recording, a WAV file streamed in
/// chunks; `404` for a call without one (in progress, failed, redacted or new).
pub(crate) async fn call_audio(state: S, P(call_id): P<String>) -> Reply {
    let seconds = {
        let store = state.store();
        let call = store
            .calls
            .iter()
            .find(|c| c.id() == call_id)
            .ok_or_else(|| ApiError::not_found("call_not_found", "Call"))?;
        if !call.audio {
            return Err(ApiError::not_found("audio_not_found", "Recording"));
        }
        // A few seconds, varying by call, so recordings differ in length.
        2 + call_id.bytes().map(u32::from).sum::<u32>() % 3
    };
    let mut response = Response::new(chunked(wav(seconds * SAMPLE_RATE)));
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("audio/wav"));
    Ok(response)
}

/// Checks a TTS generation request: `model_id`, `transcript`, `voice` and `output_format`
/// are required. Returns the transcript.
fn check_generation(body: &crate::support::Obj) -> Result<String, ApiError> {
    body.req_nonempty("model_id")?;
    let transcript = body.req_nonempty("transcript")?;
    body.opt_obj("voice")?
        .ok_or_else(|| ApiError::unprocessable("`body.voice` is required."))?;
    body.opt_obj("output_format")?
        .ok_or_else(|| ApiError::unprocessable("`body.output_format` is required."))?;
    Ok(transcript)
}

/// Synthetic raw audio for `transcript`, in chunks: about 60 ms of audio per character.
fn speech_chunks(transcript: &str) -> Vec<String> {
    let samples = (transcript.chars().count() as u32).clamp(1, 500) * SAMPLE_RATE * 6 / 100;
    let mut audio = Vec::new();
    pcm(samples, &mut audio);
    audio
        .chunks(AUDIO_CHUNK)
        .map(|c| base64::engine::general_purpose::STANDARD.encode(c))
        .collect()
}

/// `GET /tts/websocket`: a WebSocket; each text message is a generation request with a
/// `context_id`, answered with `chunk` messages and `done`; a bad message gets an `error`
/// message.
pub(crate) async fn tts_websocket(
    upgrade: Result<WebSocketUpgrade, axum::extract::ws::rejection::WebSocketUpgradeRejection>,
) -> Response {
    match upgrade {
        Ok(upgrade) => upgrade.on_upgrade(serve_socket),
        Err(e) => ApiError::new(
            StatusCode::BAD_REQUEST,
            Some("websocket_required"),
            "WebSocket required",
            format!("This route speaks WebSocket: {e}"),
        )
        .into_response(),
    }
}

/// One WebSocket session.
async fn serve_socket(mut socket: WebSocket) {
    while let Some(Ok(message)) = socket.recv().await {
        let text = match message {
            Message::Text(text) => text,
            Message::Close(_) => break,
            _ => continue,
        };
        for reply in socket_replies(text.as_str()) {
            if socket
                .send(Message::Text(reply.to_string().into()))
                .await
                .is_err()
            {
                return;
            }
            // Let the client read as the audio "arrives".
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
    }
}

/// The messages answering one text message.
fn socket_replies(text: &str) -> Vec<Value> {
    let error = |message: &str, context_id: Option<&str>| {
        let mut e = json!({
            "type": "error", "done": true, "status_code": 400, "error_code": "invalid_request",
            "title": "Invalid request", "message": message,
        });
        if let Some(c) = context_id {
            e["context_id"] = c.into();
        }
        vec![e]
    };
    let Ok(Value::Object(map)) = serde_json::from_str::<Value>(text) else {
        return error("Each message must be a JSON object.", None);
    };
    let body = crate::support::Obj::nested(map, "message");
    let Ok(Some(context_id)) = body.opt_str("context_id") else {
        return error("`context_id` is required.", None);
    };
    if body.map.get("cancel") == Some(&Value::Bool(true)) {
        return Vec::new();
    }
    let transcript = match check_generation(&body) {
        Ok(t) => t,
        Err(e) => return error(&e.message, Some(&context_id)),
    };
    let mut out: Vec<Value> = speech_chunks(&transcript)
        .into_iter()
        .enumerate()
        .map(|(i, data)| {
            json!({"type": "chunk", "data": data, "step_time": 12.5 + i as f64,
                   "done": false, "status_code": 206, "context_id": context_id})
        })
        .collect();
    out.push(json!({"type": "done", "done": true, "status_code": 200, "context_id": context_id}));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wav_header_is_consistent() {
        let file = wav(800);
        assert_eq!(file.len(), 44 + 1600);
        assert_eq!(&file[..4], b"RIFF");
        assert_eq!(
            u32::from_le_bytes([file[4], file[5], file[6], file[7]]),
            36 + 1600
        );
        assert_eq!(&file[36..40], b"data");
    }

    #[test]
    fn socket_answers_requests_and_reports_bad_ones() {
        let ok = socket_replies(
            r#"{"context_id":"c1","model_id":"sonic-3","transcript":"Hi","voice":{"mode":"id","id":"v"},"output_format":{"container":"raw","encoding":"pcm_s16le","sample_rate":8000}}"#,
        );
        assert_eq!(ok.last().unwrap()["type"], "done");
        assert_eq!(ok[0]["type"], "chunk");
        assert_eq!(ok[0]["context_id"], "c1");
        assert_eq!(socket_replies("nope")[0]["type"], "error");
        assert_eq!(
            socket_replies(r#"{"context_id":"c"}"#)[0]["context_id"],
            "c"
        );
    }
}
