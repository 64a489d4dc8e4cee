//! One [`Harness`] per transport: how to build a client over it and run a call synchronously.

use cartesia_core::{
    AsyncClient, BlockingClient, ClientBuilder, Endpoint, Error, Paginated, PhoneNumber,
    RequestOptions,
};
use cartesia_reqwest::ReqwestTransport;
use cartesia_ureq::UreqTransport;

use crate::Ctx;
use cartesia_core::endpoints::call_audio::CallAudio;
use cartesia_types::tts::{TtsRequest, TtsSseRequest};
use cartesia_types::tts_events::TtsSseEvent;

/// A writer that keeps what it was given and the size of every write (sync and tokio).
#[derive(Debug, Default)]
pub struct RecordingWriter {
    /// Everything written.
    pub bytes: Vec<u8>,
    /// The size of each write call.
    pub writes: Vec<usize>,
}

impl RecordingWriter {
    fn take(&mut self, buf: &[u8]) -> usize {
        self.bytes.extend_from_slice(buf);
        self.writes.push(buf.len());
        buf.len()
    }
}

/// `std::io::Write` and `tokio::io::AsyncWrite` for a test sink whose inherent
/// `take(&mut self, &[u8]) -> usize` accepts every write at once (flush and shutdown do
/// nothing).
macro_rules! sink_writes {
    ($($sink:ty),+ $(,)?) => {$(
        impl std::io::Write for $sink {
            fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                Ok(self.take(buf))
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }

        impl tokio::io::AsyncWrite for $sink {
            fn poll_write(
                self: std::pin::Pin<&mut Self>,
                _cx: &mut std::task::Context<'_>,
                buf: &[u8],
            ) -> std::task::Poll<std::io::Result<usize>> {
                std::task::Poll::Ready(Ok(self.get_mut().take(buf)))
            }
            fn poll_flush(
                self: std::pin::Pin<&mut Self>,
                _cx: &mut std::task::Context<'_>,
            ) -> std::task::Poll<std::io::Result<()>> {
                std::task::Poll::Ready(Ok(()))
            }
            fn poll_shutdown(
                self: std::pin::Pin<&mut Self>,
                _cx: &mut std::task::Context<'_>,
            ) -> std::task::Poll<std::io::Result<()>> {
                std::task::Poll::Ready(Ok(()))
            }
        }
    )+};
}
pub(crate) use sink_writes;

sink_writes!(RecordingWriter);

/// A transport under test, with the client that drives it.
pub trait Harness: Sized + std::fmt::Debug {
    /// The transport's name, for messages.
    const NAME: &'static str;
    /// Whether it talks to a real socket server (wiremock) rather than `MockTransport`.
    const WIRE: bool;

    /// Builds a client over this transport from `builder`.
    fn build(ctx: &Ctx, builder: ClientBuilder) -> Result<Self, Error>;

    /// Runs `endpoint` with `execute_with`, to completion.
    fn run_with<E>(
        &self,
        ctx: &Ctx,
        endpoint: &E,
        options: &RequestOptions,
    ) -> Result<E::Output, Error>
    where
        E: Endpoint + Sync;

    /// Runs `endpoint` with `execute`.
    fn run<E>(&self, ctx: &Ctx, endpoint: &E) -> Result<E::Output, Error>
    where
        E: Endpoint + Sync,
    {
        self.run_with(ctx, endpoint, &RequestOptions::default())
    }

    /// Pages through a paginated list from `first` with the client's pager (`pages(..)`),
    /// collecting every item (stopping after `max_items` if given).
    fn collect_pages<E>(
        &self,
        ctx: &Ctx,
        first: E,
        max_items: Option<usize>,
    ) -> Result<Vec<E::Item>, Error>
    where
        E: Paginated + Send + Sync + 'static,
        E::Item: Send + 'static;

    /// `client.agents().list_phone_numbers(agent_id)`, the resource-style call.
    fn list_phone_numbers(&self, ctx: &Ctx, agent_id: &str) -> Result<Vec<PhoneNumber>, Error>;

    /// `client.agents().calls().download_audio(call_id)`: buffered.
    fn download_audio(&self, ctx: &Ctx, call_id: &str) -> Result<CallAudio, Error>;

