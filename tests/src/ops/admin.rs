//! Contract scenarios: the admin-key operations: usage (`/usage/*`), API keys (`/api-keys*`),
//! organization users and invites (`/organizations/*`, paged by the opaque `next_page`).

use cartesia_core::endpoints::api_keys::{GetApiKey, ListApiKeys};
use cartesia_core::endpoints::organizations::{
    CancelInvite, CreateInvites, GetInvite, GetOrganizationUser, ListInvites,
    ListOrganizationUsers, RemoveOrganizationUser,
};
use cartesia_core::endpoints::usage::{GetUsageAgents, GetUsageCredits};
use cartesia_core::Error;
use cartesia_types::organizations::{CreateInvitesRequest, InviteStatus, OrganizationRole};
use cartesia_types::usage::{UsageCreditsData, UsageCreditsGroupBy, UsageInterval};
use cartesia_types::Timestamp;
use serde_json::json;

use crate::harness::Harness;
use crate::ops::{call_op, page_json, setup, Expected};
use crate::Reply;

/// Usage and API keys: exact queries, decoding (flat and grouped credits), and a 401 that
/// says an admin key is needed.
pub fn usage_and_api_keys_operations<H: Harness>() {
    let (ctx, h) = setup::<H>();
    let start = Timestamp::parse("2026-01-01T00:00:00Z").expect("timestamp");
    let end = Timestamp::parse("2026-02-01T00:00:00Z").expect("timestamp");

    let credits = call_op(
        &ctx,
        &h,
        &GetUsageCredits::new()
            .start_ts(start)
            .end_ts(end)
            .interval(UsageInterval::Week)
            .group_by(UsageCreditsGroupBy::ApiKey),
        Reply::json(
            200,
            json!({"group_by": "api_key", "data": [{"id": "key_1", "label": "CI", "buckets": [
                {"start_ts": "2026-01-01T00:00:00.000Z", "end_ts": "2026-01-08T00:00:00.000Z", "credits": 1200}]}]})
            .to_string(),
        ),
        Expected::no_body(
            "GET",
            "/usage/credits?start_ts=2026-01-01T00%3A00%3A00Z&end_ts=2026-02-01T00%3A00%3A00Z&interval=week&group_by=api_key",
        ),
    );
    assert!(
        matches!(credits.data, UsageCreditsData::Series(_)),
        "{}",
        H::NAME
    );
    assert_eq!(credits.total_credits(), 1200);

    let agents = call_op(
        &ctx,
        &h,
        &GetUsageAgents::new().interval(UsageInterval::Day),
        Reply::json(
            200,
            json!({"data": [{"start_ts": "2026-01-01T00:00:00Z", "end_ts": "2026-01-02T00:00:00Z",
                             "cents": 250, "minutes": 12.5, "calls": 3}]})
            .to_string(),
        ),
        Expected::no_body("GET", "/usage/agents?interval=day"),
    );
    assert_eq!((agents.data[0].cents, agents.data[0].calls), (250, 3));

    let key = json!({"id": "key_1", "description": "CI", "created_at": "2026-03-01T00:00:00Z",
                     "creator_email": null, "creator_still_in_org": null, "creator_image_url": null});
    let keys = call_op(
        &ctx,
        &h,
        &ListApiKeys::new().q("CI").limit(20),
        Reply::json(200, page_json(vec![key.clone()], false, None)),
        Expected::no_body("GET", "/api-keys?q=CI&limit=20"),
    );
    assert_eq!(keys.data[0].description, "CI");
    let got = call_op(
        &ctx,
        &h,
        &GetApiKey::new("key_1"),
        Reply::json(200, key.to_string()),
        Expected::no_body("GET", "/api-keys/key_1"),
    );
    assert_eq!(got.creator_email, None);

    // A standard key on an admin route: the error says what is needed.
    ctx.reply(Reply::json(
        401,
        r#"{"error_code":"unauthorized","title":"Unauthorized","message":"Invalid API key","request_id":"r1"}"#,
    ));
    match h.run(&ctx, &GetApiKey::new("key_1")) {
        Err(Error::Api(a)) => {
            assert!(a.admin_key_needed(), "{}", H::NAME);
            let shown = a.to_string();
            assert!(
                shown.contains("admin API key") && shown.contains("sk_car_admin_"),
                "{shown}"
            );
        }
        other => panic!("{}: expected a 401, got {other:?}", H::NAME),
    }
}

fn user(id: &str) -> serde_json::Value {
    json!({"id": id, "email": format!("{id}@example.com"), "name": null, "image_url": null,
           "role": "member", "created_at": "2026-03-01T00:00:00Z"})
}

