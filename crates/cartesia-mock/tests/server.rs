//! End-to-end tests of the mock server over raw TCP.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::time::{Duration, Instant};

use axum::http::{HeaderMap, HeaderName, HeaderValue};
use cartesia_mock::{
    demo_agents, generated_phone_numbers, DemoPhoneNumber, MockServer, DEMO_AGENT_ID,
    DEMO_SUPPORT_AGENT_ID,
};
use serde_json::Value;

const TIMEOUT: Duration = Duration::from_secs(10);
const AUTH: &str = "Authorization: Bearer test-token\r\n";
const VERSION: &str = "Cartesia-Version: 2026-03-01\r\n";
/// The demo agent's phone numbers, the path most tests ask for.
const DEMO_NUMBERS: &str = "/agents/agent_demo/phone-numbers";

mod common;

use common::Reply as Response;

impl Response {
    /// Checks the headers every response must have and, for errors, the
    /// structured body; returns the body's `error_code`.
    fn assert_error(&self, status: u16) -> Value {
        let body = self.error_body(status);
        assert_common_headers(self);
        let object = body.as_object().expect("error body is an object");
        let mut keys: Vec<&str> = object.keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            ["doc_url", "error_code", "message", "request_id", "title"]
        );
        assert!(body["doc_url"]
            .as_str()
            .is_some_and(|u| u.starts_with("https://docs.cartesia.ai/")));
        body["error_code"].clone()
    }
}

fn assert_common_headers(response: &Response) {
    assert_eq!(response.header("content-type"), Some("application/json"));
    assert_eq!(
        response.header("content-length"),
        Some(response.body.len().to_string().as_str())
    );
    let id = response.header("x-request-id").expect("x-request-id");
    assert!(!id.is_empty());
}

fn connect(server: &MockServer) -> BufReader<TcpStream> {
    let stream = TcpStream::connect(server.addr()).expect("connect");
    stream.set_read_timeout(Some(TIMEOUT)).unwrap();
    stream.set_write_timeout(Some(TIMEOUT)).unwrap();
    BufReader::new(stream)
}

fn send(conn: &mut BufReader<TcpStream>, bytes: impl AsRef<[u8]>) {
    conn.get_mut()
        .write_all(bytes.as_ref())
        .expect("write request");
}

/// A new connection on which `request` is sent.
fn connect_and_send(server: &MockServer, request: impl AsRef<[u8]>) -> BufReader<TcpStream> {
    let mut conn = connect(server);
    send(&mut conn, request);
    conn
}

/// One line off the connection, its line end included (empty at the end of the stream).
fn next_line(conn: &mut BufReader<TcpStream>) -> String {
    let mut line = String::new();
    conn.read_line(&mut line).expect("read a line");
    line
}

/// Reads one response; `None` if the connection closed before a status line.
fn try_read_response(conn: &mut BufReader<TcpStream>) -> Option<Response> {
    let line = next_line(conn);
    if line.is_empty() {
        return None;
    }
    let mut parts = line.trim_end().splitn(3, ' ');
    let version = parts.next();
    assert!(
        matches!(version, Some("HTTP/1.1" | "HTTP/1.0")),
        "status line {line:?}"
    );
    let status = parts.next().unwrap().parse().unwrap();
    let mut headers = HeaderMap::new();
    loop {
        let line = next_line(conn);
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':').expect("header has a colon");
        let name = HeaderName::try_from(name).expect("a header name");
        headers.append(
            name,
            HeaderValue::try_from(value.trim()).expect("a header value"),
        );
    }
    let mut response = Response {
        status,
        headers,
        body: Vec::new(),
    };
    // The server's own errors for unparseable requests (hyper's) have no body.
    let len: usize = response
        .header("content-length")
        .map_or(0, |v| v.parse().unwrap());
    response.body = vec![0; len];
    conn.read_exact(&mut response.body).expect("read body");
    Some(response)
}

fn read_response(conn: &mut BufReader<TcpStream>) -> Response {
    try_read_response(conn).expect("a response, not EOF")
}

/// Sends one request on a fresh connection and reads the response.
fn request(server: &MockServer, raw: &str) -> Response {
    read_response(&mut connect_and_send(server, raw))
}

