//! The WebSocket contract suite: one list of scenarios that both clients must pass, against
//! the scriptable [`WsServer`] test server.
//!
//! Scenarios are written against a small blocking-style API ([`WsHarness`] and the socket
//! traits below), implemented once over the blocking handles and once over the async
//! handles driven by a tokio runtime (see `tests/tests/websocket.rs`). [`ws_suite!`](crate::ws_suite!) expands
//! them into one `#[test]` per scenario, inside a module named after the client.

use std::time::Duration;

use cartesia_core::types::stt::SttEncoding;
use cartesia_core::types::tts::RawEncoding;
use cartesia_core::types::ws::{
    SttTurnsMessage, SttWsMessage, SttWsQuery, TtsWsRequest, WsOutputFormat,
};
use cartesia_core::ws::{
    close_code, KeepalivePolicy, ReconnectPolicy, SessionConfig, SttEvent, TtsEvent, WsConfig,
    WsError,
};
use cartesia_core::Error;
use serde_json::json;

use crate::ws_server::{Script, WsServer};
use crate::TEST_KEY;

/// How long a scenario waits for any one event before it fails.
pub const STEP: Duration = Duration::from_secs(10);

/// A client to run the WebSocket scenarios on.
pub trait WsHarness: Sized {
    /// Its TTS socket.
    type Tts: TtsSocketApi;
    /// Its manual-finalize STT socket.
    type Stt: SttSocketApi<SttWsMessage>;
    /// Its turns STT socket.
    type Turns: SttSocketApi<SttTurnsMessage>;
    /// A client for `base_url` (the key is [`TEST_KEY`]) with these socket settings.
    fn build(base_url: &str, config: WsConfig) -> Self;
    /// Opens the TTS socket.
    fn tts(&self) -> Result<Self::Tts, Error>;
    /// Opens the manual-finalize STT socket.
    fn stt(&self, query: SttWsQuery) -> Result<Self::Stt, Error>;
    /// Opens the turns STT socket.
    fn turns(&self, query: SttWsQuery) -> Result<Self::Turns, Error>;
}

/// A TTS socket, blocking style.
pub trait TtsSocketApi {
    /// A context handle.
    type Context: TtsContextApi;
    /// Opens a context with `request` as its template.
    fn context(&mut self, request: TtsWsRequest) -> Result<Self::Context, Error>;
}

/// A TTS context handle, blocking style.
pub trait TtsContextApi {
    /// The context id.
    fn id(&self) -> String;
    /// Pushes text (`continue: true`).
    fn push(&mut self, text: &str) -> Result<(), Error>;
    /// Flushes; the flush id.
    fn flush(&mut self) -> Result<u64, Error>;
    /// Ends the input.
    fn finish(&mut self) -> Result<(), Error>;
    /// Cancels the context.
    fn cancel(&mut self) -> Result<(), Error>;
    /// The next event, waiting at most `timeout`; `Ok(None)` after the last one.
    fn recv(&mut self, timeout: Duration) -> Result<Option<TtsEvent>, Error>;
}

/// An STT socket, blocking style.
pub trait SttSocketApi<M> {
    /// Sends audio.
    fn send_audio(&mut self, audio: Vec<u8>) -> Result<(), Error>;
    /// Sends `finalize` (manual socket only).
    fn finalize(&mut self) -> Result<(), Error>;
    /// Sends the close command.
    fn close(&mut self) -> Result<(), Error>;
    /// The next event, waiting at most `timeout`; `Ok(None)` after the last one.
    fn recv(&mut self, timeout: Duration) -> Result<Option<SttEvent<M>>, Error>;
}

/// The default socket settings of the scenarios: quick reconnects, no keepalive surprises.
pub fn config() -> WsConfig {
    WsConfig::new()
        .receive_timeout(Some(STEP))
        .close_timeout(Duration::from_secs(2))
}

/// A reconnect policy with short waits.
pub fn quick_reconnect() -> ReconnectPolicy {
    ReconnectPolicy::new()
        .max_attempts(3)
        .backoff(Duration::from_millis(10), Duration::from_millis(50))
}

/// A generation request template for context `id`.
pub fn request(id: &str) -> TtsWsRequest {
    TtsWsRequest::new(
        "sonic-3",
        "voice-1",
        WsOutputFormat::raw(RawEncoding::PcmS16le, 16_000),
        id,
    )
}

