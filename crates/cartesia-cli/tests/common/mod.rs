//! What the CLI's test files share: running the built `cartesia-rs` binary and reading what
//! it printed.
// Each test file uses the part it needs.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::Value;

/// The transports every command runs on.
pub const TRANSPORTS: [&str; 2] = ["reqwest", "ureq"];

/// The binary, without the API key and base URL of the environment.
pub fn cli() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_cartesia-rs"));
    command
        .env_remove("CARTESIA_API_KEY")
        .env_remove("CARTESIA_BASE_URL");
    command
}

/// Runs the binary (see [`cli`]) with `args`, plus `env`.
pub fn run_with(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = cli();
    command.args(args);
    for (name, value) in env {
        command.env(name, value);
    }
    command.output().expect("run cartesia-rs")
}

/// Runs the binary (see [`cli`]) with `args`.
pub fn run(args: &[&str]) -> Output {
    run_with(args, &[])
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("UTF-8 stdout")
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[track_caller]
pub fn assert_exit(out: &Output, code: i32) {
    assert_eq!(
        out.status.code(),
        Some(code),
        "stdout:\n{}\nstderr:\n{}",
        stdout(out),
        stderr(out)
    );
}

/// Asserts a run that failed with an API error (exit 3) whose message names `code`.
#[track_caller]
pub fn assert_api_error(out: &Output, code: &str) {
    assert_exit(out, 3);
    let err = stderr(out);
    assert!(err.contains(code), "{err}");
}

/// Stdout as JSON.
pub fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", stdout(out)))
}

/// Stdout of a run that exited 0.
#[track_caller]
pub fn ok(out: &Output) -> String {
    assert_exit(out, 0);
    stdout(out)
}

/// Stdout, as JSON, of a run that exited 0.
#[track_caller]
pub fn ok_json(out: &Output) -> Value {
    assert_exit(out, 0);
    json(out)
}

/// The `"id"` of every item of a JSON array.
pub fn ids(list: &Value) -> Vec<&str> {
    list.as_array()
        .expect("a JSON array")
        .iter()
        .map(|item| item["id"].as_str().expect("an id"))
        .collect()
}

/// A fresh path in the temporary directory.
pub fn temp_path(name: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    std::env::temp_dir().join(format!(
        "cartesia-cli-{}-{}-{name}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ))
}
