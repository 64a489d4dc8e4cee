//! Webhooks: list, create (the only answer with the secret), get, update, delete.

use serde_json::{json, Map, Value};

use super::{get_one, list_page, refuse_if_used, remove_one, S};
use crate::error::ApiError;
use crate::store::{field, WebhookRec};
use crate::support::{now, ok, JsonBody, Reply, P, Q};

crate::error::not_found_errors! {
    webhook_not_found: "webhook_not_found", "Webhook";
}

crate::store::listed! {
    WebhookRec in webhooks, webhook_not_found, |w| field(&w.summary, "id");
}

/// A `url` must be absolute `http(s)`.
fn check_url(url: &str) -> Result<(), ApiError> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    match rest {
        Some(host)
            if !host.is_empty() && !host.starts_with('/') && !url.contains(char::is_whitespace) =>
        {
            Ok(())
        }
        _ => Err(ApiError::unprocessable(
            "`body.url` must be an absolute http(s) URL.",
        )),
    }
}

/// `GET /agents/webhooks`: a page of `AgentWebhookSummary`s (no secrets).
pub(crate) async fn list(state: S, q: Q) -> Reply {
    list_page(
        &state,
        &q,
        |_| true,
        |_, w: &WebhookRec| Value::Object(w.summary.clone()),
    )
}

/// `POST /agents/webhooks` with a `CreateWebhookBody`: `200` with the
/// `AgentWebhookWithSecret`.
pub(crate) async fn create(state: S, JsonBody(body): JsonBody) -> Reply {
    let url = body.req_str("url")?;
    check_url(&url)?;
    let secret = body.req_nonempty("secret")?;
    let display_name = body.opt_str("display_name")?;
    let mut store = state.store();
    let stamp = now();
    let summary = json!({
        "id": store.ids.next("wh"),
        "url": url,
        "display_name": display_name,
        "created_at": stamp,
        "updated_at": stamp,
    });
    let Value::Object(summary) = summary else {
        return Err(webhook_not_found());
    };
    let mut answer = summary.clone();
    answer.insert("secret".into(), secret.clone().into());
    store.webhooks.push(WebhookRec { summary, secret });
    Ok(ok(&Value::Object(answer)))
}

/// `GET /agents/webhooks/{webhook_id}`: the summary (no secret).
pub(crate) async fn get(state: S, P(webhook_id): P<String>) -> Reply {
    get_one(&state, &webhook_id, |_, w: &WebhookRec| {
        Value::Object(w.summary.clone())
    })
}

/// `PATCH /agents/webhooks/{webhook_id}` with an `UpdateWebhookBody` (`url` required):
/// `200` with the webhook's id as a JSON string.
pub(crate) async fn update(state: S, P(webhook_id): P<String>, JsonBody(body): JsonBody) -> Reply {
    let url = body.req_str("url")?;
    check_url(&url)?;
    let secret = body.opt_str("secret")?;
    if secret.as_deref() == Some("") {
        return Err(ApiError::unprocessable("`body.secret` must not be empty."));
    }
    let display_name = body.opt_str("display_name")?;
    let has_display_name = body.has("display_name");
    let mut store = state.store();
    let i = store.index_of::<WebhookRec>(&webhook_id)?;
    let webhook = &mut store.webhooks[i];
    let summary: &mut Map<String, Value> = &mut webhook.summary;
    summary.insert("url".into(), url.into());
    if has_display_name {
        summary.insert(
            "display_name".into(),
            display_name.map_or(Value::Null, Value::from),
        );
    }
    summary.insert("updated_at".into(), now().into());
    if let Some(secret) = secret {
        webhook.secret = secret;
    }
    Ok(ok(&Value::String(webhook_id)))
}

/// `DELETE /agents/webhooks/{webhook_id}`: `200` with the id as a JSON string; `409`
/// while an agent uses it.
pub(crate) async fn delete(state: S, P(webhook_id): P<String>) -> Reply {
    remove_one::<WebhookRec>(&state, &webhook_id, |store, _| {
        refuse_if_used(
            &store.agents,
            |a| a.get("webhook_id")?.as_str(),
            &webhook_id,
            ApiError::conflict(
                "webhook_in_use",
                "Detach this webhook from every agent (clear their `webhook_id`) before deleting it.",
            ),
        )
    })?;
    Ok(ok(&Value::String(webhook_id)))
}
