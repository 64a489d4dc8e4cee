//! The one error type of the SDK.

use std::fmt;

use bytes::Bytes;
use cartesia_types::ErrorResponse;
use http::{HeaderMap, StatusCode};

use crate::redirect::RedirectError;
use crate::transport::{TransportError, TransportErrorKind, TruncatedBody};

/// Everything that can go wrong with a call.
///
/// No variant holds a type of an HTTP library (only `http`, `bytes`, `serde_json` and std),
/// and no variant's `Debug` or `Display` ever contains the API key or request headers.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The API answered with a non-2xx status.
    #[error(transparent)]
    Api(Box<ApiError>),
    /// The HTTP exchange could not be completed.
    #[error(transparent)]
    Transport(#[from] TransportError),
    /// A 2xx response whose body is not what the endpoint returns.
    #[error(transparent)]
    Decode(Box<DecodeError>),
    /// The request was refused before any I/O (e.g. an empty path id).
    #[error(transparent)]
    InvalidRequest(#[from] InvalidRequest),
    /// The client could not be built (missing or malformed API key, bad base URL, ...).
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// A downloaded body could not be written to the caller's writer.
    #[error("could not write the downloaded body: {0}")]
    Write(#[source] std::io::Error),
    /// The server redirected the call somewhere the SDK does not follow (another origin, or
    /// too many hops): see [`crate::redirect`].
    #[error(transparent)]
    Redirect(Box<RedirectError>),
    /// A cursor walk stopped because the server's answers would make it loop.
    #[error(transparent)]
    Pagination(Box<PaginationError>),
    /// An event stream (`/tts/sse`, `/voice-changer/sse`) failed after its 2xx answer: the
    /// server's `error` event, a stream that ended before `done`, or an undecodable event.
    #[error(transparent)]
    Stream(Box<crate::sse::StreamError>),
    /// An upload's multipart body could not be built (a file that cannot be read, a part
    /// over the size cap, a bad content type); nothing was sent.
    #[error(transparent)]
    Multipart(Box<crate::multipart::MultipartError>),
    /// A WebSocket call failed: the socket closed, a receive timed out, a context takes no
    /// more input, the send queue is full, or the client has no connector (see
    /// [`crate::ws`]).
    #[error(transparent)]
    WebSocket(Box<crate::ws::WsError>),
}

/// `From<E> for Error` for the errors that `Error` holds boxed (to keep it small).
macro_rules! from_boxed {
    ($($source:ty => $variant:ident),+ $(,)?) => {$(
        impl From<$source> for Error {
            fn from(e: $source) -> Self {
                Error::$variant(Box::new(e))
            }
        }
    )+};
}

from_boxed! {
    crate::ws::WsError => WebSocket,
    crate::sse::StreamError => Stream,
    crate::multipart::MultipartError => Multipart,
    RedirectError => Redirect,
    PaginationError => Pagination,
    ApiError => Api,
    DecodeError => Decode,
}

impl From<cartesia_types::InvalidParameter> for Error {
    fn from(e: cartesia_types::InvalidParameter) -> Self {
        Error::InvalidRequest(InvalidRequest(e))
    }
}

/// A cursor walk the SDK ended because it would not advance: the server said `has_more`, but
/// the next cursor is one this walk already used (the same page again, or a cycle).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaginationError {
    cursor: String,
    pages: usize,
}

impl PaginationError {
    pub(crate) fn repeated_cursor(cursor: &str, pages: usize) -> Self {
        let mut end = cursor.len().min(DISPLAY_FIELD_LIMIT);
        while !cursor.is_char_boundary(end) {
            end -= 1;
        }
        Self {
            cursor: cursor[..end].to_owned(),
            pages,
        }
    }

    /// The cursor that came back again.
    pub fn cursor(&self) -> &str {
        &self.cursor
    }

    /// The pages fetched before the walk stopped.
    pub fn pages(&self) -> usize {
        self.pages
    }
}

impl fmt::Display for PaginationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "pagination did not advance: after {} pages the server says there is more, but the \
             next cursor {:?} was already used; the walk stopped instead of looping",
            self.pages, self.cursor
        )
    }
}

