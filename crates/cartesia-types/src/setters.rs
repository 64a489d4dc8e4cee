//! Builder setters of the request bodies, one line each.

/// Declares builder setters inside an `impl` block, one line a setter, each with its own docs.
/// Every setter takes `self`, stores one field and returns `Self`; the line reads like the
/// setter's signature followed by what the field becomes:
///
/// ```ignore
/// setters! {
///     /// `self.name = Some(name.into())`
///     fn name(name: impl Into<String>) = Some;
///     /// `self.tts_voice = Patch::Set(voice_id.into())`
///     fn tts_voice(voice_id: impl Into<String>) = Patch::Set;
///     /// `self.credentials = Some(credentials)` (a plain type, no `Into`)
///     fn credentials(credentials: SipCredentials) = Some;
///     /// `self.children = Some(children)`: the field is named after `->`
///     fn with_children(children: Vec<FolderListItem>) -> children = Some;
///     /// `self.tts_voice = Patch::Null` (no argument)
///     fn clear_tts_voice() -> tts_voice = Patch::Null;
///     /// generic `I: IntoIterator<Item = S>, S: Into<String>`:
///     /// `self.allowed_numbers = Some(numbers.into_iter().map(Into::into).collect())`
///     fn allowed_numbers(numbers: [impl Into<String>]) = Some;
///     /// the same, each item mapped with `IdRef::new` instead of `Into::into`
///     fn documents(document_ids: [impl Into<String>] => IdRef::new) = Some;
///     /// any other setter: its one assignment as the body (`self` is returned)
///     fn timeout(timeout: Duration) { self.send.timeout = Some(timeout) }
/// }
/// ```
///
/// Exported (hidden) so that `cartesia-core`'s builders are declared the same way.
#[doc(hidden)]
#[macro_export]
macro_rules! setters {
    () => {};
    (@map) => { ::std::convert::Into::into };
    (@map $map:path) => { $map };
    (
        $(#[$doc:meta])*
        fn $name:ident() -> $field:ident = $value:expr;
        $($rest:tt)*
    ) => {
        $(#[$doc])*
        pub fn $name(mut self) -> Self {
            self.$field = $value;
            self
        }
        $crate::setters! { $($rest)* }
    };
    (
        $(#[$doc:meta])*
        fn $name:ident($arg:ident: [impl Into<String>] $(=> $map:path)?) = $wrap:path;
        $($rest:tt)*
    ) => {
        $(#[$doc])*
        pub fn $name<I, S>(mut self, $arg: I) -> Self
        where
            I: IntoIterator<Item = S>,
            S: Into<String>,
        {
            self.$name = $wrap(
                $arg.into_iter()
                    .map($crate::setters!(@map $($map)?))
                    .collect(),
            );
            self
        }
        $crate::setters! { $($rest)* }
    };
    (
        $(#[$doc:meta])*
        fn $name:ident($arg:ident: impl Into<$ty:ty>) = $wrap:path;
        $($rest:tt)*
    ) => {
        $(#[$doc])*
        pub fn $name(mut self, $arg: impl Into<$ty>) -> Self {
            self.$name = $wrap($arg.into());
            self
        }
        $crate::setters! { $($rest)* }
    };
    (
        $(#[$doc:meta])*
        fn $name:ident($arg:ident: $ty:ty) -> $field:ident = $wrap:path;
        $($rest:tt)*
    ) => {
        $(#[$doc])*
        pub fn $name(mut self, $arg: $ty) -> Self {
            self.$field = $wrap($arg);
            self
        }
        $crate::setters! { $($rest)* }
    };
    (
        $(#[$doc:meta])*
        fn $name:ident($arg:ident: $ty:ty) = $wrap:path;
        $($rest:tt)*
    ) => {
        $crate::setters! {
            $(#[$doc])*
            fn $name($arg: $ty) -> $name = $wrap;
            $($rest)*
        }
    };
    (
        $(#[$doc:meta])*
        fn $name:ident($arg:ident: $ty:ty) { self.$($field:ident).+ = $value:expr }
        $($rest:tt)*
    ) => {
        $(#[$doc])*
        pub fn $name(mut self, $arg: $ty) -> Self {
            self.$($field).+ = $value;
            self
        }
        $crate::setters! { $($rest)* }
    };
}
