//! The SSE decoding workload, shared by `cargo xtask bench` (this crate's runner, CPU per
//! MiB in a process of its own) and the criterion bench `cargo bench -p cartesia-core --bench
//! sse` (which includes this file by path): a `/tts/sse` stream of chunk events, decoded by
//! the SDK's `sse::EventDecoder<TtsSseEvent>` (WHATWG framing, typed events, base64 audio
//! decoded) and by a minimal hand-written loop — split on `\n`, take `data: ` lines,
//! `serde_json` into a borrowed struct, `base64` decode — fed the same 16 KiB reads.

use std::borrow::Cow;

use base64::Engine as _;
use cartesia_core::sse::{EventDecoder, Next};
use cartesia_core::types::tts_events::TtsSseEvent;
use serde::Deserialize;

/// `chunks` chunk events of `audio` bytes each, then `done`, as the API frames them.
pub fn stream(chunks: usize, audio: usize) -> Vec<u8> {
    let pcm: Vec<u8> = (0..audio).map(|i| (i * 31 % 256) as u8).collect();
    let b64 = base64::engine::general_purpose::STANDARD.encode(&pcm);
    let mut out = String::new();
    for i in 0..chunks {
        out.push_str(&format!(
            "data: {{\"type\":\"chunk\",\"done\":false,\"status_code\":206,\"step_time\":{}.5,\"data\":\"{b64}\"}}\n\n",
            i % 40
        ));
    }
    out.push_str("data: {\"type\":\"done\",\"done\":true,\"status_code\":200}\n\n");
    out.into_bytes()
}

/// The SDK's decoder over `input` in 16 KiB reads; returns the audio bytes decoded.
pub fn sdk(input: &[u8]) -> usize {
    let mut d = EventDecoder::<TtsSseEvent>::new();
    let mut reads = input.chunks(16 * 1024);
    let mut audio = 0;
    loop {
        match d.next() {
            Next::Event(TtsSseEvent::Chunk(c)) => audio += c.audio.len(),
            Next::Event(_) => {}
            Next::Error(e) => panic!("{e}"),
            Next::End => return audio,
            Next::NeedInput => match reads.next() {
                Some(r) => d.feed(r),
                None => d.end_input(),
            },
        }
    }
}

#[derive(Deserialize)]
struct MinimalEvent<'a> {
    #[serde(rename = "type", borrow)]
    kind: Cow<'a, str>,
    #[serde(borrow, default)]
    data: Option<Cow<'a, str>>,
}

/// The minimal loop (returns the audio bytes decoded): the same 16 KiB reads, a carried partial line, LF line ends only,
/// `memchr` for the line search (as the SDK).
pub fn hand_written(input: &[u8]) -> usize {
    let mut audio = 0;
    let mut carry: Vec<u8> = Vec::new();
    for read in input.chunks(16 * 1024) {
        carry.extend_from_slice(read);
        let mut start = 0;
        while let Some(nl) = memchr::memchr(b'\n', &carry[start..]) {
            let line = &carry[start..start + nl];
            start += nl + 1;
            if let Some(json) = line.strip_prefix(b"data: ") {
                let e: MinimalEvent<'_> = serde_json::from_slice(json).unwrap();
                if e.kind == "chunk" {
                    let pcm = base64::engine::general_purpose::STANDARD
                        .decode(e.data.unwrap().as_bytes())
                        .unwrap();
                    audio += pcm.len();
                }
            }
        }
        carry.drain(..start);
    }
    audio
}
