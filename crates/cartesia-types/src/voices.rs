//! Models of voices (`/voices`, `/voices/{id}`, `/voices/clone`, `/voices/localize`), in their
//! 2026-03-01 shapes (`is_public`, accent as a display name; not the later `access` /
//! `visibility` / catalog accents).
//!
//! ```
//! use cartesia_types::voices::Voice;
//!
//! let voice: Voice = serde_json::from_str(r#"{
//!     "id": "a0e99841-438c-4a64-b679-ae501e7d6091", "is_owner": false, "is_public": true,
//!     "name": "Barbershop Man", "description": "A warm voice", "gender": "masculine",
//!     "created_at": "2026-03-31T17:37:05Z", "language": "en", "tagline": "new field"
//! }"#).unwrap();
//! assert_eq!(voice.name, "Barbershop Man");
//! assert_eq!(voice.created_at.as_ref().unwrap().to_string(), "2026-03-31T17:37:05Z");
//! ```

use serde::{Deserialize, Serialize};

use crate::model::model;
use crate::query::query_params;
use crate::setters;

use crate::invalid::{check_not_blank, InvalidParameter};
use crate::tts::Language;
use crate::Timestamp;

crate::open_enum! {
    /// The gender presentation of a voice.
    pub enum GenderPresentation {
        /// `masculine`.
        Masculine => "masculine",
        /// `feminine`.
        Feminine => "feminine",
        /// `gender_neutral`.
        GenderNeutral => "gender_neutral",
    }
}

crate::open_enum! {
    /// The gender of the original speaker (localize).
    pub enum Gender {
        /// `male`.
        Male => "male",
        /// `female`.
        Female => "female",
    }
}

crate::open_enum! {
    /// A dialect to localize to (only for English, Spanish, Portuguese and French).
    pub enum LocalizeDialect {
        /// English: Australian.
        Au => "au",
        /// English: Indian.
        In => "in",
        /// English: Southern (US).
        So => "so",
        /// English: British.
        Uk => "uk",
        /// English: American.
        Us => "us",
        /// Spanish: Mexican.
        Mx => "mx",
        /// Spanish: Peninsular.
        Pe => "pe",
        /// Portuguese: Brazilian.
        Br => "br",
        /// Portuguese or French: European.
        Eu => "eu",
        /// French: Canadian.
        Ca => "ca",
    }
}

crate::open_enum! {
    /// Optional fields to include in voice answers (`expand[]=...`).
    pub enum VoiceExpand {
        /// `preview_file_url`.
        PreviewFileUrl => "preview_file_url",
    }
}

crate::open_enum! {
    /// Who can use a new voice (`access[type]` on clone, `access.type` on localize).
    pub enum VoiceAccessType {
        /// `private`.
        Private => "private",
        /// `public`.
        Public => "public",
    }
}

/// One locale a voice can speak.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct VoiceLocale {
    /// The BCP-47 language-region tag (`en-US`).
    pub locale: String,
    /// Whether this is the voice's native locale.
    #[serde(default)]
    pub is_native: bool,
}

model! {
    /// A voice (`GET /voices`, `GET|PATCH /voices/{id}`).
    ///
    /// Fields the sources do not agree on are optional; unknown fields are ignored.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct Voice {
        /// The voice id.
        pub id: String => into,
        /// The name.
        pub name: String => into,
        /// The description (empty when none).
        #[serde(default)]
        pub description: String,
        /// Whether your organization owns the voice.
        #[serde(default)]
        pub is_owner: bool,
        /// Whether the voice is public.
        #[serde(default)]
        pub is_public: bool,
        /// The gender presentation, if specified.
        pub gender?: GenderPresentation,
        /// When the voice was created (UTC).
        pub created_at?: Timestamp,
        /// The voice's language.
        pub language?: Language,
        /// A preview audio URL (only with `expand[]=preview_file_url`).
        pub preview_file_url?: String,
        /// The accent's display name (`General American English`).
        pub accent?: String,
        /// An ISO 3166-1 alpha-2 country code.
        pub country?: String,
        /// The locales the voice can speak.
        pub locales?: Vec<VoiceLocale>,
    }

    /// A voice with the required fields, e.g. for a test double.
    fn new;
}

crate::page::has_id!(Voice, VoiceMetadata);

model! {
    /// A new voice (the answer of `POST /voices/clone` and `POST /voices/localize`).
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct VoiceMetadata {
        /// The voice id.
        pub id: String => into,
        /// The name.
        pub name: String => into,
        /// The description.
        #[serde(default)]
        pub description: String,
        /// The id of the user who owns the voice.
        pub user_id?: String,
        /// Whether the voice is public.
        #[serde(default)]
        pub is_public: bool,
        /// When the voice was created (UTC).
        pub created_at?: Timestamp,
        /// The voice's language.
        pub language?: Language,
    }

    /// Voice metadata with the required fields, e.g. for a test double.
    fn new;
}

