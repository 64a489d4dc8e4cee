//! Secret strings: values that must never reach a log line.

/// Declares a secret string newtype: `new`, `expose_secret`, `From<String>`, `From<&str>`, and a
/// `Debug` that prints `Name(<redacted>)`. It has no `Display`. Used by the secrets of this crate.
#[doc(hidden)]
#[macro_export]
macro_rules! __secret_string {
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident;
        $(#[doc = $new_doc:literal])* fn new;
        $(#[doc = $expose_doc:literal])* fn expose_secret;
    ) => {
        $(#[$meta])*
        $vis struct $name(String);

        impl $name {
            $(#[doc = $new_doc])*
            pub fn new(secret: impl Into<String>) -> Self {
                Self(secret.into())
            }

            $(#[doc = $expose_doc])*
            pub fn expose_secret(&self) -> &str {
                &self.0
            }
        }

        impl ::std::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(concat!(stringify!($name), "(<redacted>)"))
            }
        }

        impl ::std::convert::From<String> for $name {
            fn from(s: String) -> Self {
                Self(s)
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(s: &str) -> Self {
                Self(s.to_owned())
            }
        }
    };
}
