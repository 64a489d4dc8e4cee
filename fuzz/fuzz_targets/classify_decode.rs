//! Fuzzes the pure response path: `pipeline::complete` (classify + decode) and
//! `ApiError::from_response`, with any status, headers and body, and formats every error.
//!
//! Input layout (plain bytes, so seeds can be written by hand; see `fuzz/seeds/make_seeds.sh`):
//!
//! ```text
//! [status: u16 big-endian] [header count: u8, used modulo 9]
//! count x ( [name length: u8] [name] [value length: u8] [value] )
//! [body: every remaining byte]
//! ```
//!
//! A status that `http::StatusCode` refuses (below 100 or above 999) is skipped, and so is a
//! header whose name or value `http` refuses. A length past the end of the input takes what
//! is left.
#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use bytes::Bytes;
use cartesia_core::endpoints::agents::ListPhoneNumbers;
use cartesia_core::{pipeline, ApiError, Error};
use http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use libfuzzer_sys::fuzz_target;

/// The most headers one input carries.
const MAX_HEADERS: u8 = 8;

/// `Display` of an API error must stay under this, whatever the body (it shortens bodies).
const DISPLAY_LIMIT: usize = 4096;

/// How many body bytes a decode error's snippet keeps.
const SNIPPET_LIMIT: usize = 256;

/// One HTTP response, as read from the fuzz input.
struct Exchange<'a> {
    status: u16,
    headers: Vec<(&'a [u8], &'a [u8])>,
    body: &'a [u8],
}

impl std::fmt::Debug for Exchange<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        f.debug_struct("Exchange")
            .field("status", &self.status)
            .field(
                "headers",
                &self
                    .headers
                    .iter()
                    .map(|(n, v)| (text(n), text(v)))
                    .collect::<Vec<_>>(),
            )
            .field("body", &text(self.body))
            .finish()
    }
}

fn take<'a>(u: &mut Unstructured<'a>, n: usize) -> &'a [u8] {
    let n = n.min(u.len());
    u.bytes(n).unwrap_or_default()
}

fn take_u8(u: &mut Unstructured<'_>) -> u8 {
    take(u, 1).first().copied().unwrap_or(0)
}

impl<'a> Arbitrary<'a> for Exchange<'a> {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        let status = match take(u, 2) {
            [hi, lo] => u16::from_be_bytes([*hi, *lo]),
            _ => return Err(arbitrary::Error::NotEnoughData),
        };
        let count = take_u8(u) % (MAX_HEADERS + 1);
        let mut headers = Vec::with_capacity(usize::from(count));
        for _ in 0..count {
            let len = take_u8(u);
            let name = take(u, usize::from(len));
            let len = take_u8(u);
            let value = take(u, usize::from(len));
            headers.push((name, value));
        }
        let body = take(u, u.len());
        Ok(Self {
            status,
            headers,
            body,
        })
    }

    fn arbitrary_take_rest(mut u: Unstructured<'a>) -> arbitrary::Result<Self> {
        Self::arbitrary(&mut u)
    }
}

fn response(status: StatusCode, headers: &HeaderMap, body: &[u8]) -> http::Response<Bytes> {
    let mut resp = http::Response::new(Bytes::copy_from_slice(body));
    *resp.status_mut() = status;
    *resp.headers_mut() = headers.clone();
    resp
}

/// Formats `err` both ways; a panic in either is a crash.
fn format_all(err: &Error) -> String {
    let shown = err.to_string();
    let debug = format!("{err:?}");
    assert!(!shown.is_empty() && !debug.is_empty());
    shown
}

/// Checks an API error built from `(status, headers, body)`.
fn check_api_error(api: &ApiError, status: StatusCode, headers: &HeaderMap, body: &[u8]) {
    assert_eq!(api.status(), status);
    assert_eq!(api.raw_body(), body);
    assert_eq!(api.headers(), headers);
    let _ = (
        api.kind(),
        api.code(),
        api.message(),
        api.title(),
        api.doc_url(),
    );
    if let Some(id) = api.request_id() {
        let from_body = api.body().and_then(|b| b.request_id.as_deref());
        let from_header = headers.get("x-request-id").and_then(|v| v.to_str().ok());
        assert!(from_body == Some(id) || from_header == Some(id), "{id:?}");
    }

    let shown = api.to_string();
    let _ = format!("{api:?}");
    // Display shortens the raw body and every field of a structured body (500 bytes each).
    assert!(
        shown.len() < DISPLAY_LIMIT,
        "Display is {} bytes",
        shown.len()
    );
}

