//! Models of the Agents API: telephony.
