//! Contract scenarios: webhooks.
