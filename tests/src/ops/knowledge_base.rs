//! Contract scenarios: knowledge_base.
