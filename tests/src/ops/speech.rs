//! Contract scenarios: the speech families (status, access token, TTS, STT, voices, voice
//! changer, infill).

use cartesia_core::endpoints::speech::{
    AudioUpload, CloneVoice, CreateAccessToken, DeleteVoice, GetApiStatus, GetVoice, InfillBytes,
    ListVoices, LocalizeVoice, Transcribe, TtsBytes, TtsSse, UpdateVoice, VoiceChangerBytes,
    VoiceChangerSse,
};
use cartesia_core::{Endpoint, Error};
use cartesia_types::access_tokens::{AccessTokenRequest, TokenGrant};
use cartesia_types::stt::{SttEncoding, TimestampGranularity, TranscribeRequest};
use cartesia_types::tts::{
    GenerationConfig, InfillRequest, OutputFormat, RawEncoding, SseOutputFormat, TtsRequest,
    TtsSseRequest, VoiceChangerRequest, VoiceSpecifier,
};
use cartesia_types::tts_events::{TtsSseEvent, VoiceChangerSseEvent};
use cartesia_types::voices::{
    CloneVoiceRequest, Gender, LocalizeVoiceRequest, UpdateVoiceRequest, VoiceExpand,
};
use serde_json::json;

use crate::harness::{Harness, RecordingWriter};
use crate::ops::{call_op, note_checked, setup, Expected};
use crate::{Ctx, Reply, Seen};

fn voice(id: &str) -> serde_json::Value {
    json!({
        "id": id, "name": "Katie", "description": "Friendly", "is_owner": false,
        "is_public": true, "gender": "feminine", "created_at": "2026-03-01T12:00:00Z",
        "language": "en"
    })
}

fn metadata(id: &str) -> String {
    json!({
        "id": id, "name": "Clone", "description": "", "user_id": "u1", "is_public": false,
        "created_at": "2026-03-01T12:00:00Z", "language": "en"
    })
    .to_string()
}

fn tts() -> TtsRequest {
    TtsRequest::new(
        "sonic-3",
        "Hello",
        VoiceSpecifier::id("v1"),
        OutputFormat::wav(RawEncoding::PcmS16le, 16000),
    )
}

fn sse_request() -> TtsSseRequest {
    TtsSseRequest::new(
        "sonic-3",
        "Hello",
        VoiceSpecifier::id("v1"),
        SseOutputFormat::raw(RawEncoding::PcmS16le, 16000),
    )
    .add_timestamps(true)
}

/// Runs an upload: one request, `multipart/form-data` with the expected parts; returns the
/// output and what the server saw.
fn call_upload<H: Harness, E: Endpoint + Sync>(
    ctx: &Ctx,
    h: &H,
    endpoint: &E,
    reply: Reply,
    path_and_query: &str,
    parts: &[&str],
) -> (E::Output, Seen) {
    let before = ctx.received().len();
    ctx.reply(reply);
    let out = h
        .run(ctx, endpoint)
        .unwrap_or_else(|e| panic!("{}: POST {path_and_query}: {e}", H::NAME));
    let seen = ctx.received();
    assert_eq!(seen.len(), before + 1, "{}: expected one request", H::NAME);
    let s = seen[before].clone();
    note_checked(&s.method, &s.path_and_query);
    assert_eq!(s.method, "POST", "{}", H::NAME);
    assert_eq!(s.path_and_query, path_and_query, "{}", H::NAME);
    let ct = s.header("content-type").unwrap_or_default().to_owned();
    assert!(
        ct.starts_with("multipart/form-data; boundary="),
        "{}: {ct}",
        H::NAME
    );
    let boundary = ct.trim_start_matches("multipart/form-data; boundary=");
    let body = String::from_utf8_lossy(&s.body);
    assert!(
        body.ends_with(&format!("--{boundary}--\r\n")),
        "{}: {body}",
        H::NAME
    );
    for part in parts {
        assert!(body.contains(part), "{}: no {part:?} in {body}", H::NAME);
    }
    (out, s)
}

