//! Models of the Agents API: metrics.
