//! The names most programs need, for one glob import.
//!
//! `use cartesia_core::prelude::*;` brings both clients and their builder, every endpoint
//! struct (the request types: `ListCalls`, `ListPhoneNumbers`, `CreateWebhook`, ...), the
//! request bodies they take, the error types and their kinds, [`RequestOptions`] and
//! [`ApiVersion`]. The adapters extend it: `cartesia_reqwest::prelude` adds `BuildReqwest`
//! and the download trait, `cartesia_ureq::prelude` adds `BuildUreq`; import one of those
//! rather than this one.
//!
//! Every name is listed explicitly (no glob of the endpoint modules, whose `OPERATIONS`
//! constants would clash), and no two names collide. A name of your own shadows the
//! prelude's.
//!
//! ```
//! use cartesia_core::prelude::*;
//! # use cartesia_core::mock::MockTransport;
//! # let transport = MockTransport::new();
//! # transport.push_json(200, r#"{"data":[],"has_more":false}"#);
//!
//! let client = ClientBuilder::new().api_key("sk_car_...").build_blocking(transport)?;
//! let page = client.execute(&ListCalls::new().agent_id("agent_123").limit(20))?;
//! assert!(page.data.is_empty());
//! # Ok::<(), Error>(())
//! ```

pub use crate::client::{AsyncClient, BlockingClient};
pub use crate::config::{ClientBuilder, RequestOptions};
pub use crate::endpoint::{Endpoint, KeyKind, Raw};
pub use crate::error::{
    ApiError, ApiErrorKind, ConfigError, ConfigErrorKind, DecodeError, Error, InvalidRequest,
    PaginationError,
};
pub use crate::pager::{AsyncPages, BlockingItems, BlockingPages};
pub use crate::redirect::{RedirectError, RedirectRefusal};
pub use crate::resources::AudioStream;
pub use crate::retry::RetryPolicy;
pub use crate::secret::ApiKey;
pub use crate::transport::{RequestSent, TransportError, TransportErrorKind};
pub use cartesia_types::{ApiVersion, Page, Patch, Timestamp};

// The endpoint structs, family by family (each family's `OPERATIONS` names them; a unit test
// checks that every one is here).
pub use crate::endpoints::agents::{
    DeleteAgent, GetAgent, GetDeployment, ListAgents, ListDeployments, ListPhoneNumbers,
    ListTemplates, UpdateAgent,
};
pub use crate::endpoints::api_keys::{GetApiKey, ListApiKeys};
pub use crate::endpoints::call_audio::{AudioDownload, CallAudio, DownloadCallAudio};
pub use crate::endpoints::calls::{
    CancelCall, CancelCallBatch, CreateCallBatch, CreateOutboundCall, DeleteCall, GetCall,
    GetCallBatch, GetCallLogs, ListCallBatches, ListCalls, RetryCallBatch,
};
pub use crate::endpoints::datasets::{
    CreateDataset, DeleteDataset, DeleteDatasetFile, GetDataset, ListDatasetFiles, ListDatasets,
    UpdateDataset,
};
pub use crate::endpoints::files::{DeleteFile, DownloadFile, FileContent, GetFileInfo, ListFiles};
pub use crate::endpoints::fine_tunes::{
    CreateFineTune, DeleteFineTune, GetFineTune, ListFineTuneVoices, ListFineTunes,
};
pub use crate::endpoints::knowledge_base::{
    CreateDocument, CreateDocumentsBulk, CreateFolder, DeleteDocument, DeleteFolder, GetDocument,
    GetFolder, ListDocuments, ListFolders, UpdateDocument, UpdateFolder,
};
pub use crate::endpoints::metrics::{
    AddMetricToAgent, CreateMetric, DeleteMetric, ExportMetricResults, GetMetric,
    ListMetricResults, ListMetrics, MetricResultsCsv, RemoveMetricFromAgent,
};
pub use crate::endpoints::organizations::{
    CancelInvite, CreateInvites, GetInvite, GetOrganizationUser, ListInvites,
    ListOrganizationUsers, RemoveOrganizationUser,
};
pub use crate::endpoints::phone_numbers::{
    CreateProvider, DeleteNumber, DeleteProvider, GetNumber, GetProvider, ImportNumber,
    ListNumbers, ListProviders, ProvisionNumber, UpdateNumber, UpdateProvider,
};
pub use crate::endpoints::pronunciation_dicts::{
    CreatePronunciationDict, DeletePronunciationDict, GetPronunciationDict, ListPronunciationDicts,
    UpdatePronunciationDict,
};
pub use crate::endpoints::speech::{
    AudioUpload, CloneVoice, CreateAccessToken, DeleteVoice, GetApiStatus, GetVoice, InfillBytes,
    ListVoices, LocalizeVoice, SpeechAudio, Transcribe, TtsBytes, TtsSse, UpdateVoice,
    VoiceChangerBytes, VoiceChangerSse,
};
pub use crate::endpoints::uploads::{FileForm, UploadDatasetFile, UploadFile};
pub use crate::endpoints::usage::{GetUsageAgents, GetUsageCredits};
pub use crate::endpoints::webhooks::{
    CreateWebhook, DeleteWebhook, GetWebhook, ListWebhooks, UpdateWebhook,
};
pub use crate::resources::{AsyncEvents, BlockingEvents, SpeechReader, SpeechStream};

