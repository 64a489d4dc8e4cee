//! The command table: each command is one arm that builds an SDK endpoint,
//! runs it through [`Api`] (the same code for both transports) and prints the
//! result with the columns or fields chosen for it below.
//!
//! To add a command: a variant in [`crate::args`], an arm in [`run`], and
//! its columns (lists) or fields (single records) here. A family of subcommands
//! with its own module (`manage.rs`, `speech.rs`, `write.rs`) implements [`Run`]
//! and its arm hands the command over.

use std::io::Write;

use cartesia_core::endpoints::agents::{GetAgent, ListAgents, ListDeployments, ListPhoneNumbers};
use cartesia_core::endpoints::calls::{GetCall, ListCalls};
use cartesia_core::endpoints::metrics::ListMetrics;
use cartesia_core::endpoints::webhooks::ListWebhooks;
use cartesia_core::types::agents::{AgentSummary, Deployment};
use cartesia_core::types::calls::AgentCall;
use cartesia_core::types::metrics::Metric;
use cartesia_core::types::webhooks::AgentWebhookSummary;
use cartesia_core::types::Timestamp;
use cartesia_core::{Paginated, PhoneNumber};
use serde::Serialize;

use crate::api::Api;
use crate::args::{
    AgentsCommand, CallsCommand, Command, DeploymentsCommand, MetricsCommand, PageArgs,
    PhoneNumbersCommand, WebhooksCommand,
};
use crate::output::{note, Column, Field, Printer};
use crate::report::Failure;
use crate::write;

/// A command, or a family of subcommands, that runs against the API and prints its
/// result: [`run`] hands it over (the families of `manage.rs`, `speech.rs` and `write.rs`).
pub trait Run {
    /// Runs against `api`, printing the result on `out`.
    fn run<W: Write>(self, api: &Api, out: &mut Printer<W>) -> Result<(), Failure>;
}

/// Runs `command` against `api`, printing the result on `out`.
pub fn run<W: Write>(command: Command, api: &Api, out: &mut Printer<W>) -> Result<(), Failure> {
    match command {
        Command::PhoneNumbers(PhoneNumbersCommand::List {
            agent_id: Some(agent_id),
            page,
        }) => {
            write::refuse_paging(page)?;
            let numbers = api.execute(&ListPhoneNumbers::new(agent_id))?;
            out.list(&numbers, PHONE_NUMBER_COLUMNS, "phone numbers")?;
        }
        Command::Agents(AgentsCommand::List) => {
            let agents = api.execute(&ListAgents::new())?;
            out.list(&agents.summaries, AGENT_COLUMNS, "agents")?;
        }
        Command::Agents(AgentsCommand::Get { agent_id }) => {
            let agent = api.execute(&GetAgent::new(agent_id))?;
            out.record(&agent, AGENT_FIELDS)?;
        }
        Command::Calls(CallsCommand::List(args)) => {
            let mut request = ListCalls::new();
            request.agent_id = args.agent_id;
            request.batch_id = args.batch_id;
            request.limit = args.page.limit;
            list_pages(api, request, args.page, out, CALL_COLUMNS, "calls")?;
        }
        Command::Calls(CallsCommand::Get { call_id }) => {
            let call = api.execute(&GetCall::new(call_id))?;
            out.record(&call, CALL_FIELDS)?;
        }
        Command::Deployments(DeploymentsCommand::List { agent_id }) => {
            let deployments = api.execute(&ListDeployments::new(agent_id))?;
            out.list(&deployments, DEPLOYMENT_COLUMNS, "deployments")?;
        }
        // The commands that change things, and the account's phone numbers: `write.rs`.
        Command::PhoneNumbers(PhoneNumbersCommand::List {
            agent_id: None,
            page,
        }) => write::list_numbers(api, page, out)?,
        Command::PhoneNumbers(PhoneNumbersCommand::Get { id }) => write::get_number(api, id, out)?,
        Command::Agents(AgentsCommand::Update(args)) => args.run(api, out)?,
        Command::Calls(CallsCommand::Create(args)) => args.run(api, out)?,
        Command::Webhooks(
            command @ (WebhooksCommand::Create { .. }
            | WebhooksCommand::Update { .. }
            | WebhooksCommand::Delete { .. }),
        ) => command.run(api, out)?,
        Command::Files(command) => command.run(api, out)?,
        Command::Datasets(command) => command.run(api, out)?,
        Command::Usage(command) => command.run(api, out)?,
        Command::Tts(args) => crate::speech::tts(api, args, out)?,
        Command::Stt(args) => crate::speech::stt(api, args, out)?,
        Command::Voices(command) => command.run(api, out)?,
        Command::Mock(_) => {
            return Err(Failure::Other(
                "the mock command runs before any client is made".to_owned(),
            ))
        }
        Command::Webhooks(WebhooksCommand::List(page)) => {
            let mut request = ListWebhooks::new();
            request.limit = page.limit;
            list_pages(api, request, page, out, WEBHOOK_COLUMNS, "webhooks")?;
        }
        Command::Metrics(MetricsCommand::List(page)) => {
            let mut request = ListMetrics::new();
            request.limit = page.limit;
            list_pages(api, request, page, out, METRIC_COLUMNS, "metrics")?;
        }
    }
    Ok(())
}

