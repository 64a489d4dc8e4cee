//! The public TTS socket and context handles, on both clients.

use std::sync::Arc;
use std::task::Poll;
use std::time::{Duration, Instant};

use cartesia_types::ws::TtsWsRequest;

use super::error::WsError;
use super::link::{AnySession, Hub, HubState, WakeKey};
use super::recv::{async_events, blocking_events, Receiver, Source};
use super::tts::{ContextState, TtsEvent, TtsSession, TtsSessionEvent};
use crate::{ClientConfig, Error};

/// The TTS session of a hub (the hub of a TTS socket always holds one).
fn tts(state: &mut HubState) -> Option<&mut TtsSession> {
    match &mut state.session {
        AnySession::Tts(t) => Some(t),
        _ => None,
    }
}

/// Runs `op` on the session of a socket that has not ended, then wakes the driver.
fn with_session<R>(
    hub: &Hub,
    op: impl FnOnce(&mut TtsSession) -> Result<R, WsError>,
) -> Result<R, Error> {
    let mut state = hub.lock();
    if let Some(ended) = &state.ended {
        return Err(ended.error());
    }
    let session = tts(&mut state).ok_or(WsError::Finished("not a TTS socket"))?;
    let out = op(session)?;
    state.wake_driver(hub);
    Ok(out)
}

/// What the client side of a socket holds: the hub, and the close of the socket when the
/// last socket handle goes.
#[derive(Debug)]
pub(crate) struct SocketGuard {
    pub(crate) hub: Arc<Hub>,
    pub(crate) client: Arc<ClientConfig>,
}

impl SocketGuard {
    /// Asks the driver to close the socket (idempotent).
    pub(crate) fn request_close(&self) {
        let mut state = self.hub.lock();
        if !state.close_requested {
            state.close_requested = true;
            state.wake_driver(&self.hub);
        }
    }

    /// Whether the socket ended for good.
    pub(crate) fn is_ended(&self) -> bool {
        self.hub.lock().ended.is_some()
    }

    /// Asks for the close and waits (async) until the socket ended, at most the close
    /// timeout.
    pub(crate) async fn close_async(&self) {
        self.request_close();
        let mut timer = self
            .client
            .async_sleep()
            .sleep(self.hub.config().close_timeout);
        std::future::poll_fn(|cx| {
            let mut state = self.hub.lock();
            if state.ended.is_some() || timer.as_mut().poll(cx).is_ready() {
                return Poll::Ready(());
            }
            state.register(WakeKey::Closing, cx.waker());
            Poll::Pending
        })
        .await;
    }

    /// Blocks until the socket ended, at most `timeout`.
    pub(crate) fn wait_ended(&self, timeout: Duration) {
        let until = Instant::now() + timeout;
        let mut state = self.hub.lock();
        while state.ended.is_none() {
            let left = until.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return;
            }
            state = self.hub.wait_event(state, left);
        }
    }
}

impl Drop for SocketGuard {
    fn drop(&mut self) {
        self.request_close();
    }
}

/// The events of one context.
#[derive(Debug)]
pub(crate) struct ContextSource {
    id: String,
}

impl Source for ContextSource {
    type Item = TtsEvent;

    fn key(&self) -> WakeKey {
        WakeKey::Context(self.id.clone())
    }

    fn take(&mut self, state: &mut HubState) -> Poll<Option<Result<TtsEvent, Error>>> {
        let failed = match &state.ended {
            Some(super::link::Ended::Failed(_)) => state.ended.as_ref().map(|e| e.error()),
            _ => None,
        };
        let Some(session) = tts(state) else {
            return Poll::Ready(None);
        };
        match session.next_event(&self.id) {
            // The socket ended without a reconnect: what was in flight did not complete.
            Some(TtsEvent::Closed(close)) => Poll::Ready(Some(Err(
                failed.unwrap_or_else(|| WsError::Closed(close).into())
            ))),
            Some(event) => Poll::Ready(Some(Ok(event))),
            None => match session.state(&self.id) {
                Some(s) if !s.is_terminal() => Poll::Pending,
                _ => Poll::Ready(None),
            },
        }
    }
}