fn invite(id: &str) -> serde_json::Value {
    json!({"id": id, "email": "new@example.com", "role": "member", "status": "pending",
           "created_at": "2026-03-01T00:00:00Z", "expires_at": null})
}

/// Organization users and invites: exact requests, decoding, the opaque `next_page` walk (the
/// cursor sent back is the page's `next_page`, not an item id; the walk ends when it is null),
/// and invites over 10 addresses refused before any I/O.
pub fn organizations_operations<H: Harness>() {
    let (ctx, h) = setup::<H>();

    let users = call_op(
        &ctx,
        &h,
        &ListOrganizationUsers::new().limit(2).q("example"),
        Reply::json(
            200,
            page_json(vec![user("u1"), user("u2")], true, Some("opaque+cursor/1")),
        ),
        Expected::no_body("GET", "/organizations/users?limit=2&q=example"),
    );
    assert_eq!(
        users.next_page.as_deref(),
        Some("opaque+cursor/1"),
        "{}",
        H::NAME
    );
    assert_eq!(users.data[0].role, OrganizationRole::Member);

    let got = call_op(
        &ctx,
        &h,
        &GetOrganizationUser::new("u1"),
        Reply::json(200, user("u1").to_string()),
        Expected::no_body("GET", "/organizations/users/u1"),
    );
    assert_eq!(got.email.as_deref(), Some("u1@example.com"));
    call_op(
        &ctx,
        &h,
        &RemoveOrganizationUser::new("u1"),
        Reply::raw(204, "text/plain", Vec::new()),
        Expected::no_body("DELETE", "/organizations/users/u1"),
    );

    let invites = call_op(
        &ctx,
        &h,
        &ListInvites::new()
            .status(InviteStatus::Pending)
            .starting_after("c1"),
        Reply::json(200, page_json(vec![invite("inv_1")], false, None)),
        Expected::no_body(
            "GET",
            "/organizations/invites?starting_after=c1&status=pending",
        ),
    );
    assert_eq!(invites.data[0].status, InviteStatus::Pending);
    let created = call_op(
        &ctx,
        &h,
        &CreateInvites::new(CreateInvitesRequest::new(["new@example.com"])),
        Reply::json(201, json!([invite("inv_2")]).to_string()),
        Expected::json(
            "POST",
            "/organizations/invites",
            json!({"emails": ["new@example.com"]}),
        ),
    );
    assert_eq!(created[0].id, "inv_2");
    let got = call_op(
        &ctx,
        &h,
        &GetInvite::new("inv_2"),
        Reply::json(200, invite("inv_2").to_string()),
        Expected::no_body("GET", "/organizations/invites/inv_2"),
    );
    assert_eq!(got.expires_at, None);
    call_op(
        &ctx,
        &h,
        &CancelInvite::new("inv_2"),
        Reply::raw(204, "text/plain", Vec::new()),
        Expected::no_body("DELETE", "/organizations/invites/inv_2"),
    );

    // The walk follows next_page, and stops when it is null (has_more notwithstanding).
    let before = ctx.received().len();
    ctx.reply(Reply::json(
        200,
        page_json(vec![user("u1"), user("u2")], true, Some("opaque+cursor/1")),
    ));
    ctx.reply(Reply::json(200, page_json(vec![user("u3")], true, None)));
    let all = h
        .collect_pages(&ctx, ListOrganizationUsers::new().limit(2), None)
        .unwrap();
    let ids: Vec<_> = all.iter().map(|u| u.id.as_str()).collect();
    assert_eq!(ids, ["u1", "u2", "u3"], "{}", H::NAME);
    let seen = ctx.received();
    assert_eq!(seen.len(), before + 2, "{}: the walk did not end", H::NAME);
    assert_eq!(
        seen[before + 1].path_and_query,
        "/organizations/users?limit=2&starting_after=opaque%2Bcursor%2F1"
    );

    // A repeated opaque cursor ends the walk with an error, not a loop.
    ctx.reply(Reply::json(
        200,
        page_json(vec![invite("i1")], true, Some("same")),
    ));
    ctx.reply(Reply::json(
        200,
        page_json(vec![invite("i2")], true, Some("same")),
    ));
    let e = h.collect_pages(&ctx, ListInvites::new(), None).unwrap_err();
    assert!(matches!(e, Error::Pagination(_)), "{}: {e:?}", H::NAME);

    // Eleven addresses: refused before any I/O.
    let before = ctx.received().len();
    let eleven: Vec<String> = (0..11).map(|i| format!("u{i}@example.com")).collect();
    let e = h
        .run(&ctx, &CreateInvites::new(CreateInvitesRequest::new(eleven)))
        .unwrap_err();
    assert!(matches!(e, Error::InvalidRequest(_)), "{}: {e:?}", H::NAME);
    assert_eq!(ctx.received().len(), before);
}
