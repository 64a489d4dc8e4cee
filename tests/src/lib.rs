//! The contract suite: one list of scenarios that every Cartesia transport must pass.
//!
//! Each scenario is a generic function over a [`Harness`](harness::Harness) (a transport plus the client that
//! drives it). [`contract_suite!`] expands them into one `#[test]` per scenario inside a
//! module named after the transport, so a failure reads `ureq_blocking::path_segments_...`.
//!
//! Scenarios see the server only through [`Ctx`]: queue replies with [`Ctx::reply`], read what
//! arrived with [`Ctx::received`]. For socket transports the server is a wiremock
//! `MockServer` on 127.0.0.1; for the in-memory harnesses it is `MockTransport`. No scenario
//! reaches any address but loopback, and none needs an API key.
//!
//! To run the suite on your own transport, implement [`Harness`](harness::Harness) for it and write
//! `cartesia_contract::contract_suite!(my_transport, MyHarness);` in a test file
//! (see `docs/TRANSPORTS.md`).
#![deny(missing_docs)]

pub mod faults;
pub mod harness;
pub mod heap;
pub mod ops;
pub mod scenarios;
pub mod scenarios_edges;
pub mod scenarios_reliability;
pub mod ws_harness;
pub mod ws_scenarios;
pub mod ws_server;

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use cartesia_core::mock::{MockTransport, RecordingSleep};
use cartesia_core::{ClientBuilder, TransportError, TransportErrorKind};

/// The API key every scenario uses. Scenarios check it never shows in output.
pub const TEST_KEY: &str = "sk_car_contract_SECRET_0123456789";

/// A reply the fake server will give.
#[derive(Debug, Clone)]
pub struct Reply {
    /// Status code.
    pub status: u16,
    /// Headers.
    pub headers: Vec<(String, String)>,
    /// Body bytes.
    pub body: Vec<u8>,
    /// How long the server waits before answering.
    pub delay: std::time::Duration,
}

impl Reply {
    /// A JSON reply.
    pub fn json(status: u16, body: impl Into<String>) -> Self {
        Self {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: body.into().into_bytes(),
            delay: std::time::Duration::ZERO,
        }
    }

    /// A reply with a content type.
    pub fn raw(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Self {
            status,
            headers: vec![("content-type".into(), content_type.into())],
            body: body.into(),
            delay: std::time::Duration::ZERO,
        }
    }

    /// Makes the server wait `delay` before answering.
    pub fn delayed(mut self, delay: std::time::Duration) -> Self {
        self.delay = delay;
        self
    }

    /// Adds a header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }
}

/// A request as the fake server saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    /// Method, e.g. `GET`.
    pub method: String,
    /// Path and query exactly as sent (percent-encoding kept).
    pub path_and_query: String,
    /// Headers, names lower-case, in arrival order.
    pub headers: Vec<(String, String)>,
    /// Body.
    pub body: Vec<u8>,
}

impl Seen {
    /// All values of header `name`.
    pub fn header_all(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The single value of header `name` (panics, naming it, if there are several).
    pub fn header(&self, name: &str) -> Option<&str> {
        let all = self.header_all(name);
        assert!(all.len() <= 1, "header {name} sent {} times", all.len());
        all.first().copied()
    }
}

enum Backend {
    Wire {
        server: wiremock::MockServer,
        replies: Arc<Mutex<VecDeque<Reply>>>,
    },
    Memory {
        mock: MockTransport,
    },
}

/// The world one scenario runs in: a tokio runtime (for wiremock and async clients) and the
/// fake server.
pub struct Ctx {
    /// The runtime async harnesses drive their futures with.
    pub rt: tokio::runtime::Runtime,
    /// Records the delays the clients sleep between retries (no real waiting).
    pub sleeps: RecordingSleep,
    backend: Backend,
    second: Option<wiremock::MockServer>,
    faults: Option<faults::FaultServer>,
}

struct Script(Arc<Mutex<VecDeque<Reply>>>);

impl wiremock::Respond for Script {
    fn respond(&self, request: &wiremock::Request) -> wiremock::ResponseTemplate {
        let next = self.0.lock().unwrap_or_else(|p| p.into_inner()).pop_front();
        match next {
            Some(r) => {
                let mut t = wiremock::ResponseTemplate::new(r.status);
                for (k, v) in &r.headers {
                    t = t.append_header(k.as_str(), v.as_str());
                }
                t.set_body_bytes(r.body).set_delay(r.delay)
            }
            None => wiremock::ResponseTemplate::new(599).set_body_string(format!(
                "contract suite: no reply queued for {} {}",
                request.method,
                request.url.path()
            )),
        }
    }
}

impl Ctx {
    /// A context with a wiremock server on 127.0.0.1 (`wire`) or an in-memory mock.
    pub fn new(wire: bool) -> Self {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("tokio runtime");
        let backend = if wire {
            let replies = Arc::new(Mutex::new(VecDeque::new()));
            let server = start_scripted(&rt, replies.clone());
            Backend::Wire { server, replies }
        } else {
            Backend::Memory {
                mock: MockTransport::new(),
            }
        };
        Self {
            rt,
            sleeps: RecordingSleep::new(),
            backend,
            second: None,
            faults: None,
        }
    }

