//! The two clients. Each is a thin driver: the pure steps live in [`crate::pipeline`], and the
//! only thing a client adds is the I/O call (awaited, or blocking).

use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::Instant;

use cartesia_types::ApiVersion;

use crate::call::{Call, Step};
use crate::config::{ClientBuilder, ClientConfig, RequestOptions};
use crate::endpoint::Endpoint;
use crate::error::Error;
use crate::limit::{ConcurrencyLimit, Permit};
use crate::transport::{
    error_response, BlockingBody, BlockingTransport, ByteStream, ChunkSource, ErrorBodyCollector,
    SendOptions, Transport, TransportError,
};
use tracing::Instrument;

/// The async client. Cheap to clone (two `Arc`s); `Send + Sync`.
///
/// Made by [`ClientBuilder::build_async`] over any [`Transport`]; the `cartesia-reqwest` crate
/// has a one-line constructor.
#[derive(Clone)]
pub struct AsyncClient {
    config: Arc<ClientConfig>,
    transport: Arc<dyn Transport>,
    options: RequestOptions,
}

/// The blocking client. Cheap to clone (two `Arc`s); `Send + Sync`; needs no async runtime
/// and may be called from inside one.
///
/// Made by [`ClientBuilder::build_blocking`] over any [`BlockingTransport`]; the
/// `cartesia-ureq` crate has a one-line constructor.
#[derive(Clone)]
pub struct BlockingClient {
    config: Arc<ClientConfig>,
    transport: Arc<dyn BlockingTransport>,
    options: RequestOptions,
}

macro_rules! common_client_methods {
    () => {
        /// The shared configuration (for the socket handles, which keep it).
        pub(crate) fn config_arc(&self) -> Arc<ClientConfig> {
            self.config.clone()
        }

        /// The options of this client view ([`with_options`](Self::with_options)): the
        /// sockets take their version and connect timeout from them.
        pub(crate) fn view_options(&self) -> &RequestOptions {
            &self.options
        }

        /// A builder (the same for both clients).
        pub fn builder() -> ClientBuilder {
            ClientBuilder::new()
        }

        /// The checked configuration.
        pub fn config(&self) -> &ClientConfig {
            &self.config
        }

        /// A view of this client whose calls use `options` (e.g. another API version);
        /// cheap, and shares the connection pool.
        pub fn with_options(&self, options: RequestOptions) -> Self {
            let mut c = self.clone();
            c.options = c.options.merged_with(&options);
            c
        }

        /// A view of this client that sends `version` as `Cartesia-Version`.
        pub fn with_version(&self, version: ApiVersion) -> Self {
            self.with_options(RequestOptions::new().version(version))
        }

        /// A call of `endpoint` under this client's options with `options` over them;
        /// `streamed` when its body is handed over as it arrives.
        fn call<'a, E: Endpoint + ?Sized>(
            &'a self,
            endpoint: &'a E,
            options: &RequestOptions,
            streamed: bool,
        ) -> Call<'a, E> {
            Call::new(
                &self.config,
                endpoint,
                self.options.merged_with(options),
                streamed,
            )
        }
    };
}

impl AsyncClient {
    pub(crate) fn from_parts(config: Arc<ClientConfig>, transport: Arc<dyn Transport>) -> Self {
        Self {
            config,
            transport,
            options: RequestOptions::default(),
        }
    }

    common_client_methods!();

    /// Runs any endpoint.
    //
    // Not an `async fn` that awaits `execute_with`: that would be one more future, holding
    // the whole call's future inside its own, moved into it (copied) on every call.
    pub fn execute<'a, E>(
        &'a self,
        endpoint: &'a E,
    ) -> impl Future<Output = Result<E::Output, Error>> + 'a
    where
        E: Endpoint + Sync + ?Sized,
    {
        self.run(endpoint, &NO_OPTIONS)
    }

    /// Runs any endpoint with per-request options.
    pub fn execute_with<'a, E>(
        &'a self,
        endpoint: &'a E,
        options: &'a RequestOptions,
    ) -> impl Future<Output = Result<E::Output, Error>> + 'a
    where
        E: Endpoint + Sync + ?Sized,
    {
        self.run(endpoint, options)
    }

    /// The call of [`execute_with`](Self::execute_with). It starts (its clock, its span) when
    /// the future is first polled.
    async fn run<E>(&self, endpoint: &E, options: &RequestOptions) -> Result<E::Output, Error>
    where
        E: Endpoint + Sync + ?Sized,
    {
        // In a block of its own: the call is moved into the loop's future, and the block's
        // end ends its place in this one (it would otherwise keep a second, dead copy).
        let run = {
            let mut call = self.call(endpoint, options, false);
            let span = call.span().clone();
            async move {
                loop {
                    let request = call.next_request()?;
                    // Waiting for a slot of the concurrency limit holds the request in a box,
                    // so this future's state (moved and touched on every call) holds none.
                    let (request, permit) = match self.config.concurrency_limit() {
                        None => (request, None),
                        Some(limit) => {
                            let wait = limit.acquire();
                            Box::pin(async move { (request, Some(wait.await)) }).await
                        }
                    };
                    // Through the trait object itself: `Arc<dyn Transport>` also implements
                    // `Transport`, and going through that impl would box a second future.
                    let outcome = (*self.transport).send(request, call.send_options()).await;
                    drop(permit);
                    match call.on_outcome(outcome) {
                        Step::Done(result) => return result,
                        Step::Wait(delay) if delay.is_zero() => {}
                        Step::Wait(delay) => self.config.async_sleep().sleep(delay).await,
                    }
                }
            }
            .instrument(span)
        };
        run.await
    }
}

