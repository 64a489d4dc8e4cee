//! The blocking WebSocket driver: tungstenite on one I/O thread, no async runtime.
//!
//! A synchronous tungstenite socket cannot be split into a reader and a writer (and rustls
//! needs exclusive access to its connection), and a blocking `read` starves writes. So one
//! thread owns the socket. Its `TcpStream` is non-blocking and registered with a
//! [`polling::Poller`]; each turn of its loop writes what the session queued, reads until the
//! socket has nothing more (tungstenite's `read` resumes after a `WouldBlock`) unless the
//! session paused reading, polls the keepalive, and then waits on the poller for the socket
//! (readable, or writable while a write is pending) *or* a wake-up: the link's driver waker
//! calls [`Poller::notify`](polling::Poller::notify) whenever a handle queues a frame, ends a
//! pause or asks to close, so a send never waits for a read to time out. A close or an I/O error goes to the core's reconnect decision; the thread ends
//! when the socket handle asks it to close, or when it gives up.
//!
//! Everything that decides something is in `cartesia-core::ws` (the request and its headers,
//! refused upgrades as [`Error::Api`](cartesia_core::Error::Api), the sessions, the keepalive
//! and the reconnect rules); this module only moves bytes.

use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use bytes::Bytes;
use cartesia_core::transport::{error_response, ErrorBodyCollector};
use cartesia_core::ws::{
    close_code, frame_from_tungstenite, frame_to_tungstenite, handshake_error, BlockingWsConnector,
    CloseFrame, Disconnect, DriverLink, Frame, Keepalive, KeepaliveAction, ReconnectDecision,
    WsConfig, WsRequest,
};
use cartesia_core::{Error, RequestSent, SendOptions, TransportError, TransportErrorKind};
use polling::{Event, Events, Poller};
use tungstenite::handshake::client::generate_key;
use tungstenite::handshake::HandshakeError;
use tungstenite::protocol::{frame::coding::CloseCode, CloseFrame as WsCloseFrame};
use tungstenite::{Message, WebSocket};
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::NextTimeout;

/// The longest wait on the poller with nothing to do (a wake-up or the socket ends it
/// sooner): a bound on how late the keepalive is looked at.
const MAX_WAIT: Duration = Duration::from_millis(250);

/// The poller key of the socket.
const SOCKET_KEY: usize = 7;

/// The longest single sleep of the thread (in a reconnect backoff, or while reading is
/// paused), so a close request is seen within it.
const SLEEP_SLICE: Duration = Duration::from_millis(50);

/// Messages read in one turn before the thread gives writes and the keepalive a turn.
const READS_PER_TURN: usize = 64;

/// The bytes of a refused upgrade's body kept for the error (as a REST error body).
fn error_body_cap(options: &SendOptions) -> u64 {
    options.max_error_body_bytes.min(options.max_response_bytes)
}

// ---------------------------------------------------------------------------------------
// TLS

/// How `wss` connections get their TLS: the same root certificates as the ureq agent of
/// this crate (webpki-roots with rustls; the platform's with native-tls), and the crypto
/// provider configured explicitly, never whatever a process happens to have installed
/// unless this crate was built with `rustls-no-provider`.
#[derive(Default)]
pub(crate) struct Tls {
    #[cfg(any(feature = "rustls", feature = "rustls-no-provider"))]
    rustls: std::sync::OnceLock<Arc<rustls::ClientConfig>>,
    #[cfg(all(
        feature = "native-tls",
        not(any(feature = "rustls", feature = "rustls-no-provider"))
    ))]
    native: std::sync::OnceLock<native_tls::TlsConnector>,
}

impl std::fmt::Debug for Tls {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Tls")
    }
}

#[cfg(any(
    feature = "rustls",
    feature = "rustls-no-provider",
    not(feature = "native-tls")
))]
fn tls_error(detail: impl Into<std::borrow::Cow<'static, str>>) -> TransportError {
    TransportError::msg(TransportErrorKind::Tls, detail).with_sent(RequestSent::No)
}

