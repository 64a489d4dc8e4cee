//! The blocking WebSocket driver against a loopback tungstenite server on std threads (no
//! tokio anywhere): the handshake, refused upgrades, contexts, flushes, closes with and
//! without reconnect, keepalive pings, and backpressure.

mod support;

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use cartesia_core::types::stt::SttEncoding;
use cartesia_core::types::tts::RawEncoding;
use cartesia_core::types::ws::{
    SttTurnsMessage, SttWsMessage, SttWsQuery, TtsWsRequest, WsOutputFormat,
};
use cartesia_core::ws::{
    close_code, BlockingSttSocket, KeepalivePolicy, ReconnectPolicy, SessionConfig, SttEvent,
    TtsEvent, WsConfig, WsError,
};
use cartesia_ureq::prelude::*;
use serde_json::json;
use support::ws_server::{
    chunk, done, next_json, on_messages, refusal, serve_tts, text, Answer, Server,
};
use tungstenite::protocol::{frame::coding::CloseCode, CloseFrame};
use tungstenite::Message;

const KEY: &str = "sk_car_ws_test_secret_0001";

/// A client of `server` with the default WebSocket settings.
fn client(server: &Server) -> BlockingClient {
    client_with(server, WsConfig::new())
}

/// A client of `server` with these WebSocket settings.
fn client_with(server: &Server, ws: WsConfig) -> BlockingClient {
    ClientBuilder::new()
        .api_key(KEY)
        .base_url(&server.base_url)
        .websocket_config(ws)
        .build_ureq()
        .unwrap()
}

/// The error of opening a TTS socket at `base` (with the default settings).
fn open_error(base: &str) -> Error {
    ClientBuilder::new()
        .api_key(KEY)
        .base_url(base)
        .build_ureq()
        .unwrap()
        .tts()
        .websocket()
        .unwrap_err()
}

/// The transport error kind of `e` (which must be one).
fn transport_kind(e: &Error) -> TransportErrorKind {
    match e {
        Error::Transport(t) => t.kind(),
        other => panic!("{other:?}"),
    }
}

fn template(id: &str) -> TtsWsRequest {
    TtsWsRequest::new(
        "sonic-3",
        "voice-1",
        WsOutputFormat::raw(RawEncoding::PcmS16le, 24_000),
        id,
    )
}

/// Every event of `ctx` to its end (a receive that times out fails the test).
fn events(ctx: &mut cartesia_core::ws::BlockingTtsContext) -> Vec<Result<TtsEvent, Error>> {
    let mut out = Vec::new();
    while let Some(e) = ctx.recv_timeout(Duration::from_secs(10)) {
        if let Err(Error::WebSocket(w)) = &e {
            assert!(!matches!(**w, WsError::Timeout(_)), "timed out: {out:?}");
        }
        out.push(e);
    }
    out
}

/// Every event of a new context `id` of `socket` that pushes `text` (see [`events`]).
fn pushed(
    socket: &cartesia_core::ws::BlockingTtsSocket,
    id: &str,
    text: &str,
) -> Vec<Result<TtsEvent, Error>> {
    let mut ctx = socket.context(template(id)).unwrap();
    ctx.push(text).unwrap();
    events(&mut ctx)
}

