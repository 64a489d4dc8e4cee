//! Contract scenarios: agents (list, get, update, delete, phone numbers, deployments,
//! templates).

use cartesia_core::endpoints::agents::{
    DeleteAgent, GetAgent, GetDeployment, ListAgents, ListDeployments, ListPhoneNumbers,
    ListTemplates, UpdateAgent,
};
use cartesia_types::agents::{
    DeploymentStatus, GitRepository, PhoneNumberSummary, UpdateAgentRequest,
};
use cartesia_types::{Patch, Timestamp};
use serde_json::json;

use super::{call_op, setup, Expected};
use crate::harness::Harness;
use crate::Reply;

fn ts(s: &str) -> Timestamp {
    Timestamp::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
}

/// The spec's `AgentSummary` example.
fn agent_json() -> serde_json::Value {
    json!({
        "id": "agent_abc123",
        "name": "customer-support",
        "description": "Handles support calls",
        "created_at": "2026-03-01T00:00:00Z",
        "updated_at": "2026-03-01T00:00:00Z",
        "tts_voice": "6ccbfb76-1fc6-48f7-b71d-91ac6298247b",
        "tts_language": "en",
        "webhook_id": null,
        "deleted_at": null,
        "git_repository": null,
        "git_deploy_branch": null,
        "phone_numbers": [{"id": "pn_abc123", "number": "+14155551234"}],
        "has_text_to_agent_run": false,
        "deployment_count": 1
    })
}

fn deployment_json(id: &str, status: &str) -> serde_json::Value {
    json!({
        "id": id,
        "agent_id": "agent_abc123",
        "status": status,
        "is_pinned": true,
        "is_live": false,
        "env_var_collection_id": "env_1",
        "source_code_file_id": "file_1",
        "git_commit_hash": "0a1b2c3d",
        "created_at": "2026-03-01T12:00:00Z",
        "updated_at": "2026-03-01T12:05:00.961874Z",
        "build_completed_at": "2026-03-01T12:02:00Z",
        "build_error": null,
        "build_logs": "Step 1/4: FROM python",
        "build_started_at": "2026-03-01T12:00:01Z",
        "deployment_started_at": "2026-03-01T12:02:01Z",
        "deployment_completed_at": "2026-03-01T14:03:00+02:00"
    })
}

