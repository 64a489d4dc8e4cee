//! Scenario tests of the sessions: scripted frames in, frames and events out.

use bytes::Bytes;
use cartesia_types::tts::RawEncoding;
use cartesia_types::ws::{SttTurnsMessage, SttWsMessage, TtsWsRequest, WsOutputFormat};
use proptest::prelude::*;
use serde_json::{json, Value};

use super::*;

pub(super) fn template(id: &str) -> TtsWsRequest {
    TtsWsRequest::new(
        "sonic-3",
        "voice-1",
        WsOutputFormat::raw(RawEncoding::PcmS16le, 16_000),
        id,
    )
}

fn session() -> TtsSession {
    TtsSession::new(SessionConfig::default())
}

fn open(s: &mut TtsSession, ids: &[&str]) {
    for id in ids {
        s.open_context(template(id)).unwrap();
    }
}

/// Every frame waiting to be written, as JSON.
fn sent(s: &mut TtsSession) -> Vec<Value> {
    std::iter::from_fn(|| s.poll_transmit())
        .map(|f| match f {
            Frame::Text(t) => serde_json::from_slice(t.as_bytes()).unwrap(),
            other => panic!("{other:?}"),
        })
        .collect()
}

fn text(v: Value) -> Frame {
    Frame::Text(v.to_string().into())
}

fn chunk(id: &str, audio: &str) -> Frame {
    text(
        json!({"type":"chunk","context_id":id,"data":audio,"done":false,"status_code":206,"step_time":1.0}),
    )
}

fn done(id: &str) -> Frame {
    text(json!({"type":"done","context_id":id,"done":true,"status_code":206}))
}

fn flush_done(id: &str, n: u64) -> Frame {
    text(
        json!({"type":"flush_done","context_id":id,"flush_id":n,"flush_done":true,"done":false,"status_code":206}),
    )
}

fn events(s: &mut TtsSession, id: &str) -> Vec<TtsEvent> {
    std::iter::from_fn(|| s.next_event(id)).collect()
}

fn audio_of(e: &TtsEvent) -> Vec<u8> {
    match e {
        TtsEvent::Audio(c) => c.audio.clone(),
        other => panic!("{other:?}"),
    }
}

#[test]
fn frames_are_the_spec_messages() {
    let mut s = session();
    open(&mut s, &["a"]);
    assert_eq!(s.push("a", "Hello, ", false).unwrap(), None);
    assert_eq!(s.push("a", "world.", true).unwrap(), Some(1));
    assert_eq!(s.flush("a").unwrap(), 2);
    s.no_more_inputs("a").unwrap();
    let out = sent(&mut s);
    let base = json!({"model_id":"sonic-3","voice":{"mode":"id","id":"voice-1"},
        "output_format":{"container":"raw","encoding":"pcm_s16le","sample_rate":16000},"context_id":"a"});
    let with = |extra: Value| {
        let mut v = base.clone();
        v.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        v
    };
    assert_eq!(
        out,
        [
            with(json!({"transcript":"Hello, ","continue":true})),
            with(json!({"transcript":"world.","continue":true,"flush":true})),
            with(json!({"transcript":"","continue":true,"flush":true})),
            with(json!({"transcript":"","continue":false})),
        ]
    );
    assert_eq!(s.state("a"), Some(ContextState::Finishing));
    assert_eq!(s.pending_flushes("a"), [1, 2]);
}

#[test]
fn two_interleaved_contexts_are_routed_in_order() {
    let mut s = session();
    open(&mut s, &["a", "b"]);
    s.push("a", "one", false).unwrap();
    s.push("b", "two", false).unwrap();
    assert_eq!(sent(&mut s).len(), 2);
    for (frame, to) in [
        (chunk("a", "AQ=="), "a"),
        (chunk("b", "Ag=="), "b"),
        (chunk("a", "Aw=="), "a"),
        (done("b"), "b"),
        (chunk("a", "BA=="), "a"),
        (done("a"), "a"),
    ] {
        assert_eq!(s.on_frame(frame), Inbound::Routed(to.into()));
    }
    let a = events(&mut s, "a");
    assert_eq!(
        a[..3].iter().map(audio_of).collect::<Vec<_>>(),
        [vec![1], vec![3], vec![4]]
    );
    assert_eq!(a[3], TtsEvent::Done);
    let b = events(&mut s, "b");
    assert_eq!((audio_of(&b[0]), &b[1]), (vec![2], &TtsEvent::Done));
    assert_eq!(s.state("a"), Some(ContextState::Done));
    // A late message for an ended context is dropped, not routed.
    assert_eq!(s.on_frame(chunk("a", "AA==")), Inbound::Ignored);
}

