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
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;

/// A fully built request. The body is a [`Bytes`], cheap to clone, so a request can be sent
/// again. An empty body means "no body".
pub type HttpRequest = http::Request<Bytes>;

/// A response with its whole body.
pub type HttpResponse = http::Response<Bytes>;

/// The default cap on a response body: 256 MiB, enough for any JSON answer and long call audio.
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 256 * 1024 * 1024;

/// Per-attempt settings a transport must honour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct SendOptions {
    /// The most time one attempt may take, from sending the request to the end of the body.
    /// `None`: no limit beyond the transport's own configuration.
    pub timeout: Option<Duration>,
    /// The largest response body accepted. A larger body is a
    /// [`TransportErrorKind::BodyTooLarge`] error, never a silently shortened body.
    pub max_response_bytes: u64,
}

impl Default for SendOptions {
    fn default() -> Self {
        Self {
            timeout: None,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
        }
    }
}

impl SendOptions {
    /// Options with the given timeout.
    pub fn with_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.timeout = timeout;
        self
    }

    /// Options with the given body cap.
    pub fn with_max_response_bytes(mut self, max: u64) -> Self {
        self.max_response_bytes = max;
        self
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
}

#[async_trait::async_trait]
impl<T: Transport + ?Sized> Transport for Arc<T> {
    async fn send(
        &self,
        request: HttpRequest,
        options: &SendOptions,
    ) -> Result<HttpResponse, TransportError> {
        (**self).send(request, options).await
    }
}

#[async_trait::async_trait]
impl<T: Transport + ?Sized> Transport for Box<T> {
    async fn send(
        &self,
        request: HttpRequest,
        options: &SendOptions,
    ) -> Result<HttpResponse, TransportError> {
        (**self).send(request, options).await
    }
}

impl<T: BlockingTransport + ?Sized> BlockingTransport for Arc<T> {
    fn send(
        &self,
        request: HttpRequest,
        options: &SendOptions,
    ) -> Result<HttpResponse, TransportError> {
        (**self).send(request, options)
    }
}

impl<T: BlockingTransport + ?Sized> BlockingTransport for Box<T> {
    fn send(
        &self,
        request: HttpRequest,
        options: &SendOptions,
    ) -> Result<HttpResponse, TransportError> {
        (**self).send(request, options)
    }
}

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
    /// Anything else (an invalid request for this transport, a protocol error, ...).
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
            Self::Other => "transport error",
        }
    }
}

impl fmt::Display for TransportErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.describe())
    }
}

/// A failure to complete an HTTP exchange. Holds no type of any HTTP library in its API:
/// the library's error is kept as an opaque [`source`](StdError::source).
pub struct TransportError {
    kind: TransportErrorKind,
    detail: Option<Cow<'static, str>>,
    source: Option<Box<dyn StdError + Send + Sync>>,
}

impl TransportError {
    /// An error of `kind` caused by `source` (the HTTP library's error).
    pub fn new(
        kind: TransportErrorKind,
        source: impl Into<Box<dyn StdError + Send + Sync>>,
    ) -> Self {
        Self {
            kind,
            detail: None,
            source: Some(source.into()),
        }
    }

    /// An error of `kind` described by a message, with no underlying error.
    pub fn msg(kind: TransportErrorKind, detail: impl Into<Cow<'static, str>>) -> Self {
        Self {
            kind,
            detail: Some(detail.into()),
            source: None,
        }
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

    /// Whether no connection could be made.
    pub fn is_connect(&self) -> bool {
        self.kind == TransportErrorKind::Connect
    }
}

impl fmt::Debug for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TransportError")
            .field("kind", &self.kind)
            .field("detail", &self.detail)
            .field("source", &self.source)
            .finish()
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
}
