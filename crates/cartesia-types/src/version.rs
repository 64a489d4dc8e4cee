//! The `Cartesia-Version` header value.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The API version sent in the `Cartesia-Version` header, a `YYYY-MM-DD` date.
///
/// The default is [`ApiVersion::V2026_03_01`], the version this SDK release is built and
/// tested against. Any other well-formed date can be chosen, per client or per request:
///
/// ```
/// use cartesia_types::ApiVersion;
///
/// assert_eq!(ApiVersion::default().as_str(), "2026-03-01");
/// let v: ApiVersion = "2025-11-04".parse().unwrap();
/// assert_eq!(v.as_str(), "2025-11-04");
/// assert!(!v.is_known());
/// assert!(ApiVersion::new("2025-1-4").is_err());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ApiVersion([u8; 10]);

impl ApiVersion {
    /// `2026-03-01`: the version whose shapes this SDK models (structured JSON errors).
    pub const V2026_03_01: ApiVersion = ApiVersion(*b"2026-03-01");

    /// The versions this SDK release models, newest first.
    pub const KNOWN: &'static [ApiVersion] = &[Self::V2026_03_01];

    /// Checks that `s` is a `YYYY-MM-DD` date (month 01–12, day 01–31).
    pub fn new(s: &str) -> Result<Self, InvalidApiVersion> {
        let b = s.as_bytes();
        let shape_ok = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
        if !shape_ok {
            return Err(InvalidApiVersion::new(s));
        }
        let month = (b[5] - b'0') * 10 + (b[6] - b'0');
        let day = (b[8] - b'0') * 10 + (b[9] - b'0');
        if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
            return Err(InvalidApiVersion::new(s));
        }
        let mut out = [0u8; 10];
        out.copy_from_slice(b);
        Ok(Self(out))
    }

    /// The version as it is sent, e.g. `"2026-03-01"`.
    pub fn as_str(&self) -> &str {
        // Only ASCII digits and dashes are ever stored (checked in `new`).
        std::str::from_utf8(&self.0).unwrap_or("2026-03-01")
    }

    /// Whether this SDK release models this version (see [`ApiVersion::KNOWN`]).
    pub fn is_known(&self) -> bool {
        Self::KNOWN.contains(self)
    }
}

impl Default for ApiVersion {
    fn default() -> Self {
        Self::V2026_03_01
    }
}

impl fmt::Display for ApiVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for ApiVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ApiVersion({})", self.as_str())
    }
}

impl FromStr for ApiVersion {
    type Err = InvalidApiVersion;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::new(s)
    }
}

impl TryFrom<&str> for ApiVersion {
    type Error = InvalidApiVersion;
    fn try_from(s: &str) -> Result<Self, Self::Error> {
        Self::new(s)
    }
}

impl Serialize for ApiVersion {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ApiVersion {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Self::new(&s).map_err(serde::de::Error::custom)
    }
}

/// A string that is not a `YYYY-MM-DD` API version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidApiVersion {
    input: String,
}

impl InvalidApiVersion {
    fn new(s: &str) -> Self {
        Self {
            input: s.chars().take(32).collect(),
        }
    }
}

impl fmt::Display for InvalidApiVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid API version {:?}: expected a date like \"2026-03-01\" (YYYY-MM-DD)",
            self.input
        )
    }
}

impl std::error::Error for InvalidApiVersion {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_dates_and_rejects_the_rest() {
        for ok in ["2026-03-01", "2024-06-10", "2026-08-14", "1999-12-31"] {
            assert_eq!(ApiVersion::new(ok).unwrap().as_str(), ok);
        }
        crate::test_support::assert_all_refused(
            &[
                "",
                "2026-3-01",
                "2026/03/01",
                "2026-13-01",
                "2026-00-10",
                "2026-01-32",
                "2026-01-00",
                "2026-03-01 ",
                "v2026-03-01",
                "２０２６-03-01",
            ],
            ApiVersion::new,
            "YYYY-MM-DD",
        );
    }

    #[test]
    fn default_is_known_and_serde_works() {
        assert!(ApiVersion::default().is_known());
        let v: ApiVersion = serde_json::from_str("\"2025-11-04\"").unwrap();
        assert_eq!(serde_json::to_string(&v).unwrap(), "\"2025-11-04\"");
        assert!(serde_json::from_str::<ApiVersion>("\"latest\"").is_err());
    }
}
