//! The commands that change things (`agents update`, `webhooks create|update|delete`,
//! `calls create`) and the account's phone numbers (`phone-numbers list` without an agent,
//! `phone-numbers get`): each builds SDK endpoints and runs them through [`Api`], like
//! [`crate::commands`].

use std::io::Write;

use cartesia_core::endpoints::agents::UpdateAgent;
use cartesia_core::endpoints::calls::CreateOutboundCall;
use cartesia_core::endpoints::phone_numbers::{GetNumber, ListNumbers};
use cartesia_core::endpoints::webhooks::{CreateWebhook, DeleteWebhook, GetWebhook, UpdateWebhook};
use cartesia_core::types::agents::UpdateAgentRequest;
use cartesia_core::types::calls::{
    AgentOutboundCallItem, AgentOutboundCallItemResponse, AgentOutboundCallRequest,
};
use cartesia_core::types::telephony::PhoneNumberResponse;
use cartesia_core::types::webhooks::{AgentWebhookSummary, CreateWebhookBody, UpdateWebhookBody};

use crate::api::Api;
use crate::args::{CreateCallArgs, PageArgs, UpdateAgentArgs, WebhooksCommand};
use crate::commands::{list_pages, or_dash, time, Run, AGENT_FIELDS};
use crate::output::{note, Column, Field, Printer};
use crate::report::Failure;

/// Builder steps taken only when the command line asked for them.
trait ApplyIf: Sized {
    /// `set(self, value)` when `value` is given, else `self`.
    fn apply_if<T>(self, value: Option<T>, set: impl FnOnce(Self, T) -> Self) -> Self {
        match value {
            Some(value) => set(self, value),
            None => self,
        }
    }

    /// `set(self)` when `on`, else `self`.
    fn apply_when(self, on: bool, set: impl FnOnce(Self) -> Self) -> Self {
        if on {
            set(self)
        } else {
            self
        }
    }
}

impl<B> ApplyIf for B {}

/// `phone-numbers list AGENT_ID` is one list, not paged: `--limit` and `--all` belong to
/// the account's list.
pub fn refuse_paging(page: PageArgs) -> Result<(), Failure> {
    if page.limit.is_some() || page.all {
        return Err(Failure::Usage(
            "--limit and --all page the account's numbers: leave out the agent ID".to_owned(),
        ));
    }
    Ok(())
}

/// `phone-numbers list` (no agent): the account's numbers.
pub fn list_numbers<W: Write>(
    api: &Api,
    page: PageArgs,
    out: &mut Printer<W>,
) -> Result<(), Failure> {
    let mut request = ListNumbers::new();
    request.limit = page.limit;
    list_pages(api, request, page, out, NUMBER_COLUMNS, "phone numbers")
}

/// `phone-numbers get ID`.
pub fn get_number<W: Write>(api: &Api, id: String, out: &mut Printer<W>) -> Result<(), Failure> {
    let number = api.execute(&GetNumber::new(id))?;
    out.record(&number, NUMBER_FIELDS)?;
    Ok(())
}

/// `agents update AGENT_ID ...`: prints the updated agent.
impl Run for UpdateAgentArgs {
    fn run<W: Write>(self, api: &Api, out: &mut Printer<W>) -> Result<(), Failure> {
        let body = UpdateAgentRequest::new()
            .apply_if(self.name, UpdateAgentRequest::name)
            .apply_if(self.description, UpdateAgentRequest::description)
            .apply_when(
                self.clear_description,
                UpdateAgentRequest::clear_description,
            )
            .apply_if(self.voice, UpdateAgentRequest::tts_voice)
            .apply_if(self.language, UpdateAgentRequest::tts_language)
            .apply_if(self.webhook_id, UpdateAgentRequest::webhook_id)
            .apply_when(self.detach_webhook, UpdateAgentRequest::clear_webhook_id);
        if body == UpdateAgentRequest::new() {
            return Err(Failure::Usage(
                "agents update: nothing to change (pass --name, --description, \
                 --clear-description, --voice, --language, --webhook-id or --detach-webhook)"
                    .to_owned(),
            ));
        }
        let agent = api.execute(&UpdateAgent::new(self.agent_id, body))?;
        out.record(&agent, AGENT_FIELDS)?;
        Ok(())
    }
}

