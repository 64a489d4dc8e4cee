//! A fault-injecting HTTP/1.1 server on 127.0.0.1, for what wiremock cannot do: reset a
//! connection, go silent past the client's timeout, send a body shorter than its
//! `Content-Length`, or answer with bytes that are not valid HTTP ([`Fault::Raw`]). It also
//! keeps every request head exactly as it arrived ([`FaultServer::raw_heads`]), to check
//! framing headers such as `Content-Length` and `Transfer-Encoding`.
//!
//! Plain `std` (threads and `std::net`), no async runtime. One thread accepts; each
//! connection gets its own thread, which serves requests one after another (keep-alive) until
//! a fault, the client or an idle timeout closes it. Every socket read and write has a
//! timeout ([`IO_TIMEOUT`]), so nothing waits forever; dropping the server closes the
//! listener and every connection, wakes every delayed answer and joins every thread.
//!
//! For each request a *plan* chooses a [`Fault`]. The plan runs once the request head (line
//! and headers) has arrived but **before anything is consumed from the socket**: the server
//! only *peeks* at the head. So [`Fault::ResetBeforeRead`] really closes the connection with
//! the request unread (on Linux, closing a socket with unread data sends a TCP RST), and the
//! server can honestly say it never read — never "applied" — that request. Every other fault
//! first reads the whole request (head and `Content-Length` body), records it as a
//! [`SeenRequest`], then acts.
//!
//! ```
//! use cartesia_contract::faults::{Fault, FaultServer};
//!
//! // The first request gets a 503, every later one a 200.
//! let server = FaultServer::start(|_head, index| {
//!     if index == 0 { Fault::empty(503) } else { Fault::json(200, "[]") }
//! })?;
//! let url = server.url(); // http://127.0.0.1:<port>
//! # let _ = url;
//! # Ok::<(), std::io::Error>(())
//! ```
//!
//! Requests with `Transfer-Encoding` (chunked bodies) are not supported: they are answered
//! 501 and the connection is closed. Heads over 64 KiB get a 431, bodies over 16 MiB a 413.

use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, Weak};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

/// The timeout of every socket read and write, and the longest a kept-alive connection may
/// stay idle before the server closes it.
pub const IO_TIMEOUT: Duration = Duration::from_secs(5);

/// The largest request head accepted (a larger one is answered 431).
const MAX_HEAD: usize = 64 * 1024;

/// The largest request body accepted (a larger one is answered 413).
const MAX_BODY: usize = 16 * 1024 * 1024;

/// What the server does with one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// Reads the request, then answers normally: `status`, `headers` (a `content-length` is
    /// added unless given) and `body`. The connection stays open for the next request unless
    /// the client asked for `Connection: close`. (Also the way to answer successfully.)
    Respond {
        /// The status code.
        status: u16,
        /// Extra headers, in order.
        headers: Vec<(String, String)>,
        /// The body.
        body: Vec<u8>,
    },
    /// Closes the connection without consuming anything of the request (the server has only
    /// peeked at its head): the request is never read, never recorded, and the unread data
    /// makes the kernel answer with a TCP RST (on Linux). Inside
    /// [`SlowHeaders`](Fault::SlowHeaders), where the request was already read, it closes like
    /// [`ResetAfterRead`](Fault::ResetAfterRead).
    ResetBeforeRead,
    /// Reads and records the whole request (head and `Content-Length` body), then closes the
    /// connection without answering. With nothing left unread the close is a FIN: the client
    /// sees the connection end before any byte of a response.
    ResetAfterRead,
    /// Reads and records the whole request, waits `delay` (sending nothing), then does `then`.
    /// With a `delay` beyond the client's timeout, the client gives up while the server has
    /// already read — "applied" — the request. The wait ends early, and the connection is
    /// closed without `then`, as soon as the client hangs up: so a `delay` far beyond the
    /// client's timeout costs no more than that timeout, and "silent until the client gives
    /// up" does not depend on how fast the machine is.
    SlowHeaders {
        /// How long to stay silent.
        delay: Duration,
        /// What to do afterwards.
        then: Box<Fault>,
    },
    /// Reads and records the whole request, sends the status line and headers with
    /// `Content-Length: declared_len` but only `body` (which should be shorter), then closes
    /// the connection.
    Truncated {
        /// The status code.
        status: u16,
        /// The `Content-Length` announced.
        declared_len: usize,
        /// The bytes actually sent.
        body: Vec<u8>,
    },
    /// Reads and records the whole request, sends `status` with `Content-Length: len`, then a
    /// body of `len` bytes made on the fly (`x` repeated, so even a huge body costs the server
    /// no memory), `piece` bytes at a time with `pause` after each piece — a drip when
    /// `piece` is 1. Stops when the client goes away; [`FaultServer::streamed_bytes`] counts
    /// what was written.
    Stream {
        /// The status code.
        status: u16,
        /// The `Content-Length` announced (and the body's full length).
        len: u64,
        /// Bytes per write.
        piece: usize,
        /// The pause after each write.
        pause: Duration,
    },
    /// Reads and records the whole request, writes `bytes` verbatim as the whole answer
    /// (status line, headers and all: e.g. a garbage status line, conflicting
    /// `Content-Length`s, an oversized header block), then closes the connection.
    Raw {
        /// Everything the server sends.
        bytes: Vec<u8>,
    },
}

