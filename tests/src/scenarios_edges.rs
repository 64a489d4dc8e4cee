//! Scenarios for the edges of issue 8: protocol errors mapped alike on every transport,
//! `Content-Length: 0` on a bodiless POST/PUT/PATCH, and base URLs refused before any I/O
//! (out-of-range port, credentials that never show).
//!
//! Socket transports meet a [`FaultServer`](crate::faults::FaultServer), which writes raw
//! bytes and keeps raw request heads; the memory harnesses get the equivalent canned error
//! (see [`Ctx::scripted_base_url`]).

use cartesia_core::endpoints::calls::{CancelCall, CancelCallBatch, RetryCallBatch};
use cartesia_core::endpoints::metrics::AddMetricToAgent;
use cartesia_core::{ConfigErrorKind, Endpoint, Error, RequestSent, TransportErrorKind};

use crate::faults::Fault;
use crate::harness::Harness;
use crate::{phone_numbers_json, CreateTestOrder, Ctx, Reply, TEST_KEY};

/// Checks that `e` is a `Protocol` transport error after one attempt, that may have been
/// sent, and whose text names the problem and never the key.
fn assert_protocol<H: Harness>(case: &str, e: &Error) {
    let Error::Transport(t) = e else {
        panic!("{} {case}: expected a transport error, got {e:?}", H::NAME);
    };
    assert_eq!(
        t.kind(),
        TransportErrorKind::Protocol,
        "{} {case}: {t:?}",
        H::NAME
    );
    assert_eq!(t.attempts(), 1, "{} {case}: {t}", H::NAME);
    assert_eq!(t.request_sent(), RequestSent::Maybe, "{} {case}", H::NAME);
    let text = e.to_string();
    assert!(
        text.contains("not valid HTTP"),
        "{} {case}: {text}",
        H::NAME
    );
    for shown in [text, format!("{e:?}")] {
        assert!(!shown.contains(TEST_KEY), "{} {case}: key shown", H::NAME);
    }
}

/// One protocol-error case: `answer` (bytes that are not valid HTTP) ends a GET, a POST and a
/// streamed download with a `Protocol` error after exactly one request each: not retried
/// (with retries on, and a good answer queued next), no wait slept.
fn protocol_case<H: Harness>(case: &str, answer: Vec<u8>) {
    let good_list = Fault::json(200, phone_numbers_json("a", 1));
    // A GET (idempotent: retried for any transient failure), retries on.
    let mut ctx = Ctx::new(H::WIRE);
    let base = ctx.scripted_base_url(vec![Fault::raw(answer.clone()), good_list]);
    let h = H::build(&ctx, ctx.builder().base_url(base).max_retries(2)).unwrap();
    let e = h.list_phone_numbers(&ctx, "a").unwrap_err();
    assert_protocol::<H>(case, &e);
    assert_eq!(ctx.scripted_received(), 1, "{} {case}: retried", H::NAME);
    assert!(ctx.sleeps.delays().is_empty(), "{} {case}", H::NAME);

    // A POST.
    let mut ctx = Ctx::new(H::WIRE);
    let base = ctx.scripted_base_url(vec![Fault::raw(answer.clone()), Fault::json(200, "{}")]);
    let h = H::build(&ctx, ctx.builder().base_url(base).max_retries(2)).unwrap();
    let e = h.run(&ctx, &CreateTestOrder::new("o")).unwrap_err();
    assert_protocol::<H>(case, &e);
    assert_eq!(ctx.scripted_received(), 1, "{} {case}: POST", H::NAME);

    // The streamed form (call audio) fails the same way, before any byte is handed over.
    let mut ctx = Ctx::new(H::WIRE);
    let base = ctx.scripted_base_url(vec![
        Fault::raw(answer),
        Fault::Respond {
            status: 200,
            headers: vec![("content-type".into(), "audio/wav".into())],
            body: b"RIFF".to_vec(),
        },
    ]);
    let h = H::build(&ctx, ctx.builder().base_url(base).max_retries(2)).unwrap();
    let e = h.download_audio_streamed(&ctx, "call_1").unwrap_err();
    assert_protocol::<H>(case, &e);
    assert_eq!(ctx.scripted_received(), 1, "{} {case}: stream", H::NAME);
}

