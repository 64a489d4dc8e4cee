//! A typed UTC timestamp that reads and writes RFC 3339.

use std::fmt;
use std::str::FromStr;
use std::time::SystemTime;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::format_description::well_known::Rfc3339;
use time::{OffsetDateTime, UtcOffset};

/// A point in time, held in UTC.
///
/// Decodes from RFC 3339 with or without fractional seconds (`2026-03-01T12:00:00Z`,
/// `2026-03-31T17:37:05.961874Z`, `2026-03-01T14:00:00+02:00`); any offset is converted
/// to UTC. Encodes back to RFC 3339 in UTC, with fractional seconds only when there are any.
///
/// ```
/// use cartesia_types::Timestamp;
///
/// let t: Timestamp = "2026-03-01T14:00:00.5+02:00".parse().unwrap();
/// assert_eq!(t.to_string(), "2026-03-01T12:00:00.5Z");
/// assert_eq!(t.unix_timestamp(), 1_772_366_400);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(OffsetDateTime);

impl Timestamp {
    /// Parses an RFC 3339 timestamp and converts it to UTC. The UTC instant must fall in the
    /// years 0000–9999 (what RFC 3339 can write), so every `Timestamp` can be written back.
    pub fn parse(s: &str) -> Result<Self, TimestampError> {
        match OffsetDateTime::parse(s, &Rfc3339) {
            Ok(t) => Self::from_offset_date_time(t)
                .ok_or_else(|| TimestampError::new(s, OUT_OF_RANGE.to_owned())),
            Err(e) => Err(TimestampError::new(s, e.to_string())),
        }
    }

    /// The timestamp `secs` seconds after the Unix epoch (years 0000–9999 in UTC).
    pub fn from_unix_timestamp(secs: i64) -> Result<Self, TimestampError> {
        OffsetDateTime::from_unix_timestamp(secs)
            .ok()
            .and_then(Self::from_offset_date_time)
            .ok_or_else(|| TimestampError::new(&secs.to_string(), OUT_OF_RANGE.to_owned()))
    }

    /// Converts to UTC; `None` when the UTC instant is outside the years 0000–9999.
    pub fn from_offset_date_time(t: OffsetDateTime) -> Option<Self> {
        let utc = t.checked_to_offset(UtcOffset::UTC)?;
        (0..=9999).contains(&utc.year()).then_some(Self(utc))
    }

    /// Whole seconds since the Unix epoch (negative before 1970).
    pub fn unix_timestamp(&self) -> i64 {
        self.0.unix_timestamp()
    }

    /// The timestamp as a [`time::OffsetDateTime`] (with a UTC offset).
    pub fn as_offset_date_time(&self) -> OffsetDateTime {
        self.0
    }
}

const OUT_OF_RANGE: &str = "the UTC time is outside the years 0000-9999";

impl TryFrom<OffsetDateTime> for Timestamp {
    type Error = TimestampError;
    fn try_from(t: OffsetDateTime) -> Result<Self, Self::Error> {
        Self::from_offset_date_time(t)
            .ok_or_else(|| TimestampError::new(&t.to_string(), OUT_OF_RANGE.to_owned()))
    }
}

impl From<Timestamp> for OffsetDateTime {
    fn from(t: Timestamp) -> Self {
        t.0
    }
}

impl From<Timestamp> for SystemTime {
    fn from(t: Timestamp) -> Self {
        t.0.into()
    }
}

impl FromStr for Timestamp {
    type Err = TimestampError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.format(&Rfc3339) {
            Ok(s) => f.write_str(&s),
            // Unreachable: construction keeps the year in 0..=9999.
            Err(_) => write!(f, "{}", self.0),
        }
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Timestamp({self})")
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0.format(&Rfc3339) {
            Ok(s) => serializer.serialize_str(&s),
            Err(e) => Err(serde::ser::Error::custom(e)),
        }
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Timestamp;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an RFC 3339 timestamp string")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Timestamp, E> {
                Timestamp::parse(s).map_err(E::custom)
            }
        }
        deserializer.deserialize_str(V)
    }
}

