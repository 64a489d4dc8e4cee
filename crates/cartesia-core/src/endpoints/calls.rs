//! Endpoints of the Agents API: calls and call batches.
//!
//! Every path parameter goes through [`UrlWriter::push_segment`](crate::endpoint::UrlWriter::push_segment):
//! an empty id, one with control characters, and `.` or `..` are refused before any I/O. Query
//! parameters are written in a fixed order (filters, then `limit`, `starting_after`,
//! `ending_before`).

use cartesia_types::calls::{
    AgentCall, AgentCallBatch, AgentCallBatchRequest, AgentCallLogs, AgentOutboundCallRequest,
    AgentOutboundCallResponse, CancelCallResponse,
};
use cartesia_types::{Page, Timestamp};

use super::declare::endpoints;
use crate::resources::{AsyncCallBatches, AsyncCalls, BlockingCallBatches, BlockingCalls};
#[cfg(test)]
use crate::{endpoint::Endpoint, error::Error};

endpoints! {
    #[derive(Debug, Clone, PartialEq)]

    impl AsyncCalls, BlockingCalls {
        /// one page of calls, newest first.
        ///
        /// The API needs one of [`agent_id`](ListCalls::agent_id) or [`batch_id`](ListCalls::batch_id) (the
        /// 2026-03-01 docs list `agent_id` as required; `batch_id` and the time filters come from newer
        /// docs). Page through every call with `client.pages(..)` or `calls().list_all(..)`: the pager
        /// follows `starting_after=<id of the last call>` and, since this endpoint may omit
        /// `has_more`, stops on an empty page.
        ListCalls = "agents_list-calls" GET ["/agents/calls"] -> Page<AgentCall> => request list, pages list_all {
            query {
                /// Only the calls of this agent. Required unless `batch_id` is given.
                agent_id: str,
                /// Only the calls placed for this outbound call batch (one entry per call attempt).
                /// Required unless `agent_id` is given.
                batch_id: str,
                /// Only calls that started at or after this time (inclusive).
                start_time_gte: opt Timestamp,
                /// Only calls that started at or before this time (inclusive).
                start_time_lte: opt Timestamp,
                /// Expands a field of each call (`expand=<field>`); the only supported value is
                /// `transcript`, see [`with_transcript`](Self::with_transcript).
                expand: str,
            }
            cursor [limit starting_after ending_before] "call" => AgentCall;
        }

        /// places outbound calls from an agent phone number, one per destination.
        ///
        /// Answers 200 even when some destinations fail: check each result's `error`. Not retried after
        /// a timeout (a replay could dial twice).
        CreateOutboundCall = "agents_create-outbound-call" POST ["/agents/calls"] -> AgentOutboundCallResponse
            => method create_outbound {
            json body: AgentOutboundCallRequest;
        }

        /// one call.
        GetCall = "agents_get-call" GET ["/agents/calls/" {call_id: String, except &["batches"]}] -> AgentCall
            => method get;

        /// deletes the sensitive data of a completed or failed call (transcript, audio, logs) and
        /// returns the redacted call, with `redacted_at` set. Cannot be undone; idempotent.
        DeleteCall = "agents_delete-call" DELETE ["/agents/calls/" {call_id: String, except &["batches"]}] -> AgentCall
            => method delete;

        /// ends a call in the `started` status; the call ends with `end_reason` `api_cancelled`. Its
        /// data is kept.
        CancelCall = "agents_cancel-call" POST
            ["/agents/calls/" {call_id: String, except &["batches"]} "/cancel"] -> CancelCallResponse => method cancel;

        /// the runtime logs the agent's code produced during a call.
        ///
        /// A 404 here may carry `{message, description}` instead of the usual error body; it is still
        /// an [`Error::Api`](crate::Error::Api) with the message and the raw body.
        GetCallLogs = "agents_get-call-logs" GET
            ["/agents/calls/" {call_id: String, except &["batches"]} "/logs"] -> AgentCallLogs => method logs;
    }

    impl AsyncCallBatches, BlockingCallBatches {
        /// queues a batch of outbound calls; answers 201 with the batch. Not retried after a timeout.
        CreateCallBatch = "agents_create-call-batch" POST ["/agents/calls/batches"] -> AgentCallBatch => method create {
            json body: AgentCallBatchRequest;
        }

        /// one page of call batches, newest first. Listed batches carry no `recipients`.
        ListCallBatches = "agents_list-call-batches" GET ["/agents/calls/batches"] -> Page<AgentCallBatch>
            => request list, pages list_all {
            query {
                /// Only the batches of this agent.
                agent_id: str,
            }
            cursor [limit starting_after ending_before] "batch" => AgentCallBatch;
        }

        /// one batch with the status of each recipient.
        GetCallBatch = "agents_get-call-batch" GET ["/agents/calls/batches/" {batch_id: String}] -> AgentCallBatch
            => method get;

        /// stops dialing the batch's queued calls; calls in flight finish. Idempotent on the server,
        /// but a POST: not replayed after a timeout.
        CancelCallBatch = "agents_cancel-call-batch" POST
            ["/agents/calls/batches/" {batch_id: String} "/cancel"] -> AgentCallBatch => method cancel;

        /// re-queues the recipients whose latest call attempt failed or went unanswered. A cancelled
        /// batch cannot be retried (400).
        RetryCallBatch = "agents_retry-call-batch" POST
            ["/agents/calls/batches/" {batch_id: String} "/retry"] -> AgentCallBatch => method retry;
    }
}

