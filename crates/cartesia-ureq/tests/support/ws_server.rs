//! A tiny loopback WebSocket server on std threads with plain tungstenite (no tokio), for the
//! blocking driver's tests: it records every upgrade request, refuses or accepts each
//! connection as the test says, and hands accepted sockets to the test's handler.
#![allow(dead_code)]

use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{json, Value};
use tungstenite::handshake::server::{ErrorResponse, Request, Response};
use tungstenite::{Message, WebSocket};

/// What the server does with connection number `n` (from 0).
pub enum Answer {
    /// Completes the upgrade and runs the handler.
    Accept,
    /// Refuses the upgrade with this response (status, headers, body).
    Refuse(ErrorResponse),
}

/// An upgrade the server saw.
#[derive(Debug, Clone)]
pub struct Seen {
    /// The request target (path and query) as sent.
    pub target: String,
    /// The headers.
    pub headers: http::HeaderMap,
}

impl Seen {
    /// The value of header `name` (when it is text).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name)?.to_str().ok()
    }
}

/// The server, running until the test ends.
pub struct Server {
    /// `http://127.0.0.1:port`, the base URL for the client.
    pub base_url: String,
    seen: Arc<Mutex<Vec<Seen>>>,
    connections: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
}

type Handler = dyn Fn(usize, &mut WebSocket<TcpStream>) + Send + Sync;

impl Server {
    /// Starts a server: `answer` decides each upgrade, `handler` serves each accepted socket
    /// (the socket is closed when it returns).
    pub fn start(
        answer: impl Fn(usize) -> Answer + Send + Sync + 'static,
        handler: impl Fn(usize, &mut WebSocket<TcpStream>) + Send + Sync + 'static,
    ) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let connections = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let answer: Arc<dyn Fn(usize) -> Answer + Send + Sync> = Arc::new(answer);
        let handler: Arc<Handler> = Arc::new(handler);
        {
            let (seen, connections, stop) = (seen.clone(), connections.clone(), stop.clone());
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        return;
                    }
                    let Ok(stream) = stream else { continue };
                    let n = connections.fetch_add(1, Ordering::SeqCst);
                    let (seen, answer, handler) = (seen.clone(), answer.clone(), handler.clone());
                    std::thread::spawn(move || serve_one(n, stream, &seen, &*answer, &*handler));
                }
            });
        }
        Server {
            base_url,
            seen,
            connections,
            stop,
        }
    }

    /// A server that accepts every upgrade and serves each socket with `handler`.
    pub fn accepting(
        handler: impl Fn(usize, &mut WebSocket<TcpStream>) + Send + Sync + 'static,
    ) -> Server {
        Server::start(|_| Answer::Accept, handler)
    }

    /// The upgrades seen so far.
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    /// Connections accepted at the TCP level so far.
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wakes the accept loop so it sees the flag.
        let addr = self.base_url.trim_start_matches("http://").to_owned();
        let _ = TcpStream::connect(addr);
    }
}

// The callback's error type is tungstenite's `ErrorResponse` (its `Callback` trait).
#[allow(clippy::result_large_err)]
fn serve_one(
    n: usize,
    stream: TcpStream,
    seen: &Mutex<Vec<Seen>>,
    answer: &(dyn Fn(usize) -> Answer + Send + Sync),
    handler: &Handler,
) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let callback = |request: &Request, response: Response| {
        let target = request
            .uri()
            .path_and_query()
            .map(|p| p.as_str().to_owned())
            .unwrap_or_default();
        let headers = request.headers().clone();
        seen.lock().unwrap().push(Seen { target, headers });
        match answer(n) {
            Answer::Accept => Ok(response),
            Answer::Refuse(refusal) => Err(refusal),
        }
    };
    if let Ok(mut ws) = tungstenite::accept_hdr(stream, callback) {
        handler(n, &mut ws);
        let _ = ws.close(None);
        let _ = ws.flush();
    }
}

/// A refusal with `status`, JSON `body` and extra headers.
pub fn refusal(status: u16, headers: &[(&str, &str)], body: &str) -> Answer {
    let mut b = http::Response::builder()
        .status(status)
        .header("content-type", "application/json");
    for (k, v) in headers {
        b = b.header(*k, *v);
    }
    Answer::Refuse(b.body(Some(body.to_owned())).unwrap())
}

/// Reads the next text message as JSON, answering pings on the way; `None` when the socket
/// ended (closed, reset, or quiet for the read timeout).
pub fn next_json(ws: &mut WebSocket<TcpStream>) -> Option<Value> {
    loop {
        match ws.read() {
            Ok(Message::Text(t)) => return serde_json::from_str(t.as_str()).ok(),
            Ok(Message::Close(_)) | Err(_) => return None,
            Ok(_) => {}
        }
    }
}

/// Hands every message to `on` until the socket ends, `on` returns `false`, or after a close
/// (which `on` sees too). tungstenite answers pings itself.
pub fn on_messages(
    ws: &mut WebSocket<TcpStream>,
    mut on: impl FnMut(&mut WebSocket<TcpStream>, Message) -> bool,
) {
    while let Ok(message) = ws.read() {
        let close = matches!(message, Message::Close(_));
        if !on(ws, message) || close {
            return;
        }
    }
}

/// `value` as a text message.
pub fn text(value: Value) -> Message {
    Message::Text(value.to_string().into())
}

/// A `chunk` message for `context_id` (the audio bytes `[n, n, n]`).
pub fn chunk(context_id: &str, n: u8, flush_id: Option<u64>) -> Message {
    use base64::Engine as _;
    let mut m = json!({
        "type": "chunk",
        "context_id": context_id,
        "data": base64::engine::general_purpose::STANDARD.encode([n, n, n]),
        "step_time": 1.0,
        "done": false,
        "status_code": 206,
    });
    if let Some(id) = flush_id {
        m["flush_id"] = json!(id);
    }
    text(m)
}

/// A `flush_done` message.
pub fn flush_done(context_id: &str, flush_id: u64) -> Message {
    text(json!({
        "type": "flush_done", "context_id": context_id, "flush_id": flush_id,
        "flush_done": true, "done": false, "status_code": 206,
    }))
}

/// A `done` message.
pub fn done(context_id: &str) -> Message {
    text(json!({"type": "done", "context_id": context_id, "done": true, "status_code": 206}))
}

/// A minimal TTS server loop: every request with a transcript gets one chunk (its audio
/// byte the count of requests seen for that context), a flush gets its `flush_done` (flush
/// ids counted per context from 1), and the last input (`continue: false`) gets `done`.
/// Returns when the socket ends.
pub fn serve_tts(ws: &mut WebSocket<TcpStream>) {
    let mut counts: std::collections::HashMap<String, (u8, u64)> = Default::default();
    while let Some(m) = next_json(ws) {
        let Some(id) = m["context_id"].as_str().map(str::to_owned) else {
            continue;
        };
        if m["cancel"] == json!(true) {
            continue;
        }
        let entry = counts.entry(id.clone()).or_default();
        let transcript = m["transcript"].as_str().unwrap_or("");
        if !transcript.is_empty() {
            entry.0 = entry.0.wrapping_add(1);
            let _ = ws.send(chunk(&id, entry.0, None));
        }
        if m["flush"] == json!(true) {
            entry.1 += 1;
            let _ = ws.send(flush_done(&id, entry.1));
        }
        if m["continue"] != json!(true) {
            let _ = ws.send(done(&id));
        }
    }
}
