//! Models of the Agents API: calls and call batches.
//!
//! - [`AgentCall`] is one call handled by an agent (`GET /agents/calls`, `GET`/`DELETE
//!   /agents/calls/{call_id}`); lists come as [`Page<AgentCall>`](crate::Page).
//! - [`AgentOutboundCallRequest`] places outbound calls (`POST /agents/calls`) and answers an
//!   [`AgentOutboundCallResponse`] with one result per destination.
//! - [`AgentCallBatchRequest`] queues a batch (`POST /agents/calls/batches`); batches are
//!   [`AgentCallBatch`]es, listed as [`Page<AgentCallBatch>`](crate::Page).
//! - [`AgentCallLogs`] are the runtime logs of a call; [`CancelCallResponse`] confirms a cancel.
//!
//! Maps the API documents as `string → string` (telephony `parameters` and `headers`, log event
//! `metadata`) are kept as [`JsonMap`]s, so a provider sending a non-string value never breaks
//! the decoding of a whole call.

use serde::{Deserialize, Serialize};

use crate::model::model;

use crate::{JsonMap, JsonValue, Timestamp};

crate::open_enum! {
    /// The status of an agent call.
    ///
    /// The values are those documented for `Cartesia-Version: 2026-03-01`. Older API versions
    /// and the Stainless SDKs use `active` and `cancelled`; those decode as
    /// [`Unknown`](AgentCallStatus::Unknown) and are kept as sent.
    pub enum AgentCallStatus {
        /// The call has been created but has not started yet.
        Created => "created",
        /// The call is in progress.
        Started => "started",
        /// The call ended normally.
        Completed => "completed",
        /// The call failed.
        Failed => "failed",
    }
}

crate::open_enum! {
    /// A machine-readable reason why a call ended.
    pub enum EndReason {
        /// The agent hung up.
        AgentHangup => "agent_hangup",
        /// The caller hung up.
        ClientHangup => "client_hangup",
        /// The call was cancelled through the API (`POST /agents/calls/{call_id}/cancel`).
        ApiCancelled => "api_cancelled",
        /// The call reached its maximum duration.
        MaxDuration => "max_duration",
        /// The call ended for inactivity.
        Inactivity => "inactivity",
        /// The client disconnected.
        ClientDisconnected => "client_disconnected",
        /// The dialled number was busy.
        DialBusy => "dial_busy",
        /// Dialling failed.
        DialFailed => "dial_failed",
        /// The dialled number did not answer.
        DialNoAnswer => "dial_no_answer",
        /// The call ended with an error.
        Error => "error",
    }
}

crate::open_enum! {
    /// The telephony account type backing a call.
    pub enum TelephonyAccountType {
        /// The default Cartesia-hosted path.
        Cartesia => "cartesia",
        /// A customer-owned Twilio subaccount.
        Twilio => "twilio",
        /// A customer-connected SIP trunk.
        SipTrunk => "sip_trunk",
    }
}

crate::open_enum! {
    /// The type of connection used for a call.
    pub enum ConnectionType {
        /// A WebSocket connection.
        Websocket => "websocket",
        /// A phone call.
        Phone => "phone",
    }
}

crate::open_enum! {
    /// The role of a participant in a call transcript.
    pub enum TranscriptRole {
        /// The caller.
        User => "user",
        /// The agent.
        Assistant => "assistant",
        /// The system.
        System => "system",
    }
}

crate::open_enum! {
    /// The lifecycle status of a call batch, derived at read time from dispatch progress.
    pub enum AgentCallBatchStatus {
        /// No calls dispatched yet.
        Pending => "pending",
        /// Some calls dispatched, not all.
        InProgress => "in_progress",
        /// All recipients dispatched.
        Completed => "completed",
        /// All recipients failed before dialing.
        Failed => "failed",
        /// Cancelled before every call was dispatched.
        Cancelled => "cancelled",
    }
}

crate::open_enum! {
    /// The status of a recipient within a batch. Before dispatch it reflects the queue state;
    /// after dispatch it reflects the latest call attempt.
    pub enum AgentCallBatchRecipientStatus {
        /// Waiting for the dispatcher.
        Queued => "queued",
        /// Handed to the dialer; no call attempt has connected or finished yet.
        Dispatched => "dispatched",
        /// Call connected and in progress.
        Started => "started",
        /// Call connected and ended successfully.
        Completed => "completed",
        /// The call could not be placed (see `error_message`), or the latest attempt failed.
        Failed => "failed",
        /// The batch was cancelled before this recipient was dialed.
        Cancelled => "cancelled",
    }
}

crate::open_enum! {
    /// The region a call batch's outbound calls are dispatched from.
    pub enum CallBatchRegion {
        /// United States.
        Us => "US",
        /// Europe.
        Eu => "EU",
        /// Asia-Pacific.
        Apac => "APAC",
    }
}

