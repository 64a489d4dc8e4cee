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
    impl AsyncOrganizationUsers, BlockingOrganizationUsers {
        /// one page of the organization's users (paged by the opaque `next_page`). Needs an admin
        /// key.
        ListOrganizationUsers = "getOrganizationsUsers" GET ["/organizations/users"] -> Page<OrganizationUser>
            => request list, pages list_all {
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
        }

        /// one user of the organization. Needs an admin key.
        GetOrganizationUser = "getOrganizationsUsersById" GET ["/organizations/users/" {id: String}] -> OrganizationUser
            => method get {
            admin Admin;
        }

        /// removes a user from the organization (answer `204`). Needs an admin key.
        RemoveOrganizationUser = "deleteOrganizationsUsersById" DELETE ["/organizations/users/" {id: String}] -> ()
            => method remove {
            admin Admin;
            parse empty;
        }
    }

    impl AsyncInvites, BlockingInvites {
        /// one page of invites (by default the pending ones; paged by the opaque `next_page`).
        /// Needs an admin key.
        ListInvites = "getOrganizationsInvites" GET ["/organizations/invites"] -> Page<OrganizationInvite>
            => request list, pages list_all {
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
        }

        /// invites 1 to 10 addresses as members, all or none (answer `201` with the invites; the
        /// API allows 10 such requests an hour). Other counts are refused before any I/O. Needs an
        /// admin key.
        CreateInvites = "postOrganizationsInvites" POST ["/organizations/invites"] -> Vec<OrganizationInvite>
            => method create {
            admin Admin;
            json body: CreateInvitesRequest, check = one_to_ten_emails;
        }

        /// one invite. Needs an admin key.
        GetInvite = "getOrganizationsInvitesById" GET ["/organizations/invites/" {id: String}] -> OrganizationInvite
            => method get {
            admin Admin;
        }

        /// cancels an invite (answer `204`). Needs an admin key.
        CancelInvite = "deleteOrganizationsInvitesById" DELETE ["/organizations/invites/" {id: String}] -> ()
            => method cancel {
            admin Admin;
            parse empty;
        }
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
