//! The async WebSocket driver against a tiny loopback tokio-tungstenite server: headers,
//! refused upgrades, routing, flushes, a 1011 close with and without reconnect, keepalive
//! pings, and a consumer that stops reading. (The cross-client contract suite is in
//! `tests/`.)

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use cartesia_reqwest::cartesia_core::types::stt::SttEncoding;
use cartesia_reqwest::cartesia_core::types::tts::RawEncoding;
use cartesia_reqwest::cartesia_core::types::ws::{
    SttWsMessage, SttWsQuery, TtsWsRequest, WsOutputFormat,
};
use cartesia_reqwest::cartesia_core::ws::{
    KeepalivePolicy, ReconnectPolicy, SessionConfig, SttEvent, TtsEvent, WsConfig, WsError,
};
use cartesia_reqwest::cartesia_core::{ApiErrorKind, AsyncClient};
use cartesia_reqwest::{BuildReqwest, ClientBuilder};
use futures_util::future::BoxFuture;
use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::net::{TcpListener, TcpStream};
use tokio_tungstenite::tungstenite::handshake::server::{ErrorResponse, Request, Response};
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::WebSocketStream;

type Ws = WebSocketStream<TcpStream>;
type Handler = Arc<dyn Fn(usize, Ws) -> BoxFuture<'static, ()> + Send + Sync>;

/// What the server saw of each upgrade: the request target and its headers.
#[derive(Debug, Clone, Default)]
struct Seen {
    targets: Vec<String>,
    headers: Vec<http::HeaderMap>,
}

/// A loopback server: each connection's upgrade goes through `refuse` (a status to refuse
/// with, by connection number), then `handler` serves it. Returns the base URL.
async fn server(refuse: Option<u16>, handler: Handler) -> (String, Arc<Mutex<Seen>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Seen::default()));
    let record = seen.clone();
    tokio::spawn(async move {
        let mut n = 0;
        while let Ok((tcp, _)) = listener.accept().await {
            let record = record.clone();
            // The callback's error type is tungstenite's (a whole response).
            #[allow(clippy::result_large_err)]
            let callback = move |req: &Request, res: Response| {
                let mut s = record.lock().unwrap();
                s.targets.push(req.uri().to_string());
                s.headers.push(req.headers().clone());
                match refuse {
                    Some(status) => {
                        let body = json!({"error_code": null, "title": "refused",
                            "message": "no", "request_id": "req-1"});
                        let mut r = ErrorResponse::new(Some(body.to_string()));
                        *r.status_mut() = http::StatusCode::from_u16(status).unwrap();
                        r.headers_mut()
                            .insert("retry-after", http::HeaderValue::from_static("1"));
                        Err(r)
                    }
                    None => Ok(res),
                }
            };
            let handler = handler.clone();
            let i = n;
            n += 1;
            tokio::spawn(async move {
                if let Ok(ws) = tokio_tungstenite::accept_hdr_async(tcp, callback).await {
                    handler(i, ws).await;
                }
            });
        }
    });
    (base, seen)
}

fn client(base: &str, ws: WsConfig) -> AsyncClient {
    ClientBuilder::new()
        .api_key("sk_car_test_key")
        .base_url(base)
        .websocket_config(ws)
        .build_reqwest()
        .unwrap()
}

fn template(id: &str) -> TtsWsRequest {
    TtsWsRequest::new(
        "sonic-3",
        "voice-1",
        WsOutputFormat::raw(RawEncoding::PcmS16le, 16_000),
        id,
    )
}

fn config() -> WsConfig {
    WsConfig::new().receive_timeout(Some(Duration::from_secs(10)))
}

fn text(v: Value) -> Message {
    Message::Text(v.to_string().into())
}

