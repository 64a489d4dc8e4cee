//! Endpoints of the usage API (admin key only): [`GetUsageCredits`], [`GetUsageAgents`].

use cartesia_types::usage::{
    UsageAgentsResponse, UsageCreditsGroupBy, UsageCreditsResponse, UsageInterval,
};
use cartesia_types::Timestamp;

use super::declare::endpoints;
use crate::resources::{AsyncUsage, BlockingUsage};

endpoints! {
    impl AsyncUsage, BlockingUsage {
        /// credits used over time, in buckets, optionally broken down by a dimension. Without a
        /// range the API picks its default window; `start_ts` and `end_ts` are at most a year
        /// apart and rounded to UTC days. Needs an admin key.
        GetUsageCredits = "usage_credits" GET ["/usage/credits"] -> UsageCreditsResponse => request credits {
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
        }

        /// agent minutes, calls and cost over time, in buckets. Needs an admin key.
        GetUsageAgents = "usage_agents" GET ["/usage/agents"] -> UsageAgentsResponse => request agents {
            query {
                /// The start of the range.
                start_ts: opt Timestamp,
                /// The end of the range.
                end_ts: opt Timestamp,
                /// The bucket size.
                interval: opt UsageInterval,
            }
            admin Admin;
        }
    }
}
