//! Models of the files API (`/files`): uploads used by agents, fine-tunes, TTS and clones.

use serde::{Deserialize, Serialize};

use crate::model::model;

use crate::Timestamp;

crate::open_enum! {
    /// What a file is for (`FilePurpose`).
    pub enum FilePurpose {
        /// An agent's background sound.
        AgentBackgroundSound => "agent_background_sound",
        /// Fine-tuning data.
        FineTune => "fine_tune",
        /// A saved TTS generation.
        TtsGeneration => "tts_generation",
        /// A voice-clone clip.
        VoiceClone => "voice-clone",
    }
}

model! {
    /// An uploaded file (`File`).
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct File {
        /// The id of the file (`file_...`).
        pub id: String => into,
        /// The original file name.
        pub filename: String => into,
        /// What it is for.
        pub purpose: FilePurpose => arg,
        /// Its size in bytes.
        #[serde(default)]
        pub size: u64 => arg,
        /// Its processing status.
        #[serde(default)]
        pub status: String,
        /// The account that owns it.
        #[serde(default)]
        pub owner_id: String,
        /// When it was uploaded (UTC).
        pub created_at: Timestamp => arg,
    }

    /// A file, e.g. for a test double.
    fn new;
}

crate::page::has_id!(File);

/// The answer of `DELETE /files/{id}`: `{"message": ...}` (decoded leniently: the field may be
/// absent).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FileDeleted {
    /// The API's confirmation message.
    pub message: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_a_file() {
        let f: File = serde_json::from_str(
            r#"{"id":"file_1","filename":"a.wav","purpose":"voice-clone","size":3,
                "status":"processed","owner_id":"o","created_at":"2026-03-01T00:00:00Z"}"#,
        )
        .unwrap();
        assert_eq!(f.purpose, FilePurpose::VoiceClone);
        assert_eq!(
            FilePurpose::AgentBackgroundSound.as_str(),
            "agent_background_sound"
        );
        let d: FileDeleted = serde_json::from_str("{}").unwrap();
        assert_eq!(d.message, None);
    }
}
