//! Phone numbers (list, import, provision, get, update, delete) and telephony providers.

use serde_json::{json, Map, Value};

use super::agents::agent_not_found;
use super::calls::number_not_found;
use super::{get_one, refuse_if_used, remove_one, S};
use crate::demo::mask;
use crate::error::ApiError;
use crate::store::{field, NumberRec, Store};
use crate::support::{
    created, is_e164, no_content, now, ok, page, position_or, Field, JsonBody, Obj, Reply, P, Q,
};

crate::error::not_found_errors! {
    provider_not_found: "provider_not_found", "Provider";
}

crate::store::listed! {
    NumberRec in numbers, number_not_found, |n| &n.id;
}

/// The provider type of a number: `cartesia`, `twilio` or `sip_trunk`.
fn number_type(store: &Store, n: &NumberRec) -> String {
    match n.provider.as_deref().and_then(|id| store.provider(id)) {
        Some(p) => field(p, "type").to_owned(),
        None => "cartesia".to_owned(),
    }
}

/// `GET /agents/phone-numbers`: a page of `PhoneNumberResponse`s, filtered by `agent_id`,
/// `provider_id`, `type` and `q` (a search of number, label and agent name).
pub(crate) async fn list(state: S, q: Q) -> Reply {
    let cursor = q.cursor(true)?;
    let kind = q.get("type");
    if kind.is_some_and(|t| !["twilio", "cartesia", "sip_trunk"].contains(&t)) {
        return Err(ApiError::invalid_request(
            "`type` must be one of twilio, cartesia, sip_trunk.",
        ));
    }
    let store = state.store();
    let search = q.get("q").map(str::to_lowercase);
    let items: Vec<(String, Value)> = store
        .numbers
        .iter()
        .filter(|n| {
            q.get("agent_id")
                .is_none_or(|a| n.assigned.as_deref() == Some(a))
        })
        .filter(|n| {
            q.get("provider_id")
                .is_none_or(|p| n.provider.as_deref() == Some(p))
        })
        .filter(|n| kind.is_none_or(|t| number_type(&store, n) == t))
        .filter(|n| {
            search.as_deref().is_none_or(|s| {
                let agent_name = n
                    .assigned
                    .as_deref()
                    .and_then(|a| store.agent(a))
                    .map(|a| field(a, "name").to_lowercase())
                    .unwrap_or_default();
                n.number.contains(s)
                    || n.label
                        .as_deref()
                        .is_some_and(|l| l.to_lowercase().contains(s))
                    || agent_name.contains(s)
            })
        })
        .map(|n| (n.id.clone(), store.number_response(n)))
        .collect();
    Ok(ok(&page(items, &cursor)?))
}

/// Resolves a provider reference: `{"id"}` or `{"type": "twilio", "account_sid",
/// "region"}`.
fn provider_ref(store: &Store, reference: Map<String, Value>) -> Result<String, ApiError> {
    let reference = Obj::nested(reference, "provider");
    if let Some(id) = reference.opt_str("id")? {
        store.provider(&id).ok_or_else(provider_not_found)?;
        return Ok(id);
    }
    if reference.opt_str("type")?.as_deref() != Some("twilio") {
        return Err(ApiError::unprocessable(
            "`body.provider` must be `{\"id\"}` or `{\"type\": \"twilio\", \"account_sid\"}`.",
        ));
    }
    let sid = reference.req_str("account_sid")?;
    let region = reference
        .opt_enum("region", &["us1", "ie1", "au1"])?
        .unwrap_or_else(|| "us1".to_owned());
    store
        .providers
        .iter()
        .find(|p| field(p, "account_sid") == sid && field(p, "region") == region)
        .map(|p| field(p, "id").to_owned())
        .ok_or_else(provider_not_found)
}

