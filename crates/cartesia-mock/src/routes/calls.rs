//! Calls (list, outbound create, get, delete, cancel, logs) and call batches.

use axum::http::StatusCode;
use serde_json::{json, Map, Value};

use super::agents::agent_not_found;
use super::{list_page, S};
use crate::error::ApiError;
use crate::store::{field, BatchRec, CallRec, Store};
use crate::support::{
    created, instant, is_e164, is_rfc3339, now, ok, page, JsonBody, Obj, Reply, P, Q,
};

crate::error::not_found_errors! {
    call_not_found: "call_not_found", "Call";
    batch_not_found: "batch_not_found", "Batch";
    pub(crate) number_not_found: "phone_number_not_found", "Phone number";
}

crate::store::listed! {
    CallRec in calls, call_not_found, |c| c.id();
    BatchRec in batches, batch_not_found, |b| field(&b.batch, "id");
}

/// A timestamp filter: `400` unless RFC 3339.
fn time_filter(q: &Q, name: &str) -> Result<Option<time::OffsetDateTime>, ApiError> {
    match q.get(name) {
        None => Ok(None),
        Some(raw) => instant(raw).map(Some).ok_or_else(|| {
            ApiError::invalid_request(format!("`{name}` must be an RFC 3339 timestamp."))
        }),
    }
}

/// `GET /agents/calls`: a page of one agent's (or one batch's) calls, newest first.
pub(crate) async fn list(state: S, q: Q) -> Reply {
    let cursor = q.cursor(true)?;
    let gte = time_filter(&q, "start_time_gte")?;
    let lte = time_filter(&q, "start_time_lte")?;
    if let (Some(a), Some(b)) = (gte, lte) {
        if a > b {
            return Err(ApiError::invalid_request(
                "`start_time_gte` is after `start_time_lte`.",
            ));
        }
    }
    let expand = match q.get("expand") {
        None => false,
        Some("transcript") => true,
        Some(_) => {
            return Err(ApiError::invalid_request(
                "`expand` supports only `transcript`.",
            ))
        }
    };
    let store = state.store();
    let agent_id = q.get("agent_id");
    let batch_id = q.get("batch_id");
    if agent_id.is_none() && batch_id.is_none() {
        return Err(ApiError::invalid_request(
            "Pass `agent_id` or `batch_id` to list calls.",
        ));
    }
    if let Some(agent_id) = agent_id {
        store.agent(agent_id).ok_or_else(agent_not_found)?;
    }
    if let Some(batch_id) = batch_id {
        let batch = store
            .batches
            .iter()
            .find(|b| field(&b.batch, "id") == batch_id)
            .ok_or_else(batch_not_found)?;
        if agent_id.is_some_and(|a| a != field(&batch.batch, "agent_id")) {
            return Err(ApiError::invalid_request(
                "`agent_id` does not match the batch's agent.",
            ));
        }
    }
    let items: Vec<(String, Value)> = store
        .calls
        .iter()
        .filter(|c| agent_id.is_none_or(|a| c.agent_id() == a))
        .filter(|c| batch_id.is_none_or(|b| c.batch_id.as_deref() == Some(b)))
        .filter(|c| {
            let start = c
                .call
                .get("start_time")
                .and_then(Value::as_str)
                .and_then(instant);
            match start {
                Some(start) => gte.is_none_or(|g| start >= g) && lte.is_none_or(|l| start <= l),
                None => gte.is_none() && lte.is_none(),
            }
        })
        .map(|c| (c.id().to_owned(), c.listed(expand)))
        .collect();
    Ok(ok(&page(items, &cursor)?))
}

/// The phone number with `id`, which must be able to place calls.
fn from_number<'s>(store: &'s Store, id: &str) -> Result<&'s crate::store::NumberRec, ApiError> {
    store
        .numbers
        .iter()
        .find(|n| n.id == id)
        .ok_or_else(number_not_found)
}

/// Checks an optional `ringing_timeout_seconds` (5 to 80) of a call or a batch.
fn check_ringing_timeout(body: &Obj) -> Result<(), ApiError> {
    if let Some(t) = body.opt_int("ringing_timeout_seconds")? {
        if !(5..=80).contains(&t) {
            return Err(ApiError::invalid_request(
                "`ringing_timeout_seconds` must be between 5 and 80.",
            ));
        }
    }
    Ok(())
}

