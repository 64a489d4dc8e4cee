//! Server-sent events: a sans-I/O decoder ([`SseDecoder`]) that follows the WHATWG
//! event-stream rules, and the mapping of Cartesia's SSE endpoints to typed events
//! ([`EventDecoder`]), with the end of a stream made explicit.
//!
//! Nothing here reads a socket or needs a runtime: bytes go in with `feed`, events come out.
//! The async `Stream` and the blocking `Iterator` over a response body are thin loops around
//! [`EventDecoder::next`] (see [`ReadEvents`] for the blocking one over any `Read`).
//!
//! ```
//! use cartesia_core::sse::{EventDecoder, Next};
//! use cartesia_core::types::tts_events::TtsSseEvent;
//!
//! let mut events = EventDecoder::<TtsSseEvent>::new();
//! // Bytes may be split anywhere, even inside a line end.
//! events.feed(b"data: {\"type\":\"chunk\",\"data\":\"AAE=\",\"step_time\":1,\"status_code\":206}\r");
//! events.feed(b"\n\r\ndata: {\"type\":\"done\",\"done\":true,\"status_code\":200}\n\n");
//! let Next::Event(TtsSseEvent::Chunk(chunk)) = events.next() else { panic!() };
//! assert_eq!(chunk.audio, [0, 1]);
//! assert!(matches!(events.next(), Next::Event(TtsSseEvent::Done(_))));
//! assert!(matches!(events.next(), Next::End));
//! ```
//!
//! # The rules, and the choices
//!
//! [`SseDecoder`] implements the parsing of the WHATWG HTML standard's "event stream
//! interpretation": lines end with CRLF, LF or CR (a CR at the end of one chunk and an LF at the
//! start of the next are one line end); a leading U+FEFF is dropped once; a line starting with
//! `:` is a comment; `field: value` (one space after the colon dropped) or a bare `field`;
//! `data` lines are joined with `\n`; `event` names the type (default `message`); `id` sets the
//! last event id (ignored if it contains NUL); `retry` sets the reconnection time (digits
//! only); a blank line dispatches the event, unless no `data` was seen. Bytes that are not
//! UTF-8 become U+FFFD.
//!
//! At the end of the input the standard discards an event that was not followed by a blank
//! line. So does this decoder — [`SseDecoder::finish`] does not dispatch it, but hands it back
//! so the caller can report it. [`EventDecoder`] reports it as part of
//! [`StreamError::Truncated`]: a Cartesia stream that ends before its `done` event, even if
//! the `done` line came without its blank line, is a truncation error, never a silent success.
//!
//! Lines and events are capped ([`DEFAULT_MAX_EVENT_BYTES`]) so a server that never ends a
//! line cannot grow memory without bound.

use std::collections::VecDeque;
use std::fmt;
use std::io::Read;
use std::time::Duration;

use cartesia_types::tts_events::{SseErrorEvent, TtsSseEvent, VoiceChangerSseEvent};

/// The default cap on one line and on one event's data (16 MiB): far above any Cartesia
/// event (audio chunks are tens of KiB), low enough to stop a runaway stream.
pub const DEFAULT_MAX_EVENT_BYTES: usize = 16 * 1024 * 1024;

const BOM: &[u8; 3] = b"\xEF\xBB\xBF";

/// One dispatched server-sent event.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct SseEvent {
    /// The `event` field, if one was sent (the type is then `message`).
    pub event: Option<String>,
    /// The `data` lines, joined with `\n`.
    pub data: String,
    /// The last event id at dispatch (empty if none was ever set).
    pub last_event_id: String,
}

impl SseEvent {
    /// The event type: the `event` field, or `message`.
    pub fn event_type(&self) -> &str {
        match self.event.as_deref() {
            Some(e) if !e.is_empty() => e,
            _ => "message",
        }
    }
}

/// Why the decoder stopped.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SseError {
    /// A line, or the data of one event, grew past the cap.
    #[error("a server-sent event is larger than the limit of {limit} bytes")]
    EventTooLarge {
        /// The cap, in bytes.
        limit: usize,
    },
}

