//! Async transport for the Cartesia Rust SDK over [reqwest] (needs a tokio runtime).
//!
//! A complete program: an agent's phone numbers (`GET /agents/{agent_id}/phone-numbers`).
//!
//! ```no_run
//! // Cargo.toml:
//! //   cartesia-reqwest = { git = "https://github.com/cartesia-rs/cartesia-rs" }
//! //   tokio = { version = "1", features = ["rt-multi-thread", "macros"] }  // for #[tokio::main]
//! use cartesia_reqwest::prelude::*;
//!
//! #[tokio::main]
//! async fn main() -> Result<(), Error> {
//!     // The key from CARTESIA_API_KEY (and the base URL from CARTESIA_BASE_URL, if set);
//!     // `cartesia_reqwest::client(&key)` takes a key you already have.
//!     let client = cartesia_reqwest::from_env()?;
//!     let numbers = client.agents().list_phone_numbers("agent_123").await?;
//!     for n in &numbers {
//!         println!("{} {} (created {})", n.number, n.agent_id, n.created_at);
//!     }
//!     Ok(())
//! }
//! ```
//!
//! [`prelude`] brings the client, [`ClientBuilder`] with [`BuildReqwest`], every endpoint
//! struct and request body, [`Error`] with its kinds, [`RequestOptions`], [`ApiVersion`] and
//! [`DownloadAudioTo`]. With settings, through the builder every client shares:
//!
//! ```no_run
//! use cartesia_reqwest::prelude::*;
//! use std::time::Duration;
//!
//! # async fn run() -> Result<(), Error> {
//! let key = std::env::var("MY_KEY").unwrap_or_default();
//! let client = ClientBuilder::new()
//!     .api_key(&key)
//!     .timeout(Duration::from_secs(30))
//!     .build_reqwest()?;
//! let calls = client
//!     .execute(&ListCalls::new().agent_id("agent_123").limit(20))
//!     .await?;
//! # let _ = calls; Ok(()) }
//! ```
//!
//! To reuse a `reqwest::Client` you already have (its pool, proxy and TLS settings):
//! `ClientBuilder::new().api_key(key).build_async(ReqwestTransport::from(my_client))`.
//!
//! Features: `rustls` (default), `native-tls`, `rustls-no-provider` pick the TLS backend;
//! `stream` turns on `cartesia-core`'s `stream` feature, for
//! [`AsyncPages::into_stream`](cartesia_core::AsyncPages) (a `futures_core::Stream` of items)
//! and the `futures_core::Stream` of SSE events ([`AsyncEvents`](cartesia_core::AsyncEvents)).
//!
//! What this adapter guarantees (checked by the contract suite in `tests/`): every status
//! comes back as a response, response bodies are capped by
//! [`SendOptions::max_response_bytes`](cartesia_core::SendOptions), a body shorter than its
//! `Content-Length` is an error of kind `Body`, the call's total timeout bounds the body too,
//! and reqwest follows no redirect itself: `cartesia-core`'s one policy decides (same origin
//! only), as on every transport.
#![deny(missing_docs)]
#![forbid(unsafe_code)]

use std::error::Error as StdError;
use std::future::Future;
use std::pin::Pin;
use std::task::Poll;
use std::time::Duration;

use bytes::Bytes;
pub use cartesia_core;

mod ws;
use cartesia_core::sleep::{AsyncSleep, SleepFuture};
use cartesia_core::transport::{wait_error, BodyBuffer, WaitLimit};
pub use cartesia_core::{ApiVersion, AsyncClient, ClientBuilder, Error, RequestOptions};
use cartesia_core::{
    ByteStream, ChunkSource, ErrorBodyCollector, HttpRequest, HttpResponse, RequestSent,
    SendOptions, Transport, TransportError, TransportErrorKind,
};
pub use ws::TokioWsConnector;

