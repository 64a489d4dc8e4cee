//! Round trips over real sockets, through the SDK's own resource calls, on both clients
//! (reqwest async and ureq blocking): for every Agents resource with writes, create → get
//! → list (paged) → update → get → delete → get gives 404. Where the API lacks one of the
//! steps (agents cannot be created; metrics cannot be updated; calls and batches cannot be
//! deleted, only redacted or cancelled), the test does the closest operation and says so.

use cartesia_core::endpoints::api_keys::ListApiKeys;
use cartesia_core::endpoints::calls::{ListCallBatches, ListCalls};
use cartesia_core::endpoints::datasets::{ListDatasetFiles, ListDatasets};
use cartesia_core::endpoints::files::ListFiles;
use cartesia_core::endpoints::fine_tunes::{ListFineTuneVoices, ListFineTunes};
use cartesia_core::endpoints::knowledge_base::{ListDocuments, ListFolders};
use cartesia_core::endpoints::metrics::ListMetrics;
use cartesia_core::endpoints::organizations::{ListInvites, ListOrganizationUsers};
use cartesia_core::endpoints::phone_numbers::{ListNumbers, ListProviders};
use cartesia_core::endpoints::pronunciation_dicts::ListPronunciationDicts;
use cartesia_core::endpoints::uploads::FileForm;
use cartesia_core::endpoints::usage::{GetUsageAgents, GetUsageCredits};
use cartesia_core::endpoints::webhooks::ListWebhooks;
use cartesia_core::{AsyncClient, BlockingClient, ClientBuilder, Error};
use cartesia_mock::{DemoPhoneNumber, MockServer};
use cartesia_reqwest::BuildReqwest;
use cartesia_types::agents::UpdateAgentRequest;
use cartesia_types::calls::{
    AgentCallBatchRequest, AgentOutboundCallItem, AgentOutboundCallRequest,
};
use cartesia_types::datasets::DatasetBody;
use cartesia_types::files::FilePurpose;
use cartesia_types::fine_tunes::{CreateFineTuneRequest, FineTuneStatus};
use cartesia_types::knowledge_base::{
    CreateDocumentBody, CreateDocumentsBulkBody, CreateFolderBody, UpdateDocumentBody,
    UpdateFolderBody,
};
use cartesia_types::metrics::CreateMetricRequest;
use cartesia_types::organizations::{CreateInvitesRequest, InviteStatus};
use cartesia_types::pronunciation_dicts::{
    CreatePronunciationDictRequest, PronunciationDictItem, UpdatePronunciationDictRequest,
};
use cartesia_types::telephony::{
    CreateSipProviderBody, CreateTwilioProviderBody, ImportPhoneNumberBody, OutboundSipTrunkConfig,
    ProviderRef, SipTrunkTransport, UpdatePhoneNumberBody, UpdateSipTrunkProviderBody,
    UpdateTwilioProviderBody,
};
use cartesia_types::usage::UsageCreditsGroupBy;
use cartesia_types::webhooks::{CreateWebhookBody, UpdateWebhookBody};
use cartesia_ureq::BuildUreq;

/// One of the SDK's two clients, pointed at a mock server.
enum Client {
    /// reqwest, driven by a current-thread runtime.
    Async(tokio::runtime::Runtime, AsyncClient),
    /// ureq.
    Blocking(BlockingClient),
}

impl Client {
    /// Both clients for `server`.
    fn both(server: &MockServer) -> [Client; 2] {
        Self::both_with_key(server, "sk_car_round_trip")
    }

    /// Both clients for `server`, with `key`.
    fn both_with_key(server: &MockServer, key: &str) -> [Client; 2] {
        let builder = || {
            ClientBuilder::new()
                .api_key(key)
                .base_url(server.url())
                .max_retries(0)
        };
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        [
            Client::Async(runtime, builder().build_reqwest().expect("reqwest client")),
            Client::Blocking(builder().build_ureq().expect("ureq client")),
        ]
    }

    fn name(&self) -> &'static str {
        match self {
            Client::Async(..) => "reqwest",
            Client::Blocking(_) => "ureq",
        }
    }
}

