//! Contract scenarios: calls (list, outbound, get, delete, cancel, logs) and call batches
//! (create, list, get, cancel, retry), including cursor pagination on both lists.

use cartesia_core::endpoints::calls::{
    CancelCall, CancelCallBatch, CreateCallBatch, CreateOutboundCall, DeleteCall, GetCall,
    GetCallBatch, GetCallLogs, ListCallBatches, ListCalls, RetryCallBatch,
};
use cartesia_core::Error;
use cartesia_types::calls::{
    AgentCallBatchRecipientStatus, AgentCallBatchRequest, AgentCallBatchStatus, AgentCallStatus,
    AgentOutboundCallItem, AgentOutboundCallRequest, CallBatchRegion, ConnectionType, EndReason,
    TelephonyAccountType, TranscriptRole,
};
use cartesia_types::{HasId, JsonMap, Timestamp};
use serde_json::json;

use super::{call_op, setup, Expected};
use crate::harness::Harness;
use crate::{Ctx, Reply};

fn ts(s: &str) -> Timestamp {
    Timestamp::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
}

/// The spec's `AgentCall` example, with `id` replaced.
fn call_json(id: &str) -> serde_json::Value {
    json!({
        "id": id,
        "agent_id": "agent_abc123",
        "agent_name": "Customer support",
        "start_time": "2026-03-01T12:00:00Z",
        "end_time": "2026-03-01T12:05:00Z",
        "telephony_params": {
            "to": "+14155559876", "from": "+14155551234", "call_sid": "sid_abc123",
            "direction": "inbound", "connection_type": "phone"
        },
        "status": "completed",
        "end_reason": "agent_hangup",
        "summary": "Caller asked about return policy."
    })
}

/// An `AgentCallBatch` in the shape of the 2026-03-01 docs.
fn batch_json(id: &str) -> serde_json::Value {
    json!({
        "id": id,
        "name": "March renewals",
        "agent_id": "agent_abc123",
        "from_number_id": "pn_abc123",
        "region": "US",
        "target_concurrency_limit": 5,
        "status": "in_progress",
        "total_calls_scheduled": 2,
        "total_calls_dispatched": 2,
        "total_calls_finished": 1,
        "retry_count": 0,
        "created_at": "2026-03-01T12:00:00Z",
        "last_updated_at": "2026-03-01T12:10:00.961874Z"
    })
}

fn metadata(customer: &str) -> JsonMap {
    let mut m = JsonMap::new();
    m.insert("customer_id".into(), json!(customer));
    m
}

/// The `path_and_query` of every request from index `from` on.
fn paths_since(ctx: &Ctx, from: usize) -> Vec<String> {
    ctx.received()
        .into_iter()
        .skip(from)
        .map(|s| {
            assert_eq!(s.method, "GET");
            assert!(s.body.is_empty());
            s.path_and_query
        })
        .collect()
}

fn ids<T: HasId>(items: &[T]) -> Vec<&str> {
    items.iter().map(HasId::id).collect()
}

/// A page body: `data` built by `item` from `ids`, `has_more` when given.
fn page(item: fn(&str) -> serde_json::Value, ids: &[&str], has_more: Option<bool>) -> Reply {
    let mut body = json!({ "data": ids.iter().map(|id| item(id)).collect::<Vec<_>>() });
    if let Some(more) = has_more {
        body["has_more"] = json!(more);
    }
    Reply::json(200, body.to_string())
}

