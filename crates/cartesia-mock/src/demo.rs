//! The demo records behind the Agents routes other than phone numbers: agent
//! summaries, deployments, calls, webhooks and metrics, as JSON values in the
//! shapes of the Cartesia API (version 2026-03-01).
//!
//! They seed the server's store when it starts (see `store.rs`); routes then change them.

use serde_json::{json, Map, Value};

use crate::data::{DEMO_AGENT_ID, DEMO_SUPPORT_AGENT_ID};
use crate::store::{BatchRec, CallRec, DocRec, FolderRec, NumberRec};

/// Id of a demo call: a completed inbound call of [`DEMO_AGENT_ID`] whose
/// answer to `GET /agents/calls/{call_id}` carries a transcript.
pub const DEMO_CALL_ID: &str = "ac_demo_01";

/// How many demo calls [`DEMO_AGENT_ID`] has: more than the API's default page
/// size of 10, so that listing them all takes two pages.
pub const DEMO_AGENT_CALL_COUNT: usize = 12;

/// Voice of the demo agents and of agents added with
/// [`MockServerBuilder::agent`](crate::MockServerBuilder::agent).
const DEMO_VOICE: &str = "6ccbfb76-1fc6-48f7-b71d-91ac6298247b";
/// Time stamp of synthesised records.
const DEFAULT_TIME: &str = "2026-03-01T12:00:00Z";

/// The summary fields of a demo agent, without `phone_numbers` (filled in
/// from the numbers the server actually serves for the agent).
pub(crate) fn demo_agent_profile(agent_id: &str) -> Option<Map<String, Value>> {
    let value = match agent_id {
        DEMO_AGENT_ID => json!({
            "id": DEMO_AGENT_ID,
            "name": "demo-receptionist",
            "description": "Answers the demo line, takes messages and books appointments.",
            "created_at": "2026-02-02T10:15:00Z",
            "updated_at": "2026-03-31T17:37:05.961874Z",
            "tts_voice": DEMO_VOICE,
            "tts_language": "en",
            "webhook_id": "wh_demo_calls",
            "deleted_at": null,
            "git_repository": {
                "provider": "github",
                "account": "cartesia-demo",
                "name": "receptionist-agent"
            },
            "git_deploy_branch": "main",
            "has_text_to_agent_run": true,
            "deployment_count": 2
        }),
        DEMO_SUPPORT_AGENT_ID => json!({
            "id": DEMO_SUPPORT_AGENT_ID,
            "name": "customer-support",
            "description": null,
            "created_at": "2026-02-20T08:00:00Z",
            "updated_at": "2026-03-10T09:30:00Z",
            "tts_voice": "f9836c6e-a0bd-460e-9d3c-f7299fa60f94",
            "tts_language": "en",
            "webhook_id": "wh_support_crm",
            "deleted_at": null,
            "git_repository": null,
            "git_deploy_branch": null,
            "has_text_to_agent_run": false,
            "deployment_count": 2
        }),
        _ => return None,
    };
    match value {
        Value::Object(map) => Some(map),
        _ => None,
    }
}

/// The summary fields of an agent added with the builder (no demo profile):
/// its id as name, no deployments.
pub(crate) fn synthesized_agent_profile(agent_id: &str) -> Map<String, Value> {
    let mut map = Map::new();
    map.insert("id".into(), agent_id.into());
    map.insert("name".into(), agent_id.into());
    map.insert("description".into(), Value::Null);
    map.insert("created_at".into(), DEFAULT_TIME.into());
    map.insert("updated_at".into(), DEFAULT_TIME.into());
    map.insert("tts_voice".into(), DEMO_VOICE.into());
    map.insert("tts_language".into(), "en".into());
    map.insert("webhook_id".into(), Value::Null);
    map.insert("deleted_at".into(), Value::Null);
    map.insert("git_repository".into(), Value::Null);
    map.insert("git_deploy_branch".into(), Value::Null);
    map.insert("has_text_to_agent_run".into(), false.into());
    map.insert("deployment_count".into(), 0.into());
    map
}

/// The id of a phone number in an agent summary: `pn_` and the number's
/// digits (`+14155550123` → `pn_14155550123`).
pub(crate) fn phone_number_id(number: &str) -> String {
    let digits: String = number.chars().filter(char::is_ascii_alphanumeric).collect();
    format!("pn_{digits}")
}

