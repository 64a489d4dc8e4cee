//! The demo agents' phone numbers and the builder's synthetic ones.

/// Id of the main demo agent. It has exactly one phone number, `+14155550123`.
///
/// This is the agent the README's first command (`cartesia-rs phone-numbers list
/// agent_demo`) lists when no API key is configured.
pub const DEMO_AGENT_ID: &str = "agent_demo";

/// Id of the second demo agent. It has two phone numbers, one of which is not
/// managed by Cartesia.
pub const DEMO_SUPPORT_AGENT_ID: &str = "agent_support";

/// One phone number as served by `GET /agents/{agent_id}/phone-numbers`.
///
/// The fields are served verbatim, in this order, as the JSON object
/// `{"agent_id", "number", "created_at", "updated_at", "is_cartesia_managed"}`.
/// The server does not validate them, so tests can also serve unusual data
/// (for example an `agent_id` that differs from the agent it is listed under).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DemoPhoneNumber {
    /// Id of the agent the number belongs to.
    pub agent_id: String,
    /// The phone number, normally in E.164 form (e.g. `+14155550123`).
    pub number: String,
    /// Creation time, an RFC 3339 timestamp in UTC.
    pub created_at: String,
    /// Last update time, an RFC 3339 timestamp in UTC.
    pub updated_at: String,
    /// Whether Cartesia provisioned and manages the number.
    pub is_cartesia_managed: bool,
}

impl DemoPhoneNumber {
    /// A Cartesia-managed number created and last updated at
    /// `2026-03-01T12:00:00Z`.
    pub fn new(agent_id: impl Into<String>, number: impl Into<String>) -> Self {
        DemoPhoneNumber {
            agent_id: agent_id.into(),
            number: number.into(),
            created_at: "2026-03-01T12:00:00Z".to_owned(),
            updated_at: "2026-03-01T12:00:00Z".to_owned(),
            is_cartesia_managed: true,
        }
    }
}

fn number(
    agent_id: &str,
    number: &str,
    created_at: &str,
    updated_at: &str,
    is_cartesia_managed: bool,
) -> DemoPhoneNumber {
    DemoPhoneNumber {
        agent_id: agent_id.to_owned(),
        number: number.to_owned(),
        created_at: created_at.to_owned(),
        updated_at: updated_at.to_owned(),
        is_cartesia_managed,
    }
}

/// The demo data a [`MockServer`](crate::MockServer) serves unless
/// [`without_demo_data`](crate::MockServerBuilder::without_demo_data) is used.
///
/// | agent id | numbers |
/// |---|---|
/// | [`agent_demo`](DEMO_AGENT_ID) | `+14155550123` (timestamps with fractional seconds) |
/// | [`agent_support`](DEMO_SUPPORT_AGENT_ID) | `+14155550188` (Cartesia-managed, whole-second timestamps) and `+12125550142` (not Cartesia-managed, mixed timestamps) |
///
/// All timestamps are RFC 3339 in UTC; some carry fractional seconds
/// (`2026-03-31T17:37:05.961874Z`) and some do not (`2026-03-01T12:00:00Z`),
/// so clients get to parse both shapes.
pub fn demo_agents() -> Vec<(String, Vec<DemoPhoneNumber>)> {
    vec![
        (
            DEMO_AGENT_ID.to_owned(),
            vec![number(
                DEMO_AGENT_ID,
                "+14155550123",
                "2026-03-31T17:37:05.961874Z",
                "2026-03-31T17:37:05.961874Z",
                true,
            )],
        ),
        (
            DEMO_SUPPORT_AGENT_ID.to_owned(),
            vec![
                number(
                    DEMO_SUPPORT_AGENT_ID,
                    "+14155550188",
                    "2026-03-01T12:00:00Z",
                    "2026-03-02T08:15:30Z",
                    true,
                ),
                number(
                    DEMO_SUPPORT_AGENT_ID,
                    "+12125550142",
                    "2026-03-10T09:30:00Z",
                    "2026-03-31T17:37:05.961874Z",
                    false,
                ),
            ],
        ),
    ]
}

/// `n` deterministic synthetic phone numbers for `agent_id`, as served for an
/// agent registered with
/// [`generated_agent`](crate::MockServerBuilder::generated_agent).
///
/// Number `i` (counting from 0) is `+1415` followed by `i` zero-padded to
/// seven digits (more digits once `i` reaches ten million), so all numbers are
/// distinct. Timestamps are in March 2026; every odd-indexed number has a
/// `created_at` with fractional seconds, and every third number is not
/// Cartesia-managed.
pub fn generated_phone_numbers(agent_id: &str, n: usize) -> Vec<DemoPhoneNumber> {
    (0..n)
        .map(|i| {
            let seconds = i % 86_400;
            let day = 1 + (i / 86_400) % 28;
            let (hh, mm, ss) = (seconds / 3600, (seconds / 60) % 60, seconds % 60);
            let created_at = if i % 2 == 0 {
                format!("2026-03-{day:02}T{hh:02}:{mm:02}:{ss:02}Z")
            } else {
                let micros = (i * 7919) % 1_000_000;
                format!("2026-03-{day:02}T{hh:02}:{mm:02}:{ss:02}.{micros:06}Z")
            };
            DemoPhoneNumber {
                agent_id: agent_id.to_owned(),
                number: format!("+1415{i:07}"),
                created_at,
                updated_at: "2026-03-31T17:37:05.961874Z".to_owned(),
                is_cartesia_managed: i % 3 != 2,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_numbers_are_distinct_and_deterministic() {
        let a = generated_phone_numbers("x", 2000);
        assert_eq!(a, generated_phone_numbers("x", 2000));
        let mut numbers: Vec<&str> = a.iter().map(|n| n.number.as_str()).collect();
        numbers.sort_unstable();
        numbers.dedup();
        assert_eq!(numbers.len(), 2000);
        assert_eq!(a[0].number, "+14150000000");
        assert_eq!(a[1].created_at, "2026-03-01T00:00:01.007919Z");
        assert_eq!(a[0].created_at, "2026-03-01T00:00:00Z");
    }
}