fn get(server: &MockServer, target: &str, headers: &str) -> Response {
    request(
        server,
        &format!("GET {target} HTTP/1.1\r\nHost: localhost\r\n{headers}\r\n"),
    )
}

fn get_ok(server: &MockServer, target: &str) -> Response {
    get(server, target, &format!("{AUTH}{VERSION}"))
}

/// The head of a `method` request for the demo numbers, as sent on the wire (keep-alive),
/// with these `extra` header lines.
fn demo_request(method: &str, extra: &str) -> String {
    format!("{method} {DEMO_NUMBERS} HTTP/1.1\r\n{AUTH}{VERSION}{extra}\r\n")
}

/// A connection that was served one request and now waits, kept alive.
fn idle_connection(server: &MockServer) -> BufReader<TcpStream> {
    let mut conn = connect(server);
    send(&mut conn, demo_request("GET", ""));
    assert_eq!(read_response(&mut conn).status, 200);
    conn
}

/// GETs `path` with each of `headers`, expecting a `200` phone-number list each time; the
/// lists.
fn accepted(server: &MockServer, path: &str, headers: &[String]) -> Vec<Vec<Value>> {
    headers
        .iter()
        .map(|h| phone_list(&get(server, path, h)))
        .collect()
}

/// Asserts that the server closes the connection (EOF, or a reset).
fn assert_closed(conn: &mut BufReader<TcpStream>) {
    let mut rest = Vec::new();
    match conn.read_to_end(&mut rest) {
        Ok(_) => assert!(rest.is_empty(), "unexpected bytes after close: {rest:?}"),
        Err(e) => assert_eq!(e.kind(), std::io::ErrorKind::ConnectionReset, "{e}"),
    }
}

fn phone_list(response: &Response) -> Vec<Value> {
    assert_eq!(response.status, 200, "{response:?}");
    assert_common_headers(response);
    response.json().as_array().expect("a JSON array").clone()
}

fn assert_matches(item: &Value, expected: &DemoPhoneNumber) {
    let object = item.as_object().expect("an object");
    assert_eq!(object.len(), 5, "{item}");
    assert_eq!(item["agent_id"], expected.agent_id.as_str());
    assert_eq!(item["number"], expected.number.as_str());
    assert_eq!(item["created_at"], expected.created_at.as_str());
    assert_eq!(item["updated_at"], expected.updated_at.as_str());
    assert_eq!(item["is_cartesia_managed"], expected.is_cartesia_managed);
}

#[test]
fn demo_agent_lists_its_number() {
    let server = MockServer::start().unwrap();
    assert_eq!(
        server.url(),
        format!("http://127.0.0.1:{}", server.addr().port())
    );
    let response = get_ok(&server, DEMO_NUMBERS);
    let list = phone_list(&response);
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["agent_id"], DEMO_AGENT_ID);
    assert_eq!(list[0]["number"], "+14155550123");
    assert_eq!(list[0]["created_at"], "2026-03-31T17:37:05.961874Z");
    assert_eq!(list[0]["is_cartesia_managed"], true);
    let demo = demo_agents();
    let (_, numbers) = demo.iter().find(|(id, _)| id == DEMO_AGENT_ID).unwrap();
    assert_matches(&list[0], &numbers[0]);
}

#[test]
fn support_agent_lists_two_numbers_in_both_timestamp_shapes() {
    let server = MockServer::start().unwrap();
    let list = phone_list(&get_ok(
        &server,
        "/agents/agent_support/phone-numbers?limit=1",
    ));
    let demo = demo_agents();
    let (_, numbers) = demo
        .iter()
        .find(|(id, _)| id == DEMO_SUPPORT_AGENT_ID)
        .unwrap();
    assert_eq!(list.len(), 2);
    for (item, expected) in list.iter().zip(numbers) {
        assert_matches(item, expected);
    }
    let stamps: Vec<&str> = list
        .iter()
        .flat_map(|item| [&item["created_at"], &item["updated_at"]])
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(stamps.contains(&"2026-03-01T12:00:00Z"));
    assert!(stamps.contains(&"2026-03-31T17:37:05.961874Z"));
}