model! {
    /// A call handled by an agent.
    ///
    /// After `DELETE /agents/calls/{call_id}` the sensitive fields (transcript, summary, ...) are
    /// omitted and [`redacted_at`](Self::redacted_at) is set.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub struct AgentCall {
        /// The unique identifier for the agent call.
        pub id: String => into,
        /// The identifier of the agent associated with the call.
        pub agent_id: String => into,
        /// The name of the agent associated with the call.
        pub agent_name?: String,
        /// The start time of the agent call.
        pub start_time?: Timestamp,
        /// The end time of the agent call.
        pub end_time?: Timestamp,
        /// When the call's sensitive data was deleted, if it has been (set by
        /// `DELETE /agents/calls/{call_id}`; deleted fields are omitted from responses).
        pub redacted_at?: Timestamp,
        /// The transcript of the agent call (in lists, only with `expand=transcript`).
        pub transcript?: Vec<AgentTranscript>,
        /// The telephony parameters associated with the call when the call is made via phone.
        pub telephony_params?: TelephonyParams,
        /// The telephony account type backing the call.
        pub telephony_account_type?: TelephonyAccountType,
        /// A brief summary of the call, generated by Cartesia.
        pub summary?: String,
        /// The status of the agent call.
        pub status: AgentCallStatus => arg,
        /// The error message, if any, associated with the call.
        pub error_message?: String,
        /// The reason why the call ended.
        pub end_reason?: EndReason,
        /// Custom values (strings, numbers or booleans): initial values while the call is active,
        /// final values after it ends. System variables are not included. Documented only in newer
        /// docs; may be absent at 2026-03-01.
        pub dynamic_variables?: JsonMap,
        /// Whether the call was handled with zero data retention (ZDR) enabled. When true,
        /// sensitive call data such as the transcript, audio recording, and logs is not retained.
        pub zdr_enabled?: bool,
        /// The deployment identifier associated with the call.
        pub deployment_id?: String,
        /// The specific deployment version identifier associated with the call.
        pub deployment_version_id?: String,
        /// The deployment region that handled the call (e.g. `US`).
        pub deployment_region?: String,
        /// Custom metadata associated with the call.
        pub metadata?: JsonMap,
    }

    /// A call with the required fields and nothing else, e.g. for a test double.
    fn new;
}

crate::page::has_id!(AgentCall, AgentCallBatch);

model! {
    /// One turn of a call transcript.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub struct AgentTranscript {
        /// The role of the participant: `user`, `assistant` (the agent) or `system`.
        pub role: TranscriptRole => arg,
        /// The text that was spoken by the user or the agent.
        pub text?: String,
        /// The start timestamp in seconds relative to the start of the call.
        pub start_timestamp: f64 => arg,
        /// The end timestamp in seconds relative to the start of the call.
        pub end_timestamp: f64 => arg,
        /// The tool calls made during the turn.
        pub tool_calls?: Vec<ToolCall>,
        /// The time to first byte in seconds for speech-to-text.
        pub stt_ttfb?: f64,
        /// The time to first byte in seconds from the agent for text-to-speech.
        pub tts_ttfb?: f64,
        /// An event logged by the agent during the turn.
        pub log_event?: LogEvent,
        /// A metric logged by the agent during the turn.
        pub log_metric?: LogMetric,
        /// The text of the turn in timed chunks.
        pub text_chunks?: Vec<TextChunk>,
        /// Why the turn ended (a free string).
        pub end_reason?: String,
        /// The voice-activity-detection buffer in milliseconds.
        pub vad_buffer_ms?: i64,
    }

    /// A turn with the required fields and nothing else, e.g. for a test double.
    fn new;
}

model! {
    /// A tool call made by the agent during a turn.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub struct ToolCall {
        /// The unique identifier for the tool call.
        pub id?: String,
        /// The name of the tool that was called.
        pub name: String => into,
        /// Arguments supplied by the model. For webhook tools, this excludes values filled from
        /// dynamic variables or constants.
        pub arguments: JsonMap => arg,
        /// The result returned by the tool.
        pub result?: String,
        /// Values assigned by this tool (omitted when the tool assigned none).
        pub dynamic_variable_updates?: Vec<DynamicVariableUpdate>,
    }

    /// A tool call with the required fields and nothing else, e.g. for a test double.
    fn new;
}

model! {
    /// A dynamic variable assigned by a tool call.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub struct DynamicVariableUpdate {
        /// The custom variable that changed.
        pub variable_name: String => into,
        /// The previous value (a string, number or boolean), or `None` if the variable had no value.
        pub old_value: Option<JsonValue> => arg,
        /// The assigned value (a string, number or boolean).
        pub new_value: JsonValue => arg,
        /// The time of the update, in seconds since the call started.
        pub updated_at: f64 => arg,
        /// The ID of the configured tool that assigned the value.
        pub tool_id: String => into,
        /// The ID of the tool call that assigned the value, matching [`ToolCall::id`].
        pub tool_call_id: String => into,
    }

    /// An update with every required field given, e.g. for a test double.
    fn new;
}