/// Every operation of the calls family: exact request, decoded response.
pub fn calls_operations<H: Harness>() {
    let (ctx, h) = setup::<H>();

    // GET /agents/calls: every filter, in the fixed order; `has_more` absent, `next_page` null,
    // a transcript (expand=transcript), nulls and unknown enum values.
    let mut full = call_json("ac_1");
    full["transcript"] = json!([
        {"role": "assistant", "text": "Hello! How can I help?", "start_timestamp": 0.0,
         "end_timestamp": 1.8, "tts_ttfb": 0.21, "stt_ttfb": null, "tool_calls": null,
         "text_chunks": [{"text": "Hello!", "start_timestamp": 0.05}], "vad_buffer_ms": 200},
        {"role": "user", "text": "Where is my order?", "start_timestamp": 2.0,
         "end_timestamp": 3.25, "stt_ttfb": 0.3,
         "tool_calls": [{"id": "tc_1", "name": "lookup_order", "arguments": {"order": "A1"},
                         "result": "shipped"}]}
    ]);
    full["telephony_account_type"] = json!("twilio");
    full["metadata"] = json!({"customer_id": "cust_123"});
    let odd = json!({
        "id": "ac_2", "agent_id": "agent_abc123", "status": "active",
        "end_reason": "voicemail_detected", "telephony_account_type": "vonage",
        "start_time": null, "end_time": null, "transcript": null, "telephony_params": null,
        "summary": null, "error_message": null, "deployment_id": null, "zdr_enabled": true,
        "brand_new_field": {"nested": [1, 2]}
    });
    let list = ListCalls::new()
        .agent_id("agent_abc123")
        .batch_id("acb 1")
        .start_time_gte(ts("2026-03-01T00:00:00Z"))
        .start_time_lte(ts("2026-03-02T01:00:00+01:00"))
        .with_transcript()
        .limit(10)
        .starting_after("ac_0")
        .ending_before("ac_9");
    let page1 = call_op(
        &ctx,
        &h,
        &list,
        Reply::json(
            200,
            json!({"data": [full, odd], "next_page": null}).to_string(),
        ),
        Expected::no_body(
            "GET",
            "/agents/calls?agent_id=agent_abc123&batch_id=acb%201\
             &start_time_gte=2026-03-01T00%3A00%3A00Z&start_time_lte=2026-03-02T00%3A00%3A00Z\
             &expand=transcript&limit=10&ending_before=ac_9",
        ),
    );
    assert_eq!(page1.has_more, None);
    assert_eq!(page1.next_page, None);
    assert_eq!(ids(&page1.data), ["ac_1", "ac_2"]);
    let c = &page1.data[0];
    assert_eq!(c.status, AgentCallStatus::Completed);
    assert_eq!(c.agent_name.as_deref(), Some("Customer support"));
    assert_eq!(c.start_time, Some(ts("2026-03-01T12:00:00Z")));
    assert_eq!(c.end_time, Some(ts("2026-03-01T12:05:00Z")));
    assert_eq!(c.end_reason, Some(EndReason::AgentHangup));
    assert_eq!(c.telephony_account_type, Some(TelephonyAccountType::Twilio));
    assert_eq!(c.metadata.as_ref(), Some(&metadata("cust_123")));
    let tp = c.telephony_params.as_ref().expect("telephony_params");
    assert_eq!(tp.to.as_deref(), Some("+14155559876"));
    assert_eq!(tp.from.as_deref(), Some("+14155551234"));
    assert_eq!(tp.connection_type, Some(ConnectionType::Phone));
    let t = c.transcript.as_ref().expect("transcript");
    assert_eq!(t.len(), 2);
    assert_eq!(t[0].role, TranscriptRole::Assistant);
    assert_eq!(t[0].end_timestamp, 1.8);
    assert_eq!(t[0].tts_ttfb, Some(0.21));
    assert_eq!(t[0].stt_ttfb, None);
    assert_eq!(t[0].vad_buffer_ms, Some(200));
    assert_eq!(t[0].text_chunks.as_ref().map(Vec::len), Some(1));
    assert_eq!(t[1].role, TranscriptRole::User);
    let tool = &t[1].tool_calls.as_ref().expect("tool_calls")[0];
    assert_eq!(tool.name, "lookup_order");
    assert_eq!(tool.arguments["order"], "A1");
    assert_eq!(tool.result.as_deref(), Some("shipped"));
    let o = &page1.data[1];
    assert_eq!(o.status, AgentCallStatus::Unknown("active".into()));
    assert_eq!(
        o.end_reason,
        Some(EndReason::Unknown("voicemail_detected".into()))
    );
    assert_eq!(
        o.telephony_account_type,
        Some(TelephonyAccountType::Unknown("vonage".into()))
    );
    assert_eq!(o.start_time, None);
    assert_eq!(o.telephony_params, None);
    assert_eq!(o.zdr_enabled, Some(true));

    // POST /agents/calls: the JSON body; a 200 mixing a placed call and a failed destination.
    let request = AgentOutboundCallRequest::new(
        "pn_abc123",
        "agent_abc123",
        vec![
            AgentOutboundCallItem::new("+14155559876").metadata(metadata("cust_123")),
            AgentOutboundCallItem::new("+1555"),
        ],
    )
    .ringing_timeout_seconds(30)
    .max_call_duration_minutes(15);
    let out = call_op(
        &ctx,
        &h,
        &CreateOutboundCall::new(request),
        Reply::json(
            200,
            json!({"calls": [
                {"number": "+14155559876", "agent_call_id": "ac_new"},
                {"number": "+1555", "error": {"message": "invalid E.164 number", "code": "invalid_number"}}
            ]})
            .to_string(),
        ),
        Expected::json(
            "POST",
            "/agents/calls",
            json!({
                "from_number_id": "pn_abc123",
                "agent_id": "agent_abc123",
                "outbound_calls": [
                    {"to_number": "+14155559876", "metadata": {"customer_id": "cust_123"}},
                    {"to_number": "+1555"}
                ],
                "ringing_timeout_seconds": 30,
                "max_call_duration_minutes": 15
            }),
        ),
    );
    assert_eq!(out.calls.len(), 2);
    assert_eq!(out.calls[0].number, "+14155559876");
    assert_eq!(out.calls[0].agent_call_id.as_deref(), Some("ac_new"));
    assert_eq!(out.calls[0].error, None);
    assert_eq!(out.calls[1].agent_call_id, None);
    let err = out.calls[1].error.as_ref().expect("error");
    assert_eq!(err["code"], "invalid_number");

    // GET /agents/calls/{call_id}: the id is one percent-encoded segment.
    let got = call_op(
        &ctx,
        &h,
        &GetCall::new("ac/1 x"),
        Reply::json(200, call_json("ac_abc123").to_string()),
        Expected::no_body("GET", "/agents/calls/ac%2F1%20x"),
    );
    assert_eq!(got.id, "ac_abc123");
    assert_eq!(got.agent_id, "agent_abc123");
    assert_eq!(
        got.summary.as_deref(),
        Some("Caller asked about return policy.")
    );
    assert_eq!(got.redacted_at, None);

    // DELETE /agents/calls/{call_id}: 200 with the redacted call (the spec's example).
    let redacted = call_op(
        &ctx,
        &h,
        &DeleteCall::new("ac_abc123"),
        Reply::json(
            200,
            json!({
                "id": "ac_abc123", "agent_id": "agent_abc123", "agent_name": "Customer support",
                "redacted_at": "2026-03-01T12:30:00Z", "start_time": "2026-03-01T12:00:00Z",
                "end_time": "2026-03-01T12:05:00Z",
                "telephony_params": {"call_sid": "sid_abc123", "connection_type": "websocket"},
                "status": "completed", "end_reason": "agent_hangup"
            })
            .to_string(),
        ),
        Expected::no_body("DELETE", "/agents/calls/ac_abc123"),
    );
    assert_eq!(redacted.redacted_at, Some(ts("2026-03-01T12:30:00Z")));
    assert_eq!(redacted.transcript, None);
    assert_eq!(redacted.summary, None);
    let tp = redacted.telephony_params.expect("telephony_params");
    assert_eq!(tp.connection_type, Some(ConnectionType::Websocket));
    assert_eq!(tp.call_sid.as_deref(), Some("sid_abc123"));
    assert_eq!(tp.to, None);

    // POST /agents/calls/{call_id}/cancel: no body sent; {cancelled: true}.
    let cancelled = call_op(
        &ctx,
        &h,
        &CancelCall::new("ac_abc123"),
        Reply::json(200, r#"{"cancelled":true}"#),
        Expected::no_body("POST", "/agents/calls/ac_abc123/cancel"),
    );
    assert!(cancelled.cancelled);

    // GET /agents/calls/{call_id}/logs.
    let logs = call_op(
        &ctx,
        &h,
        &GetCallLogs::new("ac_abc123"),
        Reply::json(
            200,
            json!({
                "call_id": "ac_abc123",
                "logs": ["INFO agent started", "INFO call ended"],
                "updated_at": "2026-03-01T12:06:00.5+00:00"
            })
            .to_string(),
        ),
        Expected::no_body("GET", "/agents/calls/ac_abc123/logs"),
    );
    assert_eq!(logs.call_id, "ac_abc123");
    assert_eq!(logs.logs, ["INFO agent started", "INFO call ended"]);
    assert_eq!(logs.updated_at, ts("2026-03-01T12:06:00.5Z"));

    // The logs 404 has its own body shape ({message, description}): still a typed API error.
    let before = ctx.received().len();
    let body = r#"{"message":"Call logs not available","description":"The logs were removed."}"#;
    ctx.reply(Reply::json(404, body));
    let err = h
        .run(&ctx, &GetCallLogs::new("ac_old"))
        .expect_err("404 is an error");
    let api = err
        .as_api()
        .unwrap_or_else(|| panic!("{}: {err:?}", H::NAME));
    assert_eq!(api.status(), 404);
    assert_eq!(api.message(), Some("Call logs not available"));
    assert_eq!(api.raw_body(), body.as_bytes());
    assert_eq!(paths_since(&ctx, before), ["/agents/calls/ac_old/logs"]);

    // A refused id never reaches the server.
    let before = ctx.received().len();
    let err = h.run(&ctx, &CancelCall::new("..")).expect_err("refused");
    assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
    assert_eq!(ctx.received().len(), before);

    calls_pagination::<H>();
}

/// `GET /agents/calls` through the pager: three pages with `has_more`, pages without it, and
/// an item limit.
fn calls_pagination<H: Harness>() {
    let (ctx, h) = setup::<H>();
    let first = || ListCalls::new().agent_id("agent_abc123").limit(2);

    // has_more: true, true, false.
    ctx.reply(page(call_json, &["c1", "c2"], Some(true)));
    ctx.reply(page(call_json, &["c3", "c4"], Some(true)));
    ctx.reply(page(call_json, &["c5"], Some(false)));
    let all = h
        .collect_pages(&ctx, first(), None)
        .unwrap_or_else(|e| panic!("{}: {e}", H::NAME));
    assert_eq!(ids(&all), ["c1", "c2", "c3", "c4", "c5"]);
    assert!(all.iter().all(|c| c.status == AgentCallStatus::Completed));
    assert_eq!(
        paths_since(&ctx, 0),
        [
            "/agents/calls?agent_id=agent_abc123&limit=2",
            "/agents/calls?agent_id=agent_abc123&limit=2&starting_after=c2",
            "/agents/calls?agent_id=agent_abc123&limit=2&starting_after=c4",
        ]
    );

    // No has_more (the 2026-03-01 Stainless shape): paging stops on an empty page.
    let before = ctx.received().len();
    ctx.reply(page(call_json, &["c1", "c2"], None));
    ctx.reply(page(call_json, &["c3"], None));
    ctx.reply(page(call_json, &[], None));
    let all = h
        .collect_pages(&ctx, first(), None)
        .unwrap_or_else(|e| panic!("{}: {e}", H::NAME));
    assert_eq!(ids(&all), ["c1", "c2", "c3"]);
    assert_eq!(
        paths_since(&ctx, before),
        [
            "/agents/calls?agent_id=agent_abc123&limit=2",
            "/agents/calls?agent_id=agent_abc123&limit=2&starting_after=c2",
            "/agents/calls?agent_id=agent_abc123&limit=2&starting_after=c3",
        ]
    );

    // max_items: the second page is cut and no third request is made; a first request that
    // ends before a cursor pages forward from the last item instead.
    let before = ctx.received().len();
    ctx.reply(page(call_json, &["c1", "c2"], Some(true)));
    ctx.reply(page(call_json, &["c3", "c4"], Some(true)));
    let all = h
        .collect_pages(&ctx, first().ending_before("c0"), Some(3))
        .unwrap_or_else(|e| panic!("{}: {e}", H::NAME));
    assert_eq!(ids(&all), ["c1", "c2", "c3"]);
    assert_eq!(
        paths_since(&ctx, before),
        [
            "/agents/calls?agent_id=agent_abc123&limit=2&ending_before=c0",
            "/agents/calls?agent_id=agent_abc123&limit=2&starting_after=c2",
        ]
    );

    // An error on the second page ends paging with that error.
    let before = ctx.received().len();
    ctx.reply(page(call_json, &["c1", "c2"], Some(true)));
    ctx.reply(Reply::json(
        400,
        r#"{"error_code":null,"title":"Bad Request","message":"invalid cursor","request_id":"r1"}"#,
    ));
    let err = h
        .collect_pages(&ctx, first(), None)
        .expect_err("the 400 surfaces");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400), "{err:?}");
    assert_eq!(ctx.received().len() - before, 2);
}