/// A deployment built on `day` (`YYYY-MM-DD`); `live` deployments are also
/// pinned.
#[allow(clippy::too_many_arguments)]
fn deployment(
    id: &str,
    agent_id: &str,
    status: &str,
    live: bool,
    commit: &str,
    day: &str,
    build_error: Option<&str>,
    logs: &str,
) -> Value {
    json!({
        "id": id,
        "agent_id": agent_id,
        "status": status,
        "is_pinned": live,
        "is_live": live,
        "env_var_collection_id": format!("evc_{agent_id}"),
        "source_code_file_id": format!("file_{id}"),
        "git_commit_hash": commit,
        "created_at": format!("{day}T09:00:00Z"),
        "updated_at": format!("{day}T09:04:12.518Z"),
        "build_started_at": format!("{day}T09:00:02Z"),
        "build_completed_at": format!("{day}T09:02:47Z"),
        "build_error": build_error,
        "build_logs": logs,
        "deployment_started_at": format!("{day}T09:02:48Z"),
        "deployment_completed_at": format!("{day}T09:04:12.518Z"),
        "deployment_error": null
    })
}

/// The deployments of a demo agent, newest first (empty for other agents).
pub(crate) fn demo_deployments(agent_id: &str) -> Vec<Value> {
    const LOGS: &str = "Installing dependencies...\nBuilding image...\nBuild finished.";
    match agent_id {
        DEMO_AGENT_ID => vec![
            deployment(
                "dep_demo_2",
                DEMO_AGENT_ID,
                "deployed",
                true,
                "3f9a1c27e5d84b0c9e6f1a2b3c4d5e6f7a8b9c0d",
                "2026-03-15",
                None,
                LOGS,
            ),
            deployment(
                "dep_demo_1",
                DEMO_AGENT_ID,
                "inactive",
                false,
                "9b2e4d6f8a0c1e3f5a7b9c1d3e5f7a9b1c3d5e7f",
                "2026-02-02",
                None,
                LOGS,
            ),
        ],
        DEMO_SUPPORT_AGENT_ID => {
            // A build in progress: the API sends null for the times not reached yet.
            let mut building = deployment(
                "dep_support_2",
                DEMO_SUPPORT_AGENT_ID,
                "building",
                false,
                "5eed5eed0123456789abcdef0123456789abcdef",
                "2026-03-30",
                None,
                "Installing dependencies...",
            );
            for key in [
                "build_completed_at",
                "deployment_started_at",
                "deployment_completed_at",
            ] {
                building[key] = Value::Null;
            }
            vec![
                building,
                deployment(
                    "dep_support_1",
                    DEMO_SUPPORT_AGENT_ID,
                    "deployed",
                    true,
                    "c0ffee00d15ea5e0ba5eba11c0ffee00d15ea5e0",
                    "2026-02-20",
                    None,
                    LOGS,
                ),
            ]
        }
        _ => Vec::new(),
    }
}

/// One demo call: its id, its agent, and its JSON without and with the
/// transcript (lists leave the transcript out unless `expand=transcript`).
pub(crate) struct DemoCall {
    /// The call id.
    pub(crate) id: String,
    /// The call without its transcript.
    pub(crate) brief: Value,
    /// The call with its transcript (if it has one).
    pub(crate) full: Value,
}

/// The summaries of completed calls, in turn.
const SUMMARIES: [&str; 4] = [
    "Caller booked an appointment for Tuesday at 10 am.",
    "Caller asked about opening hours; the agent answered.",
    "Caller left a message for the billing team.",
    "Caller rescheduled an appointment to Friday.",
];

/// The transcript of every completed, unredacted demo call.
fn transcript() -> Value {
    json!([
        {"role": "assistant", "text": "Thanks for calling the demo line. How can I help?",
         "start_timestamp": 0.0, "end_timestamp": 2.6, "tts_ttfb": 0.182},
        {"role": "user", "text": "I'd like to book an appointment for Tuesday.",
         "start_timestamp": 3.1, "end_timestamp": 5.4, "stt_ttfb": 0.094},
        {"role": "assistant", "text": "Tuesday at 10 am is free. Shall I book it?",
         "start_timestamp": 5.9, "end_timestamp": 8.2, "tts_ttfb": 0.176},
        {"role": "user", "text": "Yes, please.", "start_timestamp": 8.8, "end_timestamp": 9.5}
    ])
}

