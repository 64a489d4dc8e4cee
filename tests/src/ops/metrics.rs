//! Contract scenarios: metrics (`/agents/metrics*`, `/agents/{agent_id}/metrics/{metric_id}`).

use cartesia_core::endpoints::metrics::{
    AddMetricToAgent, CreateMetric, DeleteMetric, ExportMetricResults, GetMetric,
    ListMetricResults, ListMetrics, RemoveMetricFromAgent,
};
use cartesia_types::metrics::{CreateMetricRequest, MetricResultStatus};
use cartesia_types::Timestamp;
use serde_json::json;

use crate::harness::Harness;
use crate::ops::{call_op, setup, Expected};
use crate::{Ctx, Reply};

fn metric(id: &str) -> serde_json::Value {
    json!({
        "id": id,
        "name": format!("name_{id}"),
        "display_name": null,
        "prompt": "Was the issue resolved? Answer yes or no.",
        "created_at": "2026-03-01T12:00:00Z",
    })
}

/// A metric result in the API's camelCase shape.
fn result(id: &str) -> serde_json::Value {
    json!({
        "id": id,
        "metricId": "metric_abc",
        "metricName": "resolved",
        "metricDisplayName": "Resolved",
        "summary": "The caller asked for a refund.",
        "transcript": [
            {"role": "user", "text": "I want a refund", "start_timestamp": 0.5, "end_timestamp": 1.75}
        ],
        "agentId": "agent_1",
        "callId": "call_1",
        "result": "yes",
        "jsonResult": {"resolved": true},
        "value": 0.75,
        "status": "completed",
        "runId": null,
        "createdAt": "2026-03-31T17:37:05.961874Z",
        "deploymentId": "dep_1",
        "futureField": {"ignored": true},
    })
}

fn page(items: Vec<serde_json::Value>, has_more: bool) -> String {
    json!({"data": items, "has_more": has_more, "next_page": null}).to_string()
}

fn no_content() -> Reply {
    Reply {
        status: 204,
        headers: Vec::new(),
        body: Vec::new(),
        delay: std::time::Duration::ZERO,
    }
}

fn ts(s: &str) -> Timestamp {
    Timestamp::parse(s).expect("timestamp")
}

/// Every operation of this family: exact request, decoded response; and paging through both
/// lists.
pub fn metrics_operations<H: Harness>() {
    let (ctx, h) = setup::<H>();

    // GET /agents/metrics
    let out = call_op(
        &ctx,
        &h,
        &ListMetrics::new().limit(2),
        Reply::json(200, page(vec![metric("m1"), metric("m2")], true)),
        Expected::no_body("GET", "/agents/metrics?limit=2"),
    );
    let ids: Vec<&str> = out.data.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["m1", "m2"], "{}", H::NAME);
    assert_eq!(out.has_more, Some(true));
    assert_eq!(out.data[0].name, "name_m1");
    assert_eq!(out.data[0].display_name, None);

    // POST /agents/metrics
    let created = call_op(
        &ctx,
        &h,
        &CreateMetric::new(
            CreateMetricRequest::new("resolved", "Was the issue resolved?")
                .display_name("Resolved"),
        ),
        Reply::json(
            200,
            json!({
                "id": "metric_abc",
                "name": "resolved",
                "display_name": "Resolved",
                "prompt": "Was the issue resolved?",
                "created_at": "2026-03-01T12:00:00.000Z",
            })
            .to_string(),
        ),
        Expected::json(
            "POST",
            "/agents/metrics",
            json!({"name": "resolved", "display_name": "Resolved", "prompt": "Was the issue resolved?"}),
        ),
    );
    assert_eq!(created.id, "metric_abc");
    assert_eq!(created.display_name.as_deref(), Some("Resolved"));
    assert_eq!(created.created_at, ts("2026-03-01T12:00:00Z"));

    // GET /agents/metrics/{metric_id}
    let got = call_op(
        &ctx,
        &h,
        &GetMetric::new("metric/abc"),
        Reply::json(200, metric("metric_abc").to_string()),
        Expected::no_body("GET", "/agents/metrics/metric%2Fabc"),
    );
    assert_eq!(got.prompt, "Was the issue resolved? Answer yes or no.");

    // DELETE /agents/metrics/{metric_id}
    call_op(
        &ctx,
        &h,
        &DeleteMetric::new("metric_abc"),
        no_content(),
        Expected::no_body("DELETE", "/agents/metrics/metric_abc"),
    );

    // GET /agents/metrics/results (camelCase items)
    let results = call_op(
        &ctx,
        &h,
        &ListMetricResults::new()
            .agent_id("agent_1")
            .metric_id("metric_abc")
            .start_date(ts("2026-03-01T00:00:00Z"))
            .limit(1),
        Reply::json(200, page(vec![result("mr_1")], false)),
        Expected::no_body(
            "GET",
            "/agents/metrics/results?agent_id=agent_1&metric_id=metric_abc&start_date=2026-03-01T00%3A00%3A00Z&limit=1",
        ),
    );
    assert_eq!(results.has_more, Some(false));
    let r = &results.data[0];
    assert_eq!(r.id, "mr_1");
    assert_eq!(r.metric_id, "metric_abc");
    assert_eq!(r.metric_display_name.as_deref(), Some("Resolved"));
    assert_eq!(r.agent_id, "agent_1");
    assert_eq!(r.call_id, "call_1");
    assert_eq!(r.status, MetricResultStatus::Completed);
    assert_eq!(r.value, Some(json!(0.75)));
    assert_eq!(
        r.json_result.as_ref().map(|m| m["resolved"].clone()),
        Some(json!(true))
    );
    assert_eq!(r.run_id, None);
    assert_eq!(r.deployment_id.as_deref(), Some("dep_1"));
    assert_eq!(r.created_at, ts("2026-03-31T17:37:05.961874Z"));
    let transcript = r.transcript.as_deref().unwrap_or_default();
    assert_eq!(transcript.len(), 1, "{}", H::NAME);
    assert_eq!(transcript[0].text.as_deref(), Some("I want a refund"));
    assert_eq!(transcript[0].end_timestamp, 1.75);

    // GET /agents/metrics/results/export, paged: CSV plus the paging headers.
    let csv = "id,metricId,callId,result\nmr_1,metric_abc,call_1,yes\n";
    let request = ExportMetricResults::new().metric_id("metric_abc").limit(1);
    let first = call_op(
        &ctx,
        &h,
        &request,
        Reply::raw(200, "text/csv", csv)
            .header("x-has-more", "true")
            .header("x-next-cursor", "cur_2"),
        Expected::no_body(
            "GET",
            "/agents/metrics/results/export?metric_id=metric_abc&limit=1",
        ),
    );
    assert_eq!(first.csv.as_ref(), csv.as_bytes(), "{}", H::NAME);
    let seen = ctx.received();
    assert_eq!(
        seen.last().and_then(|s| s.header("accept")),
        Some("text/csv, application/json;q=0.9"),
        "{}",
        H::NAME
    );
    assert_eq!(first.has_more, Some(true));
    assert_eq!(first.next_cursor.as_deref(), Some("cur_2"));
    let next = request
        .next_page(&first)
        .expect("a cursor that advances")
        .expect("a next page");
    let last = call_op(
        &ctx,
        &h,
        &next,
        Reply::raw(200, "text/csv", "id,metricId,callId,result\n").header("X-Has-More", "false"),
        Expected::no_body(
            "GET",
            "/agents/metrics/results/export?metric_id=metric_abc&limit=1&starting_after=cur_2",
        ),
    );
    assert_eq!(last.has_more, Some(false));
    assert_eq!(last.next_cursor, None);
    assert_eq!(next.next_page(&last).expect("the end"), None);

    // The whole export: no paging headers.
    let whole = call_op(
        &ctx,
        &h,
        &ExportMetricResults::new(),
        Reply::raw(200, "text/csv; charset=utf-8", csv),
        Expected::no_body("GET", "/agents/metrics/results/export"),
    );
    assert_eq!(whole.as_str().ok(), Some(csv));
    assert_eq!((whole.has_more, whole.next_cursor.as_deref()), (None, None));

    // POST / DELETE /agents/{agent_id}/metrics/{metric_id}
    call_op(
        &ctx,
        &h,
        &AddMetricToAgent::new("agent_1", "metric_abc"),
        no_content(),
        Expected::no_body("POST", "/agents/agent_1/metrics/metric_abc"),
    );
    call_op(
        &ctx,
        &h,
        &RemoveMetricFromAgent::new("agent_1", "metric abc"),
        no_content(),
        Expected::no_body("DELETE", "/agents/agent_1/metrics/metric%20abc"),
    );

    metrics_pagination(&ctx, &h);
    metric_results_pagination(&ctx, &h);
}

