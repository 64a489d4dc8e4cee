//! The public handles over the driver-facing API, with an in-memory driver on a thread and
//! a scripted server (the real drivers are tested in their adapter crates).

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::Engine;
use bytes::Bytes;
use cartesia_types::stt::SttEncoding;
use cartesia_types::ws::{SttWsMessage, SttWsQuery};
use serde_json::{json, Value};

use super::tests::template;
use super::*;
use crate::mock::MockTransport;
use crate::test_support::block_on;
use crate::{AsyncClient, BlockingClient, ClientBuilder, Error};

/// What the scripted server does.
#[derive(Debug, Default)]
struct Script {
    /// Audio chunks per pushed text.
    chunks_per_push: usize,
    /// After this many chunks in all, close with this code (once).
    close_after: Option<(usize, u16)>,
    /// Never answer anything.
    silent: bool,
    /// Route frames as the blocking driver does ([`DriverLink::on_frame_batched`], then
    /// [`DriverLink::wake_deferred`] once the inbox is empty).
    batched: bool,
    /// With `batched`: never call `wake_deferred` (only the batch bound wakes a consumer).
    hold_wakes: bool,
    /// Every frame the client wrote, per connection.
    seen: Vec<Vec<Frame>>,
    chunks_sent: usize,
    /// Flush counters per context.
    flushes: HashMap<String, u64>,
    /// Refuse the upgrade with this status.
    refuse: Option<u16>,
    /// Close the STT socket with 1011 at the first `finalize`.
    stt_fail_first_finalize: bool,
    /// Connect, then drop the link without ending the socket (a driver that vanished).
    abandon: bool,
}

impl Script {
    fn tts(&mut self, frame: &Frame) -> Vec<Frame> {
        let Frame::Text(t) = frame else {
            return vec![];
        };
        let v: Value = serde_json::from_slice(t.as_bytes()).unwrap();
        let id = v["context_id"].as_str().unwrap_or_default().to_owned();
        if self.silent || v.get("cancel").is_some() {
            return vec![];
        }
        let mut out = Vec::new();
        let transcript = v["transcript"].as_str().unwrap_or_default();
        if !transcript.is_empty() {
            for _ in 0..self.chunks_per_push.max(1) {
                let data = base64::engine::general_purpose::STANDARD.encode(transcript);
                out.push(text(json!({"type":"chunk","context_id":id,"data":data,"done":false,"status_code":206,"step_time":1.0})));
                self.chunks_sent += 1;
                if let Some((n, code)) = self.close_after {
                    if self.chunks_sent >= n {
                        self.close_after = None;
                        out.push(Frame::Close(Some(CloseFrame::new(code, "boom"))));
                        return out;
                    }
                }
            }
        }
        if v["flush"] == json!(true) {
            let n = self.flushes.entry(id.clone()).or_default();
            *n += 1;
            out.push(text(json!({"type":"flush_done","context_id":id,"flush_id":*n,"flush_done":true,"done":false,"status_code":206})));
        }
        if v["continue"] == json!(false) {
            out.push(text(
                json!({"type":"done","context_id":id,"done":true,"status_code":206}),
            ));
        }
        out
    }

    fn stt(&mut self, frame: &Frame) -> Vec<Frame> {
        match frame {
            Frame::Binary(_) => vec![],
            Frame::Text(t) if t == "finalize" && self.stt_fail_first_finalize => {
                self.stt_fail_first_finalize = false;
                vec![Frame::Close(Some(CloseFrame::new(1011, "")))]
            }
            Frame::Text(t) if t == "finalize" => vec![
                text(
                    json!({"type":"transcript","request_id":"r","text":"hello world","is_final":true,
                    "words":[{"word":"hello","start":0.0,"end":0.4},{"word":"world","start":0.5,"end":0.9}]}),
                ),
                text(json!({"type":"flush_done","request_id":"r"})),
            ],
            Frame::Text(t) if t == "close" => vec![
                text(json!({"type":"done","request_id":"r"})),
                Frame::Close(Some(CloseFrame::new(1000, ""))),
            ],
            _ => vec![],
        }
    }
}

