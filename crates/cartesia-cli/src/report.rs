//! What went wrong, its exit code, and how it is told on stderr.
//!
//! Nothing here ever prints the API key: the SDK's errors never contain it,
//! and clap's messages (which can quote a mistyped argument) go through
//! [`redact`] first.

use std::ffi::OsString;
use std::io;

use cartesia_core::{
    ApiError, Error, RedirectError, RedirectRefusal, RequestSent, TransportError,
    TransportErrorKind,
};

use crate::output::clean;

/// Exit code: success.
pub const EXIT_OK: u8 = 0;
/// Exit code: any failure not listed below.
pub const EXIT_FAILURE: u8 = 1;
/// Exit code: bad usage or configuration.
pub const EXIT_USAGE: u8 = 2;
/// Exit code: the API answered with an error status.
pub const EXIT_API: u8 = 3;
/// Exit code: the exchange failed: no answer (connection, timeout, TLS), an
/// answer that could not be used (cut short, too large, not HTTP), or a
/// redirect the SDK did not follow.
pub const EXIT_TRANSPORT: u8 = 4;

/// Why a run failed.
#[derive(Debug)]
pub enum Failure {
    /// Bad usage or configuration, found by the CLI itself.
    Usage(String),
    /// An error from the SDK (API, transport, configuration, ...).
    Sdk(Error),
    /// Writing the output failed.
    Output(io::Error),
    /// Anything else (e.g. the mock could not start).
    Other(String),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Sdk(e)
    }
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Failure::Output(e)
    }
}

impl Failure {
    /// The process exit code for this failure.
    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::Usage(_) => EXIT_USAGE,
            Failure::Sdk(Error::Api(_)) => EXIT_API,
            Failure::Sdk(Error::Transport(_) | Error::Redirect(_)) => EXIT_TRANSPORT,
            Failure::Sdk(Error::Config(_) | Error::InvalidRequest(_)) => EXIT_USAGE,
            // The reader went away (`cartesia-rs ... | head`): nothing to tell.
            Failure::Output(e) if e.kind() == io::ErrorKind::BrokenPipe => EXIT_OK,
            Failure::Sdk(_) | Failure::Output(_) | Failure::Other(_) => EXIT_FAILURE,
        }
    }

    /// The lines to print on stderr (none for a closed pipe). `base_url` is
    /// where the requests went.
    pub fn message(&self, base_url: Option<&str>) -> String {
        match self {
            Failure::Usage(m) | Failure::Other(m) => format!("error: {m}"),
            Failure::Output(e) if e.kind() == io::ErrorKind::BrokenPipe => String::new(),
            Failure::Output(e) => format!("error: could not write the output: {e}"),
            Failure::Sdk(Error::Api(e)) => api_message(e),
            Failure::Sdk(Error::Transport(e)) => transport_message(e, base_url),
            Failure::Sdk(Error::Redirect(e)) => redirect_message(e, base_url),
            Failure::Sdk(Error::Config(e)) => format!("error: {}", clean(&e.to_string())),
            Failure::Sdk(Error::InvalidRequest(e)) => format!("error: {}", clean(&e.to_string())),
            Failure::Sdk(Error::Decode(e)) => format!(
                "error: the answer does not fit the SDK's model: {}",
                clean(&e.to_string())
            ),
            Failure::Sdk(e) => format!("error: {}", clean(&e.to_string())),
        }
    }
}

/// A failed exchange, told by what happened: "no answer" only when nothing
/// came back (no connection, a timeout while connecting); otherwise what was
/// wrong with the answer, or the timeout, the broken connection, the TLS
/// failure. The SDK's own description follows.
fn transport_message(e: &TransportError, base_url: Option<&str>) -> String {
    let server = base_url.unwrap_or("the server");
    let what = match e.kind() {
        TransportErrorKind::Connect => format!("no answer from {server}"),
        TransportErrorKind::Timeout if e.request_sent() == RequestSent::No => {
            format!("no answer from {server}")
        }
        TransportErrorKind::Timeout => format!("timed out waiting for {server}"),
        TransportErrorKind::Tls => format!("no secure connection to {server}"),
        TransportErrorKind::Io => format!("the connection to {server} broke"),
        TransportErrorKind::Body => format!("the answer from {server} was cut short"),
        TransportErrorKind::BodyTooLarge => format!("the answer from {server} is too large"),
        TransportErrorKind::Protocol => format!("the answer from {server} was not valid HTTP"),
        _ => format!("the exchange with {server} failed"),
    };
    format!("error: {what}: {}", clean(&e.to_string()))
}

