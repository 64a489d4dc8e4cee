//! The frames that cross the boundary between a socket driver and the protocol core.

use bytes::Bytes;

/// One WebSocket message, as the SDK's own type: the drivers convert from and to their
/// library's message type, so the core does not depend on a WebSocket crate or its version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Frame {
    /// A UTF-8 text message (every JSON message and the STT text commands).
    Text(String),
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
