//! The WebSocket protocol, sans-IO: everything about the TTS and STT sockets except moving
//! bytes. See `docs/WEBSOCKETS.md` for the design.
//!
//! - [`connect_request`]: the upgrade request (URL derived from the base URL, `wss` unless a
//!   loopback `http` base URL makes it `ws`; typed query parameters; `Authorization`,
//!   `Cartesia-Version`, `User-Agent` as headers, the key never in the URL), and
//!   [`handshake_error`]: a refused upgrade as the same [`Error::Api`](crate::Error::Api) as REST.
//! - [`Frame`]: the SDK's own frame type, so no WebSocket crate appears here (but for the
//!   optional `tungstenite` feature: `frame_to_tungstenite` / `frame_from_tungstenite`, the one
//!   conversion of the two drivers built on tungstenite).
//! - [`TtsSession`]: contexts (open, flushing, finishing, done, cancelled, failed, lost,
//!   closed), routing by `context_id`, `flush_done` matched to its flush, bounded per-context
//!   queues, and a "lost" event with what was unsent after a reconnect.
//! - [`SttSession`]: the same for the two STT sockets ([`Manual`], [`Turns`]).
//! - [`Keepalive`] / [`keepalive_action`]: when to ping, from the time since the last traffic.
//! - [`ReconnectPolicy`] / [`ReconnectState`]: whether and when to reconnect, from the attempt
//!   count, the close code or status, the time and a jitter value.
//!
//! A driver (tokio-tungstenite for the async client, tungstenite on one I/O thread for the
//! blocking one) is a loop: write [`TtsSession::poll_transmit`], read a frame into
//! [`TtsSession::on_frame`] unless [`TtsSession::read_paused`], ping when [`Keepalive::poll`]
//! says so, and on a close or error ask [`ReconnectState::on_disconnect`], then call
//! [`TtsSession::on_disconnect`].

mod config;
mod connect;
mod entry;
mod error;
mod frame;
mod keepalive;
mod link;
mod outbox;
mod reconnect;
mod recv;
mod stt;
mod stt_socket;
mod tts;
mod tts_socket;
#[cfg(feature = "tungstenite")]
mod tungstenite_frames;

#[cfg(test)]
mod hub_tests;
#[cfg(test)]
mod tests;

pub use config::WsConfig;
pub(crate) use config::WsSettings;
pub use connect::{connect_request, handshake_error, websocket_url, WsEndpoint};
pub use error::WsError;
pub use frame::{close_code, CloseFrame, Frame, Text};
pub use keepalive::{keepalive_action, Keepalive, KeepaliveAction, KeepalivePolicy};
pub use link::{AsyncWsConnector, BlockingWsConnector, DriverLink, WsRequest};
pub use outbox::SessionConfig;
pub use reconnect::{
    is_limited, is_recoverable, is_recoverable_close, Disconnect, GiveUpReason, ReconnectDecision,
    ReconnectPolicy, ReconnectState,
};
pub use stt::{Manual, SttEvent, SttProtocol, SttSession, SttState, Turns};
pub use stt_socket::{
    AsyncSttSender, AsyncSttSocket, BlockingSttSender, BlockingSttSocket, SttKind,
};
pub use tts::{ContextLost, ContextState, Inbound, TtsEvent, TtsSession, TtsSessionEvent};
pub use tts_socket::{AsyncTtsContext, AsyncTtsSocket, BlockingTtsContext, BlockingTtsSocket};
#[cfg(feature = "tungstenite")]
pub use tungstenite_frames::{frame_from_tungstenite, frame_to_tungstenite};