/// A Twilio-style call SID: `CA` and 32 hex digits, made up from the agent
/// and `n`.
fn call_sid(agent_id: &str, n: usize) -> String {
    let seed = agent_id.bytes().fold(n as u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    let a = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    let b = (a ^ (a >> 29)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    format!("CA{a:016x}{b:016x}")
}

/// Builds call `n` (1-based) of an agent; `n` sets the start time (later
/// calls start later) and the variety: one call in progress, one failed, one
/// redacted, some outbound.
fn call(agent_id: &'static str, prefix: &str, agent_name: &str, n: usize, last: usize) -> DemoCall {
    let id = format!("ac_{prefix}_{n:02}");
    let agent_number = if agent_id == DEMO_AGENT_ID {
        "+14155550123"
    } else {
        "+14155550188"
    };
    // The support agent's calls start 8 minutes later in the hour, so that no
    // two calls start at the same time.
    let shift = if agent_id == DEMO_AGENT_ID { 0 } else { 8 };
    let (day, hour, minute) = (9 + n, 8 + (n * 5) % 10, (n * 17 + shift) % 60);
    let start = format!("2026-03-{day:02}T{hour:02}:{minute:02}:00Z");
    let seconds = 45 + n * 23;
    let end = format!(
        "2026-03-{day:02}T{:02}:{:02}:{:02}Z",
        hour + (minute + seconds / 60) / 60,
        (minute + seconds / 60) % 60,
        seconds % 60
    );
    let outbound = n % 3 == 0;
    let in_progress = n == last && agent_id == DEMO_AGENT_ID;
    let failed = n == 6 && agent_id == DEMO_AGENT_ID;
    let redacted = n == 2 && agent_id == DEMO_AGENT_ID;

    let mut c = Map::new();
    c.insert("id".into(), id.clone().into());
    c.insert("agent_id".into(), agent_id.into());
    c.insert("agent_name".into(), agent_name.into());
    c.insert("start_time".into(), start.into());
    c.insert(
        "telephony_params".into(),
        json!({
            "to": format!("+1415555{:04}", 1000 + n * 37),
            "from": agent_number,
            "call_sid": call_sid(agent_id, n),
            "direction": if outbound { "outbound" } else { "inbound" },
            "connection_type": "phone"
        }),
    );
    c.insert("telephony_account_type".into(), "cartesia".into());
    c.insert("zdr_enabled".into(), false.into());
    let deployment = match (agent_id, n <= 4) {
        (DEMO_AGENT_ID, true) => "dep_demo_1",
        (DEMO_AGENT_ID, false) => "dep_demo_2",
        _ => "dep_support_1",
    };
    c.insert("deployment_id".into(), deployment.into());
    c.insert("deployment_region".into(), "US".into());
    if outbound {
        c.insert("metadata".into(), json!({"campaign": "spring-checkup"}));
    }
    let mut with_transcript = true;
    if in_progress {
        c.insert("status".into(), "started".into());
        c.insert("end_time".into(), Value::Null);
    } else if failed {
        c.insert("status".into(), "failed".into());
        // It rang for a minute.
        let end = format!(
            "2026-03-{day:02}T{:02}:{:02}:00Z",
            hour + (minute + 1) / 60,
            (minute + 1) % 60
        );
        c.insert("end_time".into(), end.into());
        c.insert("end_reason".into(), "dial_no_answer".into());
        c.insert(
            "error_message".into(),
            "The callee did not answer within 60 seconds.".into(),
        );
        with_transcript = false;
    } else {
        c.insert("status".into(), "completed".into());
        c.insert("end_time".into(), end.into());
        let reason = if n % 2 == 0 {
            "client_hangup"
        } else {
            "agent_hangup"
        };
        c.insert("end_reason".into(), reason.into());
        if redacted {
            c.insert("redacted_at".into(), "2026-03-31T17:37:05.961874Z".into());
            with_transcript = false;
        } else {
            // Call 1 gets the first summary, which matches the transcript.
            c.insert(
                "summary".into(),
                SUMMARIES[(n - 1) % SUMMARIES.len()].into(),
            );
        }
    }
    let brief = Value::Object(c.clone());
    if with_transcript {
        c.insert("transcript".into(), transcript());
    }
    DemoCall {
        id,
        brief,
        full: Value::Object(c),
    }
}

/// Every demo call, newest first (the API's order: start time descending).
pub(crate) fn demo_calls() -> Vec<DemoCall> {
    let mut calls: Vec<DemoCall> = (1..=DEMO_AGENT_CALL_COUNT)
        .map(|n| {
            call(
                DEMO_AGENT_ID,
                "demo",
                "demo-receptionist",
                n,
                DEMO_AGENT_CALL_COUNT,
            )
        })
        .chain((1..=3).map(|n| call(DEMO_SUPPORT_AGENT_ID, "support", "customer-support", n, 3)))
        .collect();
    calls.sort_by(|a, b| {
        let start = |c: &DemoCall| c.brief["start_time"].as_str().unwrap_or("").to_owned();
        start(b).cmp(&start(a))
    });
    calls
}

/// The demo webhooks (secrets are never listed).
pub(crate) fn demo_webhooks() -> Vec<Value> {
    vec![
        json!({
            "id": "wh_demo_calls",
            "url": "https://example.com/cartesia/call-events",
            "display_name": "Call events",
            "created_at": "2026-02-02T10:20:00Z",
            "updated_at": "2026-02-02T10:20:00Z"
        }),
        json!({
            "id": "wh_support_crm",
            "url": "https://crm.example.com/hooks/cartesia",
            "display_name": null,
            "created_at": "2026-02-20T08:05:00Z",
            "updated_at": "2026-03-10T09:30:00Z"
        }),
    ]
}

/// The demo metrics.
pub(crate) fn demo_metrics() -> Vec<Value> {
    vec![
        json!({
            "id": "met_resolved",
            "name": "call_resolved",
            "display_name": "Call resolved",
            "prompt": "Did the agent resolve the caller's request? Answer yes or no.",
            "created_at": "2026-02-03T11:00:00Z"
        }),
        json!({
            "id": "met_sentiment",
            "name": "caller_sentiment",
            "display_name": "Caller sentiment",
            "prompt": "Rate the caller's sentiment at the end of the call: positive, neutral or negative.",
            "created_at": "2026-02-03T11:05:00Z"
        }),
        json!({
            "id": "met_booking",
            "name": "appointment_booked",
            "display_name": null,
            "prompt": "Was an appointment booked during the call? Answer yes or no.",
            "created_at": "2026-03-01T12:00:00.5Z"
        }),
    ]
}

/// The public agent templates.
pub(crate) fn demo_templates() -> Vec<Value> {
    vec![
        json!({
            "id": "tmpl_receptionist",
            "name": "Receptionist",
            "description": "Answers calls, takes messages and books appointments.",
            "repo_url": "https://github.com/cartesia-ai/agent-templates",
            "root_dir": "receptionist",
            "required_env_vars": ["OPENAI_API_KEY"],
            "dependencies": ["cartesia-line"],
            "owner_id": "org_cartesia",
            "created_at": "2026-01-15T09:00:00Z",
            "updated_at": "2026-02-20T16:45:10.25Z"
        }),
        json!({
            "id": "tmpl_outbound_survey",
            "name": "Outbound survey",
            "description": null,
            "repo_url": "https://github.com/cartesia-ai/agent-templates",
            "root_dir": "outbound-survey",
            "required_env_vars": null,
            "dependencies": null,
            "owner_id": "org_cartesia",
            "created_at": "2026-01-15T09:00:00Z",
            "updated_at": "2026-01-15T09:00:00Z"
        }),
    ]
}

/// A Twilio provider account (`api_key_sid` masked, as the API serves it).
pub(crate) fn twilio_provider(
    id: &str,
    account_sid: &str,
    api_key_sid: &str,
    label: Option<&str>,
) -> Map<String, Value> {
    let mut map = Map::new();
    map.insert("type".into(), "twilio".into());
    map.insert("id".into(), id.into());
    map.insert("account_sid".into(), account_sid.into());
    map.insert("api_key_sid".into(), mask(api_key_sid).into());
    map.insert("region".into(), "us1".into());
    map.insert("label".into(), label.map_or(Value::Null, Value::from));
    map
}

/// `secret` partially masked: its first four and last four characters.
pub(crate) fn mask(secret: &str) -> String {
    let chars: Vec<char> = secret.chars().collect();
    if chars.len() <= 8 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..4].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - 8))
}

