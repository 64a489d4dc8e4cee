//! The state machine of one TTS socket: many contexts, each with its own ordered, bounded
//! event queue.
//!
//! The driver feeds it what it reads ([`TtsSession::on_frame`]), writes what it produces
//! ([`TtsSession::poll_transmit`]), and tells it when the connection ended
//! ([`TtsSession::on_disconnect`]). It never blocks and does no I/O.
//!
//! ```
//! use cartesia_core::ws::{Frame, Inbound, TtsEvent, TtsSession, SessionConfig};
//! use cartesia_core::types::{tts::RawEncoding, ws::{TtsWsRequest, WsOutputFormat}};
//!
//! let mut s = TtsSession::new(SessionConfig::default());
//! let format = WsOutputFormat::raw(RawEncoding::PcmS16le, 24_000);
//! s.open_context(TtsWsRequest::new("sonic-3", "voice-1", format, "a")).unwrap();
//! s.push("a", "Hello there.", false).unwrap();
//! s.no_more_inputs("a").unwrap();
//! let Some(Frame::Text(json)) = s.poll_transmit() else { panic!() };
//! assert!(json.as_str().contains(r#""transcript":"Hello there.""#));
//!
//! let got = s.on_frame(Frame::Text(
//!     r#"{"type":"chunk","context_id":"a","data":"AAA=","done":false,"status_code":206,"step_time":1}"#.into(),
//! ));
//! assert_eq!(got, Inbound::Routed("a".into()));
//! assert!(matches!(s.next_event("a"), Some(TtsEvent::Audio(c)) if c.audio == [0, 0]));
//! ```

use std::collections::{HashMap, VecDeque};

use cartesia_types::ws::{
    TtsWsCancel, TtsWsChunk, TtsWsMessage, TtsWsPhonemeTimestamps, TtsWsRequest,
    TtsWsWordTimestamps, WsErrorMessage,
};
use cartesia_types::JsonValue;

use super::error::WsError;
use super::frame::{CloseFrame, Frame};
use super::outbox::{Outbox, SessionConfig};
use crate::InvalidRequest;

/// Where a context is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ContextState {
    /// Open for input, no flush outstanding.
    Open,
    /// Open for input, with at least one flush not yet answered by `flush_done`.
    Flushing,
    /// The last input was sent (`continue: false`); waiting for `done`.
    Finishing,
    /// `done` arrived.
    Done,
    /// Cancelled by the client.
    Cancelled,
    /// An `error` message for this context arrived.
    Failed,
    /// The connection dropped and the socket reconnected: the context is gone.
    Lost,
    /// The connection ended for good.
    Closed,
}

impl ContextState {
    /// Whether the context has ended (no more events will come from the server).
    pub fn is_terminal(self) -> bool {
        !matches!(self, Self::Open | Self::Flushing | Self::Finishing)
    }

    /// Whether the context takes more input.
    pub fn accepts_input(self) -> bool {
        matches!(self, Self::Open | Self::Flushing)
    }

    /// The state's name, in lower case.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Flushing => "flushing",
            Self::Finishing => "finishing",
            Self::Done => "done",
            Self::Cancelled => "cancelled",
            Self::Failed => "failed",
            Self::Lost => "lost",
            Self::Closed => "closed",
        }
    }
}

/// What a context that was in flight when the connection dropped had not finished.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ContextLost {
    /// The texts pushed but never written to the socket, in order.
    pub unsent: Vec<String>,
    /// The flushes sent but not answered.
    pub pending_flushes: Vec<u64>,
    /// Whether the last input (`no_more_inputs` or `continue: false`) had been sent.
    pub input_complete: bool,
}

/// One event of a context, in the order the server sent them.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum TtsEvent {
    /// Audio (decoded from base64).
    Audio(TtsWsChunk),
    /// Word timestamps.
    WordTimestamps(TtsWsWordTimestamps),
    /// Phoneme timestamps.
    PhonemeTimestamps(TtsWsPhonemeTimestamps),
    /// The flush `flush_id` is done; `matched` is whether it answers a flush this session
    /// sent and had not seen answered.
    FlushDone {
        /// Which flush (counts per context, from 1).
        flush_id: u64,
        /// Whether it answers an outstanding flush of this session.
        matched: bool,
    },
    /// The context is complete (terminal).
    Done,
    /// The server failed this context (terminal); other contexts go on.
    Error(WsErrorMessage),
    /// A message type this release does not know, for this context: the raw JSON.
    Unknown(JsonValue),
    /// The connection dropped and the socket reconnected: this context is gone, with what
    /// it had not finished (terminal). Open a new context to go on.
    Lost(ContextLost),
    /// The connection ended for good (no reconnect) with this close (terminal).
    Closed(Option<CloseFrame>),
}