/// Runs `client.<chain>` on either client: awaited on the async one.
macro_rules! call {
    ($c:expr, $($chain:tt)*) => {
        match $c {
            Client::Async(runtime, client) => runtime.block_on(client.$($chain)*),
            Client::Blocking(client) => client.$($chain)*,
        }
    };
}

/// Every item of `client.<chain>` (a `list_all` pager), page after page.
macro_rules! all {
    ($c:expr, $($chain:tt)*) => {
        match $c {
            Client::Async(runtime, client) => runtime.block_on(client.$($chain)*.collect_items()),
            Client::Blocking(client) => client.$($chain)*.items().collect::<Result<Vec<_>, _>>(),
        }
    };
}

/// Deletes `id` through `client.<resource>` and checks that getting it is then a 404.
macro_rules! delete_then_404 {
    ($c:expr, $($resource:ident()).+, $id:expr) => {{
        call!($c, $($resource()).+.delete($id)).unwrap();
        assert_404(call!($c, $($resource()).+.get($id)));
    }};
}

/// Asserts that `result` is an API error with status 404.
#[track_caller]
fn assert_404<T: std::fmt::Debug>(result: Result<T, Error>) {
    match result {
        Err(e) => assert_eq!(e.status().map(|s| s.as_u16()), Some(404), "{e:?}"),
        Ok(v) => panic!("expected 404, got {v:?}"),
    }
}

/// How many requests of `method` to `path` (without query) the server saw since the
/// last clear, and clears.
fn requests_to(server: &MockServer, method: &str, path: &str) -> usize {
    let n = server
        .requests()
        .iter()
        .filter(|r| r.method == method && r.path_without_query() == path)
        .count();
    server.clear_requests();
    n
}

#[test]
fn webhooks_round_trip() {
    let server = MockServer::start().unwrap();
    for c in &Client::both(&server) {
        let created = call!(
            c,
            agents().webhooks().create(
                CreateWebhookBody::new("https://example.com/hooks", "whsec_round_trip")
                    .display_name("Round trip")
            )
        )
        .unwrap();
        assert!(created.id.starts_with("wh_"), "{}", created.id);
        assert_eq!(created.secret.expose_secret(), "whsec_round_trip");
        let got = call!(c, agents().webhooks().get(&created.id)).unwrap();
        assert_eq!(got.url, "https://example.com/hooks");
        assert_eq!(got.display_name.as_deref(), Some("Round trip"));
        server.clear_requests();
        let listed = all!(
            c,
            agents().webhooks().list_all(ListWebhooks::new().limit(1))
        )
        .unwrap();
        assert!(listed.iter().any(|w| w.id == created.id), "{}", c.name());
        assert!(
            requests_to(&server, "GET", "/agents/webhooks") >= 3,
            "paged by one"
        );
        let id = call!(
            c,
            agents().webhooks().update(
                &created.id,
                UpdateWebhookBody::new("https://example.com/v2").display_name("Renamed")
            )
        )
        .unwrap();
        assert_eq!(id, created.id);
        let got = call!(c, agents().webhooks().get(&created.id)).unwrap();
        assert_eq!(got.url, "https://example.com/v2");
        assert_eq!(got.display_name.as_deref(), Some("Renamed"));
        let deleted = call!(c, agents().webhooks().delete(&created.id)).unwrap();
        assert_eq!(deleted, created.id);
        assert_404(call!(c, agents().webhooks().get(&created.id)));
        let listed = all!(c, agents().webhooks().list_all(ListWebhooks::new())).unwrap();
        assert!(!listed.iter().any(|w| w.id == created.id));
    }
}

