//! Endpoints of the Agents API: phone numbers (`/agents/phone-numbers*`) and telephony
//! providers (`/agents/phone-numbers/providers*`).
//!
//! Not to be confused with [`agents::ListPhoneNumbers`](super::agents::ListPhoneNumbers)
//! (`GET /agents/{agent_id}/phone-numbers`, the legacy per-agent list).
//!
//! ```
//! use cartesia_core::endpoints::phone_numbers::ListNumbers;
//! use cartesia_core::types::telephony::{
//!     CreateTwilioProviderBody, ProviderAccountResponse, TelephonyRegion,
//! };
//! use cartesia_core::{ClientBuilder, Error};
//! # use cartesia_core::mock::MockTransport;
//! # let transport = MockTransport::new();
//! # let n = |id: &str| format!(r#"{{"id":"{id}","number":"+1415555{id}","agent":null,
//! #   "created_at":"2026-03-01T00:00:00Z","updated_at":"2026-03-01T00:00:00Z",
//! #   "provider":{{"type":"cartesia"}}}}"#);
//! # transport.push_json(200, &format!(r#"{{"data":[{},{}],"has_more":true}}"#, n("1"), n("2")));
//! # transport.push_json(200, &format!(r#"{{"data":[{}],"has_more":false}}"#, n("3")));
//! # transport.push_json(201, r#"{"type":"twilio","id":"prov_1","account_sid":"AC1",
//! #   "api_key_sid":"SK***","region":"ie1"}"#);
//! let client = ClientBuilder::new().api_key("sk_car_...").build_blocking(transport)?;
//! let agents = client.agents();
//! let numbers = agents.phone_numbers();
//!
//! // Every number, page after page (`starting_after=<last id>`).
//! for number in numbers.list_all(ListNumbers::new().limit(2)).items() {
//!     let number = number?;
//!     println!("{} {}", number.number, number.provider.type_str());
//! }
//!
//! // Link a Twilio account; the secret never shows in `Debug`.
//! let body = CreateTwilioProviderBody::new("AC1", "SK1", "api-key-secret")
//!     .region(TelephonyRegion::Ie1);
//! assert!(!format!("{body:?}").contains("api-key-secret"));
//! match numbers.providers().create(body)? {
//!     ProviderAccountResponse::Twilio(t) => assert_eq!(t.region, TelephonyRegion::Ie1),
//!     other => println!("another kind of provider: {}", other.type_str()),
//! }
//! # Ok::<(), Error>(())
//! ```

use cartesia_types::telephony::{
    CreateProviderBody, ImportPhoneNumberBody, PhoneNumberResponse, ProviderAccountResponse,
    ProviderType, ProvisionPhoneNumberBody, ProvisionPhoneNumberResponse, UpdatePhoneNumberBody,
    UpdateProviderBody,
};
use cartesia_types::Page;

use super::declare::endpoints;
use crate::resources::{
    AsyncPhoneNumbers, AsyncProviders, BlockingPhoneNumbers, BlockingProviders,
};
#[cfg(test)]
use crate::{endpoint::Endpoint, error::Error, transport::HttpResponse};

/// Segments under `/agents/phone-numbers/` that are routes of their own, never phone number ids.
const RESERVED_NUMBER_IDS: &[&str] = &["providers", "provision"];

