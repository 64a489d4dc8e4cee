//! The transport boundary: one HTTP exchange, with no policy.
//!
//! A transport sends one [`HttpRequest`] and returns the [`HttpResponse`] — for **every**
//! status, 4xx and 5xx included. Only failures to complete the exchange (connect, TLS, timeout,
//! reading the body) are [`TransportError`]s. Everything else — building the request,
//! classifying the status, decoding — is done once in this crate for every transport.
//! See `docs/TRANSPORTS.md` for the rules an implementation must follow.

use std::borrow::Cow;
use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use bytes::Bytes;

/// A fully built request. The body is a [`Bytes`], cheap to clone, so a request can be sent
/// again. An empty body means "no body".
pub type HttpRequest = http::Request<Bytes>;

/// A response with its whole body.
pub type HttpResponse = http::Response<Bytes>;

/// The default cap on a response body: 256 MiB, enough for any JSON answer and long call audio.
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 256 * 1024 * 1024;

/// The default connect timeout: 5 s.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// The default limit of one attempt up to the response headers: 60 s.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// The default longest pause while a response body is flowing: 60 s.
pub const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(60);

/// The default cap on the body of an error (non-2xx) response: 1 MiB. The rest is not read.
pub const DEFAULT_MAX_ERROR_BODY_BYTES: u64 = 1024 * 1024;

/// Per-attempt settings a transport must honour.
///
/// `timeout` bounds an attempt up to the response headers and `read_timeout` each pause in
/// the body; `deadline`, when set, bounds everything — connecting, the headers and every byte
/// of the body, buffered or streamed (the client sets it from its total timeout).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct SendOptions {
    /// The most time to establish a connection (TCP and TLS). `None`: no limit.
    pub connect_timeout: Option<Duration>,
    /// The most time one attempt may take up to the response headers. `None`: no limit.
    pub timeout: Option<Duration>,
    /// The longest pause allowed between two reads of the response body. `None`: no limit.
    pub read_timeout: Option<Duration>,
    /// The largest response body accepted. A larger body is a
    /// [`TransportErrorKind::BodyTooLarge`] error, never a silently shortened body.
    pub max_response_bytes: u64,
    /// The most of an error (non-2xx) body kept. A longer one is cut there — the rest is not
    /// read (the connection is dropped) — and the response carries a [`TruncatedBody`]
    /// extension. Applies to `send`; for `send_streaming` the client reads the error body.
    pub max_error_body_bytes: u64,
    /// The instant by which the whole exchange must be over, body included; `None`: no bound.
    /// Past it, the transport fails with [`TransportErrorKind::Timeout`] (see
    /// [`deadline_error`]).
    pub deadline: Option<Instant>,
}

impl Default for SendOptions {
    fn default() -> Self {
        Self {
            connect_timeout: Some(DEFAULT_CONNECT_TIMEOUT),
            timeout: Some(DEFAULT_TIMEOUT),
            read_timeout: Some(DEFAULT_READ_TIMEOUT),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            max_error_body_bytes: DEFAULT_MAX_ERROR_BODY_BYTES,
            deadline: None,
        }
    }
}

/// The marker a transport puts in a response's extensions when it cut an error body at
/// [`SendOptions::max_error_body_bytes`]; [`ApiError`](crate::ApiError) reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TruncatedBody {
    /// The number of bytes kept.
    pub kept: u64,
}

/// Which bound a wait ran into (see [`SendOptions::wait_limit`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WaitLimit {
    /// The per-attempt or idle timeout of that length.
    Timeout(Duration),
    /// The call's total deadline, this far away.
    Deadline(Duration),
}

impl WaitLimit {
    /// How long the wait may last.
    pub fn duration(self) -> Duration {
        match self {
            Self::Timeout(d) | Self::Deadline(d) => d,
        }
    }
}