/// `POST /agents/calls` with an `AgentOutboundCallRequest`: one call per destination, in
/// request order; a destination that is not E.164 gets an `error` instead of a call.
pub(crate) async fn create(state: S, JsonBody(body): JsonBody) -> Reply {
    let from_number_id = body.req_str("from_number_id")?;
    let agent_id = body.req_str("agent_id")?;
    let destinations = body
        .opt_objects("outbound_calls")?
        .ok_or_else(|| ApiError::unprocessable("`body.outbound_calls` is required."))?;
    if destinations.is_empty() {
        return Err(ApiError::unprocessable(
            "`body.outbound_calls` must have at least one item.",
        ));
    }
    check_ringing_timeout(&body)?;
    body.opt_int("max_call_duration_minutes")?;
    let mut store = state.store();
    let agent = store.agent(&agent_id).ok_or_else(agent_not_found)?.clone();
    let from = from_number(&store, &from_number_id)?.number.clone();
    let mut results = Vec::with_capacity(destinations.len());
    for item in destinations {
        let item = Obj::nested(item, "outbound_calls[]");
        let to = item.req_str("to_number")?;
        let metadata = item.opt_obj("metadata")?;
        let variables = item.opt_obj("dynamic_variables")?;
        if !is_e164(&to) {
            results.push(json!({
                "number": to,
                "error": {"message": "`to_number` must be an E.164 phone number, e.g. +14155559876."}
            }));
            continue;
        }
        let id = store.ids.next("ac");
        let call = outbound_call(&id, &agent, &from, &to, metadata, variables);
        store.calls.insert(
            0,
            CallRec {
                call,
                audio: false,
                logs: None,
                batch_id: None,
            },
        );
        results.push(json!({"number": to, "agent_call_id": id}));
    }
    Ok(ok(&json!({ "calls": results })))
}

/// A new outbound call, in progress.
fn outbound_call(
    id: &str,
    agent: &Map<String, Value>,
    from: &str,
    to: &str,
    metadata: Option<Map<String, Value>>,
    variables: Option<Map<String, Value>>,
) -> Map<String, Value> {
    let mut call = Map::new();
    call.insert("id".into(), id.into());
    call.insert("agent_id".into(), field(agent, "id").into());
    call.insert("agent_name".into(), field(agent, "name").into());
    call.insert("start_time".into(), now().into());
    call.insert("end_time".into(), Value::Null);
    call.insert(
        "telephony_params".into(),
        json!({"to": to, "from": from, "direction": "outbound", "connection_type": "phone"}),
    );
    call.insert("telephony_account_type".into(), "cartesia".into());
    call.insert("status".into(), "started".into());
    call.insert("zdr_enabled".into(), false.into());
    if let Some(metadata) = metadata {
        call.insert("metadata".into(), Value::Object(metadata));
    }
    if let Some(variables) = variables {
        call.insert("dynamic_variables".into(), Value::Object(variables));
    }
    call
}

/// `GET /agents/calls/{call_id}`: one `AgentCall`, with its transcript.
pub(crate) async fn get(state: S, P(call_id): P<String>) -> Reply {
    let store = state.store();
    let index = store.index_of::<CallRec>(&call_id)?;
    Ok(ok(&store.calls[index].listed(true)))
}

/// `DELETE /agents/calls/{call_id}`: deletes a finished call's sensitive data (transcript,
/// summary, audio, logs) and sets `redacted_at`; `400` for a call still active.
pub(crate) async fn delete(state: S, P(call_id): P<String>) -> Reply {
    let mut store = state.store();
    let index = store.index_of::<CallRec>(&call_id)?;
    let call = &mut store.calls[index];
    if !matches!(call.status(), "completed" | "failed") {
        return Err(ApiError::bad_request(
            "call_not_terminal",
            "Only completed or failed calls can be deleted; cancel the call first.",
        ));
    }
    for key in ["transcript", "summary", "dynamic_variables", "metadata"] {
        call.call.remove(key);
    }
    if !call.call.contains_key("redacted_at") {
        call.call.insert("redacted_at".into(), now().into());
    }
    call.audio = false;
    call.logs = None;
    Ok(ok(&call.listed(true)))
}

