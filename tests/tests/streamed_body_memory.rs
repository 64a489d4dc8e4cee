//! Peak memory while a 16 MiB `/tts/bytes` answer is streamed into a writer through each
//! client: the heap stays within a few MiB of where it started, because no client gathers the
//! body — measured with a counting allocator, in a test binary of its own so no other test
//! moves the peak. The same body read buffered raises the heap by at least its size, which
//! shows the measurement would catch a client that buffered it.

use std::time::Duration;

use cartesia_contract::faults::{Fault, FaultServer};
use cartesia_contract::heap::{clients, peak_during, Counting, CountingSink};
use cartesia_core::endpoints::speech::TtsBytes;
use cartesia_types::tts::{OutputFormat, RawEncoding, TtsRequest, VoiceSpecifier};

#[global_allocator]
static GLOBAL: Counting = Counting;

const LEN: u64 = 16 * 1024 * 1024;

/// How far the heap may rise while streaming (buffers, the connection, the fault server's
/// write buffer in this same process): a quarter of the body.
const BOUND: usize = 4 * 1024 * 1024;

fn tts() -> TtsRequest {
    TtsRequest::new(
        "sonic-3",
        "Hello",
        VoiceSpecifier::id("v1"),
        OutputFormat::raw(RawEncoding::PcmS16le, 16000),
    )
}

fn check_streamed(name: &str, sink: &CountingSink, written: u64, rise: usize) {
    assert_eq!(written, LEN, "{name}");
    assert_eq!(sink.written, LEN, "{name}");
    assert!(!sink.unexpected, "{name}: the audio was altered");
    assert!(
        rise < BOUND,
        "{name}: the heap rose by {rise} bytes while streaming a 16 MiB body"
    );
    eprintln!(
        "{name}: heap rose by {} KiB (largest write {} KiB)",
        rise / 1024,
        sink.largest / 1024
    );
}

#[test]
fn a_16_mib_streamed_body_keeps_memory_bounded() {
    let server = FaultServer::start(|_, _| Fault::Stream {
        status: 200,
        len: LEN,
        piece: 64 * 1024,
        pause: Duration::ZERO,
    })
    .expect("fault server");
    let (rt, ureq, reqwest) = clients(&server.url());
    // Warm the agent's pool first: its one-off allocations are not the body's.
    ureq.tts().bytes_to(tts(), &mut std::io::sink()).unwrap();
    let mut sink = CountingSink::new(b'x');
    let (download, rise) = peak_during(|| ureq.tts().bytes_to(tts(), &mut sink).unwrap());
    check_streamed("ureq bytes_to", &sink, download.bytes_written, rise);

    let mut sink = CountingSink::new(b'x');
    let (written, rise) = peak_during(|| {
        let mut reader = ureq.tts().bytes_reader(tts()).unwrap();
        std::io::copy(&mut reader, &mut sink).unwrap()
    });
    check_streamed("ureq bytes_reader", &sink, written, rise);

    let endpoint = TtsBytes::new(tts());
    rt.block_on(cartesia_reqwest::speech_to(
        &reqwest,
        &endpoint,
        &mut tokio::io::sink(),
    ))
    .unwrap();
    let mut sink = CountingSink::new(b'x');
    let (download, rise) = peak_during(|| {
        rt.block_on(cartesia_reqwest::speech_to(&reqwest, &endpoint, &mut sink))
            .unwrap()
    });
    check_streamed("reqwest speech_to", &sink, download.bytes_written, rise);

    let mut sink = CountingSink::new(b'x');
    let (written, rise) = peak_during(|| {
        rt.block_on(async {
            let mut stream = reqwest.tts().bytes_stream(tts()).await.unwrap();
            let mut written = 0;
            while let Some(chunk) = stream.body.next_chunk().await.unwrap() {
                written += std::io::Write::write(&mut sink, &chunk).unwrap() as u64;
            }
            written
        })
    });
    check_streamed("reqwest bytes_stream", &sink, written, rise);

    // The control: the same answer read buffered holds the whole body, and the measurement
    // sees it.
    let (audio, rise) = peak_during(|| ureq.tts().bytes(tts()).unwrap());
    assert_eq!(audio.bytes.len() as u64, LEN);
    assert!(rise as u64 >= LEN, "ureq buffered: rose by only {rise}");
    drop(audio);
    let (audio, rise) = peak_during(|| rt.block_on(reqwest.tts().bytes(tts())).unwrap());
    assert_eq!(audio.bytes.len() as u64, LEN);
    assert!(rise as u64 >= LEN, "reqwest buffered: rose by only {rise}");
}
