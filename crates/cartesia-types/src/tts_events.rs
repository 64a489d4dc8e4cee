//! The events of the SSE endpoints: `POST /tts/sse` ([`TtsSseEvent`]) and
//! `POST /voice-changer/sse` ([`VoiceChangerSseEvent`]).
//!
//! Each SSE `data:` field holds one JSON event. Audio arrives base64-encoded in `data`; these
//! types hold it decoded ([`TtsChunkEvent::audio`]) and encode it back to base64. An event
//! whose type this release does not know decodes to `Unknown` holding the raw JSON: it is
//! never dropped, and never an error.
//!
//! ```
//! use cartesia_types::tts_events::TtsSseEvent;
//!
//! let chunk = TtsSseEvent::from_json_str(
//!     r#"{"type":"chunk","done":false,"data":"AAECAw==","step_time":12.5,"status_code":206}"#,
//! )
//! .unwrap();
//! match &chunk {
//!     TtsSseEvent::Chunk(c) => {
//!         assert_eq!(c.audio, [0, 1, 2, 3]);
//!         assert_eq!(c.step_time, Some(12.5));
//!     }
//!     other => panic!("{other:?}"),
//! }
//! let new_kind = TtsSseEvent::from_json_str(r#"{"type":"flush_done","done":false}"#).unwrap();
//! assert_eq!((new_kind.type_str(), new_kind.is_known()), ("flush_done", false));
//! ```
//!
//! [`TtsSseEvent`] is an internally tagged open union ([`tagged_union!`](crate::tagged_union),
//! tag `type`, `Unknown(raw JSON)` fallback, also for an event without a `type`);
//! [`VoiceChangerSseEvent`] is told apart by shape and written by hand. `from_json_str` is a
//! one-pass fast path for the stream decoder, checked against the generic `Deserialize` by the
//! tests.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserializer};

use crate::model::model;
use serde::{Deserialize, Serialize, Serializer};

use crate::tagged_union::variant;
use crate::JsonValue;

/// Base64 (standard alphabet, padded) audio in a JSON string, held decoded (the `data` of the
/// SSE events and of the TTS WebSocket's chunks).
pub(crate) mod base64_audio {
    use std::borrow::Cow;

    use base64::Engine as _;
    use serde::{de, Deserialize, Deserializer, Serializer};

    pub(super) fn decode<E: de::Error>(s: &str) -> Result<Vec<u8>, E> {
        base64::engine::general_purpose::STANDARD
            .decode(s)
            .map_err(|e| E::custom(format_args!("audio `data` is not valid base64: {e}")))
    }

    pub(crate) fn serialize<S: Serializer>(audio: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&base64::engine::general_purpose::STANDARD.encode(audio))
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let s = <Cow<'de, str>>::deserialize(d)?;
        decode(&s)
    }
}

/// The audio of a base64 `data` field given as bytes (`None` if it is not base64).
pub(crate) fn decode_audio(data: &[u8]) -> Option<Vec<u8>> {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.decode(data).ok()
}

