//! Lists an agent's phone numbers through the blocking ureq transport (no async runtime).
//!
//! ```text
//! CARTESIA_API_KEY=sk_car_... cargo run -p cartesia-ureq --example list_phone_numbers -- <AGENT_ID> [--json]
//! ```
//! `CARTESIA_BASE_URL` points it at another server (e.g. a local mock).

#[path = "../../cartesia-quickstart/src/cli.rs"]
mod cli;

use std::process::ExitCode;

const USAGE: &str = "usage: list_phone_numbers <AGENT_ID> [--json]\n\
  env: CARTESIA_API_KEY (required), CARTESIA_BASE_URL (optional)";

fn main() -> ExitCode {
    let args = match cli::parse_args(std::env::args().skip(1), USAGE) {
        Ok(a) if a.agent_id.is_some() => a,
        Ok(_) => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
        Err(usage) => {
            eprintln!("{usage}");
            return ExitCode::from(2);
        }
    };
    let agent_id = args.agent_id.unwrap_or_default();
    let result =
        cartesia_ureq::from_env().and_then(|client| client.agents().list_phone_numbers(&agent_id));
    match result {
        Ok(numbers) => match cli::print_numbers(&mut std::io::stdout().lock(), &numbers, args.json)
        {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
