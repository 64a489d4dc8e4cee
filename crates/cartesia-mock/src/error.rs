//! The API's structured error answers.
//!
//! A handler returns an [`ApiError`]; its `IntoResponse` only stores the error in the
//! response's extensions, and the server's middleware (see `server.rs`), which knows the
//! request id, writes the body: `{"error_code", "title", "message", "request_id",
//! "doc_url"}`.

use std::borrow::Cow;

use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// Declares the `404` answers of kinds of record, one line each: `name: "error_code", "What"`
/// makes `fn name() -> ApiError`, a `404` with that code titled "What not found".
macro_rules! not_found_errors {
    ($($vis:vis $name:ident: $code:literal, $what:literal;)*) => {$(
        #[doc = concat!("`404` `\"", $code, "\"`.")]
        $vis fn $name() -> $crate::error::ApiError {
            $crate::error::ApiError::not_found($code, $what)
        }
    )*};
}
pub(crate) use not_found_errors;

/// Where every error body points.
pub(crate) const DOC_URL: &str = "https://docs.cartesia.ai/use-the-api/api-errors";

/// An error answer, before the request id is known (boxed: errors are the rare path).
#[derive(Debug, Clone)]
pub(crate) struct ApiError(Box<ErrorParts>);

/// What an [`ApiError`] says.
#[derive(Debug, Clone)]
pub(crate) struct ErrorParts {
    /// The HTTP status.
    pub(crate) status: StatusCode,
    /// `error_code`; `None` is sent as `null`.
    pub(crate) code: Option<&'static str>,
    /// `title`.
    pub(crate) title: Cow<'static, str>,
    /// `message`.
    pub(crate) message: Cow<'static, str>,
    /// Extra response headers (e.g. `Retry-After`, `Allow`).
    pub(crate) headers: Vec<(HeaderName, HeaderValue)>,
    /// A body other than the structured one (the call-logs route's `{message,
    /// description}`), sent as is.
    pub(crate) raw_body: Option<serde_json::Value>,
}

impl ApiError {
    /// An error with the given status, code, title and message.
    pub(crate) fn new(
        status: StatusCode,
        code: Option<&'static str>,
        title: impl Into<Cow<'static, str>>,
        message: impl Into<Cow<'static, str>>,
    ) -> Self {
        ApiError(Box::new(ErrorParts {
            status,
            code,
            title: title.into(),
            message: message.into(),
            headers: Vec::new(),
            raw_body: None,
        }))
    }

    /// `400` with `error_code` `code`.
    pub(crate) fn bad_request(code: &'static str, message: impl Into<Cow<'static, str>>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, Some(code), "Bad request", message)
    }

    /// `400` `"invalid_request"`: a malformed query, path or body.
    pub(crate) fn invalid_request(message: impl Into<Cow<'static, str>>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            Some("invalid_request"),
            "Invalid request",
            message,
        )
    }

    /// `422` `"validation_error"`: a well-formed body that breaks the schema.
    pub(crate) fn unprocessable(message: impl Into<Cow<'static, str>>) -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("validation_error"),
            "Validation error",
            message,
        )
    }

    /// `404` with `error_code` `code`, e.g. `("agent_not_found", "Agent")`.
    pub(crate) fn not_found(code: &'static str, what: &'static str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            Some(code),
            format!("{what} not found"),
            format!("No {} exists with the given ID.", what.to_ascii_lowercase()),
        )
    }

    /// `409` with `error_code` `code`.
    pub(crate) fn conflict(code: &'static str, message: impl Into<Cow<'static, str>>) -> Self {
        Self::new(StatusCode::CONFLICT, Some(code), "Conflict", message)
    }

    /// Adds a response header.
    pub(crate) fn with_header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.push((name, value));
        self
    }

    /// The JSON body for `request_id`.
    pub(crate) fn body(&self, request_id: &str) -> serde_json::Value {
        if let Some(raw) = &self.raw_body {
            return raw.clone();
        }
        serde_json::json!({
            "error_code": self.code,
            "title": self.title,
            "message": self.message,
            "request_id": request_id,
            "doc_url": DOC_URL,
        })
    }
}

impl std::ops::Deref for ApiError {
    type Target = ErrorParts;

    fn deref(&self) -> &ErrorParts {
        &self.0
    }
}

impl std::ops::DerefMut for ApiError {
    fn deref_mut(&mut self) -> &mut ErrorParts {
        &mut self.0
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = self.status.into_response();
        for (name, value) in &self.headers {
            response.headers_mut().insert(name.clone(), value.clone());
        }
        response.extensions_mut().insert(self);
        response
    }
}
