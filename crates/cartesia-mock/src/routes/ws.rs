//! The three WebSockets: `/tts/websocket` (contexts interleaved on one socket),
//! `/stt/websocket` (finalized by the client) and `/stt/turns/websocket` (turn detection),
//! in the message shapes of the API's specification (`../shared/spec`, sections 2.3 and 6).
//!
//! The upgrade passes the same middleware as every REST route (a bad key is `401`, a bad
//! `Cartesia-Version` `400`, before any upgrade); a bad STT query is a `400` too. Each
//! socket closes itself after [`MockServerBuilder::ws_idle_timeout`](crate::MockServerBuilder::ws_idle_timeout)
//! without any frame from the client (5 minutes by default, as the API; a ping counts).

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;
use std::time::Duration;

use axum::extract::ws::rejection::WebSocketUpgradeRejection;
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use serde_json::{json, Map, Value};

use super::speech::{self, Generation, HEARD, STT_ENCODINGS};
use super::S;
use crate::audio::Format;
use crate::error::{ApiError, DOC_URL};
use crate::server::App;
use crate::support::{Obj, Q};

/// The close code of an idle socket's close (a normal close: reconnecting would not help).
const IDLE_CLOSE_CODE: u16 = 1000;
/// Seconds of audio per "heard" word of the STT sockets.
const WORD_SECONDS: f64 = 0.4;
/// Seconds per block of the turn detector.
const BLOCK_SECONDS: f64 = 0.1;
/// Silence after speech before `turn.eager_end`, in blocks.
const EAGER_END_BLOCKS: u32 = 3;
/// Silence after speech before `turn.end`, in blocks.
const TURN_END_BLOCKS: u32 = 8;
/// Mean absolute amplitude (of 1.0) above which a block is speech.
const SPEECH_LEVEL: f64 = 0.005;

/// The upgrade extractor, or why the request is not one.
type Upgrade = Result<WebSocketUpgrade, WebSocketUpgradeRejection>;

/// A `400` for a plain HTTP request to a socket route.
fn not_an_upgrade(e: &WebSocketUpgradeRejection) -> Response {
    ApiError::new(
        StatusCode::BAD_REQUEST,
        Some("websocket_required"),
        "WebSocket required",
        format!("This route speaks WebSocket: {e}"),
    )
    .into_response()
}

/// The `error` message of a socket: the REST error body, with `type`, `done` and
/// `status_code`, and the context it concerns.
fn error_message(error: &ApiError, request_id: &str, context_id: Option<&str>) -> Value {
    let mut e = error.body(request_id);
    e["type"] = "error".into();
    e["done"] = true.into();
    e["status_code"] = error.status.as_u16().into();
    e["doc_url"] = DOC_URL.into();
    if let Some(c) = context_id {
        e["context_id"] = c.into();
    }
    e
}

/// A text frame of `value`.
fn text(value: &Value) -> Message {
    Message::Text(value.to_string().into())
}

/// A socket's read side with the idle rule: `None` when the client went away, closed, or
/// sent nothing (not even a ping) for `idle`, in which case the socket is closed here.
async fn next_message(socket: &mut WebSocket, idle: Duration) -> Option<Message> {
    match tokio::time::timeout(idle, socket.recv()).await {
        Ok(Some(Ok(Message::Close(_)))) | Ok(Some(Err(_))) | Ok(None) => None,
        Ok(Some(Ok(message))) => Some(message),
        Err(_) => {
            let close = CloseFrame {
                code: IDLE_CLOSE_CODE,
                reason: "idle timeout: no message for too long".into(),
            };
            let _ = socket.send(Message::Close(Some(close))).await;
            None
        }
    }
}

/// A message that may already be waiting, without waiting for one: `Err(())` when the
/// client went away.
async fn ready_message(socket: &mut WebSocket) -> Result<Option<Message>, ()> {
    match tokio::time::timeout(Duration::ZERO, socket.recv()).await {
        Err(_) => Ok(None),
        Ok(Some(Ok(Message::Close(_)))) | Ok(Some(Err(_))) | Ok(None) => Err(()),
        Ok(Some(Ok(message))) => Ok(Some(message)),
    }
}

/// A new request id for a connection.
fn connection_id(app: &App) -> String {
    app.store().ids.next("req")
}

// ---------------------------------------------------------------------------------------------
// TTS
// ---------------------------------------------------------------------------------------------

