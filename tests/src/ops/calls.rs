//! Contract scenarios: calls.
