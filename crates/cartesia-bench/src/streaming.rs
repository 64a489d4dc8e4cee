//! The streaming pairs: streamed TTS audio (`POST /tts/bytes`, [`data::AUDIO_BYTES`] per
//! call) through the SDK's two clients against a hand-written reqwest and a hand-written ureq
//! streaming call of the same body, and SSE decoding through the SDK's decoder and event types
//! against a minimal hand-written line loop ([`crate::sse`]). Each run is a process of its
//! own, like the per-call clients; the measures are CPU per MiB of body and, for audio, the
//! time to the first byte.
//!
//! The hand-written audio calls are the plainest correct ones: one reused client (agent)
//! with the library's defaults, the two headers the API needs and `Content-Type` for the
//! JSON body, the status checked, the body read chunk by chunk (reqwest: `chunk()`; ureq: a
//! 64 KiB buffer, as the SDK's `bytes_to`) into the same writer that keeps nothing.

use std::hint::black_box;
use std::io::{Read, Write};
use std::time::{Duration, Instant};

use cartesia_types::tts::{OutputFormat, TtsRequest, VoiceSpecifier};
use http::header::CONTENT_TYPE;

use crate::clients::{
    current_thread_runtime, finish, plain_headers, sdk_reqwest, sdk_ureq, Measurement, API_KEY,
    AUDIO, MODEL, VOICE,
};
use crate::runner::median;
use crate::{data, measure, server, sse};

kinds! {
    /// One of the streaming runs.
    pub enum StreamKind {
        /// `client.tts().bytes_stream(..)` on the SDK's async client, chunks until the end.
        TtsReqwestSdk => "tts-reqwest-sdk",
        /// A hand-written reqwest POST, `chunk()` until the end.
        TtsReqwestPlain => "tts-reqwest-plain",
        /// `client.tts().bytes_to(.., writer)` on the SDK's blocking client.
        TtsUreqSdk => "tts-ureq-sdk",
        /// A hand-written ureq POST, the body read in 64 KiB steps.
        TtsUreqPlain => "tts-ureq-plain",
        /// `sse::EventDecoder<TtsSseEvent>` over a recorded-shape stream.
        SseSdk => "sse-sdk",
        /// The minimal hand-written SSE line loop over the same stream.
        SsePlain => "sse-plain",
    }
}

/// The request every audio run sends.
fn tts_request() -> TtsRequest {
    let (encoding, rate) = AUDIO;
    TtsRequest::new(
        MODEL,
        "The benchmark's transcript.",
        VoiceSpecifier::id(VOICE),
        OutputFormat::raw(encoding, rate),
    )
}

/// A writer that keeps nothing: counts the bytes and notes when the first one came.
struct Discard {
    started: Instant,
    first: Option<Duration>,
    bytes: u64,
}

impl Discard {
    fn new() -> Self {
        Self {
            started: Instant::now(),
            first: None,
            bytes: 0,
        }
    }

    fn take(&mut self, buf: &[u8]) {
        if self.first.is_none() && !buf.is_empty() {
            self.first = Some(self.started.elapsed());
        }
        self.bytes += buf.len() as u64;
        black_box(buf);
    }

    /// The call's bytes and time to first byte, checked against the expected length.
    fn done(self) -> Result<(u64, Duration), String> {
        if self.bytes != data::AUDIO_BYTES as u64 {
            return Err(format!(
                "expected {} audio bytes, got {}",
                data::AUDIO_BYTES,
                self.bytes
            ));
        }
        Ok((self.bytes, self.first.unwrap_or_default()))
    }
}