fn text(v: Value) -> Frame {
    Frame::Text(v.to_string().into())
}

/// A connector whose "socket" is the script, driven on a thread like the blocking driver.
#[derive(Debug, Clone)]
struct FakeConnector {
    script: Arc<Mutex<Script>>,
}

impl FakeConnector {
    fn new(script: Script) -> Self {
        Self {
            script: Arc::new(Mutex::new(script)),
        }
    }

    fn seen(&self) -> Vec<Vec<Frame>> {
        self.script.lock().unwrap().seen.clone()
    }

    fn start(&self, request: WsRequest, link: DriverLink) -> Result<(), Error> {
        // The request is what a real driver would send.
        let http = request.http_request("dGhlIHNhbXBsZSBub25jZQ==")?;
        assert!(http.headers().contains_key("authorization"));
        if let Some(status) = self.script.lock().unwrap().refuse {
            let response = http::Response::builder()
                .status(status)
                .body(Bytes::from_static(br#"{"title":"no","message":"refused"}"#))
                .unwrap();
            return Err(handshake_error(response));
        }
        if self.script.lock().unwrap().abandon {
            link.on_connected(Instant::now());
            return Ok(());
        }
        let script = self.script.clone();
        let is_tts = matches!(request.endpoint(), WsEndpoint::Tts);
        script.lock().unwrap().seen.push(Vec::new());
        link.on_connected(Instant::now());
        std::thread::spawn(move || drive(script, link, is_tts));
        Ok(())
    }
}

fn drive(script: Arc<Mutex<Script>>, link: DriverLink, is_tts: bool) {
    let mut inbox: VecDeque<Frame> = VecDeque::new();
    let (batched, hold_wakes) = {
        let s = script.lock().unwrap();
        (s.batched, s.hold_wakes)
    };
    loop {
        if link.is_ended() {
            return;
        }
        while let Some(frame) = link.poll_transmit() {
            let mut s = script.lock().unwrap();
            let answer = if is_tts { s.tts(&frame) } else { s.stt(&frame) };
            s.seen.last_mut().unwrap().push(frame);
            inbox.extend(answer);
        }
        if link.close_requested() {
            link.on_disconnect(
                Disconnect::Closed(Some(&CloseFrame::new(1000, ""))),
                Instant::now(),
                0.0,
            );
            return;
        }
        while !link.read_paused() {
            match inbox.pop_front() {
                Some(Frame::Close(close)) => {
                    let decision =
                        link.on_disconnect(Disconnect::Closed(close.as_ref()), Instant::now(), 0.0);
                    match decision {
                        ReconnectDecision::After { .. } => {
                            inbox.clear();
                            script.lock().unwrap().seen.push(Vec::new());
                            link.on_connected(Instant::now());
                        }
                        ReconnectDecision::GiveUp(_) => return,
                    }
                }
                Some(frame) if batched => {
                    if link.on_frame_batched(frame) {
                        break;
                    }
                }
                Some(frame) => link.on_frame(frame),
                None => break,
            }
        }
        if batched && !hold_wakes {
            link.wake_deferred();
        }
        link.wait_for_work(Duration::from_millis(5));
    }
}

impl BlockingWsConnector for FakeConnector {
    fn connect(&self, request: WsRequest, link: DriverLink) -> Result<(), Error> {
        self.start(request, link)
    }
}

#[async_trait::async_trait]
impl AsyncWsConnector for FakeConnector {
    async fn connect(&self, request: WsRequest, link: DriverLink) -> Result<(), Error> {
        self.start(request, link)
    }
}

/// A server that never answers.
fn silent() -> FakeConnector {
    FakeConnector::new(Script {
        silent: true,
        ..Script::default()
    })
}

/// A server that sends `per_push` chunks a text and closes with 1011 after `after` chunks.
fn closing(per_push: usize, after: usize) -> FakeConnector {
    FakeConnector::new(Script {
        chunks_per_push: per_push,
        close_after: Some((after, 1011)),
        ..Script::default()
    })
}

/// A context of `socket` with `text` pushed.
fn pushed(socket: &BlockingTtsSocket, id: &str, text: &str) -> BlockingTtsContext {
    let ctx = socket.context(template(id)).unwrap();
    ctx.push(text).unwrap();
    ctx
}

fn builder(fake: &FakeConnector, ws: WsConfig) -> ClientBuilder {
    ClientBuilder::new()
        .api_key("sk_car_secret")
        .base_url("http://127.0.0.1:9")
        .websocket_config(ws)
        .blocking_ws_connector(fake.clone())
        .async_ws_connector(fake.clone())
}

fn blocking(fake: &FakeConnector, ws: WsConfig) -> BlockingClient {
    builder(fake, ws)
        .build_blocking(MockTransport::new())
        .unwrap()
}

fn asynchronous(fake: &FakeConnector, ws: WsConfig) -> AsyncClient {
    builder(fake, ws).build_async(MockTransport::new()).unwrap()
}

fn quick() -> WsConfig {
    WsConfig::new().receive_timeout(Some(Duration::from_secs(10)))
}

/// The audio of the events up to the end, and the flush ids answered.
fn drain_blocking(ctx: &mut BlockingTtsContext) -> (Vec<u8>, Vec<(u64, bool)>, bool) {
    let (mut audio, mut flushes, mut done) = (Vec::new(), Vec::new(), false);
    for event in ctx {
        match event.unwrap() {
            TtsEvent::Audio(c) => audio.extend(c.audio),
            TtsEvent::FlushDone { flush_id, matched } => flushes.push((flush_id, matched)),
            TtsEvent::Done => done = true,
            other => panic!("{other:?}"),
        }
    }
    (audio, flushes, done)
}

#[test]
fn blocking_contexts_interleave_route_and_match_flushes() {
    let fake = FakeConnector::new(Script::default());
    let client = blocking(&fake, quick());
    let socket = client.tts().websocket().unwrap();
    let mut a = socket.context(template("a")).unwrap();
    let mut b = socket.context(template("b")).unwrap();
    a.push("A1").unwrap();
    b.push("B1").unwrap();
    assert_eq!(a.push_and_flush("A2").unwrap(), 1);
    assert_eq!(a.flush().unwrap(), 2);
    b.push("B2").unwrap();
    a.finish().unwrap();
    b.finish().unwrap();
    assert_eq!(
        drain_blocking(&mut b),
        (b"B1B2".to_vec(), vec![], true),
        "b's events are b's only"
    );
    assert_eq!(
        drain_blocking(&mut a),
        (b"A1A2".to_vec(), vec![(1, true), (2, true)], true)
    );
    assert!(a.push("late").is_err(), "a finished context takes no input");
    assert_eq!(a.id(), "a");
}

/// A waker that counts its wakes.
struct CountWakes(std::sync::atomic::AtomicUsize);

impl std::task::Wake for CountWakes {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }
    fn wake_by_ref(self: &Arc<Self>) {
        self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }
}

#[test]
fn batched_frames_wake_once_per_batch_at_the_bound_or_when_asked() {
    let mut session = TtsSession::new(SessionConfig::default());
    session.open_context(template("a")).unwrap();
    let hub = link::Hub::new(link::AnySession::Tts(session), WsConfig::new());
    let driver = DriverLink::new(hub.clone());
    let count = Arc::new(CountWakes(Default::default()));
    let woken = || count.0.load(std::sync::atomic::Ordering::SeqCst);
    hub.lock().register(
        link::WakeKey::Context("a".into()),
        &std::task::Waker::from(count.clone()),
    );
    let chunk = || text(json!({"type":"chunk","context_id":"a","data":"AAE=","done":false}));
    // One frame: routed, its wake held until the driver has nothing more to read.
    assert!(!driver.on_frame_batched(chunk()));
    assert_eq!(woken(), 0);
    driver.wake_deferred();
    assert_eq!(woken(), 1);
    driver.wake_deferred();
    assert_eq!(woken(), 1, "nothing was left to wake");
    // A burst: one wake per `WAKE_BATCH` frames, without being asked.
    for _ in 0..2 * DriverLink::WAKE_BATCH {
        assert!(!driver.on_frame_batched(chunk()));
    }
    assert_eq!(woken(), 3);
    // The queue bound (64 events): reading stops and the consumer is woken at once.
    let mut routed = 1 + 2 * DriverLink::WAKE_BATCH;
    while !driver.on_frame_batched(chunk()) {
        routed += 1;
    }
    assert_eq!(routed + 1, 64);
    assert!(driver.read_paused());
    assert_eq!(woken(), 3 + 64 / DriverLink::WAKE_BATCH - 2);
}

#[test]
fn batched_wakes_deliver_a_burst_whole_and_in_order() {
    // Far more frames than a batch and than the queue bound (64): all of them, in order.
    let fake = FakeConnector::new(Script {
        chunks_per_push: 300,
        batched: true,
        ..Script::default()
    });
    let client = blocking(&fake, quick());
    let socket = client.tts().websocket().unwrap();
    let mut a = pushed(&socket, "a", "A");
    a.push("B").unwrap();
    a.finish().unwrap();
    let mut expected = vec![b'A'; 300];
    expected.extend([b'B'; 300]);
    assert_eq!(drain_blocking(&mut a), (expected, vec![], true));
}

#[test]
fn batched_wakes_deliver_a_lone_frame_once_the_socket_has_nothing_more() {
    // One chunk, and the server then waits for the next text: only `wake_deferred` (the
    // driver has nothing more to read) can hand it over.
    let fake = FakeConnector::new(Script {
        chunks_per_push: 1,
        batched: true,
        ..Script::default()
    });
    let client = blocking(&fake, quick());
    let socket = client.tts().websocket().unwrap();
    let mut a = pushed(&socket, "a", "A");
    assert!(
        matches!(a.recv(), Some(Ok(TtsEvent::Audio(c))) if c.audio == b"A"),
        "the lone chunk"
    );
    a.push("B").unwrap();
    a.finish().unwrap();
    assert_eq!(drain_blocking(&mut a), (b"B".to_vec(), vec![], true));
}

#[test]
fn a_batch_wakes_its_consumer_after_at_most_wake_batch_frames() {
    // The driver never calls `wake_deferred`: every full batch still wakes the parked
    // consumer (3 batches: the chunks and the `done`), so no frame is held for long.
    let fake = FakeConnector::new(Script {
        chunks_per_push: 3 * DriverLink::WAKE_BATCH - 1,
        batched: true,
        hold_wakes: true,
        ..Script::default()
    });
    let client = blocking(&fake, quick());
    let socket = client.tts().websocket().unwrap();
    let mut a = pushed(&socket, "a", "x");
    a.finish().unwrap();
    assert_eq!(
        drain_blocking(&mut a),
        (vec![b'x'; 3 * DriverLink::WAKE_BATCH - 1], vec![], true)
    );
}

#[test]
fn async_contexts_interleave_and_collect() {
    let fake = FakeConnector::new(Script {
        chunks_per_push: 3,
        ..Script::default()
    });
    let client = asynchronous(&fake, quick());
    block_on(async {
        let socket = client.tts().websocket().await.unwrap();
        let mut a = socket.context(template("a")).unwrap();
        let mut b = socket.context(template("b")).unwrap();
        a.push("x").unwrap();
        b.push("y").unwrap();
        a.finish().unwrap();
        b.finish().unwrap();
        assert_eq!(b.collect_audio().await.unwrap(), b"yyy");
        assert_eq!(a.collect_audio().await.unwrap(), b"xxx");
        assert!(a.next().await.is_none(), "the stream stays ended");
        socket.close().await;
    });
}

#[test]
fn a_close_without_reconnect_is_a_typed_error_for_contexts_and_new_calls() {
    let fake = closing(5, 2);
    let client = blocking(&fake, quick());
    let socket = client.tts().websocket().unwrap();
    let mut a = pushed(&socket, "a", "x");
    assert!(matches!(a.recv(), Some(Ok(TtsEvent::Audio(_)))));
    assert!(matches!(a.recv(), Some(Ok(TtsEvent::Audio(_)))));
    let err = a.recv().unwrap().unwrap_err();
    assert!(
        matches!(err.as_websocket(), Some(WsError::Closed(Some(c))) if c.code == 1011),
        "{err:?}"
    );
    assert!(a.recv().is_none());
    let err = socket.context(template("b")).unwrap_err();
    assert!(matches!(err.as_websocket(), Some(WsError::Closed(Some(c))) if c.code == 1011));
    assert!(a.push("more").is_err());
    assert!(socket.is_closed());
}

#[test]
fn a_reconnect_loses_in_flight_contexts_explicitly_and_new_ones_work() {
    let fake = closing(1, 1);
    let policy = ReconnectPolicy::new().backoff(Duration::from_millis(1), Duration::from_millis(2));
    let client = blocking(&fake, quick().reconnect(policy));
    let socket = client.tts().websocket().unwrap();
    let mut a = pushed(&socket, "a", "x");
    assert!(matches!(a.recv(), Some(Ok(TtsEvent::Audio(_)))));
    match a.recv() {
        Some(Ok(TtsEvent::Lost(lost))) => assert!(!lost.input_complete),
        other => panic!("{other:?}"),
    }
    assert!(a.recv().is_none());
    let mut b = socket.context(template("b")).unwrap();
    b.push("y").unwrap();
    b.finish().unwrap();
    assert_eq!(drain_blocking(&mut b).0, b"y");
    assert_eq!(fake.seen().len(), 2, "one reconnect");
}

#[test]
fn a_consumer_that_stops_reading_pauses_the_socket() {
    let fake = FakeConnector::new(Script {
        chunks_per_push: 200,
        ..Script::default()
    });
    let ws = quick().session(SessionConfig::default().queue_capacity(4));
    let client = blocking(&fake, ws);
    let socket = client.tts().websocket().unwrap();
    let mut a = socket.context(template("a")).unwrap();
    a.push("x").unwrap();
    a.finish().unwrap();
    std::thread::sleep(Duration::from_millis(100));
    assert!(a.queued_events() <= 5, "{} queued", a.queued_events());
    // Reading resumes the socket: every chunk arrives, in order, then done.
    let (audio, _, done) = drain_blocking(&mut a);
    assert_eq!((audio.len(), done), (200, true));
}

#[test]
fn dropping_a_context_cancels_it_and_dropping_the_socket_closes_it() {
    let fake = silent();
    let client = blocking(&fake, quick());
    let socket = client.tts().websocket().unwrap();
    let a = pushed(&socket, "a", "x");
    let mut b = socket.context(template("b")).unwrap();
    std::thread::sleep(Duration::from_millis(50));
    drop(a);
    let deadline = Instant::now() + Duration::from_secs(5);
    let cancelled = || {
        fake.seen()[0]
            .iter()
            .any(|f| matches!(f, Frame::Text(t) if t.as_str().contains("cancel")))
    };
    while !cancelled() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(5));
    }
    assert!(cancelled(), "{:?}", fake.seen());
    drop(socket);
    let Some(Err(err)) = b.recv_timeout(Duration::from_secs(5)) else {
        panic!("the socket's close ends b")
    };
    assert!(
        matches!(err.as_websocket(), Some(WsError::Closed(_))),
        "{err:?}"
    );
}