/// The error for a wait that ran into its limit: `what` names the wait (e.g. "no response
/// headers", "the response body stalled").
pub fn wait_error(what: &str, limit: WaitLimit) -> TransportError {
    match limit {
        WaitLimit::Timeout(d) => {
            TransportError::msg(TransportErrorKind::Timeout, format!("{what} for {d:?}"))
        }
        WaitLimit::Deadline(_) => deadline_error(),
    }
}

/// The error for a call whose total deadline passed ([`TransportError::is_deadline`]; never
/// retried).
pub fn deadline_error() -> TransportError {
    let mut e = TransportError::msg(
        TransportErrorKind::Timeout,
        "the call's total timeout ran out",
    );
    e.deadline = true;
    e
}

/// The transport error behind an error from reading a [`BlockingBody`]: the one the transport
/// put inside the `io::Error` when there is one, else one of kind `Timeout` (for
/// `TimedOut`/`WouldBlock`) or `Body`.
pub fn body_read_error(e: std::io::Error) -> TransportError {
    let kind = match e.kind() {
        std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => {
            TransportErrorKind::Timeout
        }
        _ => TransportErrorKind::Body,
    };
    if e.get_ref()
        .is_some_and(|inner| inner.is::<TransportError>())
    {
        if let Some(inner) = e.into_inner() {
            if let Ok(t) = inner.downcast::<TransportError>() {
                return *t;
            }
        }
        return TransportError::msg(kind, "the body could not be read");
    }
    TransportError::new(kind, e)
}

/// A [`TransportError`] as the `io::Error` a [`BlockingBody`] reader returns (kind `TimedOut`
/// for timeouts); [`body_read_error`] gets it back.
pub fn into_io_error(e: TransportError) -> std::io::Error {
    let kind = match e.kind() {
        TransportErrorKind::Timeout => std::io::ErrorKind::TimedOut,
        _ => std::io::ErrorKind::Other,
    };
    std::io::Error::new(kind, e)
}

impl SendOptions {
    cartesia_types::setters! {
        /// Options with the given timeout up to the response headers.
        fn with_timeout(timeout: Option<Duration>) { self.timeout = timeout }
        /// Options with the given connect timeout.
        fn with_connect_timeout(timeout: Option<Duration>) { self.connect_timeout = timeout }
        /// Options with the given body idle timeout.
        fn with_read_timeout(timeout: Option<Duration>) { self.read_timeout = timeout }
        /// Options with the given body cap.
        fn with_max_response_bytes(max: u64) { self.max_response_bytes = max }
        /// Options with the given error-body cap.
        fn with_max_error_body_bytes(max: u64) { self.max_error_body_bytes = max }
        /// Options with the given total deadline.
        fn with_deadline(deadline: Option<Instant>) { self.deadline = deadline }
    }

    /// The most body bytes read for a response with `status`: `max_response_bytes` for a
    /// 2xx, else the smaller of it and `max_error_body_bytes`.
    pub fn body_limit(&self, status: http::StatusCode) -> u64 {
        if status.is_success() {
            self.max_response_bytes
        } else {
            self.max_error_body_bytes.min(self.max_response_bytes)
        }
    }

    /// The tighter of `timeout` (e.g. `self.timeout` or `self.read_timeout`) and the time left
    /// before the deadline, measured from `now`; `None` when neither bounds the wait.
    pub fn wait_limit(&self, timeout: Option<Duration>, now: Instant) -> Option<WaitLimit> {
        let left = self
            .deadline
            .map(|d| WaitLimit::Deadline(d.saturating_duration_since(now)));
        match (timeout.map(WaitLimit::Timeout), left) {
            (Some(WaitLimit::Timeout(t)), Some(WaitLimit::Deadline(l))) if l < t => {
                Some(WaitLimit::Deadline(l))
            }
            (Some(t), _) => Some(t),
            (None, left) => left,
        }
    }

