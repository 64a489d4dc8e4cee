//! The speech half of the REST API: API status, access tokens, text-to-speech (bytes and
//! SSE), voice changer, infill, speech-to-text and voices.
//!
//! Requests whose fields have documented ranges are checked (`validate()` of the model)
//! before any I/O. Uploads carry a [`MultipartBody`] built once by their `upload` constructor
//! (so a retry sends identical bytes); audio answers are [`SpeechAudio`] when buffered, and
//! the resource methods stream them (`client.tts().bytes_to(..)`, `bytes_stream(..)`).

use std::io::Read;
use std::path::PathBuf;

use bytes::Bytes;

use super::declare::endpoints;
use crate::error::Error;
use crate::multipart::{Multipart, MultipartBody};
use crate::resources::{
    AsyncAccessTokens, AsyncInfill, AsyncStatus, AsyncStt, AsyncTts, AsyncVoiceChanger,
    AsyncVoices, BlockingAccessTokens, BlockingInfill, BlockingStatus, BlockingStt, BlockingTts,
    BlockingVoiceChanger, BlockingVoices,
};
use crate::sse::{EventDecoder, Next, StreamEvent};
use crate::transport::HttpResponse;
use cartesia_types::access_tokens::{AccessTokenRequest, AccessTokenResponse};
use cartesia_types::status::ApiInfo;
use cartesia_types::stt::{SttEncoding, TranscribeRequest, TranscriptionResponse};
use cartesia_types::tts::{InfillRequest, TtsRequest, TtsSseRequest, VoiceChangerRequest};
use cartesia_types::tts_events::{TtsSseEvent, VoiceChangerSseEvent};
use cartesia_types::voices::{
    CloneVoiceRequest, GenderPresentation, LocalizeVoiceRequest, UpdateVoiceRequest, Voice,
    VoiceExpand, VoiceMetadata,
};
use cartesia_types::Page;

/// The fixed routes under `/voices/` that a voice id may not be.
const VOICE_ROUTES: &[&str] = &["clone", "localize"];

