//! A stateful, Cartesia-compatible HTTP server on `127.0.0.1`, with demo data.
//!
//! [`MockServer`] listens on an ephemeral port and answers like the Cartesia API
//! (version `2026-03-01`): every Agents operation the SDK implements, in the wire shapes
//! of the API's specification, with creates, updates and deletes that change what later
//! gets and lists return. It is the embedded server of the `cartesia-rs` command line
//! (its `--mock`, any run without an API key, and `cartesia-rs mock`), and a local
//! Cartesia for integration tests of code built on this SDK — or on any other client,
//! through its base-URL setting.
//!
//! The server runs axum on hyper, on a tokio runtime of its own thread; the API here is
//! synchronous, so a blocking test needs no runtime of its own.
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
//! # Rules every request meets
//!
//! * `Authorization: Bearer <token>` with a non-empty token, equal to the configured key
//!   if [`MockServerBuilder::api_key`] was used; otherwise `401` `"invalid_api_key"`.
//! * `Cartesia-Version: YYYY-MM-DD`; otherwise `400` `"invalid_version"`. (The WebSocket
//!   routes also take both as `?api_key=` or `?access_token=` and `?cartesia_version=`, as
//!   the API does.)
//! * An unknown path gets `404` `"not_found"`, a known path with another method `405`
//!   `"method_not_allowed"`.
//! * Every response has an `x-request-id` (UUID-shaped), which error bodies repeat:
//!
//! ```json
//! {"error_code": "agent_not_found", "title": "Agent not found",
//!  "message": "No agent exists with the given ID.",
//!  "request_id": "6d6f636b-1f90-4000-8000-000000000007",
//!  "doc_url": "https://docs.cartesia.ai/use-the-api/api-errors"}
//! ```
//!
//! Bad input gets a structured error: a malformed query, path or JSON body `400`
//! `"invalid_request"`; a JSON body that breaks the schema (a missing required field, a
//! wrong type, a value out of its enumeration) `422` `"validation_error"`; an unknown id
//! `404` (`"agent_not_found"`, `"call_not_found"`, `"kb_folder_not_found"`, ...); a
//! duplicate `409` (an imported number, a metric name, a Twilio account and region, a
//! provider or webhook still in use). Path parameters are percent-decoded; query values
//! are form-decoded. Request bodies over 16 MiB get `413`.
//!
//! # Routes
//!
//! Every implemented Agents operation (see `cartesia_core::endpoints::catalog`):
//!
//! | family | routes |
//! |---|---|
//! | agents | `GET /agents`, `GET/PATCH/DELETE /agents/{agent_id}`, `GET /agents/{agent_id}/phone-numbers`, `GET /agents/{agent_id}/deployments`, `GET /agents/deployments/{deployment_id}`, `GET /agents/templates` |
//! | calls | `GET/POST /agents/calls`, `GET/DELETE /agents/calls/{call_id}`, `POST .../cancel`, `GET .../logs`, `GET .../audio` |
//! | batches | `GET/POST /agents/calls/batches`, `GET /agents/calls/batches/{batch_id}`, `POST .../cancel`, `POST .../retry` |
//! | phone numbers | `GET/POST /agents/phone-numbers`, `POST /agents/phone-numbers/provision`, `GET/PATCH/DELETE /agents/phone-numbers/{id}` |
//! | providers | `GET/POST /agents/phone-numbers/providers`, `GET/PATCH/DELETE /agents/phone-numbers/providers/{id}` |
//! | metrics | `GET/POST /agents/metrics`, `GET/DELETE /agents/metrics/{metric_id}`, `GET /agents/metrics/results`, `GET /agents/metrics/results/export` (CSV), `POST/DELETE /agents/{agent_id}/metrics/{metric_id}` |
//! | webhooks | `GET/POST /agents/webhooks`, `GET/PATCH/DELETE /agents/webhooks/{webhook_id}` |
//! | knowledge base | `GET/POST /agents/folders`, `GET/PATCH/DELETE /agents/folders/{id}`, `GET/POST /agents/documents`, `POST /agents/documents/bulk`, `GET/PATCH/DELETE /agents/documents/{document_id}` |
//! | speech | `POST /tts/bytes`, `POST /tts/sse`, `POST /voice-changer/bytes`, `POST /voice-changer/sse`, `POST /infill/bytes`, `POST /stt` |
//! | voices | `GET /voices`, `GET/PATCH/DELETE /voices/{id}`, `POST /voices/clone`, `POST /voices/localize` |
//! | auth, status | `POST /access-token`, `GET /` (no credentials needed) |
//! | WebSockets | `GET /tts/websocket`, `GET /stt/websocket`, `GET /stt/turns/websocket` (see [below](#websockets)) |
//!
//! Lists that the API pages are cursor pages, `{"data": [...], "has_more": bool,
//! "next_page": id|null}`, honouring `limit` (1–100, default 10) and `starting_after` or
//! `ending_before` (not both; the metrics list takes only `starting_after`); an unknown
//! cursor is a `400`. Paging backwards, `next_page` is the first id of the page (the
//! cursor for the page before it). New records get ids in the API's style, a prefix and
//! 26 ULID-like characters (`wh_01J…`, `ac_…`, `pn_…`, `fold_…`); timestamps are RFC
//! 3339 in UTC.
//!
//! `GET /agents/calls/{call_id}/audio` streams a WAV file in 4 kB chunks.
//!
//! # WebSockets
//!
//! The upgrades pass the same key and version checks as REST (`401`, `400` before any
//! upgrade; the key may also come as `?api_key=` or `?access_token=`, the version as
//! `?cartesia_version=`), and every socket is closed (`1000`, reason "idle timeout") after
//! [`MockServerBuilder::ws_idle_timeout`] without a frame from the client (5 minutes by
//! default, as the API; a ping counts).
//!
//! * `/tts/websocket`: every text frame is a generation request for its `context_id`
//!   (checked like `/tts/sse`: raw output only; a bad one gets an `error` message carrying
//!   the context id, and other contexts go on) or `{"context_id", "cancel": true}` (nothing
//!   more is sent for it). Contexts run side by side and their messages interleave, one
//!   message per context in turn: `chunk` (base64 audio in the requested encoding and rate,
//!   `flush_id` from 1), `timestamps` and `phoneme_timestamps` when asked (times from the
//!   context's start), `flush_done` with the flush id for `flush: true`, `done` after the
//!   input with `continue: false`. A frame that is not a JSON object with a `context_id`
//!   gets an `error` without one.
//! * `/stt/websocket?model&encoding&sample_rate` (and `language`, `min_volume`, `keyterm`;
//!   a bad query is a `400`): binary audio; one made-up word per 400 ms of audio that is not
//!   silence, with `{word, start, end}` times from the stream's start; an interim
//!   `transcript` (`is_final: false`) as each word completes; `finalize` answers the final
//!   transcript of the words since the last one, then `flush_done`; `close` finalizes,
//!   answers `done` and closes.
//! * `/stt/turns/websocket?model=ink-2&encoding&sample_rate`: `connected`, then per turn of
//!   speech `turn.start`, `turn.update` (the turn's text so far) as words complete,
//!   `turn.eager_end` after 300 ms of silence, `turn.resume` if speech comes back, and
//!   `turn.end` after 800 ms of silence; `{"type":"close"}` ends the open turn and closes.
//!
//! # Speech
//!
//! The audio is real and deterministic: every character of the transcript is 50 ms (at
//! `generation_config.speed` 1.0) of a short tone whose pitch depends on the character and
//! the voice (whitespace is silence), scaled by `generation_config.volume`, at the
//! requested sample rate, in the requested encoding (`pcm_s16le`, `pcm_f32le`,
//! `pcm_mulaw`, `pcm_alaw`) and container: raw samples, a WAV file (the 44-byte PCM
//! header for `pcm_s16le`; a `fmt ` chunk with `cbSize` and a `fact` chunk for the
//! others), or an MP3 stream (MPEG-1/2/2.5 Layer III frames from the pure-Rust
//! `rusty_mp3` encoder; a bit rate the MPEG version lacks, such as 192 kbps at 24 kHz and
//! below, is snapped to the nearest one, 160). Bodies are streamed in pieces of about
//! 4 kB. `save: true` adds a `Cartesia-File-ID` header. The request is checked as the
//! specification says: `model_id`, `transcript`, `voice` (`{"mode": "id", "id"}` of a
//! known voice, else `404` `"voice_not_found"`) and `output_format` with the fields its
//! `container` needs (`422` otherwise); generation ranges; transcripts of at most 5000
//! characters.
//!
//! `POST /tts/sse` (raw output only) sends `chunk` events of base64 audio; with
//! `add_timestamps` a `timestamps` event (`word_timestamps`: `words`, `start`, `end`) for
//! the words each chunk completes, and with `add_phoneme_timestamps` a
//! `phoneme_timestamps` event (one "phoneme" per letter); then `done`. Each event is
//! `event: <type>` and `data: <json>`; `context_id` is echoed. `POST /voice-changer/sse`
//! sends chunk events without `type` (`status_code` 206, `sample_rate`) and `{"status_code":
//! 200, "done": true}`.
//!
//! Uploads are multipart: the voice changer (`clip`, `voice[id]`, `output_format[...]`)
//! answers audio as long as the clip; infill (`left_audio` and/or `right_audio`,
//! `model_id`, `transcript`, `voice_id`, `output_format[...]`) speaks the transcript; STT
//! (`file`, `model`, `language`, `timestamp_granularities[]=word`; query `encoding` and
//! `sample_rate` for headerless PCM) answers a `TranscriptionResponse` with the upload's
//! duration (from a WAV header, an MP3 stream, or the PCM size) and one made-up word per
//! 400 ms, chosen by the audio's bytes, with `words` when asked.
//!
//! Voices: [`DEMO_VOICE_ID`] and eleven more public demo voices (always there, with or
//! without demo data), then the account's own, newest first: `GET /voices` pages them
//! (`limit`, `starting_after`, `ending_before`) and filters by `q` (name or description),
//! `is_owner`, `gender` and `language`; `expand[]=preview_file_url` adds the preview URL.
//! `POST /voices/clone` (multipart `clip`, `name`, `language`, ...) and `POST
//! /voices/localize` add an owned voice and answer its `VoiceMetadata`; only owned voices
//! can be updated or deleted (`403` `"voice_not_owned"`).
//!
//! `POST /access-token` (with the API key; `expires_in` 1 to 3600) answers `{"token"}`,
//! which the server then accepts as a bearer credential like the key.
//!
//! # Faults on demand
//!
//! [`MockServerBuilder::fault`] adds a [`FaultRule`]: chosen routes answer `429` with
//! `Retry-After`, a `5xx`, wait before answering, send their body slowly or cut it off —
//! for testing a client's retry and timeout handling.
//!
//! # Demo data
//!
//! Unless [`MockServerBuilder::without_demo_data`] is used:
//!
//! | what | ids |
//! |---|---|
//! | agents | [`DEMO_AGENT_ID`] (`agent_demo`, "demo-receptionist", one number) and [`DEMO_SUPPORT_AGENT_ID`] (`agent_support`, "customer-support", two numbers) |
//! | deployments | `dep_demo_2` (deployed, live) and `dep_demo_1` (inactive) of `agent_demo`; `dep_support_2` (building: its later times are `null`) and `dep_support_1` of `agent_support` |
//! | calls of `agent_demo` | [`DEMO_AGENT_CALL_COUNT`] (12) calls `ac_demo_01` … `ac_demo_12`, two pages of the default size: `ac_demo_12` in progress (`started`), `ac_demo_06` `failed`, `ac_demo_02` redacted, the rest `completed`; [`DEMO_CALL_ID`] (`ac_demo_01`) has a transcript, logs and audio |
//! | calls of `agent_support` | `ac_support_01` … `ac_support_03`, completed |
//! | batches | `acb_demo_spring` (completed; one recipient failed) |
//! | phone numbers | `pn_14155550123` (agent_demo), `pn_14155550188` and `pn_12125550142` (agent_support; the latter on Twilio), `pn_14155550199` (unassigned), `pn_16505550111` (on the SIP trunk) |
//! | providers | `prov_demo_twilio`, `prov_demo_sip` |
//! | webhooks | `wh_demo_calls`, `wh_support_crm` (both attached to an agent) |
//! | metrics | `met_resolved`, `met_sentiment`, `met_booking`, attached to the agents, with results for their transcribed calls |
//! | knowledge base | folders `fold_demo_clinic` (with `fold_demo_hours` inside) and `fold_demo_support`; documents `doc_demo_services`, `doc_demo_hours`, `doc_demo_refunds` |
//! | templates | `tmpl_receptionist`, `tmpl_outbound_survey` |
//!
//! An agent added with [`MockServerBuilder::agent`] or
//! [`MockServerBuilder::generated_agent`] is listed too, with a summary made up from its
//! id and numbers, no deployments and no calls; with a demo agent's id, it keeps that
//! agent's summary, deployments and calls and replaces only its numbers. Without demo
//! data the other families start empty.

