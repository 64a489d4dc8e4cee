//! `client.agents().webhooks()`.

use crate::resources::agents::{AsyncAgents, BlockingAgents};
use crate::resources::resource;

resource! {
    /// Webhooks: list, create, get, update, delete.
    AsyncWebhooks, BlockingWebhooks, webhooks on AsyncAgents, BlockingAgents {
    }
}
