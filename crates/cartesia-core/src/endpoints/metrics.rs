//! Endpoints of the Agents API: metrics (`/agents/metrics`), their results, the CSV export,
//! and attaching metrics to agents.
//!
//! Two ways of paging live here:
//! - [`ListMetrics`] and [`ListMetricResults`] page by item ID (`starting_after=<last id>`) and
//!   implement [`Paginated`](crate::Paginated);
//! - [`ExportMetricResults`] pages through response **headers** (`X-Has-More`,
//!   `X-Next-Cursor`, an opaque cursor) once `limit` is set; see [`MetricResultsCsv`] and
//!   [`ExportMetricResults::next_page`].

use bytes::Bytes;
use cartesia_types::metrics::{CreateMetricRequest, Metric, MetricResult};
use cartesia_types::{Page, Timestamp};
use http::HeaderName;

use super::agents::AGENT_ROUTES;
use super::declare::endpoints;
use crate::error::Error;
use crate::resources::{AsyncMetrics, BlockingMetrics};
use crate::transport::HttpResponse;
#[cfg(test)]
use {crate::endpoint::Endpoint, crate::pager::Paginated};

endpoints! {
    impl AsyncMetrics, BlockingMetrics {
        /// one page of the account's metrics.
        ///
        /// Cursor-paginated by metric ID; this list accepts only `limit` and `starting_after` (no
        /// `ending_before`). Use it with `pages(..)` / `list_all(..)` to walk every page.
        ListMetrics = "agents_list-metrics" GET ["/agents/metrics"] -> Page<Metric> => request list, pages list_all {
            query {
                /// Starts after the metric with this ID (the last one of the previous page).
                starting_after: str,
                /// The page size, 1–100 (API default 10).
                limit: opt u32,
            }
            pages Metric;
        }

        /// creates a metric (the API answers 200 with it).
        CreateMetric = "agents_create-metric" POST ["/agents/metrics"] -> Metric => method create {
            json body: CreateMetricRequest;
        }

        /// one metric.
        GetMetric = "agents_get-metric" GET ["/agents/metrics/" {metric_id: String, except &["results"]}] -> Metric
            => method get;

        /// deletes a metric (204). It is removed from every agent it is attached to; its existing
        /// results are kept.
        DeleteMetric = "agents_delete-metric" DELETE
            ["/agents/metrics/" {metric_id: String, except &["results"]}] -> () => method delete {
            parse empty;
        }

        /// one page of metric results, optionally filtered.
        ///
        /// Cursor-paginated by result ID. Use it with `pages(..)` / `list_results_all(..)` to walk
        /// every page. The results' JSON keys are camelCase; see [`MetricResult`].
        ListMetricResults = "agents_list-metric-results" GET ["/agents/metrics/results"] -> Page<MetricResult>
            => request list_results, pages list_results_all {
            query {
                /// Only results of this agent.
                agent_id: str,
                /// Only results of this deployment.
                deployment_id: str,
                /// Only results of this metric.
                metric_id: str,
                /// Only results created at or after this time (sent as RFC 3339, UTC).
                start_date: opt Timestamp,
                /// Only results created at or before this time (sent as RFC 3339, UTC).
                end_date: opt Timestamp,
                /// Only results of this call.
                call_id: str,
            }
            cursor [starting_after ending_before limit] "result" => MetricResult;
        }

        /// metric results as CSV.
        ///
        /// Without [`limit`](ExportMetricResults::limit) the API sends every matching row in one CSV (at most
        /// 100 000 rows; a larger set is a `400`). With `limit` (1–1000) it sends one page of rows and
        /// says in the response headers whether more follow; [`next_page`](ExportMetricResults::next_page) (or
        /// `request.starting_after(cursor)` with the answer's
        /// [`next_cursor`](MetricResultsCsv::next_cursor)) makes the request for the next page (its doc
        /// shows the loop).
        ExportMetricResults = "agents_export-metric-results" GET ["/agents/metrics/results/export"] -> MetricResultsCsv
            => request export_results {
            query {
                /// Only results of this agent.
                agent_id: str,
                /// Only results of this deployment.
                deployment_id: str,
                /// Only results of this metric.
                metric_id: str,
                /// Only results of this call.
                call_id: str,
                /// Only results created at or after this time (sent as RFC 3339, UTC).
                start_date: opt Timestamp,
                /// Only results created at or before this time (sent as RFC 3339, UTC).
                end_date: opt Timestamp,
                /// Pages the export: at most `limit` rows (1–1000) per answer. Setting it switches
                /// the API to paged mode.
                limit: opt u32,
                /// The opaque cursor of the page to start after (an answer's `X-Next-Cursor`).
                starting_after: bare String,
                /// The opaque cursor of the page to end before (not to be combined with `starting_after`).
                ending_before: bare String,
            }
            parse with MetricResultsCsv::read;
            // CSV on success; errors (400 over 100 000 rows, 404 when nothing matches) are JSON.
            accept = "text/csv, application/json;q=0.9";
        }

        /// adds a metric to an agent (204). From then on it runs on every call of the agent.
        AddMetricToAgent = "agents_add-metric-to-agent" POST
            ["/agents/" {agent_id: String, except AGENT_ROUTES} "/metrics/" {metric_id: String}] -> ()
            => method add_to_agent {
            parse empty;
        }

        /// removes a metric from an agent (204).
        RemoveMetricFromAgent = "agents_remove-metric-from-agent" DELETE
            ["/agents/" {agent_id: String, except AGENT_ROUTES} "/metrics/" {metric_id: String}] -> ()
            => method remove_from_agent {
            parse empty;
        }
    }
}

