//! Checks the unit tests of several models share.

use serde::de::DeserializeOwned;
use serde_json::Value;

/// Asserts that `json` with any one of `fields` left out is refused as `T`, by an error that
/// names the field.
pub(crate) fn assert_fields_required<T: DeserializeOwned + std::fmt::Debug>(
    json: Value,
    fields: &[&str],
) {
    for field in fields {
        let mut v = json.clone();
        v.as_object_mut().expect("a JSON object").remove(*field);
        let err = serde_json::from_value::<T>(v).unwrap_err();
        assert!(err.to_string().contains(field), "{field}: {err}");
    }
}

/// Asserts that `parse` refuses every one of `bad` with an error whose text contains `says`.
pub(crate) fn assert_all_refused<T: std::fmt::Debug, E: std::fmt::Display>(
    bad: &[&str],
    parse: impl Fn(&str) -> Result<T, E>,
    says: &str,
) {
    for input in bad {
        match parse(input) {
            Ok(v) => panic!("{input:?} was accepted as {v:?}"),
            Err(e) => assert!(e.to_string().contains(says), "{input:?}: {e}"),
        }
    }
}
