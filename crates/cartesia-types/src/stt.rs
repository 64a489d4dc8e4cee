//! Models of batch speech-to-text (`POST /stt`, multipart).
//!
//! ```
//! use cartesia_types::stt::{TimestampGranularity, TranscribeRequest, TranscriptionResponse};
//!
//! let request = TranscribeRequest::new("ink-whisper")
//!     .language("en")
//!     .timestamp_granularity(TimestampGranularity::Word);
//! assert_eq!(
//!     request.form_fields(),
//!     [("model", "ink-whisper"), ("language", "en"), ("timestamp_granularities[]", "word")]
//!         .map(|(k, v)| (k.to_owned(), v.to_owned()))
//! );
//! let answer: TranscriptionResponse = serde_json::from_str(
//!     r#"{"type":"transcript","text":"Hi there","duration":1.2,
//!         "words":[{"word":"Hi","start":0.0,"end":0.4},{"word":"there","start":0.5,"end":1.1}]}"#,
//! ).unwrap();
//! assert_eq!(answer.words.as_ref().unwrap()[1].word, "there");
//! ```

use serde::{Deserialize, Serialize};

use crate::model::model;
use crate::query::query_params;

use crate::invalid::{check_not_blank, InvalidParameter};
use crate::tts::Language;

crate::open_enum! {
    /// A batch transcription model id (open: dated snapshots and new models are accepted).
    pub enum SttModelId {
        /// `ink-whisper`.
        InkWhisper => "ink-whisper",
        /// `ink-whisper-2025-06-04` (a dated snapshot).
        InkWhisper2025_06_04 => "ink-whisper-2025-06-04",
    }
}

crate::open_enum! {
    /// The encoding of headerless PCM input (query `encoding`).
    pub enum SttEncoding {
        /// Signed 16-bit little-endian.
        PcmS16le => "pcm_s16le",
        /// Signed 32-bit little-endian.
        PcmS32le => "pcm_s32le",
        /// 16-bit little-endian float.
        PcmF16le => "pcm_f16le",
        /// 32-bit little-endian float.
        PcmF32le => "pcm_f32le",
        /// G.711 μ-law.
        PcmMulaw => "pcm_mulaw",
        /// G.711 A-law.
        PcmAlaw => "pcm_alaw",
    }
}

crate::open_enum! {
    /// The granularity of transcription timestamps.
    pub enum TimestampGranularity {
        /// Word-level start and end times.
        Word => "word",
    }
}

query_params! {
    /// The parameters of `POST /stt` other than the audio `file` part: multipart text fields
    /// ([`form_fields`](Self::form_fields)) and query parameters ([`query_pairs`](Self::query_pairs)).
    #[derive(Debug, Clone, PartialEq, Eq)]
    #[non_exhaustive]
    pub struct TranscribeRequest {
        /// The model.
        pub model: SttModelId => form "model",
        /// The language of the audio (server default `en`).
        pub language: Option<Language> => form "language",
        /// Which timestamps to include (`timestamp_granularities[]`, one field per value).
        pub timestamp_granularities: Vec<TimestampGranularity> => form "timestamp_granularities[]",
        /// The encoding of headerless PCM (query `encoding`; required for raw PCM).
        pub encoding: Option<SttEncoding> => "encoding",
        /// The sample rate of headerless PCM (query `sample_rate`).
        pub sample_rate: Option<u32> => "sample_rate",
    }

    /// The multipart text fields, in order.
    fn form_fields;
    /// The query parameters (`encoding`, `sample_rate`), in order.
    fn query_pairs;
}

impl TranscribeRequest {
    /// Transcribes with `model`.
    pub fn new(model: impl Into<SttModelId>) -> Self {
        Self {
            model: model.into(),
            language: None,
            timestamp_granularities: Vec::new(),
            encoding: None,
            sample_rate: None,
        }
    }

    /// Sets the language.
    pub fn language(mut self, language: impl Into<Language>) -> Self {
        self.language = Some(language.into());
        self
    }