#[cfg(any(feature = "rustls", feature = "rustls-no-provider"))]
impl Tls {
    /// The rustls configuration: ring (with the `rustls` feature) unless the process
    /// installed a default provider (as ureq picks its provider), the webpki roots ureq uses.
    fn rustls_config(&self) -> Result<Arc<rustls::ClientConfig>, TransportError> {
        if let Some(c) = self.rustls.get() {
            return Ok(c.clone());
        }
        let provider = rustls::crypto::CryptoProvider::get_default()
            .cloned()
            .or_else(ring_provider)
            .ok_or_else(|| {
                tls_error(
                    "no rustls CryptoProvider: with the `rustls-no-provider` feature, install \
                     one process-wide before opening a wss socket",
                )
            })?;
        let roots = rustls::RootCertStore {
            roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
        };
        let config = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| TransportError::new(TransportErrorKind::Tls, e))?
            .with_root_certificates(roots)
            .with_no_client_auth();
        Ok(self.rustls.get_or_init(|| Arc::new(config)).clone())
    }

    fn wrap(&self, host: &str, tcp: TcpStream, deadline: Instant) -> Result<Conn, Error> {
        let config = self.rustls_config()?;
        let name = rustls::pki_types::ServerName::try_from(host.to_owned())
            .map_err(|_| tls_error(format!("{host:?} is not a valid TLS server name")))?;
        let conn = rustls::ClientConnection::new(config, name)
            .map_err(|e| TransportError::new(TransportErrorKind::Tls, e))?;
        let mut stream = rustls::StreamOwned::new(conn, tcp);
        // The TLS handshake now, so that its failures are TLS errors (not the upgrade's).
        while stream.conn.is_handshaking() {
            if Instant::now() >= deadline {
                return Err(timeout("the TLS handshake"));
            }
            if let Err(e) = stream.conn.complete_io(&mut stream.sock) {
                if is_timeout(&e) {
                    continue;
                }
                let kind = if e.get_ref().is_some_and(|inner| inner.is::<rustls::Error>()) {
                    TransportErrorKind::Tls
                } else {
                    crate::io_kind(&e)
                };
                return Err(TransportError::new(kind, e)
                    .with_sent(RequestSent::No)
                    .into());
            }
        }
        Ok(Conn::Rustls(Box::new(stream)))
    }
}

#[cfg(feature = "rustls")]
fn ring_provider() -> Option<Arc<rustls::crypto::CryptoProvider>> {
    Some(Arc::new(rustls::crypto::ring::default_provider()))
}

#[cfg(all(feature = "rustls-no-provider", not(feature = "rustls")))]
fn ring_provider() -> Option<Arc<rustls::crypto::CryptoProvider>> {
    None
}

#[cfg(all(
    feature = "native-tls",
    not(any(feature = "rustls", feature = "rustls-no-provider"))
))]
impl Tls {
    fn wrap(&self, host: &str, tcp: TcpStream, deadline: Instant) -> Result<Conn, Error> {
        let connector = match self.native.get() {
            Some(c) => c.clone(),
            None => {
                let c = native_tls::TlsConnector::new()
                    .map_err(|e| TransportError::new(TransportErrorKind::Tls, e))?;
                self.native.get_or_init(|| c).clone()
            }
        };
        let mut attempt = connector.connect(host, tcp);
        loop {
            match attempt {
                Ok(stream) => return Ok(Conn::Native(Box::new(stream))),
                Err(native_tls::HandshakeError::WouldBlock(mid)) => {
                    if Instant::now() >= deadline {
                        return Err(timeout("the TLS handshake"));
                    }
                    attempt = mid.handshake();
                }
                Err(native_tls::HandshakeError::Failure(e)) => {
                    return Err(TransportError::new(TransportErrorKind::Tls, e)
                        .with_sent(RequestSent::No)
                        .into())
                }
            }
        }
    }
}

#[cfg(not(any(
    feature = "rustls",
    feature = "rustls-no-provider",
    feature = "native-tls"
)))]
impl Tls {
    fn wrap(&self, _host: &str, _tcp: TcpStream, _deadline: Instant) -> Result<Conn, Error> {
        Err(
            tls_error("this build of cartesia-ureq has no TLS feature (rustls or native-tls)")
                .into(),
        )
    }
}

// ---------------------------------------------------------------------------------------
// The connection

/// A TCP connection, with TLS or without.
enum Conn {
    Plain(TcpStream),
    #[cfg(any(feature = "rustls", feature = "rustls-no-provider"))]
    Rustls(Box<rustls::StreamOwned<rustls::ClientConnection, TcpStream>>),
    #[cfg(all(
        feature = "native-tls",
        not(any(feature = "rustls", feature = "rustls-no-provider"))
    ))]
    Native(Box<native_tls::TlsStream<TcpStream>>),
}

