//! The kinds of client runs (per-call, streaming, WebSocket) are each an enum whose variants
//! have a name on the command line and in reports: `kinds!` declares one.

/// Declares a kind of client run: the enum (its docs and each variant's), the name each
/// variant has on the command line and in reports, and `ALL` (in declaration order), `name`
/// and `from_name`.
macro_rules! kinds {
    (
        $(#[$meta:meta])*
        pub enum $kind:ident {
            $($(#[$variant_meta:meta])* $variant:ident => $name:literal,)+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $kind {
            $($(#[$variant_meta])* $variant,)+
        }

        impl $kind {
            /// Every kind, in the order of the declaration.
            pub const ALL: [$kind; [$($name),+].len()] = [$($kind::$variant),+];

            /// The name on the command line and in reports.
            pub fn name(self) -> &'static str {
                match self {
                    $($kind::$variant => $name,)+
                }
            }

            /// The kind named `name` (see [`name`](Self::name)).
            pub fn from_name(name: &str) -> Option<Self> {
                Self::ALL.into_iter().find(|k| k.name() == name)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use crate::clients::ClientKind;
    use crate::streaming::StreamKind;
    use crate::websocket::WsKind;

    #[test]
    fn names_round_trip() {
        for k in ClientKind::ALL {
            assert_eq!(ClientKind::from_name(k.name()), Some(k));
        }
        for k in StreamKind::ALL {
            assert_eq!(StreamKind::from_name(k.name()), Some(k));
        }
        for k in WsKind::ALL {
            assert_eq!(WsKind::from_name(k.name()), Some(k));
        }
        assert_eq!(ClientKind::from_name("ws-ureq-sdk"), None);
        assert_eq!(WsKind::from_name("ureq-sdk"), None);
        assert_eq!(StreamKind::from_name(""), None);
    }
}