    /// A base URL whose server answers request `i` with `script[i]` (then 599s): socket
    /// faults for socket transports (a [`faults::FaultServer`] on 127.0.0.1); for the memory
    /// backend, the equivalent canned outcome (a truncated body is a `Body` error, a
    /// [`faults::Fault::Raw`] answer — meant to be invalid HTTP — a `Protocol` error, a close
    /// before answering an `Io` error that may have been applied).
    pub fn scripted_base_url(&mut self, script: Vec<faults::Fault>) -> String {
        match &self.backend {
            Backend::Wire { .. } => {
                let server = faults::FaultServer::start(move |_, i| {
                    script
                        .get(i as usize)
                        .cloned()
                        .unwrap_or_else(|| faults::Fault::json(599, "{}"))
                })
                .expect("fault server");
                let url = server.url();
                self.faults = Some(server);
                url
            }
            Backend::Memory { mock } => {
                for fault in script {
                    match fault {
                        faults::Fault::Respond {
                            status,
                            headers,
                            body,
                        } => {
                            let h: Vec<(&str, &str)> = headers
                                .iter()
                                .map(|(k, v)| (k.as_str(), v.as_str()))
                                .collect();
                            mock.push(status, &h, body);
                        }
                        faults::Fault::Stream {
                            status, len, pause, ..
                        } => {
                            if pause.is_zero() {
                                // A big body at full speed: the mock applies the same caps.
                                let body = vec![b'x'; len.min(4 << 20) as usize];
                                mock.push(status, &[], body);
                            } else if status < 300 {
                                // A drip outlasts any total timeout a scenario sets.
                                mock.push_error(cartesia_core::transport::deadline_error());
                            } else {
                                // An error body cut by its time bound after a few bytes.
                                let mut r = http::Response::new(bytes::Bytes::from_static(b"xxx"));
                                *r.status_mut() =
                                    http::StatusCode::from_u16(status).expect("valid status");
                                r.extensions_mut()
                                    .insert(cartesia_core::TruncatedBody { kept: 3 });
                                mock.push_response(r);
                            }
                        }
                        faults::Fault::Truncated { .. } => {
                            mock.push_error(TransportError::msg(
                                TransportErrorKind::Body,
                                "body shorter than its Content-Length (simulated)",
                            ));
                        }
                        faults::Fault::Raw { .. } => {
                            mock.push_error(TransportError::msg(
                                TransportErrorKind::Protocol,
                                "the answer is not valid HTTP (simulated)",
                            ));
                        }
                        _ => {
                            mock.push_error(TransportError::msg(
                                TransportErrorKind::Io,
                                "connection closed before a response (simulated)",
                            ));
                        }
                    }
                }
                self.base_url()
            }
        }
    }

    /// The body bytes the scripted server's [`faults::Fault::Stream`] answers wrote (0 for the
    /// memory backend).
    pub fn streamed_bytes(&self) -> u64 {
        self.faults
            .as_ref()
            .map_or(0, faults::FaultServer::streamed_bytes)
    }

