//! The command line: global options and the command tree (clap derive).
//!
//! To add a command, add a variant here and its arm in [`crate::commands::run`].

use std::time::Duration;

use cartesia_core::ApiVersion;
use clap::{Args, Parser, Subcommand, ValueEnum};

/// Shown at the end of `--help`.
const AFTER_HELP: &str = "\
With no API key at all (neither --api-key nor CARTESIA_API_KEY), or with --mock, every command
answers from an embedded Cartesia-compatible mock on 127.0.0.1 with demo data: agents agent_demo
and agent_support, calls ac_demo_01 to ac_demo_12. Nothing leaves this machine. A key that is
set but empty is an error (exit 2), never a quiet run on demo data.

Exit codes: 0 success, 1 other failure (e.g. an answer the SDK could not decode), 2 usage or
configuration error, 3 API error (message, error code and request id on stderr), 4 the exchange
failed (no answer, timed out, TLS, an answer cut short, too large or not HTTP, a redirect
not followed; stderr says which).

Examples:
  cartesia-rs phone-numbers list agent_demo
  cartesia-rs calls list --agent-id agent_demo --all --json
  cartesia-rs webhooks create --url https://example.com/hook --secret whsec_...
  cartesia-rs mock --port 8765     # a local Cartesia for any client's tests
  CARTESIA_API_KEY=sk_car_... cartesia-rs agents list --transport ureq";

/// `cartesia-rs`: the Cartesia Agents API from the command line.
#[derive(Debug, Parser)]
#[command(
    name = "cartesia-rs",
    version,
    about = "The Cartesia Agents API from the command line (the cartesia-rs SDK).",
    after_help = AFTER_HELP
)]
pub struct Cli {
    /// Options that apply to every command.
    #[command(flatten)]
    pub global: Global,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The options every command takes (before or after the command).
#[derive(Debug, Args)]
#[command(next_help_heading = "Global options")]
pub struct Global {
    /// HTTP client: reqwest (async, on a tokio runtime) or ureq (blocking).
    #[arg(
        long,
        global = true,
        value_enum,
        default_value_t = Transport::Reqwest,
        value_name = "reqwest|ureq",
        hide_possible_values = true
    )]
    pub transport: Transport,

    /// Print the decoded answer as JSON (lists as one array) instead of a table.
    #[arg(long, global = true)]
    pub json: bool,

    /// The API's base URL (default: `CARTESIA_BASE_URL`, else `https://api.cartesia.ai`).
    #[arg(
        long,
        global = true,
        value_name = "URL",
        help = "The API's base URL [default: CARTESIA_BASE_URL, else https://api.cartesia.ai]"
    )]
    pub base_url: Option<String>,

    /// The API key [default: CARTESIA_API_KEY, which keeps it out of the process list].
    /// With neither set, the embedded mock answers; set but empty is an error.
    #[arg(long, global = true, value_name = "KEY")]
    pub api_key: Option<String>,

    /// The longest one call may take, in seconds (e.g. 30 or 2.5): every attempt, the waits
    /// between retries and reading the answer [default: 300].
    #[arg(
        long,
        global = true,
        value_name = "SECS",
        value_parser = parse_timeout,
        allow_hyphen_values = true
    )]
    pub timeout: Option<Duration>,

    /// The Cartesia-Version header [default: 2026-03-01].
    #[arg(long, global = true, value_name = "YYYY-MM-DD")]
    pub api_version: Option<ApiVersion>,

    /// Answer from the embedded mock on 127.0.0.1 with demo data (try agent_demo).
    #[arg(long, global = true, conflicts_with = "base_url")]
    pub mock: bool,
}

/// The most `--timeout` takes: a year (far beyond any call, and far from where adding it to
/// the clock could overflow).
pub const MAX_TIMEOUT_SECS: f64 = 365.0 * 24.0 * 3600.0;

