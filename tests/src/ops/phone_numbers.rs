//! Contract scenarios: phone numbers (`/agents/phone-numbers*`) and telephony providers
//! (`/agents/phone-numbers/providers*`).

use cartesia_core::endpoints::phone_numbers::{
    CreateProvider, DeleteNumber, DeleteProvider, GetNumber, GetProvider, ImportNumber,
    ListNumbers, ListProviders, ProvisionNumber, UpdateNumber, UpdateProvider,
};
use cartesia_types::telephony::{
    CreateSipProviderBody, CreateTwilioProviderBody, ImportPhoneNumberBody, InboundSipTrunkConfig,
    OutboundSipTrunkConfig, PhoneNumberAgent, ProviderAccountResponse, ProviderRef,
    ProviderResponse, ProviderType, ProvisionPhoneNumberBody, SipCredentials, SipMediaEncryption,
    SipTrunkTransport, TelephonyRegion, UpdateInboundSipTrunkConfig, UpdateOutboundSipTrunkConfig,
    UpdatePhoneNumberBody, UpdateSipCredentials, UpdateSipTrunkProviderBody,
    UpdateTwilioProviderBody,
};
use serde_json::{json, Value};

use crate::harness::Harness;
use crate::ops::{self, Expected};
use crate::Reply;

/// A phone number in the spec's shape, with `provider` as given.
fn number(id: &str, agent: Value, provider: Value) -> Value {
    json!({
        "id": id,
        "label": format!("Line {id}"),
        "number": "+14155551234",
        "agent": agent,
        "created_at": "2026-03-01T00:00:00Z",
        "updated_at": "2026-03-02T08:30:00.5Z",
        "provider": provider,
    })
}

fn twilio() -> Value {
    json!({"type": "twilio", "id": "prov_tw", "account_sid": "AC123", "api_key_sid": "SK12***89",
           "region": "ie1", "label": "Main Twilio"})
}

fn sip_account() -> Value {
    json!({"type": "sip_trunk", "id": "prov_sip", "label": "Office PBX",
           "inbound": {"allowed_addresses": ["203.0.113.0/24"], "allowed_numbers": [],
                       "auth_username": "in-user", "media_encryption": "allowed"},
           "outbound": {"address": "sip.example.com", "destination_country": "US",
                        "transport": "tls", "media_encryption": "disabled",
                        "auth_username": "out-user"}})
}

fn agent() -> Value {
    json!({"id": "agent_abc123", "name": "Customer support"})
}

