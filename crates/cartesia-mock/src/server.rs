//! The accept loop, per-connection request handling and the precomputed
//! responses.

use std::collections::HashMap;
use std::io::{self, BufReader, IoSlice, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use crate::api::{Answer, ApiData, Route};
use crate::data::{list_body, push_json_str, DemoPhoneNumber};
use crate::http::{self, DecodeError, HeadRead, Reject, Request};
use crate::RecordedRequest;

/// Documentation linked from every error body.
const DOC_URL: &str = "https://docs.cartesia.ai/use-the-api/api-errors";
/// Capacity of each connection's read buffer.
const READ_BUFFER: usize = 16 * 1024;
/// Bodies up to this size are copied next to the head and sent with one
/// `write`; larger ones are sent with a vectored write, without copying.
const COPY_BODY_LIMIT: usize = 8 * 1024;
/// How long a closing connection drains unread input so that the peer gets
/// the final response instead of a reset.
const LINGER: Duration = Duration::from_millis(500);

/// Length of a request id, e.g. `6d6f636b-1f90-4000-8000-000000000001`.
const REQUEST_ID_LEN: usize = 36;

pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Builds the UUID-shaped id of the `n`th request of the server on `port`.
///
/// The first group spells "mock" in hex; the second is the server's port so
/// ids from concurrently running servers differ.
fn request_id(port: u16, n: u64) -> [u8; REQUEST_ID_LEN] {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut id = *b"6d6f636b-0000-4000-8000-000000000000";
    for i in 0..4 {
        id[9 + i] = HEX[usize::from((port >> (4 * (3 - i))) & 0xf)];
    }
    for i in 0..12 {
        // The shift is at most 44, and the mask keeps the index below 16.
        id[24 + i] = HEX[((n >> (4 * (11 - i))) & 0xf) as usize];
    }
    id
}

/// The errors the server can answer with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ErrorKind {
    Unauthorized,
    InvalidVersion,
    AgentNotFound,
    NotFound,
    MethodNotAllowed,
    InvalidPath,
    Malformed,
    HeadTooLarge,
    LengthRequired,
    VersionNotSupported,
    CallNotFound,
    BatchNotFound,
    MissingCallFilter,
    InvalidLimit,
    InvalidCursor,
    ConflictingCursors,
    InvalidQuery,
}

impl ErrorKind {
    const ALL: [ErrorKind; 17] = [
        ErrorKind::Unauthorized,
        ErrorKind::InvalidVersion,
        ErrorKind::AgentNotFound,
        ErrorKind::NotFound,
        ErrorKind::MethodNotAllowed,
        ErrorKind::InvalidPath,
        ErrorKind::Malformed,
        ErrorKind::HeadTooLarge,
        ErrorKind::LengthRequired,
        ErrorKind::VersionNotSupported,
        ErrorKind::CallNotFound,
        ErrorKind::BatchNotFound,
        ErrorKind::MissingCallFilter,
        ErrorKind::InvalidLimit,
        ErrorKind::InvalidCursor,
        ErrorKind::ConflictingCursors,
        ErrorKind::InvalidQuery,
    ];

