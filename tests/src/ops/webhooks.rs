//! Contract scenarios: webhooks.

#[allow(unused_imports)]
use crate::harness::Harness;

/// Every operation of this family: exact request, decoded response. (To be written.)
pub fn webhooks_operations<H: Harness>() {}