/// The server's answers to one TTS request: a chunk (`[1, 2]`) per text, `flush_done` for a
/// flush, `done` at the end of input.
fn answer(v: &Value, flushes: &mut u64) -> Vec<Message> {
    let id = v["context_id"].clone();
    let mut out = Vec::new();
    if v["transcript"].as_str().is_some_and(|t| !t.is_empty()) {
        out.push(text(
            json!({"type":"chunk","context_id":id,"data":"AQI=","done":false,
            "status_code":206,"step_time":1.0}),
        ));
    }
    if v["flush"] == json!(true) {
        *flushes += 1;
        out.push(text(
            json!({"type":"flush_done","context_id":id,"flush_id":*flushes,
            "flush_done":true,"done":false,"status_code":206}),
        ));
    }
    if v["continue"] == json!(false) {
        out.push(text(
            json!({"type":"done","context_id":id,"done":true,"status_code":206}),
        ));
    }
    out
}

/// Serves TTS requests with [`answer`] until the client closes.
async fn echo(mut ws: Ws) {
    let mut flushes = 0;
    while let Some(Ok(message)) = ws.next().await {
        if let Message::Text(t) = message {
            let v: Value = serde_json::from_str(t.as_str()).unwrap();
            for m in answer(&v, &mut flushes) {
                if ws.send(m).await.is_err() {
                    return;
                }
            }
        }
    }
}

fn echo_handler() -> Handler {
    Arc::new(|_, ws| Box::pin(echo(ws)))
}

#[tokio::test]
async fn the_upgrade_carries_the_headers_and_never_the_key() {
    let (base, seen) = server(None, echo_handler()).await;
    let client = client(&base, config());
    let socket = client.tts().websocket().await.unwrap();
    let q = SttWsQuery::new("ink-2", SttEncoding::PcmS16le, 16_000).keyterm("Big Apple");
    let stt = client.stt().websocket(q).await.unwrap();
    let s = seen.lock().unwrap().clone();
    assert_eq!(s.targets[0], "/tts/websocket");
    assert_eq!(
        s.targets[1],
        "/stt/websocket?model=ink-2&encoding=pcm_s16le&sample_rate=16000&keyterm=Big%20Apple"
    );
    for (target, h) in s.targets.iter().zip(&s.headers) {
        assert!(!target.contains("sk_car_test_key"), "{target}");
        assert_eq!(h["authorization"], "Bearer sk_car_test_key");
        assert_eq!(h["cartesia-version"], "2026-03-01");
        assert!(h["user-agent"]
            .to_str()
            .unwrap()
            .starts_with("cartesia-rs/"));
    }
    drop((socket, stt));
}

#[tokio::test]
async fn refused_upgrades_are_api_errors() {
    for (status, kind) in [
        (401, ApiErrorKind::Unauthorized),
        (429, ApiErrorKind::RateLimited),
    ] {
        let (base, _) = server(Some(status), echo_handler()).await;
        let err = client(&base, config()).tts().websocket().await.unwrap_err();
        let api = err.as_api().unwrap_or_else(|| panic!("{err:?}"));
        assert_eq!((api.status().as_u16(), api.kind()), (status, kind));
        assert_eq!(err.request_id(), Some("req-1"));
        assert!(!format!("{err:?} {err}").contains("sk_car_test_key"));
    }
}

#[tokio::test]
async fn interleaved_contexts_are_routed_and_flushes_matched() {
    let (base, _) = server(None, echo_handler()).await;
    let socket = client(&base, config()).tts().websocket().await.unwrap();
    let mut a = socket.context(template("a")).unwrap();
    let mut b = socket.context(template("b")).unwrap();
    a.push("one").unwrap();
    b.push("uno").unwrap();
    let flush = a.push_and_flush("two").unwrap();
    b.finish().unwrap();
    a.finish().unwrap();
    let mut got_a = Vec::new();
    while let Some(event) = a.next().await {
        got_a.push(event.unwrap());
    }
    assert_eq!(got_a.len(), 4, "{got_a:?}");
    assert!(matches!(got_a[0], TtsEvent::Audio(ref c) if c.context_id == "a" && c.audio == [1, 2]));
    assert_eq!(
        got_a[2],
        TtsEvent::FlushDone {
            flush_id: flush,
            matched: true
        }
    );
    assert_eq!(got_a[3], TtsEvent::Done);
    assert_eq!(b.collect_audio().await.unwrap(), [1, 2]);
    socket.close().await;
}

