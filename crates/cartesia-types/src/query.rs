//! The declaration form of parameter structs sent as query parameters or multipart text
//! fields: each field names its key once, and `query_pairs` / `form_fields` are generated from
//! the declaration.

/// Declares a struct of request parameters and the methods that list them. Each field is
/// followed by its key on the wire (`form "key"`: a multipart text field); its type says how it
/// is written:
///
/// ```ignore
/// query_params! {
///     /// The filters of a list.
///     #[derive(Debug, Clone, Default, PartialEq, Eq)]
///     pub struct Filters {
///         /// Always written: `("model", model.to_string())`.
///         pub model: SttWsModel => "model",
///         /// Written when `Some`.
///         pub q: Option<String> => "q",
///         /// Written once per value, in order.
///         pub expand: Vec<VoiceExpand> => "expand[]",
///         /// A multipart text field, listed by `form_fields` instead.
///         pub language: Option<Language> => form "language",
///     }
///     /// The docs of `query_pairs` (`Vec<(&'static str, String)>`: the query fields).
///     fn query_pairs;
///     /// The docs of `form_fields` (`Vec<(String, String)>`: the `form` fields), if any.
///     fn form_fields;
/// }
/// ```
///
/// A value is written with its `Display` (for an open enum, its wire value). The pairs come in
/// the order of the fields. A field's type is one name with at most one type argument
/// (`Option<T>`, `Vec<T>`, `u32`); any other marker than `form`, or another method than these
/// two, does not compile.
macro_rules! query_params {
    (
        $(#[$meta:meta])*
        pub struct $name:ident $fields:tt
        $( $(#[$method_doc:meta])* fn $method:ident; )+
    ) => {
        $crate::query::query_params!(@struct [$(#[$meta])*] $name $fields);

        impl $name {
            $( $crate::query::query_params!(@method [$(#[$method_doc])*] $method $fields); )+
        }
    };
    (
        @struct [$(#[$meta:meta])*] $name:ident {
            $(
                $(#[$field_meta:meta])*
                pub $field:ident: $kind:ident $(<$inner:ty>)? => $($part:ident)? $key:literal,
            )*
        }
    ) => {
        $(#[$meta])*
        pub struct $name {
            $( $(#[$field_meta])* pub $field: $kind $(<$inner>)?, )*
        }
    };
    (
        @method [$(#[$doc:meta])*] $method:ident {
            $(
                $(#[$field_meta:meta])*
                pub $field:ident: $kind:ident $(<$inner:ty>)? => $($part:ident)? $key:literal,
            )*
        }
    ) => {
        $(#[$doc])*
        pub fn $method(&self) -> $crate::query::query_params!(@out $method) {
            let mut pairs = ::std::vec::Vec::new();
            $( $crate::query::query_params!(@pick $method [$($part)?] $kind pairs self.$field, $key); )*
            $crate::query::query_params!(@finish $method pairs)
        }
    };
    (@out query_pairs) => { ::std::vec::Vec<(&'static str, ::std::string::String)> };
    (@out form_fields) => { ::std::vec::Vec<(::std::string::String, ::std::string::String)> };
    (@finish query_pairs $pairs:ident) => { $pairs };
    (@finish form_fields $pairs:ident) => {
        $pairs.into_iter().map(|(k, v): (&str, _)| (k.to_owned(), v)).collect()
    };
    (@pick query_pairs [] $($write:tt)*) => { $crate::query::query_params!(@write $($write)*) };
    (@pick form_fields [form] $($write:tt)*) => { $crate::query::query_params!(@write $($write)*) };
    (@pick query_pairs [form] $($write:tt)*) => {};
    (@pick form_fields [] $($write:tt)*) => {};
    (@write Option $pairs:ident $value:expr, $key:literal) => {
        if let ::std::option::Option::Some(v) = &$value {
            $pairs.push(($key, v.to_string()));
        }
    };
    (@write Vec $pairs:ident $value:expr, $key:literal) => {
        $pairs.extend($value.iter().map(|v| ($key, v.to_string())))
    };
    (@write $other:ident $pairs:ident $value:expr, $key:literal) => {
        $pairs.push(($key, $value.to_string()))
    };
}

pub(crate) use query_params;
