//! The pure steps of every call, shared by the async and the blocking client:
//! build the request, classify the response, decode it. No I/O happens here.

use std::time::Duration;

use http::header::{HeaderValue, ACCEPT, CONTENT_LENGTH, CONTENT_TYPE};
use http::{HeaderName, Method};

use crate::config::{ClientConfig, RequestOptions};
use crate::endpoint::{Endpoint, UrlWriter};
use crate::error::{ApiError, Error, InvalidRequest};
use crate::redirect::Follow;
use crate::retry::RetryPolicy;
use crate::transport::{HttpRequest, HttpResponse, SendOptions};
use cartesia_types::ApiVersion;

/// The `Accept` of an endpoint that says nothing else (JSON answers).
pub(crate) const DEFAULT_ACCEPT: &str = "application/json";

/// The `Cartesia-Version` header name.
pub static CARTESIA_VERSION: HeaderName = HeaderName::from_static("cartesia-version");

/// Builds the HTTP request for `endpoint`: base URL, percent-encoded path, query, `Host`
/// (the base URL's), `Authorization: Bearer <key>` (marked sensitive), `Cartesia-Version`, `User-Agent`,
/// `Accept: application/json`, and the body with its `Content-Type`. A POST, PUT or PATCH
/// without a body gets `Content-Length: 0` (see [`needs_empty_content_length`]), which every
/// transport must send as it is.
///
/// Fails with [`Error::InvalidRequest`] — before any I/O — when a parameter is refused.
pub fn build_request<E: Endpoint + ?Sized>(
    config: &ClientConfig,
    endpoint: &E,
    options: &RequestOptions,
) -> Result<HttpRequest, Error> {
    build_request_version(config, endpoint, options.version)
}

/// [`build_request`] with the one request option it reads, the `Cartesia-Version`.
pub(crate) fn build_request_version<E: Endpoint + ?Sized>(
    config: &ClientConfig,
    endpoint: &E,
    version: Option<ApiVersion>,
) -> Result<HttpRequest, Error> {
    let mut url = UrlWriter::new(config.base_url(), 64);
    endpoint.write_path(&mut url)?;
    endpoint.write_query(&mut url)?;
    let body = endpoint.body()?;

    let uri = request_uri(config, url.into_string())?;
    let mut request =
        http::Request::new(body.as_ref().map(|b| b.bytes.clone()).unwrap_or_default());
    *request.method_mut() = endpoint.method();
    *request.uri_mut() = uri;
    // Authorization, Cartesia-Version, User-Agent, Accept: cloned, then what differs replaced
    // in place (the order stays).
    *request.headers_mut() = config.request_headers().clone();
    let headers = request.headers_mut();
    if version.is_some_and(|v| v != config.version()) {
        headers.insert(CARTESIA_VERSION.clone(), config.version_header(version));
    }
    let accept = endpoint.accept();
    if accept != DEFAULT_ACCEPT {
        headers.insert(ACCEPT, HeaderValue::from_static(accept));
    }
    if let Some(body) = body {
        let ct = HeaderValue::try_from(body.content_type.as_ref())
            .map_err(|_| InvalidRequest::new("content_type", "not a valid header value"))?;
        headers.insert(CONTENT_TYPE, ct);
    } else if needs_empty_content_length(request.method()) {
        request
            .headers_mut()
            .insert(CONTENT_LENGTH, HeaderValue::from_static("0"));
    }
    Ok(request)
}

/// Whether a request of `method` without a body is sent with `Content-Length: 0`: POST, PUT
/// and PATCH, whose requests are expected to carry content (RFC 9110 §8.6). Without it some
/// transports send neither a length nor a body, others an empty chunked body, and servers or
/// proxies that insist on a length answer 411.
pub fn needs_empty_content_length(method: &Method) -> bool {
    matches!(*method, Method::POST | Method::PUT | Method::PATCH)
}

/// The URI of `url` (the base URL then what the endpoint wrote): the base URL's scheme and
/// authority, parsed once per client, with the path and query parsed here; the whole URL
/// is parsed only when it does not split that way. Either way the result is the same URI.
fn request_uri(config: &ClientConfig, url: String) -> Result<http::Uri, Error> {
    if let Some(origin) = config.origin() {
        let rest = url.get(origin.path_start..).unwrap_or_default();
        if rest.starts_with(['/', '?']) {
            if let Ok(path_and_query) = http::uri::PathAndQuery::try_from(rest) {
                let mut parts = http::uri::Parts::default();
                parts.scheme = Some(origin.scheme.clone());
                parts.authority = Some(origin.authority.clone());
                parts.path_and_query = Some(path_and_query);
                if let Ok(uri) = http::Uri::from_parts(parts) {
                    return Ok(uri);
                }
            }
        }
    }
    http::Uri::try_from(url)
        .map_err(|e| InvalidRequest::new("url", format!("not a valid URI: {e}")).into())
}

/// The transport options for one attempt: the client's, with per-request overrides.
pub fn send_options(config: &ClientConfig, options: &RequestOptions) -> SendOptions {
    let mut send = config.send_options();
    if let Some(t) = options.timeout {
        send.timeout = Some(t);
    }
    if let Some(t) = options.connect_timeout {
        send.connect_timeout = Some(t);
    }
    if let Some(t) = options.read_timeout {
        send.read_timeout = Some(t);
    }
    send
}

