//! A client-side limit on concurrent requests, shared by every clone of a client.
//!
//! Cartesia counts concurrent generations per account and answers `429` with
//! `error_code: "concurrency_limited"` above the plan's limit. [`ConcurrencyLimit`] keeps a
//! process under a chosen `n` instead: each request takes a [`Permit`] before it is sent and
//! gives it back when its answer is read — for a streamed body, when the body is read to its
//! end or dropped, because the permit moves into the body.
//!
//! One limit serves both clients: the async one waits without blocking a thread
//! ([`acquire`](ConcurrencyLimit::acquire) is a future; dropping it gives up its place), the
//! blocking one waits on its own thread with no runtime
//! ([`acquire_blocking`](ConcurrencyLimit::acquire_blocking),
//! [`acquire_blocking_timeout`](ConcurrencyLimit::acquire_blocking_timeout)). Waiters are
//! served in order. The semaphore itself is `async-lock`'s (smol-rs; no runtime).
//!
//! ```
//! use std::num::NonZeroUsize;
//! use cartesia_core::limit::ConcurrencyLimit;
//!
//! let limit = ConcurrencyLimit::new(NonZeroUsize::new(2).unwrap());
//! let shared = limit.clone(); // clones share the same permits
//! let a = limit.acquire_blocking();
//! let b = shared.acquire_blocking();
//! assert!(limit.try_acquire().is_none());
//! assert_eq!(limit.in_flight(), 2);
//! drop(a);
//! assert!(shared.try_acquire().is_some());
//! # drop(b);
//! ```

use std::fmt;
use std::future::Future;
use std::num::NonZeroUsize;
use std::pin::pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};
use std::thread::{self, Thread};
use std::time::{Duration, Instant};

use async_lock::{Semaphore, SemaphoreGuardArc};

struct Inner {
    semaphore: Arc<Semaphore>,
    max: usize,
    in_flight: AtomicUsize,
}

/// At most `n` requests in flight at once, across every clone.
#[derive(Clone)]
pub struct ConcurrencyLimit {
    inner: Arc<Inner>,
}

impl fmt::Debug for ConcurrencyLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConcurrencyLimit")
            .field("max", &self.inner.max)
            .field("in_flight", &self.in_flight())
            .finish()
    }
}

impl ConcurrencyLimit {
    /// A limit of `n` concurrent requests.
    pub fn new(n: NonZeroUsize) -> Self {
        Self {
            inner: Arc::new(Inner {
                semaphore: Arc::new(Semaphore::new(n.get())),
                max: n.get(),
                in_flight: AtomicUsize::new(0),
            }),
        }
    }

    /// A limit of `n`, or `None` for `n == 0` (which would let nothing through).
    pub fn try_new(n: usize) -> Option<Self> {
        NonZeroUsize::new(n).map(Self::new)
    }

    /// The limit.
    pub fn max(&self) -> usize {
        self.inner.max
    }

    /// How many permits are held now.
    pub fn in_flight(&self) -> usize {
        self.inner.in_flight.load(Ordering::Acquire)
    }

    fn permit(&self, guard: SemaphoreGuardArc) -> Permit {
        self.inner.in_flight.fetch_add(1, Ordering::AcqRel);
        Permit {
            _guard: guard,
            inner: Arc::clone(&self.inner),
        }
    }

    /// Waits for a permit without blocking the thread. Dropping the future before it is
    /// ready gives up its place in the queue and takes no permit.
    pub fn acquire(&self) -> impl Future<Output = Permit> + Send + 'static {
        let this = self.clone();
        let wait = self.inner.semaphore.acquire_arc();
        async move {
            let guard = wait.await;
            this.permit(guard)
        }
    }

    /// Waits for a permit, blocking this thread (no runtime needed).
    pub fn acquire_blocking(&self) -> Permit {
        let guard = self.inner.semaphore.acquire_arc_blocking();
        self.permit(guard)
    }

    /// Waits for a permit for at most `timeout`, blocking this thread; `None` if none came
    /// in time (the place in the queue is given up).
    pub fn acquire_blocking_timeout(&self, timeout: Duration) -> Option<Permit> {
        let deadline = Instant::now().checked_add(timeout);
        let waker = Waker::from(Arc::new(Unpark(thread::current())));
        let mut cx = Context::from_waker(&waker);
        let mut wait = pin!(self.inner.semaphore.acquire_arc());
        loop {
            if let Poll::Ready(guard) = wait.as_mut().poll(&mut cx) {
                return Some(self.permit(guard));
            }
            match deadline {
                None => thread::park(),
                Some(d) => {
                    let now = Instant::now();
                    if now >= d {
                        return None;
                    }
                    thread::park_timeout(d - now);
                }
            }
        }
    }

    /// A permit if one is free now.
    pub fn try_acquire(&self) -> Option<Permit> {
        self.inner
            .semaphore
            .try_acquire_arc()
            .map(|g| self.permit(g))
    }
}

struct Unpark(Thread);

impl Wake for Unpark {
    fn wake(self: Arc<Self>) {
        self.0.unpark();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.0.unpark();
    }
}

/// One request's place under a [`ConcurrencyLimit`]; given back when dropped. `Send` and
/// `'static`, so it can move into a streamed body.
pub struct Permit {
    _guard: SemaphoreGuardArc,
    inner: Arc<Inner>,
}

impl fmt::Debug for Permit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Permit")
            .field("max", &self.inner.max)
            .finish()
    }
}

