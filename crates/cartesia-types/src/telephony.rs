//! Models of the Agents API: telephony — phone numbers (`/agents/phone-numbers*`) and the
//! provider accounts behind them (`/agents/phone-numbers/providers*`).
//!
//! Providers are unions discriminated by `type` ([`ProviderResponse`] embedded in a phone
//! number, [`ProviderAccountResponse`] from the provider endpoints). A `type` this release does
//! not know decodes to the `Unknown` variant holding the raw JSON, so a new provider kind never
//! breaks decoding:
//!
//! ```
//! use cartesia_types::telephony::{PhoneNumberResponse, ProviderResponse};
//!
//! let json = r#"{"id":"pn_1","label":null,"number":"+14155551234","agent":null,
//!   "created_at":"2026-03-01T00:00:00Z","updated_at":"2026-03-01T00:00:00Z",
//!   "provider":{"type":"whatsapp","id":"prov_9"}}"#;
//! # fn decode(json: &str) -> Result<PhoneNumberResponse, Box<dyn std::error::Error>> {
//! #   Ok(serde_json::from_str(json)?)
//! # }
//! let number = decode(json).unwrap();
//! assert!(matches!(number.provider, ProviderResponse::Unknown(_)));
//! assert_eq!(number.provider.type_str(), "whatsapp");
//! assert_eq!(number.provider.id(), Some("prov_9"));
//! ```
//!
//! Secrets sent in request bodies (Twilio API key secrets, SIP passwords) are
//! [`ProviderSecret`]s: they are serialised as plain strings but their `Debug` never shows them.

use serde::{Deserialize, Serialize, Serializer};

use crate::model::{model, model_family};

use crate::{JsonValue, Patch, Timestamp};

crate::open_enum! {
    /// The kind of telephony provider (the `type` of a provider, and the `type` filter of the
    /// list endpoints).
    pub enum ProviderType {
        /// A customer-owned Twilio account.
        Twilio => "twilio",
        /// A Cartesia-managed number (US only). Not accepted by the provider list filter.
        Cartesia => "cartesia",
        /// A customer-connected SIP trunk.
        SipTrunk => "sip_trunk",
    }
}

crate::open_enum! {
    /// The Twilio region a phone number and API key are configured for (the API's default is
    /// `us1`).
    pub enum TelephonyRegion {
        /// United States.
        Us1 => "us1",
        /// Ireland.
        Ie1 => "ie1",
        /// Australia.
        Au1 => "au1",
    }
}

crate::open_enum! {
    /// SRTP policy for call audio.
    pub enum SipMediaEncryption {
        /// Encryption is not negotiated.
        Disabled => "disabled",
        /// Encryption is used when available.
        Allowed => "allowed",
        /// Calls that cannot use encryption are rejected.
        Required => "required",
    }
}

crate::open_enum! {
    /// Transport for outbound SIP signalling.
    pub enum SipTrunkTransport {
        /// SIP over TCP.
        Tcp => "tcp",
        /// SIP over TLS.
        Tls => "tls",
    }
}

crate::__secret_string! {
    /// A secret sent in a request body (a Twilio API key secret, a SIP password).
    ///
    /// It is serialised as a plain JSON string, but its `Debug` prints `ProviderSecret(<redacted>)`
    /// and it has no `Display`, so a logged request body never shows it.
    ///
    /// ```
    /// use cartesia_types::telephony::ProviderSecret;
    ///
    /// let s = ProviderSecret::new("hunter2");
    /// assert_eq!(format!("{s:?}"), "ProviderSecret(<redacted>)");
    /// assert_eq!(s.expose_secret(), "hunter2");
    /// ```
    #[derive(Clone, PartialEq, Eq, Hash, Serialize)]
    #[serde(transparent)]
    pub struct ProviderSecret;
    /// Wraps a secret.
    fn new;
    /// The secret itself. Take care where it goes.
    fn expose_secret;
}

// ---------------------------------------------------------------------------------------------
// Phone numbers (responses)
// ---------------------------------------------------------------------------------------------

model! {
    /// The agent assigned to a phone number.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct PhoneNumberAgent {
        /// The ID of the agent.
        pub id: String => into,
        /// The name of the agent.
        pub name: String => into,
    }

    /// An agent reference, e.g. for a test double.
    fn new;
}

// The phone number answers start with the fields every phone number has.
model_family! {
    {
        /// Unique identifier for the phone number (`pn_...`).
        pub id: String => into,
        /// A human-readable name for the phone number.
        pub label?: String,
        /// The phone number in E.164 format (e.g. `+14155551234`).
        pub number: String => into,
        /// The agent that answers inbound calls to this number; `None` if unassigned.
        /// (Required by the API but nullable; an absent key is read as `None` too.)
        pub agent: Option<PhoneNumberAgent>,
        /// When the phone number was created (UTC).
        pub created_at: Timestamp => arg,
        /// When the phone number was last updated (UTC).
        pub updated_at: Timestamp => arg,
    }
    model! {
        /// A phone number with its provider and agent assignment (list, import, get and update of
        /// `/agents/phone-numbers`).
        #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
        pub struct PhoneNumberResponse {
            /// The telephony provider of the number.
            pub provider: ProviderResponse => arg,
        }

        /// A phone number with every required field given (no label, no agent), e.g. for a test
        /// double.
        fn new;
    }
    model! {
        /// A newly provisioned Cartesia-managed number (`POST /agents/phone-numbers/provision`):
        /// the phone number fields without `provider`. It supports inbound calls and outbound calls
        /// to US numbers only.
        #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
        pub struct ProvisionPhoneNumberResponse {}

        /// A provisioned number with every required field given (no label, no agent), e.g. for a
        /// test double.
        fn new;
    }
}

