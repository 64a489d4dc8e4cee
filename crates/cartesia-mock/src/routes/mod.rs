//! The routes, by family, and the router that joins them.
//!
//! Paths are matched by axum (fixed segments such as `calls` or `webhooks` win over an
//! `{agent_id}`), path parameters are percent-decoded, and every handler answers bad
//! input with the structured error of [`ApiError`](crate::error::ApiError).
//!
//! The router is one `routes!` table. A family's typed records are [`Listed`] (declared
//! with `store::listed!`), so their plain list, get and delete routes share [`list_page`],
//! [`get_one`] and [`remove_one`]; each family's `404`s come from `not_found_errors!`.

use std::sync::Arc;

use axum::http::StatusCode;
use axum::routing::{delete, get, post};
use axum::Router;

use crate::error::ApiError;
use crate::server::App;
use crate::store::{Listed, Store};
use crate::support::{ok, page, Reply, Q};
use serde_json::Value;

pub(crate) use voices::demo_voices;
pub use voices::DEMO_VOICE_ID;

mod agents;
mod calls;
mod knowledge_base;
pub(crate) mod management;
mod metrics;
mod phone_numbers;
pub(crate) mod speech;
mod streaming;
mod voices;
mod webhooks;
mod ws;

/// The shared state, as the handlers take it.
pub(crate) type S = axum::extract::State<Arc<App>>;

/// `GET` of a list: a page of the `R`s that `keep` accepts, as `render` shows them.
pub(crate) fn list_page<R: Listed>(
    state: &S,
    q: &Q,
    keep: impl Fn(&R) -> bool,
    render: impl Fn(&Store, &R) -> Value,
) -> Reply {
    let cursor = q.cursor(true)?;
    let store = state.store();
    let items = R::list(&store)
        .iter()
        .filter(|r| keep(r))
        .map(|r| (r.id().to_owned(), render(&store, r)))
        .collect();
    Ok(ok(&page(items, &cursor)?))
}

/// `GET` of one record: the `R` with `id`, as `render` shows it, or its `404`.
pub(crate) fn get_one<R: Listed>(
    state: &S,
    id: &str,
    render: impl FnOnce(&Store, &R) -> Value,
) -> Reply {
    let store = state.store();
    let index = store.index_of::<R>(id)?;
    Ok(ok(&render(&store, &R::list(&store)[index])))
}

/// `DELETE` of one record: removes the `R` with `id` (`404` if there is none) once `check`
/// allows it, and returns it.
pub(crate) fn remove_one<R: Listed>(
    state: &S,
    id: &str,
    check: impl FnOnce(&Store, &R) -> Result<(), ApiError>,
) -> Result<R, ApiError> {
    let mut store = state.store();
    let index = store.index_of::<R>(id)?;
    check(&store, &R::list(&store)[index])?;
    Ok(R::list_mut(&mut store).remove(index))
}

/// `Err(refusal)` when one of `items` refers to `id` through `refers_to`: a delete refused
/// while the record is in use.
pub(crate) fn refuse_if_used<T>(
    items: &[T],
    refers_to: impl Fn(&T) -> Option<&str>,
    id: &str,
    refusal: ApiError,
) -> Result<(), ApiError> {
    match items.iter().any(|item| refers_to(item) == Some(id)) {
        true => Err(refusal),
        false => Ok(()),
    }
}

/// The route table: each row a path and its handlers, one per method (`get`, `post`,
/// `patch`, `delete`), registered on one `Router`.
macro_rules! routes {
    ($($path:literal: $($method:ident $handler:path),+;)*) => {
        Router::new()$(.route($path, routes!(@methods $($method $handler),+)))*
    };
    (@methods $first:ident $handler:path $(, $method:ident $more:path)*) => {
        $first($handler)$(.$method($more))*
    };
}

