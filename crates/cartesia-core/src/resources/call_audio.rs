//! Call audio download on `client.agents().calls()`, streamed without holding the whole
//! recording in memory (the buffered `download_audio` comes from its declaration), and the
//! streamed-download helpers shared with `client.files()`.

use std::io::Write;

use crate::endpoint::Endpoint;
use crate::endpoints::call_audio::{content_type, AudioDownload, DownloadCallAudio};
use crate::error::Error;
use crate::resources::{AsyncCalls, BlockingCalls};
use crate::transport::ByteStream;
use crate::{AsyncClient, BlockingClient};

/// A call recording arriving in chunks (async).
#[derive(Debug)]
#[non_exhaustive]
pub struct AudioStream {
    /// The `Content-Type` the API sent, if any.
    pub content_type: Option<String>,
    /// The body: call `next_chunk().await` until `None` (or, with `cartesia-reqwest`, copy it
    /// into any `tokio::io::AsyncWrite`).
    pub body: ByteStream,
}

impl AudioStream {
    /// Sends `endpoint` and hands over its body as it arrives, once the API has answered 2xx
    /// (shared by every streamed download: call audio, files).
    pub(crate) async fn from_endpoint<E: Endpoint + Sync>(
        client: &AsyncClient,
        endpoint: &E,
    ) -> Result<Self, Error> {
        let response = client.execute_streaming(endpoint).await?;
        Ok(AudioStream {
            content_type: content_type(&response),
            body: response.into_body(),
        })
    }
}

/// Sends `endpoint` and copies its body into `writer` as it arrives, once the API has
/// answered 2xx (shared by every blocking download: call audio, files): a failure to read is
/// a transport error of kind `Body` (or `Timeout`); a failure to write is [`Error::Write`].
pub(crate) fn download_to<E: Endpoint>(
    client: &BlockingClient,
    endpoint: &E,
    writer: &mut (impl Write + ?Sized),
) -> Result<AudioDownload, Error> {
    let response = client.execute_streaming(endpoint)?;
    let content_type = content_type(&response);
    let written = super::speech::copy_body(&mut response.into_body(), writer)?;
    Ok(AudioDownload {
        content_type,
        bytes_written: written,
    })
}

/// The streamed download of one id on a pair of handles: the async method hands over the
/// body as an [`AudioStream`], the blocking one copies it into a writer ([`download_to`]).
macro_rules! streamed_download {
    (
        $async_handle:ident, $blocking_handle:ident, $id:ident => $endpoint:ident;
        $(#[$async_doc:meta])* async fn $stream:ident;
        $(#[$blocking_doc:meta])* fn $to:ident;
    ) => {
        impl $async_handle<'_> {
            $(#[$async_doc])*
            pub async fn $stream(&self, $id: &str) -> Result<AudioStream, Error> {
                AudioStream::from_endpoint(self.client, &$endpoint::new($id)).await
            }
        }

        impl $blocking_handle<'_> {
            $(#[$blocking_doc])*
            pub fn $to(
                &self,
                $id: &str,
                writer: &mut (impl Write + ?Sized),
            ) -> Result<AudioDownload, Error> {
                download_to(self.client, &$endpoint::new($id), writer)
            }
        }
    };
}

pub(crate) use streamed_download;

streamed_download! {
    AsyncCalls, BlockingCalls, call_id => DownloadCallAudio;
    /// The recording of a call as a stream of chunks, once the API has answered 2xx.
    async fn download_audio_stream;
    /// Streams the recording of a call into `writer` (a file, a socket, ...) without holding
    /// it in memory. A failure to read is a transport error of kind `Body` (or `Timeout`);
    /// a failure to write is [`Error::Write`].
    fn download_audio_to;
}