#[test]
fn flush_done_is_matched_to_its_flush() {
    let mut s = session();
    open(&mut s, &["a"]);
    s.push("a", "x", true).unwrap();
    s.flush("a").unwrap();
    assert_eq!(s.state("a"), Some(ContextState::Flushing));
    s.on_frame(flush_done("a", 1));
    assert_eq!(s.state("a"), Some(ContextState::Flushing));
    s.on_frame(flush_done("a", 7));
    s.on_frame(flush_done("a", 2));
    assert_eq!(s.state("a"), Some(ContextState::Open));
    assert_eq!(
        events(&mut s, "a"),
        [
            TtsEvent::FlushDone {
                flush_id: 1,
                matched: true
            },
            TtsEvent::FlushDone {
                flush_id: 7,
                matched: false
            },
            TtsEvent::FlushDone {
                flush_id: 2,
                matched: true
            },
        ]
    );
    assert!(s.pending_flushes("a").is_empty());
    // Flush ids keep counting.
    assert_eq!(s.flush("a").unwrap(), 3);
}

#[test]
fn timestamps_and_unknown_types_reach_their_context() {
    let mut s = session();
    open(&mut s, &["a"]);
    s.on_frame(text(
        json!({"type":"timestamps","context_id":"a","done":false,
        "word_timestamps":{"words":["Hi"],"start":[0.0],"end":[0.2]}}),
    ));
    s.on_frame(text(
        json!({"type":"phoneme_timestamps","context_id":"a","done":false,
        "phoneme_timestamps":{"phonemes":["h"],"start":[0.0],"end":[0.1]}}),
    ));
    s.on_frame(text(
        json!({"type":"warning","context_id":"a","note":"slow"}),
    ));
    let got = events(&mut s, "a");
    assert!(matches!(&got[0], TtsEvent::WordTimestamps(w) if w.word_timestamps.words == ["Hi"]));
    assert!(
        matches!(&got[1], TtsEvent::PhonemeTimestamps(p) if p.phoneme_timestamps.phonemes == ["h"])
    );
    assert_eq!(
        got[2],
        TtsEvent::Unknown(json!({"type":"warning","context_id":"a","note":"slow"}))
    );
}

#[test]
fn cancel_drops_unsent_text_and_later_messages() {
    let mut s = session();
    open(&mut s, &["a", "b"]);
    // Nothing written yet: the cancel sends nothing at all.
    s.push("a", "never sent", false).unwrap();
    s.cancel("a").unwrap();
    assert!(sent(&mut s).is_empty());
    assert_eq!(s.state("a"), Some(ContextState::Cancelled));
    // Written: a cancel message follows.
    s.push("b", "sent", false).unwrap();
    assert_eq!(sent(&mut s).len(), 1);
    s.on_frame(chunk("b", "AA=="));
    s.push("b", "unsent", false).unwrap();
    s.cancel("b").unwrap();
    assert_eq!(sent(&mut s), [json!({"context_id":"b","cancel":true})]);
    assert_eq!(s.next_event("b"), None, "queued events are discarded");
    assert_eq!(s.on_frame(chunk("b", "AA==")), Inbound::Ignored);
    assert!(matches!(
        s.push("b", "more", false),
        Err(WsError::ContextFinished {
            state: "cancelled",
            ..
        })
    ));
    // Cancelling again, or an ended context, is harmless.
    s.cancel("b").unwrap();
    assert!(sent(&mut s).is_empty());
}

#[test]
fn a_dropped_context_handle_cancels_and_forgets_it() {
    let mut s = session();
    open(&mut s, &["a"]);
    s.push("a", "x", false).unwrap();
    sent(&mut s);
    s.remove_context("a");
    assert_eq!(sent(&mut s), [json!({"context_id":"a","cancel":true})]);
    assert_eq!(s.state("a"), None);
    assert_eq!(s.context_count(), 0);
    assert!(matches!(s.on_frame(chunk("a", "AA==")), Inbound::Session));
    assert!(matches!(
        s.next_session_event(),
        Some(TtsSessionEvent::Unroutable(_))
    ));
    // The id can be used again.
    open(&mut s, &["a"]);
}