/// A sans-I/O WHATWG event-stream parser: [`feed`](Self::feed) bytes as they arrive, take
/// events with [`next_event`](Self::next_event), call [`finish`](Self::finish) at the end
/// of the input.
///
/// ```
/// use cartesia_core::sse::SseDecoder;
///
/// let mut sse = SseDecoder::new();
/// sse.feed(b"\xEF\xBB\xBF: a comment\nevent: greet\ndata: hel");
/// assert!(sse.next_event().is_none());
/// sse.feed(b"lo\ndata: world\n\ndata: never finished");
/// let event = sse.next_event().unwrap().unwrap();
/// assert_eq!((event.event_type(), event.data.as_str()), ("greet", "hello\nworld"));
/// // The input ends mid-event: not dispatched, but handed back.
/// assert_eq!(sse.finish().unwrap().data, "never finished");
/// ```
#[derive(Debug)]
pub struct SseDecoder {
    /// A line not yet ended, carried across `feed` calls.
    line: Vec<u8>,
    /// The last byte seen was a CR: an LF right after it belongs to the same line end.
    after_cr: bool,
    /// How many BOM bytes matched at the start of the stream; `None` once past the start.
    bom: Option<usize>,
    /// The raw bytes of the data lines so far, each followed by `\n`.
    data: Vec<u8>,
    event: Option<String>,
    /// Whether any field of the current event was seen (for `finish`).
    fields_seen: bool,
    last_event_id: String,
    retry: Option<u64>,
    ready: VecDeque<SseEvent>,
    max: usize,
    error: Option<SseError>,
    error_taken: bool,
}

impl Default for SseDecoder {
    fn default() -> Self {
        Self::new()
    }
}

impl SseDecoder {
    /// A decoder with the default cap ([`DEFAULT_MAX_EVENT_BYTES`]).
    pub fn new() -> Self {
        Self::with_max_event_bytes(DEFAULT_MAX_EVENT_BYTES)
    }

    /// A decoder that refuses a line or an event's data longer than `max` bytes.
    pub fn with_max_event_bytes(max: usize) -> Self {
        Self {
            line: Vec::new(),
            after_cr: false,
            bom: Some(0),
            data: Vec::new(),
            event: None,
            fields_seen: false,
            last_event_id: String::new(),
            retry: None,
            ready: VecDeque::new(),
            max,
            error: None,
            error_taken: false,
        }
    }

    /// The reconnection time the server asked for (`retry:`), if any.
    pub fn retry(&self) -> Option<Duration> {
        self.retry.map(Duration::from_millis)
    }

    /// The current last event id (`id:`).
    pub fn last_event_id(&self) -> &str {
        &self.last_event_id
    }

    /// Parses `input`; complete events are queued for [`next_event`](Self::next_event).
    /// After an error, input is ignored.
    pub fn feed(&mut self, input: &[u8]) {
        let mut ready = std::mem::take(&mut self.ready);
        self.feed_with(input, &mut |e| ready.push_back(e.to_owned()));
        self.ready = ready;
    }