#[test]
fn folders_and_documents_round_trip() {
    let server = MockServer::start().unwrap();
    for c in &Client::both(&server) {
        let folder = call!(
            c,
            agents()
                .folders()
                .create(CreateFolderBody::new(format!("Round trip {}", c.name())))
        )
        .unwrap();
        assert!(folder.id.starts_with("fold_"));
        assert!(folder.parent_id.is_none());
        let child = call!(
            c,
            agents()
                .folders()
                .create(CreateFolderBody::new("Child").parent_id(&folder.id))
        )
        .unwrap();
        assert_eq!(child.parent_id.as_deref(), Some(folder.id.as_str()));
        let got = call!(c, agents().folders().get(&folder.id)).unwrap();
        assert_eq!(got.name, folder.name);
        server.clear_requests();
        let top = all!(c, agents().folders().list_all(ListFolders::new().limit(1))).unwrap();
        let listed = top
            .iter()
            .find(|f| f.id == folder.id)
            .expect("listed at the top level");
        assert!(listed.subfolders().iter().any(|s| s.id == child.id));
        assert!(requests_to(&server, "GET", "/agents/folders") >= 3);

        // Documents in it.
        let doc = call!(
            c,
            agents().documents().create(
                CreateDocumentBody::new(&child.id, "Hello from the round trip.").name("Greeting")
            )
        )
        .unwrap();
        assert!(doc.id.starts_with("doc_"));
        let bulk = call!(
            c,
            agents()
                .documents()
                .create_bulk(CreateDocumentsBulkBody::new(vec![
                    CreateDocumentBody::new(&child.id, "one"),
                    CreateDocumentBody::new(&folder.id, "two"),
                ]))
        )
        .unwrap();
        assert_eq!(bulk.len(), 2);
        let got = call!(c, agents().documents().get(&doc.id)).unwrap();
        assert_eq!(got.content, "Hello from the round trip.");
        let docs = all!(
            c,
            agents().documents().list_all(ListDocuments::new().limit(2))
        )
        .unwrap();
        assert!(docs.iter().any(|d| d.id == doc.id));
        let updated = call!(
            c,
            agents().documents().update(
                &doc.id,
                UpdateDocumentBody::new().content("Updated.").clear_name()
            )
        )
        .unwrap();
        assert_eq!(updated.content, "Updated.");
        assert_eq!(updated.name, None);
        let got = call!(c, agents().documents().get(&doc.id)).unwrap();
        assert_eq!(got.content, "Updated.");
        let child_now = call!(c, agents().folders().get(&child.id)).unwrap();
        assert_eq!(child_now.documents.len(), 2);
        delete_then_404!(c, agents().documents(), &doc.id);

        // Rename and move the child to the top level, then delete both folders.
        let moved = call!(
            c,
            agents().folders().update(
                &child.id,
                UpdateFolderBody::new()
                    .name(format!("Moved {}", c.name()))
                    .move_to_top_level()
            )
        )
        .unwrap();
        assert!(moved.parent_id.is_none());
        let got = call!(c, agents().folders().get(&child.id)).unwrap();
        assert_eq!(got.name, format!("Moved {}", c.name()));
        delete_then_404!(c, agents().folders(), &child.id);
        delete_then_404!(c, agents().folders(), &folder.id);
        // The folder's documents went with it.
        assert_404(call!(c, agents().documents().get(&bulk[1].id)));
    }
}