/// The STT query of the scenarios.
pub fn stt_query() -> SttWsQuery {
    SttWsQuery::new("ink-2", SttEncoding::PcmS16le, 16_000).keyterm("Cartesia")
}

/// Every event of `ctx` up to and including its terminal one.
pub fn drain<C: TtsContextApi>(ctx: &mut C) -> Vec<TtsEvent> {
    let mut events = Vec::new();
    loop {
        match ctx.recv(STEP) {
            Ok(Some(event)) => {
                let terminal = event.is_terminal();
                events.push(event);
                if terminal {
                    return events;
                }
            }
            Ok(None) => return events,
            Err(e) => panic!("context {}: {e} after {events:?}", ctx.id()),
        }
    }
}

/// The audio bytes and the context ids of the chunks in `events`.
fn audio_of(events: &[TtsEvent]) -> (usize, Vec<String>) {
    let mut bytes = 0;
    let mut ids = Vec::new();
    for e in events {
        if let TtsEvent::Audio(chunk) = e {
            bytes += chunk.audio.len();
            ids.push(chunk.context_id.clone());
        }
    }
    (bytes, ids)
}

fn assert_no_key(text: &str) {
    assert!(!text.contains(TEST_KEY), "the API key leaked: {text}");
}

/// The upgrade carries `Authorization`, `Cartesia-Version` and `User-Agent` as headers and
/// the key is nowhere in the URL; the STT query is typed.
pub fn handshake_headers_and_no_key_in_the_url<H: WsHarness>() {
    let server = WsServer::start(Script::tts());
    let client = H::build(&server.base_url(), config());
    let mut socket = client.tts().expect("connect");
    let mut ctx = socket.context(request("a")).unwrap();
    ctx.push("Hello").unwrap();
    ctx.finish().unwrap();
    assert!(matches!(drain(&mut ctx).last(), Some(TtsEvent::Done)));
    let h = server.connection(0).handshake;
    assert_eq!(h.path, "/tts/websocket");
    assert_eq!(
        h.header("authorization"),
        Some(format!("Bearer {TEST_KEY}").as_str())
    );
    let version = h.header("cartesia-version").expect("Cartesia-Version");
    assert_eq!(version.len(), 10, "{version}");
    assert!(
        h.header("user-agent")
            .is_some_and(|ua| ua.contains("cartesia")),
        "{h:?}"
    );
    assert!(
        h.query.as_deref().is_none_or(|q| !q.contains(TEST_KEY)),
        "{h:?}"
    );
    assert!(
        h.query.as_deref().is_none_or(|q| !q.contains("api_key")),
        "{h:?}"
    );

    let server = WsServer::start(Script::stt());
    let client = H::build(&server.base_url(), config());
    let _stt = client.stt(stt_query()).expect("connect");
    assert!(server.wait_for(STEP, |c| !c.is_empty() && !c[0].handshake.path.is_empty()));
    let h = server.connection(0).handshake;
    assert_eq!(h.path, "/stt/websocket");
    assert_eq!(
        h.query.as_deref(),
        Some("model=ink-2&encoding=pcm_s16le&sample_rate=16000&keyterm=Cartesia")
    );
    assert_eq!(
        h.header("authorization"),
        Some(format!("Bearer {TEST_KEY}").as_str())
    );
}

/// A refused upgrade is the same typed `Error::Api` as a REST error: 401 and 429 with their
/// bodies, the key in neither message.
pub fn refused_upgrades_are_api_errors<H: WsHarness>() {
    let server = WsServer::start(Script::tts());
    server.push(Script::refuse(
        401,
        json!({"error_code": "invalid_api_key", "title": "Unauthorized",
               "message": "Invalid API key.", "request_id": "r-401"}),
        &[],
    ));
    server.push(Script::refuse(
        429,
        json!({"error_code": "concurrency_limited", "title": "Too many concurrent requests",
               "message": "Slow down.", "request_id": "r-429"}),
        &[("retry-after", "3")],
    ));
    let client = H::build(&server.base_url(), config());
    for (status, code) in [(401, "invalid_api_key"), (429, "concurrency_limited")] {
        let e = client
            .tts()
            .err()
            .unwrap_or_else(|| panic!("{status}: upgraded"));
        assert_eq!(e.status().map(|s| s.as_u16()), Some(status), "{e:?}");
        let api = e
            .as_api()
            .unwrap_or_else(|| panic!("not Error::Api: {e:?}"));
        assert_eq!(api.code(), Some(code), "{e:?}");
        assert_no_key(&format!("{e} {e:?}"));
    }
    // The next connection upgrades.
    client.tts().expect("the third connection upgrades");
    assert_eq!(server.connections().iter().filter(|c| c.refused).count(), 2);
}

