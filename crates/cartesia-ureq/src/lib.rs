//! Blocking transport for the Cartesia Rust SDK over [ureq] 3. No async runtime anywhere in
//! its dependency tree; safe to call from any thread, including from inside a tokio runtime.
//!
//! A complete program: an agent's phone numbers (`GET /agents/{agent_id}/phone-numbers`).
//!
//! ```no_run
//! // Cargo.toml:
//! //   cartesia-ureq = { git = "https://github.com/cartesia-rs/cartesia-rs" }
//! use cartesia_ureq::prelude::*;
//!
//! fn main() -> Result<(), Error> {
//!     // The key from CARTESIA_API_KEY (and the base URL from CARTESIA_BASE_URL, if set);
//!     // `cartesia_ureq::client(&key)` takes a key you already have.
//!     let client = cartesia_ureq::from_env()?;
//!     let numbers = client.agents().list_phone_numbers("agent_123")?;
//!     for n in &numbers {
//!         println!("{} {} (created {})", n.number, n.agent_id, n.created_at);
//!     }
//!     Ok(())
//! }
//! ```
//!
//! [`prelude`] brings the client, [`ClientBuilder`] with [`BuildUreq`], every endpoint
//! struct and request body, [`Error`] with its kinds, [`RequestOptions`] and [`ApiVersion`].
//! With settings, through the builder every client shares:
//!
//! ```no_run
//! use cartesia_ureq::prelude::*;
//! use std::time::Duration;
//!
//! let key = std::env::var("MY_KEY").unwrap_or_default();
//! let client = ClientBuilder::new()
//!     .api_key(&key)
//!     .timeout(Duration::from_secs(30))
//!     .build_ureq()?;
//! for call in client.pages(ListCalls::new().agent_id("agent_123")).items().take(100) {
//!     println!("{}", call?.id);
//! }
//! # Ok::<(), Error>(())
//! ```
//!
//! Call audio streams into any `std::io::Write` with
//! `client.agents().calls().download_audio_to(call_id, &mut file)`.
//!
//! WebSockets (`client.tts().websocket()`, `client.stt().websocket(query)`,
//! `client.stt().turns_websocket(query)`, `client.tts().speak_to_file(..)`) run on one I/O
//! thread per socket over tungstenite: see [`UreqWsConnector`].
//!
//! Features: `rustls` (default), `native-tls`, `rustls-no-provider` pick the TLS backend.
//! (`cartesia-core`'s `stream` feature is about async pages, which a blocking client does not
//! have, so this crate does not forward it.)
//!
//! What this adapter guarantees (checked by the contract suite in `tests/`):
//! every status comes back as a response (ureq's `http_status_as_error` is turned off even on
//! an agent you pass in), response bodies are capped by
//! [`SendOptions::max_response_bytes`](cartesia_core::SendOptions) and never silently by
//! ureq's own 10 MiB default, the call's total timeout bounds the body too, and ureq follows
//! no redirect itself: `cartesia-core`'s one policy decides (same origin only), as on every
//! transport.
#![deny(missing_docs)]
// One `unsafe` block in the crate: registering a WebSocket's connection with its poller
// (`ws.rs`, `Shared::register`; polling's I/O-safety contract, kept by `Socket`'s `Drop`).
#![deny(unsafe_code)]

use std::error::Error as StdError;
use std::time::Duration;

use bytes::Bytes;
pub use cartesia_core;
use cartesia_core::transport::body_too_large;
use cartesia_core::DEFAULT_TOTAL_TIMEOUT;
pub use cartesia_core::{ApiVersion, BlockingClient, ClientBuilder, Error, RequestOptions};
use cartesia_core::{
    BlockingBody, BlockingTransport, ErrorBodyCollector, HttpRequest, HttpResponse, RequestSent,
    SendOptions, TransportError, TransportErrorKind,
};
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::{Connector, DefaultConnector, NextTimeout};

mod timeouts;
mod ws;
pub use ws::UreqWsConnector;

