//! Open enums: known values as variants, anything else kept as `Unknown(String)`.

/// Declares an open string enum: each known wire value is a variant, any other value decodes
/// to `Unknown(String)` (never an error), and encodes back unchanged. Cartesia adds enum
/// values within an API version, so every API enum in this crate is open.
///
/// ```
/// cartesia_types::open_enum! {
///     /// The state of a thing.
///     pub enum State {
///         /// Running.
///         Running => "running",
///         /// Stopped.
///         Stopped => "stopped",
///     }
/// }
/// # fn j<T: serde::Serialize>(v: &T) -> String { serde_json::to_string(v).unwrap() }
/// # fn p<T: serde::de::DeserializeOwned>(s: &str) -> T { serde_json::from_str(s).unwrap() }
/// let s: State = p("\"paused\"");
/// assert_eq!(s, State::Unknown("paused".into()));
/// assert_eq!(j(&s), "\"paused\"");
/// assert_eq!(State::Running.as_str(), "running");
/// ```
#[macro_export]
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $(
                $(#[$vmeta:meta])*
                $variant:ident => $wire:literal
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        $vis enum $name {
            $(
                $(#[$vmeta])*
                $variant,
            )*
            /// A value this SDK release does not know, kept as sent.
            Unknown(String),
        }

        impl $name {
            /// The value as it is on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $wire, )*
                    Self::Unknown(s) => s.as_str(),
                }
            }

            /// Whether this SDK release knows the value.
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::Unknown(_))
            }
        }

        impl ::std::convert::AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(s: &str) -> Self {
                match s {
                    $( $wire => Self::$variant, )*
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(s: &str) -> ::std::result::Result<Self, Self::Err> {
                Ok(Self::from(s))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::__serde::Serialize for $name {
            fn serialize<S: $crate::__serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::__serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                let s = <::std::borrow::Cow<'de, str> as $crate::__serde::Deserialize>::deserialize(d)?;
                Ok(Self::from(s.as_ref()))
            }
        }
    };
}
