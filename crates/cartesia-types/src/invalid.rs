//! The error a request model's `validate()` returns.

use std::fmt;

/// A request field outside the range the API documents, found by a model's `validate()`
/// before any I/O (for example a `generation_config.volume` of 3.0).
///
/// ```
/// use cartesia_types::tts::GenerationConfig;
///
/// let err = GenerationConfig::new().volume(3.0).validate().unwrap_err();
/// assert_eq!(err.field(), "generation_config.volume");
/// assert_eq!(err.to_string(), "generation_config.volume: must be between 0.5 and 2 (got 3)");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidParameter {
    field: &'static str,
    reason: String,
}

impl InvalidParameter {
    /// `field` (its JSON path) is invalid for `reason`.
    pub fn new(field: &'static str, reason: impl Into<String>) -> Self {
        Self {
            field,
            reason: reason.into(),
        }
    }

    /// The refused field, as a JSON path (`generation_config.speed`).
    pub fn field(&self) -> &'static str {
        self.field
    }

    /// Why it was refused.
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

impl fmt::Display for InvalidParameter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.reason)
    }
}

impl std::error::Error for InvalidParameter {}

/// Checks that `value` is finite and within `[min, max]`.
pub(crate) fn check_range(
    field: &'static str,
    value: f64,
    min: f64,
    max: f64,
) -> Result<(), InvalidParameter> {
    if !value.is_finite() || value < min || value > max {
        return Err(InvalidParameter::new(
            field,
            format!("must be between {min} and {max} (got {value})"),
        ));
    }
    Ok(())
}

/// Checks that an id is not empty or blank.
pub(crate) fn check_not_blank(field: &'static str, value: &str) -> Result<(), InvalidParameter> {
    if value.trim().is_empty() {
        return Err(InvalidParameter::new(field, "must not be empty"));
    }
    Ok(())
}
