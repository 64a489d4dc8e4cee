//! Contract scenarios: knowledge_base.

#[allow(unused_imports)]
use crate::harness::Harness;

/// Every operation of this family: exact request, decoded response. (To be written.)
pub fn folders_operations<H: Harness>() {}

/// Every operation of this family: exact request, decoded response. (To be written.)
pub fn documents_operations<H: Harness>() {}
