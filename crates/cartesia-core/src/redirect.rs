//! The one redirect policy, decided here for every transport (whose own redirect following is
//! turned off): a pure function of the answer and the request that got it.
//!
//! - Only `301`, `302`, `303`, `307` and `308` with a `Location` are redirects; other 3xx
//!   answers are API errors as before.
//! - Only a **same-origin** target (same scheme, host and port as the request) is followed, so
//!   the API key never travels to another host, and never from https to http. A cross-origin
//!   redirect is not followed: it becomes [`Error::Redirect`](crate::Error::Redirect), which
//!   carries the status and the `Location`.
//! - At most `max_redirects` hops per call (default 5); one more is an error.
//! - Method and body per RFC 9110 §15.4: `303` turns any method but `HEAD` into a `GET` with
//!   no body; `301`/`302` turn a `POST` into a `GET` with no body (what every browser and HTTP
//!   library does) and keep other methods; `307`/`308` keep the method and the body.
//! - No `Referer` is ever added.

use std::fmt;

use http::{HeaderMap, Method, StatusCode, Uri};

/// Why a redirect was not followed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RedirectRefusal {
    /// The target is on another origin (scheme, host or port).
    CrossOrigin,
    /// The call already followed the most redirects allowed.
    TooManyRedirects,
    /// The answer has no `Location`, or one that is not a valid URI reference.
    InvalidLocation,
}

impl fmt::Display for RedirectRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::CrossOrigin => {
                "it points to another origin, and the API key is only sent to the base URL's"
            }
            Self::TooManyRedirects => "too many redirects",
            Self::InvalidLocation => "its Location is missing or not a valid URL",
        })
    }
}

/// A redirect the SDK did not follow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RedirectError {
    status: StatusCode,
    location: Option<String>,
    reason: RedirectRefusal,
    hops: u32,
}

/// How much of a `Location` an error keeps.
const LOCATION_LIMIT: usize = 2048;

impl RedirectError {
    pub(crate) fn new(
        status: StatusCode,
        location: Option<&str>,
        reason: RedirectRefusal,
        hops: u32,
    ) -> Self {
        Self {
            status,
            location: location.map(|l| {
                let mut end = l.len().min(LOCATION_LIMIT);
                while !l.is_char_boundary(end) {
                    end -= 1;
                }
                l[..end].to_owned()
            }),
            reason,
            hops,
        }
    }

    /// The redirect status (301, 302, 303, 307 or 308).
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The `Location` the server gave (resolved against the request URL when it was
    /// relative), if any.
    pub fn location(&self) -> Option<&str> {
        self.location.as_deref()
    }

    /// Why it was not followed.
    pub fn reason(&self) -> RedirectRefusal {
        self.reason
    }

    /// How many redirects the call had followed before this one.
    pub fn redirects_followed(&self) -> u32 {
        self.hops
    }
}

impl fmt::Display for RedirectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "redirect (HTTP {}) ", self.status.as_u16())?;
        if let Some(l) = &self.location {
            write!(f, "to {l} ")?;
        }
        write!(f, "not followed: {}", self.reason)?;
        if self.hops > 0 {
            write!(f, " (after {} redirects)", self.hops)?;
        }
        Ok(())
    }
}

impl std::error::Error for RedirectError {}

/// What to send next after a redirect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Follow {
    /// The new request URI.
    pub uri: Uri,
    /// The new method.
    pub method: Method,
    /// Whether the body (and its `Content-Type`) is sent again; false when the method became
    /// `GET`.
    pub keep_body: bool,
}

/// The decision on one answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RedirectDecision {
    /// Not a redirect: handle the answer as usual.
    NotRedirect,
    /// Send the request again as [`Follow`] says.
    Follow(Follow),
    /// A redirect that must not be followed.
    Refuse(RedirectError),
}