/// The socket's own events ([`TtsSessionEvent`]).
#[derive(Debug)]
pub(crate) struct SessionSource;

impl Source for SessionSource {
    type Item = TtsSessionEvent;

    fn key(&self) -> WakeKey {
        WakeKey::Socket
    }

    fn take(&mut self, state: &mut HubState) -> Poll<Option<Result<TtsSessionEvent, Error>>> {
        let ended = state.ended.is_some();
        match tts(state).and_then(TtsSession::next_session_event) {
            Some(event) => Poll::Ready(Some(Ok(event))),
            None if ended => Poll::Ready(None),
            None => Poll::Pending,
        }
    }
}

/// What both context handles share: the id and the sending calls.
#[derive(Debug)]
struct ContextCore {
    hub: Arc<Hub>,
    id: String,
}

impl ContextCore {
    fn push(&self, text: &str) -> Result<(), Error> {
        with_session(&self.hub, |s| s.push(&self.id, text, false)).map(drop)
    }

    fn push_and_flush(&self, text: &str) -> Result<u64, Error> {
        with_session(&self.hub, |s| s.push(&self.id, text, true)).map(|id| id.unwrap_or_default())
    }

    fn flush(&self) -> Result<u64, Error> {
        with_session(&self.hub, |s| s.flush(&self.id))
    }

    fn finish(&self) -> Result<(), Error> {
        with_session(&self.hub, |s| s.no_more_inputs(&self.id))
    }

    fn cancel(&self) -> Result<(), Error> {
        with_session(&self.hub, |s| s.cancel(&self.id))
    }

    fn state(&self) -> Option<ContextState> {
        tts(&mut self.hub.lock()).and_then(|s| s.state(&self.id))
    }

    fn pending_flushes(&self) -> Vec<u64> {
        tts(&mut self.hub.lock()).map_or_else(Vec::new, |s| s.pending_flushes(&self.id))
    }
}

impl Drop for ContextCore {
    fn drop(&mut self) {
        let mut state = self.hub.lock();
        if let Some(session) = tts(&mut state) {
            // A cancel if it was still running; its queued events go.
            session.remove_context(&self.id);
        }
        state.wake_driver(&self.hub);
    }
}

/// Opens a context on the socket of `guard`.
fn open_context(guard: &SocketGuard, template: TtsWsRequest) -> Result<ContextParts, Error> {
    let id = template.context_id.clone();
    {
        let state = guard.hub.lock();
        if state.close_requested {
            return Err(WsError::Closed(None).into());
        }
    }
    with_session(&guard.hub, |s| s.open_context(template))?;
    let core = ContextCore {
        hub: guard.hub.clone(),
        id: id.clone(),
    };
    let events = Receiver::new(
        guard.hub.clone(),
        guard.client.clone(),
        ContextSource { id },
    );
    Ok((core, events))
}

type ContextParts = (ContextCore, Receiver<ContextSource>);

macro_rules! context_methods {
    ($name:ident) => {
        impl $name {
            /// The context id (the template's `context_id`).
            pub fn id(&self) -> &str {
                &self.core.id
            }

            /// Queues `text` (`continue: true`: more may follow). Refused with a typed
            /// error after [`finish`](Self::finish), on an ended context or socket, or when
            /// the send queue is full.
            pub fn push(&self, text: &str) -> Result<(), Error> {
                self.core.push(text)
            }

            /// Queues `text` with `flush: true` and returns the flush id that a later
            /// [`TtsEvent::FlushDone`] answers.
            pub fn push_and_flush(&self, text: &str) -> Result<u64, Error> {
                self.core.push_and_flush(text)
            }

            /// Asks the server to generate what it has buffered now; returns the flush id
            /// that a later [`TtsEvent::FlushDone`] answers (`matched: true`).
            pub fn flush(&self) -> Result<u64, Error> {
                self.core.flush()
            }

            /// Ends the input (`continue: false`): the server finishes and sends
            /// [`TtsEvent::Done`].
            pub fn finish(&self) -> Result<(), Error> {
                self.core.finish()
            }

            /// Cancels the context: unsent text is dropped, the server is told, and the event
            /// stream ends. Dropping the handle does the same.
            pub fn cancel(&self) -> Result<(), Error> {
                self.core.cancel()
            }

            /// Where the context is (`None` once the socket forgot it).
            pub fn state(&self) -> Option<ContextState> {
                self.core.state()
            }

            /// The flushes sent and not yet answered, in order.
            pub fn pending_flushes(&self) -> Vec<u64> {
                self.core.pending_flushes()
            }
        }
    };
}

