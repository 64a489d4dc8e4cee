//! Contract scenarios: webhooks (`/agents/webhooks*`).

use cartesia_core::endpoints::webhooks::{
    CreateWebhook, DeleteWebhook, GetWebhook, ListWebhooks, UpdateWebhook,
};
use cartesia_types::webhooks::{CreateWebhookBody, UpdateWebhookBody};
use cartesia_types::Timestamp;
use serde_json::json;

use crate::harness::Harness;
use crate::ops::{call_op, setup, Expected};
use crate::{Ctx, Reply};

fn webhook(id: &str) -> serde_json::Value {
    json!({
        "id": id,
        "url": "https://your-server.example/webhooks/cartesia",
        "created_at": "2026-03-01T12:00:00Z",
        "updated_at": "2026-03-02T08:30:00.25Z",
        "display_name": null,
    })
}

fn page(items: Vec<serde_json::Value>, has_more: bool) -> String {
    json!({"data": items, "has_more": has_more, "next_page": null}).to_string()
}

/// Every operation of this family: exact request, decoded response; paging through the list;
/// the secret never in `Debug`.
pub fn webhooks_operations<H: Harness>() {
    let (ctx, h) = setup::<H>();

    // GET /agents/webhooks
    let listed = call_op(
        &ctx,
        &h,
        &ListWebhooks::new().limit(2).starting_after("wh_0"),
        Reply::json(200, page(vec![webhook("wh_1"), webhook("wh_2")], false)),
        Expected::no_body("GET", "/agents/webhooks?starting_after=wh_0&limit=2"),
    );
    let ids: Vec<&str> = listed.data.iter().map(|w| w.id.as_str()).collect();
    assert_eq!(ids, ["wh_1", "wh_2"], "{}", H::NAME);
    assert_eq!(listed.has_more, Some(false));
    assert_eq!(listed.data[0].display_name, None);

    // POST /agents/webhooks: the only answer with the secret.
    let secret = "whsec_CONTRACT_0123";
    let created = call_op(
        &ctx,
        &h,
        &CreateWebhook::new(
            CreateWebhookBody::new("https://your-server.example/webhooks/cartesia", secret)
                .display_name("Production"),
        ),
        Reply::json(
            200,
            json!({
                "id": "wh_abc123",
                "url": "https://your-server.example/webhooks/cartesia",
                "secret": secret,
                "created_at": "2026-03-01T12:00:00Z",
                "updated_at": "2026-03-01T12:00:00Z",
                "display_name": "Production",
            })
            .to_string(),
        ),
        Expected::json(
            "POST",
            "/agents/webhooks",
            json!({
                "url": "https://your-server.example/webhooks/cartesia",
                "secret": secret,
                "display_name": "Production",
            }),
        ),
    );
    assert_eq!(created.id, "wh_abc123");
    assert_eq!(created.secret.expose_secret(), secret);
    assert_eq!(created.display_name.as_deref(), Some("Production"));
    assert_eq!(
        created.created_at,
        Timestamp::parse("2026-03-01T12:00:00Z").expect("timestamp")
    );
    let debug = format!("{created:?}");
    assert!(
        !debug.contains(secret),
        "{}: secret in Debug: {debug}",
        H::NAME
    );

    // GET /agents/webhooks/{webhook_id}
    let got = call_op(
        &ctx,
        &h,
        &GetWebhook::new("wh_abc123"),
        Reply::json(
            200,
            webhook("wh_abc123")
                .to_string()
                .replace("null", "\"Production\""),
        ),
        Expected::no_body("GET", "/agents/webhooks/wh_abc123"),
    );
    assert_eq!(got.id, "wh_abc123");
    assert_eq!(got.url, "https://your-server.example/webhooks/cartesia");
    assert_eq!(got.display_name.as_deref(), Some("Production"));
    assert_eq!(got.updated_at.to_string(), "2026-03-02T08:30:00.25Z");

    // PATCH /agents/webhooks/{webhook_id}: answers the ID as a JSON string.
    let updated = call_op(
        &ctx,
        &h,
        &UpdateWebhook::new(
            "wh_abc123",
            UpdateWebhookBody::new("https://new.example/hook").secret("rotated_secret"),
        ),
        Reply::json(200, "\"wh_abc123\""),
        Expected::json(
            "PATCH",
            "/agents/webhooks/wh_abc123",
            json!({"url": "https://new.example/hook", "secret": "rotated_secret"}),
        ),
    );
    assert_eq!(updated, "wh_abc123", "{}", H::NAME);
    let only_url = call_op(
        &ctx,
        &h,
        &UpdateWebhook::new("wh abc", UpdateWebhookBody::new("https://new.example/hook")),
        Reply::json(200, "\"wh abc\""),
        Expected::json(
            "PATCH",
            "/agents/webhooks/wh%20abc",
            json!({"url": "https://new.example/hook"}),
        ),
    );
    assert_eq!(only_url, "wh abc");

    // DELETE /agents/webhooks/{webhook_id}: answers the ID as a JSON string.
    let deleted = call_op(
        &ctx,
        &h,
        &DeleteWebhook::new("wh_abc123"),
        Reply::json(200, "\"wh_abc123\""),
        Expected::no_body("DELETE", "/agents/webhooks/wh_abc123"),
    );
    assert_eq!(deleted, "wh_abc123", "{}", H::NAME);

    webhooks_pagination(&ctx, &h);
}

fn webhooks_pagination<H: Harness>(ctx: &Ctx, h: &H) {
    let before = ctx.received().len();
    ctx.reply(Reply::json(
        200,
        page(vec![webhook("wh_1"), webhook("wh_2")], true),
    ));
    ctx.reply(Reply::json(
        200,
        page(vec![webhook("wh_3"), webhook("wh_4")], true),
    ));
    ctx.reply(Reply::json(200, page(vec![webhook("wh_5")], false)));
    let items = h
        .collect_pages(ctx, ListWebhooks::new().limit(2), None)
        .unwrap_or_else(|e| panic!("{}: {e}", H::NAME));
    let ids: Vec<&str> = items.iter().map(|w| w.id.as_str()).collect();
    assert_eq!(ids, ["wh_1", "wh_2", "wh_3", "wh_4", "wh_5"], "{}", H::NAME);
    let seen: Vec<String> = ctx.received()[before..]
        .iter()
        .map(|s| format!("{} {}", s.method, s.path_and_query))
        .collect();
    assert_eq!(
        seen,
        [
            "GET /agents/webhooks?limit=2",
            "GET /agents/webhooks?starting_after=wh_2&limit=2",
            "GET /agents/webhooks?starting_after=wh_4&limit=2",
        ],
        "{}",
        H::NAME
    );
}