/// `calls create ...`: one line per destination, with its call ID or error.
impl Run for CreateCallArgs {
    fn run<W: Write>(self, api: &Api, out: &mut Printer<W>) -> Result<(), Failure> {
        let calls = self
            .to
            .into_iter()
            .map(AgentOutboundCallItem::new)
            .collect();
        let request = AgentOutboundCallRequest::new(self.from_number_id, self.agent_id, calls)
            .apply_if(
                self.ringing_timeout,
                AgentOutboundCallRequest::ringing_timeout_seconds,
            );
        let answer = api.execute(&CreateOutboundCall::new(request))?;
        out.list(&answer.calls, OUTBOUND_COLUMNS, "calls")?;
        let failed = answer.calls.iter().filter(|c| c.error.is_some()).count();
        if failed > 0 {
            note(&format!(
                "note: {failed} of {} calls were not placed (see ERROR)",
                answer.calls.len()
            ));
        }
        Ok(())
    }
}

/// `webhooks create|update|delete`.
impl Run for WebhooksCommand {
    fn run<W: Write>(self, api: &Api, out: &mut Printer<W>) -> Result<(), Failure> {
        match self {
            WebhooksCommand::Create {
                url,
                secret,
                display_name,
            } => {
                let body = CreateWebhookBody::new(url, secret)
                    .apply_if(display_name, CreateWebhookBody::display_name);
                let created = api.execute(&CreateWebhook::new(body))?;
                // The answer carries the secret the user just gave; the record leaves it out.
                let summary = api.execute(&GetWebhook::new(created.id))?;
                out.record(&summary, WEBHOOK_FIELDS)?;
            }
            WebhooksCommand::Update {
                webhook_id,
                url,
                secret,
                display_name,
            } => {
                let body = UpdateWebhookBody::new(url)
                    .apply_if(secret, UpdateWebhookBody::secret)
                    .apply_if(display_name, UpdateWebhookBody::display_name);
                let id = api.execute(&UpdateWebhook::new(webhook_id, body))?;
                let summary = api.execute(&GetWebhook::new(id))?;
                out.record(&summary, WEBHOOK_FIELDS)?;
            }
            WebhooksCommand::Delete { webhook_id } => {
                let id = api.execute(&DeleteWebhook::new(webhook_id))?;
                out.list(std::slice::from_ref(&id), DELETED_COLUMNS, "webhooks")?;
            }
            WebhooksCommand::List(_) => {
                // `commands::run` lists; it sends only the writing commands here.
                return Err(Failure::Other(
                    "webhooks list is not a writing command".to_owned(),
                ));
            }
        }
        Ok(())
    }
}

/// `phone-numbers list` (the account's).
const NUMBER_COLUMNS: &[Column<PhoneNumberResponse>] = &[
    Column::new("ID", |n| n.id.clone()),
    Column::new("NUMBER", |n| n.number.clone()),
    Column::new("LABEL", |n| or_dash(n.label.as_deref())),
    Column::new("AGENT", |n| {
        or_dash(n.agent.as_ref().map(|a| a.id.as_str()))
    }),
    Column::new("PROVIDER", |n| n.provider.type_str().to_owned()),
];

/// `phone-numbers get`.
const NUMBER_FIELDS: &[Field<PhoneNumberResponse>] = &[
    Field::new("id", |n| n.id.clone()),
    Field::new("number", |n| n.number.clone()),
    Field::new("label", |n| or_dash(n.label.as_deref())),
    Field::new("agent", |n| {
        n.agent
            .as_ref()
            .map_or_else(|| "-".to_owned(), |a| format!("{} ({})", a.id, a.name))
    }),
    Field::new("provider", |n| match n.provider.id() {
        Some(id) => format!("{} {id}", n.provider.type_str()),
        None => n.provider.type_str().to_owned(),
    }),
    Field::new("created", |n| time(Some(&n.created_at))),
    Field::new("updated", |n| time(Some(&n.updated_at))),
];

/// `webhooks create` and `update`.
const WEBHOOK_FIELDS: &[Field<AgentWebhookSummary>] = &[
    Field::new("id", |w| w.id.clone()),
    Field::new("url", |w| w.url.clone()),
    Field::new("name", |w| or_dash(w.display_name.as_deref())),
    Field::new("created", |w| time(Some(&w.created_at))),
    Field::new("updated", |w| time(Some(&w.updated_at))),
];

/// `webhooks delete`: the deleted ID.
const DELETED_COLUMNS: &[Column<String>] = &[Column::new("DELETED", |id| id.clone())];

/// `calls create`.
const OUTBOUND_COLUMNS: &[Column<AgentOutboundCallItemResponse>] = &[
    Column::new("NUMBER", |c| c.number.clone()),
    Column::new("CALL ID", |c| or_dash(c.agent_call_id.as_deref())),
    Column::new("ERROR", |c| {
        c.error.as_ref().map_or_else(
            || "-".to_owned(),
            |e| {
                e.get("message").and_then(|m| m.as_str()).map_or_else(
                    || serde_json::Value::Object(e.clone()).to_string(),
                    str::to_owned,
                )
            },
        )
    }),
];
