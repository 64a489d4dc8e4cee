//! Contract scenarios: phone_numbers.

#[allow(unused_imports)]
use crate::harness::Harness;

/// Every operation of this family: exact request, decoded response. (To be written.)
pub fn phone_numbers_operations<H: Harness>() {}

/// Every operation of this family: exact request, decoded response. (To be written.)
pub fn providers_operations<H: Harness>() {}
