//! An in-memory transport for tests (feature `test-util`): canned responses, recorded
//! requests, no sockets. It implements both [`Transport`] and [`BlockingTransport`].
//!
//! ```
//! use cartesia_core::mock::MockTransport;
//! use cartesia_core::ClientBuilder;
//!
//! let mock = MockTransport::new();
//! mock.push_json(200, r#"[{"agent_id":"a1","number":"+14155550123",
//!     "created_at":"2026-03-01T12:00:00Z","updated_at":"2026-03-01T12:00:00Z",
//!     "is_cartesia_managed":true}]"#);
//! let client = ClientBuilder::new().api_key("sk_car_test").build_blocking(mock.clone())?;
//!
//! let numbers = client.agents().list_phone_numbers("a1")?;
//! assert_eq!(numbers[0].number, "+14155550123");
//!
//! let seen = mock.requests();
//! assert_eq!(seen.len(), 1);
//! assert_eq!(seen[0].uri, "https://api.cartesia.ai/agents/a1/phone-numbers");
//! # Ok::<(), cartesia_core::Error>(())
//! ```

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};

use bytes::Bytes;
use http::{HeaderMap, Method, StatusCode};

use crate::transport::{
    BlockingTransport, HttpRequest, HttpResponse, SendOptions, Transport, TransportError,
    TransportErrorKind,
};

/// A request as the mock saw it.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct RecordedRequest {
    /// The method.
    pub method: Method,
    /// The full URI as sent (percent-encoding kept).
    pub uri: String,
    /// The headers (the `Authorization` value is kept, marked sensitive).
    pub headers: HeaderMap,
    /// The body.
    pub body: Bytes,
    /// The options the client passed for this attempt.
    pub options: SendOptions,
}

impl RecordedRequest {
    /// The path and query, e.g. `/agents/a%2Fb/phone-numbers`.
    pub fn path_and_query(&self) -> &str {
        match self.uri.find("://") {
            Some(i) => {
                let rest = &self.uri[i + 3..];
                rest.find('/').map(|j| &rest[j..]).unwrap_or("/")
            }
            None => &self.uri,
        }
    }

    /// A header value as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

#[derive(Debug)]
struct Canned {
    reply: Result<HttpResponse, TransportError>,
    /// How long the simulated server takes to answer.
    delay: std::time::Duration,
}

#[derive(Debug, Default)]
struct State {
    replies: VecDeque<Canned>,
    requests: Vec<RecordedRequest>,
}

/// An in-memory transport with a queue of canned replies. Clones share the queue and the
/// record, so keep one clone to inspect after handing another to a client.
#[derive(Debug, Clone, Default)]
pub struct MockTransport {
    state: Arc<Mutex<State>>,
}

impl MockTransport {
    /// An empty mock. With no reply queued, a call fails with a transport error of kind
    /// `Other` saying so.
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panicking test thread must not hide the record from the others.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Queues a response.
    pub fn push_response(&self, response: HttpResponse) -> &Self {
        self.push_delayed(response, std::time::Duration::ZERO)
    }

    /// Queues a response the simulated server takes `delay` to send: when the attempt's
    /// [`SendOptions::timeout`] is shorter, the call gets a timeout error instead (nothing
    /// really waits).
    pub fn push_delayed(&self, response: HttpResponse, delay: std::time::Duration) -> &Self {
        self.lock().replies.push_back(Canned {
            reply: Ok(response),
            delay,
        });
        self
    }

    /// Queues a response with `status`, `headers` and `body`. An invalid status or header
    /// is replaced by a 500 saying so, so a mistake shows in the test rather than panicking.
    pub fn push(&self, status: u16, headers: &[(&str, &str)], body: impl Into<Bytes>) -> &Self {
        let mut b = http::Response::builder().status(status);
        for (k, v) in headers {
            b = b.header(*k, *v);
        }
        let body = body.into();
        let response = b.body(body).unwrap_or_else(|e| {
            let mut r = http::Response::new(Bytes::from(format!("MockTransport::push: {e}")));
            *r.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
            r
        });
        self.push_response(response)
    }

    /// Queues a JSON response.
    pub fn push_json(&self, status: u16, json: &str) -> &Self {
        self.push(
            status,
            &[("content-type", "application/json")],
            Bytes::copy_from_slice(json.as_bytes()),
        )
    }