/// One TTS context of an [`AsyncTtsSocket`]: send text with [`push`](Self::push), then read
/// its events in order with `next().await` (or as a `futures_core::Stream` with the
/// `stream` feature). The events are [`TtsEvent`]s: audio, timestamps, `FlushDone`, and a
/// last one: `Done`, `Error` (this context only), or `Lost` (the socket reconnected, with
/// what was unsent). When the socket closes for good with the context in flight, the last
/// item is `Err(Error::WebSocket(WsError::Closed(..)))` (or the error the driver stopped
/// with). Dropping the handle cancels the context.
#[derive(Debug)]
pub struct AsyncTtsContext {
    core: ContextCore,
    events: Receiver<ContextSource>,
}

/// The blocking twin of [`AsyncTtsContext`]: `recv()`, `recv_timeout(d)`, or iterate.
#[derive(Debug)]
pub struct BlockingTtsContext {
    core: ContextCore,
    events: Receiver<ContextSource>,
}

context_methods!(AsyncTtsContext);
context_methods!(BlockingTtsContext);
async_events!(AsyncTtsContext, TtsEvent, events);
blocking_events!(BlockingTtsContext, TtsEvent, events);

impl AsyncTtsContext {
    /// Reads every event up to the end and returns the audio, in order. `Error` (as
    /// `Error::Stream`), `Lost` ([`WsError::ContextLost`]) and a closed socket are errors.
    pub async fn collect_audio(&mut self) -> Result<Vec<u8>, Error> {
        let mut audio = Vec::new();
        while let Some(event) = self.next().await {
            if let Some(bytes) = audio_of(event?)? {
                audio.extend_from_slice(&bytes);
            }
        }
        Ok(audio)
    }
}

impl BlockingTtsContext {
    /// Reads every event up to the end and returns the audio, in order (as
    /// [`AsyncTtsContext::collect_audio`]).
    pub fn collect_audio(&mut self) -> Result<Vec<u8>, Error> {
        let mut audio = Vec::new();
        for event in self.by_ref() {
            if let Some(bytes) = audio_of(event?)? {
                audio.extend_from_slice(&bytes);
            }
        }
        Ok(audio)
    }
}

/// The audio of an event; an error for the events that end a context without its audio.
pub(crate) fn audio_of(event: TtsEvent) -> Result<Option<Vec<u8>>, Error> {
    match event {
        TtsEvent::Audio(chunk) => Ok(Some(chunk.audio)),
        TtsEvent::Error(e) => Err(crate::sse::StreamError::Server(Box::new(e)).into()),
        TtsEvent::Lost(_) => Err(WsError::ContextLost.into()),
        _ => Ok(None),
    }
}

