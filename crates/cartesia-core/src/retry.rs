//! When to try a call again, and after how long — a pure decision, driven identically by the
//! async and the blocking client.
//!
//! The rules (the official SDKs' floor, plus safety for requests that cost money):
//!
//! 1. A response header `x-should-retry: true|false` decides first: the server knows best.
//! 2. Otherwise the statuses 408, 409, 429 and every 5xx are retried, and so are connection
//!    failures (the request never left).
//! 3. A timeout, reset or cut-off body *after the request may have reached the server* is
//!    retried only for idempotent requests (GET, PUT, DELETE, ...), unless
//!    [`RetryPolicy::retry_non_idempotent`] opts in: Cartesia has no idempotency keys, so a
//!    replayed POST could be applied — and billed — twice.
//! 4. At most [`RetryPolicy::max_retries`] retries (default 2), and never past the optional
//!    total deadline.
//! 5. The delay is the server's `retry-after-ms`, else `retry-after` (seconds or an HTTP date),
//!    when it is more than 0 and at most 60 s; otherwise `min(0.5 s × 2^n, 8 s)` scaled by a
//!    random factor in (0.75, 1.0].
//!
//! ```
//! use std::time::{Duration, SystemTime};
//! use cartesia_core::retry::{Attempted, RetryDecision, RetryInput, RetryPolicy};
//! use http::{HeaderMap, StatusCode};
//!
//! let mut headers = HeaderMap::new();
//! headers.insert("retry-after", "2".parse().unwrap());
//! let input = RetryInput {
//!     attempt: 1,
//!     idempotent: true,
//!     elapsed: Duration::ZERO,
//!     now: SystemTime::now(),
//!     jitter: 0.5,
//!     outcome: Attempted::Response { status: StatusCode::TOO_MANY_REQUESTS, headers: &headers },
//! };
//! assert_eq!(RetryPolicy::default().decide(&input), RetryDecision::Retry(Duration::from_secs(2)));
//! ```

use std::time::{Duration, SystemTime};

use http::{HeaderMap, StatusCode};

use crate::transport::{RequestSent, TransportErrorKind};

/// How a client retries. `Copy`; set per client ([`ClientBuilder::retry_policy`]) and adjust
/// per request ([`RequestOptions::max_retries`]).
///
/// [`ClientBuilder::retry_policy`]: crate::ClientBuilder::retry_policy
/// [`RequestOptions::max_retries`]: crate::RequestOptions::max_retries
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// Retries after the first attempt (default 2; 0 turns retrying off).
    pub max_retries: u32,
    /// The first backoff delay (default 0.5 s); doubles each retry.
    pub initial_backoff: Duration,
    /// The largest backoff delay (default 8 s).
    pub max_backoff: Duration,
    /// The largest server-requested delay honoured (default 60 s); a larger one falls back to
    /// the backoff.
    pub max_retry_after: Duration,
    /// Replay non-idempotent requests (POST, PATCH) even when they may have reached the server
    /// (default false).
    pub retry_non_idempotent: bool,
    /// Give up once this much time has passed since the call began, counting the coming
    /// delay (default none).
    pub total_deadline: Option<Duration>,
    /// Randomise backoff delays (default true; server-requested delays are never randomised).
    pub jitter: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 2,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(60),
            retry_non_idempotent: false,
            total_deadline: None,
            jitter: true,
        }
    }
}

/// What an attempt produced, as far as retrying is concerned.
#[derive(Debug, Clone, Copy)]
pub enum Attempted<'a> {
    /// A response with a non-2xx status.
    Response {
        /// Its status.
        status: StatusCode,
        /// Its headers (`x-should-retry`, `retry-after-ms`, `retry-after`).
        headers: &'a HeaderMap,
    },
    /// The exchange failed.
    Failed {
        /// What kind of failure.
        kind: TransportErrorKind,
        /// Whether the request may have reached the server.
        sent: RequestSent,
    },
}