model! {
    /// The telephony parameters of a call made via a phone. More details can be returned
    /// depending on the provider.
    ///
    /// Per the API's descriptions, `to` is the caller's number and `from` the agent's.
    #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
    pub struct TelephonyParams {
        /// The phone number of the caller (present for phone calls; omitted for WebSocket
        /// connections).
        pub to?: String,
        /// The phone number of the agent (present for phone calls; omitted for WebSocket
        /// connections).
        pub from?: String,
        /// The SID of the telephony call from the provider.
        pub call_sid?: String,
        /// The direction of the call, e.g. `inbound` or `outbound`.
        pub direction?: String,
        /// Additional parameters associated with the telephony call (string values).
        pub parameters?: JsonMap,
        /// Additional headers associated with the telephony call (string values).
        pub headers?: JsonMap,
        /// The type of connection used for the call.
        pub connection_type?: ConnectionType,
    }
}

impl TelephonyParams {
    /// Parameters with every field absent, e.g. for a test double.
    pub fn new() -> Self {
        Self::default()
    }
}

model! {
    /// An event logged by the agent's code during a call.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub struct LogEvent {
        /// The event name.
        pub event: String => into,
        /// Additional metadata associated with the event (string values).
        pub metadata: JsonMap => arg,
        /// When the event was received, in seconds relative to the start of the call.
        pub timestamp: f64 => arg,
    }

    /// An event with every field given, e.g. for a test double.
    fn new;
}

model! {
    /// A metric logged by the agent's code during a call.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub struct LogMetric {
        /// The name of the metric.
        pub name: String => into,
        /// The value of the metric.
        pub value: f64 => arg,
        /// When the metric was received, in seconds relative to the start of the call.
        pub timestamp: f64 => arg,
    }

    /// A metric with every field given, e.g. for a test double.
    fn new;
}

model! {
    /// A timed chunk of a transcript turn's text.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub struct TextChunk {
        /// The text content of the chunk.
        pub text: String => into,
        /// The start of the chunk in seconds relative to the start of the call.
        pub start_timestamp: f64 => arg,
    }

    /// A chunk with every field given, e.g. for a test double.
    fn new;
}

model! {
    /// The runtime logs of a call: the lines the agent's code produced during the call
    /// (`GET /agents/calls/{call_id}/logs`).
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct AgentCallLogs {
        /// The ID of the call.
        pub call_id: String => into,
        /// The runtime log lines produced by the agent's code during the call.
        pub logs: Vec<String> => arg,
        /// When the logs were last updated.
        pub updated_at: Timestamp => arg,
    }

    /// Logs with every field given, e.g. for a test double.
    fn new;
}

model! {
    /// The answer of `POST /agents/calls/{call_id}/cancel`.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct CancelCallResponse {
        /// Always `true` when the cancel is confirmed.
        pub cancelled: bool => arg,
    }

    /// An answer, e.g. for a test double.
    fn new;
}

model! {
    /// The destination and per-call customisation of one outbound call (an item of
    /// [`AgentOutboundCallRequest::outbound_calls`] and of [`AgentCallBatchRequest::recipients`]).
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub struct AgentOutboundCallItem {
        /// The destination phone number, in E.164 format (e.g. `+14155559876`).
        pub to_number: String => into,
        /// Custom values (strings, numbers or booleans) for variables used in the welcome message.
        /// Names are case-sensitive, up to 64 characters of letters, digits or underscores; the
        /// `system__` and `secret__` prefixes are reserved; at most 16 KiB of JSON. Documented only in
        /// newer docs: at 2026-03-01 prefer [`metadata`](Self::metadata).
        pub dynamic_variables?: JsonMap,
        /// An arbitrary JSON object passed to your agent code deployment (available as
        /// `call_request.metadata`): the per-call customisation field of 2026-03-01.
        pub metadata?: JsonMap,
    }

    /// A call to `to_number` (E.164).
    fn new;

    /// Sets the metadata passed to the agent code (`call_request.metadata`).
    fn metadata(metadata: JsonMap) = Some;

    /// Sets the dynamic variables of the call.
    fn dynamic_variables(dynamic_variables: JsonMap) = Some;
}

model! {
    /// The body of `POST /agents/calls`: outbound calls from an agent phone number, one call per
    /// item of `outbound_calls`.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub struct AgentOutboundCallRequest {
        /// The phone number ID to place calls from. The attached provider handles outbound calling
        /// for this number.
        pub from_number_id: String => into,
        /// The agent that handles the outbound calls.
        pub agent_id: String => into,
        /// The destinations (at least one); each item starts a separate call.
        pub outbound_calls: Vec<AgentOutboundCallItem> => arg,
        /// Seconds to wait for the callee to answer before giving up (5–80; the API's default is
        /// 60).
        pub ringing_timeout_seconds?: u32,
        /// The maximum call duration in minutes.
        pub max_call_duration_minutes?: u32,
    }

    /// Calls to `outbound_calls` from the number `from_number_id`, handled by `agent_id`.
    fn new;

    /// Sets how many seconds to wait for the callee to answer (5–80).
    fn ringing_timeout_seconds(seconds: u32) = Some;

    /// Sets the maximum call duration in minutes.
    fn max_call_duration_minutes(minutes: u32) = Some;
}