/// Connection 0 answers one chunk, then closes with 1011; later ones echo.
fn failing_first() -> Handler {
    Arc::new(|i, mut ws| {
        Box::pin(async move {
            if i > 0 {
                return echo(ws).await;
            }
            while let Some(Ok(message)) = ws.next().await {
                if let Message::Text(t) = message {
                    let v: Value = serde_json::from_str(t.as_str()).unwrap();
                    let _ = ws.send(answer(&v, &mut 0).remove(0)).await;
                    let close = CloseFrame {
                        code: CloseCode::Error,
                        reason: "internal".into(),
                    };
                    let _ = ws.close(Some(close)).await;
                    return;
                }
            }
        })
    })
}

#[tokio::test]
async fn a_1011_close_with_reconnect_loses_in_flight_contexts_and_new_ones_work() {
    let (base, seen) = server(None, failing_first()).await;
    let policy =
        ReconnectPolicy::new().backoff(Duration::from_millis(10), Duration::from_millis(20));
    let socket = client(&base, config().reconnect(policy))
        .tts()
        .websocket()
        .await
        .unwrap();
    let mut a = socket.context(template("a")).unwrap();
    a.push("one").unwrap();
    assert!(matches!(a.next().await, Some(Ok(TtsEvent::Audio(_)))));
    match a.next().await {
        Some(Ok(TtsEvent::Lost(lost))) => assert!(!lost.input_complete),
        other => panic!("{other:?}"),
    }
    assert!(a.next().await.is_none());
    let mut b = socket.context(template("b")).unwrap();
    b.push("again").unwrap();
    b.finish().unwrap();
    assert_eq!(b.collect_audio().await.unwrap(), [1, 2]);
    assert_eq!(seen.lock().unwrap().targets.len(), 2, "one reconnect");
}

#[tokio::test]
async fn a_1011_close_without_reconnect_is_a_typed_closed_error() {
    let (base, _) = server(None, failing_first()).await;
    let socket = client(&base, config()).tts().websocket().await.unwrap();
    let mut a = socket.context(template("a")).unwrap();
    a.push("one").unwrap();
    assert!(matches!(a.next().await, Some(Ok(TtsEvent::Audio(_)))));
    let err = a.next().await.unwrap().unwrap_err();
    assert!(
        matches!(err.as_websocket(), Some(WsError::Closed(Some(c))) if c.code == 1011 && c.reason == "internal"),
        "{err:?}"
    );
    let err = socket.context(template("b")).unwrap_err();
    assert!(
        matches!(err.as_websocket(), Some(WsError::Closed(_))),
        "{err:?}"
    );
}