/// Every speech operation: exact request, decoded response.
pub fn speech_operations<H: Harness>() {
    let (ctx, h) = setup::<H>();

    // GET /
    let info = call_op(
        &ctx,
        &h,
        &GetApiStatus::new(),
        Reply::json(200, r#"{"ok":true,"version":"2026-03-01"}"#),
        Expected::no_body("GET", "/"),
    );
    assert!(info.ok);

    // POST /access-token
    let token = call_op(
        &ctx,
        &h,
        &CreateAccessToken::new(
            AccessTokenRequest::new(TokenGrant::new().tts(true)).expires_in(60),
        ),
        Reply::json(200, r#"{"token":"jwt.SECRET.token"}"#),
        Expected::json(
            "POST",
            "/access-token",
            json!({"grants": {"tts": true}, "expires_in": 60}),
        ),
    );
    assert_eq!(token.token.expose_secret(), "jwt.SECRET.token");
    assert!(!format!("{token:?}").contains("SECRET"), "{}", H::NAME);

    // POST /tts/bytes, with save: the file id header.
    let request = tts()
        .save(true)
        .generation_config(GenerationConfig::new().speed(1.2));
    let audio = call_op(
        &ctx,
        &h,
        &TtsBytes::new(request.clone()),
        Reply::raw(200, "audio/wav", &b"RIFF\x24\0\0\0WAVE"[..])
            .header("cartesia-file-id", "file_9"),
        Expected::json(
            "POST",
            "/tts/bytes",
            json!({
                "model_id": "sonic-3", "transcript": "Hello",
                "voice": {"mode": "id", "id": "v1"},
                "output_format": {"container": "wav", "encoding": "pcm_s16le", "sample_rate": 16000},
                "generation_config": {"speed": 1.2}, "save": true
            }),
        ),
    );
    assert_eq!(&audio.bytes[..4], b"RIFF");
    assert_eq!(audio.file_id.as_deref(), Some("file_9"), "{}", H::NAME);
    assert_eq!(
        ctx.received().last().unwrap().header("accept"),
        Some("audio/wav")
    );

    // POST /tts/sse: every event up to done.
    let events = call_op(
        &ctx,
        &h,
        &TtsSse::new(sse_request()),
        Reply::raw(
            200,
            "text/event-stream",
            "data: {\"type\":\"chunk\",\"data\":\"AAEC\",\"step_time\":1.5}\n\n\
             data: {\"type\":\"timestamps\",\"word_timestamps\":{\"words\":[\"Hello\"],\"start\":[0.0],\"end\":[0.4]}}\n\n\
             data: {\"type\":\"done\",\"done\":true,\"status_code\":200}\n\n",
        ),
        Expected::json("POST", "/tts/sse", serde_json::to_value(sse_request()).unwrap()),
    );
    assert_eq!(events.len(), 3, "{}", H::NAME);
    assert!(matches!(&events[0], TtsSseEvent::Chunk(c) if c.audio == [0, 1, 2]));
    assert!(
        matches!(&events[1], TtsSseEvent::Timestamps(t) if t.word_timestamps.words == ["Hello"])
    );
    assert!(matches!(&events[2], TtsSseEvent::Done(_)));
    assert_eq!(
        ctx.received().last().unwrap().header("accept"),
        Some("text/event-stream")
    );

    // POST /stt: multipart with the repeated granularity field; PCM details in the query.
    let stt = TranscribeRequest::new("ink-whisper")
        .language("en")
        .timestamp_granularity(TimestampGranularity::Word)
        .raw_pcm(SttEncoding::from("pcm_s16le"), 16000);
    let (text, _) = call_upload(
        &ctx,
        &h,
        &Transcribe::upload(&stt, AudioUpload::bytes("a \"b\".raw", "audio/L16", vec![1u8, 2, 3])).unwrap(),
        Reply::json(
            200,
            r#"{"text":"Hello","words":[{"word":"Hello","start":0.0,"end":0.4}],"duration":0.5}"#,
        ),
        "/stt?encoding=pcm_s16le&sample_rate=16000",
        &[
            "name=\"model\"\r\n\r\nink-whisper\r\n",
            "name=\"timestamp_granularities[]\"\r\n\r\nword\r\n",
            "name=\"file\"; filename=\"a %22b%22.raw\"\r\nContent-Type: audio/L16\r\n\r\n\x01\x02\x03\r\n",
        ],
    );
    assert_eq!(text.text, "Hello");
    assert_eq!(text.words.unwrap()[0].end, 0.4);

    // GET /voices, with filters and expand[].
    let page = call_op(
        &ctx,
        &h,
        &ListVoices::new()
            .q("katie")
            .is_owner(false)
            .expand([VoiceExpand::PreviewFileUrl])
            .limit(2),
        Reply::json(
            200,
            json!({"data": [voice("v1")], "has_more": false}).to_string(),
        ),
        Expected::no_body(
            "GET",
            "/voices?q=katie&is_owner=false&expand%5B%5D=preview_file_url&limit=2",
        ),
    );
    assert_eq!(page.data[0].id, "v1");

    // GET /voices/{id}
    let got = call_op(
        &ctx,
        &h,
        &GetVoice::new("v/1").expand([VoiceExpand::PreviewFileUrl]),
        Reply::json(200, voice("v/1").to_string()),
        Expected::no_body("GET", "/voices/v%2F1?expand%5B%5D=preview_file_url"),
    );
    assert_eq!(got.name, "Katie");

    // PATCH /voices/{id}
    let updated = call_op(
        &ctx,
        &h,
        &UpdateVoice::new("v1", UpdateVoiceRequest::new().name("Kate").accent(None)),
        Reply::json(200, voice("v1").to_string()),
        Expected::json(
            "PATCH",
            "/voices/v1",
            json!({"name": "Kate", "accent": null}),
        ),
    );
    assert_eq!(updated.id, "v1");

    // DELETE /voices/{id}
    call_op(
        &ctx,
        &h,
        &DeleteVoice::new("v1"),
        Reply::raw(204, "application/json", Vec::new()),
        Expected::no_body("DELETE", "/voices/v1"),
    );

    // POST /voices/clone
    let (cloned, _) = call_upload(
        &ctx,
        &h,
        &CloneVoice::upload(
            &CloneVoiceRequest::new("Clone", "en").tagline("short"),
            AudioUpload::bytes("clip.wav", "audio/wav", &b"RIFF"[..]),
        )
        .unwrap(),
        Reply::json(200, metadata("v2")),
        "/voices/clone",
        &[
            "name=\"name\"\r\n\r\nClone\r\n",
            "name=\"tagline\"\r\n\r\nshort\r\n",
            "name=\"clip\"; filename=\"clip.wav\"\r\nContent-Type: audio/wav\r\n\r\nRIFF\r\n",
        ],
    );
    assert_eq!(cloned.id, "v2");

    // POST /voices/localize
    let localized = call_op(
        &ctx,
        &h,
        &LocalizeVoice::new(LocalizeVoiceRequest::new(
            "v1",
            "Katie FR",
            "",
            "fr",
            Gender::Female,
        )),
        Reply::json(200, metadata("v3")),
        Expected::json(
            "POST",
            "/voices/localize",
            json!({"voice_id": "v1", "name": "Katie FR", "description": "", "language": "fr",
                   "original_speaker_gender": "female"}),
        ),
    );
    assert_eq!(localized.id, "v3");

    // POST /voice-changer/bytes
    let vc = VoiceChangerRequest::new("v1", OutputFormat::mp3(44100, 128000));
    let (changed, _) = call_upload(
        &ctx,
        &h,
        &VoiceChangerBytes::upload(&vc, AudioUpload::bytes("in.wav", "audio/wav", &b"RIFF"[..]))
            .unwrap(),
        Reply::raw(200, "audio/mpeg", &b"\xff\xfb\x90"[..]),
        "/voice-changer/bytes",
        &[
            "name=\"voice[id]\"\r\n\r\nv1\r\n",
            "name=\"output_format[container]\"\r\n\r\nmp3\r\n",
        ],
    );
    assert_eq!(changed.content_type.as_deref(), Some("audio/mpeg"));
    assert_eq!(&changed.bytes[..], b"\xff\xfb\x90");

    // POST /voice-changer/sse: chunk and done events have no `type`.
    let vc_raw = VoiceChangerRequest::new("v1", OutputFormat::raw(RawEncoding::PcmF32le, 24000));
    let (vc_events, _) = call_upload(
        &ctx,
        &h,
        &VoiceChangerSse::upload(&vc_raw, AudioUpload::bytes("in.wav", "audio/wav", &b"RIFF"[..])).unwrap(),
        Reply::raw(
            200,
            "text/event-stream",
            "data: {\"data\":\"AAAA\",\"sample_rate\":24000,\"step_time\":2,\"status_code\":206,\"done\":false}\n\n\
             data: {\"status_code\":200,\"done\":true}\n\n",
        ),
        "/voice-changer/sse",
        &["name=\"output_format[encoding]\"\r\n\r\npcm_f32le\r\n"],
    );
    assert_eq!(vc_events.len(), 2, "{}", H::NAME);
    assert!(matches!(&vc_events[0], VoiceChangerSseEvent::Chunk(c) if c.audio == [0, 0, 0]));

    // POST /infill/bytes
    let infill = InfillRequest::new(
        "sonic-3",
        "en",
        "middle",
        "v1",
        OutputFormat::wav(RawEncoding::PcmS16le, 16000),
    );
    let (filled, _) = call_upload(
        &ctx,
        &h,
        &InfillBytes::upload(
            &infill,
            Some(AudioUpload::bytes("l.wav", "audio/wav", &b"L"[..])),
            None,
        )
        .unwrap(),
        Reply::raw(200, "audio/wav", &b"RIFFfill"[..]),
        "/infill/bytes",
        &[
            "name=\"transcript\"\r\n\r\nmiddle\r\n",
            "name=\"left_audio\"; filename=\"l.wav\"",
        ],
    );
    assert_eq!(&filled.bytes[..], b"RIFFfill");
    assert!(!String::from_utf8_lossy(&ctx.received().last().unwrap().body).contains("right_audio"));
}

/// Checkable input is refused before any I/O: generation config ranges, an expiry over an
/// hour, an infill without audio, a voice id equal to a fixed route.
pub fn speech_input_refused_before_io<H: Harness>() {
    let (ctx, h) = setup::<H>();
    let too_fast = tts().generation_config(GenerationConfig::new().speed(9.0));
    let e = h.run(&ctx, &TtsBytes::new(too_fast)).unwrap_err();
    assert!(matches!(e, Error::InvalidRequest(_)), "{}: {e}", H::NAME);
    let e = h
        .run(
            &ctx,
            &CreateAccessToken::new(AccessTokenRequest::new(TokenGrant::new()).expires_in(7200)),
        )
        .unwrap_err();
    assert!(matches!(e, Error::InvalidRequest(_)), "{}: {e}", H::NAME);
    let e = h.run(&ctx, &GetVoice::new("clone")).unwrap_err();
    assert!(matches!(e, Error::InvalidRequest(_)), "{}: {e}", H::NAME);
    let infill = InfillRequest::new(
        "sonic-3",
        "en",
        "x",
        "v1",
        OutputFormat::wav(RawEncoding::PcmS16le, 16000),
    );
    assert!(matches!(
        InfillBytes::upload(&infill, None, None),
        Err(Error::InvalidRequest(_))
    ));
    let missing = AudioUpload::path("/nonexistent/cartesia-contract.wav", "audio/wav");
    let e = Transcribe::upload(&TranscribeRequest::new("ink-whisper"), missing).unwrap_err();
    assert!(matches!(e, Error::Multipart(_)), "{e}");
    assert!(
        ctx.received().is_empty(),
        "{}: a refused request was sent",
        H::NAME
    );
}

/// A retried upload (503, then 200) sends identical bytes, boundary included.
pub fn retried_upload_sends_identical_bytes<H: Harness>() {
    let ctx = Ctx::new(H::WIRE);
    let h = H::build(&ctx, ctx.builder().max_retries(1)).unwrap();
    ctx.reply(Reply::json(503, r#"{"title":"busy"}"#).header("retry-after-ms", "1"));
    ctx.reply(Reply::json(200, r#"{"text":"ok"}"#));
    let upload = Transcribe::upload(
        &TranscribeRequest::new("ink-whisper"),
        AudioUpload::reader("r.wav", "audio/wav", std::io::Cursor::new(vec![7u8; 4096])),
    )
    .unwrap();
    let out = h.run(&ctx, &upload).unwrap();
    assert_eq!(out.text, "ok");
    let seen = ctx.received();
    assert_eq!(seen.len(), 2, "{}", H::NAME);
    assert_eq!(
        seen[0].body,
        seen[1].body,
        "{}: the retry sent other bytes",
        H::NAME
    );
    assert_eq!(
        seen[0].header("content-type"),
        seen[1].header("content-type")
    );
    assert!(seen[0].body.len() > 4096);
}

/// SSE answers that fail: an `error` event mid-stream is a typed error; an unknown event type
/// is kept; a stream without `done` is a truncation error, never a success.
pub fn sse_failures_are_typed<H: Harness>() {
    let (ctx, h) = setup::<H>();
    let chunk = "data: {\"type\":\"chunk\",\"data\":\"AA==\"}\n\n";
    ctx.reply(Reply::raw(
        200,
        "text/event-stream",
        format!(
            "{chunk}data: {{\"type\":\"error\",\"status_code\":429,\"error_code\":\"concurrency_limited\",\
             \"title\":\"Too many\",\"message\":\"slow down\",\"request_id\":\"req_7\",\"done\":true}}\n\n"
        ),
    ));
    let e = h.run(&ctx, &TtsSse::new(sse_request())).unwrap_err();
    match &e {
        Error::Stream(s) => {
            assert_eq!(s.error_code(), Some("concurrency_limited"));
            assert_eq!(s.status_code(), Some(429));
            assert_eq!(s.request_id(), Some("req_7"));
        }
        other => panic!("{}: {other}", H::NAME),
    }

    ctx.reply(Reply::raw(
        200,
        "text/event-stream",
        format!("{chunk}data: {{\"type\":\"sparkle\",\"x\":1}}\n\ndata: {{\"type\":\"done\",\"done\":true}}\n\n"),
    ));
    let events = h.run(&ctx, &TtsSse::new(sse_request())).unwrap();
    assert_eq!(events.len(), 3, "{}", H::NAME);
    assert_eq!(events[1].type_str(), "sparkle");
    assert!(!events[1].is_known());

    ctx.reply(Reply::raw(200, "text/event-stream", chunk));
    let e = h.run(&ctx, &TtsSse::new(sse_request())).unwrap_err();
    assert!(
        matches!(&e, Error::Stream(s) if s.is_truncated()),
        "{}: {e}",
        H::NAME
    );
}

/// `/tts/bytes` streamed: the whole body arrives through `execute_streaming`, a non-2xx
/// answer is an API error before any byte.
pub fn tts_bytes_streamed<H: Harness>() {
    let (ctx, h) = setup::<H>();
    let body: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    ctx.reply(Reply::raw(200, "audio/wav", body.clone()));
    let got = h
        .stream_with(&ctx, &TtsBytes::new(tts()), &Default::default())
        .unwrap();
    assert_eq!(got, body, "{}", H::NAME);
    ctx.reply(Reply::json(
        402,
        r#"{"title":"Payment required","message":"out of credits"}"#,
    ));
    let e = h
        .stream_with(&ctx, &TtsBytes::new(tts()), &Default::default())
        .unwrap_err();
    assert!(
        matches!(&e, Error::Api(a) if a.status().as_u16() == 402),
        "{}: {e}",
        H::NAME
    );
}

/// `max_concurrent_requests(n)`: 200 concurrent calls from one client's clones never have
/// more than `n` in flight — counted at the server for socket transports (a request counts
/// from its arrival until its answer is sent) — and every call succeeds (the in-memory
/// transports, which answer at once, check that no slot is lost).
pub fn concurrency_limit_holds_under_200_calls<H: Harness + Sync>() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    use std::time::Duration;

    const N: usize = 4;
    const CALLS: usize = 200;
    let ctx = Ctx::new(H::WIRE);
    let now = Arc::new(AtomicUsize::new(0));
    let max = Arc::new(AtomicUsize::new(0));
    let server = if H::WIRE {
        let (now, max) = (now.clone(), max.clone());
        Some(
            crate::faults::FaultServer::start(move |_, _| {
                let n = now.fetch_add(1, Ordering::SeqCst) + 1;
                max.fetch_max(n, Ordering::SeqCst);
                std::thread::sleep(Duration::from_millis(5));
                now.fetch_sub(1, Ordering::SeqCst);
                crate::faults::Fault::json(200, r#"{"ok":true}"#)
            })
            .expect("fault server"),
        )
    } else {
        for _ in 0..CALLS {
            ctx.reply(Reply::json(200, r#"{"ok":true}"#).delayed(Duration::from_millis(1)));
        }
        None
    };
    let mut builder = ctx.builder().max_retries(0).max_concurrent_requests(N);
    if let Some(s) = &server {
        builder = builder.base_url(s.url());
    }
    let h = H::build(&ctx, builder).unwrap();
    std::thread::scope(|scope| {
        for _ in 0..CALLS {
            scope.spawn(|| {
                let info = h.run(&ctx, &GetApiStatus::new()).expect("status call");
                assert!(info.ok);
            });
        }
    });
    if let Some(s) = &server {
        assert_eq!(s.requests().len(), CALLS, "{}", H::NAME);
        let peak = max.load(Ordering::SeqCst);
        assert!(
            peak <= N,
            "{}: {peak} requests in flight at the server (limit {N})",
            H::NAME
        );
        assert!(peak >= 1);
    } else {
        // The in-memory transport answers at once (no server to count at): every call got
        // its slot and gave it back.
        assert_eq!(ctx.received().len(), CALLS, "{}", H::NAME);
    }
}

/// A 429 with `error_code: concurrency_limited` is retried with backoff like any 429, POST
/// included (the request was refused, not applied).
pub fn concurrency_limited_429_is_retried<H: Harness>() {
    let ctx = Ctx::new(H::WIRE);
    let h = H::build(&ctx, ctx.builder().max_retries(2)).unwrap();
    let limited = json!({"error_code": "concurrency_limited", "title": "Too many concurrent requests",
                         "message": "slow down", "status_code": 429});
    ctx.reply(Reply::json(429, limited.to_string()).header("retry-after-ms", "5"));
    ctx.reply(Reply::raw(200, "audio/wav", &b"RIFFok"[..]));
    let audio = h.run(&ctx, &TtsBytes::new(tts())).unwrap();
    assert_eq!(&audio.bytes[..], b"RIFFok");
    let seen = ctx.received();
    assert_eq!(seen.len(), 2, "{}", H::NAME);
    assert_eq!(seen[0].body, seen[1].body);
    assert_eq!(ctx.builder().config().map(|_| ()).ok(), Some(()));
    let e = ctx
        .builder()
        .max_concurrent_requests(0)
        .config()
        .unwrap_err();
    assert!(e.to_string().contains("max_concurrent_requests"), "{e}");
}

/// `/tts/bytes` into a writer: a 16 MiB body arrives whole and in pieces (never one 16 MiB
/// write: the SDK does not gather it), on sockets; a body that ends before its
/// `Content-Length` is an error; a body that drips slower than the idle (read) timeout is
/// cut by it.
pub fn tts_audio_into_a_writer<H: Harness>() {
    use crate::faults::Fault;
    use cartesia_core::TransportErrorKind;
    use std::time::Duration;

    const LEN: u64 = 16 << 20;
    let mut ctx = Ctx::new(H::WIRE);
    let base = ctx.scripted_base_url(vec![
        Fault::Stream {
            status: 200,
            len: LEN,
            piece: 64 * 1024,
            pause: Duration::ZERO,
        },
        Fault::Truncated {
            status: 200,
            declared_len: 1000,
            body: vec![b'x'; 10],
        },
        // A pause far beyond the read timeout: the client always gives up first (the server's
        // wait ends when the scenario drops it).
        Fault::Stream {
            status: 200,
            len: 1000,
            piece: 1,
            pause: Duration::from_secs(60),
        },
    ]);
    // The idle (read) timeout is wide: the 16 MiB body and the short one must never pause
    // that long, even on a loaded machine (it was 150 ms, which a loaded 2-core machine can
    // miss between two pieces); only the drip waits it out.
    let h = H::build(
        &ctx,
        ctx.builder()
            .base_url(base)
            .max_retries(0)
            .read_timeout(Duration::from_secs(2)),
    )
    .unwrap();
    let mut writer = RecordingWriter::default();
    let written = h.tts_to_writer(&ctx, tts(), &mut writer).unwrap();
    assert_eq!(written, writer.bytes.len() as u64, "{}", H::NAME);
    let largest = writer.writes.iter().copied().max().unwrap_or(0);
    if H::WIRE {
        assert_eq!(written, LEN, "{}", H::NAME);
        assert!(largest <= 1 << 20, "{}: a {largest} byte write", H::NAME);
    } else {
        assert!(written > 0);
    }

    let e = h
        .tts_to_writer(&ctx, tts(), &mut RecordingWriter::default())
        .unwrap_err();
    assert!(
        matches!(e.transport_kind(), Some(TransportErrorKind::Body)),
        "{}: {e:?}",
        H::NAME
    );

    let e = h
        .tts_to_writer(&ctx, tts(), &mut RecordingWriter::default())
        .unwrap_err();
    assert_eq!(
        e.transport_kind(),
        Some(TransportErrorKind::Timeout),
        "{}: {e:?}",
        H::NAME
    );
}

/// `/tts/sse` as it arrives: the events in order up to `done`; an `error` event mid-stream
/// ends it with the typed error; a stream without `done` ends with a truncation error.
pub fn tts_sse_streamed<H: Harness>() {
    let (ctx, h) = setup::<H>();
    let chunk = "data: {\"type\":\"chunk\",\"data\":\"AAE=\",\"step_time\":3}\r\n\r\n";
    ctx.reply(Reply::raw(
        200,
        "text/event-stream",
        format!(": keep-alive\n\n{chunk}event: x\ndata: {{\"type\":\"phoneme_timestamps\",\n\
                 data: \"phoneme_timestamps\":{{\"phonemes\":[\"h\"],\"start\":[0],\"end\":[0.1]}}}}\n\n\
                 data: {{\"type\":\"done\",\"done\":true}}\n\n"),
    ));
    let items = h.tts_sse(&ctx, sse_request()).unwrap();
    assert_eq!(items.len(), 3, "{}: {items:?}", H::NAME);
    assert!(
        matches!(&items[0], Ok(TtsSseEvent::Chunk(c)) if c.audio == [0, 1] && c.step_time == Some(3.0))
    );
    assert!(
        matches!(&items[1], Ok(TtsSseEvent::PhonemeTimestamps(p)) if p.phoneme_timestamps.phonemes == ["h"])
    );
    assert!(matches!(&items[2], Ok(TtsSseEvent::Done(_))));

    ctx.reply(Reply::raw(
        200,
        "text/event-stream",
        format!("{chunk}data: {{\"type\":\"error\",\"status_code\":500,\"title\":\"Boom\",\"message\":\"m\",\"request_id\":\"r1\"}}\n\n{chunk}"),
    ));
    let items = h.tts_sse(&ctx, sse_request()).unwrap();
    assert_eq!(items.len(), 2, "{}: {items:?}", H::NAME);
    assert!(items[0].is_ok());
    assert!(
        matches!(&items[1], Err(Error::Stream(s)) if s.status_code() == Some(500) && s.request_id() == Some("r1"))
    );

    ctx.reply(Reply::raw(
        200,
        "text/event-stream",
        format!("{chunk}data: {{\"type\":\"chu"),
    ));
    let items = h.tts_sse(&ctx, sse_request()).unwrap();
    assert_eq!(items.len(), 2, "{}: {items:?}", H::NAME);
    assert!(
        matches!(&items[1], Err(Error::Stream(s)) if s.is_truncated()),
        "{}",
        H::NAME
    );

    ctx.reply(Reply::json(
        401,
        r#"{"title":"Unauthorized","message":"bad key"}"#,
    ));
    let e = h.tts_sse(&ctx, sse_request()).unwrap_err();
    assert!(
        matches!(&e, Error::Api(a) if a.status().as_u16() == 401),
        "{}: {e}",
        H::NAME
    );
}

/// A client built with an access token sends it as the bearer credential, and never shows
/// it in `Debug` or in an error.
pub fn access_token_authenticates<H: Harness>() {
    let ctx = Ctx::new(H::WIRE);
    let token = cartesia_types::access_tokens::AccessToken::new("eyJ.TOKEN_SECRET_42.sig");
    let builder = ctx.builder().max_retries(0).access_token(&token);
    assert!(!format!("{builder:?}").contains("TOKEN_SECRET"));
    let h = H::build(&ctx, builder).unwrap();
    assert!(!h.debug().contains("TOKEN_SECRET"), "{}", H::NAME);
    ctx.reply(Reply::raw(200, "audio/wav", &b"RIFF"[..]));
    h.run(&ctx, &TtsBytes::new(tts())).unwrap();
    let seen = ctx.received();
    assert_eq!(
        seen[0].header("authorization"),
        Some("Bearer eyJ.TOKEN_SECRET_42.sig"),
        "{}",
        H::NAME
    );
    ctx.reply(Reply::json(
        403,
        r#"{"title":"Forbidden","message":"no tts grant"}"#,
    ));
    let e = h.run(&ctx, &TtsBytes::new(tts())).unwrap_err();
    assert!(
        !format!("{e} {e:?}").contains("TOKEN_SECRET"),
        "{}",
        H::NAME
    );
}