    /// (status line, error_code, title, message, extra header lines)
    fn spec(
        self,
    ) -> (
        &'static str,
        Option<&'static str>,
        &'static str,
        &'static str,
        &'static str,
    ) {
        match self {
            ErrorKind::Unauthorized => (
                "401 Unauthorized",
                Some("invalid_api_key"),
                "Unauthorized",
                "Invalid or missing API key.",
                "WWW-Authenticate: Bearer\r\n",
            ),
            ErrorKind::InvalidVersion => (
                "400 Bad Request",
                Some("invalid_version"),
                "Invalid API version",
                "The Cartesia-Version header is missing or malformed; expected a date such as 2026-03-01.",
                "",
            ),
            ErrorKind::AgentNotFound => (
                "404 Not Found",
                Some("agent_not_found"),
                "Agent not found",
                "No agent exists with the given ID.",
                "",
            ),
            ErrorKind::NotFound => (
                "404 Not Found",
                Some("not_found"),
                "Not found",
                "The requested resource does not exist.",
                "",
            ),
            ErrorKind::MethodNotAllowed => (
                "405 Method Not Allowed",
                Some("method_not_allowed"),
                "Method not allowed",
                "This endpoint only supports GET.",
                "Allow: GET\r\n",
            ),
            ErrorKind::InvalidPath => (
                "400 Bad Request",
                Some("invalid_request"),
                "Bad request",
                "The request path contains an invalid percent-encoding.",
                "",
            ),
            ErrorKind::Malformed => (
                "400 Bad Request",
                None,
                "Bad request",
                "The HTTP request could not be parsed.",
                "",
            ),
            ErrorKind::HeadTooLarge => (
                "431 Request Header Fields Too Large",
                None,
                "Request header fields too large",
                "The request head is too large.",
                "",
            ),
            ErrorKind::LengthRequired => (
                "411 Length Required",
                None,
                "Length required",
                "Request bodies must be sent with Content-Length; Transfer-Encoding is not supported.",
                "",
            ),
            ErrorKind::VersionNotSupported => (
                "505 HTTP Version Not Supported",
                None,
                "HTTP version not supported",
                "Only HTTP/1.0 and HTTP/1.1 are supported.",
                "",
            ),
            ErrorKind::CallNotFound => (
                "404 Not Found",
                Some("call_not_found"),
                "Call not found",
                "No call exists with the given ID.",
                "",
            ),
            ErrorKind::BatchNotFound => (
                "404 Not Found",
                Some("batch_not_found"),
                "Batch not found",
                "No call batch exists with the given ID.",
                "",
            ),
            ErrorKind::MissingCallFilter => (
                "400 Bad Request",
                Some("invalid_request"),
                "Bad request",
                "One of agent_id or batch_id is required.",
                "",
            ),
            ErrorKind::InvalidLimit => (
                "400 Bad Request",
                Some("invalid_request"),
                "Bad request",
                "limit must be an integer between 1 and 100.",
                "",
            ),
            ErrorKind::InvalidCursor => (
                "400 Bad Request",
                Some("invalid_request"),
                "Bad request",
                "The pagination cursor does not name an item of this list.",
                "",
            ),
            ErrorKind::ConflictingCursors => (
                "400 Bad Request",
                Some("invalid_request"),
                "Bad request",
                "Pass at most one of starting_after and ending_before.",
                "",
            ),
            ErrorKind::InvalidQuery => (
                "400 Bad Request",
                Some("invalid_request"),
                "Bad request",
                "The query string contains an invalid percent-encoding.",
                "",
            ),
        }
    }
}

impl From<Reject> for ErrorKind {
    fn from(reject: Reject) -> Self {
        match reject {
            Reject::Malformed => ErrorKind::Malformed,
            Reject::HeadTooLarge => ErrorKind::HeadTooLarge,
            Reject::LengthRequired => ErrorKind::LengthRequired,
            Reject::VersionNotSupported => ErrorKind::VersionNotSupported,
        }
    }
}

/// A precomputed error response; only the request id is filled in per
/// request (it has a fixed length, so `Content-Length` is known up front).
struct ErrorResponse {
    /// Status line and fixed headers, each ending in CRLF.
    head: Vec<u8>,
    /// The JSON body up to the opening quote of `request_id`'s value.
    body_prefix: Vec<u8>,
    /// The JSON body from the closing quote of `request_id`'s value.
    body_suffix: Vec<u8>,
}

impl ErrorResponse {
    fn new(kind: ErrorKind) -> Self {
        let (status, code, title, message, extra_headers) = kind.spec();
        let mut body_prefix = b"{\"error_code\":".to_vec();
        match code {
            Some(code) => push_json_str(&mut body_prefix, code),
            None => body_prefix.extend_from_slice(b"null"),
        }
        body_prefix.extend_from_slice(b",\"title\":");
        push_json_str(&mut body_prefix, title);
        body_prefix.extend_from_slice(b",\"message\":");
        push_json_str(&mut body_prefix, message);
        body_prefix.extend_from_slice(b",\"request_id\":\"");
        let mut body_suffix = b"\",\"doc_url\":".to_vec();
        push_json_str(&mut body_suffix, DOC_URL);
        body_suffix.push(b'}');
        let len = body_prefix.len() + REQUEST_ID_LEN + body_suffix.len();
        let head = format!(
            "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {len}\r\n{extra_headers}"
        )
        .into_bytes();
        ErrorResponse {
            head,
            body_prefix,
            body_suffix,
        }
    }
}