/// Two contexts at once on one socket: each handle gets its own chunks only, in order.
pub fn two_interleaved_contexts_are_routed<H: WsHarness>() {
    let server = WsServer::start(Script::tts().chunks(5, 16));
    let client = H::build(&server.base_url(), config());
    let mut socket = client.tts().expect("connect");
    let mut a = socket.context(request("ctx-a")).unwrap();
    let mut b = socket.context(request("ctx-b")).unwrap();
    a.push("From a.").unwrap();
    b.push("From b.").unwrap();
    a.push("More of a.").unwrap();
    b.finish().unwrap();
    a.finish().unwrap();
    let events_b = drain(&mut b);
    let events_a = drain(&mut a);
    let (bytes_a, ids_a) = audio_of(&events_a);
    let (bytes_b, ids_b) = audio_of(&events_b);
    assert_eq!((bytes_a, bytes_b), (2 * 5 * 16, 5 * 16));
    assert!(ids_a.iter().all(|id| id == "ctx-a"), "{ids_a:?}");
    assert!(ids_b.iter().all(|id| id == "ctx-b"), "{ids_b:?}");
    assert!(matches!(events_a.last(), Some(TtsEvent::Done)));
    assert!(matches!(events_b.last(), Some(TtsEvent::Done)));
    // On the wire: both contexts' requests, each with its id and `continue`.
    let sent = server.connection(0).json_messages();
    let of = |id: &str| sent.iter().filter(|m| m["context_id"] == id).count();
    assert_eq!((of("ctx-a"), of("ctx-b")), (3, 2), "{sent:?}");
    assert_eq!(sent.len(), 5);
    assert_eq!(server.connections().len(), 1, "one socket for both");
}

/// Flushes get their ids in order and each `flush_done` matches one.
pub fn flush_and_flush_done_are_matched<H: WsHarness>() {
    let server = WsServer::start(Script::tts().chunks(2, 8));
    let client = H::build(&server.base_url(), config());
    let mut socket = client.tts().expect("connect");
    let mut ctx = socket.context(request("f")).unwrap();
    ctx.push("One.").unwrap();
    assert_eq!(ctx.flush().unwrap(), 1);
    ctx.push("Two.").unwrap();
    assert_eq!(ctx.flush().unwrap(), 2);
    ctx.finish().unwrap();
    let events = drain(&mut ctx);
    let flushes: Vec<(u64, bool)> = events
        .iter()
        .filter_map(|e| match e {
            TtsEvent::FlushDone { flush_id, matched } => Some((*flush_id, *matched)),
            _ => None,
        })
        .collect();
    assert_eq!(flushes, [(1, true), (2, true)], "{events:?}");
    // Audio of flush 1 comes before its flush_done, then flush 2's.
    let chunk_flush: Vec<Option<u64>> = events
        .iter()
        .filter_map(|e| match e {
            TtsEvent::Audio(c) => Some(c.flush_id),
            _ => None,
        })
        .collect();
    assert_eq!(chunk_flush, [Some(1), Some(1), Some(2), Some(2)]);
    let sent = server.connection(0).json_messages();
    let flush_requests = sent.iter().filter(|m| m["flush"] == true).count();
    assert_eq!(flush_requests, 2, "{sent:?}");
    assert!(sent
        .iter()
        .filter(|m| m["flush"] == true)
        .all(|m| m["transcript"] == "" && m["continue"] == true));
}