    /// The streamed download of a call's audio into a recording writer (blocking:
    /// `download_audio_to` into a `std::io::Write`; async: `DownloadAudioTo::download_audio_to`
    /// into a `tokio::io::AsyncWrite`). Returns the content type and the writer.
    fn download_audio_streamed(
        &self,
        ctx: &Ctx,
        call_id: &str,
    ) -> Result<(Option<String>, RecordingWriter), Error>;

    /// The same call on `client.with_options(options)`.
    fn list_phone_numbers_with(
        &self,
        ctx: &Ctx,
        agent_id: &str,
        options: RequestOptions,
    ) -> Result<Vec<PhoneNumber>, Error>;

    /// `Debug` of the client (scenarios check it hides the key).
    fn debug(&self) -> String;

    /// `/tts/bytes` streamed into a recording writer (blocking: `tts().bytes_to`; async:
    /// `SpeechTo::speech_to` into a `tokio::io::AsyncWrite`).
    fn tts_to_writer(
        &self,
        ctx: &Ctx,
        request: TtsRequest,
        w: &mut RecordingWriter,
    ) -> Result<u64, Error>;

    /// `/tts/sse` as it arrives (blocking: the `Iterator`; async: `next().await`), every
    /// item until the end.
    fn tts_sse(
        &self,
        ctx: &Ctx,
        request: TtsSseRequest,
    ) -> Result<Vec<Result<TtsSseEvent, Error>>, Error>;

    /// Runs `endpoint` with `execute_streaming_with` and reads the whole streamed body.
    fn stream_with<E>(
        &self,
        ctx: &Ctx,
        endpoint: &E,
        options: &RequestOptions,
    ) -> Result<Vec<u8>, Error>
    where
        E: Endpoint + Sync;
}

macro_rules! async_harness {
    ($name:ident, $label:literal, $wire:literal, |$ctx:ident| $transport:expr) => {
        /// Async client over this transport, driven by the context's runtime.
        #[derive(Debug)]
        pub struct $name(AsyncClient);

        /// Wraps a client built some other way (an adapter's own `build_*`).
        impl From<AsyncClient> for $name {
            fn from(client: AsyncClient) -> Self {
                Self(client)
            }
        }

        impl Harness for $name {
            const NAME: &'static str = $label;
            const WIRE: bool = $wire;

            fn build($ctx: &Ctx, builder: ClientBuilder) -> Result<Self, Error> {
                Ok(Self(builder.build_async($transport)?))
            }

            fn run_with<E>(
                &self,
                ctx: &Ctx,
                endpoint: &E,
                options: &RequestOptions,
            ) -> Result<E::Output, Error>
            where
                E: Endpoint + Sync,
            {
                ctx.rt.block_on(self.0.execute_with(endpoint, options))
            }

            fn collect_pages<E>(
                &self,
                ctx: &Ctx,
                first: E,
                max_items: Option<usize>,
            ) -> Result<Vec<E::Item>, Error>
            where
                E: Paginated + Send + Sync + 'static,
                E::Item: Send + 'static,
            {
                let mut pages = self.0.pages(first);
                if let Some(n) = max_items {
                    pages = pages.max_items(n);
                }
                ctx.rt.block_on(pages.collect_items())
            }

            fn download_audio(&self, ctx: &Ctx, call_id: &str) -> Result<CallAudio, Error> {
                ctx.rt
                    .block_on(self.0.agents().calls().download_audio(call_id))
            }

            fn download_audio_streamed(
                &self,
                ctx: &Ctx,
                call_id: &str,
            ) -> Result<(Option<String>, RecordingWriter), Error> {
                use cartesia_reqwest::DownloadAudioTo;
                let mut writer = RecordingWriter::default();
                let info = ctx.rt.block_on(
                    self.0
                        .agents()
                        .calls()
                        .download_audio_to(call_id, &mut writer),
                )?;
                assert_eq!(info.bytes_written, writer.bytes.len() as u64);
                Ok((info.content_type, writer))
            }

            fn list_phone_numbers(
                &self,
                ctx: &Ctx,
                agent_id: &str,
            ) -> Result<Vec<PhoneNumber>, Error> {
                ctx.rt
                    .block_on(self.0.agents().list_phone_numbers(agent_id))
            }

            fn list_phone_numbers_with(
                &self,
                ctx: &Ctx,
                agent_id: &str,
                options: RequestOptions,
            ) -> Result<Vec<PhoneNumber>, Error> {
                let view = self.0.with_options(options);
                ctx.rt.block_on(view.agents().list_phone_numbers(agent_id))
            }

            fn debug(&self) -> String {
                format!("{:?}", self.0)
            }

            fn tts_to_writer(
                &self,
                ctx: &Ctx,
                request: TtsRequest,
                writer: &mut RecordingWriter,
            ) -> Result<u64, Error> {
                let endpoint = cartesia_core::endpoints::speech::TtsBytes::new(request);
                let info = ctx
                    .rt
                    .block_on(cartesia_reqwest::speech_to(&self.0, &endpoint, writer))?;
                Ok(info.bytes_written)
            }

            fn tts_sse(
                &self,
                ctx: &Ctx,
                request: TtsSseRequest,
            ) -> Result<Vec<Result<TtsSseEvent, Error>>, Error> {
                ctx.rt.block_on(async {
                    let mut events = self.0.tts().sse(request).await?;
                    let mut out = Vec::new();
                    while let Some(item) = events.next().await {
                        out.push(item);
                    }
                    Ok(out)
                })
            }

            fn stream_with<E>(
                &self,
                ctx: &Ctx,
                endpoint: &E,
                options: &RequestOptions,
            ) -> Result<Vec<u8>, Error>
            where
                E: Endpoint + Sync,
            {
                ctx.rt.block_on(async {
                    let response = self.0.execute_streaming_with(endpoint, options).await?;
                    let mut body = response.into_body();
                    let mut out = Vec::new();
                    while let Some(chunk) = body.next_chunk().await? {
                        out.extend_from_slice(&chunk);
                    }
                    Ok(out)
                })
            }
        }
    };
}