#[test]
fn a_receive_times_out_with_a_typed_error_and_can_wait_again() {
    let fake = silent();
    let ws = WsConfig::new().receive_timeout(Some(Duration::from_millis(30)));
    let client = blocking(&fake, ws);
    let socket = client.tts().websocket().unwrap();
    let mut a = pushed(&socket, "a", "x");
    let err = a.recv().unwrap().unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert!(a
        .recv_timeout(Duration::from_millis(10))
        .unwrap()
        .unwrap_err()
        .is_timeout());
    let client = asynchronous(&fake, ws);
    block_on(async {
        let socket = client.tts().websocket().await.unwrap();
        let mut a = socket.context(template("a")).unwrap();
        a.push("x").unwrap();
        let err = a.next().await.unwrap().unwrap_err();
        assert!(
            matches!(err.as_websocket(), Some(WsError::Timeout(_))),
            "{err:?}"
        );
    });
}

#[test]
fn refused_upgrades_and_missing_connectors_are_typed_errors() {
    let fake = FakeConnector::new(Script {
        refuse: Some(401),
        ..Script::default()
    });
    let err = blocking(&fake, quick()).tts().websocket().unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
    let plain = ClientBuilder::new()
        .api_key("k")
        .build_blocking(MockTransport::new())
        .unwrap();
    let err = plain.tts().websocket().unwrap_err();
    assert!(matches!(
        err.as_websocket(),
        Some(WsError::NoConnector("blocking"))
    ));
    let q = SttWsQuery::new("ink-2", SttEncoding::PcmS16le, 16_000);
    let plain = ClientBuilder::new()
        .api_key("k")
        .build_async(MockTransport::new())
        .unwrap();
    let err = block_on(plain.stt().websocket(q)).unwrap_err();
    assert!(matches!(
        err.as_websocket(),
        Some(WsError::NoConnector("async"))
    ));
    // A bad query is refused before any connect.
    let bad = SttWsQuery::new("ink-2", SttEncoding::PcmS16le, 0);
    let err = blocking(&fake, quick()).stt().websocket(bad).unwrap_err();
    assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
}

