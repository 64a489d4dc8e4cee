//! Per-operation contract scenarios of the Agents API: for every operation, the exact method,
//! path, query and JSON body sent, and the decoding of a spec-shaped response — on every
//! transport. One module per family; [`call_op`] does the checking.

pub mod agents;
pub mod calls;
pub mod knowledge_base;
pub mod metrics;
pub mod phone_numbers;
pub mod speech;
pub mod webhooks;

use cartesia_core::Endpoint;

use crate::harness::Harness;
use crate::{Ctx, Reply};

/// What the server must see for one call.
#[derive(Debug, Clone)]
pub struct Expected<'a> {
    /// `GET`, `POST`, ...
    pub method: &'a str,
    /// The exact path and query, percent-encoding included (`/agents/calls?limit=2`).
    pub path_and_query: &'a str,
    /// The JSON body (compared as JSON values, so key order does not matter), or `None` for
    /// no body at all.
    pub json_body: Option<serde_json::Value>,
}

impl<'a> Expected<'a> {
    /// A request with no body.
    pub fn no_body(method: &'a str, path_and_query: &'a str) -> Self {
        Self {
            method,
            path_and_query,
            json_body: None,
        }
    }

    /// A request with a JSON body.
    pub fn json(method: &'a str, path_and_query: &'a str, body: serde_json::Value) -> Self {
        Self {
            method,
            path_and_query,
            json_body: Some(body),
        }
    }
}

/// Every (method, path) that a per-operation scenario checked, across the process: the
/// coverage test matches them against the operation catalog.
static CHECKED: std::sync::Mutex<Vec<(String, String)>> = std::sync::Mutex::new(Vec::new());

/// Notes that `method path` was checked by a scenario.
pub fn note_checked(method: &str, path_and_query: &str) {
    let path = path_and_query.split('?').next().unwrap_or("").to_owned();
    CHECKED
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .push((method.to_owned(), path));
}

/// The operations of the catalog that no scenario has checked yet in this process (a path
/// counts for the most specific template it matches, so `/agents/calls` covers
/// `GET /agents/calls`, not `GET /agents/{agent_id}`).
pub fn unchecked_operations() -> Vec<String> {
    let catalog = cartesia_core::endpoints::catalog();
    let checked = CHECKED.lock().unwrap_or_else(|p| p.into_inner()).clone();
    let literals = |t: &str| t.split('/').filter(|s| !s.starts_with('{')).count();
    let matches = |template: &str, path: &str| {
        let (t, p): (Vec<&str>, Vec<&str>) =
            (template.split('/').collect(), path.split('/').collect());
        t.len() == p.len() && t.iter().zip(&p).all(|(t, p)| t.starts_with('{') || t == p)
    };
    let mut covered = std::collections::BTreeSet::new();
    for (method, path) in &checked {
        let best = catalog
            .iter()
            .filter(|op| op.method == method && matches(op.path, path))
            .max_by_key(|op| literals(op.path));
        if let Some(op) = best {
            covered.insert((op.method, op.path));
        }
    }
    catalog
        .iter()
        .filter(|op| !covered.contains(&(op.method, op.path)))
        .map(|op| format!("{} {}", op.method, op.path))
        .collect()
}

/// Queues `reply`, runs `endpoint` through the harness's client, checks that exactly one request
/// arrived and that it is `expected` (method, path and query, `Content-Type` and JSON body, the
/// common headers), and returns the decoded output.
pub fn call_op<H: Harness, E: Endpoint + Sync>(
    ctx: &Ctx,
    h: &H,
    endpoint: &E,
    reply: Reply,
    expected: Expected<'_>,
) -> E::Output {
    let before = ctx.received().len();
    ctx.reply(reply);
    let out = h.run(ctx, endpoint).unwrap_or_else(|e| {
        panic!(
            "{}: {} {}: {e}",
            H::NAME,
            expected.method,
            expected.path_and_query
        )
    });
    let seen = ctx.received();
    assert_eq!(seen.len(), before + 1, "{}: expected one request", H::NAME);
    let s = &seen[before];
    note_checked(&s.method, &s.path_and_query);
    assert_eq!(s.method, expected.method, "{}: method", H::NAME);
    assert_eq!(
        s.path_and_query,
        expected.path_and_query,
        "{}: path and query",
        H::NAME
    );
    assert_eq!(s.header("cartesia-version"), Some("2026-03-01"));
    assert!(s
        .header("authorization")
        .is_some_and(|a| a.starts_with("Bearer ")));
    match expected.json_body {
        Some(want) => {
            assert_eq!(
                s.header("content-type"),
                Some("application/json"),
                "{}",
                H::NAME
            );
            let got: serde_json::Value = serde_json::from_slice(&s.body).unwrap_or_else(|e| {
                panic!(
                    "{}: body is not JSON ({e}): {:?}",
                    H::NAME,
                    String::from_utf8_lossy(&s.body)
                )
            });
            assert_eq!(
                got,
                want,
                "{}: {} {} body",
                H::NAME,
                expected.method,
                expected.path_and_query
            );
        }
        None => {
            assert!(
                s.body.is_empty(),
                "{}: unexpected body {:?}",
                H::NAME,
                String::from_utf8_lossy(&s.body)
            );
            assert_eq!(s.header("content-type"), None);
        }
    }
    out
}

/// A fresh context and client for one family's scenario (no retries, so every reply is used
/// by exactly one call).
pub fn setup<H: Harness>() -> (Ctx, H) {
    let ctx = Ctx::new(H::WIRE);
    let h = H::build(&ctx, ctx.builder().max_retries(0))
        .unwrap_or_else(|e| panic!("{}: building the client failed: {e}", H::NAME));
    (ctx, h)
}