/// A `200 OK` JSON response, ready to send (precomputed for the phone-number
/// lists and every answer that does not depend on the query string).
pub(crate) struct JsonResponse {
    /// Status line, `Content-Type` and `Content-Length`, each ending in CRLF.
    pub(crate) head: Vec<u8>,
    /// The JSON body.
    pub(crate) body: Vec<u8>,
}

impl JsonResponse {
    /// A `200 OK` response with `body`.
    pub(crate) fn ok(body: Vec<u8>) -> Self {
        let head = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n",
            body.len()
        )
        .into_bytes();
        JsonResponse { head, body }
    }

    /// The phone-number list of an agent.
    pub(crate) fn phone_numbers(numbers: &[DemoPhoneNumber]) -> Self {
        JsonResponse::ok(list_body(numbers))
    }
}

/// State shared by the server handle, the accept thread and the connection
/// threads.
pub(crate) struct Shared {
    pub(crate) port: u16,
    /// The phone-number list of every agent (the hot path).
    pub(crate) routes: HashMap<String, JsonResponse>,
    /// Every other route.
    pub(crate) api: ApiData,
    pub(crate) api_key: Option<String>,
    pub(crate) record: bool,
    errors: Vec<ErrorResponse>,
    pub(crate) requests: Mutex<Vec<RecordedRequest>>,
    pub(crate) request_count: AtomicUsize,
    next_request: AtomicU64,
    pub(crate) stopping: AtomicBool,
    /// Open connections, so that shutdown can unblock their threads.
    connections: Mutex<HashMap<u64, TcpStream>>,
    /// Connection threads still to be joined.
    workers: Mutex<Vec<JoinHandle<()>>>,
}

impl Shared {
    pub(crate) fn new(
        port: u16,
        routes: HashMap<String, JsonResponse>,
        api: ApiData,
        api_key: Option<String>,
        record: bool,
    ) -> Self {
        Shared {
            port,
            routes,
            api,
            api_key,
            record,
            errors: ErrorKind::ALL
                .iter()
                .map(|&k| ErrorResponse::new(k))
                .collect(),
            requests: Mutex::new(Vec::new()),
            request_count: AtomicUsize::new(0),
            next_request: AtomicU64::new(1),
            stopping: AtomicBool::new(false),
            connections: Mutex::new(HashMap::new()),
            workers: Mutex::new(Vec::new()),
        }
    }

    fn error(&self, kind: ErrorKind) -> &ErrorResponse {
        // `errors` is built from `ErrorKind::ALL` in declaration order, so
        // the discriminant is the index.
        &self.errors[kind as usize]
    }

    fn stopping(&self) -> bool {
        self.stopping.load(Ordering::SeqCst)
    }

    fn next_request_id(&self) -> [u8; REQUEST_ID_LEN] {
        request_id(self.port, self.next_request.fetch_add(1, Ordering::Relaxed))
    }

    fn record(&self, req: &Request<'_>) {
        if self.record {
            let recorded = RecordedRequest {
                method: req.method.to_owned(),
                path: req.target.to_owned(),
                headers: req
                    .headers
                    .iter()
                    .map(|(name, value)| ((*name).to_owned(), value.clone().into_owned()))
                    .collect(),
            };
            lock(&self.requests).push(recorded);
        }
        self.request_count.fetch_add(1, Ordering::SeqCst);
    }

    /// Shuts down every open connection, which unblocks its thread, and if
    /// `join` is set waits for the connection threads to finish.
    pub(crate) fn close_connections(&self, join: bool) {
        for stream in lock(&self.connections).values() {
            let _ = stream.shutdown(Shutdown::Both);
        }
        if !join {
            return;
        }
        let workers = std::mem::take(&mut *lock(&self.workers));
        for worker in workers {
            let _ = worker.join();
        }
    }
}

