//! Models of text-to-speech (`POST /tts/bytes`, `POST /tts/sse`), infill (`POST /infill/bytes`)
//! and the voice changer (`POST /voice-changer/bytes|sse`), as of API version 2026-03-01.
//!
//! ```
//! use cartesia_types::tts::{Emotion, GenerationConfig, OutputFormat, RawEncoding, TtsRequest};
//!
//! let request = TtsRequest::new(
//!     "sonic-3",
//!     "Hello, world!",
//!     "a0e99841-438c-4a64-b679-ae501e7d6091",
//!     OutputFormat::wav(RawEncoding::PcmS16le, 44_100),
//! )
//! .language("en")
//! .generation_config(GenerationConfig::new().speed(1.2).emotion(Emotion::Calm));
//! request.validate().unwrap();
//! # fn j<T: serde::Serialize>(v: &T) -> String { serde_json::to_string(v).unwrap() }
//! assert_eq!(
//!     j(&request),
//!     r#"{"model_id":"sonic-3","transcript":"Hello, world!","voice":{"mode":"id","id":"a0e99841-438c-4a64-b679-ae501e7d6091"},"output_format":{"container":"wav","encoding":"pcm_s16le","sample_rate":44100},"language":"en","generation_config":{"speed":1.2,"emotion":"calm"}}"#
//! );
//! ```
//!
//! The events of the SSE endpoints are in [`crate::tts_events`].

use serde::{Deserialize, Serialize};

use crate::model::model;

use crate::invalid::{check_not_blank, check_range, InvalidParameter};

crate::open_enum! {
    /// A text-to-speech model id. The list grows within an API version and dated snapshots
    /// (`sonic-3-2026-01-12`) are valid too, so any string is accepted.
    pub enum TtsModelId {
        /// `sonic-3`.
        Sonic3 => "sonic-3",
        /// `sonic-3-2026-01-12` (a dated snapshot).
        Sonic3_2026_01_12 => "sonic-3-2026-01-12",
        /// `sonic-3-2025-10-27` (a dated snapshot).
        Sonic3_2025_10_27 => "sonic-3-2025-10-27",
        /// `sonic-3.5`.
        Sonic3_5 => "sonic-3.5",
        /// `sonic-3.5-2026-05-04` (a dated snapshot).
        Sonic3_5_2026_05_04 => "sonic-3.5-2026-05-04",
        /// `sonic-3.6`.
        Sonic3_6 => "sonic-3.6",
        /// `sonic-3.6-2026-08-27` (a dated snapshot).
        Sonic3_6_2026_08_27 => "sonic-3.6-2026-08-27",
        /// `sonic-preview`.
        SonicPreview => "sonic-preview",
    }
}

crate::open_enum! {
    /// A language code (ISO 639-1) for generation, transcription or a voice.
    pub enum Language {
        /// English.
        En => "en",
        /// French.
        Fr => "fr",
        /// German.
        De => "de",
        /// Spanish.
        Es => "es",
        /// Portuguese.
        Pt => "pt",
        /// Chinese.
        Zh => "zh",
        /// Japanese.
        Ja => "ja",
        /// Hindi.
        Hi => "hi",
        /// Italian.
        It => "it",
        /// Korean.
        Ko => "ko",
        /// Dutch.
        Nl => "nl",
        /// Polish.
        Pl => "pl",
        /// Russian.
        Ru => "ru",
        /// Swedish.
        Sv => "sv",
        /// Turkish.
        Tr => "tr",
        /// Tagalog.
        Tl => "tl",
        /// Bulgarian.
        Bg => "bg",
        /// Romanian.
        Ro => "ro",
        /// Arabic.
        Ar => "ar",
        /// Czech.
        Cs => "cs",
        /// Greek.
        El => "el",
        /// Finnish.
        Fi => "fi",
        /// Croatian.
        Hr => "hr",
        /// Malay.
        Ms => "ms",
        /// Slovak.
        Sk => "sk",
        /// Danish.
        Da => "da",
        /// Tamil.
        Ta => "ta",
        /// Ukrainian.
        Uk => "uk",
        /// Hungarian.
        Hu => "hu",
        /// Norwegian.
        No => "no",
        /// Vietnamese.
        Vi => "vi",
        /// Bengali.
        Bn => "bn",
        /// Thai.
        Th => "th",
        /// Hebrew.
        He => "he",
        /// Georgian.
        Ka => "ka",
        /// Indonesian.
        Id => "id",
        /// Telugu.
        Te => "te",
        /// Gujarati.
        Gu => "gu",
        /// Kannada.
        Kn => "kn",
        /// Malayalam.
        Ml => "ml",
        /// Marathi.
        Mr => "mr",
        /// Punjabi.
        Pa => "pa",
        /// Odia.
        Or => "or",
        /// Urdu.
        Ur => "ur",
    }
}

