//! Models of access tokens (`POST /access-token`): short-lived tokens a server hands to a
//! client (a browser, an app) instead of its API key.
//!
//! ```
//! use cartesia_types::access_tokens::{AccessTokenRequest, AccessTokenResponse, TokenGrant};
//!
//! let request = AccessTokenRequest::new(TokenGrant::new().tts(true)).expires_in(600);
//! request.validate().unwrap();
//! # fn j<T: serde::Serialize>(v: &T) -> String { serde_json::to_string(v).unwrap() }
//! assert_eq!(j(&request), r#"{"grants":{"tts":true},"expires_in":600}"#);
//!
//! let answer: AccessTokenResponse = serde_json::from_str(r#"{"token":"eyJhbGciOi"}"#).unwrap();
//! assert_eq!(answer.token.expose_secret(), "eyJhbGciOi");
//! assert_eq!(format!("{answer:?}"), "AccessTokenResponse { token: AccessToken(<redacted>) }");
//! ```

use serde::{Deserialize, Serialize};

use crate::model::model;

use crate::invalid::InvalidParameter;

crate::__secret_string! {
    /// An access token (a JWT). Like an API key it is a secret: its `Debug` prints
    /// `AccessToken(<redacted>)` and it has no `Display`; read it with
    /// [`expose_secret`](Self::expose_secret). On the wire it is a plain JSON string.
    #[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(transparent)]
    pub struct AccessToken;
    /// Wraps a token.
    fn new;
    /// The token itself (to send as `Authorization: Bearer <token>`). Take care where it goes.
    fn expose_secret;
}

model! {
    /// What a token may be used for. Unset grants are left out of the request.
    #[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
    pub struct TokenGrant {
        /// Any text-to-speech endpoint.
        pub tts?: bool,
        /// Any speech-to-text endpoint.
        pub stt?: bool,
        /// The agent WebSocket calling endpoint.
        pub agent?: bool,
    }

    /// No grant yet.
    fn new;

    /// Grants (or explicitly denies) text-to-speech.
    fn tts(on: bool) = Some;
    /// Grants (or explicitly denies) speech-to-text.
    fn stt(on: bool) = Some;
    /// Grants (or explicitly denies) the agent WebSocket.
    fn agent(on: bool) = Some;
}

model! {
    /// The body of `POST /access-token`.
    #[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
    pub struct AccessTokenRequest {
        /// What the token may be used for.
        pub grants?: TokenGrant,
        /// How long the token is valid, in seconds (1 to 3600).
        pub expires_in?: u32,
    }
}

impl AccessTokenRequest {
    /// The longest lifetime the API accepts, in seconds.
    pub const MAX_EXPIRES_IN: u32 = 3600;

    /// A token with `grants`.
    pub fn new(grants: TokenGrant) -> Self {
        Self {
            grants: Some(grants),
            expires_in: None,
        }
    }

    /// Sets the lifetime in seconds (1 to 3600).
    pub fn expires_in(mut self, seconds: u32) -> Self {
        self.expires_in = Some(seconds);
        self
    }

    /// Checks the lifetime before any I/O.
    pub fn validate(&self) -> Result<(), InvalidParameter> {
        match self.expires_in {
            Some(s) if s == 0 || s > Self::MAX_EXPIRES_IN => Err(InvalidParameter::new(
                "expires_in",
                format!(
                    "must be between 1 and {} seconds (got {s})",
                    Self::MAX_EXPIRES_IN
                ),
            )),
            _ => Ok(()),
        }
    }
}

/// The answer of `POST /access-token`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AccessTokenResponse {
    /// The token.
    pub token: AccessToken,
}

impl AccessTokenResponse {
    /// An answer, e.g. for a mock server.
    pub fn new(token: impl Into<String>) -> Self {
        Self {
            token: AccessToken::new(token),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expires_in_is_bounded() {
        let r = AccessTokenRequest::new(TokenGrant::new().stt(true).agent(false));
        assert!(r.clone().expires_in(1).validate().is_ok());
        assert!(r.clone().expires_in(3600).validate().is_ok());
        assert_eq!(
            r.clone().expires_in(0).validate().unwrap_err().field(),
            "expires_in"
        );
        assert_eq!(
            r.clone().expires_in(3601).validate().unwrap_err().field(),
            "expires_in"
        );
        assert_eq!(
            serde_json::to_string(&r).unwrap(),
            r#"{"grants":{"stt":true,"agent":false}}"#
        );
        assert_eq!(
            serde_json::to_string(&AccessTokenRequest::default()).unwrap(),
            "{}"
        );
    }

    #[test]
    fn token_never_in_debug() {
        let a: AccessTokenResponse =
            serde_json::from_str(r#"{"token":"secret.jwt.value","extra":1}"#).unwrap();
        assert!(!format!("{a:?}").contains("secret"));
        assert_eq!(
            serde_json::to_string(&a).unwrap(),
            r#"{"token":"secret.jwt.value"}"#
        );
    }
}
