//! Internally tagged unions: one JSON object whose tag field (e.g. `type`) says which variant
//! it is.

use serde::de::{self, DeserializeOwned, Deserializer};
use serde::Deserialize;

use crate::JsonValue;

/// Declares an internally tagged union: each variant wraps the model of one tag value.
///
/// The `open` form (answers) decodes a tag this release does not know to `Unknown(JsonValue)`
/// (the whole object, encoded back unchanged), so a new kind never breaks decoding; a missing
/// or non-string tag, or a non-object, is a decode error. `open "type" or none` also keeps an
/// object without a string tag as `Unknown` (a non-object is still an error). The `closed` form (request bodies)
/// only encodes. Both get `type_str()` (the tag as on the wire) and a `From` impl
/// per variant; the `open` form also `is_known()`.
///
/// ```
/// #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
/// pub struct Circle { pub r: f64 }
///
/// cartesia_types::tagged_union! {
///     /// A shape, by its `kind`.
///     #[derive(Debug, Clone, PartialEq)]
///     pub enum Shape: open "kind", "shape" {
///         /// `kind: "circle"`.
///         Circle(Circle) = "circle",
///     }
/// }
/// # fn j<T: serde::Serialize>(v: &T) -> serde_json::Value { serde_json::to_value(v).unwrap() }
/// # fn p<T: serde::de::DeserializeOwned>(s: &str) -> T { serde_json::from_str(s).unwrap() }
/// let c: Shape = p(r#"{"kind":"circle","r":1.5}"#);
/// assert_eq!(c, Shape::Circle(Circle { r: 1.5 }));
/// assert_eq!(j(&c), serde_json::json!({"kind": "circle", "r": 1.5}));
/// let s: Shape = p(r#"{"kind":"square","side":2}"#);
/// assert_eq!((s.type_str(), s.is_known()), ("square", false));
/// assert_eq!(j(&s), serde_json::json!({"kind": "square", "side": 2}));
/// ```
#[macro_export]
macro_rules! tagged_union {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident : open $tag:literal, $what:literal { $($body:tt)* }
    ) => {
        $crate::tagged_union!(@open [$(#[$meta])*] $vis $name $tag $what true "" { $($body)* });
    };

    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident : open $tag:literal or none, $what:literal { $($body:tt)* }
    ) => {
        $crate::tagged_union!(@open [$(#[$meta])*] $vis $name $tag $what false " (or none)" { $($body)* });
    };

    (
        @open [$(#[$meta:meta])*] $vis:vis $name:ident $tag:literal $what:literal $required:literal $or_none:literal {
            $( $(#[$vmeta:meta])* $variant:ident($ty:ty) = $wire:literal ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[non_exhaustive]
        $vis enum $name {
            $( $(#[$vmeta])* $variant($ty), )*
            #[doc = concat!("A ", $what, " `", $tag, "` this SDK release does not know", $or_none, ": the whole JSON object, kept as sent.")]
            Unknown($crate::JsonValue),
        }

        $crate::tagged_union!(@common $name $tag { $($variant($ty) = $wire),* }
            Self::Unknown(raw) => raw.get($tag).and_then($crate::JsonValue::as_str).unwrap_or(""));

        impl $name {
            /// Whether this SDK release knows the variant (not `Unknown`).
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::Unknown(_))
            }
        }

        impl<'de> $crate::__serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                let (tag, value) = $crate::__tagged::split_tag(
                    d, $tag, $required, concat!("a ", $what, " object"), concat!("a string ", $what, " `", $tag, "`"),
                )?;
                Ok(match tag.as_str() {
                    $( $wire => Self::$variant($crate::__tagged::variant::<_, D::Error>(value)?), )*
                    _ => Self::Unknown(value),
                })
            }
        }

        impl $crate::__serde::Serialize for $name {
            fn serialize<S: $crate::__serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                #[derive($crate::__serde::Serialize)]
                #[serde(tag = $tag)]
                enum Tagged<'a> {
                    $( #[serde(rename = $wire)] $variant(&'a $ty), )*
                }
                match self {
                    $( Self::$variant(v) => $crate::__serde::Serialize::serialize(&Tagged::$variant(v), s), )*
                    Self::Unknown(raw) => $crate::__serde::Serialize::serialize(raw, s),
                }
            }
        }
    };

    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident : closed $tag:literal {
            $( $(#[$vmeta:meta])* $variant:ident($ty:ty) = $wire:literal ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive($crate::__serde::Serialize)]
        #[serde(tag = $tag)]
        #[non_exhaustive]
        $vis enum $name {
            $( $(#[$vmeta])* #[serde(rename = $wire)] $variant($ty), )*
        }

        $crate::tagged_union!(@common $name $tag { $($variant($ty) = $wire),* });
    };

    (@common $name:ident $tag:literal { $($variant:ident($ty:ty) = $wire:literal),* } $($unknown:tt)*) => {
        impl $name {
            #[doc = concat!("The `", $tag, "` as it is on the wire (for `Unknown`, the one that was sent).")]
            pub fn type_str(&self) -> &str {
                match self {
                    $( Self::$variant(_) => $wire, )*
                    $($unknown)*
                }
            }
        }

        $(
            impl ::std::convert::From<$ty> for $name {
                fn from(v: $ty) -> Self {
                    Self::$variant(v)
                }
            }
        )*
    };
}

/// Reads a tagged object and its tag. When `required`, the tag must be present and a string;
/// otherwise a missing or non-string tag reads as `""` (a kind no union knows).
#[doc(hidden)]
pub fn split_tag<'de, D: Deserializer<'de>>(
    deserializer: D,
    tag: &'static str,
    required: bool,
    object: &'static str,
    string_tag: &'static str,
) -> Result<(String, JsonValue), D::Error> {
    let value = JsonValue::deserialize(deserializer)?;
    let found = match &value {
        JsonValue::Object(map) => match map.get(tag) {
            Some(JsonValue::String(s)) => s.clone(),
            _ if !required => String::new(),
            Some(other) => return Err(de::Error::invalid_type(unexpected(other), &string_tag)),
            None => return Err(de::Error::missing_field(tag)),
        },
        other => return Err(de::Error::invalid_type(unexpected(other), &object)),
    };
    Ok((found, value))
}

/// Decodes one variant of a tagged union from its buffered JSON.
#[doc(hidden)]
pub fn variant<T: DeserializeOwned, E: de::Error>(value: JsonValue) -> Result<T, E> {
    T::deserialize(value).map_err(E::custom)
}

fn unexpected(v: &JsonValue) -> de::Unexpected<'_> {
    match v {
        JsonValue::Null => de::Unexpected::Unit,
        JsonValue::Bool(b) => de::Unexpected::Bool(*b),
        JsonValue::Number(_) => de::Unexpected::Other("a number"),
        JsonValue::String(s) => de::Unexpected::Str(s),
        JsonValue::Array(_) => de::Unexpected::Seq,
        JsonValue::Object(_) => de::Unexpected::Map,
    }
}
