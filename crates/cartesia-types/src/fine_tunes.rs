//! Models of the fine-tunes API (`/fine-tunes/`): professional voice clones trained on a dataset.

use serde::{Deserialize, Serialize};

use crate::HasId;

crate::open_enum! {
    /// The status of a fine-tune (`FineTuneStatus`).
    pub enum FineTuneStatus {
        /// Created, not yet training.
        Created => "created",
        /// Training.
        Training => "training",
        /// Done: its voices are ready.
        Completed => "completed",
        /// Training failed.
        Failed => "failed",
    }
}

/// A fine-tune (`FineTune`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FineTune {
    /// The id of the fine-tune.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its description.
    #[serde(default)]
    pub description: String,
    /// The language code.
    #[serde(default)]
    pub language: String,
    /// The base model it was trained from (a dated snapshot; an open set).
    #[serde(default)]
    pub model_id: String,
    /// The id of the dataset it was trained on.
    #[serde(default)]
    pub dataset: String,
    /// Its status.
    pub status: FineTuneStatus,
    /// The accent, when one was given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accent: Option<String>,
}

impl FineTune {
    /// A fine-tune, e.g. for a test double.
    pub fn new(id: impl Into<String>, name: impl Into<String>, status: FineTuneStatus) -> Self {
        Self {
            id: id.into(),
            name: name.into(),
            description: String::new(),
            language: String::new(),
            model_id: String::new(),
            dataset: String::new(),
            status,
            accent: None,
        }
    }
}

impl HasId for FineTune {
    fn id(&self) -> &str {
        &self.id
    }
}

/// The body of `POST /fine-tunes/` (`CreateFineTuneRequest`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CreateFineTuneRequest {
    /// The name of the fine-tune.
    pub name: String,
    /// Its description.
    pub description: String,
    /// The language code, e.g. `en`.
    pub language: String,
    /// The base model: a dated snapshot such as `sonic-3-2026-01-12` (the accepted values
    /// change within an API version, so this is an open string).
    pub model_id: String,
    /// The id of the dataset with the training files.
    pub dataset: String,
    /// An accent display name valid for `language` (immutable once training starts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accent: Option<String>,
}

impl CreateFineTuneRequest {
    /// A request with the required fields (description empty, no accent).
    pub fn new(
        name: impl Into<String>,
        language: impl Into<String>,
        model_id: impl Into<String>,
        dataset: impl Into<String>,
    ) -> Self {
        Self {
            name: name.into(),
            description: String::new(),
            language: language.into(),
            model_id: model_id.into(),
            dataset: dataset.into(),
            accent: None,
        }
    }

    /// Sets the description.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = description.into();
        self
    }

    /// Sets the accent.
    pub fn accent(mut self, accent: impl Into<String>) -> Self {
        self.accent = Some(accent.into());
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_status_is_kept() {
        let f: FineTune =
            serde_json::from_str(r#"{"id":"ft","name":"n","status":"queued"}"#).unwrap();
        assert_eq!(f.status, FineTuneStatus::Unknown("queued".into()));
        let body = serde_json::to_value(CreateFineTuneRequest::new("n", "en", "m", "ds")).unwrap();
        assert_eq!(body["dataset"], "ds");
        assert!(body.get("accent").is_none());
    }
}
