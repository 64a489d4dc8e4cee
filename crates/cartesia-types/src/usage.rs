//! Models of the usage API (`/usage/credits`, `/usage/agents`; admin key only).

use serde::{Deserialize, Serialize};

use crate::model::model;

use crate::Timestamp;

crate::open_enum! {
    /// How usage is bucketed in time (`UsageInterval`).
    pub enum UsageInterval {
        /// One bucket per UTC day.
        Day => "day",
        /// One bucket per week.
        Week => "week",
        /// One bucket per month.
        Month => "month",
    }
}

crate::open_enum! {
    /// The dimension credit usage is broken down by (`UsageCreditsGroupBy`).
    pub enum UsageCreditsGroupBy {
        /// By capability (TTS, STT, ...).
        Capability => "capability",
        /// By model.
        Model => "model",
        /// By voice.
        Voice => "voice",
        /// By API key.
        ApiKey => "api_key",
    }
}

/// Credits used in one time bucket (`UsageCreditsBucket`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct UsageCreditsBucket {
    /// The start of the bucket.
    pub start_ts: Timestamp,
    /// The end of the bucket.
    pub end_ts: Timestamp,
    /// Credits used in it.
    pub credits: i64,
}

model! {
    /// Credit usage of one value of the group-by dimension (`UsageCreditsBreakdownSeries`).
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct UsageCreditsSeries {
        /// The dimension value (capability, model, voice or API key id).
        pub id: String,
        /// A readable label, when there is one.
        pub label?: String,
        /// Its buckets.
        #[serde(default)]
        pub buckets: Vec<UsageCreditsBucket>,
    }
}

/// The data of a credits answer: flat buckets, or one series per dimension value when the
/// request had `group_by`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum UsageCreditsData {
    /// Without `group_by`: buckets in time order.
    Buckets(Vec<UsageCreditsBucket>),
    /// With `group_by`: one series per value.
    Series(Vec<UsageCreditsSeries>),
}

model! {
    /// The answer of `GET /usage/credits` (`UsageCreditsResponse`).
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct UsageCreditsResponse {
        /// The dimension, when the request grouped.
        pub group_by?: UsageCreditsGroupBy,
        /// The usage.
        pub data: UsageCreditsData,
    }
}

impl UsageCreditsResponse {
    /// The credits used in all, over every bucket (and series).
    pub fn total_credits(&self) -> i64 {
        match &self.data {
            UsageCreditsData::Buckets(b) => b.iter().map(|b| b.credits).sum(),
            UsageCreditsData::Series(s) => {
                s.iter().flat_map(|s| &s.buckets).map(|b| b.credits).sum()
            }
        }
    }
}

/// Agent usage in one time bucket (`UsageAgentsBucket`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct UsageAgentsBucket {
    /// The start of the bucket.
    pub start_ts: Timestamp,
    /// The end of the bucket.
    pub end_ts: Timestamp,
    /// The cost in US cents.
    #[serde(default)]
    pub cents: i64,
    /// Minutes of agent runtime.
    #[serde(default)]
    pub minutes: f64,
    /// Calls started in the bucket.
    #[serde(default)]
    pub calls: i64,
}

/// The answer of `GET /usage/agents` (`UsageAgentsResponse`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct UsageAgentsResponse {
    /// Buckets in time order (empty ones included, with zeros).
    pub data: Vec<UsageAgentsBucket>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flat_and_grouped_credits() {
        let flat: UsageCreditsResponse = serde_json::from_str(
            r#"{"data":[{"start_ts":"2026-01-01T00:00:00.000Z","end_ts":"2026-01-02T00:00:00Z","credits":5}]}"#,
        )
        .unwrap();
        assert!(matches!(flat.data, UsageCreditsData::Buckets(_)));
        assert_eq!(flat.total_credits(), 5);
        let grouped: UsageCreditsResponse = serde_json::from_str(
            r#"{"group_by":"model","data":[{"id":"sonic-3","buckets":[
                {"start_ts":"2026-01-01T00:00:00Z","end_ts":"2026-01-02T00:00:00Z","credits":2},
                {"start_ts":"2026-01-02T00:00:00Z","end_ts":"2026-01-03T00:00:00Z","credits":3}]}]}"#,
        )
        .unwrap();
        assert_eq!(grouped.group_by, Some(UsageCreditsGroupBy::Model));
        assert_eq!(grouped.total_credits(), 5);
    }
}