/// A cursor-paginated list: the first page (with a note on stderr when more
/// follow), or with `--all` every page.
pub(crate) fn list_pages<E, W>(
    api: &Api,
    request: E,
    page: PageArgs,
    out: &mut Printer<W>,
    columns: &[Column<E::Item>],
    what: &str,
) -> Result<(), Failure>
where
    E: Paginated + Send + Sync,
    E::Item: Serialize + Send,
    W: Write,
{
    if page.all {
        let items = api.list_all(request)?;
        out.list(&items, columns, what)?;
    } else {
        let first = api.execute(&request)?;
        out.list(&first.data, columns, what)?;
        if first.has_more == Some(true) {
            note(&format!(
                "note: more {what} follow; pass --all to fetch every page"
            ));
        }
    }
    Ok(())
}

/// The value, or `-` when it is missing or empty.
pub(crate) fn or_dash(value: Option<&str>) -> String {
    value.filter(|v| !v.is_empty()).unwrap_or("-").to_owned()
}

/// `yes` or `no`.
fn yes_no(value: bool) -> String {
    if value { "yes" } else { "no" }.to_owned()
}

/// An RFC 3339 time stamp, or `-`.
pub(crate) fn time(value: Option<&Timestamp>) -> String {
    value.map_or_else(|| "-".to_owned(), Timestamp::to_string)
}

/// `1h 02m 03s`, `4m 05s` or `58s`; `-` if unknown or negative.
fn duration(start: Option<&Timestamp>, end: Option<&Timestamp>) -> String {
    let (Some(start), Some(end)) = (start, end) else {
        return "-".to_owned();
    };
    let Ok(seconds) = u64::try_from(end.unix_timestamp() - start.unix_timestamp()) else {
        return "-".to_owned();
    };
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    match (h, m) {
        (0, 0) => format!("{s}s"),
        (0, _) => format!("{m}m {s:02}s"),
        _ => format!("{h}h {m:02}m {s:02}s"),
    }
}

/// `phone-numbers list`.
const PHONE_NUMBER_COLUMNS: &[Column<PhoneNumber>] = &[
    Column::new("NUMBER", |n| n.number.clone()),
    Column::new("AGENT", |n| n.agent_id.clone()),
    Column::new("MANAGED", |n| yes_no(n.is_cartesia_managed)),
    Column::new("CREATED", |n| n.created_at.to_string()),
];

