//! Endpoints of the API keys API (admin key only): [`ListApiKeys`], [`GetApiKey`].

use cartesia_types::api_keys::ApiKey;
use cartesia_types::Page;

use super::declare::endpoints;

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
    }

    /// one API key's metadata (the id is not the `sk_` secret, which is never returned).
    /// Needs an admin key.
    GetApiKey = "api-keys_get" GET ["/api-keys/" {id: String}] -> ApiKey {
        admin Admin;
    }
}
