//! The README's first command, run as a new user would: no API key, the embedded mock.

use std::process::Command;

fn quickstart(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_cartesia-quickstart"))
        .args(args)
        .env_remove("CARTESIA_API_KEY")
        .env_remove("CARTESIA_BASE_URL")
        .output()
        .expect("run cartesia-quickstart")
}

#[test]
fn without_a_key_it_uses_the_mock_and_both_transports_agree() {
    let out = quickstart(&[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "stdout: {stdout}\nstderr: {stderr}");
    assert!(
        stderr.contains("local Cartesia-compatible mock at http://127.0.0.1:"),
        "{stderr}"
    );
    assert!(stderr.contains("returned the same 1 number(s)"), "{stderr}");
    assert!(stdout.contains("+14155550123 agent_demo"), "{stdout}");
}

#[test]
fn json_output_is_a_valid_array() {
    let out = quickstart(&["agent_support", "--json"]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let items = v.as_array().expect("array");
    assert_eq!(items.len(), 2);
    assert!(items.iter().all(|i| i["agent_id"] == "agent_support"));
}

#[test]
fn unknown_agent_fails_with_the_api_message() {
    let out = quickstart(&["no_such_agent"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("API error 404"), "{stderr}");
    assert!(stderr.contains("agent_not_found"), "{stderr}");
}

#[test]
fn bad_usage_exits_2() {
    let out = quickstart(&["--bogus"]);
    assert_eq!(out.status.code(), Some(2));
}
