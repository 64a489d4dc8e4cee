//! Agents: list, get, update, delete; their phone numbers and deployments; templates.

use serde_json::{json, Value};

use super::S;
use crate::error::ApiError;
use crate::store::{field, Store};
use crate::support::{no_content, now, ok, position_or, Field, JsonBody, Reply, P};

crate::error::not_found_errors! {
    pub(crate) agent_not_found: "agent_not_found", "Agent";
}

/// Where agent `agent_id` is in the store's list, or `404 agent_not_found`.
fn agent_index(store: &Store, agent_id: &str) -> Result<usize, ApiError> {
    position_or(
        &store.agents,
        |a| field(a, "id") == agent_id,
        agent_not_found,
    )
}

/// `GET /agents`: `{"summaries": [AgentSummary, ...]}`.
pub(crate) async fn list(state: S) -> Reply {
    let store = state.store();
    let summaries: Vec<Value> = store
        .agents
        .iter()
        .map(|a| store.agent_summary(a))
        .collect();
    Ok(ok(&json!({ "summaries": summaries })))
}

/// `GET /agents/{agent_id}`: one `AgentSummary`.
pub(crate) async fn get(state: S, P(agent_id): P<String>) -> Reply {
    let store = state.store();
    let agent = store.agent(&agent_id).ok_or_else(agent_not_found)?;
    Ok(ok(&store.agent_summary(agent)))
}

/// `PATCH /agents/{agent_id}` with an `UpdateAgentRequest`: `null` leaves `name`,
/// `tts_voice` and `tts_language` as they are and clears `description` and
/// `webhook_id`; a `webhook_id` must name a webhook.
pub(crate) async fn update(state: S, P(agent_id): P<String>, JsonBody(body): JsonBody) -> Reply {
    let mut store = state.store();
    let index = agent_index(&store, &agent_id)?;
    let mut changes: Vec<(&str, Value)> = Vec::new();
    for key in ["name", "tts_voice", "tts_language"] {
        if let Field::Set(v) = body.str_field(key)? {
            if v.is_empty() {
                return Err(ApiError::unprocessable(format!(
                    "`body.{key}` must not be empty."
                )));
            }
            changes.push((key, v.into()));
        }
    }
    match body.str_field("description")? {
        Field::Set(v) => changes.push(("description", v.into())),
        Field::Null => changes.push(("description", Value::Null)),
        Field::Absent => {}
    }
    match body.str_field("webhook_id")? {
        Field::Set(id) => {
            if !store.webhooks.iter().any(|w| field(&w.summary, "id") == id) {
                return Err(ApiError::not_found("webhook_not_found", "Webhook"));
            }
            changes.push(("webhook_id", id.into()));
        }
        Field::Null => changes.push(("webhook_id", Value::Null)),
        Field::Absent => {}
    }
    if let Some(name) = changes
        .iter()
        .find(|(k, _)| *k == "name")
        .map(|(_, v)| v.clone())
    {
        let taken = store
            .agents
            .iter()
            .enumerate()
            .any(|(i, a)| i != index && a.get("name") == Some(&name));
        if taken {
            return Err(ApiError::conflict(
                "agent_name_taken",
                "Another agent already has this name.",
            ));
        }
    }
    let agent = &mut store.agents[index];
    for (key, value) in changes {
        agent.insert(key.into(), value);
    }
    agent.insert("updated_at".into(), now().into());
    let agent = store.agents[index].clone();
    Ok(ok(&store.agent_summary(&agent)))
}

/// `DELETE /agents/{agent_id}`: `204`; its numbers are unassigned, its deployments and
/// metric attachments go, its calls stay.
pub(crate) async fn delete(state: S, P(agent_id): P<String>) -> Reply {
    let mut store = state.store();
    let index = agent_index(&store, &agent_id)?;
    store.agents.remove(index);
    for n in &mut store.numbers {
        if n.assigned.as_deref() == Some(agent_id.as_str()) {
            n.assigned = None;
        }
    }
    store
        .deployments
        .retain(|d| d["agent_id"].as_str() != Some(agent_id.as_str()));
    store.agent_metrics.retain(|(a, _)| *a != agent_id);
    for folder in &mut store.folders {
        folder.agents.retain(|a| *a != agent_id);
    }
    Ok(no_content())
}

/// `GET /agents/{agent_id}/phone-numbers`: the agent's `PhoneNumber`s.
pub(crate) async fn phone_numbers(state: S, P(agent_id): P<String>) -> Reply {
    let store = state.store();
    store.agent(&agent_id).ok_or_else(agent_not_found)?;
    Ok(ok(&store.legacy_numbers(&agent_id)))
}

/// `GET /agents/{agent_id}/deployments`: the agent's `Deployment`s, newest first.
pub(crate) async fn deployments(state: S, P(agent_id): P<String>) -> Reply {
    let store = state.store();
    store.agent(&agent_id).ok_or_else(agent_not_found)?;
    let list: Vec<Value> = store
        .deployments
        .iter()
        .filter(|d| d["agent_id"].as_str() == Some(agent_id.as_str()))
        .cloned()
        .collect();
    Ok(ok(&Value::Array(list)))
}

/// `GET /agents/deployments/{deployment_id}`: one `Deployment`.
pub(crate) async fn deployment(state: S, P(deployment_id): P<String>) -> Reply {
    let store = state.store();
    store
        .deployments
        .iter()
        .find(|d| d["id"].as_str() == Some(deployment_id.as_str()))
        .map(ok)
        .ok_or_else(|| ApiError::not_found("deployment_not_found", "Deployment"))
}

/// `GET /agents/templates`: `{"templates": [AgentTemplate, ...]}`.
pub(crate) async fn templates(state: S) -> Reply {
    let store = state.store();
    Ok(ok(&json!({ "templates": store.templates })))
}
