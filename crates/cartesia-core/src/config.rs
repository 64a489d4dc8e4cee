//! Client configuration and the one builder both clients are made by.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use cartesia_types::ApiVersion;
use http::header::{HeaderMap, HeaderValue};

use crate::error::{ConfigError, ConfigErrorKind, Error};
use crate::limit::ConcurrencyLimit;
use crate::retry::RetryPolicy;
use crate::secret::ApiKey;
use crate::sleep::{AsyncSleep, BlockingSleep, StdSleep, ThreadSleep};
use crate::transport::{BlockingTransport, SendOptions, Transport};
use crate::ws::{AsyncWsConnector, BlockingWsConnector, WsConfig, WsSettings};
use crate::{AsyncClient, BlockingClient};

/// The production API.
pub const DEFAULT_BASE_URL: &str = "https://api.cartesia.ai";

/// Environment variable read by [`ClientBuilder::from_env`] for the API key.
pub const ENV_API_KEY: &str = "CARTESIA_API_KEY";

/// Environment variable read by [`ClientBuilder::from_env`] for the base URL.
pub const ENV_BASE_URL: &str = "CARTESIA_BASE_URL";

/// The `User-Agent` sent with every request: `cartesia-rs/<version of cartesia-core>`.
pub const USER_AGENT: &str = concat!("cartesia-rs/", env!("CARGO_PKG_VERSION"));

/// Settings that can be changed per request (and per client view, see
/// [`AsyncClient::with_options`]). Unset fields fall back to the client's settings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct RequestOptions {
    /// The `Cartesia-Version` for this request.
    pub version: Option<ApiVersion>,
    /// The limit of one attempt up to the response headers.
    pub timeout: Option<Duration>,
    /// The connect timeout.
    pub connect_timeout: Option<Duration>,
    /// The longest pause while the response body flows.
    pub read_timeout: Option<Duration>,
    /// The number of retries (0: none).
    pub max_retries: Option<u32>,
    /// The bound on the whole call: every attempt, the waits between them and reading the
    /// body (buffered or streamed).
    pub total_timeout: Option<Duration>,
}

impl RequestOptions {
    /// No overrides.
    pub fn new() -> Self {
        Self::default()
    }

    cartesia_types::setters! {
        /// Sends this `Cartesia-Version`.
        fn version(version: ApiVersion) = Some;
        /// Limits one attempt, up to the response headers, to `timeout`.
        fn timeout(timeout: Duration) = Some;
        /// Limits connecting to `timeout`.
        fn connect_timeout(timeout: Duration) = Some;
        /// Limits a pause in the response body to `timeout`.
        fn read_timeout(timeout: Duration) = Some;
        /// Retries at most `n` times (0: no retry).
        fn max_retries(n: u32) = Some;
        /// Bounds the whole call — every attempt, the waits between them, and reading the body,
        /// buffered or streamed — to `timeout`. Overrides the client's
        /// [`total_timeout`](ClientBuilder::total_timeout) (buffered calls) and
        /// [`stream_total_timeout`](ClientBuilder::stream_total_timeout) (streamed ones).
        fn total_timeout(timeout: Duration) = Some;
    }

    /// `self`, with the fields `other` sets taking precedence.
    pub fn merged_with(self, other: &RequestOptions) -> Self {
        Self {
            version: other.version.or(self.version),
            timeout: other.timeout.or(self.timeout),
            connect_timeout: other.connect_timeout.or(self.connect_timeout),
            read_timeout: other.read_timeout.or(self.read_timeout),
            max_retries: other.max_retries.or(self.max_retries),
            total_timeout: other.total_timeout.or(self.total_timeout),
        }
    }
}

/// Builds an [`AsyncClient`] or a [`BlockingClient`]; both share every setting.
///
/// ```
/// use cartesia_core::{ApiVersion, ClientBuilder};
/// # use cartesia_core::mock::MockTransport;
/// # let transport = MockTransport::new();
///
/// let client = ClientBuilder::new()
///     .api_key("sk_car_example")
///     .base_url("https://api.cartesia.ai")
///     .version(ApiVersion::V2026_03_01)
///     .build_blocking(transport)?;
/// # Ok::<(), cartesia_core::Error>(())
/// ```
#[derive(Clone)]
pub struct ClientBuilder {
    api_key: Option<ApiKey>,
    base_url: Option<String>,
    version: Result<ApiVersion, String>,
    send: SendOptions,
    retry: RetryPolicy,
    total_timeout: Option<Duration>,
    stream_total_timeout: Option<Duration>,
    max_redirects: u32,
    allow_insecure_http: bool,
    async_sleep: Option<Arc<dyn AsyncSleep>>,
    blocking_sleep: Option<Arc<dyn BlockingSleep>>,
    max_concurrent_requests: Option<usize>,
    ws: WsSettings,
}