/// `POST /agents/phone-numbers` with an `ImportPhoneNumberBody`: `201`; `409` if the
/// number is already imported.
pub(crate) async fn import(state: S, JsonBody(body): JsonBody) -> Reply {
    let label = body.req_str("label")?;
    let number = body.req_str("number")?;
    if !is_e164(&number) {
        return Err(ApiError::unprocessable(
            "`body.number` must be an E.164 phone number.",
        ));
    }
    let reference = body
        .opt_obj("provider")?
        .ok_or_else(|| ApiError::unprocessable("`body.provider` is required."))?;
    let agent_id = body.opt_str("agent_id")?;
    let mut store = state.store();
    let provider = provider_ref(&store, reference)?;
    if let Some(agent_id) = &agent_id {
        store.agent(agent_id).ok_or_else(agent_not_found)?;
    }
    if store.numbers.iter().any(|n| n.number == number) {
        return Err(ApiError::conflict(
            "phone_number_already_imported",
            "This phone number has already been imported.",
        ));
    }
    let rec = NumberRec::added(
        store.ids.next("pn"),
        number,
        label,
        agent_id,
        Some(provider),
    );
    let answer = store.number_response(&rec);
    store.numbers.push(rec);
    Ok(created(&answer))
}

/// `POST /agents/phone-numbers/provision` with a `ProvisionPhoneNumberBody`: a new
/// Cartesia-managed US number (`201`, `ProvisionPhoneNumberResponse`).
pub(crate) async fn provision(state: S, JsonBody(body): JsonBody) -> Reply {
    let label = body.req_str("label")?;
    let agent_id = body.opt_str("agent_id")?;
    let mut store = state.store();
    if let Some(agent_id) = &agent_id {
        store.agent(agent_id).ok_or_else(agent_not_found)?;
    }
    let mut n = 7000 + store.numbers.len();
    let number = loop {
        let candidate = format!("+1415555{:04}", n % 10_000);
        if !store.numbers.iter().any(|r| r.number == candidate) {
            break candidate;
        }
        n += 1;
    };
    let rec = NumberRec::added(store.ids.next("pn"), number, label, agent_id, None);
    let answer = store.number_base(&rec);
    store.numbers.push(rec);
    Ok(created(&answer))
}

/// `GET /agents/phone-numbers/{id}`: one `PhoneNumberResponse`.
pub(crate) async fn get(state: S, P(id): P<String>) -> Reply {
    get_one(&state, &id, Store::number_response)
}

/// `PATCH /agents/phone-numbers/{id}` with an `UpdatePhoneNumberBody`: label, agent
/// (`null` unassigns) and provider.
pub(crate) async fn update(state: S, P(id): P<String>, JsonBody(body): JsonBody) -> Reply {
    let label = body.opt_str("label")?;
    let agent = body.str_field("agent_id")?;
    let reference = body.opt_obj("provider")?;
    let mut store = state.store();
    let index = store.index_of::<NumberRec>(&id)?;
    if let Field::Set(agent_id) = &agent {
        store.agent(agent_id).ok_or_else(agent_not_found)?;
    }
    let provider = match reference {
        Some(reference) => Some(provider_ref(&store, reference)?),
        None => None,
    };
    let n = &mut store.numbers[index];
    if let Some(label) = label {
        n.label = Some(label);
    }
    match agent {
        Field::Set(agent_id) => {
            n.legacy_agent_id = agent_id.clone();
            n.assigned = Some(agent_id);
        }
        Field::Null => n.assigned = None,
        Field::Absent => {}
    }
    if provider.is_some() {
        n.provider = provider;
    }
    n.updated_at = now();
    let n = store.numbers[index].clone();
    Ok(ok(&store.number_response(&n)))
}

/// `DELETE /agents/phone-numbers/{id}`: `204`; `400` for a Cartesia-managed or SIP-trunk
/// number that is still assigned.
pub(crate) async fn delete(state: S, P(id): P<String>) -> Reply {
    remove_one(&state, &id, |store, n: &NumberRec| {
        if n.assigned.is_some() && number_type(store, n) != "twilio" {
            return Err(ApiError::bad_request(
                "phone_number_assigned",
                "Unassign this number from its agent before deleting it.",
            ));
        }
        Ok(())
    })?;
    Ok(no_content())
}

/// `GET /agents/phone-numbers/providers`: every `ProviderAccountResponse`, filtered by
/// `type` and `account_sid`.
pub(crate) async fn list_providers(state: S, q: Q) -> Reply {
    let kind = q.get("type");
    if kind.is_some_and(|t| !["twilio", "sip_trunk"].contains(&t)) {
        return Err(ApiError::invalid_request(
            "`type` must be twilio or sip_trunk.",
        ));
    }
    let store = state.store();
    let list: Vec<Value> = store
        .providers
        .iter()
        .filter(|p| kind.is_none_or(|t| field(p, "type") == t))
        .filter(|p| {
            q.get("account_sid")
                .is_none_or(|s| field(p, "account_sid") == s)
        })
        .map(|p| Value::Object(p.clone()))
        .collect();
    Ok(ok(&Value::Array(list)))
}