/// A [`Transport`] over a [`reqwest::Client`] (which pools connections; clone freely).
///
/// Timeouts: `timeout` bounds one attempt up to the response headers, `read_timeout` each
/// pause in the body, and the call's `deadline` everything, body included (all with tokio's
/// timer, per request). The connect timeout is a setting of the `reqwest::Client` itself
/// (reqwest has no per-request one): [`ReqwestTransport::new`] sets the SDK default of 5 s;
/// with your own client, set `reqwest::ClientBuilder::connect_timeout`. A per-request
/// `connect_timeout` is still bounded by `timeout`, which includes connecting.
///
/// Redirects are the SDK's to decide (one policy for every transport, in `cartesia-core`):
/// [`ReqwestTransport::new`] turns reqwest's own following and its `Referer` off. A client you
/// pass in with `From<reqwest::Client>` must be built with
/// `.redirect(reqwest::redirect::Policy::none())`, or reqwest follows redirects before the
/// SDK sees them.
#[derive(Debug, Clone)]
pub struct ReqwestTransport {
    client: reqwest::Client,
}

impl ReqwestTransport {
    /// A transport with a new `reqwest::Client`: 5 s connect timeout, TLS from this crate's
    /// features (rustls by default), no redirect following, no `Referer`, and none of
    /// reqwest's own retries (the SDK retries by its policy; reqwest's default only replays
    /// HTTP/2 refusals, and it copied every request for that). Fails only if the TLS backend
    /// cannot be initialised.
    pub fn new() -> Result<Self, Error> {
        let mut builder = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .retry(reqwest::retry::never().max_retries_per_request(0))
            .referer(false);
        if let Some(t) = SendOptions::default().connect_timeout {
            builder = builder.connect_timeout(t);
        }
        let client = builder
            .build()
            .map_err(|e| Error::Transport(map_error(e)))?;
        Ok(Self { client })
    }

    /// The reqwest client in use.
    pub fn client(&self) -> &reqwest::Client {
        &self.client
    }
}

impl From<reqwest::Client> for ReqwestTransport {
    fn from(client: reqwest::Client) -> Self {
        Self { client }
    }
}

impl ReqwestTransport {
    /// The request handed to reqwest: its exchange, not started until polled.
    fn exchange(
        &self,
        request: HttpRequest,
    ) -> Result<impl Future<Output = Result<reqwest::Response, reqwest::Error>>, TransportError>
    {
        let request = to_reqwest(request).map_err(|e| {
            TransportError::new(TransportErrorKind::Other, e).with_sent(RequestSent::No)
        })?;
        Ok(self.client.execute(request))
    }

    /// Waits for the response headers of `exchange` (bounded by `options.timeout`).
    async fn head(
        exchange: impl Future<Output = Result<reqwest::Response, reqwest::Error>>,
        options: &SendOptions,
    ) -> Result<reqwest::Response, TransportError> {
        match options.wait_limit(options.timeout, std::time::Instant::now()) {
            Some(limit) => match tokio::time::timeout(limit.duration(), exchange).await {
                Ok(result) => result.map_err(map_error),
                Err(_) => Err(wait_error("no response headers", limit)),
            },
            None => exchange.await.map_err(map_error),
        }
    }
}

/// The `reqwest::Request` for `request`: what `reqwest::Request::try_from` makes, without its
/// detour through `Uri`'s `Display` (the URL string is put together directly).
fn to_reqwest(request: HttpRequest) -> Result<reqwest::Request, reqwest::Error> {
    let (parts, body) = request.into_parts();
    if !parts.extensions.is_empty() {
        // Only reqwest's own conversion carries extensions over.
        return reqwest::Request::try_from(http::Request::from_parts(parts, body));
    }
    let Some(url) = parse_url(&parts.uri) else {
        // Let reqwest build its own error for a URL it cannot take.
        return reqwest::Request::try_from(http::Request::from_parts(parts, body));
    };
    let mut out = reqwest::Request::new(parts.method, url);
    *out.headers_mut() = parts.headers;
    *out.version_mut() = parts.version;
    *out.body_mut() = Some(body.into());
    Ok(out)
}

/// The longest URL [`parse_url`] puts together on the stack.
const STACK_URL: usize = 256;

