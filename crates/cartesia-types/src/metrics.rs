//! Models of the Agents API: metrics (LLM-as-a-judge) and their results.
//!
//! A [`Metric`] is a prompt that judges calls; once added to an agent it runs on every call and
//! produces [`MetricResult`]s. Note that metric results use **camelCase** JSON keys
//! (`metricId`, `createdAt`, ...), unlike every other model; the Rust fields are snake_case.

use serde::{Deserialize, Serialize};

use crate::model::model;

use crate::calls::AgentTranscript;
use crate::{JsonMap, JsonValue, Timestamp};

model! {
    /// A metric (`GET /agents/metrics/{metric_id}`, an item of `GET /agents/metrics`).
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct Metric {
        /// The unique identifier of the metric.
        pub id: String => into,
        /// The unique name of the metric (lower-case letters, digits, `_`, `-` and `.`), used to
        /// identify it in the CLI.
        pub name: String => into,
        /// The name shown in the Playground, if any.
        pub display_name?: String,
        /// The prompt: the task and the evaluation criteria.
        pub prompt: String => into,
        /// When the metric was created (UTC).
        pub created_at: Timestamp => arg,
    }

    /// A metric with the required fields, e.g. for a test double.
    fn new;
}

crate::page::has_id!(Metric, MetricResult);

model! {
    /// The body of `POST /agents/metrics`.
    ///
    /// ```
    /// use cartesia_types::metrics::CreateMetricRequest;
    ///
    /// let body = CreateMetricRequest::new("resolved", "Was the issue resolved? Answer yes or no.")
    ///     .display_name("Resolved");
    /// # fn j<T: serde::Serialize>(v: &T) -> String { serde_json::to_string(v).unwrap() }
    /// assert_eq!(
    ///     j(&body),
    ///     r#"{"name":"resolved","display_name":"Resolved","prompt":"Was the issue resolved? Answer yes or no."}"#
    /// );
    /// ```
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct CreateMetricRequest {
        /// A unique name: lower-case letters, digits, `_`, `-` and `.` only.
        pub name: String => into,
        /// The name shown in the Playground (not sent when `None`).
        pub display_name?: String,
        /// The prompt: the task and the evaluation criteria.
        pub prompt: String => into,
    }

    /// A metric named `name` judging calls with `prompt`.
    fn new;

    /// Sets the name shown in the Playground.
    fn display_name(display_name: impl Into<String>) = Some;
}

crate::open_enum! {
    /// The status of a metric result (`AgentMetricResultStatus`).
    pub enum MetricResultStatus {
        /// The metric was computed.
        Completed => "completed",
        /// The metric result was not computed or not parsed properly.
        Failed => "failed",
    }
}

