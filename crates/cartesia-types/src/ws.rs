//! The messages of the three WebSockets (API version 2026-03-01):
//!
//! - `/tts/websocket`: [`TtsWsRequest`] (a generation request for one context) and
//!   [`TtsWsCancel`] go out as JSON text frames; [`TtsWsMessage`] comes back, one per frame,
//!   each naming its `context_id`.
//! - `/stt/websocket` (manual finalize): binary audio and the plain-text commands of
//!   [`SttCommand`] go out; [`SttWsMessage`] comes back.
//! - `/stt/turns/websocket` (auto finalize, turn detection): binary audio and
//!   [`SttTurnsCommand`] go out; [`SttTurnsMessage`] comes back.
//!
//! The query parameters of both STT sockets are [`SttWsQuery`]. Every incoming union is open:
//! a message `type` this release does not know is kept as `Unknown(raw JSON)`, never an
//! error. Audio in TTS chunks is held decoded from its base64 `data`.
//!
//! ```
//! use cartesia_types::ws::TtsWsMessage;
//!
//! let m: TtsWsMessage = serde_json::from_str(
//!     r#"{"type":"chunk","context_id":"c1","status_code":206,"done":false,
//!         "data":"AAECAw==","step_time":12.5,"flush_id":1}"#,
//! ).unwrap();
//! assert_eq!(m.context_id(), Some("c1"));
//! let TtsWsMessage::Chunk(chunk) = m else { panic!() };
//! assert_eq!((chunk.audio.as_slice(), chunk.flush_id), (&[0u8, 1, 2, 3][..], Some(1)));
//! ```

use serde::{Deserialize, Serialize};

use crate::invalid::{check_not_blank, check_range, InvalidParameter};
use crate::model::model;
use crate::query::query_params;
use crate::stt::{SttEncoding, TranscriptionWord};
use crate::tts::{GenerationConfig, Language, ModelSpeed, TtsModelId, VoiceSpecifier};
use crate::tts_events::{PhonemeTimestamps, SseErrorEvent, WordTimestamps};

/// The error message of every streaming surface (SSE and the three WebSockets): the same JSON
/// object, `type: "error"`, with a nullable `error_code` and, on the TTS socket, the
/// `context_id` it concerns.
pub type WsErrorMessage = SseErrorEvent;

/// The largest `max_buffer_delay_ms` the API accepts.
pub const MAX_BUFFER_DELAY_MS: u32 = 5_000;

/// The most `keyterm` values one STT socket accepts.
pub const MAX_KEYTERMS: usize = 100;

/// The most characters all `keyterm` values may have together.
pub const MAX_KEYTERM_CHARS: usize = 1_200;

// ---------------------------------------------------------------------------------------------
// TTS: client to server
// ---------------------------------------------------------------------------------------------

/// The output format of the TTS socket: always raw samples (`container: "raw"`), the same
/// type as the SSE endpoints' format.
pub type WsOutputFormat = crate::tts::SseOutputFormat;

model! {
    /// A generation request (`GenerationRequest`): text for one context of the TTS socket.
    ///
    /// `continue: true` keeps the context open for more text; `false` (the default) is the last
    /// input. A manual flush is `transcript: ""`, `continue: true`, `flush: true`
    /// ([`flush_of`](Self::flush_of)); the end of input without more text is `transcript: ""`,
    /// `continue: false` ([`no_more_inputs_of`](Self::no_more_inputs_of)).
    ///
    /// ```
    /// use cartesia_types::ws::{TtsWsRequest, WsOutputFormat};
    /// use cartesia_types::tts::RawEncoding;
    ///
    /// let r = TtsWsRequest::new("sonic-3", "voice-1", WsOutputFormat::raw(RawEncoding::PcmS16le, 24_000), "c1")
    ///     .transcript("Hello, ")
    ///     .continue_(true);
    /// r.validate().unwrap();
    /// # fn j<T: serde::Serialize>(v: &T) -> String { serde_json::to_string(v).unwrap() }
    /// assert_eq!(
    ///     j(&r),
    ///     r#"{"model_id":"sonic-3","transcript":"Hello, ","voice":{"mode":"id","id":"voice-1"},"output_format":{"container":"raw","encoding":"pcm_s16le","sample_rate":24000},"context_id":"c1","continue":true}"#
    /// );
    /// let flush = TtsWsRequest::flush_of(&r);
    /// assert_eq!((flush.transcript.as_str(), flush.continue_, flush.flush), ("", Some(true), Some(true)));
    /// ```
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub struct TtsWsRequest {
        /// The model id.
        pub model_id: TtsModelId => into,
        /// The text to speak (may be empty for a flush or the end of input).
        pub transcript: String,
        /// The voice.
        pub voice: VoiceSpecifier => into,
        /// The encoding of the audio chunks (always raw).
        pub output_format: WsOutputFormat => arg,
        /// The context this text belongs to (required).
        pub context_id: String => into,
        /// Whether more text follows for this context (`continue` on the wire).
        #[serde(rename = "continue")]
        pub continue_?: bool,
        /// Whether to flush: generate what is buffered now, answered by a `flush_done`.
        pub flush?: bool,
        /// The longest the server buffers text before generating, 0–5000 ms (server default 3000).
        pub max_buffer_delay_ms?: u32,
        /// The language of the transcript.
        pub language?: Language,
        /// Volume, speed and emotion.
        pub generation_config?: GenerationConfig,
        /// Whether to send word timestamps (`timestamps` messages).
        pub add_timestamps?: bool,
        /// Whether to send phoneme timestamps (`phoneme_timestamps` messages).
        pub add_phoneme_timestamps?: bool,
        /// Normalized (`true`) or original (`false`) timestamps.
        pub use_normalized_timestamps?: bool,
        /// A pronunciation dictionary to use.
        pub pronunciation_dict_id?: String,
        /// The deprecated speed setting.
        pub speed?: ModelSpeed,
    }

    /// An empty request for `context_id` (add text with [`transcript`](Self::transcript)).
    fn new;

    /// Sets the text.
    fn transcript(text: impl Into<String>) { self.transcript = text.into() }
    /// Sets `continue` (more text follows).
    fn continue_(more: bool) = Some;
    /// Sets `flush`.
    fn flush(flush: bool) = Some;
    /// Sets `max_buffer_delay_ms` (0–5000).
    fn max_buffer_delay_ms(ms: u32) = Some;
    /// Sets the language.
    fn language(language: impl Into<Language>) = Some;
    /// Sets the generation config.
    fn generation_config(config: GenerationConfig) = Some;
    /// Asks for word timestamps.
    fn add_timestamps(on: bool) = Some;
    /// Asks for phoneme timestamps.
    fn add_phoneme_timestamps(on: bool) = Some;
    /// Uses a pronunciation dictionary.
    fn pronunciation_dict_id(id: impl Into<String>) = Some;
}