/// The default bound on a whole buffered call (every attempt, the waits between them and
/// reading the body): 5 minutes. Streamed calls have none by default (their idle timeout
/// catches a stall); see [`ClientBuilder::stream_total_timeout`].
pub const DEFAULT_TOTAL_TIMEOUT: Duration = Duration::from_secs(300);

/// The default number of same-origin redirects followed in one call: 5.
pub const DEFAULT_MAX_REDIRECTS: u32 = 5;

impl Default for ClientBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .field(
                "base_url",
                &self.base_url.as_deref().map(redact_url_credentials),
            )
            .field("version", &self.version)
            .field("send", &self.send)
            .field("retry", &self.retry)
            .field("total_timeout", &self.total_timeout)
            .field("stream_total_timeout", &self.stream_total_timeout)
            .field("max_redirects", &self.max_redirects)
            .field("allow_insecure_http", &self.allow_insecure_http)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// A builder with no API key, the production base URL, API version 2026-03-01, 2
    /// retries, timeouts of 5 s to connect, 60 s to the response headers and 60 s of
    /// silence in a body, 5 minutes for a whole buffered call, error bodies kept up to 1 MiB,
    /// and up to 5 same-origin redirects. Reads no environment variable (see
    /// [`from_env`](Self::from_env)).
    pub fn new() -> Self {
        Self {
            max_concurrent_requests: None,
            api_key: None,
            base_url: None,
            version: Ok(ApiVersion::default()),
            send: SendOptions::default(),
            retry: RetryPolicy::default(),
            total_timeout: Some(DEFAULT_TOTAL_TIMEOUT),
            stream_total_timeout: None,
            max_redirects: DEFAULT_MAX_REDIRECTS,
            allow_insecure_http: false,
            async_sleep: None,
            blocking_sleep: None,
            ws: WsSettings::default(),
        }
    }

    /// A builder that takes the API key from `CARTESIA_API_KEY` and the base URL from
    /// `CARTESIA_BASE_URL` when they are set and non-empty. Later calls override them.
    pub fn from_env() -> Self {
        let mut b = Self::new();
        if let Some(key) = std::env::var_os(ENV_API_KEY) {
            // A key that is not UTF-8 cannot be a valid header value: keep it so that
            // `build` reports it as invalid rather than as missing.
            let key = key.to_string_lossy().into_owned();
            if !key.is_empty() {
                b.api_key = Some(ApiKey::new(key));
            }
        }
        if let Ok(url) = std::env::var(ENV_BASE_URL) {
            if !url.trim().is_empty() {
                b.base_url = Some(url.trim().to_owned());
            }
        }
        b
    }

    cartesia_types::setters! {
        /// The API key (or access token) sent as `Authorization: Bearer <key>`.
        fn api_key(key: impl Into<ApiKey>) = Some;
        /// Authenticates with an access token (from `POST /access-token`) instead of an API key:
        /// it is sent the same way (`Authorization: Bearer <token>`) and kept as secret (never in
        /// `Debug`, `Display`, errors or logs). Replaces any API key set before.
        fn access_token(token: &cartesia_types::access_tokens::AccessToken) {
            self.api_key = Some(ApiKey::new(token.expose_secret()))
        }
        /// At most `n` requests of this client (and all its clones) in flight at once; more
        /// wait their turn (the async client without blocking a thread, the blocking one without
        /// a runtime). A streamed body holds its slot until it is read to its end or dropped.
        /// Cartesia counts concurrent generations per account; a `429` with
        /// `error_code: concurrency_limited` is retried with backoff like any 429. `0` is refused
        /// by `build`. No limit by default.
        fn max_concurrent_requests(n: usize) = Some;
        /// The base URL, `https://api.cartesia.ai` by default. A path prefix is kept
        /// (`https://proxy.example/cartesia`); a trailing slash is ignored.
        fn base_url(url: impl Into<String>) = Some;
        /// The `Cartesia-Version` sent by default (per request: [`RequestOptions::version`]).
        fn version(version: ApiVersion) { self.version = Ok(version) }
        /// Like [`version`](Self::version) from a string; a malformed one fails at `build`.
        fn version_str(version: &str) {
            self.version = ApiVersion::new(version).map_err(|e| e.to_string())
        }
        /// The limit of one attempt up to the response headers (default 60 s). It never cuts a
        /// body that is still flowing; see [`read_timeout`](Self::read_timeout).
        fn timeout(timeout: Duration) { self.send.timeout = Some(timeout) }
        /// The connect timeout (default 5 s).
        fn connect_timeout(timeout: Duration) { self.send.connect_timeout = Some(timeout) }
        /// The longest pause allowed while a response body flows (default 60 s).
        fn read_timeout(timeout: Duration) { self.send.read_timeout = Some(timeout) }
        /// The largest response body accepted (default 256 MiB).
        fn max_response_bytes(max: u64) { self.send.max_response_bytes = max }
        /// The bound on a whole buffered call — every attempt, the waits between them and reading
        /// the body (default 5 minutes, [`DEFAULT_TOTAL_TIMEOUT`]). `Duration::MAX` removes it.
        /// Past it the call fails with a [`Timeout`](crate::TransportErrorKind::Timeout) transport
        /// error, on every transport. Per request: [`RequestOptions::total_timeout`].
        fn total_timeout(timeout: Duration) = Some;
        /// The bound on a whole streamed call (downloads handed over as a stream or reader),
        /// reading the body included (default none: a download that keeps flowing is never cut,
        /// one that stalls for [`read_timeout`](Self::read_timeout) fails).
        fn stream_total_timeout(timeout: Duration) = Some;
        /// The most of an error (non-2xx) body kept for the [`ApiError`](crate::ApiError)
        /// (default 1 MiB); the rest is not read, and the error says the body was cut.
        fn max_error_body_bytes(max: u64) { self.send.max_error_body_bytes = max }
        /// The most same-origin redirects one call follows (default 5; 0: none). Redirects to
        /// another origin are never followed (see `docs/RELIABILITY.md`).
        fn max_redirects(n: u32) { self.max_redirects = n }
        /// The number of retries (default 2; 0 turns retrying off).
        fn max_retries(n: u32) { self.retry.max_retries = n }
        /// The whole retry policy (see [`crate::retry`]).
        fn retry_policy(policy: RetryPolicy) { self.retry = policy }
        /// Allows a plain `http://` base URL to a host that is not loopback. Off by default:
        /// Cartesia may rotate a key that was sent over plain HTTP.
        fn allow_insecure_http(allow: bool) { self.allow_insecure_http = allow }
        /// How the async client waits between retries (default: [`ThreadSleep`], which works
        /// under any executor; `cartesia-reqwest` sets tokio's timer).
        fn async_sleep(sleep: impl AsyncSleep + 'static) {
            self.async_sleep = Some(Arc::new(sleep))
        }
        /// How the blocking client waits between retries (default: [`StdSleep`]).
        fn blocking_sleep(sleep: impl BlockingSleep + 'static) {
            self.blocking_sleep = Some(Arc::new(sleep))
        }
    }

    /// The settings of every WebSocket of the client (queue bounds, keepalive, reconnect,
    /// timeouts); see [`WsConfig`].
    pub fn websocket_config(mut self, config: WsConfig) -> Self {
        self.ws.config = config;
        self
    }

    /// How the async client opens WebSockets (`build_reqwest()` sets tokio-tungstenite's).
    pub fn async_ws_connector(mut self, connector: impl AsyncWsConnector + 'static) -> Self {
        self.ws.async_connector = Some(Arc::new(connector));
        self
    }

    /// How the blocking client opens WebSockets (`build_ureq()` sets tungstenite's).
    pub fn blocking_ws_connector(mut self, connector: impl BlockingWsConnector + 'static) -> Self {
        self.ws.blocking_connector = Some(Arc::new(connector));
        self
    }

    /// Whether connectors were set: `(async, blocking)` (adapters set theirs only if not).
    pub fn has_ws_connectors(&self) -> (bool, bool) {
        (
            self.ws.async_connector.is_some(),
            self.ws.blocking_connector.is_some(),
        )
    }

    /// Whether an async sleep was set (adapters set their runtime's timer only if not).
    pub fn has_async_sleep(&self) -> bool {
        self.async_sleep.is_some()
    }

    /// Builds an async client over `transport`.
    pub fn build_async(self, transport: impl Transport + 'static) -> Result<AsyncClient, Error> {
        Ok(AsyncClient::from_parts(
            Arc::new(self.config()?),
            Arc::new(transport),
        ))
    }

    /// Builds a blocking client over `transport`.
    pub fn build_blocking(
        self,
        transport: impl BlockingTransport + 'static,
    ) -> Result<BlockingClient, Error> {
        Ok(BlockingClient::from_parts(
            Arc::new(self.config()?),
            Arc::new(transport),
        ))
    }

    /// Checks every setting and produces the shared configuration.
    pub fn config(self) -> Result<ClientConfig, ConfigError> {
        let key = self.api_key.ok_or_else(|| {
            ConfigError::new(
                ConfigErrorKind::MissingApiKey,
                format!("no API key: pass one to `api_key` or set {ENV_API_KEY}"),
            )
        })?;
        let auth = auth_header(&key)?;
        let base_url = normalize_base_url(
            self.base_url.as_deref().unwrap_or(DEFAULT_BASE_URL),
            self.allow_insecure_http,
        )?;
        let version = self
            .version
            .map_err(|m| ConfigError::new(ConfigErrorKind::InvalidVersion, m))?;
        if self.send.max_response_bytes == 0 {
            return Err(ConfigError::new(
                ConfigErrorKind::InvalidSetting,
                "max_response_bytes must be at least 1",
            ));
        }
        if self.total_timeout == Some(Duration::ZERO)
            || self.stream_total_timeout == Some(Duration::ZERO)
        {
            return Err(ConfigError::new(
                ConfigErrorKind::InvalidSetting,
                "a total timeout must be more than zero",
            ));
        }
        let limit = match self.max_concurrent_requests {
            None => None,
            Some(n) => Some(ConcurrencyLimit::try_new(n).ok_or_else(|| {
                ConfigError::new(
                    ConfigErrorKind::InvalidSetting,
                    "max_concurrent_requests must be at least 1",
                )
            })?),
        };
        let version_header = HeaderValue::from_str(version.as_str())
            .map_err(|_| ConfigError::new(ConfigErrorKind::InvalidVersion, "bad version"))?;
        let user_agent = HeaderValue::from_static(USER_AGENT);
        let origin = Origin::of(&base_url);
        let host = origin.as_ref().and_then(Origin::host_header);
        Ok(ClientConfig {
            limit,
            headers: request_headers(host, &auth, &version_header, &user_agent),
            origin,
            base_url,
            auth,
            version,
            version_header,
            user_agent,
            send: self.send,
            retry: self.retry,
            total_timeout: self.total_timeout,
            stream_total_timeout: self.stream_total_timeout,
            max_redirects: self.max_redirects,
            async_sleep: self.async_sleep.unwrap_or_else(|| Arc::new(ThreadSleep)),
            blocking_sleep: self.blocking_sleep.unwrap_or_else(|| Arc::new(StdSleep)),
            ws: self.ws,
        })
    }
}