#[test]
fn phone_numbers_and_providers_round_trip() {
    let server = MockServer::start().unwrap();
    for (i, c) in Client::both(&server).iter().enumerate() {
        let twilio = call!(
            c,
            agents().phone_numbers().providers().create(
                CreateTwilioProviderBody::new(
                    format!("AC{i:032}"),
                    "SK0123456789abcdef0123456789abcdef",
                    "twilio-secret"
                )
                .label("Round trip")
            )
        )
        .unwrap();
        let provider_id = twilio.id().expect("an id").to_owned();
        let got = call!(c, agents().phone_numbers().providers().get(&provider_id)).unwrap();
        assert_eq!(got.label(), Some("Round trip"));
        let providers = call!(
            c,
            agents()
                .phone_numbers()
                .providers()
                .list(ListProviders::new())
        )
        .unwrap();
        assert!(providers
            .iter()
            .any(|p| p.id() == Some(provider_id.as_str())));
        let updated = call!(
            c,
            agents().phone_numbers().providers().update(
                &provider_id,
                UpdateTwilioProviderBody::new("SKffffffffffffffffffffffffffffffff", "new-secret")
            )
        )
        .unwrap();
        assert_eq!(updated.id(), Some(provider_id.as_str()));

        let number = format!("+1202555{:04}", 100 + i);
        let imported = call!(
            c,
            agents().phone_numbers().import(
                ImportPhoneNumberBody::new("Imported", &number, ProviderRef::by_id(&provider_id))
                    .agent_id("agent_demo")
            )
        )
        .unwrap();
        assert!(imported.id.starts_with("pn_"));
        assert_eq!(
            imported.agent.as_ref().map(|a| a.id.as_str()),
            Some("agent_demo")
        );
        let got = call!(c, agents().phone_numbers().get(&imported.id)).unwrap();
        assert_eq!(got.number, number);
        // The agent's own list now has it too.
        let legacy = call!(c, agents().list_phone_numbers("agent_demo")).unwrap();
        assert!(legacy.iter().any(|n| n.number == number));
        let listed = all!(
            c,
            agents()
                .phone_numbers()
                .list_all(ListNumbers::new().limit(2))
        )
        .unwrap();
        assert!(listed.iter().any(|n| n.id == imported.id));
        // A provider with numbers cannot go.
        let refused = call!(c, agents().phone_numbers().providers().delete(&provider_id));
        assert_eq!(refused.unwrap_err().status().map(|s| s.as_u16()), Some(409));

        let updated = call!(
            c,
            agents().phone_numbers().update(
                &imported.id,
                UpdatePhoneNumberBody::new()
                    .label("Relabelled")
                    .unassign_agent()
            )
        )
        .unwrap();
        assert_eq!(updated.label.as_deref(), Some("Relabelled"));
        assert!(updated.agent.is_none());
        let got = call!(c, agents().phone_numbers().get(&imported.id)).unwrap();
        assert!(got.agent.is_none());
        delete_then_404!(c, agents().phone_numbers(), &imported.id);

        delete_then_404!(c, agents().phone_numbers().providers(), &provider_id);

        // A SIP trunk, updated as a merge patch.
        let sip = call!(
            c,
            agents().phone_numbers().providers().create(
                CreateSipProviderBody::new("Trunk").outbound(OutboundSipTrunkConfig::new(
                    "sip.example.com",
                    SipTrunkTransport::Tls
                ))
            )
        )
        .unwrap();
        let sip_id = sip.id().expect("an id").to_owned();
        let renamed = call!(
            c,
            agents().phone_numbers().providers().update(
                &sip_id,
                UpdateSipTrunkProviderBody::new().label("Renamed trunk")
            )
        )
        .unwrap();
        assert_eq!(renamed.label(), Some("Renamed trunk"));
        delete_then_404!(c, agents().phone_numbers().providers(), &sip_id);
    }
}

#[test]
fn metrics_round_trip() {
    let server = MockServer::start().unwrap();
    for c in &Client::both(&server) {
        let metric = call!(
            c,
            agents().metrics().create(
                CreateMetricRequest::new(format!("round_trip_{}", c.name()), "Did it work?")
                    .display_name("Round trip")
            )
        )
        .unwrap();
        let got = call!(c, agents().metrics().get(&metric.id)).unwrap();
        assert_eq!(got.prompt, "Did it work?");
        server.clear_requests();
        let listed = all!(c, agents().metrics().list_all(ListMetrics::new().limit(1))).unwrap();
        assert!(listed.iter().any(|m| m.id == metric.id));
        assert!(requests_to(&server, "GET", "/agents/metrics") >= 4);
        // Metrics have no update; attaching to an agent is their change of state.
        call!(c, agents().metrics().add_to_agent("agent_demo", &metric.id)).unwrap();
        call!(
            c,
            agents()
                .metrics()
                .remove_from_agent("agent_demo", &metric.id)
        )
        .unwrap();
        assert_404(call!(
            c,
            agents()
                .metrics()
                .remove_from_agent("agent_demo", &metric.id)
        ));
        delete_then_404!(c, agents().metrics(), &metric.id);
    }
}