#[tokio::test]
async fn an_idle_socket_is_pinged() {
    let pings = Arc::new(AtomicUsize::new(0));
    let count = pings.clone();
    let handler: Handler = Arc::new(move |_, mut ws| {
        let count = count.clone();
        Box::pin(async move {
            while let Some(Ok(message)) = ws.next().await {
                if matches!(message, Message::Ping(_)) {
                    count.fetch_add(1, Ordering::SeqCst);
                }
            }
        })
    });
    let (base, _) = server(None, handler).await;
    let keepalive = KeepalivePolicy::new(Duration::from_millis(30), Duration::from_secs(5));
    let socket = client(&base, config().keepalive(keepalive))
        .tts()
        .websocket()
        .await
        .unwrap();
    for _ in 0..500 {
        if pings.load(Ordering::SeqCst) >= 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(
        pings.load(Ordering::SeqCst) >= 2,
        "pings answered keep it alive"
    );
    assert!(!socket.is_closed());
}

#[tokio::test]
async fn a_consumer_that_stops_reading_stops_the_socket_reading() {
    const CHUNKS: usize = 400;
    let sent = Arc::new(AtomicUsize::new(0));
    let counter = sent.clone();
    let handler: Handler = Arc::new(move |_, mut ws| {
        let counter = counter.clone();
        Box::pin(async move {
            // Wait for the context's first request, then send big chunks as fast as TCP lets.
            let Some(Ok(Message::Text(_))) = ws.next().await else {
                return;
            };
            let data = "A".repeat(64 * 1024);
            for _ in 0..CHUNKS {
                let m = text(
                    json!({"type":"chunk","context_id":"a","data":data,"done":false,
                    "status_code":206,"step_time":1.0}),
                );
                if ws.send(m).await.is_err() {
                    return;
                }
                counter.fetch_add(1, Ordering::SeqCst);
            }
            let _ = ws
                .send(text(
                    json!({"type":"done","context_id":"a","done":true,"status_code":206}),
                ))
                .await;
            while let Some(Ok(_)) = ws.next().await {}
        })
    });
    let (base, _) = server(None, handler).await;
    let ws = config().session(SessionConfig::default().queue_capacity(4));
    let socket = client(&base, ws).tts().websocket().await.unwrap();
    let mut a = socket.context(template("a")).unwrap();
    a.push("go").unwrap();
    // The consumer does not read: the server gets stuck once the socket's buffers are full
    // (26 MB of chunks cannot fit in the client's queue of 4 and the TCP windows).
    let mut last = usize::MAX;
    for _ in 0..50 {
        tokio::time::sleep(Duration::from_millis(20)).await;
        let now = sent.load(Ordering::SeqCst);
        if now == last {
            break;
        }
        last = now;
    }
    assert!(
        last < CHUNKS,
        "the server sent everything ({last}): nothing paused"
    );
    // Reading again resumes it: every chunk, in order, then done.
    let mut audio = 0;
    while let Some(event) = a.next().await {
        match event.unwrap() {
            TtsEvent::Audio(c) => audio += c.audio.len(),
            TtsEvent::Done => {}
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(audio, CHUNKS * 48 * 1024);
}

#[tokio::test]
async fn stt_audio_finalize_and_words_over_a_real_socket() {
    let handler: Handler = Arc::new(|_, mut ws| {
        Box::pin(async move {
            let mut audio = 0;
            while let Some(Ok(message)) = ws.next().await {
                match message {
                    Message::Binary(b) => audio += b.len(),
                    Message::Text(t) if t.as_str() == "finalize" => {
                        let words = json!([{"word":"hi","start":0.0,"end":0.2}]);
                        let m = json!({"type":"transcript","request_id":"r","text":format!("{audio}"),
                            "is_final":true,"words":words});
                        let _ = ws.send(text(m)).await;
                        let _ = ws
                            .send(text(json!({"type":"flush_done","request_id":"r"})))
                            .await;
                    }
                    Message::Text(t) if t.as_str() == "close" => {
                        let _ = ws.send(text(json!({"type":"done","request_id":"r"}))).await;
                        let _ = ws.close(None).await;
                    }
                    _ => {}
                }
            }
        })
    });
    let (base, _) = server(None, handler).await;
    let q = SttWsQuery::new("ink-2", SttEncoding::PcmS16le, 16_000);
    let mut stt = client(&base, config()).stt().websocket(q).await.unwrap();
    for _ in 0..10 {
        stt.send_audio(vec![0u8; 3200]).await.unwrap();
    }
    stt.finalize().unwrap();
    let Some(Ok(SttEvent::Message(SttWsMessage::Transcript(t)))) = stt.next().await else {
        panic!()
    };
    assert_eq!(t.text, "32000");
    assert_eq!(t.words.unwrap()[0].word, "hi");
    assert!(matches!(
        stt.next().await,
        Some(Ok(SttEvent::Message(SttWsMessage::FlushDone(_))))
    ));
    stt.close().unwrap();
    assert!(matches!(
        stt.next().await,
        Some(Ok(SttEvent::Message(SttWsMessage::Done(_))))
    ));
    assert!(stt.next().await.is_none());
}

#[test]
fn a_runtime_that_goes_away_ends_the_socket_for_its_handles() {
    let server_rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let (base, _) = server_rt.block_on(server(None, echo_handler()));
    let client_rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let socket = client_rt
        .block_on(client(&base, config()).tts().websocket())
        .unwrap();
    assert!(!socket.is_closed());
    // The driver task goes with its runtime: the handles learn it, nothing waits forever.
    drop(client_rt);
    assert!(socket.is_closed());
    let err = socket.context(template("a")).unwrap_err();
    assert!(matches!(err.as_websocket(), Some(WsError::Terminated(_))), "{err:?}");
}
