//! The README's first command.
//!
//! ```text
//! cargo run -p cartesia-quickstart                 # no key: a local mock with demo data
//! CARTESIA_API_KEY=sk_car_... cargo run -p cartesia-quickstart -- <AGENT_ID> [--json]
//! ```
//!
//! Lists an agent's phone numbers through both transports — the async reqwest client and the
//! blocking ureq client — and checks that they agree. Without `CARTESIA_API_KEY` it starts
//! `cartesia-mock` on 127.0.0.1 and says so on stderr; nothing leaves the machine.

mod cli;

use std::process::ExitCode;

use cartesia_core::{ClientBuilder, Error, PhoneNumber, ENV_API_KEY};
use cartesia_reqwest::BuildReqwest;
use cartesia_ureq::BuildUreq;

const USAGE: &str = "usage: cartesia-quickstart [AGENT_ID] [--json]\n\
  Without CARTESIA_API_KEY, runs against a local mock (agent `agent_demo`).\n\
  env: CARTESIA_API_KEY, CARTESIA_BASE_URL (optional)";

fn main() -> ExitCode {
    let args = match cli::parse_args(std::env::args().skip(1), USAGE) {
        Ok(a) => a,
        Err(usage) => {
            eprintln!("{usage}");
            return ExitCode::from(2);
        }
    };
    let have_key = std::env::var_os(ENV_API_KEY).is_some_and(|k| !k.is_empty());

    // Keep the mock alive for the whole run.
    let (_mock, builder, agent_id) = if have_key {
        let Some(agent_id) = args.agent_id.clone() else {
            eprintln!("With CARTESIA_API_KEY set, name the agent.\n{USAGE}");
            return ExitCode::from(2);
        };
        (None, ClientBuilder::from_env(), agent_id)
    } else {
        let mock = match cartesia_mock::MockServer::start() {
            Ok(m) => m,
            Err(e) => {
                eprintln!("error: cannot start the local mock server: {e}");
                return ExitCode::FAILURE;
            }
        };
        eprintln!(
            "note: {ENV_API_KEY} is not set, so this run uses the local Cartesia-compatible mock \
             at {} with demo data (nothing leaves this machine).",
            mock.url()
        );
        let builder = ClientBuilder::new()
            .api_key("sk_car_local_mock")
            .base_url(mock.url());
        let agent_id = args
            .agent_id
            .clone()
            .unwrap_or_else(|| cartesia_mock::DEMO_AGENT_ID.to_owned());
        (Some(mock), builder, agent_id)
    };

    match run(builder, &agent_id, args.json) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(builder: ClientBuilder, agent_id: &str, json: bool) -> Result<(), Error> {
    let stdout = &mut std::io::stdout().lock();

    // Async: reqwest on a small tokio runtime.
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| io_error("cannot start the tokio runtime", e))?;
    let async_client = builder.clone().build_reqwest()?;
    let via_reqwest: Vec<PhoneNumber> =
        rt.block_on(async_client.agents().list_phone_numbers(agent_id))?;

    // Blocking: ureq, no runtime.
    let blocking_client = builder.build_ureq()?;
    let via_ureq = blocking_client.agents().list_phone_numbers(agent_id)?;

    if json {
        cli::print_numbers(stdout, &via_reqwest, true).map_err(|e| io_error("stdout", e))?;
    } else {
        println!("Phone numbers of agent {agent_id}:");
        cli::print_numbers(stdout, &via_reqwest, false).map_err(|e| io_error("stdout", e))?;
    }
    if via_reqwest == via_ureq {
        eprintln!(
            "ok: the async (reqwest) and blocking (ureq) clients returned the same {} number(s).",
            via_reqwest.len()
        );
        Ok(())
    } else {
        Err(cartesia_core::InvalidRequest::new(
            "transports",
            "the reqwest and ureq clients returned different results",
        )
        .into())
    }
}

fn io_error(what: &'static str, e: std::io::Error) -> Error {
    Error::Transport(
        cartesia_core::TransportError::new(cartesia_core::TransportErrorKind::Io, e)
            .with_detail(what),
    )
}
