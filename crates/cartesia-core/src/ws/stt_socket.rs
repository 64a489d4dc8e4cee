//! The public STT socket handles (`/stt/websocket` and `/stt/turns/websocket`), on both
//! clients.

use std::marker::PhantomData;
use std::sync::Arc;
use std::task::Poll;
use std::time::{Duration, Instant};

use bytes::Bytes;

use super::error::WsError;
use super::frame::close_code;
use super::link::{AnySession, Ended, Hub, HubState, WakeKey};
use super::recv::{async_events, blocking_events, Receiver, Source};
use super::stt::{Manual, SttEvent, SttProtocol, SttSession, Turns};
use super::tts_socket::SocketGuard;
use crate::{ClientConfig, Error};

// The trait is sealed: its methods name a crate-private type no one outside can reach.
#[allow(private_interfaces)]
mod sealed {
    use super::{AnySession, Manual, SttProtocol, SttSession, Turns};
    use crate::types::ws::SttWsQuery;
    use crate::ws::link::OwnedEndpoint;

    /// Where each STT socket's session sits in the hub.
    pub trait Sealed: SttProtocol + Sized {
        fn session(session: &mut AnySession) -> Option<&mut SttSession<Self>>;
        fn wrap(session: SttSession<Self>) -> AnySession;
        fn endpoint(query: SttWsQuery) -> OwnedEndpoint;
    }

    macro_rules! sealed {
        ($($kind:ident => $variant:ident, $endpoint:ident);*) => {$(
            impl Sealed for $kind {
                fn session(session: &mut AnySession) -> Option<&mut SttSession<Self>> {
                    match session {
                        AnySession::$variant(s) => Some(s),
                        _ => None,
                    }
                }
                fn wrap(session: SttSession<Self>) -> AnySession {
                    AnySession::$variant(session)
                }
                fn endpoint(query: SttWsQuery) -> OwnedEndpoint {
                    OwnedEndpoint::$endpoint(query)
                }
            }
        )*};
    }
    sealed!(Manual => Stt, Stt; Turns => Turns, SttTurns);
}

/// The two STT sockets, as the handles see them: [`Manual`] (`/stt/websocket`, finalized by
/// the client) and [`Turns`] (`/stt/turns/websocket`, turn detection). Sealed.
pub trait SttKind: sealed::Sealed + Send + 'static {}

impl SttKind for Manual {}
impl SttKind for Turns {}

/// The events of an STT socket.
pub(crate) struct SttSource<P> {
    /// The server's `done` went by: the close after it is the normal end.
    saw_done: bool,
    _protocol: PhantomData<fn() -> P>,
}

impl<P: SttKind> Source for SttSource<P> {
    type Item = SttEvent<P::Message>;

    fn key(&self) -> WakeKey {
        WakeKey::Socket
    }

    fn take(&mut self, state: &mut HubState) -> Poll<Option<Result<Self::Item, Error>>> {
        let failed = match &state.ended {
            Some(e @ Ended::Failed(_)) => Some(e.error()),
            _ => None,
        };
        let asked = state.close_requested;
        let ended = state.ended.is_some();
        let Some(session) = P::session(&mut state.session) else {
            return Poll::Ready(None);
        };
        match session.next_event() {
            Some(SttEvent::Closed(close)) => {
                if let Some(e) = failed {
                    return Poll::Ready(Some(Err(e)));
                }
                let normal = self.saw_done
                    || asked
                    || close.as_ref().is_some_and(|c| c.code == close_code::NORMAL);
                if normal {
                    Poll::Ready(None)
                } else {
                    Poll::Ready(Some(Err(WsError::Closed(close).into())))
                }
            }
            Some(event) => {
                if let SttEvent::Message(m) = &event {
                    self.saw_done |= P::is_done(m);
                }
                Poll::Ready(Some(Ok(event)))
            }
            None if ended || session.state() == super::SttState::Closed => Poll::Ready(None),
            None => Poll::Pending,
        }
    }
}

/// Queues `audio` if there is room: `Ok(false)` when the send queue is full (the caller
/// waits for the driver to drain it).
fn try_queue<P: SttKind>(hub: &Hub, state: &mut HubState, audio: &Bytes) -> Result<bool, Error> {
    if let Some(ended) = &state.ended {
        return Err(ended.error());
    }
    let session = P::session(&mut state.session).ok_or(WsError::Finished("not this socket"))?;
    match session.audio(audio.clone()) {
        Ok(()) => {
            state.wake_driver(hub);
            Ok(true)
        }
        Err(WsError::SendQueueFull { .. }) => {
            state.sender_waits();
            Ok(false)
        }
        Err(e) => Err(e.into()),
    }
}

