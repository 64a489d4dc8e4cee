//! A small, fast HTTP/1.1 server on 127.0.0.1 for the benchmark: one thread per connection,
//! keep-alive, and every response computed once at start-up.
//!
//! `GET /agents/bench_1/phone-numbers` answers 1 phone number and
//! `GET /agents/bench_1000/phone-numbers` 1,000 (see [`crate::data`]). The request must carry
//! what the SDK sends — `Authorization: Bearer …`, `Cartesia-Version`, `User-Agent` and
//! `Accept: application/json` — or it gets a 400, so a baseline that sent less would fail
//! the benchmark rather than look cheaper.

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::Arc;

use crate::data;

/// The sizes (items per answer) the server knows.
pub const SIZES: [usize; 2] = [1, 1_000];

/// The largest request head accepted.
const MAX_HEAD: usize = 16 * 1024;

/// Precomputed responses: one per known path, and the error answers.
#[derive(Debug)]
pub struct Routes {
    lists: Vec<(String, Vec<u8>)>,
    not_found: Vec<u8>,
    bad_request: Vec<u8>,
    head_too_large: Vec<u8>,
}

impl Routes {
    /// The responses for every size in [`SIZES`].
    pub fn new() -> Self {
        let lists = SIZES
            .iter()
            .map(|&n| {
                let path = format!("/agents/{}/phone-numbers", data::agent_id(n));
                (
                    path,
                    response(200, "OK", &data::phone_numbers_json(n), false),
                )
            })
            .collect();
        Self {
            lists,
            not_found: response(404, "Not Found", br#"{"message":"not found"}"#, false),
            bad_request: response(
                400,
                "Bad Request",
                br#"{"message":"the benchmark expects GET with Authorization: Bearer, Cartesia-Version, User-Agent and Accept: application/json"}"#,
                true,
            ),
            head_too_large: response(
                431,
                "Request Header Fields Too Large",
                br#"{"message":"request head too large"}"#,
                true,
            ),
        }
    }

    /// The answer to one request head (`head` ends with the blank line), and whether the
    /// connection closes after it.
    pub fn answer(&self, head: &[u8]) -> (&[u8], bool) {
        let Some(req) = parse_head(head) else {
            return (&self.bad_request, true);
        };
        if !req.acceptable() {
            return (&self.bad_request, true);
        }
        let close = req.close;
        match self.lists.iter().find(|(path, _)| path == req.path) {
            Some((_, bytes)) => (bytes, close),
            None => (&self.not_found, close),
        }
    }
}

impl Default for Routes {
    fn default() -> Self {
        Self::new()
    }
}

fn response(status: u16, reason: &str, body: &[u8], close: bool) -> Vec<u8> {
    let connection = if close { "connection: close\r\n" } else { "" };
    let mut out = format!(
        "HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n{connection}\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body);
    out
}

/// What the server looks at in a request head.
#[derive(Debug, Default)]
struct Head<'a> {
    method: &'a str,
    path: &'a str,
    close: bool,
    has_body: bool,
    bearer: bool,
    version: bool,
    user_agent: bool,
    accept_json: bool,
}

impl Head<'_> {
    fn acceptable(&self) -> bool {
        self.method == "GET"
            && !self.has_body
            && self.bearer
            && self.version
            && self.user_agent
            && self.accept_json
    }
}

fn parse_head(head: &[u8]) -> Option<Head<'_>> {
    let text = std::str::from_utf8(head).ok()?;
    let mut lines = text.split("\r\n");
    let mut parts = lines.next()?.split(' ');
    let (method, path, proto) = (parts.next()?, parts.next()?, parts.next()?);
    let mut h = Head {
        method,
        path,
        close: match proto {
            "HTTP/1.1" => false,
            "HTTP/1.0" => true,
            _ => return None,
        },
        ..Head::default()
    };
    for line in lines.take_while(|l| !l.is_empty()) {
        let (name, value) = line.split_once(':')?;
        let value = value.trim();
        let is = |n: &str| name.eq_ignore_ascii_case(n);
        if is("authorization") {
            h.bearer = value.len() > 7 && value.starts_with("Bearer ");
        } else if is("cartesia-version") {
            h.version = !value.is_empty();
        } else if is("user-agent") {
            h.user_agent = !value.is_empty();
        } else if is("accept") {
            h.accept_json = value == "application/json";
        } else if is("connection") {
            h.close = value.eq_ignore_ascii_case("close");
        } else if is("content-length") {
            h.has_body |= value != "0";
        } else if is("transfer-encoding") {
            h.has_body = true;
        }
    }
    Some(h)
}

