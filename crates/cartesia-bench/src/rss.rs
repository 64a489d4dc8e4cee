//! What the peak RSS of a reqwest client process is made of: the same process stopped at
//! successive stages, each stage in a fresh process (the peak only grows), against the bench
//! server. `cartesia-bench rss --base-url URL` prints one line per stage:
//!
//! - `runtime`: the process and a current-thread tokio runtime;
//! - `reqwest-no-roots`: + a `reqwest::Client` with rustls but no root certificates
//!   (`tls_certs_only([])`: nothing loaded from the system);
//! - `reqwest`: + a `reqwest::Client` with reqwest's defaults (rustls, the platform verifier,
//!   the system's roots loaded at build);
//! - `plain-call`: `reqwest` and 100 plain hand-written seed calls (N = 1);
//! - `sdk-no-roots-call`: the SDK's client over the `reqwest-no-roots` client, 100 seed calls;
//! - `sdk-call`: the SDK's client as the README builds it, 100 seed calls.

use std::process::Command;

use cartesia_core::ClientBuilder;
use cartesia_reqwest::{BuildReqwest, ReqwestTransport};

use crate::clients::{current_thread_runtime, plain_headers, API_KEY};
use crate::measure;

/// The stages, in order.
pub const STAGES: [&str; 6] = [
    "runtime",
    "reqwest-no-roots",
    "reqwest",
    "plain-call",
    "sdk-no-roots-call",
    "sdk-call",
];

const CALLS: usize = 100;

fn no_roots() -> Result<reqwest::Client, String> {
    reqwest::Client::builder()
        .tls_certs_only(Vec::<reqwest::Certificate>::new())
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| e.to_string())
}

/// Runs one stage in this process and returns its peak RSS in KiB.
pub fn stage(name: &str, base_url: &str) -> Result<u64, String> {
    let rt = current_thread_runtime()?;
    let path = format!(
        "{}/agents/{}/phone-numbers",
        base_url.trim_end_matches('/'),
        crate::data::agent_id(1)
    );
    match name {
        "runtime" => {}
        "reqwest-no-roots" => drop(std::hint::black_box(no_roots()?)),
        "reqwest" => drop(std::hint::black_box(
            reqwest::Client::builder()
                .build()
                .map_err(|e| e.to_string())?,
        )),
        "plain-call" => {
            let client = reqwest::Client::builder()
                .default_headers(plain_headers())
                .build()
                .map_err(|e| e.to_string())?;
            rt.block_on(async {
                for _ in 0..CALLS {
                    let body = client
                        .get(&path)
                        .send()
                        .await
                        .and_then(reqwest::Response::error_for_status)
                        .map_err(|e| e.to_string())?
                        .bytes()
                        .await
                        .map_err(|e| e.to_string())?;
                    let list: Vec<cartesia_types::PhoneNumber> =
                        serde_json::from_slice(&body).map_err(|e| e.to_string())?;
                    std::hint::black_box(list);
                }
                Ok::<_, String>(())
            })?;
        }
        "sdk-no-roots-call" | "sdk-call" => {
            let builder = ClientBuilder::new().api_key(API_KEY).base_url(base_url);
            let client = if name == "sdk-call" {
                builder.build_reqwest()
            } else {
                builder.build_async(ReqwestTransport::from(no_roots()?))
            }
            .map_err(|e| e.to_string())?;
            rt.block_on(async {
                for _ in 0..CALLS {
                    let list = client
                        .agents()
                        .list_phone_numbers(&crate::data::agent_id(1))
                        .await
                        .map_err(|e| e.to_string())?;
                    std::hint::black_box(list);
                }
                Ok::<_, String>(())
            })?;
        }
        other => return Err(format!("unknown stage {other:?}")),
    }
    Ok(measure::usage().max_rss_kib)
}

/// Runs every stage in a child process of its own and prints its peak RSS.
pub fn run(base_url: &str) -> Result<(), String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    for name in STAGES {
        let out = Command::new(&exe)
            .args(["rss-stage", name, "--base-url", base_url])
            .output()
            .map_err(|e| e.to_string())?;
        let text = String::from_utf8_lossy(&out.stdout);
        if !out.status.success() {
            return Err(format!(
                "stage {name} failed: {}",
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        let kib: u64 = text
            .trim()
            .parse()
            .map_err(|_| format!("stage {name}: {text:?}"))?;
        println!("bench: rss {name:<18} {:>6.2} MiB", kib as f64 / 1024.0);
    }
    Ok(())
}
