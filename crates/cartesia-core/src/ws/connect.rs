//! The upgrade request of a socket, and what a refused upgrade becomes.

use bytes::Bytes;
use cartesia_types::ws::SttWsQuery;
use cartesia_types::InvalidParameter;
use http::header::{self, HeaderValue};

use crate::endpoint::UrlWriter;
use crate::{ApiError, ClientConfig, Error, InvalidRequest};

/// Which socket to open.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum WsEndpoint<'a> {
    /// `/tts/websocket`: streaming TTS with contexts (no query parameters).
    Tts,
    /// `/stt/websocket`: realtime STT, finalized by the client.
    Stt(&'a SttWsQuery),
    /// `/stt/turns/websocket`: realtime STT with turn detection (`ink-2`).
    SttTurns(&'a SttWsQuery),
}

impl WsEndpoint<'_> {
    /// The path under the base URL.
    pub fn path(&self) -> &'static str {
        match self {
            WsEndpoint::Tts => "/tts/websocket",
            WsEndpoint::Stt(_) => "/stt/websocket",
            WsEndpoint::SttTurns(_) => "/stt/turns/websocket",
        }
    }

    /// Checks the query parameters before any I/O.
    pub fn validate(&self) -> Result<(), InvalidRequest> {
        match self {
            WsEndpoint::Tts => Ok(()),
            WsEndpoint::Stt(q) => q.validate().map_err(invalid),
            WsEndpoint::SttTurns(q) => q.validate_for_turns().map_err(invalid),
        }
    }
}

fn invalid(p: InvalidParameter) -> InvalidRequest {
    InvalidRequest::new(p.field(), p.reason())
}

/// The socket URL for `endpoint` under `base_url` (a checked base URL, as
/// [`ClientConfig::base_url`] holds): `https` becomes `wss` and `http` becomes `ws` (plain
/// `http` is only accepted by the builder for loopback hosts, unless explicitly allowed),
/// then the base URL's path prefix, the socket's path and its query parameters,
/// percent-encoded (`keyterm` repeated). The API key or token is never part of it.
///
/// ```
/// use cartesia_core::ws::{websocket_url, WsEndpoint};
/// use cartesia_core::types::{stt::SttEncoding, ws::SttWsQuery};
///
/// assert_eq!(
///     websocket_url("https://api.cartesia.ai", &WsEndpoint::Tts).unwrap(),
///     "wss://api.cartesia.ai/tts/websocket"
/// );
/// let q = SttWsQuery::new("ink-2", SttEncoding::PcmS16le, 16_000).keyterm("Big Apple");
/// assert_eq!(
///     websocket_url("http://127.0.0.1:8080", &WsEndpoint::Stt(&q)).unwrap(),
///     "ws://127.0.0.1:8080/stt/websocket?model=ink-2&encoding=pcm_s16le&sample_rate=16000&keyterm=Big%20Apple"
/// );
/// ```
pub fn websocket_url(base_url: &str, endpoint: &WsEndpoint<'_>) -> Result<String, Error> {
    endpoint.validate()?;
    let (scheme, rest) = if let Some(rest) = base_url.strip_prefix("https://") {
        ("wss://", rest)
    } else if let Some(rest) = base_url.strip_prefix("http://") {
        ("ws://", rest)
    } else {
        return Err(InvalidRequest::new("base_url", "must start with https:// or http://").into());
    };
    let base = format!("{scheme}{}", rest.trim_end_matches('/'));
    let mut url = UrlWriter::new(&base, 64);
    url.push_literal(endpoint.path());
    if let WsEndpoint::Stt(q) | WsEndpoint::SttTurns(q) = endpoint {
        for (key, value) in q.query_pairs() {
            url.push_query(key, &value);
        }
    }
    Ok(url.into_string())
}

