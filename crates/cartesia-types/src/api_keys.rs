//! Models of the API keys API (`/api-keys`; admin key only). The secrets themselves are never
//! returned: an [`ApiKey`] is metadata.

use serde::{Deserialize, Serialize};

use crate::model::model;

use crate::Timestamp;

model! {
    /// A standard API key's metadata (`ApiKey`); `id` is not the `sk_...` secret.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct ApiKey {
        /// The key's stable id (safe to show).
        pub id: String => into,
        /// The description given at creation.
        #[serde(default)]
        pub description: String => into,
        /// When it was created (UTC).
        pub created_at: Timestamp => arg,
        /// Who created it (`None` for older keys).
        pub creator_email?: String,
        /// Whether the creator is still in the organization (`None` for older keys).
        pub creator_still_in_org?: bool,
        /// The creator's avatar URL.
        pub creator_image_url?: String,
    }

    /// An API key, e.g. for a test double.
    fn new;
}

crate::page::has_id!(ApiKey);