query_params! {
    /// The filters of `GET /voices` (the cursor and `limit` are the list's own parameters).
    ///
    /// ```
    /// use cartesia_types::voices::{GenderPresentation, VoiceExpand, VoiceFilters};
    ///
    /// let f = VoiceFilters::new().q("narrator").gender(GenderPresentation::Feminine)
    ///     .expand(VoiceExpand::PreviewFileUrl);
    /// assert_eq!(
    ///     f.query_pairs(),
    ///     [("q", "narrator".to_owned()), ("gender", "feminine".to_owned()),
    ///      ("expand[]", "preview_file_url".to_owned())]
    /// );
    /// ```
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    #[non_exhaustive]
    pub struct VoiceFilters {
        /// A search over names and descriptions.
        pub q: Option<String> => "q",
        /// Only voices your organization owns (`true`) or does not (`false`).
        pub is_owner: Option<bool> => "is_owner",
        /// Only voices of this gender presentation.
        pub gender: Option<GenderPresentation> => "gender",
        /// Optional fields to include (`expand[]`, one key per value).
        pub expand: Vec<VoiceExpand> => "expand[]",
    }

    /// The query parameters, in order; `expand[]` repeated once per value.
    fn query_pairs;
}

impl VoiceFilters {
    /// No filter.
    pub fn new() -> Self {
        Self::default()
    }

    setters! {
        /// Searches names and descriptions.
        fn q(q: impl Into<String>) = Some;
        /// Only owned (or only not owned) voices.
        fn is_owner(is_owner: bool) = Some;
        /// Only voices of `gender`.
        fn gender(gender: GenderPresentation) = Some;
    }

    /// Adds an `expand[]` value.
    pub fn expand(mut self, expand: VoiceExpand) -> Self {
        self.expand.push(expand);
        self
    }
}

model! {
    /// The body of `PATCH /voices/{id}`: every field optional; `gender` and `accent` can be
    /// cleared (`null`).
    #[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
    pub struct UpdateVoiceRequest {
        /// A new name.
        pub name?: String,
        /// A new description.
        pub description?: String,
        /// A new gender presentation, or `null` to reset it.
        pub gender: Patch<GenderPresentation>,
        /// A new accent display name, or `null` to reset it.
        pub accent: Patch<String>,
    }

    /// An update that changes nothing yet.
    fn new;

    /// Sets the name.
    fn name(name: impl Into<String>) = Some;
    /// Sets the description.
    fn description(description: impl Into<String>) = Some;
    /// Sets (`Some`) or resets (`None`) the gender presentation.
    fn gender(gender: Option<GenderPresentation>) { self.gender = gender.into() }
    /// Sets (`Some`) or resets (`None`) the accent.
    fn accent(accent: Option<String>) { self.accent = accent.into() }
}

/// The `access` of a localized voice: `{"type": "private"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct VoiceAccess {
    /// Who can use the voice.
    #[serde(rename = "type")]
    pub access_type: VoiceAccessType,
}

model! {
    /// The body of `POST /voices/localize`.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct LocalizeVoiceRequest {
        /// The voice to localize.
        pub voice_id: String => into,
        /// The new voice's name.
        pub name: String => into,
        /// The new voice's description.
        pub description: String => into,
        /// The target language.
        pub language: Language => into,
        /// The gender of the original speaker.
        pub original_speaker_gender: Gender => arg,
        /// The target dialect (English, Spanish, Portuguese and French only).
        pub dialect?: LocalizeDialect,
        /// An accent display name valid for `language`.
        pub accent?: String,
        /// A tagline (at most 32 characters).
        pub tagline?: String,
        /// Who can use the new voice.
        pub access?: VoiceAccess,
    }

    /// Localizes `voice_id` to `language` as a new voice `name`.
    fn new;

    /// Sets the dialect.
    fn dialect(dialect: LocalizeDialect) = Some;
    /// Sets the tagline (at most 32 characters).
    fn tagline(tagline: impl Into<String>) = Some;
}

impl LocalizeVoiceRequest {
    /// Checks the voice id, name and tagline length before any I/O.
    pub fn validate(&self) -> Result<(), InvalidParameter> {
        check_not_blank("voice_id", &self.voice_id)?;
        check_not_blank("name", &self.name)?;
        check_tagline("tagline", self.tagline.as_deref())
    }
}

model! {
    /// The text fields of `POST /voices/clone` (multipart); the audio, `clip` (at most 16 MB),
    /// is a file added by the caller.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct CloneVoiceRequest {
        /// The new voice's name.
        pub name: String => into,
        /// The language of the clip.
        pub language: Language => into,
        /// A description.
        pub description?: String,
        /// A tagline (at most 32 characters).
        pub tagline?: String,
        /// A voice to base the clone on.
        pub base_voice_id?: String,
        /// An accent display name.
        pub accent?: String,
        /// Who can use the new voice (`access[type]`).
        pub access?: VoiceAccessType,
    }

    /// Clones a voice named `name` speaking `language`.
    fn new;

    /// Sets the description.
    fn description(description: impl Into<String>) = Some;
    /// Sets the tagline (at most 32 characters).
    fn tagline(tagline: impl Into<String>) = Some;
    /// Sets who can use the new voice.
    fn access(access: VoiceAccessType) = Some;
}