impl std::error::Error for PaginationError {}

impl Error {
    /// The HTTP status, for an API or decode error.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Decode(e) => Some(e.status),
            Error::Redirect(e) => Some(e.status()),
            _ => None,
        }
    }

    /// The API error, if this is one.
    pub fn as_api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) => Some(e),
            _ => None,
        }
    }

    /// The request id the API gave (body `request_id`, else the `x-request-id` header).
    pub fn request_id(&self) -> Option<&str> {
        self.as_api().and_then(ApiError::request_id)
    }

    /// The transport error kind, if this is a transport error.
    pub fn transport_kind(&self) -> Option<TransportErrorKind> {
        match self {
            Error::Transport(e) => Some(e.kind()),
            _ => None,
        }
    }

    /// How many attempts the call made, for API and transport errors.
    pub fn attempts(&self) -> Option<u32> {
        match self {
            Error::Api(e) => Some(e.attempts()),
            Error::Transport(e) => Some(e.attempts()),
            _ => None,
        }
    }

    /// Whether the attempt timed out (or a socket receive did).
    pub fn is_timeout(&self) -> bool {
        self.transport_kind() == Some(TransportErrorKind::Timeout)
            || matches!(self.as_websocket(), Some(crate::ws::WsError::Timeout(_)))
    }

    /// The WebSocket error, if this is one.
    pub fn as_websocket(&self) -> Option<&crate::ws::WsError> {
        match self {
            Error::WebSocket(e) => Some(e),
            _ => None,
        }
    }
}

/// The class of an API error, by status (the official SDKs' classes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ApiErrorKind {
    /// 400
    BadRequest,
    /// 401: the API key is missing, wrong or revoked.
    Unauthorized,
    /// 403
    PermissionDenied,
    /// 404
    NotFound,
    /// 409
    Conflict,
    /// 422
    UnprocessableEntity,
    /// 429: rate or concurrency limited.
    RateLimited,
    /// 500–599
    Server,
    /// Any other non-2xx status (e.g. 402, 413, or a 3xx that was not followed).
    Other,
}

impl ApiErrorKind {
    /// The class of `status`.
    pub fn from_status(status: StatusCode) -> Self {
        match status.as_u16() {
            400 => Self::BadRequest,
            401 => Self::Unauthorized,
            403 => Self::PermissionDenied,
            404 => Self::NotFound,
            409 => Self::Conflict,
            422 => Self::UnprocessableEntity,
            429 => Self::RateLimited,
            500..=599 => Self::Server,
            _ => Self::Other,
        }
    }
}

/// How many bytes of a body an error's `Display` shows.
const DISPLAY_BODY_LIMIT: usize = 200;

/// How many bytes of one field of a structured error body (or of serde's message) `Display`
/// shows: enough for any real message, bounded for a hostile one.
const DISPLAY_FIELD_LIMIT: usize = 500;

/// A non-2xx answer from the API.
///
/// Keeps the parsed [`ErrorResponse`] when the body is one, and the raw body always.
#[derive(Clone)]
pub struct ApiError {
    status: StatusCode,
    kind: ApiErrorKind,
    body: Option<ErrorResponse>,
    raw_body: Bytes,
    headers: HeaderMap,
    request_id: Option<String>,
    attempts: u32,
    truncated: Option<u64>,
    admin_key_needed: bool,
}

