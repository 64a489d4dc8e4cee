//! Plain data models for the [Cartesia API](https://docs.cartesia.ai).
//!
//! This crate holds only types: serde models, the [`ApiVersion`] header value and a typed
//! UTC [`Timestamp`]. It does no I/O and depends on no HTTP library, so it can be used on
//! its own (for example to decode webhook payloads or stored JSON).
//!
//! ```
//! use cartesia_types::PhoneNumber;
//!
//! let json = r#"[{"agent_id":"agent_1","number":"+14155550123",
//!   "created_at":"2026-03-31T17:37:05.961874Z","updated_at":"2026-03-31T17:37:05Z",
//!   "is_cartesia_managed":true}]"#;
//! # fn decode(json: &str) -> Result<Vec<PhoneNumber>, Box<dyn std::error::Error>> {
//! #   Ok(serde_json::from_str(json)?)
//! # }
//! let numbers: Vec<PhoneNumber> = decode(json).unwrap();
//! assert_eq!(numbers[0].number, "+14155550123");
//! assert_eq!(numbers[0].created_at.to_string(), "2026-03-31T17:37:05.961874Z");
//! ```
//!
//! Conventions every model follows (and later ones will too):
//! - unknown JSON fields are ignored, so additive API changes never break decoding;
//! - timestamps are [`Timestamp`]s (UTC), accepting RFC 3339 with or without fractional seconds;
//! - response structs are `#[non_exhaustive]` and have a `new` constructor for tests;
//! - a field that may be absent or `null` is an `Option`; a PATCH body field that can be left
//!   unchanged, cleared or set is a [`Patch`];
//! - enums are open ([`open_enum!`]): an unknown value is kept as `Unknown(String)`;
//! - internally tagged unions ([`tagged_union!`]) keep an unknown kind as `Unknown(JsonValue)`;
//! - a request model whose fields have documented ranges has a `validate()` that returns an
//!   [`InvalidParameter`] naming the field, so a client refuses it before any I/O.
#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod access_tokens;
pub mod agents;
pub mod api_keys;
pub mod calls;
pub mod datasets;
mod error_body;
pub mod files;
pub mod fine_tunes;
mod invalid;
pub mod knowledge_base;
pub mod metrics;
mod model;
mod open_enum;
pub mod organizations;
mod page;
mod patch;
pub mod pronunciation_dicts;
mod query;
mod secret;
mod setters;
pub mod status;
pub mod stt;
mod tagged_union;
pub mod telephony;
#[cfg(test)]
mod test_support;
mod timestamp;
pub mod tts;
pub mod tts_events;
pub mod usage;
mod version;
pub mod voices;
pub mod webhooks;
pub mod ws;

#[doc(hidden)]
pub use serde as __serde;
/// The decoding steps `tagged_union!` expands to.
#[doc(hidden)]
pub mod __tagged {
    pub use crate::tagged_union::{split_tag, variant};
}

pub use agents::PhoneNumber;
pub use error_body::ErrorResponse;
pub use invalid::InvalidParameter;
pub use page::{HasId, Page};
pub use patch::Patch;
/// Free-form JSON (values whose shape the API leaves open).
pub use serde_json::Value as JsonValue;

/// A free-form JSON object (metadata and the like).
pub type JsonMap = serde_json::Map<String, serde_json::Value>;
pub use timestamp::{Timestamp, TimestampError};
pub use version::{ApiVersion, InvalidApiVersion};