impl CloneVoiceRequest {
    /// The multipart text fields, in order.
    pub fn form_fields(&self) -> Vec<(String, String)> {
        let mut fields = vec![
            ("name".to_owned(), self.name.clone()),
            ("language".to_owned(), self.language.as_str().to_owned()),
        ];
        let optional = [
            ("description", self.description.as_deref()),
            ("tagline", self.tagline.as_deref()),
            ("base_voice_id", self.base_voice_id.as_deref()),
            ("accent", self.accent.as_deref()),
            (
                "access[type]",
                self.access.as_ref().map(VoiceAccessType::as_str),
            ),
        ];
        for (name, value) in optional {
            if let Some(v) = value {
                fields.push((name.to_owned(), v.to_owned()));
            }
        }
        fields
    }

    /// Checks the name and tagline length before any I/O.
    pub fn validate(&self) -> Result<(), InvalidParameter> {
        check_not_blank("name", &self.name)?;
        check_tagline("tagline", self.tagline.as_deref())
    }
}

/// The longest tagline the API accepts, in characters.
pub const MAX_TAGLINE_CHARS: usize = 32;

fn check_tagline(field: &'static str, tagline: Option<&str>) -> Result<(), InvalidParameter> {
    match tagline {
        Some(t) if t.chars().count() > MAX_TAGLINE_CHARS => Err(InvalidParameter::new(
            field,
            format!("must be at most {MAX_TAGLINE_CHARS} characters"),
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::HasId;
    use crate::Page;
    use serde_json::json;

    #[test]
    fn decodes_a_voice_page_spec_shaped() {
        let page: Page<Voice> = serde_json::from_value(json!({
            "data": [{
                "id": "v1", "is_owner": true, "is_public": false, "name": "Mine",
                "description": "", "gender": null, "created_at": "2026-01-02T03:04:05.123Z",
                "preview_file_url": "https://x/p.wav", "language": "zz", "accent": "British English",
                "country": "GB", "locales": [{"locale": "en-GB", "is_native": true}],
                "access": "private"
            }, {"id": "v2", "name": "Min"}],
            "has_more": true, "next_page": "v2"
        }))
        .unwrap();
        let v = &page.data[0];
        assert_eq!(v.id(), "v1");
        assert_eq!(v.gender, None);
        assert_eq!(v.language, Some(Language::Unknown("zz".into())));
        assert_eq!(v.locales.as_ref().unwrap()[0].locale, "en-GB");
        assert_eq!(page.data[1], Voice::new("v2", "Min"));
        assert_eq!(page.has_more, Some(true));
    }

    #[test]
    fn update_is_three_state() {
        let u = UpdateVoiceRequest::new().name("N").gender(None);
        assert_eq!(
            serde_json::to_value(&u).unwrap(),
            json!({"name": "N", "gender": null})
        );
        let u = UpdateVoiceRequest::new().accent(Some("British English".into()));
        assert_eq!(
            serde_json::to_value(&u).unwrap(),
            json!({"accent": "British English"})
        );
        assert_eq!(
            serde_json::to_value(UpdateVoiceRequest::new()).unwrap(),
            json!({})
        );
    }

    #[test]
    fn localize_and_clone_bodies() {
        let l = LocalizeVoiceRequest::new("v1", "Mia (es)", "d", "es", Gender::Female)
            .dialect(LocalizeDialect::Mx)
            .tagline("Warm");
        l.validate().unwrap();
        assert_eq!(
            serde_json::to_value(&l).unwrap(),
            json!({"voice_id":"v1","name":"Mia (es)","description":"d","language":"es",
                "original_speaker_gender":"female","dialect":"mx","tagline":"Warm"})
        );
        let long = l.clone().tagline("x".repeat(33));
        assert_eq!(long.validate().unwrap_err().field(), "tagline");
        let exact = l.tagline("é".repeat(32));
        exact.validate().unwrap();

        let c = CloneVoiceRequest::new("Me", "en")
            .description("mine")
            .access(VoiceAccessType::Private);
        assert_eq!(
            c.form_fields(),
            [
                ("name", "Me"),
                ("language", "en"),
                ("description", "mine"),
                ("access[type]", "private"),
            ]
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
        );
        assert_eq!(
            CloneVoiceRequest::new(" ", "en")
                .validate()
                .unwrap_err()
                .field(),
            "name"
        );
    }

    #[test]
    fn voice_metadata_decodes() {
        let m: VoiceMetadata = serde_json::from_value(json!({
            "id": "v9", "user_id": "u", "is_public": false, "name": "Clone",
            "description": "x", "created_at": "2026-03-01T00:00:00Z", "language": "de"
        }))
        .unwrap();
        assert_eq!(m.language, Some(Language::De));
        assert_eq!(m.user_id.as_deref(), Some("u"));
    }
}