model! {
    /// The answer of `POST /agents/calls`: one result per destination, in request order.
    ///
    /// The request succeeds (200) even when some destinations fail: check each item's `error`.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub struct AgentOutboundCallResponse {
        /// The per-destination results.
        pub calls: Vec<AgentOutboundCallItemResponse> => arg,
    }

    /// An answer, e.g. for a test double.
    fn new;
}

model! {
    /// The result for one destination of an outbound call request: either an `agent_call_id` or an
    /// `error`.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub struct AgentOutboundCallItemResponse {
        /// The destination phone number, in E.164 format (e.g. `+14155559876`).
        pub number: String => into,
        /// The agent call ID for tracking per-call information; absent when the request failed
        /// before Cartesia created the call record.
        pub agent_call_id?: String,
        /// The validation or dialing error for this destination. Other valid calls still proceed.
        pub error?: JsonMap,
    }

    /// A result for `number` with neither id nor error, e.g. for a test double.
    fn new;
}

model! {
    /// The body of `POST /agents/calls/batches`: a batch of outbound calls, dialed gradually within
    /// the organization's and the batch's concurrency limits.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub struct AgentCallBatchRequest {
        /// A label for the batch.
        pub name: String => into,
        /// The identifier of the agent that handles the batch's calls.
        pub agent_id: String => into,
        /// The identifier of the phone number to place calls from. The attached provider handles
        /// outbound calling for this number.
        pub from_number_id: String => into,
        /// The destinations (1 to 5,000), each with optional per-call metadata.
        pub recipients: Vec<AgentOutboundCallItem> => arg,
        /// The maximum number of calls from this batch to dial concurrently (at least 1, at most the
        /// organization's limit; the API's default is half of it).
        pub target_concurrency_limit?: u32,
        /// Seconds to wait for the callee to answer before giving up (5–80; default 60).
        pub ringing_timeout_seconds?: u32,
        /// The maximum call duration in minutes (1–480; default 480).
        pub max_call_duration_minutes?: u32,
        /// When to start dispatching the batch (in the future, within 30 days); dispatched
        /// immediately when absent.
        pub scheduled_at?: Timestamp,
        /// The region the calls are dispatched from. Valid only when `from_number_id` is a SIP-trunk
        /// number; derived from the telephony account when absent.
        pub region?: CallBatchRegion,
    }

    /// A batch named `name` calling `recipients` from `from_number_id`, handled by `agent_id`.
    fn new;

    /// Sets the maximum number of calls dialed concurrently.
    fn target_concurrency_limit(limit: u32) = Some;

    /// Sets how many seconds to wait for the callee to answer (5–80).
    fn ringing_timeout_seconds(seconds: u32) = Some;

    /// Sets the maximum call duration in minutes (1–480).
    fn max_call_duration_minutes(minutes: u32) = Some;

    /// Schedules the batch to start dispatching at `at`.
    fn scheduled_at(at: Timestamp) = Some;

    /// Sets the dispatch region (SIP-trunk numbers only).
    fn region(region: CallBatchRegion) = Some;
}

model! {
    /// A batch of outbound calls.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub struct AgentCallBatch {
        /// The unique identifier for the batch.
        pub id: String => into,
        /// The batch's label.
        pub name: String => into,
        /// The identifier of the agent that handles the batch's calls.
        pub agent_id: String => into,
        /// The identifier of the phone number the batch dials from.
        pub from_number_id: String => into,
        /// The region that handles the batch.
        pub region: CallBatchRegion => arg,
        /// The maximum number of calls from this batch dialed concurrently.
        pub target_concurrency_limit: u64 => arg,
        /// The batch's lifecycle status, derived at read time from dispatch progress.
        pub status: AgentCallBatchStatus => arg,
        /// Total recipients queued in the batch.
        pub total_calls_scheduled: u64 => arg,
        /// Recipients handed to the dialer so far, including those that failed before a call could
        /// be placed.
        pub total_calls_dispatched: u64 => arg,
        /// Recipients whose latest call attempt reached a terminal state (completed or failed),
        /// including pre-dial failures.
        pub total_calls_finished: u64 => arg,
        /// The number of times the batch has been retried (`0` until the first retry).
        pub retry_count: u64 => arg,
        /// When the batch was created.
        pub created_at: Timestamp => arg,
        /// When the batch was last updated.
        pub last_updated_at: Timestamp => arg,
        /// The scheduled dispatch time; absent for batches that dispatch immediately.
        pub scheduled_at?: Timestamp,
        /// The actual dispatch time. The batch may stay unadmitted in the queue due to scheduling or
        /// unavailable concurrency.
        pub admitted_at?: Timestamp,
        /// The batch's recipients; returned only by `GET /agents/calls/batches/{batch_id}`.
        pub recipients?: Vec<AgentCallBatchRecipient>,
    }

    /// A batch with the required fields and nothing else, e.g. for a test double.
    #[allow(clippy::too_many_arguments)] // one argument per required field of the API
    fn new;
}

