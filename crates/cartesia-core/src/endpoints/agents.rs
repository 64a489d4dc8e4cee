//! The Agents API.

use cartesia_types::PhoneNumber;
use http::Method;

use super::OperationInfo;
use crate::endpoint::{decode_json, Endpoint, UrlWriter};
use crate::error::Error;
use crate::transport::HttpResponse;

/// The operations this module implements (checked against the endpoints by a unit test and
/// against the OpenAPI document by `cargo xtask spec-check`).
pub const OPERATIONS: &[OperationInfo] = &[OperationInfo {
    method: "GET",
    path: "/agents/{agent_id}/phone-numbers",
    operation_id: "agents_phone-numbers",
    endpoint: "ListPhoneNumbers",
}];

/// One sample of each endpoint: (method, path template), for the catalog test.
#[cfg(test)]
pub(crate) fn samples() -> Vec<(http::Method, &'static str)> {
    let e = ListPhoneNumbers::new("a");
    vec![(e.method(), e.path_template())]
}

/// `GET /agents/{agent_id}/phone-numbers`: the phone numbers of an agent.
///
/// The id is sent as exactly one percent-encoded path segment; an empty id, one with control
/// characters, and `.` or `..` are refused before any I/O.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ListPhoneNumbers {
    /// The ID of the agent.
    pub agent_id: String,
}

impl ListPhoneNumbers {
    /// The phone numbers of `agent_id`.
    pub fn new(agent_id: impl Into<String>) -> Self {
        Self {
            agent_id: agent_id.into(),
        }
    }
}

impl Endpoint for ListPhoneNumbers {
    type Output = Vec<PhoneNumber>;

    fn method(&self) -> Method {
        Method::GET
    }

    fn path_template(&self) -> &'static str {
        "/agents/{agent_id}/phone-numbers"
    }

    fn write_path(&self, url: &mut UrlWriter) -> Result<(), Error> {
        url.push_literal("/agents/");
        url.push_segment("agent_id", &self.agent_id)?;
        url.push_literal("/phone-numbers");
        Ok(())
    }

    fn parse(&self, response: HttpResponse) -> Result<Self::Output, Error> {
        decode_json(&response)
    }
}
