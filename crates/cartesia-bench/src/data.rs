//! The bodies the bench server answers: N phone numbers in the shape of the API (and of the
//! mock server's seed data).

use serde::Serialize;

/// The agent id whose list holds `n` phone numbers (`bench_1`, `bench_1000`).
pub fn agent_id(n: usize) -> String {
    format!("bench_{n}")
}

/// One phone number as it goes on the wire (timestamps already formatted).
#[derive(Serialize)]
struct WirePhoneNumber {
    agent_id: String,
    number: String,
    created_at: String,
    updated_at: String,
    is_cartesia_managed: bool,
}

/// The JSON array of `n` phone numbers of `agent_id(n)`.
///
/// Number `i` is `+1415` and `i` on seven digits. Timestamps are RFC 3339 in UTC in March
/// 2026; half of them carry fractional seconds (microseconds, as the API writes them): the
/// `created_at` of odd numbers and the `updated_at` of even ones. Every third number is not
/// Cartesia-managed.
pub fn phone_numbers_json(n: usize) -> Vec<u8> {
    let agent = agent_id(n);
    let items: Vec<WirePhoneNumber> = (0..n)
        .map(|i| WirePhoneNumber {
            agent_id: agent.clone(),
            number: format!("+1415{i:07}"),
            created_at: timestamp(i, i % 2 == 1),
            updated_at: timestamp(i + 3_600, i % 2 == 0),
            is_cartesia_managed: i % 3 != 2,
        })
        .collect();
    serde_json::to_vec(&items).expect("plain data serialises")
}

/// An RFC 3339 timestamp `seconds` after 2026-03-01T00:00:00Z (within March), with a
/// six-digit fraction when `fraction` is set.
fn timestamp(seconds: usize, fraction: bool) -> String {
    let day = 1 + (seconds / 86_400) % 28;
    let s = seconds % 86_400;
    let (h, m, s) = (s / 3_600, (s / 60) % 60, s % 60);
    if fraction {
        let micros = (seconds * 7_919) % 1_000_000;
        format!("2026-03-{day:02}T{h:02}:{m:02}:{s:02}.{micros:06}Z")
    } else {
        format!("2026-03-{day:02}T{h:02}:{m:02}:{s:02}Z")
    }
}

/// The size of the audio `POST /tts/bytes` answers: 4 MiB.
pub const AUDIO_BYTES: usize = 4 << 20;

/// `len` bytes of 16-bit PCM-like audio (a repeating ramp; its content does not matter to
/// any client, only its size).
pub fn audio(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 7 % 251) as u8).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_decode_as_sdk_models() {
        for n in [1, 1_000] {
            let body = phone_numbers_json(n);
            let list: Vec<cartesia_types::PhoneNumber> = serde_json::from_slice(&body).unwrap();
            assert_eq!(list.len(), n);
            assert_eq!(list[0].agent_id, agent_id(n));
        }
        let text = String::from_utf8(phone_numbers_json(2)).unwrap();
        assert!(
            text.contains(r#""created_at":"2026-03-01T00:00:00Z""#),
            "{text}"
        );
        assert!(
            text.contains(r#""updated_at":"2026-03-01T01:00:00.508400Z""#),
            "{text}"
        );
        assert!(text.contains(r#""is_cartesia_managed":true"#), "{text}");
    }
}