/// Decides what to do with an answer of `status` and `headers` to a `method` request for
/// `current`, after `hops` redirects already followed in this call.
pub fn decide(
    status: StatusCode,
    headers: &HeaderMap,
    method: &Method,
    current: &Uri,
    hops: u32,
    max_redirects: u32,
) -> RedirectDecision {
    if !matches!(status.as_u16(), 301 | 302 | 303 | 307 | 308) {
        return RedirectDecision::NotRedirect;
    }
    let raw = headers
        .get(http::header::LOCATION)
        .and_then(|v| v.to_str().ok());
    let target = raw.and_then(|l| resolve(current, l));
    let Some(target) = target else {
        return RedirectDecision::Refuse(RedirectError::new(
            status,
            raw,
            RedirectRefusal::InvalidLocation,
            hops,
        ));
    };
    let shown = target.to_string();
    if !same_origin(current, &target) {
        return RedirectDecision::Refuse(RedirectError::new(
            status,
            Some(&shown),
            RedirectRefusal::CrossOrigin,
            hops,
        ));
    }
    if hops >= max_redirects {
        return RedirectDecision::Refuse(RedirectError::new(
            status,
            Some(&shown),
            RedirectRefusal::TooManyRedirects,
            hops,
        ));
    }
    let to_get = match status.as_u16() {
        303 => *method != Method::HEAD && *method != Method::GET,
        301 | 302 => *method == Method::POST,
        _ => false,
    };
    RedirectDecision::Follow(Follow {
        uri: target,
        method: if to_get { Method::GET } else { method.clone() },
        keep_body: !to_get,
    })
}

/// Whether `a` and `b` have the same scheme, host and port (default ports filled in).
pub fn same_origin(a: &Uri, b: &Uri) -> bool {
    let (Some(sa), Some(sb)) = (a.scheme_str(), b.scheme_str()) else {
        return false;
    };
    let (Some(ha), Some(hb)) = (a.host(), b.host()) else {
        return false;
    };
    sa.eq_ignore_ascii_case(sb) && ha.eq_ignore_ascii_case(hb) && port_of(a, sa) == port_of(b, sb)
}

fn port_of(uri: &Uri, scheme: &str) -> Option<u16> {
    uri.port_u16()
        .or(match scheme.to_ascii_lowercase().as_str() {
            "http" => Some(80),
            "https" => Some(443),
            _ => None,
        })
}

/// Resolves a `Location` against the URI of the request it answered (RFC 3986 §5.2, for the
/// forms servers send: absolute, scheme-relative, absolute-path and relative-path; dot
/// segments are left for the server). The fragment is dropped. `None` when it is not a URI.
pub fn resolve(base: &Uri, location: &str) -> Option<Uri> {
    let location = location.trim();
    let location = location.split('#').next().unwrap_or_default();
    if location.is_empty() {
        return None;
    }
    let scheme = base.scheme_str()?;
    let authority = base.authority()?.as_str();
    let joined = if has_scheme(location) {
        location.to_owned()
    } else if let Some(rest) = location.strip_prefix("//") {
        format!("{scheme}://{rest}")
    } else if location.starts_with('/') {
        format!("{scheme}://{authority}{location}")
    } else if location.starts_with('?') {
        format!("{scheme}://{authority}{}{location}", base.path())
    } else {
        let path = base.path();
        let dir = &path[..path.rfind('/').map_or(0, |i| i + 1)];
        let dir = if dir.is_empty() { "/" } else { dir };
        format!("{scheme}://{authority}{dir}{location}")
    };
    let uri: Uri = joined.parse().ok()?;
    match uri.scheme_str() {
        Some(s) if s.eq_ignore_ascii_case("http") || s.eq_ignore_ascii_case("https") => {}
        _ => return None,
    }
    uri.host().filter(|h| !h.is_empty())?;
    Some(uri)
}