crate::open_enum! {
    /// The sample encoding of raw or WAV audio.
    pub enum RawEncoding {
        /// Signed 16-bit little-endian PCM.
        PcmS16le => "pcm_s16le",
        /// 32-bit little-endian IEEE float PCM.
        PcmF32le => "pcm_f32le",
        /// 8-bit G.711 μ-law.
        PcmMulaw => "pcm_mulaw",
        /// 8-bit G.711 A-law.
        PcmAlaw => "pcm_alaw",
    }
}

crate::open_enum! {
    /// An emotion to guide generation (`generation_config.emotion`). The primary ones are
    /// `neutral`, `calm`, `angry`, `content`, `sad` and `scared`; the set is open.
    pub enum Emotion {
        /// `neutral`.
        Neutral => "neutral",
        /// `calm`.
        Calm => "calm",
        /// `angry`.
        Angry => "angry",
        /// `content`.
        Content => "content",
        /// `sad`.
        Sad => "sad",
        /// `scared`.
        Scared => "scared",
        /// `happy`.
        Happy => "happy",
        /// `excited`.
        Excited => "excited",
        /// `enthusiastic`.
        Enthusiastic => "enthusiastic",
        /// `curious`.
        Curious => "curious",
        /// `surprised`.
        Surprised => "surprised",
        /// `sympathetic`.
        Sympathetic => "sympathetic",
        /// `frustrated`.
        Frustrated => "frustrated",
        /// `anxious`.
        Anxious => "anxious",
        /// `confident`.
        Confident => "confident",
        /// `apologetic`.
        Apologetic => "apologetic",
        /// `sarcastic`.
        Sarcastic => "sarcastic",
        /// `tired`.
        Tired => "tired",
        /// `determined`.
        Determined => "determined",
        /// `peaceful`.
        Peaceful => "peaceful",
    }
}

crate::open_enum! {
    /// The deprecated model speed setting (`speed` on the request; prefer
    /// [`GenerationConfig::speed`]).
    pub enum ModelSpeed {
        /// `slow`.
        Slow => "slow",
        /// `normal`.
        Normal => "normal",
        /// `fast`.
        Fast => "fast",
    }
}

/// Which voice to speak with. At API version 2026-03-01 the only accepted form is by id:
/// `{"mode": "id", "id": "..."}` (embeddings are not accepted; a bare string is a later
/// version's form).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "mode")]
#[non_exhaustive]
pub enum VoiceSpecifier {
    /// A voice by its id.
    #[serde(rename = "id")]
    Id {
        /// The voice id.
        id: String,
    },
}

impl VoiceSpecifier {
    /// The voice with this id.
    pub fn id(id: impl Into<String>) -> Self {
        Self::Id { id: id.into() }
    }

    /// The voice id.
    pub fn voice_id(&self) -> &str {
        match self {
            Self::Id { id } => id,
        }
    }
}

impl From<&str> for VoiceSpecifier {
    fn from(id: &str) -> Self {
        Self::id(id)
    }
}

impl From<String> for VoiceSpecifier {
    fn from(id: String) -> Self {
        Self::id(id)
    }
}

/// Raw (headerless) audio: `container: "raw"`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RawOutputFormat {
    /// The sample encoding.
    pub encoding: RawEncoding,
    /// The sample rate in Hz (documented: 8000, 16000, 22050, 24000, 44100, 48000).
    pub sample_rate: u32,
}

