//! Models of the Agents API: agents, their phone numbers, deployments and templates.

use serde::{Deserialize, Serialize};

use crate::model::model;

use crate::{Patch, Timestamp};

model! {
    /// A phone number that can be used to make calls to an agent
    /// (`GET /agents/{agent_id}/phone-numbers` answers a JSON array of these).
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct PhoneNumber {
        /// The ID of the agent.
        pub agent_id: String => into,
        /// The phone number.
        pub number: String => into,
        /// When the phone number was created (UTC).
        pub created_at: Timestamp => arg,
        /// When the phone number was last updated (UTC).
        pub updated_at: Timestamp => arg,
        /// Whether the phone number is managed by Cartesia (as of 2026-03-01 always `true`,
        /// since Cartesia provisions the numbers).
        pub is_cartesia_managed: bool => arg,
    }

    /// A phone number with every field given, e.g. for a test double.
    fn new;
}

model! {
    /// The ID and number of a phone number attached to an agent (in [`AgentSummary::phone_numbers`]).
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct PhoneNumberSummary {
        /// The ID of the phone number.
        pub id: String => into,
        /// The phone number with country code included.
        pub number: String => into,
    }

    /// A phone number summary, e.g. for a test double.
    fn new;
}

model! {
    /// The Git repository an agent is deployed from.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct GitRepository {
        /// The provider of the Git repository, e.g. GitHub.
        pub provider: String => into,
        /// The account name associated with the Git repository.
        pub account: String => into,
        /// The name of the Git repository.
        pub name: String => into,
    }

    /// A repository with every field given, e.g. for a test double.
    fn new;
}

model! {
    /// A summary of essential information about an agent
    /// (`GET /agents/{agent_id}` and `PATCH /agents/{agent_id}` answer one; `GET /agents` a list).
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct AgentSummary {
        /// The ID of the agent.
        pub id: String => into,
        /// The unique name of the agent, which can be used to identify the agent in the CLI.
        pub name: String => into,
        /// A brief description of the agent.
        pub description?: String,
        /// When the agent was created (UTC).
        pub created_at: Timestamp => arg,
        /// When the agent was last updated (UTC).
        pub updated_at: Timestamp => arg,
        /// The ID of the text-to-speech voice used by the agent.
        pub tts_voice: String => into,
        /// The language used for text-to-speech by the agent.
        pub tts_language: String => into,
        /// The ID of the webhook associated with the agent. Add or customize a webhook to your agent
        /// to receive events when calls are made to your agent via the Playground.
        pub webhook_id?: String,
        /// When the agent was deleted (UTC), if it was.
        pub deleted_at?: Timestamp,
        /// The Git repository associated with the agent.
        pub git_repository?: GitRepository,
        /// The branch of the Git repository used for deployment.
        pub git_deploy_branch?: String,
        /// The phone numbers associated with the agent. Currently an agent can have only one
        /// phone number.
        pub phone_numbers?: Vec<PhoneNumberSummary>,
        /// Whether the agent has a text-to-agent run (the Text-to-Agent feature is deprecated).
        pub has_text_to_agent_run: bool => arg,
        /// The number of deployments associated with the agent.
        pub deployment_count: u64 => arg,
    }

    /// An agent with the required fields given and every optional one `None`, e.g. for a
    /// test double.
    #[allow(clippy::too_many_arguments)] // one argument per required field of the API model
    fn new;
}

model! {
    /// The answer of `GET /agents`: every agent of the account (the list is not paginated).
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct GetAgentsResponse {
        /// The summaries of the agents.
        pub summaries: Vec<AgentSummary> => arg,
    }

    /// A list of agents, e.g. for a test double.
    fn new;
}

