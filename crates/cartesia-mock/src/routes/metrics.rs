//! Metrics: list, create, get, delete, attach to and detach from agents; results and
//! their CSV export.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::IntoResponse;
use serde_json::{json, Value};

use super::agents::agent_not_found;
use super::S;
use crate::error::ApiError;
use crate::support::{
    instant, no_content, now, ok, page, with_ids, At, Cursor, JsonBody, Reply, P, Q,
};

crate::error::not_found_errors! {
    metric_not_found: "metric_not_found", "Metric";
}

/// `GET /agents/metrics`: a page of `Metric`s (forwards only).
pub(crate) async fn list(state: S, q: Q) -> Reply {
    let cursor = q.cursor(false)?;
    let store = state.store();
    Ok(ok(&page(with_ids(&store.metrics), &cursor)?))
}

/// `POST /agents/metrics` with a `CreateMetricRequest`: `name` of lower-case letters,
/// digits, `_`, `-` and `.`, unique (`409` otherwise).
pub(crate) async fn create(state: S, JsonBody(body): JsonBody) -> Reply {
    let name = body.req_nonempty("name")?;
    let prompt = body.req_nonempty("prompt")?;
    let display_name = body.opt_str("display_name")?;
    let valid = name
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"_-.".contains(&b));
    if !valid {
        return Err(ApiError::unprocessable(
            "`body.name` may contain only lower-case letters, digits, `_`, `-` and `.`.",
        ));
    }
    let mut store = state.store();
    if store.metrics.iter().any(|m| m["name"] == name.as_str()) {
        return Err(ApiError::conflict(
            "metric_name_taken",
            "A metric with this name already exists.",
        ));
    }
    let metric = json!({
        "id": store.ids.next("met"),
        "name": name,
        "display_name": display_name,
        "prompt": prompt,
        "created_at": now(),
    });
    store.metrics.push(metric.clone());
    Ok(ok(&metric))
}

/// `GET /agents/metrics/{metric_id}`.
pub(crate) async fn get(state: S, P(metric_id): P<String>) -> Reply {
    let store = state.store();
    store
        .metrics
        .iter()
        .find(|m| m["id"] == metric_id.as_str())
        .map(ok)
        .ok_or_else(metric_not_found)
}

/// `DELETE /agents/metrics/{metric_id}`: `204`; detached from every agent, results kept.
pub(crate) async fn delete(state: S, P(metric_id): P<String>) -> Reply {
    let mut store = state.store();
    let index = store
        .metrics
        .iter()
        .position(|m| m["id"] == metric_id.as_str())
        .ok_or_else(metric_not_found)?;
    store.metrics.remove(index);
    store.agent_metrics.retain(|(_, m)| *m != metric_id);
    Ok(no_content())
}

/// `POST /agents/{agent_id}/metrics/{metric_id}`: `204` (idempotent).
pub(crate) async fn attach(state: S, P((agent_id, metric_id)): P<(String, String)>) -> Reply {
    let mut store = state.store();
    store.agent(&agent_id).ok_or_else(agent_not_found)?;
    if !store.metrics.iter().any(|m| m["id"] == metric_id.as_str()) {
        return Err(metric_not_found());
    }
    let pair = (agent_id, metric_id);
    if !store.agent_metrics.contains(&pair) {
        store.agent_metrics.push(pair);
    }
    Ok(no_content())
}

/// `DELETE /agents/{agent_id}/metrics/{metric_id}`: `204`; `404` if not attached.
pub(crate) async fn detach(state: S, P((agent_id, metric_id)): P<(String, String)>) -> Reply {
    let mut store = state.store();
    store.agent(&agent_id).ok_or_else(agent_not_found)?;
    let pair = (agent_id, metric_id);
    let index = store
        .agent_metrics
        .iter()
        .position(|p| *p == pair)
        .ok_or_else(|| ApiError::not_found("metric_not_attached", "Metric attachment"))?;
    store.agent_metrics.remove(index);
    Ok(no_content())
}

