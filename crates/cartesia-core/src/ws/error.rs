//! The typed errors of the socket sessions.

use crate::InvalidRequest;

/// A refused operation on a socket session (before anything is sent).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WsError {
    /// A request or parameter refused before any I/O.
    #[error(transparent)]
    Invalid(#[from] InvalidRequest),
    /// A context with this id is already open on the socket.
    #[error("TTS context {0:?} is already open on this socket")]
    ContextExists(String),
    /// No context with this id is open on the socket.
    #[error("no TTS context {0:?} on this socket")]
    UnknownContext(String),
    /// The context takes no more input.
    #[error("TTS context {id:?} takes no more input: it is {state}")]
    ContextFinished {
        /// The context.
        id: String,
        /// Its state (`finishing`, `done`, `cancelled`, `failed`, `lost` or `closed`).
        state: &'static str,
    },
    /// The stream takes no more input (the STT socket was closed or lost).
    #[error("the socket takes no more input: it is {0}")]
    Finished(&'static str),
    /// The send queue is at its bound: wait for the socket to drain it.
    #[error("the send queue is full ({queued} of {limit} bytes queued); wait for the socket to drain it")]
    SendQueueFull {
        /// Bytes queued.
        queued: usize,
        /// The bound.
        limit: usize,
    },
}