impl TtsEvent {
    /// Whether this is the context's last event.
    pub fn is_terminal(&self) -> bool {
        matches!(
            self,
            Self::Done | Self::Error(_) | Self::Lost(_) | Self::Closed(_)
        )
    }
}

/// An event of the socket rather than of one context.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum TtsSessionEvent {
    /// An `error` with no `context_id` (the socket's, not a context's).
    Error(WsErrorMessage),
    /// A message for a context this session never opened (or already removed).
    Unroutable(TtsWsMessage),
    /// A frame that is not a TTS message: not JSON, not an object, a malformed known
    /// message, or a binary frame. The text says what; the socket goes on.
    Malformed(String),
}

/// What [`TtsSession::on_frame`] did with a frame.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Inbound {
    /// An event was queued for this context (wake its consumer).
    Routed(String),
    /// A session event was queued ([`TtsSession::next_session_event`]).
    Session,
    /// Dropped: a late message for a context that already ended or was cancelled.
    Ignored,
    /// A ping or pong (keepalive; the driver's library answers pings).
    Control,
    /// The server closed the socket: the driver decides on a reconnect and calls
    /// [`TtsSession::on_disconnect`].
    Closed(Option<CloseFrame>),
}

#[derive(Debug)]
struct Context {
    template: TtsWsRequest,
    state: ContextState,
    queue: VecDeque<TtsEvent>,
    flushes_sent: u64,
    pending_flushes: VecDeque<u64>,
    /// At least one of its frames was handed to the driver.
    written: bool,
    /// Its last input was queued.
    input_complete: bool,
}

/// Which context and which text an unsent frame carries.
#[derive(Debug)]
struct Unsent {
    context: String,
    text: Option<String>,
}

/// The sans-IO state of one TTS socket (see the module documentation).
#[derive(Debug)]
pub struct TtsSession {
    config: SessionConfig,
    contexts: HashMap<String, Context>,
    outbox: Outbox<Unsent>,
    session_events: VecDeque<TtsSessionEvent>,
}

impl TtsSession {
    /// An empty session.
    pub fn new(config: SessionConfig) -> Self {
        Self {
            config,
            contexts: HashMap::new(),
            outbox: Outbox::new(config.max_unsent_bytes),
            session_events: VecDeque::new(),
        }
    }

    /// Opens a context: `template` gives its id and every field each of its requests
    /// repeats (model, voice, output format, language, timestamps, buffer delay); its
    /// `transcript`, `continue` and `flush` are ignored. Nothing is sent until the first
    /// [`push`](Self::push).
    pub fn open_context(&mut self, template: TtsWsRequest) -> Result<(), WsError> {
        template
            .validate()
            .map_err(|p| InvalidRequest::new(p.field(), p.reason()))?;
        let id = template.context_id.clone();
        if self.contexts.contains_key(&id) {
            return Err(WsError::ContextExists(id));
        }
        self.contexts.insert(
            id,
            Context {
                template,
                state: ContextState::Open,
                queue: VecDeque::new(),
                flushes_sent: 0,
                pending_flushes: VecDeque::new(),
                written: false,
                input_complete: false,
            },
        );
        Ok(())
    }

    fn live(&mut self, id: &str) -> Result<&mut Context, WsError> {
        let ctx = self
            .contexts
            .get_mut(id)
            .ok_or_else(|| WsError::UnknownContext(id.to_owned()))?;
        if !ctx.state.accepts_input() {
            return Err(WsError::ContextFinished {
                id: id.to_owned(),
                state: ctx.state.as_str(),
            });
        }
        Ok(ctx)
    }

    fn send_request(
        &mut self,
        request: &TtsWsRequest,
        text: Option<String>,
    ) -> Result<(), WsError> {
        let json = serde_json::to_string(request)
            .map_err(|e| InvalidRequest::new("request", e.to_string()))?;
        self.outbox.push(
            Frame::Text(json.into()),
            Unsent {
                context: request.context_id.clone(),
                text,
            },
        )
    }

    /// Queues `text` for context `id` with `continue: true` (more may follow); with `flush`,
    /// also asks the server to generate everything buffered now and returns the id of that
    /// flush, which a later [`TtsEvent::FlushDone`] answers.
    pub fn push(&mut self, id: &str, text: &str, flush: bool) -> Result<Option<u64>, WsError> {
        let ctx = self.live(id)?;
        let mut request = ctx.template.clone().transcript(text).continue_(true);
        request.flush = flush.then_some(true);
        let next_flush = ctx.flushes_sent + 1;
        self.send_request(&request, Some(text.to_owned()))?;
        Ok(flush.then(|| self.flush_sent(id, next_flush)))
    }

