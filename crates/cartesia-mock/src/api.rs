//! The Agents routes other than `GET /agents/{agent_id}/phone-numbers`:
//! agents, deployments, calls, webhooks and metrics.
//!
//! Everything that does not depend on the query string is serialised once,
//! when the server starts; list pages are assembled per request from
//! pre-serialised items.

use std::borrow::Cow;
use std::collections::HashMap;

use serde_json::Value;

use crate::data::DemoPhoneNumber;
use crate::demo;
use crate::http::{self, DecodeError};
use crate::server::{ErrorKind, JsonResponse};

/// The API's default page size.
const DEFAULT_LIMIT: usize = 10;
/// The largest page size the API accepts.
const MAX_LIMIT: usize = 100;

/// Path segments under `/agents/` that name fixed routes, never an agent.
const RESERVED: [&str; 9] = [
    "calls",
    "webhooks",
    "metrics",
    "deployments",
    "templates",
    "phone-numbers",
    "folders",
    "documents",
    "batches",
];

/// A routed request, before the method is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Route<'a> {
    /// `GET /agents`
    Agents,
    /// `GET /agents/{agent_id}` (the segment, still percent-encoded)
    Agent(&'a str),
    /// `GET /agents/{agent_id}/deployments`
    Deployments(&'a str),
    /// `GET /agents/calls`
    Calls,
    /// `GET /agents/calls/{call_id}`
    Call(&'a str),
    /// `GET /agents/webhooks`
    Webhooks,
    /// `GET /agents/metrics`
    Metrics,
}

impl<'a> Route<'a> {
    /// Matches a path (no query) against the routes; `None` is a 404.
    pub(crate) fn of(path: &'a str) -> Option<Route<'a>> {
        if path == "/agents" {
            return Some(Route::Agents);
        }
        let rest = path.strip_prefix("/agents/")?;
        let mut segments = rest.split('/');
        let first = segments.next()?;
        let second = segments.next();
        if segments.next().is_some() || first.is_empty() || second == Some("") {
            return None;
        }
        match (first, second) {
            ("calls", None) => Some(Route::Calls),
            ("calls", Some("batches")) => None,
            ("calls", Some(call_id)) => Some(Route::Call(call_id)),
            ("webhooks", None) => Some(Route::Webhooks),
            ("metrics", None) => Some(Route::Metrics),
            (reserved, _) if RESERVED.contains(&reserved) => None,
            (agent_id, None) => Some(Route::Agent(agent_id)),
            (agent_id, Some("deployments")) => Some(Route::Deployments(agent_id)),
            _ => None,
        }
    }
}

/// An answer: a precomputed response or one built for this request.
pub(crate) enum Answer<'s> {
    /// Serialised when the server started.
    Fixed(&'s JsonResponse),
    /// Assembled for this request (list pages).
    Built(JsonResponse),
}

impl Answer<'_> {
    /// The response to send.
    pub(crate) fn response(&self) -> &JsonResponse {
        match self {
            Answer::Fixed(r) => r,
            Answer::Built(r) => r,
        }
    }
}

/// One item of a paged list: its id (the cursor) and its JSON.
struct Item {
    /// The id.
    id: String,
    /// The serialised item.
    json: Vec<u8>,
}

impl Item {
    /// Serialises `value`, whose id is `id`.
    fn new(id: impl Into<String>, value: &Value) -> Self {
        Item {
            id: id.into(),
            json: to_json(value),
        }
    }
}

/// A call: its agent, its JSON in lists (no transcript), and its `GET`
/// response, whose body (with the transcript) is also its JSON in lists with
/// `expand=transcript`.
struct Call {
    /// The agent the call belongs to (the `agent_id` filter).
    agent_id: String,
    /// The call as listed without `expand=transcript`.
    brief: Item,
    /// `GET /agents/calls/{call_id}`.
    response: JsonResponse,
}

/// An agent: its summary (`GET /agents/{agent_id}`, also an item of
/// `GET /agents`) and its deployments.
struct Agent {
    /// `GET /agents/{agent_id}`.
    summary: JsonResponse,
    /// `GET /agents/{agent_id}/deployments`.
    deployments: JsonResponse,
}

/// The precomputed data of every route in this module.
pub(crate) struct ApiData {
    /// Agents in list order.
    agents: Vec<Agent>,
    /// Agent id → index in `agents`.
    agent_index: HashMap<String, usize>,
    /// Calls, newest first.
    calls: Vec<Call>,
    /// Call id → index in `calls`.
    call_index: HashMap<String, usize>,
    /// Webhooks in list order.
    webhooks: Vec<Item>,
    /// Metrics in list order.
    metrics: Vec<Item>,
}

/// `value` as compact JSON.
fn to_json(value: &Value) -> Vec<u8> {
    // Serialising a `Value` into a `Vec` cannot fail.
    serde_json::to_vec(value).unwrap_or_else(|_| b"null".to_vec())
}

impl ApiData {
    /// Serialises everything for `agents` (in list order, with the numbers
    /// each one serves); demo calls, webhooks and metrics only if
    /// `demo_data`.
    pub(crate) fn new(agents: &[(String, Vec<DemoPhoneNumber>)], demo_data: bool) -> Self {
        let mut data = ApiData {
            agents: Vec::with_capacity(agents.len()),
            agent_index: HashMap::with_capacity(agents.len()),
            calls: Vec::new(),
            call_index: HashMap::new(),
            webhooks: Vec::new(),
            metrics: Vec::new(),
        };
        for (agent_id, numbers) in agents {
            let demo_profile = demo_data
                .then(|| demo::demo_agent_profile(agent_id))
                .flatten();
            let has_demo_profile = demo_profile.is_some();
            let profile = demo_profile.unwrap_or_else(|| demo::synthesized_agent_profile(agent_id));
            let summary = demo::agent_summary(profile, numbers);
            let deployments = if has_demo_profile {
                demo::demo_deployments(agent_id)
            } else {
                Vec::new()
            };
            data.agent_index.insert(agent_id.clone(), data.agents.len());
            data.agents.push(Agent {
                summary: JsonResponse::ok(summary),
                deployments: JsonResponse::ok(to_json(&Value::Array(deployments))),
            });
        }
        if demo_data {
            for call in demo::demo_calls() {
                // A demo agent replaced with `MockServerBuilder::agent` keeps
                // its calls.
                data.call_index.insert(call.id.clone(), data.calls.len());
                data.calls.push(Call {
                    agent_id: call.agent_id.to_owned(),
                    response: JsonResponse::ok(to_json(&call.full)),
                    brief: Item::new(call.id, &call.brief),
                });
            }
            data.webhooks = demo::demo_webhooks()
                .iter()
                .map(|w| Item::new(w["id"].as_str().unwrap_or_default(), w))
                .collect();
            data.metrics = demo::demo_metrics()
                .iter()
                .map(|m| Item::new(m["id"].as_str().unwrap_or_default(), m))
                .collect();
        }
        data
    }

    /// Answers a `GET` on `route` with the raw `query` string.
    pub(crate) fn answer(&self, route: Route<'_>, query: &str) -> Result<Answer<'_>, ErrorKind> {
        match route {
            Route::Agents => {
                let mut body = b"{\"summaries\":[".to_vec();
                for (i, agent) in self.agents.iter().enumerate() {
                    if i > 0 {
                        body.push(b',');
                    }
                    body.extend_from_slice(&agent.summary.body);
                }
                body.extend_from_slice(b"]}");
                Ok(Answer::Built(JsonResponse::ok(body)))
            }
            Route::Agent(segment) => Ok(Answer::Fixed(&self.agent(segment)?.summary)),
            Route::Deployments(segment) => Ok(Answer::Fixed(&self.agent(segment)?.deployments)),
            Route::Call(segment) => {
                let call_id = decode_segment(segment, ErrorKind::CallNotFound)?;
                self.call_index
                    .get(call_id.as_ref())
                    .map(|&i| Answer::Fixed(&self.calls[i].response))
                    .ok_or(ErrorKind::CallNotFound)
            }
            Route::Calls => self.calls_page(&Query::parse(query)?),
            Route::Webhooks => {
                let items: Vec<(&str, &[u8])> = self
                    .webhooks
                    .iter()
                    .map(|w| (w.id.as_str(), w.json.as_slice()))
                    .collect();
                page(&items, &Query::parse(query)?)
            }
            Route::Metrics => {
                let query = Query::parse(query)?;
                if query.ending_before.is_some() {
                    // The metrics list pages forwards only.
                    return Err(ErrorKind::InvalidCursor);
                }
                let items: Vec<(&str, &[u8])> = self
                    .metrics
                    .iter()
                    .map(|m| (m.id.as_str(), m.json.as_slice()))
                    .collect();
                page(&items, &query)
            }
        }
    }

    /// The agent named by a path segment.
    fn agent(&self, segment: &str) -> Result<&Agent, ErrorKind> {
        let agent_id = decode_segment(segment, ErrorKind::AgentNotFound)?;
        self.agent_index
            .get(agent_id.as_ref())
            .map(|&i| &self.agents[i])
            .ok_or(ErrorKind::AgentNotFound)
    }

    /// A page of `GET /agents/calls`: one agent's calls (or an error for a
    /// batch, which the mock does not have).
    fn calls_page(&self, query: &Query<'_>) -> Result<Answer<'_>, ErrorKind> {
        let agent_id = match (&query.agent_id, &query.batch_id) {
            (Some(agent_id), _) => agent_id,
            // The mock has no call batches.
            (None, Some(_)) => return Err(ErrorKind::BatchNotFound),
            (None, None) => return Err(ErrorKind::MissingCallFilter),
        };
        if !self.agent_index.contains_key(agent_id.as_ref()) {
            return Err(ErrorKind::AgentNotFound);
        }
        if query.batch_id.is_some() {
            return Err(ErrorKind::BatchNotFound);
        }
        let expand = query.expand.as_deref() == Some("transcript");
        let items: Vec<(&str, &[u8])> = self
            .calls
            .iter()
            .filter(|c| c.agent_id == agent_id.as_ref())
            .map(|c| {
                let json = if expand {
                    &c.response.body
                } else {
                    &c.brief.json
                };
                (c.brief.id.as_str(), json.as_slice())
            })
            .collect();
        page(&items, query)
    }
}

/// Percent-decodes a path segment; a bad escape is a 400, bytes that are
/// not UTF-8 name nothing (`missing`).
fn decode_segment(segment: &str, missing: ErrorKind) -> Result<Cow<'_, str>, ErrorKind> {
    http::percent_decode(segment).map_err(|e| match e {
        DecodeError::BadEscape => ErrorKind::InvalidPath,
        DecodeError::NotUtf8 => missing,
    })
}

/// The query parameters the list routes read (others are ignored).
#[derive(Debug, Default, PartialEq, Eq)]
struct Query<'a> {
    /// `agent_id`: whose calls.
    agent_id: Option<Cow<'a, str>>,
    /// `batch_id`: which batch's calls.
    batch_id: Option<Cow<'a, str>>,
    /// `expand`: `transcript` adds the calls' transcripts.
    expand: Option<Cow<'a, str>>,
    /// `limit`: the page size, checked to be 1–100.
    limit: Option<usize>,
    /// `starting_after`: the last id of the previous page.
    starting_after: Option<Cow<'a, str>>,
    /// `ending_before`: the first id of the next page (paging backwards).
    ending_before: Option<Cow<'a, str>>,
}

impl<'a> Query<'a> {
    /// Parses `a=b&c=d` (form-encoded: `+` is a space). The first of
    /// repeated parameters counts.
    fn parse(query: &'a str) -> Result<Self, ErrorKind> {
        let mut out = Query::default();
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let value = decode_query_value(value)?;
            let slot = match key {
                "agent_id" => &mut out.agent_id,
                "batch_id" => &mut out.batch_id,
                "expand" => &mut out.expand,
                "starting_after" => &mut out.starting_after,
                "ending_before" => &mut out.ending_before,
                "limit" => {
                    if out.limit.is_none() {
                        out.limit = Some(parse_limit(&value)?);
                    }
                    continue;
                }
                _ => continue,
            };
            if slot.is_none() {
                *slot = Some(value);
            }
        }
        Ok(out)
    }
}

/// Decodes a form-encoded query value: `+` is a space, then `%XX` escapes.
fn decode_query_value(value: &str) -> Result<Cow<'_, str>, ErrorKind> {
    if value.contains('+') {
        let spaced = value.replace('+', " ");
        return http::percent_decode(&spaced)
            .map(|decoded| Cow::Owned(decoded.into_owned()))
            .map_err(|_| ErrorKind::InvalidQuery);
    }
    http::percent_decode(value).map_err(|_| ErrorKind::InvalidQuery)
}

