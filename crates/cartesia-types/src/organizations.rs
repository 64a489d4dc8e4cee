//! Models of the organizations API (`/organizations/users`, `/organizations/invites`; admin key
//! only). These lists page with the opaque `next_page` cursor, not with item ids.
//!
//! Only the newest docs show some of these operations, so optional and unknown values are
//! decoded leniently (open enums, `Option`s).

use serde::{Deserialize, Serialize};

use crate::model::model;

use crate::Timestamp;

crate::open_enum! {
    /// A member's role (`admin`, `member`).
    pub enum OrganizationRole {
        /// An administrator.
        Admin => "admin",
        /// A member.
        Member => "member",
    }
}

crate::open_enum! {
    /// The status of an invite.
    pub enum InviteStatus {
        /// Sent, not yet answered.
        Pending => "pending",
        /// Accepted.
        Accepted => "accepted",
        /// Cancelled.
        Revoked => "revoked",
        /// Expired.
        Expired => "expired",
    }
}

model! {
    /// A user of the organization (`OrganizationUser`).
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct OrganizationUser {
        /// The user's stable id.
        pub id: String => into,
        /// Their email, if known.
        pub email: Option<String>,
        /// Their full name, if known.
        pub name: Option<String>,
        /// Their profile image URL, if any.
        pub image_url: Option<String>,
        /// Their role.
        pub role: OrganizationRole => arg,
        /// When they joined (UTC).
        pub created_at: Option<Timestamp>,
    }

    /// A user, e.g. for a test double.
    fn new;
}

crate::page::has_id!(OrganizationUser, OrganizationInvite);

model! {
    /// An invite to join the organization (`OrganizationInvite`).
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct OrganizationInvite {
        /// The invite's id.
        pub id: String => into,
        /// The invited address.
        pub email: String => into,
        /// The role the user gets on accepting.
        pub role: OrganizationRole = OrganizationRole::Member,
        /// Its status.
        pub status: InviteStatus = InviteStatus::Pending,
        /// When it was sent (UTC).
        pub created_at: Option<Timestamp>,
        /// When it expires, if it does.
        pub expires_at: Option<Timestamp>,
    }

    /// A pending member invite, e.g. for a test double.
    fn new;
}

/// The body of `POST /organizations/invites` (`CreateOrganizationInvitesRequest`): 1 to
/// [`MAX_EMAILS`](Self::MAX_EMAILS) addresses, each invited as a member, all or none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CreateInvitesRequest {
    /// The addresses to invite.
    pub emails: Vec<String>,
}

impl CreateInvitesRequest {
    /// The most addresses one request takes.
    pub const MAX_EMAILS: usize = 10;

    /// Invites these addresses.
    pub fn new(emails: impl IntoIterator<Item = impl Into<String>>) -> Self {
        Self {
            emails: emails.into_iter().map(Into::into).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lenient_users_and_invites() {
        let u: OrganizationUser =
            serde_json::from_str(r#"{"id":"u1","email":null,"role":"owner"}"#).unwrap();
        assert_eq!(u.role, OrganizationRole::Unknown("owner".into()));
        let i: OrganizationInvite = serde_json::from_str(
            r#"{"id":"i1","email":"a@b.c","role":"member","status":"pending",
                "created_at":"2026-03-01T00:00:00Z","expires_at":null}"#,
        )
        .unwrap();
        assert_eq!(i.status, InviteStatus::Pending);
        assert_eq!(i.expires_at, None);
    }
}