impl TtsWsRequest {
    /// The manual flush of `template`'s context: no text, `continue: true`, `flush: true`.
    pub fn flush_of(template: &Self) -> Self {
        Self {
            transcript: String::new(),
            continue_: Some(true),
            flush: Some(true),
            ..template.clone()
        }
    }

    /// The end of input of `template`'s context: no text, `continue: false`.
    pub fn no_more_inputs_of(template: &Self) -> Self {
        Self {
            transcript: String::new(),
            continue_: Some(false),
            flush: None,
            ..template.clone()
        }
    }

    /// Whether more input may follow this one (`continue`, default `false`).
    pub fn continues(&self) -> bool {
        self.continue_.unwrap_or(false)
    }

    /// Checks what the API documents before any I/O: non-blank model, voice and context ids,
    /// a positive sample rate, `max_buffer_delay_ms` at most 5000, the generation config's
    /// ranges.
    pub fn validate(&self) -> Result<(), InvalidParameter> {
        crate::tts::check_model_and_voice(&self.model_id, &self.voice)?;
        check_not_blank("context_id", &self.context_id)?;
        self.output_format.validate()?;
        if let Some(ms) = self.max_buffer_delay_ms {
            check_range(
                "max_buffer_delay_ms",
                f64::from(ms),
                0.0,
                f64::from(MAX_BUFFER_DELAY_MS),
            )?;
        }
        if let Some(c) = &self.generation_config {
            c.validate()?;
        }
        Ok(())
    }
}

model! {
    /// `CancelContextRequest`: stop generating for a context (`{"context_id": .., "cancel": true}`).
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct TtsWsCancel {
        /// The context to cancel.
        pub context_id: String => into,
        /// Always `true`.
        pub cancel: bool = true,
    }

    /// Cancels `context_id`.
    fn new;
}

// ---------------------------------------------------------------------------------------------
// TTS: server to client
// ---------------------------------------------------------------------------------------------

/// Declares a message of the TTS socket: the `context_id` it concerns first, then its own
/// fields, then the HTTP-style `status_code` and `done` (each with its docs and, after `=`,
/// what `new` sets).
macro_rules! tts_ws_message {
    (
        $(#[$meta:meta])*
        pub struct $name:ident { $($own:tt)* }
        $(#[$status_doc:meta])*
        status_code $(= $status:expr)?;
        $(#[$done_doc:meta])*
        done $(= $done:expr)?;
        $($rest:tt)*
    ) => {
        model! {
            $(#[$meta])*
            pub struct $name {
                /// The context.
                #[serde(default)]
                pub context_id: String => into,
                $($own)*
                $(#[$status_doc])*
                pub status_code?: u16 $(= $status)?,
                $(#[$done_doc])*
                #[serde(default)]
                pub done: bool $(= $done)?,
            }
            $($rest)*
        }
    };
}

tts_ws_message! {
    /// `type: "chunk"`: a piece of audio for a context.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub struct TtsWsChunk {
        /// The audio, decoded from the base64 `data` field.
        #[serde(rename = "data", with = "crate::tts_events::base64_audio")]
        pub audio: Vec<u8> => arg,
        /// Server-side processing time for this chunk, in milliseconds.
        pub step_time?: f64,
        /// The flush this audio belongs to (counts per context, from 1).
        pub flush_id?: u64,
    }
    /// The HTTP-style status code (206).
    status_code = Some(206);
    /// `false` for a chunk.
    done;

    /// A chunk of `audio` for `context_id`, e.g. for a mock server.
    fn new;
}

tts_ws_message! {
    /// `type: "flush_done"`: every input before the flush `flush_id` of a context is generated.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct TtsWsFlushDone {
        /// Which flush of the context this answers (counts from 1).
        pub flush_id: u64 => arg,
        /// `true`.
        #[serde(default)]
        pub flush_done: bool = true,
    }
    /// The HTTP-style status code (206).
    status_code = Some(206);
    /// `false`: the context continues.
    done;

    /// The answer to flush `flush_id` of `context_id`, e.g. for a mock server.
    fn new;
}

tts_ws_message! {
    /// `type: "done"`: the last message of a context.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct TtsWsDone {}
    /// The HTTP-style status code.
    status_code = Some(206);
    /// `true`.
    done = true;

    /// The end of `context_id`, e.g. for a mock server.
    fn new;
}

tts_ws_message! {
    /// `type: "timestamps"`: word timing for a context.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub struct TtsWsWordTimestamps {
        /// The words and their times.
        pub word_timestamps: WordTimestamps,
        /// The flush these words belong to.
        pub flush_id?: u64,
    }
    /// The HTTP-style status code.
    status_code;
    /// `false`.
    done;
}

tts_ws_message! {
    /// `type: "phoneme_timestamps"`: phoneme timing for a context.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub struct TtsWsPhonemeTimestamps {
        /// The phonemes and their times.
        pub phoneme_timestamps: PhonemeTimestamps,
        /// The flush these phonemes belong to.
        pub flush_id?: u64,
    }
    /// The HTTP-style status code.
    status_code;
    /// `false`.
    done;
}

/// The fields of a TTS socket `chunk` (as `TtsWsChunk` reads them) and its tag, in one pass:
/// the base64 `data` is borrowed as raw bytes (no copy and no UTF-8 pass; base64 is ASCII,
/// anything else fails its decode).
#[derive(Deserialize)]
struct FlatChunk<'a> {
    #[serde(rename = "type", borrow)]
    ty: std::borrow::Cow<'a, str>,
    #[serde(borrow, default)]
    data: Option<StrBytes<'a>>,
    #[serde(default)]
    context_id: String,
    #[serde(default)]
    step_time: Option<f64>,
    #[serde(default)]
    flush_id: Option<u64>,
    #[serde(default)]
    status_code: Option<u16>,
    #[serde(default)]
    done: bool,
}

/// A JSON string's bytes, borrowed when it has no escapes, without a UTF-8 pass; anything
/// but a string is refused (serde_json would also take an array of numbers as bytes).
struct StrBytes<'a>(std::borrow::Cow<'a, [u8]>);

