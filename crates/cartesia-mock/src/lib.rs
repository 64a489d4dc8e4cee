//! A small Cartesia-compatible HTTP/1.1 server with demo data.
//!
//! [`MockServer`] listens on `127.0.0.1` on an ephemeral port and answers
//! like the Cartesia API (version `2026-03-01`) for the endpoints it knows.
//! It is meant for the `cartesia-rs` command line (its `--mock`, and any run
//! without an API key), for integration tests of code built on this SDK, and
//! for benchmarks: it uses plain `std` threads (no async runtime), serves
//! each connection on its own thread with HTTP/1.1 keep-alive, and sends
//! precomputed response bytes (list pages are assembled from pre-serialised
//! items).
//!
//! ```
//! use std::io::{Read, Write};
//!
//! let server = cartesia_mock::MockServer::start()?;
//! let mut stream = std::net::TcpStream::connect(server.addr())?;
//! stream.write_all(
//!     b"GET /agents/agent_demo/phone-numbers HTTP/1.1\r\n\
//!       Host: localhost\r\n\
//!       Authorization: Bearer any-non-empty-token\r\n\
//!       Cartesia-Version: 2026-03-01\r\n\
//!       Connection: close\r\n\r\n",
//! )?;
//! let mut response = String::new();
//! stream.read_to_string(&mut response)?;
//! assert!(response.starts_with("HTTP/1.1 200 OK\r\n"));
//! assert!(response.contains("\"number\":\"+14155550123\""));
//! assert_eq!(server.request_count(), 1);
//! # Ok::<(), std::io::Error>(())
//! ```
//!
//! # Endpoints and rules
//!
//! Every request must carry
//!
//! * `Authorization: Bearer <token>` with a non-empty token, equal to the
//!   configured key if [`MockServerBuilder::api_key`] was used; otherwise
//!   `401` with `error_code` `"invalid_api_key"`;
//! * `Cartesia-Version: YYYY-MM-DD`; otherwise `400` with `error_code`
//!   `"invalid_version"`.
//!
//! Then (only `GET` is served; another method on a known path gets `405`
//! `"method_not_allowed"` with `Allow: GET`, and any other path `404`
//! `"not_found"`):
//!
//! | request | `200` answer, in the API's shape | errors |
//! |---|---|---|
//! | `GET /agents/{agent_id}/phone-numbers` | a JSON array of phone numbers (see [`DemoPhoneNumber`]) | `404` `"agent_not_found"` |
//! | `GET /agents` | `{"summaries": [AgentSummary, ...]}`, every agent the server knows | |
//! | `GET /agents/{agent_id}` | one `AgentSummary` | `404` `"agent_not_found"` |
//! | `GET /agents/{agent_id}/deployments` | a JSON array of `Deployment`s, newest first | `404` `"agent_not_found"` |
//! | `GET /agents/calls?agent_id=...` | a cursor page of `AgentCall`s, newest first (see below) | `400` `"invalid_request"` without `agent_id` or `batch_id`; `404` `"agent_not_found"`; `404` `"batch_not_found"` for any `batch_id` (the mock has no batches) |
//! | `GET /agents/calls/{call_id}` | one `AgentCall`, with its transcript | `404` `"call_not_found"` |
//! | `GET /agents/webhooks` | a cursor page of `AgentWebhookSummary`s (no secrets) | |
//! | `GET /agents/metrics` | a cursor page of `Metric`s | |
//!
//! A cursor page is `{"data": [...], "has_more": bool, "next_page": id|null}`
//! and honours `limit` (1–100, default 10) and `starting_after` (the id of
//! the last item of the previous page); the calls and webhooks lists also
//! take `ending_before`. A `limit` out of range, an unknown cursor or both
//! cursors at once get `400` `"invalid_request"`. `GET /agents/calls` leaves
//! each call's transcript out unless `expand=transcript` is given; it ignores
//! `start_time_gte` and `start_time_lte`, as every route ignores query
//! parameters it does not name here.
//!
//! Ids in the path are single path segments and are percent-decoded (as
//! UTF-8) before the lookup, so `/agents/a%2Fb/phone-numbers` lists agent
//! `a/b`; an invalid percent-escape gets `400` `"invalid_request"`. Path
//! segments that name fixed routes (`calls`, `webhooks`, `metrics`,
//! `templates`, `phone-numbers`, ...) are never taken for an agent id. Query
//! values are form-decoded (`+` is a space).
//!
//! Error responses have the structured body of the real API:
//!
//! ```json
//! {"error_code": "agent_not_found", "title": "Agent not found",
//!  "message": "No agent exists with the given ID.",
//!  "request_id": "6d6f636b-1f90-4000-8000-000000000007",
//!  "doc_url": "https://docs.cartesia.ai/use-the-api/api-errors"}
//! ```
//!
//! Requests that are not valid HTTP/1.x get an error with `"error_code":
//! null` and the connection is closed: `400` for a malformed request line or
//! header, `411` for a `Transfer-Encoding` (chunked) body, `431` for an
//! oversized head and `505` for an HTTP major version other than 1.
//!
//! Every response has `Content-Type: application/json`, `Content-Length` and
//! `x-request-id`, a UUID-shaped id that is also the body's `request_id`.
//!
//! # Demo data
//!
//! Unless [`MockServerBuilder::without_demo_data`] is used, the server knows
//! the agents returned by [`demo_agents`] and these records:
//!
//! | what | ids |
//! |---|---|
//! | agents | [`DEMO_AGENT_ID`] (`agent_demo`, "demo-receptionist", one number) and [`DEMO_SUPPORT_AGENT_ID`] (`agent_support`, "customer-support", two numbers) |
//! | deployments | `dep_demo_2` (deployed, live) and `dep_demo_1` (inactive) of `agent_demo`; `dep_support_1` of `agent_support` |
//! | calls of `agent_demo` | [`DEMO_AGENT_CALL_COUNT`] (12) calls `ac_demo_01` … `ac_demo_12`, so a full listing takes two pages of the default size: `ac_demo_12` is in progress (`started`), `ac_demo_06` `failed` (an outbound call nobody answered), `ac_demo_02` redacted, the rest `completed`; [`DEMO_CALL_ID`] (`ac_demo_01`) is a completed call with a transcript |
//! | calls of `agent_support` | `ac_support_01` … `ac_support_03`, completed |
//! | webhooks | `wh_demo_calls`, `wh_support_crm` |
//! | metrics | `met_resolved`, `met_sentiment`, `met_booking` |
//!
//! An agent added with [`MockServerBuilder::agent`] or
//! [`MockServerBuilder::generated_agent`] is listed too, with a summary made
//! up from its id and numbers, no deployments and no calls; with a demo
//! agent's id, it keeps that agent's summary, deployments and calls and
//! replaces only its numbers. Without demo data, the call, webhook and metric
//! lists are empty.