/// Accepts connections until `shared.stopping` is set.
pub(crate) fn accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    let mut next_connection = 0u64;
    loop {
        let accepted = listener.accept();
        if shared.stopping() {
            break;
        }
        let stream = match accepted {
            Ok((stream, _)) => stream,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(_) => {
                // E.g. out of file descriptors: back off instead of spinning.
                thread::sleep(Duration::from_millis(10));
                continue;
            }
        };
        let id = next_connection;
        next_connection += 1;
        // Register before spawning so that a shutdown, which runs after this
        // thread has been joined, sees every accepted connection.
        if let Ok(clone) = stream.try_clone() {
            lock(&shared.connections).insert(id, clone);
        }
        let worker_shared = Arc::clone(&shared);
        let spawned = thread::Builder::new()
            .name("cartesia-mock-conn".to_owned())
            .spawn(move || {
                serve_connection(stream, &worker_shared);
                lock(&worker_shared.connections).remove(&id);
            });
        match spawned {
            Ok(handle) => {
                let mut workers = lock(&shared.workers);
                workers.retain(|w| !w.is_finished());
                workers.push(handle);
            }
            Err(_) => {
                // The stream was moved into the failed closure and dropped.
                lock(&shared.connections).remove(&id);
            }
        }
    }
}

/// Wakes a thread blocked in `accept` on `addr`. Returns whether it worked.
pub(crate) fn wake_acceptor(addr: SocketAddr) -> bool {
    TcpStream::connect_timeout(&addr, Duration::from_secs(2)).is_ok()
}

/// Serves requests on one connection until it closes, a request asks to
/// close, an error response ends it, or the server stops.
fn serve_connection(stream: TcpStream, shared: &Shared) {
    let _ = stream.set_nodelay(true);
    let mut reader = BufReader::with_capacity(READ_BUFFER, stream);
    let mut head = Vec::with_capacity(1024);
    let mut scratch = Vec::with_capacity(1024);
    loop {
        if shared.stopping() {
            return;
        }
        let rejected = match http::read_head(&mut reader, &mut head) {
            Ok(HeadRead::Complete) => None,
            Ok(HeadRead::Closed | HeadRead::Truncated) | Err(_) => return,
            Ok(HeadRead::TooLarge) => Some(ErrorKind::HeadTooLarge),
            Ok(HeadRead::Garbage) => Some(ErrorKind::Malformed),
        };
        let keep_alive = match rejected {
            Some(kind) => {
                let id = shared.next_request_id();
                let _ = send_error(
                    reader.get_ref(),
                    &mut scratch,
                    shared,
                    kind,
                    &id,
                    Framing::CLOSE,
                );
                false
            }
            None => match handle_request(&mut reader, &head, &mut scratch, shared) {
                Ok(keep_alive) => keep_alive,
                Err(_) => return,
            },
        };
        if !keep_alive {
            close_gracefully(reader.get_ref());
            return;
        }
    }
}

/// Handles the request whose head is in `head`. Returns whether the
/// connection stays open.
fn handle_request(
    reader: &mut BufReader<TcpStream>,
    head: &[u8],
    scratch: &mut Vec<u8>,
    shared: &Shared,
) -> io::Result<bool> {
    let id = shared.next_request_id();
    let req = match http::parse_head(head, shared.record) {
        Ok(req) => req,
        Err(reject) => {
            send_error(
                reader.get_ref(),
                scratch,
                shared,
                reject.into(),
                &id,
                Framing::CLOSE,
            )?;
            return Ok(false);
        }
    };
    shared.record(&req);
    if req.content_length > 0 {
        if req.expect_continue && req.minor_version >= 1 {
            reader
                .get_ref()
                .write_all(b"HTTP/1.1 100 Continue\r\n\r\n")?;
        }
        let wanted = req.content_length;
        let discarded = io::copy(&mut reader.by_ref().take(wanted), &mut io::sink())?;
        if discarded < wanted {
            // The peer went away mid-body.
            return Ok(false);
        }
    }
    let framing = Framing {
        keep_alive: req.keep_alive() && !shared.stopping(),
        http10: req.minor_version == 0,
        send_body: req.method != "HEAD",
    };
    match route(shared, &req) {
        Ok(answer) => {
            let response = answer.response();
            respond(
                reader.get_ref(),
                scratch,
                &response.head,
                &id,
                &[&response.body],
                framing,
            )?
        }
        Err(kind) => send_error(reader.get_ref(), scratch, shared, kind, &id, framing)?,
    }
    Ok(framing.keep_alive)
}