/// `GET /tts/websocket`: each text frame is a `GenerationRequest` or a
/// `CancelContextRequest` naming its context; contexts run side by side and their messages
/// interleave, one message per context in turn.
pub(crate) async fn tts(state: S, upgrade: Upgrade) -> Response {
    match upgrade {
        Ok(upgrade) => upgrade.on_upgrade(move |socket| serve_tts(state.0, socket)),
        Err(e) => not_an_upgrade(&e),
    }
}

/// What one context still has to send.
enum Job {
    /// Audio chunks, made as they are sent.
    Audio {
        /// The chunks left.
        chunks: Box<dyn Iterator<Item = Vec<u8>> + Send>,
        /// The flush they belong to.
        flush_id: u64,
    },
    /// A ready message.
    Message(Value),
}

/// One context of a TTS socket.
#[derive(Default)]
struct TtsContext {
    /// The flush the next audio belongs to (from 1).
    flush_id: u64,
    /// Seconds of audio generated so far (the offset of the next timestamps).
    offset: f64,
    /// What is left to send.
    jobs: VecDeque<Job>,
    /// `done` or an error was queued: nothing more comes for it.
    ended: bool,
}

/// The state of one TTS socket.
struct TtsSocket {
    app: Arc<App>,
    request_id: String,
    contexts: HashMap<String, TtsContext>,
    /// The contexts with something to send, in turn.
    turn: VecDeque<String>,
    step: f64,
}

impl TtsSocket {
    /// Handles one text frame from the client.
    fn on_text(&mut self, frame: &str) {
        let Ok(Value::Object(map)) = serde_json::from_str::<Value>(frame) else {
            let e = ApiError::invalid_request("Each message must be a JSON object.");
            self.socket_error(&e);
            return;
        };
        let body = Obj::nested(map, "message");
        let context_id = match body.opt_str("context_id") {
            Ok(Some(id)) if !id.is_empty() => id,
            _ => {
                let e = ApiError::unprocessable("`context_id` is required.");
                self.socket_error(&e);
                return;
            }
        };
        if body.map.get("cancel") == Some(&Value::Bool(true)) {
            // No more messages for it; a later request with the same id starts afresh.
            self.contexts.remove(&context_id);
            self.turn.retain(|c| *c != context_id);
            return;
        }
        if let Err(e) = self.generate(&context_id, body) {
            let message = error_message(&e, &self.request_id, Some(&context_id));
            let ctx = self.contexts.entry(context_id.clone()).or_default();
            ctx.jobs.clear();
            ctx.jobs.push_back(Job::Message(message));
            ctx.ended = true;
            self.schedule(&context_id);
        }
    }

    /// An error for the socket, not for a context (sent before any context's messages).
    fn socket_error(&mut self, e: &ApiError) {
        let message = error_message(e, &self.request_id, None);
        self.contexts
            .entry(String::new())
            .or_default()
            .jobs
            .push_front(Job::Message(message));
        self.turn.retain(|c| !c.is_empty());
        self.turn.push_front(String::new());
    }

