//! Every API operation as an [`Endpoint`](crate::Endpoint) struct, by family.
//!
//! Required parameters are constructor arguments; optional ones are setters.

pub mod agents;
