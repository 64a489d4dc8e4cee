//! Minimal, defensive HTTP/1.x request-head parsing.
//!
//! Nothing here panics on malformed input: every problem is reported as a
//! [`Reject`], which the server turns into an error response and a close.

use std::borrow::Cow;
use std::io::{self, BufRead};

/// Longest accepted request head (request line plus headers), in bytes.
pub(crate) const MAX_HEAD: usize = 64 * 1024;
/// Most header fields accepted in one request.
const MAX_HEADERS: usize = 128;
/// Blank lines tolerated before a request line (RFC 9112 section 2.2).
const MAX_LEADING_BLANK_LINES: usize = 8;

/// Why a request is refused before routing; the connection is closed after
/// the error response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reject {
    /// The request line or a header could not be parsed (400).
    Malformed,
    /// The head exceeded [`MAX_HEAD`] or had too many fields (431).
    HeadTooLarge,
    /// A `Transfer-Encoding` request body, which is not supported (411).
    LengthRequired,
    /// An HTTP major version other than 1 (505).
    VersionNotSupported,
}

/// Outcome of [`read_head`].
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum HeadRead {
    /// A full head, ending with its blank line, is in the buffer.
    Complete,
    /// The peer closed the connection between requests.
    Closed,
    /// The peer closed the connection in the middle of a head.
    Truncated,
    /// The head is longer than [`MAX_HEAD`].
    TooLarge,
    /// Too many blank lines before the request line.
    Garbage,
}

enum Line {
    Complete,
    Eof,
    TooLong,
}

/// Appends one line (up to and including `\n`) to `buf`, reading at most
/// `max` bytes.
fn read_line_limited<R: BufRead>(r: &mut R, buf: &mut Vec<u8>, max: usize) -> io::Result<Line> {
    let mut taken = 0usize;
    loop {
        let available = match r.fill_buf() {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok(Line::Eof);
        }
        let (chunk, done) = match available.iter().position(|&b| b == b'\n') {
            Some(i) => (&available[..=i], true),
            None => (available, false),
        };
        let len = chunk.len();
        if taken + len > max {
            return Ok(Line::TooLong);
        }
        buf.extend_from_slice(chunk);
        r.consume(len);
        taken += len;
        if done {
            return Ok(Line::Complete);
        }
    }
}

/// Reads one request head (request line, header lines and the terminating
/// blank line) into `head`, which is cleared first.
pub(crate) fn read_head<R: BufRead>(r: &mut R, head: &mut Vec<u8>) -> io::Result<HeadRead> {
    head.clear();
    let mut blank_lines = 0usize;
    loop {
        let start = head.len();
        match read_line_limited(r, head, MAX_HEAD - start)? {
            Line::Complete => {}
            Line::Eof if head.is_empty() && blank_lines == 0 => return Ok(HeadRead::Closed),
            Line::Eof => return Ok(HeadRead::Truncated),
            Line::TooLong => return Ok(HeadRead::TooLarge),
        }
        let line = &head[start..];
        if line == b"\n" || line == b"\r\n" {
            if start == 0 {
                // A stray blank line before the request line (e.g. a client
                // that sent CRLF after a previous body): skip it.
                head.clear();
                blank_lines += 1;
                if blank_lines > MAX_LEADING_BLANK_LINES {
                    return Ok(HeadRead::Garbage);
                }
                continue;
            }
            return Ok(HeadRead::Complete);
        }
    }
}

/// The parts of a request head the server cares about.
#[derive(Debug)]
pub(crate) struct Request<'a> {
    /// The method, e.g. `GET`.
    pub method: &'a str,
    /// The request target exactly as received (not percent-decoded).
    pub target: &'a str,
    /// The minor HTTP version (`HTTP/1.x`).
    pub minor_version: u8,
    /// All header fields in order; values have surrounding whitespace removed.
    pub headers: Vec<(&'a str, Cow<'a, str>)>,
    /// The first `Authorization` value.
    pub authorization: Option<&'a [u8]>,
    /// The first `Cartesia-Version` value.
    pub cartesia_version: Option<&'a [u8]>,
    /// The request body length.
    pub content_length: u64,
    /// Whether a `Transfer-Encoding` header was present.
    pub transfer_encoding: bool,
    /// `Connection: close` was sent.
    pub connection_close: bool,
    /// `Connection: keep-alive` was sent.
    pub connection_keep_alive: bool,
    /// `Expect: 100-continue` was sent.
    pub expect_continue: bool,
}