    /// Queues what a generation request asks for: its audio (and timestamps), then a
    /// `flush_done` for a flush or `done` for the last input.
    fn generate(&mut self, context_id: &str, body: Obj) -> Result<(), ApiError> {
        let transcript = body.req_str("transcript")?;
        let wants = |key: &str| speech::flag(&body, key);
        let (words, phonemes) = (wants("add_timestamps")?, wants("add_phoneme_timestamps")?);
        let (flush, more) = (wants("flush")?, wants("continue")?);
        if let Some(ms) = body.opt_int("max_buffer_delay_ms")? {
            if !(0..=5000).contains(&ms) {
                return Err(ApiError::unprocessable(
                    "`max_buffer_delay_ms` must be between 0 and 5000.",
                ));
            }
        }
        // Every message carries the whole request; an empty transcript (a flush, the end of
        // input) is checked with a stand-in text and speaks nothing.
        let mut checked = body.map.clone();
        if transcript.trim().is_empty() {
            checked.insert("transcript".into(), ".".into());
        }
        let generation = Generation::check(
            &State(Arc::clone(&self.app)),
            &Obj::nested(checked, "message"),
            true,
        )?;
        let Format::Raw(encoding, rate) = generation.format else {
            return Err(ApiError::unprocessable(
                "`output_format.container` must be `raw`.",
            ));
        };
        let ctx = self.contexts.entry(context_id.to_owned()).or_default();
        if ctx.ended {
            // A finished context's id used again: a new context (after what the old one
            // still has to send).
            ctx.ended = false;
            if ctx.jobs.is_empty() {
                *ctx = TtsContext::default();
            }
        }
        if ctx.flush_id == 0 {
            ctx.flush_id = 1;
        }
        let context = Some(context_id.to_owned());
        if !transcript.trim().is_empty() {
            let slot = generation.speech.slot_seconds();
            let seconds = generation.speech.len() as f64 / f64::from(rate);
            ctx.jobs.push_back(Job::Audio {
                chunks: Box::new(generation.speech.pcm_chunks(encoding)),
                flush_id: ctx.flush_id,
            });
            let timed: Vec<(String, f64, f64)> = speech::words(&transcript, slot)
                .into_iter()
                .map(|(w, s, e)| (w, speech::ms(s + ctx.offset), speech::ms(e + ctx.offset)))
                .collect();
            let with_flush = |mut m: Value, flush_id: u64| {
                m["flush_id"] = flush_id.into();
                Job::Message(m)
            };
            if words && !timed.is_empty() {
                let m = speech::timestamps_event(
                    "timestamps",
                    "word_timestamps",
                    "words",
                    &timed,
                    &context,
                );
                ctx.jobs.push_back(with_flush(m, ctx.flush_id));
            }
            if phonemes && !timed.is_empty() {
                let letters = letters(&timed, slot);
                let m = speech::timestamps_event(
                    "phoneme_timestamps",
                    "phoneme_timestamps",
                    "phonemes",
                    &letters,
                    &context,
                );
                ctx.jobs.push_back(with_flush(m, ctx.flush_id));
            }
            ctx.offset += seconds;
        }
        if flush {
            ctx.jobs.push_back(Job::Message(json!({
                "type": "flush_done", "context_id": context_id, "status_code": 206,
                "done": false, "flush_id": ctx.flush_id, "flush_done": true,
            })));
            ctx.flush_id += 1;
        }
        if !more {
            ctx.jobs.push_back(Job::Message(json!({
                "type": "done", "context_id": context_id, "status_code": 206, "done": true,
            })));
            ctx.ended = true;
        }
        self.schedule(context_id);
        Ok(())
    }

    /// Puts `context_id` in the turn, unless it is there already.
    fn schedule(&mut self, context_id: &str) {
        if !self.turn.iter().any(|c| c == context_id) {
            self.turn.push_back(context_id.to_owned());
        }
    }

    /// The next message to send: one of the next context in turn.
    fn next_out(&mut self) -> Option<Value> {
        while let Some(id) = self.turn.pop_front() {
            let Some(ctx) = self.contexts.get_mut(&id) else {
                continue;
            };
            let Some(message) = next_of(ctx, &id, &mut self.step) else {
                if id.is_empty() || ctx.ended {
                    self.contexts.remove(&id);
                }
                continue;
            };
            if ctx.jobs.is_empty() && (ctx.ended || id.is_empty()) {
                self.contexts.remove(&id);
            } else if !ctx.jobs.is_empty() {
                self.turn.push_back(id);
            }
            return Some(message);
        }
        None
    }
}

/// The next message of context `id`.
fn next_of(ctx: &mut TtsContext, id: &str, step: &mut f64) -> Option<Value> {
    loop {
        match ctx.jobs.front_mut()? {
            Job::Message(_) => {
                let Some(Job::Message(m)) = ctx.jobs.pop_front() else {
                    return None;
                };
                return Some(m);
            }
            Job::Audio { chunks, flush_id } => {
                let flush_id = *flush_id;
                match chunks.next() {
                    Some(audio) => {
                        *step += 0.5;
                        return Some(json!({
                            "type": "chunk", "context_id": id, "status_code": 206,
                            "done": false, "step_time": 10.0 + *step, "flush_id": flush_id,
                            "data": base64::engine::general_purpose::STANDARD.encode(audio),
                        }));
                    }
                    None => {
                        ctx.jobs.pop_front();
                    }
                }
            }
        }
    }
}

/// One "phoneme" per letter of each timed word.
fn letters(words: &[(String, f64, f64)], slot: f64) -> Vec<(String, f64, f64)> {
    let mut out = Vec::new();
    for (word, start, _) in words {
        for (k, c) in word.chars().enumerate() {
            let at = start + k as f64 * slot;
            out.push((
                c.to_lowercase().to_string(),
                speech::ms(at),
                speech::ms(at + slot),
            ));
        }
    }
    out
}

