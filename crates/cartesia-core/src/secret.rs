//! The API key, held so that it never reaches a log line.

use std::borrow::Cow;
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
///
/// Anything string-like converts into it, so `ClientBuilder::api_key` takes a `&str`, a
/// `String`, or a `&String` as `std::env::var` gives it:
///
/// ```
/// use cartesia_core::{ApiKey, ClientBuilder};
///
/// let key: String = std::env::var("MY_CARTESIA_KEY").unwrap_or_else(|_| "sk_car_...".into());
/// let builder = ClientBuilder::new().api_key(&key);
/// assert!(!format!("{builder:?}").contains("sk_car_"));
/// assert_eq!(ApiKey::from(&key).expose_secret(), key);
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

impl From<&String> for ApiKey {
    fn from(s: &String) -> Self {
        Self(s.clone())
    }
}

impl From<&mut str> for ApiKey {
    fn from(s: &mut str) -> Self {
        Self(s.to_owned())
    }
}

impl From<Box<str>> for ApiKey {
    fn from(s: Box<str>) -> Self {
        Self(s.into())
    }
}

impl From<Cow<'_, str>> for ApiKey {
    fn from(s: Cow<'_, str>) -> Self {
        Self(s.into_owned())
    }
}

impl From<&ApiKey> for ApiKey {
    fn from(key: &ApiKey) -> Self {
        key.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ClientBuilder;

    const SECRET: &str = "sk_car_from_a_string_4242";

    #[test]
    fn every_string_shape_converts_and_stays_redacted() {
        let owned = String::from(SECRET);
        let mut buf = String::from(SECRET);
        let keys = [
            ApiKey::from(SECRET),
            ApiKey::from(owned.clone()),
            ApiKey::from(&owned),
            ApiKey::from(buf.as_mut_str()),
            ApiKey::from(Box::<str>::from(SECRET)),
            ApiKey::from(Cow::Borrowed(SECRET)),
            ApiKey::from(Cow::<str>::Owned(owned.clone())),
            ApiKey::from(&ApiKey::new(SECRET)),
        ];
        for key in &keys {
            assert_eq!(key.expose_secret(), SECRET);
            assert_eq!(format!("{key:?}"), "ApiKey(<redacted>)");
            assert_eq!(format!("{key:#?}"), "ApiKey(<redacted>)");
        }
        // `owned` is still usable: `api_key(&owned)` borrowed it.
        assert_eq!(owned, SECRET);
    }

    #[test]
    fn the_builder_takes_a_borrowed_string_and_never_shows_it() {
        let key: String = SECRET.to_owned();
        let builder = ClientBuilder::new().api_key(&key);
        assert!(!format!("{builder:?}").contains(SECRET));
        assert!(!format!("{builder:#?}").contains(SECRET));
        let config = builder.clone().config().expect("a valid key");
        assert!(!format!("{config:?}").contains(SECRET));
        assert!(config.auth_header().is_sensitive());

        let mock = crate::mock::MockTransport::new();
        mock.push_json(200, "[]");
        let client = builder.build_blocking(mock.clone()).unwrap();
        assert!(!format!("{client:?}").contains(SECRET));
        client.agents().list_phone_numbers("a1").unwrap();
        let bearer = format!("Bearer {SECRET}");
        assert_eq!(mock.requests()[0].header("authorization"), Some(&*bearer));
        // Still ours after the call.
        assert_eq!(key, SECRET);
    }
}