    /// Until when the body of an error answer whose headers arrived at `now` may be read: the
    /// per-attempt `timeout` from then, and never past the deadline (`None`: unbounded).
    pub fn error_body_until(&self, now: Instant) -> Option<Instant> {
        let by_timeout = self.timeout.and_then(|t| now.checked_add(t));
        match (by_timeout, self.deadline) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// The time left before the deadline, from `now` (`None`: no deadline).
    pub fn time_left(&self, now: Instant) -> Option<Duration> {
        self.deadline.map(|d| d.saturating_duration_since(now))
    }
}

/// An asynchronous transport (object-safe; its futures are `Send`).
///
/// Implemented by `cartesia_reqwest::ReqwestTransport`; implement it yourself to use another
/// HTTP stack, or use `MockTransport` (feature `test-util`) in tests.
#[async_trait::async_trait]
pub trait Transport: Send + Sync + fmt::Debug {
    /// Performs one HTTP exchange. Must return `Ok` for every HTTP status.
    async fn send(
        &self,
        request: HttpRequest,
        options: &SendOptions,
    ) -> Result<HttpResponse, TransportError>;

    /// Performs one HTTP exchange and hands over the body as it arrives (for large downloads
    /// such as call audio). `max_response_bytes` does not apply; `read_timeout` does, to each
    /// wait for a chunk. The default buffers through [`send`](Self::send), which is correct but
    /// holds the whole body in memory: transports should override it.
    async fn send_streaming(
        &self,
        request: HttpRequest,
        options: &SendOptions,
    ) -> Result<http::Response<ByteStream>, TransportError> {
        let response = self.send(request, options).await?;
        Ok(response.map(ByteStream::from_bytes))
    }
}

/// A blocking transport: no async runtime involved, safe to call from any thread.
///
/// Implemented by `cartesia_ureq::UreqTransport`.
pub trait BlockingTransport: Send + Sync + fmt::Debug {
    /// Performs one HTTP exchange. Must return `Ok` for every HTTP status.
    fn send(
        &self,
        request: HttpRequest,
        options: &SendOptions,
    ) -> Result<HttpResponse, TransportError>;

    /// Performs one HTTP exchange and hands over the body as a reader (for large downloads).
    /// `max_response_bytes` does not apply; `read_timeout` does, to each read. The default
    /// buffers through [`send`](Self::send): transports should override it.
    fn send_streaming(
        &self,
        request: HttpRequest,
        options: &SendOptions,
    ) -> Result<http::Response<BlockingBody>, TransportError> {
        let response = self.send(request, options)?;
        Ok(response.map(|b| BlockingBody::new(std::io::Cursor::new(b))))
    }
}

/// A source of body chunks for [`ByteStream`] (implemented by async transports).
#[async_trait::async_trait]
pub trait ChunkSource: Send {
    /// The next chunk; `Ok(None)` at the end of the body.
    async fn next_chunk(&mut self) -> Result<Option<Bytes>, TransportError>;
}

/// A response body arriving in chunks (async): [`next_chunk`](Self::next_chunk)`.await`, or
/// [`poll_chunk`](Self::poll_chunk) from a hand-written `poll` function.
pub struct ByteStream {
    /// `None` only while a [`poll_chunk`](Self::poll_chunk) read holds it.
    source: Option<Box<dyn ChunkSource>>,
    /// The read `poll_chunk` started and has not seen finish: it owns the source meanwhile.
    pending: Option<PendingChunk>,
}

/// A chunk read that owns its source until it finishes (so it can be polled across calls).
type PendingChunk = Pin<
    Box<dyn Future<Output = (Box<dyn ChunkSource>, Result<Option<Bytes>, TransportError>)> + Send>,
>;

struct OneChunk(Option<Bytes>);

#[async_trait::async_trait]
impl ChunkSource for OneChunk {
    async fn next_chunk(&mut self) -> Result<Option<Bytes>, TransportError> {
        Ok(self.0.take().filter(|b| !b.is_empty()))
    }
}

impl ByteStream {
    /// A stream over `source`.
    pub fn new(source: impl ChunkSource + 'static) -> Self {
        Self {
            source: Some(Box::new(source)),
            pending: None,
        }
    }