/// Runs a command on the session of a socket that has not ended, then wakes the driver.
fn command<P: SttKind>(
    hub: &Hub,
    op: impl FnOnce(&mut SttSession<P>) -> Result<(), WsError>,
) -> Result<(), Error> {
    let mut state = hub.lock();
    if let Some(ended) = &state.ended {
        return Err(ended.error());
    }
    let session = P::session(&mut state.session).ok_or(WsError::Finished("not this socket"))?;
    op(session)?;
    state.wake_driver(hub);
    Ok(())
}

macro_rules! sender {
    ($name:ident, $doc:literal) => {
        #[doc = $doc]
        pub struct $name<P> {
            hub: Arc<Hub>,
            client: Arc<ClientConfig>,
            _protocol: PhantomData<fn() -> P>,
        }

        impl<P> Clone for $name<P> {
            fn clone(&self) -> Self {
                Self {
                    hub: self.hub.clone(),
                    client: self.client.clone(),
                    _protocol: PhantomData,
                }
            }
        }

        impl<P> std::fmt::Debug for $name<P> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(stringify!($name)).finish_non_exhaustive()
            }
        }

        impl<P: SttKind> $name<P> {
            /// Queues one binary frame of audio (in the socket's encoding and sample rate)
            /// without waiting: [`WsError::SendQueueFull`] when the send queue is at its
            /// bound.
            pub fn try_send_audio(&self, audio: impl Into<Bytes>) -> Result<(), Error> {
                let audio = audio.into();
                let mut state = self.hub.lock();
                if try_queue::<P>(&self.hub, &mut state, &audio)? {
                    Ok(())
                } else {
                    let limit = self.hub.config().session.max_unsent_bytes;
                    let queued = match P::session(&mut state.session) {
                        Some(s) => s.unsent_bytes(),
                        None => 0,
                    };
                    Err(WsError::SendQueueFull { queued, limit }.into())
                }
            }

            /// Asks the server to finish: it sends its last messages and closes (`close`, or
            /// `{"type":"close"}` on the turns socket). Audio is refused afterwards; read the
            /// events to the end.
            pub fn close(&self) -> Result<(), Error> {
                command::<P>(&self.hub, SttSession::close)
            }
        }

        impl $name<Manual> {
            /// Asks the server to transcribe the audio so far (`finalize`); a `flush_done`
            /// answers it.
            pub fn finalize(&self) -> Result<(), Error> {
                command::<Manual>(&self.hub, SttSession::finalize)
            }
        }
    };
}

sender!(
    AsyncSttSender,
    "The sending half of an [`AsyncSttSocket`] (cheap to clone; send from another task while the socket reads events). It does not keep the socket open."
);
sender!(
    BlockingSttSender,
    "The sending half of a [`BlockingSttSocket`] (cheap to clone; send from another thread). It does not keep the socket open."
);

impl<P: SttKind> AsyncSttSender<P> {
    /// Queues one binary frame of audio, waiting for room in the bounded send queue (at most
    /// the send timeout, then [`WsError::Timeout`]).
    pub async fn send_audio(&self, audio: impl Into<Bytes>) -> Result<(), Error> {
        let audio = audio.into();
        let limit = self.hub.config().send_timeout;
        let mut timer = None;
        std::future::poll_fn(|cx| {
            let mut state = self.hub.lock();
            if try_queue::<P>(&self.hub, &mut state, &audio)? {
                return Poll::Ready(Ok(()));
            }
            state.register(WakeKey::Sender, cx.waker());
            drop(state);
            if let Some(limit) = limit {
                let t = timer.get_or_insert_with(|| self.client.async_sleep().sleep(limit));
                if t.as_mut().poll(cx).is_ready() {
                    return Poll::Ready(Err(WsError::Timeout(limit).into()));
                }
            }
            Poll::Pending
        })
        .await
    }

    /// Sends every chunk of `audio` in order (each waits for room, as
    /// [`send_audio`](Self::send_audio)); returns the bytes sent (feature `stream`).
    #[cfg(feature = "stream")]
    pub async fn send_stream<S>(&self, audio: S) -> Result<u64, Error>
    where
        S: futures_core::Stream<Item = Bytes>,
    {
        let mut audio = std::pin::pin!(audio);
        let mut sent = 0u64;
        while let Some(chunk) = std::future::poll_fn(|cx| audio.as_mut().poll_next(cx)).await {
            sent += chunk.len() as u64;
            self.send_audio(chunk).await?;
        }
        Ok(sent)
    }
}