/// Applies authentication, version and routing rules.
fn route<'s>(shared: &'s Shared, req: &Request<'_>) -> Result<Answer<'s>, ErrorKind> {
    let token = req
        .authorization
        .and_then(http::bearer_token)
        .ok_or(ErrorKind::Unauthorized)?;
    if let Some(key) = &shared.api_key {
        if token != key.as_bytes() {
            return Err(ErrorKind::Unauthorized);
        }
    }
    if !req.cartesia_version.is_some_and(http::is_version_date) {
        return Err(ErrorKind::InvalidVersion);
    }
    let path = path_of(req.target);
    // The phone-number lists first: the benchmarks' path, precomputed.
    let phone_numbers = path
        .strip_prefix("/agents/")
        .and_then(|rest| rest.strip_suffix("/phone-numbers"))
        .filter(|segment| !segment.is_empty() && !segment.contains('/'));
    let Some(segment) = phone_numbers else {
        let route = Route::of(path).ok_or(ErrorKind::NotFound)?;
        if req.method != "GET" {
            return Err(ErrorKind::MethodNotAllowed);
        }
        return shared.api.answer(route, query_of(req.target));
    };
    if req.method != "GET" {
        return Err(ErrorKind::MethodNotAllowed);
    }
    let agent_id = http::percent_decode(segment).map_err(|e| match e {
        DecodeError::BadEscape => ErrorKind::InvalidPath,
        DecodeError::NotUtf8 => ErrorKind::AgentNotFound,
    })?;
    shared
        .routes
        .get(agent_id.as_ref())
        .map(Answer::Fixed)
        .ok_or(ErrorKind::AgentNotFound)
}

/// The query string of a request target (after `?`, before any `#`).
fn query_of(target: &str) -> &str {
    let target = target.split_once('#').map_or(target, |(before, _)| before);
    target.split_once('?').map_or("", |(_, query)| query)
}

/// The path of a request target: the query (and any fragment) removed, and
/// for absolute-form targets (`http://host/path`) the scheme and authority.
fn path_of(target: &str) -> &str {
    let target = match target.find(['?', '#']) {
        Some(end) => &target[..end],
        None => target,
    };
    if target.starts_with('/') {
        return target;
    }
    match target.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/", |start| &rest[start..]),
        None => target,
    }
}

/// How a response is framed.
#[derive(Debug, Clone, Copy)]
struct Framing {
    /// Keep the connection open afterwards (otherwise `Connection: close`).
    keep_alive: bool,
    /// The request was HTTP/1.0, so keep-alive must be announced.
    http10: bool,
    /// Send the body (false for `HEAD`; `Content-Length` is sent anyway).
    send_body: bool,
}

impl Framing {
    /// A response after which the connection is closed.
    const CLOSE: Framing = Framing {
        keep_alive: false,
        http10: false,
        send_body: true,
    };
}