/// The options of a call made without any ([`AsyncClient::execute`]).
static NO_OPTIONS: RequestOptions = RequestOptions {
    version: None,
    timeout: None,
    connect_timeout: None,
    read_timeout: None,
    max_retries: None,
    total_timeout: None,
};

impl AsyncClient {
    /// Runs `endpoint` and returns the response with its body still streaming, once the status
    /// is a success (for large downloads; see `agents().calls().download_audio_stream`).
    /// Errors, retries and redirects follow the same rules as [`execute`](Self::execute); a
    /// non-2xx body is read (up to the error-body cap, for at most the per-attempt timeout)
    /// to report the API error. No total timeout applies unless the client's
    /// `stream_total_timeout` is set.
    pub async fn execute_streaming<E>(
        &self,
        endpoint: &E,
    ) -> Result<http::Response<ByteStream>, Error>
    where
        E: Endpoint + Sync + ?Sized,
    {
        self.execute_streaming_with(endpoint, &RequestOptions::default())
            .await
    }

    /// [`execute_streaming`](Self::execute_streaming) with per-request options (e.g. a
    /// [`total_timeout`](RequestOptions::total_timeout) that also bounds reading the body).
    pub async fn execute_streaming_with<E>(
        &self,
        endpoint: &E,
        options: &RequestOptions,
    ) -> Result<http::Response<ByteStream>, Error>
    where
        E: Endpoint + Sync + ?Sized,
    {
        let mut call = self.call(endpoint, options, true);
        let span = call.span().clone();
        async move {
            loop {
                let request = call.next_request()?;
                let permit = self.acquire().await;
                let outcome = match (*self.transport)
                    .send_streaming(request, call.send_options())
                    .await
                {
                    Ok(response) if response.status().is_success() => {
                        call.on_success(&response);
                        return Ok(hold_slot(response, permit, |body, permit| {
                            ByteStream::new(HeldStream { body, permit })
                        }));
                    }
                    Ok(response) => {
                        let (parts, mut body) = response.into_parts();
                        let read = error_collector(call.send_options())
                            .read_stream(&mut body)
                            .await;
                        Ok(error_response(parts, read))
                    }
                    Err(e) => Err(e),
                };
                drop(permit);
                let delay = call.on_failure(outcome)?;
                if !delay.is_zero() {
                    self.config.async_sleep().sleep(delay).await;
                }
            }
        }
        .instrument(span)
        .await
    }
}

impl BlockingClient {
    /// Runs `endpoint` and returns the response with its body as a reader, once the status is
    /// a success (for large downloads; see `agents().calls().download_audio_to`). Errors,
    /// retries and redirects follow the same rules as [`execute`](Self::execute); a non-2xx
    /// body is read up to the error-body cap, for at most the per-attempt timeout. No total
    /// timeout applies unless the client's `stream_total_timeout` is set.
    pub fn execute_streaming<E>(&self, endpoint: &E) -> Result<http::Response<BlockingBody>, Error>
    where
        E: Endpoint + ?Sized,
    {
        self.execute_streaming_with(endpoint, &RequestOptions::default())
    }

    /// [`execute_streaming`](Self::execute_streaming) with per-request options (e.g. a
    /// [`total_timeout`](RequestOptions::total_timeout) that also bounds reading the body).
    pub fn execute_streaming_with<E>(
        &self,
        endpoint: &E,
        options: &RequestOptions,
    ) -> Result<http::Response<BlockingBody>, Error>
    where
        E: Endpoint + ?Sized,
    {
        let mut call = self.call(endpoint, options, true);
        let span = call.span().clone();
        let _entered = span.enter();
        loop {
            let request = call.next_request()?;
            let permit = self.acquire();
            let outcome = match (*self.transport).send_streaming(request, call.send_options()) {
                Ok(response) if response.status().is_success() => {
                    call.on_success(&response);
                    return Ok(hold_slot(response, permit, |body, permit| {
                        BlockingBody::new(HeldReader { body, permit })
                    }));
                }
                Ok(response) => {
                    let (parts, mut body) = response.into_parts();
                    let read = error_collector(call.send_options()).read_from(&mut body);
                    Ok(error_response(parts, read))
                }
                Err(e) => Err(e),
            };
            drop(permit);
            let delay = call.on_failure(outcome)?;
            if !delay.is_zero() {
                self.config.blocking_sleep().sleep(delay);
            }
        }
    }
}