/// The demo provider accounts: one Twilio account (the support agent's second number is
/// on it) and one SIP trunk.
pub(crate) fn demo_providers() -> Vec<Map<String, Value>> {
    let twilio = twilio_provider(
        "prov_demo_twilio",
        "AC5f1e2d3c4b5a69788796a5b4c3d2e1f0",
        "SK0a1b2c3d4e5f60718293a4b5c6d7e8f9",
        Some("Support Twilio account"),
    );
    let sip = json!({
        "type": "sip_trunk",
        "id": "prov_demo_sip",
        "label": "Office PBX",
        "inbound": {
            "allowed_addresses": ["203.0.113.0/24"],
            "allowed_numbers": [],
            "auth_username": "pbx-inbound",
            "media_encryption": "allowed"
        },
        "outbound": {
            "address": "sip.pbx.example.com",
            "destination_country": "US",
            "transport": "tls",
            "media_encryption": "disabled",
            "auth_username": "pbx-outbound"
        }
    });
    let mut out = vec![twilio];
    if let Value::Object(map) = sip {
        out.push(map);
    }
    out
}

/// Demo numbers that no agent answers: one provisioned by Cartesia, one on the SIP
/// trunk.
pub(crate) fn demo_unassigned_numbers() -> Vec<NumberRec> {
    vec![
        NumberRec {
            id: "pn_14155550199".into(),
            number: "+14155550199".into(),
            label: Some("Spare line".into()),
            assigned: None,
            legacy_agent_id: String::new(),
            created_at: "2026-03-20T14:00:00Z".into(),
            updated_at: "2026-03-20T14:00:00Z".into(),
            provider: None,
        },
        NumberRec {
            id: "pn_16505550111".into(),
            number: "+16505550111".into(),
            label: Some("Office PBX main".into()),
            assigned: None,
            legacy_agent_id: String::new(),
            created_at: "2026-03-21T10:30:00.5Z".into(),
            updated_at: "2026-03-22T08:00:00Z".into(),
            provider: Some("prov_demo_sip".into()),
        },
    ]
}