/// The headers every request starts from, in the order they are sent: `Host` (the base URL's,
/// see [`Origin::host_header`]), `Authorization`, `Cartesia-Version` (the client's),
/// `User-Agent` and `Accept: application/json`. A request clones them (cheaper than inserting
/// five headers one by one) and replaces what differs.
fn request_headers(
    host: Option<HeaderValue>,
    auth: &HeaderValue,
    version: &HeaderValue,
    agent: &HeaderValue,
) -> HeaderMap {
    let mut headers = HeaderMap::with_capacity(5);
    if let Some(host) = host {
        headers.insert(http::header::HOST, host);
    }
    headers.insert(http::header::AUTHORIZATION, auth.clone());
    headers.insert(crate::pipeline::CARTESIA_VERSION.clone(), version.clone());
    headers.insert(http::header::USER_AGENT, agent.clone());
    headers.insert(
        http::header::ACCEPT,
        HeaderValue::from_static(crate::pipeline::DEFAULT_ACCEPT),
    );
    headers
}

fn auth_header(key: &ApiKey) -> Result<HeaderValue, ConfigError> {
    let k = key.expose_secret();
    let reason = if k.is_empty() {
        Some("the API key is empty")
    } else if k.contains(['\r', '\n']) {
        Some("the API key contains a line break (CR or LF)")
    } else if k.chars().any(|c| c.is_control()) {
        Some("the API key contains a control character")
    } else if !k.bytes().all(|b| b.is_ascii_graphic()) {
        Some("the API key must be printable ASCII with no spaces")
    } else {
        None
    };
    if let Some(reason) = reason {
        return Err(ConfigError::new(ConfigErrorKind::InvalidApiKey, reason));
    }
    let mut v = HeaderValue::try_from(format!("Bearer {k}")).map_err(|_| {
        ConfigError::new(
            ConfigErrorKind::InvalidApiKey,
            "the API key has characters that cannot be sent in a header",
        )
    })?;
    v.set_sensitive(true);
    Ok(v)
}