#[test]
fn configured_api_key_must_match() {
    let server = MockServer::builder()
        .api_key("sk_car_secret")
        .start()
        .unwrap();
    let wrong = get(&server, DEMO_NUMBERS, &format!("{AUTH}{VERSION}"));
    assert_eq!(wrong.assert_error(401), "invalid_api_key");
    let right = [
        format!("Authorization: Bearer sk_car_secret\r\n{VERSION}"),
        format!("authorization: bearer sk_car_secret\r\n{VERSION}"),
    ];
    for numbers in accepted(&server, DEMO_NUMBERS, &right) {
        assert_eq!(numbers.len(), 1);
    }
}

#[test]
fn missing_or_bad_credentials_or_version_are_refused() {
    let server = MockServer::start().unwrap();
    // Credentials are checked first (401), then the version (400).
    let cases = [
        (401, "", VERSION),
        (401, "Authorization: Bearer \r\n", VERSION),
        (401, "Authorization: Basic dXNlcjpwdw==\r\n", VERSION),
        (401, "Authorization: test-token\r\n", VERSION),
        (400, AUTH, ""),
        (400, AUTH, "Cartesia-Version: 2026/03/01\r\n"),
        (400, AUTH, "Cartesia-Version: latest\r\n"),
        (400, AUTH, "Cartesia-Version: \r\n"),
    ];
    for (status, credentials, version) in cases {
        let headers = format!("{credentials}{version}");
        let response = get(&server, DEMO_NUMBERS, &headers);
        let code = response.assert_error(status);
        if status == 401 {
            assert_eq!(code, "invalid_api_key", "{headers}");
            let body = response.json();
            assert_eq!(body["title"], "Unauthorized");
            assert_eq!(body["message"], "Invalid or missing API key.");
        } else {
            assert_eq!(code, "invalid_version", "{headers}");
        }
    }
    // Auth is checked before routing.
    let response = get(&server, "/nope", VERSION);
    assert_eq!(response.assert_error(401), "invalid_api_key");
    // Another date is another version, not an error.
    accepted(
        &server,
        DEMO_NUMBERS,
        &[format!("{AUTH}cartesia-version: 2024-06-10\r\n")],
    );
}

#[test]
fn unknown_agent_and_unknown_path_are_not_found() {
    let server = MockServer::start().unwrap();
    let response = get_ok(&server, "/agents/agent_nobody/phone-numbers");
    assert_eq!(response.assert_error(404), "agent_not_found");
    for path in [
        "/nothing",
        "/agents/",
        "/agents/agent_demo/",
        "/agents/agent_demo/calls",
        "/agents/agent_demo/phone-numbers/",
        "/agents/agent_demo/phone-numbers/extra",
        "/v1/agents/agent_demo/phone-numbers",
    ] {
        let response = get_ok(&server, path);
        assert_eq!(response.assert_error(404), "not_found", "{path}");
    }
    // An empty id and an invalid escape (taken literally) name no agent; an escape that
    // is not UTF-8 is a bad request.
    for path in ["/agents//phone-numbers", "/agents/%zz/phone-numbers"] {
        let response = get_ok(&server, path);
        assert_eq!(response.assert_error(404), "agent_not_found", "{path}");
    }
    let response = get_ok(&server, "/agents/%FF/phone-numbers");
    assert_eq!(response.assert_error(400), "invalid_request");
}

#[test]
fn other_methods_are_not_allowed() {
    let server = MockServer::start().unwrap();
    let response = request(
        &server,
        &(demo_request("POST", "Content-Length: 2\r\n") + "{}"),
    );
    assert_eq!(response.assert_error(405), "method_not_allowed");
    assert_eq!(response.header("allow"), Some("GET,HEAD"));

    // HEAD is served like GET without the body, so the connection stays usable.
    let mut conn = connect_and_send(&server, demo_request("HEAD", "") + &demo_request("GET", ""));
    let status = next_line(&mut conn);
    assert!(status.starts_with("HTTP/1.1 200 "), "{status}");
    while next_line(&mut conn) != "\r\n" {}
    assert_eq!(phone_list(&read_response(&mut conn)).len(), 1);
}

