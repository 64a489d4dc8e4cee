//! A scriptable WebSocket server on `127.0.0.1` for the WebSocket contract suite.
//!
//! [`WsServer`] runs tokio-tungstenite on a runtime of its own thread, so blocking clients
//! use it as well as async ones. It records every handshake (path, query, headers) and
//! every message received, and plays one [`Script`] per connection (the queued ones in
//! order, then the default): refuse the upgrade with a status and JSON body, answer TTS
//! requests per context (chunks, timestamps, `flush_done`, `done`, or an error for chosen
//! contexts), answer the STT sockets (a final transcript with words, `flush_done`, `done`;
//! the turn events), close with a code after N sent messages, drop the TCP connection, stop
//! reading, send pings, and count the client's pings.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use base64::Engine as _;
use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::sync::oneshot;
use tokio_tungstenite::tungstenite::handshake::server::{ErrorResponse, Request, Response};
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::Message;

/// The upgrade request as the server saw it.
#[derive(Debug, Clone, Default)]
pub struct Handshake {
    /// The path, without the query.
    pub path: String,
    /// The raw query string, if any.
    pub query: Option<String>,
    /// The headers, names in lower case, in arrival order.
    pub headers: Vec<(String, String)>,
}

impl Handshake {
    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A data message received from the client.
#[derive(Debug, Clone, PartialEq)]
pub enum Received {
    /// A text message.
    Text(String),
    /// A binary message.
    Binary(Vec<u8>),
}

impl Received {
    /// The message as JSON, if it is a JSON text message.
    pub fn json(&self) -> Option<Value> {
        match self {
            Received::Text(t) => serde_json::from_str(t).ok(),
            Received::Binary(_) => None,
        }
    }
}

/// What happened on one connection.
#[derive(Debug, Clone, Default)]
pub struct ConnectionLog {
    /// The upgrade request.
    pub handshake: Handshake,
    /// Whether the upgrade was refused by the script.
    pub refused: bool,
    /// The data messages received, in order.
    pub received: Vec<Received>,
    /// Pings received from the client.
    pub pings: usize,
    /// Messages sent to the client (data messages).
    pub sent: usize,
    /// The close code the client sent, if it closed.
    pub client_close: Option<u16>,
    /// Whether the connection has ended.
    pub ended: bool,
}

impl ConnectionLog {
    /// The JSON text messages received.
    pub fn json_messages(&self) -> Vec<Value> {
        self.received.iter().filter_map(Received::json).collect()
    }

    /// The binary bytes received, in order.
    pub fn binary_bytes(&self) -> usize {
        self.received
            .iter()
            .map(|r| match r {
                Received::Binary(b) => b.len(),
                Received::Text(_) => 0,
            })
            .sum()
    }
}

/// How a connection answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Responder {
    /// The TTS protocol: per generation request, chunks (and timestamps when asked) for its
    /// context; `flush_done` for a flush; `done` for the last input.
    Tts,
    /// The manual STT protocol: `finalize` answers a final transcript with words and
    /// `flush_done`; `close` answers `done` and closes.
    Stt,
    /// The turns protocol: `connected`, then at the first audio a whole turn.
    Turns,
    /// Answers nothing.
    Silent,
}

/// A refused upgrade: status, JSON body, extra headers.
type Refusal = (u16, String, Vec<(String, String)>);

/// What one connection does.
#[derive(Debug, Clone)]
pub struct Script {
    refuse: Option<Refusal>,
    responder: Responder,
    chunks_per_input: usize,
    chunk_bytes: usize,
    error_for: Vec<String>,
    close_after_sent: Option<(usize, u16, String)>,
    drop_after_sent: Option<usize>,
    stop_reading_after: Option<usize>,
    ping_every: Option<Duration>,
}

impl Default for Script {
    fn default() -> Self {
        Self::tts()
    }
}