/// The bound on one whole call: the per-request `total_timeout`, else the client's for
/// buffered (`streamed == false`) or streamed calls. `None`: unbounded.
pub fn total_timeout(
    config: &ClientConfig,
    options: &RequestOptions,
    streamed: bool,
) -> Option<Duration> {
    options.total_timeout.or(if streamed {
        config.stream_total_timeout()
    } else {
        config.total_timeout()
    })
}

/// Points `request` where a followed redirect says: its URI, its method, and — when the
/// method became `GET` — no body and no `Content-Type`/`Content-Length`.
pub fn redirect_request(request: &mut HttpRequest, follow: &Follow) {
    *request.uri_mut() = follow.uri.clone();
    *request.method_mut() = follow.method.clone();
    if !follow.keep_body {
        *request.body_mut() = bytes::Bytes::new();
        request.headers_mut().remove(CONTENT_TYPE);
        request.headers_mut().remove(CONTENT_LENGTH);
    }
}

/// The retry policy for one call: the client's, with a per-request `max_retries`.
pub fn retry_policy(config: &ClientConfig, options: &RequestOptions) -> RetryPolicy {
    let mut policy = config.retry_policy();
    if let Some(n) = options.max_retries {
        policy.max_retries = n;
    }
    policy
}

/// Keeps a 2xx response; turns any other status into [`Error::Api`].
pub fn classify(response: HttpResponse) -> Result<HttpResponse, Error> {
    if response.status().is_success() {
        Ok(response)
    } else {
        Err(ApiError::from_response(response).into())
    }
}

/// Classifies `response` and, when it is a success, decodes it with the endpoint.
pub fn complete<E: Endpoint + ?Sized>(
    endpoint: &E,
    response: HttpResponse,
) -> Result<E::Output, Error> {
    endpoint.parse(classify(response)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ClientBuilder;

    /// A request of any method, with or without a JSON body.
    struct AnyMethod(Method, bool);

    impl Endpoint for AnyMethod {
        type Output = ();
        fn method(&self) -> Method {
            self.0.clone()
        }
        fn path_template(&self) -> &'static str {
            "/x"
        }
        fn write_path(&self, url: &mut UrlWriter) -> Result<(), Error> {
            url.push_literal("/x");
            Ok(())
        }
        fn body(&self) -> Result<Option<crate::endpoint::RequestBody>, Error> {
            if self.1 {
                crate::endpoint::RequestBody::json(&serde_json::json!({"a": 1})).map(Some)
            } else {
                Ok(None)
            }
        }
        fn parse(&self, _response: HttpResponse) -> Result<(), Error> {
            Ok(())
        }
    }

    /// POST, PUT and PATCH without a body say `Content-Length: 0`; other methods, and requests
    /// with a body (whose length the transport writes), get no `Content-Length` from here.
    #[test]
    fn bodiless_post_put_patch_say_content_length_zero() {
        let config = ClientBuilder::new().api_key("k").config().unwrap();
        let options = RequestOptions::default();
        for method in [Method::POST, Method::PUT, Method::PATCH] {
            let r = build_request(&config, &AnyMethod(method.clone(), false), &options).unwrap();
            assert_eq!(
                r.headers()
                    .get_all(CONTENT_LENGTH)
                    .iter()
                    .collect::<Vec<_>>(),
                ["0"],
                "{method}"
            );
            assert!(r.body().is_empty());
            assert_eq!(r.headers().get(CONTENT_TYPE), None);
            let r = build_request(&config, &AnyMethod(method.clone(), true), &options).unwrap();
            assert_eq!(r.headers().get(CONTENT_LENGTH), None, "{method}");
            assert_eq!(r.body().as_ref(), br#"{"a":1}"#);
        }
        for method in [Method::GET, Method::DELETE, Method::HEAD] {
            let r = build_request(&config, &AnyMethod(method.clone(), false), &options).unwrap();
            assert_eq!(r.headers().get(CONTENT_LENGTH), None, "{method}");
            assert!(!needs_empty_content_length(&method));
        }
    }

    /// The URI built from the parsed origin is the one parsing the whole URL gives.
    #[test]
    fn request_uris_equal_whole_url_parses() {
        for base in [
            "https://api.cartesia.ai",
            "http://127.0.0.1:8080/prefix/",
            "HTTPS://API.Cartesia.AI:443/a/b",
            "http://[::1]:9000",
        ] {
            let config = ClientBuilder::new()
                .api_key("k")
                .base_url(base)
                .config()
                .unwrap();
            assert!(config.origin().is_some(), "{base}");
            for rest in [
                "/agents/a%2Fb/phone-numbers",
                "/x?limit=10&starting_after=a%20b",
                "?q=1",
                "/",
            ] {
                let url = format!("{}{rest}", config.base_url());
                let want = http::Uri::try_from(url.as_str()).unwrap();
                let got = request_uri(&config, url).unwrap();
                assert_eq!(got, want, "{base} {rest}");
                assert_eq!(got.to_string(), want.to_string(), "{base} {rest}");
            }
        }
    }
}
