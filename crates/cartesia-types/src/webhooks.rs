//! Models of the Agents API: webhooks.
//!
//! A webhook is an HTTPS endpoint Cartesia POSTs call events to, with a shared secret echoed in
//! the `X-Webhook-Secret` header of every delivery. The secret is returned only once, by
//! *Create Webhook* ([`AgentWebhookWithSecret`]); every other answer omits it
//! ([`AgentWebhookSummary`]). The secret is held in a [`WebhookSecret`], whose `Debug` never
//! shows it.

use serde::{Deserialize, Serialize};

use crate::model::model;

use crate::Timestamp;

crate::__secret_string! {
    /// A webhook's shared secret: sent in the `X-Webhook-Secret` header of every delivery.
    ///
    /// Its `Debug` prints `WebhookSecret(<redacted>)` and it has no `Display`, so it cannot end up
    /// in a log line by accident; read it with [`expose_secret`](Self::expose_secret). On the wire
    /// it is a plain JSON string.
    ///
    /// ```
    /// use cartesia_types::webhooks::WebhookSecret;
    ///
    /// let secret = WebhookSecret::new("whsec_123");
    /// assert_eq!(format!("{secret:?}"), "WebhookSecret(<redacted>)");
    /// assert_eq!(secret.expose_secret(), "whsec_123");
    /// ```
    #[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(transparent)]
    pub struct WebhookSecret;
    /// Wraps a secret.
    fn new;
    /// The secret itself (e.g. to compare with the `X-Webhook-Secret` header of a delivery).
    /// Take care where it goes.
    fn expose_secret;
}

model! {
    /// A webhook without its secret (`GET /agents/webhooks`, `GET /agents/webhooks/{webhook_id}`).
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct AgentWebhookSummary {
        /// The ID of the webhook.
        pub id: String => into,
        /// The HTTPS endpoint Cartesia POSTs call events to.
        pub url: String => into,
        /// When the webhook was created (UTC).
        pub created_at: Timestamp => arg,
        /// When the webhook was last updated (UTC).
        pub updated_at: Timestamp => arg,
        /// A name to identify the webhook, if one was given.
        pub display_name?: String,
    }

    /// A webhook with the required fields, e.g. for a test double.
    fn new;
}

crate::page::has_id!(AgentWebhookSummary, AgentWebhookWithSecret);

model! {
    /// A webhook with its secret: the answer of `POST /agents/webhooks`, the only time the secret
    /// is returned. `Debug` redacts the secret.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct AgentWebhookWithSecret {
        /// The ID of the webhook.
        pub id: String => into,
        /// The HTTPS endpoint Cartesia POSTs call events to.
        pub url: String => into,
        /// The shared secret echoed in the `X-Webhook-Secret` header of every delivery.
        pub secret: WebhookSecret => into,
        /// When the webhook was created (UTC).
        pub created_at: Timestamp => arg,
        /// When the webhook was last updated (UTC).
        pub updated_at: Timestamp => arg,
        /// A name to identify the webhook, if one was given.
        pub display_name?: String,
    }

    /// A webhook with the required fields, e.g. for a test double.
    fn new;
}

impl From<AgentWebhookWithSecret> for AgentWebhookSummary {
    /// Drops the secret.
    fn from(w: AgentWebhookWithSecret) -> Self {
        Self {
            id: w.id,
            url: w.url,
            created_at: w.created_at,
            updated_at: w.updated_at,
            display_name: w.display_name,
        }
    }
}

model! {
    /// The body of `POST /agents/webhooks`. `Debug` redacts the secret.
    ///
    /// ```
    /// use cartesia_types::webhooks::CreateWebhookBody;
    ///
    /// let body = CreateWebhookBody::new("https://example.com/hook", "s3cret").display_name("Prod");
    /// # fn j<T: serde::Serialize>(v: &T) -> String { serde_json::to_string(v).unwrap() }
    /// assert_eq!(
    ///     j(&body),
    ///     r#"{"url":"https://example.com/hook","secret":"s3cret","display_name":"Prod"}"#
    /// );
    /// assert!(!format!("{body:?}").contains("s3cret"));
    /// ```
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct CreateWebhookBody {
        /// The HTTPS endpoint Cartesia POSTs call events to.
        pub url: String => into,
        /// The shared secret echoed in the `X-Webhook-Secret` header of every delivery.
        pub secret: WebhookSecret => into,
        /// A name to identify the webhook.
        pub display_name?: String,
    }

    /// A webhook posting to `url` with `secret`.
    fn new;

    /// Sets a name to identify the webhook.
    fn display_name(display_name: impl Into<String>) = Some;
}