impl<'de: 'a, 'a> Deserialize<'de> for StrBytes<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> serde::de::Visitor<'de> for Visitor<'a> {
            type Value = StrBytes<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_bytes<E>(self, v: &'de [u8]) -> Result<Self::Value, E> {
                Ok(StrBytes(v.into()))
            }
            fn visit_bytes<E>(self, v: &[u8]) -> Result<Self::Value, E> {
                Ok(StrBytes(v.to_vec().into()))
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(StrBytes(v.as_bytes().into()))
            }
            fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
                Ok(StrBytes(v.as_bytes().to_vec().into()))
            }
        }
        d.deserialize_bytes(Visitor(std::marker::PhantomData))
    }
}

crate::tagged_union! {
    /// One message of the TTS socket (`TTSWebSocketResponse`), discriminated by `type`.
    #[derive(Debug, Clone, PartialEq)]
    pub enum TtsWsMessage: open "type", "TTS WebSocket message" {
        /// `type: "chunk"`: audio.
        Chunk(TtsWsChunk) = "chunk",
        /// `type: "flush_done"`: a flush is answered.
        FlushDone(TtsWsFlushDone) = "flush_done",
        /// `type: "done"`: the context is complete.
        Done(TtsWsDone) = "done",
        /// `type: "timestamps"`: word timing.
        WordTimestamps(TtsWsWordTimestamps) = "timestamps",
        /// `type: "phoneme_timestamps"`: phoneme timing.
        PhonemeTimestamps(TtsWsPhonemeTimestamps) = "phoneme_timestamps",
        /// `type: "error"`: the context failed (or, without a `context_id`, the socket).
        Error(WsErrorMessage) = "error",
    }
}

impl TtsWsMessage {
    /// Decodes one message from its JSON text, as `serde_json::from_slice` does (the same
    /// result and the same errors), but an audio chunk in one pass without buffering the
    /// message first: its base64 `data` (about 22 KB for a chunk of 16 KiB of audio) is
    /// decoded straight from `json`, never copied into an intermediate JSON value.
    ///
    /// ```
    /// use cartesia_types::ws::TtsWsMessage;
    ///
    /// let json = br#"{"type":"chunk","context_id":"c1","data":"AAECAw==","done":false}"#;
    /// let m = TtsWsMessage::from_json_slice(json).unwrap();
    /// assert_eq!(m, serde_json::from_slice(json).unwrap());
    /// assert!(TtsWsMessage::from_json_slice(b"{").is_err());
    /// ```
    pub fn from_json_slice(json: &[u8]) -> serde_json::Result<Self> {
        if let Ok(flat) = serde_json::from_slice::<FlatChunk<'_>>(json) {
            if flat.ty == "chunk" {
                if let Some(audio) = flat
                    .data
                    .and_then(|d| crate::tts_events::decode_audio(&d.0))
                {
                    // Every field of `TtsWsChunk` (a struct literal: a new field must be
                    // added here too).
                    return Ok(Self::Chunk(TtsWsChunk {
                        context_id: flat.context_id,
                        audio,
                        step_time: flat.step_time,
                        flush_id: flat.flush_id,
                        status_code: flat.status_code,
                        done: flat.done,
                    }));
                }
            }
        }
        // Another type, or a chunk the one pass refuses (a duplicate key, a field of another
        // JSON type, bad base64): the general way, whose answer or error is the one to give.
        serde_json::from_slice(json)
    }

    /// The context this message is for (`None` for an error without one, or an unknown
    /// message without a string `context_id`).
    pub fn context_id(&self) -> Option<&str> {
        let id = match self {
            Self::Chunk(m) => m.context_id.as_str(),
            Self::FlushDone(m) => m.context_id.as_str(),
            Self::Done(m) => m.context_id.as_str(),
            Self::WordTimestamps(m) => m.context_id.as_str(),
            Self::PhonemeTimestamps(m) => m.context_id.as_str(),
            Self::Error(m) => m.context_id.as_deref().unwrap_or(""),
            Self::Unknown(raw) => raw
                .get("context_id")
                .and_then(crate::JsonValue::as_str)
                .unwrap_or(""),
        };
        (!id.is_empty()).then_some(id)
    }

    /// Whether this message ends its context (`done`, or `error`).
    pub fn is_terminal(&self) -> bool {
        matches!(self, Self::Done(_) | Self::Error(_))
    }
}

// ---------------------------------------------------------------------------------------------
// STT: query parameters and commands
// ---------------------------------------------------------------------------------------------

