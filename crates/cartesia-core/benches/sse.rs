//! What decoding a `/tts/sse` stream costs: the SDK's `sse::EventDecoder<TtsSseEvent>` (WHATWG
//! framing, typed events, base64 audio decoded) against a minimal hand-written loop — split on
//! `\n`, take `data: ` lines, `serde_json` into a borrowed struct, `base64` decode — over the
//! same 1 MiB-ish stream of 8 KiB audio chunks fed in 16 KiB reads. The workload is
//! `cartesia-bench`'s (`cargo xtask bench` reports the same pair as CPU per MiB).
//!
//! `cargo bench -p cartesia-core --bench sse`

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

#[path = "../../cartesia-bench/src/sse.rs"]
mod workload;

use workload::{hand_written, sdk, stream};

fn bench(c: &mut Criterion) {
    let input = stream(96, 8 * 1024);
    assert_eq!(sdk(&input), hand_written(&input));
    let mut g = c.benchmark_group("tts_sse_decode");
    g.throughput(Throughput::Bytes(input.len() as u64));
    g.bench_function("sdk_event_decoder", |b| b.iter(|| sdk(black_box(&input))));
    g.bench_function("hand_written_line_loop", |b| {
        b.iter(|| hand_written(black_box(&input)))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