#[test]
fn a_terminated_driver_reaches_every_handle() {
    let fake = silent();
    let client = blocking(&fake, quick());
    let socket = client.tts().websocket().unwrap();
    let mut a = pushed(&socket, "a", "x");
    let mut b = pushed(&socket, "b", "y");
    std::thread::sleep(Duration::from_millis(30));
    socket.link_for_tests().on_terminated(
        crate::ApiError::from_response(
            http::Response::builder()
                .status(401)
                .body(Bytes::new())
                .unwrap(),
        )
        .into(),
    );
    for ctx in [&mut a, &mut b] {
        let err = ctx.recv().unwrap().unwrap_err();
        assert_eq!(err.status().map(|s| s.as_u16()), Some(401), "{err:?}");
    }
    assert_eq!(
        socket
            .context(template("c"))
            .unwrap_err()
            .status()
            .map(|s| s.as_u16()),
        Some(401)
    );
}

#[test]
fn stt_manual_round_trip_with_words_and_a_normal_end() {
    let fake = FakeConnector::new(Script::default());
    let q = SttWsQuery::new("ink-2", SttEncoding::PcmS16le, 16_000);
    let client = blocking(&fake, quick());
    let mut stt = client.stt().websocket(q.clone()).unwrap();
    let sent = stt.send_reader(&[0u8; 10_000][..], 3_200).unwrap();
    assert_eq!(sent, 10_000);
    stt.finalize().unwrap();
    let Some(Ok(SttEvent::Message(SttWsMessage::Transcript(t)))) = stt.recv() else {
        panic!()
    };
    assert_eq!(t.words.as_ref().map(Vec::len), Some(2));
    assert!(matches!(
        stt.recv(),
        Some(Ok(SttEvent::Message(SttWsMessage::FlushDone(_))))
    ));
    stt.close().unwrap();
    assert!(matches!(
        stt.recv(),
        Some(Ok(SttEvent::Message(SttWsMessage::Done(_))))
    ));
    assert!(stt.recv().is_none(), "the normal close ends the stream");
    let audio: usize = fake.seen()[0]
        .iter()
        .filter_map(|f| match f {
            Frame::Binary(b) => Some(b.len()),
            _ => None,
        })
        .sum();
    assert_eq!(audio, 10_000);
    // The async socket, with a sender on the side.
    let client = asynchronous(&fake, quick());
    block_on(async {
        let mut stt = client.stt().websocket(q).await.unwrap();
        let tx = stt.sender();
        tx.send_audio(vec![1u8; 640]).await.unwrap();
        tx.finalize().unwrap();
        assert!(matches!(
            stt.next().await,
            Some(Ok(SttEvent::Message(SttWsMessage::Transcript(_))))
        ));
    });
}