#[test]
fn percent_encoded_agent_id_is_decoded_but_recorded_raw() {
    let server = MockServer::builder()
        .agent("a/b", vec![DemoPhoneNumber::new("a/b", "+15005550006")])
        .agent("café", vec![DemoPhoneNumber::new("café", "+15005550007")])
        .start()
        .unwrap();
    let raw = "/agents/a%2Fb/phone-numbers?x=1%20&y=%2F";
    let list = phone_list(&get_ok(&server, raw));
    assert_eq!(list.len(), 1);
    assert_matches(&list[0], &DemoPhoneNumber::new("a/b", "+15005550006"));
    let list = phone_list(&get_ok(&server, "/agents/caf%C3%A9/phone-numbers"));
    assert_eq!(list[0]["agent_id"], "café");
    // A literal slash is a segment separator, not part of the id.
    assert_eq!(
        get_ok(&server, "/agents/a/b/phone-numbers").assert_error(404),
        "not_found"
    );
    // Demo data is still there alongside the added agents.
    assert_eq!(phone_list(&get_ok(&server, DEMO_NUMBERS)).len(), 1);

    let requests = server.requests();
    assert_eq!(requests.len(), 4);
    assert_eq!(server.request_count(), 4);
    let first = &requests[0];
    assert_eq!(first.method, "GET");
    assert_eq!(first.path, raw);
    assert_eq!(first.path_without_query(), "/agents/a%2Fb/phone-numbers");
    assert_eq!(first.query(), Some("x=1%20&y=%2F"));
    assert_eq!(first.header("authorization"), Some("Bearer test-token"));
    assert_eq!(first.header("CARTESIA-VERSION"), Some("2026-03-01"));
    assert_eq!(
        first.headers,
        [
            ("host".to_owned(), "localhost".to_owned()),
            ("authorization".to_owned(), "Bearer test-token".to_owned()),
            ("cartesia-version".to_owned(), "2026-03-01".to_owned()),
        ]
    );
    assert_eq!(requests[1].path, "/agents/caf%C3%A9/phone-numbers");
    server.clear_requests();
    assert!(server.requests().is_empty());
    assert_eq!(server.request_count(), 4);
}

#[test]
fn agent_replaces_demo_agent_and_without_demo_data_drops_them() {
    let server = MockServer::builder()
        .agent(DEMO_AGENT_ID, vec![])
        .start()
        .unwrap();
    assert!(phone_list(&get_ok(&server, DEMO_NUMBERS)).is_empty());

    let server = MockServer::builder()
        .without_demo_data()
        .agent("mine", vec![DemoPhoneNumber::new("mine", "+15005550001")])
        .start()
        .unwrap();
    let response = get_ok(&server, DEMO_NUMBERS);
    assert_eq!(response.assert_error(404), "agent_not_found");
    assert_eq!(
        phone_list(&get_ok(&server, "/agents/mine/phone-numbers")).len(),
        1
    );
}

#[test]
fn keep_alive_serves_several_requests_on_one_connection() {
    let server = MockServer::start().unwrap();
    let mut conn = connect(&server);
    let list =
        format!("GET /agents/agent_demo/phone-numbers HTTP/1.1\r\nHost: x\r\n{AUTH}{VERSION}\r\n");
    let support =
        format!("GET /agents/agent_support/phone-numbers HTTP/1.1\r\n{AUTH}{VERSION}\r\n");

    send(&mut conn, &list);
    let first = read_response(&mut conn);
    assert_eq!(phone_list(&first).len(), 1);
    assert_eq!(first.header("connection"), None);

    send(&mut conn, &support);
    let second = read_response(&mut conn);
    assert_eq!(phone_list(&second).len(), 2);
    assert_ne!(first.header("x-request-id"), second.header("x-request-id"));

    // An error response keeps the connection open too.
    send(
        &mut conn,
        format!("GET /agents/x/phone-numbers HTTP/1.1\r\n{AUTH}\r\n").as_bytes(),
    );
    assert_eq!(
        read_response(&mut conn).assert_error(400),
        "invalid_version"
    );

    // Pipelined requests, one of them with a body to skip.
    let with_body = demo_request("GET", "Content-Length: 11\r\n") + "hello world";
    send(&mut conn, format!("{with_body}{list}{support}"));
    assert_eq!(phone_list(&read_response(&mut conn)).len(), 1);
    assert_eq!(phone_list(&read_response(&mut conn)).len(), 1);
    assert_eq!(phone_list(&read_response(&mut conn)).len(), 2);
    assert_eq!(server.request_count(), 6);
}