/// `--timeout SECS`: a positive, finite number of seconds, at most [`MAX_TIMEOUT_SECS`].
fn parse_timeout(text: &str) -> Result<Duration, String> {
    let secs: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("expected a number of seconds (e.g. 30 or 2.5), got {text:?}"))?;
    if !secs.is_finite() || secs <= 0.0 {
        return Err(format!(
            "expected a positive, finite number of seconds, got {text:?}"
        ));
    }
    if secs > MAX_TIMEOUT_SECS {
        return Err(format!(
            "at most {MAX_TIMEOUT_SECS} seconds (a year), got {text:?}"
        ));
    }
    Duration::try_from_secs_f64(secs).map_err(|e| format!("{text:?}: {e}"))
}

/// Which SDK client carries the requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Transport {
    /// The async client over reqwest, on a current-thread tokio runtime.
    Reqwest,
    /// The blocking client over ureq.
    Ureq,
}

/// The commands, one group per resource.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// An agent's phone numbers.
    #[command(subcommand)]
    PhoneNumbers(PhoneNumbersCommand),
    /// Agents.
    #[command(subcommand)]
    Agents(AgentsCommand),
    /// Calls: list (by agent or batch) and get.
    #[command(subcommand)]
    Calls(CallsCommand),
    /// An agent's deployments.
    #[command(subcommand)]
    Deployments(DeploymentsCommand),
    /// Webhooks (their secrets are never listed).
    #[command(subcommand)]
    Webhooks(WebhooksCommand),
    /// LLM-as-a-judge metrics.
    #[command(subcommand)]
    Metrics(MetricsCommand),
    /// Uploaded files: list, upload, download.
    #[command(subcommand)]
    Files(crate::manage::FilesCommand),
    /// Datasets (for fine-tuning).
    #[command(subcommand)]
    Datasets(crate::manage::DatasetsCommand),
    /// Usage (needs an admin key, sk_car_admin_...).
    #[command(subcommand)]
    Usage(crate::manage::UsageCommand),
    /// Run the mock server in the foreground until interrupted (Ctrl-C), printing its URL:
    /// a local Cartesia for any client's tests (point its base URL there).
    Mock(MockArgs),
    /// Speak a text into an audio file (`-o hello.wav`; wav, raw or mp3), streamed.
    Tts(crate::speech::TtsArgs),
    /// Transcribe an audio file.
    Stt(crate::speech::SttArgs),
    /// Voices: list, get, clone.
    #[command(subcommand)]
    Voices(crate::speech::VoicesCommand),
}

/// `mock` options (`--api-key`, the global option, sets the key the server requires;
/// without it any non-empty bearer token is accepted).
#[derive(Debug, Args)]
pub struct MockArgs {
    /// The port on 127.0.0.1 [default: any free port].
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub port: u16,
    /// Start without the demo data.
    #[arg(long)]
    pub empty: bool,
}

/// `phone-numbers ...`
#[derive(Debug, Subcommand)]
pub enum PhoneNumbersCommand {
    /// List an agent's phone numbers; without an agent, every number of the account (one
    /// page, or every page with --all).
    List {
        /// The agent's ID (on the mock: agent_demo or agent_support).
        agent_id: Option<String>,
        /// Paging (of the account's list only).
        #[command(flatten)]
        page: PageArgs,
    },
    /// Show one phone number, with its agent and provider.
    Get {
        /// The phone number's ID (on the mock: pn_14155550123).
        id: String,
    },
}

/// `agents ...`
#[derive(Debug, Subcommand)]
pub enum AgentsCommand {
    /// List every agent of the account.
    List,
    /// Show one agent.
    Get {
        /// The agent's ID (on the mock: agent_demo).
        agent_id: String,
    },
    /// Change an agent's name, description, voice, language or webhook.
    Update(UpdateAgentArgs),
}

