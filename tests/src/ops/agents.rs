//! Contract scenarios: agents.