endpoints! {
    #[derive(Debug, Clone, PartialEq)]

    impl AsyncStatus, BlockingStatus {
        /// whether the API is up, and its version (no authentication needed).
        GetApiStatus = "apiStatus_get" GET ["/"] -> ApiInfo => method get;
    }

    impl AsyncAccessTokens, BlockingAccessTokens {
        /// a short-lived access token with the given grants, for a browser or device that must
        /// not hold the API key (build a client with it: `ClientBuilder::access_token`). The token
        /// is a secret: its `Debug` is redacted.
        CreateAccessToken = "auth_access-token" POST ["/access-token"] -> AccessTokenResponse => method create {
            json request: AccessTokenRequest, check = check_access_token;
        }
    }

    impl AsyncTts, BlockingTts {
        /// speech for a transcript, as one audio body (raw PCM, WAV or MP3). Buffered by
        /// `execute`; `client.tts().bytes_to(..)` and `bytes_stream(..)` stream it. With `save`,
        /// the answer's `Cartesia-File-ID` header is [`SpeechAudio::file_id`].
        TtsBytes = "tts_bytes" POST ["/tts/bytes"] -> SpeechAudio => method bytes {
            json request: TtsRequest | Into, check = check_tts;
            parse with SpeechAudio::from_response;
            accept with tts_accept;
        }

        /// speech for a transcript as server-sent events (audio chunks, word and phoneme
        /// timestamps, `done`). `execute` collects every event; `client.tts().sse(..)` yields
        /// them as they arrive.
        TtsSse = "tts_sse" POST ["/tts/sse"] -> Vec<TtsSseEvent> => method sse_events {
            json request: TtsSseRequest | Into, check = check_tts_sse;
            parse with collect_events;
            accept = "text/event-stream";
        }
    }

    impl AsyncStt, BlockingStt {
        /// a transcription of an uploaded audio file (with word timestamps when asked). Build it
        /// with [`Transcribe::upload`].
        Transcribe = "stt_transcribe" POST ["/stt"] -> TranscriptionResponse => request transcribe {
            query {
                /// The encoding of headerless PCM input.
                encoding: opt SttEncoding,
                /// The sample rate of headerless PCM input.
                sample_rate: opt u32,
            }
            multipart form;
        }
    }

    impl AsyncVoices, BlockingVoices {
        /// one page of voices (the account's and the public ones), with filters.
        ListVoices = "voices_list" GET ["/voices"] -> Page<Voice> => request list, pages list_all {
            query {
                /// A search text (name, description).
                q: str,
                /// Only the account's own voices (`true`) or only the others (`false`).
                is_owner: opt bool,
                /// Only voices of this gender presentation.
                gender: opt GenderPresentation,
                /// Extra fields to include (`expand[]`, repeated).
                expand as "expand[]": many VoiceExpand,
            }
            cursor [limit starting_after ending_before] "voice" => Voice;
        }

        /// one voice.
        GetVoice = "voices_get" GET ["/voices/" {id: String, except VOICE_ROUTES}] -> Voice => method get {
            query {
                /// Extra fields to include (`expand[]`, repeated).
                expand as "expand[]": many VoiceExpand,
            }
        }

        /// changes a voice's name, description, gender or accent.
        UpdateVoice = "voices_update" PATCH ["/voices/" {id: String, except VOICE_ROUTES}] -> Voice => method update {
            json body: UpdateVoiceRequest;
        }

        /// deletes a voice of the account.
        DeleteVoice = "voices_delete" DELETE ["/voices/" {id: String, except VOICE_ROUTES}] -> () => method delete {
            parse empty;
        }

        /// a new voice cloned from an uploaded clip. Build it with [`CloneVoice::upload`].
        CloneVoice = "voices_clone" POST ["/voices/clone"] -> VoiceMetadata => request clone_voice {
            multipart form;
        }

        /// a new voice: an existing one speaking another language.
        LocalizeVoice = "voices_localize" POST ["/voices/localize"] -> VoiceMetadata => method localize {
            json body: LocalizeVoiceRequest, check = check_localize;
        }
    }

    impl AsyncVoiceChanger, BlockingVoiceChanger {
        /// an uploaded clip spoken in another voice, as one audio body. Build it with
        /// [`VoiceChangerBytes::upload`]; `client.voice_changer().bytes_to(..)` streams it.
        VoiceChangerBytes = "voiceChanger_bytes" POST ["/voice-changer/bytes"] -> SpeechAudio => request bytes {
            multipart form;
            parse with SpeechAudio::from_response;
            accept = "audio/*";
        }

        /// an uploaded clip spoken in another voice, as server-sent events. Build it with
        /// [`VoiceChangerSse::upload`]; `client.voice_changer().sse(..)` yields the events.
        VoiceChangerSse = "voiceChanger_sse" POST ["/voice-changer/sse"] -> Vec<VoiceChangerSseEvent>
            => request sse_events {
            multipart form;
            parse with collect_events;
            accept = "text/event-stream";
        }
    }

    impl AsyncInfill, BlockingInfill {
        /// speech that fills the gap between two clips (at least one given). Build it with
        /// [`InfillBytes::upload`]; `client.infill().bytes_to(..)` streams it.
        InfillBytes = "infill_bytes" POST ["/infill/bytes"] -> SpeechAudio => request bytes {
            multipart form;
            parse with SpeechAudio::from_response;
            accept = "audio/*";
        }
    }
}

fn check_access_token(e: &CreateAccessToken) -> Result<(), Error> {
    Ok(e.request.validate()?)
}

fn check_tts(e: &TtsBytes) -> Result<(), Error> {
    Ok(e.request.validate()?)
}

fn check_tts_sse(e: &TtsSse) -> Result<(), Error> {
    Ok(e.request.validate()?)
}

fn check_localize(e: &LocalizeVoice) -> Result<(), Error> {
    Ok(e.body.validate()?)
}

fn tts_accept(e: &TtsBytes) -> &'static str {
    e.request.output_format.accept()
}