#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod api;
mod data;
mod demo;
mod http;
mod server;

use std::collections::HashMap;
use std::fmt;
use std::io;
use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::thread::{self, JoinHandle};

pub use data::{
    demo_agents, generated_phone_numbers, DemoPhoneNumber, DEMO_AGENT_ID, DEMO_SUPPORT_AGENT_ID,
};
pub use demo::{DEMO_AGENT_CALL_COUNT, DEMO_CALL_ID};

use api::ApiData;
use server::{lock, JsonResponse, Shared};

/// A request as received by a [`MockServer`].
///
/// Requests are recorded once their head has been parsed (before the
/// response is sent), including those answered with `401`, `404` and so on.
/// Requests too malformed to parse are not recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RecordedRequest {
    /// The method, e.g. `GET`.
    pub method: String,
    /// The request target exactly as received: path and query string, not
    /// percent-decoded (e.g. `/agents/a%2Fb/phone-numbers?limit=1`).
    pub path: String,
    /// Header fields in the order received, names as sent and values with
    /// surrounding whitespace removed (bytes that are not UTF-8 are replaced
    /// with U+FFFD).
    pub headers: Vec<(String, String)>,
}

impl RecordedRequest {
    /// The value of the first header field called `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The path without the query string (still not percent-decoded).
    pub fn path_without_query(&self) -> &str {
        self.path
            .split_once('?')
            .map_or(self.path.as_str(), |(path, _)| path)
    }

    /// The raw query string after `?`, if any.
    pub fn query(&self) -> Option<&str> {
        self.path.split_once('?').map(|(_, query)| query)
    }
}

/// Configures a [`MockServer`]; created by [`MockServer::builder`].
#[derive(Debug, Clone)]
pub struct MockServerBuilder {
    api_key: Option<String>,
    demo_data: bool,
    agents: Vec<(String, Vec<DemoPhoneNumber>)>,
    record_requests: bool,
}

impl Default for MockServerBuilder {
    fn default() -> Self {
        MockServerBuilder {
            api_key: None,
            demo_data: true,
            agents: Vec::new(),
            record_requests: true,
        }
    }
}

