//! The raw-socket HTTP client the mock's test files share: one request on a fresh connection,
//! one [`Reply`].
// Each test file uses the part it needs.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use axum::http::{HeaderMap, HeaderName, HeaderValue};
use cartesia_mock::MockServer;
use serde_json::Value;

/// The key and version headers every authorised request carries.
pub const AUTH: &str = "Authorization: Bearer t\r\nCartesia-Version: 2026-03-01\r\n";

/// A response read off the socket: status, headers, body.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    /// The value of header `name` (compared without case), if it is text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name)?.to_str().ok()
    }

    /// The body as JSON (panics with the body when it is not).
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    /// Checks the status (showing the body when it is another).
    #[track_caller]
    pub fn assert_status(&self, status: u16) {
        assert_eq!(
            self.status,
            status,
            "{}",
            String::from_utf8_lossy(&self.body)
        );
    }

    /// Checks that the status is `200`.
    #[track_caller]
    pub fn assert_ok(&self) {
        self.assert_status(200);
    }

    /// Checks the status and the structured error body (its `request_id` repeats
    /// `x-request-id`; `title`, `message` and `doc_url` are not empty) and returns the body.
    #[track_caller]
    pub fn error_body(&self, status: u16) -> Value {
        self.assert_status(status);
        let body = self.json();
        assert_eq!(
            body["request_id"].as_str(),
            self.header("x-request-id"),
            "the body repeats x-request-id"
        );
        for key in ["title", "message", "doc_url"] {
            assert!(
                body[key].as_str().is_some_and(|s| !s.is_empty()),
                "{key}: {body}"
            );
        }
        body
    }
}

/// Decodes a chunked body.
pub fn dechunk(mut raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let line_end = raw
            .windows(2)
            .position(|w| w == b"\r\n")
            .expect("chunk size line");
        let size = usize::from_str_radix(std::str::from_utf8(&raw[..line_end]).unwrap().trim(), 16)
            .expect("hex chunk size");
        raw = &raw[line_end + 2..];
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&raw[..size]);
        raw = &raw[size + 2..];
    }
}

/// Sends one request on a fresh connection (`Connection: close`) and reads the reply (header
/// names in lower case, a chunked body decoded).
pub fn send(server: &MockServer, method: &str, target: &str, headers: &str, body: &[u8]) -> Reply {
    let mut stream = TcpStream::connect(server.addr()).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let head = format!(
        "{method} {target} HTTP/1.1\r\nHost: localhost\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(body).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read");
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("end of head");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let status = head[9..12].parse().expect("status");
    let headers: HeaderMap = head
        .lines()
        .skip(1)
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| {
            let name = HeaderName::try_from(n).expect("header name");
            (name, HeaderValue::try_from(v.trim()).expect("header value"))
        })
        .collect();
    let mut body = raw[split + 4..].to_vec();
    if headers
        .get("transfer-encoding")
        .is_some_and(|v| v == "chunked")
    {
        body = dechunk(&body);
    }
    Reply {
        status,
        headers,
        body,
    }
}