/// The `auth_username` of a credentials object (`""` without one).
fn username(config: &Obj) -> Result<String, ApiError> {
    match config.opt_obj("credentials")? {
        Some(c) => Obj::nested(c, "credentials").req_nonempty("username"),
        None => Ok(String::new()),
    }
}

/// SIP inbound details from a create (or merged update) config.
fn inbound_details(config: Obj, old: Option<&Value>) -> Result<Value, ApiError> {
    let old = old.cloned().unwrap_or_else(|| {
        json!({"allowed_addresses": [], "allowed_numbers": [], "auth_username": "", "media_encryption": "allowed"})
    });
    let mut out = old;
    if let Some(a) = config.opt_strings("allowed_addresses")? {
        out["allowed_addresses"] = json!(a);
    }
    if let Some(n) = config.opt_strings("allowed_numbers")? {
        out["allowed_numbers"] = json!(n);
    }
    media_and_credentials(&config, &mut out)?;
    Ok(out)
}

/// The `media_encryption` and credentials (`auth_username`) of an inbound or outbound config,
/// merged into `out`.
fn media_and_credentials(config: &Obj, out: &mut Value) -> Result<(), ApiError> {
    if let Some(m) = config.opt_enum("media_encryption", &["disabled", "allowed", "required"])? {
        out["media_encryption"] = m.into();
    }
    match config.obj_field("credentials")? {
        Field::Set(_) => out["auth_username"] = username(config)?.into(),
        Field::Null => out["auth_username"] = "".into(),
        Field::Absent => {}
    }
    Ok(())
}

/// SIP outbound details from a create (`old` is `None`: `address` and `transport`
/// required) or merged update config.
fn outbound_details(config: Obj, old: Option<&Value>) -> Result<Value, ApiError> {
    let mut out = match old {
        Some(old) => old.clone(),
        None => json!({
            "address": config.req_nonempty("address")?,
            "destination_country": "",
            "transport": config.opt_enum("transport", &["tcp", "tls"])?
                .ok_or_else(|| ApiError::unprocessable("`outbound.transport` is required."))?,
            "media_encryption": "disabled",
            "auth_username": "",
        }),
    };
    if let Some(a) = config.opt_str("address")? {
        if a.is_empty() {
            return Err(ApiError::unprocessable(
                "`outbound.address` must not be empty.",
            ));
        }
        out["address"] = a.into();
    }
    if let Some(t) = config.opt_enum("transport", &["tcp", "tls"])? {
        out["transport"] = t.into();
    }
    match config.str_field("destination_country")? {
        Field::Set(c) => {
            if c.len() != 2 || !c.bytes().all(|b| b.is_ascii_alphabetic()) {
                return Err(ApiError::unprocessable(
                    "`outbound.destination_country` must be a two-letter country code.",
                ));
            }
            out["destination_country"] = c.to_ascii_uppercase().into();
        }
        Field::Null => out["destination_country"] = "".into(),
        Field::Absent => {}
    }
    media_and_credentials(&config, &mut out)?;
    Ok(out)
}

