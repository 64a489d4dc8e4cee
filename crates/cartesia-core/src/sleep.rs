//! Waiting between retries, injected so that the core needs no async runtime and tests never
//! really wait.
//!
//! The async client sleeps through an [`AsyncSleep`] (`cartesia-reqwest` supplies one over
//! tokio; without one, [`ThreadSleep`] works under any executor), the blocking client through a
//! [`BlockingSleep`] ([`StdSleep`] by default). `mock::RecordingSleep` (feature `test-util`)
//! records the delays and returns at once.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};
use std::time::Duration;

/// A future that completes after a delay.
pub type SleepFuture = Pin<Box<dyn Future<Output = ()> + Send>>;

/// Sleeps without blocking the executor.
pub trait AsyncSleep: Send + Sync + fmt::Debug {
    /// A future that completes after `duration`.
    fn sleep(&self, duration: Duration) -> SleepFuture;
}

/// Sleeps the calling thread.
pub trait BlockingSleep: Send + Sync + fmt::Debug {
    /// Returns after `duration`.
    fn sleep(&self, duration: Duration);
}

/// [`BlockingSleep`] with `std::thread::sleep`.
#[derive(Debug, Clone, Copy, Default)]
pub struct StdSleep;

impl BlockingSleep for StdSleep {
    fn sleep(&self, duration: Duration) {
        std::thread::sleep(duration);
    }
}

/// [`AsyncSleep`] for any executor: a short-lived timer thread wakes the task. It is only
/// used between retries, so its cost does not matter; prefer the runtime's own timer when
/// there is one (`cartesia_reqwest::TokioSleep`).
#[derive(Debug, Clone, Copy, Default)]
pub struct ThreadSleep;

#[derive(Default)]
struct TimerState {
    done: bool,
    waker: Option<Waker>,
}

struct ThreadTimer {
    duration: Duration,
    state: Arc<Mutex<TimerState>>,
    started: bool,
}

impl Future for ThreadTimer {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        {
            let mut st = self.state.lock().unwrap_or_else(|p| p.into_inner());
            if st.done {
                return Poll::Ready(());
            }
            st.waker = Some(cx.waker().clone());
        }
        if !self.started {
            self.started = true;
            let state = self.state.clone();
            let duration = self.duration;
            let spawned = std::thread::Builder::new()
                .name("cartesia-retry-timer".into())
                .spawn(move || {
                    std::thread::sleep(duration);
                    let mut st = state.lock().unwrap_or_else(|p| p.into_inner());
                    st.done = true;
                    if let Some(w) = st.waker.take() {
                        w.wake();
                    }
                });
            if spawned.is_err() {
                // No thread to be had: do not wait rather than hang forever.
                return Poll::Ready(());
            }
        }
        Poll::Pending
    }
}

impl AsyncSleep for ThreadSleep {
    fn sleep(&self, duration: Duration) -> SleepFuture {
        if duration.is_zero() {
            return Box::pin(std::future::ready(()));
        }
        Box::pin(ThreadTimer {
            duration,
            state: Arc::default(),
            started: false,
        })
    }
}

impl<T: AsyncSleep + ?Sized> AsyncSleep for Arc<T> {
    fn sleep(&self, duration: Duration) -> SleepFuture {
        (**self).sleep(duration)
    }
}

impl<T: BlockingSleep + ?Sized> BlockingSleep for Arc<T> {
    fn sleep(&self, duration: Duration) {
        (**self).sleep(duration)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::block_on;
    use std::time::Instant;

    #[test]
    fn thread_sleep_waits_without_a_runtime() {
        let t = Instant::now();
        block_on(ThreadSleep.sleep(Duration::from_millis(30)));
        assert!(t.elapsed() >= Duration::from_millis(30));
        block_on(ThreadSleep.sleep(Duration::ZERO));
    }
}