crate::page::has_id!(PhoneNumberResponse, ProvisionPhoneNumberResponse);

// ---------------------------------------------------------------------------------------------
// Providers (responses)
// ---------------------------------------------------------------------------------------------

model! {
    /// A linked Twilio account (`type: "twilio"`). The `api_key_sid` is partially masked.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct TwilioProviderResponse {
        /// Unique identifier for the provider.
        pub id: String => into,
        /// The Twilio account SID.
        pub account_sid: String => into,
        /// The Twilio API key SID (partially masked).
        pub api_key_sid: String => into,
        /// The Twilio region.
        pub region: TelephonyRegion => arg,
        /// A human-readable label for the provider.
        pub label?: String,
    }

    /// A Twilio provider with every required field given (no label), e.g. for a test double.
    fn new;
}

model! {
    /// The Cartesia-managed provider (`type: "cartesia"`; US numbers only). It has no other field.
    #[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
    pub struct CartesiaProviderResponse {}

    /// The Cartesia provider.
    fn new;
}

model! {
    /// A SIP trunk as embedded in a phone number (`type: "sip_trunk"`): without its inbound and
    /// outbound configuration (get the provider for those).
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct SipTrunkEmbeddedResponse {
        /// Unique identifier for the provider.
        pub id: String => into,
        /// A human-readable label for the provider.
        pub label?: String,
    }

    /// A SIP trunk reference (no label), e.g. for a test double.
    fn new;
}

model! {
    /// A linked SIP trunk provider account (`type: "sip_trunk"`), with its configuration.
    /// Passwords are never returned, only the usernames.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct SipTrunkProviderResponse {
        /// Unique identifier for the provider.
        pub id: String => into,
        /// A human-readable label for the provider.
        pub label?: String,
        /// The inbound configuration, when inbound is configured.
        pub inbound?: SipTrunkInboundDetails,
        /// The outbound configuration, when outbound is configured.
        pub outbound?: SipTrunkOutboundDetails,
    }

    /// A SIP trunk with only its id, e.g. for a test double.
    fn new;
}

model! {
    /// The inbound configuration of a SIP trunk, as returned (no password).
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct SipTrunkInboundDetails {
        /// Source IP addresses or CIDR ranges allowed to send SIP traffic.
        pub allowed_addresses: Vec<String> => arg,
        /// Caller numbers allowed on inbound calls.
        pub allowed_numbers: Vec<String> => arg,
        /// The configured SIP username (the password is never returned).
        pub auth_username: String => into,
        /// The media encryption policy.
        pub media_encryption: SipMediaEncryption => arg,
    }

    /// Inbound details with every field given, e.g. for a test double.
    fn new;
}

model! {
    /// The outbound configuration of a SIP trunk, as returned (no password).
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct SipTrunkOutboundDetails {
        /// SIP server hostname or address used for outbound signalling.
        pub address: String => into,
        /// Two-letter ISO 3166-1 alpha-2 destination country code. The API may send an empty
        /// string when none is set.
        pub destination_country?: String,
        /// The signalling transport.
        pub transport: SipTrunkTransport => arg,
        /// The media encryption policy.
        pub media_encryption: SipMediaEncryption => arg,
        /// The configured SIP username (the password is never returned).
        pub auth_username: String => into,
    }

    /// Outbound details with every required field given, e.g. for a test double.
    fn new;
}

crate::tagged_union! {
    /// The provider of a phone number, discriminated by its `type`.
    ///
    /// For SIP trunks only the id and label are embedded; get the provider
    /// (`GET /agents/phone-numbers/providers/{id}`) for its configuration.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum ProviderResponse: open "type", "provider" {
        /// `type: "twilio"`.
        Twilio(TwilioProviderResponse) = "twilio",
        /// `type: "cartesia"`.
        Cartesia(CartesiaProviderResponse) = "cartesia",
        /// `type: "sip_trunk"`.
        SipTrunk(SipTrunkEmbeddedResponse) = "sip_trunk",
    }
}

impl ProviderResponse {
    /// The provider kind.
    pub fn provider_type(&self) -> ProviderType {
        ProviderType::from(self.type_str())
    }

    /// The provider's id (the Cartesia provider has none; for `Unknown`, the `id` if it is a
    /// string).
    pub fn id(&self) -> Option<&str> {
        match self {
            Self::Twilio(p) => Some(&p.id),
            Self::Cartesia(_) => None,
            Self::SipTrunk(p) => Some(&p.id),
            Self::Unknown(raw) => raw_str(raw, "id"),
        }
    }

    /// The provider's label, if it has one.
    pub fn label(&self) -> Option<&str> {
        match self {
            Self::Twilio(p) => p.label.as_deref(),
            Self::Cartesia(_) => None,
            Self::SipTrunk(p) => p.label.as_deref(),
            Self::Unknown(raw) => raw_str(raw, "label"),
        }
    }
}

crate::tagged_union! {
    /// A telephony provider account (the provider endpoints), discriminated by its `type`.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum ProviderAccountResponse: open "type", "provider" {
        /// `type: "twilio"`.
        Twilio(TwilioProviderResponse) = "twilio",
        /// `type: "sip_trunk"`.
        SipTrunk(SipTrunkProviderResponse) = "sip_trunk",
    }
}

impl ProviderAccountResponse {
    /// The provider kind.
    pub fn provider_type(&self) -> ProviderType {
        ProviderType::from(self.type_str())
    }