    /// A stream of one chunk (an already buffered body).
    pub fn from_bytes(bytes: Bytes) -> Self {
        Self::new(OneChunk(Some(bytes)))
    }

    /// The next chunk; `Ok(None)` at the end of the body.
    pub async fn next_chunk(&mut self) -> Result<Option<Bytes>, TransportError> {
        match &mut self.source {
            Some(source) if self.pending.is_none() => source.next_chunk().await,
            // A read started by `poll_chunk` is finished first: its chunk is the next one.
            _ => std::future::poll_fn(|cx| self.poll_chunk(cx)).await,
        }
    }

    /// Polls for the next chunk (`Ready(Ok(None))` at the end of the body), for a
    /// hand-written `Future` or `Stream` (the SSE events' `Stream` is one). A read left
    /// pending is resumed by the next `poll_chunk` or `next_chunk`. Each read it starts
    /// costs one allocation more than [`next_chunk`](Self::next_chunk).
    pub fn poll_chunk(
        &mut self,
        cx: &mut Context<'_>,
    ) -> Poll<Result<Option<Bytes>, TransportError>> {
        let pending = match (&mut self.pending, self.source.take()) {
            (Some(pending), _) => pending,
            (slot @ None, Some(mut source)) => slot.insert(Box::pin(async move {
                let next = source.next_chunk().await;
                (source, next)
            })),
            // Unreachable: the source is away only while a read is pending.
            (None, None) => return Poll::Ready(Ok(None)),
        };
        let (source, next) = std::task::ready!(pending.as_mut().poll(cx));
        self.pending = None;
        self.source = Some(source);
        Poll::Ready(next)
    }

    /// Reads the rest of the body into memory, failing with
    /// [`TransportErrorKind::BodyTooLarge`] past `max` bytes.
    pub async fn collect(mut self, max: u64) -> Result<Bytes, TransportError> {
        let mut body = BodyBuffer::new(max, None)?;
        while let Some(chunk) = self.next_chunk().await? {
            body.push(chunk)?;
        }
        Ok(body.finish())
    }
}

/// The most memory [`BodyBuffer`] reserves up front on the word of `Content-Length`: 16 MiB
/// (beyond it, the buffer grows with what actually arrives).
pub const PREALLOCATE_LIMIT: u64 = 16 * 1024 * 1024;

/// The error for a body over the cap of `max` bytes; `announced` is the `Content-Length` that
/// said so before any of it was read, if that is how it was found.
pub fn body_too_large(max: u64, announced: Option<u64>) -> TransportError {
    let message = match announced {
        Some(len) => format!("Content-Length {len} exceeds the limit of {max} bytes"),
        None => format!("the body exceeds the limit of {max} bytes"),
    };
    TransportError::msg(TransportErrorKind::BodyTooLarge, message)
}

/// Gathers a (2xx) body that arrives in chunks, up to a cap: the rule of
/// [`ByteStream::collect`] and of transports that read a body chunk by chunk. A body that
/// comes in one chunk is kept as it is (no copy); otherwise the chunks go into one buffer,
/// sized by the `Content-Length` when there is one (up to [`PREALLOCATE_LIMIT`]).
#[derive(Debug)]
pub struct BodyBuffer {
    max: u64,
    expected: usize,
    first: Option<Bytes>,
    buf: bytes::BytesMut,
}

impl BodyBuffer {
    /// A buffer for at most `max` bytes of a body of `announced` bytes (its `Content-Length`,
    /// if any); fails with [`TransportErrorKind::BodyTooLarge`] when that is already over.
    #[inline]
    pub fn new(max: u64, announced: Option<u64>) -> Result<Self, TransportError> {
        if let Some(len) = announced.filter(|&len| len > max) {
            return Err(body_too_large(max, Some(len)));
        }
        Ok(Self {
            max,
            expected: announced.map_or(0, |l| l.min(PREALLOCATE_LIMIT) as usize),
            first: None,
            buf: bytes::BytesMut::new(),
        })
    }