impl Fault {
    /// A normal answer with a JSON body.
    pub fn json(status: u16, body: impl Into<String>) -> Self {
        Fault::Respond {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: body.into().into_bytes(),
        }
    }

    /// [`Fault::Raw`]: `bytes` verbatim as the answer.
    pub fn raw(bytes: impl Into<Vec<u8>>) -> Self {
        Fault::Raw {
            bytes: bytes.into(),
        }
    }

    /// A normal answer with an empty body.
    pub fn empty(status: u16) -> Self {
        Fault::Respond {
            status,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    /// `self` with one more response header (only meaningful for [`Fault::Respond`]; other
    /// faults are returned unchanged).
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        if let Fault::Respond { headers, .. } = &mut self {
            headers.push((name.into(), value.into()));
        }
        self
    }

    /// [`Fault::SlowHeaders`]: wait `delay`, then do `then`.
    pub fn slow(delay: Duration, then: Fault) -> Self {
        Fault::SlowHeaders {
            delay,
            then: Box::new(then),
        }
    }

    /// Which kind of fault this is (the outer one, for [`Fault::SlowHeaders`]).
    pub fn kind(&self) -> FaultKind {
        match self {
            Fault::Respond { .. } => FaultKind::Respond,
            Fault::ResetBeforeRead => FaultKind::ResetBeforeRead,
            Fault::ResetAfterRead => FaultKind::ResetAfterRead,
            Fault::SlowHeaders { .. } => FaultKind::SlowHeaders,
            Fault::Truncated { .. } => FaultKind::Truncated,
            Fault::Stream { .. } => FaultKind::Stream,
            Fault::Raw { .. } => FaultKind::Raw,
        }
    }
}

/// The kinds of [`Fault`], for counting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FaultKind {
    /// [`Fault::Respond`].
    Respond,
    /// [`Fault::ResetBeforeRead`].
    ResetBeforeRead,
    /// [`Fault::ResetAfterRead`].
    ResetAfterRead,
    /// [`Fault::SlowHeaders`].
    SlowHeaders,
    /// [`Fault::Truncated`].
    Truncated,
    /// [`Fault::Stream`].
    Stream,
    /// [`Fault::Raw`].
    Raw,
}

/// What the plan sees: the request line and headers, before any of the request is consumed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestHead {
    /// The method, e.g. `POST`.
    pub method: String,
    /// The request target as sent: path and query, percent-encoding kept.
    pub path: String,
    /// The headers in arrival order, names lower-cased.
    pub headers: Vec<(String, String)>,
}

impl RequestHead {
    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

/// A request the server read completely (head and body).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeenRequest {
    /// The method, e.g. `POST`.
    pub method: String,
    /// The request target as sent: path and query, percent-encoding kept.
    pub path: String,
    /// The headers in arrival order, names lower-cased.
    pub headers: Vec<(String, String)>,
    /// The body (empty when there was none).
    pub body: Vec<u8>,
}

impl SeenRequest {
    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

fn find_header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// Counters of what the server did, from [`FaultServer::stats`].
///
/// A [`Fault::SlowHeaders`] counts once as `slow_headers` and once more under the kind of its
/// `then`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Connections accepted.
    pub connections: u64,
    /// Request heads that arrived (each one was handed to the plan).
    pub heads: u64,
    /// Requests read completely (the length of [`FaultServer::requests`]).
    pub requests_read: u64,
    /// [`Fault::Respond`] answers sent, any status.
    pub responded: u64,
    /// Of those, answers with a 5xx status.
    pub responded_5xx: u64,
    /// [`Fault::ResetBeforeRead`] faults.
    pub reset_before_read: u64,
    /// [`Fault::ResetAfterRead`] faults.
    pub reset_after_read: u64,
    /// [`Fault::SlowHeaders`] faults.
    pub slow_headers: u64,
    /// [`Fault::Truncated`] faults.
    pub truncated: u64,
    /// [`Fault::Raw`] faults.
    pub raw: u64,
    /// Requests the server could not handle (chunked, head or body too large, malformed),
    /// answered with a 4xx/5xx of its own without asking the plan.
    pub refused: u64,
    /// Kept-alive connections the server closed because no request came within
    /// [`IO_TIMEOUT`].
    pub idle_closed: u64,
    /// Connection threads that panicked (a panicking plan); should be 0.
    pub panics: u64,
}