/// The runtime logs of a demo call.
pub(crate) fn demo_call_logs(call_id: &str) -> Vec<String> {
    vec![
        format!("INFO call {call_id}: connected"),
        "INFO greeting sent".to_owned(),
        "DEBUG tool call: calendar.find_slot(day=tuesday)".to_owned(),
        "INFO call ended".to_owned(),
    ]
}

/// A metric result for every metric attached to a demo agent, on each of its
/// completed calls that has a transcript, newest first.
pub(crate) fn demo_metric_results(calls: &[CallRec], metrics: &[Value]) -> Vec<Value> {
    let attached: [(&str, &str); 3] = [
        (DEMO_AGENT_ID, "met_resolved"),
        (DEMO_AGENT_ID, "met_booking"),
        (DEMO_SUPPORT_AGENT_ID, "met_sentiment"),
    ];
    let mut out = Vec::new();
    for call in calls.iter().filter(|c| c.call.contains_key("transcript")) {
        for (agent_id, metric_id) in attached.iter().filter(|(a, _)| *a == call.agent_id()) {
            let Some(metric) = metrics.iter().find(|m| m["id"] == *metric_id) else {
                continue;
            };
            let call_id = call.id();
            let (result, value) = match *metric_id {
                "met_sentiment" => ("positive", json!("positive")),
                _ => ("yes", json!(true)),
            };
            let created = call.call.get("end_time").cloned().unwrap_or(Value::Null);
            out.push(json!({
                "id": format!("metric_result_{}_{}", call_id, metric_id.trim_start_matches("met_")),
                "metricId": metric_id,
                "metricName": metric["name"],
                "metricDisplayName": metric["display_name"],
                "summary": call.call.get("summary").cloned().unwrap_or_else(|| json!("")),
                "transcript": call.call.get("transcript").cloned().unwrap_or(Value::Null),
                "agentId": agent_id,
                "callId": call_id,
                "result": result,
                "jsonResult": {"answer": result},
                "value": value,
                "status": "completed",
                "runId": null,
                "createdAt": created,
                "deploymentId": call.call.get("deployment_id").cloned().unwrap_or(Value::Null),
            }));
        }
    }
    out
}

/// One demo call batch of the demo agent, completed.
pub(crate) fn demo_batches() -> Vec<BatchRec> {
    let batch = json!({
        "id": "acb_demo_spring",
        "name": "Spring check-up reminders",
        "agent_id": DEMO_AGENT_ID,
        "from_number_id": "pn_14155550123",
        "region": "US",
        "target_concurrency_limit": 2,
        "status": "completed",
        "total_calls_scheduled": 2,
        "total_calls_dispatched": 2,
        "total_calls_finished": 2,
        "retry_count": 0,
        "created_at": "2026-03-14T08:00:00Z",
        "last_updated_at": "2026-03-14T08:20:31Z",
        "admitted_at": "2026-03-14T08:00:05Z"
    });
    let recipients = vec![
        json!({
            "id": "acbr_demo_1",
            "to_number": "+14155551111",
            "status": "completed",
            "agent_call_id": "ac_demo_03",
            "end_reason": "client_hangup",
            "metadata": {"campaign": "spring-checkup"},
            "created_at": "2026-03-14T08:00:00Z"
        }),
        json!({
            "id": "acbr_demo_2",
            "to_number": "+14155552222",
            "status": "failed",
            "agent_call_id": "ac_demo_06",
            "end_reason": "dial_no_answer",
            "metadata": {"campaign": "spring-checkup"},
            "created_at": "2026-03-14T08:00:00Z"
        }),
    ];
    match batch {
        Value::Object(batch) => vec![BatchRec { batch, recipients }],
        _ => Vec::new(),
    }
}