impl ApiError {
    /// Builds the error for a non-2xx response (parses the structured body if it is one).
    pub fn from_response(response: http::Response<Bytes>) -> Self {
        let (parts, raw_body) = response.into_parts();
        let body = serde_json::from_slice::<ErrorResponse>(&raw_body)
            .ok()
            .filter(|b| !b.is_empty());
        let request_id = body
            .as_ref()
            .and_then(|b| b.request_id.clone())
            .or_else(|| {
                parts
                    .headers
                    .get("x-request-id")
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned)
            });
        Self {
            status: parts.status,
            kind: ApiErrorKind::from_status(parts.status),
            body,
            raw_body,
            headers: parts.headers,
            request_id,
            attempts: 1,
            truncated: parts.extensions.get::<TruncatedBody>().map(|t| t.kept),
            admin_key_needed: false,
        }
    }

    /// Whether this is a 401 or 403 from an operation that takes an admin key
    /// ([`KeyKind::Admin`](crate::KeyKind::Admin): usage, API keys, organizations). Its
    /// `Display` then says that an admin key (`sk_car_admin_...`) is needed: a standard key
    /// does not work there.
    pub fn admin_key_needed(&self) -> bool {
        self.admin_key_needed
    }

    /// Marks a 401/403 of an admin operation (see [`admin_key_needed`](Self::admin_key_needed)).
    pub(crate) fn for_key_kind(mut self, kind: crate::KeyKind) -> Self {
        self.admin_key_needed =
            kind == crate::KeyKind::Admin && matches!(self.status.as_u16(), 401 | 403);
        self
    }

    /// Whether the body was cut at the error-body cap
    /// ([`ClientBuilder::max_error_body_bytes`](crate::ClientBuilder::max_error_body_bytes)):
    /// [`raw_body`](Self::raw_body) then holds only its start.
    pub fn body_truncated(&self) -> bool {
        self.truncated.is_some()
    }

    /// How many attempts the call made (more than 1 when it was retried).
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    pub(crate) fn with_attempts(mut self, attempts: u32) -> Self {
        self.attempts = attempts;
        self
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The class of the status.
    pub fn kind(&self) -> ApiErrorKind {
        self.kind
    }

    /// The structured body, when the API sent one.
    pub fn body(&self) -> Option<&ErrorResponse> {
        self.body.as_ref()
    }

    /// The machine-readable `error_code`, e.g. `concurrency_limited`.
    pub fn code(&self) -> Option<&str> {
        self.body.as_ref()?.error_code.as_deref()
    }

    /// The `message` of the structured body.
    pub fn message(&self) -> Option<&str> {
        self.body.as_ref()?.message.as_deref()
    }

    /// The `title` of the structured body.
    pub fn title(&self) -> Option<&str> {
        self.body.as_ref()?.title.as_deref()
    }

    /// The `doc_url` of the structured body.
    pub fn doc_url(&self) -> Option<&str> {
        self.body.as_ref()?.doc_url.as_deref()
    }

    /// The request id (body `request_id`, else the `x-request-id` response header).
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The raw body, whatever it was (HTML from a proxy, plain text, JSON, or empty).
    pub fn raw_body(&self) -> &[u8] {
        &self.raw_body
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }
}

impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("status", &self.status)
            .field("kind", &self.kind)
            .field("body", &self.body)
            .field("raw_body", &Snippet(&self.raw_body, DISPLAY_BODY_LIMIT))
            .field("request_id", &self.request_id)
            .field("attempts", &self.attempts)
            .field("truncated", &self.truncated)
            .field("admin_key_needed", &self.admin_key_needed)
            .finish_non_exhaustive()
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "API error {}", self.status)?;
        match (&self.body, self.raw_body.is_empty()) {
            (Some(b), _) => {
                let short = |s: &str| Snippet(s.as_bytes(), DISPLAY_FIELD_LIMIT).to_string();
                match (&b.title, &b.message) {
                    (Some(t), Some(m)) => write!(f, ": {}: {}", short(t), short(m))?,
                    (None, Some(m)) | (Some(m), None) => write!(f, ": {}", short(m))?,
                    (None, None) => {}
                }
                if let Some(code) = &b.error_code {
                    write!(f, " (code {})", short(code))?;
                }
            }
            (None, true) => f.write_str(" (empty body)")?,
            (None, false) => write!(f, ": {}", Snippet(&self.raw_body, DISPLAY_BODY_LIMIT))?,
        }
        if let Some(id) = &self.request_id {
            write!(
                f,
                " [request id {}]",
                Snippet(id.as_bytes(), DISPLAY_FIELD_LIMIT)
            )?;
        }
        if let Some(kept) = self.truncated {
            write!(f, " (error body cut at {kept} bytes)")?;
        }
        if self.attempts > 1 {
            write!(f, " (after {} attempts)", self.attempts)?;
        }
        if self.admin_key_needed {
            f.write_str(
                " (this operation needs an admin API key, sk_car_admin_...; \
                 standard keys do not work on /usage, /api-keys and /organizations)",
            )?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

/// A 2xx body that does not decode into the endpoint's output type.
#[derive(Debug)]
pub struct DecodeError {
    type_name: String,
    path: String,
    status: StatusCode,
    snippet: String,
    source: serde_json::Error,
}

/// How many bytes of the body a decode error keeps.
const DECODE_SNIPPET_LIMIT: usize = 256;

impl DecodeError {
    /// A decode error for `body` (of a response with `status`) failing at JSON `path`.
    pub fn new(
        type_name: impl Into<String>,
        path: String,
        status: StatusCode,
        body: &[u8],
        source: serde_json::Error,
    ) -> Self {
        Self {
            type_name: type_name.into(),
            path,
            status,
            snippet: Snippet(body, DECODE_SNIPPET_LIMIT).to_string(),
            source,
        }
    }

    /// The Rust type that was expected (short name, e.g. `Vec<PhoneNumber>`).
    pub fn type_name(&self) -> &str {
        &self.type_name
    }

    /// Where in the JSON decoding failed, e.g. `[3].created_at` (`.` for the document itself).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The status of the response.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The start of the body: its first 256 bytes, decoded lossily as UTF-8 (so at most 256
    /// characters), with a note of the full length when it was longer.
    pub fn body_snippet(&self) -> &str {
        &self.snippet
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "could not decode the response (HTTP {}) as {} at `{}`: {}; body starts: {:?}",
            self.status.as_u16(),
            self.type_name,
            Snippet(self.path.as_bytes(), DISPLAY_FIELD_LIMIT),
            Snippet(self.source.to_string().as_bytes(), DISPLAY_FIELD_LIMIT),
            self.snippet
        )
    }
}

impl std::error::Error for DecodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// A request refused before any I/O: the refused parameter and why (the
/// [`InvalidParameter`](cartesia_types::InvalidParameter) a model's `validate()` gives, or one
/// the client finds itself).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid request: {0}")]
pub struct InvalidRequest(cartesia_types::InvalidParameter);

impl InvalidRequest {
    /// `field` (a parameter name) is invalid for `reason`.
    pub fn new(field: &'static str, reason: impl Into<String>) -> Self {
        Self(cartesia_types::InvalidParameter::new(field, reason))
    }

    /// The parameter that was refused.
    pub fn field(&self) -> &'static str {
        self.0.field()
    }

    /// Why.
    pub fn reason(&self) -> &str {
        self.0.reason()
    }
}

/// What was wrong with the client configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ConfigErrorKind {
    /// No API key was given (nor found in `CARTESIA_API_KEY` by `from_env`).
    MissingApiKey,
    /// The API key cannot be sent in a header (empty, control characters, CR or LF).
    InvalidApiKey,
    /// The base URL is not an absolute `http(s)://host[:port][/prefix]` URL.
    InvalidBaseUrl,
    /// The API version is not a `YYYY-MM-DD` date.
    InvalidVersion,
    /// A setting is out of range.
    InvalidSetting,
    /// The base URL is plain `http://` to a host that is not loopback (see
    /// `ClientBuilder::allow_insecure_http`).
    InsecureBaseUrl,
}

/// The client could not be built. Its message never contains the API key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid client configuration: {message}")]
pub struct ConfigError {
    kind: ConfigErrorKind,
    message: String,
}

impl ConfigError {
    /// A configuration error.
    pub fn new(kind: ConfigErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
        }
    }

    /// What was wrong.
    pub fn kind(&self) -> ConfigErrorKind {
        self.kind
    }
}

/// Shows at most `.1` bytes of a body, lossily as UTF-8, marking a cut with `…`.
pub(crate) struct Snippet<'a>(pub &'a [u8], pub usize);