/// A WAV file: `container: "wav"`. At 2026-03-01 both `encoding` and `sample_rate` are required.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct WavOutputFormat {
    /// The sample encoding.
    pub encoding: RawEncoding,
    /// The sample rate in Hz (documented: 8000, 16000, 22050, 24000, 44100, 48000).
    pub sample_rate: u32,
}

/// An MP3 stream: `container: "mp3"`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Mp3OutputFormat {
    /// The sample rate in Hz (documented: 8000, 16000, 22050, 24000, 44100, 48000).
    pub sample_rate: u32,
    /// The bit rate in bits per second (documented: 32000, 64000, 96000, 128000, 192000).
    pub bit_rate: u32,
}

/// The container and encoding of generated audio, discriminated by `container`.
///
/// ```
/// use cartesia_types::tts::{OutputFormat, RawEncoding};
/// # fn j<T: serde::Serialize>(v: &T) -> String { serde_json::to_string(v).unwrap() }
/// assert_eq!(
///     j(&OutputFormat::mp3(44_100, 128_000)),
///     r#"{"container":"mp3","sample_rate":44100,"bit_rate":128000}"#
/// );
/// assert_eq!(
///     j(&OutputFormat::raw(RawEncoding::PcmF32le, 24_000)),
///     r#"{"container":"raw","encoding":"pcm_f32le","sample_rate":24000}"#
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "container")]
#[non_exhaustive]
pub enum OutputFormat {
    /// `container: "raw"`: headerless samples.
    #[serde(rename = "raw")]
    Raw(RawOutputFormat),
    /// `container: "wav"`.
    #[serde(rename = "wav")]
    Wav(WavOutputFormat),
    /// `container: "mp3"`.
    #[serde(rename = "mp3")]
    Mp3(Mp3OutputFormat),
}

impl OutputFormat {
    /// Raw samples in `encoding` at `sample_rate` Hz.
    pub fn raw(encoding: RawEncoding, sample_rate: u32) -> Self {
        Self::Raw(RawOutputFormat {
            encoding,
            sample_rate,
        })
    }

    /// A WAV file of `encoding` samples at `sample_rate` Hz.
    pub fn wav(encoding: RawEncoding, sample_rate: u32) -> Self {
        Self::Wav(WavOutputFormat {
            encoding,
            sample_rate,
        })
    }

    /// An MP3 stream at `sample_rate` Hz and `bit_rate` bits per second.
    pub fn mp3(sample_rate: u32, bit_rate: u32) -> Self {
        Self::Mp3(Mp3OutputFormat {
            sample_rate,
            bit_rate,
        })
    }

    /// The `container` as on the wire.
    pub fn container(&self) -> &'static str {
        match self {
            Self::Raw(_) => "raw",
            Self::Wav(_) => "wav",
            Self::Mp3(_) => "mp3",
        }
    }

    /// The sample rate in Hz.
    pub fn sample_rate(&self) -> u32 {
        match self {
            Self::Raw(f) => f.sample_rate,
            Self::Wav(f) => f.sample_rate,
            Self::Mp3(f) => f.sample_rate,
        }
    }

    /// The sample encoding (none for MP3).
    pub fn encoding(&self) -> Option<&RawEncoding> {
        match self {
            Self::Raw(f) => Some(&f.encoding),
            Self::Wav(f) => Some(&f.encoding),
            Self::Mp3(_) => None,
        }
    }

    /// The `Accept` header value that matches this format (`audio/wav` for WAV, as the
    /// official SDKs send, `audio/mpeg` for MP3, `audio/*` for raw samples).
    pub fn accept(&self) -> &'static str {
        match self {
            Self::Raw(_) => "audio/*",
            Self::Wav(_) => "audio/wav",
            Self::Mp3(_) => "audio/mpeg",
        }
    }

    /// The multipart form fields of this format (`output_format[container]`, ...), for the
    /// multipart endpoints (infill, voice changer).
    pub fn form_fields(&self) -> Vec<(String, String)> {
        let mut fields = vec![(
            "output_format[container]".to_owned(),
            self.container().to_owned(),
        )];
        if let Some(encoding) = self.encoding() {
            fields.push((
                "output_format[encoding]".to_owned(),
                encoding.as_str().to_owned(),
            ));
        }
        fields.push((
            "output_format[sample_rate]".to_owned(),
            self.sample_rate().to_string(),
        ));
        if let Self::Mp3(f) = self {
            fields.push(("output_format[bit_rate]".to_owned(), f.bit_rate.to_string()));
        }
        fields
    }

    /// Checks the sample rate (and the MP3 bit rate) are positive.
    pub fn validate(&self) -> Result<(), InvalidParameter> {
        check_sample_rate(self.sample_rate())?;
        if let Self::Mp3(f) = self {
            if f.bit_rate == 0 {
                return Err(InvalidParameter::new(
                    "output_format.bit_rate",
                    "must be positive",
                ));
            }
        }
        Ok(())
    }
}