#[test]
fn connection_close_is_honoured() {
    let server = MockServer::start().unwrap();
    let mut conn = connect_and_send(&server, demo_request("GET", "Connection: close\r\n"));
    let response = read_response(&mut conn);
    assert_eq!(phone_list(&response).len(), 1);
    assert_eq!(response.header("connection"), Some("close"));
    assert_closed(&mut conn);

    // HTTP/1.0 closes by default and keeps alive on request.
    let mut conn = connect_and_send(
        &server,
        format!("GET /agents/agent_demo/phone-numbers HTTP/1.0\r\n{AUTH}{VERSION}\r\n"),
    );
    assert_eq!(phone_list(&read_response(&mut conn)).len(), 1);
    assert_closed(&mut conn);
    let mut conn = connect(&server);
    let keep = format!(
        "GET /agents/agent_demo/phone-numbers HTTP/1.0\r\nConnection: keep-alive\r\n{AUTH}{VERSION}\r\n"
    );
    send(&mut conn, &keep);
    let response = read_response(&mut conn);
    assert_eq!(response.header("connection"), Some("keep-alive"));
    send(&mut conn, &keep);
    assert_eq!(phone_list(&read_response(&mut conn)).len(), 1);
}

#[test]
fn malformed_requests_are_refused_without_killing_the_server() {
    let server = MockServer::start().unwrap();
    let cases: [&[u8]; 7] = [
        b"GARBAGE\r\n\r\n",
        b"GET /agents/agent_demo/phone-numbers\r\n\r\n",
        b"GET  /x HTTP/1.1\r\n\r\n",
        b"GET /x HTTP/1.1\r\nNo colon here\r\n\r\n",
        b"GET /x HTTP/1.1\r\nContent-Length: lots\r\n\r\n",
        b"\x00\x01\x02\xff\xfe binary junk\r\n\r\n",
        b"GET /x HTTP/2.0\r\n\r\n",
    ];
    for raw in cases {
        let mut conn = connect_and_send(&server, raw);
        // hyper answers an unparseable request with a bare 4xx/5xx, or just closes.
        if let Some(response) = try_read_response(&mut conn) {
            assert!(
                response.status >= 400,
                "{}: {response:?}",
                String::from_utf8_lossy(raw)
            );
        }
        assert_closed(&mut conn);
    }

    let mut conn = connect_and_send(
        &server,
        format!(
            "GET /x HTTP/1.1\r\n{}\r\n",
            "X-Big: aaaaaaaa\r\n".repeat(50_000)
        ),
    );
    if let Some(response) = try_read_response(&mut conn) {
        assert!(response.status >= 400, "{response:?}");
    }

    // A client that hangs up mid-request does not bother the server.
    let mut conn = connect_and_send(
        &server,
        b"GET /agents/agent_demo/phone-numbers HTTP/1.1\r\nHost:",
    );
    conn.get_ref().shutdown(Shutdown::Write).unwrap();
    assert!(try_read_response(&mut conn).is_none());

    // None of the above was parseable, so none was recorded.
    assert_eq!(server.request_count(), 0);
    assert_eq!(phone_list(&get_ok(&server, DEMO_NUMBERS)).len(), 1);
}

#[test]
fn chunked_bodies_are_read() {
    let server = MockServer::start().unwrap();
    let body = r#"{"name":"chunky","prompt":"Was it chunked?"}"#;
    let (a, b) = body.split_at(10);
    let mut conn = connect_and_send(
        &server,
        format!(
            "POST /agents/metrics HTTP/1.1\r\n{AUTH}{VERSION}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n{:x}\r\n{a}\r\n{:x}\r\n{b}\r\n0\r\n\r\n",
            a.len(),
            b.len()
        ),
    );
    let response = read_response(&mut conn);
    assert_eq!(response.status, 200, "{response:?}");
    assert_eq!(response.json()["name"], "chunky");
    assert_eq!(server.requests()[0].body, body.as_bytes());
}