    /// Takes the next chunk; fails with [`TransportErrorKind::BodyTooLarge`] once the body
    /// would pass the cap.
    #[inline]
    pub fn push(&mut self, chunk: Bytes) -> Result<(), TransportError> {
        let have = self.first.as_ref().map_or(0, Bytes::len) + self.buf.len();
        if (have + chunk.len()) as u64 > self.max {
            return Err(body_too_large(self.max, None));
        }
        match self.first.take() {
            None if self.buf.is_empty() => self.first = Some(chunk),
            None => self.buf.extend_from_slice(&chunk),
            Some(f) => {
                self.buf.reserve(self.expected.max(f.len() + chunk.len()));
                self.buf.extend_from_slice(&f);
                self.buf.extend_from_slice(&chunk);
            }
        }
        Ok(())
    }

    /// The whole body.
    #[inline]
    pub fn finish(self) -> Bytes {
        self.first.unwrap_or_else(|| self.buf.freeze())
    }
}

/// Gathers the chunks of an error body: at most `max` bytes, and none after `until`; what
/// was gathered is kept whatever stops it. Shared by the clients' streamed paths and
/// transports that read an error body chunk by chunk.
#[derive(Debug)]
pub struct ErrorBodyCollector {
    buf: Vec<u8>,
    max: u64,
    until: Option<Instant>,
    cut: bool,
}

impl ErrorBodyCollector {
    /// A collector keeping at most `max` bytes, read before `until`.
    pub fn new(max: u64, until: Option<Instant>) -> Self {
        Self {
            buf: Vec::new(),
            max,
            until,
            cut: false,
        }
    }

    /// Takes a chunk; `false` when no more should be read (the cap or the time is reached).
    pub fn push(&mut self, chunk: &[u8]) -> bool {
        let room = self.max.saturating_sub(self.buf.len() as u64) as usize;
        if chunk.len() > room {
            self.buf.extend_from_slice(&chunk[..room]);
            self.cut = true;
            return false;
        }
        self.buf.extend_from_slice(chunk);
        if self.until.is_some_and(|u| Instant::now() >= u) {
            self.cut = true;
            return false;
        }
        true
    }

    /// Marks the body as cut short (reading failed or timed out).
    pub fn interrupted(&mut self) {
        self.cut = true;
    }

    /// The body gathered, and the marker to put in the response when it was cut.
    pub fn finish(self) -> (Bytes, Option<TruncatedBody>) {
        let kept = self.buf.len() as u64;
        (
            Bytes::from(self.buf),
            self.cut.then_some(TruncatedBody { kept }),
        )
    }

    /// Takes the outcome of one read of the body: a chunk is kept (see [`push`](Self::push));
    /// the end of the body stops; a failed read stops and marks the body cut short. `false`
    /// when no more should be read, so a reading loop is `while collector.on_read(read) {}`.
    pub fn on_read<C: AsRef<[u8]>, E>(&mut self, read: Result<Option<C>, E>) -> bool {
        match read {
            Ok(Some(chunk)) => self.push(chunk.as_ref()),
            Ok(None) => false,
            Err(_) => {
                self.interrupted();
                false
            }
        }
    }

    /// Reads an error body from `reader` (blocking).
    pub fn read_from(mut self, reader: &mut dyn std::io::Read) -> (Bytes, Option<TruncatedBody>) {
        let mut chunk = [0u8; 8192];
        loop {
            let read = match reader.read(&mut chunk) {
                Ok(0) => Ok(None),
                Ok(n) => Ok(Some(&chunk[..n])),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => Err(e),
            };
            if !self.on_read(read) {
                return self.finish();
            }
        }
    }

