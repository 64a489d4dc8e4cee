//! Lists an agent's phone numbers through the async reqwest transport.
//!
//! ```text
//! CARTESIA_API_KEY=sk_car_... cargo run -p cartesia-reqwest --example list_phone_numbers -- <AGENT_ID> [--json]
//! ```
//! `CARTESIA_BASE_URL` points it at another server (e.g. a local mock). Exit codes: 0 success,
//! 1 error (printed to stderr), 2 usage.

#[path = "support/cli.rs"]
mod cli;

fn main() -> std::process::ExitCode {
    cli::example_main(
        "usage: list_phone_numbers <AGENT_ID> [--json]  (env: CARTESIA_API_KEY, CARTESIA_BASE_URL)",
        |agent_id| {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| format!("cannot start the tokio runtime: {e}"))?;
            runtime
                .block_on(async {
                    let client = cartesia_reqwest::from_env()?;
                    client.agents().list_phone_numbers(agent_id).await
                })
                .map_err(|e| e.to_string())
        },
    )
}