/// A [`BlockingTransport`] over a [`ureq::Agent`] (which pools connections; clone freely).
///
/// Timeouts map to ureq's: `connect_timeout` → `timeout_connect`; `timeout` (up to the
/// response headers) → `timeout_send_request` and `timeout_recv_response`; `read_timeout`
/// (a pause in the body) → `timeout_per_read`; the call's `deadline` → `timeout_per_call`
/// (the time left), which ureq applies to every phase and to reading the body, buffered or
/// streamed. The agent [`UreqTransport::new`] builds carries these timeouts itself, with a
/// per-call budget 2 ms under the default total timeout: the first attempt of a call with
/// the default timeouts then runs without ureq's per-request configuration, its deadline
/// kept by that budget (which ends at most 2 ms early, never late).
///
/// Redirects are the SDK's to decide (one policy for every transport, in `cartesia-core`):
/// ureq's own following is turned off (`max_redirects(0)`), on an agent you pass in too.
///
/// Socket timeouts: the agent [`UreqTransport::new`] builds hands ureq's TCP and TLS layers
/// every timeout rounded up to a whole millisecond, so a kept-alive connection's socket
/// timeouts are set once rather than on every call (the time left before a deadline differs
/// by microseconds from call to call, and ureq sets the socket's timeouts whenever the value
/// changes). Linux keeps these timeouts in jiffies, rounded up, so where a jiffy is a whole
/// number of milliseconds (`CONFIG_HZ` 100, 250, 500, 1000) nothing changes; elsewhere a
/// timeout may fire up to 1 ms late, never early.
///
/// Name resolution: ureq's default resolver starts a thread per lookup whenever a total
/// budget such as `timeout_per_call` is set; the agent [`UreqTransport::new`] builds resolves
/// on the calling thread instead (as ureq does when no budget is set), so a deadline costs no
/// thread. An agent you pass in keeps its own resolver.
#[derive(Debug, Clone)]
pub struct UreqTransport {
    agent: ureq::Agent,
    /// The options already built into the agent, when this crate built it: requests with
    /// the same options skip ureq's per-request configuration.
    baseline: Option<SendOptions>,
}

/// The per-call budget built into the agent [`UreqTransport::new`] makes: the default total
/// timeout less [`BAKED_MARGIN`] twice, so that the first attempt of a call with the default
/// total timeout needs no per-request configuration (see [`baked_budget_fits`]).
const BAKED_BUDGET: Duration = DEFAULT_TOTAL_TIMEOUT.saturating_sub(BAKED_MARGIN.saturating_mul(2));

/// How much earlier than the call's deadline the agent's own budget may end (at most twice
/// this); it never ends later.
const BAKED_MARGIN: Duration = Duration::from_millis(1);

/// Whether the agent's built-in per-call budget (`baked`, counted by ureq from when it starts
/// the request) ends by the call's deadline and at most 2 × [`BAKED_MARGIN`] before it, given
/// `time_left` (the time left before the deadline, read just before handing the request to
/// ureq). Then the request needs no per-request configuration. ureq's clock starts after
/// `time_left` was read, so a margin of [`BAKED_MARGIN`] is kept for that gap.
fn baked_budget_fits(baked: Duration, time_left: Option<Duration>) -> bool {
    time_left.is_some_and(|left| {
        left >= baked + BAKED_MARGIN && left <= baked + BAKED_MARGIN.saturating_mul(2)
    })
}

impl UreqTransport {
    /// A transport with a new agent: the SDK's default timeouts (5 s connect, 60 s to the
    /// response headers, 60 s of silence in a body), statuses returned as responses, no
    /// `Authorization` on redirects, TLS from this crate's features (rustls by default).
    pub fn new() -> Self {
        let defaults = SendOptions::default();
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .redirect_auth_headers(ureq::config::RedirectAuthHeaders::Never)
            .user_agent(ureq::config::AutoHeaderValue::None)
            .timeout_connect(defaults.connect_timeout)
            .timeout_send_request(defaults.timeout)
            .timeout_recv_response(defaults.timeout)
            .timeout_per_read(defaults.read_timeout)
            // The first attempt of a call with the default total timeout: see `run`.
            .timeout_per_call(Some(BAKED_BUDGET))
            .build();
        Self {
            agent: ureq::Agent::with_parts(
                config,
                DefaultConnector::default().chain(timeouts::WholeMillis),
                InlineResolver,
            ),
            baseline: Some(defaults),
        }
    }

    /// The agent in use.
    pub fn agent(&self) -> &ureq::Agent {
        &self.agent
    }
}

/// ureq's default resolver, always on the calling thread (see [`UreqTransport`]).
#[derive(Debug)]
struct InlineResolver;

