//! Async transport for the Cartesia Rust SDK over [reqwest] (needs a tokio runtime).
//!
//! ```no_run
//! # async fn run() -> Result<(), cartesia_reqwest::Error> {
//! // CARTESIA_API_KEY (and optionally CARTESIA_BASE_URL) from the environment:
//! let client = cartesia_reqwest::from_env()?;
//! for n in client.agents().list_phone_numbers("agent_123").await? {
//!     println!("{} {}", n.number, n.agent_id);
//! }
//! # Ok(()) }
//! ```
//!
//! With settings, through the builder every client shares:
//!
//! ```no_run
//! use cartesia_reqwest::{BuildReqwest, ClientBuilder};
//!
//! let client = ClientBuilder::new()
//!     .api_key("sk_car_...")
//!     .timeout(std::time::Duration::from_secs(30))
//!     .build_reqwest()?;
//! # Ok::<(), cartesia_reqwest::Error>(())
//! ```
//!
//! To reuse a `reqwest::Client` you already have (its pool, proxy and TLS settings):
//! `ClientBuilder::new().api_key(key).build_async(ReqwestTransport::from(my_client))`.
//!
//! What this adapter guarantees (checked by the contract suite in `tests/`): every status
//! comes back as a response, response bodies are capped by
//! [`SendOptions::max_response_bytes`](cartesia_core::SendOptions), a body shorter than its
//! `Content-Length` is an error of kind `Body`, and reqwest's redirect policy never forwards
//! `Authorization` to another host.
#![deny(missing_docs)]
#![forbid(unsafe_code)]

use std::error::Error as StdError;
use std::time::Duration;

use bytes::Bytes;
pub use cartesia_core;
use cartesia_core::sleep::{AsyncSleep, SleepFuture};
pub use cartesia_core::{ApiVersion, AsyncClient, ClientBuilder, Error, RequestOptions};
use cartesia_core::{
    ByteStream, ChunkSource, HttpRequest, HttpResponse, RequestSent, SendOptions, Transport,
    TransportError, TransportErrorKind,
};

/// A [`Transport`] over a [`reqwest::Client`] (which pools connections; clone freely).
///
/// Timeouts: `timeout` bounds one attempt up to the response headers and `read_timeout` each
/// pause in the body (both with tokio's timer, per request); no total timeout covers the
/// body. The connect timeout is a setting of the `reqwest::Client` itself (reqwest has no
/// per-request one): [`ReqwestTransport::new`] sets the SDK default of 5 s; with your own
/// client, set `reqwest::ClientBuilder::connect_timeout`. A per-request `connect_timeout` is
/// still bounded by `timeout`, which includes connecting.
#[derive(Debug, Clone)]
pub struct ReqwestTransport {
    client: reqwest::Client,
}

impl ReqwestTransport {
    /// A transport with a new `reqwest::Client`: 5 s connect timeout, TLS from this crate's
    /// features (rustls by default). Fails only if the TLS backend cannot be initialised.
    pub fn new() -> Result<Self, Error> {
        let mut builder = reqwest::Client::builder();
        if let Some(t) = SendOptions::default().connect_timeout {
            builder = builder.connect_timeout(t);
        }
        let client = builder
            .build()
            .map_err(|e| Error::Transport(map_error(e)))?;
        Ok(Self { client })
    }

    /// The reqwest client in use.
    pub fn client(&self) -> &reqwest::Client {
        &self.client
    }
}

impl From<reqwest::Client> for ReqwestTransport {
    fn from(client: reqwest::Client) -> Self {
        Self { client }
    }
}