/// A byte stream (what every [`Conn`] variant is).
trait Stream: Read + Write {}

impl<T: Read + Write> Stream for T {}

impl Conn {
    fn tcp(&self) -> &TcpStream {
        match self {
            Conn::Plain(s) => s,
            #[cfg(any(feature = "rustls", feature = "rustls-no-provider"))]
            Conn::Rustls(s) => &s.sock,
            #[cfg(all(
                feature = "native-tls",
                not(any(feature = "rustls", feature = "rustls-no-provider"))
            ))]
            Conn::Native(s) => s.get_ref(),
        }
    }

    fn stream(&mut self) -> &mut dyn Stream {
        match self {
            Conn::Plain(s) => s,
            #[cfg(any(feature = "rustls", feature = "rustls-no-provider"))]
            Conn::Rustls(s) => &mut **s,
            #[cfg(all(
                feature = "native-tls",
                not(any(feature = "rustls", feature = "rustls-no-provider"))
            ))]
            Conn::Native(s) => &mut **s,
        }
    }
}

/// The connection as tungstenite sees it: shared with the connect code only so that the rest
/// of a refused upgrade's body can be read after tungstenite gave up on it (its error keeps
/// only the bytes that came with the head). Only one thread ever uses it at a time.
#[derive(Clone)]
struct Shared(Arc<Mutex<Conn>>);

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Conn> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Makes the connection non-blocking and registers it with a new poller.
    fn register(&self) -> io::Result<Arc<Poller>> {
        let conn = self.lock();
        conn.tcp().set_nonblocking(true)?;
        let poller = Poller::new()?;
        // SAFETY: `Socket`'s `Drop` deletes the registration before the connection closes
        // (the connection lives in the socket's `WebSocket`).
        #[allow(unsafe_code)]
        unsafe {
            poller.add(conn.tcp(), Event::readable(SOCKET_KEY))?
        };
        Ok(Arc::new(poller))
    }
}

impl Read for Shared {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.lock().stream().read(buf)
    }
}

impl Write for Shared {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.lock().stream().write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.lock().stream().flush()
    }
}

/// An open socket: non-blocking, registered with its poller.
pub(crate) struct Socket {
    ws: WebSocket<Shared>,
    poller: Arc<Poller>,
}

impl Socket {
    /// Waits until the socket is readable (`read`) or writable (`write`), a wake-up comes, or
    /// `timeout` passes. An error of the poller is treated as "something may be ready" (the
    /// next read or write tells).
    fn wait(&self, read: bool, write: bool, timeout: Duration) {
        let interest = Event::new(SOCKET_KEY, read, write);
        let armed = {
            let conn = self.ws.get_ref().lock();
            self.poller.modify(conn.tcp(), interest)
        };
        if armed.is_ok() {
            let mut events = Events::new();
            let _ = self.poller.wait(&mut events, Some(timeout));
        }
    }
}

impl Drop for Socket {
    fn drop(&mut self) {
        // The registration goes before the socket closes (polling's contract for `add`).
        let conn = self.ws.get_ref().lock();
        let _ = self.poller.delete(conn.tcp());
    }
}

/// The link's driver waker: wakes the I/O thread out of its poller wait.
struct PollerWake(Arc<Poller>);

impl std::task::Wake for PollerWake {
    fn wake(self: Arc<Self>) {
        let _ = self.0.notify();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        let _ = self.0.notify();
    }
}

impl std::fmt::Debug for Socket {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Socket")
    }
}

// ---------------------------------------------------------------------------------------
// Connecting

/// The host, port and whether TLS applies, from the socket URL the core built.
fn host_port(uri: &http::Uri) -> Result<(String, u16, bool), Error> {
    let secure = match uri.scheme_str() {
        Some("wss") => true,
        Some("ws") => false,
        _ => {
            return Err(cartesia_core::InvalidRequest::new(
                "base_url",
                "does not make a ws:// or wss:// socket URL",
            )
            .into())
        }
    };
    let host = uri
        .host()
        .ok_or_else(|| cartesia_core::InvalidRequest::new("base_url", "has no host"))?;
    // `[::1]` in a URI is `::1` to the resolver and to TLS.
    let host = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_owned();
    let port = uri.port_u16().unwrap_or(if secure { 443 } else { 80 });
    Ok((host, port, secure))
}

