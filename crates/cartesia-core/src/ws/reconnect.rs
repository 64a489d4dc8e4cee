//! Whether to reconnect a dropped socket, and after how long: a pure decision.
//!
//! The rules (the official SDKs' opt-in behaviour, plus the fixes their users asked for):
//!
//! 1. Off unless asked for ([`ReconnectPolicy::never`] is the default of the drivers).
//! 2. Recoverable: the close codes 1001, 1005, 1006, 1011, 1012, 1013 and 1015, a close
//!    without a code, a connection dropped without a close, a connect failure, and a refused
//!    upgrade with 408, 429 or 5xx. Anything else (a normal 1000 close, 1008, 401, ...) stops.
//! 3. At most [`ReconnectPolicy::max_attempts`] attempts in a row (default 5); the count goes
//!    back to zero after a connection that stayed up [`ReconnectPolicy::stable_after`]
//!    (default 10 s), so a socket that fails right after every handshake cannot loop forever.
//! 4. The delay is `min(0.5 s × 2^(n-1), 8 s)` times a random factor in (0.75, 1], the same
//!    backoff as REST retries; after a 429, a 1013 or a close that names the concurrency or
//!    rate limit it is at least [`ReconnectPolicy::limited_backoff`] (default 15 s), or the
//!    server's `Retry-After` when it gave one of at most 60 s.

use std::time::{Duration, Instant};

use http::StatusCode;

use super::frame::{close_code, CloseFrame};
use crate::RetryPolicy;

/// How a socket reconnects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct ReconnectPolicy {
    /// Attempts in a row before giving up (0: never reconnect).
    pub max_attempts: u32,
    /// The first backoff delay (default 0.5 s); doubles each attempt.
    pub initial_backoff: Duration,
    /// The largest backoff delay (default 8 s).
    pub max_backoff: Duration,
    /// The least wait after a rate- or concurrency-limited refusal or close (default 15 s).
    pub limited_backoff: Duration,
    /// A connection up at least this long was good: the attempt count restarts (default 10 s).
    pub stable_after: Duration,
}

impl Default for ReconnectPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 5,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(8),
            limited_backoff: Duration::from_secs(15),
            stable_after: Duration::from_secs(10),
        }
    }
}

/// Why a connection ended (as the driver saw it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Disconnect<'a> {
    /// The server closed the socket (with its code and reason, if it sent them).
    Closed(Option<&'a CloseFrame>),
    /// The connection dropped without a close (reset, EOF, read error, keepalive timeout).
    Dropped,
    /// The TCP or TLS connection could not be made.
    ConnectFailed,
    /// The server refused the upgrade with this status (and `Retry-After`, if any).
    Refused {
        /// The HTTP status of the refusal.
        status: StatusCode,
        /// The server's `Retry-After`, parsed.
        retry_after: Option<Duration>,
    },
}

/// The answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReconnectDecision {
    /// Reconnect after this delay; this is attempt `attempt` (from 1).
    After {
        /// How long to wait first.
        delay: Duration,
        /// The attempt number.
        attempt: u32,
    },
    /// Do not reconnect.
    GiveUp(GiveUpReason),
}

/// Why there is no reconnect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum GiveUpReason {
    /// Reconnecting is off.
    Disabled,
    /// The close or refusal is not one a new connection would fix.
    NotRecoverable,
    /// `max_attempts` attempts in a row failed.
    AttemptsExhausted,
}

/// Close codes after which a new connection may work.
pub fn is_recoverable_close(code: u16) -> bool {
    matches!(
        code,
        close_code::GOING_AWAY
            | close_code::NO_STATUS
            | close_code::ABNORMAL
            | close_code::INTERNAL_ERROR
            | close_code::SERVICE_RESTART
            | close_code::TRY_AGAIN_LATER
            | close_code::TLS_HANDSHAKE
    )
}

/// Whether the disconnect says the account is at its rate or concurrency limit.
pub fn is_limited(disconnect: &Disconnect<'_>) -> bool {
    match disconnect {
        Disconnect::Refused { status, .. } => *status == StatusCode::TOO_MANY_REQUESTS,
        Disconnect::Closed(Some(c)) => {
            let reason = c.reason.to_ascii_lowercase();
            c.code == close_code::TRY_AGAIN_LATER
                || reason.contains("concurrency")
                || reason.contains("rate limit")
                || reason.contains("too many")
        }
        _ => false,
    }
}

/// Whether a new connection may work after `disconnect`.
pub fn is_recoverable(disconnect: &Disconnect<'_>) -> bool {
    match disconnect {
        Disconnect::Closed(None) | Disconnect::Dropped | Disconnect::ConnectFailed => true,
        Disconnect::Closed(Some(c)) => is_recoverable_close(c.code) || is_limited(disconnect),
        Disconnect::Refused { status, .. } => {
            matches!(status.as_u16(), 408 | 429) || status.is_server_error()
        }
    }
}