model! {
    /// The body of `PATCH /agents/{agent_id}`: every field is optional and can be left unchanged
    /// (the default, not sent), cleared (`null`) or set.
    ///
    /// ```
    /// use cartesia_types::agents::UpdateAgentRequest;
    ///
    /// let body = UpdateAgentRequest::new()
    ///     .name("support-v2")
    ///     .clear_description();
    /// # fn to_json<T: serde::Serialize>(v: &T) -> String { serde_json::to_string(v).unwrap() }
    /// assert_eq!(to_json(&body), r#"{"name":"support-v2","description":null}"#);
    /// ```
    #[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
    pub struct UpdateAgentRequest {
        /// The name of the agent.
        pub name: Patch<String>,
        /// The description of the agent.
        pub description: Patch<String>,
        /// The ID of the voice to use for text-to-speech.
        pub tts_voice: Patch<String>,
        /// The language to use for text-to-speech.
        pub tts_language: Patch<String>,
        /// The webhook attached to the agent: set an ID to attach one, clear to detach it.
        /// (The API documents attaching a webhook "by setting the agent's webhook_id with Update
        /// Agent"; the field is not in the published body schema.)
        pub webhook_id: Patch<String>,
    }

    /// An update that changes nothing (every field left unchanged; sends `{}`).
    fn new;

    /// Sets the name of the agent.
    fn name(name: impl Into<String>) = Patch::Set;

    /// Sends `"name": null`.
    fn clear_name() -> name = Patch::Null;

    /// Sets the description of the agent.
    fn description(description: impl Into<String>) = Patch::Set;

    /// Clears the description (sends `"description": null`).
    fn clear_description() -> description = Patch::Null;

    /// Sets the ID of the text-to-speech voice.
    fn tts_voice(voice_id: impl Into<String>) = Patch::Set;

    /// Sends `"tts_voice": null`.
    fn clear_tts_voice() -> tts_voice = Patch::Null;

    /// Sets the text-to-speech language.
    fn tts_language(language: impl Into<String>) = Patch::Set;

    /// Sends `"tts_language": null`.
    fn clear_tts_language() -> tts_language = Patch::Null;

    /// Attaches the webhook with this ID to the agent.
    fn webhook_id(webhook_id: impl Into<String>) = Patch::Set;

    /// Detaches the agent's webhook (sends `"webhook_id": null`).
    fn clear_webhook_id() -> webhook_id = Patch::Null;
}

model! {
    /// A public, Cartesia-provided agent template.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct AgentTemplate {
        /// The ID of the agent template.
        pub id: String => into,
        /// The name of the agent template.
        pub name: String => into,
        /// The description of the agent template.
        pub description?: String,
        /// The URL of the Git repository associated with the agent template.
        pub repo_url: String => into,
        /// The root directory of the agent template.
        pub root_dir: String => into,
        /// The environment variables the agent template requires.
        pub required_env_vars?: Vec<String>,
        /// The dependencies of the agent template.
        pub dependencies?: Vec<String>,
        /// The ID of the owner of the agent template.
        pub owner_id: String => into,
        /// When the agent template was created (UTC).
        pub created_at: Timestamp => arg,
        /// When the agent template was last updated (UTC).
        pub updated_at: Timestamp => arg,
    }

    /// A template with the required fields given and every optional one `None`, e.g. for a
    /// test double.
    fn new;
}

model! {
    /// The answer of `GET /agents/templates`.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct GetTemplatesResponse {
        /// The agent templates.
        pub templates: Vec<AgentTemplate> => arg,
    }

    /// A list of templates, e.g. for a test double.
    fn new;
}

crate::open_enum! {
    /// The state of a [`Deployment`]. The API documents it as a free string with these values;
    /// any other value is kept as `Unknown`.
    pub enum DeploymentStatus {
        /// Waiting to be built.
        Queued => "queued",
        /// Not active.
        Inactive => "inactive",
        /// The deployment step failed.
        DeployError => "deploy_error",
        /// Skipped.
        Skipped => "skipped",
        /// The build failed.
        BuildError => "build_error",
        /// Being built.
        Building => "building",
        /// Deployed.
        Deployed => "deployed",
    }
}