/// `POST /agents/calls/{call_id}/cancel`: ends a `started` call with end reason
/// `api_cancelled`; `400` for any other call.
pub(crate) async fn cancel(state: S, P(call_id): P<String>) -> Reply {
    let mut store = state.store();
    let index = store.index_of::<CallRec>(&call_id)?;
    let call = &mut store.calls[index];
    if call.status() != "started" {
        return Err(ApiError::bad_request(
            "call_not_active",
            "The call is not currently active and cannot be cancelled.",
        ));
    }
    call.call.insert("status".into(), "completed".into());
    call.call
        .insert("end_reason".into(), "api_cancelled".into());
    call.call.insert("end_time".into(), now().into());
    Ok(ok(&json!({ "cancelled": true })))
}

/// `GET /agents/calls/{call_id}/logs`: `AgentCallLogs`; the `404` body here is `{message,
/// description}`, as the API sends it.
pub(crate) async fn logs(state: S, P(call_id): P<String>) -> Reply {
    let store = state.store();
    let not_found = |message: &str, description: &str| {
        let mut error = ApiError::new(
            StatusCode::NOT_FOUND,
            None,
            message.to_owned(),
            description.to_owned(),
        );
        error.raw_body = Some(json!({"message": message, "description": description}));
        error
    };
    let Some(call) = store.calls.iter().find(|c| c.id() == call_id) else {
        return Err(not_found(
            "Call not found",
            "The call does not exist or does not belong to your account.",
        ));
    };
    let Some(lines) = &call.logs else {
        return Err(not_found(
            "Call logs not available",
            "The call is in progress, has no logs, or its logs were removed.",
        ));
    };
    let updated = call
        .call
        .get("end_time")
        .filter(|v| v.is_string())
        .cloned()
        .unwrap_or_else(|| now().into());
    Ok(ok(
        &json!({"call_id": call_id, "logs": lines, "updated_at": updated}),
    ))
}

/// A batch as listed (without recipients).
fn batch_listed(batch: &BatchRec) -> Value {
    Value::Object(batch.batch.clone())
}

/// `GET /agents/calls/batches`: a page of batches, newest first, optionally of one agent.
pub(crate) async fn list_batches(state: S, q: Q) -> Reply {
    let agent_id = q.get("agent_id");
    list_page(
        &state,
        &q,
        |b: &BatchRec| agent_id.is_none_or(|a| field(&b.batch, "agent_id") == a),
        |_, b| batch_listed(b),
    )
}

/// `POST /agents/calls/batches` with an `AgentCallBatchRequest`: `201` with the batch,
/// `pending`, every recipient queued.
pub(crate) async fn create_batch(state: S, JsonBody(body): JsonBody) -> Reply {
    let name = body.req_str("name")?;
    let agent_id = body.req_str("agent_id")?;
    let from_number_id = body.req_str("from_number_id")?;
    let recipients = body
        .opt_objects("recipients")?
        .ok_or_else(|| ApiError::unprocessable("`body.recipients` is required."))?;
    if recipients.is_empty() || recipients.len() > 5000 {
        return Err(ApiError::unprocessable(
            "`body.recipients` must have 1 to 5000 items.",
        ));
    }
    let concurrency = body.opt_int("target_concurrency_limit")?.unwrap_or(5);
    if concurrency < 1 {
        return Err(ApiError::unprocessable(
            "`body.target_concurrency_limit` must be at least 1.",
        ));
    }
    check_ringing_timeout(&body)?;
    if let Some(m) = body.opt_int("max_call_duration_minutes")? {
        if !(1..=480).contains(&m) {
            return Err(ApiError::invalid_request(
                "`max_call_duration_minutes` must be between 1 and 480.",
            ));
        }
    }
    let scheduled_at = body.opt_str("scheduled_at")?;
    if let Some(at) = &scheduled_at {
        if !is_rfc3339(at) {
            return Err(ApiError::invalid_request(
                "`scheduled_at` must be an RFC 3339 timestamp.",
            ));
        }
    }
    let region = body
        .opt_enum("region", &["US", "EU", "APAC"])?
        .unwrap_or_else(|| "US".to_owned());
    let mut store = state.store();
    store.agent(&agent_id).ok_or_else(agent_not_found)?;
    from_number(&store, &from_number_id)?;
    let mut queued = Vec::with_capacity(recipients.len());
    let stamp = now();
    for (index, r) in recipients.into_iter().enumerate() {
        let r = Obj::nested(r, "recipients[]");
        let to = r.req_str("to_number")?;
        if !is_e164(&to) {
            return Err(ApiError::invalid_request(format!(
                "`recipients[{index}].to_number` must be an E.164 phone number."
            )));
        }
        let mut recipient = json!({
            "id": store.ids.next("acbr"),
            "to_number": to,
            "status": "queued",
            "created_at": stamp,
        });
        if let Some(metadata) = r.opt_obj("metadata")? {
            recipient["metadata"] = Value::Object(metadata);
        }
        queued.push(recipient);
    }
    let mut batch = json!({
        "id": store.ids.next("acb"),
        "name": name,
        "agent_id": agent_id,
        "from_number_id": from_number_id,
        "region": region,
        "target_concurrency_limit": concurrency,
        "status": "pending",
        "total_calls_scheduled": queued.len(),
        "total_calls_dispatched": 0,
        "total_calls_finished": 0,
        "retry_count": 0,
        "created_at": stamp,
        "last_updated_at": stamp,
    });
    if let Some(at) = scheduled_at {
        batch["scheduled_at"] = at.into();
    }
    let Value::Object(batch) = batch else {
        return Err(ApiError::invalid_request("unreachable"));
    };
    let rec = BatchRec {
        batch,
        recipients: queued,
    };
    let answer = batch_listed(&rec);
    store.batches.insert(0, rec);
    Ok(created(&answer))
}

