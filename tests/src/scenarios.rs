//! The scenarios. Each is `fn name<H: Harness>()`; [`contract_suite!`](crate::contract_suite)
//! runs every one for every transport.

use cartesia_core::endpoints::agents::ListPhoneNumbers;
use std::time::{Duration, SystemTime};

use cartesia_core::{
    pipeline, ApiErrorKind, ApiVersion, ClientBuilder, ConfigErrorKind, Error, RequestOptions,
    RetryPolicy, TransportErrorKind, USER_AGENT,
};

use crate::harness::Harness;

pub use crate::ops::admin::{organizations_operations, usage_and_api_keys_operations};
pub use crate::ops::agents::agents_operations;
pub use crate::ops::calls::{call_batches_operations, calls_operations};
pub use crate::ops::datasets::{datasets_operations, fine_tunes_operations};
pub use crate::ops::files::{files_operations, pronunciation_dicts_operations};
pub use crate::ops::knowledge_base::{documents_operations, folders_operations};
pub use crate::ops::metrics::metrics_operations;
pub use crate::ops::phone_numbers::{phone_numbers_operations, providers_operations};
pub use crate::ops::speech::{
    access_token_authenticates, concurrency_limit_holds_under_200_calls,
    concurrency_limited_429_is_retried, retried_upload_sends_identical_bytes,
    speech_input_refused_before_io, speech_operations, sse_failures_are_typed,
    tts_audio_into_a_writer, tts_bytes_streamed, tts_sse_streamed,
};
pub use crate::ops::webhooks::webhooks_operations;
pub use crate::scenarios_edges::{
    base_url_credentials_are_redacted, bodiless_post_put_patch_send_content_length_zero,
    conflicting_content_lengths_are_a_protocol_error, garbage_status_line_is_a_protocol_error,
    out_of_range_port_is_refused_at_build, oversized_header_block_is_a_protocol_error,
    too_many_headers_are_a_protocol_error,
};
pub use crate::scenarios_reliability::*;
use crate::{http_date, phone_numbers_json, CreateTestOrder, Ctx, Reply, TEST_KEY};

/// The per-attempt timeout of the scenarios where an attempt times out. Wide, because an
/// answer meant to arrive (the retry's, in [`slow_response_times_out`] and
/// [`non_idempotent_timeout_is_not_replayed`]) must come within it on a loaded machine (it
/// was 150 ms, which a loaded 2-core machine can miss). It is real waiting only on the attempts
/// meant to time out.
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(1);

/// How long a reply meant to outlast [`ATTEMPT_TIMEOUT`] waits: far beyond it, so the client
/// always gives up first; the test does not wait for it (the client hangs up).
const LATE: Duration = Duration::from_secs(30);

fn setup<H: Harness>() -> (Ctx, H) {
    setup_with(|b| b)
}

fn setup_with<H: Harness>(configure: impl FnOnce(ClientBuilder) -> ClientBuilder) -> (Ctx, H) {
    let ctx = Ctx::new(H::WIRE);
    let h = H::build(&ctx, configure(ctx.builder()))
        .unwrap_or_else(|e| panic!("{}: building the client failed: {e}", H::NAME));
    (ctx, h)
}

fn no_retries(b: ClientBuilder) -> ClientBuilder {
    b.max_retries(0)
}

fn expect_api(e: Error) -> Box<cartesia_core::ApiError> {
    match e {
        Error::Api(a) => a,
        other => panic!("expected an API error, got {other:?}"),
    }
}

fn expect_decode(e: Error) -> Box<cartesia_core::DecodeError> {
    match e {
        Error::Decode(d) => d,
        other => panic!("expected a decode error, got {other:?}"),
    }
}

fn one_seen(ctx: &Ctx) -> crate::Seen {
    let mut seen = ctx.received();
    assert_eq!(seen.len(), 1, "expected exactly one request, got {seen:#?}");
    seen.remove(0)
}

/// Method, path, `Host`, `Authorization`, `Cartesia-Version`, `User-Agent` and `Accept` are
/// exactly what the API expects; a GET sends no body.
pub fn sends_exact_request<H: Harness>() {
    let (ctx, h) = setup::<H>();
    ctx.reply(Reply::json(200, "[]"));
    let out = h.run(&ctx, &ListPhoneNumbers::new("agent_123")).unwrap();
    assert!(out.is_empty());
    let seen = one_seen(&ctx);
    assert_eq!(seen.method, "GET");
    assert_eq!(seen.path_and_query, "/agents/agent_123/phone-numbers");
    assert_eq!(
        seen.header("authorization"),
        Some(format!("Bearer {TEST_KEY}").as_str())
    );
    assert_eq!(seen.header("cartesia-version"), Some("2026-03-01"));
    assert_eq!(seen.header("user-agent"), Some(USER_AGENT));
    assert!(USER_AGENT.starts_with("cartesia-rs/"));
    assert_eq!(seen.header("accept"), Some("application/json"));
    // Exactly one `Host`, the base URL's authority: the SDK writes it once per client, and
    // no transport adds a second.
    let base = ctx.base_url();
    let authority = base.split_once("://").map_or("", |(_, rest)| rest);
    let authority = authority.split('/').next().unwrap_or_default();
    assert_eq!(seen.header_all("host"), [authority], "{}", H::NAME);
    assert!(seen.body.is_empty(), "GET sent a body");
    assert_eq!(seen.header("content-type"), None);
}

