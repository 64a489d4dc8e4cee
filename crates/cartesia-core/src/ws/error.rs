//! The typed errors of the socket sessions.

use std::time::Duration;

use super::frame::CloseFrame;
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
    /// The socket closed and does not reconnect (the close the server sent, if any): what was
    /// in flight will not complete.
    #[error("the socket is closed{}", describe_close(.0))]
    Closed(Option<CloseFrame>),
    /// Nothing arrived within the receive timeout (or the send queue had no room within the
    /// send timeout); the socket goes on and the call can be made again.
    #[error("nothing happened on the socket within {0:?}")]
    Timeout(Duration),
    /// The client has no WebSocket connector: it was built with a custom transport. Build it
    /// with `build_reqwest()` / `build_ureq()`, or pass a connector to the builder
    /// (`async_ws_connector` / `blocking_ws_connector`).
    #[error("WebSockets need a connector: this {0} client was built without one (build it with build_reqwest()/build_ureq(), or set one on the ClientBuilder)")]
    NoConnector(&'static str),
    /// The connection dropped and the socket reconnected: this context was lost (its
    /// `Lost` event says what was unsent); open a new one to go on.
    #[error("the TTS context was lost when the socket reconnected")]
    ContextLost,
    /// Reading the audio to send failed (the text is the I/O error).
    #[error("could not read the audio to send: {0}")]
    Input(String),
    /// The socket's driver stopped with this error (a copy, for a handle other than the first
    /// to see it).
    #[error("the socket stopped: {0}")]
    Terminated(String),
}

fn describe_close(close: &Option<CloseFrame>) -> String {
    match close {
        Some(c) if c.reason.is_empty() => format!(" (code {})", c.code),
        Some(c) => format!(" (code {}: {})", c.code, c.reason),
        None => " (no close frame)".to_owned(),
    }
}
