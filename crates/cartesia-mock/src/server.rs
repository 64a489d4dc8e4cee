//! The server: axum on hyper, on a current-thread tokio runtime of its own thread, and
//! the middleware every request passes (request id, recording, faults, key and version
//! checks, structured error bodies).

use std::future::IntoFuture;
use std::io;
use std::net::TcpListener as StdListener;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use futures_util::StreamExt;
use tokio::sync::oneshot;

use crate::error::ApiError;
use crate::fault::{FaultKind, FaultRule};
use crate::store::Store;
use crate::RecordedRequest;

/// The largest request body read (bigger ones get `413`).
const MAX_BODY: usize = 16 * 1024 * 1024;
/// How long a WebSocket may go without a frame from the client, as the API (5 minutes).
pub(crate) const DEFAULT_WS_IDLE: Duration = Duration::from_secs(300);
/// The WebSocket routes, which also take credentials in the query.
const SOCKET_PATHS: [&str; 3] = ["/tts/websocket", "/stt/websocket", "/stt/turns/websocket"];

/// Locks `mutex`, recovering the data if a thread panicked while holding it.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A fault rule and how often it has fired.
#[derive(Debug)]
pub(crate) struct ArmedFault {
    /// The rule.
    pub(crate) rule: FaultRule,
    /// How many requests it has answered.
    pub(crate) fired: usize,
}

/// What the routes and the middleware share.
#[derive(Debug)]
pub(crate) struct App {
    /// The records.
    pub(crate) store: Mutex<Store>,
    /// The bearer token required, if any.
    pub(crate) api_key: Option<String>,
    /// Whether to keep requests.
    pub(crate) record: bool,
    /// The requests received.
    pub(crate) requests: Mutex<Vec<RecordedRequest>>,
    /// How many requests were received.
    pub(crate) request_count: AtomicUsize,
    /// The next request number (for request ids).
    next_request: AtomicU64,
    /// The port, mixed into request ids.
    port: u16,
    /// The faults to inject.
    pub(crate) faults: Mutex<Vec<ArmedFault>>,
    /// How long a WebSocket may go without a frame from the client before the mock closes it.
    pub(crate) ws_idle: Duration,
}

impl App {
    /// The shared state of a server on `port`.
    pub(crate) fn new(
        port: u16,
        store: Store,
        api_key: Option<String>,
        record: bool,
        faults: Vec<FaultRule>,
    ) -> Self {
        App {
            store: Mutex::new(store),
            api_key,
            record,
            requests: Mutex::new(Vec::new()),
            request_count: AtomicUsize::new(0),
            next_request: AtomicU64::new(1),
            port,
            faults: Mutex::new(
                faults
                    .into_iter()
                    .map(|rule| ArmedFault { rule, fired: 0 })
                    .collect(),
            ),
            ws_idle: DEFAULT_WS_IDLE,
        }
    }

    /// Sets how long a WebSocket may stay idle.
    pub(crate) fn with_ws_idle(mut self, idle: Duration) -> Self {
        self.ws_idle = idle;
        self
    }

    /// The store, locked.
    pub(crate) fn store(&self) -> MutexGuard<'_, Store> {
        lock(&self.store)
    }

    /// A UUID-shaped request id, unique within this server: `6d6f636b` ("mock"), the port
    /// and a counter.
    fn next_request_id(&self) -> String {
        let n = self.next_request.fetch_add(1, Ordering::Relaxed);
        format!(
            "6d6f636b-{:04x}-4000-8000-{:012x}",
            self.port,
            n & 0xffff_ffff_ffff
        )
    }

    /// The fault to apply to `method path`, if a rule matches and has firings left.
    fn take_fault(&self, method: &str, path: &str) -> Option<FaultKind> {
        let mut faults = lock(&self.faults);
        let armed = faults
            .iter_mut()
            .find(|f| f.rule.matches(method, path) && f.rule.times.is_none_or(|t| f.fired < t))?;
        armed.fired += 1;
        Some(armed.rule.kind.clone())
    }
}

/// A running server thread.
pub(crate) struct Running {
    /// Stops the server.
    stop: Option<oneshot::Sender<()>>,
    /// The runtime thread.
    thread: Option<JoinHandle<()>>,
}

