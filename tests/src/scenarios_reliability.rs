//! Reliability, second pass: calls that always end (cursor walks, total deadlines, error
//! bodies), the one redirect policy, and capped error bodies — on every transport.

use std::time::{Duration, Instant};

use cartesia_core::endpoint::{decode_json, UrlWriter};
use cartesia_core::endpoints::call_audio::DownloadCallAudio;
use cartesia_core::types::{HasId, Page};
use cartesia_core::{
    Endpoint, Error, HttpResponse, Paginated, RedirectRefusal, RequestOptions, TransportErrorKind,
};

use crate::faults::Fault;
use crate::harness::Harness;
use crate::{phone_numbers_json, CreateTestOrder, Ctx, Reply, TEST_KEY};

/// The time bound (total, or per attempt up to the headers) of the dripping-body scenarios.
/// The headers must come within it, on a loaded machine too (it was 700 ms), while the drip
/// (10,000 bytes, one every 100 ms: 1,000 s) always outlasts it.
const DEADLINE: Duration = Duration::from_secs(2);

/// What "never a hang" means in those scenarios: the call ends near [`DEADLINE`], not after
/// the drip's 1,000 s.
const NO_HANG: Duration = Duration::from_secs(15);

/// An item with only an id, for [`TestList`].
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
pub struct TestItem {
    /// Its id.
    pub id: String,
}

impl HasId for TestItem {
    fn id(&self) -> &str {
        &self.id
    }
}

/// `GET /test/items?starting_after=...`: a paginated list for the pager scenarios (not a
/// Cartesia endpoint).
#[derive(Debug, Clone, Default)]
pub struct TestList {
    starting_after: Option<String>,
}

impl Endpoint for TestList {
    type Output = Page<TestItem>;
    fn method(&self) -> http::Method {
        http::Method::GET
    }
    fn path_template(&self) -> &'static str {
        "/test/items"
    }
    fn write_path(&self, url: &mut UrlWriter) -> Result<(), Error> {
        url.push_literal("/test/items");
        Ok(())
    }
    fn write_query(&self, url: &mut UrlWriter) -> Result<(), Error> {
        url.push_query_opt("starting_after", self.starting_after.as_ref());
        Ok(())
    }
    fn parse(&self, response: HttpResponse) -> Result<Self::Output, Error> {
        decode_json(&response)
    }
}

impl Paginated for TestList {
    type Item = TestItem;
    fn starting_after(&self, cursor: &str) -> Self {
        Self {
            starting_after: Some(cursor.to_owned()),
        }
    }
}

fn page(ids: &[&str], has_more: bool) -> String {
    let data: Vec<serde_json::Value> = ids.iter().map(|i| serde_json::json!({ "id": i })).collect();
    serde_json::json!({ "data": data, "has_more": has_more }).to_string()
}

/// A server that answers the same page again and again with `has_more: true` cannot make a
/// walk loop: it ends after the second request with a typed pagination error; a server that
/// cycles between pages is stopped the same way.
pub fn cursor_that_does_not_advance_ends_the_walk<H: Harness>() {
    let ctx = Ctx::new(H::WIRE);
    let h = H::build(&ctx, ctx.builder()).unwrap();
    for _ in 0..5 {
        ctx.reply(Reply::json(200, page(&["a", "b"], true)));
    }
    match h.collect_pages(&ctx, TestList::default(), None) {
        Err(Error::Pagination(e)) => {
            assert_eq!(e.cursor(), "b");
            assert!(e.to_string().contains("did not advance"), "{e}");
        }
        other => panic!("{}: {other:?}", H::NAME),
    }
    let seen = ctx.received();
    assert_eq!(seen.len(), 2, "{}: {seen:#?}", H::NAME);
    assert_eq!(seen[1].path_and_query, "/test/items?starting_after=b");

    let ctx = Ctx::new(H::WIRE);
    let h = H::build(&ctx, ctx.builder()).unwrap();
    for ids in [["a"], ["b"], ["a"], ["b"], ["a"]] {
        ctx.reply(Reply::json(200, page(&ids, true)));
    }
    let e = h
        .collect_pages(&ctx, TestList::default(), None)
        .unwrap_err();
    assert!(matches!(e, Error::Pagination(_)), "{}: {e:?}", H::NAME);
    assert_eq!(ctx.received().len(), 3, "{}", H::NAME);
}

/// A 200 whose body drips one byte every 100 ms is cut by the client's total timeout (the
/// per-attempt timeout stops at the headers and the idle timeout resets with every byte).
pub fn dripping_body_is_cut_by_the_total_timeout<H: Harness>() {
    let mut ctx = Ctx::new(H::WIRE);
    let base = ctx.scripted_base_url(vec![Fault::Stream {
        status: 200,
        len: 10_000,
        piece: 1,
        pause: Duration::from_millis(100),
    }]);
    let h = H::build(
        &ctx,
        ctx.builder()
            .base_url(base)
            .total_timeout(DEADLINE)
            .read_timeout(Duration::from_secs(30)),
    )
    .unwrap();
    let started = Instant::now();
    let e = h.list_phone_numbers(&ctx, "a").unwrap_err();
    assert_eq!(
        e.transport_kind(),
        Some(TransportErrorKind::Timeout),
        "{}: {e:?}",
        H::NAME
    );
    assert!(e.to_string().contains("total timeout"), "{}: {e}", H::NAME);
    assert!(started.elapsed() < NO_HANG, "{}", H::NAME);
    assert_eq!(
        ctx.scripted_received(),
        1,
        "{}: not retried past the deadline",
        H::NAME
    );
}