#[derive(Default)]
struct Counters {
    connections: AtomicU64,
    heads: AtomicU64,
    requests_read: AtomicU64,
    responded: AtomicU64,
    responded_5xx: AtomicU64,
    reset_before_read: AtomicU64,
    reset_after_read: AtomicU64,
    slow_headers: AtomicU64,
    truncated: AtomicU64,
    raw: AtomicU64,
    refused: AtomicU64,
    idle_closed: AtomicU64,
    panics: AtomicU64,
    streamed_bytes: AtomicU64,
}

fn bump(counter: &AtomicU64) {
    counter.fetch_add(1, Ordering::Relaxed);
}

type Plan = dyn Fn(&RequestHead, u64) -> Fault + Send + Sync;

struct Conn {
    /// Weak, so that the connection's own thread holds the only strong reference and its
    /// drop really closes the socket (a `try_clone` would keep the descriptor open).
    stream: Weak<TcpStream>,
    handle: JoinHandle<()>,
}

struct Shared {
    plan: Box<Plan>,
    stopped: Mutex<bool>,
    wake: Condvar,
    next_index: AtomicU64,
    requests: Mutex<Vec<SeenRequest>>,
    raw_heads: Mutex<Vec<Vec<u8>>>,
    counters: Counters,
    conns: Mutex<Vec<Conn>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Shared {
    fn is_stopped(&self) -> bool {
        *lock(&self.stopped)
    }

    /// Waits `delay` unless the server stops first; true if it is still running.
    fn pause(&self, delay: Duration) -> bool {
        let deadline = Instant::now() + delay;
        let mut stopped = lock(&self.stopped);
        while !*stopped {
            let now = Instant::now();
            if now >= deadline {
                return true;
            }
            stopped = self
                .wake
                .wait_timeout(stopped, deadline - now)
                .unwrap_or_else(|p| p.into_inner())
                .0;
        }
        false
    }
}

/// The server. Dropping it shuts it down and joins all its threads.
pub struct FaultServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    acceptor: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for FaultServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FaultServer")
            .field("addr", &self.addr)
            .field("stats", &self.stats())
            .finish_non_exhaustive()
    }
}

impl FaultServer {
    /// Starts a server on an ephemeral port of 127.0.0.1.
    ///
    /// `plan(head, index)` chooses the fault for each request; `index` counts request heads
    /// across all connections from 0, in arrival order. The plan runs on the connection's
    /// thread, possibly on several threads at once, and must not panic (a panic closes that
    /// connection and is counted in [`Stats::panics`]).
    pub fn start(
        plan: impl Fn(&RequestHead, u64) -> Fault + Send + Sync + 'static,
    ) -> io::Result<FaultServer> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            plan: Box::new(plan),
            stopped: Mutex::new(false),
            wake: Condvar::new(),
            next_index: AtomicU64::new(0),
            requests: Mutex::new(Vec::new()),
            raw_heads: Mutex::new(Vec::new()),
            counters: Counters::default(),
            conns: Mutex::new(Vec::new()),
        });
        let for_acceptor = shared.clone();
        let acceptor = thread::Builder::new()
            .name("fault-server-accept".into())
            .spawn(move || accept_loop(&listener, &for_acceptor))?;
        Ok(FaultServer {
            addr,
            shared,
            acceptor: Some(acceptor),
        })
    }

    /// The base URL, `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The socket address listened on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The requests read completely so far, in the order their reading finished.
    pub fn requests(&self) -> Vec<SeenRequest> {
        lock(&self.shared.requests).clone()
    }

    /// The body bytes [`Fault::Stream`] answers managed to write, in all.
    pub fn streamed_bytes(&self) -> u64 {
        self.shared.counters.streamed_bytes.load(Ordering::Relaxed)
    }

    /// Every complete request head that arrived so far (request line, headers and the blank
    /// line, byte for byte as sent), in arrival order — including requests the server refused
    /// without asking the plan (e.g. chunked ones) and requests a fault never read.
    pub fn raw_heads(&self) -> Vec<Vec<u8>> {
        lock(&self.shared.raw_heads).clone()
    }

    /// Statistics of what the server did so far.
    pub fn stats(&self) -> Stats {
        let c = &self.shared.counters;
        let get = |a: &AtomicU64| a.load(Ordering::Relaxed);
        Stats {
            connections: get(&c.connections),
            heads: get(&c.heads),
            requests_read: get(&c.requests_read),
            responded: get(&c.responded),
            responded_5xx: get(&c.responded_5xx),
            reset_before_read: get(&c.reset_before_read),
            reset_after_read: get(&c.reset_after_read),
            slow_headers: get(&c.slow_headers),
            truncated: get(&c.truncated),
            raw: get(&c.raw),
            refused: get(&c.refused),
            idle_closed: get(&c.idle_closed),
            panics: get(&c.panics),
        }
    }
}