model! {
    /// One result of a metric on one call (an item of `GET /agents/metrics/results`).
    ///
    /// On the wire the keys are camelCase (`metricId`, `agentId`, `createdAt`, ...).
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct MetricResult {
        /// The unique identifier of the metric result (`id`).
        pub id: String => into,
        /// The identifier of the metric measured (`metricId`).
        pub metric_id: String => into,
        /// The name of the metric measured (`metricName`).
        pub metric_name: String => into,
        /// The display name of the metric, if any (`metricDisplayName`).
        pub metric_display_name?: String,
        /// A summary of the transcript of the call (`summary`).
        pub summary: String => into,
        /// The transcript of the call, if included (`transcript`; the same turns as a call's
        /// transcript, snake_case inside).
        pub transcript?: Vec<AgentTranscript>,
        /// The identifier of the agent (`agentId`).
        pub agent_id: String => into,
        /// The identifier of the call (`callId`).
        pub call_id: String => into,
        /// The raw result, as a string (`result`).
        pub result: String => into,
        /// The structured JSON result, if any (`jsonResult`).
        pub json_result?: JsonMap,
        /// The value of the result, of any JSON type, if any (`value`). A JSON `null` reads as
        /// `None`.
        pub value?: JsonValue,
        /// Whether the result was computed (`status`).
        pub status: MetricResultStatus => arg,
        /// The identifier of the run, if applicable (`runId`).
        pub run_id?: String,
        /// When the result was created (UTC) (`createdAt`).
        pub created_at: Timestamp => arg,
        /// The identifier of the deployment, if known (`deploymentId`).
        pub deployment_id?: String,
    }

    /// A metric result with the required fields, e.g. for a test double.
    #[allow(clippy::too_many_arguments)]
    fn new;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::HasId;
    use crate::Page;

    const METRIC: &str = r#"{"id":"metric_abc","name":"resolved","display_name":"Resolved","prompt":"Was it resolved?","created_at":"2026-03-01T12:00:00Z"}"#;

    const RESULT: &str = r#"{
        "id": "metric_result_abc123",
        "metricId": "metric_abc",
        "metricName": "resolved",
        "metricDisplayName": "Resolved",
        "summary": "The caller asked for a refund.",
        "transcript": [
            {"role": "user", "text": "I want a refund", "start_timestamp": 0.5, "end_timestamp": 1.75},
            {"role": "assistant", "text": "Sure.", "start_timestamp": 2.0, "end_timestamp": 2.5, "tool_calls": null}
        ],
        "agentId": "agent_1",
        "callId": "call_1",
        "result": "yes",
        "jsonResult": {"resolved": true, "score": 0.9},
        "value": true,
        "status": "completed",
        "runId": "run_1",
        "createdAt": "2026-03-31T17:37:05.961874Z",
        "deploymentId": "dep_1"
    }"#;

    #[test]
    fn decodes_a_metric() {
        let m: Metric = serde_json::from_str(METRIC).unwrap();
        assert_eq!(m.id, "metric_abc");
        assert_eq!(HasId::id(&m), "metric_abc");
        assert_eq!(m.name, "resolved");
        assert_eq!(m.display_name.as_deref(), Some("Resolved"));
        assert_eq!(m.prompt, "Was it resolved?");
        assert_eq!(m.created_at.to_string(), "2026-03-01T12:00:00Z");
        let null = METRIC.replace(r#""Resolved""#, "null");
        assert_eq!(
            serde_json::from_str::<Metric>(&null).unwrap().display_name,
            None
        );
        let absent = METRIC.replace(r#""display_name":"Resolved","#, r#""extra":[1],"#);
        assert_eq!(
            serde_json::from_str::<Metric>(&absent)
                .unwrap()
                .display_name,
            None
        );
    }

    #[test]
    fn decodes_a_camel_case_result() {
        let r: MetricResult = serde_json::from_str(RESULT).unwrap();
        assert_eq!(r.id, "metric_result_abc123");
        assert_eq!(HasId::id(&r), "metric_result_abc123");
        assert_eq!(r.metric_id, "metric_abc");
        assert_eq!(r.metric_name, "resolved");
        assert_eq!(r.metric_display_name.as_deref(), Some("Resolved"));
        assert_eq!(r.summary, "The caller asked for a refund.");
        let transcript = r.transcript.as_ref().unwrap();
        assert_eq!(transcript.len(), 2);
        assert_eq!(transcript[0].role, crate::calls::TranscriptRole::User);
        assert_eq!(transcript[0].text.as_deref(), Some("I want a refund"));
        assert_eq!(transcript[0].start_timestamp, 0.5);
        assert_eq!(transcript[1].end_timestamp, 2.5);
        assert_eq!(transcript[1].tool_calls, None);
        assert_eq!(r.agent_id, "agent_1");
        assert_eq!(r.call_id, "call_1");
        assert_eq!(r.result, "yes");
        assert_eq!(
            r.json_result.as_ref().unwrap()["resolved"],
            JsonValue::Bool(true)
        );
        assert_eq!(r.value, Some(JsonValue::Bool(true)));
        assert_eq!(r.status, MetricResultStatus::Completed);
        assert_eq!(r.run_id.as_deref(), Some("run_1"));
        assert_eq!(r.created_at.to_string(), "2026-03-31T17:37:05.961874Z");
        assert_eq!(r.deployment_id.as_deref(), Some("dep_1"));
        // Encodes back to camelCase.
        let back = serde_json::to_value(&r).unwrap();
        assert_eq!(back["metricId"], "metric_abc");
        assert_eq!(back["createdAt"], "2026-03-31T17:37:05.961874Z");
        assert!(back.get("metric_id").is_none());
        assert_eq!(serde_json::from_value::<MetricResult>(back).unwrap(), r);
    }

    #[test]
    fn result_optional_fields_may_be_null_or_absent() {
        const OPTIONAL: [&str; 6] = [
            "metricDisplayName",
            "transcript",
            "jsonResult",
            "value",
            "runId",
            "deploymentId",
        ];
        let mut v: serde_json::Value = serde_json::from_str(RESULT).unwrap();
        let obj = v.as_object_mut().unwrap();
        for k in OPTIONAL {
            obj.insert(k.to_owned(), JsonValue::Null);
        }
        let r: MetricResult = serde_json::from_value(v.clone()).unwrap();
        assert_eq!(r.metric_display_name, None);
        assert_eq!(r.transcript, None);
        assert_eq!(r.json_result, None);
        assert_eq!(r.value, None);
        assert_eq!(r.run_id, None);
        assert_eq!(r.deployment_id, None);
        let obj = v.as_object_mut().unwrap();
        for k in OPTIONAL {
            obj.remove(k);
        }
        let r2: MetricResult = serde_json::from_value(v).unwrap();
        assert_eq!(r, r2);
    }

    #[test]
    fn result_value_keeps_any_json_type_and_unknown_status() {
        let json = RESULT
            .replace(r#""value": true"#, r#""value": 4.5"#)
            .replace(r#""completed""#, r#""pending_review""#);
        let r: MetricResult = serde_json::from_str(&json).unwrap();
        assert_eq!(r.value, Some(serde_json::json!(4.5)));
        assert_eq!(
            r.status,
            MetricResultStatus::Unknown("pending_review".into())
        );
        assert!(!r.status.is_known());
        let failed = RESULT.replace(r#""completed""#, r#""failed""#);
        let r: MetricResult = serde_json::from_str(&failed).unwrap();
        assert_eq!(r.status, MetricResultStatus::Failed);
    }

    crate::test_support::required_fields! {
        /// The result's required fields have their camelCase names.
        fn required_fields_are_required {
            Metric: METRIC => ["id", "name", "prompt", "created_at"];
            MetricResult: RESULT => [
                "id", "metricId", "metricName", "summary", "agentId", "callId", "result", "status",
                "createdAt",
            ];
        }
    }

    #[test]
    fn result_refuses_snake_case_names() {
        // snake_case keys are not the wire format.
        let snake = RESULT.replace(r#""metricId""#, r#""metric_id""#);
        assert!(serde_json::from_str::<MetricResult>(&snake).is_err());
    }

    #[test]
    fn pages_decode() {
        let json = format!(r#"{{"data":[{METRIC}],"has_more":true,"next_page":"metric_abc"}}"#);
        let page: Page<Metric> = serde_json::from_str(&json).unwrap();
        assert_eq!(page.data[0].id, "metric_abc");
        assert_eq!(page.has_more, Some(true));
        let json = format!(r#"{{"data":[{RESULT}],"has_more":false}}"#);
        let page: Page<MetricResult> = serde_json::from_str(&json).unwrap();
        assert_eq!(page.data[0].metric_id, "metric_abc");
        assert_eq!(page.has_more, Some(false));
    }

    #[test]
    fn create_request_omits_unset_display_name() {
        let body = CreateMetricRequest::new("n", "p");
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            serde_json::json!({"name": "n", "prompt": "p"})
        );
    }
}