    /// Parses `input` and hands each complete event to `on_event` as it is found, borrowed:
    /// an event whose one `data` line is followed by its blank line in the same input is
    /// never copied. After an error ([`error`](Self::error)), input is ignored.
    pub fn feed_with(&mut self, mut input: &[u8], on_event: &mut dyn FnMut(SseEventRef<'_>)) {
        if self.error.is_some() {
            return;
        }
        if let Some(matched) = self.bom {
            let mut k = matched;
            while k < BOM.len() && !input.is_empty() && input[0] == BOM[k] {
                k += 1;
                input = &input[1..];
            }
            if k == BOM.len() {
                self.bom = None;
            } else if input.is_empty() {
                self.bom = Some(k);
                return;
            } else {
                // Not a BOM after all: the bytes that matched are content.
                self.bom = None;
                self.line.extend_from_slice(&BOM[..k]);
            }
        }
        if input.is_empty() {
            return;
        }
        if self.after_cr {
            self.after_cr = false;
            if input[0] == b'\n' {
                input = &input[1..];
            }
        }
        while let Some(i) = memchr::memchr2(b'\n', b'\r', input) {
            if self.line.len() + i > self.max {
                self.fail();
                return;
            }
            let rest = if input[i] == b'\r' {
                match input.get(i + 1) {
                    Some(b'\n') => &input[i + 2..],
                    Some(_) => &input[i + 1..],
                    None => {
                        self.after_cr = true;
                        &[]
                    }
                }
            } else {
                &input[i + 1..]
            };
            // Whether the next line is blank (so this one may end the event), when visible.
            let blank_next = matches!(rest.first(), Some(b'\n' | b'\r'));
            if self.line.is_empty() {
                self.line_done(&input[..i], blank_next, on_event);
            } else {
                self.line.extend_from_slice(&input[..i]);
                let line = std::mem::take(&mut self.line);
                self.line_done(&line, blank_next, on_event);
                self.line = line;
                self.line.clear();
            }
            if self.error.is_some() {
                return;
            }
            input = rest;
        }
        if !input.is_empty() {
            if self.line.len() + input.len() > self.max {
                self.fail();
                return;
            }
            self.line.extend_from_slice(input);
        }
    }

    /// The error that stopped the decoder, if any.
    pub fn error(&self) -> Option<&SseError> {
        self.error.as_ref()
    }

    /// The next complete event, or the error that stopped the decoder (once), or `None` when
    /// more input is needed.
    pub fn next_event(&mut self) -> Option<Result<SseEvent, SseError>> {
        if let Some(e) = self.ready.pop_front() {
            return Some(Ok(e));
        }
        match &self.error {
            Some(e) if !self.error_taken => {
                self.error_taken = true;
                Some(Err(e.clone()))
            }
            _ => None,
        }
    }

    /// Ends the input. Per the standard, an event not followed by a blank line is not
    /// dispatched; it is returned here instead (with an unterminated last line taken as a
    /// line), so the caller can say the stream ended mid-event. `None` when the input ended
    /// cleanly between events. Events queued before the end stay available.
    pub fn finish(&mut self) -> Option<SseEvent> {
        if self.error.is_some() {
            return None;
        }
        if !self.line.is_empty() {
            let line = std::mem::take(&mut self.line);
            self.line_done(&line, false, &mut |_| {});
        }
        self.after_cr = false;
        self.bom = None;
        if !self.fields_seen {
            return None;
        }
        let mut data = std::mem::take(&mut self.data);
        if data.ends_with(b"\n") {
            data.pop();
        }
        self.fields_seen = false;
        Some(SseEvent {
            event: self.event.take(),
            data: String::from_utf8_lossy(&data).into_owned(),
            last_event_id: self.last_event_id.clone(),
        })
    }

    fn fail(&mut self) {
        self.error = Some(SseError::EventTooLarge { limit: self.max });
        self.line = Vec::new();
        self.data = Vec::new();
    }

    fn line_done(
        &mut self,
        line: &[u8],
        blank_next: bool,
        on_event: &mut dyn FnMut(SseEventRef<'_>),
    ) {
        if line.is_empty() {
            self.dispatch(on_event);
            return;
        }
        if line[0] == b':' {
            return;
        }
        let (field, value) = match memchr::memchr(b':', line) {
            Some(c) => {
                let v = &line[c + 1..];
                (&line[..c], v.strip_prefix(b" ").unwrap_or(v))
            }
            None => (line, &b""[..]),
        };
        self.fields_seen = true;
        match field {
            b"data" if blank_next && self.data.is_empty() => {
                // The whole event's data is this line: hand it over without copying. The
                // blank line that follows then finds no data and dispatches nothing.
                on_event(SseEventRef {
                    event: self.event.as_deref(),
                    data: value,
                    last_event_id: &self.last_event_id,
                });
                self.event = None;
                self.fields_seen = false;
            }
            b"data" => {
                if self.data.len() + value.len() + 1 > self.max {
                    self.fail();
                    return;
                }
                self.data.extend_from_slice(value);
                self.data.push(b'\n');
            }
            b"event" => self.event = Some(String::from_utf8_lossy(value).into_owned()),
            b"id" if !value.contains(&0) => {
                self.last_event_id = String::from_utf8_lossy(value).into_owned();
            }
            b"retry" if !value.is_empty() && value.iter().all(u8::is_ascii_digit) => {
                // All digits, so UTF-8; a value too large for u64 is ignored.
                if let Ok(ms) = std::str::from_utf8(value).unwrap_or("").parse() {
                    self.retry = Some(ms);
                }
            }
            _ => {}
        }
    }

    fn dispatch(&mut self, on_event: &mut dyn FnMut(SseEventRef<'_>)) {
        self.fields_seen = false;
        if self.data.is_empty() {
            self.event = None;
            return;
        }
        // Without the trailing `\n` every data line adds.
        on_event(SseEventRef {
            event: self.event.as_deref(),
            data: &self.data[..self.data.len() - 1],
            last_event_id: &self.last_event_id,
        });
        self.data.clear();
        self.event = None;
    }
}

/// A dispatched event, borrowed from the decoder or its input ([`SseDecoder::feed_with`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct SseEventRef<'a> {
    /// The `event` field, if one was sent (the type is then `message`).
    pub event: Option<&'a str>,
    /// The `data` lines, joined with `\n`, as received: use
    /// [`data_lossy`](Self::data_lossy) for text (bytes that are not UTF-8 become U+FFFD, as
    /// the standard decodes them).
    pub data: &'a [u8],
    /// The last event id at dispatch.
    pub last_event_id: &'a str,
}

impl<'a> SseEventRef<'a> {
    /// The event type: the `event` field, or `message`.
    pub fn event_type(&self) -> &str {
        match self.event {
            Some(e) if !e.is_empty() => e,
            _ => "message",
        }
    }

    /// The data as text (borrowed when it is UTF-8).
    pub fn data_lossy(&self) -> std::borrow::Cow<'a, str> {
        String::from_utf8_lossy(self.data)
    }

    /// An owned copy.
    pub fn to_owned(&self) -> SseEvent {
        SseEvent {
            event: self.event.map(str::to_owned),
            data: self.data_lossy().into_owned(),
            last_event_id: self.last_event_id.to_owned(),
        }
    }
}

/// What a typed event means for the stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventRole {
    /// An ordinary event (audio, timestamps, or one this release does not know).
    Data,
    /// The last event of a successful stream.
    Done,
    /// The server's error event: the stream failed.
    Error,
}