model! {
    /// A deployment of an agent: one build of its code and its rollout.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct Deployment {
        /// The unique identifier of the deployment.
        pub id: String => into,
        /// The ID of the agent associated with this deployment.
        pub agent_id: String => into,
        /// The current status of the deployment.
        pub status: DeploymentStatus => arg,
        /// Whether this deployment is the active deployment of its agent. Only one deployment per
        /// agent can be pinned at a time; a deployment can be pinned even if it is not live or
        /// failed.
        pub is_pinned: bool => arg,
        /// Whether this deployment is the live production deployment of its agent. Only one
        /// deployment per agent can be live at a time.
        pub is_live: bool => arg,
        /// The ID of the environment variable collection associated with this deployment.
        pub env_var_collection_id: String => into,
        /// The ID of the source code file associated with this deployment.
        pub source_code_file_id: String => into,
        /// The commit hash of the Git repository for this deployment.
        pub git_commit_hash: String => into,
        /// When the deployment was created (UTC).
        pub created_at: Timestamp => arg,
        /// When the deployment was last updated (UTC).
        pub updated_at: Timestamp => arg,
        /// When the build was completed (UTC); `None` while the deployment is queued or building
        /// (the API sends `null` or leaves it out, whatever the spec says).
        pub build_completed_at?: Timestamp,
        /// Any error that occurred during the build.
        pub build_error?: String,
        /// The logs of the build.
        pub build_logs: String => into,
        /// When the build started (UTC); `None` while the deployment is queued.
        pub build_started_at?: Timestamp,
        /// When the deployment process started (UTC); `None` until the build is done.
        pub deployment_started_at?: Timestamp,
        /// When the deployment process was completed (UTC); `None` until it is.
        pub deployment_completed_at?: Timestamp,
        /// Any error that occurred during the deployment process.
        pub deployment_error?: String,
    }

    /// A deployment with the fields that are always present given, as a queued deployment has
    /// them: the build and deployment timestamps and the two error fields are `None` (set them
    /// afterwards for a later stage), e.g. for a test double.
    #[allow(clippy::too_many_arguments)] // one argument per always-present field of the model
    fn new;
}

#[cfg(test)]
mod tests {
    use super::*;

    const ONE: &str = r#"{"agent_id":"a1","number":"+14155550123","created_at":"2026-03-31T17:37:05.961874Z","updated_at":"2026-03-01T12:00:00Z","is_cartesia_managed":true}"#;

    #[test]
    fn decodes_the_seed_shape() {
        let p: PhoneNumber = serde_json::from_str(ONE).unwrap();
        assert_eq!(p.agent_id, "a1");
        assert_eq!(p.number, "+14155550123");
        assert!(p.is_cartesia_managed);
        assert_eq!(p.created_at.to_string(), "2026-03-31T17:37:05.961874Z");
        assert_eq!(p.updated_at.to_string(), "2026-03-01T12:00:00Z");
    }

    #[test]
    fn ignores_unknown_fields() {
        let json = ONE.replace("\"agent_id\"", "\"future\":{\"x\":[1,2]},\"agent_id\"");
        let p: PhoneNumber = serde_json::from_str(&json).unwrap();
        assert_eq!(p.agent_id, "a1");
    }

    crate::test_support::required_fields! {
        fn required_fields_are_required {
            PhoneNumber: ONE => [
                "agent_id", "number", "created_at", "updated_at", "is_cartesia_managed",
            ];
            AgentSummary: AGENT => [
                "id", "name", "created_at", "updated_at", "tts_voice", "tts_language",
                "has_text_to_agent_run", "deployment_count",
            ];
            AgentTemplate: TEMPLATE => [
                "id", "name", "repo_url", "root_dir", "owner_id", "created_at", "updated_at",
            ];
            Deployment: DEPLOYMENT => [
                "id", "agent_id", "status", "is_pinned", "is_live", "env_var_collection_id",
                "source_code_file_id", "git_commit_hash", "created_at", "updated_at", "build_logs",
            ];
        }
    }

    #[test]
    fn round_trips_through_json() {
        let p: PhoneNumber = serde_json::from_str(ONE).unwrap();
        let back: PhoneNumber = serde_json::from_str(&serde_json::to_string(&p).unwrap()).unwrap();
        assert_eq!(p, back);
    }