/// Every operation of the call batches family: exact request, decoded response.
pub fn call_batches_operations<H: Harness>() {
    let (ctx, h) = setup::<H>();

    // POST /agents/calls/batches: every field of the body; 201 with the batch.
    let request = AgentCallBatchRequest::new(
        "March renewals",
        "agent_abc123",
        "pn_abc123",
        vec![
            AgentOutboundCallItem::new("+14155550001").metadata(metadata("cust_1")),
            AgentOutboundCallItem::new("+14155550002"),
        ],
    )
    .target_concurrency_limit(5)
    .ringing_timeout_seconds(45)
    .max_call_duration_minutes(30)
    .scheduled_at(ts("2026-06-15T18:00:00+02:00"))
    .region(CallBatchRegion::Eu);
    let mut created_json = batch_json("acb_abc123");
    created_json["status"] = json!("pending");
    created_json["region"] = json!("EU");
    created_json["total_calls_dispatched"] = json!(0);
    created_json["total_calls_finished"] = json!(0);
    created_json["scheduled_at"] = json!("2026-06-15T16:00:00Z");
    let created = call_op(
        &ctx,
        &h,
        &CreateCallBatch::new(request),
        Reply::json(201, created_json.to_string()),
        Expected::json(
            "POST",
            "/agents/calls/batches",
            json!({
                "name": "March renewals",
                "agent_id": "agent_abc123",
                "from_number_id": "pn_abc123",
                "recipients": [
                    {"to_number": "+14155550001", "metadata": {"customer_id": "cust_1"}},
                    {"to_number": "+14155550002"}
                ],
                "target_concurrency_limit": 5,
                "ringing_timeout_seconds": 45,
                "max_call_duration_minutes": 30,
                "scheduled_at": "2026-06-15T16:00:00Z",
                "region": "EU"
            }),
        ),
    );
    assert_eq!(created.id, "acb_abc123");
    assert_eq!(created.name, "March renewals");
    assert_eq!(created.agent_id, "agent_abc123");
    assert_eq!(created.from_number_id, "pn_abc123");
    assert_eq!(created.region, CallBatchRegion::Eu);
    assert_eq!(created.status, AgentCallBatchStatus::Pending);
    assert_eq!(created.target_concurrency_limit, 5);
    assert_eq!(created.total_calls_scheduled, 2);
    assert_eq!(created.total_calls_dispatched, 0);
    assert_eq!(created.created_at, ts("2026-03-01T12:00:00Z"));
    assert_eq!(
        created.last_updated_at.to_string(),
        "2026-03-01T12:10:00.961874Z"
    );
    assert_eq!(created.scheduled_at, Some(ts("2026-06-15T16:00:00Z")));
    assert_eq!(created.admitted_at, None);
    assert_eq!(created.recipients, None);

    // GET /agents/calls/batches: filter and cursors in the fixed order; unknown values kept.
    let mut odd = batch_json("acb_2");
    odd["status"] = json!("paused");
    odd["region"] = json!("LATAM");
    odd["retry_count"] = json!(2);
    let list = call_op(
        &ctx,
        &h,
        &ListCallBatches::new()
            .ending_before("acb_9")
            .starting_after("acb_0")
            .limit(20)
            .agent_id("agent abc"),
        Reply::json(
            200,
            json!({"data": [batch_json("acb_1"), odd], "has_more": false, "next_page": "acb_2"})
                .to_string(),
        ),
        Expected::no_body(
            "GET",
            "/agents/calls/batches?agent_id=agent%20abc&limit=20&starting_after=acb_0",
        ),
    );
    assert_eq!(list.has_more, Some(false));
    assert_eq!(list.next_page.as_deref(), Some("acb_2"));
    assert_eq!(ids(&list.data), ["acb_1", "acb_2"]);
    assert_eq!(list.data[0].status, AgentCallBatchStatus::InProgress);
    assert_eq!(list.data[0].region, CallBatchRegion::Us);
    assert_eq!(
        list.data[1].status,
        AgentCallBatchStatus::Unknown("paused".into())
    );
    assert_eq!(
        list.data[1].region,
        CallBatchRegion::Unknown("LATAM".into())
    );
    assert_eq!(list.data[1].retry_count, 2);

    // GET /agents/calls/batches/{batch_id}: with recipients.
    let mut detail = batch_json("acb_abc123");
    detail["admitted_at"] = json!("2026-03-01T12:00:05Z");
    detail["recipients"] = json!([
        {"id": "r1", "to_number": "+14155550001", "status": "completed",
         "agent_call_id": "ac_1", "end_reason": "client_hangup",
         "metadata": {"customer_id": "cust_1"}, "created_at": "2026-03-01T12:00:00Z"},
        {"id": "r2", "to_number": "+14155550002", "status": "failed",
         "error_message": "number unreachable", "created_at": "2026-03-01T12:00:00Z"},
        {"id": "r3", "to_number": "+14155550003", "status": "ringing",
         "created_at": "2026-03-01T12:00:00.5Z"}
    ]);
    let got = call_op(
        &ctx,
        &h,
        &GetCallBatch::new("acb/abc 123"),
        Reply::json(200, detail.to_string()),
        Expected::no_body("GET", "/agents/calls/batches/acb%2Fabc%20123"),
    );
    assert_eq!(got.admitted_at, Some(ts("2026-03-01T12:00:05Z")));
    let r = got.recipients.as_ref().expect("recipients");
    assert_eq!(r.len(), 3);
    assert_eq!(r[0].id, "r1");
    assert_eq!(r[0].to_number, "+14155550001");
    assert_eq!(r[0].status, AgentCallBatchRecipientStatus::Completed);
    assert_eq!(r[0].agent_call_id.as_deref(), Some("ac_1"));
    assert_eq!(r[0].end_reason, Some(EndReason::ClientHangup));
    assert_eq!(r[0].metadata.as_ref(), Some(&metadata("cust_1")));
    assert_eq!(r[1].status, AgentCallBatchRecipientStatus::Failed);
    assert_eq!(r[1].error_message.as_deref(), Some("number unreachable"));
    assert_eq!(r[1].agent_call_id, None);
    assert_eq!(
        r[2].status,
        AgentCallBatchRecipientStatus::Unknown("ringing".into())
    );
    assert_eq!(r[2].created_at, ts("2026-03-01T12:00:00.5Z"));

    // POST .../cancel: no body; the cancelled batch.
    let mut cancelled_json = batch_json("acb_abc123");
    cancelled_json["status"] = json!("cancelled");
    let cancelled = call_op(
        &ctx,
        &h,
        &CancelCallBatch::new("acb_abc123"),
        Reply::json(200, cancelled_json.to_string()),
        Expected::no_body("POST", "/agents/calls/batches/acb_abc123/cancel"),
    );
    assert_eq!(cancelled.status, AgentCallBatchStatus::Cancelled);

    // POST .../retry: no body; the batch with its retry counted.
    let mut retried_json = batch_json("acb_abc123");
    retried_json["retry_count"] = json!(1);
    let retried = call_op(
        &ctx,
        &h,
        &RetryCallBatch::new("acb_abc123"),
        Reply::json(200, retried_json.to_string()),
        Expected::no_body("POST", "/agents/calls/batches/acb_abc123/retry"),
    );
    assert_eq!(retried.retry_count, 1);
    assert_eq!(retried.status, AgentCallBatchStatus::InProgress);

    // A refused id never reaches the server.
    let before = ctx.received().len();
    let err = h.run(&ctx, &RetryCallBatch::new("")).expect_err("refused");
    assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
    assert_eq!(ctx.received().len(), before);

    call_batches_pagination::<H>();
}