/// Everything [`RetryPolicy::decide`] looks at.
#[derive(Debug, Clone, Copy)]
pub struct RetryInput<'a> {
    /// Attempts made so far, this one included (1 after the first).
    pub attempt: u32,
    /// Whether sending the request twice is harmless.
    pub idempotent: bool,
    /// Time since the call began.
    pub elapsed: Duration,
    /// The wall clock, to read an HTTP-date `retry-after`.
    pub now: SystemTime,
    /// A random number in [0, 1), for the backoff jitter.
    pub jitter: f64,
    /// What happened.
    pub outcome: Attempted<'a>,
}

/// The decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryDecision {
    /// Try again after this delay.
    Retry(Duration),
    /// Stop, and report the last outcome.
    Stop(StopReason),
}

/// Why retrying stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum StopReason {
    /// The outcome is not one that retrying can fix (e.g. a 404, a TLS failure).
    NotRetryable,
    /// The server said `x-should-retry: false`.
    ServerSaidNo,
    /// The request is not idempotent and may already have been applied.
    NotIdempotent,
    /// `max_retries` retries were made.
    AttemptsExhausted,
    /// The next attempt would end after the total deadline.
    DeadlineExceeded,
}

impl RetryPolicy {
    /// The default policy (2 retries).
    pub fn new() -> Self {
        Self::default()
    }

    /// A policy that never retries.
    pub fn never() -> Self {
        Self::default().max_retries(0)
    }

    /// Sets the number of retries.
    pub fn max_retries(mut self, n: u32) -> Self {
        self.max_retries = n;
        self
    }

    /// Sets the total deadline.
    pub fn total_deadline(mut self, deadline: Duration) -> Self {
        self.total_deadline = Some(deadline);
        self
    }

    /// Opts in (or out) of replaying non-idempotent requests that may have been applied.
    pub fn retry_non_idempotent(mut self, yes: bool) -> Self {
        self.retry_non_idempotent = yes;
        self
    }

    /// Sets the backoff range.
    pub fn backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.initial_backoff = initial;
        self.max_backoff = max;
        self
    }

    /// Turns the backoff jitter off (deterministic delays).
    pub fn without_jitter(mut self) -> Self {
        self.jitter = false;
        self
    }

    /// Decides whether to try again.
    pub fn decide(&self, input: &RetryInput<'_>) -> RetryDecision {
        let server_delay = match input.outcome {
            Attempted::Response { status, headers } => {
                match should_retry_header(headers) {
                    Some(false) => return RetryDecision::Stop(StopReason::ServerSaidNo),
                    Some(true) => {}
                    None if is_retryable_status(status) => {}
                    None => return RetryDecision::Stop(StopReason::NotRetryable),
                }
                retry_after(headers, input.now)
            }
            Attempted::Failed { kind, sent } => {
                let transient = matches!(
                    kind,
                    TransportErrorKind::Connect
                        | TransportErrorKind::Timeout
                        | TransportErrorKind::Io
                        | TransportErrorKind::Body
                );
                if !transient {
                    return RetryDecision::Stop(StopReason::NotRetryable);
                }
                if sent == RequestSent::Maybe && !input.idempotent && !self.retry_non_idempotent {
                    return RetryDecision::Stop(StopReason::NotIdempotent);
                }
                None
            }
        };
        if input.attempt > self.max_retries {
            return RetryDecision::Stop(StopReason::AttemptsExhausted);
        }
        let delay = match server_delay {
            Some(d) if !d.is_zero() && d <= self.max_retry_after => d,
            _ => self.backoff_delay(input.attempt, input.jitter),
        };
        if let Some(deadline) = self.total_deadline {
            if input.elapsed.saturating_add(delay) > deadline {
                return RetryDecision::Stop(StopReason::DeadlineExceeded);
            }
        }
        RetryDecision::Retry(delay)
    }

    /// `min(initial × 2^(attempt-1), max)`, times (1 − 0.25 × jitter) when jitter is on.
    pub fn backoff_delay(&self, attempt: u32, jitter: f64) -> Duration {
        let exp = attempt.saturating_sub(1).min(30);
        let base = self
            .initial_backoff
            .saturating_mul(1u32 << exp)
            .min(self.max_backoff);
        if self.jitter {
            base.mul_f64(1.0 - 0.25 * jitter.clamp(0.0, 1.0))
        } else {
            base
        }
    }
}

