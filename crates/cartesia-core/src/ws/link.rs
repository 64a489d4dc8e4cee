//! What a socket driver sees: one [`DriverLink`] per socket, shared with the public handles,
//! and the two connector traits the adapters implement.
//!
//! The link owns the socket's sans-IO session ([`TtsSession`] or an [`SttSession`]) behind a
//! `std` mutex, with a condition variable and wakers for both the driver and the handles, so
//! it works the same under an async runtime and on plain threads. A driver is a loop:
//!
//! 1. write every [`DriverLink::poll_transmit`] frame;
//! 2. unless [`DriverLink::read_paused`], read a frame into [`DriverLink::on_frame`];
//! 3. ping when its [`Keepalive`](super::Keepalive) says so;
//! 4. on a close, an error or a dead keepalive: [`DriverLink::on_disconnect`], which decides
//!    (the core's [`ReconnectPolicy`](super::ReconnectPolicy)) and gives every context in
//!    flight its last event; sleep and reconnect ([`DriverLink::on_connected`]) or stop;
//! 5. stop when [`DriverLink::close_requested`] (after a close handshake), or give the error
//!    that ended it to [`DriverLink::on_terminated`].
//!
//! Between steps it waits for work: [`DriverLink::poll_work`] (async) or
//! [`DriverLink::wait_for_work`] (blocking).

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};

use cartesia_types::ws::SttWsQuery;

use super::config::WsConfig;
use super::connect::{connect_request, websocket_url, WsEndpoint};
use super::error::WsError;
use super::frame::{CloseFrame, Frame};
use super::reconnect::{Disconnect, GiveUpReason, ReconnectDecision, ReconnectState};
use super::stt::{Manual, SttSession, Turns};
use super::tts::{Inbound, TtsSession};
use crate::{ClientConfig, Error};

/// Which socket a [`WsRequest`] opens (owned).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum OwnedEndpoint {
    Tts,
    Stt(SttWsQuery),
    SttTurns(SttWsQuery),
}

/// Everything a driver needs to open (and reopen) one socket: the client's checked
/// configuration and which socket. The upgrade request is rebuilt for every connection
/// with [`http_request`](Self::http_request).
#[derive(Clone)]
pub struct WsRequest {
    config: Arc<ClientConfig>,
    endpoint: OwnedEndpoint,
    /// The `Cartesia-Version` of the client view that opened the socket (`None`: the
    /// client's).
    version: Option<cartesia_types::ApiVersion>,
}

impl WsRequest {
    pub(crate) fn new(
        config: Arc<ClientConfig>,
        endpoint: OwnedEndpoint,
        version: Option<cartesia_types::ApiVersion>,
    ) -> Self {
        Self {
            config,
            endpoint,
            version,
        }
    }

    /// Which socket.
    pub fn endpoint(&self) -> WsEndpoint<'_> {
        match &self.endpoint {
            OwnedEndpoint::Tts => WsEndpoint::Tts,
            OwnedEndpoint::Stt(q) => WsEndpoint::Stt(q),
            OwnedEndpoint::SttTurns(q) => WsEndpoint::SttTurns(q),
        }
    }

    /// The socket URL (`wss://…`, or `ws://…` for a loopback `http` base URL); it never
    /// holds the key.
    pub fn url(&self) -> Result<String, Error> {
        websocket_url(self.config.base_url(), &self.endpoint())
    }

    /// The upgrade request with every header ([`connect_request`]); `key` is the
    /// `Sec-WebSocket-Key` nonce from the driver's library.
    /// The `Cartesia-Version` is the one of the client view that opened the socket
    /// (`client.with_version(v).tts().websocket()` sends `v`).
    pub fn http_request(&self, key: &str) -> Result<http::Request<()>, Error> {
        let mut request = connect_request(&self.config, &self.endpoint(), key)?;
        if self.version.is_some_and(|v| v != self.config.version()) {
            request.headers_mut().insert(
                crate::pipeline::CARTESIA_VERSION.clone(),
                self.config.version_header(self.version),
            );
        }
        Ok(request)
    }

    /// The client's configuration (base URL, timeouts).
    pub fn client_config(&self) -> &ClientConfig {
        &self.config
    }
}