/// Why a connection ended, owned (the core's [`Disconnect`] borrows).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Ended {
    /// The server closed the socket.
    Closed(Option<CloseFrame>),
    /// Reset, EOF, an I/O or protocol error, or no answer to a ping.
    Dropped,
}

impl Ended {
    pub(crate) fn as_disconnect(&self) -> Disconnect<'_> {
        match self {
            Ended::Closed(close) => Disconnect::Closed(close.as_ref()),
            Ended::Dropped => Disconnect::Dropped,
        }
    }
}

fn timeout(what: &str) -> Error {
    TransportError::msg(TransportErrorKind::Timeout, format!("{what} timed out"))
        .with_sent(RequestSent::No)
        .into()
}

/// Whether an I/O error only says "not now": a read or write timeout (`WouldBlock` on Unix,
/// `TimedOut` on Windows) or an interrupted call; the operation is tried again later.
fn is_timeout(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut | io::ErrorKind::Interrupted
    )
}

/// Opens a socket: TCP within the connect timeout, TLS for `wss`, then tungstenite's
/// client handshake with the core's request. A refused upgrade is the same
/// [`Error::Api`] as a REST error status (through [`handshake_error`]), its body read up to
/// the error-body cap.
pub(crate) fn open(request: &WsRequest, config: &WsConfig, tls: &Tls) -> Result<Socket, Error> {
    let http_request = request.http_request(&generate_key())?;
    let (host, port, secure) = host_port(http_request.uri())?;
    let connect_timeout = config.connect_timeout.max(Duration::from_millis(1));
    let tcp = connect_tcp(&host, port, connect_timeout)?;
    // The TLS and HTTP handshakes get the connect timeout too (a server that accepts and
    // then says nothing must not hang the caller).
    let deadline = Instant::now() + connect_timeout;
    let _ = tcp.set_nodelay(true);
    tcp.set_read_timeout(Some(connect_timeout))
        .and_then(|()| tcp.set_write_timeout(Some(connect_timeout)))
        .map_err(|e| io_error(e, RequestSent::No))?;
    let conn = if secure {
        tls.wrap(&host, tcp, deadline)?
    } else {
        Conn::Plain(tcp)
    };
    let shared = Shared(Arc::new(Mutex::new(conn)));
    let ws_config = tungstenite::protocol::WebSocketConfig::default()
        .max_message_size(Some(config.max_message_bytes))
        .max_frame_size(Some(config.max_message_bytes));
    let mut attempt =
        tungstenite::client::client_with_config(http_request, shared.clone(), Some(ws_config));
    loop {
        match attempt {
            Ok((ws, _response)) => {
                // From now on no read or write waits: the thread waits on the poller, for
                // the socket or a wake-up from the handles.
                let poller = shared
                    .register()
                    .map_err(|e| io_error(e, RequestSent::Maybe))?;
                return Ok(Socket { ws, poller });
            }
            Err(HandshakeError::Interrupted(mid)) => {
                if Instant::now() >= deadline {
                    return Err(timeout("the WebSocket handshake"));
                }
                attempt = mid.handshake();
            }
            Err(HandshakeError::Failure(tungstenite::Error::Http(response))) => {
                let cap = error_body_cap(&request.client_config().send_options());
                return Err(refused(*response, shared, cap, deadline));
            }
            Err(HandshakeError::Failure(e)) => {
                return Err(handshake_failure(e));
            }
        }
    }
}

/// TCP to `host:port`: the name looked up within `timeout`, then each address tried with
/// `timeout` until one connects.
fn connect_tcp(host: &str, port: u16, timeout: Duration) -> Result<TcpStream, TransportError> {
    let addrs = resolve(host, port, timeout)?;
    let mut last = None;
    for addr in addrs.iter() {
        match TcpStream::connect_timeout(addr, timeout) {
            Ok(s) => return Ok(s),
            Err(e) => last = Some(e),
        }
    }
    Err(match last {
        Some(e) if is_timeout(&e) => TransportError::new(TransportErrorKind::Timeout, e),
        Some(e) => TransportError::new(TransportErrorKind::Connect, e),
        None => TransportError::msg(
            TransportErrorKind::Connect,
            format!("{host} resolved to no address"),
        ),
    }
    .with_sent(RequestSent::No))
}