fn yes() -> bool {
    true
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Declares each kind of timing: its three parallel lists (the items in order, then the start
/// and the end of each, in seconds) with `new` and `iter`, and the SSE event that carries them
/// (`status_code` 206 by default, the echoed `context_id`, `done: false`).
macro_rules! timings {
    ($(
        $(#[$meta:meta])*
        $name:ident { $items:ident: $item:literal }
        $(#[$event_meta:meta])*
        => $event:ident { $field:ident }
    )*) => {$(
        model! {
            $(#[$meta])*
            #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
            pub struct $name {
                #[doc = concat!("The ", stringify!($items), ", in order.")]
                #[serde(default)]
                pub $items: Vec<String> => arg,
                #[doc = concat!("The start of each ", $item, ", in seconds.")]
                #[serde(default)]
                pub start: Vec<f64> => arg,
                #[doc = concat!("The end of each ", $item, ", in seconds.")]
                #[serde(default)]
                pub end: Vec<f64> => arg,
            }

            /// Timestamps from parallel lists.
            fn new;
        }

        impl $name {
            #[doc = concat!("`(", $item, ", start, end)` triples; stops at the shortest list if the server sent lists of different lengths.")]
            pub fn iter(&self) -> impl Iterator<Item = (&str, f64, f64)> + '_ {
                self.$items
                    .iter()
                    .zip(&self.start)
                    .zip(&self.end)
                    .map(|((item, s), e)| (item.as_str(), *s, *e))
            }
        }

        model! {
            $(#[$event_meta])*
            #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
            pub struct $event {
                #[doc = concat!("The ", stringify!($items), " and their times.")]
                pub $field: $name => arg,
                /// The HTTP-style status code.
                pub status_code?: u16 = Some(206),
                /// The request's context id, echoed back.
                pub context_id?: String,
                /// Always `false`.
                #[serde(default)]
                pub done: bool,
            }

            #[doc = concat!("A ", $item, "-timestamps event, e.g. for a mock server.")]
            fn new;
        }
    )*};
}

timings! {
    /// Word-level timing: three parallel lists.
    WordTimestamps { words: "word" }
    /// `type: "timestamps"`: word timing.
    => TtsTimestampsEvent { word_timestamps }

    /// Phoneme-level timing: three parallel lists.
    PhonemeTimestamps { phonemes: "phoneme" }
    /// `type: "phoneme_timestamps"`: phoneme timing.
    => TtsPhonemeTimestampsEvent { phoneme_timestamps }
}

model! {
    /// `type: "chunk"`: a piece of audio.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub struct TtsChunkEvent {
        /// The audio, decoded from the base64 `data` field.
        #[serde(rename = "data", with = "base64_audio")]
        pub audio: Vec<u8>,
        /// Server-side processing time for this chunk, in milliseconds.
        pub step_time?: f64,
        /// The HTTP-style status code (206 for chunks).
        pub status_code?: u16,
        /// The request's context id, echoed back.
        pub context_id?: String,
        /// Always `false` for a chunk.
        #[serde(default)]
        pub done: bool,
    }
}

impl TtsChunkEvent {
    /// A chunk of `audio`, e.g. for a mock server.
    pub fn new(audio: Vec<u8>, step_time: f64) -> Self {
        Self {
            audio,
            step_time: Some(step_time),
            status_code: Some(206),
            context_id: None,
            done: false,
        }
    }
}

model! {
    /// `type: "done"`: generation is complete; the last event of a stream.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct TtsDoneEvent {
        /// The HTTP-style status code (200).
        pub status_code?: u16 = Some(200),
        /// The request's context id, echoed back.
        pub context_id?: String,
        /// Always `true`.
        #[serde(default = "yes")]
        pub done: bool = true,
    }

    /// A done event, e.g. for a mock server.
    fn new;
}

impl Default for TtsDoneEvent {
    fn default() -> Self {
        Self::new()
    }
}

model! {
    /// `type: "error"`: the server failed mid-stream (either SSE endpoint). Every field is
    /// optional here: the sources disagree on which are required, and a partial error must still
    /// be reported.
    #[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
    pub struct SseErrorEvent {
        /// The HTTP-style status code of the failure.
        pub status_code?: u16,
        /// A machine-readable code such as `concurrency_limited`.
        pub error_code?: String,
        /// A short summary.
        pub title?: String,
        /// The detailed message.
        pub message?: String,
        /// The request id, to quote to Cartesia support.
        pub request_id?: String,
        /// A link to documentation about this error.
        pub doc_url?: String,
        /// The request's context id, echoed back.
        pub context_id?: String,
        /// Whether generation is over (`true` in practice).
        #[serde(default = "yes")]
        pub done: bool,
    }
}

impl SseErrorEvent {
    /// An error event, e.g. for a mock server.
    pub fn new(status_code: u16, title: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            status_code: Some(status_code),
            title: Some(title.into()),
            message: Some(message.into()),
            done: true,
            ..Self::default()
        }
    }
}

impl fmt::Display for SseErrorEvent {
    /// `status 500 (internal_error): Title: message [request r1]`, leaving out absent parts.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("error event")?;
        if let Some(s) = self.status_code {
            write!(f, " status {s}")?;
        }
        if let Some(c) = &self.error_code {
            write!(f, " ({c})")?;
        }
        match (&self.title, &self.message) {
            (Some(t), Some(m)) => write!(f, ": {t}: {m}")?,
            (Some(x), None) | (None, Some(x)) => write!(f, ": {x}")?,
            (None, None) => {}
        }
        if let Some(r) = &self.request_id {
            write!(f, " [request {r}]")?;
        }
        Ok(())
    }
}

crate::tagged_union! {
    /// One event of `POST /tts/sse`, discriminated by `type`.
    #[derive(Debug, Clone, PartialEq)]
    pub enum TtsSseEvent: open "type" or none, "TTS SSE event" {
        /// `type: "chunk"`.
        Chunk(TtsChunkEvent) = "chunk",
        /// `type: "timestamps"`.
        Timestamps(TtsTimestampsEvent) = "timestamps",
        /// `type: "phoneme_timestamps"`.
        PhonemeTimestamps(TtsPhonemeTimestampsEvent) = "phoneme_timestamps",
        /// `type: "done"`: the last event.
        Done(TtsDoneEvent) = "done",
        /// `type: "error"`: the server failed; the last event.
        Error(SseErrorEvent) = "error",
    }
}

impl TtsSseEvent {
    /// Whether this event ends the stream (`done` or `error`).
    pub fn is_terminal(&self) -> bool {
        matches!(self, Self::Done(_) | Self::Error(_))
    }

    /// Decodes one event from the JSON of an SSE `data` field, in one pass for the known
    /// types (the same result as `serde_json::from_str`, faster for audio chunks).
    pub fn from_json_str(json: &str) -> Result<Self, serde_json::Error> {
        Self::from_json_slice(json.as_bytes())
    }

    /// [`from_json_str`](Self::from_json_str) over bytes (UTF-8 is checked as it is parsed).
    pub fn from_json_slice(json: &[u8]) -> Result<Self, serde_json::Error> {
        match serde_json::from_slice::<FlatTts<'_>>(json) {
            Ok(flat) => match flat.ty.as_deref() {
                Some("chunk") => Ok(Self::Chunk(TtsChunkEvent {
                    audio: base64_audio::decode(
                        flat.data
                            .as_deref()
                            .ok_or_else(|| de::Error::missing_field("data"))?,
                    )?,
                    step_time: flat.step_time,
                    status_code: flat.status_code,
                    context_id: flat.context_id,
                    done: flat.done.unwrap_or(false),
                })),
                Some("timestamps") => Ok(Self::Timestamps(TtsTimestampsEvent {
                    word_timestamps: flat
                        .word_timestamps
                        .ok_or_else(|| de::Error::missing_field("word_timestamps"))?,
                    status_code: flat.status_code,
                    context_id: flat.context_id,
                    done: flat.done.unwrap_or(false),
                })),
                Some("phoneme_timestamps") => {
                    Ok(Self::PhonemeTimestamps(TtsPhonemeTimestampsEvent {
                        phoneme_timestamps: flat
                            .phoneme_timestamps
                            .ok_or_else(|| de::Error::missing_field("phoneme_timestamps"))?,
                        status_code: flat.status_code,
                        context_id: flat.context_id,
                        done: flat.done.unwrap_or(false),
                    }))
                }
                Some("done") => Ok(Self::Done(TtsDoneEvent {
                    status_code: flat.status_code,
                    context_id: flat.context_id,
                    done: flat.done.unwrap_or(true),
                })),
                Some("error") => Ok(Self::Error(flat.into_error())),
                _ => Ok(Self::Unknown(serde_json::from_slice(json)?)),
            },
            // A field of an unexpected JSON type (possible in an unknown event): take the
            // generic path, which knows whether it matters.
            Err(_) => serde_json::from_slice(json),
        }
    }
}