/// A status line that is not `HTTP/1.x <3 digits> <reason>` — a garbled code, or a service
/// that does not speak HTTP at all — is a `Protocol` error, not retried.
pub fn garbage_status_line_is_a_protocol_error<H: Harness>() {
    protocol_case::<H>(
        "status code",
        b"HTTP/1.1 two-hundred OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n[]"
            .to_vec(),
    );
    protocol_case::<H>(
        "not HTTP",
        b"SSH-2.0-OpenSSH_9.6\r\nProtocol mismatch.\r\n\r\n".to_vec(),
    );
    protocol_case::<H>(
        "unknown version",
        b"HTTP/3.0 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n[]"
            .to_vec(),
    );
}

/// Two different `Content-Length`s (RFC 9112 §6.3: the framing is unknowable) are a
/// `Protocol` error, not retried.
pub fn conflicting_content_lengths_are_a_protocol_error<H: Harness>() {
    protocol_case::<H>(
        "two lengths",
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\ncontent-length: 7\r\n\r\n[]"
            .to_vec(),
    );
}

/// A response head of 1 MiB (16 headers of 64 KiB: over every transport's limit, 64 KiB on
/// ureq and about 400 KiB on reqwest) is a `Protocol` error, not retried.
pub fn oversized_header_block_is_a_protocol_error<H: Harness>() {
    let mut head = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n".to_vec();
    let filler = "a".repeat(64 * 1024);
    for i in 0..16 {
        head.extend_from_slice(format!("x-filler-{i}: {filler}\r\n").as_bytes());
    }
    head.extend_from_slice(b"content-length: 2\r\n\r\n[]");
    protocol_case::<H>("oversized head", head);
}

/// 200 response headers (over every transport's limit: 100 on reqwest, 128 on ureq) are a
/// `Protocol` error, not retried.
pub fn too_many_headers_are_a_protocol_error<H: Harness>() {
    let mut head = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n".to_vec();
    for i in 0..200 {
        head.extend_from_slice(format!("x-h{i}: {i}\r\n").as_bytes());
    }
    head.extend_from_slice(b"content-length: 2\r\n\r\n[]");
    protocol_case::<H>("too many headers", head);
}

