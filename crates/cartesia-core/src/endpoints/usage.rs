//! Endpoints of the usage API (admin key only): [`GetUsageCredits`], [`GetUsageAgents`].

use cartesia_types::usage::{
    UsageAgentsResponse, UsageCreditsGroupBy, UsageCreditsResponse, UsageInterval,
};
use cartesia_types::Timestamp;

use super::declare::endpoints;
use crate::resources::{AsyncUsage, BlockingUsage};

endpoints! {
    #[derive(Debug, Clone, PartialEq, Eq)]

    /// credits used over time, in buckets, optionally broken down by a dimension. Without a
    /// range the API picks its default window; `start_ts` and `end_ts` are at most a year
    /// apart and rounded to UTC days. Needs an admin key.
    GetUsageCredits = "usage_credits" GET ["/usage/credits"] -> UsageCreditsResponse {
        query {
            /// The start of the range.
            start_ts: opt Timestamp,
            /// The end of the range.
            end_ts: opt Timestamp,
            /// The bucket size.
            interval: opt UsageInterval,
            /// Only the usage of this API key (its id, not the secret).
            api_key_id: str,
            /// Breaks the usage down by this dimension.
            group_by: opt UsageCreditsGroupBy,
        }
        admin Admin;
        /// Credits used, in buckets
        request credits for AsyncUsage, BlockingUsage;
    }

    /// agent minutes, calls and cost over time, in buckets. Needs an admin key.
    GetUsageAgents = "usage_agents" GET ["/usage/agents"] -> UsageAgentsResponse {
        query {
            /// The start of the range.
            start_ts: opt Timestamp,
            /// The end of the range.
            end_ts: opt Timestamp,
            /// The bucket size.
            interval: opt UsageInterval,
        }
        admin Admin;
        /// Agent minutes, calls and cost, in buckets
        request agents for AsyncUsage, BlockingUsage;
    }
}
