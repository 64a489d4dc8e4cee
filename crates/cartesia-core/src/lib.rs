//! The transport-agnostic core of the Cartesia Rust SDK.
//!
//! - [`Endpoint`]: every API operation as a plain struct (method, path, query, body, and how
//!   to decode the answer) — see [`endpoints`].
//! - [`Transport`] / [`BlockingTransport`]: one HTTP exchange over `http` types. Adapters:
//!   `cartesia-reqwest` (async, tokio) and `cartesia-ureq` (blocking, no runtime).
//! - [`AsyncClient`] / [`BlockingClient`]: made by one [`ClientBuilder`]; both run the same
//!   pure [`pipeline`] (build the request, classify the response, decode it).
//! - [`Error`]: one error type that names the API error, the transport failure, the JSON path
//!   that failed to decode, or the parameter refused before any I/O. It never contains the
//!   API key.
//!
//! This crate depends on no HTTP library and no async runtime.
//!
//! ```
//! use cartesia_core::{ClientBuilder, Error};
//! # use cartesia_core::mock::MockTransport;
//! # let transport = MockTransport::new();
//! # transport.push_json(200, "[]");
//!
//! let client = ClientBuilder::new().api_key("sk_car_...").build_blocking(transport)?;
//! let numbers = client.agents().list_phone_numbers("agent_123")?;
//! for n in &numbers {
//!     println!("{} {}", n.number, n.agent_id);
//! }
//! # Ok::<(), Error>(())
//! ```
#![deny(missing_docs)]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod call;
mod client;
mod config;
pub mod endpoint;
pub mod endpoints;
mod error;
pub mod limit;
pub mod multipart;
pub mod pager;
pub mod pipeline;
pub mod prelude;
pub mod redirect;
pub mod resources;
pub mod retry;
mod secret;
pub mod sleep;
pub mod sse;
pub mod transport;
pub mod wav;
pub mod ws;

#[cfg(test)]
mod test_support;

#[cfg(feature = "test-util")]
pub mod mock;

pub use cartesia_types as types;
pub use cartesia_types::{ApiVersion, PhoneNumber};
pub use client::{AsyncClient, BlockingClient};
pub use config::{
    redact_url_credentials, ClientBuilder, ClientConfig, RequestOptions, DEFAULT_BASE_URL,
    DEFAULT_MAX_REDIRECTS, DEFAULT_TOTAL_TIMEOUT, ENV_API_KEY, ENV_BASE_URL, USER_AGENT,
};
pub use endpoint::{Endpoint, KeyKind, Raw};
pub use error::{
    ApiError, ApiErrorKind, ConfigError, ConfigErrorKind, DecodeError, Error, InvalidRequest,
    PaginationError,
};
pub use pager::{AsyncPages, BlockingItems, BlockingPages, CursorPager, Paginated};
pub use redirect::{RedirectError, RedirectRefusal};
pub use resources::{
    AsyncAccessTokens, AsyncEvents, AsyncInfill, AsyncStatus, AsyncStt, AsyncTts,
    AsyncVoiceChanger, AsyncVoices, BlockingAccessTokens, BlockingEvents, BlockingInfill,
    BlockingStatus, BlockingStt, BlockingTts, BlockingVoiceChanger, BlockingVoices, SpeechAudio,
    SpeechReader, SpeechStream,
};
pub use resources::{
    AsyncAgents, AsyncCallBatches, AsyncCalls, AsyncDocuments, AsyncFolders, AsyncMetrics,
    AsyncPhoneNumbers, AsyncProviders, AsyncWebhooks, BlockingAgents, BlockingCallBatches,
    BlockingCalls, BlockingDocuments, BlockingFolders, BlockingMetrics, BlockingPhoneNumbers,
    BlockingProviders, BlockingWebhooks,
};
pub use retry::RetryPolicy;
pub use secret::ApiKey;
pub use transport::{
    BlockingBody, BlockingTransport, ByteStream, ChunkSource, ErrorBodyCollector, HttpRequest,
    HttpResponse, RequestSent, SendOptions, Transport, TransportError, TransportErrorKind,
    TruncatedBody,
};