    /// The provider's id (for `Unknown`, the `id` if it is a string).
    pub fn id(&self) -> Option<&str> {
        match self {
            Self::Twilio(p) => Some(&p.id),
            Self::SipTrunk(p) => Some(&p.id),
            Self::Unknown(raw) => raw_str(raw, "id"),
        }
    }

    /// The provider's label, if it has one.
    pub fn label(&self) -> Option<&str> {
        match self {
            Self::Twilio(p) => p.label.as_deref(),
            Self::SipTrunk(p) => p.label.as_deref(),
            Self::Unknown(raw) => raw_str(raw, "label"),
        }
    }
}

fn raw_str<'a>(raw: &'a JsonValue, key: &str) -> Option<&'a str> {
    raw.get(key).and_then(JsonValue::as_str)
}

// ---------------------------------------------------------------------------------------------
// Phone numbers (requests)
// ---------------------------------------------------------------------------------------------

/// Which provider a phone number belongs to, in an import or update body.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ProviderRef {
    /// An existing provider by id: `{"id": "..."}`.
    Id {
        /// The provider ID.
        id: String,
    },
    /// A Twilio provider looked up by account:
    /// `{"type": "twilio", "account_sid": "...", "region": "..."}`.
    TwilioAccount {
        /// The Twilio account SID.
        account_sid: String,
        /// The region (the API's default is `us1`); not sent when `None`.
        region: Option<TelephonyRegion>,
    },
}

impl ProviderRef {
    /// An existing provider by id.
    pub fn by_id(id: impl Into<String>) -> Self {
        Self::Id { id: id.into() }
    }

    /// A Twilio provider looked up by account SID and, optionally, region.
    pub fn by_twilio_account(
        account_sid: impl Into<String>,
        region: Option<TelephonyRegion>,
    ) -> Self {
        Self::TwilioAccount {
            account_sid: account_sid.into(),
            region,
        }
    }
}

impl Serialize for ProviderRef {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct ById<'a> {
            id: &'a str,
        }
        #[derive(Serialize)]
        struct ByTwilioAccount<'a> {
            #[serde(rename = "type")]
            kind: &'static str,
            account_sid: &'a str,
            #[serde(skip_serializing_if = "Option::is_none")]
            region: Option<&'a TelephonyRegion>,
        }
        match self {
            Self::Id { id } => ById { id }.serialize(serializer),
            Self::TwilioAccount {
                account_sid,
                region,
            } => ByTwilioAccount {
                kind: "twilio",
                account_sid,
                region: region.as_ref(),
            }
            .serialize(serializer),
        }
    }
}

model! {
    /// The body of `POST /agents/phone-numbers`: import a number from an existing provider.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize)]
    pub struct ImportPhoneNumberBody {
        /// A human-readable name for the phone number.
        pub label: String => into,
        /// The phone number in E.164 format.
        pub number: String => into,
        /// The provider the number belongs to.
        pub provider: ProviderRef => arg,
        /// The agent to answer inbound calls; omitted keeps the number outbound-only.
        pub agent_id?: String,
    }

    /// Import `number` from `provider`, named `label`.
    fn new;

    /// Assigns an agent to answer inbound calls.
    fn agent_id(agent_id: impl Into<String>) = Some;
}

model! {
    /// The body of `POST /agents/phone-numbers/provision`: a new Cartesia-managed US number.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize)]
    pub struct ProvisionPhoneNumberBody {
        /// A human-readable name for the phone number.
        pub label: String => into,
        /// The agent to answer inbound calls; omitted keeps the number outbound-only.
        pub agent_id?: String,
    }

    /// Provision a number named `label`.
    fn new;

    /// Assigns an agent to answer inbound calls.
    fn agent_id(agent_id: impl Into<String>) = Some;
}

model! {
    /// The body of `PATCH /agents/phone-numbers/{id}`. Every field is left unchanged unless set.
    #[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
    pub struct UpdatePhoneNumberBody {
        /// A new human-readable name.
        pub label?: String,
        /// Assign an agent (`Set`), unassign the current one (`Null`), or leave it (`Unchanged`).
        pub agent_id: Patch<String>,
        /// Move the number to another provider of the same type.
        pub provider?: ProviderRef,
    }

    /// An update that changes nothing yet.
    fn new;

    /// Sets a new label.
    fn label(label: impl Into<String>) = Some;

    /// Assigns this agent.
    fn agent_id(agent_id: impl Into<String>) = Patch::Set;

    /// Unassigns the current agent (sends `"agent_id": null`).
    fn unassign_agent() -> agent_id = Patch::Null;

    /// Moves the number to this provider.
    fn provider(provider: ProviderRef) = Some;
}

// ---------------------------------------------------------------------------------------------
// Providers (requests)
// ---------------------------------------------------------------------------------------------

model! {
    /// SIP digest credentials for creating a trunk. The password is a [`ProviderSecret`].
    #[derive(Debug, Clone, PartialEq, Eq, Serialize)]
    pub struct SipCredentials {
        /// The SIP username.
        pub username: String => into,
        /// The SIP password (never shown by `Debug`).
        pub password: ProviderSecret => into,
    }

    /// Credentials from a username and password.
    fn new;
}

