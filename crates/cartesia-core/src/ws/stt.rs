//! The state machine of one STT socket: audio and commands out (bounded), messages in
//! (bounded), for the manual-finalize socket ([`Manual`]) and the turns socket ([`Turns`]).
//!
//! ```
//! use bytes::Bytes;
//! use cartesia_core::ws::{Frame, Manual, SttEvent, SttSession, SessionConfig};
//! use cartesia_core::types::ws::SttWsMessage;
//!
//! let mut s = SttSession::<Manual>::new(SessionConfig::default());
//! s.audio(Bytes::from_static(&[0; 640])).unwrap();
//! s.finalize().unwrap();
//! assert_eq!(s.poll_transmit(), Some(Frame::Binary(Bytes::from_static(&[0; 640]))));
//! assert_eq!(s.poll_transmit(), Some(Frame::Text("finalize".into())));
//! s.on_frame(Frame::Text(r#"{"type":"flush_done","request_id":"r"}"#.into()));
//! assert_eq!(s.pending_finalizes(), 0);
//! assert!(matches!(s.next_event(), Some(SttEvent::Message(SttWsMessage::FlushDone(_)))));
//! ```

use std::collections::VecDeque;
use std::marker::PhantomData;

use bytes::Bytes;
use cartesia_types::ws::{
    SttCommand, SttTurnsClose, SttTurnsCommand, SttTurnsMessage, SttWsMessage,
};

use super::error::WsError;
use super::frame::{CloseFrame, Frame, Text};
use super::outbox::{Outbox, SessionConfig};

/// What differs between the two STT sockets.
pub trait SttProtocol {
    /// The messages the server sends.
    type Message: serde::de::DeserializeOwned + std::fmt::Debug + Send + 'static;
    /// The socket's name, for messages.
    const NAME: &'static str;
    /// The frame that asks the server to finish and close.
    fn close_frame() -> Frame;
    /// Whether `m` answers a `finalize`.
    fn is_flush_done(m: &Self::Message) -> bool;
    /// Whether `m` is the server's last message (after which it closes).
    fn is_done(m: &Self::Message) -> bool;
}

/// `/stt/websocket`: the client finalizes (`finalize`, `close` text commands).
#[derive(Debug, Clone, Copy)]
pub enum Manual {}

/// `/stt/turns/websocket`: the server detects turns (`{"type":"close"}`).
#[derive(Debug, Clone, Copy)]
pub enum Turns {}

impl SttProtocol for Manual {
    type Message = SttWsMessage;
    const NAME: &'static str = "STT";
    fn close_frame() -> Frame {
        Frame::Text(Text::from_static(SttCommand::Close.as_str()))
    }
    fn is_flush_done(m: &SttWsMessage) -> bool {
        matches!(m, SttWsMessage::FlushDone(_))
    }
    fn is_done(m: &SttWsMessage) -> bool {
        matches!(m, SttWsMessage::Done(_))
    }
}

impl SttProtocol for Turns {
    type Message = SttTurnsMessage;
    const NAME: &'static str = "STT turns";
    fn close_frame() -> Frame {
        let close = SttTurnsCommand::from(SttTurnsClose::default());
        Frame::Text(
            serde_json::to_string(&close)
                .unwrap_or_else(|_| r#"{"type":"close"}"#.into())
                .into(),
        )
    }
    fn is_flush_done(_: &SttTurnsMessage) -> bool {
        false
    }
    fn is_done(_: &SttTurnsMessage) -> bool {
        false
    }
}

/// Where an STT socket is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SttState {
    /// Taking audio.
    Streaming,
    /// `close` was queued; waiting for the server's last messages.
    Closing,
    /// The server's `done` arrived (manual finalize).
    Done,
    /// The connection dropped and the socket reconnected: this stream is gone.
    Lost,
    /// The connection ended.
    Closed,
}

impl SttState {
    fn as_str(self) -> &'static str {
        match self {
            Self::Streaming => "streaming",
            Self::Closing => "closing",
            Self::Done => "done",
            Self::Lost => "lost",
            Self::Closed => "closed",
        }
    }
}

/// One event of an STT socket, in order.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum SttEvent<M> {
    /// A message from the server (transcripts, turn events, errors, unknown types).
    Message(M),
    /// A frame that is not a message of this socket (the text says what); the socket goes on.
    Malformed(String),
    /// The connection dropped while streaming and the socket reconnects: what was not sent
    /// is reported, and transcripts of audio in flight will not come (terminal).
    Lost {
        /// Bytes of audio queued but never written.
        unsent_audio_bytes: usize,
        /// `finalize` commands sent but not answered.
        pending_finalizes: u32,
    },
    /// The connection ended (terminal).
    Closed(Option<CloseFrame>),
}

/// The sans-IO state of one STT socket.
#[derive(Debug)]
pub struct SttSession<P: SttProtocol> {
    config: SessionConfig,
    state: SttState,
    outbox: Outbox<bool>,
    events: VecDeque<SttEvent<P::Message>>,
    pending_finalizes: u32,
    _protocol: PhantomData<P>,
}