    /// Queues a manual flush of context `id` (no text) and returns its flush id.
    pub fn flush(&mut self, id: &str) -> Result<u64, WsError> {
        let ctx = self.live(id)?;
        let request = TtsWsRequest::flush_of(&ctx.template);
        let next_flush = ctx.flushes_sent + 1;
        self.send_request(&request, None)?;
        Ok(self.flush_sent(id, next_flush))
    }

    fn flush_sent(&mut self, id: &str, flush_id: u64) -> u64 {
        if let Some(ctx) = self.contexts.get_mut(id) {
            ctx.flushes_sent = flush_id;
            ctx.pending_flushes.push_back(flush_id);
            ctx.state = ContextState::Flushing;
        }
        flush_id
    }

    /// Queues the end of input of context `id` (`continue: false`, no text): the server
    /// finishes what it has and answers `done`.
    pub fn no_more_inputs(&mut self, id: &str) -> Result<(), WsError> {
        let ctx = self.live(id)?;
        let request = TtsWsRequest::no_more_inputs_of(&ctx.template);
        self.send_request(&request, None)?;
        if let Some(ctx) = self.contexts.get_mut(id) {
            ctx.state = ContextState::Finishing;
            ctx.input_complete = true;
        }
        Ok(())
    }

    /// Cancels context `id`: its unsent texts are dropped, a cancel message is queued if
    /// anything had been sent, and its queued events are discarded. Cancelling a context
    /// that already ended does nothing.
    pub fn cancel(&mut self, id: &str) -> Result<(), WsError> {
        let ctx = self
            .contexts
            .get_mut(id)
            .ok_or_else(|| WsError::UnknownContext(id.to_owned()))?;
        if ctx.state.is_terminal() {
            return Ok(());
        }
        ctx.state = ContextState::Cancelled;
        ctx.queue.clear();
        ctx.pending_flushes.clear();
        self.outbox.take_where(|u| u.context == id);
        if ctx.written {
            let json = serde_json::to_string(&TtsWsCancel::new(id))
                .map_err(|e| InvalidRequest::new("cancel", e.to_string()))?;
            // A cancel is small and never refused: it frees the server's work.
            self.outbox.push_unbounded(
                Frame::Text(json.into()),
                Unsent {
                    context: id.to_owned(),
                    text: None,
                },
            );
        }
        Ok(())
    }

    /// Forgets context `id` (its handle was dropped): cancels it if it is still running.
    pub fn remove_context(&mut self, id: &str) {
        if self.contexts.contains_key(id) {
            let _ = self.cancel(id);
            self.contexts.remove(id);
        }
    }

    /// The next frame to write, if any.
    pub fn poll_transmit(&mut self) -> Option<Frame> {
        let (frame, unsent) = self.outbox.pop()?;
        if let Some(ctx) = self.contexts.get_mut(&unsent.context) {
            ctx.written = true;
        }
        Some(frame)
    }

    /// Bytes waiting to be written.
    pub fn unsent_bytes(&self) -> usize {
        self.outbox.bytes()
    }

    /// Whether a frame is waiting to be written.
    pub fn has_unsent(&self) -> bool {
        !self.outbox.is_empty()
    }

    /// Takes in one frame read from the socket.
    pub fn on_frame(&mut self, frame: Frame) -> Inbound {
        match frame {
            Frame::Text(text) => match TtsWsMessage::from_json_slice(text.as_bytes()) {
                Ok(message) => self.route(message),
                Err(e) => {
                    self.session_events
                        .push_back(TtsSessionEvent::Malformed(format!(
                            "not a TTS message ({e}): {}",
                            snippet(text.as_str())
                        )));
                    Inbound::Session
                }
            },
            Frame::Binary(b) => {
                self.session_events
                    .push_back(TtsSessionEvent::Malformed(format!(
                        "unexpected binary frame of {} bytes on the TTS socket",
                        b.len()
                    )));
                Inbound::Session
            }
            Frame::Ping(_) | Frame::Pong(_) => Inbound::Control,
            Frame::Close(close) => Inbound::Closed(close),
        }
    }