/// The resource-style call and `execute` send the same request and decode the same answer.
pub fn resource_and_execute_agree<H: Harness>() {
    let (ctx, h) = setup::<H>();
    let body = phone_numbers_json("agent_9", 2);
    ctx.reply(Reply::json(200, body.clone()));
    ctx.reply(Reply::json(200, body));
    let a = h.list_phone_numbers(&ctx, "agent_9").unwrap();
    let b = h.run(&ctx, &ListPhoneNumbers::new("agent_9")).unwrap();
    assert_eq!(a, b);
    assert_eq!(a.len(), 2);
    let seen = ctx.received();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[0].path_and_query, seen[1].path_and_query);
    assert_eq!(seen[0].headers, seen[1].headers);
}

/// A version chosen on the builder is sent on every call.
pub fn version_override_per_client<H: Harness>() {
    let ctx = Ctx::new(H::WIRE);
    let v = ApiVersion::new("2025-11-04").unwrap();
    let h = H::build(&ctx, ctx.builder().version(v)).unwrap();
    ctx.reply(Reply::json(200, "[]"));
    h.list_phone_numbers(&ctx, "a").unwrap();
    assert_eq!(
        one_seen(&ctx).header("cartesia-version"),
        Some("2025-11-04")
    );

    let bad = H::build(&ctx, ctx.builder().version_str("2025-13-01")).unwrap_err();
    match bad {
        Error::Config(c) => assert_eq!(c.kind(), ConfigErrorKind::InvalidVersion),
        other => panic!("{other:?}"),
    }
}

/// A version chosen per request (or per client view) is sent for that call only.
pub fn version_override_per_request<H: Harness>() {
    let (ctx, h) = setup::<H>();
    for _ in 0..3 {
        ctx.reply(Reply::json(200, "[]"));
    }
    let v = ApiVersion::new("2024-11-13").unwrap();
    h.run_with(
        &ctx,
        &ListPhoneNumbers::new("a"),
        &RequestOptions::new().version(v),
    )
    .unwrap();
    h.list_phone_numbers_with(
        &ctx,
        "a",
        RequestOptions::new().version(ApiVersion::new("2025-04-16").unwrap()),
    )
    .unwrap();
    h.list_phone_numbers(&ctx, "a").unwrap();
    let versions: Vec<String> = ctx
        .received()
        .iter()
        .map(|s| s.header("cartesia-version").unwrap_or("").to_owned())
        .collect();
    assert_eq!(versions, ["2024-11-13", "2025-04-16", "2026-03-01"]);
}

/// Ids with reserved, unsafe and non-ASCII characters arrive as one percent-encoded segment.
pub fn path_segments_are_one_encoded_segment<H: Harness>() {
    let (ctx, h) = setup::<H>();
    let cases = [
        ("a/b?c#d e%", "a%2Fb%3Fc%23d%20e%25"),
        ("../x", "..%2Fx"),
        ("..%2F..", "..%252F.."),
        ("a..b", "a..b"),
        ("agent.v2_x-y~z", "agent.v2_x-y~z"),
        ("é日本", "%C3%A9%E6%97%A5%E6%9C%AC"),
        (" ", "%20"),
        ("a+b&c=d;e:f@g", "a%2Bb%26c%3Dd%3Be%3Af%40g"),
    ];
    for _ in cases {
        ctx.reply(Reply::json(200, "[]"));
    }
    for (id, _) in cases {
        h.list_phone_numbers(&ctx, id)
            .unwrap_or_else(|e| panic!("{}: id {id:?}: {e}", H::NAME));
    }
    let seen = ctx.received();
    assert_eq!(seen.len(), cases.len());
    for ((id, enc), s) in cases.iter().zip(&seen) {
        assert_eq!(
            s.path_and_query,
            format!("/agents/{enc}/phone-numbers"),
            "{}: id {id:?}",
            H::NAME
        );
    }
}

/// Empty ids, control characters and dot segments fail before any request is sent.
pub fn bad_ids_are_refused_before_io<H: Harness>() {
    let (ctx, h) = setup::<H>();
    for id in [
        "",
        "a\nb",
        "a\rb",
        "\u{7}",
        "tab\there",
        "\u{7f}",
        ".",
        "..",
    ] {
        match h.list_phone_numbers(&ctx, id) {
            Err(Error::InvalidRequest(e)) => {
                assert_eq!(e.field(), "agent_id", "{id:?}");
                assert!(
                    e.to_string().starts_with("invalid request: agent_id"),
                    "{e}"
                );
            }
            other => panic!(
                "{}: id {id:?}: expected InvalidRequest, got {other:?}",
                H::NAME
            ),
        }
    }
    assert!(
        ctx.received().is_empty(),
        "a refused request reached the server"
    );
}