impl ReqwestTransport {
    /// Sends the request and waits for the response headers (bounded by `options.timeout`).
    async fn head(
        &self,
        request: HttpRequest,
        options: &SendOptions,
    ) -> Result<reqwest::Response, TransportError> {
        let request = reqwest::Request::try_from(request).map_err(|e| {
            TransportError::new(TransportErrorKind::Other, e).with_sent(RequestSent::No)
        })?;
        let exchange = self.client.execute(request);
        match options.timeout {
            Some(limit) => match tokio::time::timeout(limit, exchange).await {
                Ok(result) => result.map_err(map_error),
                Err(_) => Err(TransportError::msg(
                    TransportErrorKind::Timeout,
                    format!("no response headers within {limit:?}"),
                )),
            },
            None => exchange.await.map_err(map_error),
        }
    }
}

/// The status line and headers of a reqwest response, as `http` types (the body stays).
fn parts_of(response: &mut reqwest::Response) -> http::response::Builder {
    let mut builder = http::Response::builder()
        .status(response.status())
        .version(response.version());
    if let Some(h) = builder.headers_mut() {
        *h = std::mem::take(response.headers_mut());
    }
    builder
}

/// A reqwest body read chunk by chunk, each wait bounded by the idle timeout.
struct ReqwestChunks {
    response: reqwest::Response,
    idle: Option<Duration>,
}

#[async_trait::async_trait]
impl ChunkSource for ReqwestChunks {
    async fn next_chunk(&mut self) -> Result<Option<Bytes>, TransportError> {
        let next = self.response.chunk();
        match self.idle {
            Some(limit) => match tokio::time::timeout(limit, next).await {
                Ok(r) => r.map_err(map_error),
                Err(_) => Err(TransportError::msg(
                    TransportErrorKind::Timeout,
                    format!("the response body stalled for {limit:?}"),
                )),
            },
            None => next.await.map_err(map_error),
        }
    }
}

#[async_trait::async_trait]
impl Transport for ReqwestTransport {
    async fn send(
        &self,
        request: HttpRequest,
        options: &SendOptions,
    ) -> Result<HttpResponse, TransportError> {
        let mut response = self.head(request, options).await?;
        let max = options.max_response_bytes;
        if let Some(len) = response.content_length() {
            if len > max {
                return Err(TransportError::msg(
                    TransportErrorKind::BodyTooLarge,
                    format!("Content-Length {len} exceeds the limit of {max} bytes"),
                ));
            }
        }
        let builder = parts_of(&mut response);
        let body = ByteStream::new(ReqwestChunks {
            response,
            idle: options.read_timeout,
        })
        .collect(max)
        .await?;
        builder
            .body(body)
            .map_err(|e| TransportError::new(TransportErrorKind::Other, e))
    }

    async fn send_streaming(
        &self,
        request: HttpRequest,
        options: &SendOptions,
    ) -> Result<http::Response<ByteStream>, TransportError> {
        let mut response = self.head(request, options).await?;
        let builder = parts_of(&mut response);
        builder
            .body(ByteStream::new(ReqwestChunks {
                response,
                idle: options.read_timeout,
            }))
            .map_err(|e| TransportError::new(TransportErrorKind::Other, e))
    }
}

/// Copies the rest of `stream` into a tokio writer (a file, a socket, ...), chunk by chunk;
/// returns the bytes written. A failure to read is a transport error; a failure to write is
/// [`Error::Write`].
pub async fn copy_to_writer<W>(stream: &mut ByteStream, writer: &mut W) -> Result<u64, Error>
where
    W: tokio::io::AsyncWrite + Unpin + ?Sized,
{
    use tokio::io::AsyncWriteExt;
    let mut written = 0u64;
    while let Some(chunk) = stream.next_chunk().await? {
        writer.write_all(&chunk).await.map_err(Error::Write)?;
        written += chunk.len() as u64;
    }
    writer.flush().await.map_err(Error::Write)?;
    Ok(written)
}

/// Async call-audio download into a tokio writer:
/// `client.agents().calls().download_audio_to(id, &mut file).await`.
#[async_trait::async_trait]
pub trait DownloadAudioTo {
    /// Streams the recording of `call_id` into `writer` without holding it in memory.
    async fn download_audio_to<W>(
        &self,
        call_id: &str,
        writer: &mut W,
    ) -> Result<cartesia_core::endpoints::call_audio::AudioDownload, Error>
    where
        W: tokio::io::AsyncWrite + Unpin + Send + ?Sized;
}