impl Request<'_> {
    /// Whether the connection stays open after the response.
    pub(crate) fn keep_alive(&self) -> bool {
        if self.connection_close {
            false
        } else if self.minor_version >= 1 {
            true
        } else {
            self.connection_keep_alive
        }
    }
}

/// `tchar` from RFC 9110 section 5.6.2.
fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

fn is_token(s: &[u8]) -> bool {
    !s.is_empty() && s.iter().all(|&b| is_tchar(b))
}

fn strip_eol(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

fn trim_ows(mut s: &[u8]) -> &[u8] {
    while let [b' ' | b'\t', rest @ ..] = s {
        s = rest;
    }
    while let [rest @ .., b' ' | b'\t'] = s {
        s = rest;
    }
    s
}

/// Parses `METHOD SP target SP HTTP/1.x`.
fn parse_request_line(line: &[u8]) -> Result<(&str, &str, u8), Reject> {
    let mut parts = line.split(|&b| b == b' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(Reject::Malformed);
    };
    if !is_token(method) {
        return Err(Reject::Malformed);
    }
    if target.is_empty() || !target.iter().all(|&b| (0x21..=0x7e).contains(&b)) {
        return Err(Reject::Malformed);
    }
    let minor = match version {
        [b'H', b'T', b'T', b'P', b'/', major, b'.', minor]
            if major.is_ascii_digit() && minor.is_ascii_digit() =>
        {
            if *major != b'1' {
                return Err(Reject::VersionNotSupported);
            }
            minor - b'0'
        }
        _ => return Err(Reject::Malformed),
    };
    let method = std::str::from_utf8(method).map_err(|_| Reject::Malformed)?;
    let target = std::str::from_utf8(target).map_err(|_| Reject::Malformed)?;
    Ok((method, target, minor))
}

fn parse_content_length(value: &[u8]) -> Result<u64, Reject> {
    if value.is_empty() || value.len() > 18 || !value.iter().all(u8::is_ascii_digit) {
        return Err(Reject::Malformed);
    }
    Ok(value
        .iter()
        .fold(0u64, |acc, &d| acc * 10 + u64::from(d - b'0')))
}

/// Parses a complete head as filled in by [`read_head`]. All header fields
/// are collected into [`Request::headers`] only if `collect_headers` is set
/// (for recording); the fields the server acts on are always extracted.
pub(crate) fn parse_head(head: &[u8], collect_headers: bool) -> Result<Request<'_>, Reject> {
    let mut lines = head.split_inclusive(|&b| b == b'\n').map(strip_eol);
    let request_line = lines.next().ok_or(Reject::Malformed)?;
    let (method, target, minor_version) = parse_request_line(request_line)?;
    let mut req = Request {
        method,
        target,
        minor_version,
        headers: Vec::new(),
        authorization: None,
        cartesia_version: None,
        content_length: 0,
        transfer_encoding: false,
        connection_close: false,
        connection_keep_alive: false,
        expect_continue: false,
    };
    let mut content_length: Option<u64> = None;
    let mut count = 0usize;
    for line in lines {
        if line.is_empty() {
            // The terminating blank line.
            break;
        }
        count += 1;
        if count > MAX_HEADERS {
            return Err(Reject::HeadTooLarge);
        }
        // Obsolete line folding and whitespace before the colon are rejected
        // (RFC 9112 sections 5.1 and 5.2).
        let colon = line
            .iter()
            .position(|&b| b == b':')
            .ok_or(Reject::Malformed)?;
        let name = &line[..colon];
        if !is_token(name) {
            return Err(Reject::Malformed);
        }
        let value = trim_ows(&line[colon + 1..]);
        if value.iter().any(|&b| (b < 0x20 && b != b'\t') || b == 0x7f) {
            return Err(Reject::Malformed);
        }
        if name.eq_ignore_ascii_case(b"authorization") {
            req.authorization.get_or_insert(value);
        } else if name.eq_ignore_ascii_case(b"cartesia-version") {
            req.cartesia_version.get_or_insert(value);
        } else if name.eq_ignore_ascii_case(b"content-length") {
            let len = parse_content_length(value)?;
            if content_length.is_some_and(|previous| previous != len) {
                return Err(Reject::Malformed);
            }
            content_length = Some(len);
        } else if name.eq_ignore_ascii_case(b"transfer-encoding") {
            req.transfer_encoding = true;
        } else if name.eq_ignore_ascii_case(b"connection") {
            for option in value.split(|&b| b == b',').map(trim_ows) {
                if option.eq_ignore_ascii_case(b"close") {
                    req.connection_close = true;
                } else if option.eq_ignore_ascii_case(b"keep-alive") {
                    req.connection_keep_alive = true;
                }
            }
        } else if name.eq_ignore_ascii_case(b"expect") {
            req.expect_continue = value.eq_ignore_ascii_case(b"100-continue");
        }
        if collect_headers {
            // Names are tokens, hence ASCII.
            let name = std::str::from_utf8(name).map_err(|_| Reject::Malformed)?;
            req.headers.push((name, String::from_utf8_lossy(value)));
        }
    }
    if req.transfer_encoding {
        return Err(Reject::LengthRequired);
    }
    req.content_length = content_length.unwrap_or(0);
    Ok(req)
}