/// One TTS socket: reads requests (also between the messages it sends, so cancels and new
/// contexts take effect at once) and sends the contexts' messages in turn.
async fn serve_tts(app: Arc<App>, mut socket: WebSocket) {
    let idle = app.ws_idle;
    let mut tts = TtsSocket {
        request_id: connection_id(&app),
        app,
        contexts: HashMap::new(),
        turn: VecDeque::new(),
        step: 0.0,
    };
    loop {
        let incoming = if tts.turn.is_empty() {
            match next_message(&mut socket, idle).await {
                Some(m) => Some(m),
                None => return,
            }
        } else {
            match ready_message(&mut socket).await {
                Ok(m) => m,
                Err(()) => return,
            }
        };
        if let Some(Message::Text(frame)) = incoming {
            tts.on_text(frame.as_str());
            continue;
        }
        if incoming.is_some() {
            // A ping (answered by the library), a pong or a binary frame: nothing to do.
            continue;
        }
        if let Some(message) = tts.next_out() {
            if socket.send(text(&message)).await.is_err() {
                return;
            }
            tokio::task::yield_now().await;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// STT
// ---------------------------------------------------------------------------------------------

/// An STT socket's checked query.
#[derive(Debug, Clone, Copy)]
struct Audio {
    encoding: &'static str,
    rate: u32,
}

impl Audio {
    /// Bytes per sample.
    fn width(self) -> usize {
        match self.encoding {
            "pcm_s32le" | "pcm_f32le" => 4,
            "pcm_mulaw" | "pcm_alaw" => 1,
            _ => 2,
        }
    }

    /// Bytes per `seconds` of audio (whole samples).
    fn bytes(self, seconds: f64) -> usize {
        ((f64::from(self.rate) * seconds).round() as usize).max(1) * self.width()
    }

    /// The mean absolute amplitude of `block` (of 1.0).
    fn level(self, block: &[u8]) -> f64 {
        let width = self.width();
        let samples = block.chunks_exact(width);
        let count = samples.len().max(1) as f64;
        let sum: f64 = samples
            .map(|s| match self.encoding {
                "pcm_s16le" => f64::from(i16::from_le_bytes([s[0], s[1]])) / 32768.0,
                "pcm_s32le" => {
                    f64::from(i32::from_le_bytes([s[0], s[1], s[2], s[3]])) / 2_147_483_648.0
                }
                "pcm_f32le" => f64::from(f32::from_le_bytes([s[0], s[1], s[2], s[3]])),
                "pcm_f16le" => half(u16::from_le_bytes([s[0], s[1]])),
                "pcm_mulaw" => f64::from(from_mulaw(s[0])) / 32768.0,
                _ => f64::from(from_alaw(s[0])) / 32768.0,
            })
            .map(f64::abs)
            .sum();
        sum / count
    }
}

/// An IEEE half-precision value.
fn half(bits: u16) -> f64 {
    let sign = if bits & 0x8000 != 0 { -1.0 } else { 1.0 };
    let exponent = i32::from((bits >> 10) & 0x1F);
    let mantissa = f64::from(bits & 0x3FF) / 1024.0;
    match exponent {
        0 => sign * mantissa * 2f64.powi(-14),
        31 => 0.0,
        e => sign * (1.0 + mantissa) * 2f64.powi(e - 15),
    }
}

/// A G.711 mu-law byte as a 16-bit sample.
fn from_mulaw(byte: u8) -> i16 {
    let u = !byte;
    let t = ((i32::from(u & 0x0F) << 3) + 0x84) << ((u & 0x70) >> 4);
    (if u & 0x80 != 0 { 0x84 - t } else { t - 0x84 }) as i16
}

/// A G.711 A-law byte as a 16-bit sample.
fn from_alaw(byte: u8) -> i16 {
    let a = byte ^ 0x55;
    let t = i32::from(a & 0x0F) << 4;
    let t = match (a & 0x70) >> 4 {
        0 => t + 8,
        1 => t + 0x108,
        seg => (t + 0x108) << (seg - 1),
    };
    (if a & 0x80 != 0 { t } else { -t }) as i16
}

/// The word the mock "hears" in `block`, picked by its bytes.
fn heard(block: &[u8]) -> &'static str {
    let hash = block.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3)
    });
    HEARD[(hash >> 60) as usize]
}