impl fmt::Debug for WsRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WsRequest")
            .field("base_url", &self.config.base_url())
            .field("endpoint", &self.endpoint)
            .finish()
    }
}

/// Opens sockets for the async client (implemented by `cartesia-reqwest`).
#[async_trait::async_trait]
pub trait AsyncWsConnector: Send + Sync + fmt::Debug {
    /// Connects `request` (a refused upgrade is [`handshake_error`](super::handshake_error)'s
    /// `Error::Api`, a connect failure an `Error::Transport`), calls
    /// [`DriverLink::on_connected`], then spawns the driver that serves `link` (and
    /// reconnects as the link decides) until the link closes. Returns once the first
    /// connection is up.
    async fn connect(&self, request: WsRequest, link: DriverLink) -> Result<(), Error>;
}

/// Opens sockets for the blocking client (implemented by `cartesia-ureq`).
pub trait BlockingWsConnector: Send + Sync + fmt::Debug {
    /// As [`AsyncWsConnector::connect`], on the calling thread; the driver runs on a thread
    /// of its own.
    fn connect(&self, request: WsRequest, link: DriverLink) -> Result<(), Error>;
}

/// The session of one socket.
#[derive(Debug)]
pub(crate) enum AnySession {
    Tts(TtsSession),
    Stt(SttSession<Manual>),
    Turns(SttSession<Turns>),
}

/// Whom an event wakes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum WakeKey {
    /// The consumer of a TTS context.
    Context(String),
    /// The consumer of the socket's own events (TTS session events, the STT stream).
    Socket,
    /// A sender waiting for room in the send queue.
    Sender,
    /// A handle waiting for the socket to end (`close().await`).
    Closing,
}

/// How the socket ended for good.
#[derive(Debug)]
pub(crate) enum Ended {
    /// Closed (by the server or the client), with no reconnect.
    Closed(Option<CloseFrame>),
    /// The driver gave up with this error.
    Failed(Error),
}

impl Ended {
    /// The error a call on the ended socket returns (a copy for each caller).
    pub(crate) fn error(&self) -> Error {
        match self {
            Ended::Closed(close) => WsError::Closed(close.clone()).into(),
            Ended::Failed(e) => copy_error(e),
        }
    }
}

/// A copy of `e` for one more caller: API, request and configuration errors as they are,
/// anything else as [`WsError::Terminated`] with its message.
fn copy_error(e: &Error) -> Error {
    match e {
        Error::Api(a) => Error::Api(a.clone()),
        Error::InvalidRequest(r) => Error::InvalidRequest(r.clone()),
        Error::Config(c) => Error::Config(c.clone()),
        Error::WebSocket(w) => Error::WebSocket(w.clone()),
        other => WsError::Terminated(other.to_string()).into(),
    }
}

#[derive(Debug)]
pub(crate) struct HubState {
    pub(crate) session: AnySession,
    wakers: HashMap<WakeKey, Waker>,
    driver_waker: Option<Waker>,
    work: bool,
    pub(crate) close_requested: bool,
    pub(crate) connected: bool,
    pub(crate) ended: Option<Ended>,
    reconnect: ReconnectState,
    paused_seen: bool,
    sender_waiting: bool,
    sender_wakers: Vec<Waker>,
    /// Blocking handles parked on [`Hub::events`] right now: a notification is a system call
    /// (a futex wake) even when nobody waits, so it is made only when someone does.
    event_waiters: usize,
    /// Blocking drivers parked on [`Hub::work`] right now (as `event_waiters`).
    work_waiters: usize,
    /// Whom the frames routed by [`DriverLink::on_frame_batched`] since the last wake
    /// concern (usually one key: the context being read).
    deferred: Vec<WakeKey>,
    /// How many frames those were.
    deferred_frames: usize,
}

/// The state shared by a socket's driver and handles.
#[derive(Debug)]
pub(crate) struct Hub {
    state: Mutex<HubState>,
    /// Handles wait here (blocking).
    events: Condvar,
    /// The blocking driver waits here.
    work: Condvar,
    config: WsConfig,
}