model! {
    /// The inbound configuration of a new SIP trunk. Every field is optional.
    #[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
    pub struct InboundSipTrunkConfig {
        /// Digest credentials callers must use.
        pub credentials?: SipCredentials,
        /// Source IP addresses or CIDR ranges allowed to send SIP traffic.
        pub allowed_addresses?: Vec<String>,
        /// Caller numbers allowed on inbound calls.
        pub allowed_numbers?: Vec<String>,
        /// The media encryption policy (the API's default is `allowed`).
        pub media_encryption?: SipMediaEncryption,
    }

    /// An empty inbound configuration.
    fn new;

    /// Sets the digest credentials.
    fn credentials(credentials: SipCredentials) = Some;

    /// Sets the allowed source addresses or CIDR ranges.
    fn allowed_addresses(addresses: [impl Into<String>]) = Some;

    /// Sets the allowed caller numbers.
    fn allowed_numbers(numbers: [impl Into<String>]) = Some;

    /// Sets the media encryption policy.
    fn media_encryption(policy: SipMediaEncryption) = Some;
}

model! {
    /// The outbound configuration of a new SIP trunk.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize)]
    pub struct OutboundSipTrunkConfig {
        /// SIP server hostname or address used for outbound signalling.
        pub address: String => into,
        /// The signalling transport.
        pub transport: SipTrunkTransport => arg,
        /// Two-letter ISO 3166-1 alpha-2 code of the country calls terminate in (e.g. `US`).
        pub destination_country?: String,
        /// The media encryption policy (the API's default is `disabled`).
        pub media_encryption?: SipMediaEncryption,
        /// Digest credentials for the SIP server.
        pub credentials?: SipCredentials,
    }

    /// Outbound calls through `address` over `transport`.
    fn new;

    /// Sets the destination country (ISO 3166-1 alpha-2, e.g. `"US"`).
    fn destination_country(country: impl Into<String>) = Some;

    /// Sets the media encryption policy.
    fn media_encryption(policy: SipMediaEncryption) = Some;

    /// Sets the digest credentials.
    fn credentials(credentials: SipCredentials) = Some;
}

model! {
    /// Link a Twilio account. The credentials are validated by the API; each account SID and
    /// region pair can be linked once.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize)]
    pub struct CreateTwilioProviderBody {
        /// Your Twilio account SID.
        pub account_sid: String => into,
        /// A Twilio API key SID.
        pub api_key_sid: String => into,
        /// The API key secret (never shown by `Debug`).
        pub api_key_secret: ProviderSecret => into,
        /// The region (the API's default is `us1`).
        pub region?: TelephonyRegion,
        /// A human-readable label.
        pub label?: String,
    }

    /// A Twilio account with its API key.
    fn new;

    /// Sets the region.
    fn region(region: TelephonyRegion) = Some;

    /// Sets the label.
    fn label(label: impl Into<String>) = Some;
}

model! {
    /// Link a SIP trunk. At least one of `inbound` and `outbound` is required by the API.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize)]
    pub struct CreateSipProviderBody {
        /// A human-readable label.
        pub label: String => into,
        /// The inbound configuration.
        pub inbound?: InboundSipTrunkConfig,
        /// The outbound configuration.
        pub outbound?: OutboundSipTrunkConfig,
    }

    /// A SIP trunk named `label` (set `inbound` and/or `outbound` too).
    fn new;

    /// Sets the inbound configuration.
    fn inbound(inbound: InboundSipTrunkConfig) = Some;

    /// Sets the outbound configuration.
    fn outbound(outbound: OutboundSipTrunkConfig) = Some;
}

crate::tagged_union! {
    /// The body of `POST /agents/phone-numbers/providers`, discriminated by `type`.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum CreateProviderBody: closed "type" {
        /// `type: "twilio"`.
        Twilio(CreateTwilioProviderBody) = "twilio",
        /// `type: "sip_trunk"`.
        SipTrunk(CreateSipProviderBody) = "sip_trunk",
    }
}

model! {
    /// SIP digest credentials in an update: the username is required; leave the password out to
    /// keep the stored one. (Clear the credentials with `Patch::Null` on the containing field.)
    #[derive(Debug, Clone, PartialEq, Eq, Serialize)]
    pub struct UpdateSipCredentials {
        /// The SIP username.
        pub username: String => into,
        /// A new SIP password (never shown by `Debug`); `None` keeps the stored one.
        pub password?: ProviderSecret,
    }

    /// New username, keeping the stored password.
    fn new;

    /// Sets a new password.
    fn password(password: impl Into<ProviderSecret>) = Some;
}

model! {
    /// Changes to the inbound configuration of a SIP trunk (merge-patch: unset fields stay as
    /// they are; an empty list clears an allowlist).
    #[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
    pub struct UpdateInboundSipTrunkConfig {
        /// Replace (`Set`), clear (`Null`) or keep (`Unchanged`) the credentials.
        pub credentials: Patch<UpdateSipCredentials>,
        /// New allowed source addresses; `Some(vec![])` clears the allowlist.
        pub allowed_addresses?: Vec<String>,
        /// New allowed caller numbers; `Some(vec![])` clears the allowlist.
        pub allowed_numbers?: Vec<String>,
        /// A new media encryption policy.
        pub media_encryption?: SipMediaEncryption,
    }

    /// Changes nothing yet.
    fn new;

    /// Replaces the credentials.
    fn credentials(credentials: UpdateSipCredentials) = Patch::Set;

    /// Clears the credentials (sends `"credentials": null`).
    fn clear_credentials() -> credentials = Patch::Null;

    /// Replaces the allowed source addresses (an empty list clears the allowlist).
    fn allowed_addresses(addresses: [impl Into<String>]) = Some;

    /// Replaces the allowed caller numbers (an empty list clears the allowlist).
    fn allowed_numbers(numbers: [impl Into<String>]) = Some;

    /// Sets the media encryption policy.
    fn media_encryption(policy: SipMediaEncryption) = Some;
}