impl Drop for Permit {
    fn drop(&mut self) {
        // The guard (a field) is dropped right after this, releasing the slot.
        self.inner.in_flight.fetch_sub(1, Ordering::AcqRel);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicBool;

    fn limit(n: usize) -> ConcurrencyLimit {
        ConcurrencyLimit::try_new(n).unwrap()
    }

    /// Tracks how many holders are inside at once, and the most ever seen.
    #[derive(Default)]
    struct Gauge {
        now: AtomicUsize,
        peak: AtomicUsize,
        done: AtomicUsize,
    }

    impl Gauge {
        fn enter(&self) {
            let now = self.now.fetch_add(1, Ordering::SeqCst) + 1;
            self.peak.fetch_max(now, Ordering::SeqCst);
        }
        fn leave(&self) {
            self.now.fetch_sub(1, Ordering::SeqCst);
            self.done.fetch_add(1, Ordering::SeqCst);
        }
    }

    /// Pending once (waking itself), then ready: lets other tasks run while a permit is held.
    struct YieldOnce(bool);
    impl Future for YieldOnce {
        type Output = ();
        fn poll(mut self: std::pin::Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
            if self.0 {
                Poll::Ready(())
            } else {
                self.0 = true;
                cx.waker().wake_by_ref();
                Poll::Pending
            }
        }
    }

    /// Polls every task round-robin until all are done (a minimal single-thread executor).
    fn run_all(mut tasks: Vec<std::pin::Pin<Box<dyn Future<Output = ()> + Send>>>) {
        let waker = Waker::from(Arc::new(Unpark(thread::current())));
        let mut cx = Context::from_waker(&waker);
        while !tasks.is_empty() {
            tasks.retain_mut(|t| t.as_mut().poll(&mut cx).is_pending());
        }
    }

    #[test]
    fn zero_is_refused() {
        assert!(ConcurrencyLimit::try_new(0).is_none());
    }

    #[test]
    fn two_hundred_threads_never_exceed_n() {
        let l = limit(4);
        let gauge = Arc::new(Gauge::default());
        let threads: Vec<_> = (0..200)
            .map(|_| {
                let (l, gauge) = (l.clone(), Arc::clone(&gauge));
                thread::spawn(move || {
                    let _permit = l.acquire_blocking();
                    gauge.enter();
                    assert!(l.in_flight() <= 4);
                    thread::yield_now();
                    gauge.leave();
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        assert!(gauge.peak.load(Ordering::SeqCst) <= 4);
        assert_eq!(gauge.done.load(Ordering::SeqCst), 200);
        assert_eq!(l.in_flight(), 0);
    }

    #[test]
    fn two_hundred_async_tasks_never_exceed_n_and_do_reach_it() {
        let l = limit(5);
        let gauge = Arc::new(Gauge::default());
        let tasks = (0..200)
            .map(|_| {
                let (acquire, gauge) = (l.acquire(), Arc::clone(&gauge));
                Box::pin(async move {
                    let _permit = acquire.await;
                    gauge.enter();
                    YieldOnce(false).await;
                    YieldOnce(false).await;
                    gauge.leave();
                }) as std::pin::Pin<Box<dyn Future<Output = ()> + Send>>
            })
            .collect();
        run_all(tasks);
        // Exactly n: the limit lets n through at once (it does not serialize).
        assert_eq!(gauge.peak.load(Ordering::SeqCst), 5);
        assert_eq!(gauge.done.load(Ordering::SeqCst), 200);
        assert_eq!(l.in_flight(), 0);
    }

    #[test]
    fn a_dropped_waiter_takes_no_permit() {
        let l = limit(1);
        let held = l.try_acquire().unwrap();
        let waker = Waker::from(Arc::new(Unpark(thread::current())));
        let mut cx = Context::from_waker(&waker);
        {
            let mut waiting = Box::pin(l.acquire());
            assert!(waiting.as_mut().poll(&mut cx).is_pending());
        } // cancelled here
        drop(held);
        let again = l.try_acquire();
        assert!(
            again.is_some(),
            "the cancelled waiter must not keep the freed permit"
        );
        assert_eq!(l.in_flight(), 1);
    }

    #[test]
    fn dropping_a_permit_wakes_a_blocking_waiter() {
        let l = limit(1);
        let held = l.acquire_blocking();
        let woke = Arc::new(AtomicBool::new(false));
        let waiter = {
            let (l, woke) = (l.clone(), Arc::clone(&woke));
            thread::spawn(move || {
                let p = l.acquire_blocking_timeout(Duration::from_secs(60));
                woke.store(true, Ordering::SeqCst);
                p.is_some()
            })
        };
        assert!(!woke.load(Ordering::SeqCst));
        drop(held);
        assert!(waiter.join().unwrap());
    }

    #[test]
    fn a_blocking_wait_gives_up_at_its_timeout() {
        let l = limit(1);
        let _held = l.try_acquire().unwrap();
        assert!(l
            .acquire_blocking_timeout(Duration::from_millis(20))
            .is_none());
        assert!(l.acquire_blocking_timeout(Duration::ZERO).is_none());
        assert_eq!(l.in_flight(), 1);
        drop(_held);
        assert!(l.acquire_blocking_timeout(Duration::ZERO).is_some());
    }

    #[test]
    fn a_permit_moves_into_a_body_and_is_released_with_it() {
        struct Body {
            _permit: Permit,
        }
        let l = limit(1);
        let body = Body {
            _permit: l.try_acquire().unwrap(),
        };
        let handle = thread::spawn(move || drop(body));
        handle.join().unwrap();
        assert!(l.try_acquire().is_some());
    }
}
