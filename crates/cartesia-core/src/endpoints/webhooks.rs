//! Endpoints of the Agents API: webhooks (`/agents/webhooks`).
//!
//! A webhook's secret is returned only by [`CreateWebhook`]; the other answers omit it. Every
//! secret is a [`WebhookSecret`](cartesia_types::webhooks::WebhookSecret), whose `Debug` is
//! redacted, so printing an endpoint or an answer never shows it.

use cartesia_types::webhooks::{
    AgentWebhookSummary, AgentWebhookWithSecret, CreateWebhookBody, UpdateWebhookBody,
};
use cartesia_types::Page;

use super::declare::endpoints;
use crate::resources::{AsyncWebhooks, BlockingWebhooks};
#[cfg(test)]
use crate::{endpoint::Endpoint, error::Error};

endpoints! {
    impl AsyncWebhooks, BlockingWebhooks {
        /// one page of the organization's webhooks (secrets omitted).
        ///
        /// Cursor-paginated: use it with `pages(..)` / `list_all(..)` to walk every page.
        ListWebhooks = "webhooks_list" GET ["/agents/webhooks"] -> Page<AgentWebhookSummary>
            => request list, pages list_all {
            cursor [starting_after ending_before limit] "webhook" => AgentWebhookSummary;
        }

        /// creates a webhook. The answer is the only one that carries the secret.
        CreateWebhook = "webhooks_create" POST ["/agents/webhooks"] -> AgentWebhookWithSecret => method create {
            json body: CreateWebhookBody;
        }

        /// one webhook (secret omitted).
        GetWebhook = "webhooks_get" GET ["/agents/webhooks/" {webhook_id: String}] -> AgentWebhookSummary => method get;

        /// updates a webhook's `url` (required), and optionally its `secret` and `display_name`.
        ///
        /// The API answers with a JSON **string**, the ID of the updated webhook (not the webhook
        /// itself); that string is the output. Fetch the webhook with [`GetWebhook`] to see it.
        UpdateWebhook = "webhooks_update" PATCH ["/agents/webhooks/" {webhook_id: String}] -> String => method update {
            json body: UpdateWebhookBody;
        }

        /// deletes a webhook (detach it from its agents first, by clearing their `webhook_id`).
        /// The output is the JSON string the API answers: the ID of the deleted webhook.
        DeleteWebhook = "webhooks_delete" DELETE ["/agents/webhooks/" {webhook_id: String}] -> String => method delete;
    }
}

impl From<CreateWebhookBody> for CreateWebhook {
    fn from(body: CreateWebhookBody) -> Self {
        Self::new(body)
    }
}

#[cfg(test)]
mod tests {
    use crate::pager::Paginated;

    use cartesia_types::webhooks::WebhookSecret;

    use super::*;
    use crate::endpoints::steps::{self, json, refused, requests, resource_steps, with_ids};
    use crate::test_support::{build, ids, response};

    const SUMMARY: &str = r#"{"id":"wh_abc123","url":"https://your-server.example/webhooks/cartesia","created_at":"2026-03-01T12:00:00Z","updated_at":"2026-03-02T08:30:00.5Z","display_name":"Production"}"#;

    #[test]
    fn list_request_and_query_order() {
        requests! {
            ListWebhooks::new() => "GET /agents/webhooks";
            ListWebhooks::new().limit(5).starting_after("wh/9")
                => "GET /agents/webhooks?starting_after=wh%2F9&limit=5";
            // The two cursors exclude each other: the last one set wins.
            ListWebhooks::new().starting_after("a").ending_before("wh 0")
                => "GET /agents/webhooks?ending_before=wh%200";
            ListWebhooks::new().ending_before("b").starting_after("a").limit(100)
                => "GET /agents/webhooks?starting_after=a&limit=100";
        }
    }

    #[test]
    fn list_pages_by_last_id_and_drops_ending_before() {
        let first = ListWebhooks::new().limit(2).ending_before("x");
        let next = Paginated::starting_after(&first, "wh_2");
        assert_eq!(next.starting_after.as_deref(), Some("wh_2"));
        assert_eq!(next.ending_before, None);
        assert_eq!(next.limit, Some(2));
        requests! { next => "GET /agents/webhooks?starting_after=wh_2&limit=2"; }
    }

