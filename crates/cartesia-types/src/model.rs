//! The declaration form of the models: the struct, its serde attributes and its `new`.

/// Declares a model struct (always `#[non_exhaustive]`: the API adds fields within a version,
/// so a model is built with its `new` and setters, never a struct literal outside this crate)
/// and, when `fn new;` follows it, its `new` constructor. Each field states once what it is:
///
/// ```ignore
/// model! {
///     /// The body of `POST /tts/bytes`.
///     #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
///     pub struct TtsRequest {
///         /// A parameter of `new` taking `impl Into<TtsModelId>`.
///         pub model_id: TtsModelId => into,
///         /// A parameter of `new` taking the type as it is.
///         pub output_format: OutputFormat => arg,
///         /// An optional field: `Option<Language>`, left out of the JSON when `None`
///         /// (`#[serde(default, skip_serializing_if = "Option::is_none")]`); `new` sets `None`.
///         pub language?: Language,
///         /// A PATCH field: left out of the JSON while `Unchanged` (it gets
///         /// `#[serde(default, skip_serializing_if = "Patch::is_unchanged")]`, which a PATCH
///         /// body must never lack: `Unchanged` would otherwise be sent as `null`, a clear);
///         /// `new` leaves it unchanged.
///         pub name: Patch<String>,
///         /// Any other field, with its own attributes; `new` sets `Default::default()`.
///         #[serde(default)]
///         pub voices: Vec<String>,
///         /// `= value`: what `new` sets instead of the default (also after `?: T`).
///         pub status_code?: u16 = Some(206),
///         /// `?: T => into` (or `arg`): an optional field that is also a parameter of `new`,
///         /// which sets `Some(value.into())`.
///         pub request_id?: String => into,
///     }
///     /// The docs of `new`, whose parameters are the `into` and `arg` fields in their order.
///     fn new;
///     /// Then the setters, as `setters!` takes them.
///     fn language(language: impl Into<Language>) = Some;
/// }
/// ```
macro_rules! model {
    (
        $(#[$meta:meta])*
        pub struct $name:ident { $($body:tt)* }
        $(#[$new_doc:meta])*
        fn new;
        $($setters:tt)*
    ) => {
        $crate::model::model! {
            @munch [$(#[$meta])* $name [$($setters)*]] [$(#[$new_doc])*] {} () {}
            $($body)*
        }
    };
    (
        $(#[$meta:meta])*
        pub struct $name:ident { $($body:tt)* }
        $($setters:tt)*
    ) => {
        $crate::model::model! {
            @munch [$(#[$meta])* $name [$($setters)*]] [] {} () {}
            $($body)*
        }
    };
    (
        @munch $head:tt $new:tt {$($fields:tt)*} ($($params:tt)*) {$($inits:tt)*}
        $(#[$field_meta:meta])*
        pub $field:ident ?: $ty:ty $(=> $how:ident)? $(= $init:expr)?,
        $($rest:tt)*
    ) => {
        $crate::model::model! {
            @munch $head $new
            {
                $($fields)*
                $(#[$field_meta])*
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub $field: ::std::option::Option<$ty>,
            }
            ($($params)* $($field: $crate::model::model!(@param $how $ty),)?)
            {$($inits)* $field: $crate::model::model!(@optional [$($how)?] $field $($init)?),}
            $($rest)*
        }
    };
    (@optional [] $field:ident $($init:expr)?) => { $crate::model::model!(@value $($init)?) };
    (@optional [$how:ident] $field:ident) => {
        ::std::option::Option::Some($crate::model::model!(@init $how $field))
    };
    (
        @munch $head:tt $new:tt {$($fields:tt)*} ($($params:tt)*) {$($inits:tt)*}
        $(#[$field_meta:meta])*
        pub $field:ident: $ty:ty => $how:ident,
        $($rest:tt)*
    ) => {
        $crate::model::model! {
            @munch $head $new
            {$($fields)* $(#[$field_meta])* pub $field: $ty,}
            ($($params)* $field: $crate::model::model!(@param $how $ty),)
            {$($inits)* $field: $crate::model::model!(@init $how $field),}
            $($rest)*
        }
    };
    (
        @munch $head:tt $new:tt $fields:tt $params:tt $inits:tt
        $(#[$field_meta:meta])*
        pub $field:ident: Patch<$ty:ty>,
        $($rest:tt)*
    ) => {
        $crate::model::model! {
            @munch $head $new $fields $params $inits
            $(#[$field_meta])*
            #[serde(default, skip_serializing_if = "crate::Patch::is_unchanged")]
            pub $field: $crate::Patch<$ty> = $crate::Patch::Unchanged,
            $($rest)*
        }
    };
    (@param into $ty:ty) => { impl ::std::convert::Into<$ty> };
    (@param arg $ty:ty) => { $ty };
    (@init into $field:ident) => { $field.into() };
    (@init arg $field:ident) => { $field };
    (
        @munch $head:tt $new:tt {$($fields:tt)*} ($($params:tt)*) {$($inits:tt)*}
        $(#[$field_meta:meta])*
        pub $field:ident: $ty:ty $(= $init:expr)?,
        $($rest:tt)*
    ) => {
        $crate::model::model! {
            @munch $head $new
            {$($fields)* $(#[$field_meta])* pub $field: $ty,}
            ($($params)*)
            {$($inits)* $field: $crate::model::model!(@value $($init)?),}
            $($rest)*
        }
    };
    (@value) => { ::std::default::Default::default() };
    (@value $init:expr) => { $init };
    (
        @munch [$(#[$meta:meta])* $name:ident [$($setters:tt)*]] []
        {$($fields:tt)*} $params:tt $inits:tt
    ) => {
        $(#[$meta])*
        #[non_exhaustive]
        pub struct $name { $($fields)* }

        impl $name {
            $crate::setters! { $($setters)* }
        }
    };
    (
        @munch [$(#[$meta:meta])* $name:ident [$($setters:tt)*]] [$(#[$new_doc:meta])+]
        {$($fields:tt)*} ($($params:tt)*) {$($inits:tt)*}
    ) => {
        $(#[$meta])*
        #[non_exhaustive]
        pub struct $name { $($fields)* }

        impl $name {
            $(#[$new_doc])+
            pub fn new($($params)*) -> Self {
                Self { $($inits)* }
            }

            $crate::setters! { $($setters)* }
        }
    };
}

/// Declares models that start with the same fields: the shared fields in braces, then each
/// model as `model!` takes it, whose own fields follow the shared ones.
///
/// ```ignore
/// model_family! {
///     {
///         /// The ID of the folder.
///         pub id: String => into,
///     }
///     model! {
///         /// A folder.
///         #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
///         pub struct FolderResponse {}
///         fn new;
///     }
///     model! {
///         /// A folder with its subfolders.
///         #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
///         pub struct FolderListItem {
///             pub children?: Vec<FolderListItem>,
///         }
///     }
/// }
/// ```
macro_rules! model_family {
    (@one { $($shared:tt)* } [$(#[$meta:meta])*] $name:ident { $($own:tt)* } $($rest:tt)*) => {
        $crate::model::model! {
            $(#[$meta])*
            pub struct $name { $($shared)* $($own)* }
            $($rest)*
        }
    };
    ($shared:tt $( model! { $(#[$meta:meta])* pub struct $name:ident $own:tt $($rest:tt)* } )*) => {
        $( $crate::model::model_family!(@one $shared [$(#[$meta])*] $name $own $($rest)*); )*
    };
}

pub(crate) use {model, model_family};