impl Script {
    fn with(responder: Responder) -> Self {
        Script {
            refuse: None,
            responder,
            chunks_per_input: 2,
            chunk_bytes: 8,
            error_for: Vec::new(),
            close_after_sent: None,
            drop_after_sent: None,
            stop_reading_after: None,
            ping_every: None,
        }
    }

    /// Answers as the TTS socket (2 chunks of 8 bytes per input by default).
    pub fn tts() -> Self {
        Self::with(Responder::Tts)
    }

    /// Answers as the manual-finalize STT socket.
    pub fn stt() -> Self {
        Self::with(Responder::Stt)
    }

    /// Answers as the turns STT socket.
    pub fn turns() -> Self {
        Self::with(Responder::Turns)
    }

    /// Answers nothing.
    pub fn silent() -> Self {
        Self::with(Responder::Silent)
    }

    /// Refuses the upgrade with `status` and the JSON `body` (and `headers`).
    pub fn refuse(status: u16, body: Value, headers: &[(&str, &str)]) -> Self {
        let mut s = Self::silent();
        s.refuse = Some((
            status,
            body.to_string(),
            headers
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        ));
        s
    }

    /// Sends `n` chunks of `bytes` bytes per TTS input.
    pub fn chunks(mut self, n: usize, bytes: usize) -> Self {
        self.chunks_per_input = n;
        self.chunk_bytes = bytes;
        self
    }

    /// Answers every request for `context_id` with an `error` message for it.
    pub fn error_for(mut self, context_id: &str) -> Self {
        self.error_for.push(context_id.to_owned());
        self
    }

    /// Closes with `code` after sending `n` messages.
    pub fn close_after(mut self, n: usize, code: u16, reason: &str) -> Self {
        self.close_after_sent = Some((n, code, reason.to_owned()));
        self
    }

    /// Drops the TCP connection (no close frame) after sending `n` messages.
    pub fn drop_after(mut self, n: usize) -> Self {
        self.drop_after_sent = Some(n);
        self
    }

    /// Stops reading after `n` data messages (the client's sends back up).
    pub fn stop_reading_after(mut self, n: usize) -> Self {
        self.stop_reading_after = Some(n);
        self
    }

    /// Sends a ping every `interval`.
    pub fn ping_every(mut self, interval: Duration) -> Self {
        self.ping_every = Some(interval);
        self
    }
}

#[derive(Default)]
struct Shared {
    scripts: VecDeque<Script>,
    default: Script,
    logs: Vec<ConnectionLog>,
}