/// 0, 1 and 1,000 phone numbers decode completely, with typed UTC timestamps.
pub fn decodes_zero_one_and_many<H: Harness>() {
    let (ctx, h) = setup::<H>();
    for n in [0usize, 1, 1000] {
        ctx.reply(Reply::json(200, phone_numbers_json("agent_x", n)));
        let out = h.list_phone_numbers(&ctx, "agent_x").unwrap();
        assert_eq!(out.len(), n);
        if n > 0 {
            assert!(out
                .iter()
                .all(|p| p.agent_id == "agent_x" && p.is_cartesia_managed));
            assert_eq!(out[0].number, "+14155550000");
            assert_eq!(out[0].created_at.to_string(), "2026-03-31T17:37:05.961874Z");
            assert_eq!(out[0].updated_at.to_string(), "2026-04-01T06:00:00.5Z");
        }
        if n == 1000 {
            assert_eq!(out[999].number, "+14155550999");
            assert_eq!(out[999].created_at.to_string(), "2026-03-01T12:00:00Z");
        }
    }
}

/// Fields the SDK does not know are ignored.
pub fn unknown_fields_are_ignored<H: Harness>() {
    let (ctx, h) = setup::<H>();
    let body = r#"[{"agent_id":"a","number":"+1","created_at":"2026-03-01T12:00:00Z",
        "updated_at":"2026-03-01T12:00:00Z","is_cartesia_managed":false,
        "region":"us-west","labels":{"x":[1,null,{"y":true}]},"provider":null}]"#;
    ctx.reply(Reply::json(200, body));
    let out = h.list_phone_numbers(&ctx, "a").unwrap();
    assert_eq!(out.len(), 1);
    assert!(!out[0].is_cartesia_managed);
}

fn items_with(n: usize, bad_index: usize, edit: impl Fn(&mut serde_json::Value)) -> String {
    let mut v: serde_json::Value = serde_json::from_str(&phone_numbers_json("a", n)).unwrap();
    edit(&mut v[bad_index]);
    v.to_string()
}

/// A missing required field names the element that lacks it.
pub fn missing_field_names_the_path<H: Harness>() {
    let (ctx, h) = setup::<H>();
    ctx.reply(Reply::json(
        200,
        items_with(5, 3, |o| {
            o.as_object_mut().unwrap().remove("updated_at");
        }),
    ));
    let d = expect_decode(h.list_phone_numbers(&ctx, "a").unwrap_err());
    assert_eq!(d.path(), "[3]");
    assert!(d.to_string().contains("missing field `updated_at`"), "{d}");
    assert_eq!(d.status().as_u16(), 200);
}

/// A malformed timestamp names its JSON path.
pub fn bad_timestamp_names_the_path<H: Harness>() {
    let (ctx, h) = setup::<H>();
    ctx.reply(Reply::json(
        200,
        items_with(5, 3, |o| o["created_at"] = "2026-03-01 12:00".into()),
    ));
    let e = h.list_phone_numbers(&ctx, "a").unwrap_err();
    let shown = e.to_string();
    let d = expect_decode(e);
    assert_eq!(d.path(), "[3].created_at");
    assert!(shown.contains("`[3].created_at`"), "{shown}");
    assert!(shown.contains("RFC 3339"), "{shown}");
}

/// Truncated JSON is a decode error, not a panic or a partial result.
pub fn malformed_json_is_a_decode_error<H: Harness>() {
    let (ctx, h) = setup::<H>();
    let full = phone_numbers_json("a", 3);
    ctx.reply(Reply::json(200, &full[..full.len() / 2]));
    let d = expect_decode(h.list_phone_numbers(&ctx, "a").unwrap_err());
    assert!(d.to_string().contains("EOF"), "{d}");
    assert!(d.body_snippet().starts_with("[{"), "{}", d.body_snippet());
}

/// A 200 that is not JSON is a decode error quoting the start of the body.
pub fn non_json_success_body_is_a_decode_error<H: Harness>() {
    let (ctx, h) = setup::<H>();
    ctx.reply(Reply::raw(
        200,
        "text/html",
        "<html><body>Maintenance</body></html>",
    ));
    let d = expect_decode(h.list_phone_numbers(&ctx, "a").unwrap_err());
    assert_eq!(d.path(), ".");
    assert!(d.body_snippet().contains("Maintenance"));
    assert_eq!(d.type_name(), "Vec<PhoneNumber>");
}