impl<P: SttProtocol> SttSession<P> {
    /// A session that is streaming.
    pub fn new(config: SessionConfig) -> Self {
        Self {
            config,
            state: SttState::Streaming,
            outbox: Outbox::new(config.max_unsent_bytes),
            events: VecDeque::new(),
            pending_finalizes: 0,
            _protocol: PhantomData,
        }
    }

    fn streaming(&self) -> Result<(), WsError> {
        match self.state {
            SttState::Streaming => Ok(()),
            other => Err(WsError::Finished(other.as_str())),
        }
    }

    /// Queues a binary frame of audio (in the socket's encoding and sample rate). Refused
    /// when the unsent bytes would pass the bound, or after `close`.
    pub fn audio(&mut self, audio: Bytes) -> Result<(), WsError> {
        self.streaming()?;
        if audio.is_empty() {
            return Ok(());
        }
        self.outbox.push(Frame::Binary(audio), true)
    }

    /// Queues the request to finish and close (`close`, or `{"type":"close"}` on the turns
    /// socket). Further audio is refused.
    pub fn close(&mut self) -> Result<(), WsError> {
        self.streaming()?;
        self.outbox.push_unbounded(P::close_frame(), false);
        self.state = SttState::Closing;
        Ok(())
    }

    /// The next frame to write.
    pub fn poll_transmit(&mut self) -> Option<Frame> {
        self.outbox.pop().map(|(f, _)| f)
    }

    /// Bytes waiting to be written.
    pub fn unsent_bytes(&self) -> usize {
        self.outbox.bytes()
    }

    /// Whether a frame is waiting to be written.
    pub fn has_unsent(&self) -> bool {
        !self.outbox.is_empty()
    }

    /// Takes in one frame read from the socket; returns whether an event was queued.
    pub fn on_frame(&mut self, frame: Frame) -> bool {
        let event = match frame {
            Frame::Text(text) => match serde_json::from_slice::<P::Message>(text.as_bytes()) {
                Ok(m) => {
                    if P::is_flush_done(&m) {
                        self.pending_finalizes = self.pending_finalizes.saturating_sub(1);
                    }
                    if P::is_done(&m) {
                        self.state = SttState::Done;
                    }
                    SttEvent::Message(m)
                }
                Err(e) => SttEvent::Malformed(format!("not an {} message ({e})", P::NAME)),
            },
            Frame::Binary(b) => SttEvent::Malformed(format!(
                "unexpected binary frame of {} bytes on the {} socket",
                b.len(),
                P::NAME
            )),
            Frame::Ping(_) | Frame::Pong(_) | Frame::Close(_) => return false,
        };
        self.events.push_back(event);
        true
    }

    /// The connection ended. While streaming (or closing before the server answered) and
    /// reconnecting, the stream ends with [`SttEvent::Lost`] and what was unsent; otherwise
    /// with [`SttEvent::Closed`]. After a reconnect, [`reset`](Self::reset) starts a new
    /// stream on the same session.
    pub fn on_disconnect(&mut self, reconnecting: bool, close: Option<CloseFrame>) {
        if matches!(self.state, SttState::Lost | SttState::Closed) {
            return;
        }
        let unsent_audio_bytes = self
            .outbox
            .take_where(|_| true)
            .into_iter()
            .filter(|(_, audio)| *audio)
            .map(|(f, _)| f.len())
            .sum();
        let in_flight = matches!(self.state, SttState::Streaming | SttState::Closing);
        if reconnecting && in_flight {
            self.state = SttState::Lost;
            self.events.push_back(SttEvent::Lost {
                unsent_audio_bytes,
                pending_finalizes: std::mem::take(&mut self.pending_finalizes),
            });
        } else {
            self.state = SttState::Closed;
            self.events.push_back(SttEvent::Closed(close));
        }
    }

    /// Starts a new stream after a reconnect (queued events stay to be read).
    pub fn reset(&mut self) {
        self.state = SttState::Streaming;
        self.pending_finalizes = 0;
    }

    /// The next event.
    pub fn next_event(&mut self) -> Option<SttEvent<P::Message>> {
        self.events.pop_front()
    }

    /// Whether the driver must stop reading (the event queue is at capacity).
    pub fn read_paused(&self) -> bool {
        self.events.len() >= self.config.queue_capacity
    }

    /// The state.
    pub fn state(&self) -> SttState {
        self.state
    }

    /// `finalize` commands sent and not yet answered by `flush_done`.
    pub fn pending_finalizes(&self) -> u32 {
        self.pending_finalizes
    }
}

impl SttSession<Manual> {
    /// Queues `finalize`: the server transcribes the audio so far and answers `flush_done`.
    pub fn finalize(&mut self) -> Result<(), WsError> {
        self.streaming()?;
        self.outbox.push_unbounded(
            Frame::Text(Text::from_static(SttCommand::Finalize.as_str())),
            false,
        );
        self.pending_finalizes += 1;
        Ok(())
    }
}
