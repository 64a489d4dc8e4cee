//! The server's state: every record the routes read and change, kept in list order, and
//! how each is rendered in the API's wire shape.
//!
//! Records are plain JSON objects in the shapes of `../shared/spec` (the API's own field
//! names), plus the few facts the wire shape hides (a webhook's secret, the folder a
//! document is in, which agent a phone number is listed under).

use serde_json::{json, Map, Value};

use crate::data::DemoPhoneNumber;
use crate::demo;
use crate::support::Ids;

/// One call and what the API serves around it.
#[derive(Debug, Clone)]
pub(crate) struct CallRec {
    /// The `AgentCall`, with its transcript if it has one.
    pub(crate) call: Map<String, Value>,
    /// Whether `GET /agents/calls/{id}/audio` has a recording.
    pub(crate) audio: bool,
    /// The runtime logs, if available.
    pub(crate) logs: Option<Vec<String>>,
    /// The batch the call was placed for.
    pub(crate) batch_id: Option<String>,
}

impl CallRec {
    /// The call's id.
    pub(crate) fn id(&self) -> &str {
        self.call.get("id").and_then(Value::as_str).unwrap_or("")
    }

    /// The call's agent.
    pub(crate) fn agent_id(&self) -> &str {
        self.call
            .get("agent_id")
            .and_then(Value::as_str)
            .unwrap_or("")
    }

    /// The call's status.
    pub(crate) fn status(&self) -> &str {
        self.call
            .get("status")
            .and_then(Value::as_str)
            .unwrap_or("")
    }

    /// The call as listed: without the transcript unless `expand`.
    pub(crate) fn listed(&self, expand: bool) -> Value {
        let mut call = self.call.clone();
        if !expand {
            call.remove("transcript");
        }
        Value::Object(call)
    }
}

/// A phone number.
#[derive(Debug, Clone)]
pub(crate) struct NumberRec {
    /// `pn_…`.
    pub(crate) id: String,
    /// E.164.
    pub(crate) number: String,
    /// `label`.
    pub(crate) label: Option<String>,
    /// The agent that answers it (and under which `/agents/{id}/phone-numbers` lists it).
    pub(crate) assigned: Option<String>,
    /// The `agent_id` field of the legacy per-agent list, served as given.
    pub(crate) legacy_agent_id: String,
    /// `created_at`.
    pub(crate) created_at: String,
    /// `updated_at`.
    pub(crate) updated_at: String,
    /// The provider's id; `None` for a Cartesia-managed number.
    pub(crate) provider: Option<String>,
}

impl NumberRec {
    /// A number added through the API (imported or provisioned), created and updated now.
    pub(crate) fn added(
        id: String,
        number: String,
        label: String,
        agent_id: Option<String>,
        provider: Option<String>,
    ) -> Self {
        let stamp = crate::support::now();
        Self {
            id,
            number,
            label: Some(label),
            legacy_agent_id: agent_id.clone().unwrap_or_default(),
            assigned: agent_id,
            created_at: stamp.clone(),
            updated_at: stamp,
            provider,
        }
    }
}

/// A call batch.
#[derive(Debug, Clone)]
pub(crate) struct BatchRec {
    /// The `AgentCallBatch` without `recipients`.
    pub(crate) batch: Map<String, Value>,
    /// The recipients (`AgentCallBatchRecipient`s).
    pub(crate) recipients: Vec<Value>,
}

/// A webhook.
#[derive(Debug, Clone)]
pub(crate) struct WebhookRec {
    /// The `AgentWebhookSummary`.
    pub(crate) summary: Map<String, Value>,
    /// The secret (never served after creation).
    pub(crate) secret: String,
}

/// A knowledge-base folder.
#[derive(Debug, Clone)]
pub(crate) struct FolderRec {
    /// `fold_…`.
    pub(crate) id: String,
    /// The parent folder; `None` at the top level.
    pub(crate) parent_id: Option<String>,
    /// The name, unique among siblings.
    pub(crate) name: String,
    /// `created_at`.
    pub(crate) created_at: String,
    /// The agents with access.
    pub(crate) agents: Vec<String>,
}

/// A knowledge-base document.
#[derive(Debug, Clone)]
pub(crate) struct DocRec {
    /// The `DocumentResponse`.
    pub(crate) doc: Map<String, Value>,
    /// The folder it is in.
    pub(crate) folder_id: String,
}

impl DocRec {
    /// The document's id.
    pub(crate) fn id(&self) -> &str {
        self.doc.get("id").and_then(Value::as_str).unwrap_or("")
    }
}

