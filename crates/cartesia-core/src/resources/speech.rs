//! The speech resources on both clients (`client.tts()`, `.voices()`, `.stt()`,
//! `.voice_changer()`, `.infill()`, `.access_tokens()`, `.status()`), and the streamed forms
//! of their answers: audio into a writer or as chunks, events as they arrive.

use std::io::{Read, Write};
use std::task::{Context, Poll};

use crate::endpoint::Endpoint;
use crate::endpoints::call_audio::{content_type, AudioDownload};
use crate::endpoints::speech::{
    file_id, InfillBytes, TtsBytes, TtsSse, VoiceChangerBytes, VoiceChangerSse,
};
use crate::error::Error;
use crate::resources::{
    AsyncInfill, AsyncTts, AsyncVoiceChanger, BlockingInfill, BlockingTts, BlockingVoiceChanger,
};
use crate::sse::{EventDecoder, Next, ReadEvents, StreamError, StreamEvent};
use crate::transport::{body_read_error, BlockingBody, ByteStream};
use crate::{AsyncClient, BlockingClient};
use cartesia_types::tts::{TtsRequest, TtsSseRequest};
use cartesia_types::tts_events::{TtsSseEvent, VoiceChangerSseEvent};

/// Streamed audio: the answer's headers and its body as it arrives; the status was checked
/// (and retried) before it is handed over. [`SpeechStream`] on the async client (a
/// [`ByteStream`] body), [`SpeechReader`] on the blocking one (a [`BlockingBody`]; the whole
/// value is also a [`Read`] of it).
#[derive(Debug)]
#[non_exhaustive]
pub struct SpeechAudio<B> {
    /// The `Content-Type` the API sent, if any.
    pub content_type: Option<String>,
    /// The `Cartesia-File-ID` header (when the request asked to `save`).
    pub file_id: Option<String>,
    /// The body. A [`ByteStream`]: `next_chunk().await` until `None` (with `cartesia-reqwest`,
    /// or copy it into a `tokio::io::AsyncWrite`); a [`BlockingBody`]: a [`Read`] whose read
    /// failure is an `io::Error` wrapping the transport error.
    pub body: B,
}

/// Streamed audio (async): the answer's headers and its body, chunk by chunk.
pub type SpeechStream = SpeechAudio<ByteStream>;

/// Streamed audio (blocking): the answer's headers and a [`Read`] of its body.
pub type SpeechReader = SpeechAudio<BlockingBody>;

impl<B> SpeechAudio<B> {
    /// The headers and the body of a streamed 2xx answer.
    fn from_response(response: http::Response<B>) -> Self {
        Self {
            content_type: content_type(&response),
            file_id: file_id(&response),
            body: response.into_body(),
        }
    }
}

impl Read for SpeechReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.body.read(buf)
    }
}

impl AsyncClient {
    /// Runs an audio endpoint (`TtsBytes`, `VoiceChangerBytes`, `InfillBytes`, ...) and hands
    /// over its body as it arrives, once the status is 2xx.
    pub async fn speech_stream<E: Endpoint + Sync>(
        &self,
        endpoint: &E,
    ) -> Result<SpeechStream, Error> {
        let response = self.execute_streaming(endpoint).await?;
        Ok(SpeechAudio::from_response(response))
    }

    /// Runs an SSE endpoint and yields its typed events as they arrive.
    pub async fn events<E: Endpoint + Sync, V: StreamEvent>(
        &self,
        endpoint: &E,
    ) -> Result<AsyncEvents<V>, Error> {
        let response = self.execute_streaming(endpoint).await?;
        Ok(AsyncEvents {
            body: response.into_body(),
            decoder: EventDecoder::new(),
        })
    }
}

impl BlockingClient {
    /// Runs an audio endpoint and returns a reader of its body, once the status is 2xx.
    pub fn speech_reader<E: Endpoint>(&self, endpoint: &E) -> Result<SpeechReader, Error> {
        Ok(SpeechAudio::from_response(
            self.execute_streaming(endpoint)?,
        ))
    }