impl From<CreateMetricRequest> for CreateMetric {
    fn from(body: CreateMetricRequest) -> Self {
        Self::new(body)
    }
}

impl ExportMetricResults {
    super::declare::cursor_list!(@one starting_after, ending_before, "Starts after this opaque \
        cursor (the `X-Next-Cursor` of the previous answer). Clears `ending_before`, which the API \
        refuses alongside it.");
    super::declare::cursor_list!(@one ending_before, starting_after, "Ends before this opaque \
        cursor. Clears `starting_after`, which the API refuses alongside it.");

    /// The request for the page after `previous` (an answer to this request): `Ok(Some(..))`
    /// only when the answer says `X-Has-More: true` and carries a cursor; `Ok(None)` at the end.
    ///
    /// Fails with [`Error::Pagination`] when the answer's cursor is the one this request
    /// already started after (the server served the same page again), so a loop over the
    /// pages ends with a typed error instead of running forever.
    ///
    /// ```
    /// use cartesia_core::endpoints::metrics::ExportMetricResults;
    /// # use cartesia_core::mock::MockTransport;
    /// # let transport = MockTransport::new();
    /// # transport.push(200, &[("content-type", "text/csv"), ("x-has-more", "true"),
    /// #     ("x-next-cursor", "cur_2")], "id,metricId\nr1,m1\n");
    /// # transport.push(200, &[("content-type", "text/csv"), ("x-has-more", "false")],
    /// #     "id,metricId\nr2,m1\n");
    /// # let client = cartesia_core::ClientBuilder::new().api_key("k").build_blocking(transport)?;
    ///
    /// let mut request = Some(ExportMetricResults::new().agent_id("agent_1").limit(500));
    /// let mut pages = Vec::new();
    /// while let Some(r) = request {
    ///     let csv = client.agents().metrics().export_results(r.clone())?;
    ///     request = r.next_page(&csv)?;
    ///     pages.push(csv.csv);
    /// }
    /// assert_eq!(pages.len(), 2);
    /// # Ok::<(), cartesia_core::Error>(())
    /// ```
    pub fn next_page(&self, previous: &MetricResultsCsv) -> Result<Option<Self>, crate::Error> {
        let cursor = match (previous.has_more, previous.next_cursor.as_deref()) {
            (Some(true), Some(cursor)) => cursor,
            _ => return Ok(None),
        };
        if self.starting_after.as_deref() == Some(cursor) {
            return Err(crate::error::PaginationError::repeated_cursor(cursor, 1).into());
        }
        Ok(Some(self.clone().starting_after(cursor)))
    }
}