impl Write for Discard {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.take(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Runs `warmup` then `calls` calls of `call` (each returns its bytes and time to first
/// byte) and measures the `calls`.
fn run_calls(
    warmup: u64,
    calls: u64,
    mut call: impl FnMut() -> Result<(u64, Duration), String>,
) -> Result<Measurement, String> {
    for _ in 0..warmup {
        call()?;
    }
    let before = measure::usage();
    let started = Instant::now();
    let mut bytes = 0;
    let mut ttfb = Vec::new();
    for _ in 0..calls {
        let (n, first) = call()?;
        bytes += n;
        ttfb.push(first.as_secs_f64());
    }
    let mut m = finish(calls, before, started);
    m.bytes = bytes;
    m.ttfb = Duration::from_secs_f64(median(ttfb).max(0.0));
    Ok(m)
}

/// One measured streaming run of `kind` (`calls` audio calls, or `calls` decodes of the SSE
/// stream).
pub fn measure(
    kind: StreamKind,
    base_url: &str,
    warmup: u64,
    calls: u64,
) -> Result<Measurement, String> {
    let url = format!("{}{}", base_url.trim_end_matches('/'), server::TTS_PATH);
    let err = |e: &dyn std::fmt::Display| e.to_string();
    match kind {
        StreamKind::TtsReqwestSdk => {
            let rt = current_thread_runtime()?;
            let client = sdk_reqwest(base_url)?;
            run_calls(warmup, calls, || {
                rt.block_on(async {
                    let mut out = Discard::new();
                    let mut audio = client
                        .tts()
                        .bytes_stream(tts_request())
                        .await
                        .map_err(|e| err(&e))?;
                    while let Some(chunk) = audio.body.next_chunk().await.map_err(|e| err(&e))? {
                        out.take(&chunk);
                    }
                    out.done()
                })
            })
        }
        StreamKind::TtsReqwestPlain => {
            let rt = current_thread_runtime()?;
            let client = reqwest::Client::builder()
                .default_headers(plain_headers())
                .build()
                .map_err(|e| err(&e))?;
            run_calls(warmup, calls, || {
                rt.block_on(async {
                    let mut out = Discard::new();
                    let body = serde_json::to_vec(&tts_request()).map_err(|e| err(&e))?;
                    let mut response = client
                        .post(&url)
                        .header(CONTENT_TYPE, "application/json")
                        .body(body)
                        .send()
                        .await
                        .map_err(|e| err(&e))?;
                    if !response.status().is_success() {
                        return Err(format!("HTTP {}", response.status()));
                    }
                    while let Some(chunk) = response.chunk().await.map_err(|e| err(&e))? {
                        out.take(&chunk);
                    }
                    out.done()
                })
            })
        }
        StreamKind::TtsUreqSdk => {
            let client = sdk_ureq(base_url)?;
            run_calls(warmup, calls, || {
                let mut out = Discard::new();
                client
                    .tts()
                    .bytes_to(tts_request(), &mut out)
                    .map_err(|e| err(&e))?;
                out.done()
            })
        }
        StreamKind::TtsUreqPlain => {
            let agent = ureq::Agent::new_with_defaults();
            let auth = format!("Bearer {API_KEY}");
            let version = cartesia_core::ApiVersion::default().as_str().to_owned();
            run_calls(warmup, calls, || {
                let mut out = Discard::new();
                let body = serde_json::to_vec(&tts_request()).map_err(|e| err(&e))?;
                let response = agent
                    .post(&url)
                    .header("authorization", &auth)
                    .header("cartesia-version", &version)
                    .header("content-type", "application/json")
                    .send(&body[..])
                    .map_err(|e| err(&e))?;
                let mut reader = response.into_body().into_reader();
                let mut buf = vec![0u8; 64 * 1024];
                loop {
                    match reader.read(&mut buf) {
                        Ok(0) => break,
                        Ok(n) => out.take(&buf[..n]),
                        Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                        Err(e) => return Err(err(&e)),
                    }
                }
                out.done()
            })
        }
        StreamKind::SseSdk | StreamKind::SsePlain => {
            let input = sse::stream(SSE_CHUNKS, SSE_AUDIO);
            let decode = if kind == StreamKind::SseSdk {
                sse::sdk
            } else {
                sse::hand_written
            };
            run_calls(warmup, calls, || {
                let audio = decode(black_box(&input));
                if audio != SSE_CHUNKS * SSE_AUDIO {
                    return Err(format!("decoded {audio} audio bytes"));
                }
                Ok((input.len() as u64, Duration::ZERO))
            })
        }
    }
}

/// The SSE stream decoded: 96 chunk events of 8 KiB audio (about 1 MiB of events).
const SSE_CHUNKS: usize = 96;
const SSE_AUDIO: usize = 8 * 1024;

/// The pairs the runner measures: (what, SDK, hand-written).
pub fn pairs(libraries: &[&str]) -> Vec<(&'static str, StreamKind, StreamKind)> {
    let mut out = Vec::new();
    for library in libraries {
        match *library {
            "reqwest" => out.push((
                "tts-stream reqwest",
                StreamKind::TtsReqwestSdk,
                StreamKind::TtsReqwestPlain,
            )),
            "ureq" => out.push((
                "tts-stream ureq",
                StreamKind::TtsUreqSdk,
                StreamKind::TtsUreqPlain,
            )),
            _ => {}
        }
    }
    out.push(("sse-decode", StreamKind::SseSdk, StreamKind::SsePlain));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_cover_every_kind() {
        let all = pairs(&["reqwest", "ureq"]);
        let mut kinds: Vec<StreamKind> = all.iter().flat_map(|p| [p.1, p.2]).collect();
        kinds.sort();
        assert_eq!(kinds, StreamKind::ALL);
        assert_eq!(pairs(&["ureq"]).len(), 2);
    }

    #[test]
    fn both_sse_decoders_agree() {
        let input = sse::stream(4, 1000);
        assert_eq!(sse::sdk(&input), 4000);
        assert_eq!(sse::hand_written(&input), 4000);
        let m = measure(StreamKind::SseSdk, "http://127.0.0.1:1", 1, 2).unwrap();
        assert_eq!(m.calls, 2);
        assert_eq!(m.bytes, 2 * sse::stream(SSE_CHUNKS, SSE_AUDIO).len() as u64);
    }
}
