//! The structured error body of the API.

use serde::{Deserialize, Serialize};

use crate::model::model;

model! {
    /// The JSON body the API returns with an error status (API versions 2026-03-01 and later):
    ///
    /// ```json
    /// {"error_code": "concurrency_limited", "title": "Too many concurrent requests",
    ///  "message": "You have exceeded your plan's concurrency limit.",
    ///  "request_id": "550e8400-e29b-41d4-a716-446655440000"}
    /// ```
    ///
    /// Every field is optional here: the sources disagree on which are required, `error_code`
    /// may be `null`, and an SDK must still report an error whose body is partial.
    #[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
    pub struct ErrorResponse {
        /// A machine-readable code such as `concurrency_limited` or `quota_exceeded`;
        /// `None` when absent or `null`.
        pub error_code?: String,
        /// A short summary of the error.
        pub title?: String,
        /// The detailed message.
        pub message?: String,
        /// The request id, to quote to Cartesia support.
        pub request_id?: String,
        /// A link to documentation about this error.
        pub doc_url?: String,
    }
}

impl ErrorResponse {
    /// `true` when no field is set (e.g. a JSON body of `{}`): such a body tells nothing.
    pub fn is_empty(&self) -> bool {
        self.error_code.is_none()
            && self.title.is_none()
            && self.message.is_none()
            && self.request_id.is_none()
            && self.doc_url.is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_full_partial_and_null_bodies() {
        let full: ErrorResponse = serde_json::from_str(
            r#"{"error_code":"not_found","title":"Not Found","message":"no agent","request_id":"r1","doc_url":"https://d"}"#,
        )
        .unwrap();
        assert_eq!(full.error_code.as_deref(), Some("not_found"));
        assert_eq!(full.doc_url.as_deref(), Some("https://d"));

        let partial: ErrorResponse =
            serde_json::from_str(r#"{"error_code":null,"message":"m","extra":1}"#).unwrap();
        assert_eq!(partial.error_code, None);
        assert_eq!(partial.message.as_deref(), Some("m"));
        assert!(!partial.is_empty());

        let empty: ErrorResponse = serde_json::from_str("{}").unwrap();
        assert!(empty.is_empty());
    }
}