/// The output format of the SSE endpoints and of the TTS socket
/// ([`WsOutputFormat`](crate::ws::WsOutputFormat) is this type): always raw samples
/// (`container: "raw"`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "container")]
#[non_exhaustive]
pub enum SseOutputFormat {
    /// `container: "raw"`.
    #[serde(rename = "raw")]
    Raw(RawOutputFormat),
}

impl SseOutputFormat {
    /// Raw samples in `encoding` at `sample_rate` Hz.
    pub fn raw(encoding: RawEncoding, sample_rate: u32) -> Self {
        Self::Raw(RawOutputFormat {
            encoding,
            sample_rate,
        })
    }

    /// The raw format.
    pub fn as_raw(&self) -> &RawOutputFormat {
        match self {
            Self::Raw(f) => f,
        }
    }

    /// Checks the sample rate is positive.
    pub fn validate(&self) -> Result<(), InvalidParameter> {
        check_sample_rate(self.as_raw().sample_rate)
    }
}

/// `output_format.sample_rate` must be positive.
fn check_sample_rate(sample_rate: u32) -> Result<(), InvalidParameter> {
    if sample_rate == 0 {
        return Err(InvalidParameter::new(
            "output_format.sample_rate",
            "must be positive",
        ));
    }
    Ok(())
}

/// The checks every speech request starts with: a model id and a voice id.
pub(crate) fn check_model_and_voice(
    model_id: &TtsModelId,
    voice: &VoiceSpecifier,
) -> Result<(), InvalidParameter> {
    check_not_blank("model_id", model_id.as_str())?;
    check_not_blank("voice.id", voice.voice_id())
}

model! {
    /// Attributes of the generated speech (models `sonic-3` and newer).
    #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
    pub struct GenerationConfig {
        /// Volume, from 0.5 to 2.0 times the default (1.0).
        pub volume?: f64,
        /// Speed, from 0.6 to 1.5 times the default (1.0).
        pub speed?: f64,
        /// The emotion to guide the speech with.
        pub emotion?: Emotion,
    }

    /// Sets the volume (0.5–2.0).
    fn volume(volume: f64) = Some;
    /// Sets the speed (0.6–1.5).
    fn speed(speed: f64) = Some;
    /// Sets the emotion.
    fn emotion(emotion: impl Into<Emotion>) = Some;
}

impl GenerationConfig {
    /// The smallest volume the API accepts.
    pub const MIN_VOLUME: f64 = 0.5;
    /// The largest volume the API accepts.
    pub const MAX_VOLUME: f64 = 2.0;
    /// The smallest speed the API accepts.
    pub const MIN_SPEED: f64 = 0.6;
    /// The largest speed the API accepts.
    pub const MAX_SPEED: f64 = 1.5;

    /// An empty configuration (server defaults).
    pub fn new() -> Self {
        Self::default()
    }

    /// Checks the documented ranges (a NaN or infinite value is refused too: JSON cannot
    /// carry it).
    pub fn validate(&self) -> Result<(), InvalidParameter> {
        if let Some(v) = self.volume {
            check_range(
                "generation_config.volume",
                v,
                Self::MIN_VOLUME,
                Self::MAX_VOLUME,
            )?;
        }
        if let Some(s) = self.speed {
            check_range(
                "generation_config.speed",
                s,
                Self::MIN_SPEED,
                Self::MAX_SPEED,
            )?;
        }
        Ok(())
    }
}

