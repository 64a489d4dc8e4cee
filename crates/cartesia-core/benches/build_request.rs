//! What building one List Phone Numbers request costs: `pipeline::build_request` with a ready
//! `ClientConfig` (URL with the id percent-encoded, URI, the four headers).
//!
//! `cargo bench -p cartesia-core --bench build_request`

use std::hint::black_box;

use cartesia_core::endpoints::agents::ListPhoneNumbers;
use cartesia_core::{pipeline, ClientBuilder, RequestOptions};
use criterion::{criterion_group, criterion_main, Criterion};

fn build_request(c: &mut Criterion) {
    let config = ClientBuilder::new()
        .api_key("sk_car_bench_0123456789abcdef")
        .config()
        .expect("a valid configuration");
    let options = RequestOptions::new();
    let mut group = c.benchmark_group("build_request");
    let endpoint = ListPhoneNumbers::new("agent_01JQ8ZK4D2X9T7");
    group.bench_function("list_phone_numbers", |b| {
        b.iter(|| pipeline::build_request(&config, black_box(&endpoint), &options))
    });
    // An id that needs percent-encoding.
    let encoded = ListPhoneNumbers::new("agent/with spaces?");
    group.bench_function("list_phone_numbers_encoded_id", |b| {
        b.iter(|| pipeline::build_request(&config, black_box(&encoded), &options))
    });
    // Building the endpoint too (what `client.agents().list_phone_numbers(id)` does first).
    group.bench_function("endpoint_and_request", |b| {
        b.iter(|| {
            let endpoint = ListPhoneNumbers::new(black_box("agent_01JQ8ZK4D2X9T7"));
            pipeline::build_request(&config, &endpoint, &options)
        })
    });
    group.finish();
}

criterion_group!(benches, build_request);
criterion_main!(benches);
