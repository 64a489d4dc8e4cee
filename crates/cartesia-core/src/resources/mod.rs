//! Resource-style access (`client.agents().calls().get(id)`) on both clients.
//!
//! The handles are one list here; their methods are declared with the operations: each entry
//! of an `endpoints!` table (see [`crate::endpoints`]) may name the method it gets on a pair
//! of handles, and the async and the blocking method both come from that one clause, so the
//! two surfaces cannot drift apart. Such a method builds the endpoint struct and runs it with
//! `execute`; a `pages` method returns the paginated iterator of the list. What does more
//! than one call (streamed audio and downloads, events as they arrive) is written by hand in
//! this module.

mod call_audio;
mod files;
mod speech;

pub use call_audio::AudioStream;
pub use speech::{AsyncEvents, BlockingEvents, SpeechAudio, SpeechReader, SpeechStream};

/// Declares resource handles: for each, an async and a blocking handle (a borrow of the
/// client) and an accessor on the parent (the client or a parent handle). Their methods come
/// from the endpoint declarations (the `method`, `request` and `pages` clauses of
/// [`endpoints!`](crate::endpoints)); what does more than one call is written by hand in
/// this module's files.
macro_rules! handles {
    ($( $(#[doc = $doc:literal])+ $async_name:ident, $blocking_name:ident, $accessor:ident on $($parent:ident),+ ; )*) => {
        $( $crate::resources::handles!(@one [$(#[doc = $doc])+] $async_name, $blocking_name, $accessor on $($parent),+); )*
    };

    (@one $doc:tt $async_name:ident, $blocking_name:ident, $accessor:ident on $async_parent:ident, $blocking_parent:ident) => {
        $crate::resources::handles!(@handles $doc $async_name, $blocking_name);

        impl<'a> $async_parent<'a> {
            $crate::resources::handles!(@accessor $doc $accessor -> $async_name<'a> = self.client);
        }

        impl<'a> $blocking_parent<'a> {
            $crate::resources::handles!(@accessor $doc $accessor -> $blocking_name<'a> = self.client);
        }
    };

    // A top-level resource: the parent is the client.
    (@one $doc:tt $async_name:ident, $blocking_name:ident, $accessor:ident on client) => {
        $crate::resources::handles!(@handles $doc $async_name, $blocking_name);

        impl $crate::AsyncClient {
            $crate::resources::handles!(@accessor $doc $accessor -> $async_name<'_> = self);
        }

        impl $crate::BlockingClient {
            $crate::resources::handles!(@accessor $doc $accessor -> $blocking_name<'_> = self);
        }
    };

    // Tied to the client, not to the parent handle: `let calls = client.agents().calls();`
    (@accessor [$($doc:tt)*] $accessor:ident -> $handle:ident<$lt:lifetime> = $self:ident $(. $field:ident)?) => {
        $($doc)*
        pub fn $accessor(&$self) -> $handle<$lt> {
            $handle { client: $self $(. $field)? }
        }
    };

    // The two handles.
    (@handles [$($doc:tt)*] $async_name:ident, $blocking_name:ident) => {
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
    };
}

pub(crate) use handles;

handles! {
    /// The Agents API: agents, their phone numbers, calls and more.
    AsyncAgents, BlockingAgents, agents on client;
    /// Calls: list, outbound calls, get, delete (redact), cancel, audio, logs.
    AsyncCalls, BlockingCalls, calls on AsyncAgents, BlockingAgents;
    /// Call batches: create, list, get, cancel, retry.
    AsyncCallBatches, BlockingCallBatches, batches on AsyncCalls, BlockingCalls;
    /// Knowledge-base folders: list, create, get, update, delete.
    AsyncFolders, BlockingFolders, folders on AsyncAgents, BlockingAgents;
    /// Knowledge-base documents: list, create, create in bulk, get, update, delete.
    AsyncDocuments, BlockingDocuments, documents on AsyncAgents, BlockingAgents;
    /// Metrics: list, create, get, delete, results, export, add to / remove from an agent.
    AsyncMetrics, BlockingMetrics, metrics on AsyncAgents, BlockingAgents;
    /// Phone numbers: list, import, provision, get, update, delete.
    AsyncPhoneNumbers, BlockingPhoneNumbers, phone_numbers on AsyncAgents, BlockingAgents;
    /// Telephony providers (Twilio, SIP trunks): list, create, get, update, delete.
    AsyncProviders, BlockingProviders, providers on AsyncPhoneNumbers, BlockingPhoneNumbers;
    /// Webhooks: list, create, get, update, delete.
    AsyncWebhooks, BlockingWebhooks, webhooks on AsyncAgents, BlockingAgents;

    // The routes that take an admin key (`sk_car_admin_...`). A standard key does not work on
    // them (and an admin key works only on them), so they have a handle of their own: a client
    // built with an admin key uses `client.admin()`, a client with a standard key everything
    // else. A 401 or 403 from one of them is an `ApiError` whose `admin_key_needed()` is true
    // and whose message says that an admin key is needed.
    /// The admin-key operations: usage, API keys, organization users and invites. Build the
    /// client with an admin key (`sk_car_admin_...`) to use them.
    AsyncAdmin, BlockingAdmin, admin on client;
    /// Usage (admin key): credits and agent usage over time.
    AsyncUsage, BlockingUsage, usage on AsyncAdmin, BlockingAdmin;
    /// API keys (admin key): list, get. Secrets are never returned.
    AsyncApiKeys, BlockingApiKeys, api_keys on AsyncAdmin, BlockingAdmin;
    /// The organization's users (admin key): list, get, remove.
    AsyncOrganizationUsers, BlockingOrganizationUsers, users on AsyncAdmin, BlockingAdmin;
    /// The organization's invites (admin key): list, create, get, cancel.
    AsyncInvites, BlockingInvites, invites on AsyncAdmin, BlockingAdmin;

    /// Datasets (collections of files for fine-tuning): list, create, get, update, delete, and
    /// their files.
    AsyncDatasets, BlockingDatasets, datasets on client;
    /// Files: upload, list, info, download, delete.
    AsyncFiles, BlockingFiles, files on client;
    /// Fine-tunes: list, create, get, delete, and the voices they made.
    AsyncFineTunes, BlockingFineTunes, fine_tunes on client;
    /// Pronunciation dictionaries: list, create, get, update, delete.
    AsyncPronunciationDicts, BlockingPronunciationDicts, pronunciation_dicts on client;

    /// Text-to-speech: `/tts/bytes` (buffered, streamed or into a writer) and `/tts/sse`.
    AsyncTts, BlockingTts, tts on client;
    /// Voices: list, get, update, delete, clone, localize.
    AsyncVoices, BlockingVoices, voices on client;
    /// Speech-to-text: `POST /stt`.
    AsyncStt, BlockingStt, stt on client;
    /// Voice changer: `/voice-changer/bytes` and `/voice-changer/sse`.
    AsyncVoiceChanger, BlockingVoiceChanger, voice_changer on client;
    /// Infill: `/infill/bytes`.
    AsyncInfill, BlockingInfill, infill on client;
    /// Access tokens: `POST /access-token`.
    AsyncAccessTokens, BlockingAccessTokens, access_tokens on client;
    /// API status: `GET /`.
    AsyncStatus, BlockingStatus, status on client;
}

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
