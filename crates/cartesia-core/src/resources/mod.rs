//! Resource-style access (`client.agents().calls().get(id)`), generated for both clients from
//! one table per resource, so the async and the blocking surface cannot drift apart.
//!
//! Each method builds one endpoint struct (see [`crate::endpoints`]) and runs it with
//! `execute`; `pages` methods return the paginated iterator of the list.

use crate::{AsyncClient, BlockingClient};

mod agents;
mod call_audio;
mod calls;
mod knowledge_base;
mod metrics;
mod phone_numbers;
mod speech;
mod webhooks;

pub use agents::{AsyncAgents, BlockingAgents};
pub use call_audio::AudioStream;
pub use calls::{AsyncCallBatches, AsyncCalls, BlockingCallBatches, BlockingCalls};
pub use knowledge_base::{AsyncDocuments, AsyncFolders, BlockingDocuments, BlockingFolders};
pub use metrics::{AsyncMetrics, BlockingMetrics};
pub use phone_numbers::{
    AsyncPhoneNumbers, AsyncProviders, BlockingPhoneNumbers, BlockingProviders,
};
pub use speech::{
    AsyncAccessTokens, AsyncEvents, AsyncInfill, AsyncStatus, AsyncStt, AsyncTts,
    AsyncVoiceChanger, AsyncVoices, BlockingAccessTokens, BlockingEvents, BlockingInfill,
    BlockingStatus, BlockingStt, BlockingTts, BlockingVoiceChanger, BlockingVoices, SpeechReader,
    SpeechStream,
};
pub use webhooks::{AsyncWebhooks, BlockingWebhooks};

/// What a resource handle is attached to: the client itself or a parent handle.
pub(crate) trait AsyncParent {
    fn async_client(&self) -> &AsyncClient;
}

/// The blocking twin of [`AsyncParent`].
pub(crate) trait BlockingParent {
    fn blocking_client(&self) -> &BlockingClient;
}

impl AsyncParent for AsyncClient {
    fn async_client(&self) -> &AsyncClient {
        self
    }
}

impl BlockingParent for BlockingClient {
    fn blocking_client(&self) -> &BlockingClient {
        self
    }
}