/// The addresses of `host` (a name or an IP literal), looked up by ureq's default resolver
/// within `timeout`: it asks the system resolver on a thread of its own and stops waiting at
/// the timeout, so a resolver that never answers cannot hang the caller (a socket is opened
/// once per session, so the thread costs nothing that matters). A timeout is a `Timeout`
/// error, an unknown host a `Connect` error, neither with the request sent.
fn resolve(
    host: &str,
    port: u16,
    timeout: Duration,
) -> Result<ResolvedSocketAddrs, TransportError> {
    let authority = if host.contains(':') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    };
    let uri: http::Uri = format!("http://{authority}/").parse().map_err(|e| {
        TransportError::new(TransportErrorKind::Connect, e).with_sent(RequestSent::No)
    })?;
    let next = NextTimeout {
        after: timeout.into(),
        reason: ureq::Timeout::Resolve,
        ..NextTimeout::default()
    };
    DefaultResolver::default()
        .resolve(&uri, &ureq::config::Config::default(), next)
        .map_err(crate::map_error)
}

fn io_error(e: io::Error, sent: RequestSent) -> Error {
    let kind = crate::io_kind(&e);
    TransportError::new(kind, e).with_sent(sent).into()
}

/// A handshake that failed other than by a refusal: the server does not speak WebSocket
/// (a protocol error), or the connection failed.
fn handshake_failure(e: tungstenite::Error) -> Error {
    match e {
        tungstenite::Error::Io(io) if is_timeout(&io) => timeout("the WebSocket handshake"),
        tungstenite::Error::Io(io) => io_error(io, RequestSent::Maybe),
        // A request the core built is always valid; an invalid one is a bug, reported, not
        // a panic.
        tungstenite::Error::Url(_) | tungstenite::Error::HttpFormat(_) => {
            TransportError::new(TransportErrorKind::Other, e)
                .with_sent(RequestSent::No)
                .into()
        }
        other => TransportError::new(TransportErrorKind::Protocol, other)
            .with_sent(RequestSent::Maybe)
            .into(),
    }
}

/// A refused upgrade: the status, headers and body (what came with the head, then the rest
/// up to `Content-Length` and the error-body cap, within the handshake deadline) through
/// the core's [`handshake_error`].
fn refused(
    response: http::Response<Option<Vec<u8>>>,
    mut conn: Shared,
    cap: u64,
    deadline: Instant,
) -> Error {
    let (parts, tail) = response.into_parts();
    let tail = tail.unwrap_or_default();
    let mut body = ErrorBodyCollector::new(cap, Some(deadline));
    let more = body.push(&tail);
    let length = parts
        .headers
        .get(http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let chunked = parts
        .headers
        .get(http::header::TRANSFER_ENCODING)
        .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"chunked"));
    let read = match length {
        Some(len) if more && len > tail.len() as u64 => {
            let mut rest = (&mut conn).take(len - tail.len() as u64);
            body.read_from(&mut rest)
        }
        // Without a length the body runs to the end of the connection (a chunked body is
        // kept as it came: the status and request id are what matter).
        None if more && !chunked => body.read_from(&mut conn),
        _ => body.finish(),
    };
    handshake_error(error_response(parts, read))
}

/// Opens the blocking client's WebSockets: tungstenite on one I/O thread per socket, TLS with
/// the same roots as this crate's ureq agent. [`BuildUreq::build_ureq`](crate::BuildUreq)
/// registers one on every client it builds (unless the builder already has a blocking
/// connector), so the sockets need nothing more:
///
/// ```no_run
/// use cartesia_ureq::prelude::*;
/// use cartesia_ureq::cartesia_core::types::tts::RawEncoding;
/// use cartesia_ureq::cartesia_core::types::ws::{TtsWsRequest, WsOutputFormat};
///
/// let client = cartesia_ureq::from_env()?;
/// let socket = client.tts().websocket()?;
/// let format = WsOutputFormat::raw(RawEncoding::PcmS16le, 24_000);
/// let mut turn = socket.context(TtsWsRequest::new("sonic-3", "voice-id", format, "turn-1"))?;
/// turn.push("Hello, ")?;
/// turn.push("world.")?;
/// turn.finish()?;
/// let audio = turn.collect_audio()?;
/// println!("{} bytes of PCM", audio.len());
/// # Ok::<(), Error>(())
/// ```
#[derive(Debug, Default)]
pub struct UreqWsConnector {
    tls: Arc<Tls>,
}