/// Declares a speech request body: the fields every one starts with (model, transcript, voice,
/// its output format, language, generation config; `new` takes the first four), then its own;
/// the setters of the shared options, then its own; and `validate`, which checks the shared
/// fields.
macro_rules! speech_request {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $(#[$format_doc:meta])*
            pub output_format: $format:ty,
            $($own:tt)*
        }
        $(#[$new_doc:meta])*
        fn new;
        $(#[$validate_doc:meta])*
        fn validate;
        $($setters:tt)*
    ) => {
        model! {
            $(#[$meta])*
            #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
            pub struct $name {
                /// The model id.
                pub model_id: TtsModelId => into,
                /// The text to speak.
                pub transcript: String => into,
                /// The voice.
                pub voice: VoiceSpecifier => into,
                $(#[$format_doc])*
                pub output_format: $format => arg,
                /// The language of the transcript.
                pub language?: Language,
                /// Volume, speed and emotion.
                pub generation_config?: GenerationConfig,
                $($own)*
            }

            $(#[$new_doc])*
            fn new;

            /// Sets the language.
            fn language(language: impl Into<Language>) = Some;
            /// Sets the generation config.
            fn generation_config(config: GenerationConfig) = Some;
            $($setters)*
        }

        impl $name {
            $(#[$validate_doc])*
            pub fn validate(&self) -> Result<(), InvalidParameter> {
                check_model_and_voice(&self.model_id, &self.voice)?;
                self.output_format.validate()?;
                self.generation_config
                    .as_ref()
                    .map_or(Ok(()), GenerationConfig::validate)
            }
        }
    };
}

speech_request! {
    /// The body of `POST /tts/bytes`.
    pub struct TtsRequest {
        /// The container and encoding of the audio.
        pub output_format: OutputFormat,
        /// Whether to save the audio; the answer then carries a `Cartesia-File-ID` header.
        pub save?: bool,
        /// A pronunciation dictionary to use.
        pub pronunciation_dict_id?: String,
        /// The deprecated speed setting.
        pub speed?: ModelSpeed,
    }

    /// Speaks `transcript` with `model_id` and the voice `voice` into `output_format`.
    fn new;

    /// Checks what the API documents before any I/O: a model id and voice id, the
    /// generation config ranges, a positive sample rate (and bit rate).
    fn validate;

    /// Asks the API to save the audio (`Cartesia-File-ID` in the answer).
    fn save(save: bool) = Some;
    /// Uses a pronunciation dictionary.
    fn pronunciation_dict_id(id: impl Into<String>) = Some;
}

speech_request! {
    /// The body of `POST /tts/sse`: [`TtsRequest`]'s fields with a raw output format, plus the
    /// timestamp options.
    pub struct TtsSseRequest {
        /// The encoding of the audio chunks (always raw).
        pub output_format: SseOutputFormat,
        /// Whether to send word timestamps (`timestamps` events).
        pub add_timestamps?: bool,
        /// Whether to send phoneme timestamps (`phoneme_timestamps` events).
        pub add_phoneme_timestamps?: bool,
        /// Normalized (`true`) or original (`false`) timestamps.
        pub use_normalized_timestamps?: bool,
        /// A pronunciation dictionary to use.
        pub pronunciation_dict_id?: String,
        /// A context id, echoed back in every event.
        pub context_id?: String,
        /// The deprecated speed setting.
        pub speed?: ModelSpeed,
    }

    /// Speaks `transcript` with `model_id` and the voice `voice` as raw `output_format` chunks.
    fn new;

    /// Checks what the API documents before any I/O (see [`TtsRequest::validate`]).
    fn validate;

    /// Asks for word timestamps.
    fn add_timestamps(on: bool) = Some;
    /// Asks for phoneme timestamps.
    fn add_phoneme_timestamps(on: bool) = Some;
    /// Sets the context id echoed in every event.
    fn context_id(id: impl Into<String>) = Some;
}

model! {
    /// The text fields of `POST /infill/bytes` (multipart). The audio parts, `left_audio` and
    /// `right_audio` (at least one), are files added by the caller.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct InfillRequest {
        /// The model id (known: `sonic-3`, `sonic-3-2026-01-12`, `sonic-3-2025-10-27`).
        pub model_id: TtsModelId => into,
        /// The language of the transcript.
        pub language: Language => into,
        /// The text to speak between the two clips.
        pub transcript: String => into,
        /// The voice id.
        pub voice_id: String => into,
        /// The container and encoding of the audio.
        pub output_format: OutputFormat => arg,
    }

    /// Infills `transcript` in `language` with `voice_id` into `output_format`.
    fn new;
}

impl InfillRequest {
    /// The multipart text fields, in order (`model_id`, `language`, `transcript`, `voice_id`,
    /// `output_format[...]`).
    pub fn form_fields(&self) -> Vec<(String, String)> {
        let mut fields = vec![
            ("model_id".to_owned(), self.model_id.as_str().to_owned()),
            ("language".to_owned(), self.language.as_str().to_owned()),
            ("transcript".to_owned(), self.transcript.clone()),
            ("voice_id".to_owned(), self.voice_id.clone()),
        ];
        fields.extend(self.output_format.form_fields());
        fields
    }

    /// Checks the ids and the output format before any I/O.
    pub fn validate(&self) -> Result<(), InvalidParameter> {
        check_not_blank("model_id", self.model_id.as_str())?;
        check_not_blank("voice_id", &self.voice_id)?;
        self.output_format.validate()
    }
}

model! {
    /// The text fields of `POST /voice-changer/bytes` and `/voice-changer/sse` (multipart). The
    /// input audio, `clip`, is a file added by the caller.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct VoiceChangerRequest {
        /// The target voice id (`voice[id]`).
        pub voice_id: String => into,
        /// The container and encoding of the audio (raw for the SSE endpoint).
        pub output_format: OutputFormat => arg,
    }

    /// Changes the voice of a clip to `voice_id`, answering `output_format`.
    fn new;
}

impl VoiceChangerRequest {
    /// The multipart text fields, in order (`voice[id]`, `output_format[...]`).
    pub fn form_fields(&self) -> Vec<(String, String)> {
        let mut fields = vec![("voice[id]".to_owned(), self.voice_id.clone())];
        fields.extend(self.output_format.form_fields());
        fields
    }

    /// Checks the voice id and the output format before any I/O.
    pub fn validate(&self) -> Result<(), InvalidParameter> {
        check_not_blank("voice[id]", &self.voice_id)?;
        self.output_format.validate()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn tts_request_round_trips_spec_json() {
        let spec = json!({
            "model_id": "sonic-3-2026-01-12",
            "transcript": "Hi",
            "voice": {"mode": "id", "id": "v1"},
            "output_format": {"container": "raw", "encoding": "pcm_f32le", "sample_rate": 24000},
            "language": "ur",
            "generation_config": {"volume": 1.5, "speed": 0.8, "emotion": "wistful"},
            "save": true,
            "pronunciation_dict_id": "pd_1",
            "speed": "fast"
        });
        let r: TtsRequest = serde_json::from_value(spec.clone()).unwrap();
        assert_eq!(r.model_id, TtsModelId::Sonic3_2026_01_12);
        assert_eq!(r.voice.voice_id(), "v1");
        assert_eq!(r.language, Some(Language::Ur));
        assert_eq!(
            r.generation_config.as_ref().unwrap().emotion,
            Some(Emotion::Unknown("wistful".into()))
        );
        assert_eq!(r.speed, Some(ModelSpeed::Fast));
        r.validate().unwrap();
        assert_eq!(serde_json::to_value(&r).unwrap(), spec);
    }

    #[test]
    fn unknown_model_and_fields_are_accepted() {
        let r: TtsRequest = serde_json::from_value(json!({
            "model_id": "sonic-9", "transcript": "x", "voice": {"mode": "id", "id": "v"},
            "output_format": {"container": "mp3", "sample_rate": 8000, "bit_rate": 32000},
            "locale": "en-US"
        }))
        .unwrap();
        assert_eq!(r.model_id, TtsModelId::Unknown("sonic-9".into()));
        assert_eq!(r.output_format.accept(), "audio/mpeg");
        assert_eq!(r.output_format.encoding(), None);
    }

    #[test]
    fn wav_needs_encoding_and_sample_rate() {
        let missing = serde_json::from_value::<OutputFormat>(json!({"container": "wav"}));
        assert!(missing.is_err());
        let wav: OutputFormat = serde_json::from_value(
            json!({"container": "wav", "encoding": "pcm_mulaw", "sample_rate": 8000}),
        )
        .unwrap();
        assert_eq!(wav, OutputFormat::wav(RawEncoding::PcmMulaw, 8000));
        assert_eq!(wav.accept(), "audio/wav");
    }

    #[test]
    fn generation_config_ranges_are_checked() {
        assert!(GenerationConfig::new()
            .volume(0.5)
            .speed(1.5)
            .validate()
            .is_ok());
        assert!(GenerationConfig::new()
            .volume(2.0)
            .speed(0.6)
            .validate()
            .is_ok());
        for (config, field) in [
            (
                GenerationConfig::new().volume(0.49),
                "generation_config.volume",
            ),
            (
                GenerationConfig::new().volume(2.01),
                "generation_config.volume",
            ),
            (
                GenerationConfig::new().volume(f64::NAN),
                "generation_config.volume",
            ),
            (
                GenerationConfig::new().speed(0.59),
                "generation_config.speed",
            ),
            (
                GenerationConfig::new().speed(f64::INFINITY),
                "generation_config.speed",
            ),
        ] {
            assert_eq!(config.validate().unwrap_err().field(), field);
        }
        let request = TtsRequest::new(
            "sonic-3",
            "x",
            "v",
            OutputFormat::wav(RawEncoding::PcmS16le, 44_100),
        )
        .generation_config(GenerationConfig::new().speed(9.0));
        assert_eq!(
            request.validate().unwrap_err().field(),
            "generation_config.speed"
        );
        let blank_voice = TtsRequest::new("sonic-3", "x", " ", OutputFormat::mp3(8000, 32000));
        assert_eq!(blank_voice.validate().unwrap_err().field(), "voice.id");
        let zero_rate = TtsRequest::new("sonic-3", "x", "v", OutputFormat::mp3(0, 32000));
        assert_eq!(
            zero_rate.validate().unwrap_err().field(),
            "output_format.sample_rate"
        );
    }

    #[test]
    fn sse_request_is_raw_with_timestamp_options() {
        let r = TtsSseRequest::new(
            "sonic-3",
            "Hello",
            "v",
            SseOutputFormat::raw(RawEncoding::PcmS16le, 16_000),
        )
        .add_timestamps(true)
        .add_phoneme_timestamps(true)
        .context_id("c1");
        assert_eq!(
            serde_json::to_value(&r).unwrap(),
            json!({"model_id":"sonic-3","transcript":"Hello","voice":{"mode":"id","id":"v"},
                "output_format":{"container":"raw","encoding":"pcm_s16le","sample_rate":16000},
                "add_timestamps":true,"add_phoneme_timestamps":true,"context_id":"c1"})
        );
        r.validate().unwrap();
        assert!(serde_json::from_value::<SseOutputFormat>(
            json!({"container":"wav","encoding":"pcm_s16le","sample_rate":16000})
        )
        .is_err());
    }

    #[test]
    fn multipart_form_fields_use_bracketed_names() {
        let infill = InfillRequest::new(
            "sonic-3",
            "en",
            "middle",
            "v1",
            OutputFormat::mp3(44_100, 128_000),
        );
        assert_eq!(
            infill.form_fields(),
            [
                ("model_id", "sonic-3"),
                ("language", "en"),
                ("transcript", "middle"),
                ("voice_id", "v1"),
                ("output_format[container]", "mp3"),
                ("output_format[sample_rate]", "44100"),
                ("output_format[bit_rate]", "128000"),
            ]
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
        );
        let vc = VoiceChangerRequest::new("v2", OutputFormat::wav(RawEncoding::PcmAlaw, 8000));
        assert_eq!(
            vc.form_fields(),
            [
                ("voice[id]", "v2"),
                ("output_format[container]", "wav"),
                ("output_format[encoding]", "pcm_alaw"),
                ("output_format[sample_rate]", "8000"),
            ]
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
        );
        assert_eq!(
            VoiceChangerRequest::new("", OutputFormat::mp3(8000, 32000))
                .validate()
                .unwrap_err()
                .field(),
            "voice[id]"
        );
    }
}