#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod audio;
mod data;
mod demo;
mod error;
mod fault;
mod routes;
mod server;
mod store;
mod support;

use std::fmt;
use std::io;
use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::sync::atomic::Ordering;
use std::sync::Arc;

pub use data::{
    demo_agents, generated_phone_numbers, DemoPhoneNumber, DEMO_AGENT_ID, DEMO_SUPPORT_AGENT_ID,
};
pub use demo::{DEMO_AGENT_CALL_COUNT, DEMO_CALL_ID};
pub use fault::{FaultKind, FaultRule};
pub use routes::DEMO_VOICE_ID;

use server::{lock, App, Running};
use store::Store;

/// A request as received by a [`MockServer`].
///
/// Every request is recorded once its body has been read (before the route runs),
/// including those answered with `401`, `404` and so on.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RecordedRequest {
    /// The method, e.g. `GET`.
    pub method: String,
    /// The request target exactly as received: path and query string, not
    /// percent-decoded (e.g. `/agents/a%2Fb/phone-numbers?limit=1`).
    pub path: String,
    /// Header fields in the order received, names in lower case and values with
    /// surrounding whitespace removed (bytes that are not UTF-8 are replaced with
    /// U+FFFD).
    pub headers: Vec<(String, String)>,
    /// The request body.
    pub body: Vec<u8>,
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

    /// The body parsed as JSON, if it is JSON.
    pub fn json(&self) -> Option<serde_json::Value> {
        serde_json::from_slice(&self.body).ok()
    }
}