/// The paths and queries of the requests received from index `from` on.
fn paths_since(ctx: &Ctx, from: usize) -> Vec<String> {
    ctx.received()[from..]
        .iter()
        .map(|s| format!("{} {}", s.method, s.path_and_query))
        .collect()
}

fn metrics_pagination<H: Harness>(ctx: &Ctx, h: &H) {
    let before = ctx.received().len();
    ctx.reply(Reply::json(
        200,
        page(vec![metric("m1"), metric("m2")], true),
    ));
    ctx.reply(Reply::json(
        200,
        page(vec![metric("m3"), metric("m4")], true),
    ));
    ctx.reply(Reply::json(200, page(vec![metric("m5")], false)));
    let items = h
        .collect_pages(ctx, ListMetrics::new().limit(2), None)
        .unwrap_or_else(|e| panic!("{}: {e}", H::NAME));
    let ids: Vec<&str> = items.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["m1", "m2", "m3", "m4", "m5"], "{}", H::NAME);
    assert_eq!(
        paths_since(ctx, before),
        [
            "GET /agents/metrics?limit=2",
            "GET /agents/metrics?starting_after=m2&limit=2",
            "GET /agents/metrics?starting_after=m4&limit=2",
        ],
        "{}",
        H::NAME
    );
}

fn metric_results_pagination<H: Harness>(ctx: &Ctx, h: &H) {
    let before = ctx.received().len();
    ctx.reply(Reply::json(
        200,
        page(vec![result("mr_1"), result("mr_2")], true),
    ));
    ctx.reply(Reply::json(200, page(vec![result("mr_3")], true)));
    ctx.reply(Reply::json(200, page(vec![result("mr_4")], false)));
    let items = h
        .collect_pages(
            ctx,
            ListMetricResults::new().agent_id("agent_1").limit(2),
            None,
        )
        .unwrap_or_else(|e| panic!("{}: {e}", H::NAME));
    let ids: Vec<&str> = items.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["mr_1", "mr_2", "mr_3", "mr_4"], "{}", H::NAME);
    assert!(items.iter().all(|r| r.metric_id == "metric_abc"));
    assert_eq!(
        paths_since(ctx, before),
        [
            "GET /agents/metrics/results?agent_id=agent_1&limit=2",
            "GET /agents/metrics/results?agent_id=agent_1&starting_after=mr_2&limit=2",
            "GET /agents/metrics/results?agent_id=agent_1&starting_after=mr_3&limit=2",
        ],
        "{}",
        H::NAME
    );
}