crate::open_enum! {
    /// A streaming transcription model (`/stt/websocket`: all three; `/stt/turns/websocket`:
    /// `ink-2`).
    pub enum SttWsModel {
        /// `ink-2` (both sockets; keyterms).
        Ink2 => "ink-2",
        /// `ink-whisper` (manual finalize only).
        InkWhisper => "ink-whisper",
        /// `ink-whisper-2025-06-04` (a dated snapshot; manual finalize only).
        InkWhisper2025_06_04 => "ink-whisper-2025-06-04",
    }
}

query_params! {
    /// The query parameters of the STT sockets.
    ///
    /// `language`, `min_volume` and `max_silence_duration_secs` exist on `/stt/websocket` only;
    /// [`validate_for_turns`](Self::validate_for_turns) refuses them for `/stt/turns/websocket`.
    /// `keyterm` is repeated, once per value, without brackets.
    ///
    /// ```
    /// use cartesia_types::stt::SttEncoding;
    /// use cartesia_types::ws::SttWsQuery;
    ///
    /// let q = SttWsQuery::new("ink-2", SttEncoding::PcmS16le, 16_000)
    ///     .language("en")
    ///     .keyterm("Cartesia")
    ///     .keyterm("Sonic");
    /// q.validate().unwrap();
    /// let pairs: Vec<(&str, String)> = q.query_pairs();
    /// assert_eq!(pairs, [
    ///     ("model", "ink-2".to_owned()), ("encoding", "pcm_s16le".to_owned()),
    ///     ("sample_rate", "16000".to_owned()), ("language", "en".to_owned()),
    ///     ("keyterm", "Cartesia".to_owned()), ("keyterm", "Sonic".to_owned()),
    /// ]);
    /// ```
    #[derive(Debug, Clone, PartialEq)]
    #[non_exhaustive]
    pub struct SttWsQuery {
        /// The model (required).
        pub model: SttWsModel => "model",
        /// The encoding of the binary audio frames (required).
        pub encoding: SttEncoding => "encoding",
        /// Their sample rate in Hz (required).
        pub sample_rate: u32 => "sample_rate",
        /// The language of the audio (manual finalize; server default `en`).
        pub language: Option<Language> => "language",
        /// What counts as silence, 0–1 (manual finalize, `ink-whisper` models).
        pub min_volume: Option<f64> => "min_volume",
        /// Silence before the server finalizes by itself, in seconds (manual finalize,
        /// `ink-whisper` models).
        pub max_silence_duration_secs: Option<f64> => "max_silence_duration_secs",
        /// Words and phrases to recall better (`ink-2`; at most 100, 1200 characters in all).
        pub keyterms: Vec<String> => "keyterm",
    }

    /// The query pairs, in order (`keyterm` once per term).
    fn query_pairs;
}

impl SttWsQuery {
    /// Audio of `encoding` at `sample_rate` Hz, transcribed by `model`.
    pub fn new(model: impl Into<SttWsModel>, encoding: SttEncoding, sample_rate: u32) -> Self {
        Self {
            model: model.into(),
            encoding,
            sample_rate,
            language: None,
            min_volume: None,
            max_silence_duration_secs: None,
            keyterms: Vec::new(),
        }
    }

    crate::setters! {
        /// Sets the language.
        fn language(language: impl Into<Language>) = Some;
        /// Sets `min_volume` (0–1).
        fn min_volume(volume: f64) = Some;
        /// Sets `max_silence_duration_secs`.
        fn max_silence_duration_secs(secs: f64) = Some;
    }

    /// Adds a key term (repeatable).
    pub fn keyterm(mut self, term: impl Into<String>) -> Self {
        self.keyterms.push(term.into());
        self
    }

    /// Checks the parameters of `/stt/websocket` before any I/O: a model, a positive sample
    /// rate, `min_volume` in 0–1, a finite non-negative silence duration, at most 100
    /// non-blank key terms of at most 1200 characters together.
    pub fn validate(&self) -> Result<(), InvalidParameter> {
        check_not_blank("model", self.model.as_str())?;
        check_not_blank("encoding", self.encoding.as_str())?;
        if self.sample_rate == 0 {
            return Err(InvalidParameter::new("sample_rate", "must be positive"));
        }
        if let Some(v) = self.min_volume {
            check_range("min_volume", v, 0.0, 1.0)?;
        }
        if let Some(s) = self.max_silence_duration_secs {
            check_range("max_silence_duration_secs", s, 0.0, f64::MAX)?;
        }
        if self.keyterms.len() > MAX_KEYTERMS {
            return Err(InvalidParameter::new(
                "keyterm",
                format!("at most {MAX_KEYTERMS} terms (got {})", self.keyterms.len()),
            ));
        }
        let chars: usize = self.keyterms.iter().map(|k| k.chars().count()).sum();
        if chars > MAX_KEYTERM_CHARS {
            return Err(InvalidParameter::new(
                "keyterm",
                format!("at most {MAX_KEYTERM_CHARS} characters in all (got {chars})"),
            ));
        }
        for k in &self.keyterms {
            check_not_blank("keyterm", k)?;
        }
        Ok(())
    }

    /// [`validate`](Self::validate), and refuses what `/stt/turns/websocket` does not take
    /// (`language`, `min_volume`, `max_silence_duration_secs`).
    pub fn validate_for_turns(&self) -> Result<(), InvalidParameter> {
        self.validate()?;
        for (field, set) in [
            ("language", self.language.is_some()),
            ("min_volume", self.min_volume.is_some()),
            (
                "max_silence_duration_secs",
                self.max_silence_duration_secs.is_some(),
            ),
        ] {
            if set {
                return Err(InvalidParameter::new(
                    field,
                    "is not a parameter of /stt/turns/websocket (manual finalize only)",
                ));
            }
        }
        Ok(())
    }
}