endpoints! {
    impl AsyncPhoneNumbers, BlockingPhoneNumbers {
        /// one page of phone numbers, optionally filtered.
        ///
        /// Cursor-paginated: use it with `pages(..)` / `list_all(..)` to walk every page (it implements
        /// [`Paginated`](crate::Paginated)). Query parameters are sent in this order: `agent_id`, `provider_id`, `type`,
        /// `q`, `starting_after`, `ending_before`, `limit`.
        ListNumbers = "phone_numbers_list" GET ["/agents/phone-numbers"] -> Page<PhoneNumberResponse>
            => request list, pages list_all {
            query {
                /// Only numbers assigned to this agent.
                agent_id: str,
                /// Only numbers of this provider.
                provider_id: str,
                /// Only numbers of this provider type (`twilio`, `cartesia`, `sip_trunk`; the `type`
                /// query parameter).
                provider_type as "type": opt ProviderType,
                /// Search by phone number, label or agent name.
                q: str,
            }
            cursor [starting_after ending_before limit] "number" => PhoneNumberResponse;
        }

        /// import a number from a linked provider (201).
        ImportNumber = "phone_numbers_import" POST ["/agents/phone-numbers"] -> PhoneNumberResponse => method import {
            json body: ImportPhoneNumberBody;
        }

        /// a new Cartesia-managed US number (201).
        ProvisionNumber = "phone_numbers_provision" POST ["/agents/phone-numbers/provision"] -> ProvisionPhoneNumberResponse
            => method provision {
            json body: ProvisionPhoneNumberBody;
        }

        /// one phone number.
        ///
        /// The id is sent as exactly one percent-encoded path segment. Refused before any I/O: an
        /// empty id, one with control characters, `.` or `..`, and `providers` or `provision` (those
        /// would address the provider list and the provisioning route, not a phone number).
        GetNumber = "phone_numbers_get" GET
            ["/agents/phone-numbers/" {id: String, except RESERVED_NUMBER_IDS}] -> PhoneNumberResponse => method get;

        /// change a number's label, agent or provider. The id is checked as for [`GetNumber`].
        UpdateNumber = "phone_numbers_update" PATCH
            ["/agents/phone-numbers/" {id: String, except RESERVED_NUMBER_IDS}] -> PhoneNumberResponse
            => method update {
            json body: UpdatePhoneNumberBody;
        }

        /// (204). Cartesia-managed and SIP trunk numbers must be unassigned first; deleting a
        /// Cartesia-managed number releases it permanently. The id is checked as for [`GetNumber`].
        DeleteNumber = "phone_numbers_delete" DELETE
            ["/agents/phone-numbers/" {id: String, except RESERVED_NUMBER_IDS}] -> () => method delete {
            parse empty;
        }
    }

    impl AsyncProviders, BlockingProviders {
        /// every linked provider account (a whole list, not paginated). Query parameters are sent in
        /// this order: `type`, `account_sid`.
        ListProviders = "providers_list" GET ["/agents/phone-numbers/providers"] -> Vec<ProviderAccountResponse>
            => request list {
            query {
                /// Only providers of this type (`twilio` or `sip_trunk`; the `type` query parameter).
                provider_type as "type": opt ProviderType,
                /// Only the Twilio provider with this account SID.
                account_sid: str,
            }
        }

        /// link a Twilio account or a SIP trunk (201). `new` takes a `CreateTwilioProviderBody` or a
        /// `CreateSipProviderBody`.
        ///
        /// The body's secrets (Twilio API key secret, SIP passwords) never show in `Debug`.
        CreateProvider = "providers_create" POST ["/agents/phone-numbers/providers"] -> ProviderAccountResponse
            => method create {
            json body: CreateProviderBody | Into;
        }

        /// one provider account, with its SIP configuration.
        GetProvider = "providers_get" GET
            ["/agents/phone-numbers/providers/" {id: String}] -> ProviderAccountResponse => method get;

        /// new Twilio credentials, or a merge-patch of a SIP trunk's configuration. `new` takes an
        /// `UpdateTwilioProviderBody` or an `UpdateSipTrunkProviderBody` (whose `type` must match the
        /// provider's).
        ///
        /// The body's secrets never show in `Debug`.
        UpdateProvider = "providers_update" PATCH
            ["/agents/phone-numbers/providers/" {id: String}] -> ProviderAccountResponse => method update {
            json body: UpdateProviderBody | Into;
        }

        /// (204). Delete the provider's phone numbers first (409 otherwise).
        DeleteProvider = "providers_delete" DELETE ["/agents/phone-numbers/providers/" {id: String}] -> ()
            => method delete {
            parse empty;
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::pager::Paginated;

    use cartesia_types::telephony::{
        CreateSipProviderBody, CreateTwilioProviderBody, InboundSipTrunkConfig,
        OutboundSipTrunkConfig, PhoneNumberAgent, ProviderRef, ProviderResponse, SipCredentials,
        SipMediaEncryption, SipTrunkTransport, TelephonyRegion, UpdateInboundSipTrunkConfig,
        UpdateOutboundSipTrunkConfig, UpdateSipCredentials, UpdateSipTrunkProviderBody,
        UpdateTwilioProviderBody,
    };
    use cartesia_types::JsonValue;
    use serde_json::json;

    use super::*;
    use crate::endpoints::steps::requests;
    use crate::test_support::{build, response as reply};

    fn refused<E: Endpoint>(ep: &E) -> String {
        match build(ep) {
            Err(Error::InvalidRequest(e)) => {
                assert_eq!(e.field(), "id");
                e.to_string()
            }
            other => panic!("expected InvalidRequest, got {other:?}"),
        }
    }

    fn number_json(id: &str, provider: JsonValue) -> JsonValue {
        json!({"id":id,"label":"Support line","number":"+14155551234",
               "agent":{"id":"agent_abc123","name":"Customer support"},
               "created_at":"2026-03-01T00:00:00Z","updated_at":"2026-03-01T00:00:00Z",
               "provider":provider})
    }

    fn twilio_json() -> JsonValue {
        json!({"type":"twilio","id":"prov_tw","account_sid":"AC123","api_key_sid":"SK***89",
               "region":"us1","label":null})
    }

    fn sip_account_json() -> JsonValue {
        json!({"type":"sip_trunk","id":"prov_sip","label":"PBX",
               "inbound":{"allowed_addresses":["203.0.113.0/24"],"allowed_numbers":["+15550001"],
                          "auth_username":"in-user","media_encryption":"allowed"},
               "outbound":{"address":"sip.example.com","destination_country":"US",
                           "transport":"tls","media_encryption":"disabled",
                           "auth_username":"out-user"}})
    }

    #[test]
    fn list_numbers_request() {
        requests! {
            ListNumbers::new() => "GET /agents/phone-numbers";
        }
        let every = ListNumbers::new()
            .limit(25)
            .ending_before("pn_0")
            .starting_after("pn 9")
            .q("support & sales")
            .provider_type(ProviderType::SipTrunk)
            .provider_id("prov/1")
            .agent_id("agent_1");
        requests! {
            every => "GET /agents/phone-numbers?agent_id=agent_1&provider_id=prov%2F1\
                &type=sip_trunk&q=support%20%26%20sales&starting_after=pn%209&limit=25";
        }
        // Unknown filter values are sent as given.
        let odd = ListNumbers::new().provider_type(ProviderType::from("whatsapp"));
        requests! {
            odd => "GET /agents/phone-numbers?type=whatsapp";
        }
    }

    #[test]
    fn list_numbers_pages_by_last_id() {
        let first = ListNumbers::new()
            .agent_id("agent_1")
            .ending_before("pn_z")
            .limit(2);
        let next = Paginated::starting_after(&first, "pn_2");
        assert_eq!(next.starting_after.as_deref(), Some("pn_2"));
        assert_eq!(
            next.ending_before, None,
            "paging forward clears ending_before"
        );
        assert_eq!(next.agent_id.as_deref(), Some("agent_1"));
        assert_eq!(next.limit, Some(2));
        requests! {
            next => "GET /agents/phone-numbers?agent_id=agent_1&starting_after=pn_2&limit=2";
        }
        // The original request is untouched.
        assert_eq!(first.ending_before.as_deref(), Some("pn_z"));
    }

    #[test]
    fn import_and_provision_requests() {
        let import = ImportNumber::new(
            ImportPhoneNumberBody::new(
                "Support",
                "+14155550123",
                ProviderRef::by_twilio_account("AC1", Some(TelephonyRegion::Ie1)),
            )
            .agent_id("agent_1"),
        );
        requests! {
            import => "POST /agents/phone-numbers",
                json!({"label":"Support","number":"+14155550123",
                "provider":{"type":"twilio","account_sid":"AC1","region":"ie1"},
                "agent_id":"agent_1"});
        }
        let import = ImportNumber::new(ImportPhoneNumberBody::new(
            "L",
            "+1",
            ProviderRef::by_id("prov_1"),
        ));
        requests! {
            import => "POST /agents/phone-numbers",
                json!({"label":"L","number":"+1","provider":{"id":"prov_1"}});
        }
        let provision =
            ProvisionNumber::new(ProvisionPhoneNumberBody::new("Support line").agent_id("a"));
        requests! {
            provision => "POST /agents/phone-numbers/provision",
                json!({"label":"Support line","agent_id":"a"});
        }
        requests! {
            ProvisionNumber::new(ProvisionPhoneNumberBody::new("x"))
                => "POST /agents/phone-numbers/provision",
                json!({"label":"x"});
        }
    }

    #[test]
    fn number_item_requests() {
        requests! {
            GetNumber::new("pn_abc123") => "GET /agents/phone-numbers/pn_abc123";
        }
        requests! {
            GetNumber::new("pn/../x") => "GET /agents/phone-numbers/pn%2F..%2Fx";
        }
        requests! {
            DeleteNumber::new("pn_1") => "DELETE /agents/phone-numbers/pn_1";
        }
        // PATCH: set, null and unchanged.
        let update = UpdateNumber::new(
            "pn_1",
            UpdatePhoneNumberBody::new().label("New").unassign_agent(),
        );
        requests! {
            update => "PATCH /agents/phone-numbers/pn_1", json!({"label":"New","agent_id":null});
        }
        let update = UpdateNumber::new(
            "pn_1",
            UpdatePhoneNumberBody::new()
                .agent_id("agent_2")
                .provider(ProviderRef::by_id("prov_2")),
        );
        requests! {
            update => "PATCH /agents/phone-numbers/pn_1",
                json!({"agent_id":"agent_2","provider":{"id":"prov_2"}});
        }
        requests! {
            UpdateNumber::new("pn_1", UpdatePhoneNumberBody::new())
                => "PATCH /agents/phone-numbers/pn_1",
                json!({});
        }
    }

    #[test]
    fn sibling_routes_and_bad_ids_are_refused_before_io() {
        for id in ["providers", "provision", "", ".", "..", "a\nb"] {
            refused(&GetNumber::new(id));
            refused(&UpdateNumber::new(id, UpdatePhoneNumberBody::new()));
            refused(&DeleteNumber::new(id));
        }
        assert!(refused(&GetNumber::new("providers")).contains("another route"));
        for id in ["", ".", "..", "a\rb"] {
            refused(&GetProvider::new(id));
            refused(&UpdateProvider::new(id, UpdateSipTrunkProviderBody::new()));
            refused(&DeleteProvider::new(id));
        }
        // Near-misses are ordinary ids.
        requests! {
            GetNumber::new("providers2") => "GET /agents/phone-numbers/providers2";
        }
        requests! {
            GetNumber::new("Providers") => "GET /agents/phone-numbers/Providers";
        }
    }

    #[test]
    fn provider_requests() {
        requests! {
            ListProviders::new() => "GET /agents/phone-numbers/providers";
        }
        requests! {
            ListProviders::new().account_sid("AC 1").provider_type(ProviderType::Twilio)
                => "GET /agents/phone-numbers/providers?type=twilio&account_sid=AC%201";
        }
        let create = CreateProvider::new(
            CreateTwilioProviderBody::new("AC1", "SK1", "api-secret")
                .region(TelephonyRegion::Au1)
                .label("Main"),
        );
        requests! {
            create => "POST /agents/phone-numbers/providers",
                json!({"type":"twilio","account_sid":"AC1","api_key_sid":"SK1",
                "api_key_secret":"api-secret","region":"au1","label":"Main"});
        }
        let create = CreateProvider::new(
            CreateSipProviderBody::new("PBX")
                .inbound(
                    InboundSipTrunkConfig::new()
                        .credentials(SipCredentials::new("in", "pw1"))
                        .allowed_addresses(["203.0.113.0/24"]),
                )
                .outbound(
                    OutboundSipTrunkConfig::new("sip.example.com", SipTrunkTransport::Tls)
                        .destination_country("US"),
                ),
        );
        requests! {
            create => "POST /agents/phone-numbers/providers",
                json!({"type":"sip_trunk","label":"PBX",
                "inbound":{"credentials":{"username":"in","password":"pw1"},
                "allowed_addresses":["203.0.113.0/24"]},
                "outbound":{"address":"sip.example.com","transport":"tls",
                "destination_country":"US"}});
        }
        requests! {
            GetProvider::new("prov_1") => "GET /agents/phone-numbers/providers/prov_1";
        }
        requests! {
            DeleteProvider::new("prov 1") => "DELETE /agents/phone-numbers/providers/prov%201";
        }
        let update = UpdateProvider::new(
            "prov_1",
            UpdateTwilioProviderBody::new("SK2", "secret-2").region(TelephonyRegion::Us1),
        );
        requests! {
            update => "PATCH /agents/phone-numbers/providers/prov_1",
                json!({"type":"twilio","api_key_sid":"SK2","api_key_secret":"secret-2",
                "region":"us1"});
        }
        // Merge-patch with the three states: set, null, unchanged; `[]` clears an allowlist.
        let update = UpdateProvider::new(
            "prov_sip",
            UpdateSipTrunkProviderBody::new()
                .inbound(
                    UpdateInboundSipTrunkConfig::new()
                        .clear_credentials()
                        .allowed_numbers(Vec::<String>::new())
                        .media_encryption(SipMediaEncryption::Required),
                )
                .outbound(
                    UpdateOutboundSipTrunkConfig::new()
                        .clear_destination_country()
                        .credentials(UpdateSipCredentials::new("out").password("pw2")),
                ),
        );
        requests! {
            update => "PATCH /agents/phone-numbers/providers/prov_sip",
                json!({"type":"sip_trunk",
                "inbound":{"credentials":null,"allowed_numbers":[],
                "media_encryption":"required"},
                "outbound":{"destination_country":null,
                "credentials":{"username":"out","password":"pw2"}}});
        }
    }

    #[test]
    fn secrets_never_show_in_debug() {
        let eps = [
            format!(
                "{:?}",
                CreateProvider::new(CreateTwilioProviderBody::new("AC1", "SK1", "HIDDEN-1"))
            ),
            format!(
                "{:?}",
                CreateProvider::new(CreateSipProviderBody::new("x").inbound(
                    InboundSipTrunkConfig::new().credentials(SipCredentials::new("u", "HIDDEN-2"))
                ))
            ),
            format!(
                "{:?}",
                UpdateProvider::new("p", UpdateTwilioProviderBody::new("SK", "HIDDEN-3"))
            ),
            format!(
                "{:?}",
                UpdateProvider::new(
                    "p",
                    UpdateSipTrunkProviderBody::new().outbound(
                        UpdateOutboundSipTrunkConfig::new()
                            .credentials(UpdateSipCredentials::new("u").password("HIDDEN-4"))
                    )
                )
            ),
        ];
        for dbg in &eps {
            assert!(!dbg.contains("HIDDEN"), "{dbg}");
            assert!(dbg.contains("<redacted>"), "{dbg}");
        }
    }

    #[test]
    fn decodes_a_page_with_every_provider_kind() {
        let body = json!({
            "data": [
                number_json("pn_1", twilio_json()),
                number_json("pn_2", json!({"type":"cartesia"})),
                number_json("pn_3", json!({"type":"sip_trunk","id":"prov_sip"})),
                number_json("pn_4", json!({"type":"telnyx","id":"prov_tx","region":"eu"})),
            ],
            "has_more": true
        });
        let page = ListNumbers::new()
            .parse(reply(200, &body.to_string()))
            .unwrap();
        assert_eq!(page.has_more, Some(true));
        assert_eq!(page.next_page, None);
        let ids: Vec<&str> = page.data.iter().map(|n| n.id.as_str()).collect();
        assert_eq!(ids, ["pn_1", "pn_2", "pn_3", "pn_4"]);
        let ProviderResponse::Twilio(t) = &page.data[0].provider else {
            panic!("{:?}", page.data[0].provider)
        };
        assert_eq!(
            (t.id.as_str(), t.account_sid.as_str(), &t.region, &t.label),
            ("prov_tw", "AC123", &TelephonyRegion::Us1, &None)
        );
        assert!(matches!(
            page.data[1].provider,
            ProviderResponse::Cartesia(_)
        ));
        assert_eq!(page.data[2].provider.id(), Some("prov_sip"));
        assert!(matches!(
            page.data[2].provider,
            ProviderResponse::SipTrunk(_)
        ));
        let ProviderResponse::Unknown(raw) = &page.data[3].provider else {
            panic!("{:?}", page.data[3].provider)
        };
        assert_eq!(raw["region"], "eu");
        assert_eq!(
            page.data[0].agent,
            Some(PhoneNumberAgent::new("agent_abc123", "Customer support"))
        );
        // An empty last page without has_more.
        let page = ListNumbers::new()
            .parse(reply(200, r#"{"data":[]}"#))
            .unwrap();
        assert!(page.data.is_empty());
        assert_eq!(page.has_more, None);
    }

    #[test]
    fn decodes_null_and_absent_fields() {
        let mut n = number_json("pn_1", json!({"type":"cartesia"}));
        n["agent"] = JsonValue::Null;
        n["label"] = JsonValue::Null;
        let got = GetNumber::new("pn_1")
            .parse(reply(200, &n.to_string()))
            .unwrap();
        assert_eq!((got.agent, got.label), (None, None));
        let obj = n.as_object_mut().unwrap();
        obj.remove("agent");
        obj.remove("label");
        obj.insert("future_field".into(), json!({"x":[1, 2]}));
        let got = UpdateNumber::new("pn_1", UpdatePhoneNumberBody::new())
            .parse(reply(200, &n.to_string()))
            .unwrap();
        assert_eq!((got.agent, got.label), (None, None));
    }

    #[test]
    fn decodes_import_and_provision_answers() {
        let got = ImportNumber::new(ImportPhoneNumberBody::new(
            "l",
            "+1",
            ProviderRef::by_id("p"),
        ))
        .parse(reply(201, &number_json("pn_9", twilio_json()).to_string()))
        .unwrap();
        assert_eq!(got.id, "pn_9");
        assert_eq!(got.provider.provider_type(), ProviderType::Twilio);
        // The YAML example of the provision answer.
        let example = r#"{"id":"pn_abc123","label":"Support line","number":"+14155551234",
            "agent":{"id":"agent_abc123","name":"Customer support"},
            "created_at":"2026-03-01T00:00:00Z","updated_at":"2026-03-01T00:00:00Z"}"#;
        let got = ProvisionNumber::new(ProvisionPhoneNumberBody::new("Support line"))
            .parse(reply(201, example))
            .unwrap();
        assert_eq!(got.id, "pn_abc123");
        assert_eq!(got.number, "+14155551234");
        assert_eq!(got.label.as_deref(), Some("Support line"));
        assert_eq!(got.agent.map(|a| a.id), Some("agent_abc123".to_owned()));
        assert_eq!(got.created_at.to_string(), "2026-03-01T00:00:00Z");
    }

    #[test]
    fn decodes_provider_answers() {
        let list = json!([twilio_json(), sip_account_json(),
            {"type":"sip_trunk","id":"prov_in","label":null,
             "inbound":{"allowed_addresses":[],"allowed_numbers":[],"auth_username":"",
                        "media_encryption":"opportunistic"}},
            {"type":"zoom","id":"prov_z"}]);
        let got = ListProviders::new()
            .parse(reply(200, &list.to_string()))
            .unwrap();
        assert_eq!(got.len(), 4);
        assert!(matches!(got[0], ProviderAccountResponse::Twilio(_)));
        let ProviderAccountResponse::SipTrunk(s) = &got[1] else {
            panic!("{:?}", got[1])
        };
        let inbound = s.inbound.as_ref().unwrap();
        assert_eq!(inbound.allowed_addresses, ["203.0.113.0/24"]);
        assert_eq!(inbound.allowed_numbers, ["+15550001"]);
        assert_eq!(inbound.auth_username, "in-user");
        let outbound = s.outbound.as_ref().unwrap();
        assert_eq!(outbound.transport, SipTrunkTransport::Tls);
        assert_eq!(outbound.media_encryption, SipMediaEncryption::Disabled);
        assert_eq!(outbound.destination_country.as_deref(), Some("US"));
        let ProviderAccountResponse::SipTrunk(s) = &got[2] else {
            panic!("{:?}", got[2])
        };
        assert!(s.outbound.is_none() && s.label.is_none());
        assert_eq!(
            s.inbound.as_ref().unwrap().media_encryption,
            SipMediaEncryption::Unknown("opportunistic".into())
        );
        assert_eq!(got[3].type_str(), "zoom");
        assert_eq!(got[3].id(), Some("prov_z"));
        assert!(ListProviders::new()
            .parse(reply(200, "[]"))
            .unwrap()
            .is_empty());

        for ep in [
            &CreateProvider::new(CreateSipProviderBody::new("x")) as &dyn ParseProvider,
            &GetProvider::new("p"),
            &UpdateProvider::new("p", UpdateSipTrunkProviderBody::new()),
        ] {
            let got = ep.parse_provider(reply(201, &sip_account_json().to_string()));
            assert_eq!(got.id(), Some("prov_sip"));
            assert_eq!(got.label(), Some("PBX"));
        }
    }

    /// Object-safe view of the three endpoints answering one provider account.
    trait ParseProvider {
        fn parse_provider(&self, r: HttpResponse) -> ProviderAccountResponse;
    }
    impl<E: Endpoint<Output = ProviderAccountResponse>> ParseProvider for E {
        fn parse_provider(&self, r: HttpResponse) -> ProviderAccountResponse {
            self.parse(r).unwrap()
        }
    }

    #[test]
    fn deletes_accept_any_2xx_body() {
        DeleteNumber::new("pn").parse(reply(204, "")).unwrap();
        DeleteNumber::new("pn").parse(reply(200, "{}")).unwrap();
        DeleteProvider::new("p").parse(reply(204, "")).unwrap();
        DeleteProvider::new("p")
            .parse(reply(202, "not json"))
            .unwrap();
    }

    #[test]
    fn decode_errors_name_the_path_and_never_panic() {
        let mut bad = number_json("pn_2", json!({"type":"twilio","id":"x"}));
        let page = json!({"data":[number_json("pn_1", twilio_json()), bad.clone()],
                          "has_more":false});
        let Err(Error::Decode(e)) = ListNumbers::new().parse(reply(200, &page.to_string())) else {
            panic!("expected a decode error")
        };
        assert!(e.path().starts_with("data[1].provider"), "{}", e.path());
        assert!(e.to_string().contains("account_sid"), "{e}");

        bad["provider"] = json!({"id":"no type"});
        let Err(Error::Decode(e)) = GetNumber::new("pn").parse(reply(200, &bad.to_string())) else {
            panic!("expected a decode error")
        };
        assert!(e.to_string().contains("type"), "{e}");

        for body in ["", "{", "null", "[]", "{\"data\":{}}", "\u{0}"] {
            assert!(
                ListNumbers::new().parse(reply(200, body)).is_err(),
                "{body:?}"
            );
            assert!(
                GetProvider::new("p").parse(reply(200, body)).is_err(),
                "{body:?}"
            );
            assert!(ListProviders::new().parse(reply(200, body)).is_err() || body == "[]");
        }
    }

    #[test]
    fn operations_match_the_endpoints() {
        let ids: std::collections::BTreeSet<_> =
            OPERATIONS.iter().map(|o| o.operation_id).collect();
        assert_eq!(ids.len(), 11);
    }
}
