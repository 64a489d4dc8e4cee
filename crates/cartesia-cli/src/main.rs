//! `cartesia-rs`: the Cartesia Agents API from the command line, over the
//! cartesia-rs SDK.
//!
//! ```text
//! cartesia-rs phone-numbers list agent_demo                  # no key: the embedded mock, offline
//! CARTESIA_API_KEY=sk_car_... cartesia-rs phone-numbers list <AGENT_ID> [--json]
//! cartesia-rs calls list --agent-id agent_demo --all --transport ureq
//! ```
//!
//! Commands: `phone-numbers list <AGENT_ID>`, `phone-numbers list [--limit N]
//! [--all]` (the account's numbers), `phone-numbers get <ID>`, `agents list`,
//! `agents get <AGENT_ID>`, `agents update <AGENT_ID> [--name ..]
//! [--description ..] [--voice ..] [--language ..] [--webhook-id ..]`, `calls
//! list [--agent-id ID] [--batch-id ID] [--limit N] [--all]`, `calls get
//! <CALL_ID>`, `calls create --agent-id ID --from-number-id ID --to NUMBER..`,
//! `deployments list <AGENT_ID>`, `webhooks list [--limit N] [--all]`,
//! `webhooks create --url URL --secret S`, `webhooks update <ID> --url URL`,
//! `webhooks delete <ID>`, `metrics list [--limit N] [--all]`, `tts TEXT
//! --voice ID -o FILE [--container wav|raw|mp3] [--encoding ..]
//! [--sample-rate N] [--bit-rate N] [--model ..] [--language ..] [--speed X]
//! [--volume X] [--sse]` (the audio streamed into the file, with progress on
//! a terminal; `--sse` prints the word timestamps), `stt FILE [--model ..]
//! [--language ..] [--timestamps]`, `voices list [-q TEXT] [--owned] [--limit
//! N] [--all]`, `voices get <ID>`, `voices clone CLIP --name N [--language L]
//! [--description D]`, and `mock
//! [--port N] [--api-key KEY]`, which runs the mock server in the foreground
//! (printing its URL) until interrupted.
//!
//! Global options: `--transport reqwest|ureq` (default reqwest), `--json`,
//! `--base-url URL` (else `CARTESIA_BASE_URL`), `--api-key KEY` (else
//! `CARTESIA_API_KEY`), `--api-version YYYY-MM-DD`, `--timeout SECS` (the
//! total deadline of each call), `--mock`. With no key at all, or with
//! `--mock`, it starts `cartesia-mock` on 127.0.0.1 with demo data and says
//! so on stderr; a key set but empty is a configuration error.
//!
//! Exit codes: 0 success, 1 other failure, 2 usage or configuration, 3 API
//! error, 4 the exchange failed (no answer, timed out, an unusable answer).
//!
//! The layout: [`args`] (the command line), [`api`] (one enum over the async
//! and the blocking client, and the choice of server), [`commands`] (the
//! command table), [`write`](mod@write) (the commands that change things), [`speech`]
//! (`tts`, `stt`, `voices`), [`serve`]
//! (`mock`), [`output`] (JSON and tables), [`report`] (exit codes and error
//! messages).

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod api;
mod args;
mod commands;
mod manage;
mod output;
mod report;
mod serve;
mod speech;
mod write;
mod ws;

#[cfg(test)]
#[path = "../../cartesia-reqwest/examples/support/cli.rs"]
mod example_support;

use std::ffi::OsString;
use std::io::{self, BufWriter};
use std::process::ExitCode;

use clap::Parser;

use crate::api::Session;
use crate::args::Cli;
use crate::output::Printer;
use crate::report::{Failure, EXIT_FAILURE};

fn main() -> ExitCode {
    let raw: Vec<OsString> = std::env::args_os().collect();
    let cli = match Cli::try_parse_from(&raw) {
        Ok(cli) => cli,
        Err(e) => return clap_failure(&e, &raw),
    };
    let mut base_url = None;
    let result = run(cli, &mut base_url);
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            let message = failure.message(base_url.as_deref());
            if !message.is_empty() {
                eprintln!("{message}");
            }
            ExitCode::from(failure.exit_code())
        }
    }
}

/// Runs the command; `base_url` is set once the server is chosen.
fn run(cli: Cli, base_url: &mut Option<String>) -> Result<(), Failure> {
    if let args::Command::Mock(args) = &cli.command {
        return serve::run(args, &cli.global);
    }
    let session = Session::open(&cli.global)?;
    *base_url = Some(session.base_url.clone());
    let mut out = Printer::new(BufWriter::new(io::stdout().lock()), cli.global.json);
    commands::run(cli.command, &session.api, &mut out)?;
    out.finish()?;
    Ok(())
}

/// Prints clap's message (help and version on stdout, errors on stderr),
/// with anything that may be an API key redacted, and returns its exit code
/// (0 for help and version, 2 for usage errors).
fn clap_failure(e: &clap::Error, raw: &[OsString]) -> ExitCode {
    let secrets = report::secrets(raw, std::env::var_os(cartesia_core::ENV_API_KEY));
    let text = report::redact(&e.render().to_string(), &secrets);
    if e.use_stderr() {
        eprint!("{text}");
    } else {
        print!("{text}");
    }
    ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(EXIT_FAILURE))
}