impl Running {
    /// Stops serving, closes every connection and joins the thread.
    pub(crate) fn stop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Serves `router` on `listener` from a new thread with its own runtime.
pub(crate) fn spawn(
    listener: StdListener,
    app: Arc<App>,
    router: Router<Arc<App>>,
) -> io::Result<Running> {
    listener.set_nonblocking(true)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .build()?;
    // Registered with the runtime's reactor here, so that a failure is the caller's error.
    let listener = {
        let _context = runtime.enter();
        tokio::net::TcpListener::from_std(listener)?
    };
    let service = router
        // `around` caps every body at 16 MiB already; extractors (multipart) take that cap.
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY))
        .layer(middleware::from_fn_with_state(Arc::clone(&app), around))
        .with_state(app);
    let (stop_tx, stop_rx) = oneshot::channel::<()>();
    let thread = thread::Builder::new()
        .name("cartesia-mock".to_owned())
        .spawn(move || {
            runtime.block_on(async move {
                let serve = axum::serve(listener, service.into_make_service()).into_future();
                // Whichever comes first: the server failing, or the stop signal (also sent
                // when the `MockServer` is dropped, as the sender goes).
                let _ = futures_util::future::select(Box::pin(serve), stop_rx).await;
            });
            // Dropping the runtime here drops every connection task: open connections
            // are closed.
            drop(runtime);
        })?;
    Ok(Running {
        stop: Some(stop_tx),
        thread: Some(thread),
    })
}

/// Whether `value` is a `YYYY-MM-DD` date.
fn is_version_date(value: &[u8]) -> bool {
    value.len() == 10
        && value.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        })
}

/// The checks before routing: `401` without the right bearer token, `400` without a
/// valid `Cartesia-Version`.
fn check_credentials(app: &App, req: &Request) -> Result<(), ApiError> {
    // The API status needs no credentials.
    if req.uri().path() == "/" && req.method() == axum::http::Method::GET {
        return Ok(());
    }
    // WebSocket clients (browsers) cannot always set headers: the API also takes the key
    // and version as `?api_key=` and `?cartesia_version=` there.
    let socket_params: Vec<(String, String)> = if SOCKET_PATHS.contains(&req.uri().path()) {
        req.uri().query().and_then(form_pairs).unwrap_or_default()
    } else {
        Vec::new()
    };
    let param = |name: &str| {
        socket_params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let token = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            let (scheme, token) = v.trim().split_once(' ')?;
            scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
        })
        .or_else(|| param("api_key"))
        .or_else(|| param("access_token"))
        .filter(|t| !t.is_empty());
    let authorized = match (token, &app.api_key) {
        (None, _) => false,
        (Some(token), Some(key)) => {
            token == key || app.store().access_tokens.iter().any(|t| t == token)
        }
        (Some(_), None) => true,
    };
    if !authorized {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            Some("invalid_api_key"),
            "Unauthorized",
            "Invalid or missing API key.",
        ));
    }
    let version = req
        .headers()
        .get("cartesia-version")
        .map(HeaderValue::as_bytes)
        .or_else(|| param("cartesia_version").map(str::as_bytes));
    if !version.is_some_and(is_version_date) {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            Some("invalid_version"),
            "Invalid Cartesia-Version",
            "Send the `Cartesia-Version` header as a date, e.g. `2026-03-01`.",
        ));
    }
    Ok(())
}

/// The form-decoded pairs of a query string (`None` if it does not decode).
fn form_pairs(query: &str) -> Option<Vec<(String, String)>> {
    let uri: axum::http::Uri = format!("/?{query}").parse().ok()?;
    axum::extract::Query::<Vec<(String, String)>>::try_from_uri(&uri)
        .ok()
        .map(|q| q.0)
}