/// Waits (at most 10 s, polling) until `done` holds.
fn eventually(what: &str, mut done: impl FnMut() -> bool) {
    let until = Instant::now() + Duration::from_secs(10);
    while !done() {
        assert!(Instant::now() < until, "never happened: {what}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn the_handshake_sends_every_header_and_no_key_in_the_url() {
    let server = Server::accepting(|_, ws| serve_tts(ws));
    let socket = client(&server).tts().websocket().unwrap();
    let seen = server.seen();
    assert_eq!(seen.len(), 1);
    let upgrade = &seen[0];
    assert_eq!(upgrade.target, "/tts/websocket");
    assert!(!upgrade.target.contains(KEY));
    assert_eq!(
        upgrade.header("authorization"),
        Some(format!("Bearer {KEY}").as_str())
    );
    assert_eq!(upgrade.header("cartesia-version"), Some("2026-03-01"));
    assert!(upgrade
        .header("user-agent")
        .is_some_and(|ua| ua.starts_with("cartesia-rs")));
    assert_eq!(upgrade.header("sec-websocket-version"), Some("13"));
    // No header but Authorization carries the key.
    for (name, value) in &upgrade.headers {
        let value = String::from_utf8_lossy(value.as_bytes());
        assert!(
            name == "authorization" || !value.contains(KEY),
            "{name}: {value}"
        );
    }
    socket.close();
}

#[test]
fn refused_upgrades_are_the_same_api_errors_as_rest() {
    let body = r#"{"error_code":"invalid_api_key","title":"Unauthorized","message":"Invalid API key","request_id":"req-401"}"#;
    let server = Server::start(move |_| refusal(401, &[], body), |_, _| {});
    let e = client(&server).tts().websocket().unwrap_err();
    let api = e.as_api().unwrap_or_else(|| panic!("{e:?}"));
    assert_eq!(api.status().as_u16(), 401);
    assert_eq!(api.kind(), ApiErrorKind::Unauthorized);
    assert_eq!(api.message(), Some("Invalid API key"));
    assert_eq!(e.request_id(), Some("req-401"));
    assert!(!format!("{e:?} {e}").contains(KEY));

    let body = r#"{"error_code":"concurrency_limited","title":"Too many","message":"Concurrency limit reached","request_id":"req-429"}"#;
    let server = Server::start(
        move |_| refusal(429, &[("retry-after", "7")], body),
        |_, _| {},
    );
    let e = client(&server).tts().websocket().unwrap_err();
    let api = e.as_api().unwrap_or_else(|| panic!("{e:?}"));
    assert_eq!(api.kind(), ApiErrorKind::RateLimited);
    assert_eq!(api.code(), Some("concurrency_limited"));
    assert_eq!(e.request_id(), Some("req-429"));
}

/// A refusal whose body comes after its head (in another segment, after a pause) is read
/// whole: tungstenite's error keeps only the bytes that came with the head.
#[test]
fn a_refusal_body_sent_after_its_head_is_read_whole() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let body =
        r#"{"error_code":null,"title":"Server","message":"overloaded","request_id":"req-503"}"#;
    std::thread::spawn(move || {
        let (mut s, _) = listener.accept().unwrap();
        let mut head = Vec::new();
        let mut byte = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") && s.read(&mut byte).unwrap_or(0) == 1 {
            head.push(byte[0]);
        }
        let _ = write!(
            s,
            "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\n\
             content-length: {}\r\n\r\n",
            body.len()
        );
        let _ = s.flush();
        std::thread::sleep(Duration::from_millis(200));
        let _ = s.write_all(body.as_bytes());
        std::thread::sleep(Duration::from_secs(2));
    });
    let e = open_error(&base);
    let api = e.as_api().unwrap_or_else(|| panic!("{e:?}"));
    assert_eq!(api.status().as_u16(), 503);
    assert_eq!(api.message(), Some("overloaded"));
    assert_eq!(e.request_id(), Some("req-503"));
}

#[test]
fn connect_failures_are_typed_transport_errors() {
    // A port nothing listens on.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let e = open_error(&format!("http://127.0.0.1:{port}"));
    assert_eq!(transport_kind(&e), TransportErrorKind::Connect, "{e:?}");

    // A server that is not TLS behind an https base URL: a TLS error, not a hang.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        let (mut s, _) = listener.accept().unwrap();
        let _ = s.write_all(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n");
        std::thread::sleep(Duration::from_secs(2));
    });
    let e = open_error(&format!("https://{addr}"));
    assert_eq!(transport_kind(&e), TransportErrorKind::Tls, "{e:?}");
    assert!(!format!("{e:?}").contains(KEY));
}

