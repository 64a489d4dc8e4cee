//! The two implementations of the WebSocket scenarios' harness: [`UreqWs`] over the
//! blocking handles, [`ReqwestWs`] over the async handles driven by a tokio runtime.

use std::sync::Arc;
use std::time::Duration;

use crate::ws_scenarios::{SttSocketApi, TtsContextApi, TtsSocketApi, WsHarness};
use crate::TEST_KEY;
use cartesia_core::types::ws::{SttTurnsMessage, SttWsMessage};
use cartesia_core::types::ws::{SttWsQuery, TtsWsRequest};
use cartesia_core::ws::{
    AsyncSttSocket, AsyncTtsContext, AsyncTtsSocket, BlockingSttSocket, BlockingTtsContext,
    BlockingTtsSocket, Manual, SttEvent, TtsEvent, Turns, WsConfig, WsError,
};
use cartesia_core::{AsyncClient, BlockingClient, ClientBuilder, Error, InvalidRequest};
use cartesia_reqwest::BuildReqwest;
use cartesia_ureq::BuildUreq;

fn builder(base_url: &str, config: WsConfig) -> ClientBuilder {
    ClientBuilder::new()
        .api_key(TEST_KEY)
        .base_url(base_url)
        .websocket_config(config)
}

// ---------------------------------------------------------------------------------------------
// The blocking handles.
// ---------------------------------------------------------------------------------------------

/// The blocking client over ureq (the tungstenite driver on its I/O thread).
pub struct UreqWs(BlockingClient);

impl WsHarness for UreqWs {
    type Tts = BlockingTtsSocket;
    type Stt = BlockingSttSocket<Manual>;
    type Turns = BlockingSttSocket<Turns>;

    fn build(base_url: &str, config: WsConfig) -> Self {
        UreqWs(builder(base_url, config).build_ureq().expect("client"))
    }

    fn tts(&self) -> Result<Self::Tts, Error> {
        self.0.tts().websocket()
    }

    fn stt(&self, query: SttWsQuery) -> Result<Self::Stt, Error> {
        self.0.stt().websocket(query)
    }

    fn turns(&self, query: SttWsQuery) -> Result<Self::Turns, Error> {
        self.0.stt().turns_websocket(query)
    }
}

impl TtsSocketApi for BlockingTtsSocket {
    type Context = BlockingTtsContext;

    fn context(&mut self, request: TtsWsRequest) -> Result<Self::Context, Error> {
        BlockingTtsSocket::context(self, request)
    }
}

impl TtsContextApi for BlockingTtsContext {
    fn id(&self) -> String {
        BlockingTtsContext::id(self).to_owned()
    }
    fn push(&mut self, text: &str) -> Result<(), Error> {
        BlockingTtsContext::push(self, text)
    }
    fn flush(&mut self) -> Result<u64, Error> {
        BlockingTtsContext::flush(self)
    }
    fn finish(&mut self) -> Result<(), Error> {
        BlockingTtsContext::finish(self)
    }
    fn cancel(&mut self) -> Result<(), Error> {
        BlockingTtsContext::cancel(self)
    }
    fn recv(&mut self, timeout: Duration) -> Result<Option<TtsEvent>, Error> {
        self.recv_timeout(timeout).transpose()
    }
}

/// The turns socket has no `finalize`.
fn no_finalize() -> Result<(), Error> {
    Err(InvalidRequest::new("finalize", "the turns socket has no finalize").into())
}

impl SttSocketApi<SttWsMessage> for BlockingSttSocket<Manual> {
    fn send_audio(&mut self, audio: Vec<u8>) -> Result<(), Error> {
        (**self).send_audio(audio)
    }
    fn finalize(&mut self) -> Result<(), Error> {
        (**self).finalize()
    }
    fn close(&mut self) -> Result<(), Error> {
        (**self).close()
    }
    fn recv(&mut self, timeout: Duration) -> Result<Option<SttEvent<SttWsMessage>>, Error> {
        self.recv_timeout(timeout).transpose()
    }
}

impl SttSocketApi<SttTurnsMessage> for BlockingSttSocket<Turns> {
    fn send_audio(&mut self, audio: Vec<u8>) -> Result<(), Error> {
        (**self).send_audio(audio)
    }
    fn finalize(&mut self) -> Result<(), Error> {
        no_finalize()
    }
    fn close(&mut self) -> Result<(), Error> {
        (**self).close()
    }
    fn recv(&mut self, timeout: Duration) -> Result<Option<SttEvent<SttTurnsMessage>>, Error> {
        self.recv_timeout(timeout).transpose()
    }
}

// ---------------------------------------------------------------------------------------------
// The async handles, driven by a tokio runtime whose workers run the socket drivers.
// ---------------------------------------------------------------------------------------------

/// The async client over reqwest (the tokio-tungstenite driver task).
pub struct ReqwestWs {
    runtime: Arc<tokio::runtime::Runtime>,
    client: AsyncClient,
}