    /// The requests the scripted server read.
    pub fn scripted_received(&self) -> usize {
        match (&self.faults, &self.backend) {
            (Some(server), _) => server.requests().len(),
            (None, Backend::Memory { mock }) => mock.requests().len(),
            (None, Backend::Wire { .. }) => 0,
        }
    }

    /// The request heads the scripted server saw, byte for byte, lossily as text (socket
    /// transports only: `None` for the memory backend, whose requests have no wire form).
    pub fn scripted_raw_heads(&self) -> Option<Vec<String>> {
        self.faults.as_ref().map(|server| {
            server
                .raw_heads()
                .iter()
                .map(|h| String::from_utf8_lossy(h).into_owned())
                .collect()
        })
    }

    /// Whether this context talks over sockets.
    pub fn is_wire(&self) -> bool {
        matches!(self.backend, Backend::Wire { .. })
    }

    /// For socket backends: a second server, reached as `http://localhost:<port>` (another
    /// host than the first server's `127.0.0.1`), answering every request with `reply`.
    /// Returns its base URL.
    pub fn start_second_host(&mut self, reply: Reply) -> Option<String> {
        if !self.is_wire() {
            return None;
        }
        let replies = Arc::new(Mutex::new(VecDeque::from(vec![reply; 4])));
        let server = start_scripted(&self.rt, replies);
        let url = format!("http://localhost:{}", server.address().port());
        self.second = Some(server);
        Some(url)
    }

    /// The requests the second host received.
    pub fn second_host_received(&self) -> Vec<Seen> {
        match &self.second {
            Some(server) => self.wire_received(server),
            None => Vec::new(),
        }
    }

    fn wire_received(&self, server: &wiremock::MockServer) -> Vec<Seen> {
        self.rt
            .block_on(server.received_requests())
            .unwrap_or_default()
            .into_iter()
            .map(seen_from_wiremock)
            .collect()
    }

    /// The base URL clients should use.
    pub fn base_url(&self) -> String {
        match &self.backend {
            Backend::Wire { server, .. } => server.uri(),
            Backend::Memory { .. } => "http://127.0.0.1:9".to_owned(),
        }
    }

    /// A builder with the test key, this context's base URL, and the recording sleeper.
    pub fn builder(&self) -> ClientBuilder {
        ClientBuilder::new()
            .api_key(TEST_KEY)
            .base_url(self.base_url())
            .async_sleep(self.sleeps.clone())
            .blocking_sleep(self.sleeps.clone())
    }

    /// The in-memory transport (for the memory harnesses).
    pub fn memory_transport(&self) -> Option<MockTransport> {
        match &self.backend {
            Backend::Memory { mock } => Some(mock.clone()),
            Backend::Wire { .. } => None,
        }
    }

    /// Queues a reply.
    pub fn reply(&self, reply: Reply) {
        match &self.backend {
            Backend::Wire { replies, .. } => replies
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push_back(reply),
            Backend::Memory { mock } => {
                let mut response = http::Response::new(bytes::Bytes::from(reply.body));
                *response.status_mut() =
                    http::StatusCode::from_u16(reply.status).expect("valid status");
                for (k, v) in &reply.headers {
                    response.headers_mut().append(
                        http::HeaderName::from_bytes(k.as_bytes()).expect("header name"),
                        http::HeaderValue::from_str(v).expect("header value"),
                    );
                }
                mock.push_delayed(response, reply.delay);
            }
        }
    }

    /// A base URL where nothing listens: a port just released on 127.0.0.1 for socket
    /// transports; for the memory backend, `attempts` queued connect failures.
    pub fn refused_base_url(&self, attempts: usize) -> String {
        match &self.backend {
            Backend::Wire { .. } => {
                let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
                let port = listener.local_addr().expect("addr").port();
                drop(listener);
                format!("http://127.0.0.1:{port}")
            }
            Backend::Memory { mock } => {
                for _ in 0..attempts {
                    mock.push_error(TransportError::new(
                        TransportErrorKind::Connect,
                        std::io::Error::new(
                            std::io::ErrorKind::ConnectionRefused,
                            "Connection refused (simulated)",
                        ),
                    ));
                }
                self.base_url()
            }
        }
    }