fn has_scheme(s: &str) -> bool {
    let Some(colon) = s.find(':') else {
        return false;
    };
    let scheme = &s[..colon];
    !scheme.is_empty()
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && !s[..colon].contains('/')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(location: Option<&str>) -> HeaderMap {
        let mut h = HeaderMap::new();
        if let Some(l) = location {
            h.insert(http::header::LOCATION, l.parse().unwrap());
        }
        h
    }

    fn uri(s: &str) -> Uri {
        s.parse().unwrap()
    }

    fn run(status: u16, location: Option<&str>, method: Method, hops: u32) -> RedirectDecision {
        decide(
            StatusCode::from_u16(status).unwrap(),
            &headers(location),
            &method,
            &uri("https://api.cartesia.ai/agents/a1?x=1"),
            hops,
            5,
        )
    }

    #[test]
    fn statuses_and_methods_follow_rfc_9110() {
        for (status, method, want_method, keep) in [
            (301, Method::GET, Method::GET, true),
            (301, Method::POST, Method::GET, false),
            (302, Method::POST, Method::GET, false),
            (302, Method::PATCH, Method::PATCH, true),
            (303, Method::POST, Method::GET, false),
            (303, Method::DELETE, Method::GET, false),
            (303, Method::HEAD, Method::HEAD, true),
            (307, Method::POST, Method::POST, true),
            (308, Method::PATCH, Method::PATCH, true),
        ] {
            match run(status, Some("/agents/b2"), method.clone(), 0) {
                RedirectDecision::Follow(f) => {
                    assert_eq!(f.method, want_method, "{status} {method}");
                    assert_eq!(f.keep_body, keep, "{status} {method}");
                    assert_eq!(f.uri, uri("https://api.cartesia.ai/agents/b2"));
                }
                other => panic!("{status} {method}: {other:?}"),
            }
        }
        for status in [200, 300, 304, 305, 400, 500] {
            assert_eq!(
                run(status, Some("/x"), Method::GET, 0),
                RedirectDecision::NotRedirect
            );
        }
    }

    #[test]
    fn only_same_origin_is_followed() {
        for loc in [
            "https://evil.example/agents",
            "http://api.cartesia.ai/agents",
            "https://api.cartesia.ai:8443/agents",
            "//evil.example/x",
            "https://user@api.cartesia.ai.evil.example/",
        ] {
            match run(307, Some(loc), Method::POST, 0) {
                RedirectDecision::Refuse(e) => {
                    assert_eq!(e.reason(), RedirectRefusal::CrossOrigin, "{loc}");
                    assert_eq!(e.status(), StatusCode::TEMPORARY_REDIRECT);
                    assert!(e.location().is_some());
                    assert!(e.to_string().contains("another origin"), "{e}");
                }
                other => panic!("{loc}: {other:?}"),
            }
        }
        for loc in [
            "https://API.cartesia.ai/x",
            "https://api.cartesia.ai:443/x",
            "x",
            "?page=2",
        ] {
            assert!(
                matches!(
                    run(302, Some(loc), Method::GET, 0),
                    RedirectDecision::Follow(_)
                ),
                "{loc}"
            );
        }
    }

    #[test]
    fn relative_locations_resolve_against_the_request() {
        let base = uri("https://h.example/a/b/c?q=1");
        for (loc, want) in [
            ("/x/y", "https://h.example/x/y"),
            ("d", "https://h.example/a/b/d"),
            ("?z=2", "https://h.example/a/b/c?z=2"),
            ("//o.example/p", "https://o.example/p"),
            ("http://o.example/p#frag", "http://o.example/p"),
        ] {
            assert_eq!(resolve(&base, loc), Some(uri(want)), "{loc}");
        }
        for bad in [
            "",
            "#only",
            "ftp://h.example/x",
            "javascript:alert(1)",
            "http://",
        ] {
            assert_eq!(resolve(&base, bad), None, "{bad:?}");
        }
    }

    #[test]
    fn hops_are_bounded_and_bad_locations_refused() {
        match run(302, Some("/x"), Method::GET, 5) {
            RedirectDecision::Refuse(e) => {
                assert_eq!(e.reason(), RedirectRefusal::TooManyRedirects);
                assert_eq!(e.redirects_followed(), 5);
            }
            other => panic!("{other:?}"),
        }
        for loc in [None, Some("ftp://x/")] {
            match run(308, loc, Method::GET, 0) {
                RedirectDecision::Refuse(e) => {
                    assert_eq!(e.reason(), RedirectRefusal::InvalidLocation)
                }
                other => panic!("{other:?}"),
            }
        }
        let long = format!("https://evil.example/{}", "a".repeat(10_000));
        match run(307, Some(&long), Method::GET, 0) {
            RedirectDecision::Refuse(e) => assert!(e.location().unwrap().len() <= 2048),
            other => panic!("{other:?}"),
        }
    }
}