/// A redirect the SDK did not follow: where it pointed and why.
fn redirect_message(e: &RedirectError, base_url: Option<&str>) -> String {
    let server = base_url.unwrap_or("the server");
    let to = match e.location() {
        Some(location) => format!("a redirect to {}", clean(location)),
        None => "a redirect without a usable Location".to_owned(),
    };
    let why = match e.reason() {
        RedirectRefusal::CrossOrigin => {
            "it points to another origin (scheme, host or port) than the base URL, and the \
             API key goes to the base URL only"
                .to_owned()
        }
        RedirectRefusal::TooManyRedirects => format!(
            "too many redirects (it had followed {} already)",
            e.redirects_followed()
        ),
        RedirectRefusal::InvalidLocation => "its Location is missing or not a valid URL".to_owned(),
        other => other.to_string(),
    };
    format!(
        "error: {server} answered {} with {to}, which was not followed: {why}",
        e.status().as_u16()
    )
}

/// An API error: status, title and message, then the error code and the
/// request id on lines of their own.
fn api_message(e: &ApiError) -> String {
    let mut out = match e.body() {
        Some(_) => {
            let mut line = format!("error: the API answered {}", e.status());
            match (e.title(), e.message()) {
                (Some(title), Some(message)) => {
                    line.push_str(&format!(": {}: {}", clean(title), clean(message)))
                }
                (Some(text), None) | (None, Some(text)) => {
                    line.push_str(&format!(": {}", clean(text)))
                }
                (None, None) => {}
            }
            line
        }
        // Not Cartesia's structured error (e.g. an HTML page from a proxy):
        // the SDK's summary quotes the start of the body.
        None => format!("error: {}", clean(&e.to_string())),
    };
    if e.body().is_some() {
        let code = e.code().map_or_else(|| "(none)".to_owned(), clean);
        out.push_str(&format!("\n  error code: {code}"));
    }
    if let Some(id) = e.request_id() {
        out.push_str(&format!("\n  request id: {}", clean(id)));
    }
    if e.attempts() > 1 {
        out.push_str(&format!("\n  attempts:   {}", e.attempts()));
    }
    if matches!(e.status().as_u16(), 401 | 403) {
        out.push_str(&format!(
            "\n  hint: check the API key (--api-key or {})",
            cartesia_core::ENV_API_KEY
        ));
    }
    out
}

/// Values on the command line or in the environment that are, or may be,
/// API keys: `CARTESIA_API_KEY`, the value of `--api-key` (or of what looks
/// like a misspelling of it), and anything that looks like a Cartesia key
/// (`sk_car_...`).
pub fn secrets(args: &[OsString], env_key: Option<OsString>) -> Vec<String> {
    let mut out: Vec<String> = env_key
        .map(|k| k.to_string_lossy().into_owned())
        .into_iter()
        .collect();
    let args: Vec<String> = args
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    // `--api-key` and its misspellings (`--apikey`, `--api-kye`, `--key`).
    let is_key_option = |a: &str| {
        let a = a.to_ascii_lowercase();
        a.starts_with("--") && (a.contains("key") || a.starts_with("--api") && a != "--api-version")
    };
    for (i, arg) in args.iter().enumerate() {
        if let Some((option, value)) = arg.split_once('=') {
            if is_key_option(option) {
                out.push(value.to_owned());
            }
        } else if is_key_option(arg) {
            if let Some(value) = args.get(i + 1).filter(|v| !v.starts_with("--")) {
                out.push(value.clone());
            }
        }
        if arg.contains("sk_car_") {
            out.extend(
                arg.split(|c: char| c.is_whitespace() || c == '=')
                    .filter(|part| part.contains("sk_car_"))
                    .map(str::to_owned),
            );
        }
    }
    // Too short to be a key, and replacing it would garble the message.
    out.retain(|s| s.len() >= 6);
    // Longest first, so that a secret containing another is replaced whole.
    out.sort_by_key(|s| std::cmp::Reverse(s.len()));
    out.dedup();
    out
}

