//! Faults on demand: rules that make chosen routes misbehave, for testing retry and
//! timeout handling against the mock.

use std::time::Duration;

/// What a [`FaultRule`] does to a matching request.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum FaultKind {
    /// Answer with this status and the structured error body instead of running the
    /// route (`error_code` `"concurrency_limited"` for `429`, `"injected_fault"`
    /// otherwise), with `Retry-After: <secs>` if `retry_after` is set.
    Status {
        /// The status, e.g. `429` or `503`.
        status: u16,
        /// The `Retry-After` header, in seconds.
        retry_after: Option<u64>,
    },
    /// Wait this long before answering (the answer itself is normal).
    Delay(Duration),
    /// Send the normal head, with the full `Content-Length`, but only the first `keep`
    /// bytes of the body (at most all but one), then break the connection.
    Truncate {
        /// How many body bytes to send.
        keep: usize,
    },
    /// Send the normal answer, its body `chunk` bytes at a time with `interval` before
    /// each piece.
    SlowBody {
        /// Bytes per piece (at least 1).
        chunk: usize,
        /// The pause before each piece.
        interval: Duration,
    },
}

/// A rule: which requests get a [`FaultKind`], and how many times.
///
/// ```
/// use cartesia_mock::{FaultRule, MockServer};
///
/// // The first two phone-number listings of agent_demo get 429 with Retry-After: 1.
/// let server = MockServer::builder()
///     .fault(FaultRule::too_many_requests(1).path("/agents/agent_demo/phone-numbers").times(2))
///     .start()?;
/// # drop(server);
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaultRule {
    /// The method to match (`None`: any).
    pub(crate) method: Option<String>,
    /// The path to match, without the query (`None`: any). A trailing `*` matches any
    /// rest.
    pub(crate) path: Option<String>,
    /// What to do.
    pub(crate) kind: FaultKind,
    /// How many matching requests get the fault (`None`: all).
    pub(crate) times: Option<usize>,
}

impl FaultRule {
    /// A rule applying `kind` to every request (narrow it with [`method`](Self::method),
    /// [`path`](Self::path) and [`times`](Self::times)).
    pub fn new(kind: FaultKind) -> Self {
        FaultRule {
            method: None,
            path: None,
            kind,
            times: None,
        }
    }

    /// `429 Too Many Requests` with `Retry-After: retry_after_secs`.
    pub fn too_many_requests(retry_after_secs: u64) -> Self {
        Self::new(FaultKind::Status {
            status: 429,
            retry_after: Some(retry_after_secs),
        })
    }

    /// An error answer with `status` (e.g. `500`, `502`, `503`), without `Retry-After`.
    pub fn status(status: u16) -> Self {
        Self::new(FaultKind::Status {
            status,
            retry_after: None,
        })
    }

    /// A delay of `delay` before the normal answer.
    pub fn delay(delay: Duration) -> Self {
        Self::new(FaultKind::Delay(delay))
    }

    /// The normal answer cut off after `keep` body bytes.
    pub fn truncate(keep: usize) -> Self {
        Self::new(FaultKind::Truncate { keep })
    }

    /// The normal answer sent slowly: `chunk` bytes every `interval`.
    pub fn slow_body(chunk: usize, interval: Duration) -> Self {
        Self::new(FaultKind::SlowBody { chunk, interval })
    }

    cartesia_types::setters! {
        /// Only requests with this method (case-insensitive).
        fn method(method: &str) { self.method = Some(method.to_ascii_uppercase()) }
        /// Only requests to this path (without the query string, as sent, not
        /// percent-decoded); a trailing `*` matches any rest, e.g. `/agents/calls/*`.
        fn path(path: impl Into<String>) = Some;
        /// Only the first `n` matching requests; later ones are served normally.
        fn times(n: usize) -> times = Some;
    }

    /// Whether a request matches (ignoring [`times`](Self::times)).
    pub(crate) fn matches(&self, method: &str, path: &str) -> bool {
        let method_ok = self
            .method
            .as_deref()
            .is_none_or(|m| m.eq_ignore_ascii_case(method));
        let path_ok = self
            .path
            .as_deref()
            .is_none_or(|p| match p.strip_suffix('*') {
                Some(prefix) => path.starts_with(prefix),
                None => p == path,
            });
        method_ok && path_ok
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_match_method_and_path() {
        let rule = FaultRule::status(503).method("get").path("/agents/calls/*");
        assert!(rule.matches("GET", "/agents/calls/ac_1"));
        assert!(!rule.matches("POST", "/agents/calls/ac_1"));
        assert!(!rule.matches("GET", "/agents"));
        let exact = FaultRule::status(500).path("/agents");
        assert!(exact.matches("DELETE", "/agents"));
        assert!(!exact.matches("GET", "/agents/x"));
        assert!(FaultRule::delay(Duration::ZERO).matches("PUT", "/anything"));
    }
}