/// An absolute URI parsed as a `Url`: `scheme://authority/path?query`, as `Uri`'s `Display`
/// writes it, put together in a buffer on the stack (a longer one in a `String`), so a
/// request's URL costs no allocation besides the `Url`'s own. `None` for a relative URI or
/// one `Url` refuses.
fn parse_url(uri: &http::Uri) -> Option<reqwest::Url> {
    let pieces = [
        uri.scheme_str()?,
        "://",
        uri.authority()?.as_str(),
        uri.path_and_query().map_or("/", |p| p.as_str()),
    ];
    let len: usize = pieces.iter().map(|p| p.len()).sum();
    if len > STACK_URL {
        return reqwest::Url::parse(&url_string(uri)?).ok();
    }
    let mut buf = [0u8; STACK_URL];
    let mut at = 0;
    for piece in pieces {
        buf[at..at + piece.len()].copy_from_slice(piece.as_bytes());
        at += piece.len();
    }
    // Whole `str`s put end to end: always UTF-8.
    let url = std::str::from_utf8(&buf[..at]).ok()?;
    reqwest::Url::parse(url).ok()
}

/// `scheme://authority/path?query` of an absolute URI, as `Uri`'s `Display` writes it.
fn url_string(uri: &http::Uri) -> Option<String> {
    let scheme = uri.scheme_str()?;
    let authority = uri.authority()?.as_str();
    let path = uri.path_and_query().map_or("/", |p| p.as_str());
    let mut s = String::with_capacity(scheme.len() + 3 + authority.len() + path.len());
    s.push_str(scheme);
    s.push_str("://");
    s.push_str(authority);
    s.push_str(path);
    Some(s)
}

/// The status line and headers of a reqwest response, as `http` types (the body stays). Set
/// field by field: `http::response::Builder` would check again what reqwest already holds
/// as valid values, moving its `Result<Parts>` at every step.
fn parts_of(response: &mut reqwest::Response) -> http::response::Parts {
    let (mut parts, ()) = http::Response::new(()).into_parts();
    parts.status = response.status();
    parts.version = response.version();
    parts.headers = std::mem::take(response.headers_mut());
    parts
}

/// A reqwest body read chunk by chunk, each wait bounded by the idle timeout.
struct ReqwestChunks {
    response: reqwest::Response,
    idle: IdleTimer,
}

#[async_trait::async_trait]
impl ChunkSource for ReqwestChunks {
    async fn next_chunk(&mut self) -> Result<Option<Bytes>, TransportError> {
        self.idle.next_chunk(&mut self.response).await
    }
}