/// 408, 409, 429 and 5xx.
pub fn is_retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 408 | 409 | 429) || status.is_server_error()
}

/// The `x-should-retry` header, if it says `true` or `false`.
pub fn should_retry_header(headers: &HeaderMap) -> Option<bool> {
    bool_header(headers.get("x-should-retry")?.to_str().ok()?.trim())
}

/// A header value that says `true` or `false` (in any case); `None` for anything else.
pub(crate) fn bool_header(v: &str) -> Option<bool> {
    if v.eq_ignore_ascii_case("true") {
        Some(true)
    } else if v.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// The delay the server asked for: `retry-after-ms` (milliseconds), else `retry-after` in
/// seconds or as an HTTP date (relative to `now`; a date in the past gives zero). Values that
/// are not numbers or dates, negative or not finite are ignored.
pub fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    if let Some(ms) = header_str(headers, "retry-after-ms").and_then(parse_non_negative) {
        return Duration::try_from_secs_f64(ms / 1000.0).ok();
    }
    let v = header_str(headers, "retry-after")?;
    if let Some(secs) = parse_non_negative(v) {
        return Duration::try_from_secs_f64(secs).ok();
    }
    let when = parse_http_date(v)?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

fn header_str<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers.get(name)?.to_str().ok().map(str::trim)
}

fn parse_non_negative(s: &str) -> Option<f64> {
    let v: f64 = s.parse().ok()?;
    (v.is_finite() && v >= 0.0).then_some(v)
}