/// An async handle and the runtime that runs it.
pub struct OnRuntime<T> {
    runtime: Arc<tokio::runtime::Runtime>,
    inner: T,
}

impl<T> OnRuntime<T> {
    fn wrap(runtime: &Arc<tokio::runtime::Runtime>, inner: T) -> Self {
        OnRuntime {
            runtime: Arc::clone(runtime),
            inner,
        }
    }
}

/// The next event of an async handle, waiting at most `timeout`.
fn next_within<T, F>(
    runtime: &tokio::runtime::Runtime,
    timeout: Duration,
    next: F,
) -> Result<Option<T>, Error>
where
    F: std::future::Future<Output = Option<Result<T, Error>>>,
{
    // The timer is made inside the runtime.
    match runtime.block_on(async { tokio::time::timeout(timeout, next).await }) {
        Ok(event) => event.transpose(),
        Err(_) => Err(Error::from(WsError::Timeout(timeout))),
    }
}

impl WsHarness for ReqwestWs {
    type Tts = OnRuntime<AsyncTtsSocket>;
    type Stt = OnRuntime<AsyncSttSocket<Manual>>;
    type Turns = OnRuntime<AsyncSttSocket<Turns>>;

    fn build(base_url: &str, config: WsConfig) -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("runtime");
        let client = {
            let _in = runtime.enter();
            builder(base_url, config).build_reqwest().expect("client")
        };
        ReqwestWs {
            runtime: Arc::new(runtime),
            client,
        }
    }

    fn tts(&self) -> Result<Self::Tts, Error> {
        let socket = self.runtime.block_on(self.client.tts().websocket())?;
        Ok(OnRuntime::wrap(&self.runtime, socket))
    }

    fn stt(&self, query: SttWsQuery) -> Result<Self::Stt, Error> {
        let socket = self.runtime.block_on(self.client.stt().websocket(query))?;
        Ok(OnRuntime::wrap(&self.runtime, socket))
    }

    fn turns(&self, query: SttWsQuery) -> Result<Self::Turns, Error> {
        let socket = self
            .runtime
            .block_on(self.client.stt().turns_websocket(query))?;
        Ok(OnRuntime::wrap(&self.runtime, socket))
    }
}

impl TtsSocketApi for OnRuntime<AsyncTtsSocket> {
    type Context = OnRuntime<AsyncTtsContext>;

    fn context(&mut self, request: TtsWsRequest) -> Result<Self::Context, Error> {
        let _in = self.runtime.enter();
        let ctx = self.inner.context(request)?;
        Ok(OnRuntime::wrap(&self.runtime, ctx))
    }
}

impl TtsContextApi for OnRuntime<AsyncTtsContext> {
    fn id(&self) -> String {
        self.inner.id().to_owned()
    }
    fn push(&mut self, text: &str) -> Result<(), Error> {
        let _in = self.runtime.enter();
        self.inner.push(text)
    }
    fn flush(&mut self) -> Result<u64, Error> {
        let _in = self.runtime.enter();
        self.inner.flush()
    }
    fn finish(&mut self) -> Result<(), Error> {
        let _in = self.runtime.enter();
        self.inner.finish()
    }
    fn cancel(&mut self) -> Result<(), Error> {
        let _in = self.runtime.enter();
        self.inner.cancel()
    }
    fn recv(&mut self, timeout: Duration) -> Result<Option<TtsEvent>, Error> {
        next_within(&self.runtime, timeout, self.inner.next())
    }
}

impl SttSocketApi<SttWsMessage> for OnRuntime<AsyncSttSocket<Manual>> {
    fn send_audio(&mut self, audio: Vec<u8>) -> Result<(), Error> {
        self.runtime.block_on(self.inner.send_audio(audio))
    }
    fn finalize(&mut self) -> Result<(), Error> {
        let _in = self.runtime.enter();
        self.inner.finalize()
    }
    fn close(&mut self) -> Result<(), Error> {
        let _in = self.runtime.enter();
        self.inner.close()
    }
    fn recv(&mut self, timeout: Duration) -> Result<Option<SttEvent<SttWsMessage>>, Error> {
        next_within(&self.runtime, timeout, self.inner.next())
    }
}

impl SttSocketApi<SttTurnsMessage> for OnRuntime<AsyncSttSocket<Turns>> {
    fn send_audio(&mut self, audio: Vec<u8>) -> Result<(), Error> {
        self.runtime.block_on(self.inner.send_audio(audio))
    }
    fn finalize(&mut self) -> Result<(), Error> {
        no_finalize()
    }
    fn close(&mut self) -> Result<(), Error> {
        let _in = self.runtime.enter();
        self.inner.close()
    }
    fn recv(&mut self, timeout: Duration) -> Result<Option<SttEvent<SttTurnsMessage>>, Error> {
        next_within(&self.runtime, timeout, self.inner.next())
    }
}