/// Checks an STT socket's query: `model` (of `models`), `encoding` and `sample_rate`
/// required, `min_volume` 0–1, at most 100 `keyterm` values of 1200 characters in all.
fn stt_query(q: &Q, models: &[&str]) -> Result<Audio, ApiError> {
    let model = q
        .get("model")
        .ok_or_else(|| ApiError::invalid_request("The `model` query parameter is required."))?;
    if !models.contains(&model) {
        return Err(ApiError::invalid_request(format!(
            "`model` must be one of {}.",
            models.join(", ")
        )));
    }
    let encoding = q
        .get("encoding")
        .ok_or_else(|| ApiError::invalid_request("The `encoding` query parameter is required."))?;
    let encoding = STT_ENCODINGS
        .into_iter()
        .find(|e| *e == encoding)
        .ok_or_else(|| {
            ApiError::invalid_request(format!("`encoding` `{encoding}` is not supported."))
        })?;
    let rate = q.int("sample_rate", 1..=192_000)?.ok_or_else(|| {
        ApiError::invalid_request("The `sample_rate` query parameter is required.")
    })? as u32;
    if let Some(v) = q.get("min_volume") {
        if !v.parse::<f64>().is_ok_and(|v| (0.0..=1.0).contains(&v)) {
            return Err(ApiError::invalid_request(
                "`min_volume` must be between 0 and 1.",
            ));
        }
    }
    let keyterms = q.all("keyterm");
    if keyterms.len() > 100 || keyterms.iter().map(|k| k.chars().count()).sum::<usize>() > 1200 {
        return Err(ApiError::invalid_request(
            "At most 100 `keyterm` values of 1200 characters in all.",
        ));
    }
    Ok(Audio { encoding, rate })
}

/// `GET /stt/websocket?model&encoding&sample_rate[&language&min_volume&keyterm...]`: binary
/// audio in, `transcript` messages out (interim ones as words complete, a final one at
/// `finalize`, followed by `flush_done`); `close` finalizes, answers `done` and closes.
pub(crate) async fn stt(state: S, q: Q, upgrade: Upgrade) -> Response {
    let upgrade = match upgrade {
        Ok(upgrade) => upgrade,
        Err(e) => return not_an_upgrade(&e),
    };
    match stt_query(&q, &["ink-2", "ink-whisper", "ink-whisper-2025-06-04"]) {
        Ok(audio) => {
            let language = q.get("language").unwrap_or("en").to_owned();
            upgrade.on_upgrade(move |socket| serve_stt(state.0, socket, audio, language))
        }
        Err(e) => e.into_response(),
    }
}

/// The words heard so far of one STT socket.
struct Hearing {
    audio: Audio,
    /// Audio of the word being heard.
    block: Vec<u8>,
    /// Seconds of audio before `block`.
    at: f64,
    /// The words since the last final transcript: word, start, end.
    words: Vec<(String, f64, f64)>,
    /// Where the words since the last final transcript start, in seconds.
    segment_start: f64,
}

impl Hearing {
    fn new(audio: Audio) -> Self {
        Hearing {
            audio,
            block: Vec::new(),
            at: 0.0,
            words: Vec::new(),
            segment_start: 0.0,
        }
    }

    /// Takes audio; whether a word was completed.
    fn push(&mut self, mut bytes: &[u8]) -> bool {
        let per_word = self.audio.bytes(WORD_SECONDS);
        let mut new_word = false;
        while !bytes.is_empty() {
            let take = (per_word - self.block.len()).min(bytes.len());
            self.block.extend_from_slice(&bytes[..take]);
            bytes = &bytes[take..];
            if self.block.len() == per_word {
                new_word |= self.word(WORD_SECONDS);
            }
        }
        new_word
    }

    /// Ends the word being heard (of `seconds`): a word if it was not silence.
    fn word(&mut self, seconds: f64) -> bool {
        let block = std::mem::take(&mut self.block);
        let start = self.at;
        self.at += seconds;
        if self.audio.level(&block) < SPEECH_LEVEL {
            return false;
        }
        let end = start + seconds * 0.8;
        self.words
            .push((heard(&block).to_owned(), speech::ms(start), speech::ms(end)));
        true
    }

    /// Ends the partial word, if any.
    fn finish_word(&mut self) {
        if !self.block.is_empty() {
            let seconds =
                (self.block.len() / self.audio.width()) as f64 / f64::from(self.audio.rate);
            self.word(seconds);
        }
    }