impl BlockingClient {
    pub(crate) fn from_parts(
        config: Arc<ClientConfig>,
        transport: Arc<dyn BlockingTransport>,
    ) -> Self {
        Self {
            config,
            transport,
            options: RequestOptions::default(),
        }
    }

    common_client_methods!();

    /// Runs any endpoint.
    pub fn execute<E>(&self, endpoint: &E) -> Result<E::Output, Error>
    where
        E: Endpoint + ?Sized,
    {
        self.execute_with(endpoint, &RequestOptions::default())
    }

    /// Runs any endpoint with per-request options.
    pub fn execute_with<E>(
        &self,
        endpoint: &E,
        options: &RequestOptions,
    ) -> Result<E::Output, Error>
    where
        E: Endpoint + ?Sized,
    {
        let mut call = self.call(endpoint, options, false);
        let span = call.span().clone();
        let _entered = span.enter();
        loop {
            let request = call.next_request()?;
            let permit = self.acquire();
            let outcome = (*self.transport).send(request, call.send_options());
            drop(permit);
            match call.on_outcome(outcome) {
                Step::Done(result) => return result,
                Step::Wait(delay) if delay.is_zero() => {}
                Step::Wait(delay) => self.config.blocking_sleep().sleep(delay),
            }
        }
    }
}

impl AsyncClient {
    /// A slot of the concurrency limit, if there is one (waits without blocking a thread).
    async fn acquire(&self) -> Option<Permit> {
        match self.config.concurrency_limit() {
            Some(limit) => Some(limit.acquire().await),
            None => None,
        }
    }
}

impl BlockingClient {
    /// A slot of the concurrency limit, if there is one (waits on this thread).
    fn acquire(&self) -> Option<Permit> {
        self.config
            .concurrency_limit()
            .map(ConcurrencyLimit::acquire_blocking)
    }
}

/// A 2xx streamed answer whose body, when there is a concurrency `permit`, holds that slot
/// until it is read to its end or dropped (`hold` wraps the body with it).
fn hold_slot<B>(
    response: http::Response<B>,
    permit: Option<Permit>,
    hold: impl FnOnce(B, Option<Permit>) -> B,
) -> http::Response<B> {
    match permit {
        Some(permit) => response.map(|body| hold(body, Some(permit))),
        None => response,
    }
}

/// How much of a non-2xx streamed body is read, and for how long, under `send`.
fn error_collector(send: &SendOptions) -> ErrorBodyCollector {
    ErrorBodyCollector::new(
        send.max_error_body_bytes,
        send.error_body_until(Instant::now()),
    )
}

/// A streamed body holding its concurrency slot until its end, an error, or its drop.
struct HeldStream {
    body: ByteStream,
    permit: Option<Permit>,
}

#[async_trait::async_trait]
impl ChunkSource for HeldStream {
    async fn next_chunk(&mut self) -> Result<Option<bytes::Bytes>, TransportError> {
        let next = self.body.next_chunk().await;
        if !matches!(next, Ok(Some(_))) {
            self.permit = None;
        }
        next
    }
}

/// The blocking twin of [`HeldStream`].
struct HeldReader {
    body: BlockingBody,
    permit: Option<Permit>,
}

impl std::io::Read for HeldReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.body.read(buf);
        let interrupted = matches!(&n, Err(e) if e.kind() == std::io::ErrorKind::Interrupted);
        if matches!(n, Ok(0) | Err(_)) && !buf.is_empty() && !interrupted {
            self.permit = None;
        }
        n
    }
}

// Both clients are cheap to clone and can be shared across threads.
const _: () = {
    const fn assert_shareable<T: Send + Sync + Clone + 'static>() {}
    assert_shareable::<AsyncClient>();
    assert_shareable::<BlockingClient>();
};

/// `Debug` for both clients: the configuration (key redacted), the options and the transport.
macro_rules! client_debug {
    ($($client:ident),+) => {$(
        impl fmt::Debug for $client {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct(stringify!($client))
                    .field("config", &self.config)
                    .field("options", &self.options)
                    .field("transport", &self.transport)
                    .finish()
            }
        }
    )+};
}

client_debug!(AsyncClient, BlockingClient);
