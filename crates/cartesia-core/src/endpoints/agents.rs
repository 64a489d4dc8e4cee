//! The Agents API: agents, their phone numbers, deployments and templates.
//!
//! None of these lists is paginated: `GET /agents` answers `{summaries: [...]}`,
//! `GET /agents/templates` answers `{templates: [...]}`, and the per-agent phone numbers and
//! deployments are bare JSON arrays.

use cartesia_types::agents::{
    AgentSummary, Deployment, GetAgentsResponse, GetTemplatesResponse, UpdateAgentRequest,
};
use cartesia_types::PhoneNumber;

use super::declare::endpoints;
use crate::resources::{AsyncAgents, BlockingAgents};
#[cfg(test)]
use {
    crate::{endpoint::Endpoint, error::Error},
    http::Method,
};

/// Fixed routes under `/agents/`: an agent id equal to one of them would address that route.
pub(crate) const AGENT_ROUTES: &[&str] = &[
    "templates",
    "calls",
    "phone-numbers",
    "metrics",
    "webhooks",
    "folders",
    "documents",
    "deployments",
];

endpoints! {
    impl AsyncAgents, BlockingAgents {
        /// every agent of the account, as [`AgentSummary`]s (not paginated).
        ListAgents = "agents_list" GET ["/agents"] -> GetAgentsResponse => method list;

        /// the details of one agent.
        ///
        /// (Agents are created with the CLI or the Playground, not through this API.)
        GetAgent = "agents_get" GET ["/agents/" {agent_id: String, except AGENT_ROUTES}] -> AgentSummary => method get;

        /// changes an agent and returns it as updated.
        ///
        /// Only the fields set in the [`UpdateAgentRequest`] are sent; a field can also be cleared
        /// (sent as `null`). A `PATCH` is not retried after a timeout (it is not assumed idempotent).
        UpdateAgent = "agents_update" PATCH ["/agents/" {agent_id: String, except AGENT_ROUTES}] -> AgentSummary
            => method update {
            json body: UpdateAgentRequest;
        }

        /// deletes an agent. The API answers `204 No Content`; any 2xx answer is success and its
        /// body is ignored.
        DeleteAgent = "agents_delete" DELETE ["/agents/" {agent_id: String, except AGENT_ROUTES}] -> ()
            => method delete {
            parse empty;
        }

        /// the phone numbers of an agent.
        ///
        /// The id is sent as exactly one percent-encoded path segment; an empty id, one with control
        /// characters, and `.` or `..` are refused before any I/O.
        ListPhoneNumbers = "agents_phone-numbers" GET
            ["/agents/" {agent_id: String, except AGENT_ROUTES} "/phone-numbers"] -> Vec<PhoneNumber>
            => method list_phone_numbers;

        /// every deployment of an agent (a bare JSON array, not paginated).
        ListDeployments = "agents_list-deployments" GET
            ["/agents/" {agent_id: String, except AGENT_ROUTES} "/deployments"] -> Vec<Deployment>
            => method list_deployments;

        /// one deployment, by its ID.
        GetDeployment = "agents_get-deployment" GET
            ["/agents/deployments/" {deployment_id: String}] -> Deployment => method get_deployment;

        /// the public, Cartesia-provided agent templates (not paginated).
        ListTemplates = "agents_templates" GET ["/agents/templates"] -> GetTemplatesResponse => method templates;
    }
}

#[cfg(test)]
mod tests {

    use cartesia_types::agents::{DeploymentStatus, GitRepository, PhoneNumberSummary};
    use cartesia_types::Patch;

    use super::*;
    use crate::endpoints::steps::{empty, json, requests, resource_steps};
    use crate::pipeline::complete;
    use crate::test_support::{build as request, response, ts, BASE};