    /// Reads an error body from `stream` (async).
    pub async fn read_stream(mut self, stream: &mut ByteStream) -> (Bytes, Option<TruncatedBody>) {
        while self.on_read(stream.next_chunk().await) {}
        self.finish()
    }
}

/// `parts` and `body` as a response, with the [`TruncatedBody`] marker when there is one.
pub fn error_response(
    mut parts: http::response::Parts,
    (body, cut): (Bytes, Option<TruncatedBody>),
) -> HttpResponse {
    if let Some(cut) = cut {
        parts.extensions.insert(cut);
    }
    http::Response::from_parts(parts, body)
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ByteStream")
    }
}

/// A response body to read as it arrives (blocking): a `std::io::Read`.
pub struct BlockingBody {
    reader: Box<dyn std::io::Read + Send>,
}

impl BlockingBody {
    /// A body over `reader`.
    pub fn new(reader: impl std::io::Read + Send + 'static) -> Self {
        Self {
            reader: Box::new(reader),
        }
    }
}

impl std::io::Read for BlockingBody {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.reader.read(buf)
    }
}

impl fmt::Debug for BlockingBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("BlockingBody")
    }
}

/// Forwards both traits through the smart pointers a transport is shared or boxed in.
macro_rules! forward_through {
    ($($ptr:ident),*) => {$(
        #[async_trait::async_trait]
        impl<T: Transport + ?Sized> Transport for $ptr<T> {
            async fn send(
                &self,
                request: HttpRequest,
                options: &SendOptions,
            ) -> Result<HttpResponse, TransportError> {
                (**self).send(request, options).await
            }

            async fn send_streaming(
                &self,
                request: HttpRequest,
                options: &SendOptions,
            ) -> Result<http::Response<ByteStream>, TransportError> {
                (**self).send_streaming(request, options).await
            }
        }

        impl<T: BlockingTransport + ?Sized> BlockingTransport for $ptr<T> {
            fn send(
                &self,
                request: HttpRequest,
                options: &SendOptions,
            ) -> Result<HttpResponse, TransportError> {
                (**self).send(request, options)
            }

            fn send_streaming(
                &self,
                request: HttpRequest,
                options: &SendOptions,
            ) -> Result<http::Response<BlockingBody>, TransportError> {
                (**self).send_streaming(request, options)
            }
        }
    )*};
}

forward_through!(Arc, Box);

/// What kind of failure a [`TransportError`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// No connection could be made (refused, unreachable, DNS failure).
    Connect,
    /// The attempt took longer than allowed.
    Timeout,
    /// The TLS handshake or certificate check failed.
    Tls,
    /// An I/O error on an established connection (reset, broken pipe).
    Io,
    /// The response body could not be read completely (e.g. shorter than its `Content-Length`).
    Body,
    /// The response body is larger than [`SendOptions::max_response_bytes`].
    BodyTooLarge,
    /// The server's answer is not valid HTTP/1.1: a garbage status line, conflicting
    /// `Content-Length`s, a header block over the transport's size limit, too many headers.
    /// Deterministic (a broken proxy, a service that does not speak HTTP), so never retried;
    /// the request may have been sent ([`RequestSent::Maybe`]).
    Protocol,
    /// Anything else (e.g. a request this transport cannot send).
    Other,
}

impl TransportErrorKind {
    fn describe(self) -> &'static str {
        match self {
            Self::Connect => "connection failed",
            Self::Timeout => "request timed out",
            Self::Tls => "TLS error",
            Self::Io => "I/O error",
            Self::Body => "could not read the response body",
            Self::BodyTooLarge => "response body too large",
            Self::Protocol => "the server's answer is not valid HTTP",
            Self::Other => "transport error",
        }
    }
}

impl fmt::Display for TransportErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.describe())
    }
}

