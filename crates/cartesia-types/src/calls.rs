//! Models of the Agents API: calls.
