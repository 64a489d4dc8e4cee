//! Models of the Agents API.

use serde::{Deserialize, Serialize};

use crate::Timestamp;

/// A phone number that can be used to make calls to an agent
/// (`GET /agents/{agent_id}/phone-numbers` answers a JSON array of these).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PhoneNumber {
    /// The ID of the agent.
    pub agent_id: String,
    /// The phone number.
    pub number: String,
    /// When the phone number was created (UTC).
    pub created_at: Timestamp,
    /// When the phone number was last updated (UTC).
    pub updated_at: Timestamp,
    /// Whether the phone number is managed by Cartesia (as of 2026-03-01 always `true`,
    /// since Cartesia provisions the numbers).
    pub is_cartesia_managed: bool,
}

impl PhoneNumber {
    /// A phone number with every field given, e.g. for a test double.
    pub fn new(
        agent_id: impl Into<String>,
        number: impl Into<String>,
        created_at: Timestamp,
        updated_at: Timestamp,
        is_cartesia_managed: bool,
    ) -> Self {
        Self {
            agent_id: agent_id.into(),
            number: number.into(),
            created_at,
            updated_at,
            is_cartesia_managed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ONE: &str = r#"{"agent_id":"a1","number":"+14155550123","created_at":"2026-03-31T17:37:05.961874Z","updated_at":"2026-03-01T12:00:00Z","is_cartesia_managed":true}"#;

    #[test]
    fn decodes_the_seed_shape() {
        let p: PhoneNumber = serde_json::from_str(ONE).unwrap();
        assert_eq!(p.agent_id, "a1");
        assert_eq!(p.number, "+14155550123");
        assert!(p.is_cartesia_managed);
        assert_eq!(p.created_at.to_string(), "2026-03-31T17:37:05.961874Z");
        assert_eq!(p.updated_at.to_string(), "2026-03-01T12:00:00Z");
    }

    #[test]
    fn ignores_unknown_fields() {
        let json = ONE.replace("\"agent_id\"", "\"future\":{\"x\":[1,2]},\"agent_id\"");
        let p: PhoneNumber = serde_json::from_str(&json).unwrap();
        assert_eq!(p.agent_id, "a1");
    }

    #[test]
    fn every_field_is_required() {
        for field in [
            "agent_id",
            "number",
            "created_at",
            "updated_at",
            "is_cartesia_managed",
        ] {
            let mut v: serde_json::Value = serde_json::from_str(ONE).unwrap();
            v.as_object_mut().unwrap().remove(field);
            let err = serde_json::from_value::<PhoneNumber>(v).unwrap_err();
            assert!(err.to_string().contains(field), "{field}: {err}");
        }
    }

    #[test]
    fn round_trips_through_json() {
        let p: PhoneNumber = serde_json::from_str(ONE).unwrap();
        let back: PhoneNumber = serde_json::from_str(&serde_json::to_string(&p).unwrap()).unwrap();
        assert_eq!(p, back);
    }
}
