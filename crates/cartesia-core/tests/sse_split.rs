//! A recorded (spec-shaped) `/tts/sse` stream decodes to the same events however the bytes
//! are split: at every single byte offset, one byte at a time, and at random multi-split
//! points (proptest), with LF, CRLF and CR line ends; and what the typed decoder makes of
//! short streams (`done`, unknown events, truncation, data that is not an event).

use cartesia_core::sse::{EventDecoder, Next};
use cartesia_core::types::tts_events::TtsSseEvent;
use proptest::prelude::*;

const RECORDED: &str = include_str!("data/tts_sse_recorded.txt");

type Outcome = Vec<Result<TtsSseEvent, String>>;

/// Feeds `chunks` in order, ending the input after the last, and collects every step.
fn decode<'a>(chunks: impl IntoIterator<Item = &'a [u8]>) -> Outcome {
    let mut d = EventDecoder::<TtsSseEvent>::new();
    let mut chunks = chunks.into_iter();
    let mut out = Vec::new();
    loop {
        match d.next() {
            Next::Event(e) => out.push(Ok(e)),
            Next::Error(e) => out.push(Err(e.to_string())),
            Next::End => return out,
            Next::NeedInput => match chunks.next() {
                Some(c) => d.feed(c),
                None => d.end_input(),
            },
        }
    }
}

/// [`decode`] of `input`'s chunks.
fn tts(input: &[&[u8]]) -> Outcome {
    decode(input.iter().copied())
}

#[test]
fn done_ends_the_stream_and_unknown_events_are_kept() {
    // (the stream's chunks, the types of the events it decodes to)
    let cases: [(&[&[u8]], &[&str]); 2] = [
        // `done` ends the stream: the bytes after it are ignored.
        (
            &[
                b"data: {\"type\":\"done\",\"done\":true}\n\n",
                b"data: {\"type\":\"chunk\",\"data\":\"AA==\"}\n\n",
            ],
            &["done"],
        ),
        // An unknown event is kept; keep-alives (empty data, comments) are skipped.
        (
            &[
                b"data: {\"type\":\"flush_done\",\"flush_id\":1}\n\ndata:  \n\n",
                b": ping\n\ndata: {\"type\":\"done\",\"done\":true}\n\n",
            ],
            &["flush_done", "done"],
        ),
    ];
    for (chunks, types) in cases {
        let out = tts(chunks);
        let got: Vec<&str> = out.iter().map(|e| e.as_ref().unwrap().type_str()).collect();
        assert_eq!(got, types);
        assert!(
            matches!(out.last(), Some(Ok(TtsSseEvent::Done(_)))),
            "{out:?}"
        );
    }
    let out = tts(cases[1].0);
    let Ok(TtsSseEvent::Unknown(raw)) = &out[0] else {
        panic!("{out:?}")
    };
    assert_eq!(raw["flush_id"], 1);
}

#[test]
fn bytes_that_are_not_utf8_are_read_as_replacement_characters() {
    let out = tts(&[b"data: {\"type\":\"note\",\"text\":\"a\xFFb\"}\n\n"]);
    let Ok(TtsSseEvent::Unknown(raw)) = &out[0] else {
        panic!("{out:?}")
    };
    assert_eq!(raw["text"], "a\u{FFFD}b");
}

#[test]
fn a_stream_without_done_is_truncated() {
    let out = tts(&[b"data: {\"type\":\"chunk\",\"data\":\"AA==\"}\n\n"]);
    assert!(out[0].is_ok());
    assert_eq!(
        out[1].as_ref().unwrap_err(),
        "the event stream ended before `done` after 1 events"
    );
    // The `done` line without its blank line: not dispatched, so still truncated.
    let out = tts(&[b"data: {\"type\":\"done\",\"done\":true}\n"]);
    assert_eq!(
        out,
        [Err(
            "the event stream ended before `done` after 0 events (in the middle of an event)"
                .to_owned()
        )]
    );
    assert_eq!(tts(&[]).len(), 1);
}

#[test]
fn data_that_is_not_an_event_is_a_decode_error() {
    let out = tts(&[b"data: [DONE]\n\n"]);
    assert_eq!(out.len(), 1);
    assert!(out[0]
        .as_ref()
        .unwrap_err()
        .contains("event 0 could not be decoded"));
    let out = tts(&[b"data: {\"type\":\"chunk\",\"data\":\"%%%\"}\n\n"]);
    assert!(out[0].as_ref().unwrap_err().contains("base64"));
}

fn variants() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("lf", RECORDED.as_bytes().to_vec()),
        ("crlf", RECORDED.replace('\n', "\r\n").into_bytes()),
        ("cr", RECORDED.replace('\n', "\r").into_bytes()),
        (
            "bom+crlf",
            [
                &b"\xEF\xBB\xBF"[..],
                RECORDED.replace('\n', "\r\n").as_bytes(),
            ]
            .concat(),
        ),
    ]
}