model! {
    /// Changes to the outbound configuration of a SIP trunk (merge-patch). `address` and
    /// `transport` cannot change on an existing outbound trunk, but both are required to add
    /// outbound to an inbound-only trunk.
    #[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
    pub struct UpdateOutboundSipTrunkConfig {
        /// SIP server address (only when adding outbound).
        pub address?: String,
        /// Signalling transport (only when adding outbound).
        pub transport?: SipTrunkTransport,
        /// Set (ISO 3166-1 alpha-2), clear (`Null`) or keep (`Unchanged`) the destination country.
        pub destination_country: Patch<String>,
        /// A new media encryption policy.
        pub media_encryption?: SipMediaEncryption,
        /// Replace (`Set`), clear (`Null`) or keep (`Unchanged`) the credentials.
        pub credentials: Patch<UpdateSipCredentials>,
    }

    /// Sets the destination country.
    fn destination_country(country: impl Into<String>) = Patch::Set;

    /// Clears the destination country (sends `"destination_country": null`).
    fn clear_destination_country() -> destination_country = Patch::Null;

    /// Sets the media encryption policy.
    fn media_encryption(policy: SipMediaEncryption) = Some;

    /// Replaces the credentials.
    fn credentials(credentials: UpdateSipCredentials) = Patch::Set;

    /// Clears the credentials (sends `"credentials": null`).
    fn clear_credentials() -> credentials = Patch::Null;
}

impl UpdateOutboundSipTrunkConfig {
    /// Changes nothing yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds outbound to an inbound-only trunk: sets `address` and `transport`.
    pub fn add(address: impl Into<String>, transport: SipTrunkTransport) -> Self {
        Self {
            address: Some(address.into()),
            transport: Some(transport),
            ..Self::default()
        }
    }
}

model! {
    /// New Twilio API key credentials (validated by the API) and optionally a new region.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize)]
    pub struct UpdateTwilioProviderBody {
        /// New Twilio API key SID.
        pub api_key_sid: String => into,
        /// New API key secret (never shown by `Debug`).
        pub api_key_secret: ProviderSecret => into,
        /// A new region.
        pub region?: TelephonyRegion,
    }

    /// New API key credentials.
    fn new;

    /// Sets a new region.
    fn region(region: TelephonyRegion) = Some;
}

model! {
    /// Changes to a SIP trunk provider (merge-patch: unset fields stay as they are).
    #[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
    pub struct UpdateSipTrunkProviderBody {
        /// A new label.
        pub label?: String,
        /// Changes to the inbound configuration.
        pub inbound?: UpdateInboundSipTrunkConfig,
        /// Changes to (or addition of) the outbound configuration.
        pub outbound?: UpdateOutboundSipTrunkConfig,
    }

    /// Changes nothing yet.
    fn new;

    /// Sets a new label.
    fn label(label: impl Into<String>) = Some;

    /// Changes the inbound configuration.
    fn inbound(inbound: UpdateInboundSipTrunkConfig) = Some;

    /// Changes (or adds) the outbound configuration.
    fn outbound(outbound: UpdateOutboundSipTrunkConfig) = Some;
}

