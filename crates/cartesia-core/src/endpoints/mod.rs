//! Every API operation as an [`Endpoint`](crate::Endpoint) struct, by family.
//!
//! Required parameters are constructor arguments; optional ones are setters. Each family
//! module lists what it implements in `OPERATIONS`; [`catalog`] gathers them.

pub mod agents;
pub mod call_audio;
pub mod calls;
pub mod knowledge_base;
pub mod metrics;
pub mod phone_numbers;
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
    ]
    .concat()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn catalog_matches_the_endpoints() {
        let samples: BTreeSet<(String, &str)> = [
            agents::samples(),
            calls::samples(),
            call_audio::samples(),
            phone_numbers::samples(),
            metrics::samples(),
            webhooks::samples(),
            knowledge_base::samples(),
        ]
        .concat()
        .into_iter()
        .map(|(m, p)| (m.to_string(), p))
        .collect();
        let listed: BTreeSet<(String, &str)> = catalog()
            .iter()
            .map(|o| (o.method.to_owned(), o.path))
            .collect();
        assert_eq!(
            catalog().len(),
            listed.len(),
            "an operation is listed twice"
        );
        let missing: Vec<_> = listed.difference(&samples).collect();
        let unlisted: Vec<_> = samples.difference(&listed).collect();
        assert!(
            missing.is_empty(),
            "listed but no endpoint sample: {missing:?}"
        );
        assert!(
            unlisted.is_empty(),
            "endpoints missing from OPERATIONS: {unlisted:?}"
        );
    }
}