/// The typed events of one SSE endpoint.
pub trait StreamEvent: Sized {
    /// Decodes an event from the JSON of its `data` (raw bytes, as `serde_json::from_slice`
    /// takes them).
    fn decode(json: &[u8]) -> Result<Self, serde_json::Error>;
    /// What the event means for the stream.
    fn role(&self) -> EventRole;
    /// The error an [`EventRole::Error`] event carries.
    fn into_error(self) -> Option<SseErrorEvent>;
}

/// [`StreamEvent`] for the event unions of the API's SSE endpoints: each has a `Done` and an
/// `Error` variant (the error event itself) and decodes with `from_json_slice`.
macro_rules! stream_events {
    ($($event:ident),+ $(,)?) => {$(
        impl StreamEvent for $event {
            fn decode(json: &[u8]) -> Result<Self, serde_json::Error> {
                $event::from_json_slice(json)
            }

            fn role(&self) -> EventRole {
                match self {
                    $event::Done(_) => EventRole::Done,
                    $event::Error(_) => EventRole::Error,
                    _ => EventRole::Data,
                }
            }

            fn into_error(self) -> Option<SseErrorEvent> {
                match self {
                    $event::Error(e) => Some(e),
                    _ => None,
                }
            }
        }
    )+};
}

stream_events!(TtsSseEvent, VoiceChangerSseEvent);