/// Every field of every TTS event, borrowed where possible: one pass over the JSON.
#[derive(Deserialize)]
struct FlatTts<'a> {
    #[serde(rename = "type", borrow, default)]
    ty: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    data: Option<Cow<'a, str>>,
    #[serde(default)]
    step_time: Option<f64>,
    #[serde(default)]
    status_code: Option<u16>,
    #[serde(default)]
    context_id: Option<String>,
    #[serde(default)]
    done: Option<bool>,
    #[serde(default)]
    word_timestamps: Option<WordTimestamps>,
    #[serde(default)]
    phoneme_timestamps: Option<PhonemeTimestamps>,
    #[serde(default)]
    error_code: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    request_id: Option<String>,
    #[serde(default)]
    doc_url: Option<String>,
}

impl FlatTts<'_> {
    fn into_error(self) -> SseErrorEvent {
        SseErrorEvent {
            status_code: self.status_code,
            error_code: self.error_code,
            title: self.title,
            message: self.message,
            request_id: self.request_id,
            doc_url: self.doc_url,
            context_id: self.context_id,
            done: self.done.unwrap_or(true),
        }
    }
}

model! {
    /// A voice-changer audio chunk (no `type`; `status_code` 206, `done: false`).
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub struct VoiceChangerChunkEvent {
        /// The audio, decoded from the base64 `data` field.
        #[serde(rename = "data", with = "base64_audio")]
        pub audio: Vec<u8>,
        /// The sample rate of the audio, in Hz.
        pub sample_rate?: u32,
        /// Server-side processing time for this chunk, in milliseconds.
        pub step_time?: f64,
        /// The HTTP-style status code (206).
        pub status_code?: u16,
        /// Always `false`.
        #[serde(default, skip_serializing_if = "is_false")]
        pub done: bool,
    }
}

