//! The declaration form of query-parameter structs: each field names its query key once, and
//! `query_pairs` is generated from the declaration.

/// Declares a struct of query parameters and its `query_pairs`. Each field is followed by its
/// key on the wire; its type says how it is written:
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
///     }
///     /// The docs of `query_pairs`.
///     fn query_pairs;
/// }
/// ```
///
/// A value is written with its `Display` (for an open enum, its wire value). The pairs come in
/// the order of the fields.
macro_rules! query_params {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $(
                $(#[$field_meta:meta])*
                pub $field:ident: $kind:ident $(<$inner:ty>)? => $key:literal,
            )*
        }
        $(#[$pairs_doc:meta])*
        fn query_pairs;
    ) => {
        $(#[$meta])*
        pub struct $name {
            $( $(#[$field_meta])* pub $field: $kind $(<$inner>)?, )*
        }

        impl $name {
            $(#[$pairs_doc])*
            pub fn query_pairs(&self) -> ::std::vec::Vec<(&'static str, ::std::string::String)> {
                let mut pairs = ::std::vec::Vec::new();
                $( $crate::query::query_params!(@write $kind pairs self.$field, $key); )*
                pairs
            }
        }
    };
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