/// Every operation of the agents family: exact request, decoded response.
pub fn agents_operations<H: Harness>() {
    let (ctx, h) = setup::<H>();

    // GET /agents: {summaries}, not paginated (no query).
    let minimal = json!({
        "id": "agent_2", "name": "sales", "created_at": "2026-03-02T08:00:00.5Z",
        "updated_at": "2026-03-02T09:00:00Z", "tts_voice": "v2", "tts_language": "fr",
        "has_text_to_agent_run": true, "deployment_count": 0, "added_later": {"x": 1}
    });
    let list = call_op(
        &ctx,
        &h,
        &ListAgents::new(),
        Reply::json(
            200,
            json!({"summaries": [agent_json(), minimal]}).to_string(),
        ),
        Expected::no_body("GET", "/agents"),
    );
    assert_eq!(list.summaries.len(), 2, "{}", H::NAME);
    let a = &list.summaries[0];
    assert_eq!(a.id, "agent_abc123");
    assert_eq!(a.name, "customer-support");
    assert_eq!(a.description.as_deref(), Some("Handles support calls"));
    assert_eq!(a.created_at, ts("2026-03-01T00:00:00Z"));
    assert_eq!(a.updated_at, ts("2026-03-01T00:00:00Z"));
    assert_eq!(a.tts_voice, "6ccbfb76-1fc6-48f7-b71d-91ac6298247b");
    assert_eq!(a.tts_language, "en");
    assert_eq!(
        (
            &a.webhook_id,
            &a.deleted_at,
            &a.git_repository,
            &a.git_deploy_branch
        ),
        (&None, &None, &None, &None)
    );
    assert_eq!(
        a.phone_numbers,
        Some(vec![PhoneNumberSummary::new("pn_abc123", "+14155551234")])
    );
    assert!(!a.has_text_to_agent_run);
    assert_eq!(a.deployment_count, 1);
    let b = &list.summaries[1];
    assert_eq!(b.id, "agent_2");
    assert_eq!(b.description, None);
    assert_eq!(b.phone_numbers, None);
    assert_eq!(b.created_at.to_string(), "2026-03-02T08:00:00.5Z");
    assert!(b.has_text_to_agent_run);
    assert_eq!(b.deployment_count, 0);

    // GET /agents/{agent_id}, with an id that needs percent-encoding.
    let mut full = agent_json();
    full["webhook_id"] = json!("wh_1");
    full["deleted_at"] = json!("2026-03-05T10:00:00Z");
    full["git_repository"] = json!({"provider": "github", "account": "acme", "name": "bot"});
    full["git_deploy_branch"] = json!("main");
    let got = call_op(
        &ctx,
        &h,
        &GetAgent::new("agent/1 é?"),
        Reply::json(200, full.to_string()),
        Expected::no_body("GET", "/agents/agent%2F1%20%C3%A9%3F"),
    );
    assert_eq!(got.webhook_id.as_deref(), Some("wh_1"));
    assert_eq!(got.deleted_at, Some(ts("2026-03-05T10:00:00Z")));
    assert_eq!(
        got.git_repository,
        Some(GitRepository::new("github", "acme", "bot"))
    );
    assert_eq!(got.git_deploy_branch.as_deref(), Some("main"));

    // PATCH /agents/{agent_id}: name set, description cleared, the rest left out.
    let body = UpdateAgentRequest::new()
        .name("support-v2")
        .clear_description();
    assert_eq!(body.tts_voice, Patch::Unchanged);
    let mut updated = agent_json();
    updated["name"] = json!("support-v2");
    updated["description"] = json!(null);
    let out = call_op(
        &ctx,
        &h,
        &UpdateAgent::new("agent_abc123", body),
        Reply::json(200, updated.to_string()),
        Expected::json(
            "PATCH",
            "/agents/agent_abc123",
            json!({"name": "support-v2", "description": null}),
        ),
    );
    assert_eq!(out.name, "support-v2");
    assert_eq!(out.description, None);
    // The other fields, set and cleared the other way round.
    let body = UpdateAgentRequest::new()
        .tts_voice("voice_2")
        .tts_language("de")
        .webhook_id("wh_9")
        .clear_name();
    let out = call_op(
        &ctx,
        &h,
        &UpdateAgent::new("a b", body),
        Reply::json(200, agent_json().to_string()),
        Expected::json(
            "PATCH",
            "/agents/a%20b",
            json!({"name": null, "tts_voice": "voice_2", "tts_language": "de", "webhook_id": "wh_9"}),
        ),
    );
    assert_eq!(out.id, "agent_abc123");
    // Nothing to change still sends an (empty) JSON object.
    call_op(
        &ctx,
        &h,
        &UpdateAgent::new("agent_abc123", UpdateAgentRequest::new()),
        Reply::json(200, agent_json().to_string()),
        Expected::json("PATCH", "/agents/agent_abc123", json!({})),
    );

    // DELETE /agents/{agent_id}: 204 No Content (and any other 2xx).
    call_op(
        &ctx,
        &h,
        &DeleteAgent::new("agent_abc123"),
        Reply::raw(204, "text/plain", Vec::new()),
        Expected::no_body("DELETE", "/agents/agent_abc123"),
    );
    call_op(
        &ctx,
        &h,
        &DeleteAgent::new("a/b"),
        Reply::json(200, "{}"),
        Expected::no_body("DELETE", "/agents/a%2Fb"),
    );

    // GET /agents/{agent_id}/phone-numbers: the legacy bare array.
    let numbers = call_op(
        &ctx,
        &h,
        &ListPhoneNumbers::new("agent 1"),
        Reply::json(200, crate::phone_numbers_json("agent 1", 2)),
        Expected::no_body("GET", "/agents/agent%201/phone-numbers"),
    );
    assert_eq!(numbers.len(), 2);
    assert_eq!(numbers[0].agent_id, "agent 1");
    assert_eq!(numbers[0].number, "+14155550000");
    assert_eq!(
        numbers[0].created_at.to_string(),
        "2026-03-31T17:37:05.961874Z"
    );
    assert_eq!(numbers[1].updated_at.to_string(), "2026-04-01T06:00:00.5Z");
    assert!(numbers[1].is_cartesia_managed);

    // GET /agents/{agent_id}/deployments: a bare array; an unknown status is kept.
    let mut failed = deployment_json("dep_2", "rolling_back");
    failed["build_error"] = json!("pip install failed");
    failed["deployment_error"] = json!(null);
    // Queued: the live API sends the stage timestamps as null or leaves them out.
    let mut queued = deployment_json("dep_3", "queued");
    queued["build_started_at"] = json!(null);
    queued["build_completed_at"] = json!(null);
    let q = queued.as_object_mut().expect("an object");
    q.remove("deployment_started_at");
    q.remove("deployment_completed_at");
    let deployments = call_op(
        &ctx,
        &h,
        &ListDeployments::new("agent#1"),
        Reply::json(
            200,
            json!([deployment_json("dep_1", "deployed"), failed, queued]).to_string(),
        ),
        Expected::no_body("GET", "/agents/agent%231/deployments"),
    );
    assert_eq!(deployments.len(), 3);
    let d = &deployments[0];
    assert_eq!(d.id, "dep_1");
    assert_eq!(d.agent_id, "agent_abc123");
    assert_eq!(d.status, DeploymentStatus::Deployed);
    assert!(d.is_pinned);
    assert!(!d.is_live);
    assert_eq!(d.env_var_collection_id, "env_1");
    assert_eq!(d.source_code_file_id, "file_1");
    assert_eq!(d.git_commit_hash, "0a1b2c3d");
    assert_eq!(d.build_logs, "Step 1/4: FROM python");
    assert_eq!(d.build_error, None);
    assert_eq!(d.deployment_error, None);
    assert_eq!(d.created_at, ts("2026-03-01T12:00:00Z"));
    assert_eq!(d.updated_at.to_string(), "2026-03-01T12:05:00.961874Z");
    assert_eq!(d.build_started_at, Some(ts("2026-03-01T12:00:01Z")));
    assert_eq!(d.build_completed_at, Some(ts("2026-03-01T12:02:00Z")));
    assert_eq!(d.deployment_started_at, Some(ts("2026-03-01T12:02:01Z")));
    assert_eq!(
        d.deployment_completed_at.map(|t| t.to_string()).as_deref(),
        Some("2026-03-01T12:03:00Z")
    );
    let d = &deployments[1];
    assert_eq!(d.status, DeploymentStatus::Unknown("rolling_back".into()));
    assert_eq!(d.status.as_str(), "rolling_back");
    assert_eq!(d.build_error.as_deref(), Some("pip install failed"));
    let d = &deployments[2];
    assert_eq!(d.id, "dep_3");
    assert_eq!(d.status, DeploymentStatus::Queued);
    assert_eq!(
        (
            d.build_started_at,
            d.build_completed_at,
            d.deployment_started_at,
            d.deployment_completed_at
        ),
        (None, None, None, None)
    );
    assert_eq!(d.created_at, ts("2026-03-01T12:00:00Z"));

    // GET /agents/deployments/{deployment_id}
    let d = call_op(
        &ctx,
        &h,
        &GetDeployment::new("dep/1"),
        Reply::json(200, deployment_json("dep/1", "build_error").to_string()),
        Expected::no_body("GET", "/agents/deployments/dep%2F1"),
    );
    assert_eq!(d.id, "dep/1");
    assert_eq!(d.status, DeploymentStatus::BuildError);

    // GET /agents/templates
    let templates = call_op(
        &ctx,
        &h,
        &ListTemplates::new(),
        Reply::json(
            200,
            json!({"templates": [{
                "id": "tmpl_1", "name": "Basic", "description": null,
                "repo_url": "https://github.com/cartesia-ai/line", "root_dir": "examples/basic",
                "required_env_vars": ["OPENAI_API_KEY"], "owner_id": "cartesia",
                "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-02-01T00:00:00Z"
            }]})
            .to_string(),
        ),
        Expected::no_body("GET", "/agents/templates"),
    );
    assert_eq!(templates.templates.len(), 1);
    let t = &templates.templates[0];
    assert_eq!(t.id, "tmpl_1");
    assert_eq!(t.name, "Basic");
    assert_eq!(t.description, None);
    assert_eq!(t.repo_url, "https://github.com/cartesia-ai/line");
    assert_eq!(t.root_dir, "examples/basic");
    assert_eq!(
        t.required_env_vars.as_deref(),
        Some(&["OPENAI_API_KEY".to_owned()][..])
    );
    assert_eq!(t.dependencies, None);
    assert_eq!(t.owner_id, "cartesia");
    assert_eq!(t.created_at, ts("2026-01-01T00:00:00Z"));
    assert_eq!(t.updated_at, ts("2026-02-01T00:00:00Z"));

    // A 404 is a typed API error, not a decode attempt.
    ctx.reply(Reply::json(
        404,
        json!({
            "error_code": "agent_not_found", "title": "Not Found",
            "message": "Agent not found.", "request_id": "req_1"
        })
        .to_string(),
    ));
    let err = h
        .run(&ctx, &GetAgent::new("agent_missing"))
        .expect_err("a 404 is an error");
    let api = err
        .as_api()
        .unwrap_or_else(|| panic!("{}: {err:?}", H::NAME));
    assert_eq!(api.status().as_u16(), 404);
    assert_eq!(api.code(), Some("agent_not_found"));
    assert_eq!(api.message(), Some("Agent not found."));

    // A dot-segment id is refused before any I/O.
    let err = h
        .run(&ctx, &DeleteAgent::new(".."))
        .expect_err("\"..\" is refused");
    assert!(
        matches!(err, cartesia_core::Error::InvalidRequest(ref e) if e.field() == "agent_id"),
        "{}: {err:?}",
        H::NAME
    );

    assert_eq!(ctx.received().len(), 12, "{}: requests sent", H::NAME);
}
