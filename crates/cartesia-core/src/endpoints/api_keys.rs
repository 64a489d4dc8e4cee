//! Endpoints of the API keys API (admin key only): [`ListApiKeys`], [`GetApiKey`].

use cartesia_types::api_keys::ApiKey;
use cartesia_types::Page;

use super::declare::endpoints;
use crate::resources::{AsyncApiKeys, BlockingApiKeys};

endpoints! {
    #[derive(Debug, Clone, PartialEq, Eq)]

    /// one page of the organization's standard API keys (API default 20 per page; more than
    /// 100 is capped at 100). Needs an admin key.
    ListApiKeys = "api-keys_list" GET ["/api-keys"] -> Page<ApiKey> {
        query {
            /// Only keys whose description matches this search.
            q: str,
        }
        cursor [limit starting_after ending_before] "API key" => ApiKey;
        admin Admin;
        /// One page of API keys
        request list for AsyncApiKeys, BlockingApiKeys;
        /// Every API key, page after page
        pages list_all for AsyncApiKeys, BlockingApiKeys;
    }

    /// one API key's metadata (the id is not the `sk_` secret, which is never returned).
    /// Needs an admin key.
    GetApiKey = "api-keys_get" GET ["/api-keys/" {id: String}] -> ApiKey {
        admin Admin;
        /// One API key's metadata
        method get for AsyncApiKeys, BlockingApiKeys;
    }
}