    fn route(&mut self, message: TtsWsMessage) -> Inbound {
        let Some(id) = message.context_id().map(str::to_owned) else {
            let event = match message {
                TtsWsMessage::Error(e) => TtsSessionEvent::Error(e),
                other => TtsSessionEvent::Unroutable(other),
            };
            self.session_events.push_back(event);
            return Inbound::Session;
        };
        let Some(ctx) = self.contexts.get_mut(&id) else {
            self.session_events
                .push_back(TtsSessionEvent::Unroutable(message));
            return Inbound::Session;
        };
        if ctx.state.is_terminal() {
            return Inbound::Ignored;
        }
        let event = match message {
            TtsWsMessage::Chunk(c) => TtsEvent::Audio(c),
            TtsWsMessage::WordTimestamps(t) => TtsEvent::WordTimestamps(t),
            TtsWsMessage::PhonemeTimestamps(t) => TtsEvent::PhonemeTimestamps(t),
            TtsWsMessage::FlushDone(f) => {
                let at = ctx.pending_flushes.iter().position(|&p| p == f.flush_id);
                if let Some(i) = at {
                    ctx.pending_flushes.remove(i);
                    if ctx.pending_flushes.is_empty() && ctx.state == ContextState::Flushing {
                        ctx.state = ContextState::Open;
                    }
                }
                TtsEvent::FlushDone {
                    flush_id: f.flush_id,
                    matched: at.is_some(),
                }
            }
            TtsWsMessage::Done(_) => {
                ctx.state = ContextState::Done;
                TtsEvent::Done
            }
            TtsWsMessage::Error(e) => {
                ctx.state = ContextState::Failed;
                TtsEvent::Error(e)
            }
            TtsWsMessage::Unknown(raw) => TtsEvent::Unknown(raw),
            other => TtsEvent::Unknown(serde_json::to_value(&other).unwrap_or(JsonValue::Null)),
        };
        ctx.queue.push_back(event);
        Inbound::Routed(id)
    }

    /// The connection ended. Every context still in flight ends with one last event:
    /// [`TtsEvent::Lost`] (with its unsent texts) when the driver is reconnecting, else
    /// [`TtsEvent::Closed`] with `close`. Their unsent frames are dropped; frames of
    /// contexts opened but not yet written stay queued for the next connection. Returns the
    /// contexts that got an event.
    pub fn on_disconnect(&mut self, reconnecting: bool, close: Option<CloseFrame>) -> Vec<String> {
        let mut touched = Vec::new();
        for (id, ctx) in &mut self.contexts {
            // Nothing of it reached the old connection: it simply goes on the next one.
            if ctx.state.is_terminal() || (reconnecting && !ctx.written) {
                continue;
            }
            let unsent: Vec<String> = self
                .outbox
                .take_where(|u| &u.context == id)
                .into_iter()
                .filter_map(|(_, u)| u.text)
                .collect();
            let event = if reconnecting {
                ctx.state = ContextState::Lost;
                TtsEvent::Lost(ContextLost {
                    unsent,
                    pending_flushes: ctx.pending_flushes.drain(..).collect(),
                    input_complete: ctx.input_complete,
                })
            } else {
                ctx.state = ContextState::Closed;
                TtsEvent::Closed(close.clone())
            };
            ctx.queue.push_back(event);
            touched.push(id.clone());
        }
        // What is left for contexts that ended or were removed (their cancels) means nothing
        // to the next connection.
        let contexts = &self.contexts;
        self.outbox.take_where(|u| {
            contexts
                .get(&u.context)
                .is_none_or(|c| c.state.is_terminal())
        });
        touched.sort();
        touched
    }

    /// The next event of context `id`, in order.
    pub fn next_event(&mut self, id: &str) -> Option<TtsEvent> {
        self.contexts.get_mut(id)?.queue.pop_front()
    }

    /// The next event of the socket itself.
    pub fn next_session_event(&mut self) -> Option<TtsSessionEvent> {
        self.session_events.pop_front()
    }

    /// Whether the driver must stop reading: a running context's queue is at capacity.
    /// (So a context queue holds at most `queue_capacity` events plus the one frame read
    /// before the check, and its terminal event.)
    pub fn read_paused(&self) -> bool {
        self.contexts
            .values()
            .any(|c| !c.state.is_terminal() && c.queue.len() >= self.config.queue_capacity)
    }

    /// The state of context `id`.
    pub fn state(&self, id: &str) -> Option<ContextState> {
        self.contexts.get(id).map(|c| c.state)
    }

    /// The flushes of context `id` not yet answered, in order.
    pub fn pending_flushes(&self, id: &str) -> Vec<u64> {
        self.contexts
            .get(id)
            .map_or_else(Vec::new, |c| c.pending_flushes.iter().copied().collect())
    }

    /// Events waiting in context `id`'s queue.
    pub fn queued_events(&self, id: &str) -> usize {
        self.contexts.get(id).map_or(0, |c| c.queue.len())
    }

    /// Contexts known to the session (running or ended but not removed).
    pub fn context_count(&self) -> usize {
        self.contexts.len()
    }
}

fn snippet(text: &str) -> String {
    let mut end = text.len().min(120);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let mut s = text[..end].to_owned();
    if end < text.len() {
        s.push('…');
    }
    s
}