    /// Runs an audio endpoint and copies its body into `writer` as it arrives (never the
    /// whole audio in memory). A read failure is a transport error; a write failure is
    /// [`Error::Write`].
    pub fn speech_to<E: Endpoint>(
        &self,
        endpoint: &E,
        writer: &mut (impl Write + ?Sized),
    ) -> Result<AudioDownload, Error> {
        let mut reader = self.speech_reader(endpoint)?;
        let written = copy_body(&mut reader.body, writer)?;
        Ok(AudioDownload::new(reader.content_type, written))
    }

    /// Runs an SSE endpoint and iterates its typed events as they arrive.
    pub fn events<E: Endpoint, V: StreamEvent>(
        &self,
        endpoint: &E,
    ) -> Result<BlockingEvents<V>, Error> {
        let response = self.execute_streaming(endpoint)?;
        Ok(BlockingEvents {
            events: ReadEvents::new(response.into_body()),
        })
    }
}

/// Copies a blocking body into `writer` in 64 KiB steps; returns the bytes written.
pub(crate) fn copy_body(
    body: &mut dyn Read,
    writer: &mut (impl Write + ?Sized),
) -> Result<u64, Error> {
    let mut buf = vec![0u8; 64 * 1024];
    let mut written = 0u64;
    loop {
        let n = match body.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(body_read_error(e).into()),
        };
        writer.write_all(&buf[..n]).map_err(Error::Write)?;
        written += n as u64;
    }
    writer.flush().map_err(Error::Write)?;
    Ok(written)
}

/// Typed events of an SSE answer, as they arrive (async): call [`next`](Self::next) until
/// `None`, or (feature `stream`) use it as a `futures_core::Stream` of the same items. The
/// `done` event is the last `Some(Ok(..))`; an `error` event, a stream that ends before
/// `done`, bad data or a failed read is one `Some(Err(..))`, then `None`.
#[derive(Debug)]
pub struct AsyncEvents<V> {
    body: ByteStream,
    decoder: EventDecoder<V>,
}

// Nothing in it is pinned: the body's pending read is boxed.
impl<V> Unpin for AsyncEvents<V> {}

impl<V: StreamEvent> AsyncEvents<V> {
    /// The next event.
    #[allow(clippy::should_implement_trait)]
    pub async fn next(&mut self) -> Option<Result<V, Error>> {
        std::future::poll_fn(|cx| self.poll_event(cx)).await
    }

    /// The decoding loop of both [`next`](Self::next) and the `Stream`: decode what is
    /// buffered, read when the decoder needs input.
    fn poll_event(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<V, Error>>> {
        loop {
            match self.decoder.next() {
                Next::Event(e) => return Poll::Ready(Some(Ok(e))),
                Next::Error(e) => return Poll::Ready(Some(Err(e.into()))),
                Next::End => return Poll::Ready(None),
                Next::NeedInput => match std::task::ready!(self.body.poll_chunk(cx)) {
                    Ok(Some(chunk)) => self.decoder.feed(&chunk),
                    Ok(None) => self.decoder.end_input(),
                    Err(e) => {
                        self.decoder.fail();
                        return Poll::Ready(Some(Err(e.into())));
                    }
                },
            }
        }
    }
}

/// The events as a `futures_core::Stream` (feature `stream`): the items of
/// [`AsyncEvents::next`], and `None` for good after the first `None`.
#[cfg(feature = "stream")]
impl<V: StreamEvent> futures_core::Stream for AsyncEvents<V> {
    type Item = Result<V, Error>;

    fn poll_next(self: std::pin::Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_event(cx)
    }
}

/// Typed events of an SSE answer, as they arrive (blocking): an `Iterator` with the same
/// rules as [`AsyncEvents`] ([`ReadEvents`] over the body, a read failure mapped to the
/// transport error it carries).
#[derive(Debug)]
pub struct BlockingEvents<V> {
    events: ReadEvents<BlockingBody, V>,
}

impl<V: StreamEvent> Iterator for BlockingEvents<V> {
    type Item = Result<V, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        Some(self.events.next()?.map_err(|e| match e {
            StreamError::Io(e) => body_read_error(e).into(),
            other => other.into(),
        }))
    }
}