/// `GET /agents/calls/batches` through the pager.
fn call_batches_pagination<H: Harness>() {
    let (ctx, h) = setup::<H>();
    let first = || ListCallBatches::new().limit(2);

    // has_more: true, true, false.
    ctx.reply(page(batch_json, &["b1", "b2"], Some(true)));
    ctx.reply(page(batch_json, &["b3", "b4"], Some(true)));
    ctx.reply(page(batch_json, &["b5"], Some(false)));
    let all = h
        .collect_pages(&ctx, first(), None)
        .unwrap_or_else(|e| panic!("{}: {e}", H::NAME));
    assert_eq!(ids(&all), ["b1", "b2", "b3", "b4", "b5"]);
    assert!(all.iter().all(|b| b.name == "March renewals"));
    assert_eq!(
        paths_since(&ctx, 0),
        [
            "/agents/calls/batches?limit=2",
            "/agents/calls/batches?limit=2&starting_after=b2",
            "/agents/calls/batches?limit=2&starting_after=b4",
        ]
    );

    // No has_more: stops on an empty page.
    let before = ctx.received().len();
    ctx.reply(page(batch_json, &["b1", "b2"], None));
    ctx.reply(page(batch_json, &[], None));
    let all = h
        .collect_pages(&ctx, first().agent_id("agent_abc123"), None)
        .unwrap_or_else(|e| panic!("{}: {e}", H::NAME));
    assert_eq!(ids(&all), ["b1", "b2"]);
    assert_eq!(
        paths_since(&ctx, before),
        [
            "/agents/calls/batches?agent_id=agent_abc123&limit=2",
            "/agents/calls/batches?agent_id=agent_abc123&limit=2&starting_after=b2",
        ]
    );

    // max_items: cut inside the second page, no third request.
    let before = ctx.received().len();
    ctx.reply(page(batch_json, &["b1", "b2"], Some(true)));
    ctx.reply(page(batch_json, &["b3", "b4"], Some(true)));
    let all = h
        .collect_pages(&ctx, first(), Some(3))
        .unwrap_or_else(|e| panic!("{}: {e}", H::NAME));
    assert_eq!(ids(&all), ["b1", "b2", "b3"]);
    assert_eq!(
        paths_since(&ctx, before),
        [
            "/agents/calls/batches?limit=2",
            "/agents/calls/batches?limit=2&starting_after=b2",
        ]
    );

    // max_items reached exactly at a page end: no extra request either.
    let before = ctx.received().len();
    ctx.reply(page(batch_json, &["b1", "b2"], Some(true)));
    let all = h
        .collect_pages(&ctx, first(), Some(2))
        .unwrap_or_else(|e| panic!("{}: {e}", H::NAME));
    assert_eq!(ids(&all), ["b1", "b2"]);
    assert_eq!(paths_since(&ctx, before), ["/agents/calls/batches?limit=2"]);
}