#[test]
fn an_error_for_one_context_leaves_the_others_running() {
    let mut s = session();
    open(&mut s, &["a", "b"]);
    s.on_frame(text(
        json!({"type":"error","context_id":"a","done":true,"status_code":400,
        "title":"Invalid voice","message":"no such voice","error_code":null}),
    ));
    s.on_frame(chunk("b", "AQ=="));
    assert_eq!(s.state("a"), Some(ContextState::Failed));
    assert_eq!(s.state("b"), Some(ContextState::Open));
    let a = events(&mut s, "a");
    assert!(
        matches!(&a[0], TtsEvent::Error(e) if e.title.as_deref() == Some("Invalid voice") && e.error_code.is_none())
    );
    assert!(a[0].is_terminal());
    assert_eq!(audio_of(&s.next_event("b").unwrap()), [1]);
    s.push("b", "still fine", false).unwrap();
    assert!(matches!(
        s.push("a", "x", false),
        Err(WsError::ContextFinished {
            state: "failed",
            ..
        })
    ));
}

#[test]
fn socket_level_and_malformed_frames_are_session_events() {
    let mut s = session();
    open(&mut s, &["a"]);
    for frame in [
        text(
            json!({"type":"error","done":true,"status_code":401,"title":"Unauthorized","message":"bad key"}),
        ),
        text(json!({"type":"chunk","context_id":"nobody","data":"AA==","done":false})),
        Frame::Text("not json".into()),
        text(json!({"type":"chunk","context_id":"a","data":"@@"})),
        Frame::Binary(Bytes::from_static(b"xyz")),
    ] {
        assert_eq!(s.on_frame(frame), Inbound::Session);
    }
    let got: Vec<_> = std::iter::from_fn(|| s.next_session_event()).collect();
    assert!(matches!(&got[0], TtsSessionEvent::Error(e) if e.status_code == Some(401)));
    assert!(matches!(&got[1], TtsSessionEvent::Unroutable(m) if m.context_id() == Some("nobody")));
    assert!(matches!(&got[2], TtsSessionEvent::Malformed(m) if m.contains("not json")));
    assert!(matches!(&got[3], TtsSessionEvent::Malformed(m) if m.contains("base64")));
    assert!(matches!(&got[4], TtsSessionEvent::Malformed(m) if m.contains("3 bytes")));
    assert_eq!(
        s.state("a"),
        Some(ContextState::Open),
        "the context is untouched"
    );
    assert_eq!(s.on_frame(Frame::Ping(Bytes::new())), Inbound::Control);
    let close = CloseFrame::new(1011, "internal");
    assert_eq!(
        s.on_frame(Frame::Close(Some(close.clone()))),
        Inbound::Closed(Some(close))
    );
}

#[test]
fn after_a_reconnect_in_flight_contexts_are_lost_with_what_was_unsent() {
    let mut s = session();
    open(&mut s, &["a", "b", "done", "fresh", "dropped"]);
    s.push("dropped", "gone", false).unwrap();
    s.push("a", "first", true).unwrap();
    s.push("b", "b1", false).unwrap();
    s.push("done", "d", false).unwrap();
    assert_eq!(sent(&mut s).len(), 4);
    // Its cancel is queued, not yet written, when the connection drops.
    s.remove_context("dropped");
    s.on_frame(done("done"));
    s.push("a", "second", false).unwrap();
    s.push("a", "third", false).unwrap();
    s.no_more_inputs("b").unwrap();
    s.push("fresh", "not yet written", false).unwrap();
    // Nothing more is written: the connection drops with 1011.
    let touched = s.on_disconnect(true, Some(CloseFrame::new(1011, "boom")));
    assert_eq!(touched, ["a", "b"]);
    let lost_a = events(&mut s, "a");
    assert_eq!(
        lost_a,
        [TtsEvent::Lost(ContextLost {
            unsent: vec!["second".into(), "third".into()],
            pending_flushes: vec![1],
            input_complete: false,
        })]
    );
    assert!(lost_a[0].is_terminal());
    assert!(
        matches!(&events(&mut s, "b")[..], [TtsEvent::Lost(l)] if l.unsent.is_empty() && l.input_complete)
    );
    assert_eq!(s.state("a"), Some(ContextState::Lost));
    assert_eq!(s.state("done"), Some(ContextState::Done));
    assert!(events(&mut s, "done").ends_with(&[TtsEvent::Done]));
    // A context nothing of which reached the old socket goes on the new one.
    assert_eq!(s.state("fresh"), Some(ContextState::Open));
    assert!(matches!(
        s.push("a", "x", false),
        Err(WsError::ContextFinished { state: "lost", .. })
    ));
    // The unsent cancel of the dropped context is not replayed on the new connection.
    let new = sent(&mut s);
    assert_eq!(new.len(), 1, "{new:?}");
    assert_eq!(new[0]["transcript"], "not yet written");
    // New contexts work on the new connection.
    open(&mut s, &["c"]);
    s.push("c", "hello again", false).unwrap();
    assert_eq!(sent(&mut s)[0]["context_id"], "c");
    s.on_frame(chunk("c", "AA=="));
    assert_eq!(audio_of(&s.next_event("c").unwrap()), [0]);
}