impl Hub {
    pub(crate) fn new(session: AnySession, config: WsConfig) -> Arc<Self> {
        Arc::new(Self {
            state: Mutex::new(HubState {
                session,
                wakers: HashMap::new(),
                driver_waker: None,
                work: true,
                close_requested: false,
                connected: false,
                ended: None,
                reconnect: ReconnectState::new(),
                paused_seen: false,
                sender_waiting: false,
                sender_wakers: Vec::new(),
                event_waiters: 0,
                work_waiters: 0,
                deferred: Vec::new(),
                deferred_frames: 0,
            }),
            events: Condvar::new(),
            work: Condvar::new(),
            config,
        })
    }

    pub(crate) fn config(&self) -> &WsConfig {
        &self.config
    }

    /// The state, even if a thread panicked while holding it (the session stays consistent:
    /// its methods do not panic halfway).
    pub(crate) fn lock(&self) -> MutexGuard<'_, HubState> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Waits on the handles' condition variable for at most `timeout`.
    pub(crate) fn wait_event<'a>(
        &self,
        mut guard: MutexGuard<'a, HubState>,
        timeout: Duration,
    ) -> MutexGuard<'a, HubState> {
        guard.event_waiters += 1;
        let mut guard = match self.events.wait_timeout(guard, timeout) {
            Ok((g, _)) => g,
            Err(p) => p.into_inner().0,
        };
        guard.event_waiters -= 1;
        guard
    }

    /// Releases the state and wakes the blocking handles parked on [`Hub::events`], if any
    /// (they registered under the same lock, so none can be missed).
    fn notify_events(&self, guard: MutexGuard<'_, HubState>) {
        let waiting = guard.event_waiters > 0;
        drop(guard);
        if waiting {
            self.events.notify_all();
        }
    }
}

impl HubState {
    /// The driver has something to do: wake it.
    pub(crate) fn wake_driver(&mut self, hub: &Hub) {
        self.work = true;
        if let Some(w) = &self.driver_waker {
            w.wake_by_ref();
        }
        if self.work_waiters > 0 {
            hub.work.notify_one();
        }
    }

    /// A consumer took an event: if that ends a pause the driver saw, wake it.
    pub(crate) fn after_take(&mut self, hub: &Hub) {
        if self.paused_seen && !self.session_paused() {
            self.paused_seen = false;
            self.wake_driver(hub);
        }
    }

    /// Registers the waker of `key` (replacing an older one; senders are all kept until the
    /// next wake).
    pub(crate) fn register(&mut self, key: WakeKey, waker: &Waker) {
        if key == WakeKey::Sender {
            if !self.sender_wakers.iter().any(|w| w.will_wake(waker)) {
                self.sender_wakers.push(waker.clone());
            }
            return;
        }
        match self.wakers.get_mut(&key) {
            Some(w) if w.will_wake(waker) => {}
            Some(w) => w.clone_from(waker),
            None => {
                self.wakers.insert(key, waker.clone());
            }
        }
    }

    /// Forgets the waker of `key`.
    pub(crate) fn unregister(&mut self, key: &WakeKey) {
        self.wakers.remove(key);
    }

    /// A sender waits for room.
    pub(crate) fn sender_waits(&mut self) {
        self.sender_waiting = true;
    }

    fn wake(&mut self, key: &WakeKey) {
        if *key == WakeKey::Sender {
            self.sender_waiting = false;
            for w in self.sender_wakers.drain(..) {
                w.wake();
            }
        } else if let Some(w) = self.wakers.get(key) {
            w.wake_by_ref();
        }
    }

    fn wake_all(&mut self) {
        self.deferred.clear();
        self.deferred_frames = 0;
        for w in self.wakers.values() {
            w.wake_by_ref();
        }
        self.wake(&WakeKey::Sender);
    }

    /// Routes `frame` to the session; returns whom it wakes.
    fn route(&mut self, frame: Frame) -> Option<WakeKey> {
        match &mut self.session {
            AnySession::Tts(t) => match t.on_frame(frame) {
                Inbound::Routed(id) => Some(WakeKey::Context(id)),
                Inbound::Session => Some(WakeKey::Socket),
                _ => None,
            },
            AnySession::Stt(t) => t.on_frame(frame).then_some(WakeKey::Socket),
            AnySession::Turns(t) => t.on_frame(frame).then_some(WakeKey::Socket),
        }
    }

