//! The three WebSockets of the mock, driven by a plain tokio-tungstenite client.

use std::collections::HashMap;
use std::time::Duration;

use base64::Engine as _;
use cartesia_mock::{MockServer, DEMO_VOICE_ID};
use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::{self, Message};

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

fn run<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(f)
}

async fn connect_with(
    server: &MockServer,
    path: &str,
    key: Option<&str>,
    version: &str,
) -> Result<Socket, tungstenite::Error> {
    let mut request = format!("ws://{}{path}", server.addr())
        .into_client_request()
        .unwrap();
    if let Some(key) = key {
        request
            .headers_mut()
            .insert("authorization", format!("Bearer {key}").parse().unwrap());
    }
    request
        .headers_mut()
        .insert("cartesia-version", version.parse().unwrap());
    tokio_tungstenite::connect_async(request)
        .await
        .map(|(socket, _)| socket)
}

async fn connect(server: &MockServer, path: &str) -> Socket {
    connect_with(server, path, Some("sk_test"), "2026-03-01")
        .await
        .expect("upgrade")
}

/// The next text message as JSON (pings and pongs skipped); `None` at a close.
async fn next_json(socket: &mut Socket) -> Option<Value> {
    loop {
        let message = tokio::time::timeout(Duration::from_secs(20), socket.next())
            .await
            .expect("a message within 20 s")?
            .ok()?;
        match message {
            Message::Text(text) => return Some(serde_json::from_str(text.as_str()).unwrap()),
            Message::Close(_) => return None,
            _ => {}
        }
    }
}

async fn send(socket: &mut Socket, value: Value) {
    socket.send(Message::text(value.to_string())).await.unwrap();
}

fn request(context: &str, transcript: &str, more: bool) -> Value {
    json!({
        "context_id": context, "model_id": "sonic-3", "transcript": transcript,
        "voice": {"mode": "id", "id": DEMO_VOICE_ID}, "continue": more,
        "output_format": {"container": "raw", "encoding": "pcm_s16le", "sample_rate": 8000},
    })
}

fn status_of(error: tungstenite::Error) -> u16 {
    match error {
        tungstenite::Error::Http(response) => response.status().as_u16(),
        other => panic!("expected a refused upgrade, got {other}"),
    }
}