/// Checks a base URL and returns it without a trailing slash.
///
/// Refused, before any I/O, with a message that shows the URL with any credentials redacted
/// ([`redact_url_credentials`]): no absolute `http`/`https` URL, no host, credentials
/// (`user:secret@`), a port that is not a number from 1 to 65535, a query or fragment, and
/// plain http to a host that is not loopback (unless allowed).
fn normalize_base_url(raw: &str, allow_insecure_http: bool) -> Result<String, ConfigError> {
    let shown = || {
        let redacted = redact_url_credentials(raw);
        let mut shown: String = redacted.chars().take(100).collect();
        if redacted.chars().nth(100).is_some() {
            shown.push('…');
        }
        shown
    };
    let bad = |why: &str| {
        ConfigError::new(
            ConfigErrorKind::InvalidBaseUrl,
            format!("base URL {:?}: {why}", shown()),
        )
    };
    // Before parsing: a URL that does not parse may still hold credentials.
    if has_credentials(raw) {
        return Err(bad("credentials in the URL are not allowed"));
    }
    let uri: http::Uri = raw.parse().map_err(|_| bad("not a valid absolute URL"))?;
    match uri.scheme_str() {
        Some("http" | "https") => {}
        Some(_) => return Err(bad("the scheme must be http or https")),
        None => {
            return Err(bad(
                "expected an absolute URL such as https://api.cartesia.ai",
            ))
        }
    }
    let authority = uri.authority().ok_or_else(|| bad("it has no host"))?;
    if authority.host().is_empty() {
        return Err(bad("it has no host"));
    }
    if authority.as_str().contains('@') {
        return Err(bad("credentials in the URL are not allowed"));
    }
    if let Some(port) = port_text(authority.as_str()) {
        let in_range = !port.is_empty()
            && port.len() <= 5
            && port.bytes().all(|b| b.is_ascii_digit())
            && port.parse::<u32>().is_ok_and(|p| (1..=65_535).contains(&p));
        if !in_range {
            return Err(bad("the port must be a number from 1 to 65535"));
        }
    }
    if uri.query().is_some() || raw.contains('#') {
        return Err(bad("a query or fragment is not allowed"));
    }
    if uri.scheme_str() == Some("http") && !allow_insecure_http && !is_loopback(authority.host()) {
        return Err(ConfigError::new(
            ConfigErrorKind::InsecureBaseUrl,
            format!(
                "base URL {:?} is plain http to a host that is not loopback: the API key would \
                 travel unencrypted (use https, or allow_insecure_http(true) if you must)",
                shown()
            ),
        ));
    }
    Ok(raw.trim_end_matches('/').to_owned())
}