#[test]
fn agents_update_and_delete() {
    // The API has no create for agents: the builder adds one per client.
    let server = MockServer::builder()
        .agent(
            "agent_rt_reqwest",
            vec![DemoPhoneNumber::new("agent_rt_reqwest", "+15005550101")],
        )
        .agent(
            "agent_rt_ureq",
            vec![DemoPhoneNumber::new("agent_rt_ureq", "+15005550102")],
        )
        .start()
        .unwrap();
    for c in &Client::both(&server) {
        let id = format!("agent_rt_{}", c.name());
        let got = call!(c, agents().get(&id)).unwrap();
        assert_eq!(got.name, id);
        let listed = call!(c, agents().list()).unwrap();
        assert!(listed.summaries.iter().any(|a| a.id == id));
        let updated = call!(
            c,
            agents().update(
                &id,
                UpdateAgentRequest::new()
                    .name(format!("renamed-{}", c.name()))
                    .description("Updated by the round trip")
                    .webhook_id("wh_demo_calls")
            )
        )
        .unwrap();
        assert_eq!(updated.name, format!("renamed-{}", c.name()));
        let got = call!(c, agents().get(&id)).unwrap();
        assert_eq!(
            got.description.as_deref(),
            Some("Updated by the round trip")
        );
        assert_eq!(got.webhook_id.as_deref(), Some("wh_demo_calls"));
        delete_then_404!(c, agents(), &id);
        assert_404(call!(c, agents().list_phone_numbers(&id)));
    }
}

#[test]
fn outbound_calls_and_batches_round_trip() {
    let server = MockServer::start().unwrap();
    for c in &Client::both(&server) {
        let placed = call!(
            c,
            agents()
                .calls()
                .create_outbound(AgentOutboundCallRequest::new(
                    "pn_14155550123",
                    "agent_demo",
                    vec![
                        AgentOutboundCallItem::new("+14155559876"),
                        AgentOutboundCallItem::new("not-a-number")
                    ],
                ))
        )
        .unwrap();
        assert_eq!(placed.calls.len(), 2);
        assert!(placed.calls[1].error.is_some());
        let call_id = placed.calls[0].agent_call_id.clone().expect("a call id");
        assert!(call_id.starts_with("ac_"));
        let got = call!(c, agents().calls().get(&call_id)).unwrap();
        assert_eq!(got.agent_id, "agent_demo");
        let listed = all!(
            c,
            agents()
                .calls()
                .list_all(ListCalls::new().agent_id("agent_demo").limit(5))
        )
        .unwrap();
        assert_eq!(
            listed.first().map(|c| c.id.as_str()),
            Some(call_id.as_str()),
            "newest first"
        );
        // A call's "update" is cancelling it; its "delete" redacts it (the record stays).
        let active = call!(c, agents().calls().delete(&call_id));
        assert_eq!(active.unwrap_err().status().map(|s| s.as_u16()), Some(400));
        assert!(
            call!(c, agents().calls().cancel(&call_id))
                .unwrap()
                .cancelled
        );
        let got = call!(c, agents().calls().get(&call_id)).unwrap();
        assert!(got.end_time.is_some());
        let redacted = call!(c, agents().calls().delete(&call_id)).unwrap();
        assert!(redacted.redacted_at.is_some());
        assert_404(call!(c, agents().calls().get("ac_never_placed")));

        let batch = call!(
            c,
            agents()
                .calls()
                .batches()
                .create(AgentCallBatchRequest::new(
                    "Round trip",
                    "agent_demo",
                    "pn_14155550123",
                    vec![
                        AgentOutboundCallItem::new("+14155550001"),
                        AgentOutboundCallItem::new("+14155550002")
                    ],
                ))
        )
        .unwrap();
        assert!(batch.id.starts_with("acb_"));
        let got = call!(c, agents().calls().batches().get(&batch.id)).unwrap();
        assert_eq!(got.recipients.as_ref().map(Vec::len), Some(2));
        let listed = all!(
            c,
            agents()
                .calls()
                .batches()
                .list_all(ListCallBatches::new().limit(1))
        )
        .unwrap();
        assert!(listed.iter().any(|b| b.id == batch.id));
        call!(c, agents().calls().batches().cancel(&batch.id)).unwrap();
        let retry = call!(c, agents().calls().batches().retry(&batch.id));
        assert_eq!(retry.unwrap_err().status().map(|s| s.as_u16()), Some(400));
        assert_404(call!(c, agents().calls().batches().get("acb_nope")));
    }
}