/// A cancel reaches the server and ends the context; the socket goes on.
pub fn cancel_ends_a_context<H: WsHarness>() {
    let server = WsServer::start(Script::tts().chunks(3, 8));
    let client = H::build(&server.base_url(), config());
    let mut socket = client.tts().expect("connect");
    let mut ctx = socket.context(request("c1")).unwrap();
    ctx.push("Speak, then stop.").unwrap();
    let first = ctx.recv(STEP).expect("an event").expect("open");
    assert!(matches!(first, TtsEvent::Audio(_)), "{first:?}");
    ctx.cancel().unwrap();
    assert!(server.wait_for(STEP, |c| c[0]
        .json_messages()
        .iter()
        .any(|m| m["context_id"] == "c1" && m["cancel"] == true)));
    assert!(
        ctx.push("more").is_err(),
        "a cancelled context takes no more text"
    );
    let mut next = socket.context(request("c2")).unwrap();
    next.push("Still here.").unwrap();
    next.finish().unwrap();
    assert!(matches!(drain(&mut next).last(), Some(TtsEvent::Done)));
}

/// Dropping a context handle mid-stream cancels it on the server; others go on.
pub fn a_context_dropped_mid_stream_is_cancelled<H: WsHarness>() {
    let server = WsServer::start(Script::tts().chunks(4, 8));
    let client = H::build(&server.base_url(), config());
    let mut socket = client.tts().expect("connect");
    let mut keep = socket.context(request("keep")).unwrap();
    {
        let mut gone = socket.context(request("gone")).unwrap();
        gone.push("Half of this is heard.").unwrap();
        assert!(gone.recv(STEP).unwrap().is_some());
    }
    assert!(server.wait_for(STEP, |c| c[0]
        .json_messages()
        .iter()
        .any(|m| m["context_id"] == "gone" && m["cancel"] == true)));
    keep.push("I am kept.").unwrap();
    keep.finish().unwrap();
    let events = drain(&mut keep);
    let (_, ids) = audio_of(&events);
    assert!(ids.iter().all(|i| i == "keep"), "{ids:?}");
    assert!(matches!(events.last(), Some(TtsEvent::Done)));
}

/// An `error` for one context ends that context only, with the context id and code.
pub fn an_error_for_one_context_leaves_the_others_running<H: WsHarness>() {
    let server = WsServer::start(Script::tts().chunks(2, 8).error_for("bad"));
    let client = H::build(&server.base_url(), config());
    let mut socket = client.tts().expect("connect");
    let mut good = socket.context(request("good")).unwrap();
    let mut bad = socket.context(request("bad")).unwrap();
    bad.push("This voice does not exist.").unwrap();
    good.push("This one does.").unwrap();
    let events = drain(&mut bad);
    match events.last() {
        Some(TtsEvent::Error(e)) => {
            assert_eq!(e.context_id.as_deref(), Some("bad"));
            assert_eq!(e.error_code.as_deref(), Some("voice_not_found"));
        }
        other => panic!("expected an error event, got {other:?} in {events:?}"),
    }
    good.push("And more.").unwrap();
    good.finish().unwrap();
    let events = drain(&mut good);
    assert_eq!(audio_of(&events).0, 2 * 2 * 8);
    assert!(matches!(events.last(), Some(TtsEvent::Done)));
}

/// A 1011 close mid-generation with reconnect on: the context in flight gets `Lost` (with
/// what was not finished), and a new context succeeds on the new connection.
pub fn a_1011_close_with_reconnect_loses_contexts_explicitly<H: WsHarness>() {
    let server = WsServer::start(Script::tts().chunks(3, 8));
    server.push(
        Script::tts()
            .chunks(20, 8)
            .close_after(3, 1011, "internal error"),
    );
    let client = H::build(&server.base_url(), config().reconnect(quick_reconnect()));
    let mut socket = client.tts().expect("connect");
    let mut ctx = socket.context(request("inflight")).unwrap();
    ctx.push("A long text the server will not finish.").unwrap();
    let events = drain(&mut ctx);
    match events.last() {
        Some(TtsEvent::Lost(lost)) => assert!(!lost.input_complete, "{lost:?}"),
        other => panic!("expected Lost, got {other:?} in {events:?}"),
    }
    assert!(
        ctx.push("more").is_err(),
        "a lost context takes no more text"
    );
    let mut fresh = socket.context(request("fresh")).unwrap();
    fresh.push("On the new connection.").unwrap();
    fresh.finish().unwrap();
    let events = drain(&mut fresh);
    assert!(matches!(events.last(), Some(TtsEvent::Done)), "{events:?}");
    assert_eq!(server.connections().len(), 2, "one reconnect");
    let second = server.connection(1).json_messages();
    assert!(
        second.iter().all(|m| m["context_id"] == "fresh"),
        "{second:?}"
    );
}