/// The audio of a speech answer, buffered.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SpeechAudio {
    /// The `Content-Type` the API sent (`audio/wav`, `audio/mpeg`, ...), if any.
    pub content_type: Option<String>,
    /// The `Cartesia-File-ID` header: the saved file, when the request asked to `save`.
    pub file_id: Option<String>,
    /// The audio bytes.
    pub bytes: Bytes,
}

impl SpeechAudio {
    /// Audio, e.g. for a test double.
    pub fn new(content_type: Option<String>, bytes: Bytes) -> Self {
        Self {
            content_type,
            file_id: None,
            bytes,
        }
    }

    fn from_response(response: HttpResponse) -> Result<Self, Error> {
        let content_type = super::call_audio::content_type(&response);
        let file_id = file_id(&response);
        Ok(Self {
            content_type,
            file_id,
            bytes: response.into_body(),
        })
    }
}

/// The `Cartesia-File-ID` header of an answer (the saved audio file), if any.
pub fn file_id<B>(response: &http::Response<B>) -> Option<String> {
    response
        .headers()
        .get("cartesia-file-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// Decodes a whole buffered event stream: every event up to `done`; an `error` event, a
/// stream without `done` or bad data is [`Error::Stream`].
fn collect_events<E: StreamEvent>(response: HttpResponse) -> Result<Vec<E>, Error> {
    let mut decoder = EventDecoder::<E>::new();
    decoder.feed(response.body());
    decoder.end_input();
    let mut events = Vec::new();
    loop {
        match decoder.next() {
            Next::Event(e) => events.push(e),
            Next::Error(e) => return Err(e.into()),
            Next::NeedInput | Next::End => return Ok(events),
        }
    }
}

/// An audio file to upload: bytes in memory, a file read when the request is built, or a
/// reader read to its end then (once; the body is replayable after that).
pub struct AudioUpload {
    filename: String,
    content_type: String,
    source: UploadSource,
}

enum UploadSource {
    Bytes(Bytes),
    Path(PathBuf),
    Reader(Box<dyn Read + Send>),
}

impl std::fmt::Debug for AudioUpload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let source = match &self.source {
            UploadSource::Bytes(b) => format!("{} bytes", b.len()),
            UploadSource::Path(p) => format!("file {}", p.display()),
            UploadSource::Reader(_) => "a reader".to_owned(),
        };
        f.debug_struct("AudioUpload")
            .field("filename", &self.filename)
            .field("content_type", &self.content_type)
            .field("source", &source)
            .finish()
    }
}

impl AudioUpload {
    /// Audio in memory, sent as `filename` with `content_type` (e.g. `audio/wav`).
    pub fn bytes(
        filename: impl Into<String>,
        content_type: impl Into<String>,
        data: impl Into<Bytes>,
    ) -> Self {
        Self {
            filename: filename.into(),
            content_type: content_type.into(),
            source: UploadSource::Bytes(data.into()),
        }
    }

    /// The file at `path` (its last component is the filename), read when the request is
    /// built.
    pub fn path(path: impl Into<PathBuf>, content_type: impl Into<String>) -> Self {
        let path = path.into();
        let filename = path
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        Self {
            filename,
            content_type: content_type.into(),
            source: UploadSource::Path(path),
        }
    }

    /// Everything `reader` yields, read once when the request is built.
    pub fn reader(
        filename: impl Into<String>,
        content_type: impl Into<String>,
        reader: impl Read + Send + 'static,
    ) -> Self {
        Self {
            filename: filename.into(),
            content_type: content_type.into(),
            source: UploadSource::Reader(Box::new(reader)),
        }
    }

    fn add_to(self, form: Multipart, name: &str) -> Multipart {
        match self.source {
            UploadSource::Bytes(b) => form.bytes(name, self.filename, self.content_type, b),
            UploadSource::Path(p) => form.file(name, p, self.content_type),
            UploadSource::Reader(r) => form.reader(name, self.filename, self.content_type, r),
        }
    }
}

fn form(
    fields: Vec<(String, String)>,
    files: Vec<(&str, AudioUpload)>,
) -> Result<MultipartBody, Error> {
    let mut form = Multipart::new().fields(fields);
    for (name, file) in files {
        form = file.add_to(form, name);
    }
    Ok(form.build()?)
}