/// Declares a resource: an async and a blocking handle with the same methods, and an accessor
/// on the parent (the client or a parent resource).
///
/// ```ignore
/// resource! {
///     /// Docs of the resource.
///     AsyncCalls, BlockingCalls, calls on AsyncAgents, BlockingAgents {
///         /// Docs of the method.
///         fn get(call_id: &str) -> GetCall = GetCall::new(call_id);
///         /// A paginated list: returns `AsyncPages` / `BlockingPages`.
///         pages fn list_all(request: ListCalls) -> ListCalls = request;
///     }
/// }
/// ```
macro_rules! resource {
    (
        $(#[$doc:meta])*
        $async_name:ident, $blocking_name:ident, $accessor:ident on $async_parent:ident, $blocking_parent:ident {
            $($body:tt)*
        }
    ) => {
        $crate::resources::resource!(@handles [$(#[$doc])*] $async_name, $blocking_name; $($body)*);

        impl<'a> $async_parent<'a> {
            $(#[$doc])*
            pub fn $accessor(&self) -> $async_name<'a> {
                // Tied to the client, not to this handle: `let calls = client.agents().calls();`
                $async_name { client: self.client }
            }
        }

        impl<'a> $blocking_parent<'a> {
            $(#[$doc])*
            pub fn $accessor(&self) -> $blocking_name<'a> {
                $blocking_name { client: self.client }
            }
        }
    };

    // A top-level resource: the parent is the client.
    (
        $(#[$doc:meta])*
        $async_name:ident, $blocking_name:ident, $accessor:ident on client {
            $($body:tt)*
        }
    ) => {
        $crate::resources::resource!(@handles [$(#[$doc])*] $async_name, $blocking_name; $($body)*);

        impl $crate::AsyncClient {
            $(#[$doc])*
            pub fn $accessor(&self) -> $async_name<'_> {
                $async_name { client: self }
            }
        }

        impl $crate::BlockingClient {
            $(#[$doc])*
            pub fn $accessor(&self) -> $blocking_name<'_> {
                $blocking_name { client: self }
            }
        }
    };

    // The two handles and their methods.
    (@handles [$($doc:tt)*] $async_name:ident, $blocking_name:ident; $($body:tt)*) => {
        $($doc)*
        ///
        /// Async handle: a borrow of the client, cheap to make.
        #[derive(Debug, Clone, Copy)]
        pub struct $async_name<'a> {
            pub(crate) client: &'a $crate::AsyncClient,
        }

        $($doc)*
        ///
        /// Blocking handle: a borrow of the client, cheap to make.
        #[derive(Debug, Clone, Copy)]
        pub struct $blocking_name<'a> {
            pub(crate) client: &'a $crate::BlockingClient,
        }

        impl $crate::resources::AsyncParent for $async_name<'_> {
            fn async_client(&self) -> &$crate::AsyncClient {
                self.client
            }
        }

        impl $crate::resources::BlockingParent for $blocking_name<'_> {
            fn blocking_client(&self) -> &$crate::BlockingClient {
                self.client
            }
        }

        $crate::resources::resource!(@methods $async_name, $blocking_name; $($body)*);
    };

    (@methods $async_name:ident, $blocking_name:ident; ) => {};

    (@methods $async_name:ident, $blocking_name:ident;
        $(#[$mdoc:meta])*
        fn $method:ident($($arg:ident : $ty:ty),* $(,)?) -> $ep:ty = $make:expr;
        $($rest:tt)*
    ) => {
        impl $async_name<'_> {
            $(#[$mdoc])*
            pub async fn $method(&self, $($arg: $ty),*) -> Result<<$ep as $crate::Endpoint>::Output, $crate::Error> {
                let endpoint: $ep = $make;
                self.client.execute(&endpoint).await
            }
        }
        impl $blocking_name<'_> {
            $(#[$mdoc])*
            pub fn $method(&self, $($arg: $ty),*) -> Result<<$ep as $crate::Endpoint>::Output, $crate::Error> {
                let endpoint: $ep = $make;
                self.client.execute(&endpoint)
            }
        }
        $crate::resources::resource!(@methods $async_name, $blocking_name; $($rest)*);
    };

    (@methods $async_name:ident, $blocking_name:ident;
        $(#[$mdoc:meta])*
        pages fn $method:ident($($arg:ident : $ty:ty),* $(,)?) -> $ep:ty = $make:expr;
        $($rest:tt)*
    ) => {
        impl $async_name<'_> {
            $(#[$mdoc])*
            pub fn $method(&self, $($arg: $ty),*) -> $crate::AsyncPages<$ep> {
                let endpoint: $ep = $make;
                self.client.pages(endpoint)
            }
        }
        impl $blocking_name<'_> {
            $(#[$mdoc])*
            pub fn $method(&self, $($arg: $ty),*) -> $crate::BlockingPages<$ep> {
                let endpoint: $ep = $make;
                self.client.pages(endpoint)
            }
        }
        $crate::resources::resource!(@methods $async_name, $blocking_name; $($rest)*);
    };
}

pub(crate) use resource;

#[cfg(test)]
mod tests {
    /// Sub-resource handles borrow the client, not the parent handle, so they can be kept in
    /// a variable (`let calls = client.agents().calls();`).
    #[test]
    fn sub_resource_handles_outlive_their_parent_handle() {
        let mock = crate::mock::MockTransport::new();
        mock.push_json(200, r#"{"id":"w1","url":"https://x","created_at":"2026-03-01T12:00:00Z","updated_at":"2026-03-01T12:00:00Z"}"#);
        let client = crate::ClientBuilder::new()
            .api_key("k")
            .build_blocking(mock.clone())
            .unwrap();
        let batches = client.agents().calls().batches();
        let webhooks = client.agents().webhooks();
        let _ = (batches, webhooks.get("w1"));
        assert_eq!(mock.requests()[0].path_and_query(), "/agents/webhooks/w1");
    }
}