macro_rules! blocking_harness {
    ($name:ident, $label:literal, $wire:literal, |$ctx:ident| $transport:expr) => {
        /// Blocking client over this transport.
        #[derive(Debug)]
        pub struct $name(BlockingClient);

        /// Wraps a client built some other way (an adapter's own `build_*`).
        impl From<BlockingClient> for $name {
            fn from(client: BlockingClient) -> Self {
                Self(client)
            }
        }

        impl Harness for $name {
            const NAME: &'static str = $label;
            const WIRE: bool = $wire;

            fn build($ctx: &Ctx, builder: ClientBuilder) -> Result<Self, Error> {
                Ok(Self(builder.build_blocking($transport)?))
            }

            fn run_with<E>(
                &self,
                _ctx: &Ctx,
                endpoint: &E,
                options: &RequestOptions,
            ) -> Result<E::Output, Error>
            where
                E: Endpoint + Sync,
            {
                self.0.execute_with(endpoint, options)
            }

            fn collect_pages<E>(
                &self,
                _ctx: &Ctx,
                first: E,
                max_items: Option<usize>,
            ) -> Result<Vec<E::Item>, Error>
            where
                E: Paginated + Send + Sync + 'static,
                E::Item: Send + 'static,
            {
                let mut pages = self.0.pages(first);
                if let Some(n) = max_items {
                    pages = pages.max_items(n);
                }
                pages.items().collect()
            }

            fn download_audio(&self, _ctx: &Ctx, call_id: &str) -> Result<CallAudio, Error> {
                self.0.agents().calls().download_audio(call_id)
            }

            fn download_audio_streamed(
                &self,
                _ctx: &Ctx,
                call_id: &str,
            ) -> Result<(Option<String>, RecordingWriter), Error> {
                let mut writer = RecordingWriter::default();
                let info = self
                    .0
                    .agents()
                    .calls()
                    .download_audio_to(call_id, &mut writer)?;
                assert_eq!(info.bytes_written, writer.bytes.len() as u64);
                Ok((info.content_type, writer))
            }

            fn list_phone_numbers(
                &self,
                _ctx: &Ctx,
                agent_id: &str,
            ) -> Result<Vec<PhoneNumber>, Error> {
                self.0.agents().list_phone_numbers(agent_id)
            }

            fn list_phone_numbers_with(
                &self,
                _ctx: &Ctx,
                agent_id: &str,
                options: RequestOptions,
            ) -> Result<Vec<PhoneNumber>, Error> {
                self.0
                    .with_options(options)
                    .agents()
                    .list_phone_numbers(agent_id)
            }

            fn debug(&self) -> String {
                format!("{:?}", self.0)
            }

            fn tts_to_writer(
                &self,
                _ctx: &Ctx,
                request: TtsRequest,
                writer: &mut RecordingWriter,
            ) -> Result<u64, Error> {
                Ok(self.0.tts().bytes_to(request, writer)?.bytes_written)
            }

            fn tts_sse(
                &self,
                _ctx: &Ctx,
                request: TtsSseRequest,
            ) -> Result<Vec<Result<TtsSseEvent, Error>>, Error> {
                Ok(self.0.tts().sse(request)?.collect())
            }

            fn stream_with<E>(
                &self,
                _ctx: &Ctx,
                endpoint: &E,
                options: &RequestOptions,
            ) -> Result<Vec<u8>, Error>
            where
                E: Endpoint + Sync,
            {
                use std::io::Read;
                let response = self.0.execute_streaming_with(endpoint, options)?;
                let mut out = Vec::new();
                response
                    .into_body()
                    .read_to_end(&mut out)
                    .map_err(|e| Error::Transport(cartesia_core::transport::body_read_error(e)))?;
                Ok(out)
            }
        }
    };
}