#[test]
fn tts_contexts_interleave_with_flushes_timestamps_cancel_and_errors() {
    let server = MockServer::start().unwrap();
    run(async {
        let mut socket = connect(&server, "/tts/websocket").await;
        // Two long contexts at once, one with timestamps and a flush; a third cancelled.
        let mut a = request("a", "The quick brown fox jumps over the lazy dog.", true);
        a["add_timestamps"] = true.into();
        a["add_phoneme_timestamps"] = true.into();
        send(&mut socket, a.clone()).await;
        let mut flush = request("a", "", true);
        flush["flush"] = true.into();
        send(&mut socket, flush).await;
        send(
            &mut socket,
            request("b", "Another voice speaks at the same time.", false),
        )
        .await;
        send(&mut socket, request("c", "This one is cancelled.", true)).await;
        send(&mut socket, json!({"context_id": "c", "cancel": true})).await;
        send(&mut socket, request("a", "", false)).await;
        let mut bad = request("d", "Hi", false);
        bad["voice"]["id"] = "no-such-voice".into();
        send(&mut socket, bad).await;

        let mut seen: HashMap<String, Vec<Value>> = HashMap::new();
        let mut order = Vec::new();
        let mut ended = 0;
        while ended < 3 {
            let m = next_json(&mut socket).await.expect("open");
            let context = m["context_id"].as_str().expect("context id").to_owned();
            if m["done"] == true {
                ended += 1;
            }
            order.push(context.clone());
            seen.entry(context).or_default().push(m);
        }
        // Chunks of a and b interleave.
        let first_b = order.iter().position(|c| c == "b").unwrap();
        let last_a = order.iter().rposition(|c| c == "a").unwrap();
        assert!(first_b < last_a, "contexts did not interleave: {order:?}");
        // c was cancelled: at most what was sent before the cancel arrived.
        assert!(seen
            .get("c")
            .is_none_or(|c| c.iter().all(|m| m["type"] == "chunk")));

        let a = &seen["a"];
        let kinds: Vec<&str> = a.iter().map(|m| m["type"].as_str().unwrap()).collect();
        assert_eq!(kinds.last(), Some(&"done"));
        let flush_at = kinds.iter().position(|k| *k == "flush_done").unwrap();
        assert_eq!(a[flush_at]["flush_id"], 1);
        assert!(kinds[..flush_at].contains(&"timestamps"));
        assert!(kinds[..flush_at].contains(&"phoneme_timestamps"));
        let audio: usize = a
            .iter()
            .filter(|m| m["type"] == "chunk")
            .map(|m| {
                assert_eq!(m["flush_id"], 1);
                base64::engine::general_purpose::STANDARD
                    .decode(m["data"].as_str().unwrap())
                    .unwrap()
                    .len()
            })
            .sum();
        // 44 characters of 50 ms at 8 kHz, 2 bytes a sample.
        assert_eq!(audio, 44 * 400 * 2);
        let words = a.iter().find(|m| m["type"] == "timestamps").unwrap();
        let words = &words["word_timestamps"];
        assert_eq!(words["words"][0], "The");
        assert_eq!(words["words"].as_array().unwrap().len(), 9);
        assert_eq!(words["start"][1], 0.2);

        let b = &seen["b"];
        assert!(b.iter().all(|m| m["type"] != "timestamps"));
        assert_eq!(b.last().unwrap()["type"], "done");

        let d = &seen["d"];
        assert_eq!(d.len(), 1);
        assert_eq!(d[0]["type"], "error");
        assert_eq!(d[0]["status_code"], 404);
        assert_eq!(d[0]["error_code"], "voice_not_found");

        // A socket-level error has no context; the socket goes on.
        socket.send(Message::text("not json")).await.unwrap();
        let e = next_json(&mut socket).await.unwrap();
        assert_eq!(e["type"], "error");
        assert!(e.get("context_id").is_none());
        send(&mut socket, request("e", "Ok", false)).await;
        let mut last = next_json(&mut socket).await.unwrap();
        while last["done"] != true {
            last = next_json(&mut socket).await.unwrap();
        }
        assert_eq!(
            (last["type"].as_str(), last["context_id"].as_str()),
            (Some("done"), Some("e"))
        );
        // A non-raw container is refused for that context.
        let mut wav = request("f", "Hi", false);
        wav["output_format"]["container"] = "wav".into();
        send(&mut socket, wav).await;
        let e = next_json(&mut socket).await.unwrap();
        assert_eq!(
            (e["type"].as_str(), e["status_code"].as_u64()),
            (Some("error"), Some(422))
        );
        assert_eq!(e["context_id"], "f");
    });
}

