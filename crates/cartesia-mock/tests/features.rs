//! The server's other features over real sockets: request validation with structured
//! errors, the streaming, SSE, multipart and WebSocket example routes, and faults on
//! demand (checked with the SDK's own retrying client).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use cartesia_core::{ClientBuilder, Error};
use cartesia_mock::{FaultRule, MockServer, DEMO_AGENT_ID, DEMO_CALL_ID};
use cartesia_ureq::BuildUreq;
use serde_json::{json, Value};

mod common;

use common::{send, Reply, AUTH};

impl Reply {
    /// Checks the structured error body and returns its `error_code`.
    #[track_caller]
    fn error(&self, status: u16) -> String {
        let body = self.error_body(status);
        body["error_code"].as_str().unwrap_or("").to_owned()
    }
}

fn get(server: &MockServer, target: &str) -> Reply {
    send(server, "GET", target, AUTH, b"")
}

fn post_json(server: &MockServer, method: &str, target: &str, body: &Value) -> Reply {
    send(
        server,
        method,
        target,
        &format!("{AUTH}Content-Type: application/json\r\n"),
        body.to_string().as_bytes(),
    )
}

#[test]
fn bad_input_gets_structured_400_404_409_and_422() {
    let server = MockServer::start().unwrap();
    // Malformed JSON is 400; JSON that breaks the schema is 422.
    let r = send(&server, "POST", "/agents/webhooks", AUTH, b"{not json");
    assert_eq!(r.error(400), "invalid_request");
    for body in [
        json!([]),
        json!({"secret": "s"}),
        json!({"url": 5, "secret": "s"}),
        json!({"url": "ftp://x", "secret": "s"}),
    ] {
        let r = post_json(&server, "POST", "/agents/webhooks", &body);
        assert_eq!(r.error(422), "validation_error", "{body}");
    }
    let r = post_json(
        &server,
        "POST",
        "/agents/metrics",
        &json!({"name": "Bad Name", "prompt": "p"}),
    );
    assert_eq!(r.error(422), "validation_error");
    let r = post_json(
        &server,
        "POST",
        "/agents/phone-numbers/providers",
        &json!({"type": "carrier-pigeon"}),
    );
    assert_eq!(r.error(422), "validation_error");
    // Unknown ids are 404 with the family's code.
    assert_eq!(
        get(&server, "/agents/webhooks/wh_nope").error(404),
        "webhook_not_found"
    );
    assert_eq!(
        get(&server, "/agents/folders/fold_nope").error(404),
        "kb_folder_not_found"
    );
    assert_eq!(
        get(&server, "/agents/documents/doc_nope").error(404),
        "kb_document_not_found"
    );
    assert_eq!(
        get(&server, "/agents/deployments/dep_nope").error(404),
        "deployment_not_found"
    );
    let r = post_json(
        &server,
        "POST",
        "/agents/documents",
        &json!({"folder_id": "fold_nope", "content": "x"}),
    );
    assert_eq!(r.error(404), "kb_folder_not_found");
    // Duplicates and records in use are 409.
    let r = post_json(
        &server,
        "POST",
        "/agents/metrics",
        &json!({"name": "call_resolved", "prompt": "p"}),
    );
    assert_eq!(r.error(409), "metric_name_taken");
    let r = post_json(
        &server,
        "POST",
        "/agents/phone-numbers",
        &json!({"label": "dup", "number": "+14155550123", "provider": {"id": "prov_demo_twilio"}}),
    );
    assert_eq!(r.error(409), "phone_number_already_imported");
    let r = send(
        &server,
        "DELETE",
        "/agents/webhooks/wh_demo_calls",
        AUTH,
        b"",
    );
    assert_eq!(r.error(409), "webhook_in_use");
    let r = send(
        &server,
        "DELETE",
        "/agents/phone-numbers/providers/prov_demo_sip",
        AUTH,
        b"",
    );
    assert_eq!(r.error(409), "provider_has_phone_numbers");
    // Knowledge-base rules: duplicate names, depth, children, cycles.
    let r = post_json(
        &server,
        "POST",
        "/agents/folders",
        &json!({"name": "Clinic"}),
    );
    assert_eq!(r.error(400), "kb_folder_duplicate_name");
    let r = send(
        &server,
        "DELETE",
        "/agents/folders/fold_demo_clinic",
        AUTH,
        b"",
    );
    assert_eq!(r.error(400), "kb_folder_has_children");
    let r = post_json(
        &server,
        "PATCH",
        "/agents/folders/fold_demo_clinic",
        &json!({"parent_id": "fold_demo_hours"}),
    );
    assert_eq!(r.error(400), "kb_folder_circular_reference");
    let third = post_json(
        &server,
        "POST",
        "/agents/folders",
        &json!({"name": "Deep", "parent_id": "fold_demo_hours"}),
    );
    assert_eq!(third.status, 201);
    let r = post_json(
        &server,
        "POST",
        "/agents/folders",
        &json!({"name": "Too deep", "parent_id": third.json()["id"]}),
    );
    assert_eq!(r.error(400), "kb_folder_max_depth");
    // Query validation.
    assert_eq!(
        get(
            &server,
            "/agents/calls?agent_id=agent_demo&start_time_gte=yesterday"
        )
        .error(400),
        "invalid_request"
    );
    assert_eq!(
        get(&server, "/agents/folders?depth=4").error(400),
        "invalid_request"
    );
    // A call must be over before it is redacted, and active to be cancelled.
    assert_eq!(
        send(&server, "DELETE", "/agents/calls/ac_demo_12", AUTH, b"").error(400),
        "call_not_terminal"
    );
    assert_eq!(
        send(
            &server,
            "POST",
            "/agents/calls/ac_demo_01/cancel",
            AUTH,
            b""
        )
        .error(400),
        "call_not_active"
    );
    // Call logs answer 404 with the API's own `{message, description}` body.
    let r = get(&server, "/agents/calls/ac_demo_12/logs");
    assert_eq!(r.status, 404);
    assert_eq!(
        r.json(),
        json!({"message": "Call logs not available", "description": r.json()["description"]})
    );
    assert_eq!(
        get(&server, &format!("/agents/calls/{DEMO_CALL_ID}/logs")).status,
        200
    );
}