/// The text after the port colon of `authority` (`host:port`, `[v6]:port`), if it has one;
/// `Some("")` for a colon with nothing after it.
fn port_text(authority: &str) -> Option<&str> {
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let after_host = match host_port.strip_prefix('[') {
        Some(v6) => v6.split_once(']').map_or("", |(_, rest)| rest),
        None => host_port.find(':').map_or("", |i| &host_port[i..]),
    };
    after_host.strip_prefix(':')
}

/// Whether `raw` has a user-info part (`user@`, `user:secret@`) before its host, as far as
/// any URL parser could read it: an `@` between the scheme's `://` and the end of the
/// authority, or anywhere before a path when there is no `://`.
fn has_credentials(raw: &str) -> bool {
    let rest = raw.find("://").map_or(raw, |i| &raw[i + 3..]);
    let authority_end = rest.find(['/', '?', '#', '\\']).unwrap_or(rest.len());
    rest[..authority_end].contains('@')
}

/// `url` with everything between the scheme's `://` and its last `@` replaced by
/// `<redacted>` (`https://user:secret@host` becomes `https://<redacted>@host`), so that no
/// message or `Debug` output shows credentials; `url` unchanged when it has no `@`.
///
/// Deliberately broad: it redacts up to the **last** `@` anywhere in the text, whether or not
/// the URL parses, so a password containing `/` or `@` never shows either.
///
/// ```
/// use cartesia_core::redact_url_credentials;
///
/// assert_eq!(redact_url_credentials("https://user:secret@host/x"), "https://<redacted>@host/x");
/// assert_eq!(redact_url_credentials("https://api.cartesia.ai"), "https://api.cartesia.ai");
/// ```
pub fn redact_url_credentials(url: &str) -> Cow<'_, str> {
    let Some(at) = url.rfind('@') else {
        return Cow::Borrowed(url);
    };
    let start = url
        .find("://")
        .map(|i| i + 3)
        .filter(|&start| start <= at)
        .unwrap_or(0);
    Cow::Owned(format!("{}<redacted>{}", &url[..start], &url[at..]))
}

/// `localhost`, `*.localhost`, 127.0.0.0/8 and ::1.
fn is_loopback(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    if host.eq_ignore_ascii_case("localhost") || host.to_ascii_lowercase().ends_with(".localhost") {
        return true;
    }
    host.parse::<std::net::IpAddr>()
        .is_ok_and(|ip| ip.is_loopback())
}

/// The scheme and authority of the base URL, parsed once: every request URI shares them, so
/// building one only parses its path and query.
#[derive(Debug, Clone)]
pub(crate) struct Origin {
    /// `http` or `https`.
    pub(crate) scheme: http::uri::Scheme,
    /// Host and port.
    pub(crate) authority: http::uri::Authority,
    /// Where the base URL's path prefix (if any) starts in `base_url`.
    pub(crate) path_start: usize,
}