/// The same for a streamed download with a per-request total timeout.
pub fn dripping_streamed_body_is_cut_by_the_total_timeout<H: Harness>() {
    let mut ctx = Ctx::new(H::WIRE);
    let base = ctx.scripted_base_url(vec![Fault::Stream {
        status: 200,
        len: 10_000,
        piece: 1,
        pause: Duration::from_millis(100),
    }]);
    let h = H::build(&ctx, ctx.builder().base_url(base)).unwrap();
    let started = Instant::now();
    let e = h
        .stream_with(
            &ctx,
            &DownloadCallAudio::new("c1"),
            &RequestOptions::new().total_timeout(DEADLINE),
        )
        .unwrap_err();
    assert_eq!(
        e.transport_kind(),
        Some(TransportErrorKind::Timeout),
        "{}: {e:?}",
        H::NAME
    );
    assert!(started.elapsed() < NO_HANG, "{}", H::NAME);
}

/// A 500 whose body drips: the error is reported with what arrived in time (buffered: within
/// the total timeout; streamed: within the per-attempt timeout), never a hang.
pub fn dripping_error_body_does_not_hang<H: Harness>() {
    let drip = Fault::Stream {
        status: 500,
        len: 10_000,
        piece: 1,
        pause: Duration::from_millis(100),
    };
    let mut ctx = Ctx::new(H::WIRE);
    let base = ctx.scripted_base_url(vec![drip.clone()]);
    let h = H::build(
        &ctx,
        ctx.builder()
            .base_url(base)
            .max_retries(0)
            .total_timeout(DEADLINE),
    )
    .unwrap();
    let started = Instant::now();
    let e = h.list_phone_numbers(&ctx, "a").unwrap_err();
    let Error::Api(api) = e else {
        panic!("{}: {e:?}", H::NAME)
    };
    assert_eq!(api.status().as_u16(), 500);
    assert!(api.body_truncated(), "{}", H::NAME);
    assert!(api.raw_body().len() < 10_000);
    assert!(started.elapsed() < NO_HANG, "{}", H::NAME);

    let mut ctx = Ctx::new(H::WIRE);
    let base = ctx.scripted_base_url(vec![drip]);
    let h = H::build(
        &ctx,
        ctx.builder()
            .base_url(base)
            .max_retries(0)
            .timeout(DEADLINE),
    )
    .unwrap();
    let started = Instant::now();
    let e = h
        .stream_with(&ctx, &DownloadCallAudio::new("c1"), &RequestOptions::new())
        .unwrap_err();
    let Error::Api(api) = e else {
        panic!("{}: {e:?}", H::NAME)
    };
    assert!(api.body_truncated(), "{}", H::NAME);
    assert!(started.elapsed() < NO_HANG, "{}", H::NAME);
}

/// A 100 MB error body is kept up to the cap (1 MiB by default, or the configured one), the
/// error says it was cut, and the client stops reading: the server could write only a
/// fraction of it. Buffered and streamed alike.
pub fn error_body_is_capped<H: Harness>() {
    const HUGE: u64 = 100 * 1024 * 1024;
    let huge = Fault::Stream {
        status: 500,
        len: HUGE,
        piece: 64 * 1024,
        pause: Duration::ZERO,
    };
    for (cap, streamed) in [(None, false), (Some(1000u64), false), (None, true)] {
        let mut ctx = Ctx::new(H::WIRE);
        let base = ctx.scripted_base_url(vec![huge.clone()]);
        let mut builder = ctx.builder().base_url(base).max_retries(0);
        if let Some(cap) = cap {
            builder = builder.max_error_body_bytes(cap);
        }
        let h = H::build(&ctx, builder).unwrap();
        let e = if streamed {
            h.stream_with(&ctx, &DownloadCallAudio::new("c1"), &RequestOptions::new())
                .unwrap_err()
        } else {
            h.list_phone_numbers(&ctx, "a").unwrap_err()
        };
        let Error::Api(api) = e else {
            panic!("{}: {e:?}", H::NAME)
        };
        let want = cap.unwrap_or(1024 * 1024) as usize;
        assert_eq!(api.raw_body().len(), want, "{} {cap:?} {streamed}", H::NAME);
        assert!(api.body_truncated());
        assert!(api.to_string().contains("error body cut"), "{api}");
        if ctx.is_wire() {
            let written = ctx.streamed_bytes();
            assert!(
                written < 48 * 1024 * 1024,
                "{}: the server wrote {written} bytes: the client kept reading",
                H::NAME
            );
        }
    }
}