impl<P: SttKind> BlockingSttSender<P> {
    /// Queues one binary frame of audio, waiting for room in the bounded send queue (at most
    /// the send timeout, then [`WsError::Timeout`]).
    pub fn send_audio(&self, audio: impl Into<Bytes>) -> Result<(), Error> {
        let audio = audio.into();
        let limit = self.hub.config().send_timeout;
        let until = limit.map(|d| Instant::now() + d);
        let mut state = self.hub.lock();
        loop {
            if try_queue::<P>(&self.hub, &mut state, &audio)? {
                return Ok(());
            }
            let wait = match until {
                Some(until) => until.saturating_duration_since(Instant::now()),
                None => Duration::from_secs(1),
            };
            if wait.is_zero() {
                return Err(WsError::Timeout(limit.unwrap_or_default()).into());
            }
            state = self.hub.wait_event(state, wait);
        }
    }

    /// Reads `audio` to its end in chunks of `chunk_bytes` (at least 1) and sends each as
    /// [`send_audio`](Self::send_audio) does; returns the bytes sent. A read error is
    /// [`WsError::Input`].
    pub fn send_reader(
        &self,
        mut audio: impl std::io::Read,
        chunk_bytes: usize,
    ) -> Result<u64, Error> {
        let mut buf = vec![0u8; chunk_bytes.max(1)];
        let mut sent = 0u64;
        loop {
            let n = match audio.read(&mut buf) {
                Ok(0) => return Ok(sent),
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(WsError::Input(e.to_string()).into()),
            };
            self.send_audio(Bytes::copy_from_slice(&buf[..n]))?;
            sent += n as u64;
        }
    }
}

macro_rules! stt_socket {
    ($name:ident, $sender:ident, $doc:literal) => {
        #[doc = $doc]
        ///
        /// It dereferences to its sender ([`send_audio`](AsyncSttSender::send_audio),
        /// `finalize`, `close`); [`sender`](Self::sender) gives a clone to send from
        /// elsewhere. Dropping the socket closes it at once (a normal WebSocket close);
        /// `close()` instead asks the server to finish first.
        pub struct $name<P: SttKind> {
            sender: $sender<P>,
            events: Receiver<SttSource<P>>,
            guard: SocketGuard,
        }

        impl<P: SttKind> $name<P> {
            pub(crate) fn new(hub: Arc<Hub>, client: Arc<ClientConfig>) -> Self {
                let source = SttSource {
                    saw_done: false,
                    _protocol: PhantomData,
                };
                Self {
                    sender: $sender {
                        hub: hub.clone(),
                        client: client.clone(),
                        _protocol: PhantomData,
                    },
                    events: Receiver::new(hub.clone(), client.clone(), source),
                    guard: SocketGuard { hub, client },
                }
            }

            /// A sender for this socket (to send from another task or thread).
            pub fn sender(&self) -> $sender<P> {
                self.sender.clone()
            }

            /// Whether the socket ended for good.
            pub fn is_closed(&self) -> bool {
                self.guard.is_ended()
            }
        }

        impl<P: SttKind> std::ops::Deref for $name<P> {
            type Target = $sender<P>;

            fn deref(&self) -> &$sender<P> {
                &self.sender
            }
        }

        impl<P: SttKind> std::fmt::Debug for $name<P> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(stringify!($name))
                    .field("socket", &P::NAME)
                    .finish_non_exhaustive()
            }
        }
    };
}

stt_socket!(
    AsyncSttSocket,
    AsyncSttSender,
    "A realtime STT WebSocket on the async client: `client.stt().websocket(query)` ([`Manual`]) or `client.stt().turns_websocket(query)` ([`Turns`]). Events ([`SttEvent`]: the server's messages, malformed frames, `Lost` after a reconnect) come in order from `next().await` (or the `Stream` of the `stream` feature); the stream ends after the server's last message and its close. A close without a reconnect that is not the normal end is an `Err(WsError::Closed(..))`."
);
stt_socket!(
    BlockingSttSocket,
    BlockingSttSender,
    "The blocking twin of [`AsyncSttSocket`]: `recv()`, `recv_timeout(d)`, or iterate."
);

async_events!(AsyncSttSocket<P: SttKind>, SttEvent<P::Message>, events);
blocking_events!(BlockingSttSocket<P: SttKind>, SttEvent<P::Message>, events);