/// A string that is not an RFC 3339 timestamp (or a time out of range).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimestampError {
    input: String,
    reason: String,
}

impl TimestampError {
    fn new(input: &str, reason: String) -> Self {
        // Keep the message short even for a huge bogus input.
        let mut end = input.len().min(64);
        while !input.is_char_boundary(end) {
            end -= 1;
        }
        Self {
            input: input[..end].to_owned(),
            reason,
        }
    }
}

impl fmt::Display for TimestampError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid RFC 3339 timestamp {:?}: {}",
            self.input, self.reason
        )
    }
}

impl std::error::Error for TimestampError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_with_and_without_fraction_and_offsets() {
        let cases = [
            ("2026-03-01T12:00:00Z", "2026-03-01T12:00:00Z"),
            ("2026-03-01T12:00:00.000Z", "2026-03-01T12:00:00Z"),
            ("2026-03-31T17:37:05.961874Z", "2026-03-31T17:37:05.961874Z"),
            ("2026-03-31T17:37:05.1Z", "2026-03-31T17:37:05.1Z"),
            ("2026-03-01T14:00:00+02:00", "2026-03-01T12:00:00Z"),
            ("2026-03-01T00:30:00-01:00", "2026-03-01T01:30:00Z"),
        ];
        for (input, want) in cases {
            let t = Timestamp::parse(input).unwrap_or_else(|e| panic!("{input}: {e}"));
            assert_eq!(t.to_string(), want, "{input}");
        }
    }

    #[test]
    fn rejects_non_rfc3339() {
        crate::test_support::assert_all_refused(
            &[
                "",
                "2026-03-01",
                "2026-03-01 12:00:00",
                "2026-03-01T12:00:00",
                "2026-13-01T12:00:00Z",
                "yesterday",
            ],
            Timestamp::parse,
            "invalid RFC 3339",
        );
    }

    #[test]
    fn serde_round_trip_and_errors() {
        let t: Timestamp = serde_json::from_str("\"2026-03-31T17:37:05.961874Z\"").unwrap();
        assert_eq!(
            serde_json::to_string(&t).unwrap(),
            "\"2026-03-31T17:37:05.961874Z\""
        );
        assert!(serde_json::from_str::<Timestamp>("12").is_err());
        assert!(serde_json::from_str::<Timestamp>("\"nope\"").is_err());
    }

    #[test]
    fn conversions_keep_the_instant() {
        let t = Timestamp::from_unix_timestamp(1_772_366_400).unwrap();
        assert_eq!(t.to_string(), "2026-03-01T12:00:00Z");
        let st: SystemTime = t.into();
        assert_eq!(
            st.duration_since(SystemTime::UNIX_EPOCH).unwrap().as_secs(),
            1_772_366_400
        );
        let odt: OffsetDateTime = t.into();
        assert_eq!(Timestamp::try_from(odt).unwrap(), t);
    }

    #[test]
    fn instants_outside_years_0_to_9999_are_errors_not_panics() {
        for s in [
            "9999-12-31T23:59:59-01:00",
            "0000-01-01T00:00:00+01:00",
            "9999-12-31T23:59:59.999999999-23:59",
        ] {
            let e = Timestamp::parse(s).unwrap_err();
            assert!(e.to_string().contains("0000-9999"), "{s}: {e}");
        }
        assert_eq!(
            Timestamp::parse("9999-12-31T23:59:59+00:00")
                .unwrap()
                .to_string(),
            "9999-12-31T23:59:59Z"
        );
        assert!(Timestamp::from_unix_timestamp(-62_167_219_201).is_err());
        assert!(Timestamp::from_unix_timestamp(i64::MAX).is_err());
    }

    #[test]
    fn long_bad_input_is_shortened_in_the_error() {
        let e = Timestamp::parse(&"é".repeat(100)).unwrap_err();
        assert!(e.to_string().len() < 200);
    }
}
