//! Lists an agent's phone numbers through the blocking ureq transport (no async runtime).
//!
//! ```text
//! CARTESIA_API_KEY=sk_car_... cargo run -p cartesia-ureq --example list_phone_numbers -- <AGENT_ID> [--json]
//! ```
//! `CARTESIA_BASE_URL` points it at another server (e.g. a local mock). Exit codes: 0 success,
//! 1 error (printed to stderr), 2 usage.

#[path = "../../cartesia-reqwest/examples/support/cli.rs"]
mod cli;

fn main() -> std::process::ExitCode {
    cli::example_main(
        "usage: list_phone_numbers <AGENT_ID> [--json]  (env: CARTESIA_API_KEY, CARTESIA_BASE_URL)",
        |agent_id| {
            cartesia_ureq::from_env()?
                .agents()
                .list_phone_numbers(agent_id)
        },
    )
}
