//! Models of the pronunciation dictionaries API (`/pronunciation-dicts/`).

use serde::{Deserialize, Serialize};

use crate::model::model;

model! {
    /// One mapping of a dictionary (`PronunciationDictItem`): `text` is spoken as `pronunciation`.
    ///
    /// The API has two names for the pronunciation: `pronunciation` (2026 docs) and the legacy
    /// `alias`. Both are read; only `pronunciation` is sent unless [`alias`](Self::alias) is set.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct PronunciationDictItem {
        /// The text to replace.
        pub text: String,
        /// Its pronunciation (phonemes such as `<<ˈ|æ|k|m|i>>`, or sounds-like text).
        pub pronunciation?: String,
        /// The legacy name of `pronunciation`.
        pub alias?: String,
        /// Whether `text` matches case-sensitively (newer API versions).
        pub case_sensitive?: bool,
    }
}

impl PronunciationDictItem {
    /// `text` spoken as `pronunciation`.
    pub fn new(text: impl Into<String>, pronunciation: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            pronunciation: Some(pronunciation.into()),
            alias: None,
            case_sensitive: None,
        }
    }

    /// The pronunciation, whichever name the API used.
    pub fn spoken_as(&self) -> Option<&str> {
        self.pronunciation.as_deref().or(self.alias.as_deref())
    }
}

model! {
    /// A pronunciation dictionary (`PronunciationDict`).
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct PronunciationDict {
        /// The id of the dictionary.
        pub id: String => into,
        /// Its name.
        pub name: String => into,
        /// The user who owns it.
        #[serde(default)]
        pub owner_id: String,
        /// Whether it is pinned for the user.
        #[serde(default)]
        pub pinned: bool,
        /// Its mappings.
        #[serde(default)]
        pub items: Vec<PronunciationDictItem>,
        /// When it was created, as the API writes it.
        #[serde(default)]
        pub created_at: String,
    }

    /// A dictionary, e.g. for a test double.
    fn new;
}

crate::page::has_id!(PronunciationDict);

model! {
    /// The body of `POST /pronunciation-dicts/` (`CreatePronunciationDictRequest`).
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct CreatePronunciationDictRequest {
        /// The name of the dictionary.
        pub name: String => into,
        /// Its first mappings, if any.
        pub items?: Vec<PronunciationDictItem>,
        /// A description.
        pub description?: String,
    }

    /// An empty dictionary named `name`.
    fn new;
}

impl CreatePronunciationDictRequest {
    /// Sets the first mappings.
    pub fn items(mut self, items: impl IntoIterator<Item = PronunciationDictItem>) -> Self {
        self.items = Some(items.into_iter().collect());
        self
    }
}

model! {
    /// The body of `PATCH /pronunciation-dicts/{id}` (`UpdatePronunciationDictRequest`): fields
    /// left `None` are not sent and stay as they are; `items` replaces the whole list.
    #[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
    pub struct UpdatePronunciationDictRequest {
        /// A new name.
        pub name?: String,
        /// The new list of mappings (replaces the old one).
        pub items?: Vec<PronunciationDictItem>,
        /// A new description.
        pub description?: String,
    }

    /// An update that changes nothing yet.
    fn new;

    /// Renames the dictionary.
    fn name(name: impl Into<String>) = Some;
    /// Replaces the mappings.
    fn items(items: impl IntoIterator<Item = PronunciationDictItem>) {
        self.items = Some(items.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_both_names_of_the_pronunciation() {
        let d: PronunciationDict = serde_json::from_str(
            r#"{"id":"pd","name":"n","owner_id":"u","pinned":true,"created_at":"t",
                "items":[{"text":"a","alias":"x"},{"text":"b","pronunciation":"y"}]}"#,
        )
        .unwrap();
        assert_eq!(d.items[0].spoken_as(), Some("x"));
        assert_eq!(d.items[1].spoken_as(), Some("y"));
        let sent = serde_json::to_value(UpdatePronunciationDictRequest::new().name("m")).unwrap();
        assert_eq!(sent, serde_json::json!({"name": "m"}));
    }
}
