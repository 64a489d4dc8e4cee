//! The frames that cross the boundary between a socket driver and the protocol core.

use std::fmt;

use bytes::Bytes;

/// One WebSocket message, as the SDK's own type: the drivers convert from and to their
/// library's message type, so the core does not depend on a WebSocket crate or its version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Frame {
    /// A UTF-8 text message (every JSON message and the STT text commands), sharing the
    /// driver's buffer ([`Text`]).
    Text(Text),
    /// A binary message (STT audio).
    Binary(Bytes),
    /// A ping with its payload.
    Ping(Bytes),
    /// A pong with its payload.
    Pong(Bytes),
    /// A close, with its code and reason when the peer sent them.
    Close(Option<CloseFrame>),
}

impl Frame {
    /// The payload size in bytes (what a send queue counts).
    pub fn len(&self) -> usize {
        match self {
            Frame::Text(s) => s.len(),
            Frame::Binary(b) | Frame::Ping(b) | Frame::Pong(b) => b.len(),
            Frame::Close(c) => c.as_ref().map_or(0, |c| 2 + c.reason.len()),
        }
    }

    /// Whether the payload is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// A normal close (1000) with `reason`.
    pub fn close_normal(reason: impl Into<String>) -> Self {
        Frame::Close(Some(CloseFrame::new(close_code::NORMAL, reason)))
    }
}

/// The payload of a text message: UTF-8 in a [`Bytes`] buffer, so a driver hands the core
/// the message it read without copying it (a TTS audio chunk is about 22 KB of JSON).
///
/// It is UTF-8 by construction: from a `String` or `&'static str` (no copy), from a `&str`
/// (one copy), from [`Bytes`] only after a check ([`Text::try_from_bytes`]), and, for the
/// drivers built on tungstenite, from its already checked text without a copy.
///
/// ```
/// use cartesia_core::ws::Text;
///
/// let text = Text::from(String::from("{\"type\":\"done\"}"));
/// assert_eq!(text.as_bytes(), br#"{"type":"done"}"#);
/// assert_eq!(text, r#"{"type":"done"}"#);
/// assert!(Text::try_from_bytes(bytes::Bytes::from_static(&[0xff])).is_err());
/// ```
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Text(Bytes);

impl Text {
    /// A text from a static string (no copy).
    pub const fn from_static(text: &'static str) -> Self {
        Self(Bytes::from_static(text.as_bytes()))
    }

    /// A text from bytes that are UTF-8 (checked; no copy).
    pub fn try_from_bytes(bytes: Bytes) -> Result<Self, std::str::Utf8Error> {
        std::str::from_utf8(&bytes)?;
        Ok(Self(bytes))
    }

    /// Bytes that a library already checked as UTF-8 (tungstenite's text payload).
    #[cfg(feature = "tungstenite")]
    pub(crate) fn from_checked(bytes: Bytes) -> Self {
        Self(bytes)
    }

    /// The UTF-8 bytes (what the SDK parses JSON from: no check, no copy).
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The text as a `&str`. This checks the UTF-8 again on every call (the crate has no
    /// `unsafe`), which costs a pass over the bytes: prefer [`as_bytes`](Self::as_bytes) for
    /// a large payload.
    pub fn as_str(&self) -> &str {
        // Never fails: a `Text` is only ever built from UTF-8.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }

    /// The buffer (no copy).
    pub fn into_bytes(self) -> Bytes {
        self.0
    }

    /// The length in bytes.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the text is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<String> for Text {
    fn from(text: String) -> Self {
        Self(Bytes::from(text))
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Self {
        Self(Bytes::copy_from_slice(text.as_bytes()))
    }
}

impl From<Text> for Bytes {
    fn from(text: Text) -> Self {
        text.0
    }
}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.0 == other.as_bytes()
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.0 == other.as_bytes()
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The code and reason of a close.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CloseFrame {
    /// The close code (RFC 6455 §7.4).
    pub code: u16,
    /// The reason text (at most 123 bytes on the wire).
    pub reason: String,
}

impl CloseFrame {
    /// A close with `code` and `reason`.
    pub fn new(code: u16, reason: impl Into<String>) -> Self {
        Self {
            code,
            reason: reason.into(),
        }
    }
}

/// Close codes the SDK names (RFC 6455 §7.4.1 and the IANA registry).
pub mod close_code {
    /// `code NAME: "what it means";` rows: each constant's doc starts with its code.
    macro_rules! close_codes {
        ($($code:literal $name:ident: $doc:literal;)+) => {$(
            #[doc = concat!(stringify!($code), ": ", $doc)]
            pub const $name: u16 = $code;
        )+};
    }

    close_codes! {
        1000 NORMAL: "normal closure.";
        1001 GOING_AWAY: "the peer is going away (server restart, idle close).";
        1002 PROTOCOL_ERROR: "protocol error.";
        1003 UNSUPPORTED_DATA: "unsupported data.";
        1005 NO_STATUS: "no status code was present (never sent on the wire).";
        1006 ABNORMAL: "the connection dropped without a close frame (never sent on the wire).";
        1007 INVALID_PAYLOAD: "invalid payload data.";
        1008 POLICY_VIOLATION: "policy violation (authentication, for example).";
        1009 MESSAGE_TOO_BIG: "a message too big.";
        1011 INTERNAL_ERROR: "the server hit an internal error.";
        1012 SERVICE_RESTART: "the service is restarting.";
        1013 TRY_AGAIN_LATER: "try again later (overload, concurrency limit).";
        1015 TLS_HANDSHAKE: "the TLS handshake failed (never sent on the wire).";
    }
}
