//! The one seam between the commands and the two SDK clients, and the
//! session that picks the server (the real API or the embedded mock).

use std::ffi::OsString;

use cartesia_core::{
    AsyncClient, BlockingClient, ClientBuilder, ConfigErrorKind, Endpoint, Error, Paginated,
    ENV_API_KEY, ENV_BASE_URL,
};
use cartesia_mock::MockServer;
use cartesia_reqwest::BuildReqwest;
use cartesia_ureq::BuildUreq;

use crate::args::{Global, Transport};
use crate::report::Failure;

/// The token sent to the embedded mock (which accepts any): the user's key,
/// if there is one, is never sent there.
///
/// Shaped like neither a standard nor an admin key, so the mock serves every route to it
/// (it refuses only a standard `sk_car_...` key on the admin routes).
const MOCK_API_KEY: &str = "embedded-mock";

/// A client of either transport. Every command is written once against
/// [`execute`](Self::execute) and [`list_all`](Self::list_all); only these
/// two methods know which client runs.
pub enum Api {
    /// The async client over reqwest, driven by a current-thread runtime.
    Reqwest {
        /// Runs the client's futures to completion.
        runtime: tokio::runtime::Runtime,
        /// The client.
        client: AsyncClient,
    },
    /// The blocking client over ureq.
    Ureq {
        /// The client.
        client: BlockingClient,
    },
}

impl Api {
    /// Runs one endpoint: what `client.agents().list_phone_numbers(id)` and
    /// the other resource methods do with the endpoint they build.
    pub fn execute<E>(&self, endpoint: &E) -> Result<E::Output, Error>
    where
        E: Endpoint + Sync,
    {
        match self {
            Api::Reqwest { runtime, client } => runtime.block_on(client.execute(endpoint)),
            Api::Ureq { client } => client.execute(endpoint),
        }
    }

    /// Every item of a cursor-paginated list, page after page from `first`:
    /// what the resources' `list_all(first)` pages through.
    pub fn list_all<E>(&self, first: E) -> Result<Vec<E::Item>, Error>
    where
        E: Paginated + Send + Sync,
        E::Item: Send,
    {
        match self {
            Api::Reqwest { runtime, client } => {
                runtime.block_on(client.pages(first).collect_items())
            }
            Api::Ureq { client } => client.pages(first).items().collect(),
        }
    }
}

/// A connected client, and the embedded mock it talks to, if any.
pub struct Session {
    /// The client. Declared first, so it is dropped before the mock.
    pub api: Api,
    /// The base URL the client talks to (for error messages).
    pub base_url: String,
    /// The embedded mock, kept alive for the whole run.
    _mock: Option<MockServer>,
}

/// Where the requests go, decided from the options and the environment.
#[derive(PartialEq, Eq)]
enum Target {
    /// The embedded mock.
    Mock {
        /// `--mock` was given (else: there is no key).
        asked: bool,
    },
    /// A real server.
    Remote {
        /// The API key.
        key: String,
        /// The base URL.
        base_url: String,
    },
}

/// Never shows the key.
impl std::fmt::Debug for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Target::Mock { asked } => f.debug_struct("Mock").field("asked", asked).finish(),
            Target::Remote { base_url, .. } => f
                .debug_struct("Remote")
                .field("key", &"<redacted>")
                .field("base_url", base_url)
                .finish(),
        }
    }
}

/// A value from the environment, if set and not blank.
fn env_value(name: &str) -> Option<OsString> {
    std::env::var_os(name).filter(|v| !v.to_string_lossy().trim().is_empty())
}

/// Decides the target. `env_key` is `CARTESIA_API_KEY` as set (even if
/// empty), `env_base_url` is `CARTESIA_BASE_URL` if set and not blank.
///
/// The mock answers only with `--mock` or when no key is given at all: a key
/// that is set but empty or blank (a CI secret that did not resolve, say) is
/// a configuration error, never a quiet run on demo data.
fn target(
    global: &Global,
    env_key: Option<OsString>,
    env_base_url: Option<OsString>,
) -> Result<Target, Failure> {
    if global.mock {
        return Ok(Target::Mock { asked: true });
    }
    let key = match (&global.api_key, env_key) {
        (Some(flag), _) if flag.trim().is_empty() => {
            return Err(Failure::Usage(format!(
                "--api-key is empty: pass your API key (or set {ENV_API_KEY} instead; \
                 --mock answers from the embedded mock with demo data)"
            )))
        }
        (Some(flag), _) => Some(flag.clone()),
        // A key that is not UTF-8 is kept (lossily) so that the client
        // refuses it as invalid instead of running on the mock.
        (None, Some(env)) => {
            let env = env.to_string_lossy().into_owned();
            if env.trim().is_empty() {
                return Err(Failure::Usage(format!(
                    "{ENV_API_KEY} is set but empty: set it to your API key, or unset it \
                     (or pass --mock) to answer from the embedded mock with demo data"
                )));
            }
            Some(env)
        }
        (None, None) => None,
    };
    match key {
        Some(key) => {
            let base_url = global
                .base_url
                .clone()
                .or_else(|| env_base_url.map(|u| u.to_string_lossy().trim().to_owned()))
                .unwrap_or_else(|| cartesia_core::DEFAULT_BASE_URL.to_owned());
            Ok(Target::Remote { key, base_url })
        }
        None if global.base_url.is_some() => Err(Failure::Usage(format!(
            "--base-url needs an API key: pass --api-key or set {ENV_API_KEY} \
             (without a key and without --base-url, cartesia-rs answers from its embedded mock)"
        ))),
        None => Ok(Target::Mock { asked: false }),
    }
}