#[test]
fn without_reconnect_every_running_context_is_closed() {
    let mut s = session();
    open(&mut s, &["a", "b"]);
    s.push("a", "x", false).unwrap();
    sent(&mut s);
    let close = CloseFrame::new(1000, "bye");
    assert_eq!(s.on_disconnect(false, Some(close.clone())), ["a", "b"]);
    assert_eq!(events(&mut s, "a"), [TtsEvent::Closed(Some(close.clone()))]);
    assert_eq!(events(&mut s, "b"), [TtsEvent::Closed(Some(close))]);
    assert_eq!(s.state("b"), Some(ContextState::Closed));
    // Twice is harmless: no second terminal event.
    assert!(s.on_disconnect(false, None).is_empty());
}

#[test]
fn a_full_context_queue_pauses_reading_until_it_is_drained() {
    let mut s = TtsSession::new(SessionConfig::default().queue_capacity(2));
    open(&mut s, &["slow", "fast"]);
    s.on_frame(chunk("slow", "AA=="));
    assert!(!s.read_paused());
    s.on_frame(chunk("slow", "AA=="));
    assert!(s.read_paused());
    s.next_event("slow");
    assert!(!s.read_paused());
    s.on_frame(chunk("slow", "AA=="));
    assert!(s.read_paused());
    // A cancelled (or removed) consumer no longer holds the socket.
    s.cancel("slow").unwrap();
    assert!(!s.read_paused());
    // The terminal event is always delivered, past the bound.
    s.on_frame(chunk("fast", "AA=="));
    s.on_frame(chunk("fast", "AA=="));
    s.on_disconnect(false, None);
    assert_eq!(events(&mut s, "fast").len(), 3);
}