/// Every documented error status with the structured body gives a typed API error.
pub fn structured_api_errors_are_typed<H: Harness>() {
    let (ctx, h) = setup_with::<H>(no_retries);
    let cases = [
        (400, ApiErrorKind::BadRequest, "invalid_request"),
        (401, ApiErrorKind::Unauthorized, "invalid_api_key"),
        (403, ApiErrorKind::PermissionDenied, "forbidden"),
        (404, ApiErrorKind::NotFound, "agent_not_found"),
        (422, ApiErrorKind::UnprocessableEntity, "validation_error"),
        (429, ApiErrorKind::RateLimited, "concurrency_limited"),
        (500, ApiErrorKind::Server, "internal_error"),
    ];
    for (status, _, code) in cases {
        ctx.reply(Reply::json(
            status,
            format!(
                r#"{{"error_code":"{code}","title":"T{status}","message":"M{status}","request_id":"req-{status}","doc_url":"https://docs.cartesia.ai/x"}}"#
            ),
        ));
    }
    for (status, kind, code) in cases {
        let e = h.list_phone_numbers(&ctx, "a").unwrap_err();
        assert_eq!(e.status().map(|s| s.as_u16()), Some(status));
        assert_eq!(e.request_id(), Some(format!("req-{status}").as_str()));
        let shown = e.to_string();
        assert!(shown.contains(&format!("M{status}")), "{shown}");
        assert!(shown.contains(code), "{shown}");
        let a = expect_api(e);
        assert_eq!(a.kind(), kind);
        assert_eq!(a.code(), Some(code));
        assert_eq!(a.title(), Some(format!("T{status}").as_str()));
        assert_eq!(a.message(), Some(format!("M{status}").as_str()));
        assert_eq!(a.doc_url(), Some("https://docs.cartesia.ai/x"));
    }
    // A null error_code is allowed.
    ctx.reply(Reply::json(
        409,
        r#"{"error_code":null,"title":"Conflict","message":"busy","request_id":"r"}"#,
    ));
    let a = expect_api(h.list_phone_numbers(&ctx, "a").unwrap_err());
    assert_eq!(a.kind(), ApiErrorKind::Conflict);
    assert_eq!(a.code(), None);
    assert_eq!(a.message(), Some("busy"));
}

/// A proxy's HTML 502 keeps the status and the raw body.
pub fn html_error_body_is_kept_raw<H: Harness>() {
    let (ctx, h) = setup_with::<H>(no_retries);
    let html = "<html>\n<head><title>502 Bad Gateway</title></head>\n<body>nginx</body>\n</html>\n";
    ctx.reply(Reply::raw(502, "text/html", html).header("x-request-id", "edge-1"));
    let e = h.list_phone_numbers(&ctx, "a").unwrap_err();
    let shown = e.to_string();
    let a = expect_api(e);
    assert_eq!(a.status().as_u16(), 502);
    assert_eq!(a.kind(), ApiErrorKind::Server);
    assert!(a.body().is_none());
    assert_eq!(a.raw_body(), html.as_bytes());
    assert_eq!(a.request_id(), Some("edge-1"));
    assert!(shown.contains("502") && shown.contains("nginx"), "{shown}");
    assert!(!shown.contains('\n'), "{shown}");
}

/// An error status with no body still gives a typed API error.
pub fn empty_error_body<H: Harness>() {
    let (ctx, h) = setup_with::<H>(no_retries);
    ctx.reply(Reply::raw(503, "text/plain", ""));
    let e = h.list_phone_numbers(&ctx, "a").unwrap_err();
    assert!(e.to_string().contains("(empty body)"), "{e}");
    let a = expect_api(e);
    assert_eq!(a.status().as_u16(), 503);
    assert!(a.raw_body().is_empty());
    assert!(a.message().is_none());
}

/// Nothing listening: a transport error of kind `Connect` that says so.
pub fn connection_refused_is_a_connect_error<H: Harness>() {
    let ctx = Ctx::new(H::WIRE);
    let base = ctx.refused_base_url(1);
    let h = H::build(&ctx, ctx.builder().base_url(base).max_retries(0)).unwrap();
    let e = h.list_phone_numbers(&ctx, "a").unwrap_err();
    assert_eq!(
        e.transport_kind(),
        Some(TransportErrorKind::Connect),
        "{}: {e:?}",
        H::NAME
    );
    let shown = e.to_string();
    assert!(shown.starts_with("connection failed"), "{shown}");
    assert!(!shown.contains(TEST_KEY));
}

