//! Models of the Agents API: webhooks.