model! {
    /// One recipient within a batch and its current status (returned only on batch detail reads).
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub struct AgentCallBatchRecipient {
        /// The unique identifier for the recipient within the batch.
        pub id: String => into,
        /// The destination phone number, in E.164 format (e.g. `+14155559876`).
        pub to_number: String => into,
        /// The recipient's current status.
        pub status: AgentCallBatchRecipientStatus => arg,
        /// The agent call ID, for `GET /agents/calls/{call_id}`; set once the call has been
        /// dispatched.
        pub agent_call_id?: String,
        /// The reason why the call ended.
        pub end_reason?: EndReason,
        /// Why the request failed before a call could be placed (in place of `agent_call_id` when
        /// the recipient never reached a dial attempt).
        pub error_message?: String,
        /// The metadata supplied for this recipient.
        pub metadata?: JsonMap,
        /// When the recipient was queued.
        pub created_at: Timestamp => arg,
    }

    /// A recipient with the required fields and nothing else, e.g. for a test double.
    fn new;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::HasId;
    use crate::Page;
    use serde_json::json;

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    /// The `AgentCall` example of the OpenAPI document.
    const CALL: &str = r#"{
        "id": "ac_abc123", "agent_id": "agent_abc123", "agent_name": "Customer support",
        "start_time": "2026-03-01T12:00:00Z", "end_time": "2026-03-01T12:05:00Z",
        "telephony_params": {"to": "+14155559876", "from": "+14155551234", "call_sid": "sid_abc123",
                             "direction": "inbound", "connection_type": "phone"},
        "status": "completed", "end_reason": "agent_hangup",
        "summary": "Caller asked about return policy."
    }"#;

    fn batch_json() -> serde_json::Value {
        json!({
            "id": "acb_1", "name": "Renewals", "agent_id": "agent_1", "from_number_id": "pn_1",
            "region": "US", "target_concurrency_limit": 5, "status": "in_progress",
            "total_calls_scheduled": 3, "total_calls_dispatched": 2, "total_calls_finished": 1,
            "retry_count": 0, "created_at": "2026-03-01T12:00:00Z",
            "last_updated_at": "2026-03-01T12:10:00.123Z"
        })
    }

    #[test]
    fn decodes_the_spec_call_example() {
        let c: AgentCall = serde_json::from_str(CALL).unwrap();
        assert_eq!(c.id, "ac_abc123");
        assert_eq!(c.agent_id, "agent_abc123");
        assert_eq!(c.agent_name.as_deref(), Some("Customer support"));
        assert_eq!(c.start_time, Some(ts("2026-03-01T12:00:00Z")));
        assert_eq!(c.end_time, Some(ts("2026-03-01T12:05:00Z")));
        assert_eq!(c.status, AgentCallStatus::Completed);
        assert_eq!(c.end_reason, Some(EndReason::AgentHangup));
        assert_eq!(
            c.summary.as_deref(),
            Some("Caller asked about return policy.")
        );
        let t = c.telephony_params.as_ref().unwrap();
        assert_eq!(t.to.as_deref(), Some("+14155559876"));
        assert_eq!(t.from.as_deref(), Some("+14155551234"));
        assert_eq!(t.call_sid.as_deref(), Some("sid_abc123"));
        assert_eq!(t.direction.as_deref(), Some("inbound"));
        assert_eq!(t.connection_type, Some(ConnectionType::Phone));
        assert_eq!(c.redacted_at, None);
        assert_eq!(c.transcript, None);
        assert_eq!(c.metadata, None);
        assert_eq!(c.id(), "ac_abc123");
    }

    #[test]
    fn optional_call_fields_accept_null_and_absent() {
        let nulls = json!({
            "id": "c", "agent_id": "a", "status": "started", "agent_name": null,
            "start_time": null, "end_time": null, "redacted_at": null, "transcript": null,
            "telephony_params": null, "telephony_account_type": null, "summary": null,
            "error_message": null, "end_reason": null, "dynamic_variables": null,
            "zdr_enabled": null, "deployment_id": null, "deployment_version_id": null,
            "deployment_region": null, "metadata": null
        });
        let c: AgentCall = serde_json::from_value(nulls).unwrap();
        assert_eq!(c, AgentCall::new("c", "a", AgentCallStatus::Started));
        let absent: AgentCall =
            serde_json::from_value(json!({"id": "c", "agent_id": "a", "status": "started"}))
                .unwrap();
        assert_eq!(absent, c);
        // Nothing optional is written back.
        assert_eq!(
            serde_json::to_value(&c).unwrap(),
            json!({"id": "c", "agent_id": "a", "status": "started"})
        );
    }

    crate::test_support::required_fields! {
        fn required_call_fields_are_required {
            AgentCall: CALL => ["id", "agent_id", "status"];
            AgentCallBatch: batch_json() => [
                "id", "name", "agent_id", "from_number_id", "region", "target_concurrency_limit",
                "status", "total_calls_scheduled", "total_calls_dispatched", "total_calls_finished",
                "retry_count", "created_at", "last_updated_at",
            ];
        }
    }

    #[test]
    fn unknown_enum_values_and_fields_are_kept_or_ignored() {
        let v = json!({
            "id": "c", "agent_id": "a", "status": "active", "end_reason": "voicemail",
            "telephony_account_type": "vonage", "future_field": {"x": [1]},
            "telephony_params": {"connection_type": "webrtc", "parameters": {"n": 1}}
        });
        let c: AgentCall = serde_json::from_value(v).unwrap();
        assert_eq!(c.status, AgentCallStatus::Unknown("active".into()));
        assert!(!c.status.is_known());
        assert_eq!(c.end_reason, Some(EndReason::Unknown("voicemail".into())));
        assert_eq!(
            c.telephony_account_type,
            Some(TelephonyAccountType::Unknown("vonage".into()))
        );
        let t = c.telephony_params.as_ref().unwrap();
        assert_eq!(
            t.connection_type,
            Some(ConnectionType::Unknown("webrtc".into()))
        );
        assert_eq!(t.parameters.as_ref().unwrap()["n"], json!(1));
        let back = serde_json::to_value(&c).unwrap();
        assert_eq!(back["status"], "active");
        assert_eq!(back["end_reason"], "voicemail");
        assert!(back.get("future_field").is_none());
    }

    #[test]
    fn decodes_a_full_transcript() {
        let v = json!({
            "id": "c", "agent_id": "a", "status": "completed",
            "telephony_account_type": "sip_trunk", "zdr_enabled": false,
            "dynamic_variables": {"name": "Ada", "vip": true, "visits": 3},
            "metadata": {"customer_id": "cust_123"},
            "transcript": [
                {"role": "assistant", "text": "Hi!", "start_timestamp": 0.0, "end_timestamp": 1.5,
                 "tts_ttfb": 0.25, "text_chunks": [{"text": "Hi!", "start_timestamp": 0.1}],
                 "tool_calls": null, "stt_ttfb": null, "end_reason": null, "vad_buffer_ms": 300},
                {"role": "user", "text": null, "start_timestamp": 2, "end_timestamp": 3,
                 "log_event": {"event": "dtmf", "metadata": {"digit": "1"}, "timestamp": 2.5},
                 "log_metric": {"name": "latency", "value": 0.3, "timestamp": 2.6},
                 "tool_calls": [{"id": "tc_1", "name": "lookup", "arguments": {"q": "order"},
                   "result": "found",
                   "dynamic_variable_updates": [{"variable_name": "order", "old_value": null,
                     "new_value": "A1", "updated_at": 2.7, "tool_id": "t1", "tool_call_id": "tc_1"}]}]},
                {"role": "narrator", "start_timestamp": 4, "end_timestamp": 5}
            ]
        });
        let c: AgentCall = serde_json::from_value(v).unwrap();
        assert_eq!(
            c.telephony_account_type,
            Some(TelephonyAccountType::SipTrunk)
        );
        assert_eq!(c.zdr_enabled, Some(false));
        let dv = c.dynamic_variables.as_ref().unwrap();
        assert_eq!(dv["name"], "Ada");
        assert_eq!(dv["vip"], true);
        assert_eq!(dv["visits"], 3);
        assert_eq!(c.metadata.as_ref().unwrap()["customer_id"], "cust_123");
        let t = c.transcript.as_ref().unwrap();
        assert_eq!(t.len(), 3);
        assert_eq!(t[0].role, TranscriptRole::Assistant);
        assert_eq!(t[0].text.as_deref(), Some("Hi!"));
        assert_eq!(t[0].tts_ttfb, Some(0.25));
        assert_eq!(t[0].vad_buffer_ms, Some(300));
        assert_eq!(
            t[0].text_chunks.as_deref(),
            Some(&[TextChunk::new("Hi!", 0.1)][..])
        );
        assert_eq!(t[1].role, TranscriptRole::User);
        assert_eq!(t[1].text, None);
        assert_eq!(t[1].start_timestamp, 2.0);
        let mut md = JsonMap::new();
        md.insert("digit".into(), json!("1"));
        assert_eq!(t[1].log_event, Some(LogEvent::new("dtmf", md, 2.5)));
        assert_eq!(t[1].log_metric, Some(LogMetric::new("latency", 0.3, 2.6)));
        let tc = &t[1].tool_calls.as_ref().unwrap()[0];
        assert_eq!(tc.id.as_deref(), Some("tc_1"));
        assert_eq!(tc.name, "lookup");
        assert_eq!(tc.arguments["q"], "order");
        assert_eq!(tc.result.as_deref(), Some("found"));
        let u = &tc.dynamic_variable_updates.as_ref().unwrap()[0];
        assert_eq!(
            u,
            &DynamicVariableUpdate::new("order", None, json!("A1"), 2.7, "t1", "tc_1")
        );
        assert_eq!(t[2].role, TranscriptRole::Unknown("narrator".into()));
        // Round trip.
        let back: AgentCall = serde_json::from_value(serde_json::to_value(&c).unwrap()).unwrap();
        assert_eq!(back, c);
    }

    #[test]
    fn dynamic_variable_update_writes_a_null_old_value() {
        let u = DynamicVariableUpdate::new("v", None, json!(2), 1.0, "t", "tc");
        assert_eq!(serde_json::to_value(&u).unwrap()["old_value"], json!(null));
        let with_old =
            DynamicVariableUpdate::new("v", Some(json!(false)), json!(true), 1.0, "t", "tc");
        let back: DynamicVariableUpdate =
            serde_json::from_value(serde_json::to_value(&with_old).unwrap()).unwrap();
        assert_eq!(back.old_value, Some(json!(false)));
    }

    #[test]
    fn calls_page_with_and_without_has_more() {
        let p: Page<AgentCall> = serde_json::from_value(json!({
            "data": [{"id": "c1", "agent_id": "a", "status": "completed"}],
            "has_more": true, "next_page": "c1"
        }))
        .unwrap();
        assert_eq!(p.data[0].id, "c1");
        assert_eq!(p.has_more, Some(true));
        assert_eq!(p.next_page.as_deref(), Some("c1"));
        // The 2026-03-01 Stainless spec has no has_more, and next_page may be null.
        let p: Page<AgentCall> =
            serde_json::from_value(json!({"data": [], "next_page": null})).unwrap();
        assert!(p.data.is_empty());
        assert_eq!(p.has_more, None);
        assert_eq!(p.next_page, None);
    }

    #[test]
    fn decodes_a_batch_with_recipients() {
        let mut v = batch_json();
        let o = v.as_object_mut().unwrap();
        o.insert("scheduled_at".into(), json!("2026-06-15T16:00:00Z"));
        o.insert("admitted_at".into(), json!("2026-06-15T18:00:05+02:00"));
        o.insert(
            "recipients".into(),
            json!([
                {"id": "r1", "to_number": "+14155550001", "status": "completed",
                 "agent_call_id": "ac_1", "end_reason": "client_hangup",
                 "metadata": {"customer_id": "cust_1"}, "created_at": "2026-03-01T12:00:00Z"},
                {"id": "r2", "to_number": "+14155550002", "status": "failed",
                 "error_message": "invalid number", "created_at": "2026-03-01T12:00:00Z"},
                {"id": "r3", "to_number": "+14155550003", "status": "ringing",
                 "created_at": "2026-03-01T12:00:00Z"}
            ]),
        );
        let b: AgentCallBatch = serde_json::from_value(v).unwrap();
        assert_eq!(b.id(), "acb_1");
        assert_eq!(b.name, "Renewals");
        assert_eq!(b.region, CallBatchRegion::Us);
        assert_eq!(b.status, AgentCallBatchStatus::InProgress);
        assert_eq!(
            (
                b.target_concurrency_limit,
                b.total_calls_scheduled,
                b.total_calls_dispatched,
                b.total_calls_finished,
                b.retry_count
            ),
            (5, 3, 2, 1, 0)
        );
        assert_eq!(b.last_updated_at.to_string(), "2026-03-01T12:10:00.123Z");
        assert_eq!(b.scheduled_at, Some(ts("2026-06-15T16:00:00Z")));
        assert_eq!(b.admitted_at, Some(ts("2026-06-15T16:00:05Z")));
        let r = b.recipients.as_ref().unwrap();
        assert_eq!(r[0].status, AgentCallBatchRecipientStatus::Completed);
        assert_eq!(r[0].agent_call_id.as_deref(), Some("ac_1"));
        assert_eq!(r[0].end_reason, Some(EndReason::ClientHangup));
        assert_eq!(r[0].metadata.as_ref().unwrap()["customer_id"], "cust_1");
        assert_eq!(r[1].status, AgentCallBatchRecipientStatus::Failed);
        assert_eq!(r[1].error_message.as_deref(), Some("invalid number"));
        assert_eq!(r[1].agent_call_id, None);
        assert_eq!(
            r[2].status,
            AgentCallBatchRecipientStatus::Unknown("ringing".into())
        );
    }

    #[test]
    fn batch_required_fields_and_unknown_values() {
        let b: AgentCallBatch = serde_json::from_value(batch_json()).unwrap();
        let expected = AgentCallBatch::new(
            "acb_1",
            "Renewals",
            "agent_1",
            "pn_1",
            CallBatchRegion::Us,
            5,
            AgentCallBatchStatus::InProgress,
            3,
            2,
            1,
            0,
            ts("2026-03-01T12:00:00Z"),
            ts("2026-03-01T12:10:00.123Z"),
        );
        assert_eq!(b, expected);
        let mut v = batch_json();
        v["region"] = json!("LATAM");
        v["status"] = json!("paused");
        let b: AgentCallBatch = serde_json::from_value(v).unwrap();
        assert_eq!(b.region, CallBatchRegion::Unknown("LATAM".into()));
        assert_eq!(b.status, AgentCallBatchStatus::Unknown("paused".into()));
        // A negative counter is a decode error, not a panic.
        let mut v = batch_json();
        v["retry_count"] = json!(-1);
        assert!(serde_json::from_value::<AgentCallBatch>(v).is_err());
    }

    #[test]
    fn outbound_request_bodies() {
        let mut md = JsonMap::new();
        md.insert("customer_id".into(), json!("cust_123"));
        let mut dv = JsonMap::new();
        dv.insert("first_name".into(), json!("Ada"));
        let req = AgentOutboundCallRequest::new(
            "pn_1",
            "agent_1",
            vec![
                AgentOutboundCallItem::new("+14155559876").metadata(md),
                AgentOutboundCallItem::new("+14155559877").dynamic_variables(dv),
            ],
        )
        .ringing_timeout_seconds(30)
        .max_call_duration_minutes(10);
        assert_eq!(
            serde_json::to_value(&req).unwrap(),
            json!({
                "from_number_id": "pn_1", "agent_id": "agent_1",
                "outbound_calls": [
                    {"to_number": "+14155559876", "metadata": {"customer_id": "cust_123"}},
                    {"to_number": "+14155559877", "dynamic_variables": {"first_name": "Ada"}}
                ],
                "ringing_timeout_seconds": 30, "max_call_duration_minutes": 10
            })
        );
        let minimal =
            AgentOutboundCallRequest::new("pn", "a", vec![AgentOutboundCallItem::new("+1")]);
        assert_eq!(
            serde_json::to_value(&minimal).unwrap(),
            json!({"from_number_id": "pn", "agent_id": "a", "outbound_calls": [{"to_number": "+1"}]})
        );
    }

    #[test]
    fn outbound_response_items_have_an_id_or_an_error() {
        let r: AgentOutboundCallResponse = serde_json::from_value(json!({"calls": [
            {"number": "+14155559876", "agent_call_id": "ac_1"},
            {"number": "+1", "error": {"message": "invalid number", "code": 400}}
        ]}))
        .unwrap();
        assert_eq!(r.calls[0].number, "+14155559876");
        assert_eq!(r.calls[0].agent_call_id.as_deref(), Some("ac_1"));
        assert_eq!(r.calls[0].error, None);
        assert_eq!(r.calls[1].agent_call_id, None);
        assert_eq!(r.calls[1].error.as_ref().unwrap()["code"], 400);
        assert!(serde_json::from_value::<AgentOutboundCallResponse>(json!({})).is_err());
    }

    #[test]
    fn batch_request_bodies() {
        let req = AgentCallBatchRequest::new(
            "Renewals",
            "agent_1",
            "pn_1",
            vec![AgentOutboundCallItem::new("+14155550001")],
        )
        .target_concurrency_limit(2)
        .ringing_timeout_seconds(45)
        .max_call_duration_minutes(15)
        .scheduled_at(ts("2026-06-15T18:00:00+02:00"))
        .region(CallBatchRegion::Eu);
        assert_eq!(
            serde_json::to_value(&req).unwrap(),
            json!({
                "name": "Renewals", "agent_id": "agent_1", "from_number_id": "pn_1",
                "recipients": [{"to_number": "+14155550001"}],
                "target_concurrency_limit": 2, "ringing_timeout_seconds": 45,
                "max_call_duration_minutes": 15, "scheduled_at": "2026-06-15T16:00:00Z",
                "region": "EU"
            })
        );
    }

    #[test]
    fn logs_and_cancel_answers() {
        let l: AgentCallLogs = serde_json::from_value(json!({
            "call_id": "ac_1", "logs": ["starting", "done"],
            "updated_at": "2026-03-01T12:05:00.5Z"
        }))
        .unwrap();
        assert_eq!(
            l,
            AgentCallLogs::new(
                "ac_1",
                vec!["starting".into(), "done".into()],
                ts("2026-03-01T12:05:00.5Z")
            )
        );
        for field in ["call_id", "logs", "updated_at"] {
            let mut v = serde_json::to_value(&l).unwrap();
            v.as_object_mut().unwrap().remove(field);
            assert!(
                serde_json::from_value::<AgentCallLogs>(v).is_err(),
                "{field}"
            );
        }
        let c: CancelCallResponse = serde_json::from_str(r#"{"cancelled":true}"#).unwrap();
        assert!(c.cancelled);
        assert!(serde_json::from_str::<CancelCallResponse>("{}").is_err());
    }
}