#[test]
fn key_and_version_are_checked_before_routing() {
    let server = MockServer::builder()
        .api_key("sk_car_right")
        .start()
        .unwrap();
    for headers in [
        "Cartesia-Version: 2026-03-01\r\n",
        "Authorization: Bearer sk_car_wrong\r\nCartesia-Version: 2026-03-01\r\n",
    ] {
        let r = send(&server, "POST", "/agents/webhooks", headers, b"{}");
        assert_eq!(r.error(401), "invalid_api_key");
    }
    for version in ["", "Cartesia-Version: soon\r\n"] {
        let r = send(
            &server,
            "GET",
            "/agents",
            &format!("Authorization: Bearer sk_car_right\r\n{version}"),
            b"",
        );
        assert_eq!(r.error(400), "invalid_version");
    }
    // Nothing changed: the rejected create did not happen.
    let r = send(
        &server,
        "GET",
        "/agents/webhooks",
        "Authorization: Bearer sk_car_right\r\nCartesia-Version: 2026-03-01\r\n",
        b"",
    );
    assert_eq!(r.json()["data"].as_array().map(Vec::len), Some(2));
}

#[test]
fn call_audio_is_streamed_in_chunks_and_decodes_through_the_sdk() {
    let server = MockServer::start().unwrap();
    let r = get(&server, &format!("/agents/calls/{DEMO_CALL_ID}/audio"));
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("audio/wav"));
    assert_eq!(r.header("transfer-encoding"), Some("chunked"));
    assert!(r.body.len() > 16_000, "{} bytes", r.body.len());
    assert_eq!(&r.body[..4], b"RIFF");
    let declared = u32::from_le_bytes([r.body[4], r.body[5], r.body[6], r.body[7]]) as usize;
    assert_eq!(
        declared + 8,
        r.body.len(),
        "the RIFF size matches what arrived"
    );

    let client = ClientBuilder::new()
        .api_key("sk_car_audio")
        .base_url(server.url())
        .build_ureq()
        .unwrap();
    let audio = client
        .agents()
        .calls()
        .download_audio(DEMO_CALL_ID)
        .unwrap();
    assert_eq!(audio.bytes.as_ref(), r.body.as_slice());
    let mut streamed = Vec::new();
    client
        .agents()
        .calls()
        .download_audio_to(DEMO_CALL_ID, &mut streamed)
        .unwrap();
    assert_eq!(streamed, r.body);
    // No recording: in progress, failed, redacted.
    for call in ["ac_demo_12", "ac_demo_06", "ac_demo_02"] {
        assert_eq!(
            get(&server, &format!("/agents/calls/{call}/audio")).error(404),
            "audio_not_found"
        );
    }
}