#[test]
fn upgrades_follow_the_rest_auth_rules() {
    let server = MockServer::builder().api_key("sk_right").start().unwrap();
    run(async {
        for path in [
            "/tts/websocket",
            "/stt/websocket?model=ink-2&encoding=pcm_s16le&sample_rate=16000",
        ] {
            let e = connect_with(&server, path, Some("sk_wrong"), "2026-03-01")
                .await
                .expect_err("refused");
            assert_eq!(status_of(e), 401, "{path}");
            let e = connect_with(&server, path, None, "2026-03-01")
                .await
                .err()
                .unwrap();
            assert_eq!(status_of(e), 401, "{path}");
            let e = connect_with(&server, path, Some("sk_right"), "march")
                .await
                .err()
                .unwrap();
            assert_eq!(status_of(e), 400, "{path}");
            connect_with(&server, path, Some("sk_right"), "2026-03-01")
                .await
                .expect("the right key upgrades");
        }
        // Bad STT queries are refused before the upgrade.
        for query in [
            "",
            "?model=ink-2&encoding=pcm_s16le",
            "?model=sonic&encoding=pcm_s16le&sample_rate=16000",
            "?model=ink-2&encoding=mp3&sample_rate=16000",
            "?model=ink-whisper&encoding=pcm_s16le&sample_rate=16000&min_volume=2",
        ] {
            let e = connect_with(
                &server,
                &format!("/stt/websocket{query}"),
                Some("sk_right"),
                "2026-03-01",
            )
            .await
            .expect_err("refused");
            assert_eq!(status_of(e), 400, "{query}");
        }
        let e = connect_with(
            &server,
            "/stt/turns/websocket?model=ink-whisper&encoding=pcm_s16le&sample_rate=16000",
            Some("sk_right"),
            "2026-03-01",
        )
        .await
        .err()
        .unwrap();
        assert_eq!(status_of(e), 400);
    });
    // The handshake is recorded like any request, key in the header only.
    let upgrade = server
        .requests()
        .into_iter()
        .find(|r| {
            r.path == "/tts/websocket" && r.header("authorization") == Some("Bearer sk_right")
        })
        .expect("recorded");
    assert_eq!(upgrade.header("upgrade"), Some("websocket"));
}

/// The STT query of 16-bit PCM at 16 kHz from ink-2.
const PCM_16K: &str = "model=ink-2&encoding=pcm_s16le&sample_rate=16000";

/// `seconds` of 16-bit PCM at 16 kHz: a tone, or silence.
fn pcm(seconds: f64, tone: bool) -> Vec<u8> {
    (0..(16_000.0 * seconds) as usize)
        .flat_map(|i| {
            let s = if tone {
                ((i as f64 * 0.2).sin() * 9000.0) as i16
            } else {
                0
            };
            s.to_le_bytes()
        })
        .collect()
}

#[test]
fn stt_manual_finalize_round_trip_with_words() {
    let server = MockServer::start().unwrap();
    run(async {
        let mut socket = connect(
            &server,
            "/stt/websocket?model=ink-2&encoding=pcm_s16le&sample_rate=16000&keyterm=Cartesia",
        )
        .await;
        let audio = pcm(1.0, true);
        for piece in audio.chunks(3200) {
            socket.send(Message::binary(piece.to_vec())).await.unwrap();
        }
        socket.send(Message::text("finalize")).await.unwrap();
        let mut interim = 0;
        let final_ = loop {
            let m = next_json(&mut socket).await.unwrap();
            assert_eq!(m["type"], "transcript");
            if m["is_final"] == true {
                break m;
            }
            interim += 1;
        };
        assert_eq!(interim, 2, "one interim transcript per completed word");
        let words = final_["words"].as_array().unwrap();
        assert_eq!(words.len(), 3, "{final_}");
        let texts: Vec<&str> = words.iter().map(|w| w["word"].as_str().unwrap()).collect();
        assert_eq!(final_["text"], texts.join(" "));
        assert_eq!(
            (words[0]["start"].as_f64(), words[2]["start"].as_f64()),
            (Some(0.0), Some(0.8))
        );
        assert!(words
            .iter()
            .all(|w| w["end"].as_f64() > w["start"].as_f64()));
        assert_eq!(final_["duration"], 1.0);
        assert_eq!(next_json(&mut socket).await.unwrap()["type"], "flush_done");

        // Silence is heard as nothing; close answers done and closes.
        socket.send(Message::binary(pcm(0.4, false))).await.unwrap();
        socket.send(Message::binary(pcm(0.4, true))).await.unwrap();
        socket.send(Message::text("close")).await.unwrap();
        let mut last_final = None;
        loop {
            let m = next_json(&mut socket).await.expect("done before the close");
            if m["type"] == "done" {
                break;
            }
            if m["is_final"] == true {
                last_final = Some(m);
            }
        }
        let last = last_final.expect("close finalizes");
        assert_eq!(last["words"].as_array().unwrap().len(), 1, "{last}");
        assert_eq!(next_json(&mut socket).await, None, "closed after done");

        let mut socket = connect(
            &server,
            "/stt/websocket?model=ink-whisper&encoding=pcm_s16le&sample_rate=16000",
        )
        .await;
        socket
            .send(Message::text("{\"type\":\"finalize\"}"))
            .await
            .unwrap();
        let e = next_json(&mut socket).await.unwrap();
        assert_eq!(
            (e["type"].as_str(), e["status_code"].as_u64()),
            (Some("error"), Some(400))
        );
    });
}