    /// Queues a transport failure.
    pub fn push_error(&self, error: TransportError) -> &Self {
        self.lock().replies.push_back(Canned {
            reply: Err(error),
            delay: std::time::Duration::ZERO,
        });
        self
    }

    /// The requests seen so far, oldest first.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.lock().requests.clone()
    }

    /// How many replies are still queued.
    pub fn pending(&self) -> usize {
        self.lock().replies.len()
    }

    fn answer(
        &self,
        request: HttpRequest,
        options: &SendOptions,
    ) -> Result<HttpResponse, TransportError> {
        let (parts, body) = request.into_parts();
        let mut state = self.lock();
        state.requests.push(RecordedRequest {
            method: parts.method,
            uri: parts.uri.to_string(),
            headers: parts.headers,
            body,
            options: *options,
        });
        let Some(canned) = state.replies.pop_front() else {
            return Err(TransportError::msg(
                TransportErrorKind::Other,
                "MockTransport has no reply queued for this request",
            ));
        };
        if let Some(limit) = options.wait_limit(options.timeout, std::time::Instant::now()) {
            if canned.delay > limit.duration() {
                return Err(crate::transport::wait_error(
                    "no response headers (simulated)",
                    limit,
                ));
            }
        }
        match canned.reply {
            Ok(r) if !r.status().is_success() => {
                // The error-body cap, as a socket transport applies it.
                let limit = options.body_limit(r.status());
                let (parts, body) = r.into_parts();
                let mut collector = crate::transport::ErrorBodyCollector::new(limit, None);
                collector.push(&body);
                Ok(crate::transport::error_response(parts, collector.finish()))
            }
            Ok(r) if r.body().len() as u64 > options.max_response_bytes => {
                Err(TransportError::msg(
                    TransportErrorKind::BodyTooLarge,
                    format!(
                        "{} bytes, limit {}",
                        r.body().len(),
                        options.max_response_bytes
                    ),
                ))
            }
            other => other,
        }
    }
}

#[async_trait::async_trait]
impl Transport for MockTransport {
    async fn send(
        &self,
        request: HttpRequest,
        options: &SendOptions,
    ) -> Result<HttpResponse, TransportError> {
        self.answer(request, options)
    }
}

impl BlockingTransport for MockTransport {
    fn send(
        &self,
        request: HttpRequest,
        options: &SendOptions,
    ) -> Result<HttpResponse, TransportError> {
        self.answer(request, options)
    }
}

/// A sleeper for tests: records every requested delay and returns at once. Implements both
/// [`AsyncSleep`](crate::sleep::AsyncSleep) and [`BlockingSleep`](crate::sleep::BlockingSleep);
/// clones share the record.
///
/// ```
/// use cartesia_core::mock::{MockTransport, RecordingSleep};
/// use cartesia_core::ClientBuilder;
///
/// let mock = MockTransport::new();
/// mock.push(429, &[("retry-after", "2")], "");
/// mock.push_json(200, "[]");
/// let sleeps = RecordingSleep::new();
/// let client = ClientBuilder::new()
///     .api_key("sk_car_test")
///     .blocking_sleep(sleeps.clone())
///     .build_blocking(mock.clone())?;
/// client.agents().list_phone_numbers("a1")?;
/// assert_eq!(sleeps.delays(), [std::time::Duration::from_secs(2)]);
/// assert_eq!(mock.requests().len(), 2);
/// # Ok::<(), cartesia_core::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct RecordingSleep {
    delays: Arc<Mutex<Vec<std::time::Duration>>>,
}

impl RecordingSleep {
    /// An empty record.
    pub fn new() -> Self {
        Self::default()
    }

    /// The delays asked for so far, in order.
    pub fn delays(&self) -> Vec<std::time::Duration> {
        self.delays
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    fn record(&self, d: std::time::Duration) {
        self.delays
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(d);
    }
}

impl crate::sleep::AsyncSleep for RecordingSleep {
    fn sleep(&self, duration: std::time::Duration) -> crate::sleep::SleepFuture {
        self.record(duration);
        Box::pin(std::future::ready(()))
    }
}

impl crate::sleep::BlockingSleep for RecordingSleep {
    fn sleep(&self, duration: std::time::Duration) {
        self.record(duration);
    }
}