/// `agents update` options: at least one change.
#[derive(Debug, Args)]
pub struct UpdateAgentArgs {
    /// The agent's ID (on the mock: agent_demo).
    pub agent_id: String,
    /// A new name.
    #[arg(long)]
    pub name: Option<String>,
    /// A new description.
    #[arg(long, conflicts_with = "clear_description")]
    pub description: Option<String>,
    /// Remove the description.
    #[arg(long)]
    pub clear_description: bool,
    /// A new text-to-speech voice ID.
    #[arg(long, value_name = "VOICE_ID")]
    pub voice: Option<String>,
    /// A new text-to-speech language (e.g. en).
    #[arg(long, value_name = "LANGUAGE")]
    pub language: Option<String>,
    /// Attach this webhook (on the mock: wh_demo_calls).
    #[arg(long, value_name = "WEBHOOK_ID", conflicts_with = "detach_webhook")]
    pub webhook_id: Option<String>,
    /// Detach the agent's webhook.
    #[arg(long)]
    pub detach_webhook: bool,
}

/// `calls ...`
#[derive(Debug, Subcommand)]
pub enum CallsCommand {
    /// List calls, newest first: one page, or every page with --all.
    List(ListCallsArgs),
    /// Show one call, with its transcript.
    Get {
        /// The call's ID (on the mock: ac_demo_01).
        call_id: String,
    },
    /// Place outbound calls: one per --to number.
    Create(CreateCallArgs),
}

/// `calls create` options.
#[derive(Debug, Args)]
pub struct CreateCallArgs {
    /// The agent that handles the calls (on the mock: agent_demo).
    #[arg(long, value_name = "AGENT_ID")]
    pub agent_id: String,
    /// The phone number ID to call from (on the mock: pn_14155550123).
    #[arg(long, value_name = "PHONE_NUMBER_ID")]
    pub from_number_id: String,
    /// A number to call, in E.164 form (repeat for several calls).
    #[arg(long = "to", value_name = "NUMBER", required = true)]
    pub to: Vec<String>,
    /// Seconds to wait for an answer, 5 to 80 [the API's default: 60].
    #[arg(long, value_name = "SECS", value_parser = clap::value_parser!(u32).range(5..=80))]
    pub ringing_timeout: Option<u32>,
}

/// `calls list` options.
#[derive(Debug, Args)]
pub struct ListCallsArgs {
    /// Only the calls of this agent (the API wants this or --batch-id; on the mock: agent_demo).
    #[arg(long, value_name = "AGENT_ID")]
    pub agent_id: Option<String>,
    /// Only the calls of this outbound call batch.
    #[arg(long, value_name = "BATCH_ID")]
    pub batch_id: Option<String>,
    /// Paging.
    #[command(flatten)]
    pub page: PageArgs,
}

/// `deployments ...`
#[derive(Debug, Subcommand)]
pub enum DeploymentsCommand {
    /// List an agent's deployments.
    List {
        /// The agent's ID (on the mock: agent_demo).
        agent_id: String,
    },
}

/// `webhooks ...`
#[derive(Debug, Subcommand)]
pub enum WebhooksCommand {
    /// List webhooks: one page, or every page with --all.
    List(PageArgs),
    /// Create a webhook.
    Create {
        /// The HTTPS endpoint Cartesia POSTs call events to.
        #[arg(long)]
        url: String,
        /// The shared secret sent in the X-Webhook-Secret header of every delivery.
        #[arg(long)]
        secret: String,
        /// A name to identify the webhook.
        #[arg(long, value_name = "NAME")]
        display_name: Option<String>,
    },
    /// Change a webhook's URL (required by the API), secret or name; shows the result.
    Update {
        /// The webhook's ID (on the mock: wh_demo_calls).
        webhook_id: String,
        /// The HTTPS endpoint.
        #[arg(long)]
        url: String,
        /// A new secret (leave out to keep the current one).
        #[arg(long)]
        secret: Option<String>,
        /// A new name.
        #[arg(long, value_name = "NAME")]
        display_name: Option<String>,
    },
    /// Delete a webhook (detach it from its agents first).
    Delete {
        /// The webhook's ID.
        webhook_id: String,
    },
}