fn is_closed_1011(e: &Error) -> bool {
    matches!(e.as_websocket(), Some(WsError::Closed(Some(c))) if c.code == close_code::INTERNAL_ERROR)
        || matches!(e.as_websocket(), Some(WsError::Closed(_)))
}

/// Without reconnect, a 1011 close ends the context with the close, and later calls get the
/// typed closed error.
pub fn a_1011_close_without_reconnect_is_a_typed_closed_error<H: WsHarness>() {
    let server = WsServer::start(Script::tts().chunks(20, 8).close_after(
        2,
        1011,
        "internal error",
    ));
    let client = H::build(&server.base_url(), config());
    let mut socket = client.tts().expect("connect");
    let mut ctx = socket.context(request("c")).unwrap();
    ctx.push("The server fails during this.").unwrap();
    let mut saw_close = false;
    loop {
        match ctx.recv(STEP) {
            Ok(Some(TtsEvent::Closed(close))) => {
                assert_eq!(close.map(|c| c.code), Some(close_code::INTERNAL_ERROR));
                saw_close = true;
                break;
            }
            Ok(Some(TtsEvent::Audio(_))) => {}
            Ok(Some(other)) => panic!("unexpected {other:?}"),
            Ok(None) => break,
            Err(e) => {
                assert!(is_closed_1011(&e), "{e:?}");
                saw_close = true;
                break;
            }
        }
    }
    assert!(saw_close, "the context was not told of the close");
    let e = socket
        .context(request("after"))
        .and_then(|mut c| {
            c.push("x")?;
            c.recv(STEP).map(|_| ())
        })
        .expect_err("a closed socket takes no new work");
    assert!(
        matches!(
            e.as_websocket(),
            Some(WsError::Closed(_) | WsError::Terminated(_))
        ),
        "{e:?}"
    );
    assert_eq!(server.connections().len(), 1, "no reconnect");
}

/// A quiet socket pings the server (keepalive), so the server's idle close does not come.
pub fn an_idle_socket_sends_pings<H: WsHarness>() {
    let server = WsServer::start(Script::tts());
    let keepalive = KeepalivePolicy::new(Duration::from_millis(100), Duration::from_secs(5));
    let client = H::build(&server.base_url(), config().keepalive(keepalive));
    let socket = client.tts().expect("connect");
    assert!(
        server.wait_for(STEP, |c| c.first().is_some_and(|c| c.pings >= 2)),
        "no pings: {:?}",
        server.connections()
    );
    drop(socket);
}

/// A consumer that stops reading stops the socket: the server cannot push more than the
/// bounded queue and the TCP buffers hold, and everything arrives once reading resumes.
pub fn a_consumer_that_stops_reading_keeps_memory_bounded<H: WsHarness>() {
    const CHUNKS: usize = 1500;
    const BYTES: usize = 16 * 1024;
    let server = WsServer::start(Script::tts().chunks(CHUNKS, BYTES));
    let session = SessionConfig::default().queue_capacity(8);
    let client = H::build(&server.base_url(), config().session(session));
    let mut socket = client.tts().expect("connect");
    let mut ctx = socket.context(request("slow")).unwrap();
    ctx.push("A lot of audio.").unwrap();
    ctx.finish().unwrap();
    // Wait until the server's sends stall (no progress for a while).
    let sent = || server.connections().first().map_or(0, |c| c.sent);
    let mut last = 0;
    let mut still = 0;
    for _ in 0..200 {
        std::thread::sleep(Duration::from_millis(50));
        let now = sent();
        if now == last && now > 0 {
            still += 1;
            if still >= 6 {
                break;
            }
        } else {
            still = 0;
        }
        last = now;
    }
    let stalled_at = sent();
    eprintln!("the server's sends stalled at {stalled_at} of {CHUNKS} chunks of {BYTES} bytes");
    assert!(
        stalled_at < CHUNKS / 2,
        "the server pushed {stalled_at} of {CHUNKS} chunks of {BYTES} bytes to a consumer that reads nothing"
    );
    let events = drain(&mut ctx);
    assert_eq!(audio_of(&events).0, CHUNKS * BYTES);
    assert!(matches!(events.last(), Some(TtsEvent::Done)));
}

