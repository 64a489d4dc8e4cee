//! Models of the Agents API: knowledge_base.
