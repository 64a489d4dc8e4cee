//! The multipart builder's bodies parsed back by a maintained parser (`multer`): names,
//! filenames (quotes, backslashes, CR/LF, non-ASCII), content types, repeated fields and
//! binary content come back as sent.

use std::convert::Infallible;
use std::future::Future;
use std::pin::pin;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};

use bytes::Bytes;
use cartesia_core::multipart::{Multipart, MultipartBody};

/// Runs a future that never waits on I/O (the body is in memory).
fn block_on<F: Future>(f: F) -> F::Output {
    struct Noop;
    impl Wake for Noop {
        fn wake(self: Arc<Self>) {}
    }
    let waker = Waker::from(Arc::new(Noop));
    let mut cx = Context::from_waker(&waker);
    let mut f = pin!(f);
    loop {
        if let Poll::Ready(v) = f.as_mut().poll(&mut cx) {
            return v;
        }
    }
}

#[derive(Debug, PartialEq)]
struct Parsed {
    name: Option<String>,
    filename: Option<String>,
    content_type: Option<String>,
    body: Vec<u8>,
}

fn parse(body: &MultipartBody, chunk: usize) -> Vec<Parsed> {
    let boundary = multer::parse_boundary(body.content_type()).expect("a boundary");
    assert_eq!(boundary, body.boundary());
    let chunks: Vec<Result<Bytes, Infallible>> = body
        .bytes()
        .chunks(chunk)
        .map(|c| Ok(Bytes::copy_from_slice(c)))
        .collect();
    let mut form = multer::Multipart::new(futures_util::stream::iter(chunks), boundary);
    block_on(async {
        let mut out = Vec::new();
        while let Some(field) = form.next_field().await.expect("a well-formed body") {
            out.push(Parsed {
                name: field.name().map(str::to_owned),
                filename: field.file_name().map(str::to_owned),
                content_type: field.content_type().map(|m| m.to_string()),
                body: field.bytes().await.unwrap().to_vec(),
            });
        }
        out
    })
}

fn part(name: &str, filename: Option<&str>, ct: Option<&str>, body: &[u8]) -> Parsed {
    Parsed {
        name: Some(name.to_owned()),
        filename: filename.map(str::to_owned),
        content_type: ct.map(str::to_owned),
        body: body.to_vec(),
    }
}

#[test]
fn an_stt_form_parses_back() {
    // Binary audio with CR, LF and dashes in it, as real audio has.
    let audio: Vec<u8> = (0..=255u8)
        .cycle()
        .take(4096)
        .chain(*b"\r\n--\r\n")
        .collect();
    let body = Multipart::new()
        .fields([("model", "ink-whisper"), ("language", "fr")])
        .texts("timestamp_granularities[]", ["word", "segment"])
        .bytes("file", "réunion.wav", "audio/wav", audio.clone())
        .build()
        .unwrap();
    let expected = vec![
        part("model", None, None, b"ink-whisper"),
        part("language", None, None, b"fr"),
        part("timestamp_granularities[]", None, None, b"word"),
        part("timestamp_granularities[]", None, None, b"segment"),
        part("file", Some("réunion.wav"), Some("audio/wav"), &audio),
    ];
    for chunk in [1, 7, 64, 100_000] {
        assert_eq!(parse(&body, chunk), expected, "read in chunks of {chunk}");
    }
}

#[test]
fn hostile_filenames_stay_inside_their_parameter() {
    let body = Multipart::new()
        .bytes(
            "clip",
            "a\"; name=\"evil\r\nContent-Type: text/html\r\n\r\nx\\y.wav",
            "audio/mpeg",
            &b"ID3"[..],
        )
        .text("name\"x", "v")
        .build()
        .unwrap();
    let parsed = parse(&body, 5);
    assert_eq!(parsed.len(), 2, "no extra part or header was injected");
    assert_eq!(parsed[0].name.as_deref(), Some("clip"));
    assert_eq!(
        parsed[0].filename.as_deref(),
        Some("a%22; name=%22evil%0D%0AContent-Type: text/html%0D%0A%0D%0Ax%5Cy.wav")
    );
    assert_eq!(parsed[0].content_type.as_deref(), Some("audio/mpeg"));
    assert_eq!(parsed[0].body, b"ID3");
    assert_eq!(parsed[1].name.as_deref(), Some("name%22x"));
}

#[test]
fn the_same_form_builds_the_same_bytes_with_a_fixed_boundary() {
    let build = || {
        Multipart::new()
            .text("voice[id]", "v1")
            .fields([("output_format[container]", "raw")])
            .reader("clip", "in.wav", "audio/wav", &b"RIFF"[..])
            .boundary("fixed-boundary")
            .build()
            .unwrap()
    };
    assert_eq!(build(), build());
    assert_eq!(parse(&build(), 3)[0].name.as_deref(), Some("voice[id]"));
}
