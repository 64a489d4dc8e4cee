//! One span per call, with method, path template, status, attempts and request id — and
//! never the API key or a body.

use std::io::Write;
use std::sync::{Arc, Mutex};

use cartesia_core::mock::{MockTransport, RecordingSleep};
use cartesia_core::ClientBuilder;
use tracing_subscriber::fmt::format::FmtSpan;

#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Write for Buffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

const KEY: &str = "sk_car_TRACE_SECRET_42";

#[test]
fn a_call_is_one_span_with_its_outcome() {
    let buffer = Buffer::default();
    let writer = buffer.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_span_events(FmtSpan::CLOSE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();

    let mock = MockTransport::new();
    mock.push(
        500,
        &[("x-request-id", "req-first")],
        r#"{"message":"BODY_TEXT_500"}"#,
    );
    mock.push(
        200,
        &[("x-request-id", "req-ok")],
        r#"[{"agent_id":"a","number":"+1BODY_NUMBER","created_at":"2026-03-01T12:00:00Z","updated_at":"2026-03-01T12:00:00Z","is_cartesia_managed":true}]"#,
    );
    let client = ClientBuilder::new()
        .api_key(KEY)
        .blocking_sleep(RecordingSleep::new())
        .build_blocking(mock)
        .unwrap();

    tracing::subscriber::with_default(subscriber, || {
        client.agents().list_phone_numbers("agent_7").unwrap();
    });

    let out = String::from_utf8(buffer.0.lock().unwrap().clone()).unwrap();
    assert!(out.contains("cartesia.request"), "{out}");
    assert!(out.contains("method=GET"), "{out}");
    assert!(
        out.contains("path=\"/agents/{agent_id}/phone-numbers\""),
        "{out}"
    );
    assert!(out.contains("status=200"), "{out}");
    assert!(out.contains("attempts=2"), "{out}");
    assert!(out.contains("request_id=\"req-ok\""), "{out}");
    assert!(out.contains("retrying"), "{out}");
    assert!(!out.contains("SECRET"), "key in traces: {out}");
    assert!(!out.contains("BODY_"), "body in traces: {out}");
    assert!(
        !out.contains("agent_7"),
        "ids stay out of the path template: {out}"
    );
}
