//! The async client's WebSockets: [`TokioWsConnector`], a driver over tokio-tungstenite.
//!
//! One tokio task per socket owns the connection and serves the socket's
//! [`DriverLink`]: it writes what the link queues, reads into it unless a consumer's queue
//! is full, pings a quiet socket, and on a close or a drop reconnects when (and after as
//! long as) the core's policy says. Every decision is `cartesia-core`'s; this file moves
//! frames. TLS (`wss://`) is tokio-rustls with a `rustls::ClientConfig` built here the way
//! reqwest builds its own (the process's default crypto provider if one is installed, else
//! aws-lc-rs with the `rustls` feature; the platform verifier), never a process-wide TLS
//! default (with only the `native-tls` feature: tokio-native-tls, as reqwest); plain `ws://` only for what the core allows (loopback base URLs, or
//! `allow_insecure_http`).

#[cfg(feature = "ws-rustls")]
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use cartesia_core::ws::{
    frame_from_tungstenite, frame_to_tungstenite, handshake_error, AsyncWsConnector, CloseFrame,
    Disconnect, DriverLink, Frame, Keepalive, KeepaliveAction, ReconnectDecision, WsConfig,
    WsRequest,
};
use cartesia_core::{Error, TransportError, TransportErrorKind};
use futures_util::{SinkExt, StreamExt};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio_tungstenite::tungstenite::{self, protocol::WebSocketConfig, Message};
use tokio_tungstenite::WebSocketStream;

/// A byte stream a socket runs over: TCP, or TLS over TCP.
trait Io: AsyncRead + AsyncWrite + Send + Unpin {}
impl<T: AsyncRead + AsyncWrite + Send + Unpin> Io for T {}

type Socket = WebSocketStream<Box<dyn Io>>;

/// Opens the async client's WebSockets with tokio-tungstenite (set by
/// [`BuildReqwest::build_reqwest`](crate::BuildReqwest); pass it to
/// `ClientBuilder::async_ws_connector` when building with `build_async`). Needs a tokio
/// runtime: each socket is served by a task of its own.
#[derive(Debug, Clone, Default)]
pub struct TokioWsConnector {
    #[cfg(feature = "ws-rustls")]
    tls: Option<Arc<rustls::ClientConfig>>,
}

impl TokioWsConnector {
    /// A connector with the TLS setup described in the module documentation (built on the
    /// first `wss://` connect).
    pub fn new() -> Self {
        Self::default()
    }

    /// A connector whose `wss://` sockets use `config` (its ALPN is set to `http/1.1`).
    #[cfg(feature = "ws-rustls")]
    pub fn with_tls_config(config: rustls::ClientConfig) -> Self {
        let mut config = config;
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        Self {
            tls: Some(Arc::new(config)),
        }
    }

    /// Connects, upgrades, and returns the socket; bounded by the connect timeout.
    async fn open(&self, request: &WsRequest, config: &WsConfig) -> Result<Socket, Error> {
        let limit = config.connect_timeout;
        match tokio::time::timeout(limit, self.open_unbounded(request, config)).await {
            Ok(result) => result,
            Err(_) => Err(transport(
                TransportErrorKind::Timeout,
                format!("the WebSocket connect took longer than {limit:?}"),
            )),
        }
    }

    async fn open_unbounded(
        &self,
        request: &WsRequest,
        config: &WsConfig,
    ) -> Result<Socket, Error> {
        let key = tungstenite::handshake::client::generate_key();
        let http = request.http_request(&key)?;
        let uri = http.uri().clone();
        let secure = uri.scheme_str() == Some("wss");
        let host = uri
            .host()
            .unwrap_or_default()
            .trim_matches(['[', ']'])
            .to_owned();
        let port = uri.port_u16().unwrap_or(if secure { 443 } else { 80 });
        let tcp = tokio::net::TcpStream::connect((host.as_str(), port))
            .await
            .map_err(|e| transport(TransportErrorKind::Connect, e))?;
        let _ = tcp.set_nodelay(true);
        let io: Box<dyn Io> = if secure {
            self.tls(tcp, &host).await?
        } else {
            Box::new(tcp)
        };
        let ws_config = WebSocketConfig::default()
            .max_message_size(Some(config.max_message_bytes))
            .max_frame_size(Some(config.max_message_bytes));
        match tokio_tungstenite::client_async_with_config(http, io, Some(ws_config)).await {
            Ok((socket, _response)) => Ok(socket),
            Err(tungstenite::Error::Http(response)) => {
                let (parts, body) = response.into_parts();
                let body = Bytes::from(body.unwrap_or_default());
                Err(handshake_error(http::Response::from_parts(parts, body)))
            }
            Err(e) => Err(transport(kind_of(&e), e)),
        }
    }

