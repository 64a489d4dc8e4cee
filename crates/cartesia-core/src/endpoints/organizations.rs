//! Endpoints of the organizations API (admin key only): users ([`ListOrganizationUsers`],
//! [`GetOrganizationUser`], [`RemoveOrganizationUser`]) and invites ([`ListInvites`],
//! [`CreateInvites`], [`GetInvite`], [`CancelInvite`]).
//!
//! The two lists page with the opaque `next_page` cursor of each answer (sent back as
//! `starting_after`), not with item ids; `list_all` follows it until it is `null`.

use cartesia_types::organizations::{
    CreateInvitesRequest, InviteStatus, OrganizationInvite, OrganizationUser,
};
use cartesia_types::Page;

use super::declare::{cursor_list, endpoints};
use crate::error::{Error, InvalidRequest};
use crate::resources::{
    AsyncInvites, AsyncOrganizationUsers, BlockingInvites, BlockingOrganizationUsers,
};

endpoints! {
    #[derive(Debug, Clone, PartialEq, Eq)]

    /// one page of the organization's users (paged by the opaque `next_page`). Needs an admin
    /// key.
    ListOrganizationUsers = "getOrganizationsUsers" GET ["/organizations/users"] -> Page<OrganizationUser> {
        query {
            /// The number of users per page.
            limit: bare u32,
            /// An opaque cursor from a previous page's `next_page`.
            starting_after: bare String,
            /// An opaque cursor, paging backwards.
            ending_before: bare String,
            /// Only users matching this search (name or email).
            q: str,
        }
        pages OrganizationUser, next_page;
        admin Admin;
        /// One page of users
        request list for AsyncOrganizationUsers, BlockingOrganizationUsers;
        /// Every user, following the opaque `next_page` cursor
        pages list_all for AsyncOrganizationUsers, BlockingOrganizationUsers;
    }

    /// one user of the organization. Needs an admin key.
    GetOrganizationUser = "getOrganizationsUsersById" GET ["/organizations/users/" {id: String}] -> OrganizationUser {
        admin Admin;
        /// One user
        method get for AsyncOrganizationUsers, BlockingOrganizationUsers;
    }

    /// removes a user from the organization (answer `204`). Needs an admin key.
    RemoveOrganizationUser = "deleteOrganizationsUsersById" DELETE ["/organizations/users/" {id: String}] -> () {
        admin Admin;
        parse empty;
        /// Removes a user from the organization
        method remove for AsyncOrganizationUsers, BlockingOrganizationUsers;
    }

    /// one page of invites (by default the pending ones; paged by the opaque `next_page`).
    /// Needs an admin key.
    ListInvites = "getOrganizationsInvites" GET ["/organizations/invites"] -> Page<OrganizationInvite> {
        query {
            /// The number of invites per page.
            limit: bare u32,
            /// An opaque cursor from a previous page's `next_page`.
            starting_after: bare String,
            /// An opaque cursor, paging backwards.
            ending_before: bare String,
            /// Only invites with this status (API default `pending`).
            status: opt InviteStatus,
        }
        pages OrganizationInvite, next_page;
        admin Admin;
        /// One page of invites
        request list for AsyncInvites, BlockingInvites;
        /// Every invite, following the opaque `next_page` cursor
        pages list_all for AsyncInvites, BlockingInvites;
    }

    /// invites 1 to 10 addresses as members, all or none (answer `201` with the invites; the
    /// API allows 10 such requests an hour). Other counts are refused before any I/O. Needs an
    /// admin key.
    CreateInvites = "postOrganizationsInvites" POST ["/organizations/invites"] -> Vec<OrganizationInvite> {
        admin Admin;
        json body: CreateInvitesRequest, check = one_to_ten_emails;
        /// Invites 1 to 10 addresses as members
        method create for AsyncInvites, BlockingInvites;
    }

    /// one invite. Needs an admin key.
    GetInvite = "getOrganizationsInvitesById" GET ["/organizations/invites/" {id: String}] -> OrganizationInvite {
        admin Admin;
        /// One invite
        method get for AsyncInvites, BlockingInvites;
    }

    /// cancels an invite (answer `204`). Needs an admin key.
    CancelInvite = "deleteOrganizationsInvitesById" DELETE ["/organizations/invites/" {id: String}] -> () {
        admin Admin;
        parse empty;
        /// Cancels an invite
        method cancel for AsyncInvites, BlockingInvites;
    }
}

cursor_list!(@setters ListOrganizationUsers, "user");
cursor_list!(@setters ListInvites, "invite");

/// Refuses an invite request with no address or more than the API takes, before any I/O.
fn one_to_ten_emails(request: &CreateInvites) -> Result<(), Error> {
    let n = request.body.emails.len();
    let max = CreateInvitesRequest::MAX_EMAILS;
    if n == 0 || n > max {
        return Err(InvalidRequest::new(
            "emails",
            format!("1 to {max} addresses per request, got {n}"),
        )
        .into());
    }
    Ok(())
}
