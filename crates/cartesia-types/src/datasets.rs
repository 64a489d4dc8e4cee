//! Models of the datasets API (`/datasets/`): collections of files used to fine-tune voices.
//!
//! `created_at` is a plain string here: the API types it as `string`, not `date-time`.

use serde::{Deserialize, Serialize};

use crate::HasId;

/// A dataset: a collection of files used for fine-tuning (`Dataset`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Dataset {
    /// The id of the dataset.
    pub id: String,
    /// Its name.
    pub name: String,
    /// When it was created, as the API writes it.
    #[serde(default)]
    pub created_at: String,
    /// Its description (may be empty).
    #[serde(default)]
    pub description: String,
}

impl Dataset {
    /// A dataset, e.g. for a test double.
    pub fn new(id: impl Into<String>, name: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            name: name.into(),
            created_at: String::new(),
            description: String::new(),
        }
    }
}

impl HasId for Dataset {
    fn id(&self) -> &str {
        &self.id
    }
}

/// A file stored in a dataset (`DatasetFile`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DatasetFile {
    /// The id of the file.
    pub id: String,
    /// The original file name.
    pub filename: String,
    /// When it was uploaded, as the API writes it.
    #[serde(default)]
    pub created_at: String,
    /// Its size in bytes.
    #[serde(default)]
    pub size: u64,
}

impl DatasetFile {
    /// A dataset file, e.g. for a test double.
    pub fn new(id: impl Into<String>, filename: impl Into<String>, size: u64) -> Self {
        Self {
            id: id.into(),
            filename: filename.into(),
            created_at: String::new(),
            size,
        }
    }
}

impl HasId for DatasetFile {
    fn id(&self) -> &str {
        &self.id
    }
}

/// The body of `POST /datasets/` and of `PATCH /datasets/{id}` (`CreateDatasetRequest`,
/// `UpdateDatasetRequest`): the API requires both fields on create and on update.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DatasetBody {
    /// The name of the dataset.
    pub name: String,
    /// Its description (send `""` for none).
    pub description: String,
}

impl DatasetBody {
    /// A body with a name and a description.
    pub fn new(name: impl Into<String>, description: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            description: description.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_a_dataset_and_a_file() {
        let d: Dataset = serde_json::from_str(
            r#"{"id":"ds_1","name":"Voices","created_at":"2026-03-01","description":"x","extra":1}"#,
        )
        .unwrap();
        assert_eq!((d.id.as_str(), d.description.as_str()), ("ds_1", "x"));
        let f: DatasetFile =
            serde_json::from_str(r#"{"id":"f1","filename":"a.wav","created_at":"t","size":12}"#)
                .unwrap();
        assert_eq!(f.size, 12);
        assert!(serde_json::from_str::<DatasetFile>(r#"{"id":"f1"}"#).is_err());
    }
}