#[test]
fn datasets_round_trip() {
    let server = MockServer::start().unwrap();
    for c in &Client::both(&server) {
        let created = call!(c, datasets().create(DatasetBody::new("Takes", "studio"))).unwrap();
        assert!(created.id.starts_with("ds_"), "{}", created.id);
        let got = call!(c, datasets().get(&created.id)).unwrap();
        assert_eq!(
            (got.name.as_str(), got.description.as_str()),
            ("Takes", "studio")
        );
        call!(c, datasets().create(DatasetBody::new("Second", ""))).unwrap();
        server.clear_requests();
        let listed = all!(c, datasets().list_all(ListDatasets::new().limit(1))).unwrap();
        assert!(listed.iter().any(|d| d.id == created.id), "{}", c.name());
        assert!(
            requests_to(&server, "GET", "/datasets/") >= 2,
            "paged by one, with the slash"
        );
        call!(
            c,
            datasets().update(&created.id, DatasetBody::new("Renamed", "v2"))
        )
        .unwrap();
        assert_eq!(
            call!(c, datasets().get(&created.id)).unwrap().name,
            "Renamed"
        );
        let form = FileForm::bytes(
            FilePurpose::FineTune,
            "take.wav",
            "audio/wav",
            &b"RIFF take"[..],
        )
        .unwrap();
        call!(c, datasets().upload_file(&created.id, form)).unwrap();
        let files = all!(
            c,
            datasets().list_files_all(ListDatasetFiles::new(&created.id))
        )
        .unwrap();
        assert_eq!(
            (files[0].filename.as_str(), files[0].size),
            ("take.wav", 9),
            "{}",
            c.name()
        );
        call!(c, datasets().delete_file(&created.id, &files[0].id)).unwrap();
        assert_404(call!(c, datasets().delete_file(&created.id, &files[0].id)));
        delete_then_404!(c, datasets(), &created.id);
    }
}

/// Fine-tunes cannot be updated: create → get → list → delete.
#[test]
fn fine_tunes_round_trip() {
    let server = MockServer::start().unwrap();
    for c in &Client::both(&server) {
        let dataset = call!(c, datasets().create(DatasetBody::new("Data", ""))).unwrap();
        let request = CreateFineTuneRequest::new("Voice", "en", "sonic-3-2026-01-12", &dataset.id);
        let created = call!(c, fine_tunes().create(request)).unwrap();
        assert_eq!(created.status, FineTuneStatus::Created);
        assert_eq!(
            call!(c, fine_tunes().get(&created.id)).unwrap().dataset,
            dataset.id
        );
        let listed = all!(c, fine_tunes().list_all(ListFineTunes::new().limit(1))).unwrap();
        assert!(listed.iter().any(|f| f.id == created.id), "{}", c.name());
        let voices = call!(
            c,
            fine_tunes().list_voices(ListFineTuneVoices::new(&created.id))
        )
        .unwrap();
        assert!(voices.data.is_empty(), "not trained yet");
        assert_404(call!(
            c,
            fine_tunes().create(CreateFineTuneRequest::new(
                "x",
                "en",
                "m",
                "no_such_dataset"
            ))
        ));
        delete_then_404!(c, fine_tunes(), &created.id);
    }
}

#[test]
fn pronunciation_dicts_round_trip() {
    let server = MockServer::start().unwrap();
    for c in &Client::both(&server) {
        let body = CreatePronunciationDictRequest::new("Brand")
            .items([PronunciationDictItem::new("Cartesia", "kar-TEE-zha")]);
        let created = call!(c, pronunciation_dicts().create(body)).unwrap();
        let got = call!(c, pronunciation_dicts().get(&created.id)).unwrap();
        assert_eq!(got.items[0].spoken_as(), Some("kar-TEE-zha"));
        let listed = all!(
            c,
            pronunciation_dicts().list_all(ListPronunciationDicts::new())
        )
        .unwrap();
        assert!(listed.iter().any(|d| d.id == created.id), "{}", c.name());
        let update = UpdatePronunciationDictRequest::new().name("Brand v2");
        let updated = call!(c, pronunciation_dicts().update(&created.id, update)).unwrap();
        assert_eq!(
            (updated.name.as_str(), updated.items.len()),
            ("Brand v2", 1)
        );
        delete_then_404!(c, pronunciation_dicts(), &created.id);
    }
}