#[test]
fn two_interleaved_contexts_are_routed_and_flushes_matched() {
    let server = Server::accepting(|_, ws| serve_tts(ws));
    let socket = client(&server).tts().websocket().unwrap();
    let mut a = socket.context(template("ctx-a")).unwrap();
    let mut b = socket.context(template("ctx-b")).unwrap();
    a.push("Hello, ").unwrap();
    b.push("Bonjour, ").unwrap();
    let flush = a.push_and_flush("world.").unwrap();
    assert_eq!(flush, 1);
    b.push("monde.").unwrap();
    let manual = b.flush().unwrap();
    assert_eq!(manual, 1);
    a.finish().unwrap();
    b.finish().unwrap();

    let a_events: Vec<TtsEvent> = events(&mut a).into_iter().map(Result::unwrap).collect();
    let b_events: Vec<TtsEvent> = events(&mut b).into_iter().map(Result::unwrap).collect();
    let audio = |events: &[TtsEvent], id: &str| -> Vec<Vec<u8>> {
        events
            .iter()
            .filter_map(|e| match e {
                TtsEvent::Audio(c) => {
                    assert_eq!(c.context_id, id);
                    Some(c.audio.clone())
                }
                _ => None,
            })
            .collect()
    };
    // Each context's chunks in its own order (the server numbers them per context).
    assert_eq!(audio(&a_events, "ctx-a"), [vec![1; 3], vec![2; 3]]);
    assert_eq!(audio(&b_events, "ctx-b"), [vec![1; 3], vec![2; 3]]);
    for events in [&a_events, &b_events] {
        assert!(
            events.contains(&TtsEvent::FlushDone {
                flush_id: 1,
                matched: true
            }),
            "{events:?}"
        );
        assert_eq!(events.last(), Some(&TtsEvent::Done));
    }
    socket.close();
}

/// A context's audio bytes, checking every event is audio up to its `Done`.
fn audio_to_done(events: Vec<Result<TtsEvent, Error>>) -> Vec<u8> {
    let mut audio = Vec::new();
    let mut done = false;
    for e in events {
        match e.unwrap() {
            TtsEvent::Audio(c) => audio.extend(c.audio),
            TtsEvent::Done => done = true,
            other => panic!("{other:?}"),
        }
    }
    assert!(done, "no Done");
    audio
}

#[test]
fn a_burst_of_frames_is_delivered_whole_and_in_order() {
    // The I/O thread wakes a consumer once per batch of frames read in a row: a burst far
    // larger than a batch (and than the queue bound) arrives whole, in order.
    let server = Server::accepting(|_, ws| {
        let id = next_json(ws).unwrap()["context_id"]
            .as_str()
            .unwrap()
            .to_owned();
        for n in 0..200u8 {
            ws.write(chunk(&id, n, None)).unwrap();
        }
        ws.write(done(&id)).unwrap();
        ws.flush().unwrap();
        while ws.read().is_ok() {}
    });
    let socket = client(&server).tts().websocket().unwrap();
    let audio = audio_to_done(pushed(&socket, "burst", "Hello."));
    let expected: Vec<u8> = (0..200u8).flat_map(|n| [n, n, n]).collect();
    assert_eq!(audio, expected);
    socket.close();
}

#[test]
fn a_lone_frame_is_delivered_without_waiting_for_the_next() {
    // The server sends one chunk, then nothing until the client answers it: a chunk held
    // back for more data would never be answered (the receive below would time out).
    let server = Server::accepting(|_, ws| {
        let id = next_json(ws).unwrap()["context_id"]
            .as_str()
            .unwrap()
            .to_owned();
        ws.send(chunk(&id, 7, None)).unwrap();
        // The client's next request comes only after it got the chunk. A chunk held back
        // would reach the consumer only at its receive deadline (60 s below); the server
        // gives up long before (a hang guard, not a speed bound) and the test fails.
        ws.get_ref()
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        let next = next_json(ws).expect("the client answered the lone chunk");
        assert_eq!(next["transcript"], json!("after the chunk"));
        ws.send(chunk(&id, 8, None)).unwrap();
        ws.send(done(&id)).unwrap();
        while ws.read().is_ok() {}
    });
    let socket = client(&server).tts().websocket().unwrap();
    let mut ctx = socket.context(template("lone")).unwrap();
    ctx.push("Hello.").unwrap();
    match ctx.recv_timeout(Duration::from_secs(60)) {
        Some(Ok(TtsEvent::Audio(c))) => assert_eq!(c.audio, [7, 7, 7]),
        other => panic!("{other:?}"),
    }
    ctx.push("after the chunk").unwrap();
    ctx.finish().unwrap();
    assert_eq!(audio_to_done(events(&mut ctx)), [8, 8, 8]);
    socket.close();
}

