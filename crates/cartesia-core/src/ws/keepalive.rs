//! When to ping a quiet socket, and when a ping that went unanswered means it is dead.
//!
//! The server closes a socket that has been idle for 5 minutes; a voice agent often is quiet
//! that long. [`Keepalive`] pings after [`KeepalivePolicy::ping_after_idle`] without traffic in
//! either direction, and declares the socket dead [`KeepalivePolicy::pong_timeout`] after the
//! **first** unanswered ping (a timer re-armed by every ping would never fire). Any frame
//! received proves the peer alive.

use std::time::{Duration, Instant};

/// The keepalive timings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct KeepalivePolicy {
    /// Ping after this long without traffic (default 30 s; the server's idle close is 5 min).
    pub ping_after_idle: Duration,
    /// The socket is dead when nothing arrives this long after a ping (default 20 s).
    pub pong_timeout: Duration,
}

impl Default for KeepalivePolicy {
    fn default() -> Self {
        Self {
            ping_after_idle: Duration::from_secs(30),
            pong_timeout: Duration::from_secs(20),
        }
    }
}

impl KeepalivePolicy {
    /// Pings after `ping_after_idle`; dead after `pong_timeout` without an answer.
    pub fn new(ping_after_idle: Duration, pong_timeout: Duration) -> Self {
        Self {
            ping_after_idle,
            pong_timeout,
        }
    }
}

/// What the driver should do now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeepaliveAction {
    /// Nothing until this much time has passed (or traffic happens).
    Wait(Duration),
    /// Send a ping now.
    Ping,
    /// No answer to the ping in time: treat the socket as dropped (close code 1006).
    Dead,
}

/// The decision as a pure function: `since_traffic` is the time since the last frame in
/// either direction, `unanswered_for` the time since the first ping that nothing has
/// answered yet (`None`: no ping outstanding).
///
/// ```
/// use std::time::Duration;
/// use cartesia_core::ws::{keepalive_action, KeepaliveAction, KeepalivePolicy};
///
/// let p = KeepalivePolicy::default();
/// let s = Duration::from_secs;
/// assert_eq!(keepalive_action(&p, s(10), None), KeepaliveAction::Wait(s(20)));
/// assert_eq!(keepalive_action(&p, s(30), None), KeepaliveAction::Ping);
/// assert_eq!(keepalive_action(&p, s(45), Some(s(15))), KeepaliveAction::Wait(s(5)));
/// assert_eq!(keepalive_action(&p, s(50), Some(s(20))), KeepaliveAction::Dead);
/// ```
pub fn keepalive_action(
    policy: &KeepalivePolicy,
    since_traffic: Duration,
    unanswered_for: Option<Duration>,
) -> KeepaliveAction {
    match unanswered_for {
        Some(waited) if waited >= policy.pong_timeout => KeepaliveAction::Dead,
        Some(waited) => KeepaliveAction::Wait(policy.pong_timeout - waited),
        None if since_traffic >= policy.ping_after_idle => KeepaliveAction::Ping,
        None => KeepaliveAction::Wait(policy.ping_after_idle - since_traffic),
    }
}

/// The keepalive state of one connection, driven by the times the driver passes in.
#[derive(Debug, Clone)]
pub struct Keepalive {
    policy: KeepalivePolicy,
    last_traffic: Instant,
    ping_sent_at: Option<Instant>,
}

impl Keepalive {
    /// A connection that opened at `now`.
    pub fn new(policy: KeepalivePolicy, now: Instant) -> Self {
        Self {
            policy,
            last_traffic: now,
            ping_sent_at: None,
        }
    }

    /// A frame (any: data, ping, pong, close) arrived at `now`: the peer is alive.
    pub fn on_received(&mut self, now: Instant) {
        self.last_traffic = self.last_traffic.max(now);
        self.ping_sent_at = None;
    }

    /// A frame went out at `now` (the idle timer restarts; an outstanding ping stays
    /// outstanding).
    pub fn on_sent(&mut self, now: Instant) {
        self.last_traffic = self.last_traffic.max(now);
    }

    /// What to do at `now`. On [`KeepaliveAction::Ping`] the ping counts as sent at `now`:
    /// the driver must send it.
    pub fn poll(&mut self, now: Instant) -> KeepaliveAction {
        let since = now.saturating_duration_since(self.last_traffic);
        let unanswered = self.ping_sent_at.map(|t| now.saturating_duration_since(t));
        let action = keepalive_action(&self.policy, since, unanswered);
        if action == KeepaliveAction::Ping {
            self.ping_sent_at = Some(now);
            self.last_traffic = now;
        }
        action
    }

    /// Whether a ping is waiting for an answer.
    pub fn ping_outstanding(&self) -> bool {
        self.ping_sent_at.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const S: fn(u64) -> Duration = Duration::from_secs;

    #[test]
    fn a_quiet_socket_is_pinged_then_declared_dead_from_the_first_ping() {
        let t0 = Instant::now();
        let mut k = Keepalive::new(KeepalivePolicy::new(S(30), S(10)), t0);
        assert_eq!(k.poll(t0 + S(29)), KeepaliveAction::Wait(S(1)));
        assert_eq!(k.poll(t0 + S(30)), KeepaliveAction::Ping);
        assert!(k.ping_outstanding());
        // Sending data does not re-arm the pong timer.
        k.on_sent(t0 + S(35));
        assert_eq!(k.poll(t0 + S(36)), KeepaliveAction::Wait(S(4)));
        assert_eq!(k.poll(t0 + S(40)), KeepaliveAction::Dead);
    }

    #[test]
    fn traffic_postpones_pings_and_answers_them() {
        let t0 = Instant::now();
        let mut k = Keepalive::new(KeepalivePolicy::default(), t0);
        k.on_sent(t0 + S(20));
        assert_eq!(k.poll(t0 + S(40)), KeepaliveAction::Wait(S(10)));
        k.on_received(t0 + S(45));
        assert_eq!(k.poll(t0 + S(74)), KeepaliveAction::Wait(S(1)));
        assert_eq!(k.poll(t0 + S(75)), KeepaliveAction::Ping);
        k.on_received(t0 + S(76));
        assert!(!k.ping_outstanding());
        assert_eq!(k.poll(t0 + S(77)), KeepaliveAction::Wait(S(29)));
        // A time before the last traffic (clock read late) is not a panic.
        assert_eq!(k.poll(t0), KeepaliveAction::Wait(S(30)));
    }

    proptest! {
        #[test]
        fn wait_never_overshoots_the_next_decision(idle in 0u64..100, waited in proptest::option::of(0u64..100)) {
            let p = KeepalivePolicy::default();
            match keepalive_action(&p, S(idle), waited.map(S)) {
                KeepaliveAction::Wait(d) => {
                    let next = keepalive_action(&p, S(idle) + d, waited.map(|w| S(w) + d));
                    prop_assert_ne!(next, KeepaliveAction::Wait(d));
                    prop_assert!(!matches!(next, KeepaliveAction::Wait(_)));
                }
                KeepaliveAction::Ping => prop_assert!(waited.is_none() && idle >= 30),
                KeepaliveAction::Dead => prop_assert!(waited.is_some_and(|w| w >= 20)),
            }
        }
    }
}