model! {
    /// The body of `PATCH /agents/webhooks/{webhook_id}`. `url` is required (as of the 2026-03-01
    /// docs); leave `secret` unset to keep the existing secret. `Debug` redacts the secret.
    ///
    /// ```
    /// use cartesia_types::webhooks::UpdateWebhookBody;
    ///
    /// let body = UpdateWebhookBody::new("https://example.com/v2");
    /// # fn j<T: serde::Serialize>(v: &T) -> String { serde_json::to_string(v).unwrap() }
    /// assert_eq!(j(&body), r#"{"url":"https://example.com/v2"}"#);
    /// let body = body.secret("rotated").display_name("Prod");
    /// assert_eq!(
    ///     j(&body),
    ///     r#"{"url":"https://example.com/v2","secret":"rotated","display_name":"Prod"}"#
    /// );
    /// ```
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct UpdateWebhookBody {
        /// The HTTPS endpoint Cartesia POSTs call events to.
        pub url: String => into,
        /// A new shared secret; `None` keeps the existing one (the key is not sent).
        pub secret?: WebhookSecret,
        /// A new name to identify the webhook; `None` leaves it unchanged (the key is not sent).
        pub display_name?: String,
    }

    /// An update setting the webhook's `url` (required by the API on every update).
    fn new;

    /// Replaces the shared secret.
    fn secret(secret: impl Into<WebhookSecret>) = Some;

    /// Sets a new name to identify the webhook.
    fn display_name(display_name: impl Into<String>) = Some;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::HasId;
    use crate::Page;

    const SUMMARY: &str = r#"{"id":"wh_abc123","url":"https://your-server.example/webhooks/cartesia","created_at":"2026-03-01T12:00:00Z","updated_at":"2026-03-31T17:37:05.961874Z","display_name":"Production"}"#;
    const WITH_SECRET: &str = r#"{"id":"wh_abc123","url":"https://your-server.example/webhooks/cartesia","secret":"YOUR_WEBHOOK_SECRET","created_at":"2026-03-01T12:00:00Z","updated_at":"2026-03-01T12:00:00.000Z","display_name":null}"#;

    #[test]
    fn decodes_a_summary() {
        let w: AgentWebhookSummary = serde_json::from_str(SUMMARY).unwrap();
        assert_eq!(w.id, "wh_abc123");
        assert_eq!(HasId::id(&w), "wh_abc123");
        assert_eq!(w.url, "https://your-server.example/webhooks/cartesia");
        assert_eq!(w.created_at.to_string(), "2026-03-01T12:00:00Z");
        assert_eq!(w.updated_at.to_string(), "2026-03-31T17:37:05.961874Z");
        assert_eq!(w.display_name.as_deref(), Some("Production"));
    }

    #[test]
    fn display_name_may_be_null_or_absent_and_unknown_fields_are_ignored() {
        let null = SUMMARY.replace(r#""Production""#, "null");
        let w: AgentWebhookSummary = serde_json::from_str(&null).unwrap();
        assert_eq!(w.display_name, None);
        let absent = SUMMARY.replace(r#","display_name":"Production""#, "");
        let w: AgentWebhookSummary = serde_json::from_str(&absent).unwrap();
        assert_eq!(w.display_name, None);
        let extra = SUMMARY.replace(
            r#""id""#,
            r#""secret":"leak?","events":["call.ended"],"id""#,
        );
        let w: AgentWebhookSummary = serde_json::from_str(&extra).unwrap();
        assert_eq!(w.id, "wh_abc123");
    }

    crate::test_support::required_fields! {
        fn summary_required_fields {
            AgentWebhookSummary: SUMMARY => ["id", "url", "created_at", "updated_at"];
        }
    }

    #[test]
    fn with_secret_decodes_and_redacts() {
        let w: AgentWebhookWithSecret = serde_json::from_str(WITH_SECRET).unwrap();
        assert_eq!(w.secret.expose_secret(), "YOUR_WEBHOOK_SECRET");
        assert_eq!(w.display_name, None);
        let debug = format!("{w:?} {w:#?}");
        assert!(!debug.contains("YOUR_WEBHOOK_SECRET"), "{debug}");
        assert!(debug.contains("<redacted>"), "{debug}");
        assert!(debug.contains("wh_abc123"), "{debug}");
        let summary = AgentWebhookSummary::from(w.clone());
        assert_eq!(summary.id, w.id);
        assert_eq!(summary.created_at, w.created_at);
        // Round trip keeps the secret on the wire.
        let back: AgentWebhookWithSecret =
            serde_json::from_str(&serde_json::to_string(&w).unwrap()).unwrap();
        assert_eq!(back, w);
        let mut v: serde_json::Value = serde_json::from_str(WITH_SECRET).unwrap();
        v.as_object_mut().unwrap().remove("secret");
        let err = serde_json::from_value::<AgentWebhookWithSecret>(v).unwrap_err();
        assert!(err.to_string().contains("secret"), "{err}");
    }

    #[test]
    fn list_page_decodes() {
        let json = format!(r#"{{"data":[{SUMMARY}],"has_more":false,"next_page":null}}"#);
        let page: Page<AgentWebhookSummary> = serde_json::from_str(&json).unwrap();
        assert_eq!(page.data.len(), 1);
        assert_eq!(page.has_more, Some(false));
        assert_eq!(page.next_page, None);
    }

    #[test]
    fn bodies_serialise_and_redact() {
        let create = CreateWebhookBody::new("https://x.example/h", "topsecret");
        assert_eq!(
            serde_json::to_value(&create).unwrap(),
            serde_json::json!({"url": "https://x.example/h", "secret": "topsecret"})
        );
        let update = UpdateWebhookBody::new("https://x.example/h2").secret("newsecret");
        assert_eq!(
            serde_json::to_value(&update).unwrap(),
            serde_json::json!({"url": "https://x.example/h2", "secret": "newsecret"})
        );
        let debug = format!("{create:?} {update:?} {:?}", WebhookSecret::from("plain"));
        for s in ["topsecret", "newsecret", "plain"] {
            assert!(!debug.contains(s), "{debug}");
        }
    }
}
