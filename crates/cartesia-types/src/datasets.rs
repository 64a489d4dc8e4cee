//! Models of the datasets API (`/datasets/`): collections of files used to fine-tune voices.
//!
//! `created_at` is a plain string here: the API types it as `string`, not `date-time`.

use serde::{Deserialize, Serialize};

use crate::model::model;

model! {
    /// A dataset: a collection of files used for fine-tuning (`Dataset`).
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct Dataset {
        /// The id of the dataset.
        pub id: String => into,
        /// Its name.
        pub name: String => into,
        /// When it was created, as the API writes it.
        #[serde(default)]
        pub created_at: String,
        /// Its description (may be empty).
        #[serde(default)]
        pub description: String,
    }

    /// A dataset, e.g. for a test double.
    fn new;
}

crate::page::has_id!(Dataset, DatasetFile);

model! {
    /// A file stored in a dataset (`DatasetFile`).
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct DatasetFile {
        /// The id of the file.
        pub id: String => into,
        /// The original file name.
        pub filename: String => into,
        /// When it was uploaded, as the API writes it.
        #[serde(default)]
        pub created_at: String,
        /// Its size in bytes.
        #[serde(default)]
        pub size: u64 => arg,
    }

    /// A dataset file, e.g. for a test double.
    fn new;
}

model! {
    /// The body of `POST /datasets/` and of `PATCH /datasets/{id}` (`CreateDatasetRequest`,
    /// `UpdateDatasetRequest`): the API requires both fields on create and on update.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct DatasetBody {
        /// The name of the dataset.
        pub name: String => into,
        /// Its description (send `""` for none).
        pub description: String => into,
    }

    /// A body with a name and a description.
    fn new;
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