/// The plain-text commands of `/stt/websocket` (sent as text frames, not JSON).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SttCommand {
    /// `finalize`: transcribe what is buffered now (answered by `flush_done`).
    Finalize,
    /// `close`: transcribe the rest, answer `done`, then close.
    Close,
}

impl SttCommand {
    /// The text frame's content.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Finalize => "finalize",
            Self::Close => "close",
        }
    }
}

/// The `close` command of `/stt/turns/websocket`: `{"type":"close"}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct SttTurnsClose {}

crate::tagged_union! {
    /// A JSON command of `/stt/turns/websocket`.
    ///
    /// ```
    /// use cartesia_types::ws::{SttTurnsClose, SttTurnsCommand};
    /// let close = SttTurnsCommand::from(SttTurnsClose::default());
    /// assert_eq!(serde_json::to_string(&close).unwrap(), r#"{"type":"close"}"#);
    /// ```
    #[derive(Debug, Clone, PartialEq)]
    pub enum SttTurnsCommand: closed "type" {
        /// `type: "close"`: finish and close.
        Close(SttTurnsClose) = "close",
    }
}

// ---------------------------------------------------------------------------------------------
// STT manual finalize: server to client
// ---------------------------------------------------------------------------------------------

model! {
    /// `type: "transcript"`: text for the audio so far.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub struct SttTranscript {
        /// The text: a delta since the last transcript with `is_final: true`.
        pub text: String => into,
        /// Whether `text` is final (it will not be revised).
        pub is_final: bool => arg,
        /// The connection's id.
        pub request_id?: String,
        /// The duration of the audio behind this text, in seconds.
        pub duration?: f64,
        /// The detected language.
        pub language?: Language,
        /// One `{word, start, end}` per word.
        pub words?: Vec<TranscriptionWord>,
    }

    /// A transcript, e.g. for a mock server.
    fn new;
}