impl fmt::Display for Snippet<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (bytes, cut) = if self.0.len() > self.1 {
            (&self.0[..self.1], true)
        } else {
            (self.0, false)
        };
        let text = String::from_utf8_lossy(bytes);
        // Collapse whitespace runs so an HTML page stays on one line.
        let mut last_space = false;
        for c in text.trim().chars() {
            if c.is_whitespace() {
                if !last_space {
                    f.write_str(" ")?;
                }
                last_space = true;
            } else {
                last_space = false;
                fmt::Write::write_char(f, c)?;
            }
        }
        if cut {
            write!(f, "… ({} bytes in all)", self.0.len())?;
        }
        Ok(())
    }
}

impl fmt::Debug for Snippet<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{self}\"")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resp(status: u16, body: &str) -> http::Response<Bytes> {
        http::Response::builder()
            .status(status)
            .header("x-request-id", "hdr-id")
            .body(Bytes::from(body.to_owned()))
            .unwrap()
    }

    #[test]
    fn structured_body_is_parsed() {
        let e = ApiError::from_response(resp(
            404,
            r#"{"error_code":"agent_not_found","title":"Not Found","message":"No agent a1","request_id":"req-1"}"#,
        ));
        assert_eq!(e.kind(), ApiErrorKind::NotFound);
        assert_eq!(e.code(), Some("agent_not_found"));
        assert_eq!(e.message(), Some("No agent a1"));
        assert_eq!(e.request_id(), Some("req-1"));
        assert_eq!(
            e.to_string(),
            "API error 404 Not Found: Not Found: No agent a1 (code agent_not_found) [request id req-1]"
        );
    }

    #[test]
    fn html_body_is_kept_raw_and_shortened() {
        let html = format!("<html>\n  <body>{}</body></html>", "x".repeat(500));
        let e = ApiError::from_response(resp(502, &html));
        assert_eq!(e.kind(), ApiErrorKind::Server);
        assert!(e.body().is_none());
        assert_eq!(e.raw_body(), html.as_bytes());
        assert_eq!(e.request_id(), Some("hdr-id"));
        let shown = e.to_string();
        assert!(
            shown.starts_with("API error 502 Bad Gateway: <html> <body>xxx"),
            "{shown}"
        );
        assert!(shown.contains("bytes in all"), "{shown}");
        assert!(shown.len() < 320, "{shown}");
    }

    #[test]
    fn empty_body() {
        let e = ApiError::from_response(resp(500, ""));
        assert_eq!(
            e.to_string(),
            "API error 500 Internal Server Error (empty body) [request id hdr-id]"
        );
    }

    #[test]
    fn kinds_by_status() {
        let cases = [
            (400, ApiErrorKind::BadRequest),
            (401, ApiErrorKind::Unauthorized),
            (403, ApiErrorKind::PermissionDenied),
            (404, ApiErrorKind::NotFound),
            (409, ApiErrorKind::Conflict),
            (422, ApiErrorKind::UnprocessableEntity),
            (429, ApiErrorKind::RateLimited),
            (500, ApiErrorKind::Server),
            (503, ApiErrorKind::Server),
            (402, ApiErrorKind::Other),
            (302, ApiErrorKind::Other),
        ];
        for (s, k) in cases {
            assert_eq!(
                ApiErrorKind::from_status(StatusCode::from_u16(s).unwrap()),
                k
            );
        }
    }

    #[test]
    fn hostile_structured_fields_are_shortened() {
        let long = "m".repeat(10_000);
        let body = format!(
            r#"{{"error_code":"{long}","title":"{long}","message":"{long}","request_id":"{long}"}}"#
        );
        let e = ApiError::from_response(resp(400, &body));
        assert_eq!(e.message().map(str::len), Some(10_000));
        assert!(e.to_string().len() < 4 * 600, "{}", e.to_string().len());
    }

    #[test]
    fn error_is_small() {
        assert!(
            std::mem::size_of::<Error>() <= 48,
            "{}",
            std::mem::size_of::<Error>()
        );
    }
}