    /// Wakes whom the deferred frames concern; whether anyone was (then the caller notifies
    /// the blocking handles).
    fn wake_deferred(&mut self) -> bool {
        self.deferred_frames = 0;
        if self.deferred.is_empty() {
            return false;
        }
        let keys = std::mem::take(&mut self.deferred);
        for key in &keys {
            self.wake(key);
        }
        // The allocation is kept for the next batch.
        self.deferred = keys;
        self.deferred.clear();
        true
    }

    fn session_paused(&self) -> bool {
        match &self.session {
            AnySession::Tts(s) => s.read_paused(),
            AnySession::Stt(s) => s.read_paused(),
            AnySession::Turns(s) => s.read_paused(),
        }
    }

    fn disconnect_session(&mut self, reconnecting: bool, close: Option<CloseFrame>) {
        match &mut self.session {
            AnySession::Tts(s) => {
                s.on_disconnect(reconnecting, close);
            }
            AnySession::Stt(s) => s.on_disconnect(reconnecting, close),
            AnySession::Turns(s) => s.on_disconnect(reconnecting, close),
        }
    }
}

/// One socket as its driver sees it: the frames to write, where to put the frames read, and
/// what happened to the connection. Cheap to clone (an `Arc`); made by the client and passed
/// to an [`AsyncWsConnector`] or [`BlockingWsConnector`].
///
/// When the last clone is dropped while the socket has not ended (a driver task that was
/// dropped with its runtime, or panicked), the socket ends with
/// [`WsError::Terminated`]: the handles are told, they never wait for a driver that is gone.
#[derive(Clone)]
pub struct DriverLink {
    hub: Arc<Hub>,
    _alive: Arc<DriverAlive>,
}

/// Ends the socket when the last [`DriverLink`] goes without having ended it.
struct DriverAlive {
    hub: Arc<Hub>,
}

impl Drop for DriverAlive {
    fn drop(&mut self) {
        if self.hub.lock().ended.is_none() {
            let stopped = WsError::Terminated("the socket's driver stopped".into());
            terminate(&self.hub, stopped.into());
        }
    }
}

/// Ends the socket with `error`: contexts in flight end, every handle is woken.
fn terminate(hub: &Hub, error: Error) {
    let mut s = hub.lock();
    s.connected = false;
    s.disconnect_session(false, None);
    s.ended = Some(Ended::Failed(error));
    s.wake_all();
    hub.notify_events(s);
}

impl fmt::Debug for DriverLink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.hub.lock();
        f.debug_struct("DriverLink")
            .field("connected", &s.connected)
            .field("close_requested", &s.close_requested)
            .field("ended", &s.ended.is_some())
            .finish_non_exhaustive()
    }
}

impl DriverLink {
    pub(crate) fn new(hub: Arc<Hub>) -> Self {
        let alive = Arc::new(DriverAlive { hub: hub.clone() });
        Self { hub, _alive: alive }
    }

    /// The socket settings: keepalive, reconnect, queue bounds, timeouts.
    pub fn config(&self) -> &WsConfig {
        self.hub.config()
    }

    /// The next frame to write, if any (wakes a sender waiting for room).
    pub fn poll_transmit(&self) -> Option<Frame> {
        let mut s = self.hub.lock();
        let frame = match &mut s.session {
            AnySession::Tts(t) => t.poll_transmit(),
            AnySession::Stt(t) => t.poll_transmit(),
            AnySession::Turns(t) => t.poll_transmit(),
        };
        if frame.is_some() && s.sender_waiting {
            s.wake(&WakeKey::Sender);
            if s.event_waiters > 0 {
                self.hub.events.notify_all();
            }
        }
        frame
    }