/// The demo knowledge base: a top-level folder with a nested one, a second top-level
/// folder, and three documents.
pub(crate) fn demo_knowledge_base() -> (Vec<FolderRec>, Vec<DocRec>) {
    let folder =
        |id: &str, parent: Option<&str>, name: &str, created: &str, agents: &[&str]| FolderRec {
            id: id.to_owned(),
            parent_id: parent.map(str::to_owned),
            name: name.to_owned(),
            created_at: created.to_owned(),
            agents: agents.iter().map(|a| (*a).to_owned()).collect(),
        };
    let folders = vec![
        folder(
            "fold_demo_clinic",
            None,
            "Clinic",
            "2026-02-03T09:00:00Z",
            &[DEMO_AGENT_ID],
        ),
        folder(
            "fold_demo_hours",
            Some("fold_demo_clinic"),
            "Opening hours",
            "2026-02-03T09:05:00Z",
            &[DEMO_AGENT_ID],
        ),
        folder(
            "fold_demo_support",
            None,
            "Support playbooks",
            "2026-02-21T10:00:00.25Z",
            &[DEMO_SUPPORT_AGENT_ID],
        ),
    ];
    let doc = |id: &str,
               folder: &str,
               name: Option<&str>,
               content: &str,
               created: &str,
               metadata: Value| {
        let mut map = Map::new();
        map.insert("id".into(), id.into());
        map.insert("name".into(), name.map_or(Value::Null, Value::from));
        map.insert("content".into(), content.into());
        map.insert("created_at".into(), created.into());
        map.insert("metadata".into(), metadata);
        DocRec {
            doc: map,
            folder_id: folder.to_owned(),
        }
    };
    let documents = vec![
        doc(
            "doc_demo_services",
            "fold_demo_clinic",
            Some("Services"),
            "We offer check-ups, cleanings and fillings.",
            "2026-02-03T09:10:00Z",
            json!({"topic": "services"}),
        ),
        doc(
            "doc_demo_hours",
            "fold_demo_hours",
            Some("Weekday hours"),
            "Open Monday to Friday, 8 am to 6 pm.",
            "2026-02-03T09:12:00Z",
            json!({"topic": "hours"}),
        ),
        doc(
            "doc_demo_refunds",
            "fold_demo_support",
            None,
            "Refunds are processed within five business days.",
            "2026-02-21T10:05:00Z",
            json!({}),
        ),
    ];
    (folders, documents)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_are_newest_first_and_varied() {
        let calls = demo_calls();
        assert_eq!(calls.len(), DEMO_AGENT_CALL_COUNT + 3);
        let starts: Vec<&str> = calls
            .iter()
            .map(|c| c.brief["start_time"].as_str().unwrap())
            .collect();
        let mut sorted = starts.clone();
        sorted.sort_unstable_by(|a, b| b.cmp(a));
        assert_eq!(starts, sorted);
        let mut ids: Vec<&str> = calls.iter().map(|c| c.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), calls.len());
        let statuses: Vec<&str> = calls
            .iter()
            .map(|c| c.brief["status"].as_str().unwrap())
            .collect();
        for status in ["started", "completed", "failed"] {
            assert!(statuses.contains(&status), "{status}");
        }
        let first = calls.iter().find(|c| c.id == DEMO_CALL_ID).unwrap();
        assert!(first.full["transcript"].is_array());
        assert!(first.brief.get("transcript").is_none());
        // End times follow start times.
        for c in &calls {
            if let Some(end) = c.brief["end_time"].as_str() {
                assert!(end >= c.brief["start_time"].as_str().unwrap(), "{}", c.id);
            }
        }
    }

    #[test]
    fn phone_number_ids_use_the_digits() {
        assert_eq!(phone_number_id("+14155550123"), "pn_14155550123");
    }
}