impl UreqWsConnector {
    /// A connector (its TLS configuration is built on the first `wss` connection).
    pub fn new() -> Self {
        Self::default()
    }
}

impl BlockingWsConnector for UreqWsConnector {
    fn connect(&self, request: WsRequest, link: DriverLink) -> Result<(), Error> {
        let socket = open(&request, link.config(), &self.tls)?;
        link.on_connected(Instant::now());
        let driver = Driver {
            request,
            tls: self.tls.clone(),
            link: link.clone(),
        };
        let spawned = std::thread::Builder::new()
            .name("cartesia-ws".to_owned())
            .spawn(move || driver.run(socket));
        match spawned {
            Ok(_) => Ok(()),
            Err(e) => {
                let error = |e| TransportError::new(TransportErrorKind::Other, e).into();
                link.on_terminated(error(io::Error::new(e.kind(), e.to_string())));
                Err(error(e))
            }
        }
    }
}

/// How one connection ended.
enum Outcome {
    /// The handle asked to close (the close handshake is done, the link told).
    Shutdown,
    /// The connection ended on its own, with the error that ended it if there was one.
    Ended(Ended, Option<Error>),
}

/// The I/O thread of one socket.
struct Driver {
    request: WsRequest,
    tls: Arc<Tls>,
    link: DriverLink,
}

impl Driver {
    /// Serves connections until the link closes or the reconnect rules give up.
    fn run(self, first: Socket) {
        let mut socket = first;
        loop {
            let (cause, error) = match self.serve(&mut socket) {
                Outcome::Shutdown => return,
                Outcome::Ended(cause, error) => (cause, error),
            };
            drop(socket);
            let mut decision = self.link.on_disconnect(
                cause.as_disconnect(),
                Instant::now(),
                DriverLink::jitter(),
            );
            if let (ReconnectDecision::GiveUp(_), Some(error)) = (&decision, error) {
                // A clean close needs no more words (the handles see it as closed); an I/O
                // or protocol error is what ended the socket.
                if !self.link.close_requested() {
                    self.link.on_terminated(error);
                }
            }
            socket = loop {
                let ReconnectDecision::After { delay, .. } = decision else {
                    return;
                };
                if !self.sleep(delay) {
                    // Closed while waiting to reconnect: the link ends what is left.
                    self.link
                        .on_disconnect(Disconnect::Closed(None), Instant::now(), 0.0);
                    return;
                }
                match open(&self.request, self.link.config(), &self.tls) {
                    Ok(s) => break s,
                    // The core maps the error (a refusal's status and Retry-After) and ends
                    // the socket with it when it gives up.
                    Err(error) => {
                        decision =
                            self.link
                                .on_connect_failed(error, Instant::now(), DriverLink::jitter())
                    }
                }
            };
            self.link.on_connected(Instant::now());
        }
    }

    /// Sleeps `delay` in slices; `false` when a close was asked meanwhile.
    fn sleep(&self, delay: Duration) -> bool {
        let until = Instant::now() + delay;
        loop {
            if self.link.close_requested() || self.link.is_ended() {
                return false;
            }
            let now = Instant::now();
            if now >= until {
                return true;
            }
            std::thread::sleep((until - now).min(SLEEP_SLICE));
        }
    }

