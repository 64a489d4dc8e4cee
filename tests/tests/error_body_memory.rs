//! Peak memory while the SDK meets a 100 MB error body: the body is kept up to the cap
//! (1 MiB by default) and the rest is never read, so the heap stays small — measured with a
//! counting allocator, in a test binary of its own so no other test moves the peak.

use std::time::Duration;

use cartesia_contract::faults::{Fault, FaultServer};
use cartesia_contract::heap::{clients, peak_during, Counting};
use cartesia_core::Error;

#[global_allocator]
static GLOBAL: Counting = Counting;

const HUGE: u64 = 100 * 1024 * 1024;

fn server() -> FaultServer {
    FaultServer::start(|_, _| Fault::Stream {
        status: 500,
        len: HUGE,
        piece: 64 * 1024,
        pause: Duration::ZERO,
    })
    .expect("fault server")
}

fn check(name: &str, e: Error, rise: usize) {
    let Error::Api(api) = e else {
        panic!("{name}: {e:?}")
    };
    assert_eq!(api.raw_body().len(), 1024 * 1024, "{name}");
    assert!(api.body_truncated(), "{name}");
    // 1 MiB kept, plus buffers; a client holding the whole body would rise by 100 MB.
    assert!(
        rise < 12 * 1024 * 1024,
        "{name}: the heap rose by {rise} bytes for a capped 100 MB error body"
    );
    eprintln!("{name}: heap rose by {} KiB", rise / 1024);
}

#[test]
fn a_100_mb_error_body_keeps_memory_bounded() {
    let server = server();
    let (rt, ureq, reqwest) = clients(&server.url());
    let (e, rise) = peak_during(|| ureq.agents().list_phone_numbers("a").unwrap_err());
    check("ureq", e, rise);

    // Warm the reqwest client's pool and runtime first: their one-off allocations are not
    // the body's.
    let _ = rt.block_on(reqwest.agents().list_phone_numbers("warm"));
    let (e, rise) = peak_during(|| {
        rt.block_on(reqwest.agents().list_phone_numbers("a"))
            .unwrap_err()
    });
    check("reqwest", e, rise);
}