/// The `X-Has-More` response header of a paged CSV export.
pub static X_HAS_MORE: HeaderName = HeaderName::from_static("x-has-more");
/// The `X-Next-Cursor` response header of a paged CSV export.
pub static X_NEXT_CURSOR: HeaderName = HeaderName::from_static("x-next-cursor");

/// The answer of [`ExportMetricResults`]: the CSV bytes and, in paged mode, the paging headers.
///
/// Its `Debug` shows the size of the CSV, not its rows (which can be large and hold call
/// summaries).
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct MetricResultsCsv {
    /// The CSV document (header row included), as sent.
    pub csv: Bytes,
    /// `X-Has-More`: `Some(true)` when more rows follow, `Some(false)` on the last page, `None`
    /// when the answer is not paged (no `limit`) or the header is not `true`/`false`.
    pub has_more: Option<bool>,
    /// `X-Next-Cursor`: the opaque cursor to pass as `starting_after` for the next page
    /// (`None` when absent or empty).
    pub next_cursor: Option<String>,
}

impl MetricResultsCsv {
    /// An answer, e.g. for a test double.
    pub fn new(csv: impl Into<Bytes>, has_more: Option<bool>, next_cursor: Option<String>) -> Self {
        Self {
            csv: csv.into(),
            has_more,
            next_cursor,
        }
    }

    /// The CSV as text, when it is valid UTF-8.
    pub fn as_str(&self) -> Result<&str, std::str::Utf8Error> {
        std::str::from_utf8(&self.csv)
    }

    /// Reads the CSV and the paging headers of a successful answer. Header names are
    /// case-insensitive; `X-Has-More` is read case-insensitively and trimmed, and any other
    /// value than `true`/`false` (or a value that is not visible ASCII) reads as `None`.
    pub fn from_response(response: HttpResponse) -> Self {
        let header = |name: &HeaderName| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        };
        let has_more = header(&X_HAS_MORE).and_then(|v| crate::retry::bool_header(&v));
        let next_cursor = header(&X_NEXT_CURSOR);
        Self {
            csv: response.into_body(),
            has_more,
            next_cursor,
        }
    }

    fn read(response: HttpResponse) -> Result<Self, Error> {
        Ok(Self::from_response(response))
    }
}

impl std::fmt::Debug for MetricResultsCsv {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MetricResultsCsv")
            .field("csv", &format_args!("<{} bytes>", self.csv.len()))
            .field("has_more", &self.has_more)
            .field("next_cursor", &self.next_cursor)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use cartesia_types::metrics::MetricResultStatus;

    use super::*;
    use crate::config::{ClientBuilder, RequestOptions};
    use crate::endpoints::steps::{self, empty, json, requests, resource_steps, with_ids};
    use crate::pipeline::build_request;
    use crate::test_support::{ids, request, response_with as response, ts};

    const METRIC: &str = r#"{"id":"metric_abc","name":"resolved","display_name":"Resolved","prompt":"Was the issue resolved?","created_at":"2026-03-01T12:00:00Z"}"#;