/// STT with manual finalize: audio out as binary frames, `finalize` answered by a final
/// transcript with `{word, start, end}` words and `flush_done`, `close` by `done`.
pub fn stt_manual_finalize_round_trip_with_words<H: WsHarness>() {
    let server = WsServer::start(Script::stt());
    let client = H::build(&server.base_url(), config());
    let mut stt = client.stt(stt_query()).expect("connect");
    for _ in 0..3 {
        stt.send_audio(vec![7u8; 3200]).unwrap();
    }
    stt.finalize().unwrap();
    let mut interim = 0;
    let mut final_words = None;
    loop {
        match stt.recv(STEP).expect("an event").expect("open") {
            SttEvent::Message(SttWsMessage::Transcript(t)) if t.is_final => {
                final_words = t.words.clone();
                assert_eq!(t.text, "hello world");
            }
            SttEvent::Message(SttWsMessage::Transcript(_)) => interim += 1,
            SttEvent::Message(SttWsMessage::FlushDone(_)) => break,
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(interim, 1);
    let words = final_words.expect("a final transcript before flush_done");
    let got: Vec<(&str, f64, f64)> = words
        .iter()
        .map(|w| (w.word.as_str(), w.start, w.end))
        .collect();
    assert_eq!(got, [("hello", 0.0, 0.4), ("world", 0.5, 0.9)]);
    stt.close().unwrap();
    let mut done = false;
    while let Ok(Some(event)) = stt.recv(STEP) {
        match event {
            SttEvent::Message(SttWsMessage::Done(_)) => done = true,
            SttEvent::Closed(_) => break,
            other => panic!("unexpected {other:?}"),
        }
    }
    assert!(done, "no done after close");
    let log = server.connection(0);
    assert_eq!(log.binary_bytes(), 3 * 3200);
    let texts: Vec<&crate::ws_server::Received> = log
        .received
        .iter()
        .filter(|r| matches!(r, crate::ws_server::Received::Text(_)))
        .collect();
    assert_eq!(
        texts,
        [
            &crate::ws_server::Received::Text("finalize".into()),
            &crate::ws_server::Received::Text("close".into())
        ]
    );
}

/// STT with turns: `connected`, then the turn's events, in the server's order.
pub fn stt_turn_events_in_order<H: WsHarness>() {
    let server = WsServer::start(Script::turns());
    let client = H::build(&server.base_url(), config());
    let query = SttWsQuery::new("ink-2", SttEncoding::PcmS16le, 16_000);
    let mut turns = client.turns(query).expect("connect");
    turns.send_audio(vec![1u8; 640]).unwrap();
    let mut kinds = Vec::new();
    let mut end = None;
    while kinds.len() < 7 {
        match turns.recv(STEP).expect("an event").expect("open") {
            SttEvent::Message(m) => {
                if let SttTurnsMessage::TurnEnd(e) = &m {
                    end = Some(e.transcript.clone());
                }
                kinds.push(m.type_str().to_owned());
            }
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(
        kinds,
        [
            "connected",
            "turn.start",
            "turn.update",
            "turn.eager_end",
            "turn.resume",
            "turn.update",
            "turn.end"
        ]
    );
    assert_eq!(end.as_deref(), Some("I'd like a coffee."));
    turns.close().unwrap();
    assert!(server.wait_for(STEP, |c| c[0]
        .json_messages()
        .iter()
        .any(|m| m == &json!({"type": "close"}))));
}

/// Expands the WebSocket scenarios into one `#[test]` each for a harness.
#[macro_export]
macro_rules! ws_suite {
    ($module:ident, $harness:ty) => {
        mod $module {
            use $crate::ws_scenarios as s;
            $crate::ws_suite!(@tests $harness;
                handshake_headers_and_no_key_in_the_url,
                refused_upgrades_are_api_errors,
                two_interleaved_contexts_are_routed,
                flush_and_flush_done_are_matched,
                cancel_ends_a_context,
                a_context_dropped_mid_stream_is_cancelled,
                an_error_for_one_context_leaves_the_others_running,
                a_1011_close_with_reconnect_loses_contexts_explicitly,
                a_1011_close_without_reconnect_is_a_typed_closed_error,
                an_idle_socket_sends_pings,
                a_consumer_that_stops_reading_keeps_memory_bounded,
                stt_manual_finalize_round_trip_with_words,
                stt_turn_events_in_order,
            );
        }
    };
    (@tests $harness:ty; $($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                s::$name::<$harness>();
            }
        )*
    };
}