/// Reconnects on, with short waits.
fn fast_reconnect() -> WsConfig {
    WsConfig::new().reconnect(
        ReconnectPolicy::new().backoff(Duration::from_millis(10), Duration::from_millis(50)),
    )
}

/// Answers the first request with one chunk of `byte`s, then closes with `code`.
fn chunk_then_close(
    ws: &mut tungstenite::WebSocket<std::net::TcpStream>,
    byte: u8,
    code: CloseCode,
    reason: &str,
) {
    let first = next_json(ws).unwrap();
    let id = first["context_id"].as_str().unwrap().to_owned();
    ws.send(chunk(&id, byte, None)).unwrap();
    let _ = ws.close(Some(CloseFrame {
        code,
        reason: reason.into(),
    }));
    // Drive the close handshake.
    while ws.read().is_ok() {}
}

/// Connection 0 answers the first request with one chunk, then closes with 1011.
fn close_1011_then_serve() -> Server {
    Server::accepting(|n, ws| {
        if n == 0 {
            chunk_then_close(ws, 9, CloseCode::Error, "internal error");
        } else {
            serve_tts(ws);
        }
    })
}

#[test]
fn a_1011_close_with_reconnect_loses_contexts_in_flight_and_new_ones_work() {
    let server = close_1011_then_serve();
    let config = fast_reconnect();
    let socket = client_with(&server, config).tts().websocket().unwrap();
    let a_events = pushed(&socket, "in-flight", "Hello");
    assert!(
        matches!(&a_events[0], Ok(TtsEvent::Audio(c)) if c.audio == [9; 3]),
        "{a_events:?}"
    );
    match a_events.last() {
        Some(Ok(TtsEvent::Lost(lost))) => assert!(lost.unsent.is_empty(), "{lost:?}"),
        other => panic!("{other:?} in {a_events:?}"),
    }
    // The socket reconnected; a new context works on the new connection.
    let mut b = socket.context(template("after")).unwrap();
    b.push("Again").unwrap();
    b.finish().unwrap();
    let b_events: Vec<TtsEvent> = events(&mut b).into_iter().map(Result::unwrap).collect();
    assert!(matches!(&b_events[0], TtsEvent::Audio(c) if c.context_id == "after"));
    assert_eq!(b_events.last(), Some(&TtsEvent::Done));
    assert_eq!(server.seen().len(), 2);
    assert!(!socket.is_closed());
    socket.close();
}

#[test]
fn a_1011_close_without_reconnect_is_a_typed_closed_error() {
    let server = close_1011_then_serve();
    let socket = client(&server).tts().websocket().unwrap();
    let a_events = pushed(&socket, "in-flight", "Hello");
    assert!(
        matches!(&a_events[0], Ok(TtsEvent::Audio(_))),
        "{a_events:?}"
    );
    let last = a_events.last().unwrap();
    let closed = match last {
        Err(Error::WebSocket(w)) => match &**w {
            WsError::Closed(close) => close.clone(),
            other => panic!("{other:?}"),
        },
        Ok(TtsEvent::Closed(close)) => close.clone(),
        other => panic!("{other:?}"),
    };
    let closed = closed.expect("the server's close frame");
    assert_eq!(closed.code, close_code::INTERNAL_ERROR);
    assert_eq!(closed.reason, "internal error");
    eventually("the socket is closed", || socket.is_closed());
    // No reconnect happened, and a new context is refused with the same typed error.
    assert_eq!(server.seen().len(), 1);
    let e = socket.context(template("late")).unwrap_err();
    assert!(
        matches!(&e, Error::WebSocket(w) if matches!(**w, WsError::Closed(_))),
        "{e:?}"
    );
}