    /// Runs one connection until it ends or the handle asks to close.
    fn serve(&self, socket: &mut Socket) -> Outcome {
        let link = &self.link;
        link.register_waker(&std::task::Waker::from(Arc::new(PollerWake(
            socket.poller.clone(),
        ))));
        let mut keepalive = Keepalive::new(link.config().keepalive, Instant::now());
        // A write the socket could not take yet (tungstenite keeps it buffered): no new
        // frame is taken from the session until it is flushed, so memory stays bounded.
        let mut flush_pending = false;
        loop {
            if link.close_requested() || link.is_ended() {
                return self.shutdown(socket, flush_pending);
            }
            let ws = &mut socket.ws;
            // Writes.
            if !flush_pending {
                while let Some(frame) = link.poll_transmit() {
                    keepalive.on_sent(Instant::now());
                    if let Err(e) = ws.write(frame_to_tungstenite(frame)) {
                        match write_error(e) {
                            Some(ended) => return ended,
                            // Buffered: the flush below tries again.
                            None => break,
                        }
                    }
                }
            }
            match ws.flush() {
                Ok(()) => flush_pending = false,
                Err(e) => match write_error(e) {
                    Some(ended) => return ended,
                    None => flush_pending = true,
                },
            }
            // Reads, until the socket has nothing more (then the thread waits on the poller).
            let mut drained = true;
            if link.read_paused() {
                // A consumer is behind: the server's frames wait in TCP's buffers. That the
                // peer is alive is not in question, so no ping goes unanswered meanwhile.
                keepalive.on_received(Instant::now());
            } else {
                drained = false;
                for _ in 0..READS_PER_TURN {
                    match ws.read() {
                        Ok(message) => {
                            keepalive.on_received(Instant::now());
                            let frame = match frame_from_tungstenite(message) {
                                Some(Frame::Close(close)) => {
                                    // tungstenite queued the answer; send it, best effort.
                                    let _ = ws.flush();
                                    return Outcome::Ended(Ended::Closed(close), None);
                                }
                                Some(frame) => frame,
                                None => continue,
                            };
                            // Routed now; its consumer is woken once per batch of frames
                            // read in a row (see `wake_deferred` below).
                            if link.on_frame_batched(frame) {
                                // Paused: wait for the consumer; closing: go round now.
                                drained = link.read_paused();
                                break;
                            }
                        }
                        Err(tungstenite::Error::Io(e)) if is_timeout(&e) => {
                            drained = true;
                            break;
                        }
                        Err(e) => return read_error(e),
                    }
                }
                // The socket has nothing more (or the turn ends): what was read is handed
                // over now, never held while the thread waits.
                link.wake_deferred();
            }
            // Keepalive.
            let mut wait = MAX_WAIT;
            match keepalive.poll(Instant::now()) {
                KeepaliveAction::Wait(d) => wait = wait.min(d),
                KeepaliveAction::Ping => {
                    // Round again at once, so the flush at the top sends it.
                    drained = false;
                    if let Err(e) = ws.write(Message::Ping(Bytes::new())) {
                        if let Some(ended) = write_error(e) {
                            return ended;
                        }
                    }
                }
                KeepaliveAction::Dead => {
                    let error = TransportError::msg(
                        TransportErrorKind::Timeout,
                        "the server answered no ping in time",
                    )
                    .with_sent(RequestSent::Maybe);
                    return Outcome::Ended(Ended::Dropped, Some(error.into()));
                }
            }
            if drained {
                socket.wait(!link.read_paused(), flush_pending, wait);
            }
        }
    }

    /// The handle asked to close: writes what is queued, sends a normal close, waits (at
    /// most the close timeout) for the server's answer, and tells the link.
    fn shutdown(&self, socket: &mut Socket, mut flush_pending: bool) -> Outcome {
        let until = Instant::now() + self.link.config().close_timeout;
        let left = || {
            until
                .saturating_duration_since(Instant::now())
                .min(MAX_WAIT)
        };
        // What the session still holds (the last texts, a cancel) goes first.
        while Instant::now() < until {
            if flush_pending {
                match socket.ws.flush() {
                    Ok(()) => flush_pending = false,
                    Err(e) if not_yet(&e) => {
                        socket.wait(false, true, left());
                        continue;
                    }
                    Err(_) => break,
                }
            }
            let Some(frame) = self.link.poll_transmit() else {
                break;
            };
            if let Err(e) = socket.ws.write(frame_to_tungstenite(frame)) {
                if !not_yet(&e) {
                    break;
                }
                flush_pending = true;
            }
        }
        let _ = socket.ws.close(Some(WsCloseFrame {
            code: CloseCode::Normal,
            reason: "".into(),
        }));
        let mut answer = None;
        while Instant::now() < until {
            match socket.ws.read() {
                Ok(Message::Close(close)) => {
                    // The handshake is done; dropping the socket closes the connection.
                    answer = frame_from_tungstenite(Message::Close(close));
                    break;
                }
                Ok(_) => {}
                Err(tungstenite::Error::Io(e)) if is_timeout(&e) => {
                    // The close frame may still wait to be written: wait for either way.
                    let pending = socket.ws.flush().is_err();
                    socket.wait(true, pending, left());
                }
                Err(_) => break,
            }
        }
        let close = match answer {
            Some(Frame::Close(c)) => c,
            _ => Some(CloseFrame::new(close_code::NORMAL, "")),
        };
        self.link
            .on_disconnect(Disconnect::Closed(close.as_ref()), Instant::now(), 0.0);
        Outcome::Shutdown
    }
}