impl Origin {
    /// `None` when `base_url` is not exactly `scheme://authority` then an optional path
    /// (requests are then built by parsing the whole URL).
    fn of(base_url: &str) -> Option<Self> {
        let uri: http::Uri = base_url.parse().ok()?;
        let scheme = uri.scheme()?.clone();
        let authority = uri.authority()?.clone();
        let after_scheme = base_url.find("://")? + 3;
        let path_start = after_scheme + authority.as_str().len();
        let exact = base_url.get(after_scheme..path_start) == Some(authority.as_str())
            && (path_start == base_url.len() || base_url[path_start..].starts_with('/'));
        exact.then_some(Self {
            scheme,
            authority,
            path_start,
        })
    }

    /// The `Host` of every request to this origin, as HTTP clients write it (RFC 9110 §7.2):
    /// the host, and the port only when it is not the scheme's default.
    /// Written once per client: with it in the request, neither hyper nor ureq formats one
    /// on every call. (Redirects are followed within the origin only, so it never changes.)
    fn host_header(&self) -> Option<HeaderValue> {
        let default = if self.scheme == http::uri::Scheme::HTTPS {
            443
        } else {
            80
        };
        let host = self.authority.host();
        let value = match self.authority.port_u16() {
            Some(port) if port != default => HeaderValue::try_from(format!("{host}:{port}")),
            _ => HeaderValue::try_from(host),
        };
        value.ok()
    }
}

/// The checked, shared settings of a client (immutable once built).
#[derive(Clone)]
pub struct ClientConfig {
    base_url: String,
    origin: Option<Origin>,
    /// What every request's headers start from (see `request_headers`).
    headers: HeaderMap,
    auth: HeaderValue,
    version: ApiVersion,
    version_header: HeaderValue,
    user_agent: HeaderValue,
    send: SendOptions,
    retry: RetryPolicy,
    total_timeout: Option<Duration>,
    stream_total_timeout: Option<Duration>,
    max_redirects: u32,
    async_sleep: Arc<dyn AsyncSleep>,
    blocking_sleep: Arc<dyn BlockingSleep>,
    limit: Option<ConcurrencyLimit>,
    ws: WsSettings,
}

impl ClientConfig {
    /// The settings of the client's WebSockets.
    pub fn websocket_config(&self) -> &WsConfig {
        &self.ws.config
    }

    pub(crate) fn ws_settings(&self) -> &WsSettings {
        &self.ws
    }

    /// The concurrency limit (`max_concurrent_requests`), shared by the client's clones.
    pub fn concurrency_limit(&self) -> Option<&ConcurrencyLimit> {
        self.limit.as_ref()
    }

    /// The base URL, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The default API version.
    pub fn version(&self) -> ApiVersion {
        self.version
    }

    /// The default per-attempt transport options.
    pub fn send_options(&self) -> SendOptions {
        self.send
    }

    /// The default retry policy.
    pub fn retry_policy(&self) -> RetryPolicy {
        self.retry
    }

    /// The bound on a whole buffered call (`None`: none).
    pub fn total_timeout(&self) -> Option<Duration> {
        self.total_timeout
    }

    /// The bound on a whole streamed call (`None`: none).
    pub fn stream_total_timeout(&self) -> Option<Duration> {
        self.stream_total_timeout
    }

    /// The most same-origin redirects one call follows.
    pub fn max_redirects(&self) -> u32 {
        self.max_redirects
    }

    pub(crate) fn async_sleep(&self) -> &dyn AsyncSleep {
        &*self.async_sleep
    }

    pub(crate) fn blocking_sleep(&self) -> &dyn BlockingSleep {
        &*self.blocking_sleep
    }

    pub(crate) fn origin(&self) -> Option<&Origin> {
        self.origin.as_ref()
    }

    /// The headers every request starts from: `Authorization`, the client's
    /// `Cartesia-Version`, `User-Agent`, `Accept: application/json`.
    pub(crate) fn request_headers(&self) -> &HeaderMap {
        &self.headers
    }

    pub(crate) fn auth_header(&self) -> &HeaderValue {
        &self.auth
    }

    pub(crate) fn version_header(&self, version: Option<ApiVersion>) -> HeaderValue {
        match version {
            Some(v) if v != self.version => {
                HeaderValue::from_str(v.as_str()).unwrap_or_else(|_| self.version_header.clone())
            }
            _ => self.version_header.clone(),
        }
    }

    pub(crate) fn user_agent(&self) -> &HeaderValue {
        &self.user_agent
    }
}