/// Whether a failed request may have reached the server — what decides if replaying a
/// non-idempotent request is safe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RequestSent {
    /// Certainly not sent (e.g. the connection was never made).
    No,
    /// It may have been sent, and even applied (e.g. a timeout waiting for the response).
    Maybe,
}

/// A failure to complete an HTTP exchange. Holds no type of any HTTP library in its API:
/// the library's error is kept as an opaque [`source`](StdError::source).
#[derive(Debug)]
pub struct TransportError {
    kind: TransportErrorKind,
    sent: RequestSent,
    attempts: u32,
    not_replayed: bool,
    deadline: bool,
    detail: Option<Cow<'static, str>>,
    source: Option<Box<dyn StdError + Send + Sync>>,
}

impl TransportError {
    /// An error of `kind` caused by `source` (the HTTP library's error).
    ///
    /// Whether the request may have been sent defaults by kind: `No` for
    /// [`Connect`](TransportErrorKind::Connect), `Maybe` otherwise; see
    /// [`with_sent`](Self::with_sent).
    pub fn new(
        kind: TransportErrorKind,
        source: impl Into<Box<dyn StdError + Send + Sync>>,
    ) -> Self {
        Self::of(kind, None, Some(source.into()))
    }

    /// An error of `kind` described by a message, with no underlying error.
    pub fn msg(kind: TransportErrorKind, detail: impl Into<Cow<'static, str>>) -> Self {
        Self::of(kind, Some(detail.into()), None)
    }

    fn of(
        kind: TransportErrorKind,
        detail: Option<Cow<'static, str>>,
        source: Option<Box<dyn StdError + Send + Sync>>,
    ) -> Self {
        Self {
            kind,
            sent: default_sent(kind),
            attempts: 1,
            not_replayed: false,
            deadline: false,
            detail,
            source,
        }
    }

    /// Says whether the request may have reached the server (transports know best: a
    /// timeout while connecting is `No`, one while waiting for the response is `Maybe`).
    pub fn with_sent(mut self, sent: RequestSent) -> Self {
        self.sent = sent;
        self
    }

    /// Whether the request may have reached the server.
    pub fn request_sent(&self) -> RequestSent {
        self.sent
    }

    /// How many attempts the call made before failing with this error.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// True when the request is not idempotent, may have been applied by the server, and so
    /// was not replayed.
    pub fn may_have_been_applied(&self) -> bool {
        self.not_replayed
    }

    pub(crate) fn set_attempts(&mut self, attempts: u32) {
        self.attempts = attempts;
    }

    pub(crate) fn set_not_replayed(&mut self) {
        self.not_replayed = true;
    }