impl VoiceChangerChunkEvent {
    /// A chunk, e.g. for a mock server.
    pub fn new(audio: Vec<u8>, sample_rate: u32, step_time: f64) -> Self {
        Self {
            audio,
            sample_rate: Some(sample_rate),
            step_time: Some(step_time),
            status_code: Some(206),
            done: false,
        }
    }
}

model! {
    /// The voice-changer completion event (no `type`; `status_code` 200, `done: true`).
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct VoiceChangerDoneEvent {
        /// The HTTP-style status code (200).
        pub status_code?: u16,
        /// Always `true`.
        #[serde(default = "yes")]
        pub done: bool,
    }
}

impl Default for VoiceChangerDoneEvent {
    fn default() -> Self {
        Self {
            status_code: Some(200),
            done: true,
        }
    }
}

/// One event of `POST /voice-changer/sse`. Chunk and done events carry no `type` (they are
/// told apart by `done` and the presence of `data`); an error has `type: "error"`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum VoiceChangerSseEvent {
    /// A piece of audio.
    Chunk(VoiceChangerChunkEvent),
    /// Generation is complete; the last event.
    Done(VoiceChangerDoneEvent),
    /// `type: "error"`: the server failed; the last event.
    Error(SseErrorEvent),
    /// An event this SDK release does not know: the whole JSON object, kept as sent.
    Unknown(JsonValue),
}

impl VoiceChangerSseEvent {
    /// Whether this SDK release knows the event.
    pub fn is_known(&self) -> bool {
        !matches!(self, Self::Unknown(_))
    }

    /// Whether this event ends the stream (done or error).
    pub fn is_terminal(&self) -> bool {
        matches!(self, Self::Done(_) | Self::Error(_))
    }

    /// Decodes one event from the JSON of an SSE `data` field (the same result as
    /// `serde_json::from_str`).
    pub fn from_json_str(json: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(json)
    }

    /// [`from_json_str`](Self::from_json_str) over bytes.
    pub fn from_json_slice(json: &[u8]) -> Result<Self, serde_json::Error> {
        serde_json::from_slice(json)
    }
}