/// The body idle timeout and the call's deadline: one timer for the whole body, armed only
/// when a chunk is not there yet, and then for the idle limit from that moment (the longest
/// pause between two reads) or up to the deadline, whichever comes first. A chunk that is
/// already buffered costs no timer at all (a `tokio::time::timeout` per chunk set one up,
/// and read the clock, for every chunk).
struct IdleTimer {
    limit: Option<Duration>,
    deadline: Option<std::time::Instant>,
    timer: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl IdleTimer {
    fn new(limit: Option<Duration>, deadline: Option<std::time::Instant>) -> Self {
        Self {
            limit,
            deadline,
            timer: None,
        }
    }

    /// How long the next wait may last, from now.
    fn wait_limit(&self) -> Option<WaitLimit> {
        SendOptions::default()
            .with_deadline(self.deadline)
            .wait_limit(self.limit, std::time::Instant::now())
    }

    /// The next chunk of `response`; `Ok(None)` at the end of the body.
    async fn next_chunk(
        &mut self,
        response: &mut reqwest::Response,
    ) -> Result<Option<Bytes>, TransportError> {
        let mut next = std::pin::pin!(response.chunk());
        if self.limit.is_none() && self.deadline.is_none() {
            return next.await.map_err(map_error);
        }
        let mut armed: Option<WaitLimit> = None;
        std::future::poll_fn(|cx| {
            if let Poll::Ready(r) = next.as_mut().poll(cx) {
                return Poll::Ready(r.map_err(map_error));
            }
            let limit = match armed {
                Some(limit) => limit,
                None => {
                    let Some(limit) = self.wait_limit() else {
                        return Poll::Pending;
                    };
                    let at = tokio::time::Instant::now() + limit.duration();
                    armed = Some(limit);
                    match &mut self.timer {
                        Some(timer) => timer.as_mut().reset(at),
                        slot => {
                            slot.replace(Box::pin(tokio::time::sleep_until(at)));
                        }
                    }
                    limit
                }
            };
            let Some(timer) = self.timer.as_mut() else {
                return Poll::Pending;
            };
            match timer.as_mut().poll(cx) {
                Poll::Ready(()) => Poll::Ready(Err(wait_error("the response body stalled", limit))),
                Poll::Pending => Poll::Pending,
            }
        })
        .await
    }
}

/// Reads the whole body into `body`, which fails with `BodyTooLarge` past its cap (see
/// [`BodyBuffer`]); each pause is bounded by the idle timeout and the deadline. Both borrowed:
/// an `async fn` keeps what it owns twice in its future.
async fn read_body(
    response: &mut reqwest::Response,
    options: &SendOptions,
    body: &mut BodyBuffer,
) -> Result<(), TransportError> {
    let mut idle = IdleTimer::new(options.read_timeout, options.deadline);
    while let Some(chunk) = idle.next_chunk(response).await? {
        body.push(chunk)?;
    }
    Ok(())
}

/// The future of [`Transport::send`], boxed as `async_trait` boxes it.
type SendFuture<'a> =
    Pin<Box<dyn Future<Output = Result<HttpResponse, TransportError>> + Send + 'a>>;

#[async_trait::async_trait]
impl Transport for ReqwestTransport {
    // Written out rather than as an `async fn`: the request is converted and handed to
    // reqwest before the future is made, so the boxed future holds reqwest's exchange (a
    // pointer) instead of the whole request, and is smaller to copy into its box and to
    // touch (the same work, in the same order, as soon as the call awaits it).
    fn send<'life0, 'life1, 'async_trait>(
        &'life0 self,
        request: HttpRequest,
        options: &'life1 SendOptions,
    ) -> SendFuture<'async_trait>
    where
        'life0: 'async_trait,
        'life1: 'async_trait,
        Self: 'async_trait,
    {
        let exchange = match self.exchange(request) {
            Ok(exchange) => exchange,
            Err(e) => return Box::pin(std::future::ready(Err(e))),
        };
        Box::pin(async move {
            let mut response = Self::head(exchange, options).await?;
            if !response.status().is_success() {
                // Boxed: the rare path's state stays out of this future's.
                return Box::pin(read_error(response, options)).await;
            }
            let mut body = BodyBuffer::new(options.max_response_bytes, response.content_length())?;
            // The body read through a borrow, and the status line and headers taken after:
            // neither the response nor its parts are held twice across the wait.
            read_body(&mut response, options, &mut body).await?;
            Ok(http::Response::from_parts(
                parts_of(&mut response),
                body.finish(),
            ))
        })
    }

    async fn send_streaming(
        &self,
        request: HttpRequest,
        options: &SendOptions,
    ) -> Result<http::Response<ByteStream>, TransportError> {
        let mut response = Self::head(self.exchange(request)?, options).await?;
        let parts = parts_of(&mut response);
        let body = ByteStream::new(ReqwestChunks {
            response,
            idle: IdleTimer::new(options.read_timeout, options.deadline),
        });
        Ok(http::Response::from_parts(parts, body))
    }
}

/// The answer to a request that failed with an error status: the body up to the error-body
/// cap, read for at most the per-attempt timeout (and never past the deadline); the rest is
/// not read (dropping the response closes the connection).
async fn read_error(
    mut response: reqwest::Response,
    options: &SendOptions,
) -> Result<HttpResponse, TransportError> {
    let limit = options.body_limit(response.status());
    let until = options.error_body_until(std::time::Instant::now());
    let parts = parts_of(&mut response);
    let mut idle = IdleTimer::new(options.read_timeout, until);
    let mut collector = ErrorBodyCollector::new(limit, until);
    while collector.on_read(idle.next_chunk(&mut response).await) {}
    Ok(cartesia_core::transport::error_response(
        parts,
        collector.finish(),
    ))
}