/// Sends a response: the precomputed status line and fixed headers, the
/// request id, connection management, the blank line and the body parts.
///
/// Small bodies are copied behind the head and sent with one `write`; large
/// ones are sent with a vectored write, without copying.
fn respond(
    mut stream: &TcpStream,
    scratch: &mut Vec<u8>,
    fixed_head: &[u8],
    id: &[u8; REQUEST_ID_LEN],
    body: &[&[u8]],
    framing: Framing,
) -> io::Result<()> {
    scratch.clear();
    scratch.extend_from_slice(fixed_head);
    scratch.extend_from_slice(b"x-request-id: ");
    scratch.extend_from_slice(id);
    scratch.extend_from_slice(b"\r\n");
    if !framing.keep_alive {
        scratch.extend_from_slice(b"Connection: close\r\n");
    } else if framing.http10 {
        scratch.extend_from_slice(b"Connection: keep-alive\r\n");
    }
    scratch.extend_from_slice(b"\r\n");
    if !framing.send_body {
        return stream.write_all(scratch);
    }
    let body_len: usize = body.iter().map(|part| part.len()).sum();
    if body_len <= COPY_BODY_LIMIT {
        for part in body {
            scratch.extend_from_slice(part);
        }
        return stream.write_all(scratch);
    }
    let mut slices = Vec::with_capacity(1 + body.len());
    slices.push(IoSlice::new(scratch));
    slices.extend(body.iter().map(|part| IoSlice::new(part)));
    write_all_vectored(stream, &mut slices)
}

fn write_all_vectored(mut stream: &TcpStream, mut slices: &mut [IoSlice<'_>]) -> io::Result<()> {
    IoSlice::advance_slices(&mut slices, 0);
    while !slices.is_empty() {
        match stream.write_vectored(slices) {
            Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
            Ok(n) => IoSlice::advance_slices(&mut slices, n),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Sends a structured error response.
fn send_error(
    stream: &TcpStream,
    scratch: &mut Vec<u8>,
    shared: &Shared,
    kind: ErrorKind,
    id: &[u8; REQUEST_ID_LEN],
    framing: Framing,
) -> io::Result<()> {
    let response = shared.error(kind);
    respond(
        stream,
        scratch,
        &response.head,
        id,
        &[&response.body_prefix, id, &response.body_suffix],
        framing,
    )
}

/// Half-closes the connection and drains unread input for a short while, so
/// that the peer reads the last response rather than a connection reset.
fn close_gracefully(mut stream: &TcpStream) {
    let _ = stream.shutdown(Shutdown::Write);
    let deadline = Instant::now() + LINGER;
    let mut sink = [0u8; 4096];
    loop {
        let now = Instant::now();
        if now >= deadline {
            break;
        }
        if stream.set_read_timeout(Some(deadline - now)).is_err() {
            break;
        }
        match stream.read(&mut sink) {
            Ok(0) | Err(_) => break,
            Ok(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_ids_are_uuid_shaped() {
        let id = request_id(0x1f90, 0xabc);
        assert_eq!(&id, b"6d6f636b-1f90-4000-8000-000000000abc");
    }

    #[test]
    fn error_bodies_are_valid_json() {
        for kind in ErrorKind::ALL {
            let response = ErrorResponse::new(kind);
            let id = request_id(1, 2);
            let mut body = response.body_prefix.clone();
            body.extend_from_slice(&id);
            body.extend_from_slice(&response.body_suffix);
            let value: serde_json::Value = serde_json::from_slice(&body).expect("valid JSON");
            assert_eq!(value["request_id"], "6d6f636b-0001-4000-8000-000000000002");
            assert!(value["title"].is_string());
            assert!(value["message"].is_string());
            assert!(value["error_code"].is_string() || value["error_code"].is_null());
            let head = String::from_utf8(response.head).expect("ASCII head");
            assert!(head.contains(&format!("Content-Length: {}\r\n", body.len())));
        }
    }

    #[test]
    fn error_table_matches_kinds() {
        for (index, kind) in ErrorKind::ALL.iter().enumerate() {
            assert_eq!(*kind as usize, index);
        }
    }

    #[test]
    fn paths_drop_query_and_authority() {
        assert_eq!(path_of("/a/b?c=d"), "/a/b");
        assert_eq!(path_of("/a#x"), "/a");
        assert_eq!(path_of("http://h:1/a/b?q"), "/a/b");
        assert_eq!(path_of("http://h:1"), "/");
        assert_eq!(path_of("*"), "*");
        assert_eq!(query_of("/a?b=c#d"), "b=c");
        assert_eq!(query_of("/a?b=c"), "b=c");
        assert_eq!(query_of("/a#x?y"), "");
        assert_eq!(query_of("/a"), "");
    }
}