/// Why a Cartesia event stream failed. Every variant ends the stream.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StreamError {
    /// The server sent an `error` event.
    #[error("the server ended the stream with an {0}")]
    Server(Box<SseErrorEvent>),
    /// The stream ended before its `done` event.
    #[error("the event stream ended before `done` after {events} events{}", if *.mid_event { " (in the middle of an event)" } else { "" })]
    Truncated {
        /// How many events were decoded before the end.
        events: u64,
        /// Whether the input ended in the middle of an event (one not followed by a blank
        /// line, which the event-stream rules do not dispatch).
        mid_event: bool,
    },
    /// An event's data is not the JSON of an event (or a known event is malformed).
    #[error("event {index} could not be decoded: {message} (data starts: {excerpt:?})")]
    Decode {
        /// Which event (0-based).
        index: u64,
        /// What serde_json said.
        message: String,
        /// The first characters of the data.
        excerpt: String,
    },
    /// The event-stream framing failed (an event over the size cap).
    #[error(transparent)]
    Framing(#[from] SseError),
    /// Reading the body failed ([`ReadEvents`] only; the clients map transport errors
    /// themselves).
    #[error("reading the event stream failed: {0}")]
    Io(#[source] std::io::Error),
}

impl StreamError {
    /// The server's error event, for [`StreamError::Server`].
    pub fn server_error(&self) -> Option<&SseErrorEvent> {
        match self {
            StreamError::Server(e) => Some(e),
            _ => None,
        }
    }

    /// The `error_code` of a server error event.
    pub fn error_code(&self) -> Option<&str> {
        self.server_error()?.error_code.as_deref()
    }

    /// The `status_code` of a server error event.
    pub fn status_code(&self) -> Option<u16> {
        self.server_error()?.status_code
    }

    /// The `request_id` of a server error event.
    pub fn request_id(&self) -> Option<&str> {
        self.server_error()?.request_id.as_deref()
    }

    /// Whether the stream simply ended early.
    pub fn is_truncated(&self) -> bool {
        matches!(self, StreamError::Truncated { .. })
    }
}

/// One step of an [`EventDecoder`].
#[derive(Debug)]
pub enum Next<E> {
    /// A decoded event (the `done` event included; it is the last).
    Event(E),
    /// The stream failed; the next step is [`Next::End`].
    Error(StreamError),
    /// Feed more input ([`EventDecoder::feed`]) or end it ([`EventDecoder::end_input`]).
    NeedInput,
    /// The stream is over: after `done`, after an error, or after [`EventDecoder::fail`].
    End,
}

/// Cartesia's SSE events over [`SseDecoder`]: a state machine with one step function,
/// [`next`](Self::next), so that the async and the blocking wrappers are a few lines each.
///
/// - `done` is yielded, then the stream is over ([`Next::End`]); bytes after it are ignored.
/// - an `error` event becomes [`StreamError::Server`] (with `error_code`, `status_code`,
///   `title`, `message`, `request_id`); the stream is over.
/// - an event type this release does not know is yielded as `Unknown(raw JSON)`.
/// - data that is not an event's JSON is [`StreamError::Decode`]; the stream is over.
/// - data that is only whitespace is skipped (a keep-alive).
/// - the input ending before `done` is [`StreamError::Truncated`].
#[derive(Debug)]
pub struct EventDecoder<E> {
    sse: SseDecoder,
    /// Typed events (and at most one terminal error) decoded from the input so far.
    queue: VecDeque<Result<E, StreamError>>,
    /// A terminal item (`done`, an error) is queued: later input is ignored.
    closed: bool,
    input_ended: bool,
    finished: bool,
    events: u64,
}

impl<E: StreamEvent> Default for EventDecoder<E> {
    fn default() -> Self {
        Self::new()
    }
}

impl<E: StreamEvent> EventDecoder<E> {
    /// A decoder with the default event size cap.
    pub fn new() -> Self {
        Self::with_max_event_bytes(DEFAULT_MAX_EVENT_BYTES)
    }

    /// A decoder that refuses a line or event over `max` bytes.
    pub fn with_max_event_bytes(max: usize) -> Self {
        Self {
            sse: SseDecoder::with_max_event_bytes(max),
            queue: VecDeque::new(),
            closed: false,
            input_ended: false,
            finished: false,
            events: 0,
        }
    }

    /// Adds received bytes and decodes the events they complete (ignored once the stream is
    /// over, or after `done` or an error event).
    pub fn feed(&mut self, bytes: &[u8]) {
        if self.closed || self.input_ended || self.finished {
            return;
        }
        let Self {
            sse,
            queue,
            closed,
            events,
            ..
        } = self;
        sse.feed_with(bytes, &mut |raw| {
            if *closed || raw.data.iter().all(u8::is_ascii_whitespace) {
                return;
            }
            let index = *events;
            *events += 1;
            let decoded = E::decode(raw.data).or_else(|e| {
                // The standard reads bytes that are not UTF-8 as U+FFFD: decode that text
                // (only reached on failure, so valid streams pay nothing for it).
                match std::str::from_utf8(raw.data) {
                    Ok(_) => Err(e),
                    Err(_) => E::decode(raw.data_lossy().as_bytes()),
                }
            });
            match decoded {
                Ok(event) => match event.role() {
                    EventRole::Data => queue.push_back(Ok(event)),
                    EventRole::Done => {
                        queue.push_back(Ok(event));
                        *closed = true;
                    }
                    EventRole::Error => {
                        let e = event.into_error().unwrap_or_default();
                        queue.push_back(Err(StreamError::Server(Box::new(e))));
                        *closed = true;
                    }
                },
                Err(e) => {
                    queue.push_back(Err(StreamError::Decode {
                        index,
                        message: e.to_string(),
                        excerpt: raw.data_lossy().chars().take(80).collect(),
                    }));
                    *closed = true;
                }
            }
        });
        if !self.closed {
            if let Some(e) = self.sse.error() {
                self.queue.push_back(Err(e.clone().into()));
                self.closed = true;
            }
        }
    }

    /// Says the input has ended (the body's EOF).
    pub fn end_input(&mut self) {
        self.input_ended = true;
    }

    /// Ends the stream because reading failed (the wrapper reports its own error); the next
    /// step is [`Next::End`].
    pub fn fail(&mut self) {
        self.finished = true;
        self.queue.clear();
    }

    /// Whether the stream is over, or needs no more input (`done` or an error was
    /// received); a wrapper stops reading the body then.
    pub fn is_finished(&self) -> bool {
        self.finished || self.closed
    }

    /// How many events were decoded so far.
    pub fn events(&self) -> u64 {
        self.events
    }

    /// The next step: an event, an error, a request for input, or the end.
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> Next<E> {
        if self.finished {
            return Next::End;
        }
        if let Some(item) = self.queue.pop_front() {
            if self.closed && self.queue.is_empty() {
                self.finished = true;
            }
            return match item {
                Ok(e) => Next::Event(e),
                Err(e) => Next::Error(e),
            };
        }
        if self.closed {
            self.finished = true;
            return Next::End;
        }
        if self.input_ended {
            self.finished = true;
            let mid_event = self.sse.finish().is_some();
            return Next::Error(StreamError::Truncated {
                events: self.events,
                mid_event,
            });
        }
        Next::NeedInput
    }
}

/// The blocking wrapper over any [`Read`]: an `Iterator` of events, ending after `done`, with
/// one `Err` for an error event, a truncated stream, bad data or a read failure. It shows
/// how thin a wrapper over [`EventDecoder`] is; the clients' wrapper over a response body
/// is the same loop with their own error type.
///
/// ```
/// use cartesia_core::sse::ReadEvents;
/// use cartesia_core::types::tts_events::TtsSseEvent;
///
/// let body: &[u8] = b"data: {\"type\":\"chunk\",\"data\":\"AA==\"}\n\n";
/// let items: Vec<_> = ReadEvents::<_, TtsSseEvent>::new(body).collect();
/// assert!(matches!(items[0], Ok(TtsSseEvent::Chunk(_))));
/// assert!(items[1].as_ref().unwrap_err().is_truncated()); // no `done`
/// assert_eq!(items.len(), 2);
/// ```
pub struct ReadEvents<R, E> {
    body: R,
    decoder: EventDecoder<E>,
    buf: Box<[u8]>,
}

impl<R, E> fmt::Debug for ReadEvents<R, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReadEvents")
            .field("finished", &(self.decoder.finished || self.decoder.closed))
            .field("events", &self.decoder.events)
            .finish_non_exhaustive()
    }
}

