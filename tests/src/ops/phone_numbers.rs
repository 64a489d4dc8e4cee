//! Contract scenarios: phone_numbers.
