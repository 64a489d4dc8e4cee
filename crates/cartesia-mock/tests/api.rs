//! The Agents routes besides phone numbers: every demo answer decodes into the
//! SDK's own models (`cartesia_types`) and says nothing those models do not
//! know; paging, filters and errors behave like the API.

mod common;

use cartesia_mock::{
    DemoPhoneNumber, MockServer, DEMO_AGENT_CALL_COUNT, DEMO_AGENT_ID, DEMO_CALL_ID,
    DEMO_SUPPORT_AGENT_ID,
};
use cartesia_types::agents::{AgentSummary, Deployment, GetAgentsResponse};
use cartesia_types::calls::AgentCall;
use cartesia_types::metrics::Metric;
use cartesia_types::webhooks::AgentWebhookSummary;
use cartesia_types::{Page, PhoneNumber};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// One `GET` on a fresh connection: (status, body).
fn get(server: &MockServer, target: &str) -> (u16, Vec<u8>) {
    request(server, "GET", target)
}

fn request(server: &MockServer, method: &str, target: &str) -> (u16, Vec<u8>) {
    let reply = common::send(server, method, target, common::AUTH, b"");
    let length: usize = reply
        .header("content-length")
        .expect("Content-Length")
        .parse()
        .unwrap();
    assert_eq!(reply.body.len(), length, "{reply:?}");
    assert!(
        reply
            .header("content-type")
            .is_some_and(|t| t.starts_with("application/json")),
        "{reply:?}"
    );
    (reply.status, reply.body)
}

/// Decodes a `200` body into `T`, and checks that `T` re-serialised gives
/// the same JSON once `null`s are dropped: no field of the answer is unknown
/// to the model (a misspelt field would be silently ignored otherwise).
fn decode<T: DeserializeOwned + Serialize>(server: &MockServer, target: &str) -> T {
    let (status, body) = get(server, target);
    let text = String::from_utf8_lossy(&body);
    assert_eq!(status, 200, "{target}: {text}");
    let model: T = serde_json::from_slice(&body)
        .unwrap_or_else(|e| panic!("{target}: does not decode: {e}\n{text}"));
    let original = strip_nulls(serde_json::from_slice(&body).unwrap());
    let again = strip_nulls(serde_json::to_value(&model).unwrap());
    assert_eq!(original, again, "{target}: fields the model does not know");
    model
}

fn strip_nulls(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, strip_nulls(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(strip_nulls).collect()),
        other => other,
    }
}

fn error_code(server: &MockServer, target: &str, status: u16) -> String {
    let (got, body) = get(server, target);
    assert_eq!(got, status, "{target}: {}", String::from_utf8_lossy(&body));
    let body: Value = serde_json::from_slice(&body).expect("error body is JSON");
    body["error_code"].as_str().unwrap_or("").to_owned()
}

fn all_calls(server: &MockServer, agent_id: &str, limit: usize, expand: bool) -> Vec<AgentCall> {
    let mut calls = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..100 {
        let mut target = format!("/agents/calls?agent_id={agent_id}&limit={limit}");
        if expand {
            target.push_str("&expand=transcript");
        }
        if let Some(c) = &cursor {
            target.push_str(&format!("&starting_after={c}"));
        }
        let page: Page<AgentCall> = decode(server, &target);
        assert!(page.data.len() <= limit);
        let more = page.has_more.expect("has_more is always sent");
        cursor = page.data.last().map(|c| c.id.clone());
        if more {
            assert_eq!(page.next_page, cursor);
        } else {
            assert_eq!(page.next_page, None);
        }
        calls.extend(page.data);
        if !more {
            return calls;
        }
    }
    panic!("paging did not end");
}