/// A TTS WebSocket (`/tts/websocket`) on the async client: many contexts at once, each with
/// its own ordered events. Made by `client.tts().websocket().await`. Dropping it (or
/// [`close`](Self::close)) closes the socket; contexts still in flight then end with a
/// closed error.
///
/// ```no_run
/// # async fn run(client: cartesia_core::AsyncClient) -> Result<(), cartesia_core::Error> {
/// use cartesia_core::types::{tts::RawEncoding, ws::{TtsWsRequest, WsOutputFormat}};
/// use cartesia_core::ws::TtsEvent;
///
/// let socket = client.tts().websocket().await?;
/// let format = WsOutputFormat::raw(RawEncoding::PcmS16le, 24_000);
/// let mut ctx = socket.context(TtsWsRequest::new("sonic-3", "voice-id", format, "turn-1"))?;
/// ctx.push("Hello, ")?;
/// ctx.push("world.")?;
/// ctx.finish()?;
/// while let Some(event) = ctx.next().await {
///     if let TtsEvent::Audio(chunk) = event? {
///         println!("{} bytes", chunk.audio.len());
///     }
/// }
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct AsyncTtsSocket {
    guard: SocketGuard,
    events: Receiver<SessionSource>,
}

/// The blocking twin of [`AsyncTtsSocket`] (`client.tts().websocket()`).
#[derive(Debug)]
pub struct BlockingTtsSocket {
    guard: SocketGuard,
    events: Receiver<SessionSource>,
}

macro_rules! socket_methods {
    ($name:ident, $context:ident) => {
        impl $name {
            pub(crate) fn new(hub: Arc<Hub>, client: Arc<ClientConfig>) -> Self {
                let events = Receiver::new(hub.clone(), client.clone(), SessionSource);
                Self {
                    guard: SocketGuard { hub, client },
                    events,
                }
            }

            /// Opens a context: `template` gives its id (`context_id`, unique on this
            /// socket) and every field its requests repeat (model, voice, output format,
            /// language, timestamps, buffer delay). Nothing is sent before the first push.
            pub fn context(&self, template: TtsWsRequest) -> Result<$context, Error> {
                let (core, events) = open_context(&self.guard, template)?;
                Ok($context { core, events })
            }

            /// The socket's own events ([`TtsSessionEvent`]: an error without a context,
            /// messages for unknown contexts, malformed frames), without waiting.
            pub fn try_session_event(&self) -> Option<TtsSessionEvent> {
                let mut state = self.guard.hub.lock();
                tts(&mut state).and_then(TtsSession::next_session_event)
            }

            /// Whether the socket ended for good (closed without reconnect, or its driver
            /// stopped).
            pub fn is_closed(&self) -> bool {
                self.guard.is_ended()
            }
        }
    };
}

socket_methods!(AsyncTtsSocket, AsyncTtsContext);
socket_methods!(BlockingTtsSocket, BlockingTtsContext);

impl AsyncTtsSocket {
    /// The next socket-level event ([`TtsSessionEvent`]); `None` once the socket ended.
    /// Waits at most the receive timeout.
    pub async fn next_session_event(&mut self) -> Option<Result<TtsSessionEvent, Error>> {
        std::future::poll_fn(|cx| self.events.poll_recv(cx)).await
    }

    /// Closes the socket (a normal close) and waits for the driver to finish, at most the
    /// close timeout. Contexts still in flight end with a closed error.
    pub async fn close(self) {
        self.guard.close_async().await;
    }
}

impl BlockingTtsSocket {
    /// The next socket-level event, waiting at most `timeout` (`None`: the receive
    /// timeout); `None` once the socket ended.
    pub fn recv_session_event(
        &mut self,
        timeout: Option<Duration>,
    ) -> Option<Result<TtsSessionEvent, Error>> {
        self.events.recv_blocking(timeout)
    }

    /// Closes the socket (a normal close) and waits for the driver to finish, at most the
    /// close timeout.
    pub fn close(self) {
        self.guard.request_close();
        self.guard.wait_ended(self.guard.hub.config().close_timeout);
    }
}

#[cfg(test)]
impl BlockingTtsContext {
    /// Events waiting in the context's queue.
    pub(crate) fn queued_events(&self) -> usize {
        tts(&mut self.core.hub.lock()).map_or(0, |s| s.queued_events(&self.core.id))
    }
}

#[cfg(test)]
impl BlockingTtsSocket {
    /// The driver's view of this socket.
    pub(crate) fn link_for_tests(&self) -> super::DriverLink {
        super::DriverLink::new(self.guard.hub.clone())
    }
}
