//! The WebSocket pairs: streaming TTS over `/tts/websocket` through the SDK's two sockets
//! against a hand-written tokio-tungstenite client and a hand-written tungstenite client that
//! decode the same messages, and the memory an SDK socket holds while its consumer stops
//! reading.
//!
//! **The server** ([`serve`]) is tokio-tungstenite on a current-thread runtime on 127.0.0.1,
//! in its own process (`cartesia-bench serve-ws`), pinned like the HTTP bench server. It
//! refuses an upgrade without `Authorization: Bearer …` and `Cartesia-Version`, or on another
//! path, with a 400. For every generation request that ends its context's input (`continue`
//! absent or `false`) it answers, as the API's TTS socket does, [`CHUNKS`] `chunk` messages
//! (the base64 of [`CHUNK_BYTES`] of raw PCM, the context id, `done: false`, `status_code`
//! 206, a `step_time`) and then `done`; a context whose id starts with `hold` gets
//! [`HOLD_CHUNKS`] chunks instead (the memory run). Requests with `continue: true` and cancels
//! are read and need no answer.
//!
//! **The runs**, each a process of its own with one socket for all its contexts: per context,
//! the same two requests (the text with `continue: true`, then the end of input), then every
//! message up to `done`, the audio bytes counted.
//!
//! | run | what it is |
//! |---|---|
//! | `ws-reqwest-sdk` | `client.tts().websocket().await`, `socket.context(template)`, `push`, `finish`, `ctx.next().await` until `Done` |
//! | `ws-reqwest-plain` | `tokio_tungstenite::client_async` over a `TcpStream` (`TCP_NODELAY`, as the SDK), the two headers, the two requests as `serde_json` of the same `TtsWsRequest`s, `next().await` decoded with `serde_json` into a small borrowed struct and `base64` of `data` |
//! | `ws-ureq-sdk` | `client.tts().websocket()` on the blocking client, the same calls, `ctx.next()` (its iterator) until `Done` |
//! | `ws-ureq-plain` | `tungstenite::client` over a `std::net::TcpStream`, the same requests and decoding, `read()` until `done` |
//! | `ws-reqwest-hold`, `ws-ureq-hold` | one normal context (warm-up), then a `hold` context that is not read for a while: the RSS sampled meanwhile, then the context read to its end |

use std::borrow::Cow;
use std::hint::black_box;
use std::io;
use std::net::TcpListener;
use std::time::{Duration, Instant};

use base64::Engine as _;
use cartesia_core::ws::{TtsEvent, WsConfig};
use cartesia_types::ws::{TtsWsRequest, WsOutputFormat};
use futures_util::{SinkExt, StreamExt};
use serde::Deserialize;
use tokio_tungstenite::tungstenite;
use tungstenite::client::IntoClientRequest;
use tungstenite::handshake::server::{ErrorResponse, Request, Response};
use tungstenite::{Message, Utf8Bytes};

use crate::clients::{
    current_thread_runtime, finish, sdk_reqwest, sdk_ureq, Measurement, API_KEY, AUDIO, MODEL,
    VOICE,
};
use crate::{data, measure};

/// The socket's path.
pub const WS_PATH: &str = "/tts/websocket";
/// Raw PCM bytes per `chunk` message (before base64).
pub const CHUNK_BYTES: usize = 16 * 1024;
/// `chunk` messages per context (1 MiB of audio), then one `done`.
pub const CHUNKS: usize = 64;
/// Messages per context: the chunks and `done`.
pub const MESSAGES_PER_CONTEXT: usize = CHUNKS + 1;
/// `chunk` messages for a `hold` context: 64 MiB of audio, far more than the SDK's queues and
/// the kernel's socket buffers hold.
pub const HOLD_CHUNKS: usize = 4096;