impl Resolver for InlineResolver {
    fn resolve(
        &self,
        uri: &http::Uri,
        config: &ureq::config::Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let inline = NextTimeout {
            after: ureq::unversioned::transport::time::Duration::NotHappening,
            ..timeout
        };
        DefaultResolver::default().resolve(uri, config, inline)
    }
}

impl Default for UreqTransport {
    fn default() -> Self {
        Self::new()
    }
}

impl From<ureq::Agent> for UreqTransport {
    /// Uses your agent (its pool, proxy and TLS settings). Statuses are still returned as
    /// responses whatever its `http_status_as_error` says, and the SDK's timeouts apply.
    fn from(agent: ureq::Agent) -> Self {
        Self {
            agent,
            baseline: None,
        }
    }
}

impl BlockingTransport for UreqTransport {
    fn send(
        &self,
        request: HttpRequest,
        options: &SendOptions,
    ) -> Result<HttpResponse, TransportError> {
        let (parts, body) = self.exchange(request, options)?.into_parts();
        if !parts.status.is_success() {
            // The error body: up to the cap, for at most the per-attempt timeout; the rest is
            // not read (dropping the body closes the connection).
            let limit = options.body_limit(parts.status);
            let until = options.error_body_until(std::time::Instant::now());
            let mut reader = body.into_reader();
            let read = ErrorBodyCollector::new(limit, until).read_from(&mut reader);
            return Ok(cartesia_core::transport::error_response(parts, read));
        }
        if let Some(len) = content_length(&parts.headers) {
            if len > options.max_response_bytes {
                return Err(body_too_large(options.max_response_bytes, Some(len)));
            }
        }
        let bytes = body
            .into_with_config()
            .limit(options.max_response_bytes)
            .read_to_vec()
            .map_err(|e| match e {
                ureq::Error::BodyExceedsLimit(_) => {
                    body_too_large(options.max_response_bytes, None)
                }
                ureq::Error::Timeout(_) => map_error(e),
                other => TransportError::new(TransportErrorKind::Body, other),
            })?;
        Ok(http::Response::from_parts(parts, Bytes::from(bytes)))
    }

    fn send_streaming(
        &self,
        request: HttpRequest,
        options: &SendOptions,
    ) -> Result<http::Response<BlockingBody>, TransportError> {
        let (parts, body) = self.exchange(request, options)?.into_parts();
        Ok(http::Response::from_parts(
            parts,
            BlockingBody::new(UreqReader(body.into_reader())),
        ))
    }
}

/// ureq's body reader, its errors carrying the SDK's [`TransportError`] (so a timeout, and the
/// call's deadline, read back as such through `cartesia_core::transport::body_read_error`).
struct UreqReader(ureq::BodyReader<'static>);

impl std::io::Read for UreqReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.0.read(buf).map_err(|e| {
            let ureq_error = e
                .get_ref()
                .and_then(|inner| inner.downcast_ref::<ureq::Error>())
                .is_some();
            if !ureq_error {
                return e;
            }
            match e.into_inner().map(|inner| inner.downcast::<ureq::Error>()) {
                Some(Ok(u)) => {
                    let t = match *u {
                        ureq::Error::Timeout(_) => map_error(*u),
                        other => TransportError::new(TransportErrorKind::Body, other),
                    };
                    cartesia_core::transport::into_io_error(t)
                }
                _ => std::io::Error::other("the response body could not be read"),
            }
        })
    }
}

impl UreqTransport {
    fn exchange(
        &self,
        request: HttpRequest,
        options: &SendOptions,
    ) -> Result<http::Response<ureq::Body>, TransportError> {
        let (parts, body) = request.into_parts();
        if body.is_empty() {
            self.run(http::Request::from_parts(parts, ()), options)
        } else {
            self.run(http::Request::from_parts(parts, &body[..]), options)
        }
        .map_err(map_error)
    }

    fn run<S: ureq::AsSendBody>(
        &self,
        request: http::Request<S>,
        options: &SendOptions,
    ) -> Result<http::Response<ureq::Body>, ureq::Error> {
        let time_left = options.time_left(std::time::Instant::now());
        // The agent this crate built already has the SDK's timeouts and a per-call budget
        // that ends within 2 ms before the deadline of a call with the default total
        // timeout, on its first attempt: such a request (the common case) runs as it is,
        // without ureq's per-request configuration (a copy of the agent's whole config).
        // Any other deadline, or none, is set on the request.
        if self.baseline.is_some_and(|b| same_timeouts(&b, options))
            && baked_budget_fits(BAKED_BUDGET, time_left)
        {
            return self.agent.run(request);
        }
        let request = self
            .agent
            .configure_request(request)
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_connect(options.connect_timeout)
            .timeout_send_request(options.timeout)
            .timeout_recv_response(options.timeout)
            .timeout_per_read(options.read_timeout)
            .timeout_per_call(time_left)
            .build();
        self.agent.run(request)
    }
}