impl Drop for FaultServer {
    fn drop(&mut self) {
        *lock(&self.shared.stopped) = true;
        self.shared.wake.notify_all();
        // Wake the acceptor, blocked in `accept`, with a connection of our own.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        if let Some(acceptor) = self.acceptor.take() {
            let _ = acceptor.join();
        }
        let conns = std::mem::take(&mut *lock(&self.shared.conns));
        for conn in &conns {
            if let Some(stream) = conn.stream.upgrade() {
                let _ = stream.shutdown(Shutdown::Both);
            }
        }
        for conn in conns {
            let _ = conn.handle.join();
        }
    }
}

fn accept_loop(listener: &TcpListener, shared: &Arc<Shared>) {
    for incoming in listener.incoming() {
        if shared.is_stopped() {
            return;
        }
        let stream = match incoming {
            Ok(s) => Arc::new(s),
            Err(_) => {
                // E.g. out of descriptors: back off rather than spin.
                thread::sleep(Duration::from_millis(5));
                continue;
            }
        };
        bump(&shared.counters.connections);
        let weak = Arc::downgrade(&stream);
        let for_conn = shared.clone();
        let spawned = thread::Builder::new()
            .name("fault-server-conn".into())
            .spawn(move || {
                let served = catch_unwind(AssertUnwindSafe(|| serve(&for_conn, &stream)));
                if served.is_err() {
                    bump(&for_conn.counters.panics);
                }
            });
        // Without a thread the connection is dropped (closed): the client sees a reset.
        if let Ok(handle) = spawned {
            let mut conns = lock(&shared.conns);
            // Forget connections whose thread is done (their handles need no join).
            conns.retain(|c| !c.handle.is_finished());
            conns.push(Conn {
                stream: weak,
                handle,
            });
        }
    }
}

/// A request head that has arrived but is not consumed yet.
struct Peeked {
    head: RequestHead,
    head_len: usize,
    content_length: usize,
    close_after: bool,
}

enum Arrival {
    Head(Peeked),
    /// The client closed, went idle too long, or the server is stopping.
    Gone,
    /// A request the server refuses to handle: answer this and close.
    Refuse(u16, &'static str),
}

fn serve(shared: &Shared, stream: &TcpStream) {
    if stream.set_read_timeout(Some(IO_TIMEOUT)).is_err()
        || stream.set_write_timeout(Some(IO_TIMEOUT)).is_err()
    {
        return;
    }
    let _ = stream.set_nodelay(true);
    loop {
        if shared.is_stopped() {
            return;
        }
        let peeked = match peek_head(shared, stream) {
            Arrival::Head(p) => p,
            Arrival::Gone => return,
            Arrival::Refuse(status, why) => {
                bump(&shared.counters.refused);
                let _ = write_response(stream, status, &[], why.as_bytes(), None);
                return;
            }
        };
        bump(&shared.counters.heads);
        let index = shared.next_index.fetch_add(1, Ordering::Relaxed);
        let fault = (shared.plan)(&peeked.head, index);
        let mut read = false;
        match act(shared, stream, &peeked, fault, &mut read) {
            Ok(true) if !peeked.close_after => {}
            _ => return,
        }
    }
}

/// Does `fault`; true when the connection may serve another request.
fn act(
    shared: &Shared,
    stream: &TcpStream,
    peeked: &Peeked,
    fault: Fault,
    read: &mut bool,
) -> io::Result<bool> {
    let c = &shared.counters;
    match fault {
        Fault::ResetBeforeRead => {
            bump(&c.reset_before_read);
            Ok(false)
        }
        Fault::ResetAfterRead => {
            bump(&c.reset_after_read);
            read_request(shared, stream, peeked, read)?;
            Ok(false)
        }
        Fault::SlowHeaders { delay, then } => {
            bump(&c.slow_headers);
            read_request(shared, stream, peeked, read)?;
            if !wait_silently(shared, stream, delay) {
                return Ok(false);
            }
            act(shared, stream, peeked, *then, read)
        }
        Fault::Respond {
            status,
            headers,
            body,
        } => {
            bump(&c.responded);
            if status >= 500 {
                bump(&c.responded_5xx);
            }
            read_request(shared, stream, peeked, read)?;
            write_response(stream, status, &headers, &body, None)?;
            Ok(true)
        }
        Fault::Truncated {
            status,
            declared_len,
            body,
        } => {
            bump(&c.truncated);
            read_request(shared, stream, peeked, read)?;
            write_response(stream, status, &[], &body, Some(declared_len))?;
            let _ = stream.shutdown(Shutdown::Write);
            Ok(false)
        }
        Fault::Stream {
            status,
            len,
            piece,
            pause,
        } => {
            read_request(shared, stream, peeked, read)?;
            write_response(stream, status, &[], &[], Some(len as usize))?;
            let buf = vec![b'x'; piece.max(1)];
            let mut left = len;
            let mut writer = stream;
            while left > 0 {
                let n = left.min(buf.len() as u64) as usize;
                if writer.write_all(&buf[..n]).is_err() {
                    return Ok(false);
                }
                c.streamed_bytes.fetch_add(n as u64, Ordering::Relaxed);
                left -= n as u64;
                if !pause.is_zero() && !shared.pause(pause) {
                    return Ok(false);
                }
            }
            Ok(true)
        }
        Fault::Raw { bytes } => {
            bump(&c.raw);
            read_request(shared, stream, peeked, read)?;
            let mut writer = stream;
            // The client may give up (and close) before reading it all: that is its answer.
            let _ = writer.write_all(&bytes).and_then(|()| writer.flush());
            let _ = stream.shutdown(Shutdown::Write);
            Ok(false)
        }
    }
}

/// How often [`wait_silently`] looks whether the server is stopping.
const SILENT_POLL: Duration = Duration::from_millis(50);

/// Waits `delay`, sending nothing, unless the client hangs up (or the server stops) first;
/// true when the whole delay passed with the client still connected.
fn wait_silently(shared: &Shared, stream: &TcpStream, delay: Duration) -> bool {
    let deadline = Instant::now() + delay;
    let mut probe = [0u8; 1];
    let still_there = loop {
        if shared.is_stopped() {
            break false;
        }
        let now = Instant::now();
        if now >= deadline {
            break true;
        }
        let slice = (deadline - now).min(SILENT_POLL);
        // Blocks until the client sends or closes, at most `slice`; consumes nothing.
        if stream.set_read_timeout(Some(slice)).is_err() {
            break false;
        }
        match stream.peek(&mut probe) {
            // The client closed its side: it gave up on this request.
            Ok(0) => break false,
            // Bytes of a next request (pipelined): the client is still there.
            Ok(_) => thread::sleep(slice),
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock
                        | io::ErrorKind::TimedOut
                        | io::ErrorKind::Interrupted
                ) => {}
            // A reset: gone too.
            Err(_) => break false,
        }
    };
    still_there && stream.set_read_timeout(Some(IO_TIMEOUT)).is_ok()
}