    #[test]
    fn list_decodes_a_page() {
        let body = format!(r#"{{"data":[{SUMMARY}],"has_more":true,"next_page":"wh_abc123"}}"#);
        let page = ListWebhooks::new().parse(response(200, &body)).unwrap();
        assert_eq!(page.data.len(), 1);
        assert_eq!(page.data[0].id, "wh_abc123");
        assert_eq!(page.data[0].display_name.as_deref(), Some("Production"));
        assert_eq!(page.has_more, Some(true));
        let empty = ListWebhooks::new()
            .parse(response(
                200,
                r#"{"data":[],"has_more":false,"next_page":null}"#,
            ))
            .unwrap();
        assert!(empty.data.is_empty());
        assert_eq!(empty.has_more, Some(false));
    }

    #[test]
    fn create_sends_the_body_and_decodes_the_secret() {
        let ep = CreateWebhook::new(
            CreateWebhookBody::new("https://your-server.example/webhooks/cartesia", "s3cr3t")
                .display_name("Production"),
        );
        let without_name = CreateWebhook::from(CreateWebhookBody::new("https://h", "x"));
        requests! {
            ep => "POST /agents/webhooks", serde_json::json!({
                "url": "https://your-server.example/webhooks/cartesia",
                "secret": "s3cr3t",
                "display_name": "Production",
            });
            without_name => "POST /agents/webhooks",
                serde_json::json!({"url": "https://h", "secret": "x"});
        }
        assert!(!ep.idempotent());
        let answer = SUMMARY.replace(r#""url""#, r#""secret":"s3cr3t","url""#);
        let w = ep.parse(response(200, &answer)).unwrap();
        assert_eq!(w.id, "wh_abc123");
        assert_eq!(w.secret, WebhookSecret::new("s3cr3t"));
        assert_eq!(w.secret.expose_secret(), "s3cr3t");
        assert_eq!(w.created_at.to_string(), "2026-03-01T12:00:00Z");
        assert_eq!(w.updated_at.to_string(), "2026-03-02T08:30:00.5Z");
    }

    #[test]
    fn secrets_never_show_in_debug() {
        let create = CreateWebhook::new(CreateWebhookBody::new("https://h", "create-secret"));
        let update = UpdateWebhook::new(
            "wh_1",
            UpdateWebhookBody::new("https://h").secret("update-secret"),
        );
        let answer = SUMMARY.replace(r#""url""#, r#""secret":"answer-secret","url""#);
        let created = create.parse(response(200, &answer)).unwrap();
        let debug = format!("{create:?} {update:?} {created:?} {created:#?}");
        for secret in ["create-secret", "update-secret", "answer-secret"] {
            assert!(!debug.contains(secret), "{secret} leaked: {debug}");
        }
        assert!(debug.contains("<redacted>"));
    }

    #[test]
    fn get_request_and_decoding() {
        let ep = GetWebhook::new("wh_abc123");
        requests! { ep => "GET /agents/webhooks/wh_abc123"; }
        let w = ep.parse(response(200, SUMMARY)).unwrap();
        assert_eq!(w.url, "https://your-server.example/webhooks/cartesia");
        let no_name = SUMMARY.replace(r#""Production""#, "null");
        assert_eq!(
            ep.parse(response(200, &no_name)).unwrap().display_name,
            None
        );
        // An answer missing a required field names it.
        let bad = SUMMARY.replace(r#""created_at":"2026-03-01T12:00:00Z","#, "");
        let err = ep.parse(response(200, &bad)).unwrap_err();
        assert!(err.to_string().contains("created_at"), "{err}");
    }

    #[test]
    fn not_found_is_an_api_error() {
        let body = r#"{"error_code":"webhook_not_found","title":"Not Found","message":"Webhook not found.","request_id":"r1"}"#;
        for err in [
            crate::pipeline::complete(&GetWebhook::new("wh_x"), response(404, body)).unwrap_err(),
            crate::pipeline::complete(&DeleteWebhook::new("wh_x"), response(404, body))
                .unwrap_err(),
        ] {
            let api = err.as_api().expect("an API error");
            assert_eq!(api.status(), http::StatusCode::NOT_FOUND);
            assert_eq!(api.message(), Some("Webhook not found."));
        }
    }

    #[test]
    fn update_sends_url_and_only_the_set_fields_and_reads_the_id_string() {
        let ep = UpdateWebhook::new("wh_abc123", UpdateWebhookBody::new("https://new.example/h"));
        let full = UpdateWebhook::new(
            "wh_abc123",
            UpdateWebhookBody::new("https://new.example/h")
                .secret("rotated")
                .display_name("Staging"),
        );
        requests! {
            ep => "PATCH /agents/webhooks/wh_abc123",
                serde_json::json!({"url": "https://new.example/h"});
            full => "PATCH /agents/webhooks/wh_abc123", serde_json::json!({
                "url": "https://new.example/h",
                "secret": "rotated",
                "display_name": "Staging",
            });
        }
        assert_eq!(
            ep.parse(response(200, r#""wh_abc123""#)).unwrap(),
            "wh_abc123"
        );
        // An object answer is not what the API documents: a decode error, not a panic.
        let err = ep.parse(response(200, SUMMARY)).unwrap_err();
        assert!(matches!(err, Error::Decode(_)), "{err:?}");
    }

    #[test]
    fn delete_request_and_id_string() {
        let ep = DeleteWebhook::new("wh_abc123");
        requests! { ep => "DELETE /agents/webhooks/wh_abc123"; }
        assert!(ep.idempotent());
        assert_eq!(
            ep.parse(response(200, r#""wh_abc123""#)).unwrap(),
            "wh_abc123"
        );
        assert!(ep.parse(response(200, "")).is_err());
    }

    #[test]
    fn ids_are_one_encoded_segment_and_bad_ids_are_refused() {
        requests! { GetWebhook::new("a/b?c") => "GET /agents/webhooks/a%2Fb%3Fc"; }
        for bad in ["", "..", "a\nb"] {
            let update = UpdateWebhook::new(bad, UpdateWebhookBody::new("https://h"));
            refused(
                bad,
                [
                    ("webhook_id", build(&GetWebhook::new(bad))),
                    ("webhook_id", build(&DeleteWebhook::new(bad))),
                    ("webhook_id", build(&update)),
                ],
            );
        }
    }

    /// A page of webhooks with these ids.
    fn page(ids: &[&str], more: bool) -> String {
        steps::page(with_ids(SUMMARY, "wh_abc123", ids), more)
    }

    resource_steps! {
        |client| {
            let webhooks = client.agents().webhooks();
        }
        run webhooks.list(ListWebhooks::new().limit(1));
            replies [json(200, &page(&["wh_1"], true))]
            sends [("GET", "/agents/webhooks?limit=1", "")]
            => |page| assert_eq!(page.unwrap().data.len(), 1);
        // An empty page ends the list.
        all webhooks.list_all(ListWebhooks::new());
            replies [json(200, &page(&["wh_1"], true)), json(200, &page(&[], true))]
            sends [
                ("GET", "/agents/webhooks", ""),
                ("GET", "/agents/webhooks?starting_after=wh_1", ""),
            ]
            => |all| assert_eq!(ids(&all.unwrap()), ["wh_1"]);
        run webhooks.create(CreateWebhookBody::new("https://h", "s"));
            replies [json(200, &SUMMARY.replace(r#""url""#, r#""secret":"s","url""#))]
            sends [("POST", "/agents/webhooks", r#"{"url":"https://h","secret":"s"}"#)]
            => |created| {
                let created = created.unwrap();
                assert_eq!(created.id, "wh_abc123");
                assert_eq!(created.secret.expose_secret(), "s");
            };
        run webhooks.get("wh_abc123");
            replies [json(200, SUMMARY)]
            sends [("GET", "/agents/webhooks/wh_abc123", "")]
            => |got| assert_eq!(got.unwrap().id, "wh_abc123");
        run webhooks.update("wh_abc123", UpdateWebhookBody::new("https://h2"));
            replies [json(200, r#""wh_abc123""#)]
            sends [("PATCH", "/agents/webhooks/wh_abc123", r#"{"url":"https://h2"}"#)]
            => |id| assert_eq!(id.unwrap(), "wh_abc123");
        run webhooks.delete("wh_abc123");
            replies [json(200, r#""wh_abc123""#)]
            sends [("DELETE", "/agents/webhooks/wh_abc123", "")]
            => |id| assert_eq!(id.unwrap(), "wh_abc123");
    }
}
