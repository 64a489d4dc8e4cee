//! Every API operation as an [`Endpoint`](crate::Endpoint) struct, by family.
//!
//! Required parameters are constructor arguments; optional ones are setters. Each family
//! module lists what it implements in `OPERATIONS`; [`catalog`] gathers them.

pub mod agents;
pub mod api_keys;
pub mod call_audio;
pub mod calls;
pub mod datasets;
pub(crate) mod declare;
pub mod files;
pub mod fine_tunes;
pub mod knowledge_base;
pub mod metrics;
pub mod organizations;
pub mod phone_numbers;
pub mod pronunciation_dicts;
pub mod speech;
#[cfg(test)]
mod steps;
pub mod uploads;
pub mod usage;
pub mod webhooks;

/// One implemented operation, as the OpenAPI document names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct OperationInfo {
    /// `GET`, `POST`, ...
    pub method: &'static str,
    /// The path template, e.g. `/agents/{agent_id}/phone-numbers`.
    pub path: &'static str,
    /// The `operationId` in the OpenAPI document.
    pub operation_id: &'static str,
    /// The endpoint struct implementing it.
    pub endpoint: &'static str,
}

/// Every operation this SDK implements.
pub fn catalog() -> Vec<OperationInfo> {
    [
        agents::OPERATIONS,
        calls::OPERATIONS,
        call_audio::OPERATIONS,
        phone_numbers::OPERATIONS,
        metrics::OPERATIONS,
        webhooks::OPERATIONS,
        knowledge_base::OPERATIONS,
        datasets::OPERATIONS,
        files::OPERATIONS,
        fine_tunes::OPERATIONS,
        pronunciation_dicts::OPERATIONS,
        usage::OPERATIONS,
        api_keys::OPERATIONS,
        organizations::OPERATIONS,
        uploads::OPERATIONS,
        speech::OPERATIONS,
    ]
    .concat()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    /// Each family's `OPERATIONS` is generated from its declarations, so it cannot miss an
    /// endpoint; here: no operation is declared twice, and the Agents API (55) and the
    /// resource-management families (34) are all there.
    #[test]
    fn catalog_lists_each_operation_once() {
        let all = catalog();
        let routes: BTreeSet<_> = all.iter().map(|o| (o.method, o.path)).collect();
        let ids: BTreeSet<_> = all.iter().map(|o| o.operation_id).collect();
        let names: BTreeSet<_> = all.iter().map(|o| o.endpoint).collect();
        assert_eq!(routes.len(), all.len(), "an operation is listed twice");
        assert_eq!(ids.len(), all.len(), "an operation id is used twice");
        assert_eq!(names.len(), all.len(), "an endpoint name is used twice");
        assert_eq!(all.len(), 55 + 34 + 14);
        assert_eq!(
            all.iter().filter(|o| o.path.starts_with("/agents")).count(),
            55
        );
        assert_eq!(speech::OPERATIONS.len(), 14);
        for op in &all {
            assert!(
                ["GET", "POST", "PATCH", "DELETE"].contains(&op.method),
                "{op:?}"
            );
        }
    }
}