/// Waits until a whole request head is in the socket's receive buffer, without consuming it.
fn peek_head(shared: &Shared, stream: &TcpStream) -> Arrival {
    let mut buf = vec![0u8; MAX_HEAD];
    let deadline = Instant::now() + IO_TIMEOUT;
    loop {
        // Blocks until at least one byte is there (bounded by the read timeout); returns at
        // once while a partial head waits for the rest.
        let n = match stream.peek(&mut buf) {
            Ok(0) => return Arrival::Gone,
            Err(e) => {
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) {
                    bump(&shared.counters.idle_closed);
                }
                return Arrival::Gone;
            }
            Ok(n) => n,
        };
        if let Some(end) = find_head_end(&buf[..n]) {
            lock(&shared.raw_heads).push(buf[..end].to_vec());
            return parse_head(&buf[..end]);
        }
        if n == buf.len() {
            return Arrival::Refuse(431, "request head too large");
        }
        if Instant::now() >= deadline || shared.is_stopped() {
            return Arrival::Gone;
        }
        thread::sleep(Duration::from_millis(1));
    }
}

/// The length of the head including its blank line, if it is complete.
fn find_head_end(buf: &[u8]) -> Option<usize> {
    buf.windows(4).position(|w| w == b"\r\n\r\n").map(|i| i + 4)
}

fn parse_head(raw: &[u8]) -> Arrival {
    let Ok(text) = std::str::from_utf8(raw) else {
        return Arrival::Refuse(400, "request head is not UTF-8");
    };
    let mut lines = text.split("\r\n");
    let request_line = lines.next().unwrap_or_default();
    let mut parts = request_line.split(' ');
    let (Some(method), Some(path), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Arrival::Refuse(400, "malformed request line");
    };
    if !version.starts_with("HTTP/1.") {
        return Arrival::Refuse(505, "only HTTP/1.x");
    }
    let mut headers = Vec::new();
    for line in lines.filter(|l| !l.is_empty()) {
        let Some((name, value)) = line.split_once(':') else {
            return Arrival::Refuse(400, "malformed header line");
        };
        headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
    }
    if find_header(&headers, "transfer-encoding").is_some() {
        return Arrival::Refuse(501, "Transfer-Encoding is not supported");
    }
    let content_length = match find_header(&headers, "content-length") {
        None => 0,
        Some(v) => match v.parse::<usize>() {
            Ok(n) if n <= MAX_BODY => n,
            Ok(_) => return Arrival::Refuse(413, "request body too large"),
            Err(_) => return Arrival::Refuse(400, "malformed Content-Length"),
        },
    };
    let connection = find_header(&headers, "connection").unwrap_or_default();
    let close_after = version == "HTTP/1.0"
        || connection
            .to_ascii_lowercase()
            .split(',')
            .any(|t| t.trim() == "close");
    Arrival::Head(Peeked {
        head: RequestHead {
            method: method.to_owned(),
            path: path.to_owned(),
            headers,
        },
        head_len: raw.len(),
        content_length,
        close_after,
    })
}

