//! Endpoints of the Agents API: phone_numbers.

use super::OperationInfo;

/// The operations this module implements (checked against the endpoints by a unit test and
/// against the OpenAPI document by `cargo xtask spec-check`).
pub const OPERATIONS: &[OperationInfo] = &[];

/// One sample of each endpoint: (method, path template), for the catalog test.
#[cfg(test)]
pub(crate) fn samples() -> Vec<(http::Method, &'static str)> {
    Vec::new()
}
