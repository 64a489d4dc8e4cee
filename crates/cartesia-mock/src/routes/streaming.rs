//! Answers that are not one JSON body: call audio streamed in chunks. (The speech routes
//! over HTTP are in `speech.rs`, the WebSockets in `ws.rs`.)

use std::convert::Infallible;

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderValue};
use axum::response::Response;

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
}