fn lock(shared: &Mutex<Shared>) -> MutexGuard<'_, Shared> {
    shared
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A running scriptable WebSocket server (stops when dropped).
pub struct WsServer {
    addr: SocketAddr,
    shared: Arc<Mutex<Shared>>,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl WsServer {
    /// Starts a server whose connections all play `default` (after any [`push`](Self::push)ed
    /// scripts).
    pub fn start(default: Script) -> WsServer {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        listener.set_nonblocking(true).expect("non-blocking");
        let addr = listener.local_addr().expect("local address");
        let shared = Arc::new(Mutex::new(Shared {
            default,
            ..Shared::default()
        }));
        let (stop_tx, stop_rx) = oneshot::channel::<()>();
        let state = Arc::clone(&shared);
        let thread = std::thread::Builder::new()
            .name("ws-test-server".into())
            .spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("runtime");
                runtime.block_on(async move {
                    let listener =
                        tokio::net::TcpListener::from_std(listener).expect("tokio listener");
                    let accept = async {
                        while let Ok((stream, _)) = listener.accept().await {
                            let script = {
                                let mut s = lock(&state);
                                let script =
                                    s.scripts.pop_front().unwrap_or_else(|| s.default.clone());
                                s.logs.push(ConnectionLog::default());
                                (script, s.logs.len() - 1)
                            };
                            tokio::spawn(serve(stream, script.0, script.1, Arc::clone(&state)));
                        }
                    };
                    tokio::select! {
                        _ = accept => {}
                        _ = stop_rx => {}
                    }
                });
                // Dropping the runtime ends every connection.
                drop(runtime);
            })
            .expect("server thread");
        WsServer {
            addr,
            shared,
            stop: Some(stop_tx),
            thread: Some(thread),
        }
    }

    /// Queues `script` for the next connection not yet made.
    pub fn push(&self, script: Script) -> &Self {
        lock(&self.shared).scripts.push_back(script);
        self
    }

    /// The base URL to give a client: `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// What happened on every connection so far, in order.
    pub fn connections(&self) -> Vec<ConnectionLog> {
        lock(&self.shared).logs.clone()
    }

    /// Connection `i`'s log (panics if there is none).
    pub fn connection(&self, i: usize) -> ConnectionLog {
        let logs = self.connections();
        logs.get(i)
            .cloned()
            .unwrap_or_else(|| panic!("no connection {i}: {} made", logs.len()))
    }

    /// Waits up to `timeout` for `done` to hold of the logs; whether it did.
    pub fn wait_for(&self, timeout: Duration, done: impl Fn(&[ConnectionLog]) -> bool) -> bool {
        let until = Instant::now() + timeout;
        loop {
            if done(&lock(&self.shared).logs) {
                return true;
            }
            if Instant::now() >= until {
                return false;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }
}

impl Drop for WsServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// What the connection has left to send.
enum Out {
    Message(Value),
    Chunks {
        context: String,
        left: usize,
        bytes: usize,
        flush_id: u64,
    },
}

/// The per-connection TTS state: flush counts per context, and the byte of the next chunk.
#[derive(Default)]
struct TtsState {
    flushes: Vec<(String, u64)>,
    next_byte: u8,
}

impl TtsState {
    fn flush_id(&mut self, context: &str) -> &mut u64 {
        if let Some(i) = self.flushes.iter().position(|(c, _)| c == context) {
            return &mut self.flushes[i].1;
        }
        self.flushes.push((context.to_owned(), 1));
        &mut self.flushes.last_mut().expect("pushed").1
    }
}

fn tts_answer(script: &Script, state: &mut TtsState, text: &str, out: &mut VecDeque<Out>) {
    let Ok(request) = serde_json::from_str::<Value>(text) else {
        out.push_back(Out::Message(
            json!({"type": "error", "done": true, "status_code": 400,
            "title": "Invalid request", "message": "not JSON", "error_code": "invalid_request"}),
        ));
        return;
    };
    let Some(context) = request["context_id"].as_str().map(str::to_owned) else {
        return;
    };
    if request["cancel"] == true {
        out.retain(|o| match o {
            Out::Chunks { context: c, .. } => *c != context,
            Out::Message(m) => m["context_id"] != context.as_str(),
        });
        return;
    }
    if script.error_for.contains(&context) {
        out.push_back(Out::Message(
            json!({"type": "error", "done": true, "status_code": 400,
            "title": "Invalid voice", "message": "The voice does not exist.",
            "error_code": "voice_not_found", "request_id": format!("req:{context}:1"),
            "context_id": context}),
        ));
        return;
    }
    let flush_id = *state.flush_id(&context);
    if request["transcript"]
        .as_str()
        .is_some_and(|t| !t.is_empty())
    {
        if script.chunks_per_input > 0 {
            out.push_back(Out::Chunks {
                context: context.clone(),
                left: script.chunks_per_input,
                bytes: script.chunk_bytes,
                flush_id,
            });
        }
        if request["add_timestamps"] == true {
            let words: Vec<&str> = request["transcript"]
                .as_str()
                .unwrap_or_default()
                .split_whitespace()
                .collect();
            let start: Vec<f64> = (0..words.len()).map(|i| i as f64 * 0.25).collect();
            let end: Vec<f64> = start.iter().map(|s| s + 0.2).collect();
            out.push_back(Out::Message(
                json!({"type": "timestamps", "context_id": context,
                "status_code": 206, "done": false, "flush_id": flush_id,
                "word_timestamps": {"words": words, "start": start, "end": end}}),
            ));
        }
    }
    if request["flush"] == true {
        out.push_back(Out::Message(
            json!({"type": "flush_done", "context_id": context,
            "status_code": 206, "done": false, "flush_id": flush_id, "flush_done": true}),
        ));
        *state.flush_id(&context) += 1;
    }
    if request["continue"] != true {
        out.push_back(Out::Message(
            json!({"type": "done", "context_id": context, "status_code": 206, "done": true}),
        ));
    }
}

fn stt_answer(
    responder: Responder,
    received: &Received,
    audio_seen: &mut bool,
    out: &mut VecDeque<Out>,
) -> bool {
    let request_id = "stt-req-1";
    match (responder, received) {
        (Responder::Stt, Received::Text(t)) if t == "finalize" => {
            out.push_back(Out::Message(
                json!({"type": "transcript", "request_id": request_id,
                "text": "hello world", "is_final": true, "duration": 0.9, "language": "en",
                "words": [{"word": "hello", "start": 0.0, "end": 0.4},
                          {"word": "world", "start": 0.5, "end": 0.9}]}),
            ));
            out.push_back(Out::Message(
                json!({"type": "flush_done", "request_id": request_id}),
            ));
        }
        (Responder::Stt, Received::Text(t)) if t == "close" => {
            out.push_back(Out::Message(
                json!({"type": "done", "request_id": request_id}),
            ));
            return true;
        }
        (Responder::Stt, Received::Binary(_)) if !*audio_seen => {
            *audio_seen = true;
            out.push_back(Out::Message(json!({"type": "transcript", "request_id": request_id,
                "text": "hel", "is_final": false, "words": [{"word": "hel", "start": 0.0, "end": 0.2}]})));
        }
        (Responder::Turns, Received::Binary(_)) if !*audio_seen => {
            *audio_seen = true;
            for (kind, transcript) in [
                ("turn.start", None),
                ("turn.update", Some("I'd like")),
                ("turn.eager_end", Some("I'd like a")),
                ("turn.resume", None),
                ("turn.update", Some("I'd like a coffee")),
                ("turn.end", Some("I'd like a coffee.")),
            ] {
                let mut m = json!({"type": kind, "request_id": request_id});
                if let Some(t) = transcript {
                    m["transcript"] = t.into();
                }
                out.push_back(Out::Message(m));
            }
        }
        (Responder::Turns, Received::Text(t)) if t.contains("close") => return true,
        _ => {}
    }
    false
}

fn log(shared: &Mutex<Shared>, index: usize, f: impl FnOnce(&mut ConnectionLog)) {
    if let Some(l) = lock(shared).logs.get_mut(index) {
        f(l);
    }
}

async fn serve(
    stream: tokio::net::TcpStream,
    script: Script,
    index: usize,
    shared: Arc<Mutex<Shared>>,
) {
    let refuse = script.refuse.clone();
    let record = Arc::clone(&shared);
    // The error type is tungstenite's (the refusal's response).
    #[allow(clippy::result_large_err)]
    let callback = move |request: &Request, response: Response| {
        let handshake = Handshake {
            path: request.uri().path().to_owned(),
            query: request.uri().query().map(str::to_owned),
            headers: request
                .headers()
                .iter()
                .map(|(k, v)| {
                    (
                        k.as_str().to_owned(),
                        String::from_utf8_lossy(v.as_bytes()).into_owned(),
                    )
                })
                .collect(),
        };
        let refused = refuse.is_some();
        log(&record, index, |l| {
            l.handshake = handshake;
            l.refused = refused;
        });
        match &refuse {
            None => Ok(response),
            Some((status, body, headers)) => {
                let mut builder = http::Response::builder()
                    .status(*status)
                    .header("content-type", "application/json")
                    .header("x-request-id", "ws-refused-1");
                for (k, v) in headers {
                    builder = builder.header(k.as_str(), v.as_str());
                }
                let refusal: ErrorResponse = builder.body(Some(body.clone())).expect("response");
                Err(refusal)
            }
        }
    };
    let Ok(socket) = tokio_tungstenite::accept_hdr_async(stream, callback).await else {
        log(&shared, index, |l| l.ended = true);
        return;
    };
    let (mut sink, mut source) = socket.split();
    let mut out: VecDeque<Out> = VecDeque::new();
    if script.responder == Responder::Turns {
        out.push_back(Out::Message(
            json!({"type": "connected", "request_id": "stt-req-1"}),
        ));
    }
    let mut tts = TtsState::default();
    let mut audio_seen = false;
    let mut sent = 0usize;
    let mut read = 0usize;
    let mut closing = false;
    let mut ping = script
        .ping_every
        .map(|every| tokio::time::interval_at(tokio::time::Instant::now() + every, every));
    loop {
        if let Some((n, code, reason)) = &script.close_after_sent {
            if sent >= *n {
                let frame = CloseFrame {
                    code: CloseCode::from(*code),
                    reason: reason.clone().into(),
                };
                let _ = sink.send(Message::Close(Some(frame))).await;
                // Wait (briefly) for the client's answer, then end.
                let _ = tokio::time::timeout(Duration::from_secs(2), source.next()).await;
                break;
            }
        }
        if script.drop_after_sent.is_some_and(|n| sent >= n) {
            // Dropping both halves closes the TCP connection without a close frame.
            break;
        }
        if let Some(message) = next_out(&mut out, &mut tts) {
            if sink.send(Message::text(message.to_string())).await.is_err() {
                break;
            }
            sent += 1;
            log(&shared, index, |l| l.sent = sent);
            continue;
        }
        if closing {
            let _ = sink.send(Message::Close(None)).await;
            let _ = tokio::time::timeout(Duration::from_secs(2), source.next()).await;
            break;
        }
        let reading = script.stop_reading_after.is_none_or(|n| read < n);
        let tick = async {
            match ping.as_mut() {
                Some(p) => {
                    p.tick().await;
                }
                None => std::future::pending::<()>().await,
            }
        };
        tokio::select! {
            message = source.next(), if reading => {
                let Some(Ok(message)) = message else { break };
                let received = match message {
                    Message::Text(t) => Received::Text(t.as_str().to_owned()),
                    Message::Binary(b) => Received::Binary(b.to_vec()),
                    Message::Ping(_) => {
                        log(&shared, index, |l| l.pings += 1);
                        continue;
                    }
                    Message::Close(frame) => {
                        log(&shared, index, |l| l.client_close = frame.map(|f| u16::from(f.code)));
                        let _ = sink.close().await;
                        break;
                    }
                    _ => continue,
                };
                read += 1;
                log(&shared, index, |l| l.received.push(received.clone()));
                match (script.responder, &received) {
                    (Responder::Tts, Received::Text(t)) => tts_answer(&script, &mut tts, t, &mut out),
                    (Responder::Stt | Responder::Turns, r) => {
                        closing |= stt_answer(script.responder, r, &mut audio_seen, &mut out);
                    }
                    _ => {}
                }
            }
            _ = tick => {
                if sink.send(Message::Ping(Vec::new().into())).await.is_err() {
                    break;
                }
            }
        }
    }
    log(&shared, index, |l| l.ended = true);
}

fn next_out(out: &mut VecDeque<Out>, tts: &mut TtsState) -> Option<Value> {
    match out.front_mut()? {
        Out::Message(_) => match out.pop_front() {
            Some(Out::Message(m)) => Some(m),
            _ => None,
        },
        Out::Chunks {
            context,
            left,
            bytes,
            flush_id,
        } => {
            tts.next_byte = tts.next_byte.wrapping_add(1);
            let audio = vec![tts.next_byte; *bytes];
            let m = json!({"type": "chunk", "context_id": context, "status_code": 206,
                "done": false, "step_time": 1.0, "flush_id": flush_id,
                "data": base64::engine::general_purpose::STANDARD.encode(&audio)});
            *left -= 1;
            if *left == 0 {
                out.pop_front();
            }
            Some(m)
        }
    }
}
