//! The scriptable WebSocket test server plays its scripts (checked with a plain
//! tokio-tungstenite client, so that a failure of the WebSocket suite is the SDK's).

use std::time::Duration;

use cartesia_contract::ws_server::{Received, Script, WsServer};
use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::{self, Message};
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

/// A client connection.
type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// Runs `test` on a multi-thread runtime.
fn run<T: std::future::Future>(test: T) -> T::Output {
    tokio::runtime::Runtime::new()
        .expect("runtime")
        .block_on(test)
}

async fn connect(server: &WsServer, path: &str) -> Result<Socket, tungstenite::Error> {
    let url = format!("{}{path}", server.base_url().replacen("http", "ws", 1));
    let mut request = url.into_client_request().unwrap();
    request
        .headers_mut()
        .insert("authorization", "Bearer k".parse().unwrap());
    tokio_tungstenite::connect_async(request)
        .await
        .map(|(s, _)| s)
}

/// The next message that is not a ping or pong.
async fn next(socket: &mut Socket) -> Option<Message> {
    loop {
        match tokio::time::timeout(Duration::from_secs(10), socket.next())
            .await
            .expect("a message within 10 s")
        {
            Some(Ok(Message::Ping(_) | Message::Pong(_))) => continue,
            Some(Ok(m)) => return Some(m),
            _ => return None,
        }
    }
}

async fn next_json(socket: &mut Socket) -> Value {
    match next(socket).await {
        Some(Message::Text(t)) => serde_json::from_str(t.as_str()).unwrap(),
        other => panic!("expected a text message, got {other:?}"),
    }
}

fn generation(context: &str, transcript: &str, more: bool) -> String {
    json!({"context_id": context, "transcript": transcript, "continue": more,
           "model_id": "m", "voice": {"mode": "id", "id": "v"}})
    .to_string()
}

#[test]
fn scripts_refuse_answer_close_and_record() {
    let server = WsServer::start(Script::tts().chunks(2, 4));
    server.push(Script::refuse(
        429,
        json!({"error_code": "concurrency_limited"}),
        &[("retry-after", "7")],
    ));
    server.push(Script::tts().chunks(1, 4).error_for("bad"));
    server.push(Script::tts().chunks(10, 4).close_after(3, 1011, "boom"));
    server.push(Script::tts().chunks(10, 4).drop_after(2));
    run(async {
        // 1: refused with the status, the body and the headers.
        match connect(&server, "/tts/websocket?x=1").await {
            Err(tungstenite::Error::Http(response)) => {
                assert_eq!(response.status(), 429);
                assert_eq!(response.headers()["retry-after"], "7");
                let body = response.body().as_deref().unwrap_or_default();
                assert!(String::from_utf8_lossy(body).contains("concurrency_limited"));
            }
            other => panic!("expected a 429, got {:?}", other.map(|_| ())),
        }
        // 2: per-context answers, flush ids, errors for the chosen context.
        let mut s = connect(&server, "/tts/websocket").await.unwrap();
        s.send(Message::text(generation("a", "Hi there", true)))
            .await
            .unwrap();
        let chunk = next_json(&mut s).await;
        assert_eq!(
            (chunk["type"].as_str(), chunk["flush_id"].as_u64()),
            (Some("chunk"), Some(1))
        );
        let flush = json!({"context_id": "a", "transcript": "", "continue": true, "flush": true});
        s.send(Message::text(flush.to_string())).await.unwrap();
        let done = next_json(&mut s).await;
        assert_eq!(
            (done["type"].as_str(), done["flush_id"].as_u64()),
            (Some("flush_done"), Some(1))
        );
        s.send(Message::text(generation("bad", "x", false)))
            .await
            .unwrap();
        let e = next_json(&mut s).await;
        assert_eq!(
            (e["type"].as_str(), e["context_id"].as_str()),
            (Some("error"), Some("bad"))
        );
        s.send(Message::text(generation("a", "", false)))
            .await
            .unwrap();
        assert_eq!(next_json(&mut s).await["type"], "done");
        s.send(Message::Ping(Vec::new().into())).await.unwrap();
        let normal = tungstenite::protocol::CloseFrame {
            code: tungstenite::protocol::frame::coding::CloseCode::Normal,
            reason: "".into(),
        };
        s.close(Some(normal)).await.unwrap();
        // 3: a 1011 close after three messages.
        let mut s = connect(&server, "/tts/websocket").await.unwrap();
        s.send(Message::text(generation("c", "long", false)))
            .await
            .unwrap();
        for _ in 0..3 {
            assert_eq!(next_json(&mut s).await["type"], "chunk");
        }
        match next(&mut s).await {
            Some(Message::Close(Some(frame))) => {
                assert_eq!(u16::from(frame.code), 1011);
                assert_eq!(frame.reason.as_str(), "boom");
            }
            other => panic!("expected a 1011 close, got {other:?}"),
        }
        // 4: the TCP connection dropped after two messages, without a close frame.
        let mut s = connect(&server, "/tts/websocket").await.unwrap();
        s.send(Message::text(generation("d", "long", false)))
            .await
            .unwrap();
        for _ in 0..2 {
            assert_eq!(next_json(&mut s).await["type"], "chunk");
        }
        match tokio::time::timeout(Duration::from_secs(10), s.next())
            .await
            .unwrap()
        {
            None | Some(Err(_)) => {}
            other => panic!("expected the connection to drop, got {other:?}"),
        }
    });
    let logs = server.connections();
    assert_eq!(logs.len(), 4);
    assert!(logs[0].refused);
    assert_eq!(logs[0].handshake.path, "/tts/websocket");
    assert_eq!(logs[0].handshake.query.as_deref(), Some("x=1"));
    assert_eq!(logs[0].handshake.header("authorization"), Some("Bearer k"));
    assert_eq!(logs[1].received.len(), 4);
    assert!(server.wait_for(Duration::from_secs(5), |c| c[1].ended));
    let logs = server.connections();
    assert_eq!(logs[1].pings, 1);
    assert_eq!(logs[1].client_close, Some(1000));
    assert_eq!(logs[2].sent, 3);
    assert_eq!(logs[3].sent, 2);
}