/// Files cannot be updated: upload → info → list → download (buffered and streamed) → delete.
#[test]
fn files_round_trip() {
    let server = MockServer::start().unwrap();
    for c in &Client::both(&server) {
        let content = b"RIFF\x00\x00 some hold music".to_vec();
        let form = FileForm::bytes(
            FilePurpose::AgentBackgroundSound,
            "hold.wav",
            "audio/wav",
            content.clone(),
        )
        .unwrap();
        let uploaded = call!(c, files().upload(form)).unwrap();
        assert_eq!(
            (uploaded.filename.as_str(), uploaded.size),
            ("hold.wav", content.len() as u64)
        );
        assert_eq!(call!(c, files().info(&uploaded.id)).unwrap(), uploaded);
        let listed = all!(
            c,
            files().list_all(
                ListFiles::new()
                    .purpose(FilePurpose::AgentBackgroundSound)
                    .limit(1)
            )
        )
        .unwrap();
        assert!(listed.iter().any(|f| f.id == uploaded.id), "{}", c.name());
        assert_eq!(
            call!(c, files().download(&uploaded.id)).unwrap().bytes,
            content
        );
        match c {
            Client::Blocking(client) => {
                let mut streamed = Vec::new();
                let written = client
                    .files()
                    .download_to(&uploaded.id, &mut streamed)
                    .unwrap();
                assert_eq!(
                    (streamed, written.bytes_written),
                    (content.clone(), content.len() as u64)
                );
            }
            Client::Async(runtime, client) => {
                let mut stream = runtime
                    .block_on(client.files().download_stream(&uploaded.id))
                    .unwrap();
                let mut streamed = Vec::new();
                while let Some(chunk) = runtime.block_on(stream.body.next_chunk()).unwrap() {
                    streamed.extend_from_slice(&chunk);
                }
                assert_eq!(streamed, content);
            }
        }
        call!(c, files().delete(&uploaded.id)).unwrap();
        assert_404(call!(c, files().info(&uploaded.id)));
    }
}

/// The admin routes: a standard key gets a 401 that says an admin key is needed; an admin
/// key lists usage and API keys, and invites → get → list → cancel, users get → remove.
#[test]
fn admin_round_trip() {
    let server = MockServer::start().unwrap();
    for c in &Client::both(&server) {
        match call!(c, admin().api_keys().list(ListApiKeys::new())) {
            Err(Error::Api(e)) => {
                assert!(e.admin_key_needed(), "{}", c.name());
                assert!(e.to_string().contains("sk_car_admin_"), "{e}");
            }
            other => panic!("{}: expected a 401, got {other:?}", c.name()),
        }
    }
    for c in &Client::both_with_key(&server, "sk_car_admin_round_trip") {
        let credits = call!(
            c,
            admin()
                .usage()
                .credits(GetUsageCredits::new().group_by(UsageCreditsGroupBy::Model))
        )
        .unwrap();
        assert!(credits.total_credits() > 0);
        assert_eq!(
            call!(c, admin().usage().agents(GetUsageAgents::new()))
                .unwrap()
                .data
                .len(),
            3
        );
        let keys = all!(c, admin().api_keys().list_all(ListApiKeys::new().limit(1))).unwrap();
        assert_eq!(
            call!(c, admin().api_keys().get(&keys[0].id)).unwrap(),
            keys[0]
        );

        let invites = call!(
            c,
            admin()
                .invites()
                .create(CreateInvitesRequest::new(["a@example.com"]))
        )
        .unwrap();
        let id = &invites[0].id;
        assert_eq!(
            call!(c, admin().invites().get(id)).unwrap().email,
            "a@example.com"
        );
        server.clear_requests();
        let pending = all!(c, admin().invites().list_all(ListInvites::new().limit(1))).unwrap();
        assert!(pending.iter().any(|i| &i.id == id), "{}", c.name());
        assert!(
            requests_to(&server, "GET", "/organizations/invites") >= 2,
            "followed next_page"
        );
        call!(c, admin().invites().cancel(id)).unwrap();
        assert_eq!(
            call!(c, admin().invites().get(id)).unwrap().status,
            InviteStatus::Revoked
        );

        let users = all!(
            c,
            admin()
                .users()
                .list_all(ListOrganizationUsers::new().limit(1))
        )
        .unwrap();
        let last = users.last().expect("demo users").id.clone();
        assert_eq!(call!(c, admin().users().get(&last)).unwrap().id, last);
        call!(c, admin().users().remove(&last)).unwrap();
        assert_404(call!(c, admin().users().get(&last)));
    }
}
