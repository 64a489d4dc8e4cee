//! `client.agents().webhooks()`.

use cartesia_types::webhooks::{CreateWebhookBody, UpdateWebhookBody};

use crate::endpoints::webhooks::{
    CreateWebhook, DeleteWebhook, GetWebhook, ListWebhooks, UpdateWebhook,
};
use crate::resources::agents::{AsyncAgents, BlockingAgents};
use crate::resources::resource;

resource! {
    /// Webhooks: list, create, get, update, delete.
    AsyncWebhooks, BlockingWebhooks, webhooks on AsyncAgents, BlockingAgents {
        /// One page of webhooks, secrets omitted (`GET /agents/webhooks`); see
        /// [`list_all`](Self::list_all) to walk every page.
        fn list(request: ListWebhooks) -> ListWebhooks = request;
        /// Every webhook, page after page (`GET /agents/webhooks`).
        pages fn list_all(request: ListWebhooks) -> ListWebhooks = request;
        /// Creates a webhook (`POST /agents/webhooks`); the answer is the only one that
        /// carries the secret.
        fn create(body: CreateWebhookBody) -> CreateWebhook = CreateWebhook::new(body);
        /// One webhook, secret omitted (`GET /agents/webhooks/{webhook_id}`).
        fn get(webhook_id: &str) -> GetWebhook = GetWebhook::new(webhook_id);
        /// Updates a webhook (`PATCH /agents/webhooks/{webhook_id}`); returns the webhook's ID
        /// (the API answers with that JSON string, not the webhook).
        fn update(webhook_id: &str, body: UpdateWebhookBody) -> UpdateWebhook =
            UpdateWebhook::new(webhook_id, body);
        /// Deletes a webhook (`DELETE /agents/webhooks/{webhook_id}`); returns its ID.
        fn delete(webhook_id: &str) -> DeleteWebhook = DeleteWebhook::new(webhook_id);
    }
}