    /// Asks for timestamps of `granularity` (repeatable).
    pub fn timestamp_granularity(mut self, granularity: TimestampGranularity) -> Self {
        self.timestamp_granularities.push(granularity);
        self
    }

    /// Describes headerless PCM input.
    pub fn raw_pcm(mut self, encoding: SttEncoding, sample_rate: u32) -> Self {
        self.encoding = Some(encoding);
        self.sample_rate = Some(sample_rate);
        self
    }

    /// Checks the model id and sample rate before any I/O.
    pub fn validate(&self) -> Result<(), InvalidParameter> {
        check_not_blank("model", self.model.as_str())?;
        if self.sample_rate == Some(0) {
            return Err(InvalidParameter::new("sample_rate", "must be positive"));
        }
        Ok(())
    }
}

model! {
    /// One word of a transcription, with its times.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub struct TranscriptionWord {
        /// The word.
        pub word: String => into,
        /// Its start, in seconds.
        pub start: f64 => arg,
        /// Its end, in seconds.
        pub end: f64 => arg,
    }

    /// A word, e.g. for a mock server.
    fn new;
}

model! {
    /// The answer of `POST /stt`.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub struct TranscriptionResponse {
        /// The complete transcription.
        pub text: String => into,
        /// The message type (`transcript`).
        #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
        pub kind: Option<String> = Some("transcript".to_owned()),
        /// The request id.
        pub request_id?: String,
        /// The language of the audio.
        pub language?: Language,
        /// The duration of the audio, in seconds.
        pub duration?: f64,
        /// Word timestamps (only when `timestamp_granularities[]=word` was asked for).
        pub words?: Vec<TranscriptionWord>,
        /// Present in the 2026-03-01 example; not meaningful for batch transcription.
        pub is_final?: bool,
    }

    /// A transcription of `text`, e.g. for a mock server.
    fn new;
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn decodes_the_2026_03_01_example_and_minimal_answers() {
        let full: TranscriptionResponse = serde_json::from_value(json!({
            "type": "transcript", "request_id": "r1", "text": "Hello", "is_final": true,
            "language": "en", "duration": 0.9, "words": [{"word": "Hello", "start": 0.1, "end": 0.8}],
            "new_field": {"x": 1}
        }))
        .unwrap();
        assert_eq!(
            full.words.as_ref().unwrap()[0],
            TranscriptionWord::new("Hello", 0.1, 0.8)
        );
        assert_eq!(full.language, Some(Language::En));
        assert_eq!(full.is_final, Some(true));
        let minimal: TranscriptionResponse = serde_json::from_value(json!({"text": ""})).unwrap();
        assert_eq!(minimal.words, None);
        assert_eq!(minimal.kind, None);
        let round: TranscriptionResponse =
            serde_json::from_value(serde_json::to_value(&full).unwrap()).unwrap();
        assert_eq!(round, full);
    }

    #[test]
    fn request_fields_and_query() {
        let r = TranscribeRequest::new("ink-whisper-2099")
            .timestamp_granularity(TimestampGranularity::Word)
            .timestamp_granularity(TimestampGranularity::Unknown("segment".into()))
            .raw_pcm(SttEncoding::PcmS16le, 16_000);
        assert_eq!(r.model, SttModelId::Unknown("ink-whisper-2099".into()));
        assert_eq!(
            r.form_fields(),
            [
                ("model", "ink-whisper-2099"),
                ("timestamp_granularities[]", "word"),
                ("timestamp_granularities[]", "segment"),
            ]
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
        );
        assert_eq!(
            r.query_pairs(),
            [
                ("encoding", "pcm_s16le".to_owned()),
                ("sample_rate", "16000".to_owned())
            ]
        );
        r.validate().unwrap();
        assert_eq!(
            TranscribeRequest::new("ink-whisper")
                .raw_pcm(SttEncoding::PcmAlaw, 0)
                .validate()
                .unwrap_err()
                .field(),
            "sample_rate"
        );
    }
}