#[test]
fn stt_and_turns_scripts_and_pings() {
    let server = WsServer::start(Script::stt());
    server.push(Script::turns().ping_every(Duration::from_millis(20)));
    run(async {
        let mut s = connect(&server, "/stt/turns/websocket").await.unwrap();
        assert_eq!(next_json(&mut s).await["type"], "connected");
        // Pings arrive while the client is quiet.
        let mut pings = 0;
        while pings < 2 {
            if let Some(Ok(Message::Ping(_))) = s.next().await {
                pings += 1;
            }
        }
        s.send(Message::binary(vec![0u8; 32])).await.unwrap();
        let mut kinds = Vec::new();
        for _ in 0..6 {
            kinds.push(next_json(&mut s).await["type"].as_str().unwrap().to_owned());
        }
        assert_eq!(
            kinds,
            [
                "turn.start",
                "turn.update",
                "turn.eager_end",
                "turn.resume",
                "turn.update",
                "turn.end"
            ]
        );
        s.send(Message::text(r#"{"type":"close"}"#)).await.unwrap();
        assert!(matches!(next(&mut s).await, Some(Message::Close(_)) | None));

        let mut s = connect(&server, "/stt/websocket?model=ink-2")
            .await
            .unwrap();
        s.send(Message::binary(vec![1u8; 100])).await.unwrap();
        assert_eq!(next_json(&mut s).await["is_final"], false);
        s.send(Message::text("finalize")).await.unwrap();
        let t = next_json(&mut s).await;
        assert_eq!(
            (t["is_final"].as_bool(), t["words"][1]["word"].as_str()),
            (Some(true), Some("world"))
        );
        assert_eq!(next_json(&mut s).await["type"], "flush_done");
        s.send(Message::text("close")).await.unwrap();
        assert_eq!(next_json(&mut s).await["type"], "done");
        assert!(matches!(next(&mut s).await, Some(Message::Close(_)) | None));
    });
    let logs = server.connections();
    assert_eq!(logs[1].binary_bytes(), 100);
    assert_eq!(
        logs[1].received[1..],
        [
            Received::Text("finalize".into()),
            Received::Text("close".into())
        ]
    );
}

#[test]
fn stopped_reads_back_up_the_client() {
    let server = WsServer::start(Script::silent().stop_reading_after(1));
    run(async {
        let mut s = connect(&server, "/tts/websocket").await.unwrap();
        // The server reads one message, then nothing: a client's writes stop completing
        // once the TCP buffers are full.
        let big = vec![0u8; 256 * 1024];
        let mut written = 0usize;
        let blocked = tokio::time::timeout(Duration::from_secs(3), async {
            loop {
                s.send(Message::binary(big.clone())).await.unwrap();
                written += big.len();
            }
        })
        .await
        .is_err();
        assert!(blocked, "the writes never blocked");
        assert!(
            written < 256 << 20,
            "{written} bytes went into a server that reads nothing"
        );
    });
    assert_eq!(server.connection(0).received.len(), 1);
}