/// Serves `listener` until the process ends: one thread per connection.
pub fn serve(listener: TcpListener, routes: Arc<Routes>) {
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let routes = Arc::clone(&routes);
        std::thread::spawn(move || {
            // A client that goes away mid-request is its own business.
            let _ = connection(stream, &routes);
        });
    }
}

/// Answers the requests of one connection, in order, until the client closes it.
fn connection(mut stream: TcpStream, routes: &Routes) -> io::Result<()> {
    stream.set_nodelay(true)?;
    let mut buf = vec![0u8; MAX_HEAD];
    let mut filled = 0;
    loop {
        let mut searched = 0;
        let end = loop {
            if let Some(end) = head_end(&buf[..filled], searched) {
                break end;
            }
            searched = filled.saturating_sub(3);
            if filled == buf.len() {
                stream.write_all(&routes.head_too_large)?;
                return stream.shutdown(Shutdown::Both);
            }
            let n = stream.read(&mut buf[filled..])?;
            if n == 0 {
                return Ok(());
            }
            filled += n;
        };
        let (answer, close) = routes.answer(&buf[..end]);
        stream.write_all(answer)?;
        if close {
            return stream.shutdown(Shutdown::Both);
        }
        buf.copy_within(end..filled, 0);
        filled -= end;
    }
}

/// The index just past the first `\r\n\r\n` at or after `from`.
fn head_end(buf: &[u8], from: usize) -> Option<usize> {
    buf.get(from..)?
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|i| from + i + 4)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "GET /agents/bench_1/phone-numbers HTTP/1.1\r\nhost: x\r\nauthorization: Bearer k\r\ncartesia-version: 2026-03-01\r\nuser-agent: t\r\naccept: application/json\r\n\r\n";

    #[test]
    fn answers_known_paths_and_refuses_incomplete_requests() {
        let routes = Routes::new();
        let (ok, close) = routes.answer(GOOD.as_bytes());
        assert!(ok.starts_with(b"HTTP/1.1 200 OK\r\n"));
        assert!(!close);
        let other = GOOD.replace("bench_1/", "bench_2/");
        assert!(routes
            .answer(other.as_bytes())
            .0
            .starts_with(b"HTTP/1.1 404"));
        for missing in ["authorization", "cartesia-version", "user-agent", "accept"] {
            let head: String = GOOD
                .split_inclusive("\r\n")
                .filter(|l| !l.starts_with(missing))
                .collect();
            let (bad, close) = routes.answer(head.as_bytes());
            assert!(bad.starts_with(b"HTTP/1.1 400"), "{missing}");
            assert!(close);
        }
    }

    #[test]
    fn serves_keep_alive_requests_over_tcp() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        std::thread::spawn(move || serve(listener, Arc::new(Routes::new())));
        let mut s = TcpStream::connect(addr).unwrap();
        // Two requests in one write (pipelined), then read both answers.
        s.write_all(format!("{GOOD}{GOOD}").as_bytes()).unwrap();
        let one = Routes::new().answer(GOOD.as_bytes()).0.to_vec();
        let mut got = vec![0u8; one.len() * 2];
        s.read_exact(&mut got).unwrap();
        assert_eq!(&got[..one.len()], &one[..]);
        assert_eq!(&got[one.len()..], &one[..]);
    }

    #[test]
    fn finds_the_end_of_a_head() {
        assert_eq!(head_end(b"GET / HTTP/1.1\r\n\r\nrest", 0), Some(18));
        assert_eq!(head_end(b"GET / HTTP/1.1\r\n\r", 0), None);
        assert_eq!(head_end(b"ab", 5), None);
    }
}