impl<'de> Deserialize<'de> for VoiceChangerSseEvent {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = object::<D>(deserializer, "a voice-changer SSE event object")?;
        match value.get("type") {
            Some(JsonValue::String(t)) if t == "error" => {
                return Ok(Self::Error(variant::<_, D::Error>(value)?))
            }
            Some(_) => return Ok(Self::Unknown(value)),
            None => {}
        }
        Ok(if value.get("done") == Some(&JsonValue::Bool(true)) {
            Self::Done(variant::<_, D::Error>(value)?)
        } else if value.get("data").is_some() {
            Self::Chunk(variant::<_, D::Error>(value)?)
        } else {
            Self::Unknown(value)
        })
    }
}

impl Serialize for VoiceChangerSseEvent {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        #[serde(tag = "type")]
        enum Tagged<'a> {
            #[serde(rename = "error")]
            Error(&'a SseErrorEvent),
        }
        match self {
            Self::Chunk(e) => e.serialize(serializer),
            Self::Done(e) => e.serialize(serializer),
            Self::Error(e) => Tagged::Error(e).serialize(serializer),
            Self::Unknown(raw) => raw.serialize(serializer),
        }
    }
}

/// Reads a JSON object (anything else is an error).
fn object<'de, D: Deserializer<'de>>(
    deserializer: D,
    what: &'static str,
) -> Result<JsonValue, D::Error> {
    let value = JsonValue::deserialize(deserializer)?;
    if !value.is_object() {
        return Err(de::Error::invalid_type(
            de::Unexpected::Other("not an object"),
            &what,
        ));
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn both(json: &str) -> TtsSseEvent {
        let fast = TtsSseEvent::from_json_str(json).unwrap();
        let generic: TtsSseEvent = serde_json::from_str(json).unwrap();
        assert_eq!(fast, generic, "fast and generic decoding differ for {json}");
        fast
    }

    #[test]
    fn decodes_every_tts_event_spec_shaped() {
        let chunk = both(
            r#"{"type":"chunk","done":false,"data":"UklGRg==","step_time":3.25,"status_code":206,"context_id":"c"}"#,
        );
        let TtsSseEvent::Chunk(c) = &chunk else {
            panic!("{chunk:?}")
        };
        assert_eq!(c.audio, b"RIFF");
        assert_eq!(c.context_id.as_deref(), Some("c"));

        let ts = both(
            r#"{"type":"timestamps","done":false,"status_code":206,"word_timestamps":{"words":["Hello","world"],"start":[0.0,0.4],"end":[0.35,0.8]}}"#,
        );
        let TtsSseEvent::Timestamps(t) = &ts else {
            panic!("{ts:?}")
        };
        assert_eq!(
            t.word_timestamps.iter().collect::<Vec<_>>(),
            [("Hello", 0.0, 0.35), ("world", 0.4, 0.8)]
        );

        let ph = both(
            r#"{"type":"phoneme_timestamps","done":false,"status_code":206,"phoneme_timestamps":{"phonemes":["h","ə"],"start":[0.0,0.1],"end":[0.1,0.2]}}"#,
        );
        assert!(
            matches!(&ph, TtsSseEvent::PhonemeTimestamps(p) if p.phoneme_timestamps.phonemes == ["h", "ə"])
        );

        let done = both(r#"{"type":"done","done":true,"status_code":200}"#);
        assert!(done.is_terminal());

        let err = both(
            r#"{"type":"error","done":true,"status_code":429,"title":"Too many","message":"slow down","error_code":"concurrency_limited","request_id":"r1","doc_url":null}"#,
        );
        let TtsSseEvent::Error(e) = &err else {
            panic!("{err:?}")
        };
        assert_eq!(e.error_code.as_deref(), Some("concurrency_limited"));
        assert_eq!(
            e.to_string(),
            "error event status 429 (concurrency_limited): Too many: slow down [request r1]"
        );
        assert!(err.is_terminal());
    }

    #[test]
    fn unknown_and_untyped_events_are_kept_raw() {
        let raw = r#"{"type":"flush_done","flush_id":3,"data":7}"#;
        let e = both(raw);
        assert_eq!(
            e,
            TtsSseEvent::Unknown(json!({"type":"flush_done","flush_id":3,"data":7}))
        );
        assert_eq!(
            serde_json::to_value(&e).unwrap(),
            serde_json::from_str::<JsonValue>(raw).unwrap()
        );
        let untyped = both(r#"{"note":"x"}"#);
        assert_eq!(untyped.type_str(), "");
        assert!(!untyped.is_known());
        let odd = both(r#"{"type":5,"data":"AA=="}"#);
        assert_eq!(odd, TtsSseEvent::Unknown(json!({"type":5,"data":"AA=="})));
        assert_eq!(odd.type_str(), "");
    }

    #[test]
    fn malformed_known_events_are_errors() {
        for bad in [
            r#"{"type":"chunk","data":"not base64!"}"#,
            r#"{"type":"chunk"}"#,
            r#"{"type":"timestamps"}"#,
            r#"{"type":"chunk","data":5}"#,
            r#"[1,2]"#,
            r#"{"type":"chunk","data":"AA==""#,
        ] {
            assert!(TtsSseEvent::from_json_str(bad).is_err(), "{bad}");
            assert!(serde_json::from_str::<TtsSseEvent>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn tts_events_round_trip() {
        for e in [
            TtsSseEvent::Chunk(TtsChunkEvent::new(vec![1, 2, 3, 250], 1.5)),
            TtsSseEvent::Timestamps(TtsTimestampsEvent::new(WordTimestamps::new(
                vec!["a".into()],
                vec![0.0],
                vec![0.5],
            ))),
            TtsSseEvent::Done(TtsDoneEvent::new()),
            TtsSseEvent::Error(SseErrorEvent::new(500, "Internal", "boom")),
        ] {
            let json = serde_json::to_string(&e).unwrap();
            assert_eq!(TtsSseEvent::from_json_str(&json).unwrap(), e, "{json}");
        }
        let chunk =
            serde_json::to_value(TtsSseEvent::Chunk(TtsChunkEvent::new(vec![0, 1], 2.0))).unwrap();
        assert_eq!(
            chunk,
            json!({"type":"chunk","data":"AAE=","step_time":2.0,"status_code":206,"done":false})
        );
    }

    #[test]
    fn voice_changer_events_by_shape() {
        let chunk: VoiceChangerSseEvent = serde_json::from_str(
            r#"{"status_code":206,"done":false,"data":"AAE=","sample_rate":44100,"step_time":5}"#,
        )
        .unwrap();
        let VoiceChangerSseEvent::Chunk(c) = &chunk else {
            panic!("{chunk:?}")
        };
        assert_eq!(
            (c.audio.as_slice(), c.sample_rate),
            (&[0u8, 1][..], Some(44_100))
        );
        let done =
            VoiceChangerSseEvent::from_json_str(r#"{"status_code":200,"done":true}"#).unwrap();
        assert!(matches!(done, VoiceChangerSseEvent::Done(_)));
        assert!(done.is_terminal());
        let err = VoiceChangerSseEvent::from_json_str(
            r#"{"type":"error","done":true,"status_code":400,"title":"Bad","message":"clip too long","request_id":"r"}"#,
        )
        .unwrap();
        assert!(
            matches!(&err, VoiceChangerSseEvent::Error(e) if e.request_id.as_deref() == Some("r"))
        );
        let other = VoiceChangerSseEvent::from_json_str(r#"{"type":"progress","p":1}"#).unwrap();
        assert!(!other.is_known());
        let odd = VoiceChangerSseEvent::from_json_str(r#"{"status_code":206}"#).unwrap();
        assert!(!odd.is_known());
        for e in [
            VoiceChangerSseEvent::Chunk(VoiceChangerChunkEvent::new(vec![9; 5], 16_000, 1.0)),
            VoiceChangerSseEvent::Done(VoiceChangerDoneEvent::default()),
            VoiceChangerSseEvent::Error(SseErrorEvent::new(500, "x", "y")),
        ] {
            let json = serde_json::to_string(&e).unwrap();
            assert_eq!(
                VoiceChangerSseEvent::from_json_str(&json).unwrap(),
                e,
                "{json}"
            );
        }
    }
}
