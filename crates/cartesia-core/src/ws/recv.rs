//! The receiving half shared by every public socket handle: one generic receiver over the
//! hub, with the receive timeout, as an async `next().await` / `Stream` and a blocking
//! `recv` / `recv_timeout` / `Iterator`.

use std::sync::Arc;
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};

use super::error::WsError;
use super::link::{Hub, HubState, WakeKey};
use crate::sleep::SleepFuture;
use crate::{ClientConfig, Error};

/// What a receiver takes from the hub.
pub(crate) trait Source: Send + Unpin {
    /// One item.
    type Item;
    /// Whose waker an event for this source wakes.
    fn key(&self) -> WakeKey;
    /// Under the lock: the next item, `Ready(None)` at the end, `Pending` if none yet.
    fn take(&mut self, state: &mut HubState) -> Poll<Option<Result<Self::Item, Error>>>;
}

/// A source over a hub, with a receive timeout.
pub(crate) struct Receiver<S: Source> {
    pub(crate) hub: Arc<Hub>,
    pub(crate) client: Arc<ClientConfig>,
    pub(crate) source: S,
    timeout: Option<Duration>,
    /// Since when the current receive has waited (set on its first `Pending`).
    waiting_since: Option<Instant>,
    /// The async timer; it may be older than the current wait (it is re-armed when it
    /// fires before that wait's deadline), so one timer serves many receives.
    timer: Option<SleepFuture>,
}

impl<S: Source> std::fmt::Debug for Receiver<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Receiver")
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl<S: Source> Receiver<S> {
    pub(crate) fn new(hub: Arc<Hub>, client: Arc<ClientConfig>, source: S) -> Self {
        let timeout = hub.config().receive_timeout;
        Self {
            hub,
            client,
            source,
            timeout,
            waiting_since: None,
            timer: None,
        }
    }

    fn take(&mut self, waker: Option<&Waker>) -> Poll<Option<Result<S::Item, Error>>> {
        let mut state = self.hub.lock();
        let got = self.source.take(&mut state);
        match &got {
            Poll::Ready(_) => state.after_take(&self.hub),
            Poll::Pending => {
                if let Some(w) = waker {
                    state.register(self.source.key(), w);
                }
            }
        }
        got
    }

    /// Async: the next item, or a timeout error after `receive_timeout` without one.
    pub(crate) fn poll_recv(
        &mut self,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<S::Item, Error>>> {
        if let Poll::Ready(item) = self.take(Some(cx.waker())) {
            self.waiting_since = None;
            return Poll::Ready(item);
        }
        let Some(limit) = self.timeout else {
            return Poll::Pending;
        };
        let now = Instant::now();
        let since = *self.waiting_since.get_or_insert(now);
        loop {
            let timer = self
                .timer
                .get_or_insert_with(|| self.client.async_sleep().sleep(limit));
            if timer.as_mut().poll(cx).is_pending() {
                return Poll::Pending;
            }
            self.timer = None;
            let waited = now.saturating_duration_since(since);
            if waited >= limit {
                self.waiting_since = None;
                return Poll::Ready(Some(Err(WsError::Timeout(limit).into())));
            }
            // An older timer fired early for this wait: arm one for what is left.
            self.timer = Some(self.client.async_sleep().sleep(limit - waited));
        }
    }

    /// Blocking: the next item, waiting at most `timeout` (`None`: the receive timeout).
    pub(crate) fn recv_blocking(
        &mut self,
        timeout: Option<Duration>,
    ) -> Option<Result<S::Item, Error>> {
        let limit = timeout.or(self.timeout);
        let until = limit.map(|d| Instant::now() + d);
        let mut state = self.hub.lock();
        loop {
            if let Poll::Ready(item) = self.source.take(&mut state) {
                state.after_take(&self.hub);
                return item;
            }
            let wait = match until {
                Some(until) => {
                    let left = until.saturating_duration_since(Instant::now());
                    if left.is_zero() {
                        let limit = limit.unwrap_or_default();
                        return Some(Err(WsError::Timeout(limit).into()));
                    }
                    left
                }
                // Re-check now and then even without a deadline (a wake-up is never lost,
                // this only bounds the cost of one that is).
                None => Duration::from_secs(1),
            };
            state = self.hub.wait_event(state, wait);
        }
    }
}

impl<S: Source> Drop for Receiver<S> {
    fn drop(&mut self) {
        self.hub.lock().unregister(&self.source.key());
    }
}

/// An async handle's receiving methods: `next().await`, and `futures_core::Stream` with
/// the `stream` feature. `$field` is its `Receiver`.
macro_rules! async_events {
    ($handle:ident $(<$p:ident: $bound:path>)?, $item:ty, $field:ident) => {
        impl$(<$p: $bound>)? $handle$(<$p>)? {
            /// The next event, in order; `None` after the last one. Waits at most the
            /// receive timeout ([`WsConfig::receive_timeout`](crate::ws::WsConfig)), then
            /// returns [`WsError::Timeout`](crate::ws::WsError::Timeout) (call again to go on
            /// waiting).
            #[allow(clippy::should_implement_trait)]
            pub async fn next(&mut self) -> Option<Result<$item, $crate::Error>> {
                std::future::poll_fn(|cx| self.$field.poll_recv(cx)).await
            }
        }

        #[cfg(feature = "stream")]
        impl$(<$p: $bound>)? futures_core::Stream for $handle$(<$p>)? {
            type Item = Result<$item, $crate::Error>;

            fn poll_next(
                mut self: std::pin::Pin<&mut Self>,
                cx: &mut std::task::Context<'_>,
            ) -> std::task::Poll<Option<Self::Item>> {
                self.$field.poll_recv(cx)
            }
        }
    };
}

/// A blocking handle's receiving methods: `recv`, `recv_timeout` and `Iterator`.
macro_rules! blocking_events {
    ($handle:ident $(<$p:ident: $bound:path>)?, $item:ty, $field:ident) => {
        impl$(<$p: $bound>)? $handle$(<$p>)? {
            /// The next event, in order; `None` after the last one. Waits at most the
            /// receive timeout ([`WsConfig::receive_timeout`](crate::ws::WsConfig)), then
            /// returns [`WsError::Timeout`](crate::ws::WsError::Timeout).
            pub fn recv(&mut self) -> Option<Result<$item, $crate::Error>> {
                self.$field.recv_blocking(None)
            }

            /// The next event, waiting at most `timeout`.
            pub fn recv_timeout(
                &mut self,
                timeout: std::time::Duration,
            ) -> Option<Result<$item, $crate::Error>> {
                self.$field.recv_blocking(Some(timeout))
            }
        }

        impl$(<$p: $bound>)? Iterator for $handle$(<$p>)? {
            type Item = Result<$item, $crate::Error>;

            fn next(&mut self) -> Option<Self::Item> {
                self.recv()
            }
        }
    };
}

pub(crate) use {async_events, blocking_events};