    /// Takes in a frame read from the socket and wakes the handle it concerns. A close frame
    /// is not handled here: the driver answers it and calls
    /// [`on_disconnect`](Self::on_disconnect).
    pub fn on_frame(&self, frame: Frame) {
        let mut s = self.hub.lock();
        if let Some(key) = s.route(frame) {
            s.wake(&key);
            self.hub.notify_events(s);
        }
    }

    /// As [`on_frame`](Self::on_frame), for a driver that reads several frames in a row
    /// while the socket has data (the blocking driver, whose consumers run on other
    /// threads): the handle the frame concerns is woken once per batch, not once per frame,
    /// so a consumer that is parked takes several frames per wake-up (a futex wake and a
    /// context switch fewer per frame).
    ///
    /// The wake is held for at most [`WAKE_BATCH`](Self::WAKE_BATCH) frames, and never
    /// when reading pauses: a full queue wakes its consumer at once. The driver calls
    /// [`wake_deferred`](Self::wake_deferred) as soon as the socket has nothing more to
    /// read, before it waits, so a frame never waits for the next one to arrive.
    ///
    /// Returns whether the driver must stop reading now: reading paused
    /// ([`read_paused`](Self::read_paused) tells) or a close was asked.
    pub fn on_frame_batched(&self, frame: Frame) -> bool {
        let mut s = self.hub.lock();
        if let Some(key) = s.route(frame) {
            if !s.deferred.contains(&key) {
                s.deferred.push(key);
            }
        }
        s.deferred_frames += 1;
        let paused = s.session_paused();
        s.paused_seen = paused;
        let stop = paused || s.close_requested;
        if (stop || s.deferred_frames >= Self::WAKE_BATCH) && s.wake_deferred() {
            self.hub.notify_events(s);
        }
        stop
    }

    /// The most frames [`on_frame_batched`](Self::on_frame_batched) routes before it wakes
    /// their handles.
    pub const WAKE_BATCH: usize = 8;

    /// Wakes the handles of the frames [`on_frame_batched`](Self::on_frame_batched) routed
    /// since its last wake (nothing when there are none): call it when the socket has
    /// nothing more to read, and before waiting or sleeping.
    pub fn wake_deferred(&self) {
        let mut s = self.hub.lock();
        if s.wake_deferred() {
            self.hub.notify_events(s);
        }
    }

    /// Whether the driver must stop reading for now: a consumer's queue is full (it is woken
    /// through [`poll_work`](Self::poll_work) / [`wait_for_work`](Self::wait_for_work) when
    /// the consumer catches up).
    pub fn read_paused(&self) -> bool {
        let mut s = self.hub.lock();
        let paused = s.session_paused();
        s.paused_seen = paused;
        paused
    }

    /// Whether the client asked to close (the socket handle was closed or dropped): write
    /// what is queued, close normally, and stop.
    pub fn close_requested(&self) -> bool {
        self.hub.lock().close_requested
    }

    /// Whether the socket ended for good ([`on_disconnect`](Self::on_disconnect) gave up or
    /// [`on_terminated`](Self::on_terminated) was called): the driver stops.
    pub fn is_ended(&self) -> bool {
        self.hub.lock().ended.is_some()
    }

    /// A connection is up at `now` (first connect or reconnect): an STT stream that was lost
    /// starts again, and the reconnect count restarts once the connection has stayed up.
    pub fn on_connected(&self, now: Instant) {
        let mut s = self.hub.lock();
        s.connected = true;
        s.reconnect.on_connected(now);
        match &mut s.session {
            AnySession::Stt(t) if t.state() == super::SttState::Lost => t.reset(),
            AnySession::Turns(t) if t.state() == super::SttState::Lost => t.reset(),
            _ => {}
        }
        s.wake_driver(&self.hub);
        s.wake(&WakeKey::Sender);
        self.hub.notify_events(s);
    }