    /// A `transcript` message of the words since the last final one.
    fn transcript(&self, is_final: bool, request_id: &str, language: &str) -> Value {
        let text: Vec<&str> = self.words.iter().map(|w| w.0.as_str()).collect();
        let words: Vec<Value> = self
            .words
            .iter()
            .map(|(word, start, end)| json!({"word": word, "start": start, "end": end}))
            .collect();
        let duration = self.at
            + (self.block.len() / self.audio.width()) as f64 / f64::from(self.audio.rate)
            - self.segment_start;
        json!({
            "type": "transcript", "request_id": request_id, "text": text.join(" "),
            "is_final": is_final, "duration": speech::ms(duration), "language": language,
            "words": words,
        })
    }

    /// The final transcript of what was heard since the last one, and a new segment.
    fn finalize(&mut self, request_id: &str, language: &str) -> Value {
        self.finish_word();
        let message = self.transcript(true, request_id, language);
        self.words.clear();
        self.segment_start = self.at;
        message
    }
}

/// One manual-finalize STT socket.
async fn serve_stt(app: Arc<App>, mut socket: WebSocket, audio: Audio, language: String) {
    let request_id = connection_id(&app);
    let mut hearing = Hearing::new(audio);
    while let Some(message) = next_message(&mut socket, app.ws_idle).await {
        let mut out = Vec::new();
        match message {
            Message::Binary(bytes) => {
                let word = hearing.push(&bytes);
                out.extend(word.then(|| hearing.transcript(false, &request_id, &language)));
            }
            Message::Text(command) => match command.as_str().trim() {
                "finalize" => {
                    out.push(hearing.finalize(&request_id, &language));
                    out.push(json!({"type": "flush_done", "request_id": request_id}));
                }
                "close" => {
                    if !hearing.words.is_empty() || !hearing.block.is_empty() {
                        out.push(hearing.finalize(&request_id, &language));
                    }
                    out.push(json!({"type": "done", "request_id": request_id}));
                    for m in &out {
                        if socket.send(text(m)).await.is_err() {
                            return;
                        }
                    }
                    let _ = socket.send(Message::Close(None)).await;
                    return;
                }
                other => out.push(error_message(
                    &ApiError::invalid_request(format!(
                        "Unknown command {other:?}: send audio as binary frames, and `finalize` or `close` as text."
                    )),
                    &request_id,
                    None,
                )),
            },
            _ => {}
        }
        for m in &out {
            if socket.send(text(m)).await.is_err() {
                return;
            }
        }
    }
}

/// `GET /stt/turns/websocket?model=ink-2&encoding&sample_rate[&keyterm...]`: `connected`,
/// then per turn of speech `turn.start`, `turn.update` (the turn's text so far) as words
/// complete, `turn.eager_end` after 300 ms of silence, `turn.resume` if speech comes back,
/// `turn.end` after 800 ms of silence; `{"type":"close"}` ends the open turn and closes.
pub(crate) async fn stt_turns(state: S, q: Q, upgrade: Upgrade) -> Response {
    let upgrade = match upgrade {
        Ok(upgrade) => upgrade,
        Err(e) => return not_an_upgrade(&e),
    };
    match stt_query(&q, &["ink-2"]) {
        Ok(audio) => upgrade.on_upgrade(move |socket| serve_turns(state.0, socket, audio)),
        Err(e) => e.into_response(),
    }
}

/// The turn detector of one turns socket.
struct Turns {
    hearing: Hearing,
    request_id: String,
    /// Audio of the block being classified.
    block: Vec<u8>,
    in_turn: bool,
    eager: bool,
    silent_blocks: u32,
}

impl Turns {
    /// The turn's text so far.
    fn so_far(&self) -> String {
        let words: Vec<&str> = self.hearing.words.iter().map(|w| w.0.as_str()).collect();
        words.join(" ")
    }

    fn event(&self, kind: &str, transcript: Option<String>) -> Value {
        let mut m = json!({"type": kind, "request_id": self.request_id});
        if let Some(t) = transcript {
            m["transcript"] = t.into();
        }
        m
    }