/// Copies the rest of `stream` into a tokio writer (a file, a socket, ...), chunk by chunk;
/// returns the bytes written. A failure to read is a transport error; a failure to write is
/// [`Error::Write`].
pub async fn copy_to_writer<W>(stream: &mut ByteStream, writer: &mut W) -> Result<u64, Error>
where
    W: tokio::io::AsyncWrite + Unpin + ?Sized,
{
    use tokio::io::AsyncWriteExt;
    let mut written = 0u64;
    while let Some(chunk) = stream.next_chunk().await? {
        writer.write_all(&chunk).await.map_err(Error::Write)?;
        written += chunk.len() as u64;
    }
    writer.flush().await.map_err(Error::Write)?;
    Ok(written)
}

/// Async call-audio download into a tokio writer:
/// `client.agents().calls().download_audio_to(id, &mut file).await`.
#[async_trait::async_trait]
pub trait DownloadAudioTo {
    /// The calls resource the download goes through (the implementation for
    /// `AsyncCalls` returns itself).
    #[doc(hidden)]
    fn __calls(&self) -> &cartesia_core::AsyncCalls<'_>;

    /// Streams the recording of `call_id` into `writer` without holding it in memory.
    async fn download_audio_to<W>(
        &self,
        call_id: &str,
        writer: &mut W,
    ) -> Result<cartesia_core::endpoints::call_audio::AudioDownload, Error>
    where
        W: tokio::io::AsyncWrite + Unpin + Send + ?Sized,
    {
        let mut audio = self.__calls().download_audio_stream(call_id).await?;
        let bytes_written = copy_to_writer(&mut audio.body, writer).await?;
        Ok(cartesia_core::endpoints::call_audio::AudioDownload::new(
            audio.content_type,
            bytes_written,
        ))
    }
}

impl DownloadAudioTo for cartesia_core::AsyncCalls<'_> {
    fn __calls(&self) -> &cartesia_core::AsyncCalls<'_> {
        self
    }
}

/// Async streamed speech into a tokio writer (a file, a socket, ...):
/// `speech_to(&client, &TtsBytes::new(request), &mut file).await` — also for
/// `VoiceChangerBytes` and `InfillBytes`. The status is checked (and retried) before the
/// first byte; the audio is never held in memory.
pub async fn speech_to<E, W>(
    client: &AsyncClient,
    endpoint: &E,
    writer: &mut W,
) -> Result<cartesia_core::endpoints::call_audio::AudioDownload, Error>
where
    E: cartesia_core::Endpoint + Sync,
    W: tokio::io::AsyncWrite + Unpin + ?Sized,
{
    let mut audio = client.speech_stream(endpoint).await?;
    let bytes_written = copy_to_writer(&mut audio.body, writer).await?;
    Ok(cartesia_core::endpoints::call_audio::AudioDownload::new(
        audio.content_type,
        bytes_written,
    ))
}

/// Maps a reqwest error to a kind (reqwest's error never leaves this crate except as a
/// `source`).
fn map_error(e: reqwest::Error) -> TransportError {
    let sent = if e.is_connect() || e.is_builder() {
        RequestSent::No
    } else {
        RequestSent::Maybe
    };
    let kind = if e.is_timeout() {
        TransportErrorKind::Timeout
    } else if chain_mentions_tls(&e) {
        TransportErrorKind::Tls
    } else if e.is_connect() {
        TransportErrorKind::Connect
    } else if e.is_body() || e.is_decode() {
        TransportErrorKind::Body
    } else if e.is_builder() {
        TransportErrorKind::Other
    } else if is_malformed_answer(&e) {
        // The answer is not valid HTTP/1.1 (status line, headers, framing): deterministic,
        // so not the transient `Io` that reqwest's `is_request` would suggest.
        TransportErrorKind::Protocol
    } else if e.is_request() || has_io_source(&e) {
        // Includes hyper's "connection closed before message completed": the server dropped
        // the connection after the request may have been read (e.g. a keep-alive race).
        TransportErrorKind::Io
    } else {
        TransportErrorKind::Other
    };
    TransportError::new(kind, e).with_sent(sent)
}