/// The key shows in no `Debug` of builder, client or request, nor in any error.
pub fn key_never_shows<H: Harness>() {
    let (ctx, h) = setup::<H>();
    let secret = &TEST_KEY["sk_car_".len()..];
    assert!(!format!("{:?}", ctx.builder()).contains(secret));
    assert!(!h.debug().contains(secret), "{}", h.debug());

    let config = ctx.builder().config().unwrap();
    let request =
        pipeline::build_request(&config, &ListPhoneNumbers::new("a"), &RequestOptions::new())
            .unwrap();
    let dbg = format!("{request:?}");
    assert!(!dbg.contains(secret), "{dbg}");
    assert!(dbg.contains("Sensitive"), "{dbg}");

    ctx.reply(Reply::json(401, r#"{"error_code":"invalid_api_key","title":"Unauthorized","message":"Invalid API key","request_id":"r"}"#));
    ctx.reply(Reply::json(200, "{not json"));
    let mut errors = vec![
        h.list_phone_numbers(&ctx, "a").unwrap_err(),
        h.list_phone_numbers(&ctx, "a").unwrap_err(),
        h.list_phone_numbers(&ctx, "").unwrap_err(),
    ];
    let refused = H::build(
        &ctx,
        ctx.builder()
            .base_url(ctx.refused_base_url(1))
            .max_retries(0),
    )
    .unwrap();
    errors.push(refused.list_phone_numbers(&ctx, "a").unwrap_err());
    for e in &errors {
        for text in [e.to_string(), format!("{e:?}")] {
            assert!(!text.contains(secret), "{}: key in {text}", H::NAME);
        }
    }
}

/// A key with CR or LF is refused when the client is built.
pub fn key_with_line_break_is_refused<H: Harness>() {
    let ctx = Ctx::new(H::WIRE);
    for key in [
        "sk_car_abc\r\nX-Injected: 1",
        "sk_car_abc\n",
        "\rsk_car_abc",
        "",
    ] {
        match H::build(&ctx, ctx.builder().api_key(key)) {
            Err(Error::Config(c)) => {
                assert_eq!(c.kind(), ConfigErrorKind::InvalidApiKey, "{key:?}");
                assert!(!c.to_string().contains("sk_car_abc"), "{c}");
            }
            Err(other) => panic!("{key:?}: {other:?}"),
            Ok(_) => panic!("{}: key {key:?} accepted", H::NAME),
        }
    }
    let missing = H::build(&ctx, cartesia_core::ClientBuilder::new()).unwrap_err();
    assert!(matches!(missing, Error::Config(ref c) if c.kind() == ConfigErrorKind::MissingApiKey));
    assert!(ctx.received().is_empty());
}

/// A 12 MiB answer arrives whole (no silent cap such as ureq's default 10 MiB).
pub fn large_body_is_not_capped_silently<H: Harness>() {
    let (ctx, h) = setup::<H>();
    // ~12.4 MiB of phone numbers, padded with an unknown field.
    let body = padded_numbers(1024, 12 * 1024);
    assert!(body.len() > 12 * 1024 * 1024);
    ctx.reply(Reply::json(200, body));
    let out = h.list_phone_numbers(&ctx, "a").unwrap();
    assert_eq!(out.len(), 1024);
    assert_eq!(out[1023].number, "+1023");
}

fn padded_numbers(count: usize, pad_bytes: usize) -> String {
    let pad = "x".repeat(pad_bytes);
    let items: Vec<String> = (0..count)
        .map(|i| {
            format!(
                r#"{{"agent_id":"a","number":"+{i}","created_at":"2026-03-01T12:00:00Z","updated_at":"2026-03-01T12:00:00Z","is_cartesia_managed":true,"pad":"{pad}"}}"#
            )
        })
        .collect();
    format!("[{}]", items.join(","))
}

/// With an 11 MiB limit, a 12 MiB body fails with `BodyTooLarge` and a 10.5 MiB one succeeds
/// (both beyond ureq's own 10 MiB default, which must not apply).
pub fn limit_above_10_mib_is_exact<H: Harness>() {
    let ctx = Ctx::new(H::WIRE);
    let h = H::build(&ctx, ctx.builder().max_response_bytes(11 * 1024 * 1024)).unwrap();
    let big = padded_numbers(1024, 12 * 1024);
    let under = padded_numbers(896, 12 * 1024);
    assert!(big.len() > 12 * 1024 * 1024);
    assert!(under.len() > 10 * 1024 * 1024 + 512 * 1024 && under.len() < 11 * 1024 * 1024);
    ctx.reply(Reply::json(200, big));
    ctx.reply(Reply::json(200, under));
    let e = h.list_phone_numbers(&ctx, "a").unwrap_err();
    assert_eq!(
        e.transport_kind(),
        Some(TransportErrorKind::BodyTooLarge),
        "{e:?}"
    );
    assert_eq!(h.list_phone_numbers(&ctx, "a").unwrap().len(), 896);
}

/// A body over the configured limit is a `BodyTooLarge` transport error.
pub fn body_over_the_limit_is_a_typed_error<H: Harness>() {
    let ctx = Ctx::new(H::WIRE);
    let h = H::build(&ctx, ctx.builder().max_response_bytes(1000)).unwrap();
    ctx.reply(Reply::json(200, phone_numbers_json("a", 50)));
    ctx.reply(Reply::json(200, phone_numbers_json("a", 2)));
    let e = h.list_phone_numbers(&ctx, "a").unwrap_err();
    assert_eq!(
        e.transport_kind(),
        Some(TransportErrorKind::BodyTooLarge),
        "{e:?}"
    );
    assert!(e.to_string().contains("1000"), "{e}");
    assert_eq!(h.list_phone_numbers(&ctx, "a").unwrap().len(), 2);
}

// ---------------------------------------------------------------------------------------
// Reliability: retries, Retry-After, timeouts, redirects, plain HTTP.
// ---------------------------------------------------------------------------------------

fn in_range(d: Duration, lo_ms: u64, hi_ms: u64) -> bool {
    d >= Duration::from_millis(lo_ms) && d <= Duration::from_millis(hi_ms)
}

/// 500, 500, 200: success after exactly 3 requests, with two jittered backoffs.
pub fn retries_5xx_then_succeeds<H: Harness>() {
    let (ctx, h) = setup::<H>();
    ctx.reply(Reply::json(500, r#"{"message":"boom"}"#));
    ctx.reply(Reply::json(500, r#"{"message":"boom"}"#));
    ctx.reply(Reply::json(200, phone_numbers_json("a", 1)));
    let out = h.list_phone_numbers(&ctx, "a").unwrap();
    assert_eq!(out.len(), 1);
    assert_eq!(ctx.received().len(), 3);
    let delays = ctx.sleeps.delays();
    assert_eq!(delays.len(), 2, "{delays:?}");
    assert!(in_range(delays[0], 375, 500), "{delays:?}");
    assert!(in_range(delays[1], 750, 1000), "{delays:?}");
}

/// Three 500s: the API error reports 3 attempts, and no fourth request is made.
pub fn gives_up_after_three_5xx<H: Harness>() {
    let (ctx, h) = setup::<H>();
    for _ in 0..3 {
        ctx.reply(Reply::json(
            500,
            r#"{"error_code":"internal","message":"down","request_id":"r5"}"#,
        ));
    }
    ctx.reply(Reply::json(200, "[]"));
    let e = h.list_phone_numbers(&ctx, "a").unwrap_err();
    assert_eq!(e.attempts(), Some(3), "{e:?}");
    assert!(e.to_string().contains("after 3 attempts"), "{e}");
    assert_eq!(expect_api(e).status().as_u16(), 500);
    assert_eq!(ctx.received().len(), 3);
}

/// `max_retries(0)` per request turns retrying off for that call.
pub fn per_request_max_retries<H: Harness>() {
    let (ctx, h) = setup::<H>();
    ctx.reply(Reply::json(503, "{}"));
    ctx.reply(Reply::json(200, "[]"));
    let e = h
        .run_with(
            &ctx,
            &ListPhoneNumbers::new("a"),
            &RequestOptions::new().max_retries(0),
        )
        .unwrap_err();
    assert_eq!(e.attempts(), Some(1));
    assert_eq!(ctx.received().len(), 1);
    assert!(ctx.sleeps.delays().is_empty());
}

/// `retry-after: 2` on a 429: the client sleeps exactly 2 s (as recorded), then succeeds.
pub fn retry_after_seconds<H: Harness>() {
    let (ctx, h) = setup::<H>();
    ctx.reply(
        Reply::json(429, r#"{"error_code":"concurrency_limited"}"#).header("retry-after", "2"),
    );
    ctx.reply(Reply::json(200, "[]"));
    h.list_phone_numbers(&ctx, "a").unwrap();
    assert_eq!(ctx.sleeps.delays(), [Duration::from_secs(2)]);
    assert_eq!(ctx.received().len(), 2);
}

/// `retry-after-ms` wins over `retry-after`.
pub fn retry_after_ms<H: Harness>() {
    let (ctx, h) = setup::<H>();
    ctx.reply(
        Reply::json(503, "{}")
            .header("retry-after-ms", "1500")
            .header("retry-after", "9"),
    );
    ctx.reply(Reply::json(200, "[]"));
    h.list_phone_numbers(&ctx, "a").unwrap();
    assert_eq!(ctx.sleeps.delays(), [Duration::from_millis(1500)]);
}

/// An HTTP-date `retry-after` is honoured relative to now.
pub fn retry_after_http_date<H: Harness>() {
    let (ctx, h) = setup::<H>();
    let when = SystemTime::now() + Duration::from_secs(6);
    ctx.reply(Reply::json(429, "{}").header("retry-after", &http_date(when)));
    ctx.reply(Reply::json(200, "[]"));
    h.list_phone_numbers(&ctx, "a").unwrap();
    let delays = ctx.sleeps.delays();
    assert_eq!(delays.len(), 1);
    // The date has whole seconds; allow for the time the exchange itself took.
    assert!(in_range(delays[0], 3_000, 6_000), "{delays:?}");
}

/// A `retry-after` over 60 s is not obeyed: the backoff applies instead.
pub fn retry_after_over_60s_falls_back<H: Harness>() {
    let (ctx, h) = setup::<H>();
    ctx.reply(Reply::json(429, "{}").header("retry-after", "120"));
    ctx.reply(Reply::json(200, "[]"));
    h.list_phone_numbers(&ctx, "a").unwrap();
    let delays = ctx.sleeps.delays();
    assert_eq!(delays.len(), 1);
    assert!(in_range(delays[0], 375, 500), "{delays:?}");
}

/// `x-should-retry: false` on a 503 stops at once.
pub fn should_retry_false_stops<H: Harness>() {
    let (ctx, h) = setup::<H>();
    ctx.reply(Reply::json(503, r#"{"message":"no"}"#).header("x-should-retry", "false"));
    ctx.reply(Reply::json(200, "[]"));
    let e = h.list_phone_numbers(&ctx, "a").unwrap_err();
    assert_eq!(e.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(e.attempts(), Some(1));
    assert_eq!(ctx.received().len(), 1);
    assert!(ctx.sleeps.delays().is_empty());
}

/// `x-should-retry: true` on a 400 retries it.
pub fn should_retry_true_retries_400<H: Harness>() {
    let (ctx, h) = setup::<H>();
    ctx.reply(Reply::json(400, "{}").header("x-should-retry", "true"));
    ctx.reply(Reply::json(200, phone_numbers_json("a", 2)));
    assert_eq!(h.list_phone_numbers(&ctx, "a").unwrap().len(), 2);
    assert_eq!(ctx.received().len(), 2);
}

/// Connection refused is retried (for any method), then surfaced with the attempt count.
pub fn connection_refused_is_retried_then_surfaced<H: Harness>() {
    let ctx = Ctx::new(H::WIRE);
    let base = ctx.refused_base_url(3);
    let h = H::build(&ctx, ctx.builder().base_url(base)).unwrap();
    let e = h.list_phone_numbers(&ctx, "a").unwrap_err();
    assert_eq!(
        e.transport_kind(),
        Some(TransportErrorKind::Connect),
        "{e:?}"
    );
    assert_eq!(e.attempts(), Some(3));
    assert_eq!(ctx.sleeps.delays().len(), 2);
    let shown = e.to_string();
    assert!(
        shown.starts_with("connection failed") && shown.contains("after 3 attempts"),
        "{shown}"
    );
}

/// A response slower than the per-attempt timeout gives a timeout error; for an idempotent
/// GET the next attempt is made.
pub fn slow_response_times_out<H: Harness>() {
    let (ctx, h) = setup_with::<H>(|b| b.timeout(ATTEMPT_TIMEOUT).max_retries(0));
    ctx.reply(Reply::json(200, "[]").delayed(LATE));
    let e = h.list_phone_numbers(&ctx, "a").unwrap_err();
    assert_eq!(
        e.transport_kind(),
        Some(TransportErrorKind::Timeout),
        "{e:?}"
    );
    assert!(e.is_timeout());

    let (ctx, h) = setup_with::<H>(|b| b.timeout(ATTEMPT_TIMEOUT).max_retries(1));
    ctx.reply(Reply::json(200, "[]").delayed(LATE));
    ctx.reply(Reply::json(200, phone_numbers_json("a", 1)));
    assert_eq!(h.list_phone_numbers(&ctx, "a").unwrap().len(), 1);
    assert_eq!(ctx.received().len(), 2);
}

/// A per-request timeout overrides the client's.
pub fn per_request_timeout<H: Harness>() {
    let (ctx, h) = setup_with::<H>(no_retries);
    ctx.reply(Reply::json(200, "[]").delayed(LATE));
    let e = h
        .run_with(
            &ctx,
            &ListPhoneNumbers::new("a"),
            &RequestOptions::new().timeout(ATTEMPT_TIMEOUT),
        )
        .unwrap_err();
    assert!(e.is_timeout(), "{e:?}");
}

/// A POST that timed out may have been applied: it is not replayed, and the error says so.
/// Opting in replays it.
pub fn non_idempotent_timeout_is_not_replayed<H: Harness>() {
    let (ctx, h) = setup_with::<H>(|b| b.timeout(ATTEMPT_TIMEOUT));
    ctx.reply(Reply::json(200, r#"{"ok":true}"#).delayed(LATE));
    ctx.reply(Reply::json(200, r#"{"ok":true}"#));
    let e = h.run(&ctx, &CreateTestOrder::new("order-1")).unwrap_err();
    let shown = e.to_string();
    match &e {
        Error::Transport(t) => {
            assert_eq!(t.kind(), TransportErrorKind::Timeout);
            assert!(t.may_have_been_applied());
            assert_eq!(t.attempts(), 1);
        }
        other => panic!("{other:?}"),
    }
    assert!(shown.contains("may have been applied"), "{shown}");
    assert_eq!(ctx.received().len(), 1);
    assert_eq!(ctx.received()[0].method, "POST");

    let (ctx, h) = setup_with::<H>(|b| {
        b.timeout(ATTEMPT_TIMEOUT)
            .retry_policy(RetryPolicy::new().retry_non_idempotent(true))
    });
    ctx.reply(Reply::json(200, r#"{"ok":true}"#).delayed(LATE));
    ctx.reply(Reply::json(200, r#"{"ok":true}"#));
    let v = h.run(&ctx, &CreateTestOrder::new("order-2")).unwrap();
    assert_eq!(v["ok"], true);
    assert_eq!(ctx.received().len(), 2);
}

/// A 5xx answer to a POST is retried (the server answered; parity with the official SDKs),
/// and the same body is sent again.
pub fn non_idempotent_5xx_is_retried<H: Harness>() {
    let (ctx, h) = setup::<H>();
    ctx.reply(Reply::json(503, "{}"));
    ctx.reply(Reply::json(201, r#"{"ok":true}"#));
    h.run(&ctx, &CreateTestOrder::new("order-3")).unwrap();
    let seen = ctx.received();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[0].body, seen[1].body);
    assert_eq!(seen[0].header("content-type"), Some("application/json"));
    let body: serde_json::Value = serde_json::from_slice(&seen[1].body).unwrap();
    assert_eq!(body["id"], "order-3");
}

/// A plain-http base URL to a host that is not loopback is refused when the client is built,
/// so nothing can be sent; opting in allows it (checked only with the in-memory transport, so
/// no test ever sends traffic to a non-loopback address).
pub fn plain_http_to_remote_host_is_refused<H: Harness>() {
    let ctx = Ctx::new(H::WIRE);
    for url in [
        "http://api.cartesia.ai",
        "http://10.1.2.3:8080",
        "http://example.com/proxy",
    ] {
        match H::build(&ctx, ctx.builder().base_url(url)) {
            Err(Error::Config(c)) => {
                assert_eq!(c.kind(), ConfigErrorKind::InsecureBaseUrl, "{url}")
            }
            Err(other) => panic!("{url}: {other:?}"),
            Ok(_) => panic!("{}: {url} accepted", H::NAME),
        }
    }
    assert!(ctx.received().is_empty());
    if !ctx.is_wire() {
        let h = H::build(
            &ctx,
            ctx.builder()
                .base_url("http://api.cartesia.ai")
                .allow_insecure_http(true),
        )
        .unwrap();
        ctx.reply(Reply::json(200, "[]"));
        h.list_phone_numbers(&ctx, "a").unwrap();
        assert_eq!(ctx.received().len(), 1);
    }
}

/// A body shorter than its `Content-Length` is a `Body` transport error; a GET is retried.
pub fn truncated_body_is_a_body_error<H: Harness>() {
    use crate::faults::Fault;
    let full = phone_numbers_json("a", 3);
    let cut = full.as_bytes()[..full.len() / 2].to_vec();
    let truncated = Fault::Truncated {
        status: 200,
        declared_len: full.len(),
        body: cut,
    };

    let mut ctx = Ctx::new(H::WIRE);
    let base = ctx.scripted_base_url(vec![truncated.clone()]);
    let h = H::build(&ctx, ctx.builder().base_url(base).max_retries(0)).unwrap();
    let e = h.list_phone_numbers(&ctx, "a").unwrap_err();
    assert_eq!(
        e.transport_kind(),
        Some(TransportErrorKind::Body),
        "{}: {e:?}",
        H::NAME
    );

    let mut ctx = Ctx::new(H::WIRE);
    let base = ctx.scripted_base_url(vec![truncated, Fault::json(200, full)]);
    let h = H::build(&ctx, ctx.builder().base_url(base)).unwrap();
    assert_eq!(h.list_phone_numbers(&ctx, "a").unwrap().len(), 3);
    assert_eq!(ctx.scripted_received(), 2);
}

/// The server reads the request and closes without answering: the GET is retried; the POST
/// is not, and its error says it may have been applied.
pub fn closed_before_answer_is_retried_for_get<H: Harness>() {
    use crate::faults::Fault;
    let mut ctx = Ctx::new(H::WIRE);
    let base = ctx.scripted_base_url(vec![
        Fault::ResetAfterRead,
        Fault::json(200, phone_numbers_json("a", 1)),
        Fault::ResetAfterRead,
        Fault::json(200, "{}"),
    ]);
    let h = H::build(&ctx, ctx.builder().base_url(base)).unwrap();
    assert_eq!(h.list_phone_numbers(&ctx, "a").unwrap().len(), 1);
    let e = h.run(&ctx, &CreateTestOrder::new("o")).unwrap_err();
    match &e {
        Error::Transport(t) => {
            assert_eq!(t.kind(), TransportErrorKind::Io, "{}: {t:?}", H::NAME);
            assert!(t.may_have_been_applied(), "{}: {t:?}", H::NAME);
        }
        other => panic!("{}: {other:?}", H::NAME),
    }
    assert_eq!(ctx.scripted_received(), 3);
}

/// Call audio: a multi-MiB WAV arrives whole, buffered and streamed into a writer in pieces;
/// an error status on the streamed form is a typed API error (checked before the body is
/// handed over).
pub fn audio_download_buffered_and_streamed<H: Harness>() {
    let (ctx, h) = setup_with::<H>(no_retries);
    let mut audio = b"RIFF\x24\x00\x30\x00WAVEfmt ".to_vec();
    let mut x: u32 = 0x1234_5678;
    while audio.len() < 3 * 1024 * 1024 + 17 {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        audio.push(x as u8);
    }
    ctx.reply(Reply::raw(200, "audio/wav", audio.clone()));
    ctx.reply(Reply::raw(200, "audio/wav", audio.clone()));
    ctx.reply(Reply::json(
        404,
        r#"{"error_code":"not_found","title":"Not Found","message":"No recording","request_id":"r404"}"#,
    ));

    let buffered = h.download_audio(&ctx, "call 1").unwrap();
    assert_eq!(buffered.content_type.as_deref(), Some("audio/wav"));
    assert!(
        buffered.bytes[..] == audio[..],
        "{}: buffered audio differs",
        H::NAME
    );

    let (content_type, writer) = h.download_audio_streamed(&ctx, "call 1").unwrap();
    assert_eq!(content_type.as_deref(), Some("audio/wav"));
    assert!(writer.bytes == audio, "{}: streamed audio differs", H::NAME);
    if ctx.is_wire() {
        let largest = writer.writes.iter().copied().max().unwrap_or(0);
        assert!(
            writer.writes.len() > 1 && largest < audio.len() / 2,
            "{}: the body was not streamed in pieces: {} writes, largest {largest}",
            H::NAME,
            writer.writes.len()
        );
    }

    let e = h.download_audio_streamed(&ctx, "missing").unwrap_err();
    let a = expect_api(e);
    assert_eq!(a.kind(), ApiErrorKind::NotFound);
    assert_eq!(a.message(), Some("No recording"));

    let seen = ctx.received();
    assert_eq!(seen.len(), 3);
    assert_eq!(seen[0].path_and_query, "/agents/calls/call%201/audio");
    crate::ops::note_checked(&seen[0].method, &seen[0].path_and_query);
    assert!(seen[0]
        .header("accept")
        .is_some_and(|a| a.starts_with("audio/wav")));
    assert_eq!(seen[1].path_and_query, seen[0].path_and_query);
}