impl Session {
    /// Starts the embedded mock if needed (saying so on stderr) and builds
    /// the client of the chosen transport.
    pub fn open(global: &Global) -> Result<Session, Failure> {
        let target = target(
            global,
            std::env::var_os(ENV_API_KEY),
            env_value(ENV_BASE_URL),
        )?;
        let (builder, base_url, mock) = match target {
            Target::Mock { asked } => {
                let mock = MockServer::start().map_err(|e| {
                    Failure::Other(format!("could not start the embedded mock server: {e}"))
                })?;
                let url = mock.url();
                let why = if asked {
                    "--mock".to_owned()
                } else {
                    format!("no API key (--api-key or {ENV_API_KEY})")
                };
                eprintln!(
                    "note: {why}: this run uses the embedded mock at {url} with demo data; \
                     nothing leaves this machine."
                );
                let builder = ClientBuilder::new().api_key(MOCK_API_KEY).base_url(&url);
                (builder, url, Some(mock))
            }
            Target::Remote { key, base_url } => {
                let builder = ClientBuilder::new().api_key(key).base_url(&base_url);
                (builder, base_url, None)
            }
        };
        let builder = match global.api_version {
            Some(version) => builder.version(version),
            None => builder,
        };
        // `--timeout`: the total deadline of every call, buffered or streamed.
        let builder = match global.timeout {
            Some(limit) => builder.total_timeout(limit).stream_total_timeout(limit),
            None => builder,
        };
        let built = match global.transport {
            Transport::Reqwest => {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .map_err(|e| Failure::Other(format!("could not start a tokio runtime: {e}")))?;
                builder
                    .build_reqwest()
                    .map(|client| Api::Reqwest { runtime, client })
            }
            Transport::Ureq => builder.build_ureq().map(|client| Api::Ureq { client }),
        };
        let api = built.map_err(|e| match &e {
            // The SDK's advice names a builder setting the CLI does not offer.
            Error::Config(c) if c.kind() == ConfigErrorKind::InsecureBaseUrl => {
                Failure::Usage(format!(
                    "the base URL {base_url:?} is plain http to a host that is not loopback: \
                     the API key would travel unencrypted; use https"
                ))
            }
            _ => Failure::Sdk(e),
        })?;
        Ok(Session {
            api,
            base_url,
            _mock: mock,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn global(args: &[&str]) -> Global {
        let all = ["cartesia-rs"]
            .iter()
            .chain(args)
            .chain(&["agents", "list"])
            .copied();
        crate::args::Cli::try_parse_from(all).unwrap().global
    }

    fn os(s: &str) -> Option<OsString> {
        Some(OsString::from(s))
    }

    #[test]
    fn no_key_means_the_mock_and_mock_wins() {
        assert_eq!(
            target(&global(&[]), None, None).unwrap(),
            Target::Mock { asked: false }
        );
        // CARTESIA_BASE_URL alone does not turn the mock off.
        assert_eq!(
            target(&global(&[]), None, os("https://proxy.example")).unwrap(),
            Target::Mock { asked: false }
        );
        assert_eq!(
            target(&global(&["--mock", "--api-key", "k"]), os("e"), None).unwrap(),
            Target::Mock { asked: true }
        );
    }

    #[test]
    fn a_key_means_the_remote_api() {
        assert_eq!(
            target(&global(&[]), os("env_key"), None).unwrap(),
            Target::Remote {
                key: "env_key".into(),
                base_url: cartesia_core::DEFAULT_BASE_URL.into()
            }
        );
        assert_eq!(
            target(
                &global(&["--api-key", "flag_key", "--base-url", "http://127.0.0.1:9"]),
                os("env_key"),
                os("https://env.example")
            )
            .unwrap(),
            Target::Remote {
                key: "flag_key".into(),
                base_url: "http://127.0.0.1:9".into()
            }
        );
        assert_eq!(
            target(&global(&[]), os("k"), os(" https://env.example ")).unwrap(),
            Target::Remote {
                key: "k".into(),
                base_url: "https://env.example".into()
            }
        );
    }

    #[test]
    fn an_empty_or_blank_key_is_a_configuration_error_not_the_mock() {
        for blank in ["", " ", "\t", " \n "] {
            let err = target(&global(&[]), os(blank), None).unwrap_err();
            assert_eq!(err.exit_code(), 2, "{blank:?}");
            let message = err.message(None);
            assert!(
                message.contains("CARTESIA_API_KEY is set but empty"),
                "{message}"
            );
            let err = target(&global(&["--api-key", blank]), None, None).unwrap_err();
            assert_eq!(err.exit_code(), 2, "{blank:?}");
            assert!(err.message(None).contains("--api-key is empty"));
            // --mock still answers from the mock, whatever the variable holds.
            assert_eq!(
                target(&global(&["--mock"]), os(blank), None).unwrap(),
                Target::Mock { asked: true }
            );
        }
        // A key on the command line wins over a blank variable.
        assert_eq!(
            target(&global(&["--api-key", "k"]), os(""), None).unwrap(),
            Target::Remote {
                key: "k".into(),
                base_url: cartesia_core::DEFAULT_BASE_URL.into()
            }
        );
    }

    #[test]
    fn a_base_url_without_a_key_is_a_usage_error() {
        let err = target(&global(&["--base-url", "https://x.example"]), None, None).unwrap_err();
        assert_eq!(err.exit_code(), 2);
    }
}