/// A batch with its recipients.
fn batch_detail(batch: &BatchRec) -> Value {
    let mut value = batch.batch.clone();
    value.insert("recipients".into(), Value::Array(batch.recipients.clone()));
    Value::Object(value)
}

/// `GET /agents/calls/batches/{batch_id}`: the batch with its recipients.
pub(crate) async fn get_batch(state: S, P(batch_id): P<String>) -> Reply {
    let store = state.store();
    let index = store.index_of::<BatchRec>(&batch_id)?;
    Ok(ok(&batch_detail(&store.batches[index])))
}

/// `POST /agents/calls/batches/{batch_id}/cancel`: stops dialing (idempotent); queued
/// recipients are cancelled.
pub(crate) async fn cancel_batch(state: S, P(batch_id): P<String>) -> Reply {
    let mut store = state.store();
    let index = store.index_of::<BatchRec>(&batch_id)?;
    let batch = &mut store.batches[index];
    if field(&batch.batch, "status") != "cancelled" {
        batch.batch.insert("status".into(), "cancelled".into());
        batch.batch.insert("last_updated_at".into(), now().into());
        for r in &mut batch.recipients {
            if r["status"] == "queued" {
                r["status"] = "cancelled".into();
            }
        }
    }
    Ok(ok(&batch_listed(batch)))
}

/// `POST /agents/calls/batches/{batch_id}/retry`: re-queues failed recipients; `400` for
/// a cancelled batch.
pub(crate) async fn retry_batch(state: S, P(batch_id): P<String>) -> Reply {
    let mut store = state.store();
    let index = store.index_of::<BatchRec>(&batch_id)?;
    let batch = &mut store.batches[index];
    if field(&batch.batch, "status") == "cancelled" {
        return Err(ApiError::bad_request(
            "batch_cancelled",
            "The batch is cancelled and cannot be retried.",
        ));
    }
    let mut requeued = 0u64;
    for r in &mut batch.recipients {
        if r["status"] == "failed" {
            r["status"] = "queued".into();
            if let Value::Object(map) = r {
                map.remove("end_reason");
                map.remove("agent_call_id");
            }
            requeued += 1;
        }
    }
    let retries = batch
        .batch
        .get("retry_count")
        .and_then(Value::as_u64)
        .unwrap_or(0);
    batch
        .batch
        .insert("retry_count".into(), (retries + 1).into());
    if requeued > 0 {
        batch.batch.insert("status".into(), "in_progress".into());
        let finished = batch
            .batch
            .get("total_calls_finished")
            .and_then(Value::as_u64)
            .unwrap_or(0);
        batch.batch.insert(
            "total_calls_finished".into(),
            finished.saturating_sub(requeued).into(),
        );
    }
    batch.batch.insert("last_updated_at".into(), now().into());
    Ok(ok(&batch_listed(batch)))
}