impl ListCalls {
    /// Includes each call's transcript (`expand=transcript`).
    pub fn with_transcript(self) -> Self {
        self.expand("transcript")
    }
}

#[cfg(test)]
mod tests {

    use cartesia_types::calls::{
        AgentCallBatchRecipientStatus, AgentCallBatchStatus, AgentCallStatus,
        AgentOutboundCallItem, CallBatchRegion, ConnectionType, EndReason, TelephonyAccountType,
    };
    use cartesia_types::JsonMap;

    use serde_json::json;

    use super::*;
    use crate::endpoints::steps::{json, page, refused, requests, resource_steps, with_ids};
    use crate::pager::CursorPager;
    use crate::pipeline::complete;
    use crate::test_support::{build, response as respond, ts};

    /// The example of `DELETE /agents/calls/{call_id}` in the OpenAPI document.
    const REDACTED_CALL: &str = r#"{"id":"ac_abc123","agent_id":"agent_abc123","agent_name":"Customer support",
        "redacted_at":"2026-03-01T12:30:00Z","start_time":"2026-03-01T12:00:00Z","end_time":"2026-03-01T12:05:00Z",
        "telephony_params":{"call_sid":"sid_abc123","connection_type":"websocket"},
        "status":"completed","end_reason":"agent_hangup"}"#;

    const BATCH: &str = r#"{"id":"acb_abc123","name":"Renewals","agent_id":"agent_abc123","from_number_id":"pn_1",
        "region":"US","target_concurrency_limit":10,"status":"pending","total_calls_scheduled":2,
        "total_calls_dispatched":0,"total_calls_finished":0,"retry_count":0,
        "created_at":"2026-03-01T12:00:00Z","last_updated_at":"2026-03-01T12:00:00.250Z",
        "scheduled_at":"2026-03-02T09:00:00Z"}"#;

    #[test]
    fn list_calls_request() {
        let all = ListCalls::new()
            .ending_before("c0")
            .starting_after("c 9")
            .limit(50)
            .with_transcript()
            .start_time_lte(ts("2026-03-02T00:00:00Z"))
            .start_time_gte(ts("2026-03-01T02:00:00+02:00"))
            .batch_id("acb_1")
            .agent_id("agent/1");
        requests! {
            ListCalls::new() => "GET /agents/calls";
            all => "GET /agents/calls?agent_id=agent%2F1&batch_id=acb_1\
                    &start_time_gte=2026-03-01T00%3A00%3A00Z&start_time_lte=2026-03-02T00%3A00%3A00Z\
                    &expand=transcript&limit=50&starting_after=c%209";
            ListCalls::new().agent_id("a").limit(2) => "GET /agents/calls?agent_id=a&limit=2";
        }
        assert!(ListCalls::new().idempotent());
    }

    #[test]
    fn create_outbound_call_request() {
        let mut md = JsonMap::new();
        md.insert("customer_id".into(), json!("cust_123"));
        let ep = CreateOutboundCall::new(
            AgentOutboundCallRequest::new(
                "pn_1",
                "agent_1",
                vec![
                    AgentOutboundCallItem::new("+14155559876").metadata(md),
                    AgentOutboundCallItem::new("+14155559877"),
                ],
            )
            .ringing_timeout_seconds(20),
        );
        requests! {
            ep => "POST /agents/calls", json!({
                "from_number_id": "pn_1", "agent_id": "agent_1",
                "outbound_calls": [
                    {"to_number": "+14155559876", "metadata": {"customer_id": "cust_123"}},
                    {"to_number": "+14155559877"}
                ],
                "ringing_timeout_seconds": 20
            });
        }
        assert!(!ep.idempotent(), "placing calls must not be replayed");
    }

    #[test]
    fn call_id_requests() {
        requests! {
            GetCall::new("ac_1") => "GET /agents/calls/ac_1";
            DeleteCall::new("ac_1") => "DELETE /agents/calls/ac_1";
            CancelCall::new("ac_1") => "POST /agents/calls/ac_1/cancel";
            GetCallLogs::new("ac_1") => "GET /agents/calls/ac_1/logs";
        }
        assert!(GetCall::new("x").idempotent());
        assert!(DeleteCall::new("x").idempotent());
        assert!(!CancelCall::new("x").idempotent());
        assert!(GetCallLogs::new("x").idempotent());
    }

    #[test]
    fn batch_requests() {
        let ep = CreateCallBatch::new(
            AgentCallBatchRequest::new(
                "Renewals",
                "agent_1",
                "pn_1",
                vec![AgentOutboundCallItem::new("+14155550001")],
            )
            .region(CallBatchRegion::Apac)
            .max_call_duration_minutes(30),
        );
        let filtered = ListCallBatches::new()
            .ending_before("b0")
            .starting_after("b1")
            .limit(3)
            .agent_id("agent_1");
        requests! {
            ep => "POST /agents/calls/batches", json!({
                "name": "Renewals", "agent_id": "agent_1", "from_number_id": "pn_1",
                "recipients": [{"to_number": "+14155550001"}],
                "region": "APAC", "max_call_duration_minutes": 30
            });
            ListCallBatches::new() => "GET /agents/calls/batches";
            filtered => "GET /agents/calls/batches?agent_id=agent_1&limit=3&starting_after=b1";
            GetCallBatch::new("acb_1") => "GET /agents/calls/batches/acb_1";
            CancelCallBatch::new("acb_1") => "POST /agents/calls/batches/acb_1/cancel";
            RetryCallBatch::new("acb_1") => "POST /agents/calls/batches/acb_1/retry";
        }
        assert!(!ep.idempotent());
        assert!(!CancelCallBatch::new("b").idempotent());
        assert!(!RetryCallBatch::new("b").idempotent());
    }

    #[test]
    fn ids_are_one_encoded_segment_and_bad_ids_are_refused() {
        requests! {
            GetCall::new("a/../b?c") => "GET /agents/calls/a%2F..%2Fb%3Fc";
            RetryCallBatch::new("b#1") => "POST /agents/calls/batches/b%231/retry";
        }
        for bad in ["", ".", "..", "a\nb"] {
            refused(
                bad,
                [
                    ("call_id", build(&GetCall::new(bad))),
                    ("call_id", build(&DeleteCall::new(bad))),
                    ("call_id", build(&CancelCall::new(bad))),
                    ("call_id", build(&GetCallLogs::new(bad))),
                    ("batch_id", build(&GetCallBatch::new(bad))),
                    ("batch_id", build(&CancelCallBatch::new(bad))),
                    ("batch_id", build(&RetryCallBatch::new(bad))),
                ],
            );
        }
    }

    #[test]
    fn decodes_a_calls_page_with_nulls_and_unknown_values() {
        let body = r#"{"data":[
            {"id":"ac_1","agent_id":"agent_1","status":"completed","start_time":"2026-03-01T12:00:00.961874Z",
             "end_time":null,"transcript":null,"summary":null,"end_reason":null,"telephony_params":null,
             "telephony_account_type":"twilio","deployment_id":null},
            {"id":"ac_2","agent_id":"agent_1","status":"active","end_reason":"voicemail_detected",
             "telephony_account_type":"carrier_pigeon","brand_new_field":[1,2,3]}
        ],"next_page":null}"#;
        let page = complete(&ListCalls::new(), respond(200, body)).unwrap();
        assert_eq!(
            page.has_more, None,
            "has_more may be absent on this endpoint"
        );
        assert_eq!(page.next_page, None);
        assert_eq!(page.data.len(), 2);
        let a = &page.data[0];
        assert_eq!(a.status, AgentCallStatus::Completed);
        assert_eq!(
            a.start_time.map(|t| t.to_string()).as_deref(),
            Some("2026-03-01T12:00:00.961874Z")
        );
        assert_eq!((a.end_time, a.end_reason.as_ref()), (None, None));
        assert_eq!(a.telephony_account_type, Some(TelephonyAccountType::Twilio));
        let b = &page.data[1];
        assert_eq!(b.status, AgentCallStatus::Unknown("active".into()));
        assert_eq!(
            b.end_reason,
            Some(EndReason::Unknown("voicemail_detected".into()))
        );
        assert_eq!(
            b.telephony_account_type,
            Some(TelephonyAccountType::Unknown("carrier_pigeon".into()))
        );
    }

    #[test]
    fn decodes_the_redacted_call_example() {
        let call = complete(&DeleteCall::new("ac_abc123"), respond(200, REDACTED_CALL)).unwrap();
        assert_eq!(call.id, "ac_abc123");
        assert_eq!(call.redacted_at, Some(ts("2026-03-01T12:30:00Z")));
        assert_eq!(call.transcript, None);
        assert_eq!(call.summary, None);
        assert_eq!(call.end_reason, Some(EndReason::AgentHangup));
        let t = call.telephony_params.unwrap();
        assert_eq!(t.connection_type, Some(ConnectionType::Websocket));
        assert_eq!((t.to, t.from), (None, None));
        // The same body through GET.
        let got = complete(&GetCall::new("ac_abc123"), respond(200, REDACTED_CALL)).unwrap();
        assert_eq!(got.agent_name.as_deref(), Some("Customer support"));
    }

    #[test]
    fn decodes_outbound_cancel_and_logs_answers() {
        let ep = CreateOutboundCall::new(AgentOutboundCallRequest::new("pn", "a", vec![]));
        let out = complete(
            &ep,
            respond(
                200,
                r#"{"calls":[{"number":"+14155559876","agent_call_id":"ac_1"},
                    {"number":"+1","error":{"message":"invalid E.164 number"}}]}"#,
            ),
        )
        .unwrap();
        assert_eq!(out.calls[0].agent_call_id.as_deref(), Some("ac_1"));
        assert_eq!(
            out.calls[1].error.as_ref().unwrap()["message"],
            "invalid E.164 number"
        );
        let c = complete(
            &CancelCall::new("ac_1"),
            respond(200, r#"{"cancelled":true}"#),
        )
        .unwrap();
        assert!(c.cancelled);
        let logs = complete(
            &GetCallLogs::new("ac_1"),
            respond(
                200,
                r#"{"call_id":"ac_1","logs":["boot","hangup"],"updated_at":"2026-03-01T12:06:00Z"}"#,
            ),
        )
        .unwrap();
        assert_eq!(logs.call_id, "ac_1");
        assert_eq!(logs.logs, vec!["boot", "hangup"]);
        assert_eq!(logs.updated_at, ts("2026-03-01T12:06:00Z"));
    }

    #[test]
    fn call_logs_404_with_its_own_body_shape_is_an_api_error() {
        let body = r#"{"message":"Call logs not available","description":"Logs were removed by retention."}"#;
        let err = complete(&GetCallLogs::new("ac_1"), respond(404, body)).unwrap_err();
        let api = err.as_api().expect("an API error");
        assert_eq!(api.status(), 404);
        assert_eq!(api.message(), Some("Call logs not available"));
        assert_eq!(api.raw_body(), body.as_bytes());
    }

    #[test]
    fn decodes_batches_from_any_2xx() {
        let body = BATCH.replace(
            r#""scheduled_at""#,
            r#""recipients":[{"id":"r1","to_number":"+14155550001","status":"queued","created_at":"2026-03-01T12:00:00Z","metadata":{"k":"v"}},
               {"id":"r2","to_number":"+14155550002","status":"voicemail","created_at":"2026-03-01T12:00:00Z","end_reason":"dial_busy"}],
               "scheduled_at""#,
        );
        let create = CreateCallBatch::new(AgentCallBatchRequest::new("n", "a", "pn", vec![]));
        let b = complete(&create, respond(201, BATCH)).unwrap();
        assert_eq!(b.id, "acb_abc123");
        assert_eq!(b.status, AgentCallBatchStatus::Pending);
        assert_eq!(b.region, CallBatchRegion::Us);
        assert_eq!(b.target_concurrency_limit, 10);
        assert_eq!(b.scheduled_at, Some(ts("2026-03-02T09:00:00Z")));
        assert_eq!(b.admitted_at, None);
        assert_eq!(b.recipients, None);
        for ep in [
            &GetCallBatch::new("acb_abc123") as &dyn Endpoint<Output = AgentCallBatch>,
            &CancelCallBatch::new("acb_abc123"),
            &RetryCallBatch::new("acb_abc123"),
        ] {
            let b = complete(ep, respond(200, &body)).unwrap();
            let r = b.recipients.expect("recipients");
            assert_eq!(r[0].status, AgentCallBatchRecipientStatus::Queued);
            assert_eq!(r[0].metadata.as_ref().unwrap()["k"], "v");
            assert_eq!(
                r[1].status,
                AgentCallBatchRecipientStatus::Unknown("voicemail".into())
            );
            assert_eq!(r[1].end_reason, Some(EndReason::DialBusy));
        }
        let page = complete(
            &ListCallBatches::new(),
            respond(200, &format!(r#"{{"data":[{BATCH}],"has_more":false}}"#)),
        )
        .unwrap();
        assert_eq!(page.has_more, Some(false));
        assert_eq!(page.data[0].id, "acb_abc123");
    }

    #[test]
    fn bad_bodies_are_decode_errors_naming_the_path() {
        let bad_status = r#"{"data":[{"id":"c","agent_id":"a","status":7}],"has_more":false}"#;
        match complete(&ListCalls::new(), respond(200, bad_status)) {
            Err(Error::Decode(d)) => assert_eq!(d.path(), "data[0].status"),
            other => panic!("{other:?}"),
        }
        let bad_time = BATCH.replace("2026-03-01T12:00:00Z", "yesterday");
        match complete(&GetCallBatch::new("b"), respond(200, &bad_time)) {
            Err(Error::Decode(d)) => assert_eq!(d.path(), "created_at"),
            other => panic!("{other:?}"),
        }
        for body in ["", "not json", "[]", r#"{"cancelled":"yes"}"#] {
            assert!(
                matches!(
                    complete(&CancelCall::new("c"), respond(200, body)),
                    Err(Error::Decode(_))
                ),
                "{body:?}"
            );
        }
    }

    #[test]
    fn calls_pager_follows_the_last_id_and_clears_ending_before() {
        let call = |id: &str| AgentCall::new(id, "a", AgentCallStatus::Completed);
        let first = ListCalls::new().agent_id("a").limit(2).ending_before("z");
        let mut p = CursorPager::new(first.clone());
        assert_eq!(p.next_request(), Some(&first));
        p.on_page(&mut Page::new(vec![call("c1"), call("c2")], None))
            .unwrap();
        let second = ListCalls::new().agent_id("a").limit(2).starting_after("c2");
        assert_eq!(p.next_request(), Some(&second));
        requests! {
            *p.next_request().unwrap() => "GET /agents/calls?agent_id=a&limit=2&starting_after=c2";
        }
        p.on_page(&mut Page::new(vec![call("c3")], Some(true)))
            .unwrap();
        assert_eq!(
            p.next_request(),
            Some(&ListCalls::new().agent_id("a").limit(2).starting_after("c3"))
        );
        // No has_more: an empty page ends the list.
        p.on_page(&mut Page::new(vec![], None)).unwrap();
        assert_eq!(p.next_request(), None);
    }

    #[test]
    fn batches_pager_stops_on_has_more_false_and_max_items() {
        let batch: AgentCallBatch = serde_json::from_str(BATCH).unwrap();
        let with_id = |id: &str| {
            let mut b = batch.clone();
            b.id = id.to_owned();
            b
        };
        let mut p = CursorPager::new(ListCallBatches::new().limit(2));
        p.on_page(&mut Page::new(
            vec![with_id("b1"), with_id("b2")],
            Some(true),
        ))
        .unwrap();
        assert_eq!(
            p.next_request(),
            Some(&ListCallBatches::new().limit(2).starting_after("b2"))
        );
        p.on_page(&mut Page::new(vec![with_id("b3")], Some(false)))
            .unwrap();
        assert_eq!(p.next_request(), None);

        let mut p = CursorPager::new(ListCallBatches::new().limit(2)).max_items(3);
        p.on_page(&mut Page::new(
            vec![with_id("b1"), with_id("b2")],
            Some(true),
        ))
        .unwrap();
        let mut second = Page::new(vec![with_id("b3"), with_id("b4")], Some(true));
        p.on_page(&mut second).unwrap();
        assert_eq!(second.data.len(), 1);
        assert_eq!(second.data[0].id, "b3");
        assert_eq!(p.next_request(), None);
    }

    #[test]
    fn call_audio_is_not_listed_here() {
        // That each operation is listed once is checked over the whole catalog
        // (`endpoints::tests::catalog_lists_each_operation_once`).
        assert!(
            OPERATIONS.iter().all(|o| !o.path.ends_with("/audio")),
            "call audio belongs to endpoints::call_audio"
        );
    }

    const CALL_JSON: &str = r#"{"id":"ac_1","agent_id":"agent_1","status":"completed"}"#;

    /// A page of calls with these ids.
    fn call_page(ids: &[&str], more: bool) -> String {
        page(with_ids(CALL_JSON, "ac_1", ids), more)
    }

    fn outbound() -> AgentOutboundCallRequest {
        AgentOutboundCallRequest::new("pn", "a", vec![AgentOutboundCallItem::new("+1")])
    }

    fn new_batch() -> AgentCallBatchRequest {
        AgentCallBatchRequest::new("n", "a", "pn", vec![AgentOutboundCallItem::new("+1")])
    }

    resource_steps! {
        |client| {
            let calls = client.agents().calls();
            let batches = calls.batches();
        }
        pages calls.list, list_all(ListCalls::new().agent_id("a 1").limit(2))
            of call_page ["ac_1", "ac_2"] ["ac_3"]
            sends [
                "/agents/calls?agent_id=a%201&limit=2",
                "/agents/calls?agent_id=a%201&limit=2&starting_after=ac_2",
            ];
        run calls.create_outbound(outbound());
            replies [json(200, r#"{"calls":[{"number":"+1","agent_call_id":"ac_9"}]}"#)]
            sends [(
                "POST",
                "/agents/calls",
                r#"{"from_number_id":"pn","agent_id":"a","outbound_calls":[{"to_number":"+1"}]}"#,
            )]
            => |out| assert_eq!(out.unwrap().calls[0].agent_call_id.as_deref(), Some("ac_9"));
        run calls.get("ac/1");
            replies [json(200, CALL_JSON)]
            sends [("GET", "/agents/calls/ac%2F1", "")]
            => |got| assert_eq!(got.unwrap().id, "ac_1");
        run calls.delete("ac/1");
            replies [json(200, REDACTED_CALL)]
            sends [("DELETE", "/agents/calls/ac%2F1", "")]
            => |redacted| assert!(redacted.unwrap().redacted_at.is_some());
        run calls.cancel("ac/1");
            replies [json(200, r#"{"cancelled":true}"#)]
            sends [("POST", "/agents/calls/ac%2F1/cancel", "")]
            => |cancelled| assert!(cancelled.unwrap().cancelled);
        run calls.logs("ac/1");
            replies [json(200, r#"{"call_id":"ac_1","logs":[],"updated_at":"2026-03-01T12:00:00Z"}"#)]
            sends [("GET", "/agents/calls/ac%2F1/logs", "")]
            => |logs| assert_eq!(logs.unwrap().call_id, "ac_1");
        run batches.create(new_batch());
            replies [json(201, BATCH)]
            sends [(
                "POST",
                "/agents/calls/batches",
                r#"{"name":"n","agent_id":"a","from_number_id":"pn","recipients":[{"to_number":"+1"}]}"#,
            )]
            => |created| assert_eq!(created.unwrap().id, "acb_abc123");
        run batches.list(ListCallBatches::new().agent_id("a"));
            replies [json(200, &format!(r#"{{"data":[{BATCH}],"has_more":true}}"#))]
            sends [("GET", "/agents/calls/batches?agent_id=a", "")]
            => |page| assert_eq!(page.unwrap().has_more, Some(true));
        all batches.list_all(ListCallBatches::new().limit(1));
            replies [json(200, &format!(r#"{{"data":[{BATCH}]}}"#)), json(200, r#"{"data":[]}"#)]
            sends [
                ("GET", "/agents/calls/batches?limit=1", ""),
                ("GET", "/agents/calls/batches?limit=1&starting_after=acb_abc123", ""),
            ]
            => |all| {
                let all: Vec<AgentCallBatch> = all.unwrap();
                assert_eq!(all.len(), 1);
            };
        each batches("b 1") [
            get "GET" "/agents/calls/batches/b%201",
            cancel "POST" "/agents/calls/batches/b%201/cancel",
            retry "POST" "/agents/calls/batches/b%201/retry",
        ]
            replies json(200, BATCH) => |batch| {
                let batch = batch.unwrap();
                assert_eq!((batch.id.as_str(), batch.name.as_str()), ("acb_abc123", "Renewals"));
                assert_eq!(batch.retry_count, 0);
            };
    }
}