#[test]
fn expect_continue_gets_an_interim_response() {
    let server = MockServer::start().unwrap();
    let mut conn = connect_and_send(
        &server,
        demo_request("POST", "Expect: 100-continue\r\nContent-Length: 4\r\n"),
    );
    assert_eq!(next_line(&mut conn), "HTTP/1.1 100 Continue\r\n");
    assert_eq!(next_line(&mut conn), "\r\n");
    send(&mut conn, b"body");
    assert_eq!(
        read_response(&mut conn).assert_error(405),
        "method_not_allowed"
    );
}

#[test]
fn generated_agent_serves_a_thousand_numbers() {
    let server = MockServer::builder()
        .generated_agent("agent_bench", 1000)
        .record_requests(false)
        .start()
        .unwrap();
    let mut conn = connect(&server);
    let raw = format!("GET /agents/agent_bench/phone-numbers HTTP/1.1\r\n{AUTH}{VERSION}\r\n");
    let expected = generated_phone_numbers("agent_bench", 1000);
    for _ in 0..3 {
        send(&mut conn, &raw);
        let list = phone_list(&read_response(&mut conn));
        assert_eq!(list.len(), 1000);
        for (item, number) in list.iter().zip(&expected) {
            assert_matches(item, number);
        }
    }
    let mut numbers: Vec<&str> = expected.iter().map(|n| n.number.as_str()).collect();
    numbers.sort_unstable();
    numbers.dedup();
    assert_eq!(numbers.len(), 1000);
    // Recording is off, counting is not.
    assert!(server.requests().is_empty());
    assert_eq!(server.request_count(), 3);
}

#[test]
fn many_sequential_keep_alive_requests() {
    let server = MockServer::builder()
        .record_requests(false)
        .start()
        .unwrap();
    let mut conn = connect(&server);
    let raw = demo_request("GET", "");
    let start = Instant::now();
    for _ in 0..2000 {
        send(&mut conn, &raw);
        assert_eq!(read_response(&mut conn).status, 200);
    }
    assert_eq!(server.request_count(), 2000);
    // Generous bound: this only catches pathological per-request delays
    // (e.g. Nagle interactions), not performance regressions.
    assert!(start.elapsed() < Duration::from_secs(30));
}

#[test]
fn shutdown_closes_idle_connections_and_joins() {
    let server = MockServer::start().unwrap();
    let mut idle = idle_connection(&server);
    let mut half_sent = connect(&server);
    send(
        &mut half_sent,
        b"GET /agents/agent_demo/phone-numbers HTTP/1.1\r\n",
    );
    let started = Instant::now();
    server.shutdown();
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(try_read_response(&mut idle).is_none());
    assert_closed(&mut half_sent);

    // Dropping works the same way.
    let server = MockServer::start().unwrap();
    let mut idle = idle_connection(&server);
    drop(server);
    assert!(try_read_response(&mut idle).is_none());
}

#[test]
fn concurrent_connections_are_served() {
    let server = MockServer::start().unwrap();
    let addr = server.addr();
    let clients: Vec<_> = (0..8)
        .map(|_| {
            std::thread::spawn(move || {
                let stream = TcpStream::connect(addr).unwrap();
                stream.set_read_timeout(Some(TIMEOUT)).unwrap();
                let mut conn = BufReader::new(stream);
                let raw = format!(
                    "GET /agents/agent_support/phone-numbers HTTP/1.1\r\n{AUTH}{VERSION}\r\n"
                );
                for _ in 0..50 {
                    send(&mut conn, &raw);
                    assert_eq!(phone_list(&read_response(&mut conn)).len(), 2);
                }
            })
        })
        .collect();
    for client in clients {
        client.join().unwrap();
    }
    assert_eq!(server.request_count(), 400);
    assert_eq!(server.requests().len(), 400);
}