    #[cfg(feature = "ws-rustls")]
    async fn tls(&self, tcp: tokio::net::TcpStream, host: &str) -> Result<Box<dyn Io>, Error> {
        let config = match &self.tls {
            Some(c) => c.clone(),
            None => tls_config()?,
        };
        let name = rustls::pki_types::ServerName::try_from(host.to_owned()).map_err(|e| {
            transport(
                TransportErrorKind::Tls,
                format!("not a TLS server name: {e}"),
            )
        })?;
        let stream = tokio_rustls::TlsConnector::from(config)
            .connect(name, tcp)
            .await
            .map_err(|e| transport(TransportErrorKind::Tls, e))?;
        Ok(Box::new(stream))
    }

    /// With only the `native-tls` feature: the platform's TLS library, as reqwest uses it.
    #[cfg(all(feature = "native-tls", not(feature = "ws-rustls")))]
    async fn tls(&self, tcp: tokio::net::TcpStream, host: &str) -> Result<Box<dyn Io>, Error> {
        let connector = tokio_native_tls::native_tls::TlsConnector::new()
            .map_err(|e| transport(TransportErrorKind::Tls, e))?;
        let stream = tokio_native_tls::TlsConnector::from(connector)
            .connect(host, tcp)
            .await
            .map_err(|e| transport(TransportErrorKind::Tls, e))?;
        Ok(Box::new(stream))
    }

    #[cfg(not(any(feature = "ws-rustls", feature = "native-tls")))]
    async fn tls(&self, _tcp: tokio::net::TcpStream, _host: &str) -> Result<Box<dyn Io>, Error> {
        Err(transport(
            TransportErrorKind::Tls,
            "wss:// needs a TLS feature of cartesia-reqwest (`rustls`, `rustls-no-provider` or `native-tls`)",
        ))
    }
}

/// The TLS configuration of a socket: as reqwest's own rustls client (the installed
/// default crypto provider if any, else aws-lc-rs with the `rustls` feature; the platform
/// verifier), with ALPN `http/1.1` (the upgrade is HTTP/1.1).
#[cfg(feature = "ws-rustls")]
fn tls_config() -> Result<Arc<rustls::ClientConfig>, Error> {
    let provider = match rustls::crypto::CryptoProvider::get_default() {
        Some(p) => p.clone(),
        None => default_provider()?,
    };
    let verifier = rustls_platform_verifier::Verifier::new(provider.clone())
        .map_err(|e| transport(TransportErrorKind::Tls, e))?;
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| transport(TransportErrorKind::Tls, e))?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

#[cfg(all(feature = "ws-rustls", feature = "rustls"))]
fn default_provider() -> Result<Arc<rustls::crypto::CryptoProvider>, Error> {
    Ok(Arc::new(rustls::crypto::aws_lc_rs::default_provider()))
}

#[cfg(all(feature = "ws-rustls", not(feature = "rustls")))]
fn default_provider() -> Result<Arc<rustls::crypto::CryptoProvider>, Error> {
    Err(transport(
        TransportErrorKind::Tls,
        "no rustls crypto provider is installed (the `rustls-no-provider` feature needs one: \
         `rustls::crypto::aws_lc_rs::default_provider().install_default()`)",
    ))
}

#[async_trait::async_trait]
impl AsyncWsConnector for TokioWsConnector {
    async fn connect(&self, request: WsRequest, link: DriverLink) -> Result<(), Error> {
        let socket = self.open(&request, link.config()).await?;
        link.on_connected(Instant::now());
        let driver = Driver {
            connector: self.clone(),
            request,
            link,
        };
        tokio::spawn(driver.run(socket));
        Ok(())
    }
}

/// How one connection ended.
enum End {
    /// The client asked to close, and the close handshake is done (or timed out).
    ClientClosed(Option<CloseFrame>),
    /// The server closed it.
    Closed(Option<CloseFrame>),
    /// It dropped (I/O error, end of stream, dead keepalive).
    Dropped,
}

struct Driver {
    connector: TokioWsConnector,
    request: WsRequest,
    link: DriverLink,
}

impl Driver {
    async fn run(self, mut socket: Socket) {
        loop {
            let end = self.serve(&mut socket).await;
            let now = Instant::now();
            let jitter = DriverLink::jitter();
            let mut decision = match &end {
                End::ClientClosed(c) | End::Closed(c) => {
                    self.link
                        .on_disconnect(Disconnect::Closed(c.as_ref()), now, jitter)
                }
                End::Dropped => self.link.on_disconnect(Disconnect::Dropped, now, jitter),
            };
            drop(socket);
            socket = loop {
                let ReconnectDecision::After { delay, .. } = decision else {
                    return;
                };
                if !self.sleep_unless_closed(delay).await {
                    let close = Disconnect::Closed(None);
                    self.link.on_disconnect(close, Instant::now(), 0.0);
                    return;
                }
                match self.connector.open(&self.request, self.link.config()).await {
                    Ok(socket) => {
                        self.link.on_connected(Instant::now());
                        break socket;
                    }
                    Err(e) => {
                        decision =
                            self.link
                                .on_connect_failed(e, Instant::now(), DriverLink::jitter());
                    }
                }
            };
        }
    }