#[test]
fn an_idle_socket_is_pinged() {
    let pings = Arc::new(AtomicUsize::new(0));
    let seen = pings.clone();
    let server = Server::accepting(move |_, ws| {
        on_messages(ws, |_, m| {
            if matches!(m, Message::Ping(_)) {
                seen.fetch_add(1, Ordering::SeqCst);
            }
            true
        })
    });
    let config = WsConfig::new().keepalive(KeepalivePolicy::new(
        Duration::from_millis(50),
        Duration::from_secs(5),
    ));
    let socket = client_with(&server, config).tts().websocket().unwrap();
    // tungstenite's server answers each ping, so the socket stays alive and pings again.
    eventually("three pings", || pings.load(Ordering::SeqCst) >= 3);
    assert!(!socket.is_closed());
    socket.close();
}

#[test]
fn a_consumer_that_stops_reading_keeps_memory_bounded() {
    const CHUNKS: usize = 2_000;
    const CHUNK_BYTES: usize = 16 * 1024;
    let written = Arc::new(AtomicUsize::new(0));
    let progress = written.clone();
    let server = Server::accepting(move |_, ws| {
        let first = next_json(ws).unwrap();
        let id = first["context_id"].as_str().unwrap().to_owned();
        let audio = vec![7u8; CHUNK_BYTES];
        use base64::Engine as _;
        let data = base64::engine::general_purpose::STANDARD.encode(&audio);
        for i in 0..CHUNKS {
            let m = json!({
                "type": "chunk", "context_id": id, "data": data,
                "done": false, "status_code": 206, "step_time": i,
            });
            if ws.send(Message::Text(m.to_string().into())).is_err() {
                return;
            }
            progress.fetch_add(1, Ordering::SeqCst);
        }
        let _ = ws.send(done(&id));
        while ws.read().is_ok() {}
    });
    let config = WsConfig::new()
        .session(SessionConfig::default().queue_capacity(8))
        .receive_timeout(Some(Duration::from_secs(10)));
    let socket = client_with(&server, config).tts().websocket().unwrap();
    let mut ctx = socket.context(template("slow")).unwrap();
    ctx.push("A long text").unwrap();
    // Not reading: the server's writes stall once the context queue, the socket buffers and
    // TCP's windows are full, far short of everything it wants to send.
    let mut last = usize::MAX;
    eventually("the server's writes stall", || {
        let now = written.load(Ordering::SeqCst);
        let stalled = now == last && now > 0;
        last = now;
        std::thread::sleep(Duration::from_millis(300));
        stalled
    });
    let stalled_at = written.load(Ordering::SeqCst);
    assert!(
        stalled_at < CHUNKS / 2,
        "the server wrote {stalled_at} of {CHUNKS} chunks of {CHUNK_BYTES} bytes to a consumer that reads nothing"
    );
    // Reading again drains everything, in order.
    let mut audio_chunks = 0;
    let mut steps = Vec::new();
    for event in ctx.by_ref() {
        match event.unwrap() {
            TtsEvent::Audio(c) => {
                assert_eq!(c.audio.len(), CHUNK_BYTES);
                steps.push(c.step_time.unwrap_or(-1.0));
                audio_chunks += 1;
            }
            TtsEvent::Done => break,
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(audio_chunks, CHUNKS);
    assert!(steps.windows(2).all(|w| w[0] < w[1]));
    socket.close();
}

/// Binary audio in, `finalize` answered by a final transcript with words and a
/// `flush_done`, `close` answered by `done`: the manual STT socket through the same driver.
#[test]
fn stt_manual_finalize_round_trip_with_words() {
    let received = Arc::new(AtomicUsize::new(0));
    let bytes = received.clone();
    let server = Server::accepting(move |_, ws| {
        on_messages(ws, |ws, m| match m {
            Message::Binary(b) => {
                bytes.fetch_add(b.len(), Ordering::SeqCst);
                true
            }
            Message::Text(t) if t.as_str() == "finalize" => {
                ws.send(text(json!({
                    "type": "transcript", "text": "hello world", "is_final": true,
                    "request_id": "stt-1", "duration": 1.0,
                    "words": [
                        {"word": "hello", "start": 0.0, "end": 0.4},
                        {"word": "world", "start": 0.5, "end": 0.9},
                    ],
                })))
                .unwrap();
                ws.send(text(json!({"type": "flush_done", "request_id": "stt-1"})))
                    .unwrap();
                true
            }
            Message::Text(t) if t.as_str() == "close" => {
                ws.send(text(json!({"type": "done", "request_id": "stt-1"})))
                    .unwrap();
                false
            }
            _ => true,
        })
    });
    let query = SttWsQuery::new("ink-whisper", SttEncoding::PcmS16le, 16_000).language("en");
    let mut socket = client(&server).stt().websocket(query).unwrap();
    let audio = vec![0u8; 32_000];
    let sent = socket.send_reader(&mut &audio[..], 3_200).unwrap();
    assert_eq!(sent, 32_000);
    socket.finalize().unwrap();
    socket.close().unwrap();
    let events: Vec<_> = socket.by_ref().map(Result::unwrap).collect();
    let SttEvent::Message(SttWsMessage::Transcript(t)) = &events[0] else {
        panic!("{events:?}")
    };
    assert!(t.is_final);
    assert_eq!(t.text, "hello world");
    let words: Vec<_> = t
        .words
        .iter()
        .flatten()
        .map(|w| (w.word.as_str(), w.start, w.end))
        .collect();
    assert_eq!(words, [("hello", 0.0, 0.4), ("world", 0.5, 0.9)]);
    assert!(matches!(
        events[1],
        SttEvent::Message(SttWsMessage::FlushDone(_))
    ));
    assert!(matches!(
        events[2],
        SttEvent::Message(SttWsMessage::Done(_))
    ));
    assert_eq!(events.len(), 3, "{events:?}");
    assert_eq!(received.load(Ordering::SeqCst), 32_000);
    let seen = server.seen();
    assert_eq!(
        seen[0].target,
        "/stt/websocket?model=ink-whisper&encoding=pcm_s16le&sample_rate=16000&language=en"
    );
}

/// A reconnect the server refuses ends the socket with the refusal's `Error::Api`, for
/// every handle: the context in flight got `Lost`, a new context gets the 401.
#[test]
fn a_refused_reconnect_ends_the_socket_with_the_api_error() {
    let body = r#"{"error_code":null,"title":"Unauthorized","message":"key revoked","request_id":"req-r"}"#;
    let server = Server::start(
        move |n| {
            if n == 0 {
                Answer::Accept
            } else {
                refusal(401, &[], body)
            }
        },
        |_, ws| chunk_then_close(ws, 1, CloseCode::Restart, "restarting"),
    );
    let config = fast_reconnect();
    let socket = client_with(&server, config).tts().websocket().unwrap();
    let a_events = pushed(&socket, "a", "Hello");
    assert!(
        matches!(a_events.last(), Some(Ok(TtsEvent::Lost(_)))),
        "{a_events:?}"
    );
    eventually("the socket ends", || socket.is_closed());
    assert_eq!(
        server.seen().len(),
        2,
        "one reconnect, refused, and no more"
    );
    let e = socket.context(template("b")).unwrap_err();
    let api = e.as_api().unwrap_or_else(|| panic!("{e:?}"));
    assert_eq!(api.status().as_u16(), 401);
    assert_eq!(e.request_id(), Some("req-r"));
}

/// Dropping the socket sends a normal close, and the I/O thread ends.
#[test]
fn dropping_the_socket_sends_a_normal_close() {
    let closes = Arc::new(std::sync::Mutex::new(Vec::new()));
    let seen = closes.clone();
    let server = Server::accepting(move |_, ws| {
        on_messages(ws, |_, m| {
            if let Message::Close(c) = m {
                seen.lock().unwrap().push(c.map(|c| u16::from(c.code)));
            }
            true
        })
    });
    let socket = client(&server).tts().websocket().unwrap();
    let mut ctx = socket.context(template("a")).unwrap();
    ctx.push("Hello").unwrap();
    drop(socket);
    eventually("the server sees a close", || {
        !closes.lock().unwrap().is_empty()
    });
    assert_eq!(*closes.lock().unwrap(), [Some(close_code::NORMAL)]);
    // The context in flight ends instead of hanging.
    let last = events(&mut ctx).pop();
    assert!(
        matches!(
            &last,
            Some(Err(Error::WebSocket(_))) | Some(Ok(TtsEvent::Closed(_)))
        ),
        "{last:?}"
    );
}

/// The turns socket: `connected` sent right after the upgrade (so it may arrive with the
/// 101's bytes), turn events in the order the server sent them, and a normal close after
/// `{"type":"close"}` ending the stream.
#[test]
fn stt_turn_events_arrive_in_order() {
    let server = Server::accepting(|_, ws| {
        ws.send(text(json!({"type": "connected", "request_id": "t-1"})))
            .unwrap();
        let mut audio_frames = 0;
        on_messages(ws, |ws, m| match m {
            Message::Binary(_) => {
                audio_frames += 1;
                let replies = if audio_frames == 1 {
                    [
                        json!({"type": "turn.start"}),
                        json!({"type": "turn.update", "transcript": "hel"}),
                    ]
                } else {
                    [
                        json!({"type": "turn.update", "transcript": "hello"}),
                        json!({"type": "turn.eager_end", "transcript": "hello"}),
                    ]
                };
                for r in replies {
                    ws.send(text(r)).unwrap();
                }
                true
            }
            Message::Text(t) => {
                let command: serde_json::Value = serde_json::from_str(t.as_str()).unwrap();
                assert_eq!(command, json!({"type": "close"}));
                ws.send(text(json!({"type": "turn.end", "transcript": "hello"})))
                    .unwrap();
                let _ = ws.close(Some(CloseFrame {
                    code: CloseCode::Normal,
                    reason: "".into(),
                }));
                // Drive the close handshake to its end.
                true
            }
            _ => true,
        })
    });
    let query = SttWsQuery::new("ink-2", SttEncoding::PcmS16le, 16_000).keyterm("Cartesia");
    let mut socket = client(&server).stt().turns_websocket(query).unwrap();
    socket.send_audio(vec![0u8; 3_200]).unwrap();
    // Receives until `got` holds `n` events.
    let recv_until = |socket: &mut BlockingSttSocket<Turns>, got: &mut Vec<_>, n| {
        while got.len() < n {
            got.push(
                socket
                    .recv_timeout(Duration::from_secs(10))
                    .unwrap()
                    .unwrap(),
            );
        }
    };
    // The second frame after the first answers, so the order is the server's.
    let mut got = Vec::new();
    recv_until(&mut socket, &mut got, 3);
    socket.send_audio(vec![0u8; 3_200]).unwrap();
    recv_until(&mut socket, &mut got, 5);
    socket.close().unwrap();
    got.extend(socket.by_ref().map(Result::unwrap));
    let names: Vec<String> = got
        .iter()
        .map(|e| match e {
            SttEvent::Message(SttTurnsMessage::Connected(_)) => "connected".to_owned(),
            SttEvent::Message(SttTurnsMessage::TurnStart(_)) => "start".to_owned(),
            SttEvent::Message(SttTurnsMessage::TurnUpdate(u)) => format!("update {}", u.transcript),
            SttEvent::Message(SttTurnsMessage::TurnEagerEnd(u)) => {
                format!("eager_end {}", u.transcript)
            }
            SttEvent::Message(SttTurnsMessage::TurnEnd(u)) => format!("end {}", u.transcript),
            other => format!("{other:?}"),
        })
        .collect();
    assert_eq!(
        names,
        [
            "connected",
            "start",
            "update hel",
            "update hello",
            "eager_end hello",
            "end hello"
        ]
    );
    assert_eq!(
        server.seen()[0].target,
        "/stt/turns/websocket?model=ink-2&encoding=pcm_s16le&sample_rate=16000&keyterm=Cartesia"
    );
}