/// Everything the server knows.
#[derive(Debug)]
pub(crate) struct Store {
    /// Makes ids for new records.
    pub(crate) ids: Ids,
    /// `AgentSummary`s without `phone_numbers`, in list order.
    pub(crate) agents: Vec<Map<String, Value>>,
    /// `Deployment`s, newest first per agent.
    pub(crate) deployments: Vec<Value>,
    /// Metrics attached to agents: (agent id, metric id).
    pub(crate) agent_metrics: Vec<(String, String)>,
    /// Calls, newest first.
    pub(crate) calls: Vec<CallRec>,
    /// Call batches, newest first.
    pub(crate) batches: Vec<BatchRec>,
    /// Phone numbers, in list order.
    pub(crate) numbers: Vec<NumberRec>,
    /// `ProviderAccountResponse`s, in list order.
    pub(crate) providers: Vec<Map<String, Value>>,
    /// `Metric`s, in list order.
    pub(crate) metrics: Vec<Value>,
    /// `MetricResult`s, newest first.
    pub(crate) metric_results: Vec<Value>,
    /// Webhooks, in list order.
    pub(crate) webhooks: Vec<WebhookRec>,
    /// Folders, in list order.
    pub(crate) folders: Vec<FolderRec>,
    /// Documents, in list order.
    pub(crate) documents: Vec<DocRec>,
    /// `AgentTemplate`s.
    pub(crate) templates: Vec<Value>,
    /// The resource-management records (datasets, files, ...), one list per collection: see
    /// `routes::management`.
    pub(crate) records: std::collections::BTreeMap<String, Vec<Value>>,
    /// File contents by file id.
    pub(crate) blobs: std::collections::BTreeMap<String, Vec<u8>>,
    /// `Voice`s: the account's own first (newest first), then the public demo voices.
    pub(crate) voices: Vec<Map<String, Value>>,
    /// The access tokens `POST /access-token` issued (accepted as credentials).
    pub(crate) access_tokens: Vec<String>,
}

/// A kind of record the [`Store`] keeps in one list, found there by its id.
pub(crate) trait Listed: Sized {
    /// The `404` for an id that is not in the list.
    const MISSING: fn() -> crate::error::ApiError;
    /// The list.
    fn list(store: &Store) -> &Vec<Self>;
    /// The list, to change.
    fn list_mut(store: &mut Store) -> &mut Vec<Self>;
    /// The record's id.
    fn id(&self) -> &str;
}

/// Declares [`Listed`] kinds, one line each: `Type in list, its 404, |record| its id;`.
macro_rules! listed {
    ($($ty:ident in $list:ident, $missing:path, |$r:ident| $id:expr;)*) => {$(
        impl $crate::store::Listed for $ty {
            const MISSING: fn() -> $crate::error::ApiError = $missing;
            fn list(store: &$crate::store::Store) -> &Vec<Self> {
                &store.$list
            }
            fn list_mut(store: &mut $crate::store::Store) -> &mut Vec<Self> {
                &mut store.$list
            }
            fn id(&self) -> &str {
                let $r = self;
                $id
            }
        }
    )*};
}
pub(crate) use listed;

/// The string field `key` of `map` (empty if missing).
pub(crate) fn field<'a>(map: &'a Map<String, Value>, key: &str) -> &'a str {
    map.get(key).and_then(Value::as_str).unwrap_or("")
}

impl Store {
    /// Where the `R` with `id` stands in its list, or its `404`.
    pub(crate) fn index_of<R: Listed>(&self, id: &str) -> Result<usize, crate::error::ApiError> {
        R::list(self)
            .iter()
            .position(|r| r.id() == id)
            .ok_or_else(R::MISSING)
    }

    /// The records for a server on `port`: the demo data if `demo_data`, and the agents
    /// added with the builder (an added agent with a demo agent's id replaces only its
    /// numbers).
    pub(crate) fn new(
        port: u16,
        demo_data: bool,
        added: Vec<(String, Vec<DemoPhoneNumber>)>,
    ) -> Self {
        let mut store = Store {
            ids: Ids::new(port),
            agents: Vec::new(),
            deployments: Vec::new(),
            agent_metrics: Vec::new(),
            calls: Vec::new(),
            batches: Vec::new(),
            numbers: Vec::new(),
            providers: Vec::new(),
            metrics: Vec::new(),
            metric_results: Vec::new(),
            webhooks: Vec::new(),
            folders: Vec::new(),
            documents: Vec::new(),
            templates: demo::demo_templates(),
            records: Default::default(),
            blobs: Default::default(),
            voices: crate::routes::demo_voices(),
            access_tokens: Vec::new(),
        };
        let mut agents: Vec<(String, Vec<DemoPhoneNumber>)> = if demo_data {
            crate::data::demo_agents()
        } else {
            Vec::new()
        };
        for (agent_id, numbers) in added {
            match agents.iter_mut().find(|(id, _)| *id == agent_id) {
                Some(entry) => entry.1 = numbers,
                None => agents.push((agent_id, numbers)),
            }
        }
        if demo_data {
            store.providers = demo::demo_providers();
        }
        for (agent_id, numbers) in &agents {
            let profile = demo_data
                .then(|| demo::demo_agent_profile(agent_id))
                .flatten();
            if profile.is_some() {
                store.deployments.extend(demo::demo_deployments(agent_id));
            }
            store
                .agents
                .push(profile.unwrap_or_else(|| demo::synthesized_agent_profile(agent_id)));
            for n in numbers {
                store.add_listed_number(agent_id, n);
            }
        }
        if demo_data {
            store.seed_demo();
            crate::routes::management::seed(&mut store);
        }
        store
    }