/// Configures a [`MockServer`]; created by [`MockServer::builder`].
#[derive(Debug, Clone)]
pub struct MockServerBuilder {
    api_key: Option<String>,
    demo_data: bool,
    agents: Vec<(String, Vec<DemoPhoneNumber>)>,
    record_requests: bool,
    faults: Vec<FaultRule>,
    port: u16,
    ws_idle: std::time::Duration,
}

impl Default for MockServerBuilder {
    fn default() -> Self {
        MockServerBuilder {
            api_key: None,
            demo_data: true,
            agents: Vec::new(),
            record_requests: true,
            faults: Vec::new(),
            port: 0,
            ws_idle: server::DEFAULT_WS_IDLE,
        }
    }
}

impl MockServerBuilder {
    cartesia_types::setters! {
        /// Requires the bearer token of every request to equal `key`.
        ///
        /// Without it, any non-empty bearer token is accepted.
        fn api_key(key: impl Into<String>) = Some;
    }

    /// Adds an agent with the given phone numbers, replacing any agent
    /// (including a demo agent) with the same id.
    ///
    /// The numbers are served as given by `GET /agents/{agent_id}/phone-numbers`; their
    /// `agent_id` fields are not checked against `agent_id`. A number that is not
    /// Cartesia-managed is put on a Twilio provider.
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
    /// large response).
    pub fn generated_agent(self, agent_id: impl Into<String>, n: usize) -> Self {
        let agent_id = agent_id.into();
        let numbers = generated_phone_numbers(&agent_id, n);
        self.agent(agent_id, numbers)
    }

