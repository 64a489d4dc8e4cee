//! Three-state fields for PATCH bodies.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A field of a PATCH (update) body: leave it as it is, set it to `null`, or set it to a value.
///
/// `Option<T>` cannot say all three. Use it with
/// `#[serde(default, skip_serializing_if = "Patch::is_unchanged")]`, so `Unchanged` is left out
/// of the JSON entirely:
///
/// ```
/// use cartesia_types::Patch;
/// use serde::Serialize;
///
/// #[derive(Serialize, Default)]
/// struct Update {
///     #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
///     name: Patch<String>,
///     #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
///     description: Patch<String>,
///     #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
///     webhook_id: Patch<String>,
/// }
///
/// let body = Update {
///     name: Patch::Set("Support".into()),
///     description: Patch::Null,
///     ..Default::default()
/// };
/// # fn to_json<T: Serialize>(v: &T) -> String { serde_json::to_string(v).unwrap() }
/// assert_eq!(to_json(&body), r#"{"name":"Support","description":null}"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub enum Patch<T> {
    /// Leave the field unchanged (the key is not sent).
    #[default]
    Unchanged,
    /// Clear the field (`null` is sent).
    Null,
    /// Set the field to this value.
    Set(T),
}

impl<T> Patch<T> {
    /// Whether the field is left unchanged (for `skip_serializing_if`).
    pub fn is_unchanged(&self) -> bool {
        matches!(self, Patch::Unchanged)
    }

    /// The value, if one is set.
    pub fn as_set(&self) -> Option<&T> {
        match self {
            Patch::Set(v) => Some(v),
            _ => None,
        }
    }
}

impl<T> From<T> for Patch<T> {
    fn from(v: T) -> Self {
        Patch::Set(v)
    }
}

impl<T> From<Option<T>> for Patch<T> {
    /// `Some(v)` sets, `None` clears (sends `null`).
    fn from(v: Option<T>) -> Self {
        match v {
            Some(v) => Patch::Set(v),
            None => Patch::Null,
        }
    }
}

impl<T: Serialize> Serialize for Patch<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            // Only reached without `skip_serializing_if`: the closest meaning is null.
            Patch::Unchanged | Patch::Null => serializer.serialize_none(),
            Patch::Set(v) => serializer.serialize_some(v),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Patch<T> {
    /// A present key decodes to `Null` or `Set`; an absent key (with `#[serde(default)]`) to
    /// `Unchanged`.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match Option::<T>::deserialize(deserializer)? {
            Some(v) => Patch::Set(v),
            None => Patch::Null,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize, Deserialize, Default, Debug, PartialEq)]
    struct U {
        #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
        a: Patch<u32>,
        #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
        b: Patch<u32>,
        #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
        c: Patch<u32>,
    }

    #[test]
    fn three_states_round_trip() {
        let u = U {
            a: Patch::Set(1),
            b: Patch::Null,
            c: Patch::Unchanged,
        };
        let json = serde_json::to_string(&u).unwrap();
        assert_eq!(json, r#"{"a":1,"b":null}"#);
        assert_eq!(serde_json::from_str::<U>(&json).unwrap(), u);
        assert_eq!(Patch::from(Some(3)), Patch::Set(3));
        assert_eq!(Patch::<u8>::from(None), Patch::Null);
    }
}
