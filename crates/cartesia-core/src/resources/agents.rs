//! `client.agents()`: agents, their phone numbers, deployments and templates.

use cartesia_types::agents::UpdateAgentRequest;

use crate::endpoints::agents::{
    DeleteAgent, GetAgent, GetDeployment, ListAgents, ListDeployments, ListPhoneNumbers,
    ListTemplates, UpdateAgent,
};
use crate::resources::resource;

resource! {
    /// The Agents API: agents, their phone numbers, calls and more.
    AsyncAgents, BlockingAgents, agents on client {
        /// Every agent of the account (`GET /agents`; not paginated).
        fn list() -> ListAgents = ListAgents::new();
        /// One agent (`GET /agents/{agent_id}`).
        fn get(agent_id: &str) -> GetAgent = GetAgent::new(agent_id);
        /// Changes an agent and returns it as updated (`PATCH /agents/{agent_id}`).
        fn update(agent_id: &str, body: UpdateAgentRequest) -> UpdateAgent = UpdateAgent::new(agent_id, body);
        /// Deletes an agent (`DELETE /agents/{agent_id}`).
        fn delete(agent_id: &str) -> DeleteAgent = DeleteAgent::new(agent_id);
        /// The phone numbers of an agent (`GET /agents/{agent_id}/phone-numbers`).
        fn list_phone_numbers(agent_id: &str) -> ListPhoneNumbers = ListPhoneNumbers::new(agent_id);
        /// Every deployment of an agent (`GET /agents/{agent_id}/deployments`).
        fn list_deployments(agent_id: &str) -> ListDeployments = ListDeployments::new(agent_id);
        /// One deployment (`GET /agents/deployments/{deployment_id}`).
        fn get_deployment(deployment_id: &str) -> GetDeployment = GetDeployment::new(deployment_id);
        /// The public, Cartesia-provided agent templates (`GET /agents/templates`).
        fn templates() -> ListTemplates = ListTemplates::new();
    }
}
