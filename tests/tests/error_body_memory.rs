//! Peak memory while the SDK meets a 100 MB error body: the body is kept up to the cap
//! (1 MiB by default) and the rest is never read, so the heap stays small — measured with a
//! counting allocator, in a test binary of its own so no other test moves the peak.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use cartesia_contract::faults::{Fault, FaultServer};
use cartesia_core::{ClientBuilder, Error};

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards to the system allocator; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

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

/// Runs `call` and returns the error and how far the heap rose above where it started.
fn peak_during(call: impl FnOnce() -> Error) -> (Error, usize) {
    let base = LIVE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let e = call();
    (e, PEAK.load(Ordering::Relaxed).saturating_sub(base))
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
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let builder = || {
        ClientBuilder::new()
            .api_key("sk_car_test")
            .base_url(server.url())
            .max_retries(0)
    };

    let ureq = {
        use cartesia_ureq::BuildUreq;
        builder().build_ureq().unwrap()
    };
    let (e, rise) = peak_during(|| ureq.agents().list_phone_numbers("a").unwrap_err());
    check("ureq", e, rise);

    let reqwest = rt.block_on(async {
        use cartesia_reqwest::BuildReqwest;
        builder().build_reqwest().unwrap()
    });
    // Warm the reqwest client's pool and runtime first: their one-off allocations are not
    // the body's.
    let _ = rt.block_on(reqwest.agents().list_phone_numbers("warm"));
    let (e, rise) = peak_during(|| {
        rt.block_on(reqwest.agents().list_phone_numbers("a"))
            .unwrap_err()
    });
    check("reqwest", e, rise);
}