fn check_retry_headers(status: StatusCode, headers: &HeaderMap) {
    use cartesia_core::retry::{
        self, Attempted, RetryDecision, RetryInput, RetryPolicy, StopReason,
    };
    use std::time::{Duration, SystemTime};

    let _ = retry::retry_after(headers, SystemTime::now());
    let policy = RetryPolicy::default();
    for attempt in [1u32, 2, 3, 4] {
        for idempotent in [true, false] {
            let decision = policy.decide(&RetryInput {
                attempt,
                idempotent,
                elapsed: Duration::ZERO,
                now: SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000),
                jitter: 0.5,
                outcome: Attempted::Response { status, headers },
            });
            match decision {
                RetryDecision::Retry(delay) => {
                    assert!(attempt <= policy.max_retries, "retry past max_retries");
                    assert!(
                        delay <= policy.max_retry_after.max(policy.max_backoff),
                        "{delay:?}"
                    );
                    assert_ne!(retry::should_retry_header(headers), Some(false));
                }
                RetryDecision::Stop(reason) => {
                    if retry::should_retry_header(headers) == Some(false) {
                        assert_eq!(reason, StopReason::ServerSaidNo);
                    }
                }
            }
        }
    }
}

fuzz_target!(|input: Exchange<'_>| {
    // Statuses `http` refuses are not responses any transport could hand over.
    let Ok(status) = StatusCode::from_u16(input.status) else {
        return;
    };
    let mut headers = HeaderMap::new();
    for (name, value) in &input.headers {
        if let (Ok(n), Ok(v)) = (HeaderName::from_bytes(name), HeaderValue::from_bytes(value)) {
            headers.append(n, v);
        }
    }
    let body = input.body;

    // 1. classify + decode with the endpoint's parser.
    let result = pipeline::complete(
        &ListPhoneNumbers::new("a"),
        response(status, &headers, body),
    );
    match &result {
        Ok(numbers) => {
            assert!(status.is_success(), "{status} decoded");
            for n in numbers {
                let _ = (
                    n.created_at.to_string(),
                    n.updated_at.to_string(),
                    format!("{n:?}"),
                );
            }
        }
        Err(err) => {
            assert_eq!(err.status(), Some(status));
            let _ = format_all(err);
            match err {
                Error::Api(api) => {
                    assert!(!status.is_success(), "{status} classified as an API error");
                    check_api_error(api, status, &headers, body);
                }
                Error::Decode(d) => {
                    assert!(status.is_success(), "{status} decoded");
                    assert_eq!(d.status(), status);
                    assert!(!d.path().is_empty());
                    // At most SNIPPET_LIMIT body bytes, lossily as UTF-8 (an invalid byte
                    // becomes U+FFFD, so up to 3x in bytes), plus the cut note.
                    let snippet = d.body_snippet();
                    let text = if body.len() > SNIPPET_LIMIT {
                        let note = format!("… ({} bytes in all)", body.len());
                        assert!(snippet.ends_with(&note), "{snippet:?}");
                        &snippet[..snippet.len() - note.len()]
                    } else {
                        snippet
                    };
                    assert!(text.chars().count() <= SNIPPET_LIMIT, "{text:?}");
                    // Display shortens serde's message (which may quote a value) too.
                    assert!(
                        d.to_string().len() < DISPLAY_LIMIT,
                        "{} bytes",
                        d.to_string().len()
                    );
                }
                other => panic!("{status}: unexpected error kind {other:?}"),
            }
        }
    }

    // 2. The API error of the same response, whatever its status (2xx included).
    let api = ApiError::from_response(response(status, &headers, body));
    check_api_error(&api, status, &headers, body);
    let _ = format_all(&Error::from(api));

    // 3. The retry decision over the same headers: never panics, stays within the policy.
    check_retry_headers(status, &headers);
});
