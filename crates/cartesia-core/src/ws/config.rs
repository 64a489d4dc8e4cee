//! The settings of the client's sockets.

use std::time::Duration;

use super::keepalive::KeepalivePolicy;
use super::outbox::SessionConfig;
use super::reconnect::ReconnectPolicy;

/// How the client's WebSockets behave: queue bounds, keepalive, reconnect, timeouts. Set
/// for every socket with `ClientBuilder::websocket_config`, or for one socket with the
/// `websocket_with` variants of the entry points.
///
/// ```
/// use std::time::Duration;
/// use cartesia_core::ws::{ReconnectPolicy, WsConfig};
///
/// let config = WsConfig::new()
///     .reconnect(ReconnectPolicy::new().max_attempts(3))
///     .receive_timeout(Some(Duration::from_secs(10)));
/// assert_eq!(config.reconnect.max_attempts, 3);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct WsConfig {
    /// Per-queue event bound and unsent-bytes bound (64 events, 1 MiB).
    pub session: SessionConfig,
    /// When to ping a quiet socket (30 s idle, dead 20 s after an unanswered ping).
    pub keepalive: KeepalivePolicy,
    /// Whether and when to reconnect (default: never; [`ReconnectPolicy::new`] turns it on).
    pub reconnect: ReconnectPolicy,
    /// How long a receive waits for the next event before it returns
    /// [`WsError::Timeout`](super::WsError::Timeout) (default 60 s; `None`: forever). The
    /// socket and the context go on after a timeout.
    pub receive_timeout: Option<Duration>,
    /// How long a send of audio waits for room in the send queue (default 30 s; `None`:
    /// forever).
    pub send_timeout: Option<Duration>,
    /// The bound on connecting: TCP, TLS and the upgrade (default 10 s).
    pub connect_timeout: Duration,
    /// How long closing waits for the server's close answer (default 5 s).
    pub close_timeout: Duration,
    /// The largest message accepted from the server (default 16 MiB); a larger one drops the
    /// connection (driver libraries enforce it while reading).
    pub max_message_bytes: usize,
}

impl Default for WsConfig {
    fn default() -> Self {
        Self {
            session: SessionConfig::default(),
            keepalive: KeepalivePolicy::default(),
            reconnect: ReconnectPolicy::never(),
            receive_timeout: Some(Duration::from_secs(60)),
            send_timeout: Some(Duration::from_secs(30)),
            connect_timeout: Duration::from_secs(10),
            close_timeout: Duration::from_secs(5),
            max_message_bytes: 16 << 20,
        }
    }
}

impl WsConfig {
    /// The defaults.
    pub fn new() -> Self {
        Self::default()
    }

    cartesia_types::setters! {
        /// Sets the queue bounds.
        fn session(session: SessionConfig) { self.session = session }
        /// Sets the keepalive timings.
        fn keepalive(keepalive: KeepalivePolicy) { self.keepalive = keepalive }
        /// Sets the reconnect policy.
        fn reconnect(reconnect: ReconnectPolicy) { self.reconnect = reconnect }
        /// Sets the receive timeout (`None`: wait forever).
        fn receive_timeout(timeout: Option<Duration>) { self.receive_timeout = timeout }
        /// Sets the send timeout (`None`: wait forever).
        fn send_timeout(timeout: Option<Duration>) { self.send_timeout = timeout }
        /// Sets the connect timeout.
        fn connect_timeout(timeout: Duration) { self.connect_timeout = timeout }
        /// Sets the close timeout.
        fn close_timeout(timeout: Duration) { self.close_timeout = timeout }
        /// Sets the largest message accepted.
        fn max_message_bytes(max: usize) { self.max_message_bytes = max }
    }
}

/// The builder's and client's WebSocket settings: the config and the connectors.
#[derive(Clone, Default)]
pub(crate) struct WsSettings {
    pub(crate) config: WsConfig,
    pub(crate) async_connector: Option<std::sync::Arc<dyn super::AsyncWsConnector>>,
    pub(crate) blocking_connector: Option<std::sync::Arc<dyn super::BlockingWsConnector>>,
}