    /// Sleeps `delay`; `false` if the client asked to close meanwhile.
    async fn sleep_unless_closed(&self, delay: Duration) -> bool {
        let sleep = tokio::time::sleep(delay);
        tokio::pin!(sleep);
        loop {
            if self.link.close_requested() {
                return false;
            }
            tokio::select! {
                _ = &mut sleep => return true,
                _ = std::future::poll_fn(|cx| self.link.poll_work(cx)) => {}
            }
        }
    }

    /// Serves one connection until it ends.
    async fn serve(&self, socket: &mut Socket) -> End {
        let config = *self.link.config();
        let mut keepalive = Keepalive::new(config.keepalive, Instant::now());
        let mut unyielded = 0usize;
        let timer = tokio::time::sleep(Duration::ZERO);
        tokio::pin!(timer);
        loop {
            let mut wrote = false;
            while let Some(frame) = self.link.poll_transmit() {
                if socket.feed(frame_to_tungstenite(frame)).await.is_err() {
                    return End::Dropped;
                }
                wrote = true;
            }
            if wrote {
                if socket.flush().await.is_err() {
                    return End::Dropped;
                }
                keepalive.on_sent(Instant::now());
            }
            if self.link.close_requested() {
                return End::ClientClosed(close_handshake(socket, config.close_timeout).await);
            }
            let paused = self.link.read_paused();
            if paused {
                // Unread data waits in the socket: the peer is alive (and its pongs cannot
                // be read until the consumer catches up).
                keepalive.on_received(Instant::now());
            }
            let wait = match keepalive.poll(Instant::now()) {
                KeepaliveAction::Ping => {
                    if socket.send(Message::Ping(Bytes::new())).await.is_err() {
                        return End::Dropped;
                    }
                    continue;
                }
                KeepaliveAction::Dead => return End::Dropped,
                KeepaliveAction::Wait(d) => d,
            };
            timer.as_mut().reset(tokio::time::Instant::now() + wait);
            let paused = self.link.read_paused();
            // Unbiased: a stream of pushes cannot starve reading, nor reading the writes.
            tokio::select! {
                _ = std::future::poll_fn(|cx| self.link.poll_work(cx)) => {}
                read = socket.next(), if !paused => match read {
                    Some(Ok(message)) => {
                        keepalive.on_received(Instant::now());
                        match frame_from_tungstenite(message) {
                            Some(Frame::Close(close)) => {
                                // Send the close answer tungstenite queued.
                                let _ = tokio::time::timeout(config.close_timeout, socket.flush()).await;
                                return End::Closed(close);
                            }
                            Some(frame) => {
                                self.link.on_frame(frame);
                                // Let the consumers take what came before reading on: events
                                // do not pile up to the queue bound between two polls of a
                                // consumer (on a current-thread runtime the driver would
                                // otherwise read until the bound or tokio's budget), so the
                                // memory they use stays small and warm in the allocator.
                                unyielded += 1;
                                if unyielded == FRAMES_PER_YIELD {
                                    unyielded = 0;
                                    tokio::task::yield_now().await;
                                }
                            }
                            None => {}
                        }
                    }
                    Some(Err(_)) | None => return End::Dropped,
                },
                _ = &mut timer => {}
            }
        }
    }
}

/// Frames the driver routes before it yields to the consumers (see the read loop).
const FRAMES_PER_YIELD: usize = 4;

/// Sends a normal close and waits for the server's answer, at most `limit`.
async fn close_handshake(socket: &mut Socket, limit: Duration) -> Option<CloseFrame> {
    let normal = tungstenite::protocol::CloseFrame {
        code: tungstenite::protocol::frame::coding::CloseCode::Normal,
        reason: "".into(),
    };
    let answer = async {
        if socket.close(Some(normal)).await.is_err() {
            return None;
        }
        while let Some(Ok(message)) = socket.next().await {
            if let Some(Frame::Close(close)) = frame_from_tungstenite(message) {
                return close;
            }
        }
        None
    };
    tokio::time::timeout(limit, answer).await.ok().flatten()
}

fn kind_of(e: &tungstenite::Error) -> TransportErrorKind {
    match e {
        tungstenite::Error::Io(_) => TransportErrorKind::Io,
        tungstenite::Error::Tls(_) => TransportErrorKind::Tls,
        tungstenite::Error::Protocol(_) | tungstenite::Error::HttpFormat(_) => {
            TransportErrorKind::Protocol
        }
        _ => TransportErrorKind::Other,
    }
}

fn transport(
    kind: TransportErrorKind,
    e: impl Into<Box<dyn std::error::Error + Send + Sync>>,
) -> Error {
    Error::Transport(TransportError::new(kind, e))
}

#[cfg(all(test, feature = "ws-rustls"))]
mod tests {
    #[test]
    fn the_tls_config_speaks_http_1_1_with_the_platform_verifier() {
        let config = super::tls_config().unwrap();
        assert_eq!(config.alpn_protocols, vec![b"http/1.1".to_vec()]);
    }
}