async_harness!(Reqwest, "reqwest", true, |_ctx| ReqwestTransport::new()?);
blocking_harness!(Ureq, "ureq", true, |_ctx| UreqTransport::new());
async_harness!(MockAsync, "mock-async", false, |ctx| ctx
    .memory_transport()
    .expect("memory backend"));
blocking_harness!(MockBlocking, "mock-blocking", false, |ctx| ctx
    .memory_transport()
    .expect("memory backend"));

/// For each of this workspace's adapters, `mod $module` with the test
/// `the_prelude_and_a_borrowed_key_make_the_seed_call`: the adapter's prelude alone (the module
/// imports nothing else) names the client type `$client`, the builder, its `$build` method, the
/// seed endpoint and the error types; a key held in a `String` is borrowed by `api_key(&key)`
/// and by the adapter's `client(&key)`, and never shows in `Debug`; an empty key is refused
/// with `ConfigErrorKind::InvalidApiKey`. The call runs on harness `$harness` (async or
/// blocking) against the context's loopback server.
#[macro_export]
macro_rules! adapter_prelude_tests {
    ($($module:ident: $adapter:ident, $client:ident, $build:ident, $harness:ident;)+) => {$(
        mod $module {
            #[test]
            fn the_prelude_and_a_borrowed_key_make_the_seed_call() {
                use $adapter::prelude::*;
                use $crate::harness::Harness as _;
                let ctx = $crate::Ctx::new(true);
                ctx.reply($crate::Reply::json(200, "[]"));
                let key: String = "sk_car_prelude_key_0001".to_owned();
                let client: $client = ClientBuilder::new()
                    .api_key(&key)
                    .base_url(ctx.base_url())
                    .$build()
                    .unwrap();
                assert!(!format!("{client:?}").contains(&key));
                let numbers = $crate::harness::$harness::from(client)
                    .run_with(
                        &ctx,
                        &ListPhoneNumbers::new("agent_1"),
                        &RequestOptions::new().version(ApiVersion::V2026_03_01),
                    )
                    .unwrap();
                assert!(numbers.is_empty());
                let seen = ctx.received();
                assert_eq!(seen.len(), 1);
                assert_eq!(seen[0].path_and_query, "/agents/agent_1/phone-numbers");
                assert_eq!(
                    seen[0].header("authorization"),
                    Some(format!("Bearer {key}").as_str())
                );
                // `client(&key)` takes the same shape.
                let other = $adapter::client(&key).unwrap();
                assert!(!format!("{other:?}").contains(&key));
                let empty = String::new();
                let e = ClientBuilder::new().api_key(&empty).$build().unwrap_err();
                assert!(
                    matches!(e, Error::Config(c) if c.kind() == ConfigErrorKind::InvalidApiKey)
                );
                assert!(empty.is_empty());
            }
        }
    )+};
}
