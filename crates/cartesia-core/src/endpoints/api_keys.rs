//! Endpoints of the API keys API (admin key only): [`ListApiKeys`], [`GetApiKey`].

use cartesia_types::api_keys::ApiKey;
use cartesia_types::Page;

use super::declare::endpoints;
use crate::resources::{AsyncApiKeys, BlockingApiKeys};

endpoints! {
    impl AsyncApiKeys, BlockingApiKeys {
        /// one page of the organization's standard API keys (API default 20 per page; more than
        /// 100 is capped at 100). Needs an admin key.
        ListApiKeys = "api-keys_list" GET ["/api-keys"] -> Page<ApiKey> => request list, pages list_all {
            query {
                /// Only keys whose description matches this search.
                q: str,
            }
            cursor [limit starting_after ending_before] "API key" => ApiKey;
            admin Admin;
        }

        /// one API key's metadata (the id is not the `sk_` secret, which is never returned).
        /// Needs an admin key.
        GetApiKey = "api-keys_get" GET ["/api-keys/" {id: String}] -> ApiKey => method get {
            admin Admin;
        }
    }
}