/// A `limit` value: an integer from 1 to 100.
fn parse_limit(value: &str) -> Result<usize, ErrorKind> {
    if value.is_empty() || value.len() > 3 || !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ErrorKind::InvalidLimit);
    }
    match value.parse::<usize>() {
        Ok(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
        _ => Err(ErrorKind::InvalidLimit),
    }
}

/// One page of `items` (in list order) as `{"data": [...], "has_more": ..,
/// "next_page": ..}`, after `starting_after` or before `ending_before`.
fn page<'s>(items: &[(&str, &[u8])], query: &Query<'_>) -> Result<Answer<'s>, ErrorKind> {
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT);
    let position = |cursor: &str| {
        items
            .iter()
            .position(|(id, _)| *id == cursor)
            .ok_or(ErrorKind::InvalidCursor)
    };
    let (start, end, has_more, next) = match (&query.starting_after, &query.ending_before) {
        (Some(_), Some(_)) => return Err(ErrorKind::ConflictingCursors),
        (None, Some(before)) => {
            let end = position(before)?;
            let start = end.saturating_sub(limit);
            // Paging backwards, the cursor for more is the page's first item.
            (start, end, start > 0, start)
        }
        (after, None) => {
            let start = match after {
                Some(after) => position(after)? + 1,
                None => 0,
            };
            let end = (start + limit).min(items.len());
            (start, end, end < items.len(), end.saturating_sub(1))
        }
    };
    let mut body = b"{\"data\":[".to_vec();
    for (i, (_, json)) in items[start..end].iter().enumerate() {
        if i > 0 {
            body.push(b',');
        }
        body.extend_from_slice(json);
    }
    body.extend_from_slice(b"],\"has_more\":");
    body.extend_from_slice(if has_more { b"true" } else { b"false" });
    body.extend_from_slice(b",\"next_page\":");
    match items.get(next).filter(|_| has_more && start < end) {
        Some((id, _)) => crate::data::push_json_str(&mut body, id),
        None => body.extend_from_slice(b"null"),
    }
    body.push(b'}');
    Ok(Answer::Built(JsonResponse::ok(body)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_match_paths() {
        assert_eq!(Route::of("/agents"), Some(Route::Agents));
        assert_eq!(Route::of("/agents/a1"), Some(Route::Agent("a1")));
        assert_eq!(
            Route::of("/agents/a%2F1/deployments"),
            Some(Route::Deployments("a%2F1"))
        );
        assert_eq!(Route::of("/agents/calls"), Some(Route::Calls));
        assert_eq!(Route::of("/agents/calls/c1"), Some(Route::Call("c1")));
        assert_eq!(Route::of("/agents/webhooks"), Some(Route::Webhooks));
        assert_eq!(Route::of("/agents/metrics"), Some(Route::Metrics));
        for path in [
            "/",
            "/agents/",
            "/agents//deployments",
            "/agents/a1/",
            "/agents/a1/deployments/",
            "/agents/a1/deployments/x",
            "/agents/a1/other",
            "/agents/calls/",
            "/agents/calls/batches",
            "/agents/templates",
            "/agents/phone-numbers",
            "/agents/deployments/d1",
            "/agentsx",
        ] {
            assert_eq!(Route::of(path), None, "{path}");
        }
    }

    #[test]
    fn parses_queries() {
        let q =
            Query::parse("agent_id=a%2Fb+c&limit=5&limit=7&x=&starting_after=c1&expand").unwrap();
        assert_eq!(q.agent_id.as_deref(), Some("a/b c"));
        assert_eq!(q.limit, Some(5));
        assert_eq!(q.starting_after.as_deref(), Some("c1"));
        assert_eq!(q.expand.as_deref(), Some(""));
        assert_eq!(Query::parse("").unwrap(), Query::default());
        for bad in ["limit=0", "limit=101", "limit=", "limit=-1", "limit=1e2"] {
            assert_eq!(Query::parse(bad), Err(ErrorKind::InvalidLimit), "{bad}");
        }
        assert_eq!(Query::parse("agent_id=%zz"), Err(ErrorKind::InvalidQuery));
    }

    fn data_of(answer: Answer<'_>) -> Value {
        serde_json::from_slice(&answer.response().body).unwrap()
    }

    #[test]
    fn pages_forwards_and_backwards() {
        let json: Vec<Vec<u8>> = (0..5)
            .map(|i| format!("{{\"id\":\"i{i}\"}}").into_bytes())
            .collect();
        let ids: Vec<String> = (0..5).map(|i| format!("i{i}")).collect();
        let items: Vec<(&str, &[u8])> = ids
            .iter()
            .zip(&json)
            .map(|(id, j)| (id.as_str(), j.as_slice()))
            .collect();
        fn query(q: &str) -> Query<'_> {
            Query::parse(q).unwrap()
        }
        let ids_of = |v: &Value| -> Vec<String> {
            v["data"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i["id"].as_str().unwrap().to_owned())
                .collect()
        };

        let first = data_of(page(&items, &query("limit=2")).unwrap());
        assert_eq!(ids_of(&first), ["i0", "i1"]);
        assert_eq!(first["has_more"], true);
        assert_eq!(first["next_page"], "i1");

        let last = data_of(page(&items, &query("limit=2&starting_after=i3")).unwrap());
        assert_eq!(ids_of(&last), ["i4"]);
        assert_eq!(last["has_more"], false);
        assert_eq!(last["next_page"], Value::Null);

        let all = data_of(page(&items, &query("")).unwrap());
        assert_eq!(ids_of(&all).len(), 5);
        assert_eq!(all["has_more"], false);

        let empty = data_of(page(&items, &query("starting_after=i4")).unwrap());
        assert_eq!(ids_of(&empty), Vec::<String>::new());
        assert_eq!(empty["has_more"], false);

        let back = data_of(page(&items, &query("limit=2&ending_before=i3")).unwrap());
        assert_eq!(ids_of(&back), ["i1", "i2"]);
        assert_eq!(back["has_more"], true);
        assert_eq!(back["next_page"], "i1");

        assert_eq!(
            page(&items, &query("starting_after=nope")).err(),
            Some(ErrorKind::InvalidCursor)
        );
        assert_eq!(
            page(&items, &query("starting_after=i1&ending_before=i3")).err(),
            Some(ErrorKind::ConflictingCursors)
        );
    }
}
