//! The API status (`GET /`, no authentication).
//!
//! ```
//! use cartesia_types::status::ApiInfo;
//!
//! let info: ApiInfo = serde_json::from_str(r#"{"ok":true,"version":"2026-03-01"}"#).unwrap();
//! assert!(info.ok);
//! assert_eq!(info.version.as_deref(), Some("2026-03-01"));
//! ```

use serde::{Deserialize, Serialize};

use crate::model::model;

model! {
    /// The answer of `GET /`.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct ApiInfo {
        /// Whether the API is up.
        pub ok: bool,
        /// The gateway's default API version (a date such as `2026-03-01`), kept as sent.
        pub version?: String,
    }
}

impl ApiInfo {
    /// A status answer, e.g. for a mock server.
    pub fn new(ok: bool, version: impl Into<String>) -> Self {
        Self {
            ok,
            version: Some(version.into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_leniently() {
        let info: ApiInfo = serde_json::from_str(r#"{"ok":false,"region":"us"}"#).unwrap();
        assert_eq!(
            info,
            ApiInfo {
                ok: false,
                version: None
            }
        );
        assert_eq!(
            serde_json::to_string(&ApiInfo::new(true, "2026-03-01")).unwrap(),
            r#"{"ok":true,"version":"2026-03-01"}"#
        );
    }
}