#[test]
fn every_demo_answer_decodes_into_the_sdk_models() {
    let server = MockServer::start().unwrap();

    let agents: GetAgentsResponse = decode(&server, "/agents");
    let ids: Vec<&str> = agents.summaries.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, [DEMO_AGENT_ID, DEMO_SUPPORT_AGENT_ID]);
    for summary in &agents.summaries {
        let one: AgentSummary = decode(&server, &format!("/agents/{}", summary.id));
        assert_eq!(&one, summary);
        let numbers: Vec<PhoneNumber> =
            decode(&server, &format!("/agents/{}/phone-numbers", summary.id));
        let listed: Vec<&str> = one
            .phone_numbers
            .as_deref()
            .unwrap_or_default()
            .iter()
            .map(|n| n.number.as_str())
            .collect();
        let served: Vec<&str> = numbers.iter().map(|n| n.number.as_str()).collect();
        assert_eq!(listed, served);
        let deployments: Vec<Deployment> =
            decode(&server, &format!("/agents/{}/deployments", summary.id));
        assert_eq!(deployments.len() as u64, one.deployment_count);
        for d in &deployments {
            assert_eq!(d.agent_id, summary.id);
            assert!(d.status.is_known(), "{:?}", d.status);
        }
        assert_eq!(deployments.iter().filter(|d| d.is_live).count(), 1);

        for expand in [false, true] {
            let calls = all_calls(&server, &summary.id, 5, expand);
            assert!(!calls.is_empty());
            for call in &calls {
                assert_eq!(call.agent_id, summary.id);
                assert!(call.status.is_known(), "{:?}", call.status);
                assert!(call.end_reason.as_ref().is_none_or(|r| r.is_known()));
                assert!(call
                    .telephony_account_type
                    .as_ref()
                    .is_none_or(|t| t.is_known()));
                if !expand {
                    assert!(call.transcript.is_none(), "{}", call.id);
                }
                let full: AgentCall = decode(&server, &format!("/agents/calls/{}", call.id));
                assert_eq!(full.id, call.id);
                if expand {
                    assert_eq!(&full, call);
                }
            }
        }
    }

    let webhooks: Page<AgentWebhookSummary> = decode(&server, "/agents/webhooks");
    assert_eq!(webhooks.data.len(), 2);
    assert_eq!(webhooks.has_more, Some(false));
    let metrics: Page<Metric> = decode(&server, "/agents/metrics");
    assert_eq!(metrics.data.len(), 3);
    let first: Page<Metric> = decode(&server, "/agents/metrics?limit=2");
    assert_eq!(first.has_more, Some(true));
    let rest: Page<Metric> = decode(
        &server,
        &format!(
            "/agents/metrics?limit=2&starting_after={}",
            first.data[1].id
        ),
    );
    assert_eq!(rest.data, metrics.data[2..]);
}

#[test]
fn demo_calls_take_two_default_pages_newest_first() {
    let server = MockServer::start().unwrap();
    let first: Page<AgentCall> = decode(&server, "/agents/calls?agent_id=agent_demo");
    assert_eq!(first.data.len(), 10);
    assert_eq!(first.has_more, Some(true));
    let all = all_calls(&server, DEMO_AGENT_ID, 10, false);
    assert_eq!(all.len(), DEMO_AGENT_CALL_COUNT);
    assert_eq!(all[..10], first.data[..]);
    let starts: Vec<String> = all
        .iter()
        .map(|c| c.start_time.expect("start time").to_string())
        .collect();
    let mut sorted = starts.clone();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(starts, sorted);
    assert!(all.iter().any(|c| c.id == DEMO_CALL_ID));

    let call: AgentCall = decode(&server, &format!("/agents/calls/{DEMO_CALL_ID}"));
    assert!(call.transcript.as_ref().is_some_and(|t| t.len() >= 2));
    assert!(call.summary.is_some());

    // Paging backwards from the last call.
    let last = &all[DEMO_AGENT_CALL_COUNT - 1].id;
    let before: Page<AgentCall> = decode(
        &server,
        &format!("/agents/calls?agent_id=agent_demo&limit=3&ending_before={last}"),
    );
    assert_eq!(
        before.data,
        all[DEMO_AGENT_CALL_COUNT - 4..DEMO_AGENT_CALL_COUNT - 1]
    );
    assert_eq!(before.has_more, Some(true));

    // The support agent's calls are not mixed in.
    let support = all_calls(&server, DEMO_SUPPORT_AGENT_ID, 100, false);
    assert_eq!(support.len(), 3);
}

