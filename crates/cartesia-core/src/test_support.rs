//! Helpers shared by the unit tests (requests built with a default client, canned responses,
//! a minimal executor).

use bytes::Bytes;

use crate::{pipeline, ClientBuilder, Endpoint, Error, HttpRequest, HttpResponse, RequestOptions};

/// The default base URL, as requests built here start with it.
pub(crate) const BASE: &str = "https://api.cartesia.ai";

/// The request `ep` builds with a default client (key `k`).
pub(crate) fn build<E: Endpoint>(ep: &E) -> Result<HttpRequest, Error> {
    let config = ClientBuilder::new().api_key("k").config().unwrap();
    pipeline::build_request(&config, ep, &RequestOptions::new())
}

/// [`build`], which must succeed.
pub(crate) fn request<E: Endpoint>(ep: &E) -> HttpRequest {
    build(ep).unwrap()
}

/// The JSON body of `req`, checking that `Content-Type` is sent exactly when there is one.
pub(crate) fn json_body(req: &HttpRequest) -> Option<serde_json::Value> {
    if req.body().is_empty() {
        assert!(req.headers().get(http::header::CONTENT_TYPE).is_none());
        None
    } else {
        assert_eq!(
            req.headers()[http::header::CONTENT_TYPE],
            "application/json",
            "{}",
            req.uri()
        );
        Some(serde_json::from_slice(req.body()).unwrap())
    }
}

/// Method, URL after the base, and the body as JSON (`Null` when there is none).
pub(crate) fn sent_value<E: Endpoint>(ep: &E) -> (String, String, serde_json::Value) {
    let r = request(ep);
    let url = r.uri().to_string();
    let path = url.strip_prefix(BASE).unwrap_or(&url).to_owned();
    let body = json_body(&r).unwrap_or(serde_json::Value::Null);
    (r.method().to_string(), path, body)
}

/// A response with `status`, `headers` and `body`.
pub(crate) fn response_with(status: u16, headers: &[(&str, &str)], body: &str) -> HttpResponse {
    let mut r = http::Response::new(Bytes::from(body.to_owned()));
    *r.status_mut() = http::StatusCode::from_u16(status).unwrap();
    for (k, v) in headers {
        r.headers_mut().append(
            http::HeaderName::from_bytes(k.as_bytes()).unwrap(),
            http::HeaderValue::from_str(v).unwrap(),
        );
    }
    r
}

/// A response with `status` and `body`.
pub(crate) fn response(status: u16, body: &str) -> HttpResponse {
    response_with(status, &[], body)
}

/// An RFC 3339 timestamp.
pub(crate) fn ts(s: &str) -> cartesia_types::Timestamp {
    cartesia_types::Timestamp::parse(s).unwrap()
}

/// Runs a future on this thread (parks until woken).
pub(crate) fn block_on<F: std::future::Future>(f: F) -> F::Output {
    use std::sync::Arc;
    use std::task::{Context, Poll, Wake, Waker};
    struct ThreadWaker(std::thread::Thread);
    impl Wake for ThreadWaker {
        fn wake(self: Arc<Self>) {
            self.0.unpark();
        }
    }
    let waker = Waker::from(Arc::new(ThreadWaker(std::thread::current())));
    let mut cx = Context::from_waker(&waker);
    let mut f = Box::pin(f);
    loop {
        if let Poll::Ready(v) = f.as_mut().poll(&mut cx) {
            return v;
        }
        std::thread::park();
    }
}

/// A blocking client over `mock` (no retries).
pub(crate) fn blocking_client(mock: &crate::mock::MockTransport) -> crate::BlockingClient {
    ClientBuilder::new()
        .api_key("k")
        .max_retries(0)
        .build_blocking(mock.clone())
        .unwrap()
}

/// An async client over `mock` (no retries).
pub(crate) fn async_client(mock: &crate::mock::MockTransport) -> crate::AsyncClient {
    ClientBuilder::new()
        .api_key("k")
        .max_retries(0)
        .build_async(mock.clone())
        .unwrap()
}

/// (method, path and query, body text) of every request the mock received.
pub(crate) fn recorded_with_bodies(
    mock: &crate::mock::MockTransport,
) -> Vec<(String, String, String)> {
    mock.requests()
        .iter()
        .map(|r| {
            (
                r.method.to_string(),
                r.path_and_query().to_owned(),
                String::from_utf8_lossy(&r.body).into_owned(),
            )
        })
        .collect()
}

/// Asserts that the mock received exactly `want`: (method, path and query, body text), in order.
pub(crate) fn assert_recorded_with_bodies(
    mock: &crate::mock::MockTransport,
    want: &[(&str, &str, &str)],
) {
    let want: Vec<(String, String, String)> = want
        .iter()
        .map(|(m, p, b)| (m.to_string(), p.to_string(), b.to_string()))
        .collect();
    assert_eq!(recorded_with_bodies(mock), want);
}

/// `run!(call)` in the blocking half of [`both_clients!`]: the call itself.
macro_rules! run_blocking {
    ($call:expr) => {
        $call
    };
}

/// `run!(call)` in the async half of [`both_clients!`]: `call.await`.
macro_rules! run_async {
    ($call:expr) => {
        $call.await
    };
}

/// `all!(pages)` in the blocking half of [`both_clients!`]: every item of a paginated list.
macro_rules! all_blocking {
    ($pages:expr) => {
        $pages.items().collect::<Result<Vec<_>, _>>()
    };
}

/// `all!(pages)` in the async half of [`both_clients!`]: every item of a paginated list.
macro_rules! all_async {
    ($pages:expr) => {
        $pages.collect_items().await
    };
}

/// One resource test written once and run on both clients: `$blocking` on a
/// `BlockingClient`, `$async_test` on an `AsyncClient` (under [`block_on`]), each over a fresh
/// `MockTransport` (bound to `$mock`) first filled by `$queue`. In the body, `run!(call)` is
/// the call (blocking) or `call.await` (async), and `all!(pages)` collects every item of a list.
macro_rules! both_clients {
    (
        fn $blocking:ident, $async_test:ident($mock:ident = $queue:expr, $client:ident) $body:block
    ) => {
        $crate::test_support::both_clients!(
            @half $blocking, blocking_client, run_blocking, all_blocking, $mock, $queue, $client, $body
        );
        $crate::test_support::both_clients!(
            @half $async_test, async_client, run_async, all_async, $mock, $queue, $client, $body
        );
    };
    (
        @half $name:ident, $make:ident, $run:ident, $all:ident,
        $mock:ident, $queue:expr, $client:ident, $body:block
    ) => {
        #[test]
        fn $name() {
            #[allow(unused_imports)]
            use $crate::test_support::{$all as all, $run as run};
            let $mock = $crate::mock::MockTransport::new();
            $queue(&$mock);
            let $client = $crate::test_support::$make(&$mock);
            // The blocking half runs inside the same (trivial) executor: its calls complete
            // synchronously within the future.
            $crate::test_support::block_on(async { $body });
        }
    };
}

pub(crate) use {all_async, all_blocking, both_clients, run_async, run_blocking};

/// The IDs of `items`, in order.
pub(crate) fn ids<T: cartesia_types::HasId>(items: &[T]) -> Vec<&str> {
    items.iter().map(cartesia_types::HasId::id).collect()
}
