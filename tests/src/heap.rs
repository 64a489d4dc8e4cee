//! Heap measurement for the memory tests (`tests/tests/*_memory.rs`): a counting global
//! allocator and the rise of the heap during a closure, plus a writer that keeps nothing.
//!
//! A test binary installs the allocator with
//! `#[global_allocator] static GLOBAL: cartesia_contract::heap::Counting = cartesia_contract::heap::Counting;`
//! and keeps to one `#[test]`, so no other test moves the peak.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Forwards to the system allocator and counts the bytes live and their peak.
#[derive(Debug)]
pub struct Counting;

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

/// Runs `f` and returns its output and how far the heap rose above where it started (0
/// unless [`Counting`] is the global allocator).
pub fn peak_during<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let base = LIVE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let out = f();
    (out, PEAK.load(Ordering::Relaxed).saturating_sub(base))
}

/// The clients of the memory tests, without retries, against `base_url`: a current-thread
/// runtime, the blocking (ureq) client and the async (reqwest) client built on that runtime.
pub fn clients(
    base_url: &str,
) -> (
    tokio::runtime::Runtime,
    cartesia_core::BlockingClient,
    cartesia_core::AsyncClient,
) {
    use cartesia_reqwest::BuildReqwest;
    use cartesia_ureq::BuildUreq;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let builder = || {
        cartesia_core::ClientBuilder::new()
            .api_key("sk_car_test")
            .base_url(base_url)
            .max_retries(0)
    };
    let blocking = builder().build_ureq().expect("the ureq client");
    let async_client =
        rt.block_on(async { builder().build_reqwest().expect("the reqwest client") });
    (rt, blocking, async_client)
}

/// A writer (blocking and async) that keeps nothing: it counts the bytes, the largest write,
/// and whether every byte was `expected`.
#[derive(Debug)]
pub struct CountingSink {
    /// The byte every write must consist of.
    pub expected: u8,
    /// Bytes written.
    pub written: u64,
    /// The largest single write.
    pub largest: usize,
    /// Whether some byte was not `expected`.
    pub unexpected: bool,
}

impl CountingSink {
    /// A sink expecting only `expected` bytes.
    pub fn new(expected: u8) -> Self {
        Self {
            expected,
            written: 0,
            largest: 0,
            unexpected: false,
        }
    }

    fn take(&mut self, buf: &[u8]) -> usize {
        self.written += buf.len() as u64;
        self.largest = self.largest.max(buf.len());
        self.unexpected |= buf.iter().any(|&b| b != self.expected);
        buf.len()
    }
}

crate::harness::sink_writes!(CountingSink);