/// Whether a write error only says the socket could not take the data yet (it stays
/// buffered in tungstenite, and a later flush goes on).
fn not_yet(e: &tungstenite::Error) -> bool {
    match e {
        tungstenite::Error::Io(io) => is_timeout(io),
        tungstenite::Error::WriteBufferFull(_) => true,
        _ => false,
    }
}

/// A write error: `None` when the socket only could not take it yet (it stays buffered).
fn write_error(e: tungstenite::Error) -> Option<Outcome> {
    (!not_yet(&e)).then(|| read_error(e))
}

/// A read (or fatal write) error as the end of the connection.
fn read_error(e: tungstenite::Error) -> Outcome {
    match e {
        // The server closed the TCP connection after a close handshake.
        tungstenite::Error::ConnectionClosed | tungstenite::Error::AlreadyClosed => {
            Outcome::Ended(Ended::Closed(None), None)
        }
        tungstenite::Error::Io(io) => {
            let error = io_error(io, RequestSent::Maybe);
            Outcome::Ended(Ended::Dropped, Some(error))
        }
        other => Outcome::Ended(
            Ended::Dropped,
            Some(
                TransportError::new(TransportErrorKind::Protocol, other)
                    .with_sent(RequestSent::Maybe)
                    .into(),
            ),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Names and IP literals resolve through ureq's resolver with a bound; a host that is not
    /// one is a `Connect` error with nothing sent (no lookup leaves the machine: `localhost`
    /// comes from the hosts file).
    #[test]
    fn sockets_resolve_names_and_literals_within_the_connect_timeout() {
        let within = Duration::from_secs(5);
        let v4 = resolve("127.0.0.1", 9, within).unwrap();
        assert_eq!(
            v4.iter().map(|a| a.to_string()).collect::<Vec<_>>(),
            ["127.0.0.1:9"]
        );
        let v6 = resolve("::1", 9, within).unwrap();
        assert_eq!(
            v6.iter().map(|a| a.to_string()).collect::<Vec<_>>(),
            ["[::1]:9"]
        );
        let local = resolve("localhost", 9, within).unwrap();
        assert!(!local.is_empty());
        assert!(
            local.iter().all(|a| a.ip().is_loopback() && a.port() == 9),
            "{local:?}"
        );
        let e = resolve("not a host", 9, within).unwrap_err();
        assert_eq!(e.kind(), TransportErrorKind::Connect, "{e:?}");
        assert_eq!(e.request_sent(), RequestSent::No);
    }

    #[test]
    fn socket_urls_give_host_port_and_tls() {
        let hp = |u: &str| host_port(&u.parse().unwrap());
        assert_eq!(
            hp("wss://api.cartesia.ai/tts/websocket").unwrap(),
            ("api.cartesia.ai".to_owned(), 443, true)
        );
        assert_eq!(
            hp("ws://127.0.0.1:4010/tts/websocket").unwrap(),
            ("127.0.0.1".to_owned(), 4010, false)
        );
        assert_eq!(
            hp("ws://[::1]:9/stt/websocket?model=ink-2").unwrap(),
            ("::1".to_owned(), 9, false)
        );
        assert!(hp("https://api.cartesia.ai/x").is_err());
    }

    #[cfg(any(feature = "rustls", feature = "rustls-no-provider"))]
    #[test]
    fn the_rustls_config_has_the_webpki_roots_and_is_built_once() {
        let tls = Tls::default();
        let a = tls.rustls_config().unwrap();
        let b = tls.rustls_config().unwrap();
        assert!(Arc::ptr_eq(&a, &b));
    }

    #[test]
    fn only_timeouts_and_a_full_buffer_are_not_yet() {
        let io = |k| tungstenite::Error::Io(io::Error::from(k));
        assert!(not_yet(&io(io::ErrorKind::WouldBlock)));
        assert!(not_yet(&io(io::ErrorKind::TimedOut)));
        assert!(!not_yet(&io(io::ErrorKind::ConnectionReset)));
        assert!(!not_yet(&tungstenite::Error::ConnectionClosed));
        assert!(matches!(
            read_error(tungstenite::Error::ConnectionClosed),
            Outcome::Ended(Ended::Closed(None), None)
        ));
        assert!(matches!(
            read_error(io(io::ErrorKind::ConnectionReset)),
            Outcome::Ended(Ended::Dropped, Some(Error::Transport(_)))
        ));
    }
}