    /// The requests the server received, oldest first.
    pub fn received(&self) -> Vec<Seen> {
        match &self.backend {
            Backend::Wire { server, .. } => self.wire_received(server),
            Backend::Memory { mock } => mock
                .requests()
                .into_iter()
                .map(|r| Seen {
                    method: r.method.to_string(),
                    path_and_query: r.path_and_query().to_owned(),
                    headers: header_pairs(&r.headers),
                    body: r.body.to_vec(),
                })
                .collect(),
        }
    }
}

/// A wiremock server on 127.0.0.1 that answers every request with the next queued reply.
fn start_scripted(
    rt: &tokio::runtime::Runtime,
    replies: Arc<Mutex<VecDeque<Reply>>>,
) -> wiremock::MockServer {
    rt.block_on(async {
        let server = wiremock::MockServer::start().await;
        wiremock::Mock::given(wiremock::matchers::any())
            .respond_with(Script(replies))
            .mount(&server)
            .await;
        server
    })
}

fn seen_from_wiremock(r: wiremock::Request) -> Seen {
    Seen {
        method: r.method.to_string(),
        path_and_query: match r.url.query() {
            Some(q) => format!("{}?{}", r.url.path(), q),
            None => r.url.path().to_owned(),
        },
        headers: header_pairs(&r.headers),
        body: r.body,
    }
}

fn header_pairs(h: &http::HeaderMap) -> Vec<(String, String)> {
    h.iter()
        .map(|(k, v)| {
            (
                k.as_str().to_ascii_lowercase(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect()
}

/// A JSON array of `n` phone numbers of `agent_id` in the seed's shape.
pub fn phone_numbers_json(agent_id: &str, n: usize) -> String {
    let items: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            serde_json::json!({
                "agent_id": agent_id,
                "number": format!("+1415555{:04}", i % 10_000),
                "created_at": if i % 2 == 0 { "2026-03-31T17:37:05.961874Z" } else { "2026-03-01T12:00:00Z" },
                "updated_at": "2026-04-01T08:00:00.5+02:00",
                "is_cartesia_managed": true,
            })
        })
        .collect();
    serde_json::Value::Array(items).to_string()
}

/// `POST /test/orders` with `{"id": ...}`: a non-idempotent endpoint for the reliability
/// scenarios (not a Cartesia endpoint). Returns the JSON answer.
#[derive(Debug, Clone)]
pub struct CreateTestOrder {
    id: String,
}

impl CreateTestOrder {
    /// An order with this id.
    pub fn new(id: &str) -> Self {
        Self { id: id.to_owned() }
    }
}

impl cartesia_core::Endpoint for CreateTestOrder {
    type Output = serde_json::Value;
    fn method(&self) -> http::Method {
        http::Method::POST
    }
    fn path_template(&self) -> &'static str {
        "/test/orders"
    }
    fn write_path(
        &self,
        url: &mut cartesia_core::endpoint::UrlWriter,
    ) -> Result<(), cartesia_core::Error> {
        url.push_literal("/test/orders");
        Ok(())
    }
    fn body(&self) -> Result<Option<cartesia_core::endpoint::RequestBody>, cartesia_core::Error> {
        cartesia_core::endpoint::RequestBody::json(&serde_json::json!({ "id": self.id })).map(Some)
    }
    fn parse(
        &self,
        response: cartesia_core::HttpResponse,
    ) -> Result<Self::Output, cartesia_core::Error> {
        cartesia_core::endpoint::decode_json(&response)
    }
}

/// Formats `t` as an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), for `retry-after`.
pub fn http_date(t: std::time::SystemTime) -> String {
    let secs = t
        .duration_since(std::time::SystemTime::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Civil date from days since 1970-01-01 (proleptic Gregorian).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    format!(
        "{}, {:02} {} {} {:02}:{:02}:{:02} GMT",
        WEEKDAYS[days.rem_euclid(7) as usize],
        day,
        MONTHS[(month - 1) as usize],
        year,
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Expands every scenario into a `#[test]` inside `mod $module`, run with harness `$harness`.
#[macro_export]
macro_rules! contract_suite {
    ($module:ident, $harness:ty) => {
        $crate::__contract_tests!($module, $harness;
            sends_exact_request,
            resource_and_execute_agree,
            version_override_per_client,
            version_override_per_request,
            path_segments_are_one_encoded_segment,
            bad_ids_are_refused_before_io,
            decodes_zero_one_and_many,
            unknown_fields_are_ignored,
            missing_field_names_the_path,
            bad_timestamp_names_the_path,
            malformed_json_is_a_decode_error,
            non_json_success_body_is_a_decode_error,
            structured_api_errors_are_typed,
            html_error_body_is_kept_raw,
            empty_error_body,
            connection_refused_is_a_connect_error,
            key_never_shows,
            key_with_line_break_is_refused,
            large_body_is_not_capped_silently,
            body_over_the_limit_is_a_typed_error,
            limit_above_10_mib_is_exact,
            retries_5xx_then_succeeds,
            gives_up_after_three_5xx,
            per_request_max_retries,
            retry_after_seconds,
            retry_after_ms,
            retry_after_http_date,
            retry_after_over_60s_falls_back,
            should_retry_false_stops,
            should_retry_true_retries_400,
            connection_refused_is_retried_then_surfaced,
            slow_response_times_out,
            per_request_timeout,
            non_idempotent_timeout_is_not_replayed,
            non_idempotent_5xx_is_retried,
            truncated_body_is_a_body_error,
            closed_before_answer_is_retried_for_get,
            agents_operations,
            calls_operations,
            call_batches_operations,
            phone_numbers_operations,
            providers_operations,
            metrics_operations,
            webhooks_operations,
            speech_operations,
            speech_input_refused_before_io,
            retried_upload_sends_identical_bytes,
            sse_failures_are_typed,
            tts_bytes_streamed,
            concurrency_limit_holds_under_200_calls,
            concurrency_limited_429_is_retried,
            tts_audio_into_a_writer,
            tts_sse_streamed,
            access_token_authenticates,
            folders_operations,
            documents_operations,
            audio_download_buffered_and_streamed,
            datasets_operations,
            fine_tunes_operations,
            files_operations,
            pronunciation_dicts_operations,
            usage_and_api_keys_operations,
            organizations_operations,
            plain_http_to_remote_host_is_refused,
            cursor_that_does_not_advance_ends_the_walk,
            dripping_body_is_cut_by_the_total_timeout,
            dripping_streamed_body_is_cut_by_the_total_timeout,
            dripping_error_body_does_not_hang,
            error_body_is_capped,
            cross_origin_redirect_is_not_followed,
            same_origin_redirects_are_followed,
            redirect_methods_follow_rfc_9110,
            redirect_loops_are_bounded,
            garbage_status_line_is_a_protocol_error,
            conflicting_content_lengths_are_a_protocol_error,
            oversized_header_block_is_a_protocol_error,
            too_many_headers_are_a_protocol_error,
            bodiless_post_put_patch_send_content_length_zero,
            out_of_range_port_is_refused_at_build,
            base_url_credentials_are_redacted,
        );
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __contract_tests {
    ($module:ident, $harness:ty; $($name:ident),* $(,)?) => {
        mod $module {
            $(
                #[test]
                fn $name() {
                    $crate::scenarios::$name::<$harness>();
                }
            )*
        }
    };
}

/// The README's Rust examples, compiled (and the runnable ones run) as doc tests.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;

/// `docs/TRANSPORTS.md`'s example, compiled as a doc test so it stays true.
#[doc = include_str!("../../docs/TRANSPORTS.md")]
#[cfg(doctest)]
pub struct TransportsDoctests;

/// `docs/RELIABILITY.md`'s example, compiled and run as a doc test.
#[doc = include_str!("../../docs/RELIABILITY.md")]
#[cfg(doctest)]
pub struct ReliabilityDoctests;