/// The upgrade request for `endpoint`: `GET` on [`websocket_url`] with the client's
/// `Authorization: Bearer <key or token>` (marked sensitive), `Cartesia-Version`,
/// `User-Agent`, and the five handshake headers (`Host`, `Connection: Upgrade`,
/// `Upgrade: websocket`, `Sec-WebSocket-Version: 13`, `Sec-WebSocket-Key: key`), so that
/// a driver hands it to its library unchanged. `key` is the random handshake nonce the
/// driver's library generates (`tungstenite::handshake::client::generate_key()`).
///
/// The credentials travel only in the header: never in the URL, where proxies and logs
/// would keep them.
pub fn connect_request(
    config: &ClientConfig,
    endpoint: &WsEndpoint<'_>,
    key: &str,
) -> Result<http::Request<()>, Error> {
    let url = websocket_url(config.base_url(), endpoint)?;
    let uri: http::Uri = url
        .parse()
        .map_err(|_| InvalidRequest::new("base_url", "does not make a valid socket URL"))?;
    let host = uri
        .authority()
        .map(|a| a.as_str().to_owned())
        .ok_or_else(|| InvalidRequest::new("base_url", "has no host"))?;
    let key = HeaderValue::from_str(key)
        .map_err(|_| InvalidRequest::new("Sec-WebSocket-Key", "is not a valid header value"))?;
    let host = HeaderValue::from_str(&host)
        .map_err(|_| InvalidRequest::new("base_url", "has a host that is not a header value"))?;
    let mut request = http::Request::new(());
    *request.uri_mut() = uri;
    let h = request.headers_mut();
    h.insert(header::HOST, host);
    h.insert(header::CONNECTION, HeaderValue::from_static("Upgrade"));
    h.insert(header::UPGRADE, HeaderValue::from_static("websocket"));
    h.insert(
        header::SEC_WEBSOCKET_VERSION,
        HeaderValue::from_static("13"),
    );
    h.insert(header::SEC_WEBSOCKET_KEY, key);
    h.insert(header::AUTHORIZATION, config.auth_header().clone());
    h.insert("cartesia-version", config.version_header(None));
    h.insert(header::USER_AGENT, config.user_agent().clone());
    Ok(request)
}