// The request bodies the endpoints above take.
pub use cartesia_types::access_tokens::{AccessToken, AccessTokenRequest, TokenGrant};
pub use cartesia_types::agents::UpdateAgentRequest;
pub use cartesia_types::calls::{
    AgentCallBatchRequest, AgentOutboundCallItem, AgentOutboundCallRequest,
};
pub use cartesia_types::datasets::DatasetBody;
pub use cartesia_types::fine_tunes::CreateFineTuneRequest;
pub use cartesia_types::knowledge_base::{
    CreateDocumentBody, CreateDocumentsBulkBody, CreateFolderBody, UpdateDocumentBody,
    UpdateFolderBody,
};
pub use cartesia_types::metrics::CreateMetricRequest;
pub use cartesia_types::organizations::CreateInvitesRequest;
pub use cartesia_types::pronunciation_dicts::{
    CreatePronunciationDictRequest, PronunciationDictItem, UpdatePronunciationDictRequest,
};
pub use cartesia_types::stt::TranscribeRequest;
pub use cartesia_types::telephony::{
    CreateProviderBody, ImportPhoneNumberBody, ProvisionPhoneNumberBody, UpdatePhoneNumberBody,
    UpdateProviderBody,
};
pub use cartesia_types::tts::{
    GenerationConfig, InfillRequest, OutputFormat, RawEncoding, SseOutputFormat, TtsRequest,
    TtsSseRequest, VoiceChangerRequest, VoiceSpecifier,
};
pub use cartesia_types::tts_events::{TtsSseEvent, VoiceChangerSseEvent};
pub use cartesia_types::voices::{CloneVoiceRequest, LocalizeVoiceRequest, UpdateVoiceRequest};
pub use cartesia_types::webhooks::{CreateWebhookBody, UpdateWebhookBody};

// WebSockets (issue 12): the handles, their events and settings, and the messages.
pub use crate::ws::{
    AsyncSttSocket, AsyncTtsContext, AsyncTtsSocket, BlockingSttSocket, BlockingTtsContext,
    BlockingTtsSocket, KeepalivePolicy, Manual, ReconnectPolicy, SttEvent, TtsEvent, Turns,
    WsConfig, WsError,
};
pub use cartesia_types::ws::{
    SttTurnsMessage, SttWsMessage, SttWsQuery, TtsWsRequest, WsOutputFormat,
};

#[cfg(test)]
mod tests {
    /// The `pub use` lines of this file (the tests below are not part of it).
    fn exports() -> Vec<String> {
        let source = include_str!("prelude.rs");
        let code = source.split("#[cfg(test)]").next().unwrap_or_default();
        let mut names = Vec::new();
        let mut in_use = false;
        for line in code.lines().map(str::trim) {
            if line.starts_with("//") {
                continue;
            }
            if line.starts_with("pub use") {
                in_use = true;
            }
            if !in_use {
                continue;
            }
            let listed = match line.rsplit_once('{') {
                Some((_, rest)) => rest,
                None if line.starts_with("pub use") => line.rsplit("::").next().unwrap_or(""),
                None => line,
            };
            names.extend(
                listed
                    .split(|c: char| c == ',' || c == '}' || c == ';' || c.is_whitespace())
                    .filter(|n| !n.is_empty())
                    .map(str::to_owned),
            );
            if line.ends_with(';') {
                in_use = false;
            }
        }
        names
    }

    #[test]
    fn every_endpoint_of_the_catalog_is_in_the_prelude() {
        let exports = exports();
        for op in crate::endpoints::catalog() {
            assert!(
                exports.iter().any(|n| n == op.endpoint),
                "{} ({} {}) is missing from the prelude",
                op.endpoint,
                op.method,
                op.path
            );
        }
    }

    #[test]
    fn the_prelude_reaches_the_seed_call() {
        use super::*;
        let mock = crate::mock::MockTransport::new();
        mock.push_json(200, "[]");
        let key = String::from("sk_car_prelude");
        let client = ClientBuilder::new()
            .api_key(&key)
            .build_blocking(mock.clone())
            .unwrap();
        let options = RequestOptions::new().version(ApiVersion::V2026_03_01);
        let numbers = client
            .execute_with(&ListPhoneNumbers::new("agent_1"), &options)
            .unwrap();
        assert!(numbers.is_empty());
        assert_eq!(
            mock.requests()[0].path_and_query(),
            "/agents/agent_1/phone-numbers"
        );
        let e: Error = InvalidRequest::new("agent_id", "must not be empty").into();
        assert!(matches!(e, Error::InvalidRequest(_)));
        assert_eq!(TransportErrorKind::Connect.to_string(), "connection failed");
    }
}