impl ReconnectPolicy {
    /// The defaults (5 attempts, 0.5 → 8 s).
    pub fn new() -> Self {
        Self::default()
    }

    /// Never reconnect.
    pub fn never() -> Self {
        Self {
            max_attempts: 0,
            ..Self::default()
        }
    }

    cartesia_types::setters! {
        /// Sets the attempts in a row.
        fn max_attempts(n: u32) { self.max_attempts = n }
        /// Sets the least wait after a limited refusal or close.
        fn limited_backoff(wait: Duration) { self.limited_backoff = wait }
        /// Sets how long a connection must stay up to reset the attempt count.
        fn stable_after(up: Duration) { self.stable_after = up }
    }

    /// Sets the backoff range.
    pub fn backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.initial_backoff = initial;
        self.max_backoff = max;
        self
    }

    /// The decision for attempt number `attempt` (from 1) after `disconnect`, with `jitter`
    /// a random number in [0, 1).
    pub fn decide(
        &self,
        attempt: u32,
        disconnect: &Disconnect<'_>,
        jitter: f64,
    ) -> ReconnectDecision {
        if self.max_attempts == 0 {
            return ReconnectDecision::GiveUp(GiveUpReason::Disabled);
        }
        if !is_recoverable(disconnect) {
            return ReconnectDecision::GiveUp(GiveUpReason::NotRecoverable);
        }
        if attempt > self.max_attempts {
            return ReconnectDecision::GiveUp(GiveUpReason::AttemptsExhausted);
        }
        let backoff = RetryPolicy::new()
            .backoff(self.initial_backoff, self.max_backoff)
            .backoff_delay(attempt, jitter);
        let delay = if is_limited(disconnect) {
            let server = match disconnect {
                Disconnect::Refused { retry_after, .. } => {
                    retry_after.filter(|d| !d.is_zero() && *d <= Duration::from_secs(60))
                }
                _ => None,
            };
            server
                .unwrap_or_else(|| {
                    self.limited_backoff
                        .mul_f64(1.0 - 0.25 * jitter.clamp(0.0, 1.0))
                })
                .max(backoff)
        } else {
            backoff
        };
        ReconnectDecision::After { delay, attempt }
    }
}

/// The attempt count of one socket across its connections.
#[derive(Debug, Clone, Default)]
pub struct ReconnectState {
    attempts: u32,
    connected_at: Option<Instant>,
}

impl ReconnectState {
    /// A socket that has not connected yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// A connection (handshake done) at `now`.
    pub fn on_connected(&mut self, now: Instant) {
        self.connected_at = Some(now);
    }

    /// The connection ended (or a connect failed) at `now`: decide, and count the attempt.
    /// A connection that had stayed up `policy.stable_after` resets the count first.
    pub fn on_disconnect(
        &mut self,
        policy: &ReconnectPolicy,
        disconnect: &Disconnect<'_>,
        now: Instant,
        jitter: f64,
    ) -> ReconnectDecision {
        if let Some(at) = self.connected_at.take() {
            if now.saturating_duration_since(at) >= policy.stable_after {
                self.attempts = 0;
            }
        }
        let decision = policy.decide(self.attempts + 1, disconnect, jitter);
        if let ReconnectDecision::After { attempt, .. } = decision {
            self.attempts = attempt;
        }
        decision
    }