/// A POST, PUT or PATCH without a body — cancel a call, cancel or retry a batch, attach a
/// metric, and a bodiless PUT and PATCH — goes out with exactly one `Content-Length: 0` and
/// no `Transfer-Encoding` (socket transports: checked in the raw request head; memory: in
/// the request handed to the transport). A GET says neither; a POST with a body says its
/// length.
pub fn bodiless_post_put_patch_send_content_length_zero<H: Harness>() {
    let mut ctx = Ctx::new(H::WIRE);
    let ok = || Fault::json(200, "{}");
    let base = ctx.scripted_base_url(vec![
        Fault::json(200, r#"{"cancelled":true}"#),
        Fault::json(200, BATCH),
        Fault::json(200, BATCH),
        ok(),
        ok(),
        ok(),
        Fault::json(200, "[]"),
        ok(),
    ]);
    let h = H::build(&ctx, ctx.builder().base_url(base).max_retries(0)).unwrap();
    let name = H::NAME;
    h.run(&ctx, &CancelCall::new("call_1"))
        .unwrap_or_else(|e| panic!("{name}: cancel call: {e}"));
    h.run(&ctx, &CancelCallBatch::new("batch_1"))
        .unwrap_or_else(|e| panic!("{name}: cancel batch: {e}"));
    h.run(&ctx, &RetryCallBatch::new("batch_1"))
        .unwrap_or_else(|e| panic!("{name}: retry batch: {e}"));
    h.run(&ctx, &AddMetricToAgent::new("agent_1", "metric_1"))
        .unwrap_or_else(|e| panic!("{name}: attach metric: {e}"));
    h.run(&ctx, &Bodiless(http::Method::PUT))
        .unwrap_or_else(|e| panic!("{name}: PUT: {e}"));
    h.run(&ctx, &Bodiless(http::Method::PATCH))
        .unwrap_or_else(|e| panic!("{name}: PATCH: {e}"));
    h.list_phone_numbers(&ctx, "a")
        .unwrap_or_else(|e| panic!("{name}: GET: {e}"));
    h.run(&ctx, &CreateTestOrder::new("o"))
        .unwrap_or_else(|e| panic!("{name}: POST with a body: {e}"));

    let body_len = serde_json::json!({ "id": "o" })
        .to_string()
        .len()
        .to_string();
    let want: [(&str, Option<&str>); 8] = [
        ("POST", Some("0")),
        ("POST", Some("0")),
        ("POST", Some("0")),
        ("POST", Some("0")),
        ("PUT", Some("0")),
        ("PATCH", Some("0")),
        ("GET", None),
        ("POST", Some(&body_len)),
    ];
    match ctx.scripted_raw_heads() {
        Some(heads) => {
            assert_eq!(heads.len(), want.len(), "{name}: {heads:#?}");
            for (head, (method, length)) in heads.iter().zip(want) {
                assert!(head.starts_with(&format!("{method} ")), "{name}: {head}");
                let lines: Vec<String> =
                    head.split("\r\n").map(|l| l.to_ascii_lowercase()).collect();
                let lengths: Vec<&str> = lines
                    .iter()
                    .filter_map(|l| l.strip_prefix("content-length:"))
                    .map(str::trim)
                    .collect();
                assert_eq!(
                    lengths,
                    length.into_iter().collect::<Vec<_>>(),
                    "{name}: {head}"
                );
                assert!(
                    !lines.iter().any(|l| l.starts_with("transfer-encoding:")),
                    "{name}: {head}"
                );
            }
        }
        None => {
            let seen = ctx.received();
            assert_eq!(seen.len(), want.len(), "{name}: {seen:#?}");
            for (s, (method, length)) in seen.iter().zip(want) {
                assert_eq!(s.method, method, "{name}");
                // The memory transport sees the request before any transport framing: the
                // length of a request with a body is the transport's to write.
                let expected = if s.body.is_empty() { length } else { None };
                assert_eq!(s.header("content-length"), expected, "{name}: {s:?}");
                assert_eq!(s.header("transfer-encoding"), None, "{name}");
            }
        }
    }
    // Every request arrived whole (no chunked request refused by the server).
    assert_eq!(ctx.scripted_received(), want.len(), "{name}");
}

/// A call batch as the API returns it.
const BATCH: &str = r#"{"id":"batch_1","name":"n","agent_id":"agent_1","from_number_id":"pn_1",
"region":"US","target_concurrency_limit":5,"status":"cancelled","total_calls_scheduled":0,
"total_calls_dispatched":0,"total_calls_finished":0,"retry_count":0,
"created_at":"2026-03-01T12:00:00Z","last_updated_at":"2026-03-01T12:00:00Z"}"#;

/// A request of `method` with no body and an empty JSON object as its answer (not a Cartesia
/// endpoint: the API has no bodiless PUT or PATCH, but a transport must frame one right).
#[derive(Debug)]
struct Bodiless(http::Method);

impl Endpoint for Bodiless {
    type Output = serde_json::Value;
    fn method(&self) -> http::Method {
        self.0.clone()
    }
    fn path_template(&self) -> &'static str {
        "/test/bodiless"
    }
    fn write_path(&self, url: &mut cartesia_core::endpoint::UrlWriter) -> Result<(), Error> {
        url.push_literal("/test/bodiless");
        Ok(())
    }
    fn parse(&self, response: cartesia_core::HttpResponse) -> Result<Self::Output, Error> {
        cartesia_core::endpoint::decode_json(&response)
    }
}