/// Whether hyper, somewhere in the error's source chain, failed to parse the response head:
/// a garbage status line, a bad or conflicting `Content-Length`, a head over its size limit
/// (about 400 KiB) or more than 100 headers. Found by type (`hyper::Error::is_parse`), not by
/// message text.
fn is_malformed_answer(e: &(dyn StdError + 'static)) -> bool {
    any_source(e, |s| {
        s.downcast_ref::<hyper::Error>()
            .is_some_and(hyper::Error::is_parse)
    })
}

fn has_io_source(e: &(dyn StdError + 'static)) -> bool {
    any_source(e, |s| s.is::<std::io::Error>())
}

fn chain_mentions_tls(e: &(dyn StdError + 'static)) -> bool {
    any_source(e, |s| {
        let text = s.to_string().to_ascii_lowercase();
        text.contains("certificate") || text.contains("tls handshake")
    })
}

/// Whether any error in `e`'s source chain (not `e` itself) is one `found` accepts.
fn any_source(
    e: &(dyn StdError + 'static),
    found: impl FnMut(&(dyn StdError + 'static)) -> bool,
) -> bool {
    std::iter::successors(e.source(), |&s| s.source()).any(found)
}

/// The names most programs need: `use cartesia_reqwest::prelude::*;`.
///
/// Everything in [`cartesia_core::prelude`] (both clients, [`ClientBuilder`], every endpoint
/// struct and request body, [`Error`] and its kinds, [`RequestOptions`], [`ApiVersion`], ...)
/// plus this crate's [`BuildReqwest`], [`DownloadAudioTo`], [`ReqwestTransport`] and
/// [`TokioSleep`].
pub mod prelude {
    pub use crate::{
        speech_to, BuildReqwest, DownloadAudioTo, ReqwestTransport, TokioSleep, TokioWsConnector,
    };
    pub use cartesia_core::prelude::*;
}

/// Builds an [`AsyncClient`] over a new [`ReqwestTransport`] from any [`ClientBuilder`].
pub trait BuildReqwest {
    /// `self.build_async(ReqwestTransport::new()?)`, with tokio's timer and the
    /// [`TokioWsConnector`] for WebSockets unless the builder has its own.
    fn build_reqwest(self) -> Result<AsyncClient, Error>;
}

impl BuildReqwest for ClientBuilder {
    fn build_reqwest(self) -> Result<AsyncClient, Error> {
        let mut builder = self;
        if !builder.has_async_sleep() {
            builder = builder.async_sleep(TokioSleep);
        }
        if !builder.has_ws_connectors().0 {
            builder = builder.async_ws_connector(TokioWsConnector::new());
        }
        builder.build_async(ReqwestTransport::new()?)
    }
}

/// Waits between retries with tokio's timer (set by [`BuildReqwest::build_reqwest`]; pass it
/// to `ClientBuilder::async_sleep` when building with `build_async` yourself).
#[derive(Debug, Clone, Copy, Default)]
pub struct TokioSleep;

impl AsyncSleep for TokioSleep {
    fn sleep(&self, duration: Duration) -> SleepFuture {
        Box::pin(tokio::time::sleep(duration))
    }
}

/// An async client with the API key from `CARTESIA_API_KEY` and the base URL from
/// `CARTESIA_BASE_URL` (default `https://api.cartesia.ai`).
pub fn from_env() -> Result<AsyncClient, Error> {
    ClientBuilder::from_env().build_reqwest()
}

/// An async client with `api_key` and every other setting at its default.
pub fn client(api_key: impl Into<cartesia_core::ApiKey>) -> Result<AsyncClient, Error> {
    ClientBuilder::new().api_key(api_key).build_reqwest()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};
    use std::net::TcpListener;
    use std::time::Instant;

    /// A one-shot server: reads the request head, writes `head`, then each piece of the body
    /// after its pause. Returns the base URL.
    fn serve(head: &'static str, pieces: Vec<(Duration, &'static str)>) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        std::thread::spawn(move || {
            let (mut s, _) = listener.accept().unwrap();
            s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
            let mut buf = Vec::new();
            let mut byte = [0u8; 1];
            while !buf.ends_with(b"\r\n\r\n") && s.read(&mut byte).unwrap_or(0) == 1 {
                buf.push(byte[0]);
            }
            let _ = s.write_all(head.as_bytes());
            for (pause, piece) in pieces {
                std::thread::sleep(pause);
                if s.write_all(piece.as_bytes()).is_err() {
                    return;
                }
            }
        });
        format!("http://{addr}")
    }

    fn get(base: &str) -> HttpRequest {
        http::Request::get(format!("{base}/x"))
            .body(Bytes::new())
            .unwrap()
    }

    const HEAD: &str = "HTTP/1.1 200 OK\r\ncontent-length: 6\r\n\r\n";

    fn options(read_timeout: Duration) -> SendOptions {
        SendOptions::default().with_read_timeout(Some(read_timeout))
    }

    /// The read timeout bounds each pause, not the whole body: pauses shorter than it add
    /// up to more than it without failing.
    #[tokio::test]
    async fn pauses_shorter_than_the_read_timeout_add_up() {
        let ms = Duration::from_millis;
        let base = serve(HEAD, vec![(ms(0), "ab"), (ms(150), "cd"), (ms(150), "ef")]);
        let t = ReqwestTransport::new().unwrap();
        let started = Instant::now();
        let r = t.send(get(&base), &options(ms(250))).await.unwrap();
        assert!(started.elapsed() >= ms(300));
        assert_eq!(&r.body()[..], b"abcdef");
    }

    #[tokio::test]
    async fn a_stalled_body_times_out() {
        let ms = Duration::from_millis;
        let base = serve(HEAD, vec![(ms(0), "ab"), (ms(1_500), "cdef")]);
        let t = ReqwestTransport::new().unwrap();
        let started = Instant::now();
        let e = t.send(get(&base), &options(ms(200))).await.unwrap_err();
        assert_eq!(e.kind(), TransportErrorKind::Timeout, "{e}");
        assert!(e.to_string().contains("stalled"), "{e}");
        assert!(started.elapsed() < ms(1_400));
    }

    #[tokio::test]
    async fn a_stalled_stream_times_out_after_its_chunks() {
        let ms = Duration::from_millis;
        let base = serve(
            HEAD,
            vec![(ms(0), "ab"), (ms(100), "cd"), (ms(1_500), "ef")],
        );
        let t = ReqwestTransport::new().unwrap();
        let mut body = t
            .send_streaming(get(&base), &options(ms(250)))
            .await
            .unwrap()
            .into_body();
        let mut got = Vec::new();
        let e = loop {
            match body.next_chunk().await {
                Ok(Some(chunk)) => got.extend_from_slice(&chunk),
                Ok(None) => panic!("the body ended: {got:?}"),
                Err(e) => break e,
            }
        };
        assert_eq!(got, b"abcd");
        assert_eq!(e.kind(), TransportErrorKind::Timeout, "{e}");
    }

    /// hyper's parse errors, wrapped in reqwest's, are `Protocol` (and may have been sent);
    /// a connection closed before any answer is still `Io`.
    #[tokio::test]
    async fn malformed_answers_are_protocol_errors_and_closes_are_io() {
        let t = ReqwestTransport::new().unwrap();
        let mut many = String::from("HTTP/1.1 200 OK\r\n");
        for i in 0..150 {
            many.push_str(&format!("x-h{i}: v\r\n"));
        }
        many.push_str("content-length: 0\r\n\r\n");
        let many: &'static str = many.leak();
        for head in [
            "HTTP/1.1 2x0 OK\r\ncontent-length: 0\r\n\r\n",
            "SSH-2.0-OpenSSH_9.6\r\n\r\n",
            "HTTP/1.1 200 OK\r\ncontent-length: 1\r\ncontent-length: 2\r\n\r\nab",
            many,
        ] {
            let base = serve(head, vec![]);
            let e = t
                .send(get(&base), &SendOptions::default())
                .await
                .unwrap_err();
            assert_eq!(e.kind(), TransportErrorKind::Protocol, "{head:.40}: {e:?}");
            assert_eq!(e.request_sent(), RequestSent::Maybe);
        }
        let base = serve("", vec![]);
        let e = t
            .send(get(&base), &SendOptions::default())
            .await
            .unwrap_err();
        assert_eq!(e.kind(), TransportErrorKind::Io, "{e:?}");
    }

    /// `cartesia-reqwest/stream` turns on cartesia-core's `stream`: the pages of a list as a
    /// `futures_core::Stream` of items, over this transport.
    #[cfg(feature = "stream")]
    #[tokio::test]
    async fn the_stream_feature_gives_a_stream_of_items() {
        use crate::prelude::*;
        use futures_core::Stream;
        const PAGE: &str = r#"{"data":[{"id":"m1","name":"a","prompt":"p","created_at":"2026-03-01T12:00:00Z"},{"id":"m2","name":"b","prompt":"p","created_at":"2026-03-01T12:00:00Z"}],"has_more":false}"#;
        let head = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
            PAGE.len()
        );
        let base = serve(
            Box::leak(head.into_boxed_str()),
            vec![(Duration::ZERO, PAGE)],
        );
        let client = ClientBuilder::new()
            .api_key("sk_car_stream")
            .base_url(&base)
            .build_reqwest()
            .unwrap();
        let mut stream = client.pages(ListMetrics::new()).into_stream();
        let mut ids = Vec::new();
        while let Some(item) = std::future::poll_fn(|cx| Pin::new(&mut stream).poll_next(cx)).await
        {
            ids.push(item.unwrap().id);
        }
        assert_eq!(ids, ["m1", "m2"]);
    }

    #[test]
    fn urls_are_written_as_uri_displays_them() {
        for u in [
            "http://127.0.0.1:8080/a/b%2Fc?x=1&y=%20",
            "https://api.cartesia.ai/agents",
            "http://[::1]:9000/",
        ] {
            let uri: http::Uri = u.parse().unwrap();
            assert_eq!(url_string(&uri).as_deref(), Some(uri.to_string().as_str()));
            assert_eq!(
                parse_url(&uri).unwrap(),
                reqwest::Url::parse(&uri.to_string()).unwrap()
            );
        }
        // Over the stack buffer: through a `String`, with the same result.
        let long: http::Uri = format!("http://127.0.0.1:1/{}?q=1", "a".repeat(STACK_URL))
            .parse()
            .unwrap();
        assert_eq!(
            parse_url(&long).unwrap(),
            reqwest::Url::parse(&long.to_string()).unwrap()
        );
        assert_eq!(url_string(&"/relative".parse().unwrap()), None);
        assert!(parse_url(&"/relative".parse().unwrap()).is_none());
    }

    #[test]
    fn requests_convert_like_reqwests_own_conversion() {
        let request = http::Request::post("http://127.0.0.1:1/a%2Fb?q=1")
            .header("authorization", "Bearer k")
            .header("accept", "application/json")
            .body(Bytes::from_static(b"{}"))
            .unwrap();
        let ours = to_reqwest(request.clone()).unwrap();
        let theirs = reqwest::Request::try_from(request).unwrap();
        assert_eq!(ours.method(), theirs.method());
        assert_eq!(ours.url(), theirs.url());
        assert_eq!(ours.headers(), theirs.headers());
        assert_eq!(ours.version(), theirs.version());
        assert_eq!(
            ours.body().and_then(reqwest::Body::as_bytes),
            theirs.body().and_then(reqwest::Body::as_bytes)
        );
        let bad = http::Request::get("/relative").body(Bytes::new()).unwrap();
        assert!(to_reqwest(bad).is_err());
    }
}
