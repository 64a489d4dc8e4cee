//! Resource-style access (`client.agents().list_phone_numbers(id)`), generated for both
//! clients from one table so the async and the blocking surface cannot drift apart.

use crate::endpoint::Endpoint;
use crate::endpoints::agents::ListPhoneNumbers;
use crate::error::Error;
use crate::{AsyncClient, BlockingClient};

/// Declares a resource: one async and one blocking handle with the same methods, each
/// method building one endpoint and running it with `execute`.
macro_rules! resource {
    (
        $(#[$doc:meta])*
        $async_name:ident, $blocking_name:ident, $accessor:ident {
            $(
                $(#[$mdoc:meta])*
                fn $method:ident($($arg:ident : $ty:ty),* $(,)?) -> $ep:ty = $make:expr;
            )*
        }
    ) => {
        $(#[$doc])*
        ///
        /// Async handle: get it from [`AsyncClient`].
        #[derive(Debug, Clone, Copy)]
        pub struct $async_name<'a> {
            client: &'a AsyncClient,
        }

        impl<'a> $async_name<'a> {
            $(
                $(#[$mdoc])*
                pub async fn $method(&self, $($arg: $ty),*) -> Result<<$ep as Endpoint>::Output, Error> {
                    let endpoint: $ep = $make;
                    self.client.execute(&endpoint).await
                }
            )*
        }

        $(#[$doc])*
        ///
        /// Blocking handle: get it from [`BlockingClient`].
        #[derive(Debug, Clone, Copy)]
        pub struct $blocking_name<'a> {
            client: &'a BlockingClient,
        }

        impl<'a> $blocking_name<'a> {
            $(
                $(#[$mdoc])*
                pub fn $method(&self, $($arg: $ty),*) -> Result<<$ep as Endpoint>::Output, Error> {
                    let endpoint: $ep = $make;
                    self.client.execute(&endpoint)
                }
            )*
        }

        impl AsyncClient {
            $(#[$doc])*
            pub fn $accessor(&self) -> $async_name<'_> {
                $async_name { client: self }
            }
        }

        impl BlockingClient {
            $(#[$doc])*
            pub fn $accessor(&self) -> $blocking_name<'_> {
                $blocking_name { client: self }
            }
        }
    };
}

resource! {
    /// The Agents API: agents, their phone numbers, calls and more.
    AsyncAgents, BlockingAgents, agents {
        /// The phone numbers of an agent (`GET /agents/{agent_id}/phone-numbers`).
        fn list_phone_numbers(agent_id: &str) -> ListPhoneNumbers = ListPhoneNumbers::new(agent_id);
    }
}
