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
    /// 1000: normal closure.
    pub const NORMAL: u16 = 1000;
    /// 1001: the peer is going away (server restart, idle close).
    pub const GOING_AWAY: u16 = 1001;
    /// 1002: protocol error.
    pub const PROTOCOL_ERROR: u16 = 1002;
    /// 1003: unsupported data.
    pub const UNSUPPORTED_DATA: u16 = 1003;
    /// 1005: no status code was present (never sent on the wire).
    pub const NO_STATUS: u16 = 1005;
    /// 1006: the connection dropped without a close frame (never sent on the wire).
    pub const ABNORMAL: u16 = 1006;
    /// 1007: invalid payload data.
    pub const INVALID_PAYLOAD: u16 = 1007;
    /// 1008: policy violation (authentication, for example).
    pub const POLICY_VIOLATION: u16 = 1008;
    /// 1009: a message too big.
    pub const MESSAGE_TOO_BIG: u16 = 1009;
    /// 1011: the server hit an internal error.
    pub const INTERNAL_ERROR: u16 = 1011;
    /// 1012: the service is restarting.
    pub const SERVICE_RESTART: u16 = 1012;
    /// 1013: try again later (overload, concurrency limit).
    pub const TRY_AGAIN_LATER: u16 = 1013;
    /// 1015: the TLS handshake failed (never sent on the wire).
    pub const TLS_HANDSHAKE: u16 = 1015;
}