    cartesia_types::setters! {
        /// Leaves out the demo data; only agents added with [`agent`](Self::agent) or
        /// [`generated_agent`](Self::generated_agent) are served, and the other families
        /// start empty.
        fn without_demo_data() -> demo_data = false;
        /// Whether to keep every request for [`MockServer::requests`] (the
        /// default). Turn it off for long runs so memory stays flat;
        /// [`MockServer::request_count`] still counts.
        fn record_requests(record: bool) { self.record_requests = record }
        /// Listens on this port of `127.0.0.1` instead of an ephemeral one (`0`, the
        /// default).
        fn port(port: u16) { self.port = port }
        /// Closes a WebSocket that received no frame (not even a ping) for `idle`, with a
        /// normal close (`1000`); 5 minutes by default, as the API.
        fn ws_idle_timeout(idle: std::time::Duration) { self.ws_idle = idle }
    }

    /// Adds a fault rule (see [`FaultRule`]). Rules are tried in the order added; the
    /// first that matches a request and has firings left applies.
    pub fn fault(mut self, rule: FaultRule) -> Self {
        self.faults.push(rule);
        self
    }

    /// Binds `127.0.0.1` and starts serving on a thread of its own.
    pub fn start(self) -> io::Result<MockServer> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, self.port))?;
        let addr = listener.local_addr()?;
        let store = Store::new(addr.port(), self.demo_data, self.agents);
        let app = Arc::new(
            App::new(
                addr.port(),
                store,
                self.api_key,
                self.record_requests,
                self.faults,
            )
            .with_ws_idle(self.ws_idle),
        );
        let running = server::spawn(listener, Arc::clone(&app), routes::router())?;
        Ok(MockServer { addr, app, running })
    }
}

