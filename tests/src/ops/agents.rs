//! Contract scenarios: agents.

#[allow(unused_imports)]
use crate::harness::Harness;

/// Every operation of this family: exact request, decoded response. (To be written.)
pub fn agents_operations<H: Harness>() {}