fn split_at_points<'a>(bytes: &'a [u8], points: &[usize]) -> Vec<&'a [u8]> {
    let mut points: Vec<usize> = points.iter().map(|p| p % (bytes.len() + 1)).collect();
    points.sort_unstable();
    let mut out = Vec::new();
    let mut start = 0;
    for p in points {
        out.push(&bytes[start..p]);
        start = p;
    }
    out.push(&bytes[start..]);
    out
}

#[test]
fn the_recording_decodes_to_the_expected_events() {
    let whole = decode([RECORDED.as_bytes()]);
    let kinds: Vec<&str> = whole
        .iter()
        .map(|e| e.as_ref().unwrap().type_str())
        .collect();
    assert_eq!(
        kinds,
        [
            "chunk",
            "chunk",
            "timestamps",
            "chunk",
            "chunk",
            "phoneme_timestamps",
            "chunk",
            "usage",
            "chunk",
            "done"
        ]
    );
    let audio: usize = whole
        .iter()
        .filter_map(|e| match e {
            Ok(TtsSseEvent::Chunk(c)) => Some(c.audio.len()),
            _ => None,
        })
        .sum();
    // Six chunks of 150 + 37 i samples of 2 bytes.
    assert_eq!(audio, (0..6).map(|i| (150 + 37 * i) * 2).sum::<usize>());
    let Ok(TtsSseEvent::Timestamps(t)) = &whole[2] else {
        panic!("{:?}", whole[2])
    };
    assert_eq!(t.word_timestamps.words, ["Bonjour", "café", "naïve"]);
    for (name, bytes) in variants() {
        assert_eq!(decode([bytes.as_slice()]), whole, "{name}");
    }
}

#[test]
fn a_split_at_every_byte_offset_decodes_the_same() {
    let expected = decode([RECORDED.as_bytes()]);
    for (name, bytes) in variants() {
        for i in 0..=bytes.len() {
            let got = decode([&bytes[..i], &bytes[i..]]);
            assert_eq!(got, expected, "{name}: split at byte {i}");
        }
    }
}

#[test]
fn one_byte_at_a_time_decodes_the_same() {
    let expected = decode([RECORDED.as_bytes()]);
    for (name, bytes) in variants() {
        assert_eq!(decode(bytes.chunks(1)), expected, "{name}");
    }
}

#[test]
fn a_truncated_recording_is_an_error_at_every_cut() {
    let bytes = RECORDED.as_bytes();
    for cut in 0..bytes.len() {
        let got = decode([&bytes[..cut]]);
        let last = got.last().expect("at least the truncation error");
        assert!(
            last.as_ref()
                .is_err_and(|e| e.starts_with("the event stream ended before `done`")),
            "cut at {cut}: {last:?}"
        );
        assert!(got[..got.len() - 1].iter().all(Result::is_ok));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_multi_splits_decode_the_same(
        variant in 0usize..4,
        points in proptest::collection::vec(any::<usize>(), 0..40),
    ) {
        let expected = decode([RECORDED.as_bytes()]);
        let (_, bytes) = &variants()[variant];
        let chunks = split_at_points(bytes, &points);
        prop_assert_eq!(decode(chunks), expected);
    }
}

/// Every owned event and the end-of-input leftover of the raw SSE decoder.
fn raw_events<'a>(
    chunks: impl IntoIterator<Item = &'a [u8]>,
) -> (
    Vec<cartesia_core::sse::SseEvent>,
    Option<cartesia_core::sse::SseEvent>,
) {
    let mut d = cartesia_core::sse::SseDecoder::new();
    let mut out = Vec::new();
    for c in chunks {
        d.feed(c);
        while let Some(e) = d.next_event() {
            out.push(e.unwrap());
        }
    }
    let rest = d.finish();
    (out, rest)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Random event streams (data, event, id, retry, comments, blank lines, non-ASCII, any
    /// line end) decode to the same events and leftover however they are split.
    #[test]
    fn random_streams_split_anywhere_decode_the_same(
        lines in proptest::collection::vec(
            (
                prop::sample::select(vec![
                    "data: a", "data:b", "data", "data:  two spaces", "event: x", "id: 7",
                    "id", ": comment", "", "", "retry: 250", "dataé: x", "data: é✓",
                    "unknown: 1", "data: {\"type\":\"chunk\"}",
                ]),
                prop::sample::select(vec!["\n", "\r", "\r\n"]),
            ),
            0..30,
        ),
        points in proptest::collection::vec(any::<usize>(), 0..12),
        bom in any::<bool>(),
    ) {
        let mut text = String::new();
        if bom {
            text.push('\u{feff}');
        }
        for (line, end) in &lines {
            text.push_str(line);
            text.push_str(end);
        }
        let bytes = text.into_bytes();
        let whole = raw_events([bytes.as_slice()]);
        prop_assert_eq!(raw_events(split_at_points(&bytes, &points)), whole.clone());
        prop_assert_eq!(raw_events(bytes.chunks(1)), whole);
    }
}