impl<R: Read, E: StreamEvent> ReadEvents<R, E> {
    /// Events read from `body` in 16 KiB reads.
    pub fn new(body: R) -> Self {
        Self {
            body,
            decoder: EventDecoder::new(),
            buf: vec![0; 16 * 1024].into_boxed_slice(),
        }
    }
}

impl<R: Read, E: StreamEvent> Iterator for ReadEvents<R, E> {
    type Item = Result<E, StreamError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            match self.decoder.next() {
                Next::Event(e) => return Some(Ok(e)),
                Next::Error(e) => return Some(Err(e)),
                Next::End => return None,
                Next::NeedInput => match self.body.read(&mut self.buf) {
                    Ok(0) => self.decoder.end_input(),
                    Ok(n) => self.decoder.feed(&self.buf[..n]),
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(e) => {
                        self.decoder.fail();
                        return Some(Err(StreamError::Io(e)));
                    }
                },
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(input: &[u8]) -> (Vec<SseEvent>, Option<SseEvent>) {
        let mut d = SseDecoder::new();
        d.feed(input);
        let mut out = Vec::new();
        while let Some(e) = d.next_event() {
            out.push(e.unwrap());
        }
        let rest = d.finish();
        (out, rest)
    }

    /// A decoder fed `chunks`, one feed each.
    fn fed(chunks: &[&[u8]]) -> SseDecoder {
        let mut d = SseDecoder::new();
        for c in chunks {
            d.feed(c);
        }
        d
    }

    fn datas(input: &[u8]) -> Vec<String> {
        all(input).0.into_iter().map(|e| e.data).collect()
    }

    #[test]
    fn multi_line_data_and_one_optional_space() {
        assert_eq!(datas(b"data: a\ndata:  b\ndata:c\n\n"), ["a\n b\nc"]);
        assert_eq!(datas(b"data:test\n\ndata: test\n\n"), ["test", "test"]);
    }

    #[test]
    fn every_line_ending() {
        for input in [
            &b"data: x\n\ndata: y\n\n"[..],
            b"data: x\r\n\r\ndata: y\r\n\r\n",
            b"data: x\r\rdata: y\r\r",
            b"data: x\r\n\ndata: y\n\r\n",
        ] {
            assert_eq!(datas(input), ["x", "y"], "{input:?}");
        }
    }

    #[test]
    fn cr_then_lf_across_feeds_is_one_line_end() {
        let mut d = fed(&[b"data: a\r", b"\ndata: b\r", b"\n\r", b"\n"]);
        assert_eq!(d.next_event().unwrap().unwrap().data, "a\nb");
        assert!(d.next_event().is_none());
        // A CR at the end of a chunk followed by a non-LF: the CR alone ended the line.
        let mut d = fed(&[b"data: a\r", b"\r"]);
        assert_eq!(d.next_event().unwrap().unwrap().data, "a");
    }

    #[test]
    fn comments_fields_without_colon_and_unknown_fields() {
        let (events, rest) = all(b": keep-alive\nfoo: bar\ndata\ndata\n\ndata\n\n:\n\n");
        let got: Vec<_> = events.iter().map(|e| e.data.as_str()).collect();
        assert_eq!(got, ["\n", ""]);
        assert_eq!(rest, None);
        // Only comments, unknown fields or an empty data buffer: no event.
        assert!(datas(b": x\n\nevent: e\n\nid: 1\n\n").is_empty());
    }

    #[test]
    fn event_id_and_retry() {
        let mut d = SseDecoder::new();
        d.feed(b"event: add\nid: 7\nretry: 1500\ndata: 1\n\ndata: 2\nid: a\0b\nretry: 1x\n\n");
        let a = d.next_event().unwrap().unwrap();
        assert_eq!((a.event_type(), a.last_event_id.as_str()), ("add", "7"));
        let b = d.next_event().unwrap().unwrap();
        // The id with a NUL is ignored; the event type does not carry over.
        assert_eq!((b.event_type(), b.last_event_id.as_str()), ("message", "7"));
        assert_eq!(d.retry(), Some(Duration::from_millis(1500)));
        assert_eq!(d.last_event_id(), "7");
    }

    #[test]
    fn bom_only_at_the_start_even_split() {
        assert_eq!(datas(b"\xEF\xBB\xBFdata: a\n\n"), ["a"]);
        let mut d = fed(&[b"\xEF", b"\xBB", b"\xBFdata: a\n\n\xEF\xBB\xBFdata: b\n\n"]);
        assert_eq!(d.next_event().unwrap().unwrap().data, "a");
        // A second BOM is content: it makes the field name `\u{feff}data`, not `data`.
        assert!(d.next_event().is_none());
        // A partial BOM followed by something else is content.
        let mut d = fed(&[b"\xEF", b"data: x\n\n"]);
        assert!(d.next_event().is_none());
    }

    #[test]
    fn invalid_utf8_becomes_replacement_characters() {
        assert_eq!(datas(b"data: a\xFFb\n\n"), ["a\u{FFFD}b"]);
        // A multi-byte character split across feeds decodes whole.
        let mut d = fed(&[b"data: \xC3", b"\xA9\n\n"]);
        assert_eq!(d.next_event().unwrap().unwrap().data, "é");
    }

    #[test]
    fn end_of_input_mid_event_is_handed_back_not_dispatched() {
        let (events, rest) = all(b"data: a\n\ndata: b\ndata: c");
        assert_eq!(events.len(), 1);
        assert_eq!(rest.unwrap().data, "b\nc");
        let (events, rest) = all(b"data: a\n");
        assert!(events.is_empty());
        assert_eq!(rest.unwrap().data, "a");
        assert_eq!(all(b"data: a\n\n").1, None);
        // Fields without data are still "mid-event".
        assert!(all(b"event: x\n").1.is_some());
        assert_eq!(all(b": only a comment").1, None);
    }

    #[test]
    fn oversized_lines_and_events_are_errors() {
        let mut d = SseDecoder::with_max_event_bytes(16);
        d.feed(b"data: 0123456789");
        d.feed(b"0123456789");
        assert_eq!(
            d.next_event(),
            Some(Err(SseError::EventTooLarge { limit: 16 }))
        );
        assert_eq!(d.next_event(), None);
        d.feed(b"\n\ndata: x\n\n");
        assert_eq!(d.next_event(), None);

        let mut d = SseDecoder::with_max_event_bytes(16);
        d.feed(b"data: 0123456\ndata: 0123456\ndata: 0123456\n");
        assert!(matches!(d.next_event(), Some(Err(_))));
    }

    #[test]
    fn an_error_event_is_a_typed_error() {
        let mut d = EventDecoder::<TtsSseEvent>::new();
        d.feed(b"data: {\"type\":\"chunk\",\"data\":\"AA==\"}\n\ndata: {\"type\":\"error\",\"done\":true,\"status_code\":500,\"title\":\"Internal\",\"message\":\"boom\",\"error_code\":\"internal_error\",\"request_id\":\"r-1\"}\n\n");
        assert!(matches!(d.next(), Next::Event(TtsSseEvent::Chunk(_))));
        let Next::Error(e) = d.next() else {
            panic!("expected an error")
        };
        assert_eq!(e.error_code(), Some("internal_error"));
        assert_eq!(e.status_code(), Some(500));
        assert_eq!(e.request_id(), Some("r-1"));
        let s = e.server_error().unwrap();
        assert_eq!(
            (s.title.as_deref(), s.message.as_deref()),
            (Some("Internal"), Some("boom"))
        );
        assert!(matches!(d.next(), Next::End));
        assert!(d.is_finished());
    }

    #[test]
    fn voice_changer_stream() {
        let body: &[u8] = b"data: {\"status_code\":206,\"done\":false,\"data\":\"AQI=\",\"sample_rate\":16000,\"step_time\":2}\n\ndata: {\"status_code\":200,\"done\":true}\n\n";
        let items: Vec<_> = ReadEvents::<_, VoiceChangerSseEvent>::new(body).collect();
        assert_eq!(items.len(), 2);
        assert!(matches!(&items[0], Ok(VoiceChangerSseEvent::Chunk(c)) if c.audio == [1, 2]));
        assert!(matches!(&items[1], Ok(VoiceChangerSseEvent::Done(_))));
    }

    #[test]
    fn read_errors_end_the_iterator() {
        struct Failing(u8);
        impl Read for Failing {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                self.0 += 1;
                if self.0 == 1 {
                    let b = b"data: {\"type\":\"chunk\",\"data\":\"AA==\"}\n\n";
                    buf[..b.len()].copy_from_slice(b);
                    Ok(b.len())
                } else {
                    Err(std::io::Error::new(
                        std::io::ErrorKind::ConnectionReset,
                        "reset",
                    ))
                }
            }
        }
        let items: Vec<_> = ReadEvents::<_, TtsSseEvent>::new(Failing(0)).collect();
        assert_eq!(items.len(), 2);
        assert!(matches!(items[1], Err(StreamError::Io(_))));
    }
}
