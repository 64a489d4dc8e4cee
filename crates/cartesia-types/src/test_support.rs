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

/// The example JSON of a model: its text or an already built value.
pub(crate) trait ExampleJson {
    /// The JSON value (text that does not parse fails the test).
    fn into_value(self) -> Value;
}

impl ExampleJson for &str {
    fn into_value(self) -> Value {
        serde_json::from_str(self).expect("the example is JSON")
    }
}

impl ExampleJson for Value {
    fn into_value(self) -> Value {
        self
    }
}

/// Declares one test that checks, for each model of its table, that its example JSON with any
/// one of the listed fields left out is refused by an error naming the field
/// ([`assert_fields_required`]):
///
/// ```ignore
/// required_fields! {
///     fn required_fields_are_required {
///         Metric: METRIC => ["id", "name"];
///         MetricResult: RESULT => ["id", "metricId"];
///     }
/// }
/// ```
macro_rules! required_fields {
    (
        $(#[$meta:meta])*
        fn $test:ident { $( $ty:ty: $json:expr => [$($field:literal),* $(,)?]; )+ }
    ) => {
        $(#[$meta])*
        #[test]
        fn $test() {
            $(
                $crate::test_support::assert_fields_required::<$ty>(
                    $crate::test_support::ExampleJson::into_value($json),
                    &[$($field),*],
                );
            )+
        }
    };
}

pub(crate) use required_fields;
