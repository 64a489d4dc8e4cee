//! `GET /agents/calls/{call_id}/audio`: a call's recording, buffered or streamed.

use bytes::Bytes;
use http::Method;

use super::OperationInfo;
use crate::endpoint::{Endpoint, UrlWriter};
use crate::error::Error;
use crate::transport::HttpResponse;

/// The operations this module implements.
pub const OPERATIONS: &[OperationInfo] = &[OperationInfo {
    method: "GET",
    path: "/agents/calls/{call_id}/audio",
    operation_id: "agents_download-call-audio",
    endpoint: "DownloadCallAudio",
}];

/// One sample of each endpoint: (method, path template), for the catalog test.
#[cfg(test)]
pub(crate) fn samples() -> Vec<(http::Method, &'static str)> {
    let e = DownloadCallAudio::new("c");
    vec![(e.method(), e.path_template())]
}

/// `GET /agents/calls/{call_id}/audio`: the call's recording (WAV). `execute` buffers it; the
/// resource methods `download_audio_to` (blocking, into any `std::io::Write`) and
/// `download_audio_stream` (async, chunk by chunk) never hold the whole file in memory.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DownloadCallAudio {
    /// The ID of the call.
    pub call_id: String,
}

impl DownloadCallAudio {
    /// The recording of `call_id`.
    pub fn new(call_id: impl Into<String>) -> Self {
        Self {
            call_id: call_id.into(),
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

impl Endpoint for DownloadCallAudio {
    type Output = CallAudio;

    fn method(&self) -> Method {
        Method::GET
    }

    fn path_template(&self) -> &'static str {
        "/agents/calls/{call_id}/audio"
    }

    fn write_path(&self, url: &mut UrlWriter) -> Result<(), Error> {
        url.push_literal("/agents/calls/");
        url.push_segment_except("call_id", &self.call_id, &["batches"])?;
        url.push_literal("/audio");
        Ok(())
    }

    fn accept(&self) -> &'static str {
        "audio/wav, audio/*;q=0.9, */*;q=0.5"
    }

    fn parse(&self, response: HttpResponse) -> Result<CallAudio, Error> {
        Ok(CallAudio {
            content_type: content_type(&response),
            bytes: response.into_body(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