macro_rules! streamed_audio {
    ($async_name:ident, $blocking_name:ident, $arg:ident : $ty:ty => $make:expr) => {
        impl $async_name<'_> {
            /// The audio as it arrives (status checked and retried before the first byte).
            pub async fn bytes_stream(&self, $arg: $ty) -> Result<SpeechStream, Error> {
                self.client.speech_stream(&$make).await
            }
        }

        impl $blocking_name<'_> {
            /// The audio as a reader (status checked and retried before the first byte).
            pub fn bytes_reader(&self, $arg: $ty) -> Result<SpeechReader, Error> {
                self.client.speech_reader(&$make)
            }

            /// The audio copied into `writer` (a file, a socket, ...) as it arrives.
            pub fn bytes_to(
                &self,
                $arg: $ty,
                writer: &mut (impl Write + ?Sized),
            ) -> Result<AudioDownload, Error> {
                self.client.speech_to(&$make, writer)
            }
        }
    };
}

streamed_audio!(AsyncTts, BlockingTts, request: TtsRequest => TtsBytes::new(request));
streamed_audio!(AsyncVoiceChanger, BlockingVoiceChanger, request: VoiceChangerBytes => request);
streamed_audio!(AsyncInfill, BlockingInfill, request: InfillBytes => request);

impl AsyncTts<'_> {
    /// `POST /tts/sse`: the events as they arrive.
    pub async fn sse(&self, request: TtsSseRequest) -> Result<AsyncEvents<TtsSseEvent>, Error> {
        self.client.events(&TtsSse::new(request)).await
    }
}

impl BlockingTts<'_> {
    /// `POST /tts/sse`: the events as they arrive.
    pub fn sse(&self, request: TtsSseRequest) -> Result<BlockingEvents<TtsSseEvent>, Error> {
        self.client.events(&TtsSse::new(request))
    }
}

impl AsyncVoiceChanger<'_> {
    /// `POST /voice-changer/sse`: the events as they arrive.
    pub async fn sse(
        &self,
        request: VoiceChangerSse,
    ) -> Result<AsyncEvents<VoiceChangerSseEvent>, Error> {
        self.client.events(&request).await
    }
}