/// `text` with every secret replaced by `<redacted>`.
pub fn redact(text: &str, secrets: &[String]) -> String {
    secrets.iter().fold(text.to_owned(), |text, secret| {
        text.replace(secret.as_str(), "<redacted>")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(args: &[&str]) -> Vec<OsString> {
        args.iter().map(OsString::from).collect()
    }

    #[test]
    fn finds_keys_in_arguments_and_the_environment() {
        let found = secrets(
            &os(&[
                "cartesia-rs",
                "--api-key",
                "key-number-one",
                "--apikey=key-number-two",
                "--api-kye",
                "key-number-three",
                "list",
                "sk_car_pasted",
                "--json",
            ]),
            Some("key-from-env".into()),
        );
        for key in [
            "key-number-one",
            "key-number-two",
            "key-number-three",
            "sk_car_pasted",
            "key-from-env",
        ] {
            assert!(found.iter().any(|s| s == key), "{key}: {found:?}");
        }
        assert!(!found.iter().any(|s| s == "list" || s == "--json"));
        // Short values are left alone.
        assert!(secrets(&os(&["x", "--api-key", "abc"]), None).is_empty());
    }

    #[test]
    fn redacts_every_occurrence() {
        let secrets = vec!["sk_car_secret".to_owned()];
        assert_eq!(
            redact("a 'sk_car_secret' b sk_car_secret", &secrets),
            "a '<redacted>' b <redacted>"
        );
    }

    #[test]
    fn exit_codes_follow_the_kind_of_failure() {
        assert_eq!(Failure::Usage("x".into()).exit_code(), EXIT_USAGE);
        assert_eq!(Failure::Other("x".into()).exit_code(), EXIT_FAILURE);
        let pipe = Failure::Output(io::Error::from(io::ErrorKind::BrokenPipe));
        assert_eq!(pipe.exit_code(), EXIT_OK);
        assert_eq!(pipe.message(None), "");
        let config = cartesia_core::ConfigError::new(
            cartesia_core::ConfigErrorKind::InvalidApiKey,
            "the API key contains a line break (CR or LF)",
        );
        assert_eq!(Failure::Sdk(config.into()).exit_code(), EXIT_USAGE);
        let invalid = cartesia_core::InvalidRequest::new("agent_id", "must not be empty");
        assert_eq!(Failure::Sdk(invalid.into()).exit_code(), EXIT_USAGE);
    }

    fn transport(e: TransportError) -> Failure {
        Failure::Sdk(Error::Transport(e))
    }

    #[test]
    fn no_answer_is_said_only_when_nothing_came_back() {
        use TransportErrorKind as K;
        let url = Some("http://127.0.0.1:9");
        let said = |e: TransportError| {
            let f = transport(e);
            assert_eq!(f.exit_code(), EXIT_TRANSPORT);
            f.message(url)
        };
        let m = said(TransportError::msg(K::Connect, "refused"));
        assert!(
            m.starts_with("error: no answer from http://127.0.0.1:9: connection failed"),
            "{m}"
        );
        let m = said(TransportError::msg(K::Timeout, "connecting").with_sent(RequestSent::No));
        assert!(
            m.starts_with("error: no answer from http://127.0.0.1:9"),
            "{m}"
        );
        for (kind, start) in [
            (
                K::Timeout,
                "error: timed out waiting for http://127.0.0.1:9: ",
            ),
            (
                K::Tls,
                "error: no secure connection to http://127.0.0.1:9: ",
            ),
            (K::Io, "error: the connection to http://127.0.0.1:9 broke: "),
            (
                K::Body,
                "error: the answer from http://127.0.0.1:9 was cut short: ",
            ),
            (
                K::BodyTooLarge,
                "error: the answer from http://127.0.0.1:9 is too large: response body too large",
            ),
            (
                K::Protocol,
                "error: the answer from http://127.0.0.1:9 was not valid HTTP: ",
            ),
            (
                K::Other,
                "error: the exchange with http://127.0.0.1:9 failed: ",
            ),
        ] {
            let m = said(TransportError::msg(kind, "detail").with_sent(RequestSent::Maybe));
            assert!(m.starts_with(start), "{kind:?}: {m}");
            assert!(!m.contains("no answer"), "{kind:?}: {m}");
            assert!(m.ends_with("detail"), "{kind:?}: {m}");
        }
        // Before the server is known.
        let m = transport(TransportError::msg(K::Connect, "x")).message(None);
        assert!(m.starts_with("error: no answer from the server: "), "{m}");
    }
}