/// The results matching the filters of `q`, newest first.
fn matching_results(results: &[Value], q: &Q) -> Result<Vec<Value>, ApiError> {
    let bound = |name: &str| match q.get(name) {
        None => Ok(None),
        Some(raw) => instant(raw).map(Some).ok_or_else(|| {
            ApiError::invalid_request(format!("`{name}` must be an RFC 3339 timestamp."))
        }),
    };
    let (start, end) = (bound("start_date")?, bound("end_date")?);
    let filters = [
        ("agent_id", "agentId"),
        ("deployment_id", "deploymentId"),
        ("metric_id", "metricId"),
        ("call_id", "callId"),
    ];
    Ok(results
        .iter()
        .filter(|r| {
            filters
                .iter()
                .all(|(param, key)| q.get(param).is_none_or(|v| r[*key] == v))
        })
        .filter(|r| {
            let at = r["createdAt"].as_str().and_then(instant);
            start.is_none_or(|s| at.is_some_and(|a| a >= s))
                && end.is_none_or(|e| at.is_some_and(|a| a <= e))
        })
        .cloned()
        .collect())
}

/// `GET /agents/metrics/results`: a page of `MetricResult`s.
pub(crate) async fn results(state: S, q: Q) -> Reply {
    let cursor = q.cursor(true)?;
    let store = state.store();
    let matching = matching_results(&store.metric_results, &q)?;
    Ok(ok(&page(with_ids(&matching), &cursor)?))
}

/// One CSV field, quoted if needed.
fn csv_field(value: &Value) -> String {
    let text = match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// `GET /agents/metrics/results/export`: the matching results as CSV; with `limit` or a
/// cursor, one page with `X-Has-More` (and `X-Next-Cursor`); `404` if nothing matches.
pub(crate) async fn export(state: S, q: Q) -> Reply {
    let paged = ["limit", "starting_after", "ending_before"]
        .iter()
        .any(|k| q.get(k).is_some());
    let store = state.store();
    let matching = matching_results(&store.metric_results, &q)?;
    if matching.is_empty() {
        return Err(ApiError::not_found(
            "metric_results_not_found",
            "Metric result",
        ));
    }
    let (rows, more) = if paged {
        let limit = q.int("limit", 1..=1000)?.unwrap_or(1000);
        let at = match (q.get("starting_after"), q.get("ending_before")) {
            (Some(_), Some(_)) => {
                return Err(ApiError::invalid_request(
                    "Pass at most one of `starting_after` and `ending_before`.",
                ))
            }
            (Some(a), None) => At::After(a.to_owned()),
            (None, Some(b)) => At::Before(b.to_owned()),
            (None, None) => At::Start,
        };
        let page = page(with_ids(&matching), &Cursor { limit, at })?;
        let more = if page["has_more"] == true {
            Some(page["next_page"].as_str().unwrap_or_default().to_owned())
        } else {
            None
        };
        let rows = page["data"].as_array().cloned().unwrap_or_default();
        (rows, Some(more))
    } else {
        (matching, None)
    };
    let columns = [
        "id",
        "metricId",
        "metricName",
        "agentId",
        "callId",
        "deploymentId",
        "status",
        "result",
        "createdAt",
    ];
    let mut csv = columns.join(",");
    csv.push('\n');
    for row in &rows {
        let line: Vec<String> = columns.iter().map(|c| csv_field(&row[*c])).collect();
        csv.push_str(&line.join(","));
        csv.push('\n');
    }
    let mut response = (
        StatusCode::OK,
        [(header::CONTENT_TYPE, HeaderValue::from_static("text/csv"))],
        csv,
    )
        .into_response();
    if let Some(more) = more {
        let headers = response.headers_mut();
        headers.insert(
            "x-has-more",
            HeaderValue::from_static(if more.is_some() { "true" } else { "false" }),
        );
        if let Some(next) = more.and_then(|n| HeaderValue::from_str(&n).ok()) {
            headers.insert("x-next-cursor", next);
        }
    }
    Ok(response)
}