    fn result_json(id: &str) -> String {
        format!(
            r#"{{"id":"{id}","metricId":"metric_abc","metricName":"resolved","metricDisplayName":null,
            "summary":"Refund requested.","transcript":[{{"role":"user","text":"Refund please","start_timestamp":0.0,"end_timestamp":1.2}}],
            "agentId":"agent_1","callId":"call_1","result":"yes","jsonResult":{{"resolved":true}},"value":1,
            "status":"completed","runId":null,"createdAt":"2026-03-31T17:37:05.961874Z","deploymentId":"dep_1"}}"#
        )
    }

    #[test]
    fn list_query_paging_and_create_body() {
        let display_named = CreateMetricRequest::new("resolved", "Was the issue resolved?")
            .display_name("Resolved");
        requests! {
            ListMetrics::new() => "GET /agents/metrics";
            ListMetrics::new().limit(20).starting_after("metric 1")
                => "GET /agents/metrics?starting_after=metric%201&limit=20";
            Paginated::starting_after(&ListMetrics::new().limit(2), "metric_2")
                => "GET /agents/metrics?starting_after=metric_2&limit=2";
            CreateMetric::new(display_named) => "POST /agents/metrics", serde_json::json!({
                "name": "resolved",
                "display_name": "Resolved",
                "prompt": "Was the issue resolved?",
            });
            CreateMetric::from(CreateMetricRequest::new("n", "p"))
                => "POST /agents/metrics", serde_json::json!({"name": "n", "prompt": "p"});
        }
    }

    #[test]
    fn list_metrics_decodes_a_page() {
        let body = format!(r#"{{"data":[{METRIC}],"has_more":true,"next_page":"metric_abc"}}"#);
        let page = ListMetrics::new().parse(response(200, &[], &body)).unwrap();
        assert_eq!(page.data.len(), 1);
        let m = &page.data[0];
        assert_eq!(m.id, "metric_abc");
        assert_eq!(m.name, "resolved");
        assert_eq!(m.display_name.as_deref(), Some("Resolved"));
        assert_eq!(m.prompt, "Was the issue resolved?");
        assert_eq!(m.created_at.to_string(), "2026-03-01T12:00:00Z");
        assert_eq!(page.has_more, Some(true));
        assert_eq!(page.next_page.as_deref(), Some("metric_abc"));
    }

    #[test]
    fn create_metric_is_not_replayed_and_decodes_its_answer() {
        let ep = CreateMetric::from(CreateMetricRequest::new("n", "p"));
        assert!(!ep.idempotent());
        let metric = ep.parse(response(200, &[], METRIC)).unwrap();
        assert_eq!(metric.id, "metric_abc");
    }

    #[test]
    fn get_and_delete_metric() {
        let get = GetMetric::new("metric_abc");
        requests! { get => "GET /agents/metrics/metric_abc"; }
        let null_name = METRIC.replace(r#""Resolved""#, "null");
        let m = get.parse(response(200, &[], &null_name)).unwrap();
        assert_eq!(m.display_name, None);
        let del = DeleteMetric::new("metric_abc");
        requests! { del => "DELETE /agents/metrics/metric_abc"; }
        del.parse(response(204, &[], "")).unwrap();
    }

    #[test]
    fn list_results_query_in_spec_order() {
        let ep = ListMetricResults::new()
            .limit(50)
            .ending_before("r_0")
            .starting_after("r_9")
            .call_id("call_1")
            .end_date(ts("2026-03-31T23:59:59Z"))
            .start_date(ts("2026-03-01T02:00:00+02:00"))
            .metric_id("metric_abc")
            .deployment_id("dep_1")
            .agent_id("agent 1");
        requests! {
            ListMetricResults::new() => "GET /agents/metrics/results";
            ep => "GET /agents/metrics/results?agent_id=agent%201&deployment_id=dep_1\
                   &metric_id=metric_abc&start_date=2026-03-01T00%3A00%3A00Z\
                   &end_date=2026-03-31T23%3A59%3A59Z&call_id=call_1&starting_after=r_9&limit=50";
            ListMetricResults::new().starting_after("x").ending_before("r_0")
                => "GET /agents/metrics/results?ending_before=r_0";
        }
    }

    #[test]
    fn list_results_pages_keep_filters_and_drop_ending_before() {
        let mut first = ListMetricResults::new().agent_id("a").limit(2);
        first.ending_before = Some("old".into());
        let next = Paginated::starting_after(&first, "metric_result_2");
        assert_eq!(next.ending_before, None);
        requests! {
            next => "GET /agents/metrics/results?agent_id=a&starting_after=metric_result_2&limit=2";
        }
    }

    #[test]
    fn list_results_decodes_camel_case() {
        let body = format!(
            r#"{{"data":[{},{}],"has_more":false,"next_page":null}}"#,
            result_json("metric_result_1"),
            result_json("metric_result_2").replace(r#""completed""#, r#""queued""#)
        );
        let page = ListMetricResults::new()
            .parse(response(200, &[], &body))
            .unwrap();
        assert_eq!(page.has_more, Some(false));
        let r = &page.data[0];
        assert_eq!(cartesia_types::HasId::id(r), "metric_result_1");
        assert_eq!(r.metric_id, "metric_abc");
        assert_eq!(r.metric_name, "resolved");
        assert_eq!(r.metric_display_name, None);
        assert_eq!(r.agent_id, "agent_1");
        assert_eq!(r.call_id, "call_1");
        assert_eq!(r.result, "yes");
        assert_eq!(r.value, Some(serde_json::json!(1)));
        assert_eq!(r.status, MetricResultStatus::Completed);
        assert_eq!(r.run_id, None);
        assert_eq!(r.deployment_id.as_deref(), Some("dep_1"));
        assert_eq!(r.created_at.to_string(), "2026-03-31T17:37:05.961874Z");
        assert_eq!(r.transcript.as_ref().map(Vec::len), Some(1));
        assert_eq!(
            page.data[1].status,
            MetricResultStatus::Unknown("queued".into())
        );
        // A snake_case answer is not the documented shape: a decode error naming the path.
        let snake = body.replacen("\"metricId\"", "\"metric_id\"", 1);
        let err = ListMetricResults::new()
            .parse(response(200, &[], &snake))
            .unwrap_err();
        let Error::Decode(d) = err else {
            panic!("{err:?}")
        };
        assert_eq!(d.path(), "data[0]");
    }

    #[test]
    fn export_query_in_spec_order() {
        let r = request(&ExportMetricResults::new());
        assert_eq!(
            r.headers()[http::header::ACCEPT],
            "text/csv, application/json;q=0.9"
        );
        assert_eq!(
            request(&ListMetricResults::new()).headers()[http::header::ACCEPT],
            "application/json"
        );
        let ep = ExportMetricResults::new()
            .starting_after("opaque/cur+sor==")
            .limit(1000)
            .end_date(ts("2026-03-31T23:59:59.5Z"))
            .start_date(ts("2026-03-01T00:00:00Z"))
            .call_id("c")
            .metric_id("m")
            .deployment_id("d")
            .agent_id("a");
        requests! {
            ExportMetricResults::new() => "GET /agents/metrics/results/export";
            ep => "GET /agents/metrics/results/export?agent_id=a&deployment_id=d&metric_id=m\
                   &call_id=c&start_date=2026-03-01T00%3A00%3A00Z\
                   &end_date=2026-03-31T23%3A59%3A59.5Z&limit=1000\
                   &starting_after=opaque%2Fcur%2Bsor%3D%3D";
            ExportMetricResults::new().starting_after("a").ending_before("b")
                => "GET /agents/metrics/results/export?ending_before=b";
        }
    }

    #[test]
    fn export_reads_csv_and_paging_headers() {
        let csv = "id,metricId,result\nr1,m1,yes\n";
        let ep = ExportMetricResults::new().limit(1);
        let out = ep
            .parse(response(
                200,
                &[
                    ("Content-Type", "text/csv"),
                    ("X-Has-More", "true"),
                    ("X-Next-Cursor", "cur_2"),
                ],
                csv,
            ))
            .unwrap();
        assert_eq!(out.csv, Bytes::from_static(csv.as_bytes()));
        assert_eq!(out.as_str().unwrap(), csv);
        assert_eq!(out.has_more, Some(true));
        assert_eq!(out.next_cursor.as_deref(), Some("cur_2"));
        assert_eq!(
            format!("{out:?}"),
            r#"MetricResultsCsv { csv: <29 bytes>, has_more: Some(true), next_cursor: Some("cur_2") }"#
        );
        let next = ep.next_page(&out).unwrap().unwrap();
        assert_eq!(next.starting_after.as_deref(), Some("cur_2"));
        assert_eq!(next.limit, Some(1));
        requests! { next => "GET /agents/metrics/results/export?limit=1&starting_after=cur_2"; }

        // The same page served again (its cursor is the one `next` started after): a typed
        // error, so a loop over the pages ends instead of asking for that page forever.
        match next.next_page(&out) {
            Err(crate::Error::Pagination(e)) => {
                assert_eq!(e.cursor(), "cur_2");
                assert!(e.to_string().contains("did not advance"), "{e}");
            }
            other => panic!("expected a pagination error, got {other:?}"),
        }

        // Lower-case names, "false", no cursor: the last page.
        let last = ep
            .parse(response(200, &[("x-has-more", "false")], csv))
            .unwrap();
        assert_eq!(last.has_more, Some(false));
        assert_eq!(last.next_cursor, None);
        assert_eq!(ep.next_page(&last).unwrap(), None);

        // Not paged: no headers at all.
        let whole = ExportMetricResults::new()
            .parse(response(200, &[("content-type", "text/csv")], csv))
            .unwrap();
        assert_eq!(whole, MetricResultsCsv::new(csv, None, None));
        assert_eq!(ExportMetricResults::new().next_page(&whole).unwrap(), None);

        // Odd values: tolerated, never a panic; without both a cursor and `has_more: true`
        // there is no next page.
        for (headers, has_more, cursor) in [
            (
                [("X-Has-More", " TRUE "), ("X-Next-Cursor", "")],
                Some(true),
                None,
            ),
            (
                [("X-Has-More", "maybe"), ("X-Next-Cursor", "c")],
                None,
                Some("c"),
            ),
        ] {
            let odd = ep.parse(response(200, &headers, "")).unwrap();
            assert_eq!(odd.has_more, has_more, "{headers:?}");
            assert_eq!(odd.next_cursor.as_deref(), cursor, "{headers:?}");
            assert_eq!(ep.next_page(&odd).unwrap(), None, "{headers:?}");
        }
        let mut bin = response(200, &[], "");
        *bin.body_mut() = Bytes::from_static(b"a,b\n\xff\n");
        bin.headers_mut().insert(
            X_HAS_MORE.clone(),
            http::HeaderValue::from_bytes(b"tr\xffue").unwrap(),
        );
        let bin = ep.parse(bin).unwrap();
        assert_eq!(bin.has_more, None);
        assert!(bin.as_str().is_err(), "not UTF-8");
    }

    #[test]
    fn export_errors_are_api_errors_not_csv() {
        let body = r#"{"error_code":null,"title":"Bad Request","message":"More than 100k metric results found for the given filters.","request_id":"r1"}"#;
        let err = crate::pipeline::complete(
            &ExportMetricResults::new(),
            response(400, &[("content-type", "application/json")], body),
        )
        .unwrap_err();
        let api = err.as_api().expect("an API error");
        assert_eq!(api.status(), http::StatusCode::BAD_REQUEST);
        assert_eq!(
            api.message(),
            Some("More than 100k metric results found for the given filters.")
        );
    }

    #[test]
    fn add_and_remove_metric_on_an_agent() {
        let add = AddMetricToAgent::new("agent_1", "metric_abc");
        requests! { add => "POST /agents/agent_1/metrics/metric_abc"; }
        add.parse(response(204, &[], "")).unwrap();
        let remove = RemoveMetricFromAgent::new("agent/1", "metric abc");
        requests! { remove => "DELETE /agents/agent%2F1/metrics/metric%20abc"; }
        remove.parse(response(204, &[], "")).unwrap();
    }

    #[test]
    fn bad_ids_are_refused_before_io_naming_the_parameter() {
        let config = ClientBuilder::new().api_key("k").config().unwrap();
        let opts = RequestOptions::new();
        let field = |e: Error| match e {
            Error::InvalidRequest(e) => e.field().to_owned(),
            other => panic!("{other:?}"),
        };
        for bad in ["", ".", "..", "a\nb"] {
            let errs = [
                build_request(&config, &GetMetric::new(bad), &opts).unwrap_err(),
                build_request(&config, &DeleteMetric::new(bad), &opts).unwrap_err(),
                build_request(&config, &AddMetricToAgent::new("a", bad), &opts).unwrap_err(),
                build_request(&config, &RemoveMetricFromAgent::new("a", bad), &opts).unwrap_err(),
            ];
            for e in errs {
                assert_eq!(field(e), "metric_id", "{bad:?}");
            }
            let e = build_request(&config, &AddMetricToAgent::new(bad, "m"), &opts).unwrap_err();
            assert_eq!(field(e), "agent_id", "{bad:?}");
            let e =
                build_request(&config, &RemoveMetricFromAgent::new(bad, "m"), &opts).unwrap_err();
            assert_eq!(field(e), "agent_id", "{bad:?}");
        }
    }

    /// A page of metrics with these ids.
    fn page(ids: &[&str], more: bool) -> String {
        steps::page(with_ids(METRIC, "metric_abc", ids), more)
    }

    fn results() -> String {
        steps::page([result_json("mr_1")], false)
    }

    resource_steps! {
        |client| {
            let metrics = client.agents().metrics();
        }
        pages metrics.list, list_all(ListMetrics::new().limit(2)) of page ["m1", "m2"] ["m3"]
            sends ["/agents/metrics?limit=2", "/agents/metrics?starting_after=m2&limit=2"];
        run metrics.create(CreateMetricRequest::new("resolved", "p"));
            replies [json(200, METRIC)]
            sends [("POST", "/agents/metrics", r#"{"name":"resolved","prompt":"p"}"#)]
            => |created| assert_eq!(created.unwrap().id, "metric_abc");
        run metrics.get("metric_abc");
            replies [json(200, METRIC)]
            sends [("GET", "/agents/metrics/metric_abc", "")]
            => |got| assert_eq!(got.unwrap().name, "resolved");
        run metrics.delete("metric_abc");
            replies [empty(204)]
            sends [("DELETE", "/agents/metrics/metric_abc", "")]
            => |deleted| deleted.unwrap();
        run metrics.list_results(ListMetricResults::new().call_id("call_1"));
            replies [json(200, &results())]
            sends [("GET", "/agents/metrics/results?call_id=call_1", "")]
            => |page| assert_eq!(page.unwrap().data[0].metric_id, "metric_abc");
        all metrics.list_results_all(ListMetricResults::new().agent_id("agent_1"));
            replies [json(200, &results())]
            sends [("GET", "/agents/metrics/results?agent_id=agent_1", "")]
            => |all| assert_eq!(ids(&all.unwrap()), ["mr_1"]);
        run metrics.export_results(ExportMetricResults::new().limit(10));
            replies [response(200, &[("content-type", "text/csv"), ("x-has-more", "false")], "id\nmr_1\n")]
            sends [("GET", "/agents/metrics/results/export?limit=10", "")]
            => |csv| {
                let csv = csv.unwrap();
                assert_eq!(csv.as_str().unwrap(), "id\nmr_1\n");
                assert_eq!(csv.has_more, Some(false));
            };
        run metrics.add_to_agent("agent_1", "metric_abc");
            replies [empty(204)]
            sends [("POST", "/agents/agent_1/metrics/metric_abc", "")]
            => |added| added.unwrap();
        run metrics.remove_from_agent("agent_1", "metric_abc");
            replies [empty(204)]
            sends [("DELETE", "/agents/agent_1/metrics/metric_abc", "")]
            => |removed| removed.unwrap();
    }
}