kinds! {
    /// One of the WebSocket runs.
    pub enum WsKind {
        /// The SDK's `AsyncTtsSocket` over `cartesia_reqwest`.
        ReqwestSdk => "ws-reqwest-sdk",
        /// A hand-written tokio-tungstenite client.
        ReqwestPlain => "ws-reqwest-plain",
        /// The SDK's `BlockingTtsSocket` over `cartesia_ureq`.
        UreqSdk => "ws-ureq-sdk",
        /// A hand-written tungstenite client.
        UreqPlain => "ws-ureq-plain",
        /// The async SDK socket with a consumer that stops reading.
        ReqwestHold => "ws-reqwest-hold",
        /// The blocking SDK socket with a consumer that stops reading.
        UreqHold => "ws-ureq-hold",
    }
}

impl WsKind {
    /// Whether this is a memory run (its result is a `hold` line, not a measurement).
    pub fn is_hold(self) -> bool {
        matches!(self, WsKind::ReqwestHold | WsKind::UreqHold)
    }
}

/// The CPU pairs the runner measures: (what, SDK, hand-written); and the memory runs.
pub fn pairs(libraries: &[&str]) -> (Vec<(&'static str, WsKind, WsKind)>, Vec<WsKind>) {
    let mut cpu = Vec::new();
    let mut hold = Vec::new();
    for library in libraries {
        match *library {
            "reqwest" => {
                cpu.push(("ws reqwest", WsKind::ReqwestSdk, WsKind::ReqwestPlain));
                hold.push(WsKind::ReqwestHold);
            }
            "ureq" => {
                cpu.push(("ws ureq", WsKind::UreqSdk, WsKind::UreqPlain));
                hold.push(WsKind::UreqHold);
            }
            _ => {}
        }
    }
    (cpu, hold)
}

// ---------------------------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------------------------

/// The parts of a request the server looks at.
#[derive(Deserialize)]
struct Incoming {
    #[serde(default)]
    context_id: String,
    #[serde(rename = "continue", default)]
    continue_: Option<bool>,
    #[serde(default)]
    cancel: Option<bool>,
}

/// The chunk message of `context_id` (every chunk of a context is the same message).
fn chunk_message(audio_b64: &str, context_id: &str) -> String {
    format!(
        r#"{{"type":"chunk","data":"{audio_b64}","done":false,"status_code":206,"step_time":12.5,"context_id":{}}}"#,
        serde_json::Value::from(context_id)
    )
}

/// The `done` message of `context_id`.
fn done_message(context_id: &str) -> String {
    format!(
        r#"{{"type":"done","done":true,"status_code":206,"context_id":{}}}"#,
        serde_json::Value::from(context_id)
    )
}

/// Serves `/tts/websocket` on `listener` (on this thread, with its own current-thread
/// runtime) until the process ends.
pub fn serve(listener: TcpListener) -> io::Result<()> {
    let audio_b64 = base64::engine::general_purpose::STANDARD.encode(data::audio(CHUNK_BYTES));
    crate::server::accept_loop(listener, move |stream| {
        let audio = audio_b64.clone();
        async move {
            // A connection that fails only ends itself.
            let _ = connection(stream, audio).await;
        }
    })
}

/// Whether the upgrade request is one the API would accept (path and the two headers).
fn acceptable_upgrade(request: &Request) -> bool {
    let bearer = request
        .headers()
        .get(http::header::AUTHORIZATION)
        .is_some_and(|v| v.as_bytes().starts_with(b"Bearer ") && v.len() > 7);
    let version = request.headers().contains_key("cartesia-version");
    request.uri().path() == WS_PATH && bearer && version
}

async fn connection(stream: tokio::net::TcpStream, audio_b64: String) -> Result<(), String> {
    // The error type is tungstenite's (the refusal's response).
    #[allow(clippy::result_large_err)]
    let callback = |request: &Request, response: Response| -> Result<Response, ErrorResponse> {
        if acceptable_upgrade(request) {
            Ok(response)
        } else {
            let mut refusal = ErrorResponse::new(Some(
                r#"{"message":"the benchmark expects /tts/websocket with Authorization: Bearer and Cartesia-Version"}"#
                    .to_owned(),
            ));
            *refusal.status_mut() = http::StatusCode::BAD_REQUEST;
            Err(refusal)
        }
    };
    let mut socket = tokio_tungstenite::accept_hdr_async(stream, callback)
        .await
        .map_err(|e| e.to_string())?;
    while let Some(message) = socket.next().await {
        let text = match message.map_err(|e| e.to_string())? {
            Message::Text(text) => text,
            Message::Close(_) => break,
            _ => continue,
        };
        let Ok(request) = serde_json::from_str::<Incoming>(text.as_str()) else {
            continue;
        };
        if request.cancel == Some(true) || request.continue_ == Some(true) {
            continue;
        }
        let chunks = if request.context_id.starts_with("hold") {
            HOLD_CHUNKS
        } else {
            CHUNKS
        };
        let chunk = Utf8Bytes::from(chunk_message(&audio_b64, &request.context_id));
        for _ in 0..chunks {
            socket
                .feed(Message::Text(chunk.clone()))
                .await
                .map_err(|e| e.to_string())?;
        }
        socket
            .send(Message::text(done_message(&request.context_id)))
            .await
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The clients
// ---------------------------------------------------------------------------------------------

/// The text every context speaks.
const TEXT: &str = "The benchmark's transcript, spoken over the WebSocket.";

/// The template of context `id`.
fn template(id: &str) -> TtsWsRequest {
    let (encoding, rate) = AUDIO;
    TtsWsRequest::new(MODEL, VOICE, WsOutputFormat::raw(encoding, rate), id)
}

/// The two requests of a context, as the hand-written clients send them: the text with
/// `continue: true`, then the end of input.
fn plain_requests(id: &str) -> Result<[String; 2], String> {
    let t = template(id);
    let push = t.clone().transcript(TEXT).continue_(true);
    let end = TtsWsRequest::no_more_inputs_of(&t);
    let json = |r: &TtsWsRequest| serde_json::to_string(r).map_err(|e| e.to_string());
    Ok([json(&push)?, json(&end)?])
}

/// The message the hand-written clients decode: `serde_json` into this, then `base64`.
#[derive(Deserialize)]
struct PlainMessage<'a> {
    #[serde(rename = "type", borrow)]
    kind: Cow<'a, str>,
    #[serde(borrow, default)]
    context_id: Cow<'a, str>,
    #[serde(borrow, default)]
    data: Option<Cow<'a, str>>,
}

/// What the hand-written clients do with one text message of context `id`: the audio bytes
/// it carried, and whether it was the last.
fn plain_decode(text: &str, id: &str) -> Result<(usize, bool), String> {
    let m: PlainMessage<'_> = serde_json::from_str(text).map_err(|e| e.to_string())?;
    if m.context_id != id {
        return Err(format!(
            "message for context {:?}, expected {id:?}",
            m.context_id
        ));
    }
    match &*m.kind {
        "chunk" => {
            let data = m.data.ok_or("chunk without data")?;
            let audio = base64::engine::general_purpose::STANDARD
                .decode(data.as_bytes())
                .map_err(|e| e.to_string())?;
            Ok((black_box(audio).len(), false))
        }
        "done" => Ok((0, true)),
        other => Err(format!("unexpected message {other:?}")),
    }
}

/// [`plain_decode`] of a message the hand-written clients read: one that is not text (a ping)
/// carries nothing.
fn plain_message(
    message: Result<Message, tungstenite::Error>,
    id: &str,
) -> Result<(usize, bool), String> {
    match message.map_err(|e| e.to_string())? {
        Message::Text(text) => plain_decode(text.as_str(), id),
        _ => Ok((0, false)),
    }
}

/// What one SDK event of a context adds: its audio bytes, and whether it was the last (the
/// events ending before `Done` is an error).
fn sdk_event(
    event: Option<Result<TtsEvent, cartesia_core::Error>>,
) -> Result<(usize, bool), String> {
    match event
        .ok_or("the context's events ended before done")?
        .map_err(|e| e.to_string())?
    {
        TtsEvent::Audio(chunk) => Ok((black_box(chunk.audio).len(), false)),
        TtsEvent::Done => Ok((0, true)),
        other => Err(format!("unexpected event {other:?}")),
    }
}

/// Checks one context's audio.
fn check_context(audio: usize, chunks: usize) -> Result<u64, String> {
    if audio == chunks * CHUNK_BYTES {
        Ok(audio as u64)
    } else {
        Err(format!(
            "expected {} audio bytes, got {audio}",
            chunks * CHUNK_BYTES
        ))
    }
}

/// Reads one context to its last message, written once for the four clients: `$next` is the
/// next message's `(audio bytes, last)` (`sdk_event(ctx.next().await)?`,
/// `plain_message(socket.read(), &id)?`, ...), evaluated once a message; the audio is checked
/// against `$chunks` chunks.
macro_rules! read_context {
    ($next:expr, $chunks:expr) => {{
        let mut audio = 0;
        loop {
            let (n, last) = $next;
            audio += n;
            if last {
                break check_context(audio, $chunks);
            }
        }
    }};
}

/// Opens context `$id` on an SDK socket (async or blocking: the same calls), pushes the text
/// and ends its input.
macro_rules! sdk_context {
    ($socket:expr, $id:expr) => {{
        let ctx = $socket.context(template($id)).map_err(|e| e.to_string())?;
        ctx.push(TEXT).map_err(|e| e.to_string())?;
        ctx.finish().map_err(|e| e.to_string())?;
        ctx
    }};
}

/// Runs `warmup` then `calls` contexts (each returns its audio bytes) and measures the calls.
fn run_contexts(
    warmup: u64,
    calls: u64,
    mut context: impl FnMut(u64) -> Result<u64, String>,
) -> Result<Measurement, String> {
    for i in 0..warmup {
        context(i)?;
    }
    let before = measure::usage();
    let started = Instant::now();
    let mut bytes = 0;
    for i in 0..calls {
        bytes += context(warmup + i)?;
    }
    let mut m = finish(calls, before, started);
    m.bytes = bytes;
    Ok(m)
}

/// [`run_contexts`] for the async clients: `context` is awaited, on the caller's runtime.
async fn run_contexts_async(
    warmup: u64,
    calls: u64,
    mut context: impl AsyncFnMut(u64) -> Result<u64, String>,
) -> Result<Measurement, String> {
    for i in 0..warmup {
        context(i).await?;
    }
    let before = measure::usage();
    let started = Instant::now();
    let mut bytes = 0;
    for i in 0..calls {
        bytes += context(warmup + i).await?;
    }
    let mut m = finish(calls, before, started);
    m.bytes = bytes;
    Ok(m)
}

/// `ws://host:port/tts/websocket` with the two headers the API needs, for the hand-written
/// clients.
fn plain_request(base_url: &str) -> Result<(http::Request<()>, String), String> {
    let host = base_url
        .trim_end_matches('/')
        .strip_prefix("http://")
        .ok_or("the bench server's URL starts with http://")?
        .to_owned();
    let mut request = format!("ws://{host}{WS_PATH}")
        .into_client_request()
        .map_err(|e| e.to_string())?;
    let headers = request.headers_mut();
    let auth =
        http::HeaderValue::try_from(format!("Bearer {API_KEY}")).map_err(|e| e.to_string())?;
    headers.insert(http::header::AUTHORIZATION, auth);
    let version = http::HeaderValue::try_from(cartesia_core::ApiVersion::default().as_str())
        .map_err(|e| e.to_string())?;
    headers.insert("cartesia-version", version);
    Ok((request, host))
}

/// One measured CPU run of `kind` (`calls` contexts of [`CHUNKS`] chunks each, on one
/// socket).
pub fn measure(
    kind: WsKind,
    base_url: &str,
    warmup: u64,
    calls: u64,
) -> Result<Measurement, String> {
    let err = |e: &dyn std::fmt::Display| e.to_string();
    match kind {
        WsKind::ReqwestSdk => {
            let rt = current_thread_runtime()?;
            let client = sdk_reqwest(base_url)?;
            rt.block_on(async {
                let socket = client.tts().websocket().await.map_err(|e| err(&e))?;
                run_contexts_async(warmup, calls, async |i| {
                    let mut ctx = sdk_context!(socket, &format!("c{i}"));
                    read_context!(sdk_event(ctx.next().await)?, CHUNKS)
                })
                .await
            })
        }
        WsKind::ReqwestPlain => {
            let rt = current_thread_runtime()?;
            rt.block_on(async {
                let (request, host) = plain_request(base_url)?;
                let tcp = tokio::net::TcpStream::connect(&host)
                    .await
                    .map_err(|e| err(&e))?;
                tcp.set_nodelay(true).map_err(|e| err(&e))?;
                let (mut socket, _) = tokio_tungstenite::client_async(request, tcp)
                    .await
                    .map_err(|e| err(&e))?;
                run_contexts_async(warmup, calls, async |i| {
                    let id = format!("c{i}");
                    for text in plain_requests(&id)? {
                        socket
                            .send(Message::text(text))
                            .await
                            .map_err(|e| err(&e))?;
                    }
                    read_context!(
                        plain_message(
                            socket.next().await.ok_or("the server closed the socket")?,
                            &id
                        )?,
                        CHUNKS
                    )
                })
                .await
            })
        }
        WsKind::UreqSdk => {
            let client = sdk_ureq(base_url)?;
            let socket = client.tts().websocket().map_err(|e| err(&e))?;
            run_contexts(warmup, calls, |i| {
                let mut ctx = sdk_context!(socket, &format!("c{i}"));
                read_context!(sdk_event(ctx.next())?, CHUNKS)
            })
        }
        WsKind::UreqPlain => {
            let (request, host) = plain_request(base_url)?;
            let tcp = std::net::TcpStream::connect(&host).map_err(|e| err(&e))?;
            tcp.set_nodelay(true).map_err(|e| err(&e))?;
            let (mut socket, _) = tungstenite::client(request, tcp).map_err(|e| err(&e))?;
            run_contexts(warmup, calls, |i| {
                let id = format!("c{i}");
                for text in plain_requests(&id)? {
                    socket.send(Message::text(text)).map_err(|e| err(&e))?;
                }
                read_context!(plain_message(socket.read(), &id)?, CHUNKS)
            })
        }
        WsKind::ReqwestHold | WsKind::UreqHold => Err(format!("{} is a memory run", kind.name())),
    }
}

// ---------------------------------------------------------------------------------------------
// The memory run
// ---------------------------------------------------------------------------------------------

/// The resident set size of this process now, in KiB (`VmRSS`), 0 if unknown.
fn rss_now_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

/// What a memory run saw.
#[derive(Debug, Clone, PartialEq)]
pub struct Hold {
    /// RSS after the warm-up context, before the held one (KiB).
    pub before_kib: u64,
    /// RSS samples while the held context is not read: (seconds since its request, KiB).
    pub samples: Vec<(f64, u64)>,
    /// RSS after reading the held context to its end (KiB).
    pub after_kib: u64,
    /// Peak RSS of the process (KiB).
    pub peak_kib: u64,
    /// Audio bytes of the held context, read after the pause (all of them).
    pub audio: u64,
    /// The configured bound of the context's queue: events × chunk bytes (KiB).
    pub bound_kib: u64,
}

impl Hold {
    /// The line a memory run prints for the runner.
    pub fn to_line(&self) -> String {
        let samples: Vec<String> = self
            .samples
            .iter()
            .map(|(t, kib)| format!("{t:.2}:{kib}"))
            .collect();
        format!(
            "hold before_kib={} samples={} after_kib={} peak_kib={} audio={} bound_kib={}",
            self.before_kib,
            samples.join(","),
            self.after_kib,
            self.peak_kib,
            self.audio,
            self.bound_kib
        )
    }

    /// Reads [`to_line`](Self::to_line)'s output.
    pub fn from_line(line: &str) -> Option<Self> {
        let rest = line.trim().strip_prefix("hold ")?;
        let mut h = Hold {
            before_kib: 0,
            samples: Vec::new(),
            after_kib: 0,
            peak_kib: 0,
            audio: 0,
            bound_kib: 0,
        };
        for field in rest.split(' ') {
            let (key, value) = field.split_once('=')?;
            match key {
                "samples" => {
                    for s in value.split(',').filter(|s| !s.is_empty()) {
                        let (t, kib) = s.split_once(':')?;
                        h.samples.push((t.parse().ok()?, kib.parse().ok()?));
                    }
                }
                _ => {
                    let v: u64 = value.parse().ok()?;
                    match key {
                        "before_kib" => h.before_kib = v,
                        "after_kib" => h.after_kib = v,
                        "peak_kib" => h.peak_kib = v,
                        "audio" => h.audio = v,
                        "bound_kib" => h.bound_kib = v,
                        _ => return None,
                    }
                }
            }
        }
        Some(h)
    }

    /// The largest RSS sampled while the context was not read, over the one before (KiB).
    pub fn growth_kib(&self) -> i64 {
        let max = self.samples.iter().map(|s| s.1).max().unwrap_or(0);
        max as i64 - self.before_kib as i64
    }

    /// The growth from the first half of the samples to the last (KiB): near zero when the
    /// memory has plateaued.
    pub fn late_growth_kib(&self) -> i64 {
        let n = self.samples.len();
        if n < 2 {
            return 0;
        }
        let early = self.samples[..n / 2].iter().map(|s| s.1).max().unwrap_or(0);
        let late = self.samples[n / 2..].iter().map(|s| s.1).max().unwrap_or(0);
        late as i64 - early as i64
    }
}

/// The pause's sample times (seconds after the held context's request).
fn sample_times(pause: Duration) -> Vec<Duration> {
    (1..=8).map(|i| pause * i / 8).collect()
}

/// One memory run of `kind`: a warm-up context read normally, then a `hold` context whose
/// consumer does not read for `pause` while the server keeps sending ([`HOLD_CHUNKS`]
/// chunks); the RSS sampled, then the context read to its end.
pub fn hold(kind: WsKind, base_url: &str, pause: Duration) -> Result<Hold, String> {
    let err = |e: &dyn std::fmt::Display| e.to_string();
    let config = WsConfig::default();
    let bound_kib = (config.session.queue_capacity * CHUNK_BYTES / 1024) as u64;
    let times = sample_times(pause);
    let held = |before_kib, samples, audio| Hold {
        before_kib,
        samples,
        after_kib: rss_now_kib(),
        peak_kib: measure::usage().max_rss_kib,
        audio,
        bound_kib,
    };
    match kind {
        WsKind::ReqwestHold => {
            let rt = current_thread_runtime()?;
            let client = sdk_reqwest(base_url)?;
            rt.block_on(async {
                let socket = client
                    .tts()
                    .websocket_with(config)
                    .await
                    .map_err(|e| err(&e))?;
                let mut warm_up = sdk_context!(socket, "warm-up");
                read_context!(sdk_event(warm_up.next().await)?, CHUNKS)?;
                let mut ctx = sdk_context!(socket, "hold-1");
                let before = rss_now_kib();
                let mut samples = Vec::new();
                let start = tokio::time::Instant::now();
                for t in &times {
                    tokio::time::sleep_until(start + *t).await;
                    samples.push((t.as_secs_f64(), rss_now_kib()));
                }
                let audio = read_context!(sdk_event(ctx.next().await)?, HOLD_CHUNKS)?;
                Ok(held(before, samples, audio))
            })
        }
        WsKind::UreqHold => {
            let client = sdk_ureq(base_url)?;
            let socket = client.tts().websocket_with(config).map_err(|e| err(&e))?;
            let mut warm_up = sdk_context!(socket, "warm-up");
            read_context!(sdk_event(warm_up.next())?, CHUNKS)?;
            let mut ctx = sdk_context!(socket, "hold-1");
            let before = rss_now_kib();
            let mut samples = Vec::new();
            let start = Instant::now();
            for t in &times {
                std::thread::sleep((start + *t).saturating_duration_since(Instant::now()));
                samples.push((t.as_secs_f64(), rss_now_kib()));
            }
            let audio = read_context!(sdk_event(ctx.next())?, HOLD_CHUNKS)?;
            Ok(held(before, samples, audio))
        }
        _ => Err(format!("{} is not a memory run", kind.name())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_cover_every_kind() {
        let (cpu, hold) = pairs(&["reqwest", "ureq"]);
        let mut kinds: Vec<WsKind> = cpu.iter().flat_map(|p| [p.1, p.2]).chain(hold).collect();
        kinds.sort();
        assert_eq!(kinds, WsKind::ALL);
        assert!(kinds.iter().filter(|k| k.is_hold()).count() == 2);
    }

    #[test]
    fn the_servers_messages_decode_the_same_both_ways() {
        let audio = data::audio(CHUNK_BYTES);
        let b64 = base64::engine::general_purpose::STANDARD.encode(&audio);
        let chunk = chunk_message(&b64, "c1");
        assert_eq!(plain_decode(&chunk, "c1"), Ok((CHUNK_BYTES, false)));
        assert!(plain_decode(&chunk, "c2").is_err());
        let m: cartesia_types::ws::TtsWsMessage = serde_json::from_str(&chunk).unwrap();
        let cartesia_types::ws::TtsWsMessage::Chunk(c) = m else {
            panic!("not a chunk: {m:?}")
        };
        assert_eq!(
            (c.audio, c.context_id.as_str(), c.done),
            (audio, "c1", false)
        );
        let done = done_message("c1");
        assert_eq!(plain_decode(&done, "c1"), Ok((0, true)));
        let m: cartesia_types::ws::TtsWsMessage = serde_json::from_str(&done).unwrap();
        assert!(m.is_terminal());
    }

    #[test]
    fn hold_lines_round_trip() {
        let h = Hold {
            before_kib: 5000,
            samples: vec![(0.25, 6000), (0.5, 6100)],
            after_kib: 6200,
            peak_kib: 7000,
            audio: 42,
            bound_kib: 1024,
        };
        assert_eq!(Hold::from_line(&h.to_line()), Some(h.clone()));
        assert_eq!(h.growth_kib(), 1100);
        assert_eq!(h.late_growth_kib(), 100);
    }

    /// Every run against the real server, a few contexts each: the SDK's and the
    /// hand-written clients get every byte, and the held context arrives whole.
    #[test]
    fn every_run_receives_every_byte() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        std::thread::spawn(move || serve(listener));
        for kind in WsKind::ALL {
            if kind.is_hold() {
                let h = hold(kind, &base_url, Duration::from_millis(200)).unwrap();
                assert_eq!(h.audio, (HOLD_CHUNKS * CHUNK_BYTES) as u64, "{kind:?}");
                assert_eq!(h.samples.len(), 8);
            } else {
                let m = measure(kind, &base_url, 1, 3).unwrap();
                assert_eq!(m.bytes, (3 * CHUNKS * CHUNK_BYTES) as u64, "{kind:?}");
            }
        }
    }

    #[test]
    fn the_server_refuses_an_upgrade_without_the_headers() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        std::thread::spawn(move || serve(listener));
        let tcp = std::net::TcpStream::connect(addr).unwrap();
        let request = format!("ws://{addr}{WS_PATH}")
            .into_client_request()
            .unwrap();
        match tungstenite::client(request, tcp) {
            Err(tungstenite::HandshakeError::Failure(tungstenite::Error::Http(r))) => {
                assert_eq!(r.status(), 400)
            }
            other => panic!("expected a 400, got {:?}", other.map(|_| ())),
        }
    }
}
