//! The API key, held so that it never reaches a log line.

use std::fmt;

/// A Cartesia API key (`sk_car_...`) or access token, sent as `Authorization: Bearer <key>`.
///
/// Its `Debug` prints `ApiKey(<redacted>)` and it has no `Display`; the only way to read it is
/// the explicit [`ApiKey::expose_secret`]. The header value built from it is marked sensitive,
/// so `http`'s `Debug` of a request prints `Sensitive` in its place.
///
/// ```
/// use cartesia_core::ApiKey;
///
/// let key = ApiKey::new("sk_car_secret");
/// assert_eq!(format!("{key:?}"), "ApiKey(<redacted>)");
/// assert_eq!(key.expose_secret(), "sk_car_secret");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    /// Wraps a key. It is checked when a client is built (non-empty, no control characters).
    pub fn new(key: impl Into<String>) -> Self {
        Self(key.into())
    }

    /// The key itself. Take care where it goes.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(<redacted>)")
    }
}

impl From<String> for ApiKey {
    fn from(s: String) -> Self {
        Self(s)
    }
}

impl From<&str> for ApiKey {
    fn from(s: &str) -> Self {
        Self(s.to_owned())
    }
}
