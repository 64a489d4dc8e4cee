//! The commands that change things, the account's phone numbers and `cartesia-rs mock`,
//! run as a user would: against a `cartesia_mock::MockServer` started here (so the changes
//! can be read back), on both transports, and the mock command as a child process.

use std::io::{BufRead, BufReader};
use std::process::{Output, Stdio};

use cartesia_mock::MockServer;
use serde_json::Value;

mod common;

use common::{assert_api_error, assert_exit, cli, ids, ok_json, TRANSPORTS};

const KEY: &str = "sk_car_cli_write_test_key";

/// The binary on one transport against a server (with the key it requires).
struct Cmd<'a> {
    server: &'a MockServer,
    transport: &'a str,
}

impl<'a> Cmd<'a> {
    /// The binary on `transport` against `server`.
    fn new(server: &'a MockServer, transport: &'a str) -> Self {
        Cmd { server, transport }
    }

    /// One for each transport.
    fn each(server: &'a MockServer) -> impl Iterator<Item = Cmd<'a>> {
        TRANSPORTS.into_iter().map(move |t| Cmd::new(server, t))
    }

    /// Runs the binary with the arguments of `line` (split at spaces, as a shell would
    /// split this plain command line).
    fn run(&self, line: &str) -> Output {
        cli()
            .args(line.split_whitespace())
            .args([
                "--base-url",
                &self.server.url(),
                "--transport",
                self.transport,
            ])
            .env("CARTESIA_API_KEY", KEY)
            .output()
            .expect("run cartesia-rs")
    }

    /// Runs `line` with `--json` and returns what it printed (after checking that it
    /// succeeded).
    fn json(&self, line: &str) -> Value {
        ok_json(&self.run(&format!("{line} --json")))
    }
}

fn server() -> MockServer {
    MockServer::builder().api_key(KEY).start().unwrap()
}

#[test]
fn agents_update_changes_what_get_shows() {
    let server = server();
    for cmd in Cmd::each(&server) {
        let name = format!("front-desk-{}", cmd.transport);
        let updated = cmd.json(&format!(
            "agents update agent_demo --name {name} --detach-webhook"
        ));
        assert_eq!(updated["name"], name.as_str());
        let got = cmd.json("agents get agent_demo");
        assert_eq!(got["name"], name.as_str());
        assert!(got.get("webhook_id").is_none_or(Value::is_null), "{got}");
        let sent = server
            .requests()
            .into_iter()
            .rfind(|r| r.method == "PATCH")
            .expect("a PATCH");
        assert_eq!(
            sent.json().unwrap(),
            serde_json::json!({"name": name, "webhook_id": null})
        );
    }
    let ureq = Cmd::new(&server, "ureq");
    let table = ureq.run("agents update agent_demo --description Desk");
    assert!(String::from_utf8_lossy(&table.stdout).contains("description:        Desk"));
    // Nothing to change is a usage error; an unknown agent an API error.
    assert_exit(&ureq.run("agents update agent_demo"), 2);
    let missing = ureq.run("agents update nobody --name x");
    assert_api_error(&missing, "agent_not_found");
}

#[test]
fn webhooks_create_update_delete() {
    let server = server();
    for cmd in Cmd::each(&server) {
        let created = cmd.json(
            "webhooks create --url https://example.com/in --secret whsec_cli --display-name CLI",
        );
        let id = created["id"].as_str().unwrap().to_owned();
        assert!(id.starts_with("wh_"), "{created}");
        assert!(
            created.get("secret").is_none(),
            "the record leaves the secret out"
        );
        let listed = cmd.json("webhooks list --all");
        assert!(ids(&listed).contains(&id.as_str()));
        let updated = cmd.json(&format!(
            "webhooks update {id} --url https://example.com/v2"
        ));
        assert_eq!(updated["url"], "https://example.com/v2");
        assert_eq!(updated["display_name"], "CLI");
        let deleted = cmd.json(&format!("webhooks delete {id}"));
        assert_eq!(deleted, serde_json::json!([id]));
        let listed = cmd.json("webhooks list --all");
        assert!(!ids(&listed).contains(&id.as_str()));
    }
    let ureq = Cmd::new(&server, "ureq");
    // A webhook an agent uses cannot be deleted.
    let refused = ureq.run("webhooks delete wh_support_crm");
    assert_api_error(&refused, "webhook_in_use");
}

#[test]
fn calls_create_places_outbound_calls() {
    let server = server();
    for cmd in Cmd::each(&server) {
        let placed = cmd.json(
            "calls create --agent-id agent_demo --from-number-id pn_14155550123 \
             --to +14155559876 --to 0800 --ringing-timeout 30",
        );
        let calls = placed.as_array().unwrap();
        assert_eq!(calls.len(), 2);
        assert!(calls[1]["error"].is_object());
        let id = calls[0]["agent_call_id"].as_str().unwrap();
        let got = cmd.json(&format!("calls get {id}"));
        assert_eq!(got["status"], "started");
        assert_eq!(got["telephony_params"]["to"], "+14155559876");
    }
    let ureq = Cmd::new(&server, "ureq");
    let sent = server
        .requests()
        .into_iter()
        .find(|r| r.method == "POST")
        .unwrap();
    assert_eq!(sent.json().unwrap()["ringing_timeout_seconds"], 30);
    let table =
        ureq.run("calls create --agent-id agent_demo --from-number-id pn_nope --to +14155559876");
    assert_exit(&table, 3);
}

#[test]
fn phone_numbers_of_the_account_list_and_get() {
    let server = server();
    for cmd in Cmd::each(&server) {
        let all = cmd.json("phone-numbers list --all --limit 2");
        let ids = ids(&all);
        assert_eq!(ids.len(), 5, "{ids:?}");
        assert!(ids.contains(&"pn_14155550199"));
        let one = cmd.json("phone-numbers get pn_12125550142");
        assert_eq!(one["provider"]["type"], "twilio");
        assert_eq!(one["agent"]["id"], "agent_support");
    }
    let ureq = Cmd::new(&server, "ureq");
    let first = ureq.run("phone-numbers list --limit 2");
    assert!(String::from_utf8_lossy(&first.stderr).contains("pass --all"));
    let table = String::from_utf8(ureq.run("phone-numbers get pn_16505550111").stdout).unwrap();
    assert!(
        table.contains("provider:  sip_trunk prov_demo_sip"),
        "{table}"
    );
    // An agent's list is one answer: paging options are refused.
    let refused = ureq.run("phone-numbers list agent_demo --all");
    assert_exit(&refused, 2);
    let missing = ureq.run("phone-numbers get pn_nope");
    assert_exit(&missing, 3);
}

/// Kills the child when dropped, so a failed assertion leaves no server behind.
struct Child(std::process::Child);

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn the_mock_command_serves_in_the_foreground() {
    let child = cli()
        .args(["mock", "--port", "0", "--api-key", KEY])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start cartesia-rs mock");
    let mut child = Child(child);
    let mut lines = BufReader::new(child.0.stdout.take().unwrap()).lines();
    let url = lines.next().expect("a first line").unwrap();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    let about = lines.next().unwrap().unwrap();
    assert!(about.contains("Ctrl-C"), "{about}");

    // Other processes (here: the CLI itself) use it through their base-URL setting, and
    // what one changes the next sees.
    let run = |key: &str, args: &[&str]| {
        cli()
            .args(args)
            .args(["--base-url", &url, "--json"])
            .env("CARTESIA_API_KEY", key)
            .output()
            .unwrap()
    };
    let created = ok_json(&run(
        KEY,
        &[
            "webhooks",
            "create",
            "--url",
            "https://example.com/x",
            "--secret",
            "s",
        ],
    ));
    let listed = ok_json(&run(KEY, &["webhooks", "list", "--all"]));
    assert!(ids(&listed).contains(&created["id"].as_str().unwrap()));
    let numbers = ok_json(&run(KEY, &["phone-numbers", "list", "agent_demo"]));
    assert_eq!(numbers[0]["number"], "+14155550123");
    // The key is required.
    assert_exit(&run("sk_car_wrong", &["agents", "list"]), 3);
    // Still serving until it is stopped.
    assert_eq!(child.0.try_wait().unwrap(), None);
}

#[test]
fn the_mock_command_refuses_a_port_in_use() {
    let server = MockServer::start().unwrap();
    let port = server.addr().port().to_string();
    let out = cli().args(["mock", "--port", &port]).output().unwrap();
    assert_exit(&out, 1);
    assert!(String::from_utf8_lossy(&out.stderr).contains("could not listen"));
}