/// A cross-origin 307 to a POST is not followed: nothing reaches the other host, and the
/// error carries the status and the `Location`.
pub fn cross_origin_redirect_is_not_followed<H: Harness>() {
    let mut ctx = Ctx::new(H::WIRE);
    let second = ctx.start_second_host(Reply::json(200, "{}"));
    let h = H::build(&ctx, ctx.builder()).unwrap();
    let target = format!(
        "{}/test/orders",
        second.as_deref().unwrap_or("http://localhost:9")
    );
    for status in [307, 302, 308] {
        ctx.reply(Reply::json(status, "{}").header("location", &target));
        let e = h.run(&ctx, &CreateTestOrder::new("o1")).unwrap_err();
        let Error::Redirect(r) = &e else {
            panic!("{}: {e:?}", H::NAME)
        };
        assert_eq!(r.status().as_u16(), status);
        assert_eq!(r.location(), Some(target.as_str()));
        assert_eq!(r.reason(), RedirectRefusal::CrossOrigin);
        assert_eq!(e.status().map(|s| s.as_u16()), Some(status));
        assert!(!e.to_string().contains(TEST_KEY));
    }
    assert!(ctx.second_host_received().is_empty(), "{}", H::NAME);
    assert_eq!(ctx.received().len(), 3);
}

/// A same-host 302 (relative `Location`) and an absolute same-origin 308 are followed with
/// `Authorization` kept, and no `Referer` is ever sent.
pub fn same_origin_redirects_are_followed<H: Harness>() {
    let ctx = Ctx::new(H::WIRE);
    let h = H::build(&ctx, ctx.builder().max_retries(0)).unwrap();
    ctx.reply(Reply::json(302, "").header("location", "/agents/b/phone-numbers"));
    let absolute = format!("{}/agents/c/phone-numbers", ctx.base_url());
    ctx.reply(Reply::json(308, "").header("location", &absolute));
    ctx.reply(Reply::json(200, phone_numbers_json("c", 2)));
    let out = h.list_phone_numbers(&ctx, "a").unwrap();
    assert_eq!(out.len(), 2);
    let seen = ctx.received();
    let paths: Vec<&str> = seen.iter().map(|s| s.path_and_query.as_str()).collect();
    assert_eq!(
        paths,
        [
            "/agents/a/phone-numbers",
            "/agents/b/phone-numbers",
            "/agents/c/phone-numbers"
        ],
        "{}",
        H::NAME
    );
    for s in &seen {
        assert_eq!(s.method, "GET");
        assert_eq!(
            s.header("authorization"),
            Some(format!("Bearer {TEST_KEY}").as_str()),
            "{}",
            H::NAME
        );
        assert_eq!(s.header("referer"), None, "{}", H::NAME);
    }
}

/// 303 turns a POST into a GET without a body; 307 and 308 keep the method and the body.
pub fn redirect_methods_follow_rfc_9110<H: Harness>() {
    let ctx = Ctx::new(H::WIRE);
    let h = H::build(&ctx, ctx.builder().max_retries(0)).unwrap();
    ctx.reply(Reply::json(307, "").header("location", "/test/orders-2"));
    ctx.reply(Reply::json(308, "").header("location", "/test/orders-3"));
    ctx.reply(Reply::json(303, "").header("location", "/test/orders/o1"));
    ctx.reply(Reply::json(200, r#"{"ok":true}"#));
    let out = h.run(&ctx, &CreateTestOrder::new("o1")).unwrap();
    assert_eq!(out["ok"], true);
    let seen = ctx.received();
    let got: Vec<(&str, &str, usize)> = seen
        .iter()
        .map(|s| (s.method.as_str(), s.path_and_query.as_str(), s.body.len()))
        .collect();
    let body_len = seen[0].body.len();
    assert!(body_len > 0);
    assert_eq!(
        got,
        [
            ("POST", "/test/orders", body_len),
            ("POST", "/test/orders-2", body_len),
            ("POST", "/test/orders-3", body_len),
            ("GET", "/test/orders/o1", 0),
        ],
        "{}",
        H::NAME
    );
    assert_eq!(seen[1].body, seen[0].body);
    assert_eq!(seen[3].header("content-type"), None, "{}", H::NAME);
}

/// A redirect loop ends after the most hops allowed (5 by default; `max_redirects(0)`
/// follows none), with an error saying so.
pub fn redirect_loops_are_bounded<H: Harness>() {
    for (max, expect_requests) in [(None, 6usize), (Some(0u32), 1)] {
        let ctx = Ctx::new(H::WIRE);
        let mut builder = ctx.builder();
        if let Some(m) = max {
            builder = builder.max_redirects(m);
        }
        let h = H::build(&ctx, builder).unwrap();
        for _ in 0..8 {
            ctx.reply(Reply::json(302, "").header("location", "/agents/a/phone-numbers"));
        }
        let e = h.list_phone_numbers(&ctx, "a").unwrap_err();
        let Error::Redirect(r) = &e else {
            panic!("{}: {e:?}", H::NAME)
        };
        assert_eq!(r.reason(), RedirectRefusal::TooManyRedirects);
        assert!(e.to_string().contains("too many redirects"), "{e}");
        assert_eq!(ctx.received().len(), expect_requests, "{} {max:?}", H::NAME);
    }
}