/// Every route the mock serves.
pub(crate) fn router() -> Router<Arc<App>> {
    routes! {
        // Agents, deployments, templates.
        "/agents": get agents::list;
        "/agents/templates": get agents::templates;
        "/agents/{agent_id}": get agents::get, patch agents::update, delete agents::delete;
        "/agents/{agent_id}/phone-numbers": get agents::phone_numbers;
        "/agents/{agent_id}/deployments": get agents::deployments;
        "/agents/deployments/{deployment_id}": get agents::deployment;
        // Calls and batches.
        "/agents/calls": get calls::list, post calls::create;
        "/agents/calls/{call_id}": get calls::get, delete calls::delete;
        "/agents/calls/{call_id}/cancel": post calls::cancel;
        "/agents/calls/{call_id}/logs": get calls::logs;
        "/agents/calls/{call_id}/audio": get streaming::call_audio;
        "/agents/calls/batches": get calls::list_batches, post calls::create_batch;
        "/agents/calls/batches/{batch_id}": get calls::get_batch;
        "/agents/calls/batches/{batch_id}/cancel": post calls::cancel_batch;
        "/agents/calls/batches/{batch_id}/retry": post calls::retry_batch;
        // Phone numbers and providers.
        "/agents/phone-numbers": get phone_numbers::list, post phone_numbers::import;
        "/agents/phone-numbers/provision": post phone_numbers::provision;
        "/agents/phone-numbers/{id}":
            get phone_numbers::get, patch phone_numbers::update, delete phone_numbers::delete;
        "/agents/phone-numbers/providers":
            get phone_numbers::list_providers, post phone_numbers::create_provider;
        "/agents/phone-numbers/providers/{id}":
            get phone_numbers::get_provider,
            patch phone_numbers::update_provider,
            delete phone_numbers::delete_provider;
        // Metrics.
        "/agents/metrics": get metrics::list, post metrics::create;
        "/agents/metrics/results": get metrics::results;
        "/agents/metrics/results/export": get metrics::export;
        "/agents/metrics/{metric_id}": get metrics::get, delete metrics::delete;
        "/agents/{agent_id}/metrics/{metric_id}": post metrics::attach, delete metrics::detach;
        // Webhooks.
        "/agents/webhooks": get webhooks::list, post webhooks::create;
        "/agents/webhooks/{webhook_id}":
            get webhooks::get, patch webhooks::update, delete webhooks::delete;
        // Knowledge base.
        "/agents/folders": get knowledge_base::list_folders, post knowledge_base::create_folder;
        "/agents/folders/{id}":
            get knowledge_base::get_folder,
            patch knowledge_base::update_folder,
            delete knowledge_base::delete_folder;
        "/agents/documents":
            get knowledge_base::list_documents, post knowledge_base::create_document;
        "/agents/documents/bulk": post knowledge_base::create_documents;
        "/agents/documents/{document_id}":
            get knowledge_base::get_document,
            patch knowledge_base::update_document,
            delete knowledge_base::delete_document;
        // Datasets, fine-tunes, pronunciation dictionaries, files (collection routes with the
        // trailing slash the API has; `/datasets` without it is a 404, as there).
        "/datasets/": get management::list_datasets, post management::create_dataset;
        "/datasets/{id}":
            get management::get_dataset,
            patch management::update_dataset,
            delete management::delete_dataset;
        "/datasets/{id}/files":
            get management::list_dataset_files, post management::upload_dataset_file;
        "/datasets/{id}/files/{file_id}": delete management::delete_dataset_file;
        "/fine-tunes/": get management::list_fine_tunes, post management::create_fine_tune;
        "/fine-tunes/{id}": get management::get_fine_tune, delete management::delete_fine_tune;
        "/fine-tunes/{id}/voices": get management::list_fine_tune_voices;
        "/pronunciation-dicts/": get management::list_dicts, post management::create_dict;
        "/pronunciation-dicts/{id}":
            get management::get_dict, patch management::update_dict, delete management::delete_dict;
        "/files": get management::list_files, post management::upload_file;
        "/files/{id}": delete management::delete_file;
        "/files/{id}/info": get management::file_info;
        "/files/{id}/download": get management::download_file;
        // The admin-key routes.
        "/usage/credits": get management::usage_credits;
        "/usage/agents": get management::usage_agents;
        "/api-keys": get management::list_api_keys;
        "/api-keys/{id}": get management::get_api_key;
        "/organizations/users": get management::list_users;
        "/organizations/users/{id}": get management::get_user, delete management::remove_user;
        "/organizations/invites": get management::list_invites, post management::create_invites;
        "/organizations/invites/{id}": get management::get_invite, delete management::cancel_invite;
        // Speech: TTS, voice changer, infill, STT, voices, access tokens, status.
        "/": get speech::status;
        "/tts/bytes": post speech::tts_bytes;
        "/tts/sse": post speech::tts_sse;
        "/voice-changer/bytes": post speech::voice_changer_bytes;
        "/voice-changer/sse": post speech::voice_changer_sse;
        "/infill/bytes": post speech::infill_bytes;
        "/stt": post speech::stt;
        "/access-token": post speech::access_token;
        "/voices": get voices::list;
        "/voices/clone": post voices::clone;
        "/voices/localize": post voices::localize;
        "/voices/{id}": get voices::get, patch voices::update, delete voices::delete;
        // The WebSockets.
        "/tts/websocket": get ws::tts;
        "/stt/websocket": get ws::stt;
        "/stt/turns/websocket": get ws::stt_turns;
    }
    .method_not_allowed_fallback(method_not_allowed)
    .fallback(not_found)
}

/// A path the mock does not know.
async fn not_found() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        Some("not_found"),
        "Not found",
        "The requested resource does not exist.",
    )
}

/// A known path with another method.
async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        Some("method_not_allowed"),
        "Method not allowed",
        "This path does not support the request's method.",
    )
}
