//! Contract scenarios: calls.

#[allow(unused_imports)]
use crate::harness::Harness;

/// Every operation of this family: exact request, decoded response. (To be written.)
pub fn calls_operations<H: Harness>() {}

/// Every operation of this family: exact request, decoded response. (To be written.)
pub fn call_batches_operations<H: Harness>() {}