    /// Failed attempts in a row so far.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn closed(code: u16) -> CloseFrame {
        CloseFrame::new(code, "")
    }

    fn delay(d: ReconnectDecision) -> Duration {
        match d {
            ReconnectDecision::After { delay, .. } => delay,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn close_codes() {
        for code in [1001, 1005, 1006, 1011, 1012, 1013, 1015] {
            assert!(
                is_recoverable(&Disconnect::Closed(Some(&closed(code)))),
                "{code}"
            );
        }
        for code in [1000, 1002, 1003, 1007, 1008, 1009, 1010, 4000] {
            assert!(
                !is_recoverable(&Disconnect::Closed(Some(&closed(code)))),
                "{code}"
            );
        }
        assert!(is_recoverable(&Disconnect::Closed(None)));
        assert!(is_recoverable(&Disconnect::Dropped));
        assert!(is_recoverable(&Disconnect::ConnectFailed));
        let limited = CloseFrame::new(1008, "Concurrency limit reached");
        assert!(is_limited(&Disconnect::Closed(Some(&limited))));
        assert!(is_recoverable(&Disconnect::Closed(Some(&limited))));
        for (status, ok) in [
            (401, false),
            (403, false),
            (404, false),
            (408, true),
            (429, true),
            (500, true),
            (503, true),
        ] {
            let d = Disconnect::Refused {
                status: StatusCode::from_u16(status).unwrap(),
                retry_after: None,
            };
            assert_eq!(is_recoverable(&d), ok, "{status}");
        }
    }

    #[test]
    fn backoff_doubles_to_the_cap_with_jitter() {
        let p = ReconnectPolicy::new();
        let d = Disconnect::Dropped;
        let ms = |n| delay(p.decide(n, &d, 0.0)).as_millis();
        assert_eq!(
            [ms(1), ms(2), ms(3), ms(4), ms(5)],
            [500, 1000, 2000, 4000, 8000]
        );
        assert_eq!(delay(p.decide(1, &d, 0.999_999)).as_millis(), 375);
        assert_eq!(
            p.decide(6, &d, 0.0),
            ReconnectDecision::GiveUp(GiveUpReason::AttemptsExhausted)
        );
        assert_eq!(
            ReconnectPolicy::never().decide(1, &d, 0.0),
            ReconnectDecision::GiveUp(GiveUpReason::Disabled)
        );
        assert_eq!(
            p.decide(1, &Disconnect::Closed(Some(&closed(1000))), 0.0),
            ReconnectDecision::GiveUp(GiveUpReason::NotRecoverable)
        );
    }

    #[test]
    fn limits_wait_longer_and_honour_retry_after() {
        let p = ReconnectPolicy::new();
        let refused = |retry_after| Disconnect::Refused {
            status: StatusCode::TOO_MANY_REQUESTS,
            retry_after,
        };
        assert_eq!(
            delay(p.decide(1, &refused(None), 0.0)),
            Duration::from_secs(15)
        );
        assert_eq!(
            delay(p.decide(1, &refused(Some(Duration::from_secs(3))), 0.0)),
            Duration::from_secs(3)
        );
        assert_eq!(
            delay(p.decide(1, &refused(Some(Duration::from_secs(600))), 0.0)),
            Duration::from_secs(15)
        );
        let c = closed(1013);
        assert_eq!(
            delay(p.decide(1, &Disconnect::Closed(Some(&c)), 0.0)),
            Duration::from_secs(15)
        );
        // Never shorter than the plain backoff.
        let slow = p.limited_backoff(Duration::from_millis(100));
        assert_eq!(
            delay(slow.decide(4, &refused(None), 0.0)),
            Duration::from_secs(4)
        );
    }

    #[test]
    fn the_count_resets_only_after_a_stable_connection() {
        let p = ReconnectPolicy::new().max_attempts(2);
        let t0 = Instant::now();
        let mut s = ReconnectState::new();
        let d = Disconnect::Closed(None);
        // Fails right after every handshake: bounded.
        for (i, want) in [(0, Some(1)), (1, Some(2)), (2, None)] {
            s.on_connected(t0 + Duration::from_secs(i));
            let got = s.on_disconnect(
                &p,
                &d,
                t0 + Duration::from_secs(i) + Duration::from_millis(50),
                0.0,
            );
            match (got, want) {
                (ReconnectDecision::After { attempt, .. }, Some(n)) => assert_eq!(attempt, n),
                (ReconnectDecision::GiveUp(GiveUpReason::AttemptsExhausted), None) => {}
                other => panic!("{other:?}"),
            }
        }
        // A connect failure (no on_connected) counts too.
        let mut s = ReconnectState::new();
        assert!(matches!(
            s.on_disconnect(&p, &Disconnect::ConnectFailed, t0, 0.0),
            ReconnectDecision::After { attempt: 1, .. }
        ));
        assert!(matches!(
            s.on_disconnect(&p, &Disconnect::ConnectFailed, t0, 0.0),
            ReconnectDecision::After { attempt: 2, .. }
        ));
        // A good connection restarts the count.
        s.on_connected(t0);
        let after = s.on_disconnect(&p, &d, t0 + Duration::from_secs(10), 0.0);
        assert!(
            matches!(after, ReconnectDecision::After { attempt: 1, .. }),
            "{after:?}"
        );
        assert_eq!(s.attempts(), 1);
    }

    proptest! {
        #[test]
        fn delays_are_bounded(attempt in 1u32..=5, jitter in 0.0f64..1.0, code in 1000u16..1016) {
            let p = ReconnectPolicy::new();
            let c = closed(code);
            match p.decide(attempt, &Disconnect::Closed(Some(&c)), jitter) {
                ReconnectDecision::After { delay, attempt: a } => {
                    prop_assert_eq!(a, attempt);
                    prop_assert!(delay > Duration::from_millis(374));
                    prop_assert!(delay <= Duration::from_secs(15));
                }
                ReconnectDecision::GiveUp(r) => {
                    prop_assert_eq!(r, GiveUpReason::NotRecoverable);
                    prop_assert!(!is_recoverable_close(code));
                }
            }
        }
    }
}