impl BlockingVoiceChanger<'_> {
    /// `POST /voice-changer/sse`: the events as they arrive.
    pub fn sse(
        &self,
        request: VoiceChangerSse,
    ) -> Result<BlockingEvents<VoiceChangerSseEvent>, Error> {
        self.client.events(&request)
    }
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use crate::endpoints::speech::GetApiStatus;
    use crate::mock::MockTransport;
    use crate::ClientBuilder;

    /// A streamed body keeps its slot of the limit until it is read to its end or dropped;
    /// a buffered call gives it back at once.
    #[test]
    fn a_streamed_body_holds_its_slot_until_read_or_dropped() {
        let mock = MockTransport::new();
        for _ in 0..3 {
            mock.push(200, &[("content-type", "audio/wav")], &b"RIFFdata"[..]);
        }
        let client = ClientBuilder::new()
            .api_key("k")
            .max_concurrent_requests(1)
            .build_blocking(mock.clone())
            .unwrap();
        let limit = client.config().concurrency_limit().unwrap().clone();

        let mut reader = client.speech_reader(&GetApiStatus::new()).unwrap();
        assert_eq!(limit.in_flight(), 1);
        let mut all = Vec::new();
        reader.read_to_end(&mut all).unwrap();
        assert_eq!(all, b"RIFFdata");
        assert_eq!(limit.in_flight(), 0, "read to its end");

        let reader = client.speech_reader(&GetApiStatus::new()).unwrap();
        assert!(limit.try_acquire().is_none());
        drop(reader);
        assert_eq!(limit.in_flight(), 0, "dropped");

        let clone = client.clone();
        let _ = clone.execute(&crate::endpoint::Raw(GetApiStatus::new()));
        assert_eq!(limit.in_flight(), 0, "buffered");
        assert_eq!(mock.requests().len(), 3);
    }

    /// A body whose every chunk comes after one `Pending` (as from a socket), so a read
    /// must survive across polls.
    #[cfg(feature = "stream")]
    struct Dripping {
        chunks: std::collections::VecDeque<&'static [u8]>,
        ready: bool,
    }

    #[cfg(feature = "stream")]
    #[async_trait::async_trait]
    impl crate::transport::ChunkSource for Dripping {
        async fn next_chunk(
            &mut self,
        ) -> Result<Option<bytes::Bytes>, crate::transport::TransportError> {
            std::future::poll_fn(|cx| {
                self.ready = !self.ready;
                if !self.ready {
                    std::task::Poll::Ready(())
                } else {
                    cx.waker().wake_by_ref();
                    std::task::Poll::Pending
                }
            })
            .await;
            Ok(self.chunks.pop_front().map(bytes::Bytes::from_static))
        }
    }

    /// Polls `events` as a `Stream` to its end: the items, and how often it was pending.
    #[cfg(feature = "stream")]
    fn poll_all<V: crate::sse::StreamEvent>(
        mut events: super::AsyncEvents<V>,
    ) -> (Vec<Result<V, crate::Error>>, usize) {
        use futures_core::Stream;
        use std::task::{Context, Poll, Waker};
        let mut cx = Context::from_waker(Waker::noop());
        let (mut items, mut pending) = (Vec::new(), 0);
        loop {
            match std::pin::Pin::new(&mut events).poll_next(&mut cx) {
                Poll::Pending => pending += 1,
                Poll::Ready(Some(item)) => items.push(item),
                Poll::Ready(None) => break,
            }
        }
        // Ended for good.
        let again = std::pin::Pin::new(&mut events).poll_next(&mut cx);
        assert!(matches!(again, Poll::Ready(None)));
        (items, pending)
    }

    #[cfg(feature = "stream")]
    fn dripping(chunks: &[&'static [u8]]) -> super::AsyncEvents<TtsSseEvent> {
        super::AsyncEvents {
            body: crate::transport::ByteStream::new(Dripping {
                chunks: chunks.iter().copied().collect(),
                ready: false,
            }),
            decoder: crate::sse::EventDecoder::new(),
        }
    }

    #[cfg(feature = "stream")]
    use cartesia_types::tts_events::TtsSseEvent;

    /// The events as a `futures_core::Stream`: an event split across reads, each read
    /// pending once, arrives whole; `done` ends the stream; a stream without `done` ends
    /// with a truncation error.
    #[cfg(feature = "stream")]
    #[test]
    fn sse_events_are_a_stream() {
        let (items, pending) = poll_all(dripping(&[
            b"data: {\"type\":\"chunk\",\"data\":\"AA",
            b"E=\",\"step_time\":3}\n\n: keep-alive\n\n",
            b"data: {\"type\":\"done\",\"done\":true}\n\n",
        ]));
        assert!(pending >= 3, "each read was pending once: {pending}");
        let items: Vec<TtsSseEvent> = items.into_iter().map(Result::unwrap).collect();
        assert_eq!(items.len(), 2, "{items:?}");
        assert!(matches!(&items[0], TtsSseEvent::Chunk(c) if c.audio == [0, 1]));
        assert!(matches!(&items[1], TtsSseEvent::Done(_)), "{items:?}");

        let (items, _) = poll_all(dripping(&[
            b"data: {\"type\":\"chunk\",\"data\":\"AAE=\"}\n\n",
        ]));
        assert_eq!(items.len(), 2, "{items:?}");
        assert!(items[0].is_ok());
        let Err(crate::Error::Stream(e)) = &items[1] else {
            panic!("{items:?}")
        };
        assert!(
            matches!(**e, crate::sse::StreamError::Truncated { events: 1, .. }),
            "{e:?}"
        );
    }

    /// `next().await` and the `Stream` share one loop: a read left pending by a poll is
    /// finished by `next()`.
    #[cfg(feature = "stream")]
    #[test]
    fn next_resumes_a_read_the_stream_left_pending() {
        use futures_core::Stream;
        use std::future::Future;
        use std::task::{Context, Poll, Waker};
        let mut events = dripping(&[b"data: {\"type\":\"done\",\"done\":true}\n\n"]);
        let mut cx = Context::from_waker(Waker::noop());
        assert!(std::pin::Pin::new(&mut events)
            .poll_next(&mut cx)
            .is_pending());
        let mut next = std::pin::pin!(events.next());
        let item = loop {
            if let Poll::Ready(item) = next.as_mut().poll(&mut cx) {
                break item;
            }
        };
        assert!(matches!(item, Some(Ok(TtsSseEvent::Done(_)))), "{item:?}");
    }

    #[test]
    fn zero_is_refused() {
        let e = ClientBuilder::new()
            .api_key("k")
            .max_concurrent_requests(0)
            .config()
            .unwrap_err();
        assert_eq!(e.kind(), crate::ConfigErrorKind::InvalidSetting);
    }
}