    /// Adds a message shown after the kind.
    pub fn with_detail(mut self, detail: impl Into<Cow<'static, str>>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    /// The kind of failure.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    /// Whether the attempt timed out.
    pub fn is_timeout(&self) -> bool {
        self.kind == TransportErrorKind::Timeout
    }

    /// Whether the call's total deadline passed (a [`Timeout`](TransportErrorKind::Timeout)
    /// that is never retried).
    pub fn is_deadline(&self) -> bool {
        self.deadline
    }

    /// Whether no connection could be made.
    pub fn is_connect(&self) -> bool {
        self.kind == TransportErrorKind::Connect
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.kind.describe())?;
        if let Some(d) = &self.detail {
            write!(f, ": {d}")?;
        }
        // Name the root cause (e.g. "Connection refused (os error 111)"): it is what a reader needs.
        if let Some(src) = &self.source {
            let mut root: &(dyn StdError + 'static) = src.as_ref();
            while let Some(next) = root.source() {
                root = next;
            }
            write!(f, ": {root}")?;
        }
        if self.not_replayed {
            f.write_str("; the request may have been applied, so it was not retried")?;
        }
        if self.attempts > 1 {
            write!(f, " (after {} attempts)", self.attempts)?;
        }
        Ok(())
    }
}

impl StdError for TransportError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source
            .as_ref()
            .map(|s| s.as_ref() as &(dyn StdError + 'static))
    }
}

fn default_sent(kind: TransportErrorKind) -> RequestSent {
    match kind {
        TransportErrorKind::Connect => RequestSent::No,
        _ => RequestSent::Maybe,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_kind_detail_and_root_cause() {
        let io = std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "Connection refused");
        let e = TransportError::new(TransportErrorKind::Connect, io).with_detail("127.0.0.1:1");
        assert_eq!(
            e.to_string(),
            "connection failed: 127.0.0.1:1: Connection refused"
        );
        assert!(e.is_connect());
        assert!(e.source().is_some());
        let t = TransportError::msg(TransportErrorKind::Timeout, "after 1s");
        assert_eq!(t.to_string(), "request timed out: after 1s");
        assert!(t.is_timeout());
    }

    /// One chunk is kept as it is; several are joined; a body past the cap, announced or
    /// found while reading, is `BodyTooLarge` with the message of each case.
    #[test]
    fn body_buffers_keep_join_and_refuse() {
        let one = Bytes::from_static(b"abc");
        let mut b = BodyBuffer::new(3, Some(3)).unwrap();
        b.push(one.clone()).unwrap();
        let kept = b.finish();
        assert_eq!(kept, one);
        assert_eq!(kept.as_ptr(), one.as_ptr(), "one chunk is not copied");

        let mut b = BodyBuffer::new(10, None).unwrap();
        for piece in ["ab", "cd", "e"] {
            b.push(Bytes::from_static(piece.as_bytes())).unwrap();
        }
        assert_eq!(b.finish(), "abcde");
        assert_eq!(BodyBuffer::new(10, None).unwrap().finish(), "");

        let e = BodyBuffer::new(4, Some(5)).unwrap_err();
        assert_eq!(e.kind(), TransportErrorKind::BodyTooLarge);
        assert!(
            e.to_string()
                .contains("Content-Length 5 exceeds the limit of 4 bytes"),
            "{e}"
        );
        let mut b = BodyBuffer::new(4, None).unwrap();
        b.push(Bytes::from_static(b"abc")).unwrap();
        let e = b.push(Bytes::from_static(b"de")).unwrap_err();
        assert_eq!(e.kind(), TransportErrorKind::BodyTooLarge);
        assert!(
            e.to_string()
                .contains("the body exceeds the limit of 4 bytes"),
            "{e}"
        );
    }

    /// A chunk goes on, the end stops, a failed read stops and marks the body cut; the cap
    /// cuts too.
    #[test]
    fn the_error_body_collector_takes_each_read() {
        let mut c = ErrorBodyCollector::new(100, None);
        assert!(c.on_read(Ok::<_, ()>(Some(&b"ab"[..]))));
        assert!(!c.on_read(Ok::<Option<&[u8]>, ()>(None)));
        assert_eq!(c.finish(), (Bytes::from_static(b"ab"), None));

        let mut c = ErrorBodyCollector::new(100, None);
        assert!(c.on_read(Ok::<_, &str>(Some(Bytes::from_static(b"ab")))));
        assert!(!c.on_read(Err::<Option<Bytes>, _>("reset")));
        assert_eq!(
            c.finish(),
            (Bytes::from_static(b"ab"), Some(TruncatedBody { kept: 2 }))
        );

        let mut c = ErrorBodyCollector::new(3, None);
        assert!(!c.on_read(Ok::<_, ()>(Some(&b"abcd"[..]))));
        assert_eq!(
            c.finish(),
            (Bytes::from_static(b"abc"), Some(TruncatedBody { kept: 3 }))
        );

        let mut reader: &[u8] = b"0123456789";
        let (body, cut) = ErrorBodyCollector::new(4, None).read_from(&mut reader);
        assert_eq!(
            (body, cut),
            (Bytes::from_static(b"0123"), Some(TruncatedBody { kept: 4 }))
        );
    }
}
