//! `client.agents()`: agents, their phone numbers, deployments and templates.

use crate::endpoints::agents::ListPhoneNumbers;
use crate::resources::resource;

resource! {
    /// The Agents API: agents, their phone numbers, calls and more.
    AsyncAgents, BlockingAgents, agents on client {
        /// The phone numbers of an agent (`GET /agents/{agent_id}/phone-numbers`).
        fn list_phone_numbers(agent_id: &str) -> ListPhoneNumbers = ListPhoneNumbers::new(agent_id);
    }
}