/// Declares the STT messages that carry the connection's `request_id`: the `request_id:` ones
/// only that (`new` takes it), the `transcript:` ones the turn's text so far first (`new` takes
/// the text).
macro_rules! stt_messages {
    (request_id: $($list:tt)*) => {
        stt_messages! { @each {
            /// The connection's id (the same on every message of one socket).
            pub request_id?: String => into,
        } "The message with `request_id`, e.g. for a mock server." $($list)* }
    };
    (transcript: $($list:tt)*) => {
        stt_messages! { @each {
            /// The cumulative text of the current turn (not a delta).
            pub transcript: String => into,
            /// The connection's id.
            pub request_id?: String,
        } "The message with `transcript`, e.g. for a mock server." $($list)* }
    };
    (@each $fields:tt $new_doc:literal $( $(#[$meta:meta])* $name:ident ),* $(,)?) => {$(
        model! {
            $(#[$meta])*
            #[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
            pub struct $name $fields

            #[doc = $new_doc]
            fn new;
        }
    )*};
}

stt_messages! {
    request_id:
    /// `type: "flush_done"` (manual finalize): the audio before a `finalize` is transcribed.
    SttFlushDone,
    /// `type: "done"` (manual finalize): the `close` is answered; the socket closes next.
    SttDone,
    /// `type: "connected"` (turns): once, when the socket opens.
    SttConnected,
    /// `type: "turn.start"` (turns): the user started speaking.
    SttTurnStart,
    /// `type: "turn.resume"` (turns, preview): after an eager end, the turn goes on.
    SttTurnResume,
}

crate::tagged_union! {
    /// One message of `/stt/websocket` (manual finalize), discriminated by `type`.
    ///
    /// ```
    /// use cartesia_types::ws::SttWsMessage;
    /// let m: SttWsMessage = serde_json::from_str(
    ///     r#"{"type":"transcript","request_id":"r","text":"Hi","is_final":true,
    ///         "words":[{"word":"Hi","start":0.0,"end":0.3}]}"#).unwrap();
    /// let SttWsMessage::Transcript(t) = m else { panic!() };
    /// assert_eq!(t.words.unwrap()[0].word, "Hi");
    /// ```
    #[derive(Debug, Clone, PartialEq)]
    pub enum SttWsMessage: open "type", "STT WebSocket message" {
        /// `type: "transcript"`.
        Transcript(SttTranscript) = "transcript",
        /// `type: "flush_done"`: a `finalize` is answered.
        FlushDone(SttFlushDone) = "flush_done",
        /// `type: "done"`: the `close` is answered; the socket closes next.
        Done(SttDone) = "done",
        /// `type: "error"`.
        Error(WsErrorMessage) = "error",
    }
}

// ---------------------------------------------------------------------------------------------
// STT auto finalize (turns): server to client
// ---------------------------------------------------------------------------------------------

stt_messages! {
    transcript:
    /// `type: "turn.update"`: the turn's text so far.
    SttTurnUpdate,
    /// `type: "turn.eager_end"` (preview): the user may be done.
    SttTurnEagerEnd,
    /// `type: "turn.end"`: the turn's definitive text.
    SttTurnEnd,
}

crate::tagged_union! {
    /// One message of `/stt/turns/websocket` (auto finalize), discriminated by `type`.
    #[derive(Debug, Clone, PartialEq)]
    pub enum SttTurnsMessage: open "type", "STT turns WebSocket message" {
        /// `type: "connected"`: once, when the socket opens.
        Connected(SttConnected) = "connected",
        /// `type: "turn.start"`: the user started speaking.
        TurnStart(SttTurnStart) = "turn.start",
        /// `type: "turn.update"`: the turn's text so far.
        TurnUpdate(SttTurnUpdate) = "turn.update",
        /// `type: "turn.eager_end"` (preview): the user may be done.
        TurnEagerEnd(SttTurnEagerEnd) = "turn.eager_end",
        /// `type: "turn.resume"` (preview): after an eager end, the turn goes on.
        TurnResume(SttTurnResume) = "turn.resume",
        /// `type: "turn.end"`: the turn's definitive text.
        TurnEnd(SttTurnEnd) = "turn.end",
        /// `type: "error"`.
        Error(WsErrorMessage) = "error",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tts::RawEncoding;
    use crate::JsonValue;
    use serde_json::json;

    fn p<T: serde::de::DeserializeOwned>(v: JsonValue) -> T {
        serde_json::from_value(v).unwrap()
    }

    fn template() -> TtsWsRequest {
        TtsWsRequest::new(
            "sonic-3",
            "v1",
            WsOutputFormat::raw(RawEncoding::PcmF32le, 44_100),
            "ctx",
        )
    }

    #[test]
    fn from_json_slice_decodes_as_the_general_path_does() {
        let cases: &[&str] = &[
            r#"{"type":"chunk","context_id":"c","data":"AAECAw==","done":false,"status_code":206,"step_time":1.5,"flush_id":2}"#,
            r#"{"context_id":"c","data":"AAE=","type":"chunk"}"#,
            r#"{"type":"chunk","context_id":"c\u0041","data":"AA\u003d\u003d"}"#,
            r#"{"type":"chunk","type":"chunk","context_id":"c","data":"AAE="}"#,
            r#"{"type":"chunk","context_id":"c","data":"AAE=","data":"AAECAw=="}"#,
            r#"{"type":"chunk","context_id":"c","data":"not base64!"}"#,
            r#"{"type":"chunk","context_id":"c"}"#,
            r#"{"type":"chunk","context_id":"c","data":"AAE=","flush_id":1.5}"#,
            r#"{"type":"chunk","context_id":"c","data":[65,65,69,61]}"#,
            r#"{"type":"chunk","context_id":"c","data":null}"#,
            r#"{"type":"chunk","context_id":null,"data":"AAE="}"#,
            r#"{"type":"chunk","context_id":"c","data":"AAE=","done":null,"step_time":null}"#,
            r#"{"type":"chunk","context_id":"c","data":"AAE=","status_code":70000}"#,
            r#"{"type":"timestamps","context_id":"c","data":"AAE=","word_timestamps":{"words":["a"],"start":[0.0],"end":[0.1]}}"#,
            r#"{"type":"done","context_id":"c","done":true,"status_code":206}"#,
            r#"{"type":"flush_done","context_id":"c","flush_id":1,"flush_done":true}"#,
            r#"{"type":"error","context_id":"c","status_code":500,"error":"boom","done":true}"#,
            r#"{"type":"something_new","context_id":"c","x":[1,2]}"#,
            r#"{"type":5,"context_id":"c"}"#,
            r#"{"context_id":"c"}"#,
            r#"[1]"#,
            r#"{"type":"chunk""#,
            "",
        ];
        for case in cases {
            let general = serde_json::from_slice::<TtsWsMessage>(case.as_bytes());
            let fast = TtsWsMessage::from_json_slice(case.as_bytes());
            match (&general, &fast) {
                (Ok(g), Ok(f)) => assert_eq!(g, f, "{case}"),
                (Err(g), Err(f)) => assert_eq!(g.to_string(), f.to_string(), "{case}"),
                _ => panic!("{case}: {general:?} against {fast:?}"),
            }
        }
        let TtsWsMessage::Chunk(c) = TtsWsMessage::from_json_slice(cases[0].as_bytes()).unwrap()
        else {
            panic!("not a chunk")
        };
        assert_eq!((c.audio, c.flush_id), (vec![0, 1, 2, 3], Some(2)));
    }

    #[test]
    fn generation_request_wire_form_and_helpers() {
        let r = template()
            .transcript("Hi")
            .continue_(true)
            .max_buffer_delay_ms(500)
            .add_timestamps(true)
            .add_phoneme_timestamps(true)
            .language("en")
            .pronunciation_dict_id("pd");
        assert_eq!(
            serde_json::to_value(&r).unwrap(),
            json!({"model_id":"sonic-3","transcript":"Hi","voice":{"mode":"id","id":"v1"},
                "output_format":{"container":"raw","encoding":"pcm_f32le","sample_rate":44100},
                "context_id":"ctx","continue":true,"max_buffer_delay_ms":500,"language":"en",
                "add_timestamps":true,"add_phoneme_timestamps":true,"pronunciation_dict_id":"pd"})
        );
        assert!(r.continues());
        let end = TtsWsRequest::no_more_inputs_of(&r);
        assert_eq!(
            (end.transcript.as_str(), end.continues(), end.flush),
            ("", false, None)
        );
        assert!(!template().continues());
        assert_eq!(
            serde_json::to_value(TtsWsCancel::new("ctx")).unwrap(),
            json!({"context_id":"ctx","cancel":true})
        );
        let back: TtsWsRequest = p(serde_json::to_value(&r).unwrap());
        assert_eq!(back, r);
    }

    #[test]
    fn generation_request_validation() {
        template().validate().unwrap();
        template().max_buffer_delay_ms(5_000).validate().unwrap();
        for (bad, field) in [
            (template().max_buffer_delay_ms(5_001), "max_buffer_delay_ms"),
            (
                TtsWsRequest::new(
                    "sonic-3",
                    "v",
                    WsOutputFormat::raw(RawEncoding::PcmS16le, 8_000),
                    " ",
                ),
                "context_id",
            ),
            (
                TtsWsRequest::new(
                    " ",
                    "v",
                    WsOutputFormat::raw(RawEncoding::PcmS16le, 8_000),
                    "c",
                ),
                "model_id",
            ),
            (
                TtsWsRequest::new(
                    "m",
                    "",
                    WsOutputFormat::raw(RawEncoding::PcmS16le, 8_000),
                    "c",
                ),
                "voice.id",
            ),
            (
                TtsWsRequest::new("m", "v", WsOutputFormat::raw(RawEncoding::PcmS16le, 0), "c"),
                "output_format.sample_rate",
            ),
            (
                template().generation_config(GenerationConfig::new().speed(9.0)),
                "generation_config.speed",
            ),
        ] {
            assert_eq!(bad.validate().unwrap_err().field(), field);
        }
    }

    #[test]
    fn every_tts_message_decodes_spec_shaped() {
        let m: TtsWsMessage = p(json!({"type":"chunk","context_id":"a","status_code":206,
            "done":false,"data":"UklGRg==","step_time":3.5,"flush_id":2}));
        let TtsWsMessage::Chunk(c) = &m else {
            panic!("{m:?}")
        };
        assert_eq!(
            (c.audio.as_slice(), c.flush_id, c.step_time),
            (&b"RIFF"[..], Some(2), Some(3.5))
        );
        assert!(!m.is_terminal());

        let m: TtsWsMessage = p(
            json!({"type":"flush_done","context_id":"a","status_code":206,
            "done":false,"flush_id":1,"flush_done":true}),
        );
        assert_eq!(
            m,
            TtsWsMessage::FlushDone(TtsWsFlushDone::new("a", 1)),
            "{m:?}"
        );

        let m: TtsWsMessage =
            p(json!({"type":"done","context_id":"a","status_code":206,"done":true}));
        assert_eq!(m, TtsWsMessage::Done(TtsWsDone::new("a")));
        assert!(m.is_terminal());

        let m: TtsWsMessage = p(
            json!({"type":"timestamps","context_id":"b","status_code":206,
            "done":false,"word_timestamps":{"words":["Hi","there"],"start":[0.0,0.3],"end":[0.25,0.6]}}),
        );
        let TtsWsMessage::WordTimestamps(w) = &m else {
            panic!("{m:?}")
        };
        assert_eq!(
            w.word_timestamps.iter().collect::<Vec<_>>(),
            [("Hi", 0.0, 0.25), ("there", 0.3, 0.6)]
        );
        assert_eq!(m.context_id(), Some("b"));

        let m: TtsWsMessage = p(json!({"type":"phoneme_timestamps","context_id":"b",
            "status_code":206,"done":false,"phoneme_timestamps":{"phonemes":["h","i"],"start":[0.0,0.1],"end":[0.1,0.2]}}));
        assert!(
            matches!(&m, TtsWsMessage::PhonemeTimestamps(p) if p.phoneme_timestamps.phonemes == ["h", "i"])
        );

        let m: TtsWsMessage = p(json!({"type":"error","done":true,"status_code":400,
            "title":"Invalid voice","message":"no such voice","error_code":null,
            "request_id":"r:b:u","context_id":"b"}));
        let TtsWsMessage::Error(e) = &m else {
            panic!("{m:?}")
        };
        assert_eq!(
            (e.error_code.as_deref(), e.context_id.as_deref()),
            (None, Some("b"))
        );
        assert_eq!(m.context_id(), Some("b"));
        assert!(m.is_terminal());

        let m: TtsWsMessage = p(json!({"type":"error","done":true,"status_code":401,
            "title":"Unauthorized","message":"bad key","error_code":"unauthorized"}));
        assert_eq!(m.context_id(), None);
    }

    #[test]
    fn unknown_tts_messages_are_kept_raw_and_malformed_known_ones_fail() {
        let raw = json!({"type":"warning","context_id":"c","note":"slow"});
        let m: TtsWsMessage = p(raw.clone());
        assert_eq!(m, TtsWsMessage::Unknown(raw.clone()));
        assert_eq!((m.type_str(), m.is_known()), ("warning", false));
        assert_eq!(m.context_id(), Some("c"));
        assert_eq!(serde_json::to_value(&m).unwrap(), raw);
        for bad in [
            json!({"type":"chunk","context_id":"c","data":"%%%"}),
            json!({"type":"chunk","context_id":"c"}),
            json!({"type":"flush_done","context_id":"c"}),
            json!({"type":"timestamps","context_id":"c"}),
            json!({"context_id":"c"}),
            json!([1]),
        ] {
            assert!(
                serde_json::from_value::<TtsWsMessage>(bad.clone()).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn tts_messages_round_trip() {
        let mut chunk = TtsWsChunk::new("c", vec![0, 1, 254, 255]);
        chunk.flush_id = Some(3);
        for m in [
            TtsWsMessage::from(chunk),
            TtsWsMessage::from(TtsWsFlushDone::new("c", 3)),
            TtsWsMessage::from(TtsWsDone::new("c")),
            TtsWsMessage::from(SseErrorEvent::new(500, "x", "y")),
        ] {
            let json = serde_json::to_string(&m).unwrap();
            assert_eq!(
                serde_json::from_str::<TtsWsMessage>(&json).unwrap(),
                m,
                "{json}"
            );
        }
    }

    #[test]
    fn stt_query_pairs_and_validation() {
        let q = SttWsQuery::new("ink-whisper", SttEncoding::PcmMulaw, 8_000)
            .min_volume(0.2)
            .max_silence_duration_secs(1.5);
        assert_eq!(
            q.query_pairs(),
            [
                ("model", "ink-whisper".to_owned()),
                ("encoding", "pcm_mulaw".to_owned()),
                ("sample_rate", "8000".to_owned()),
                ("min_volume", "0.2".to_owned()),
                ("max_silence_duration_secs", "1.5".to_owned()),
            ]
        );
        q.validate().unwrap();
        assert_eq!(q.validate_for_turns().unwrap_err().field(), "min_volume");
        let base = || SttWsQuery::new("ink-2", SttEncoding::PcmS16le, 16_000);
        base().keyterm("a").validate_for_turns().unwrap();
        assert_eq!(
            base()
                .language("en")
                .validate_for_turns()
                .unwrap_err()
                .field(),
            "language"
        );
        let many = (0..=MAX_KEYTERMS).fold(base(), |q, i| q.keyterm(format!("k{i}")));
        assert!(many
            .validate()
            .unwrap_err()
            .reason()
            .contains("at most 100"));
        let long = base().keyterm("x".repeat(1_000)).keyterm("y".repeat(201));
        assert!(long.validate().unwrap_err().reason().contains("1201"));
        base().keyterm("é".repeat(1_200)).validate().unwrap();
        for (bad, field) in [
            (
                SttWsQuery::new("ink-2", SttEncoding::PcmS16le, 0),
                "sample_rate",
            ),
            (SttWsQuery::new("", SttEncoding::PcmS16le, 1), "model"),
            (base().min_volume(1.5), "min_volume"),
            (base().min_volume(f64::NAN), "min_volume"),
            (
                base().max_silence_duration_secs(-1.0),
                "max_silence_duration_secs",
            ),
            (base().keyterm(" "), "keyterm"),
        ] {
            assert_eq!(bad.validate().unwrap_err().field(), field, "{bad:?}");
        }
    }

    #[test]
    fn stt_commands() {
        assert_eq!(SttCommand::Finalize.as_str(), "finalize");
        assert_eq!(SttCommand::Close.as_str(), "close");
        assert_eq!(
            serde_json::to_value(SttTurnsCommand::from(SttTurnsClose::default())).unwrap(),
            json!({"type":"close"})
        );
    }

    #[test]
    fn every_manual_finalize_message_decodes_spec_shaped() {
        let m: SttWsMessage = p(
            json!({"type":"transcript","request_id":"r1","text":"Hello wor",
            "is_final":false,"duration":0.8,"language":"en",
            "words":[{"word":"Hello","start":0.0,"end":0.4},{"word":"wor","start":0.45,"end":0.8}]}),
        );
        let SttWsMessage::Transcript(t) = &m else {
            panic!("{m:?}")
        };
        assert!(!t.is_final);
        assert_eq!(t.language, Some(Language::En));
        assert_eq!(
            t.words.as_deref().unwrap()[1],
            TranscriptionWord::new("wor", 0.45, 0.8)
        );
        let m: SttWsMessage = p(json!({"type":"transcript","text":"","is_final":true}));
        assert!(matches!(&m, SttWsMessage::Transcript(t) if t.words.is_none()));
        assert_eq!(
            p::<SttWsMessage>(json!({"type":"flush_done","request_id":"r1"})),
            SttWsMessage::FlushDone(SttFlushDone::new("r1"))
        );
        assert_eq!(
            p::<SttWsMessage>(json!({"type":"done","request_id":"r1"})),
            SttWsMessage::Done(SttDone::new("r1"))
        );
        let m: SttWsMessage = p(json!({"type":"error","status_code":400,"title":"Bad audio",
            "message":"unsupported encoding","error_code":null,"request_id":"r1"}));
        assert!(
            matches!(&m, SttWsMessage::Error(e) if e.status_code == Some(400) && e.error_code.is_none())
        );
        let raw = json!({"type":"vad","speaking":true});
        assert_eq!(p::<SttWsMessage>(raw.clone()), SttWsMessage::Unknown(raw));
        // The parallel-array form the 4.2.0 SDK assumed is not the wire form: refused.
        assert!(
            serde_json::from_value::<SttWsMessage>(json!({"type":"transcript","text":"a",
            "is_final":true,"words":{"words":["a"],"start":[0.0],"end":[0.1]}}))
            .is_err()
        );
        assert!(
            serde_json::from_value::<SttWsMessage>(json!({"type":"transcript","text":"a"}))
                .is_err()
        );
    }

    #[test]
    fn every_turns_message_decodes_spec_shaped() {
        let seq = [
            json!({"type":"connected","request_id":"r"}),
            json!({"type":"turn.start","request_id":"r"}),
            json!({"type":"turn.update","transcript":"I'd like","request_id":"r"}),
            json!({"type":"turn.eager_end","transcript":"I'd like a","request_id":"r"}),
            json!({"type":"turn.resume","request_id":"r"}),
            json!({"type":"turn.end","transcript":"I'd like a coffee.","request_id":"r"}),
            json!({"type":"error","status_code":500,"title":"t","message":"m","error_code":"internal"}),
            json!({"type":"turn.config","x":1}),
        ];
        let got: Vec<SttTurnsMessage> = seq.iter().cloned().map(p).collect();
        macro_rules! with {
            ($ty:ident, $t:expr) => {{
                let mut x = $ty::new($t);
                x.request_id = Some("r".into());
                x
            }};
        }
        assert_eq!(got[0], SttTurnsMessage::Connected(SttConnected::new("r")));
        assert_eq!(got[1], SttTurnsMessage::TurnStart(SttTurnStart::new("r")));
        assert_eq!(
            got[2],
            SttTurnsMessage::TurnUpdate(with!(SttTurnUpdate, "I'd like"))
        );
        assert_eq!(
            got[3],
            SttTurnsMessage::TurnEagerEnd(with!(SttTurnEagerEnd, "I'd like a"))
        );
        assert_eq!(got[4], SttTurnsMessage::TurnResume(SttTurnResume::new("r")));
        assert_eq!(
            got[5],
            SttTurnsMessage::TurnEnd(with!(SttTurnEnd, "I'd like a coffee."))
        );
        assert!(
            matches!(&got[6], SttTurnsMessage::Error(e) if e.error_code.as_deref() == Some("internal"))
        );
        assert_eq!(got[7], SttTurnsMessage::Unknown(seq[7].clone()));
        for (m, raw) in got.iter().zip(&seq) {
            assert_eq!(&serde_json::to_value(m).unwrap()["type"], &raw["type"]);
        }
        assert!(
            serde_json::from_value::<SttTurnsMessage>(json!({"type":"turn.end"})).is_err(),
            "turn.end needs its transcript"
        );
    }
}
