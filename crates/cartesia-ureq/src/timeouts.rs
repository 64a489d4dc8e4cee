//! The socket timeouts ureq sets, rounded up to whole milliseconds.
//!
//! ureq's TCP transport sets a pooled connection's `SO_RCVTIMEO` / `SO_SNDTIMEO` (one
//! `setsockopt` each) only when the timeout it is given differs from the one it set last. The
//! SDK's timeouts are deadlines, so the time left differs by a few microseconds on every call
//! (60 s less the microseconds since the phase began), and both system calls ran on every call.
//! [`WholeMillis`] sits outermost in the agent's connector chain and hands the transports
//! below it (TLS, then TCP) every timeout rounded *up* to a whole millisecond: successive
//! calls then present the same value and ureq skips the system calls.
//!
//! Nothing observable changes on Linux: the kernel keeps these timeouts in jiffies, rounding
//! the microseconds up (`sock_set_timeout` in `net/core/sock.c`), and wherever a jiffy is a
//! whole number of milliseconds (`CONFIG_HZ` of 100, 250, 500 or 1000) the jiffies of `t`
//! rounded up to a millisecond are the jiffies of `t`. Elsewhere a timeout may fire up to 1 ms
//! later than ureq computed, never earlier; a timeout of zero stays zero (it fires at once,
//! as before).

use std::time::Duration;

use ureq::unversioned::transport::time::Duration as UreqDuration;
use ureq::unversioned::transport::{Buffers, ConnectionDetails, Connector, NextTimeout, Transport};

/// The last link of the agent's connector chain: wraps the connection the links before it
/// made (TCP, then TLS for `https`) in [`Rounded`].
#[derive(Debug)]
pub(crate) struct WholeMillis;

impl<In: Transport> Connector<In> for WholeMillis {
    type Out = Rounded<In>;

    fn connect(
        &self,
        _details: &ConnectionDetails,
        chained: Option<In>,
    ) -> Result<Option<Self::Out>, ureq::Error> {
        Ok(chained.map(Rounded))
    }
}

/// A connection whose every timeout is rounded up to a whole millisecond on its way down;
/// everything else is passed through as it is.
#[derive(Debug)]
pub(crate) struct Rounded<T>(T);

impl<T: Transport> Transport for Rounded<T> {
    fn buffers(&mut self) -> &mut dyn Buffers {
        self.0.buffers()
    }

    fn transmit_output(&mut self, amount: usize, timeout: NextTimeout) -> Result<(), ureq::Error> {
        self.0.transmit_output(amount, round_timeout(timeout))
    }

    fn maybe_await_input(&mut self, timeout: NextTimeout) -> Result<bool, ureq::Error> {
        self.0.maybe_await_input(round_timeout(timeout))
    }

    fn await_input(&mut self, timeout: NextTimeout) -> Result<bool, ureq::Error> {
        self.0.await_input(round_timeout(timeout))
    }

    fn is_open(&mut self) -> bool {
        self.0.is_open()
    }

    fn is_tls(&self) -> bool {
        self.0.is_tls()
    }
}

/// `timeout` with its three durations (the next deadline, and the per-read and per-write
/// caps ureq applies below it) rounded up to whole milliseconds. Rounding up keeps their
/// order, so the cap ureq picks (and the reason a timeout reports) is the same.
fn round_timeout(timeout: NextTimeout) -> NextTimeout {
    NextTimeout {
        after: round_ureq(timeout.after),
        per_read: timeout.per_read.map(round_ureq),
        per_write: timeout.per_write.map(round_ureq),
        ..timeout
    }
}

fn round_ureq(d: UreqDuration) -> UreqDuration {
    match d {
        UreqDuration::Exact(d) => UreqDuration::Exact(round_up_to_millis(d)),
        UreqDuration::NotHappening => UreqDuration::NotHappening,
    }
}

/// `d` rounded up to a whole millisecond (saturating at `Duration::MAX`).
pub(crate) fn round_up_to_millis(d: Duration) -> Duration {
    const MILLI: u32 = 1_000_000;
    match d.subsec_nanos() % MILLI {
        0 => d,
        part => d.saturating_add(Duration::from_nanos(u64::from(MILLI - part))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_round_up_to_the_next_whole_millisecond() {
        let ms = Duration::from_millis;
        for (d, up) in [
            (Duration::ZERO, Duration::ZERO),
            (Duration::from_nanos(1), ms(1)),
            (Duration::from_micros(999), ms(1)),
            (ms(1), ms(1)),
            (Duration::from_micros(1_001), ms(2)),
            (ms(60_000) - Duration::from_micros(7), ms(60_000)),
            (ms(60_000) - Duration::from_micros(3), ms(60_000)),
            (ms(60_000), ms(60_000)),
            (Duration::MAX, Duration::MAX),
        ] {
            assert_eq!(round_up_to_millis(d), up, "{d:?}");
        }
    }

    /// Two calls a few microseconds apart present the same timeouts (so ureq sets the socket's
    /// timeouts once, not per call), and the kind of timeout that would fire does not change.
    #[test]
    fn timeouts_microseconds_apart_round_to_the_same_value() {
        use ureq::Timeout;
        let next = |after: Duration| NextTimeout {
            after: UreqDuration::Exact(after),
            reason: Timeout::RecvResponse,
            per_read: Some(UreqDuration::Exact(Duration::from_secs(60))),
            per_write: None,
        };
        let first = round_timeout(next(Duration::from_secs(60) - Duration::from_micros(11)));
        let second = round_timeout(next(Duration::from_secs(60) - Duration::from_micros(4)));
        assert_eq!(first, second);
        assert_eq!(*first.after, Duration::from_secs(60));
        let read = first.for_read();
        assert_eq!(read.reason, Timeout::RecvResponse);
        assert_eq!(*read.after, Duration::from_secs(60));
        // A shorter per-read cap still wins, and still names itself.
        let capped = NextTimeout {
            per_read: Some(UreqDuration::Exact(Duration::from_micros(2_500))),
            ..first
        }
        .for_read();
        assert_eq!(capped.reason, Timeout::PerRead);
        let not = round_timeout(NextTimeout {
            after: UreqDuration::NotHappening,
            ..first
        });
        assert!(not.after.is_not_happening());
        // Nothing left stays nothing left: ureq reports the timeout at once, as before.
        assert_eq!(*round_timeout(next(Duration::ZERO)).after, Duration::ZERO);
    }
}