/// A running Cartesia-compatible server on `127.0.0.1`.
///
/// See the [crate documentation](crate) for what it serves. The server stops when
/// [`shutdown`](Self::shutdown) is called or the value is dropped: open connections are
/// closed and the server's thread is joined.
pub struct MockServer {
    addr: SocketAddr,
    app: Arc<App>,
    running: Running,
}

impl MockServer {
    /// Starts a server with the demo data, accepting any non-empty bearer token.
    pub fn start() -> io::Result<MockServer> {
        Self::builder().start()
    }

    /// A builder to configure the API key, agents, faults and request recording.
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
        lock(&self.app.requests).clone()
    }

    /// Forgets the requests recorded so far (the count is kept).
    pub fn clear_requests(&self) {
        lock(&self.app.requests).clear();
    }

    /// How many requests have been received so far (counted whether or not
    /// they are recorded).
    pub fn request_count(&self) -> usize {
        self.app.request_count.load(Ordering::SeqCst)
    }

    /// Stops the server: stops accepting, closes open connections and waits for the
    /// server's thread to finish. Dropping the server does the same.
    pub fn shutdown(mut self) {
        self.running.stop();
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.running.stop();
    }
}

impl fmt::Debug for MockServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockServer")
            .field("addr", &self.addr)
            .field("api_key", &self.app.api_key.as_ref().map(|_| "<set>"))
            .field("agents", &self.app.store().agents.len())
            .field("request_count", &self.request_count())
            .finish()
    }
}
