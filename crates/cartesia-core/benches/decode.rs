//! What decoding a List Phone Numbers answer costs: the SDK's `endpoint::decode_json` into
//! `Vec<PhoneNumber>` (and the endpoint's own `parse`, which a call runs) against plain
//! `serde_json::from_slice` into a hand-written struct with the same field types
//! (`cartesia_types::Timestamp` timestamps), and into one with `String` timestamps (what
//! typed timestamps cost), for 1 and 1,000 phone numbers.
//!
//! `cargo bench -p cartesia-core --bench decode`

use std::hint::black_box;

use bytes::Bytes;
use cartesia_core::endpoints::agents::ListPhoneNumbers;
use cartesia_core::{endpoint, Endpoint, HttpResponse, PhoneNumber};
use cartesia_types::Timestamp;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use serde::Deserialize;

/// A hand-written model with the SDK's field types.
#[allow(dead_code)] // read only through the decoder
#[derive(Deserialize)]
struct TypedPhoneNumber {
    agent_id: String,
    number: String,
    created_at: Timestamp,
    updated_at: Timestamp,
    is_cartesia_managed: bool,
}

/// The same with the timestamps left as strings.
#[allow(dead_code)] // read only through the decoder
#[derive(Deserialize)]
struct StringPhoneNumber {
    agent_id: String,
    number: String,
    created_at: String,
    updated_at: String,
    is_cartesia_managed: bool,
}

/// `n` phone numbers in the API's shape; half the timestamps have fractional seconds.
fn body(n: usize) -> Bytes {
    let mut out = String::from("[");
    for i in 0..n {
        if i > 0 {
            out.push(',');
        }
        let stamp = |secs: usize, fraction: bool| {
            let (d, s) = (1 + (secs / 86_400) % 28, secs % 86_400);
            let (h, m, s) = (s / 3_600, (s / 60) % 60, s % 60);
            let frac = if fraction {
                format!(".{:06}", (secs * 7_919) % 1_000_000)
            } else {
                String::new()
            };
            format!("2026-03-{d:02}T{h:02}:{m:02}:{s:02}{frac}Z")
        };
        out.push_str(&format!(
            r#"{{"agent_id":"bench_{n}","number":"+1415{i:07}","created_at":"{}","updated_at":"{}","is_cartesia_managed":{}}}"#,
            stamp(i, i % 2 == 1),
            stamp(i + 3_600, i % 2 == 0),
            i % 3 != 2
        ));
    }
    out.push(']');
    Bytes::from(out)
}

fn decode(c: &mut Criterion) {
    let mut group = c.benchmark_group("decode_phone_numbers");
    for n in [1usize, 1_000] {
        let response: HttpResponse = http::Response::new(body(n));
        let bytes = response.body().clone();
        assert_eq!(
            endpoint::decode_json::<Vec<PhoneNumber>>(&response)
                .expect("the body decodes")
                .len(),
            n
        );
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("sdk_decode_json", n), &response, |b, r| {
            b.iter(|| endpoint::decode_json::<Vec<PhoneNumber>>(black_box(r)))
        });
        // What a call runs: the endpoint's `parse`, compiled in cartesia-core (`decode_json`
        // above is instantiated in this bench crate instead; see docs/PERFORMANCE.md).
        let endpoint = ListPhoneNumbers::new("bench");
        group.bench_with_input(
            BenchmarkId::new("sdk_endpoint_parse", n),
            &response,
            |b, r| b.iter(|| endpoint.parse(black_box(r).clone())),
        );
        group.bench_with_input(
            BenchmarkId::new("serde_json_typed_timestamps", n),
            &bytes,
            |b, body| b.iter(|| serde_json::from_slice::<Vec<TypedPhoneNumber>>(black_box(body))),
        );
        group.bench_with_input(
            BenchmarkId::new("serde_json_string_timestamps", n),
            &bytes,
            |b, body| b.iter(|| serde_json::from_slice::<Vec<StringPhoneNumber>>(black_box(body))),
        );
    }
    group.finish();
}

criterion_group!(benches, decode);
criterion_main!(benches);