    /// Adds a number listed under `agent_id` as given by the builder or the demo data.
    fn add_listed_number(&mut self, agent_id: &str, n: &DemoPhoneNumber) {
        let mut id = demo::phone_number_id(&n.number);
        if self.numbers.iter().any(|r| r.id == id) {
            id = format!("{id}_{}", self.numbers.len());
        }
        let provider = if n.is_cartesia_managed {
            None
        } else {
            Some(self.twilio_provider_for_imports())
        };
        self.numbers.push(NumberRec {
            id,
            number: n.number.clone(),
            label: None,
            assigned: Some(agent_id.to_owned()),
            legacy_agent_id: n.agent_id.clone(),
            created_at: n.created_at.clone(),
            updated_at: n.updated_at.clone(),
            provider,
        });
    }

    /// The id of a Twilio provider for numbers that are not Cartesia-managed: the first
    /// one known, or one made up for them.
    fn twilio_provider_for_imports(&mut self) -> String {
        if let Some(p) = self.providers.iter().find(|p| field(p, "type") == "twilio") {
            return field(p, "id").to_owned();
        }
        let provider = demo::twilio_provider(
            "prov_mock_twilio",
            "AC00000000000000000000000000000000",
            "SK00000000000000000000000000000000",
            None,
        );
        let id = field(&provider, "id").to_owned();
        self.providers.push(provider);
        id
    }

    /// The demo records other than agents, deployments and their numbers.
    fn seed_demo(&mut self) {
        for call in demo::demo_calls() {
            // Finished calls with a transcript have a recording and logs; the call in
            // progress has neither yet.
            let audio = call.full.get("transcript").is_some() && call.full["status"] == "completed";
            let logs = audio.then(|| demo::demo_call_logs(&call.id));
            if let Value::Object(map) = call.full {
                self.calls.push(CallRec {
                    call: map,
                    audio,
                    logs,
                    batch_id: None,
                });
            }
        }
        self.numbers.extend(demo::demo_unassigned_numbers());
        self.webhooks = demo::demo_webhooks()
            .into_iter()
            .filter_map(|w| match w {
                Value::Object(summary) => Some(WebhookRec {
                    secret: format!("whsec_demo_{}", field(&summary, "id")),
                    summary,
                }),
                _ => None,
            })
            .collect();
        self.metrics = demo::demo_metrics();
        self.agent_metrics = vec![
            (crate::DEMO_AGENT_ID.to_owned(), "met_resolved".to_owned()),
            (crate::DEMO_AGENT_ID.to_owned(), "met_booking".to_owned()),
            (
                crate::DEMO_SUPPORT_AGENT_ID.to_owned(),
                "met_sentiment".to_owned(),
            ),
        ];
        self.metric_results = demo::demo_metric_results(&self.calls, &self.metrics);
        self.batches = demo::demo_batches();
        let (folders, documents) = demo::demo_knowledge_base();
        self.folders = folders;
        self.documents = documents;
    }

    /// The agent with `id`.
    pub(crate) fn agent(&self, id: &str) -> Option<&Map<String, Value>> {
        self.agents.iter().find(|a| field(a, "id") == id)
    }

    /// The agent's name, for embedded `{id, name}` summaries.
    pub(crate) fn agent_ref(&self, id: &str) -> Value {
        match self.agent(id) {
            Some(agent) => json!({"id": id, "name": field(agent, "name")}),
            None => json!({"id": id, "name": id}),
        }
    }

    /// The `AgentSummary` of `agent`, with its phone numbers.
    pub(crate) fn agent_summary(&self, agent: &Map<String, Value>) -> Value {
        let id = field(agent, "id");
        let numbers: Vec<Value> = self
            .numbers
            .iter()
            .filter(|n| n.assigned.as_deref() == Some(id))
            .map(|n| json!({"id": n.id, "number": n.number}))
            .collect();
        let mut summary = agent.clone();
        summary.insert("phone_numbers".into(), Value::Array(numbers));
        Value::Object(summary)
    }