impl fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientConfig")
            .field("base_url", &self.base_url)
            .field("api_key", &"<redacted>")
            .field("version", &self.version)
            .field("send", &self.send)
            .field("retry", &self.retry)
            .field("total_timeout", &self.total_timeout)
            .field("stream_total_timeout", &self.stream_total_timeout)
            .field("max_redirects", &self.max_redirects)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls() {
        for (raw, want) in [
            ("https://api.cartesia.ai", "https://api.cartesia.ai"),
            ("https://api.cartesia.ai/", "https://api.cartesia.ai"),
            (
                "http://127.0.0.1:8080/prefix/",
                "http://127.0.0.1:8080/prefix",
            ),
        ] {
            assert_eq!(normalize_base_url(raw, false).unwrap(), want);
        }
        for bad in [
            "",
            "api.cartesia.ai",
            "ftp://x",
            "https://",
            "https://u:p@host",
            "https://h/?q=1",
            "https://h/#f",
            "/relative",
        ] {
            let e = normalize_base_url(bad, true).unwrap_err();
            assert_eq!(e.kind(), ConfigErrorKind::InvalidBaseUrl, "{bad}");
        }
    }

    /// Checks that every `ok` base URL is accepted (plain HTTP not allowed) and every `bad`
    /// one refused (with plain HTTP allowed as `allow_insecure` says); the refusals, in order.
    fn accepts_and_refuses(ok: &[&str], bad: &[&str], allow_insecure: bool) -> Vec<ConfigError> {
        for ok in ok {
            assert!(normalize_base_url(ok, false).is_ok(), "{ok}");
        }
        bad.iter()
            .map(|bad| match normalize_base_url(bad, allow_insecure) {
                Ok(url) => panic!("{bad} was accepted as {url}"),
                Err(e) => e,
            })
            .collect()
    }

    #[test]
    fn ports_must_be_in_range() {
        let ok = [
            "http://127.0.0.1:1",
            "http://127.0.0.1:65535",
            "http://127.0.0.1:08080",
            "http://[::1]:9000/x",
            "https://api.cartesia.ai:443",
            "https://api.cartesia.ai",
        ];
        let bad = [
            "http://127.0.0.1:99999",
            "http://127.0.0.1:65536",
            "http://127.0.0.1:0",
            "http://127.0.0.1:",
            "http://127.0.0.1:/x",
            "http://127.0.0.1:+80",
            "http://127.0.0.1:123456789012345678901234",
            "http://[::1]:70000",
            "http://[::1]:",
            "https://api.cartesia.ai:99999/prefix",
        ];
        for (bad, e) in bad.iter().zip(accepts_and_refuses(&ok, &bad, true)) {
            assert_eq!(e.kind(), ConfigErrorKind::InvalidBaseUrl, "{bad}");
            assert!(e.to_string().contains("1 to 65535"), "{bad}: {e}");
        }
        // Through the builder, before any transport exists.
        let e = ClientBuilder::new()
            .api_key("k")
            .base_url("http://127.0.0.1:99999")
            .config()
            .unwrap_err();
        assert_eq!(e.kind(), ConfigErrorKind::InvalidBaseUrl);
        assert!(e.to_string().contains("127.0.0.1:99999"), "{e}");
    }

    #[test]
    fn credentials_are_refused_and_never_shown() {
        for (raw, secret) in [
            (
                "https://user:hunter2secret@api.cartesia.ai",
                "hunter2secret",
            ),
            (
                "https://hunter2secret@api.cartesia.ai/prefix",
                "hunter2secret",
            ),
            ("http://user:hunter2secret@127.0.0.1:8080", "hunter2secret"),
            ("http://user:hunter2secret@127.0.0.1:99999", "hunter2secret"),
            ("http://user:hunter2secret@evil.example", "hunter2secret"),
            ("https://user:hun@ter2secret@host", "ter2secret"),
            ("https://user:hunter2/secret@host", "secret"),
            ("user:hunter2secret@host", "hunter2secret"),
            ("https://user:hunter2secret@host/?q=1#f", "hunter2secret"),
        ] {
            let e = normalize_base_url(raw, false).unwrap_err();
            assert_eq!(e.kind(), ConfigErrorKind::InvalidBaseUrl, "{raw}: {e}");
            for shown in [e.to_string(), format!("{e:?}")] {
                assert!(!shown.contains(secret), "{raw}: {shown}");
                assert!(shown.contains("<redacted>"), "{raw}: {shown}");
            }
            let builder = ClientBuilder::new().api_key("k").base_url(raw);
            let debug = format!("{builder:?}");
            assert!(!debug.contains(secret), "{debug}");
            assert!(debug.contains("<redacted>"), "{debug}");
            let e = Error::from(builder.config().unwrap_err());
            assert!(!e.to_string().contains(secret), "{e}");
            assert!(!format!("{e:?}").contains(secret), "{e:?}");
        }
        assert!(normalize_base_url("https://u:p@host", true)
            .unwrap_err()
            .to_string()
            .contains("credentials"));
    }

    #[test]
    fn redaction_keeps_the_rest_of_the_url() {
        for (raw, want) in [
            ("https://api.cartesia.ai/x", "https://api.cartesia.ai/x"),
            ("https://u:p@host:1/x", "https://<redacted>@host:1/x"),
            ("https://u@host", "https://<redacted>@host"),
            ("https://a@b@host/p", "https://<redacted>@host/p"),
            ("u:p@host", "<redacted>@host"),
            ("@host", "<redacted>@host"),
            ("", ""),
        ] {
            assert_eq!(redact_url_credentials(raw), want, "{raw}");
        }
        let b = ClientBuilder::new().base_url("https://api.cartesia.ai/v");
        assert!(format!("{b:?}").contains("\"https://api.cartesia.ai/v\""));
    }

    #[test]
    fn host_headers_are_what_http_clients_write() {
        for (base, host) in [
            ("https://api.cartesia.ai", "api.cartesia.ai"),
            ("https://api.cartesia.ai:443/prefix", "api.cartesia.ai"),
            ("https://api.cartesia.ai:8443", "api.cartesia.ai:8443"),
            ("http://127.0.0.1:8080/", "127.0.0.1:8080"),
            ("http://localhost:80", "localhost"),
            ("http://[::1]:9000", "[::1]:9000"),
            ("HTTPS://API.Cartesia.AI", "API.Cartesia.AI"),
        ] {
            let config = ClientBuilder::new()
                .api_key("k")
                .base_url(base)
                .config()
                .unwrap();
            let headers = config.request_headers();
            assert_eq!(headers.get(http::header::HOST).unwrap(), host, "{base}");
            assert_eq!(
                headers.keys().next(),
                Some(&http::header::HOST),
                "{base}: first"
            );
        }
    }

    #[test]
    fn origins_split_the_base_url() {
        let o = Origin::of("https://api.cartesia.ai").unwrap();
        assert_eq!(o.scheme.as_str(), "https");
        assert_eq!(o.authority.as_str(), "api.cartesia.ai");
        assert_eq!(o.path_start, "https://api.cartesia.ai".len());
        let o = Origin::of("http://127.0.0.1:8080/prefix").unwrap();
        assert_eq!(o.authority.as_str(), "127.0.0.1:8080");
        assert_eq!(&"http://127.0.0.1:8080/prefix"[o.path_start..], "/prefix");
        assert!(Origin::of("/relative").is_none());
    }

    #[test]
    fn plain_http_only_to_loopback_unless_allowed() {
        let ok = [
            "http://127.0.0.1:8080",
            "http://127.5.6.7",
            "http://localhost:1",
            "http://api.localhost",
            "http://[::1]:9000",
            "https://example.com",
        ];
        let bad = [
            "http://api.cartesia.ai",
            "http://10.0.0.1",
            "http://[::2]",
            "http://localhost.evil.com",
        ];
        for (bad, e) in bad.iter().zip(accepts_and_refuses(&ok, &bad, false)) {
            assert_eq!(e.kind(), ConfigErrorKind::InsecureBaseUrl, "{bad}");
            assert!(normalize_base_url(bad, true).is_ok(), "{bad}");
        }
    }

    #[test]
    fn keys_are_checked_and_never_shown() {
        for key in [
            "",
            "sk_car_a\r\nX-Evil: 1",
            "sk_car_a\nb",
            "sk_car_\u{1}",
            " sk_car_a",
            "sk_car_é",
        ] {
            let e = ClientBuilder::new().api_key(key).config().unwrap_err();
            assert_eq!(e.kind(), ConfigErrorKind::InvalidApiKey, "{key:?}");
            if !key.trim().is_empty() {
                assert!(!e.to_string().contains(key.trim()), "{e}");
                assert!(!format!("{e:?}").contains(key.trim()), "{e:?}");
            }
        }
        let e = ClientBuilder::new().config().unwrap_err();
        assert_eq!(e.kind(), ConfigErrorKind::MissingApiKey);
        let b = ClientBuilder::new().api_key("sk_car_topsecret");
        assert!(!format!("{b:?}").contains("topsecret"));
        let c = b.config().unwrap();
        assert!(!format!("{c:?}").contains("topsecret"));
        assert!(c.auth_header().is_sensitive());
    }

    #[test]
    fn version_str_is_checked_at_build() {
        let e = ClientBuilder::new()
            .api_key("k")
            .version_str("latest")
            .config()
            .unwrap_err();
        assert_eq!(e.kind(), ConfigErrorKind::InvalidVersion);
    }

    #[test]
    fn options_merge() {
        let v = ApiVersion::new("2025-11-04").unwrap();
        let base = RequestOptions::new().timeout(Duration::from_secs(1));
        let m = base.merged_with(&RequestOptions::new().version(v));
        assert_eq!(m.version, Some(v));
        assert_eq!(m.timeout, Some(Duration::from_secs(1)));
    }
}