/// Parses an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), the HTTP date format.
pub fn parse_http_date(s: &str) -> Option<SystemTime> {
    let mut parts = s.split_ascii_whitespace();
    let weekday = parts.next()?;
    if weekday.len() != 4 || !weekday.ends_with(',') {
        return None;
    }
    let day: u32 = parts.next().filter(|d| d.len() == 2)?.parse().ok()?;
    let month = match parts.next()? {
        "Jan" => 1,
        "Feb" => 2,
        "Mar" => 3,
        "Apr" => 4,
        "May" => 5,
        "Jun" => 6,
        "Jul" => 7,
        "Aug" => 8,
        "Sep" => 9,
        "Oct" => 10,
        "Nov" => 11,
        "Dec" => 12,
        _ => return None,
    };
    let year: i64 = parts.next().filter(|y| y.len() == 4)?.parse().ok()?;
    let mut hms = parts.next()?.split(':');
    let mut field = |max: u32| -> Option<u32> {
        let f = hms.next().filter(|f| f.len() == 2)?;
        let v: u32 = f.parse().ok()?;
        (v <= max).then_some(v)
    };
    let (h, m, sec) = (field(23)?, field(59)?, field(60)?);
    if hms.next().is_some() || parts.next()? != "GMT" || parts.next().is_some() {
        return None;
    }
    if !(1..=31).contains(&day) {
        return None;
    }
    let days = days_from_civil(year, month, day);
    let secs = days * 86_400 + i64::from(h) * 3600 + i64::from(m) * 60 + i64::from(sec);
    let secs = u64::try_from(secs).ok()?;
    SystemTime::UNIX_EPOCH.checked_add(Duration::from_secs(secs))
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// A fast, non-cryptographic random number in [0, 1) for jitter.
pub(crate) fn jitter() -> f64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static STATE: AtomicU64 = AtomicU64::new(0);
    let mut x = STATE.load(Ordering::Relaxed);
    if x == 0 {
        x = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0x9E37_79B9_7F4A_7C15)
            | 1;
    }
    // xorshift64*
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    STATE.store(x, Ordering::Relaxed);
    let r = x.wrapping_mul(0x2545_F491_4F6C_DD1D);
    (r >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(
                http::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                v.parse().unwrap(),
            );
        }
        h
    }

    fn on_status(
        policy: &RetryPolicy,
        attempt: u32,
        status: u16,
        h: &HeaderMap,
        idempotent: bool,
    ) -> RetryDecision {
        policy.decide(&RetryInput {
            attempt,
            idempotent,
            elapsed: Duration::ZERO,
            now: SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777),
            jitter: 0.0,
            outcome: Attempted::Response {
                status: StatusCode::from_u16(status).unwrap(),
                headers: h,
            },
        })
    }

    fn on_failure(
        policy: &RetryPolicy,
        kind: TransportErrorKind,
        sent: RequestSent,
        idempotent: bool,
    ) -> RetryDecision {
        policy.decide(&RetryInput {
            attempt: 1,
            idempotent,
            elapsed: Duration::ZERO,
            now: SystemTime::UNIX_EPOCH,
            jitter: 0.0,
            outcome: Attempted::Failed { kind, sent },
        })
    }

    const HALF: RetryDecision = RetryDecision::Retry(Duration::from_millis(500));

    #[test]
    fn statuses() {
        let p = RetryPolicy::default();
        let none = HeaderMap::new();
        for s in [408, 409, 429, 500, 502, 503, 504, 599] {
            assert_eq!(on_status(&p, 1, s, &none, false), HALF, "{s}");
        }
        for s in [400, 401, 403, 404, 422, 302, 402, 413] {
            assert_eq!(
                on_status(&p, 1, s, &none, true),
                RetryDecision::Stop(StopReason::NotRetryable),
                "{s}"
            );
        }
    }

    #[test]
    fn server_header_decides_first() {
        let p = RetryPolicy::default();
        let no = headers(&[("x-should-retry", "false")]);
        assert_eq!(
            on_status(&p, 1, 503, &no, true),
            RetryDecision::Stop(StopReason::ServerSaidNo)
        );
        let yes = headers(&[("x-should-retry", "TRUE")]);
        assert_eq!(on_status(&p, 1, 400, &yes, false), HALF);
        let junk = headers(&[("x-should-retry", "maybe")]);
        assert_eq!(
            on_status(&p, 1, 400, &junk, true),
            RetryDecision::Stop(StopReason::NotRetryable)
        );
    }

    #[test]
    fn attempts_are_bounded() {
        let p = RetryPolicy::default();
        let none = HeaderMap::new();
        assert_eq!(on_status(&p, 1, 500, &none, true), HALF);
        assert_eq!(
            on_status(&p, 2, 500, &none, true),
            RetryDecision::Retry(Duration::from_secs(1))
        );
        assert_eq!(
            on_status(&p, 3, 500, &none, true),
            RetryDecision::Stop(StopReason::AttemptsExhausted)
        );
        assert_eq!(
            on_status(&RetryPolicy::never(), 1, 500, &none, true),
            RetryDecision::Stop(StopReason::AttemptsExhausted)
        );
    }

    #[test]
    fn backoff_grows_caps_and_jitters() {
        let p = RetryPolicy::default().max_retries(10);
        let d: Vec<u64> = (1..=6)
            .map(|a| p.backoff_delay(a, 0.0).as_millis() as u64)
            .collect();
        assert_eq!(d, [500, 1000, 2000, 4000, 8000, 8000]);
        assert_eq!(p.backoff_delay(1, 0.999_999).as_millis(), 375);
        assert_eq!(
            p.without_jitter().backoff_delay(1, 0.9),
            Duration::from_millis(500)
        );
        assert_eq!(p.backoff_delay(u32::MAX, 0.0), Duration::from_secs(8));
    }

    #[test]
    fn retry_after_forms() {
        let p = RetryPolicy::default();
        let cases: &[(&[(&str, &str)], Duration)] = &[
            (&[("retry-after", "2")], Duration::from_secs(2)),
            (&[("retry-after", "1.5")], Duration::from_millis(1500)),
            (&[("retry-after-ms", "250")], Duration::from_millis(250)),
            (
                &[("retry-after-ms", "250"), ("retry-after", "9")],
                Duration::from_millis(250),
            ),
            // 1994-11-06 08:49:37 is `now` in on_status; 3 s later:
            (
                &[("retry-after", "Sun, 06 Nov 1994 08:49:40 GMT")],
                Duration::from_secs(3),
            ),
            // Over 60 s, zero, negative, past dates and junk fall back to the backoff.
            (&[("retry-after", "61")], Duration::from_millis(500)),
            (&[("retry-after", "0")], Duration::from_millis(500)),
            (&[("retry-after", "-1")], Duration::from_millis(500)),
            (
                &[("retry-after", "Sun, 06 Nov 1994 08:49:00 GMT")],
                Duration::from_millis(500),
            ),
            (&[("retry-after", "soon")], Duration::from_millis(500)),
            (&[("retry-after", "1e400")], Duration::from_millis(500)),
            (&[("retry-after-ms", "NaN")], Duration::from_millis(500)),
        ];
        for (h, want) in cases {
            assert_eq!(
                on_status(&p, 1, 429, &headers(h), true),
                RetryDecision::Retry(*want),
                "{h:?}"
            );
        }
    }

    #[test]
    fn http_dates() {
        let t = parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").unwrap();
        assert_eq!(
            t.duration_since(SystemTime::UNIX_EPOCH).unwrap().as_secs(),
            784_111_777
        );
        let t = parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT").unwrap();
        assert_eq!(t, SystemTime::UNIX_EPOCH);
        let t = parse_http_date("Sat, 29 Feb 2028 23:59:59 GMT").unwrap();
        assert_eq!(
            t.duration_since(SystemTime::UNIX_EPOCH).unwrap().as_secs(),
            1_835_481_599
        );
        for bad in [
            "",
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sun 06 Nov 1994 08:49:37 GMT",
            "Sun, 6 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 24:00:00 GMT",
            "Sun, 06 Foo 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:37 GMT x",
            "Wed, 01 Jan 1969 00:00:00 GMT",
        ] {
            assert_eq!(parse_http_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn transport_failures_respect_idempotency() {
        use RequestSent::*;
        use TransportErrorKind::*;
        let p = RetryPolicy::default();
        assert_eq!(on_failure(&p, Connect, No, false), HALF);
        assert_eq!(on_failure(&p, Timeout, No, false), HALF);
        for kind in [Timeout, Io, Body] {
            assert_eq!(on_failure(&p, kind, Maybe, true), HALF, "{kind:?}");
            assert_eq!(
                on_failure(&p, kind, Maybe, false),
                RetryDecision::Stop(StopReason::NotIdempotent),
                "{kind:?}"
            );
            assert_eq!(
                on_failure(&p.retry_non_idempotent(true), kind, Maybe, false),
                HALF,
                "{kind:?}"
            );
        }
        for kind in [Tls, BodyTooLarge, Protocol, Other] {
            for sent in [No, Maybe] {
                assert_eq!(
                    on_failure(&p, kind, sent, true),
                    RetryDecision::Stop(StopReason::NotRetryable),
                    "{kind:?} {sent:?}"
                );
            }
        }
    }

    #[test]
    fn deadline_counts_the_coming_delay() {
        let p = RetryPolicy::default().total_deadline(Duration::from_secs(3));
        let h = headers(&[("retry-after", "2")]);
        let mut input = RetryInput {
            attempt: 1,
            idempotent: true,
            elapsed: Duration::from_millis(900),
            now: SystemTime::UNIX_EPOCH,
            jitter: 0.0,
            outcome: Attempted::Response {
                status: StatusCode::SERVICE_UNAVAILABLE,
                headers: &h,
            },
        };
        assert_eq!(
            p.decide(&input),
            RetryDecision::Retry(Duration::from_secs(2))
        );
        input.elapsed = Duration::from_millis(1100);
        assert_eq!(
            p.decide(&input),
            RetryDecision::Stop(StopReason::DeadlineExceeded)
        );
    }

    #[test]
    fn jitter_is_in_range() {
        for _ in 0..1000 {
            let j = jitter();
            assert!((0.0..1.0).contains(&j), "{j}");
        }
    }
}