/// Every phone-number operation: exact request, decoded response; then the list paged to
/// its end.
pub fn phone_numbers_operations<H: Harness>() {
    let (ctx, h) = ops::setup::<H>();

    // GET /agents/phone-numbers with every filter; each provider kind in the answer.
    let list = ListNumbers::new()
        .agent_id("agent_abc123")
        .provider_id("prov/1")
        .provider_type(ProviderType::Twilio)
        .q("support line")
        .ending_before("pn_z")
        .limit(4);
    let page = ops::call_op(
        &ctx,
        &h,
        &list,
        Reply::json(
            200,
            json!({"data": [
                number("pn_1", agent(), twilio()),
                number("pn_2", Value::Null, json!({"type": "cartesia"})),
                number("pn_3", agent(),
                       json!({"type": "sip_trunk", "id": "prov_sip", "label": null})),
                number("pn_4", Value::Null, json!({"type": "telnyx", "id": "prov_tx"})),
            ], "has_more": false})
            .to_string(),
        ),
        Expected::no_body(
            "GET",
            "/agents/phone-numbers?agent_id=agent_abc123&provider_id=prov%2F1&type=twilio\
             &q=support%20line&ending_before=pn_z&limit=4",
        ),
    );
    assert_eq!(page.has_more, Some(false), "{}", H::NAME);
    let ids: Vec<&str> = page.data.iter().map(|n| n.id.as_str()).collect();
    assert_eq!(ids, ["pn_1", "pn_2", "pn_3", "pn_4"], "{}", H::NAME);
    let first = &page.data[0];
    assert_eq!(first.label.as_deref(), Some("Line pn_1"));
    assert_eq!(first.number, "+14155551234");
    assert_eq!(
        first.agent,
        Some(PhoneNumberAgent::new("agent_abc123", "Customer support"))
    );
    assert_eq!(first.created_at.to_string(), "2026-03-01T00:00:00Z");
    assert_eq!(first.updated_at.to_string(), "2026-03-02T08:30:00.5Z");
    let ProviderResponse::Twilio(t) = &first.provider else {
        panic!("{}: {:?}", H::NAME, first.provider)
    };
    assert_eq!(t.id, "prov_tw");
    assert_eq!(t.account_sid, "AC123");
    assert_eq!(t.api_key_sid, "SK12***89");
    assert_eq!(t.region, TelephonyRegion::Ie1);
    assert_eq!(t.label.as_deref(), Some("Main Twilio"));
    assert_eq!(page.data[1].agent, None);
    assert!(matches!(
        page.data[1].provider,
        ProviderResponse::Cartesia(_)
    ));
    let ProviderResponse::SipTrunk(s) = &page.data[2].provider else {
        panic!("{}: {:?}", H::NAME, page.data[2].provider)
    };
    assert_eq!((s.id.as_str(), s.label.as_deref()), ("prov_sip", None));
    assert!(matches!(
        page.data[3].provider,
        ProviderResponse::Unknown(_)
    ));
    assert_eq!(page.data[3].provider.type_str(), "telnyx");
    assert_eq!(page.data[3].provider.id(), Some("prov_tx"));

    // POST /agents/phone-numbers → 201.
    let import = ImportNumber::new(
        ImportPhoneNumberBody::new(
            "Support",
            "+14155550123",
            ProviderRef::by_twilio_account("AC123", Some(TelephonyRegion::Ie1)),
        )
        .agent_id("agent_abc123"),
    );
    let imported = ops::call_op(
        &ctx,
        &h,
        &import,
        Reply::json(201, number("pn_new", agent(), twilio()).to_string()),
        Expected::json(
            "POST",
            "/agents/phone-numbers",
            json!({"label": "Support", "number": "+14155550123",
                   "provider": {"type": "twilio", "account_sid": "AC123", "region": "ie1"},
                   "agent_id": "agent_abc123"}),
        ),
    );
    assert_eq!(imported.id, "pn_new");
    assert_eq!(imported.provider.provider_type(), ProviderType::Twilio);
    assert_eq!(
        imported.agent.map(|a| a.id).as_deref(),
        Some("agent_abc123")
    );

    // POST /agents/phone-numbers/provision → 201 (the YAML example).
    let provisioned = ops::call_op(
        &ctx,
        &h,
        &ProvisionNumber::new(
            ProvisionPhoneNumberBody::new("Support line").agent_id("agent_abc123"),
        ),
        Reply::json(
            201,
            r#"{"id":"pn_abc123","label":"Support line","number":"+14155551234",
                "agent":{"id":"agent_abc123","name":"Customer support"},
                "created_at":"2026-03-01T00:00:00Z","updated_at":"2026-03-01T00:00:00Z"}"#,
        ),
        Expected::json(
            "POST",
            "/agents/phone-numbers/provision",
            json!({"label": "Support line", "agent_id": "agent_abc123"}),
        ),
    );
    assert_eq!(provisioned.id, "pn_abc123");
    assert_eq!(provisioned.label.as_deref(), Some("Support line"));
    assert_eq!(provisioned.number, "+14155551234");
    assert_eq!(
        provisioned.agent,
        Some(PhoneNumberAgent::new("agent_abc123", "Customer support"))
    );
    assert_eq!(provisioned.created_at.to_string(), "2026-03-01T00:00:00Z");

    // GET /agents/phone-numbers/{id}: label and agent absent.
    let mut bare = number("pn_abc123", Value::Null, json!({"type": "cartesia"}));
    let obj = bare.as_object_mut().expect("object");
    obj.remove("label");
    obj.remove("agent");
    let got = ops::call_op(
        &ctx,
        &h,
        &GetNumber::new("pn_abc123"),
        Reply::json(200, bare.to_string()),
        Expected::no_body("GET", "/agents/phone-numbers/pn_abc123"),
    );
    assert_eq!((got.label, got.agent), (None, None));
    assert_eq!(got.provider.type_str(), "cartesia");
    assert_eq!(got.provider.id(), None);

    // PATCH /agents/phone-numbers/{id}: label set, agent cleared (null), provider unchanged.
    let updated = ops::call_op(
        &ctx,
        &h,
        &UpdateNumber::new(
            "pn_abc123",
            UpdatePhoneNumberBody::new()
                .label("Renamed")
                .unassign_agent(),
        ),
        Reply::json(
            200,
            number("pn_abc123", Value::Null, json!({"type": "cartesia"})).to_string(),
        ),
        Expected::json(
            "PATCH",
            "/agents/phone-numbers/pn_abc123",
            json!({"label": "Renamed", "agent_id": null}),
        ),
    );
    assert_eq!(updated.agent, None);
    // ... and agent set, provider moved, label unchanged.
    let updated = ops::call_op(
        &ctx,
        &h,
        &UpdateNumber::new(
            "pn 1",
            UpdatePhoneNumberBody::new()
                .agent_id("agent_2")
                .provider(ProviderRef::by_id("prov_sip")),
        ),
        Reply::json(
            200,
            number(
                "pn 1",
                json!({"id": "agent_2", "name": "Sales"}),
                json!({"type": "sip_trunk", "id": "prov_sip"}),
            )
            .to_string(),
        ),
        Expected::json(
            "PATCH",
            "/agents/phone-numbers/pn%201",
            json!({"agent_id": "agent_2", "provider": {"id": "prov_sip"}}),
        ),
    );
    assert_eq!(updated.agent.map(|a| a.name).as_deref(), Some("Sales"));
    assert_eq!(updated.provider.id(), Some("prov_sip"));

    // DELETE /agents/phone-numbers/{id} → 204.
    ops::call_op(
        &ctx,
        &h,
        &DeleteNumber::new("pn_abc123"),
        Reply::raw(204, "text/plain", Vec::new()),
        Expected::no_body("DELETE", "/agents/phone-numbers/pn_abc123"),
    );

    // A route of its own is never sent as an id.
    let before = ctx.received().len();
    let err = h
        .run(&ctx, &GetNumber::new("providers"))
        .expect_err("refused");
    assert!(
        matches!(err, cartesia_core::Error::InvalidRequest(_)),
        "{}: {err:?}",
        H::NAME
    );
    assert_eq!(ctx.received().len(), before, "{}: no request sent", H::NAME);

    // Pagination: three pages, each request after the last id of the one before; filters kept.
    let before = ctx.received().len();
    let pages = [
        (
            json!([
                number("pn_1", agent(), twilio()),
                number("pn_2", agent(), twilio())
            ]),
            true,
        ),
        (
            json!([
                number("pn_3", Value::Null, json!({"type": "cartesia"})),
                number("pn_4", Value::Null, json!({"type": "cartesia"}))
            ]),
            true,
        ),
        (
            json!([number(
                "pn_5",
                agent(),
                json!({"type": "sip_trunk", "id": "prov_sip"})
            )]),
            false,
        ),
    ];
    for (data, has_more) in pages {
        ctx.reply(Reply::json(
            200,
            json!({"data": data, "has_more": has_more}).to_string(),
        ));
    }
    let items = h
        .collect_pages(
            &ctx,
            ListNumbers::new().agent_id("agent_abc123").limit(2),
            None,
        )
        .unwrap_or_else(|e| panic!("{}: paging failed: {e}", H::NAME));
    let ids: Vec<&str> = items.iter().map(|n| n.id.as_str()).collect();
    assert_eq!(ids, ["pn_1", "pn_2", "pn_3", "pn_4", "pn_5"], "{}", H::NAME);
    assert_eq!(items[4].provider.type_str(), "sip_trunk");
    let seen: Vec<String> = ctx.received()[before..]
        .iter()
        .map(|s| format!("{} {}", s.method, s.path_and_query))
        .collect();
    assert_eq!(
        seen,
        [
            "GET /agents/phone-numbers?agent_id=agent_abc123&limit=2",
            "GET /agents/phone-numbers?agent_id=agent_abc123&starting_after=pn_2&limit=2",
            "GET /agents/phone-numbers?agent_id=agent_abc123&starting_after=pn_4&limit=2",
        ],
        "{}",
        H::NAME
    );
}