#[test]
fn list_and_lookup_errors_are_structured() {
    let server = MockServer::start().unwrap();
    for (target, code) in [
        ("/agents/nobody", "agent_not_found"),
        ("/agents/nobody/deployments", "agent_not_found"),
        ("/agents/calls/ac_nope", "call_not_found"),
        ("/agents/calls?agent_id=nobody", "agent_not_found"),
        ("/agents/calls?batch_id=b1", "batch_not_found"),
    ] {
        assert_eq!(error_code(&server, target, 404), code, "{target}");
    }
    for target in [
        "/agents/calls",
        "/agents/calls?limit=5",
        "/agents/calls?agent_id=agent_demo&limit=0",
        "/agents/calls?agent_id=agent_demo&limit=101",
        "/agents/calls?agent_id=agent_demo&limit=ten",
        "/agents/calls?agent_id=agent_demo&starting_after=ac_nope",
        "/agents/calls?agent_id=agent_demo&starting_after=ac_support_01",
        "/agents/calls?agent_id=agent_demo&starting_after=a&ending_before=b",
        "/agents/webhooks?limit=1000",
        "/agents/metrics?ending_before=met_booking",
    ] {
        assert_eq!(
            error_code(&server, target, 400),
            "invalid_request",
            "{target}"
        );
    }
    // An invalid percent-escape is taken literally (as form decoding does): no such agent.
    for target in ["/agents/calls?agent_id=%zz", "/agents/%zz"] {
        assert_eq!(
            error_code(&server, target, 404),
            "agent_not_found",
            "{target}"
        );
    }
    for path in [
        "/agents/x/y",
        "/agents/calls/ac_demo_01/nothing",
        "/no-such-family",
    ] {
        assert_eq!(error_code(&server, path, 404), "not_found", "{path}");
    }
    let (status, _) = request(&server, "PUT", "/agents/calls/ac_demo_01");
    assert_eq!(status, 405);
    let (status, _) = request(&server, "POST", "/agents");
    assert_eq!(status, 405);
}

#[test]
fn added_agents_are_listed_with_made_up_summaries() {
    let server = MockServer::builder()
        .agent("a/b", vec![DemoPhoneNumber::new("a/b", "+15005550006")])
        .agent(DEMO_AGENT_ID, vec![])
        .start()
        .unwrap();
    let agents: GetAgentsResponse = decode(&server, "/agents");
    let ids: Vec<&str> = agents.summaries.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, [DEMO_AGENT_ID, DEMO_SUPPORT_AGENT_ID, "a/b"]);
    let added: AgentSummary = decode(&server, "/agents/a%2Fb");
    assert_eq!(added.name, "a/b");
    assert_eq!(added.deployment_count, 0);
    let numbers = added.phone_numbers.expect("numbers");
    assert_eq!(numbers[0].number, "+15005550006");
    assert_eq!(numbers[0].id, "pn_15005550006");
    let deployments: Vec<Deployment> = decode(&server, "/agents/a%2Fb/deployments");
    assert!(deployments.is_empty());
    let calls: Page<AgentCall> = decode(&server, "/agents/calls?agent_id=a%2Fb");
    assert!(calls.data.is_empty());
    assert_eq!(calls.has_more, Some(false));
    // The replaced demo agent keeps its profile and calls, with its new numbers.
    let demo: AgentSummary = decode(&server, "/agents/agent_demo");
    assert_eq!(demo.name, "demo-receptionist");
    assert_eq!(demo.phone_numbers.as_deref().map(<[_]>::len), Some(0));
    assert_eq!(
        all_calls(&server, DEMO_AGENT_ID, 100, false).len(),
        DEMO_AGENT_CALL_COUNT
    );

    let bare = MockServer::builder()
        .without_demo_data()
        .generated_agent("bench", 3)
        .start()
        .unwrap();
    let agents: GetAgentsResponse = decode(&bare, "/agents");
    assert_eq!(agents.summaries.len(), 1);
    assert_eq!(
        agents.summaries[0].phone_numbers.as_ref().map(Vec::len),
        Some(3)
    );
    let webhooks: Page<AgentWebhookSummary> = decode(&bare, "/agents/webhooks");
    assert!(webhooks.data.is_empty());
    let metrics: Page<Metric> = decode(&bare, "/agents/metrics");
    assert!(metrics.data.is_empty());
    assert_eq!(
        error_code(&bare, &format!("/agents/calls/{DEMO_CALL_ID}"), 404),
        "call_not_found"
    );
}