    /// Takes audio; the events it causes, in order.
    fn push(&mut self, mut bytes: &[u8], out: &mut Vec<Value>) {
        let per_block = self.hearing.audio.bytes(BLOCK_SECONDS);
        while !bytes.is_empty() {
            let take = (per_block - self.block.len()).min(bytes.len());
            self.block.extend_from_slice(&bytes[..take]);
            bytes = &bytes[take..];
            if self.block.len() == per_block {
                let block = std::mem::take(&mut self.block);
                self.on_block(&block, out);
            }
        }
    }

    /// One block of audio, speech or silence.
    fn on_block(&mut self, block: &[u8], out: &mut Vec<Value>) {
        let speech = self.hearing.audio.level(block) >= SPEECH_LEVEL;
        if speech {
            if !self.in_turn {
                self.in_turn = true;
                out.push(self.event("turn.start", None));
            }
            if self.eager {
                self.eager = false;
                out.push(self.event("turn.resume", None));
            }
            self.silent_blocks = 0;
            if self.hearing.push(block) {
                out.push(self.event("turn.update", Some(self.so_far())));
            }
            return;
        }
        if !self.in_turn {
            self.hearing.push(block);
            return;
        }
        self.silent_blocks += 1;
        let had = self.hearing.words.len();
        self.hearing.finish_word();
        if self.hearing.words.len() > had {
            out.push(self.event("turn.update", Some(self.so_far())));
        }
        self.hearing.at += BLOCK_SECONDS;
        if self.silent_blocks == EAGER_END_BLOCKS {
            self.eager = true;
            out.push(self.event("turn.eager_end", Some(self.so_far())));
        }
        if self.silent_blocks >= TURN_END_BLOCKS {
            self.end_turn(out);
        }
    }

    /// Ends the open turn with `turn.end`.
    fn end_turn(&mut self, out: &mut Vec<Value>) {
        self.hearing.finish_word();
        let text = self.so_far();
        out.push(self.event(
            "turn.end",
            Some(if text.is_empty() {
                text
            } else {
                format!("{text}.")
            }),
        ));
        self.hearing.words.clear();
        self.in_turn = false;
        self.eager = false;
        self.silent_blocks = 0;
    }
}