#[test]
fn tts_sse_sends_chunk_events_then_done() {
    let server = MockServer::start().unwrap();
    let request = json!({
        "model_id": "sonic-3", "transcript": "Hello there", "context_id": "ctx-1",
        "voice": {"mode": "id", "id": "6ccbfb76-1fc6-48f7-b71d-91ac6298247b"},
        "output_format": {"container": "raw", "encoding": "pcm_s16le", "sample_rate": 8000}
    });
    let r = post_json(&server, "POST", "/tts/sse", &request);
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("text/event-stream"));
    let text = String::from_utf8(r.body).unwrap();
    let events: Vec<(String, Value)> = text
        .split("\n\n")
        .filter(|e| !e.trim().is_empty())
        .map(|e| {
            let name = e
                .lines()
                .find_map(|l| l.strip_prefix("event: "))
                .unwrap()
                .to_owned();
            let data = e.lines().find_map(|l| l.strip_prefix("data: ")).unwrap();
            (name, serde_json::from_str(data).unwrap())
        })
        .collect();
    assert!(events.len() >= 2, "{text}");
    let (last, chunks) = events.split_last().unwrap();
    assert_eq!(last.0, "done");
    assert_eq!(last.1["done"], true);
    for (name, chunk) in chunks {
        assert_eq!(name, "chunk");
        assert_eq!(chunk["context_id"], "ctx-1");
        assert!(chunk["data"].as_str().is_some_and(|d| !d.is_empty()));
    }
    let r = post_json(&server, "POST", "/tts/sse", &json!({"model_id": "sonic-3"}));
    assert_eq!(r.error(422), "validation_error");
}

#[test]
fn stt_takes_a_multipart_upload() {
    let server = MockServer::start().unwrap();
    let boundary = "cartesia-mock-test-boundary";
    let audio = vec![7u8; 32_000];
    let mut body = Vec::new();
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nink-whisper\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.raw\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes(),
    );
    body.extend_from_slice(&audio);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let headers = format!("{AUTH}Content-Type: multipart/form-data; boundary={boundary}\r\n");
    let r = send(&server, "POST", "/stt", &headers, &body);
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let answer = r.json();
    assert_eq!(answer["type"], "transcript");
    assert_eq!(
        answer["text"],
        "Mock transcription of 32000 bytes of audio."
    );
    assert_eq!(answer["duration"], 2.0);
    // Not multipart, or without the file: refused.
    assert_eq!(
        post_json(&server, "POST", "/stt", &json!({})).error(400),
        "invalid_request"
    );
    let empty = format!("--{boundary}--\r\n");
    assert_eq!(
        send(&server, "POST", "/stt", &headers, empty.as_bytes()).error(422),
        "validation_error"
    );
}

#[test]
fn tts_websocket_answers_each_request() {
    use tungstenite::client::IntoClientRequest;
    use tungstenite::Message;

    let server = MockServer::start().unwrap();
    let mut request = format!("ws://{}/tts/websocket", server.addr())
        .into_client_request()
        .unwrap();
    request
        .headers_mut()
        .insert("authorization", "Bearer t".parse().unwrap());
    request
        .headers_mut()
        .insert("cartesia-version", "2026-03-01".parse().unwrap());
    let stream = TcpStream::connect(server.addr()).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let (mut socket, response) = tungstenite::client(request, stream).expect("upgrade");
    assert_eq!(response.status(), 101);
    let generation = json!({
        "context_id": "ctx-ws", "model_id": "sonic-3", "transcript": "Hi!",
        "voice": {"mode": "id", "id": "v"},
        "output_format": {"container": "raw", "encoding": "pcm_s16le", "sample_rate": 8000}
    });
    socket.send(Message::text(generation.to_string())).unwrap();
    let mut kinds = Vec::new();
    loop {
        let Message::Text(text) = socket.read().unwrap() else {
            continue;
        };
        let message: Value = serde_json::from_str(text.as_str()).unwrap();
        assert_eq!(message["context_id"], "ctx-ws");
        kinds.push(message["type"].as_str().unwrap().to_owned());
        if message["done"] == true {
            break;
        }
    }
    assert_eq!(kinds.last().map(String::as_str), Some("done"));
    assert!(kinds[..kinds.len() - 1].iter().all(|k| k == "chunk"));
    socket.send(Message::text("not json")).unwrap();
    let reply = loop {
        if let Message::Text(text) = socket.read().unwrap() {
            break serde_json::from_str::<Value>(text.as_str()).unwrap();
        }
    };
    assert_eq!(reply["type"], "error");
    socket.close(None).unwrap();

    // Browsers cannot set headers: the key and version may come in the query instead.
    let stream = TcpStream::connect(server.addr()).unwrap();
    let request = format!(
        "ws://{}/tts/websocket?api_key=t&cartesia_version=2026-03-01",
        server.addr()
    )
    .into_client_request()
    .unwrap();
    let (mut socket, response) = tungstenite::client(request, stream).expect("upgrade");
    assert_eq!(response.status(), 101);
    socket.close(None).unwrap();

    // Without a key, no upgrade: 401.
    let stream = TcpStream::connect(server.addr()).unwrap();
    let request = format!("ws://{}/tts/websocket", server.addr())
        .into_client_request()
        .unwrap();
    match tungstenite::client(request, stream) {
        Err(tungstenite::HandshakeError::Failure(tungstenite::Error::Http(response))) => {
            assert_eq!(response.status(), 401)
        }
        other => panic!("expected a 401, got {:?}", other.map(|(_, r)| r.status())),
    }
}