/// What a refused upgrade (any status but 101) becomes: the same [`Error::Api`] as a REST
/// call's error status (401, 429, 5xx, with the structured body and request id when there is
/// one), so callers handle both alike.
pub fn handshake_error(response: http::Response<Bytes>) -> Error {
    ApiError::from_response(response).into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ApiErrorKind, ClientBuilder};
    use cartesia_types::stt::SttEncoding;

    fn config(base: &str) -> ClientConfig {
        ClientBuilder::new()
            .api_key("sk_car_secret123")
            .base_url(base)
            .config()
            .unwrap()
    }

    #[test]
    fn urls_follow_the_base_url() {
        for (base, want) in [
            (
                "https://api.cartesia.ai",
                "wss://api.cartesia.ai/tts/websocket",
            ),
            (
                "https://api.cartesia.ai/",
                "wss://api.cartesia.ai/tts/websocket",
            ),
            (
                "https://eu.example:8443/v1",
                "wss://eu.example:8443/v1/tts/websocket",
            ),
            ("http://127.0.0.1:9", "ws://127.0.0.1:9/tts/websocket"),
            ("http://localhost:9", "ws://localhost:9/tts/websocket"),
            ("http://[::1]:9", "ws://[::1]:9/tts/websocket"),
            ("https://127.0.0.1:9", "wss://127.0.0.1:9/tts/websocket"),
        ] {
            assert_eq!(
                websocket_url(base, &WsEndpoint::Tts).unwrap(),
                want,
                "{base}"
            );
        }
        assert!(websocket_url("ftp://x", &WsEndpoint::Tts).is_err());
    }

    #[test]
    fn stt_query_is_typed_encoded_and_checked() {
        let q = SttWsQuery::new("ink-2", SttEncoding::PcmF32le, 48_000)
            .keyterm("a&b=c")
            .keyterm("ü");
        assert_eq!(
            websocket_url("https://h", &WsEndpoint::SttTurns(&q)).unwrap(),
            "wss://h/stt/turns/websocket?model=ink-2&encoding=pcm_f32le&sample_rate=48000\
             &keyterm=a%26b%3Dc&keyterm=%C3%BC"
        );
        let manual = SttWsQuery::new("ink-whisper", SttEncoding::PcmS16le, 16_000)
            .language("en")
            .max_silence_duration_secs(0.5);
        assert_eq!(
            websocket_url("https://h", &WsEndpoint::Stt(&manual)).unwrap(),
            "wss://h/stt/websocket?model=ink-whisper&encoding=pcm_s16le&sample_rate=16000\
             &language=en&max_silence_duration_secs=0.5"
        );
        let err = websocket_url("https://h", &WsEndpoint::SttTurns(&manual)).unwrap_err();
        let Error::InvalidRequest(e) = err else {
            panic!("{err:?}")
        };
        assert_eq!(e.field(), "language");
        let zero = SttWsQuery::new("ink-2", SttEncoding::PcmS16le, 0);
        assert!(matches!(
            websocket_url("https://h", &WsEndpoint::Stt(&zero)),
            Err(Error::InvalidRequest(e)) if e.field() == "sample_rate"
        ));
    }

    #[test]
    fn the_request_has_every_header_and_no_key_in_the_url() {
        let cfg = config("https://api.cartesia.ai");
        let q = SttWsQuery::new("ink-2", SttEncoding::PcmS16le, 16_000);
        for ep in [
            WsEndpoint::Tts,
            WsEndpoint::Stt(&q),
            WsEndpoint::SttTurns(&q),
        ] {
            let r = connect_request(&cfg, &ep, "dGhlIHNhbXBsZSBub25jZQ==").unwrap();
            assert_eq!(r.method(), http::Method::GET);
            assert!(r.uri().to_string().starts_with("wss://api.cartesia.ai/"));
            assert!(!r.uri().to_string().contains("secret"), "{}", r.uri());
            let h = r.headers();
            let get = |k: &str| h.get(k).unwrap().to_str().unwrap();
            assert_eq!(get("authorization"), "Bearer sk_car_secret123");
            assert!(h.get("authorization").unwrap().is_sensitive());
            assert_eq!(get("cartesia-version"), "2026-03-01");
            assert_eq!(get("user-agent"), crate::USER_AGENT);
            assert_eq!(get("host"), "api.cartesia.ai");
            assert_eq!(get("connection"), "Upgrade");
            assert_eq!(get("upgrade"), "websocket");
            assert_eq!(get("sec-websocket-version"), "13");
            assert_eq!(get("sec-websocket-key"), "dGhlIHNhbXBsZSBub25jZQ==");
            assert!(!format!("{r:?}").contains("sk_car_secret123"));
        }
        let local =
            connect_request(&config("http://127.0.0.1:4010"), &WsEndpoint::Tts, "k").unwrap();
        assert_eq!(local.uri(), "ws://127.0.0.1:4010/tts/websocket");
        assert_eq!(local.headers()["host"], "127.0.0.1:4010");
        assert!(connect_request(&cfg, &WsEndpoint::Tts, "bad\nkey").is_err());
    }

    #[test]
    fn refused_upgrades_are_api_errors() {
        for (status, kind) in [
            (401, ApiErrorKind::Unauthorized),
            (429, ApiErrorKind::RateLimited),
            (503, ApiErrorKind::Server),
        ] {
            let response = http::Response::builder()
                .status(status)
                .header("x-request-id", "hdr-id")
                .body(Bytes::from_static(
                    br#"{"error_code":null,"title":"T","message":"M","request_id":"r1"}"#,
                ))
                .unwrap();
            let e = handshake_error(response);
            let api = e.as_api().unwrap();
            assert_eq!((api.status().as_u16(), api.kind()), (status, kind));
            assert_eq!(
                (api.code(), api.message(), e.request_id()),
                (None, Some("M"), Some("r1"))
            );
        }
        let plain = http::Response::builder()
            .status(403)
            .header("x-request-id", "hdr-id")
            .body(Bytes::from_static(b"Forbidden"))
            .unwrap();
        let e = handshake_error(plain);
        assert_eq!(e.request_id(), Some("hdr-id"));
        assert_eq!(e.as_api().unwrap().raw_body(), b"Forbidden");
    }
}