/// One turns socket.
async fn serve_turns(app: Arc<App>, mut socket: WebSocket, audio: Audio) {
    let mut turns = Turns {
        hearing: Hearing::new(audio),
        request_id: connection_id(&app),
        block: Vec::new(),
        in_turn: false,
        eager: false,
        silent_blocks: 0,
    };
    if socket
        .send(text(&turns.event("connected", None)))
        .await
        .is_err()
    {
        return;
    }
    while let Some(message) = next_message(&mut socket, app.ws_idle).await {
        let mut out = Vec::new();
        let mut close = false;
        match message {
            Message::Binary(bytes) => turns.push(&bytes, &mut out),
            Message::Text(command) => {
                let parsed: Option<Map<String, Value>> =
                    serde_json::from_str(command.as_str()).ok();
                if parsed.as_ref().and_then(|m| m.get("type")) == Some(&Value::from("close")) {
                    if turns.in_turn {
                        turns.end_turn(&mut out);
                    }
                    close = true;
                } else {
                    out.push(error_message(
                        &ApiError::invalid_request(
                            "Send audio as binary frames, and `{\"type\":\"close\"}` to end.",
                        ),
                        &turns.request_id,
                        None,
                    ));
                }
            }
            _ => {}
        }
        for m in &out {
            if socket.send(text(m)).await.is_err() {
                return;
            }
        }
        if close {
            let _ = socket.send(Message::Close(None)).await;
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn g711_and_half_decode_to_the_reference_points() {
        assert_eq!(from_mulaw(0xFF), 0);
        assert_eq!(from_mulaw(0x80), 32124);
        assert_eq!(from_alaw(0xD5), 8);
        assert_eq!(from_alaw(0xAA), 32256);
        assert_eq!(half(0x3C00), 1.0);
        assert_eq!(half(0xC000), -2.0);
        assert_eq!(half(0), 0.0);
        for sample in [-20000i16, -300, 0, 300, 20000] {
            let back = from_mulaw(crate::audio::mulaw(sample));
            assert!(
                (i32::from(back) - i32::from(sample)).abs() <= i32::from(sample).abs() / 16 + 8
            );
            let back = from_alaw(crate::audio::alaw(sample));
            assert!(
                (i32::from(back) - i32::from(sample)).abs() <= i32::from(sample).abs() / 16 + 16
            );
        }
    }

    #[test]
    fn levels_tell_speech_from_silence_in_every_encoding() {
        let tone: Vec<f32> = (0..1600).map(|i| 0.3 * (i as f32 * 0.2).sin()).collect();
        for encoding in STT_ENCODINGS {
            let audio = Audio {
                encoding,
                rate: 16000,
            };
            let mut loud = Vec::new();
            let mut quiet = Vec::new();
            for s in &tone {
                let s16 = (s * 32767.0) as i16;
                match encoding {
                    "pcm_s16le" => {
                        loud.extend_from_slice(&s16.to_le_bytes());
                        quiet.extend_from_slice(&0i16.to_le_bytes());
                    }
                    "pcm_s32le" => {
                        loud.extend_from_slice(&(i32::from(s16) << 16).to_le_bytes());
                        quiet.extend_from_slice(&0i32.to_le_bytes());
                    }
                    "pcm_f32le" => {
                        loud.extend_from_slice(&s.to_le_bytes());
                        quiet.extend_from_slice(&0f32.to_le_bytes());
                    }
                    // 0.25 and 0 as halves.
                    "pcm_f16le" => {
                        loud.extend_from_slice(&0x3400u16.to_le_bytes());
                        quiet.extend_from_slice(&0u16.to_le_bytes());
                    }
                    "pcm_mulaw" => {
                        loud.push(crate::audio::mulaw(s16));
                        quiet.push(crate::audio::mulaw(0));
                    }
                    _ => {
                        loud.push(crate::audio::alaw(s16));
                        quiet.push(crate::audio::alaw(0));
                    }
                }
            }
            assert!(audio.level(&loud) > 0.1, "{encoding}");
            assert!(audio.level(&quiet) < SPEECH_LEVEL, "{encoding}");
        }
    }

    #[test]
    fn turns_go_start_update_eager_end_resume_end() {
        let audio = Audio {
            encoding: "pcm_s16le",
            rate: 8000,
        };
        let mut turns = Turns {
            hearing: Hearing::new(audio),
            request_id: "r".into(),
            block: Vec::new(),
            in_turn: false,
            eager: false,
            silent_blocks: 0,
        };
        let tone = |seconds: f64| -> Vec<u8> {
            (0..(8000.0 * seconds) as usize)
                .flat_map(|i| ((((i as f64) * 0.3).sin() * 8000.0) as i16).to_le_bytes())
                .collect()
        };
        let silence = |seconds: f64| vec![0u8; (8000.0 * seconds) as usize * 2];
        let mut out = Vec::new();
        turns.push(&silence(0.2), &mut out);
        turns.push(&tone(0.8), &mut out);
        turns.push(&silence(0.4), &mut out);
        turns.push(&tone(0.4), &mut out);
        turns.push(&silence(1.0), &mut out);
        let kinds: Vec<&str> = out.iter().map(|m| m["type"].as_str().unwrap()).collect();
        // Three words (the first after 200 ms of silence), a pause, one more word, the end.
        let want = "start update update update eager_end resume update eager_end end";
        assert_eq!(kinds.join(" ").replace("turn.", ""), want);
        let end = out.last().unwrap()["transcript"].as_str().unwrap();
        assert_eq!(end.split(' ').count(), 4, "{end}");
        assert!(end.ends_with('.'));
        assert_eq!(out[2]["transcript"].as_str().unwrap().split(' ').count(), 2);
    }

    #[test]
    fn manual_hearing_keeps_word_times_across_finalizes() {
        let audio = Audio {
            encoding: "pcm_s16le",
            rate: 8000,
        };
        let mut h = Hearing::new(audio);
        let tone: Vec<u8> = (0..8000)
            .flat_map(|i| ((((i as f64) * 0.3).sin() * 8000.0) as i16).to_le_bytes())
            .collect();
        assert!(h.push(&tone[..6400]));
        let first = h.finalize("r", "en");
        assert_eq!(first["is_final"], true);
        assert_eq!(first["words"].as_array().unwrap().len(), 1);
        assert_eq!(first["words"][0]["start"], 0.0);
        assert!(h.push(&tone[6400..]));
        let second = h.finalize("r", "en");
        // The delta: only the word since the last final transcript, timed from the stream's start.
        assert_eq!(second["words"].as_array().unwrap().len(), 2, "{second}");
        assert_eq!(second["words"][0]["start"], 0.4);
        assert_eq!(second["text"].as_str().unwrap().split(' ').count(), 2);
    }
}