fn blocking(server: &MockServer, retries: u32) -> cartesia_core::BlockingClient {
    ClientBuilder::new()
        .api_key("sk_car_faults")
        .base_url(server.url())
        .max_retries(retries)
        .build_ureq()
        .unwrap()
}

#[test]
fn faults_make_chosen_routes_misbehave() {
    let path = format!("/agents/{DEMO_AGENT_ID}/phone-numbers");
    let server = MockServer::builder()
        .fault(
            FaultRule::too_many_requests(0)
                .method("GET")
                .path(&path)
                .times(2),
        )
        .fault(
            FaultRule::status(503)
                .path("/agents/agent_support")
                .times(1),
        )
        .fault(FaultRule::truncate(10).path("/agents/templates"))
        .fault(FaultRule::slow_body(64, Duration::from_millis(1)).path("/agents/webhooks"))
        .fault(FaultRule::delay(Duration::from_millis(20)).path("/agents/metrics"))
        .start()
        .unwrap();

    // Twice 429 with Retry-After, then the real answer: a client with retries gets it.
    let r = get(&server, &path);
    assert_eq!(r.error(429), "concurrency_limited");
    assert_eq!(r.header("retry-after"), Some("0"));
    let numbers = blocking(&server, 3)
        .agents()
        .list_phone_numbers(DEMO_AGENT_ID)
        .unwrap();
    assert_eq!(numbers.len(), 1);
    let calls = server.requests().iter().filter(|q| q.path == path).count();
    assert_eq!(
        calls, 3,
        "one 429 by hand, one retried 429, then the answer"
    );

    // A 503 without retries is an API error the caller sees.
    let err = blocking(&server, 0)
        .agents()
        .get("agent_support")
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(
        blocking(&server, 0)
            .agents()
            .get("agent_support")
            .unwrap()
            .name,
        "customer-support"
    );

    // A truncated body: the head promises more than arrives.
    let mut stream = TcpStream::connect(server.addr()).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    write!(
        stream,
        "GET /agents/templates HTTP/1.1\r\nHost: x\r\n{AUTH}\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
    let promised: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length: "))
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(raw.len() - split - 4, 10);
    assert!(promised > 10);
    let err: Error = blocking(&server, 0).agents().templates().unwrap_err();
    assert!(
        err.status().is_none(),
        "a transport error, not an API answer: {err:?}"
    );

    // Slow and delayed answers still arrive whole.
    let hooks = get(&server, "/agents/webhooks");
    assert_eq!(hooks.json()["data"].as_array().map(Vec::len), Some(2));
    assert_eq!(
        get(&server, "/agents/metrics").json()["data"]
            .as_array()
            .map(Vec::len),
        Some(3)
    );
}

#[test]
fn every_operation_of_the_sdk_catalog_is_routed() {
    let server = MockServer::start().unwrap();
    let catalog = cartesia_core::endpoints::catalog();
    assert_eq!(
        catalog.len(),
        55,
        "the Agents operations the SDK implements"
    );
    for op in &catalog {
        // Every `{param}` becomes an id the server does not know.
        let mut path = String::new();
        let mut rest = op.path;
        while let Some(start) = rest.find('{') {
            path.push_str(&rest[..start]);
            path.push_str("unknown_id");
            rest = &rest[rest[start..].find('}').unwrap() + start + 1..];
        }
        path.push_str(rest);
        let body: &[u8] = if op.method == "GET" || op.method == "DELETE" {
            b""
        } else {
            b"{}"
        };
        let r = send(&server, op.method, &path, AUTH, body);
        let code = serde_json::from_slice::<Value>(&r.body)
            .ok()
            .and_then(|v| v["error_code"].as_str().map(str::to_owned));
        assert!(
            r.status != 405 && code.as_deref() != Some("not_found"),
            "{} {} ({}): {} {:?}",
            op.method,
            op.path,
            op.operation_id,
            r.status,
            code
        );
    }
}