#[test]
fn stt_turn_events_come_in_order() {
    let server = MockServer::start().unwrap();
    run(async {
        let path = format!("/stt/turns/websocket?{PCM_16K}");
        let mut socket = connect(&server, &path).await;
        assert_eq!(next_json(&mut socket).await.unwrap()["type"], "connected");
        for (seconds, tone) in [
            (0.8, true),
            (0.4, false),
            (0.4, true),
            (1.0, false),
            (0.4, true),
        ] {
            socket
                .send(Message::binary(pcm(seconds, tone)))
                .await
                .unwrap();
        }
        socket
            .send(Message::text(r#"{"type":"close"}"#))
            .await
            .unwrap();
        let mut kinds = Vec::new();
        let mut ends = Vec::new();
        while let Some(m) = next_json(&mut socket).await {
            let kind = m["type"].as_str().unwrap().to_owned();
            assert!(m["request_id"].is_string());
            if kind == "turn.end" {
                ends.push(m["transcript"].as_str().unwrap().to_owned());
            }
            kinds.push(kind);
        }
        let kinds: Vec<&str> = kinds.iter().map(String::as_str).collect();
        assert_eq!(
            kinds,
            [
                "turn.start",
                "turn.update",
                "turn.update",
                "turn.eager_end",
                "turn.resume",
                "turn.update",
                "turn.eager_end",
                "turn.end",
                "turn.start",
                "turn.update",
                "turn.end",
            ]
        );
        assert_eq!(ends[0].split(' ').count(), 3, "{ends:?}");
        assert!(ends[0].ends_with('.'));
    });
}

#[test]
fn idle_sockets_are_closed_unless_pinged() {
    let server = MockServer::builder()
        // Wide enough that a ping every 100 ms always comes within it, on a loaded machine too
        // (it was 300 ms: a loaded 2-core machine can delay the client by more than 200 ms).
        .ws_idle_timeout(Duration::from_millis(1500))
        .start()
        .unwrap();
    run(async {
        // Pinged every 100 ms: still open after well over the idle time.
        let mut socket = connect(&server, "/tts/websocket").await;
        for _ in 0..25 {
            socket.send(Message::Ping(Vec::new().into())).await.unwrap();
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        send(&mut socket, request("a", "Hi", false)).await;
        let mut m = next_json(&mut socket).await.expect("still open");
        while m["done"] != true {
            m = next_json(&mut socket).await.expect("still open");
        }
        // Then quiet: closed with a normal close.
        let close = loop {
            match socket.next().await {
                Some(Ok(Message::Close(frame))) => break frame,
                Some(Ok(_)) => continue,
                other => panic!("expected a close frame, got {other:?}"),
            }
        };
        let close = close.expect("a close code");
        assert_eq!(u16::from(close.code), 1000);
        assert!(close.reason.contains("idle"));
    });
}

/// The SDK's blocking client on the mock's three sockets: every message decodes into the
/// SDK's types, contexts route, flushes match, timestamps and turns arrive.
#[test]
fn the_sdk_speaks_with_the_mock_sockets() {
    use cartesia_core::types::stt::SttEncoding;
    use cartesia_core::types::tts::RawEncoding;
    use cartesia_core::types::ws::{
        SttTurnsMessage, SttWsMessage, SttWsQuery, TtsWsRequest, WsOutputFormat,
    };
    use cartesia_core::ws::{SttEvent, TtsEvent};
    use cartesia_ureq::BuildUreq;

    let server = MockServer::start().unwrap();
    let client = cartesia_core::ClientBuilder::new()
        .api_key("sk_test")
        .base_url(server.url())
        .build_ureq()
        .unwrap();
    let socket = client.tts().websocket().unwrap();
    let template = |id: &str| {
        TtsWsRequest::new(
            "sonic-3",
            DEMO_VOICE_ID,
            WsOutputFormat::raw(RawEncoding::PcmS16le, 16_000),
            id,
        )
        .add_timestamps(true)
        .add_phoneme_timestamps(true)
    };
    let mut a = socket.context(template("a")).unwrap();
    let mut b = socket.context(template("b")).unwrap();
    a.push("Hello there.").unwrap();
    assert_eq!(a.flush().unwrap(), 1);
    b.push("Good morning.").unwrap();
    a.push("Again.").unwrap();
    a.finish().unwrap();
    b.finish().unwrap();
    for (ctx, chars) in [(&mut a, 18), (&mut b, 13)] {
        let mut audio = 0;
        let mut kinds = Vec::new();
        let id = ctx.id().to_owned();
        for event in ctx.by_ref() {
            match event.unwrap() {
                TtsEvent::Audio(c) => {
                    assert_eq!(c.context_id, id);
                    audio += c.audio.len();
                }
                TtsEvent::WordTimestamps(_) => kinds.push("words"),
                TtsEvent::PhonemeTimestamps(_) => kinds.push("phonemes"),
                TtsEvent::FlushDone { flush_id, matched } => {
                    assert_eq!((flush_id, matched), (1, true));
                    kinds.push("flush");
                }
                TtsEvent::Done => kinds.push("done"),
                other => panic!("unexpected {other:?}"),
            }
        }
        // 50 ms a character at 16 kHz, 2 bytes a sample.
        assert_eq!(audio, chars * 800 * 2, "{id}");
        assert_eq!(kinds.last(), Some(&"done"));
        assert!(
            kinds.contains(&"words") && kinds.contains(&"phonemes"),
            "{kinds:?}"
        );
    }
    socket.close();

    let tone: Vec<u8> = (0..16_000)
        .flat_map(|i| (((i as f64 * 0.2).sin() * 9000.0) as i16).to_le_bytes())
        .collect();
    let mut stt = client
        .stt()
        .websocket(SttWsQuery::new("ink-2", SttEncoding::PcmS16le, 16_000))
        .unwrap();
    stt.send_audio(tone.clone()).unwrap();
    stt.finalize().unwrap();
    let words = loop {
        match stt.recv().unwrap().unwrap() {
            SttEvent::Message(SttWsMessage::Transcript(t)) if t.is_final => break t.words.unwrap(),
            SttEvent::Message(SttWsMessage::Transcript(_)) => {}
            other => panic!("unexpected {other:?}"),
        }
    };
    assert_eq!(words.len(), 3);
    assert!(matches!(
        stt.recv().unwrap().unwrap(),
        SttEvent::Message(SttWsMessage::FlushDone(_))
    ));

    let mut turns = client
        .stt()
        .turns_websocket(SttWsQuery::new("ink-2", SttEncoding::PcmS16le, 16_000))
        .unwrap();
    turns.send_audio(tone).unwrap();
    turns.send_audio(vec![0u8; 32_000]).unwrap();
    let mut kinds = Vec::new();
    while kinds.last() != Some(&"turn.end".to_owned()) {
        match turns.recv().unwrap().unwrap() {
            SttEvent::Message(m) => {
                assert!(!matches!(m, SttTurnsMessage::Unknown(_)), "{m:?}");
                kinds.push(m.type_str().to_owned());
            }
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(kinds[..2], ["connected", "turn.start"]);
    assert!(kinds.contains(&"turn.eager_end".to_owned()), "{kinds:?}");
}