/// `metrics ...`
#[derive(Debug, Subcommand)]
pub enum MetricsCommand {
    /// List metrics: one page, or every page with --all.
    List(PageArgs),
}

/// Paging options of the cursor-paginated lists.
#[derive(Debug, Clone, Copy, Args)]
pub struct PageArgs {
    /// Items per page, 1 to 100 [the API's default: 10].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=100))]
    pub limit: Option<u32>,
    /// Fetch every page, not just the first.
    #[arg(long)]
    pub all: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_tree_is_consistent() {
        Cli::command().debug_assert();
    }

    fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(std::iter::once("cartesia-rs").chain(args.iter().copied()))
    }

    #[test]
    fn global_options_go_before_or_after_the_command() {
        let cli = parse(&[
            "--json",
            "phone-numbers",
            "list",
            "a1",
            "--transport",
            "ureq",
        ])
        .unwrap();
        assert!(cli.global.json);
        assert_eq!(cli.global.transport, Transport::Ureq);
        let Command::PhoneNumbers(PhoneNumbersCommand::List { agent_id, .. }) = cli.command else {
            panic!("wrong command");
        };
        assert_eq!(agent_id.as_deref(), Some("a1"));
        let cli = parse(&["agents", "list"]).unwrap();
        assert_eq!(cli.global.transport, Transport::Reqwest);
        assert!(!cli.global.json && !cli.global.mock);
    }

    #[test]
    fn paging_options_are_checked() {
        let cli = parse(&["calls", "list", "--agent-id", "a", "--limit", "5", "--all"]).unwrap();
        let Command::Calls(CallsCommand::List(args)) = cli.command else {
            panic!("wrong command");
        };
        assert_eq!(args.agent_id.as_deref(), Some("a"));
        assert_eq!(args.page.limit, Some(5));
        assert!(args.page.all);
        for bad in ["0", "101", "x"] {
            assert!(
                parse(&["webhooks", "list", "--limit", bad]).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn the_timeout_is_positive_finite_seconds() {
        let timeout = |args: &[&str]| parse(args).map(|cli| cli.global.timeout);
        assert_eq!(timeout(&["agents", "list"]).unwrap(), None);
        for (text, want) in [
            ("30", Duration::from_secs(30)),
            ("2.5", Duration::from_millis(2_500)),
            ("0.001", Duration::from_millis(1)),
            (" 7 ", Duration::from_secs(7)),
            ("31536000", Duration::from_secs(31_536_000)),
        ] {
            assert_eq!(
                timeout(&["--timeout", text, "agents", "list"]).unwrap(),
                Some(want),
                "{text}"
            );
        }
        assert_eq!(
            timeout(&["agents", "list", "--timeout=1"]).unwrap(),
            Some(Duration::from_secs(1))
        );
        for bad in [
            "0", "-1", "-0", "0.0", "NaN", "nan", "inf", "-inf", "infinity", "1e300", "31536001",
            "", "x", "10s", "1,5",
        ] {
            let err = parse(&["agents", "list", "--timeout", bad]).unwrap_err();
            assert_eq!(err.exit_code(), 2, "{bad:?}");
            assert!(err.to_string().contains("--timeout"), "{bad:?}: {err}");
        }
    }

    #[test]
    fn bad_usage_is_refused() {
        for line in [
            "phone-numbers list a b",
            "phone-numbers get",
            "agents update",
            "webhooks create --url https://x",
            "webhooks update wh_1",
            "calls create --agent-id a --from-number-id pn",
            "calls create --agent-id a --from-number-id pn --to +1 --ringing-timeout 99",
            "mock --port 70000",
            "nope",
            "agents list --transport curl",
            "agents list --api-version 2026-3-1",
            "agents list --mock --base-url http://127.0.0.1:1",
        ] {
            let args: Vec<&str> = line.split_whitespace().collect();
            let err = parse(&args).unwrap_err();
            assert_eq!(err.exit_code(), 2, "{line}");
        }
        assert_eq!(parse(&["--help"]).unwrap_err().exit_code(), 0);
    }
}