#[test]
fn speak_to_file_writes_a_wav_or_raw_samples() {
    let fake = FakeConnector::new(Script::default());
    let client = blocking(&fake, quick());
    let dir = std::env::temp_dir().join(format!("cartesia-ws-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let wav = dir.join("out.wav");
    let n = client
        .tts()
        .speak_to_file(template("s"), &["ab", "cd"], &wav)
        .unwrap();
    assert_eq!(n, 4);
    let bytes = std::fs::read(&wav).unwrap();
    assert_eq!(&bytes[..4], b"RIFF");
    assert_eq!(&bytes[bytes.len() - 4..], b"abcd");
    let raw = dir.join("out.pcm");
    let client = asynchronous(&fake, quick());
    let n = block_on(client.tts().speak_to_file(template("s"), &["xy"], &raw)).unwrap();
    assert_eq!((n, std::fs::read(&raw).unwrap()), (2, b"xy".to_vec()));
    // Two contexts, with their own ids.
    let ids: Vec<String> = fake
        .seen()
        .iter()
        .flatten()
        .filter_map(|f| match f {
            Frame::Text(t) => serde_json::from_slice::<Value>(t.as_bytes()).ok(),
            _ => None,
        })
        .map(|v| v["context_id"].as_str().unwrap().to_owned())
        .collect();
    assert!(ids.contains(&"s-1".to_owned()) && ids.contains(&"s-2".to_owned()));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_driver_that_vanishes_ends_the_socket_instead_of_leaving_handles_waiting() {
    let fake = FakeConnector::new(Script {
        abandon: true,
        ..Script::default()
    });
    let client = blocking(&fake, WsConfig::new().receive_timeout(None));
    let socket = client.tts().websocket().unwrap();
    let err = socket.context(template("a")).unwrap_err();
    assert!(
        matches!(err.as_websocket(), Some(WsError::Terminated(m)) if m.contains("driver stopped")),
        "{err:?}"
    );
    assert!(socket.is_closed());
}

#[test]
fn a_lost_stt_stream_is_reported_and_audio_goes_on_after_the_reconnect() {
    let fake = FakeConnector::new(Script {
        stt_fail_first_finalize: true,
        ..Script::default()
    });
    let policy = ReconnectPolicy::new().backoff(Duration::from_millis(1), Duration::from_millis(2));
    let client = blocking(&fake, quick().reconnect(policy));
    let q = SttWsQuery::new("ink-2", SttEncoding::PcmS16le, 16_000);
    let mut stt = client.stt().websocket(q).unwrap();
    stt.send_audio(vec![0u8; 640]).unwrap();
    stt.finalize().unwrap();
    match stt.recv() {
        Some(Ok(SttEvent::Lost {
            pending_finalizes, ..
        })) => assert_eq!(pending_finalizes, 1),
        other => panic!("{other:?}"),
    }
    // The sender waits for the new connection rather than failing.
    stt.send_audio(vec![0u8; 640]).unwrap();
    stt.finalize().unwrap();
    assert!(matches!(
        stt.recv(),
        Some(Ok(SttEvent::Message(SttWsMessage::Transcript(_))))
    ));
    assert_eq!(fake.seen().len(), 2);
}