/// Wraps every request: records it, applies faults and the credential checks, runs the
/// route, then writes error bodies and the `x-request-id` header.
async fn around(State(app): State<Arc<App>>, req: Request, next: Next) -> Response {
    let request_id = app.next_request_id();
    let (parts, body) = req.into_parts();
    let body = match axum::body::to_bytes(body, MAX_BODY).await {
        Ok(bytes) => bytes,
        Err(_) => {
            let error = ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                Some("payload_too_large"),
                "Payload too large",
                "The request body is larger than the mock accepts (16 MiB).",
            );
            return finish(error.into_response(), &request_id);
        }
    };
    app.request_count.fetch_add(1, Ordering::SeqCst);
    if app.record {
        lock(&app.requests).push(RecordedRequest {
            method: parts.method.to_string(),
            path: parts
                .uri
                .path_and_query()
                .map_or_else(|| parts.uri.path().to_owned(), |pq| pq.as_str().to_owned()),
            headers: parts
                .headers
                .iter()
                .map(|(name, value)| {
                    (
                        name.as_str().to_owned(),
                        String::from_utf8_lossy(value.as_bytes()).trim().to_owned(),
                    )
                })
                .collect(),
            body: body.to_vec(),
        });
    }
    let req = Request::from_parts(parts, Body::from(body));
    let fault = app.take_fault(req.method().as_str(), req.uri().path());
    let response = match &fault {
        Some(FaultKind::Status {
            status,
            retry_after,
        }) => {
            let status = StatusCode::from_u16(*status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let mut error = ApiError::new(
                status,
                Some(if status == StatusCode::TOO_MANY_REQUESTS {
                    "concurrency_limited"
                } else {
                    "injected_fault"
                }),
                status.canonical_reason().unwrap_or("Injected fault"),
                "This answer was injected by the mock server's fault rules.",
            );
            if let Some(secs) = retry_after {
                error = error.with_header(header::RETRY_AFTER, HeaderValue::from(*secs));
            }
            return finish(error.into_response(), &request_id);
        }
        Some(FaultKind::Delay(delay)) => {
            tokio::time::sleep(*delay).await;
            run(&app, req, next).await
        }
        _ => run(&app, req, next).await,
    };
    let response = finish(response, &request_id);
    match fault {
        Some(FaultKind::Truncate { keep }) => truncate(response, keep).await,
        Some(FaultKind::SlowBody { chunk, interval }) => drip(response, chunk, interval).await,
        _ => response,
    }
}

/// The credential checks, then the route.
async fn run(app: &App, req: Request, next: Next) -> Response {
    if let Err(error) = check_credentials(app, &req) {
        return error.into_response();
    }
    next.run(req).await
}

/// Adds the request id, and the structured body to an error answer.
fn finish(mut response: Response, request_id: &str) -> Response {
    if let Some(error) = response.extensions_mut().remove::<ApiError>() {
        let body = serde_json::to_vec(&error.body(request_id)).unwrap_or_default();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        headers.remove(header::CONTENT_LENGTH);
        *response.body_mut() = Body::from(body);
    }
    if let Ok(value) = HeaderValue::from_str(request_id) {
        response.headers_mut().insert("x-request-id", value);
    }
    response
}

/// Sends the head with the full `Content-Length` but only the first `keep` bytes of the
/// body, then breaks the connection.
async fn truncate(response: Response, keep: usize) -> Response {
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let keep = keep.min(bytes.len().saturating_sub(1));
    parts
        .headers
        .insert(header::CONTENT_LENGTH, HeaderValue::from(bytes.len()));
    let head = bytes.slice(..keep);
    // The break comes a moment after the first bytes, so that hyper has flushed them.
    let stream = futures_util::stream::iter([Ok::<Bytes, io::Error>(head)]).chain(
        futures_util::stream::once(async {
            tokio::time::sleep(Duration::from_millis(20)).await;
            Err(io::Error::new(
                io::ErrorKind::ConnectionAborted,
                "truncated by a fault rule",
            ))
        }),
    );
    Response::from_parts(parts, Body::from_stream(stream))
}

/// Sends the body `chunk` bytes at a time, `interval` apart.
async fn drip(response: Response, chunk: usize, interval: Duration) -> Response {
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    parts
        .headers
        .insert(header::CONTENT_LENGTH, HeaderValue::from(bytes.len()));
    let chunk = chunk.max(1);
    let pieces: Vec<Bytes> = (0..bytes.len())
        .step_by(chunk)
        .map(|at| bytes.slice(at..(at + chunk).min(bytes.len())))
        .collect();
    let stream = futures_util::stream::iter(pieces).then(move |piece| async move {
        tokio::time::sleep(interval).await;
        Ok::<Bytes, io::Error>(piece)
    });
    Response::from_parts(parts, Body::from_stream(stream))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_dates() {
        assert!(is_version_date(b"2026-03-01"));
        for bad in [
            &b"2026-3-01"[..],
            b"20260301",
            b"2026-03-01x",
            b"abcd-ef-gh",
            b"",
        ] {
            assert!(!is_version_date(bad));
        }
    }
}