/// Every provider operation: exact request (secrets on the wire, never in `Debug`), decoded
/// response.
pub fn providers_operations<H: Harness>() {
    let (ctx, h) = ops::setup::<H>();

    // GET /agents/phone-numbers/providers with filters: a bare array, incl. an unknown type.
    let list = ops::call_op(
        &ctx,
        &h,
        &ListProviders::new()
            .provider_type(ProviderType::Twilio)
            .account_sid("AC 123"),
        Reply::json(
            200,
            json!([twilio(), sip_account(), {"type": "zoom", "id": "prov_z", "label": "Z"}])
                .to_string(),
        ),
        Expected::no_body(
            "GET",
            "/agents/phone-numbers/providers?type=twilio&account_sid=AC%20123",
        ),
    );
    assert_eq!(list.len(), 3, "{}", H::NAME);
    let ProviderAccountResponse::Twilio(t) = &list[0] else {
        panic!("{}: {:?}", H::NAME, list[0])
    };
    assert_eq!(
        (t.id.as_str(), t.account_sid.as_str(), &t.region),
        ("prov_tw", "AC123", &TelephonyRegion::Ie1)
    );
    let ProviderAccountResponse::SipTrunk(s) = &list[1] else {
        panic!("{}: {:?}", H::NAME, list[1])
    };
    assert_eq!(s.label.as_deref(), Some("Office PBX"));
    let inbound = s.inbound.as_ref().expect("inbound");
    assert_eq!(inbound.allowed_addresses, ["203.0.113.0/24"]);
    assert!(inbound.allowed_numbers.is_empty());
    assert_eq!(inbound.auth_username, "in-user");
    assert_eq!(inbound.media_encryption, SipMediaEncryption::Allowed);
    let outbound = s.outbound.as_ref().expect("outbound");
    assert_eq!(outbound.address, "sip.example.com");
    assert_eq!(outbound.destination_country.as_deref(), Some("US"));
    assert_eq!(outbound.transport, SipTrunkTransport::Tls);
    assert_eq!(outbound.media_encryption, SipMediaEncryption::Disabled);
    assert_eq!(outbound.auth_username, "out-user");
    assert!(matches!(list[2], ProviderAccountResponse::Unknown(_)));
    assert_eq!(
        (list[2].type_str(), list[2].id(), list[2].label()),
        ("zoom", Some("prov_z"), Some("Z"))
    );

    // ... and without filters, an empty list.
    let empty = ops::call_op(
        &ctx,
        &h,
        &ListProviders::new(),
        Reply::json(200, "[]"),
        Expected::no_body("GET", "/agents/phone-numbers/providers"),
    );
    assert!(empty.is_empty());

    // POST /agents/phone-numbers/providers (Twilio) → 201.
    let create = CreateProvider::new(
        CreateTwilioProviderBody::new("AC123", "SK1289", "twilio-secret-value")
            .region(TelephonyRegion::Ie1)
            .label("Main Twilio"),
    );
    assert!(!format!("{create:?}").contains("twilio-secret-value"));
    let created = ops::call_op(
        &ctx,
        &h,
        &create,
        Reply::json(201, twilio().to_string()),
        Expected::json(
            "POST",
            "/agents/phone-numbers/providers",
            json!({"type": "twilio", "account_sid": "AC123", "api_key_sid": "SK1289",
                   "api_key_secret": "twilio-secret-value", "region": "ie1",
                   "label": "Main Twilio"}),
        ),
    );
    assert_eq!(created.id(), Some("prov_tw"));
    assert_eq!(created.provider_type(), ProviderType::Twilio);

    // POST /agents/phone-numbers/providers (SIP trunk) → 201.
    let create = CreateProvider::new(
        CreateSipProviderBody::new("Office PBX")
            .inbound(
                InboundSipTrunkConfig::new()
                    .credentials(SipCredentials::new("in-user", "sip-in-password"))
                    .allowed_addresses(["203.0.113.0/24"])
                    .media_encryption(SipMediaEncryption::Allowed),
            )
            .outbound(
                OutboundSipTrunkConfig::new("sip.example.com", SipTrunkTransport::Tls)
                    .destination_country("US")
                    .credentials(SipCredentials::new("out-user", "sip-out-password")),
            ),
    );
    let dbg = format!("{create:?}");
    assert!(!dbg.contains("sip-in-password") && !dbg.contains("sip-out-password"));
    let created = ops::call_op(
        &ctx,
        &h,
        &create,
        Reply::json(201, sip_account().to_string()),
        Expected::json(
            "POST",
            "/agents/phone-numbers/providers",
            json!({"type": "sip_trunk", "label": "Office PBX",
                   "inbound": {"credentials": {"username": "in-user",
                                               "password": "sip-in-password"},
                               "allowed_addresses": ["203.0.113.0/24"],
                               "media_encryption": "allowed"},
                   "outbound": {"address": "sip.example.com", "transport": "tls",
                                "destination_country": "US",
                                "credentials": {"username": "out-user",
                                                "password": "sip-out-password"}}}),
        ),
    );
    let ProviderAccountResponse::SipTrunk(s) = &created else {
        panic!("{}: {created:?}", H::NAME)
    };
    assert_eq!(s.id, "prov_sip");
    assert_eq!(
        s.outbound.as_ref().map(|o| o.auth_username.as_str()),
        Some("out-user")
    );

    // GET /agents/phone-numbers/providers/{id}: an inbound-only trunk, label null.
    let got = ops::call_op(
        &ctx,
        &h,
        &GetProvider::new("prov_in"),
        Reply::json(
            200,
            r#"{"type":"sip_trunk","id":"prov_in","label":null,
                "inbound":{"allowed_addresses":[],"allowed_numbers":["+15550001"],
                           "auth_username":"u","media_encryption":"srtp_only"}}"#,
        ),
        Expected::no_body("GET", "/agents/phone-numbers/providers/prov_in"),
    );
    let ProviderAccountResponse::SipTrunk(s) = &got else {
        panic!("{}: {got:?}", H::NAME)
    };
    assert_eq!((s.label.as_deref(), s.outbound.is_none()), (None, true));
    let inbound = s.inbound.as_ref().expect("inbound");
    assert_eq!(inbound.allowed_numbers, ["+15550001"]);
    assert_eq!(
        inbound.media_encryption,
        SipMediaEncryption::Unknown("srtp_only".into())
    );

    // PATCH (Twilio): new credentials.
    let update = UpdateProvider::new(
        "prov_tw",
        UpdateTwilioProviderBody::new("SK9999", "rotated-secret").region(TelephonyRegion::Au1),
    );
    assert!(!format!("{update:?}").contains("rotated-secret"));
    let mut rotated = twilio();
    rotated["region"] = json!("au1");
    let updated = ops::call_op(
        &ctx,
        &h,
        &update,
        Reply::json(200, rotated.to_string()),
        Expected::json(
            "PATCH",
            "/agents/phone-numbers/providers/prov_tw",
            json!({"type": "twilio", "api_key_sid": "SK9999", "api_key_secret": "rotated-secret",
                   "region": "au1"}),
        ),
    );
    let ProviderAccountResponse::Twilio(t) = &updated else {
        panic!("{}: {updated:?}", H::NAME)
    };
    assert_eq!(t.region, TelephonyRegion::Au1);

    // PATCH (SIP trunk), merge-patch with the three states: credentials cleared (null),
    // destination country set, allowlist cleared (`[]`), everything else unchanged (absent).
    let update = UpdateProvider::new(
        "prov_sip",
        UpdateSipTrunkProviderBody::new()
            .inbound(
                UpdateInboundSipTrunkConfig::new()
                    .clear_credentials()
                    .allowed_addresses(Vec::<String>::new()),
            )
            .outbound(
                UpdateOutboundSipTrunkConfig::new()
                    .destination_country("GB")
                    .credentials(UpdateSipCredentials::new("out-user").password("new-pw")),
            ),
    );
    assert!(!format!("{update:?}").contains("new-pw"));
    let updated = ops::call_op(
        &ctx,
        &h,
        &update,
        Reply::json(200, sip_account().to_string()),
        Expected::json(
            "PATCH",
            "/agents/phone-numbers/providers/prov_sip",
            json!({"type": "sip_trunk",
                   "inbound": {"credentials": null, "allowed_addresses": []},
                   "outbound": {"destination_country": "GB",
                                "credentials": {"username": "out-user", "password": "new-pw"}}}),
        ),
    );
    assert_eq!(updated.label(), Some("Office PBX"));
    // ... and the other direction: destination cleared, label set.
    ops::call_op(
        &ctx,
        &h,
        &UpdateProvider::new(
            "prov_sip",
            UpdateSipTrunkProviderBody::new()
                .label("Renamed")
                .outbound(UpdateOutboundSipTrunkConfig::new().clear_destination_country()),
        ),
        Reply::json(200, sip_account().to_string()),
        Expected::json(
            "PATCH",
            "/agents/phone-numbers/providers/prov_sip",
            json!({"type": "sip_trunk", "label": "Renamed",
                   "outbound": {"destination_country": null}}),
        ),
    );

    // DELETE /agents/phone-numbers/providers/{id} → 204.
    ops::call_op(
        &ctx,
        &h,
        &DeleteProvider::new("prov/sip"),
        Reply::raw(204, "text/plain", Vec::new()),
        Expected::no_body("DELETE", "/agents/phone-numbers/providers/prov%2Fsip"),
    );
}
