//! `GET /agents/calls/{call_id}/audio`: a call's recording, buffered or streamed.

use bytes::Bytes;

use super::declare::endpoints;
use crate::error::Error;
use crate::resources::{AsyncCalls, BlockingCalls};
use crate::transport::HttpResponse;

endpoints! {
    impl AsyncCalls, BlockingCalls {
        /// the call's recording (WAV). `execute` buffers it; the resource methods
        /// `download_audio_to` (blocking, into any `std::io::Write`) and `download_audio_stream`
        /// (async, chunk by chunk) never hold the whole file in memory.
        DownloadCallAudio = "agents_download-call-audio" GET
            ["/agents/calls/" {call_id: String, except &["batches"]} "/audio"] -> CallAudio => method download_audio {
            parse with CallAudio::from_response;
            accept = "audio/wav, audio/*;q=0.9, */*;q=0.5";
        }
    }
}

/// A call's recording, buffered.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CallAudio {
    /// The `Content-Type` the API sent (e.g. `audio/wav`), if any.
    pub content_type: Option<String>,
    /// The audio bytes (empty for a 204 answer).
    pub bytes: Bytes,
}

impl CallAudio {
    /// A recording, e.g. for a test double.
    pub fn new(content_type: Option<String>, bytes: Bytes) -> Self {
        Self {
            content_type,
            bytes,
        }
    }

    pub(crate) fn from_response(response: HttpResponse) -> Result<Self, Error> {
        Ok(Self::new(content_type(&response), response.into_body()))
    }
}

/// What a streamed download wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct AudioDownload {
    /// The `Content-Type` the API sent, if any.
    pub content_type: Option<String>,
    /// How many bytes were written.
    pub bytes_written: u64,
}

impl AudioDownload {
    /// A download summary (for adapters and test doubles).
    pub fn new(content_type: Option<String>, bytes_written: u64) -> Self {
        Self {
            content_type,
            bytes_written,
        }
    }
}

pub(crate) fn content_type<B>(response: &http::Response<B>) -> Option<String> {
    response
        .headers()
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Endpoint;
    use crate::{pipeline, ClientBuilder, RequestOptions};

    #[test]
    fn request_and_parse() {
        let config = ClientBuilder::new().api_key("k").config().unwrap();
        let req = pipeline::build_request(
            &config,
            &DownloadCallAudio::new("c 1"),
            &RequestOptions::new(),
        )
        .unwrap();
        assert_eq!(req.uri().path(), "/agents/calls/c%201/audio");
        assert!(req.headers()["accept"]
            .to_str()
            .unwrap()
            .starts_with("audio/wav"));
        let resp = http::Response::builder()
            .header("content-type", "audio/wav")
            .body(Bytes::from_static(b"RIFF...."))
            .unwrap();
        let audio = DownloadCallAudio::new("c").parse(resp).unwrap();
        assert_eq!(audio.content_type.as_deref(), Some("audio/wav"));
        assert_eq!(&audio.bytes[..], b"RIFF....");
    }
}
