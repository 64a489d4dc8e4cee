//! Models of the fine-tunes API (`/fine-tunes/`): professional voice clones trained on a dataset.

use serde::{Deserialize, Serialize};

use crate::model::model;

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

model! {
    /// A fine-tune (`FineTune`).
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct FineTune {
        /// The id of the fine-tune.
        pub id: String => into,
        /// Its name.
        pub name: String => into,
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
        pub status: FineTuneStatus => arg,
        /// The accent, when one was given.
        pub accent?: String,
    }

    /// A fine-tune, e.g. for a test double.
    fn new;
}

crate::page::has_id!(FineTune);

model! {
    /// The body of `POST /fine-tunes/` (`CreateFineTuneRequest`).
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct CreateFineTuneRequest {
        /// The name of the fine-tune.
        pub name: String => into,
        /// Its description.
        pub description: String,
        /// The language code, e.g. `en`.
        pub language: String => into,
        /// The base model: a dated snapshot such as `sonic-3-2026-01-12` (the accepted values
        /// change within an API version, so this is an open string).
        pub model_id: String => into,
        /// The id of the dataset with the training files.
        pub dataset: String => into,
        /// An accent display name valid for `language` (immutable once training starts).
        pub accent?: String,
    }

    /// A request with the required fields (description empty, no accent).
    fn new;

    /// Sets the description.
    fn description(description: impl Into<String>) { self.description = description.into() }
    /// Sets the accent.
    fn accent(accent: impl Into<String>) = Some;
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
