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
    get_as(server, target, AUTH)
}

/// A `GET` with these `headers` (credentials and version) instead of [`AUTH`].
fn get_as(server: &MockServer, target: &str, headers: &str) -> Reply {
    send(server, "GET", target, headers, b"")
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
    // Each: method, target, JSON body (none: no body), status, error code.
    #[rustfmt::skip]
    let refused: &[(&str, &str, Option<Value>, u16, &str)] = &[
        ("POST", "/agents/metrics", Some(json!({"name": "Bad Name", "prompt": "p"})), 422, "validation_error"),
        ("POST", "/agents/phone-numbers/providers", Some(json!({"type": "carrier-pigeon"})), 422, "validation_error"),
        // Unknown ids are 404 with the family's code.
        ("GET", "/agents/webhooks/wh_nope", None, 404, "webhook_not_found"),
        ("GET", "/agents/folders/fold_nope", None, 404, "kb_folder_not_found"),
        ("GET", "/agents/documents/doc_nope", None, 404, "kb_document_not_found"),
        ("GET", "/agents/deployments/dep_nope", None, 404, "deployment_not_found"),
        ("POST", "/agents/documents", Some(json!({"folder_id": "fold_nope", "content": "x"})), 404, "kb_folder_not_found"),
        // Duplicates and records in use are 409.
        ("POST", "/agents/metrics", Some(json!({"name": "call_resolved", "prompt": "p"})), 409, "metric_name_taken"),
        ("POST", "/agents/phone-numbers", Some(json!({"label": "dup", "number": "+14155550123", "provider": {"id": "prov_demo_twilio"}})), 409, "phone_number_already_imported"),
        ("DELETE", "/agents/webhooks/wh_demo_calls", None, 409, "webhook_in_use"),
        ("DELETE", "/agents/phone-numbers/providers/prov_demo_sip", None, 409, "provider_has_phone_numbers"),
        // Knowledge-base rules: duplicate names, depth, children, cycles.
        ("POST", "/agents/folders", Some(json!({"name": "Clinic"})), 400, "kb_folder_duplicate_name"),
        ("DELETE", "/agents/folders/fold_demo_clinic", None, 400, "kb_folder_has_children"),
        ("PATCH", "/agents/folders/fold_demo_clinic", Some(json!({"parent_id": "fold_demo_hours"})), 400, "kb_folder_circular_reference"),
    ];
    for (method, target, body, status, code) in refused {
        let r = match body {
            Some(body) => post_json(&server, method, target, body),
            None => send(&server, method, target, AUTH, b""),
        };
        assert_eq!(r.error(*status), *code, "{method} {target}");
    }
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
    #[rustfmt::skip]
    let refused: &[(&str, &str, u16, &str)] = &[
        // Query validation.
        ("GET", "/agents/calls?agent_id=agent_demo&start_time_gte=yesterday", 400, "invalid_request"),
        ("GET", "/agents/folders?depth=4", 400, "invalid_request"),
        // A call must be over before it is redacted, and active to be cancelled.
        ("DELETE", "/agents/calls/ac_demo_12", 400, "call_not_terminal"),
        ("POST", "/agents/calls/ac_demo_01/cancel", 400, "call_not_active"),
    ];
    for (method, target, status, code) in refused {
        let r = send(&server, method, target, AUTH, b"");
        assert_eq!(r.error(*status), *code, "{method} {target}");
    }
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
        let r = get_as(
            &server,
            "/agents",
            &format!("Authorization: Bearer sk_car_right\r\n{version}"),
        );
        assert_eq!(r.error(400), "invalid_version");
    }
    // Nothing changed: the rejected create did not happen.
    let r = get_as(
        &server,
        "/agents/webhooks",
        "Authorization: Bearer sk_car_right\r\nCartesia-Version: 2026-03-01\r\n",
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
    r.assert_ok();
    let answer = r.json();
    assert_eq!(answer["type"], "transcript");
    assert!(answer["text"].as_str().is_some_and(|t| !t.is_empty()));
    // Headerless audio without `encoding` counts as 16 kB per second.
    assert_eq!(answer["duration"], 2.0);
    assert!(answer.get("words").is_none(), "words only when asked");
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
    // Every operation: the Agents API, resource management and the speech routes.
    let catalog = cartesia_core::endpoints::catalog();
    assert_eq!(
        catalog.len(),
        55 + 34 + 14,
        "the Agents, resource-management and speech operations the SDK implements"
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

// ---- Speech: TTS, voice changer, infill, STT, voices, access tokens, status ----

use cartesia_mock::DEMO_VOICE_ID;

/// A multipart body of `parts` (name, file name, bytes) and the headers that announce it.
fn multipart(parts: &[(&str, Option<&str>, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "mock-speech-test-boundary";
    let mut body = Vec::new();
    for (name, file, bytes) in parts {
        let file = file.map_or(String::new(), |f| format!("; filename=\"{f}\""));
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"{file}\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (
        format!("{AUTH}Content-Type: multipart/form-data; boundary={boundary}\r\n"),
        body,
    )
}

fn post_form(server: &MockServer, target: &str, parts: &[(&str, Option<&str>, &[u8])]) -> Reply {
    let (headers, body) = multipart(parts);
    send(server, "POST", target, &headers, &body)
}

fn tts(transcript: &str, format: Value) -> Value {
    json!({"model_id": "sonic-3", "transcript": transcript,
           "voice": {"mode": "id", "id": DEMO_VOICE_ID}, "output_format": format})
}

/// Python's `wave` module reads `file`: (channels, sample width, rate, frames).
fn python_wave(file: &[u8]) -> (u32, u32, u32, u64) {
    let path = std::env::temp_dir().join(format!(
        "cartesia-mock-{}-{}.wav",
        std::process::id(),
        file.len()
    ));
    std::fs::write(&path, file).unwrap();
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg("import sys, wave\nw = wave.open(sys.argv[1])\nprint(w.getnchannels(), w.getsampwidth(), w.getframerate(), w.getnframes())")
        .arg(&path)
        .output()
        .expect("python3 runs");
    std::fs::remove_file(&path).ok();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let v: Vec<u64> = text
        .split_whitespace()
        .map(|n| n.parse().unwrap())
        .collect();
    (v[0] as u32, v[1] as u32, v[2] as u32, v[3])
}

/// The `(event name, data)` pairs of an SSE body.
fn sse_events(body: &[u8]) -> Vec<(Option<String>, Value)> {
    let text = String::from_utf8(body.to_vec()).unwrap();
    text.split("\n\n")
        .filter(|e| !e.trim().is_empty())
        .map(|e| {
            let name = e
                .lines()
                .find_map(|l| l.strip_prefix("event: "))
                .map(str::to_owned);
            let data = e
                .lines()
                .find_map(|l| l.strip_prefix("data: "))
                .expect("data line");
            (name, serde_json::from_str(data).expect("JSON data"))
        })
        .collect()
}

fn b64(data: &Value) -> Vec<u8> {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD
        .decode(data.as_str().unwrap())
        .unwrap()
}

#[test]
fn tts_bytes_answers_wav_that_python_reads_raw_and_mp3() {
    let server = MockServer::start().unwrap();
    let wav = |text: &str, rate: u32| {
        let r = post_json(
            &server,
            "POST",
            "/tts/bytes",
            &tts(
                text,
                json!({"container": "wav", "encoding": "pcm_s16le", "sample_rate": rate}),
            ),
        );
        r.assert_ok();
        assert_eq!(r.header("content-type"), Some("audio/wav"));
        assert_eq!(r.header("transfer-encoding"), Some("chunked"), "streamed");
        r.body
    };
    let short = wav("Hello", 22050);
    // 5 characters of 50 ms at 22050 Hz.
    assert_eq!(python_wave(&short), (1, 2, 22050, 5 * 1103));
    let long = wav("Hello, this is a longer sentence.", 22050);
    assert_eq!(
        python_wave(&long).3,
        33 * 1103,
        "length grows with the transcript"
    );
    assert_eq!(wav("Hello", 22050), short, "deterministic");
    assert_eq!(python_wave(&wav("Hi", 48000)), (1, 2, 48000, 2 * 2400));
    // Raw float samples, mu-law in a WAV with a fact chunk.
    let raw = post_json(
        &server,
        "POST",
        "/tts/bytes",
        &tts(
            "Hey",
            json!({"container": "raw", "encoding": "pcm_f32le", "sample_rate": 16000}),
        ),
    );
    assert_eq!(raw.body.len(), 3 * 800 * 4);
    let mulaw = post_json(
        &server,
        "POST",
        "/tts/bytes",
        &tts(
            "Hey",
            json!({"container": "wav", "encoding": "pcm_mulaw", "sample_rate": 8000}),
        ),
    );
    assert_eq!(&mulaw.body[20..22], &7u16.to_le_bytes());
    assert_eq!(mulaw.body.len(), 58 + 3 * 400);
    // MP3: frames an MP3 decoder reads back to about the right length.
    let mp3 = post_json(
        &server,
        "POST",
        "/tts/bytes",
        &tts(
            "Hello world",
            json!({"container": "mp3", "sample_rate": 44100, "bit_rate": 128000}),
        ),
    );
    assert_eq!(mp3.header("content-type"), Some("audio/mpeg"));
    let mut decoder = rusty_mp3::Mp3Decoder::new();
    decoder.push(&mp3.body);
    decoder.flush();
    let mut samples = 0;
    while let Ok(frame) = decoder.next_frame() {
        assert_eq!(frame.sample_rate, 44100);
        samples += frame.samples.len();
    }
    let secs = samples as f64 / 44100.0;
    assert!((0.55..0.75).contains(&secs), "{secs}");
    // `save` answers a file id.
    let mut saved = tts(
        "Hi",
        json!({"container": "raw", "encoding": "pcm_s16le", "sample_rate": 8000}),
    );
    saved["save"] = true.into();
    let r = post_json(&server, "POST", "/tts/bytes", &saved);
    assert!(r
        .header("cartesia-file-id")
        .is_some_and(|id| id.starts_with("file_")));
}

#[test]
fn tts_input_is_checked_with_structured_errors() {
    let server = MockServer::start().unwrap();
    let fmt = json!({"container": "wav", "encoding": "pcm_s16le", "sample_rate": 44100});
    let mut cases: Vec<(Value, u16, &str)> = vec![
        (
            tts("Hi", json!({"container": "wav", "sample_rate": 44100})),
            422,
            "validation_error",
        ),
        (
            tts(
                "Hi",
                json!({"container": "wav", "encoding": "pcm_s16le", "sample_rate": 44000}),
            ),
            422,
            "validation_error",
        ),
        (
            tts("Hi", json!({"container": "mp3", "sample_rate": 44100})),
            422,
            "validation_error",
        ),
        (
            tts("Hi", json!({"container": "flac", "sample_rate": 44100})),
            422,
            "validation_error",
        ),
        (tts("", fmt.clone()), 422, "validation_error"),
    ];
    let mut loud = tts("Hi", fmt.clone());
    loud["generation_config"] = json!({"volume": 2.5});
    cases.push((loud, 422, "validation_error"));
    let mut slow = tts("Hi", fmt.clone());
    slow["generation_config"] = json!({"speed": 0.5});
    cases.push((slow, 422, "validation_error"));
    let mut embedding = tts("Hi", fmt.clone());
    embedding["voice"] = json!({"mode": "embedding", "embedding": [0.1]});
    cases.push((embedding, 422, "validation_error"));
    let mut unknown = tts("Hi", fmt.clone());
    unknown["voice"]["id"] = "no-such-voice".into();
    cases.push((unknown, 404, "voice_not_found"));
    for (body, status, code) in cases {
        let r = post_json(&server, "POST", "/tts/bytes", &body);
        assert_eq!(r.error(status), code, "{body}");
    }
    let headers = format!("{AUTH}Content-Type: application/json\r\n");
    assert_eq!(
        send(&server, "POST", "/tts/bytes", &headers, b"{not json").error(400),
        "invalid_request"
    );
    // SSE takes raw output only.
    assert_eq!(
        post_json(&server, "POST", "/tts/sse", &tts("Hi", fmt)).error(422),
        "validation_error"
    );
}

#[test]
fn tts_sse_sends_audio_with_word_and_phoneme_timestamps() {
    let server = MockServer::start().unwrap();
    let transcript = "Hello there, general Kenobi";
    let mut body = tts(
        transcript,
        json!({"container": "raw", "encoding": "pcm_s16le", "sample_rate": 16000}),
    );
    body["add_timestamps"] = true.into();
    body["add_phoneme_timestamps"] = true.into();
    let r = post_json(&server, "POST", "/tts/sse", &body);
    assert_eq!(r.status, 200);
    let events = sse_events(&r.body);
    let (last, rest) = events.split_last().unwrap();
    assert_eq!(last.1["type"], "done");
    assert_eq!(last.1["done"], true);
    let (mut audio, mut words, mut starts, mut phonemes) = (Vec::new(), Vec::new(), Vec::new(), 0);
    for (name, event) in rest {
        assert_eq!(name.as_deref(), event["type"].as_str());
        assert_eq!(event["done"], false);
        match event["type"].as_str().unwrap() {
            "chunk" => audio.extend(b64(&event["data"])),
            "timestamps" => {
                let w = &event["word_timestamps"];
                for (i, word) in w["words"].as_array().unwrap().iter().enumerate() {
                    words.push(word.as_str().unwrap().to_owned());
                    starts.push(w["start"][i].as_f64().unwrap());
                    assert!(w["end"][i].as_f64().unwrap() > w["start"][i].as_f64().unwrap());
                }
            }
            "phoneme_timestamps" => {
                phonemes += event["phoneme_timestamps"]["phonemes"]
                    .as_array()
                    .unwrap()
                    .len()
            }
            other => panic!("unexpected event {other}"),
        }
    }
    assert_eq!(audio.len(), transcript.chars().count() * 800 * 2);
    assert_eq!(words, ["Hello", "there,", "general", "Kenobi"]);
    assert_eq!(starts, [0.0, 0.3, 0.65, 1.05]);
    assert_eq!(
        phonemes,
        transcript.chars().filter(|c| !c.is_whitespace()).count()
    );
    // Without the flags: no timestamps events.
    body["add_timestamps"] = false.into();
    body["add_phoneme_timestamps"] = Value::Null;
    let plain = sse_events(&post_json(&server, "POST", "/tts/sse", &body).body);
    assert!(plain
        .iter()
        .all(|(_, e)| e["type"] == "chunk" || e["type"] == "done"));
}

#[test]
fn voice_changer_and_infill_take_multipart_uploads() {
    let server = MockServer::start().unwrap();
    let clip: Vec<u8> = post_json(
        &server,
        "POST",
        "/tts/bytes",
        &tts(
            "A one second clip!!",
            json!({"container": "wav", "encoding": "pcm_s16le", "sample_rate": 16000}),
        ),
    )
    .body;
    let fields = |container: &'static str| -> Vec<(&'static str, Option<&'static str>, Vec<u8>)> {
        vec![
            ("voice[id]", None, DEMO_VOICE_ID.as_bytes().to_vec()),
            (
                "output_format[container]",
                None,
                container.as_bytes().to_vec(),
            ),
            ("output_format[encoding]", None, b"pcm_s16le".to_vec()),
            ("output_format[sample_rate]", None, b"8000".to_vec()),
        ]
    };
    let with = |mut parts: Vec<(&'static str, Option<&'static str>, Vec<u8>)>,
                extra: Vec<(&'static str, Option<&'static str>, Vec<u8>)>| {
        parts.extend(extra);
        parts
    };
    let send_form = |target: &str, parts: &[(&'static str, Option<&'static str>, Vec<u8>)]| {
        let borrowed: Vec<(&str, Option<&str>, &[u8])> = parts
            .iter()
            .map(|(n, f, b)| (*n, *f, b.as_slice()))
            .collect();
        post_form(&server, target, &borrowed)
    };
    let changed = send_form(
        "/voice-changer/bytes",
        &with(
            fields("wav"),
            vec![("clip", Some("clip.wav"), clip.clone())],
        ),
    );
    changed.assert_ok();
    // As long as the clip (19 characters of 50 ms), at the requested rate.
    assert_eq!(python_wave(&changed.body), (1, 2, 8000, 19 * 400));
    let sse = send_form(
        "/voice-changer/sse",
        &with(
            fields("raw"),
            vec![("clip", Some("clip.wav"), clip.clone())],
        ),
    );
    let events = sse_events(&sse.body);
    let (done, chunks) = events.split_last().unwrap();
    assert_eq!(done.1, json!({"status_code": 200, "done": true}));
    let audio: usize = chunks
        .iter()
        .map(|(_, e)| {
            assert!(e.get("type").is_none());
            assert_eq!(e["status_code"], 206);
            assert_eq!(e["sample_rate"], 8000);
            b64(&e["data"]).len()
        })
        .sum();
    assert_eq!(audio, 19 * 400 * 2);
    assert_eq!(
        send_form("/voice-changer/bytes", &fields("wav")).error(422),
        "validation_error",
        "no clip"
    );
    let infill = send_form(
        "/infill/bytes",
        &with(
            vec![
                ("model_id", None, b"sonic-3".to_vec()),
                ("transcript", None, b"in between".to_vec()),
                ("voice_id", None, DEMO_VOICE_ID.as_bytes().to_vec()),
                ("output_format[container]", None, b"wav".to_vec()),
                ("output_format[encoding]", None, b"pcm_s16le".to_vec()),
                ("output_format[sample_rate]", None, b"16000".to_vec()),
            ],
            vec![("left_audio", Some("left.wav"), clip)],
        ),
    );
    infill.assert_ok();
    assert_eq!(python_wave(&infill.body), (1, 2, 16000, 10 * 800));
    let no_audio = send_form(
        "/infill/bytes",
        &[
            ("model_id", None, b"sonic-3".to_vec()),
            ("transcript", None, b"x".to_vec()),
        ],
    );
    assert_eq!(no_audio.error(422), "validation_error");
    assert_eq!(
        post_json(&server, "POST", "/infill/bytes", &json!({})).error(400),
        "invalid_request",
        "not multipart"
    );
}

#[test]
fn stt_transcribes_uploads_with_word_timestamps() {
    let server = MockServer::start().unwrap();
    let wav = post_json(
        &server,
        "POST",
        "/tts/bytes",
        &tts(
            &"x".repeat(40),
            json!({"container": "wav", "encoding": "pcm_s16le", "sample_rate": 16000}),
        ),
    )
    .body;
    let r = post_form(
        &server,
        "/stt",
        &[
            ("model", None, b"ink-whisper"),
            ("language", None, b"de"),
            ("timestamp_granularities[]", None, b"word"),
            ("file", Some("speech.wav"), &wav),
        ],
    );
    r.assert_ok();
    let answer = r.json();
    assert_eq!(answer["duration"], 2.0, "from the WAV header");
    assert_eq!(answer["language"], "de");
    let words = answer["words"].as_array().unwrap();
    assert_eq!(words.len(), 5, "one word per 400 ms");
    let text: Vec<&str> = words.iter().map(|w| w["word"].as_str().unwrap()).collect();
    assert_eq!(answer["text"], format!("{}.", text.join(" ")));
    assert!(words
        .windows(2)
        .all(|w| w[0]["end"].as_f64() < w[1]["start"].as_f64()));
    // Headerless PCM with `encoding` and `sample_rate` in the query.
    let (headers, body) = multipart(&[
        ("model", None, b"ink-whisper"),
        ("file", Some("a.pcm"), &[0u8; 16000]),
    ]);
    let pcm = send(
        &server,
        "POST",
        "/stt?encoding=pcm_s16le&sample_rate=8000",
        &headers,
        &body,
    );
    assert_eq!(pcm.json()["duration"], 1.0);
    for (parts, what) in [
        (vec![("file", Some("a.wav"), &wav[..])], "no model"),
        (
            vec![
                ("model", None, &b"ink-whisper"[..]),
                ("timestamp_granularities[]", None, b"segment"),
                ("file", Some("a.wav"), &wav[..]),
            ],
            "bad granularity",
        ),
    ] {
        assert_eq!(
            post_form(&server, "/stt", &parts).error(422),
            "validation_error",
            "{what}"
        );
    }
}

#[test]
fn voices_are_paged_filtered_cloned_localized_updated_and_deleted() {
    let server = MockServer::start().unwrap();
    let first = get(&server, "/voices").json();
    assert_eq!(first["data"].as_array().unwrap().len(), 10);
    assert_eq!(first["has_more"], true);
    assert!(
        first["data"][0].get("preview_file_url").is_none(),
        "only when expanded"
    );
    let last_id = first["data"][9]["id"].as_str().unwrap();
    let rest = get(
        &server,
        &format!("/voices?starting_after={last_id}&expand[]=preview_file_url"),
    )
    .json();
    assert_eq!(rest["data"].as_array().unwrap().len(), 2);
    assert_eq!(rest["has_more"], false);
    assert!(rest["data"][0]["preview_file_url"].as_str().is_some());
    let french = get(&server, "/voices?language=fr").json();
    assert_eq!(french["data"].as_array().unwrap().len(), 1);
    let katie = get(&server, "/voices?q=KATIE&gender=feminine").json();
    assert_eq!(katie["data"][0]["id"], DEMO_VOICE_ID);
    assert_eq!(
        get(&server, "/voices?is_owner=true").json()["data"],
        json!([])
    );
    for bad in [
        "/voices?gender=robot",
        "/voices?expand[]=everything",
        "/voices?is_owner=maybe",
        "/voices?limit=0",
    ] {
        assert_eq!(get(&server, bad).error(400), "invalid_request", "{bad}");
    }
    assert_eq!(
        get(&server, &format!("/voices/{DEMO_VOICE_ID}")).json()["name"],
        "Katie"
    );
    assert_eq!(get(&server, "/voices/nope").error(404), "voice_not_found");
    assert_eq!(
        post_json(
            &server,
            "PATCH",
            &format!("/voices/{DEMO_VOICE_ID}"),
            &json!({"name": "Mine"})
        )
        .error(403),
        "voice_not_owned"
    );
    // Clone, then find, update and delete the new voice.
    let cloned = post_form(
        &server,
        "/voices/clone",
        &[
            ("name", None, b"My voice"),
            ("language", None, b"en"),
            ("description", None, b"Me."),
            ("clip", Some("me.wav"), b"RIFF....WAVE"),
        ],
    );
    cloned.assert_ok();
    let meta = cloned.json();
    let id = meta["id"].as_str().unwrap().to_owned();
    assert_eq!(id.len(), 36, "UUID-shaped: {id}");
    assert_eq!(
        (meta["name"].as_str(), meta["user_id"].as_str()),
        (Some("My voice"), Some("user_mock"))
    );
    let owned = get(&server, "/voices?is_owner=true").json();
    assert_eq!(owned["data"][0]["id"], id.as_str());
    let updated = post_json(
        &server,
        "PATCH",
        &format!("/voices/{id}"),
        &json!({"description": "New.", "gender": "feminine"}),
    )
    .json();
    assert_eq!(
        (updated["description"].as_str(), updated["gender"].as_str()),
        (Some("New."), Some("feminine"))
    );
    assert_eq!(
        post_json(
            &server,
            "PATCH",
            &format!("/voices/{id}"),
            &json!({"gender": "robot"})
        )
        .error(422),
        "validation_error"
    );
    assert_eq!(
        send(&server, "DELETE", &format!("/voices/{id}"), AUTH, b"").status,
        204
    );
    assert_eq!(
        get(&server, &format!("/voices/{id}")).error(404),
        "voice_not_found"
    );
    assert_eq!(
        post_form(
            &server,
            "/voices/clone",
            &[("name", None, b"x"), ("language", None, b"en")]
        )
        .error(422),
        "validation_error",
        "no clip"
    );
    // Localize a demo voice.
    let localized = post_json(
        &server,
        "POST",
        "/voices/localize",
        &json!({"voice_id": DEMO_VOICE_ID, "name": "Katie (de)", "description": "German Katie",
                "language": "de", "original_speaker_gender": "female"}),
    );
    assert_eq!(localized.status, 200);
    assert_eq!(localized.json()["language"], "de");
    assert_eq!(
        post_json(
            &server,
            "POST",
            "/voices/localize",
            &json!({"voice_id": DEMO_VOICE_ID, "name": "x", "description": "",
              "language": "xx", "original_speaker_gender": "female"})
        )
        .error(422),
        "validation_error"
    );
}

#[test]
fn access_tokens_authenticate_and_status_needs_no_key() {
    let server = MockServer::builder().api_key("sk-real").start().unwrap();
    let key = "Authorization: Bearer sk-real\r\nCartesia-Version: 2026-03-01\r\nContent-Type: application/json\r\n";
    let r = send(
        &server,
        "POST",
        "/access-token",
        key,
        br#"{"grants": {"tts": true}, "expires_in": 60}"#,
    );
    r.assert_ok();
    let token = r.json()["token"].as_str().unwrap().to_owned();
    let with_token = format!("Authorization: Bearer {token}\r\nCartesia-Version: 2026-03-01\r\n");
    assert_eq!(get_as(&server, "/voices", &with_token).status, 200);
    let again = send(
        &server,
        "POST",
        "/access-token",
        &format!("{with_token}Content-Type: application/json\r\n"),
        b"{}",
    );
    assert_eq!(again.error(401), "invalid_api_key");
    let long = send(
        &server,
        "POST",
        "/access-token",
        key,
        br#"{"expires_in": 7200}"#,
    );
    assert_eq!(long.error(422), "validation_error");
    let wrong = "Authorization: Bearer sk-wrong\r\nCartesia-Version: 2026-03-01\r\n";
    assert_eq!(
        get_as(&server, "/voices", wrong).error(401),
        "invalid_api_key"
    );
    let status = get_as(&server, "/", "");
    assert_eq!(status.status, 200);
    assert_eq!(status.json(), json!({"ok": true, "version": "2026-03-01"}));
}