impl Transcribe {
    /// `POST /stt` of `file` with `request`'s model, language, timestamp granularities (and,
    /// for headerless PCM, encoding and sample rate as the query). The request is checked
    /// and the body built here, before any I/O.
    pub fn upload(request: &TranscribeRequest, file: AudioUpload) -> Result<Self, Error> {
        request.validate()?;
        let mut e = Self::new(form(request.form_fields(), vec![("file", file)])?);
        e.encoding = request.encoding.clone();
        e.sample_rate = request.sample_rate;
        Ok(e)
    }
}

/// The `upload` constructor of an endpoint whose form is a request's fields and one clip.
macro_rules! clip_upload {
    ($($name:ident($req:ty): $doc:literal;)*) => {$(
        impl $name {
            #[doc = $doc]
            /// The request is checked and the body built here, before any I/O.
            pub fn upload(request: &$req, clip: AudioUpload) -> Result<Self, Error> {
                request.validate()?;
                Ok(Self::new(form(request.form_fields(), vec![("clip", clip)])?))
            }
        }
    )*};
}

clip_upload! {
    CloneVoice(CloneVoiceRequest): "`POST /voices/clone` of `clip` with `request`'s name, language and options.";
    VoiceChangerBytes(VoiceChangerRequest): "`POST /voice-changer/bytes` of `clip` into `request`'s voice and output format.";
    VoiceChangerSse(VoiceChangerRequest): "`POST /voice-changer/sse` of `clip` into `request`'s voice and (raw) output format.";
}

impl InfillBytes {
    /// `POST /infill/bytes`: `request`'s transcript spoken between `left` and `right` (at
    /// least one); checked and built here, before any I/O.
    pub fn upload(
        request: &InfillRequest,
        left: Option<AudioUpload>,
        right: Option<AudioUpload>,
    ) -> Result<Self, Error> {
        request.validate()?;
        if left.is_none() && right.is_none() {
            return Err(crate::error::InvalidRequest::new(
                "left_audio",
                "infill needs left_audio, right_audio or both",
            )
            .into());
        }
        let files = [("left_audio", left), ("right_audio", right)]
            .into_iter()
            .filter_map(|(n, f)| f.map(|f| (n, f)))
            .collect();
        Ok(Self::new(form(request.form_fields(), files)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Endpoint;
    use cartesia_types::tts::{OutputFormat, RawEncoding};

    /// The body of an upload is built once: every `body()` (every attempt) is the same bytes
    /// and content type.
    #[test]
    fn an_upload_body_is_the_same_on_every_attempt() {
        let request =
            VoiceChangerRequest::new("v1", OutputFormat::raw(RawEncoding::PcmS16le, 8000));
        let clip = AudioUpload::reader("c.wav", "audio/wav", std::io::Cursor::new(vec![1u8; 100]));
        let e = VoiceChangerBytes::upload(&request, clip).unwrap();
        let (a, b) = (e.body().unwrap().unwrap(), e.body().unwrap().unwrap());
        assert_eq!(a, b);
        assert!(a
            .content_type
            .starts_with("multipart/form-data; boundary=cartesia-rs-"));
        assert_eq!(e.accept(), "audio/*");
    }

    #[test]
    fn checks_run_before_the_body_is_sent() {
        let bad = VoiceChangerRequest::new(" ", OutputFormat::raw(RawEncoding::PcmS16le, 8000));
        let clip = AudioUpload::bytes("c.wav", "audio/wav", vec![1u8]);
        assert!(matches!(
            VoiceChangerBytes::upload(&bad, clip),
            Err(Error::InvalidRequest(_))
        ));
        let bad_type = AudioUpload::bytes("c.wav", "audio/wav\r\nX: y", vec![1u8]);
        let ok = VoiceChangerRequest::new("v1", OutputFormat::raw(RawEncoding::PcmS16le, 8000));
        assert!(matches!(
            VoiceChangerBytes::upload(&ok, bad_type),
            Err(Error::Multipart(_))
        ));
    }
}