/// `POST /agents/phone-numbers/providers` with a `CreateProviderBody`: `201`; `409` for a
/// second Twilio provider of one account and region.
pub(crate) async fn create_provider(state: S, JsonBody(body): JsonBody) -> Reply {
    let kind = body.req_str("type")?;
    let mut store = state.store();
    let mut provider = Map::new();
    match kind.as_str() {
        "twilio" => {
            let sid = body.req_nonempty("account_sid")?;
            let key_sid = body.req_nonempty("api_key_sid")?;
            body.req_nonempty("api_key_secret")?;
            let region = body
                .opt_enum("region", &["us1", "ie1", "au1"])?
                .unwrap_or_else(|| "us1".to_owned());
            let label = body.opt_str("label")?;
            let taken = store
                .providers
                .iter()
                .any(|p| field(p, "account_sid") == sid && field(p, "region") == region);
            if taken {
                return Err(ApiError::conflict(
                    "provider_already_exists",
                    "A Twilio provider already exists for this account and region.",
                ));
            }
            provider.insert("type".into(), "twilio".into());
            provider.insert("id".into(), store.ids.next("prov").into());
            provider.insert("account_sid".into(), sid.into());
            provider.insert("api_key_sid".into(), mask(&key_sid).into());
            provider.insert("region".into(), region.into());
            provider.insert("label".into(), label.map_or(Value::Null, Value::from));
        }
        "sip_trunk" => {
            let label = body.req_nonempty("label")?;
            let inbound = body.opt_obj("inbound")?;
            let outbound = body.opt_obj("outbound")?;
            if inbound.is_none() && outbound.is_none() {
                return Err(ApiError::unprocessable(
                    "A SIP trunk needs `inbound`, `outbound` or both.",
                ));
            }
            provider.insert("type".into(), "sip_trunk".into());
            provider.insert("id".into(), store.ids.next("prov").into());
            provider.insert("label".into(), label.into());
            if let Some(config) = inbound {
                provider.insert(
                    "inbound".into(),
                    inbound_details(Obj::nested(config, "inbound"), None)?,
                );
            }
            if let Some(config) = outbound {
                provider.insert(
                    "outbound".into(),
                    outbound_details(Obj::nested(config, "outbound"), None)?,
                );
            }
        }
        _ => {
            return Err(ApiError::unprocessable(
                "`body.type` must be `twilio` or `sip_trunk`.",
            ))
        }
    }
    let answer = Value::Object(provider.clone());
    store.providers.push(provider);
    Ok(created(&answer))
}

/// The index of the provider with `id`.
fn provider_index(store: &Store, id: &str) -> Result<usize, ApiError> {
    position_or(
        &store.providers,
        |p| field(p, "id") == id,
        provider_not_found,
    )
}

/// `GET /agents/phone-numbers/providers/{id}`.
pub(crate) async fn get_provider(state: S, P(id): P<String>) -> Reply {
    let store = state.store();
    let index = provider_index(&store, &id)?;
    Ok(ok(&Value::Object(store.providers[index].clone())))
}

/// `PATCH /agents/phone-numbers/providers/{id}` with an `UpdateProviderBody` of the
/// provider's type: new Twilio key (and region), or a merge-patch of a SIP trunk.
pub(crate) async fn update_provider(state: S, P(id): P<String>, JsonBody(body): JsonBody) -> Reply {
    let kind = body.req_str("type")?;
    let mut store = state.store();
    let index = provider_index(&store, &id)?;
    let current = store.providers[index].clone();
    if field(&current, "type") != kind {
        return Err(ApiError::unprocessable(format!(
            "`body.type` must be `{}`, the provider's type.",
            field(&current, "type")
        )));
    }
    let mut updated = current;
    if kind == "twilio" {
        let key_sid = body.req_nonempty("api_key_sid")?;
        body.req_nonempty("api_key_secret")?;
        updated.insert("api_key_sid".into(), mask(&key_sid).into());
        if let Some(region) = body.opt_enum("region", &["us1", "ie1", "au1"])? {
            updated.insert("region".into(), region.into());
        }
    } else {
        if let Some(label) = body.opt_str("label")? {
            if label.is_empty() {
                return Err(ApiError::unprocessable("`body.label` must not be empty."));
            }
            updated.insert("label".into(), label.into());
        }
        if let Some(config) = body.opt_obj("inbound")? {
            let details = inbound_details(Obj::nested(config, "inbound"), updated.get("inbound"))?;
            updated.insert("inbound".into(), details);
        }
        if let Some(config) = body.opt_obj("outbound")? {
            let old = updated.get("outbound").cloned();
            let details = outbound_details(Obj::nested(config, "outbound"), old.as_ref())?;
            updated.insert("outbound".into(), details);
        }
    }
    store.providers[index] = updated.clone();
    Ok(ok(&Value::Object(updated)))
}

/// `DELETE /agents/phone-numbers/providers/{id}`: `204`; `409` while numbers use it.
pub(crate) async fn delete_provider(state: S, P(id): P<String>) -> Reply {
    let mut store = state.store();
    let index = provider_index(&store, &id)?;
    refuse_if_used(
        &store.numbers,
        |n| n.provider.as_deref(),
        &id,
        ApiError::conflict(
            "provider_has_phone_numbers",
            "Remove every phone number using this provider before deleting it.",
        ),
    )?;
    store.providers.remove(index);
    Ok(no_content())
}