    /// The spec's `AgentSummary` example.
    const AGENT: &str = r#"{"id":"agent_abc123","name":"customer-support",
        "description":"Handles support calls","created_at":"2026-03-01T00:00:00Z",
        "updated_at":"2026-03-01T00:00:00Z","tts_voice":"6ccbfb76-1fc6-48f7-b71d-91ac6298247b",
        "tts_language":"en","webhook_id":null,"deleted_at":null,"git_repository":null,
        "git_deploy_branch":null,"phone_numbers":[{"id":"pn_abc123","number":"+14155551234"}],
        "has_text_to_agent_run":false,"deployment_count":1}"#;

    const DEPLOYMENT: &str = r#"{"id":"dep_1","agent_id":"agent_abc123","status":"building",
        "is_pinned":false,"is_live":false,"env_var_collection_id":"env_1",
        "source_code_file_id":"file_1","git_commit_hash":"0a1b2c3",
        "created_at":"2026-03-01T12:00:00Z","updated_at":"2026-03-01T12:05:00.961874Z",
        "build_completed_at":"2026-03-01T12:02:00Z","build_logs":"Step 1/4",
        "build_started_at":"2026-03-01T12:00:01Z","deployment_started_at":"2026-03-01T12:02:01Z",
        "deployment_completed_at":"2026-03-01T12:03:00Z"}"#;

    const TEMPLATES: &str = r#"{"templates":[{"id":"tmpl_1","name":"Basic","description":null,
        "repo_url":"https://github.com/cartesia-ai/line","root_dir":"examples/basic",
        "required_env_vars":["OPENAI_API_KEY","X"],"owner_id":"cartesia",
        "created_at":"2026-01-01T00:00:00Z","updated_at":"2026-02-01T00:00:00Z"}]}"#;

    #[test]
    fn every_endpoint_sends_its_exact_path() {
        requests! {
            ListAgents::new() => "GET /agents";
            GetAgent::new("agent_1") => "GET /agents/agent_1";
            DeleteAgent::new("agent_1") => "DELETE /agents/agent_1";
            ListDeployments::new("agent_1") => "GET /agents/agent_1/deployments";
            GetDeployment::new("dep_1") => "GET /agents/deployments/dep_1";
            ListTemplates::new() => "GET /agents/templates";
            ListPhoneNumbers::new("agent_1") => "GET /agents/agent_1/phone-numbers";
        }
        // GETs and DELETE carry no body and no Content-Type.
        let req = request(&GetAgent::new("a")).unwrap();
        assert!(req.headers().get(http::header::CONTENT_TYPE).is_none());
        assert_eq!(req.headers()["accept"], "application/json");
    }

    #[test]
    fn path_parameters_are_one_encoded_segment() {
        let id = "a/b c?d#é";
        requests! {
            GetAgent::new(id) => "GET /agents/a%2Fb%20c%3Fd%23%C3%A9";
            UpdateAgent::new(id, UpdateAgentRequest::new())
                => "PATCH /agents/a%2Fb%20c%3Fd%23%C3%A9", serde_json::json!({});
            DeleteAgent::new(id) => "DELETE /agents/a%2Fb%20c%3Fd%23%C3%A9";
            ListDeployments::new(id) => "GET /agents/a%2Fb%20c%3Fd%23%C3%A9/deployments";
            GetDeployment::new(id) => "GET /agents/deployments/a%2Fb%20c%3Fd%23%C3%A9";
            // "../x" cannot climb out of the route.
            DeleteAgent::new("../x") => "DELETE /agents/..%2Fx";
        }
    }

    #[test]
    fn bad_path_parameters_are_refused_before_io() {
        fn refused<E: Endpoint>(ep: E, field: &str) {
            match request(&ep) {
                Err(Error::InvalidRequest(e)) => assert_eq!(e.field(), field),
                other => panic!("{}: {other:?}", ep.path_template()),
            }
        }
        for bad in ["", ".", "..", "a\nb", "\0"] {
            refused(GetAgent::new(bad), "agent_id");
            refused(UpdateAgent::new(bad, UpdateAgentRequest::new()), "agent_id");
            refused(DeleteAgent::new(bad), "agent_id");
            refused(ListDeployments::new(bad), "agent_id");
            refused(GetDeployment::new(bad), "deployment_id");
        }
    }

    #[test]
    fn update_sends_json_with_three_states() {
        let body = UpdateAgentRequest::new()
            .name("support-v2")
            .clear_webhook_id();
        let req = request(&UpdateAgent::new("agent_1", body)).unwrap();
        assert_eq!(req.method(), Method::PATCH);
        assert_eq!(req.uri().to_string(), format!("{BASE}/agents/agent_1"));
        assert_eq!(req.headers()["content-type"], "application/json");
        let json: serde_json::Value = serde_json::from_slice(req.body()).unwrap();
        // description, tts_voice and tts_language are left out: unchanged.
        assert_eq!(
            json,
            serde_json::json!({"name": "support-v2", "webhook_id": null})
        );
        // An empty update is still a JSON object (the body is required).
        let req = request(&UpdateAgent::new("agent_1", UpdateAgentRequest::new())).unwrap();
        assert_eq!(req.body().as_ref(), b"{}");
        assert_eq!(req.headers()["content-type"], "application/json");
    }

    #[test]
    fn only_the_patch_is_not_idempotent() {
        assert!(ListAgents::new().idempotent());
        assert!(GetAgent::new("a").idempotent());
        assert!(DeleteAgent::new("a").idempotent());
        assert!(ListDeployments::new("a").idempotent());
        assert!(GetDeployment::new("a").idempotent());
        assert!(ListTemplates::new().idempotent());
        assert!(!UpdateAgent::new("a", UpdateAgentRequest::new()).idempotent());
    }

    #[test]
    fn list_agents_decodes_summaries() {
        let out = complete(
            &ListAgents::new(),
            response(200, &format!(r#"{{"summaries":[{AGENT}]}}"#)),
        )
        .unwrap();
        assert_eq!(out.summaries.len(), 1);
        let a = &out.summaries[0];
        assert_eq!(a.id, "agent_abc123");
        assert_eq!(a.name, "customer-support");
        assert_eq!(a.description.as_deref(), Some("Handles support calls"));
        assert_eq!(a.created_at, ts("2026-03-01T00:00:00Z"));
        assert_eq!(a.tts_voice, "6ccbfb76-1fc6-48f7-b71d-91ac6298247b");
        assert_eq!(a.tts_language, "en");
        assert_eq!(a.webhook_id, None);
        assert_eq!(a.deleted_at, None);
        assert_eq!(a.git_repository, None);
        assert_eq!(a.git_deploy_branch, None);
        assert_eq!(
            a.phone_numbers,
            Some(vec![PhoneNumberSummary::new("pn_abc123", "+14155551234")])
        );
        assert!(!a.has_text_to_agent_run);
        assert_eq!(a.deployment_count, 1);
        let empty = complete(&ListAgents::new(), response(200, r#"{"summaries":[]}"#)).unwrap();
        assert!(empty.summaries.is_empty());
    }

    #[test]
    fn get_and_update_decode_an_agent_summary() {
        let minimal = r#"{"id":"a1","name":"n","created_at":"2026-03-01T00:00:00Z",
            "updated_at":"2026-03-02T00:00:00.5Z","tts_voice":"v","tts_language":"fr",
            "has_text_to_agent_run":true,"deployment_count":0,"brand_new_field":[1]}"#;
        let a = complete(&GetAgent::new("a1"), response(200, minimal)).unwrap();
        let want = AgentSummary::new(
            "a1",
            "n",
            ts("2026-03-01T00:00:00Z"),
            ts("2026-03-02T00:00:00.5Z"),
            "v",
            "fr",
            true,
            0,
        );
        assert_eq!(a, want);
        let full = AGENT
            .replace(
                r#""git_repository":null"#,
                r#""git_repository":{"provider":"github","account":"acme","name":"bot"}"#,
            )
            .replace(r#""webhook_id":null"#, r#""webhook_id":"wh_1""#);
        let a = complete(
            &UpdateAgent::new("a1", UpdateAgentRequest::new()),
            response(200, &full),
        )
        .unwrap();
        assert_eq!(
            a.git_repository,
            Some(GitRepository::new("github", "acme", "bot"))
        );
        assert_eq!(a.webhook_id.as_deref(), Some("wh_1"));
    }

    #[test]
    fn delete_accepts_any_2xx_and_ignores_the_body() {
        let ep = DeleteAgent::new("a1");
        complete(&ep, response(204, "")).unwrap();
        complete(&ep, response(200, r#"{"ok":true}"#)).unwrap();
        complete(&ep, response(202, "not json")).unwrap();
        let err = complete(&ep, response(404, r#"{"message":"not found"}"#)).unwrap_err();
        assert_eq!(err.status(), Some(http::StatusCode::NOT_FOUND));
        assert!(err.as_api().is_some(), "{err:?}");
    }

    #[test]
    fn deployments_decode_with_unknown_status_and_optional_errors() {
        let list = format!(
            "[{DEPLOYMENT},{}]",
            DEPLOYMENT
                .replace(r#""status":"building""#, r#""status":"rolling_back""#)
                .replace(
                    r#""build_logs":"Step 1/4""#,
                    r#""build_logs":"","build_error":"boom","deployment_error":null"#
                )
        );
        let out = complete(&ListDeployments::new("agent_abc123"), response(200, &list)).unwrap();
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].status, DeploymentStatus::Building);
        assert_eq!(out[0].build_error, None);
        assert_eq!(out[0].deployment_error, None);
        assert_eq!(out[0].build_logs, "Step 1/4");
        assert_eq!(out[0].updated_at.to_string(), "2026-03-01T12:05:00.961874Z");
        assert_eq!(
            out[1].status,
            DeploymentStatus::Unknown("rolling_back".into())
        );
        assert_eq!(out[1].build_error.as_deref(), Some("boom"));
        let empty = complete(&ListDeployments::new("a"), response(200, "[]")).unwrap();
        assert!(empty.is_empty());

        let d = complete(&GetDeployment::new("dep_1"), response(200, DEPLOYMENT)).unwrap();
        assert_eq!(d.id, "dep_1");
        assert_eq!(d.agent_id, "agent_abc123");
        assert!(!d.is_pinned && !d.is_live);
        assert_eq!(d.env_var_collection_id, "env_1");
        assert_eq!(d.source_code_file_id, "file_1");
        assert_eq!(d.git_commit_hash, "0a1b2c3");
        assert_eq!(d.build_started_at, Some(ts("2026-03-01T12:00:01Z")));
        assert_eq!(d.build_completed_at, Some(ts("2026-03-01T12:02:00Z")));
        assert_eq!(d.deployment_started_at, Some(ts("2026-03-01T12:02:01Z")));
        assert_eq!(d.deployment_completed_at, Some(ts("2026-03-01T12:03:00Z")));
    }

    #[test]
    fn templates_decode() {
        let out = complete(&ListTemplates::new(), response(200, TEMPLATES)).unwrap();
        assert_eq!(out.templates.len(), 1);
        let t = &out.templates[0];
        assert_eq!(t.id, "tmpl_1");
        assert_eq!(t.description, None);
        assert_eq!(
            t.required_env_vars.as_deref(),
            Some(&["OPENAI_API_KEY".to_owned(), "X".to_owned()][..])
        );
        assert_eq!(t.dependencies, None);
        assert_eq!(t.repo_url, "https://github.com/cartesia-ai/line");
        assert_eq!(t.root_dir, "examples/basic");
        assert_eq!(t.owner_id, "cartesia");
        assert_eq!(t.updated_at, ts("2026-02-01T00:00:00Z"));
    }

    #[test]
    fn bad_bodies_are_decode_errors_naming_the_path() {
        fn path_of(err: Error) -> String {
            match err {
                Error::Decode(d) => d.path().to_owned(),
                other => panic!("{other:?}"),
            }
        }
        let bad_ts = DEPLOYMENT.replace(
            r#""build_started_at":"2026-03-01T12:00:01Z""#,
            r#""build_started_at":"yesterday""#,
        );
        let err = complete(
            &ListDeployments::new("a"),
            response(200, &format!("[{DEPLOYMENT},{bad_ts}]")),
        )
        .unwrap_err();
        assert_eq!(path_of(err), "[1].build_started_at");
        let no_summaries = complete(&ListAgents::new(), response(200, "{}")).unwrap_err();
        assert!(matches!(no_summaries, Error::Decode(_)), "{no_summaries:?}");
        let err = complete(
            &GetAgent::new("a"),
            response(
                200,
                &AGENT.replace(r#""deployment_count":1"#, r#""deployment_count":"1""#),
            ),
        )
        .unwrap_err();
        assert_eq!(path_of(err), "deployment_count");
        for garbage in ["", "null", "[", "<html>", "{\"templates\":null}"] {
            let err = complete(&ListTemplates::new(), response(200, garbage)).unwrap_err();
            assert!(matches!(err, Error::Decode(_)), "{garbage:?}: {err:?}");
        }
    }

    #[test]
    fn api_errors_are_not_decoded_as_output() {
        let body = r#"{"error_code":"agent_not_found","title":"Not Found","message":"no agent","request_id":"r1"}"#;
        let err = complete(&GetAgent::new("a"), response(404, body)).unwrap_err();
        let api = err.as_api().expect("an API error");
        assert_eq!(api.status(), http::StatusCode::NOT_FOUND);
        assert_eq!(api.message(), Some("no agent"));
    }

    fn body() -> UpdateAgentRequest {
        let mut b = UpdateAgentRequest::new().tts_language("de");
        b.description = Patch::Null;
        b
    }

    resource_steps! {
        |client| {
            let agents = client.agents();
        }
        run agents.list();
            replies [json(200, &format!(r#"{{"summaries":[{AGENT}]}}"#))]
            sends [("GET", "/agents", "")]
            => |list| assert_eq!(list.unwrap().summaries.len(), 1);
        run agents.get("a/1");
            replies [json(200, AGENT)]
            sends [("GET", "/agents/a%2F1", "")]
            => |got| assert_eq!(got.unwrap().id, "agent_abc123");
        run agents.update("a/1", body());
            replies [json(200, AGENT)]
            sends [("PATCH", "/agents/a%2F1", r#"{"description":null,"tts_language":"de"}"#)]
            => |updated| assert_eq!(updated.unwrap().tts_language, "en");
        run agents.delete("a/1");
            replies [empty(204)]
            sends [("DELETE", "/agents/a%2F1", "")]
            => |deleted| deleted.unwrap();
        run agents.list_deployments("a/1");
            replies [json(200, &format!("[{DEPLOYMENT}]"))]
            sends [("GET", "/agents/a%2F1/deployments", "")]
            => |deployments| assert_eq!(deployments.unwrap().len(), 1);
        run agents.get_deployment("dep 1");
            replies [json(200, DEPLOYMENT)]
            sends [("GET", "/agents/deployments/dep%201", "")]
            => |deployment| assert_eq!(deployment.unwrap().id, "dep_1");
        run agents.templates();
            replies [json(200, TEMPLATES)]
            sends [("GET", "/agents/templates", "")]
            => |templates| assert_eq!(templates.unwrap().templates[0].id, "tmpl_1");
        run agents.list_phone_numbers("a/1");
            replies [json(200, "[]")]
            sends [("GET", "/agents/a%2F1/phone-numbers", "")]
            => |numbers| assert!(numbers.unwrap().is_empty());
    }
}
