//! `client.admin()`: the operations that take an **admin key** (`sk_car_admin_...`): usage,
//! API keys and the organization's users and invites.
//!
//! A standard key does not work on these routes (and an admin key works only on them), so they
//! have a handle of their own: a client built with an admin key uses `client.admin()`, a
//! client with a standard key everything else. A 401 or 403 from one of them is an
//! [`ApiError`](crate::ApiError) whose `admin_key_needed()` is true and whose message says that
//! an admin key is needed.

use cartesia_types::organizations::CreateInvitesRequest;

use crate::endpoints::api_keys::{GetApiKey, ListApiKeys};
use crate::endpoints::organizations::{
    CancelInvite, CreateInvites, GetInvite, GetOrganizationUser, ListInvites,
    ListOrganizationUsers, RemoveOrganizationUser,
};
use crate::endpoints::usage::{GetUsageAgents, GetUsageCredits};
use crate::resources::resource;

resource! {
    /// The admin-key operations: usage, API keys, organization users and invites. Build the
    /// client with an admin key (`sk_car_admin_...`) to use them.
    AsyncAdmin, BlockingAdmin, admin on client {}
}

resource! {
    /// Usage (admin key): credits and agent usage over time.
    AsyncUsage, BlockingUsage, usage on AsyncAdmin, BlockingAdmin {
        /// Credits used, in buckets (`GET /usage/credits`).
        fn credits(request: GetUsageCredits) -> GetUsageCredits = request;
        /// Agent minutes, calls and cost, in buckets (`GET /usage/agents`).
        fn agents(request: GetUsageAgents) -> GetUsageAgents = request;
    }
}

resource! {
    /// API keys (admin key): list, get. Secrets are never returned.
    AsyncApiKeys, BlockingApiKeys, api_keys on AsyncAdmin, BlockingAdmin {
        /// One page of API keys (`GET /api-keys`).
        fn list(request: ListApiKeys) -> ListApiKeys = request;
        /// Every API key, page after page (`GET /api-keys`).
        pages fn list_all(request: ListApiKeys) -> ListApiKeys = request;
        /// One API key's metadata (`GET /api-keys/{id}`).
        fn get(id: &str) -> GetApiKey = GetApiKey::new(id);
    }
}

resource! {
    /// The organization's users (admin key): list, get, remove.
    AsyncOrganizationUsers, BlockingOrganizationUsers, users on AsyncAdmin, BlockingAdmin {
        /// One page of users (`GET /organizations/users`).
        fn list(request: ListOrganizationUsers) -> ListOrganizationUsers = request;
        /// Every user, following the opaque `next_page` cursor (`GET /organizations/users`).
        pages fn list_all(request: ListOrganizationUsers) -> ListOrganizationUsers = request;
        /// One user (`GET /organizations/users/{id}`).
        fn get(id: &str) -> GetOrganizationUser = GetOrganizationUser::new(id);
        /// Removes a user from the organization (`DELETE /organizations/users/{id}`).
        fn remove(id: &str) -> RemoveOrganizationUser = RemoveOrganizationUser::new(id);
    }
}

resource! {
    /// The organization's invites (admin key): list, create, get, cancel.
    AsyncInvites, BlockingInvites, invites on AsyncAdmin, BlockingAdmin {
        /// One page of invites (`GET /organizations/invites`).
        fn list(request: ListInvites) -> ListInvites = request;
        /// Every invite, following the opaque `next_page` cursor (`GET /organizations/invites`).
        pages fn list_all(request: ListInvites) -> ListInvites = request;
        /// Invites 1 to 10 addresses as members (`POST /organizations/invites`).
        fn create(body: CreateInvitesRequest) -> CreateInvites = CreateInvites::new(body);
        /// One invite (`GET /organizations/invites/{id}`).
        fn get(id: &str) -> GetInvite = GetInvite::new(id);
        /// Cancels an invite (`DELETE /organizations/invites/{id}`).
        fn cancel(id: &str) -> CancelInvite = CancelInvite::new(id);
    }
}