crate::tagged_union! {
    /// The body of `PATCH /agents/phone-numbers/providers/{id}`, discriminated by `type` (which
    /// must match the provider's).
    // A request body is built once per call and serialised at once: boxing the larger variant
    // would only make it harder to build and match, for no measurable gain.
    #[allow(clippy::large_enum_variant)]
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum UpdateProviderBody: closed "type" {
        /// `type: "twilio"`.
        Twilio(UpdateTwilioProviderBody) = "twilio",
        /// `type: "sip_trunk"`.
        SipTrunk(UpdateSipTrunkProviderBody) = "sip_trunk",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::HasId;
    use serde::de::DeserializeOwned;
    use serde_json::json;

    fn p<T: DeserializeOwned>(v: JsonValue) -> T {
        serde_json::from_value(v).unwrap()
    }

    fn twilio_json() -> JsonValue {
        json!({"type":"twilio","id":"prov_tw","account_sid":"AC123","api_key_sid":"SK12***89",
               "region":"ie1","label":"Main Twilio"})
    }

    fn number_json(provider: JsonValue) -> JsonValue {
        json!({"id":"pn_abc123","label":"Support line","number":"+14155551234",
               "agent":{"id":"agent_abc123","name":"Customer support"},
               "created_at":"2026-03-01T00:00:00Z","updated_at":"2026-03-02T10:00:00.25Z",
               "provider":provider})
    }

    #[test]
    fn decodes_a_phone_number_with_each_provider() {
        let n: PhoneNumberResponse = p(number_json(twilio_json()));
        assert_eq!(n.id, "pn_abc123");
        assert_eq!(n.label.as_deref(), Some("Support line"));
        assert_eq!(n.number, "+14155551234");
        assert_eq!(
            n.agent,
            Some(PhoneNumberAgent::new("agent_abc123", "Customer support"))
        );
        assert_eq!(n.created_at.to_string(), "2026-03-01T00:00:00Z");
        assert_eq!(n.updated_at.to_string(), "2026-03-02T10:00:00.25Z");
        assert_eq!(HasId::id(&n), "pn_abc123");
        let ProviderResponse::Twilio(t) = &n.provider else {
            panic!("{:?}", n.provider)
        };
        assert_eq!(t.id, "prov_tw");
        assert_eq!(t.account_sid, "AC123");
        assert_eq!(t.api_key_sid, "SK12***89");
        assert_eq!(t.region, TelephonyRegion::Ie1);
        assert_eq!(t.label.as_deref(), Some("Main Twilio"));
        assert_eq!(n.provider.provider_type(), ProviderType::Twilio);

        let n: PhoneNumberResponse = p(number_json(json!({"type":"cartesia"})));
        assert_eq!(
            n.provider,
            ProviderResponse::Cartesia(CartesiaProviderResponse::new())
        );
        assert_eq!(n.provider.id(), None);
        assert_eq!(n.provider.type_str(), "cartesia");

        let n: PhoneNumberResponse = p(number_json(
            json!({"type":"sip_trunk","id":"prov_sip","label":null}),
        ));
        assert_eq!(
            n.provider,
            ProviderResponse::SipTrunk(SipTrunkEmbeddedResponse::new("prov_sip"))
        );
        assert_eq!(n.provider.id(), Some("prov_sip"));
        assert_eq!(n.provider.label(), None);
    }

    #[test]
    fn unknown_provider_types_are_kept_raw() {
        let raw = json!({"type":"vonage","id":"prov_v","label":"V","extra":{"a":[1]}});
        let n: PhoneNumberResponse = p(number_json(raw.clone()));
        assert_eq!(n.provider, ProviderResponse::Unknown(raw.clone()));
        assert_eq!(n.provider.type_str(), "vonage");
        assert_eq!(
            n.provider.provider_type(),
            ProviderType::Unknown("vonage".into())
        );
        assert_eq!(n.provider.id(), Some("prov_v"));
        assert_eq!(n.provider.label(), Some("V"));
        // Encodes back unchanged.
        assert_eq!(serde_json::to_value(&n.provider).unwrap(), raw);

        // The account union has no "cartesia" variant: such an account is kept raw rather than
        // failing.
        let a: ProviderAccountResponse = p(json!({"type":"cartesia"}));
        assert_eq!(
            a,
            ProviderAccountResponse::Unknown(json!({"type":"cartesia"}))
        );
        assert_eq!(a.provider_type(), ProviderType::Cartesia);
        assert_eq!(a.id(), None);
    }

    #[test]
    fn bad_provider_objects_are_errors_not_panics() {
        for (bad, needle) in [
            (json!({"id":"x"}), "missing field `type`"),
            (json!({"type":7,"id":"x"}), "invalid type"),
            (json!("twilio"), "a provider object"),
            (json!(null), "a provider object"),
            (json!({"type":"twilio","id":"x"}), "account_sid"),
            (json!({"type":"sip_trunk"}), "missing field `id`"),
            (
                json!({"type":"twilio","id":"x","account_sid":"a","api_key_sid":"k","region":5}),
                "invalid type",
            ),
        ] {
            let e = serde_json::from_value::<ProviderResponse>(bad.clone()).unwrap_err();
            assert!(e.to_string().contains(needle), "{bad}: {e}");
            let e = serde_json::from_value::<ProviderAccountResponse>(bad.clone()).unwrap_err();
            assert!(e.to_string().contains(needle), "{bad}: {e}");
        }
        // Truncated / malformed JSON is an error too.
        assert!(serde_json::from_str::<ProviderResponse>(r#"{"type":"twilio""#).is_err());
    }

    #[test]
    fn null_and_absent_fields() {
        let mut v = number_json(json!({"type":"cartesia"}));
        let obj = v.as_object_mut().unwrap();
        obj.insert("agent".into(), JsonValue::Null);
        obj.insert("label".into(), JsonValue::Null);
        let n: PhoneNumberResponse = p(v.clone());
        assert_eq!(n.agent, None);
        assert_eq!(n.label, None);
        let obj = v.as_object_mut().unwrap();
        obj.remove("agent");
        obj.remove("label");
        let n: PhoneNumberResponse = p(v.clone());
        assert_eq!((n.agent, n.label), (None, None));
        crate::test_support::assert_fields_required::<PhoneNumberResponse>(
            v.clone(),
            &["id", "number", "created_at", "updated_at", "provider"],
        );
        // An agent must have both id and name.
        let mut v = number_json(json!({"type":"cartesia"}));
        v["agent"] = json!({"id":"a"});
        assert!(serde_json::from_value::<PhoneNumberResponse>(v).is_err());
    }

    #[test]
    fn decodes_the_provision_example() {
        // The YAML example of `POST /agents/phone-numbers/provision`.
        let r: ProvisionPhoneNumberResponse = p(json!({
            "id":"pn_abc123","label":"Support line","number":"+14155551234",
            "agent":{"id":"agent_abc123","name":"Customer support"},
            "created_at":"2026-03-01T00:00:00Z","updated_at":"2026-03-01T00:00:00Z"}));
        assert_eq!(r.id, "pn_abc123");
        assert_eq!(r.label.as_deref(), Some("Support line"));
        assert_eq!(
            r.agent.as_ref().map(|a| a.name.as_str()),
            Some("Customer support")
        );
        assert_eq!(r.updated_at.to_string(), "2026-03-01T00:00:00Z");
    }

    #[test]
    fn decodes_provider_accounts() {
        let a: ProviderAccountResponse = p(twilio_json());
        let ProviderAccountResponse::Twilio(t) = &a else {
            panic!("{a:?}")
        };
        assert_eq!(t.region, TelephonyRegion::Ie1);

        let a: ProviderAccountResponse = p(json!({
            "type":"sip_trunk","id":"prov_sip","label":"Office PBX",
            "inbound":{"allowed_addresses":["203.0.113.0/24"],"allowed_numbers":[],
                       "auth_username":"inbound-user","media_encryption":"allowed"},
            "outbound":{"address":"sip.example.com","destination_country":"",
                        "transport":"tls","media_encryption":"srtp_only",
                        "auth_username":"out-user"}}));
        let ProviderAccountResponse::SipTrunk(s) = &a else {
            panic!("{a:?}")
        };
        assert_eq!(s.label.as_deref(), Some("Office PBX"));
        let inbound = s.inbound.as_ref().unwrap();
        assert_eq!(inbound.allowed_addresses, ["203.0.113.0/24"]);
        assert!(inbound.allowed_numbers.is_empty());
        assert_eq!(inbound.auth_username, "inbound-user");
        assert_eq!(inbound.media_encryption, SipMediaEncryption::Allowed);
        let outbound = s.outbound.as_ref().unwrap();
        assert_eq!(outbound.address, "sip.example.com");
        assert_eq!(outbound.destination_country.as_deref(), Some(""));
        assert_eq!(outbound.transport, SipTrunkTransport::Tls);
        // Unknown enum values are kept, never an error.
        assert_eq!(
            outbound.media_encryption,
            SipMediaEncryption::Unknown("srtp_only".into())
        );

        // Inbound-only trunk: outbound absent; label null.
        let a: ProviderAccountResponse =
            p(json!({"type":"sip_trunk","id":"prov_2","label":null,"outbound":null}));
        assert_eq!(
            a,
            ProviderAccountResponse::SipTrunk(SipTrunkProviderResponse::new("prov_2"))
        );

        // Unknown region and transport values.
        let mut tw = twilio_json();
        tw["region"] = json!("jp1");
        let a: ProviderAccountResponse = p(tw);
        let ProviderAccountResponse::Twilio(t) = a else {
            panic!()
        };
        assert_eq!(t.region, TelephonyRegion::Unknown("jp1".into()));
        assert!(!t.region.is_known());
    }

    #[test]
    fn responses_round_trip() {
        let values = [
            number_json(twilio_json()),
            number_json(json!({"type":"cartesia"})),
            number_json(json!({"type":"sip_trunk","id":"s","label":"L"})),
            number_json(json!({"type":"new","x":1})),
        ];
        for v in values {
            let n: PhoneNumberResponse = p(v.clone());
            let back: PhoneNumberResponse = p(serde_json::to_value(&n).unwrap());
            assert_eq!(n, back);
            assert_eq!(
                serde_json::to_value(&n.provider).unwrap(),
                v["provider"],
                "provider encodes back to the same JSON"
            );
        }
        let sip = json!({"type":"sip_trunk","id":"prov_sip",
            "inbound":{"allowed_addresses":[],"allowed_numbers":["+1"],
                       "auth_username":"u","media_encryption":"required"}});
        let a: ProviderAccountResponse = p(sip.clone());
        assert_eq!(serde_json::to_value(&a).unwrap(), sip);
    }

    #[test]
    fn provider_refs_encode_per_spec() {
        assert_eq!(
            serde_json::to_value(ProviderRef::by_id("prov_1")).unwrap(),
            json!({"id":"prov_1"})
        );
        assert_eq!(
            serde_json::to_value(ProviderRef::by_twilio_account("AC1", None)).unwrap(),
            json!({"type":"twilio","account_sid":"AC1"})
        );
        assert_eq!(
            serde_json::to_value(ProviderRef::by_twilio_account(
                "AC1",
                Some(TelephonyRegion::Au1)
            ))
            .unwrap(),
            json!({"type":"twilio","account_sid":"AC1","region":"au1"})
        );
    }

    #[test]
    fn request_bodies_encode_per_spec() {
        let b = ImportPhoneNumberBody::new("Support", "+14155550123", ProviderRef::by_id("p"))
            .agent_id("agent_1");
        assert_eq!(
            serde_json::to_value(&b).unwrap(),
            json!({"label":"Support","number":"+14155550123","provider":{"id":"p"},
                   "agent_id":"agent_1"})
        );
        assert_eq!(
            serde_json::to_value(ProvisionPhoneNumberBody::new("L")).unwrap(),
            json!({"label":"L"})
        );
        assert_eq!(
            serde_json::to_value(UpdatePhoneNumberBody::new()).unwrap(),
            json!({})
        );
        assert_eq!(
            serde_json::to_value(UpdatePhoneNumberBody::new().label("x").unassign_agent()).unwrap(),
            json!({"label":"x","agent_id":null})
        );
        assert_eq!(
            serde_json::to_value(
                UpdatePhoneNumberBody::new()
                    .agent_id("a")
                    .provider(ProviderRef::by_id("p2"))
            )
            .unwrap(),
            json!({"agent_id":"a","provider":{"id":"p2"}})
        );

        let twilio: CreateProviderBody = CreateTwilioProviderBody::new("AC1", "SK1", "s3cr3t")
            .region(TelephonyRegion::Us1)
            .label("Main")
            .into();
        assert_eq!(
            serde_json::to_value(&twilio).unwrap(),
            json!({"type":"twilio","account_sid":"AC1","api_key_sid":"SK1",
                   "api_key_secret":"s3cr3t","region":"us1","label":"Main"})
        );
        let sip: CreateProviderBody = CreateSipProviderBody::new("PBX")
            .inbound(
                InboundSipTrunkConfig::new()
                    .credentials(SipCredentials::new("in", "pw-in"))
                    .allowed_addresses(["198.51.100.7"])
                    .allowed_numbers(Vec::<String>::new())
                    .media_encryption(SipMediaEncryption::Required),
            )
            .outbound(
                OutboundSipTrunkConfig::new("sip.example.com", SipTrunkTransport::Tcp)
                    .destination_country("GB")
                    .media_encryption(SipMediaEncryption::Disabled)
                    .credentials(SipCredentials::new("out", "pw-out")),
            )
            .into();
        assert_eq!(
            serde_json::to_value(&sip).unwrap(),
            json!({"type":"sip_trunk","label":"PBX",
                "inbound":{"credentials":{"username":"in","password":"pw-in"},
                           "allowed_addresses":["198.51.100.7"],"allowed_numbers":[],
                           "media_encryption":"required"},
                "outbound":{"address":"sip.example.com","transport":"tcp",
                            "destination_country":"GB","media_encryption":"disabled",
                            "credentials":{"username":"out","password":"pw-out"}}})
        );
        assert_eq!(
            serde_json::to_value(CreateProviderBody::from(
                CreateSipProviderBody::new("Out only").outbound(OutboundSipTrunkConfig::new(
                    "10.0.0.1",
                    SipTrunkTransport::Tls
                ))
            ))
            .unwrap(),
            json!({"type":"sip_trunk","label":"Out only",
                   "outbound":{"address":"10.0.0.1","transport":"tls"}})
        );

        let up: UpdateProviderBody = UpdateTwilioProviderBody::new("SK2", "new-secret")
            .region(TelephonyRegion::Ie1)
            .into();
        assert_eq!(
            serde_json::to_value(&up).unwrap(),
            json!({"type":"twilio","api_key_sid":"SK2","api_key_secret":"new-secret",
                   "region":"ie1"})
        );
        let up: UpdateProviderBody = UpdateSipTrunkProviderBody::new()
            .inbound(
                UpdateInboundSipTrunkConfig::new()
                    .clear_credentials()
                    .allowed_addresses(Vec::<String>::new()),
            )
            .outbound(
                UpdateOutboundSipTrunkConfig::new()
                    .clear_destination_country()
                    .credentials(UpdateSipCredentials::new("out2")),
            )
            .into();
        assert_eq!(
            serde_json::to_value(&up).unwrap(),
            json!({"type":"sip_trunk",
                   "inbound":{"credentials":null,"allowed_addresses":[]},
                   "outbound":{"destination_country":null,"credentials":{"username":"out2"}}})
        );
        let up: UpdateProviderBody = UpdateSipTrunkProviderBody::new()
            .label("Renamed")
            .outbound(
                UpdateOutboundSipTrunkConfig::add("sip.example.net", SipTrunkTransport::Tls)
                    .destination_country("US")
                    .credentials(UpdateSipCredentials::new("u").password("p")),
            )
            .into();
        assert_eq!(
            serde_json::to_value(&up).unwrap(),
            json!({"type":"sip_trunk","label":"Renamed",
                   "outbound":{"address":"sip.example.net","transport":"tls",
                               "destination_country":"US",
                               "credentials":{"username":"u","password":"p"}}})
        );
        assert_eq!(
            serde_json::to_value(UpdateProviderBody::from(UpdateSipTrunkProviderBody::new()))
                .unwrap(),
            json!({"type":"sip_trunk"})
        );
    }

    #[test]
    fn secrets_never_show_in_debug() {
        let bodies: Vec<String> =
            vec![
                format!(
                    "{:?}",
                    CreateProviderBody::from(CreateTwilioProviderBody::new(
                        "AC1",
                        "SK1",
                        "TOPSECRET-1"
                    ))
                ),
                format!(
                    "{:?}",
                    CreateProviderBody::from(
                        CreateSipProviderBody::new("x")
                            .inbound(
                                InboundSipTrunkConfig::new()
                                    .credentials(SipCredentials::new("u", "TOPSECRET-2"))
                            )
                            .outbound(
                                OutboundSipTrunkConfig::new("h", SipTrunkTransport::Tls)
                                    .credentials(SipCredentials::new("u", "TOPSECRET-3"))
                            )
                    )
                ),
                format!(
                    "{:?}",
                    UpdateProviderBody::from(UpdateTwilioProviderBody::new("SK", "TOPSECRET-4"))
                ),
                format!(
                    "{:?}",
                    UpdateProviderBody::from(
                        UpdateSipTrunkProviderBody::new()
                            .inbound(UpdateInboundSipTrunkConfig::new().credentials(
                                UpdateSipCredentials::new("u").password("TOPSECRET-5")
                            ))
                            .outbound(UpdateOutboundSipTrunkConfig::new().credentials(
                                UpdateSipCredentials::new("u").password("TOPSECRET-6")
                            ))
                    )
                ),
            ];
        for dbg in &bodies {
            assert!(!dbg.contains("TOPSECRET"), "{dbg}");
            assert!(dbg.contains("ProviderSecret(<redacted>)"), "{dbg}");
        }
        // Non-secret fields still show.
        assert!(bodies[0].contains("AC1") && bodies[0].contains("SK1"));
        assert_eq!(
            ProviderSecret::from(String::from("a")),
            ProviderSecret::new("a")
        );
    }

    #[test]
    fn filters_and_enums() {
        assert_eq!(ProviderType::SipTrunk.as_str(), "sip_trunk");
        assert_eq!(ProviderType::from("cartesia"), ProviderType::Cartesia);
        assert_eq!(
            serde_json::from_value::<SipTrunkTransport>(json!("udp")).unwrap(),
            SipTrunkTransport::Unknown("udp".into())
        );
        assert_eq!(TelephonyRegion::Au1.to_string(), "au1");
    }
}
