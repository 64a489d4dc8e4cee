//! Contract scenarios: metrics.

#[allow(unused_imports)]
use crate::harness::Harness;

/// Every operation of this family: exact request, decoded response. (To be written.)
pub fn metrics_operations<H: Harness>() {}