/// Consumes the head and the body from the socket and records the request (once).
fn read_request(
    shared: &Shared,
    stream: &TcpStream,
    peeked: &Peeked,
    read: &mut bool,
) -> io::Result<()> {
    if *read {
        return Ok(());
    }
    let mut reader = stream;
    let mut head = vec![0u8; peeked.head_len];
    reader.read_exact(&mut head)?;
    let mut body = vec![0u8; peeked.content_length];
    reader.read_exact(&mut body)?;
    *read = true;
    bump(&shared.counters.requests_read);
    lock(&shared.requests).push(SeenRequest {
        method: peeked.head.method.clone(),
        path: peeked.head.path.clone(),
        headers: peeked.head.headers.clone(),
        body,
    });
    Ok(())
}

/// Writes a status line, `headers`, a `content-length` (`declared`, else the body's length,
/// unless `headers` has one) and `body`, in one write.
fn write_response(
    stream: &TcpStream,
    status: u16,
    headers: &[(String, String)],
    body: &[u8],
    declared: Option<usize>,
) -> io::Result<()> {
    let reason = http::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("Unknown");
    let mut out = format!("HTTP/1.1 {status} {reason}\r\n");
    for (k, v) in headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    if declared.is_some() || find_header(headers, "content-length").is_none() {
        out.push_str(&format!(
            "content-length: {}\r\n",
            declared.unwrap_or(body.len())
        ));
    }
    out.push_str("\r\n");
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(body);
    let mut writer = stream;
    writer.write_all(&bytes)?;
    writer.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn connect(server: &FaultServer) -> TcpStream {
        let s = TcpStream::connect(server.addr()).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        s
    }

    /// Reads one response: (status, headers, body), using its content-length.
    fn read_response(s: &mut TcpStream) -> (u16, Vec<(String, String)>, Vec<u8>) {
        let mut raw = Vec::new();
        let mut byte = [0u8; 1];
        while find_head_end(&raw).is_none() {
            assert_eq!(s.read(&mut byte).expect("read head"), 1, "EOF in head");
            raw.push(byte[0]);
        }
        let text = String::from_utf8(raw).unwrap();
        let mut lines = text.split("\r\n");
        let status = lines
            .next()
            .unwrap()
            .split(' ')
            .nth(1)
            .unwrap()
            .parse()
            .unwrap();
        let headers: Vec<(String, String)> = lines
            .filter(|l| !l.is_empty())
            .map(|l| {
                let (k, v) = l.split_once(':').unwrap();
                (k.trim().to_ascii_lowercase(), v.trim().to_owned())
            })
            .collect();
        let len: usize = find_header(&headers, "content-length")
            .unwrap()
            .parse()
            .unwrap();
        let mut body = vec![0u8; len];
        s.read_exact(&mut body).expect("body");
        (status, headers, body)
    }

    /// Everything until EOF (or a reset), and how it ended.
    fn read_to_end(s: &mut TcpStream) -> (Vec<u8>, io::Result<()>) {
        let mut all = Vec::new();
        let mut chunk = [0u8; 4096];
        loop {
            match s.read(&mut chunk) {
                Ok(0) => return (all, Ok(())),
                Ok(n) => all.extend_from_slice(&chunk[..n]),
                Err(e) => return (all, Err(e)),
            }
        }
    }

    const POST: &[u8] =
        b"POST /orders?x=1 HTTP/1.1\r\nHost: t\r\nContent-Length: 11\r\nX-Call: 7\r\n\r\nhello world";
    const GET: &[u8] = b"GET /a%2Fb HTTP/1.1\r\nHost: t\r\n\r\n";

    #[test]
    fn responds_and_keeps_the_connection_alive() {
        let server = FaultServer::start(|head, index| {
            Fault::json(200, format!("{} {} #{index}", head.method, head.path))
                .with_header("x-test", "yes")
        })
        .unwrap();
        let mut s = connect(&server);
        s.write_all(GET).unwrap();
        let (status, headers, body) = read_response(&mut s);
        assert_eq!(status, 200);
        assert_eq!(find_header(&headers, "x-test"), Some("yes"));
        assert_eq!(body, b"GET /a%2Fb #0");
        s.write_all(POST).unwrap();
        let (_, _, body) = read_response(&mut s);
        assert_eq!(body, b"POST /orders?x=1 #1");

        let seen = server.requests();
        assert_eq!(seen.len(), 2);
        assert_eq!(seen[1].method, "POST");
        assert_eq!(seen[1].header("x-call"), Some("7"));
        assert_eq!(seen[1].body, b"hello world");
        let stats = server.stats();
        assert_eq!(stats.connections, 1);
        assert_eq!(
            (stats.heads, stats.requests_read, stats.responded),
            (2, 2, 2)
        );
    }

    #[test]
    fn truncated_body_is_shorter_than_declared() {
        let server = FaultServer::start(|_, _| Fault::Truncated {
            status: 200,
            declared_len: 100,
            body: b"0123456789".to_vec(),
        })
        .unwrap();
        let mut s = connect(&server);
        s.write_all(GET).unwrap();
        let (raw, end) = read_to_end(&mut s);
        end.expect("a clean close after the partial body");
        let head_end = find_head_end(&raw).expect("a full head");
        let head = String::from_utf8_lossy(&raw[..head_end]).to_ascii_lowercase();
        assert!(head.starts_with("http/1.1 200 ok\r\n"), "{head}");
        assert!(head.contains("content-length: 100\r\n"), "{head}");
        assert_eq!(&raw[head_end..], b"0123456789");
        assert_eq!(server.stats().truncated, 1);
        assert_eq!(server.requests().len(), 1);
    }

    #[test]
    fn raw_answers_are_sent_verbatim_after_reading_the_request() {
        let server = FaultServer::start(|_, _| Fault::raw("HTTP/1.1 abc\r\n\r\nnot http")).unwrap();
        let mut s = connect(&server);
        s.write_all(POST).unwrap();
        let (raw, end) = read_to_end(&mut s);
        end.expect("a clean close after the bytes");
        assert_eq!(raw, b"HTTP/1.1 abc\r\n\r\nnot http");
        assert_eq!(server.requests()[0].body, b"hello world");
        let stats = server.stats();
        assert_eq!((stats.raw, stats.requests_read, stats.responded), (1, 1, 0));
        assert_eq!(Fault::raw("x").kind(), FaultKind::Raw);
    }

    #[test]
    fn raw_heads_are_kept_byte_for_byte_even_when_refused() {
        let server = FaultServer::start(|_, _| Fault::empty(204)).unwrap();
        let mut s = connect(&server);
        s.write_all(POST).unwrap();
        let _ = read_response(&mut s);
        let chunked: &[u8] = b"POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n";
        s.write_all(chunked).unwrap();
        let (status, _, _) = read_response(&mut s);
        assert_eq!(status, 501);
        let heads = server.raw_heads();
        assert_eq!(heads.len(), 2);
        assert_eq!(heads[0], &POST[..POST.len() - b"hello world".len()]);
        assert_eq!(heads[1], &chunked[..chunked.len() - b"0\r\n\r\n".len()]);
        assert_eq!(server.requests().len(), 1);
    }

    #[test]
    fn reset_after_read_records_the_request_and_answers_nothing() {
        let server = FaultServer::start(|_, _| Fault::ResetAfterRead).unwrap();
        let mut s = connect(&server);
        s.write_all(POST).unwrap();
        let (raw, _) = read_to_end(&mut s);
        assert!(raw.is_empty(), "{raw:?}");
        let seen = server.requests();
        assert_eq!(seen.len(), 1);
        assert_eq!(seen[0].body, b"hello world");
        let stats = server.stats();
        assert_eq!(
            (stats.heads, stats.requests_read, stats.reset_after_read),
            (1, 1, 1)
        );
    }

    #[test]
    fn reset_before_read_reads_nothing() {
        let server = FaultServer::start(|head, _| {
            assert_eq!(head.header("X-CALL"), Some("7"));
            Fault::ResetBeforeRead
        })
        .unwrap();
        let mut s = connect(&server);
        s.write_all(POST).unwrap();
        let (raw, end) = read_to_end(&mut s);
        assert!(raw.is_empty(), "{raw:?}");
        // Closed with the request unread: the kernel resets the connection.
        #[cfg(target_os = "linux")]
        assert_eq!(
            end.expect_err("a reset, not a clean close").kind(),
            io::ErrorKind::ConnectionReset
        );
        let _ = end;
        assert!(server.requests().is_empty());
        let stats = server.stats();
        assert_eq!(
            (stats.heads, stats.requests_read, stats.reset_before_read),
            (1, 0, 1)
        );
        assert_eq!(stats.panics, 0);
    }

    #[test]
    fn slow_headers_read_first_then_wait() {
        let delay = Duration::from_millis(150);
        let server = FaultServer::start(move |_, _| Fault::slow(delay, Fault::empty(204))).unwrap();
        let mut s = connect(&server);
        let t = Instant::now();
        s.write_all(POST).unwrap();
        let (status, _, _) = read_response(&mut s);
        assert_eq!(status, 204);
        assert!(t.elapsed() >= delay, "{:?}", t.elapsed());
        assert_eq!(server.requests().len(), 1);
        let stats = server.stats();
        assert_eq!((stats.slow_headers, stats.responded), (1, 1));
    }

    /// Waits (at most 5 s) until `server` has read a request it answers slowly.
    fn wait_until_a_slow_request_is_read(server: &FaultServer) {
        let t = Instant::now();
        while server.stats().slow_headers == 0 {
            assert!(t.elapsed() < Duration::from_secs(5));
            thread::sleep(Duration::from_millis(1));
        }
    }

    #[test]
    fn slow_headers_end_when_the_client_hangs_up() {
        let server =
            FaultServer::start(|_, _| Fault::slow(Duration::from_secs(3600), Fault::empty(204)))
                .unwrap();
        let mut s = connect(&server);
        s.write_all(POST).unwrap();
        // The request is read, then the client gives up.
        wait_until_a_slow_request_is_read(&server);
        drop(s);
        // The connection thread notices and ends without answering (the one-hour delay would
        // otherwise keep it, and this server's drop would wake it): wait on that event.
        let t = Instant::now();
        while !lock(&server.shared.conns)
            .iter()
            .all(|c| c.handle.is_finished())
        {
            assert!(t.elapsed() < Duration::from_secs(30), "still waiting");
            thread::sleep(Duration::from_millis(5));
        }
        let stats = server.stats();
        assert_eq!((stats.slow_headers, stats.responded), (1, 0));
        assert_eq!(server.requests()[0].body, b"hello world");
    }

    #[test]
    fn a_head_in_pieces_is_waited_for() {
        let server = FaultServer::start(|head, _| Fault::json(200, head.path.clone())).unwrap();
        let mut s = connect(&server);
        s.write_all(&POST[..20]).unwrap();
        thread::sleep(Duration::from_millis(30));
        s.write_all(&POST[20..60]).unwrap();
        thread::sleep(Duration::from_millis(30));
        s.write_all(&POST[60..]).unwrap();
        let (_, _, body) = read_response(&mut s);
        assert_eq!(body, b"/orders?x=1");
        assert_eq!(server.requests()[0].body, b"hello world");
    }

    #[test]
    fn unsupported_requests_are_refused_without_the_plan() {
        let server = FaultServer::start(|_, _| panic!("the plan must not run")).unwrap();
        let mut s = connect(&server);
        s.write_all(b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
            .unwrap();
        let (status, _, _) = read_response(&mut s);
        assert_eq!(status, 501);
        let stats = server.stats();
        assert_eq!((stats.refused, stats.heads, stats.panics), (1, 0, 0));
    }

    #[test]
    fn connection_close_is_honoured() {
        let server = FaultServer::start(|_, _| Fault::empty(200)).unwrap();
        let mut s = connect(&server);
        s.write_all(b"GET / HTTP/1.1\r\nConnection: close\r\n\r\n")
            .unwrap();
        let (status, _, _) = read_response(&mut s);
        assert_eq!(status, 200);
        let (rest, end) = read_to_end(&mut s);
        assert!(rest.is_empty() && end.is_ok());
    }

    #[test]
    fn drop_is_prompt_with_idle_and_slow_connections() {
        let server =
            FaultServer::start(|_, _| Fault::slow(Duration::from_secs(30), Fault::empty(200)))
                .unwrap();
        let _idle = connect(&server);
        let mut slow = connect(&server);
        slow.write_all(GET).unwrap();
        wait_until_a_slow_request_is_read(&server);
        let t = Instant::now();
        drop(server);
        // Not the 30 s of the slow answer (a wide bound: a loaded machine is slow to join).
        assert!(t.elapsed() < Duration::from_secs(10), "{:?}", t.elapsed());
        let (raw, _) = read_to_end(&mut slow);
        assert!(raw.is_empty());
    }

    #[test]
    fn a_panicking_plan_closes_the_connection_and_is_counted() {
        let server =
            FaultServer::start(|_, _| panic!("plan failure (expected by this test)")).unwrap();
        let mut s = connect(&server);
        s.write_all(GET).unwrap();
        let (raw, _) = read_to_end(&mut s);
        assert!(raw.is_empty());
        let t = Instant::now();
        while server.stats().panics == 0 {
            assert!(t.elapsed() < Duration::from_secs(5));
            thread::sleep(Duration::from_millis(1));
        }
    }
}
