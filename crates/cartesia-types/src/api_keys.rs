//! Models of the API keys API (`/api-keys`; admin key only). The secrets themselves are never
//! returned: an [`ApiKey`] is metadata.

use serde::{Deserialize, Serialize};

use crate::{HasId, Timestamp};

/// A standard API key's metadata (`ApiKey`); `id` is not the `sk_...` secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ApiKey {
    /// The key's stable id (safe to show).
    pub id: String,
    /// The description given at creation.
    #[serde(default)]
    pub description: String,
    /// When it was created (UTC).
    pub created_at: Timestamp,
    /// Who created it (`None` for older keys).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creator_email: Option<String>,
    /// Whether the creator is still in the organization (`None` for older keys).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creator_still_in_org: Option<bool>,
    /// The creator's avatar URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creator_image_url: Option<String>,
}

impl ApiKey {
    /// An API key, e.g. for a test double.
    pub fn new(
        id: impl Into<String>,
        description: impl Into<String>,
        created_at: Timestamp,
    ) -> Self {
        Self {
            id: id.into(),
            description: description.into(),
            created_at,
            creator_email: None,
            creator_still_in_org: None,
            creator_image_url: None,
        }
    }
}

impl HasId for ApiKey {
    fn id(&self) -> &str {
        &self.id
    }
}