fn same_timeouts(a: &SendOptions, b: &SendOptions) -> bool {
    a.connect_timeout == b.connect_timeout
        && a.timeout == b.timeout
        && a.read_timeout == b.read_timeout
}

fn content_length(headers: &http::HeaderMap) -> Option<u64> {
    headers
        .get(http::header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .parse()
        .ok()
}

/// Maps a ureq error to a kind (ureq's error never leaves this crate except as a `source`).
fn map_error(e: ureq::Error) -> TransportError {
    use ureq::Error as U;
    if matches!(e, U::Timeout(ureq::Timeout::PerCall)) {
        // The SDK sets the per-call budget from the call's total deadline only.
        return cartesia_core::transport::deadline_error().with_sent(RequestSent::Maybe);
    }
    let sent = match &e {
        U::Timeout(ureq::Timeout::Resolve | ureq::Timeout::Connect)
        | U::HostNotFound
        | U::ConnectionFailed
        | U::ConnectProxyFailed(_) => RequestSent::No,
        _ => RequestSent::Maybe,
    };
    let kind = match &e {
        U::Timeout(_) => TransportErrorKind::Timeout,
        U::HostNotFound | U::ConnectionFailed | U::ConnectProxyFailed(_) => {
            TransportErrorKind::Connect
        }
        U::Tls(_) => TransportErrorKind::Tls,
        #[cfg(any(feature = "rustls", feature = "rustls-no-provider"))]
        U::Rustls(_) => TransportErrorKind::Tls,
        #[cfg(feature = "native-tls")]
        U::NativeTls(_) => TransportErrorKind::Tls,
        U::BodyExceedsLimit(_) => TransportErrorKind::BodyTooLarge,
        // The answer is not valid HTTP/1.1: ureq-proto's parse errors (garbage status line,
        // conflicting `Content-Length`s, more than 128 headers, ...) and a head over
        // `max_response_header_size` (64 KiB by default). ureq-proto's request-side checks
        // cannot fail on a request built by cartesia-core (valid `http` types, at most one
        // `Content-Length`, no `Host` of ours), so every `Protocol` error here is the server's.
        U::Protocol(_) | U::LargeResponseHeader(..) => TransportErrorKind::Protocol,
        U::Io(io) => io_kind(io),
        _ => TransportErrorKind::Other,
    };
    let sent = if kind == TransportErrorKind::Connect {
        RequestSent::No
    } else {
        sent
    };
    TransportError::new(kind, e).with_sent(sent)
}

pub(crate) fn io_kind(io: &std::io::Error) -> TransportErrorKind {
    use std::io::ErrorKind as K;
    match io.kind() {
        K::ConnectionRefused | K::AddrNotAvailable | K::NotConnected => TransportErrorKind::Connect,
        K::TimedOut | K::WouldBlock => TransportErrorKind::Timeout,
        // Before any response: the connection ended early, an I/O failure (body reads are
        // mapped separately, to `Body`).
        K::UnexpectedEof => TransportErrorKind::Io,
        _ => {
            // rustls reports certificate failures as io errors wrapping its own error.
            if io.get_ref().is_some_and(looks_like_tls) {
                TransportErrorKind::Tls
            } else {
                TransportErrorKind::Io
            }
        }
    }
}

fn looks_like_tls(e: &(dyn StdError + Send + Sync + 'static)) -> bool {
    let text = e.to_string().to_ascii_lowercase();
    text.contains("certificate") || text.contains("tls") || text.contains("handshake")
}

/// The names most programs need: `use cartesia_ureq::prelude::*;`.
///
/// Everything in [`cartesia_core::prelude`] (both clients, [`ClientBuilder`], every endpoint
/// struct and request body, [`Error`] and its kinds, [`RequestOptions`], [`ApiVersion`], ...)
/// plus this crate's [`BuildUreq`] and [`UreqTransport`]. The blocking download
/// (`download_audio_to` into any `std::io::Write`) is a method of the calls resource and
/// needs no import.
pub mod prelude {
    pub use crate::{BuildUreq, UreqTransport, UreqWsConnector};
    pub use cartesia_core::prelude::*;
}

/// Builds a [`BlockingClient`] over a new [`UreqTransport`] from any [`ClientBuilder`].
pub trait BuildUreq {
    /// `self.build_blocking(UreqTransport::new())`, with a [`UreqWsConnector`] for the
    /// client's WebSockets unless the builder already has a blocking connector.
    fn build_ureq(self) -> Result<BlockingClient, Error>;
}

impl BuildUreq for ClientBuilder {
    fn build_ureq(mut self) -> Result<BlockingClient, Error> {
        if !self.has_ws_connectors().1 {
            self = self.blocking_ws_connector(UreqWsConnector::new());
        }
        self.build_blocking(UreqTransport::new())
    }
}

/// A blocking client with the API key from `CARTESIA_API_KEY` and the base URL from
/// `CARTESIA_BASE_URL` (default `https://api.cartesia.ai`).
pub fn from_env() -> Result<BlockingClient, Error> {
    ClientBuilder::from_env().build_ureq()
}

/// A blocking client with `api_key` and every other setting at its default.
pub fn client(api_key: impl Into<cartesia_core::ApiKey>) -> Result<BlockingClient, Error> {
    ClientBuilder::new().api_key(api_key).build_ureq()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};
    use std::net::TcpListener;

    #[test]
    fn the_baked_budget_fits_only_a_deadline_it_ends_just_before() {
        let baked = BAKED_BUDGET;
        assert_eq!(baked, DEFAULT_TOTAL_TIMEOUT - Duration::from_millis(2));
        // The first attempt of a default call: the whole total timeout is left.
        assert!(baked_budget_fits(baked, Some(DEFAULT_TOTAL_TIMEOUT)));
        assert!(baked_budget_fits(
            baked,
            Some(DEFAULT_TOTAL_TIMEOUT - Duration::from_micros(999))
        ));
        // Too little left (a retry, a later redirect hop): the budget would end late.
        assert!(!baked_budget_fits(
            baked,
            Some(DEFAULT_TOTAL_TIMEOUT - Duration::from_micros(1_001))
        ));
        assert!(!baked_budget_fits(baked, Some(Duration::from_secs(10))));
        // Much more left than the budget (a longer total timeout): it would end early.
        assert!(!baked_budget_fits(
            baked,
            Some(DEFAULT_TOTAL_TIMEOUT + Duration::from_millis(1))
        ));
        // No deadline: the budget must not apply.
        assert!(!baked_budget_fits(baked, None));
    }

    /// A one-shot server: reads the request head, writes `answer`, closes. Returns the base URL.
    fn serve(answer: String) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        std::thread::spawn(move || {
            let (mut s, _) = listener.accept().unwrap();
            s.set_read_timeout(Some(std::time::Duration::from_secs(5)))
                .unwrap();
            let mut buf = Vec::new();
            let mut byte = [0u8; 1];
            while !buf.ends_with(b"\r\n\r\n") && s.read(&mut byte).unwrap_or(0) == 1 {
                buf.push(byte[0]);
            }
            let _ = s.write_all(answer.as_bytes());
        });
        format!("http://{addr}")
    }

    /// A kept-alive server: answers the first request with `[]`, then reads the second
    /// request's head and answers `second` (if any), and holds the connection open without
    /// another byte until the client goes away. Returns the base URL.
    fn serve_then_stall(second: Option<&'static str>) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        std::thread::spawn(move || {
            let (mut s, _) = listener.accept().unwrap();
            let read_head = |s: &mut std::net::TcpStream| {
                let mut buf = Vec::new();
                let mut byte = [0u8; 1];
                while !buf.ends_with(b"\r\n\r\n") && s.read(&mut byte).unwrap_or(0) == 1 {
                    buf.push(byte[0]);
                }
            };
            read_head(&mut s);
            let _ = s.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n[]");
            read_head(&mut s);
            if let Some(answer) = second {
                let _ = s.write_all(answer.as_bytes());
            }
            // Until the client closes (or the test process ends).
            let mut rest = [0u8; 64];
            while s.read(&mut rest).unwrap_or(0) > 0 {}
        });
        format!("http://{addr}")
    }

    /// The socket timeouts are set once per connection and then skipped while the rounded
    /// value is the same (see `timeouts`): a later call on the same kept-alive connection with
    /// a shorter timeout still sets, and hits, its own — waiting for the headers and waiting
    /// in the body alike.
    #[test]
    fn timeouts_still_fire_on_a_kept_alive_connection() {
        let get = |base: &str| {
            http::Request::get(format!("{base}/x"))
                .body(Bytes::new())
                .unwrap()
        };
        let short = Some(Duration::from_millis(200));
        for (second, options, what) in [
            (
                None,
                SendOptions::default().with_timeout(short),
                "no response headers",
            ),
            (
                Some("HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\n[1"),
                SendOptions::default().with_read_timeout(short),
                "a stalled body",
            ),
        ] {
            let t = UreqTransport::new();
            let base = serve_then_stall(second);
            let first = t.send(get(&base), &SendOptions::default()).unwrap();
            assert_eq!(&first.body()[..], b"[]");
            // On a thread, so that a timeout that never fires fails the test instead of
            // hanging it.
            let (tx, rx) = std::sync::mpsc::channel();
            let request = get(&base);
            std::thread::spawn(move || tx.send(t.send(request, &options).map(|_| ())));
            let e = rx
                .recv_timeout(Duration::from_secs(30))
                .unwrap_or_else(|_| panic!("{what}: the 200 ms timeout did not fire in 30 s"))
                .unwrap_err();
            assert_eq!(e.kind(), TransportErrorKind::Timeout, "{what}: {e:?}");
            assert!(!e.is_deadline(), "{what}: {e:?}");
        }
    }

    /// ureq's parse errors and its header-size limit are `Protocol` (and may have been
    /// sent); a connection closed before any answer is `Io`.
    #[test]
    fn malformed_answers_are_protocol_errors_and_closes_are_io() {
        let t = UreqTransport::new();
        let get = |base: &str| {
            http::Request::get(format!("{base}/x"))
                .body(Bytes::new())
                .unwrap()
        };
        let mut many = String::from("HTTP/1.1 200 OK\r\n");
        for i in 0..150 {
            many.push_str(&format!("x-h{i}: v\r\n"));
        }
        many.push_str("content-length: 0\r\n\r\n");
        let big = format!(
            "HTTP/1.1 200 OK\r\nx-big: {}\r\ncontent-length: 0\r\n\r\n",
            "a".repeat(70 * 1024)
        );
        for answer in [
            "HTTP/1.1 2x0 OK\r\ncontent-length: 0\r\n\r\n".to_owned(),
            "SSH-2.0-OpenSSH_9.6\r\n\r\n".to_owned(),
            "HTTP/1.1 200 OK\r\ncontent-length: 1\r\ncontent-length: 2\r\n\r\nab".to_owned(),
            many,
            big,
        ] {
            let shown: String = answer.chars().take(40).collect();
            let base = serve(answer);
            let e = t.send(get(&base), &SendOptions::default()).unwrap_err();
            assert_eq!(e.kind(), TransportErrorKind::Protocol, "{shown}: {e:?}");
            assert_eq!(e.request_sent(), RequestSent::Maybe);
        }
        let base = serve(String::new());
        let e = t.send(get(&base), &SendOptions::default()).unwrap_err();
        assert_eq!(e.kind(), TransportErrorKind::Io, "{e:?}");
    }

    /// The prelude alone is enough for the seed call, with a key held in a `String`.
    #[test]
    fn the_prelude_and_a_borrowed_key_make_the_seed_call() {
        use crate::prelude::*;
        let base = serve(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n[]"
                .to_owned(),
        );
        let key: String = "sk_car_prelude_key_0001".to_owned();
        let client: BlockingClient = ClientBuilder::new()
            .api_key(&key)
            .base_url(&base)
            .build_ureq()
            .unwrap();
        assert!(!format!("{client:?}").contains(&key));
        let numbers = client
            .execute_with(
                &ListPhoneNumbers::new("agent_1"),
                &RequestOptions::new().version(ApiVersion::V2026_03_01),
            )
            .unwrap();
        assert!(numbers.is_empty());
        // `client(&key)` takes the same shape.
        let other = crate::client(&key).unwrap();
        assert!(!format!("{other:?}").contains(&key));
        let empty = String::new();
        let e = ClientBuilder::new()
            .api_key(&empty)
            .build_ureq()
            .unwrap_err();
        assert!(matches!(e, Error::Config(c) if c.kind() == ConfigErrorKind::InvalidApiKey));
        assert!(empty.is_empty());
    }
}