/// A base URL whose port is out of range (`:99999`, `:0`, `:65536`, an empty port) is a
/// `Config` error when the client is built: no transport ever sees it (ureq would fall back
/// to port 80 and send the key there).
pub fn out_of_range_port_is_refused_at_build<H: Harness>() {
    let ctx = Ctx::new(H::WIRE);
    for url in [
        "http://127.0.0.1:99999",
        "http://127.0.0.1:65536/prefix",
        "http://127.0.0.1:0",
        "http://127.0.0.1:",
        "http://[::1]:70000",
        "https://api.cartesia.ai:123456",
    ] {
        match H::build(&ctx, ctx.builder().base_url(url)) {
            Err(Error::Config(c)) => {
                assert_eq!(c.kind(), ConfigErrorKind::InvalidBaseUrl, "{url}");
                assert!(c.to_string().contains("1 to 65535"), "{url}: {c}");
            }
            Err(other) => panic!("{} {url}: {other:?}", H::NAME),
            Ok(_) => panic!("{}: {url} accepted", H::NAME),
        }
    }
    // The edges of the range are accepted, and the context's own server still works.
    for url in ["http://127.0.0.1:1", "http://127.0.0.1:65535"] {
        H::build(&ctx, ctx.builder().base_url(url))
            .unwrap_or_else(|e| panic!("{} {url}: {e}", H::NAME));
    }
    assert!(ctx.received().is_empty(), "{}: a request went out", H::NAME);
    ctx.reply(Reply::json(200, "[]"));
    let h = H::build(&ctx, ctx.builder()).unwrap();
    assert!(h.list_phone_numbers(&ctx, "a").unwrap().is_empty());
    assert_eq!(ctx.received().len(), 1);
}

/// A base URL with credentials is refused when the client is built, and neither the error
/// (`Display`, `Debug`) nor the builder's `Debug` shows them: only `<redacted>`.
pub fn base_url_credentials_are_redacted<H: Harness>() {
    const SECRET: &str = "pw_SECRET_4242";
    let ctx = Ctx::new(H::WIRE);
    let port = if ctx.is_wire() {
        url_port(&ctx.base_url())
    } else {
        "9".to_owned()
    };
    for url in [
        format!("http://user:{SECRET}@127.0.0.1:{port}"),
        format!("http://{SECRET}@127.0.0.1:{port}/prefix"),
        format!("https://user:{SECRET}@api.cartesia.ai"),
        format!("http://user:{SECRET}@127.0.0.1:99999"),
        format!("https://user:{SECRET}@evil.example:443/x"),
    ] {
        let builder = ctx.builder().base_url(url.as_str());
        let debug = format!("{builder:?}");
        assert!(!debug.contains(SECRET), "{}: builder {debug}", H::NAME);
        assert!(debug.contains("<redacted>"), "{debug}");
        match H::build(&ctx, builder) {
            Err(e @ Error::Config(_)) => {
                let Error::Config(c) = &e else { unreachable!() };
                assert_eq!(c.kind(), ConfigErrorKind::InvalidBaseUrl, "{url}");
                for shown in [e.to_string(), format!("{e:?}"), format!("{c:?}")] {
                    assert!(!shown.contains(SECRET), "{}: {shown}", H::NAME);
                    assert!(shown.contains("<redacted>"), "{shown}");
                    assert!(!shown.contains(TEST_KEY), "{shown}");
                }
                assert!(e.to_string().contains("credentials"), "{e}");
            }
            Err(other) => panic!("{} {url}: {other:?}", H::NAME),
            Ok(_) => panic!("{}: {url} accepted", H::NAME),
        }
    }
    assert!(ctx.received().is_empty(), "{}: a request went out", H::NAME);
    // Without credentials the same server is fine.
    ctx.reply(Reply::json(200, "[]"));
    let h = H::build(&ctx, ctx.builder()).unwrap();
    assert!(h.list_phone_numbers(&ctx, "a").unwrap().is_empty());
}

fn url_port(url: &str) -> String {
    url.rsplit_once(':')
        .map(|(_, p)| p.trim_end_matches('/').to_owned())
        .unwrap_or_default()
}