    /// The connection ended (or a reconnect attempt failed) at `now`, for `cause`; `jitter`
    /// is a random number in [0, 1) ([`jitter`](Self::jitter)). Decides with the socket's
    /// [`ReconnectPolicy`](super::ReconnectPolicy) (never after a close the client asked
    /// for), then ends every context in flight: `Lost` when reconnecting, `Closed`
    /// otherwise. On [`ReconnectDecision::GiveUp`] the socket has ended; a driver that holds
    /// an error for it (a refused reconnect) then calls [`on_terminated`](Self::on_terminated).
    pub fn on_disconnect(
        &self,
        cause: Disconnect<'_>,
        now: Instant,
        jitter: f64,
    ) -> ReconnectDecision {
        let mut s = self.hub.lock();
        s.connected = false;
        let decision = if s.close_requested || s.ended.is_some() {
            ReconnectDecision::GiveUp(GiveUpReason::Disabled)
        } else {
            let policy = self.hub.config.reconnect;
            s.reconnect.on_disconnect(&policy, &cause, now, jitter)
        };
        let close = match cause {
            Disconnect::Closed(c) => c.cloned(),
            _ => None,
        };
        let reconnecting = matches!(decision, ReconnectDecision::After { .. });
        s.disconnect_session(reconnecting, close.clone());
        if !reconnecting && s.ended.is_none() {
            s.ended = Some(Ended::Closed(close));
        }
        s.wake_all();
        self.hub.notify_events(s);
        decision
    }

    /// A reconnect attempt failed with `error` at `now`: a refused upgrade (`Error::Api`,
    /// with its `Retry-After`) or a connect failure (anything else). Decides as
    /// [`on_disconnect`](Self::on_disconnect) does and, when it gives up, ends the socket
    /// with `error` ([`on_terminated`](Self::on_terminated)); so both drivers share the
    /// mapping.
    pub fn on_connect_failed(&self, error: Error, now: Instant, jitter: f64) -> ReconnectDecision {
        let cause = match error.as_api() {
            Some(api) => Disconnect::Refused {
                status: api.status(),
                retry_after: crate::retry::retry_after(api.headers(), std::time::SystemTime::now()),
            },
            None => Disconnect::ConnectFailed,
        };
        let decision = self.on_disconnect(cause, now, jitter);
        if matches!(decision, ReconnectDecision::GiveUp(_)) {
            self.on_terminated(error);
        }
        decision
    }

    /// The driver gave up for good with `error` (a refused reconnect, a failure it cannot
    /// recover from): every context still in flight ends, and every handle's next call
    /// returns the error.
    pub fn on_terminated(&self, error: Error) {
        terminate(&self.hub, error);
    }

    /// Registers the async driver's waker: it is woken when there is work (a frame to write,
    /// a close request, a consumer that caught up after a pause).
    pub fn register_waker(&self, waker: &Waker) {
        let mut s = self.hub.lock();
        match &mut s.driver_waker {
            Some(w) if w.will_wake(waker) => {}
            slot => *slot = Some(waker.clone()),
        }
    }

    /// Async driver: ready once when there is new work since the last call (a frame queued,
    /// a close request, the end of a pause, a new connection); registers `cx`'s waker
    /// otherwise. (It does not stay ready while frames wait: write them with
    /// [`poll_transmit`](Self::poll_transmit) before waiting again.)
    pub fn poll_work(&self, cx: &mut Context<'_>) -> Poll<()> {
        let mut s = self.hub.lock();
        if s.work {
            s.work = false;
            return Poll::Ready(());
        }
        match &mut s.driver_waker {
            Some(w) if w.will_wake(cx.waker()) => {}
            slot => *slot = Some(cx.waker().clone()),
        }
        Poll::Pending
    }

    /// Blocking driver: parks until there is work (as [`poll_work`](Self::poll_work)) or
    /// `timeout` passes; returns whether there is work.
    pub fn wait_for_work(&self, timeout: Duration) -> bool {
        let mut s = self.hub.lock();
        let until = Instant::now() + timeout;
        loop {
            if s.work {
                s.work = false;
                return true;
            }
            let left = until.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            s.work_waiters += 1;
            s = match self.hub.work.wait_timeout(s, left) {
                Ok((g, _)) => g,
                Err(p) => p.into_inner().0,
            };
            s.work_waiters -= 1;
        }
    }

    /// A random number in [0, 1) for [`on_disconnect`](Self::on_disconnect).
    pub fn jitter() -> f64 {
        crate::retry::jitter()
    }
}