    /// The `PhoneNumber`s listed under `agent_id` (the legacy per-agent list).
    pub(crate) fn legacy_numbers(&self, agent_id: &str) -> Value {
        Value::Array(
            self.numbers
                .iter()
                .filter(|n| n.assigned.as_deref() == Some(agent_id))
                .map(|n| {
                    json!({
                        "agent_id": n.legacy_agent_id,
                        "number": n.number,
                        "created_at": n.created_at,
                        "updated_at": n.updated_at,
                        "is_cartesia_managed": n.provider.is_none(),
                    })
                })
                .collect(),
        )
    }

    /// The provider with `id`.
    pub(crate) fn provider(&self, id: &str) -> Option<&Map<String, Value>> {
        self.providers.iter().find(|p| field(p, "id") == id)
    }

    /// The provider of a number as embedded in a `PhoneNumberResponse`.
    pub(crate) fn embedded_provider(&self, provider: Option<&str>) -> Value {
        let Some(p) = provider.and_then(|id| self.provider(id)) else {
            return json!({"type": "cartesia"});
        };
        if field(p, "type") == "twilio" {
            let mut twilio = Map::new();
            for key in [
                "type",
                "id",
                "account_sid",
                "api_key_sid",
                "region",
                "label",
            ] {
                if let Some(v) = p.get(key) {
                    twilio.insert(key.into(), v.clone());
                }
            }
            Value::Object(twilio)
        } else {
            json!({"type": field(p, "type"), "id": field(p, "id"), "label": p.get("label").cloned().unwrap_or(Value::Null)})
        }
    }

    /// The `PhoneNumberResponse` of `n`.
    pub(crate) fn number_response(&self, n: &NumberRec) -> Value {
        let mut v = self.number_base(n);
        if let Value::Object(map) = &mut v {
            map.insert(
                "provider".into(),
                self.embedded_provider(n.provider.as_deref()),
            );
        }
        v
    }

    /// The `PhoneNumberBaseResponse` of `n` (what provisioning returns).
    pub(crate) fn number_base(&self, n: &NumberRec) -> Value {
        json!({
            "id": n.id,
            "label": n.label,
            "number": n.number,
            "agent": n.assigned.as_deref().map(|a| self.agent_ref(a)),
            "created_at": n.created_at,
            "updated_at": n.updated_at,
        })
    }

    /// The `FolderResponse` of `f`.
    pub(crate) fn folder_response(&self, f: &FolderRec) -> Value {
        let documents: Vec<Value> = self
            .documents
            .iter()
            .filter(|d| d.folder_id == f.id)
            .map(|d| {
                json!({
                    "id": d.id(),
                    "name": d.doc.get("name").cloned().unwrap_or(Value::Null),
                    "created_at": field(&d.doc, "created_at"),
                    "metadata": d.doc.get("metadata").cloned().unwrap_or_else(|| json!({})),
                })
            })
            .collect();
        let agents: Vec<Value> = f.agents.iter().map(|a| self.agent_ref(a)).collect();
        json!({
            "id": f.id,
            "parent_id": f.parent_id,
            "name": f.name,
            "created_at": f.created_at,
            "agents": agents,
            "documents": documents,
        })
    }

    /// The `FolderListItem` of `f`, with `depth - 1` levels of children.
    pub(crate) fn folder_item(&self, f: &FolderRec, depth: usize) -> Value {
        let mut item = self.folder_response(f);
        if depth > 1 {
            let children: Vec<Value> = self
                .folders
                .iter()
                .filter(|c| c.parent_id.as_deref() == Some(f.id.as_str()))
                .map(|c| self.folder_item(c, depth - 1))
                .collect();
            if let Value::Object(map) = &mut item {
                map.insert("children".into(), Value::Array(children));
            }
        }
        item
    }

    /// How deep `folder_id` is: 1 for a top-level folder.
    pub(crate) fn folder_depth(&self, folder_id: &str) -> usize {
        let mut depth = 0;
        let mut at = Some(folder_id.to_owned());
        while let Some(id) = at {
            depth += 1;
            if depth > 16 {
                break;
            }
            at = self
                .folders
                .iter()
                .find(|f| f.id == id)
                .and_then(|f| f.parent_id.clone());
        }
        depth
    }

    /// How many levels of folders are under `folder_id` (0 for a leaf).
    pub(crate) fn folder_height(&self, folder_id: &str) -> usize {
        self.folders
            .iter()
            .filter(|c| c.parent_id.as_deref() == Some(folder_id))
            .map(|c| 1 + self.folder_height(&c.id))
            .max()
            .unwrap_or(0)
    }
}