    /// The spec's `AgentSummary` example.
    const AGENT: &str = r#"{
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
    }"#;

    const DEPLOYMENT: &str = r#"{
        "id": "dep_1", "agent_id": "agent_abc123", "status": "deployed",
        "is_pinned": true, "is_live": true,
        "env_var_collection_id": "env_1", "source_code_file_id": "file_1",
        "git_commit_hash": "0a1b2c3",
        "created_at": "2026-03-01T12:00:00Z", "updated_at": "2026-03-01T12:05:00.123Z",
        "build_started_at": "2026-03-01T12:00:01Z", "build_completed_at": "2026-03-01T12:02:00Z",
        "build_error": null, "build_logs": "ok",
        "deployment_started_at": "2026-03-01T12:02:01Z",
        "deployment_completed_at": "2026-03-01T12:03:00+01:00",
        "deployment_error": null
    }"#;

    const TEMPLATE: &str = r#"{
        "id": "tmpl_1", "name": "Basic", "description": "A starter",
        "repo_url": "https://github.com/cartesia-ai/line", "root_dir": "examples/basic",
        "required_env_vars": ["OPENAI_API_KEY"], "dependencies": null,
        "owner_id": "cartesia",
        "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-02-01T00:00:00.5Z"
    }"#;

    fn value(json: &str) -> serde_json::Value {
        serde_json::from_str(json).unwrap()
    }

    fn ts(s: &str) -> Timestamp {
        Timestamp::parse(s).unwrap()
    }

    #[test]
    fn agent_summary_decodes_the_spec_example() {
        let a: AgentSummary = serde_json::from_str(AGENT).unwrap();
        let mut want = AgentSummary::new(
            "agent_abc123",
            "customer-support",
            ts("2026-03-01T00:00:00Z"),
            ts("2026-03-01T00:00:00Z"),
            "6ccbfb76-1fc6-48f7-b71d-91ac6298247b",
            "en",
            false,
            1,
        );
        want.description = Some("Handles support calls".into());
        want.phone_numbers = Some(vec![PhoneNumberSummary::new("pn_abc123", "+14155551234")]);
        assert_eq!(a, want);
    }

    #[test]
    fn agent_summary_optional_fields_may_be_absent_null_or_set() {
        // Absent.
        let mut v = value(AGENT);
        let obj = v.as_object_mut().unwrap();
        for k in [
            "description",
            "webhook_id",
            "deleted_at",
            "git_repository",
            "git_deploy_branch",
            "phone_numbers",
        ] {
            obj.remove(k);
        }
        let a: AgentSummary = serde_json::from_value(v).unwrap();
        assert_eq!(a.description, None);
        assert_eq!(a.phone_numbers, None);
        // Null (description and phone_numbers too).
        let json = AGENT
            .replace("\"Handles support calls\"", "null")
            .replace(r#"[{"id": "pn_abc123", "number": "+14155551234"}]"#, "null");
        let a: AgentSummary = serde_json::from_str(&json).unwrap();
        assert_eq!(a.description, None);
        assert_eq!(a.phone_numbers, None);
        // Set.
        let json = AGENT
            .replace(r#""webhook_id": null"#, r#""webhook_id": "wh_1""#)
            .replace(
                r#""deleted_at": null"#,
                r#""deleted_at": "2026-03-02T10:00:00.25Z""#,
            )
            .replace(
                r#""git_repository": null"#,
                r#""git_repository": {"provider": "github", "account": "acme", "name": "bot", "x": 1}"#,
            )
            .replace(r#""git_deploy_branch": null"#, r#""git_deploy_branch": "main""#);
        let a: AgentSummary = serde_json::from_str(&json).unwrap();
        assert_eq!(a.webhook_id.as_deref(), Some("wh_1"));
        assert_eq!(a.deleted_at, Some(ts("2026-03-02T10:00:00.25Z")));
        assert_eq!(
            a.git_repository,
            Some(GitRepository::new("github", "acme", "bot"))
        );
        assert_eq!(a.git_deploy_branch.as_deref(), Some("main"));
    }

    #[test]
    fn agent_summary_refuses_a_null_or_negative_required_value() {
        // Required and not nullable: null is an error too.
        let json = AGENT.replace(r#""tts_language": "en""#, r#""tts_language": null"#);
        assert!(serde_json::from_str::<AgentSummary>(&json).is_err());
        // A negative count is a decode error, not a panic.
        let json = AGENT.replace(r#""deployment_count": 1"#, r#""deployment_count": -1"#);
        assert!(serde_json::from_str::<AgentSummary>(&json).is_err());
    }

    #[test]
    fn agent_summary_round_trips_and_skips_absent_optionals() {
        let a: AgentSummary = serde_json::from_str(AGENT).unwrap();
        let json = serde_json::to_value(&a).unwrap();
        // The nulls of the example are not written back.
        for k in [
            "webhook_id",
            "deleted_at",
            "git_repository",
            "git_deploy_branch",
        ] {
            assert!(json.get(k).is_none(), "{k}");
        }
        assert_eq!(serde_json::from_value::<AgentSummary>(json).unwrap(), a);
    }

    #[test]
    fn get_agents_response_decodes_empty_and_many() {
        let r: GetAgentsResponse = serde_json::from_str(r#"{"summaries":[]}"#).unwrap();
        assert!(r.summaries.is_empty());
        let r: GetAgentsResponse =
            serde_json::from_str(&format!(r#"{{"summaries":[{AGENT},{AGENT}],"next":1}}"#))
                .unwrap();
        assert_eq!(r.summaries.len(), 2);
        assert!(serde_json::from_str::<GetAgentsResponse>("{}").is_err());
    }

    #[test]
    fn update_agent_request_has_three_states_per_field() {
        assert_eq!(
            serde_json::to_string(&UpdateAgentRequest::new()).unwrap(),
            "{}"
        );
        let body = UpdateAgentRequest::new()
            .name("n")
            .clear_description()
            .tts_voice("v")
            .tts_language("fr")
            .webhook_id("wh_1");
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            serde_json::json!({
                "name": "n", "description": null, "tts_voice": "v",
                "tts_language": "fr", "webhook_id": "wh_1"
            })
        );
        let cleared = UpdateAgentRequest::new()
            .clear_name()
            .clear_tts_voice()
            .clear_tts_language()
            .clear_webhook_id()
            .description("d");
        assert_eq!(
            serde_json::to_value(&cleared).unwrap(),
            serde_json::json!({
                "name": null, "description": "d", "tts_voice": null,
                "tts_language": null, "webhook_id": null
            })
        );
        // Decoding keeps the three states apart.
        let back: UpdateAgentRequest =
            serde_json::from_str(r#"{"name":null,"tts_voice":"v"}"#).unwrap();
        assert_eq!(back.name, Patch::Null);
        assert_eq!(back.tts_voice, Patch::Set("v".to_owned()));
        assert_eq!(back.description, Patch::Unchanged);
        assert_eq!(
            serde_json::from_str::<UpdateAgentRequest>(&serde_json::to_string(&body).unwrap())
                .unwrap(),
            body
        );
    }

    #[test]
    fn template_decodes_with_null_absent_and_set_lists() {
        let t: AgentTemplate = serde_json::from_str(TEMPLATE).unwrap();
        let mut want = AgentTemplate::new(
            "tmpl_1",
            "Basic",
            "https://github.com/cartesia-ai/line",
            "examples/basic",
            "cartesia",
            ts("2026-01-01T00:00:00Z"),
            ts("2026-02-01T00:00:00.5Z"),
        );
        want.description = Some("A starter".into());
        want.required_env_vars = Some(vec!["OPENAI_API_KEY".into()]);
        assert_eq!(t, want);

        let mut v = value(TEMPLATE);
        let obj = v.as_object_mut().unwrap();
        obj.remove("description");
        obj.remove("required_env_vars");
        obj.remove("dependencies");
        let t: AgentTemplate = serde_json::from_value(v).unwrap();
        assert_eq!(
            (t.description, t.required_env_vars, t.dependencies),
            (None, None, None)
        );

        let r: GetTemplatesResponse =
            serde_json::from_str(&format!(r#"{{"templates":[{TEMPLATE}]}}"#)).unwrap();
        assert_eq!(r.templates.len(), 1);
    }

    #[test]
    fn deployment_decodes_every_field() {
        let d: Deployment = serde_json::from_str(DEPLOYMENT).unwrap();
        let want = Deployment::new(
            "dep_1",
            "agent_abc123",
            DeploymentStatus::Deployed,
            true,
            true,
            "env_1",
            "file_1",
            "0a1b2c3",
            ts("2026-03-01T12:00:00Z"),
            ts("2026-03-01T12:05:00.123Z"),
            "ok",
        );
        let want = Deployment {
            build_started_at: Some(ts("2026-03-01T12:00:01Z")),
            build_completed_at: Some(ts("2026-03-01T12:02:00Z")),
            deployment_started_at: Some(ts("2026-03-01T12:02:01Z")),
            deployment_completed_at: Some(ts("2026-03-01T11:03:00Z")),
            ..want
        };
        assert_eq!(d, want);
        assert_eq!(
            d.deployment_completed_at.map(|t| t.to_string()).as_deref(),
            Some("2026-03-01T11:03:00Z")
        );
        let json = DEPLOYMENT
            .replace(r#""build_error": null"#, r#""build_error": "pip failed""#)
            .replace(r#""deployment_error": null,"#, "");
        let d: Deployment = serde_json::from_str(&json).unwrap();
        assert_eq!(d.build_error.as_deref(), Some("pip failed"));
        assert_eq!(d.deployment_error, None);
    }

    #[test]
    fn deployment_status_is_open() {
        for (wire, known) in [
            ("queued", DeploymentStatus::Queued),
            ("inactive", DeploymentStatus::Inactive),
            ("deploy_error", DeploymentStatus::DeployError),
            ("skipped", DeploymentStatus::Skipped),
            ("build_error", DeploymentStatus::BuildError),
            ("building", DeploymentStatus::Building),
            ("deployed", DeploymentStatus::Deployed),
        ] {
            let json = DEPLOYMENT.replace("\"deployed\"", &format!("\"{wire}\""));
            let d: Deployment = serde_json::from_str(&json).unwrap();
            assert_eq!(d.status, known);
            assert_eq!(d.status.as_str(), wire);
        }
        let json = DEPLOYMENT.replace("\"deployed\"", "\"rolling_back\"");
        let d: Deployment = serde_json::from_str(&json).unwrap();
        assert_eq!(d.status, DeploymentStatus::Unknown("rolling_back".into()));
        assert!(!d.status.is_known());
        let back = serde_json::to_value(&d).unwrap();
        assert_eq!(back["status"], "rolling_back");
    }

    const STAGE_TIMESTAMPS: [&str; 4] = [
        "build_started_at",
        "build_completed_at",
        "deployment_started_at",
        "deployment_completed_at",
    ];

    /// While a deployment is queued or building, the live API sends its build and deployment
    /// timestamps as `null` or not at all (the spec marks them required): both decode to
    /// `None`, and `None` is not sent back.
    #[test]
    fn queued_and_building_deployments_have_no_stage_timestamps() {
        for absent in [true, false] {
            let mut v = value(DEPLOYMENT);
            let o = v.as_object_mut().unwrap();
            o["status"] = "queued".into();
            for field in STAGE_TIMESTAMPS {
                if absent {
                    o.remove(field);
                } else {
                    o[field] = serde_json::Value::Null;
                }
            }
            let d: Deployment = serde_json::from_value(v).unwrap();
            assert_eq!(d.status, DeploymentStatus::Queued);
            assert_eq!(d.build_started_at, None);
            assert_eq!(d.build_completed_at, None);
            assert_eq!(d.deployment_started_at, None);
            assert_eq!(d.deployment_completed_at, None);
            assert_eq!(d.created_at, ts("2026-03-01T12:00:00Z"));
            let back = serde_json::to_value(&d).unwrap();
            for field in STAGE_TIMESTAMPS {
                assert!(back.get(field).is_none(), "{field}: {back}");
            }
            assert_eq!(serde_json::from_value::<Deployment>(back).unwrap(), d);
        }
        // Building: started, not completed.
        let mut v = value(DEPLOYMENT);
        let o = v.as_object_mut().unwrap();
        o["status"] = "building".into();
        o["build_completed_at"] = serde_json::Value::Null;
        o.remove("deployment_started_at");
        o["deployment_completed_at"] = serde_json::Value::Null;
        let d: Deployment = serde_json::from_value(v).unwrap();
        assert_eq!(d.build_started_at, Some(ts("2026-03-01T12:00:01Z")));
        assert_eq!(
            (
                d.build_completed_at,
                d.deployment_started_at,
                d.deployment_completed_at
            ),
            (None, None, None)
        );
    }

    /// A stage timestamp that is present must still be a timestamp.
    #[test]
    fn stage_timestamps_that_are_present_are_checked() {
        for field in STAGE_TIMESTAMPS {
            for bad in [serde_json::json!("yesterday"), serde_json::json!(17)] {
                let mut v = value(DEPLOYMENT);
                v.as_object_mut().unwrap()[field] = bad.clone();
                let err = serde_json::from_value::<Deployment>(v).unwrap_err();
                assert!(!err.to_string().is_empty(), "{field}");
            }
        }
    }
}