/// An agent's phone numbers, comma-separated, or `-`.
fn agent_numbers(agent: &AgentSummary) -> String {
    match agent.phone_numbers.as_deref() {
        Some(numbers) if !numbers.is_empty() => numbers
            .iter()
            .map(|n| n.number.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        _ => "-".to_owned(),
    }
}

/// `agents list`.
const AGENT_COLUMNS: &[Column<AgentSummary>] = &[
    Column::new("ID", |a| a.id.clone()),
    Column::new("NAME", |a| a.name.clone()),
    Column::new("LANGUAGE", |a| a.tts_language.clone()),
    Column::new("DEPLOYMENTS", |a| a.deployment_count.to_string()),
    Column::new("PHONE NUMBERS", agent_numbers),
    Column::new("CREATED", |a| a.created_at.to_string()),
];

/// `agents get`.
pub(crate) const AGENT_FIELDS: &[Field<AgentSummary>] = &[
    Field::new("id", |a| a.id.clone()),
    Field::new("name", |a| a.name.clone()),
    Field::new("description", |a| or_dash(a.description.as_deref())),
    Field::new("voice", |a| a.tts_voice.clone()),
    Field::new("language", |a| a.tts_language.clone()),
    Field::new("phone numbers", agent_numbers),
    Field::new("webhook", |a| or_dash(a.webhook_id.as_deref())),
    Field::new("repository", |a| {
        a.git_repository.as_ref().map_or_else(
            || "-".to_owned(),
            |r| format!("{}: {}/{}", r.provider, r.account, r.name),
        )
    }),
    Field::new("deploy branch", |a| or_dash(a.git_deploy_branch.as_deref())),
    Field::new("deployments", |a| a.deployment_count.to_string()),
    Field::new("text-to-agent run", |a| yes_no(a.has_text_to_agent_run)),
    Field::new("created", |a| a.created_at.to_string()),
    Field::new("updated", |a| a.updated_at.to_string()),
    Field::new("deleted", |a| time(a.deleted_at.as_ref())),
];

/// `calls list`.
const CALL_COLUMNS: &[Column<AgentCall>] = &[
    Column::new("ID", |c| c.id.clone()),
    Column::new("AGENT", |c| c.agent_id.clone()),
    Column::new("STATUS", |c| c.status.to_string()),
    Column::new("STARTED", |c| time(c.start_time.as_ref())),
    Column::new("DURATION", call_duration),
    Column::new("END REASON", end_reason),
];

/// How long a call lasted, or `-`.
fn call_duration(call: &AgentCall) -> String {
    duration(call.start_time.as_ref(), call.end_time.as_ref())
}

/// Why a call ended, or `-`.
fn end_reason(call: &AgentCall) -> String {
    call.end_reason
        .as_ref()
        .map_or("-".to_owned(), |r| r.to_string())
}

/// One of a call's telephony parameters, or `-`.
fn telephony(
    call: &AgentCall,
    field: fn(&cartesia_core::types::calls::TelephonyParams) -> Option<&str>,
) -> String {
    or_dash(call.telephony_params.as_ref().and_then(field))
}

/// The transcript, one turn per line: `[  3.1s] user: text`.
fn transcript(call: &AgentCall) -> String {
    match call.transcript.as_deref() {
        None => "-".to_owned(),
        Some([]) => "(empty)".to_owned(),
        Some(turns) => turns
            .iter()
            .map(|t| {
                format!(
                    "[{:>6.1}s] {}: {}",
                    t.start_timestamp,
                    t.role,
                    t.text.as_deref().unwrap_or("")
                )
            })
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

/// `calls get`.
const CALL_FIELDS: &[Field<AgentCall>] = &[
    Field::new("id", |c| c.id.clone()),
    Field::new("agent", |c| match &c.agent_name {
        Some(name) => format!("{} ({name})", c.agent_id),
        None => c.agent_id.clone(),
    }),
    Field::new("status", |c| c.status.to_string()),
    Field::new("started", |c| time(c.start_time.as_ref())),
    Field::new("ended", |c| time(c.end_time.as_ref())),
    Field::new("duration", call_duration),
    Field::new("end reason", end_reason),
    Field::new("error", |c| or_dash(c.error_message.as_deref())),
    Field::new("direction", |c| telephony(c, |t| t.direction.as_deref())),
    Field::new("from", |c| telephony(c, |t| t.from.as_deref())),
    Field::new("to", |c| telephony(c, |t| t.to.as_deref())),
    Field::new("deployment", |c| or_dash(c.deployment_id.as_deref())),
    Field::new("redacted", |c| time(c.redacted_at.as_ref())),
    Field::new("summary", |c| or_dash(c.summary.as_deref())),
    Field::new("transcript", transcript),
];

/// `deployments list`.
const DEPLOYMENT_COLUMNS: &[Column<Deployment>] = &[
    Column::new("ID", |d| d.id.clone()),
    Column::new("STATUS", |d| d.status.to_string()),
    Column::new("LIVE", |d| yes_no(d.is_live)),
    Column::new("PINNED", |d| yes_no(d.is_pinned)),
    Column::new("COMMIT", |d| d.git_commit_hash.chars().take(12).collect()),
    Column::new("CREATED", |d| d.created_at.to_string()),
];

/// `webhooks list`.
const WEBHOOK_COLUMNS: &[Column<AgentWebhookSummary>] = &[
    Column::new("ID", |w| w.id.clone()),
    Column::new("URL", |w| w.url.clone()),
    Column::new("NAME", |w| or_dash(w.display_name.as_deref())),
    Column::new("CREATED", |w| w.created_at.to_string()),
];

/// `metrics list`.
const METRIC_COLUMNS: &[Column<Metric>] = &[
    Column::new("ID", |m| m.id.clone()),
    Column::new("NAME", |m| m.name.clone()),
    Column::new("DISPLAY NAME", |m| or_dash(m.display_name.as_deref())),
    Column::new("CREATED", |m| m.created_at.to_string()),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> Timestamp {
        Timestamp::parse(s).unwrap()
    }

    #[test]
    fn durations_read_well() {
        let start = ts("2026-03-01T12:00:00Z");
        let d = |end: &str| duration(Some(&start), Some(&ts(end)));
        assert_eq!(d("2026-03-01T12:00:58Z"), "58s");
        assert_eq!(d("2026-03-01T12:04:05Z"), "4m 05s");
        assert_eq!(d("2026-03-01T13:02:03Z"), "1h 02m 03s");
        assert_eq!(d("2026-03-01T11:00:00Z"), "-");
        assert_eq!(duration(Some(&start), None), "-");
    }

    #[test]
    fn missing_values_are_dashes() {
        assert_eq!(or_dash(None), "-");
        assert_eq!(or_dash(Some("")), "-");
        assert_eq!(or_dash(Some("x")), "x");
        assert_eq!(time(None), "-");
    }
}