#[async_trait::async_trait]
impl DownloadAudioTo for cartesia_core::AsyncCalls<'_> {
    async fn download_audio_to<W>(
        &self,
        call_id: &str,
        writer: &mut W,
    ) -> Result<cartesia_core::endpoints::call_audio::AudioDownload, Error>
    where
        W: tokio::io::AsyncWrite + Unpin + Send + ?Sized,
    {
        let mut audio = self.download_audio_stream(call_id).await?;
        let bytes_written = copy_to_writer(&mut audio.body, writer).await?;
        Ok(cartesia_core::endpoints::call_audio::AudioDownload::new(
            audio.content_type,
            bytes_written,
        ))
    }
}

/// Maps a reqwest error to a kind (reqwest's error never leaves this crate except as a
/// `source`).
fn map_error(e: reqwest::Error) -> TransportError {
    let sent = if e.is_connect() || e.is_builder() {
        RequestSent::No
    } else {
        RequestSent::Maybe
    };
    let kind = if e.is_timeout() {
        TransportErrorKind::Timeout
    } else if chain_mentions_tls(&e) {
        TransportErrorKind::Tls
    } else if e.is_connect() {
        TransportErrorKind::Connect
    } else if e.is_body() || e.is_decode() {
        TransportErrorKind::Body
    } else if e.is_builder() {
        TransportErrorKind::Other
    } else if e.is_request() || has_io_source(&e) {
        // Includes hyper's "connection closed before message completed": the server dropped
        // the connection after the request may have been read (e.g. a keep-alive race).
        TransportErrorKind::Io
    } else {
        TransportErrorKind::Other
    };
    TransportError::new(kind, e).with_sent(sent)
}

fn has_io_source(e: &(dyn StdError + 'static)) -> bool {
    let mut cur = e.source();
    while let Some(s) = cur {
        if s.is::<std::io::Error>() {
            return true;
        }
        cur = s.source();
    }
    false
}

fn chain_mentions_tls(e: &(dyn StdError + 'static)) -> bool {
    let mut cur = e.source();
    while let Some(s) = cur {
        let text = s.to_string().to_ascii_lowercase();
        if text.contains("certificate") || text.contains("tls handshake") {
            return true;
        }
        cur = s.source();
    }
    false
}

/// Builds an [`AsyncClient`] over a new [`ReqwestTransport`] from any [`ClientBuilder`].
pub trait BuildReqwest {
    /// `self.build_async(ReqwestTransport::new()?)`.
    fn build_reqwest(self) -> Result<AsyncClient, Error>;
}

impl BuildReqwest for ClientBuilder {
    fn build_reqwest(self) -> Result<AsyncClient, Error> {
        let builder = if self.has_async_sleep() {
            self
        } else {
            self.async_sleep(TokioSleep)
        };
        builder.build_async(ReqwestTransport::new()?)
    }
}

/// Waits between retries with tokio's timer (set by [`BuildReqwest::build_reqwest`]; pass it
/// to `ClientBuilder::async_sleep` when building with `build_async` yourself).
#[derive(Debug, Clone, Copy, Default)]
pub struct TokioSleep;

impl AsyncSleep for TokioSleep {
    fn sleep(&self, duration: Duration) -> SleepFuture {
        Box::pin(tokio::time::sleep(duration))
    }
}

/// An async client with the API key from `CARTESIA_API_KEY` and the base URL from
/// `CARTESIA_BASE_URL` (default `https://api.cartesia.ai`).
pub fn from_env() -> Result<AsyncClient, Error> {
    ClientBuilder::from_env().build_reqwest()
}

/// An async client with `api_key` and every other setting at its default.
pub fn client(api_key: impl Into<cartesia_core::ApiKey>) -> Result<AsyncClient, Error> {
    ClientBuilder::new().api_key(api_key).build_reqwest()
}
