//! Contract scenarios: metrics.