impl MockServerBuilder {
    /// Requires the bearer token of every request to equal `key`.
    ///
    /// Without it, any non-empty bearer token is accepted.
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.api_key = Some(key.into());
        self
    }

    /// Adds an agent with the given phone numbers, replacing any agent
    /// (including a demo agent) with the same id.
    ///
    /// The numbers are served as given; their `agent_id` fields are not
    /// checked against `agent_id`.
    pub fn agent(mut self, agent_id: impl Into<String>, numbers: Vec<DemoPhoneNumber>) -> Self {
        let agent_id = agent_id.into();
        match self.agents.iter_mut().find(|(id, _)| *id == agent_id) {
            Some(entry) => entry.1 = numbers,
            None => self.agents.push((agent_id, numbers)),
        }
        self
    }

    /// Adds an agent with `n` deterministic synthetic phone numbers, as
    /// returned by [`generated_phone_numbers`] (e.g. `n = 1000` for a
    /// benchmark with a large response).
    pub fn generated_agent(self, agent_id: impl Into<String>, n: usize) -> Self {
        let agent_id = agent_id.into();
        let numbers = generated_phone_numbers(&agent_id, n);
        self.agent(agent_id, numbers)
    }

    /// Leaves out the [`demo_agents`]; only agents added with
    /// [`agent`](Self::agent) or [`generated_agent`](Self::generated_agent)
    /// are served.
    pub fn without_demo_data(mut self) -> Self {
        self.demo_data = false;
        self
    }

    /// Whether to keep every request for [`MockServer::requests`] (the
    /// default). Turn it off for long benchmarks so memory stays flat;
    /// [`MockServer::request_count`] still counts.
    pub fn record_requests(mut self, record: bool) -> Self {
        self.record_requests = record;
        self
    }

    /// Binds `127.0.0.1` on an ephemeral port and starts serving.
    ///
    /// Every response body that does not depend on the query string is
    /// serialised here, once.
    pub fn start(self) -> io::Result<MockServer> {
        // The agents in list order: the demo agents, then the added ones (an
        // added agent with a demo agent's id takes its place).
        let mut agents: Vec<(String, Vec<DemoPhoneNumber>)> = if self.demo_data {
            demo_agents()
        } else {
            Vec::new()
        };
        for (agent_id, numbers) in self.agents {
            match agents.iter_mut().find(|(id, _)| *id == agent_id) {
                Some(entry) => entry.1 = numbers,
                None => agents.push((agent_id, numbers)),
            }
        }
        let routes: HashMap<String, JsonResponse> = agents
            .iter()
            .map(|(agent_id, numbers)| (agent_id.clone(), JsonResponse::phone_numbers(numbers)))
            .collect();
        let api = ApiData::new(&agents, self.demo_data);
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared::new(
            addr.port(),
            routes,
            api,
            self.api_key,
            self.record_requests,
        ));
        let acceptor_shared = Arc::clone(&shared);
        let acceptor = thread::Builder::new()
            .name("cartesia-mock-accept".to_owned())
            .spawn(move || server::accept_loop(listener, acceptor_shared))?;
        Ok(MockServer {
            addr,
            shared,
            acceptor: Some(acceptor),
        })
    }
}

/// A running Cartesia-compatible HTTP/1.1 server on `127.0.0.1`.
///
/// See the [crate documentation](crate) for the endpoints it serves. The
/// server stops when [`shutdown`](Self::shutdown) is called or the value is
/// dropped: open connections are closed and all server threads are joined.
pub struct MockServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    acceptor: Option<JoinHandle<()>>,
}

impl MockServer {
    /// Starts a server with the [`demo_agents`], accepting any non-empty
    /// bearer token.
    pub fn start() -> io::Result<MockServer> {
        Self::builder().start()
    }

    /// A builder to configure the API key, agents and request recording.
    pub fn builder() -> MockServerBuilder {
        MockServerBuilder::default()
    }

    /// The base URL, `http://127.0.0.1:PORT` (no trailing slash).
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// All requests received so far, in order (empty if recording was turned
    /// off with [`MockServerBuilder::record_requests`]).
    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.shared.requests).clone()
    }

    /// Forgets the requests recorded so far (the count is kept).
    pub fn clear_requests(&self) {
        lock(&self.shared.requests).clear();
    }

    /// How many requests have been received so far (counted whether or not
    /// they are recorded; requests too malformed to parse are not counted).
    pub fn request_count(&self) -> usize {
        self.shared.request_count.load(Ordering::SeqCst)
    }

    /// Stops the server: stops accepting, closes open connections and waits
    /// for the server's threads to finish. Dropping the server does the same.
    pub fn shutdown(mut self) {
        self.stop();
    }

    fn stop(&mut self) {
        let Some(acceptor) = self.acceptor.take() else {
            return;
        };
        self.shared.stopping.store(true, Ordering::SeqCst);
        if server::wake_acceptor(self.addr) {
            let _ = acceptor.join();
            // The accept thread is gone, so every connection is registered.
            self.shared.close_connections(true);
        } else {
            // The accept thread could not be woken; it exits on its next
            // connection. Nothing is waited for, so that this never hangs.
            self.shared.close_connections(false);
        }
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.stop();
    }
}

impl fmt::Debug for MockServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockServer")
            .field("addr", &self.addr)
            .field("api_key", &self.shared.api_key.as_ref().map(|_| "<set>"))
            .field("agents", &self.shared.routes.len())
            .field("request_count", &self.request_count())
            .finish()
    }
}