/// Percent-decoding failure of a path segment.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum DecodeError {
    /// A `%` not followed by two hex digits.
    BadEscape,
    /// The decoded bytes are not UTF-8.
    NotUtf8,
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Percent-decodes one path segment (`+` stays a plus sign).
pub(crate) fn percent_decode(segment: &str) -> Result<Cow<'_, str>, DecodeError> {
    if !segment.contains('%') {
        return Ok(Cow::Borrowed(segment));
    }
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hi = bytes.get(i + 1).copied().and_then(hex_value);
            let lo = bytes.get(i + 2).copied().and_then(hex_value);
            match (hi, lo) {
                (Some(hi), Some(lo)) => out.push(hi << 4 | lo),
                _ => return Err(DecodeError::BadEscape),
            }
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out)
        .map(Cow::Owned)
        .map_err(|_| DecodeError::NotUtf8)
}

/// Whether `value` has the form `YYYY-MM-DD` (digits and dashes only).
pub(crate) fn is_version_date(value: &[u8]) -> bool {
    value.len() == 10
        && value.iter().enumerate().all(|(i, &b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        })
}

/// The token of an `Authorization: Bearer <token>` value, if non-empty.
pub(crate) fn bearer_token(value: &[u8]) -> Option<&[u8]> {
    let space = value.iter().position(|&b| b == b' ')?;
    let (scheme, rest) = value.split_at(space);
    if !scheme.eq_ignore_ascii_case(b"bearer") {
        return None;
    }
    let token = trim_ows(rest);
    (!token.is_empty()).then_some(token)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn head_of(input: &[u8]) -> (HeadRead, Vec<u8>) {
        let mut reader = Cursor::new(input.to_vec());
        let mut head = Vec::new();
        let result = read_head(&mut reader, &mut head).expect("cursor reads cannot fail");
        (result, head)
    }

    #[test]
    fn reads_heads_and_detects_eof() {
        let (r, head) = head_of(b"\r\nGET / HTTP/1.1\r\nA: b\r\n\r\nrest");
        assert_eq!(r, HeadRead::Complete);
        assert_eq!(head, b"GET / HTTP/1.1\r\nA: b\r\n\r\n");
        assert_eq!(head_of(b"").0, HeadRead::Closed);
        assert_eq!(head_of(b"GET / HTTP/1.1\r\nA: b").0, HeadRead::Truncated);
        assert_eq!(head_of(&vec![b'a'; MAX_HEAD + 1]).0, HeadRead::TooLarge);
        assert_eq!(head_of(&[b'\n'; 20]).0, HeadRead::Garbage);
    }

    #[test]
    fn parses_a_request() {
        let head = b"GET /agents/x/phone-numbers?a=%20 HTTP/1.1\r\nHost: h\r\nAuthorization:  Bearer k \r\ncartesia-version: 2026-03-01\r\nContent-Length: 5\r\nConnection: keep-alive, Close\r\n\r\n";
        let req = parse_head(head, true).expect("valid");
        assert_eq!(req.method, "GET");
        assert_eq!(req.target, "/agents/x/phone-numbers?a=%20");
        assert_eq!(req.minor_version, 1);
        assert_eq!(req.authorization, Some(&b"Bearer k"[..]));
        assert_eq!(req.cartesia_version, Some(&b"2026-03-01"[..]));
        assert_eq!(req.content_length, 5);
        assert!(!req.keep_alive());
        assert_eq!(req.headers.len(), 5);
        assert_eq!(req.headers[1].0, "Authorization");
        assert_eq!(req.headers[1].1, "Bearer k");
        assert!(parse_head(head, false).expect("valid").headers.is_empty());
    }

    #[test]
    fn rejects_malformed_heads() {
        let cases: &[(&[u8], Reject)] = &[
            (b"GARBAGE\r\n\r\n", Reject::Malformed),
            (b"GET  / HTTP/1.1\r\n\r\n", Reject::Malformed),
            (b"GET / HTTP/1.1 x\r\n\r\n", Reject::Malformed),
            (b"G(T / HTTP/1.1\r\n\r\n", Reject::Malformed),
            (b"GET / HTTQ/1.1\r\n\r\n", Reject::Malformed),
            (b"GET /\xff HTTP/1.1\r\n\r\n", Reject::Malformed),
            (b"GET / HTTP/2.0\r\n\r\n", Reject::VersionNotSupported),
            (b"GET / HTTP/1.1\r\nNoColon\r\n\r\n", Reject::Malformed),
            (b"GET / HTTP/1.1\r\nA : b\r\n\r\n", Reject::Malformed),
            (
                b"GET / HTTP/1.1\r\nA: b\r\n folded\r\n\r\n",
                Reject::Malformed,
            ),
            (b"GET / HTTP/1.1\r\nA: b\0c\r\n\r\n", Reject::Malformed),
            (
                b"GET / HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
                Reject::Malformed,
            ),
            (
                b"GET / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
                Reject::Malformed,
            ),
            (
                b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n",
                Reject::LengthRequired,
            ),
        ];
        for (head, expected) in cases {
            let got = parse_head(head, true).map(|_| ());
            assert_eq!(got, Err(*expected), "{}", String::from_utf8_lossy(head));
        }
    }

    #[test]
    fn http_1_0_defaults_to_close() {
        let req = parse_head(b"GET / HTTP/1.0\r\n\r\n", false).expect("valid");
        assert!(!req.keep_alive());
        let req =
            parse_head(b"GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", false).expect("valid");
        assert!(req.keep_alive());
        let req = parse_head(b"GET / HTTP/1.1\n\n", false).expect("bare LF is accepted");
        assert!(req.keep_alive());
    }

    #[test]
    fn decodes_percent_escapes() {
        assert_eq!(percent_decode("plain").as_deref(), Ok("plain"));
        assert_eq!(percent_decode("a%2Fb").as_deref(), Ok("a/b"));
        assert_eq!(percent_decode("a%2fb+c").as_deref(), Ok("a/b+c"));
        assert_eq!(percent_decode("caf%C3%A9").as_deref(), Ok("café"));
        assert_eq!(percent_decode("%zz"), Err(DecodeError::BadEscape));
        assert_eq!(percent_decode("a%2"), Err(DecodeError::BadEscape));
        assert_eq!(percent_decode("%ff"), Err(DecodeError::NotUtf8));
    }

    #[test]
    fn checks_versions_and_tokens() {
        assert!(is_version_date(b"2026-03-01"));
        assert!(!is_version_date(b"2026-3-01"));
        assert!(!is_version_date(b"2026/03/01"));
        assert!(!is_version_date(b"2026-03-011"));
        assert!(!is_version_date(b""));
        assert_eq!(bearer_token(b"Bearer abc"), Some(&b"abc"[..]));
        assert_eq!(bearer_token(b"bearer  abc"), Some(&b"abc"[..]));
        assert_eq!(bearer_token(b"Bearer "), None);
        assert_eq!(bearer_token(b"Bearer"), None);
        assert_eq!(bearer_token(b"Basic abc"), None);
    }
}