#[test]
fn the_send_queue_is_bounded() {
    let mut s = TtsSession::new(SessionConfig::default().max_unsent_bytes(600));
    open(&mut s, &["a"]);
    s.push("a", &"x".repeat(300), false).unwrap();
    let err = s.push("a", &"y".repeat(300), false).unwrap_err();
    assert!(
        matches!(err, WsError::SendQueueFull { limit: 600, .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("send queue is full"));
    assert!(s.unsent_bytes() > 300);
    s.poll_transmit().unwrap();
    assert_eq!(s.unsent_bytes(), 0);
    s.push("a", &"y".repeat(300), false).unwrap();
    // One message larger than the bound still goes out alone.
    s.poll_transmit().unwrap();
    s.push("a", &"z".repeat(5_000), false).unwrap();
}

#[test]
fn refused_operations_are_typed() {
    let mut s = session();
    open(&mut s, &["a"]);
    assert_eq!(
        s.open_context(template("a")),
        Err(WsError::ContextExists("a".into()))
    );
    assert_eq!(
        s.push("zz", "x", false),
        Err(WsError::UnknownContext("zz".into()))
    );
    assert_eq!(s.cancel("zz"), Err(WsError::UnknownContext("zz".into())));
    let Err(WsError::Invalid(e)) = s.open_context(template(" ")) else {
        panic!()
    };
    assert_eq!(e.field(), "context_id");
    let Err(WsError::Invalid(e)) = s.open_context(template("m").max_buffer_delay_ms(9_000)) else {
        panic!()
    };
    assert_eq!(e.field(), "max_buffer_delay_ms");
    s.no_more_inputs("a").unwrap();
    assert_eq!(
        s.flush("a"),
        Err(WsError::ContextFinished {
            id: "a".into(),
            state: "finishing"
        })
    );
    assert!(s.no_more_inputs("a").is_err());
}

proptest! {
    /// However the server interleaves the messages of three contexts, each context sees its
    /// own messages, in order, and nothing else.
    #[test]
    fn routing_keeps_per_context_order(picks in proptest::collection::vec(0usize..3, 0..60)) {
        let ids = ["a", "b", "c"];
        let mut s = session();
        open(&mut s, &ids);
        let mut want: [Vec<u8>; 3] = Default::default();
        for (n, &i) in picks.iter().enumerate() {
            let byte = (n % 256) as u8;
            let b64 = base64_of(byte);
            prop_assert_eq!(s.on_frame(chunk(ids[i], &b64)), Inbound::Routed(ids[i].into()));
            want[i].push(byte);
        }
        for (i, id) in ids.iter().enumerate() {
            let got: Vec<u8> = events(&mut s, id).iter().flat_map(audio_of).collect();
            prop_assert_eq!(&got, &want[i]);
        }
    }

    /// With capacity `cap`, a driver that reads only while not paused never lets a queue hold
    /// more than `cap` events.
    #[test]
    fn queues_stay_bounded(cap in 1usize..8, picks in proptest::collection::vec((0usize..2, any::<bool>()), 0..80)) {
        let ids = ["a", "b"];
        let mut s = TtsSession::new(SessionConfig::default().queue_capacity(cap));
        open(&mut s, &ids);
        let mut held = [0usize; 2];
        for (i, consume) in picks {
            if consume {
                if s.next_event(ids[i]).is_some() { held[i] -= 1; }
            } else if !s.read_paused() {
                s.on_frame(chunk(ids[i], "AA=="));
                held[i] += 1;
            }
            prop_assert!(held.iter().all(|&h| h <= cap));
        }
    }
}

fn base64_of(byte: u8) -> String {
    // One byte: two significant base64 characters and padding.
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let a = ALPHABET[(byte >> 2) as usize] as char;
    let b = ALPHABET[((byte & 0b11) << 4) as usize] as char;
    format!("{a}{b}==")
}

// ---------------------------------------------------------------------------------------------
// STT
// ---------------------------------------------------------------------------------------------

fn stt_events<P: SttProtocol>(s: &mut SttSession<P>) -> Vec<SttEvent<P::Message>> {
    std::iter::from_fn(|| s.next_event()).collect()
}

#[test]
fn manual_finalize_round_trip_with_words() {
    let mut s = SttSession::<Manual>::new(SessionConfig::default());
    s.audio(Bytes::from_static(&[1; 320])).unwrap();
    s.audio(Bytes::new()).unwrap();
    s.finalize().unwrap();
    s.audio(Bytes::from_static(&[2; 320])).unwrap();
    s.close().unwrap();
    let out: Vec<Frame> = std::iter::from_fn(|| s.poll_transmit()).collect();
    assert_eq!(
        out,
        [
            Frame::Binary(Bytes::from_static(&[1; 320])),
            Frame::Text("finalize".into()),
            Frame::Binary(Bytes::from_static(&[2; 320])),
            Frame::Text("close".into()),
        ]
    );
    assert_eq!(s.state(), SttState::Closing);
    assert_eq!(
        s.audio(Bytes::from_static(&[3])),
        Err(WsError::Finished("closing"))
    );
    assert_eq!(s.finalize(), Err(WsError::Finished("closing")));
    for m in [
        json!({"type":"transcript","request_id":"r","text":"Hello","is_final":false}),
        json!({"type":"transcript","request_id":"r","text":"Hello world","is_final":true,
            "duration":1.0,"words":[{"word":"Hello","start":0.0,"end":0.4},{"word":"world","start":0.5,"end":0.9}]}),
        json!({"type":"flush_done","request_id":"r"}),
        json!({"type":"done","request_id":"r"}),
    ] {
        assert!(s.on_frame(text(m)));
    }
    assert_eq!(s.pending_finalizes(), 0);
    assert_eq!(s.state(), SttState::Done);
    let got = stt_events(&mut s);
    let SttEvent::Message(SttWsMessage::Transcript(t)) = &got[1] else {
        panic!("{got:?}")
    };
    assert!(t.is_final);
    let words = t.words.as_deref().unwrap();
    assert_eq!(
        (words[1].word.as_str(), words[1].start, words[1].end),
        ("world", 0.5, 0.9)
    );
    assert!(matches!(got[3], SttEvent::Message(SttWsMessage::Done(_))));
    // The server then closes: the stream ends with Closed, even with reconnect on.
    s.on_disconnect(true, Some(CloseFrame::new(1000, "")));
    assert_eq!(
        stt_events(&mut s),
        [SttEvent::Closed(Some(CloseFrame::new(1000, "")))]
    );
}

#[test]
fn turn_events_arrive_in_order() {
    let mut s = SttSession::<Turns>::new(SessionConfig::default());
    let script = [
        json!({"type":"connected","request_id":"r"}),
        json!({"type":"turn.start","request_id":"r"}),
        json!({"type":"turn.update","transcript":"book a","request_id":"r"}),
        json!({"type":"turn.eager_end","transcript":"book a table","request_id":"r"}),
        json!({"type":"turn.resume","request_id":"r"}),
        json!({"type":"turn.end","transcript":"book a table for two","request_id":"r"}),
    ];
    for m in &script {
        s.on_frame(text(m.clone()));
    }
    let kinds: Vec<String> = stt_events(&mut s)
        .into_iter()
        .map(|e| match e {
            SttEvent::Message(m) => m.type_str().to_owned(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "connected",
            "turn.start",
            "turn.update",
            "turn.eager_end",
            "turn.resume",
            "turn.end"
        ]
    );
    s.close().unwrap();
    assert_eq!(
        s.poll_transmit(),
        Some(Frame::Text(r#"{"type":"close"}"#.into()))
    );
    s.on_frame(text(json!({"type":"turn.end","transcript":"x"})));
    assert!(matches!(
        stt_events(&mut s)[..],
        [SttEvent::Message(SttTurnsMessage::TurnEnd(_))]
    ));
}

#[test]
fn stt_audio_queue_is_bounded_and_lost_on_reconnect() {
    let mut s = SttSession::<Manual>::new(SessionConfig::default().max_unsent_bytes(1_000));
    s.audio(Bytes::from(vec![0; 600])).unwrap();
    assert!(matches!(
        s.audio(Bytes::from(vec![0; 600])),
        Err(WsError::SendQueueFull {
            queued: 600,
            limit: 1_000
        })
    ));
    s.audio(Bytes::from(vec![0; 400])).unwrap();
    s.finalize().unwrap();
    s.poll_transmit();
    s.on_disconnect(true, None);
    assert_eq!(
        stt_events(&mut s),
        [SttEvent::Lost {
            unsent_audio_bytes: 400,
            pending_finalizes: 1
        }]
    );
    assert_eq!(s.state(), SttState::Lost);
    assert_eq!(s.unsent_bytes(), 0);
    assert!(s.audio(Bytes::from_static(&[1])).is_err());
    s.reset();
    s.audio(Bytes::from_static(&[1])).unwrap();
    s.on_disconnect(false, Some(CloseFrame::new(1011, "x")));
    assert_eq!(
        stt_events(&mut s),
        [SttEvent::Closed(Some(CloseFrame::new(1011, "x")))]
    );
    // Once ended, a second disconnect adds nothing.
    s.on_disconnect(true, None);
    assert!(stt_events(&mut s).is_empty());
}

#[test]
fn stt_read_pauses_and_malformed_frames_are_events() {
    let mut s = SttSession::<Turns>::new(SessionConfig::default().queue_capacity(2));
    assert!(s.on_frame(Frame::Text("{".into())));
    assert!(!s.read_paused());
    assert!(s.on_frame(Frame::Binary(Bytes::from_static(&[0; 4]))));
    assert!(s.read_paused());
    assert!(!s.on_frame(Frame::Pong(Bytes::new())));
    let got = stt_events(&mut s);
    assert!(matches!(&got[0], SttEvent::Malformed(m) if m.contains("STT turns")));
    assert!(matches!(&got[1], SttEvent::Malformed(m) if m.contains("4 bytes")));
    assert!(!s.read_paused());
    s.on_frame(text(
        json!({"type":"error","status_code":500,"title":"t","message":"m","error_code":null}),
    ));
    assert!(
        matches!(&stt_events(&mut s)[..], [SttEvent::Message(SttTurnsMessage::Error(e))] if e.error_code.is_none())
    );
}
