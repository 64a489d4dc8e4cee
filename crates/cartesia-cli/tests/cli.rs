//! The built `cartesia-rs` binary, run as a user would: without
//! `CARTESIA_API_KEY` (so on the embedded mock), or pointed at a
//! `cartesia_mock::MockServer` started here.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use cartesia_mock::MockServer;

mod common;

use common::{
    assert_api_error, assert_exit, ids, json, run, run_with, stderr, stdout, temp_path, TRANSPORTS,
};

const KEY: &str = "sk_car_cli_test_key_0123456789";

/// Asserts a call that failed through `transport`: exit 4, nothing on stdout, stderr starting
/// with `prefix` and not blaming "no answer". Returns stderr for the checks particular to it.
#[track_caller]
fn assert_call_failed(out: &Output, transport: &str, prefix: &str) -> String {
    assert_exit(out, 4);
    assert!(out.stdout.is_empty());
    let err = stderr(out);
    assert!(err.starts_with(prefix), "{transport}: {err}");
    assert!(!err.contains("no answer"), "{transport}: {err}");
    err
}

/// Every command, with arguments that work on the demo data.
const COMMANDS: &[&[&str]] = &[
    &["phone-numbers", "list", "agent_demo"],
    &["phone-numbers", "list", "agent_support"],
    &["agents", "list"],
    &["agents", "get", "agent_demo"],
    &["calls", "list", "--agent-id", "agent_demo"],
    &["calls", "list", "--agent-id", "agent_demo", "--all"],
    &[
        "calls",
        "list",
        "--agent-id",
        "agent_demo",
        "--limit",
        "5",
        "--all",
    ],
    &["calls", "get", "ac_demo_01"],
    &["deployments", "list", "agent_demo"],
    &["webhooks", "list"],
    &["webhooks", "list", "--limit", "1", "--all"],
    &["metrics", "list"],
    &["metrics", "list", "--limit", "2"],
    &["voices", "list"],
    &["voices", "list", "--limit", "5", "--all"],
    &["voices", "get", cartesia_mock::DEMO_VOICE_ID],
];

#[test]
fn the_main_job_runs_offline_on_the_embedded_mock() {
    let out = run(&["phone-numbers", "list", "agent_demo"]);
    assert_exit(&out, 0);
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    let header: Vec<&str> = lines[0].split_whitespace().collect();
    assert_eq!(header, ["NUMBER", "AGENT", "MANAGED", "CREATED"]);
    let row: Vec<&str> = lines[1].split_whitespace().collect();
    assert_eq!(
        row,
        [
            "+14155550123",
            "agent_demo",
            "yes",
            "2026-03-31T17:37:05.961874Z"
        ]
    );
    // Columns are aligned: each value starts under its header.
    for name in ["AGENT", "MANAGED", "CREATED"] {
        let at = lines[0].find(name).unwrap();
        assert_ne!(&lines[1][at..at + 1], " ", "{name} in {text}");
        assert_eq!(&lines[1][at - 1..at], " ", "{name} in {text}");
    }
    // One line on stderr: the notice.
    let notice = stderr(&out);
    assert_eq!(notice.lines().count(), 1, "{notice}");
    assert!(
        notice.contains("embedded mock at http://127.0.0.1:"),
        "{notice}"
    );
    assert!(notice.contains("demo data"), "{notice}");
    assert!(notice.contains("nothing leaves this machine"), "{notice}");
}

#[test]
fn json_output_is_the_array_of_phone_numbers() {
    let out = run(&["--json", "phone-numbers", "list", "agent_demo"]);
    assert_exit(&out, 0);
    let value = json(&out);
    let items = value.as_array().expect("a JSON array");
    assert_eq!(items.len(), 1);
    let item = items[0].as_object().unwrap();
    let mut keys: Vec<&str> = item.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "agent_id",
            "created_at",
            "is_cartesia_managed",
            "number",
            "updated_at"
        ]
    );
    assert_eq!(item["agent_id"], "agent_demo");
    assert_eq!(item["number"], "+14155550123");
    assert_eq!(item["created_at"], "2026-03-31T17:37:05.961874Z");
    assert_eq!(item["updated_at"], "2026-03-31T17:37:05.961874Z");
    assert_eq!(item["is_cartesia_managed"], true);

    let out = run(&["phone-numbers", "list", "agent_support", "--json", "--mock"]);
    assert_exit(&out, 0);
    let value = json(&out);
    let items = value.as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert!(items.iter().all(|i| i["agent_id"] == "agent_support"));
    assert_eq!(items[1]["is_cartesia_managed"], false);
    assert!(stderr(&out).contains("--mock"));
}

#[test]
fn both_transports_print_the_same_bytes_for_every_command() {
    let server = MockServer::builder().api_key(KEY).start().unwrap();
    let url = server.url();
    for command in COMMANDS {
        for json_flag in [false, true] {
            let outputs: Vec<Output> = TRANSPORTS
                .iter()
                .map(|transport| {
                    let mut args = vec!["--transport", transport, "--base-url", &url];
                    args.extend(["--api-key", KEY]);
                    if json_flag {
                        args.push("--json");
                    }
                    args.extend_from_slice(command);
                    run(&args)
                })
                .collect();
            for out in &outputs {
                assert_exit(out, 0);
                assert!(!out.stdout.is_empty(), "{command:?}");
                assert!(!stderr(out).contains("embedded mock"), "{command:?}");
                if json_flag {
                    json(out);
                }
            }
            assert_eq!(
                stdout(&outputs[0]),
                stdout(&outputs[1]),
                "{command:?} json={json_flag}"
            );
            assert_eq!(stderr(&outputs[0]), stderr(&outputs[1]), "{command:?}");
        }
    }
    // Every request carried the key given with --api-key.
    assert!(server
        .requests()
        .iter()
        .all(|r| r.header("authorization") == Some(&format!("Bearer {KEY}"))));
}

#[test]
fn every_command_works_on_the_embedded_mock_with_both_transports() {
    for command in COMMANDS {
        for transport in TRANSPORTS {
            let mut args = vec!["--mock", "--json", "--transport", transport];
            args.extend_from_slice(command);
            let out = run(&args);
            assert_exit(&out, 0);
            let value = json(&out);
            let is_list = command[1] == "list";
            assert_eq!(value.is_array(), is_list, "{command:?}");
            assert_eq!(value.is_object(), !is_list, "{command:?}");
            if let Some(items) = value.as_array() {
                assert!(!items.is_empty(), "{command:?}");
            }
        }
    }
}

#[test]
fn lists_page_one_page_by_default_and_every_page_with_all() {
    let server = MockServer::builder().api_key(KEY).start().unwrap();
    let url = server.url();
    let calls = |extra: &[&str]| {
        let mut args = vec!["--base-url", &url, "--api-key", KEY, "--json"];
        args.extend(["calls", "list", "--agent-id", "agent_demo"]);
        args.extend_from_slice(extra);
        run(&args)
    };

    let first = calls(&[]);
    assert_exit(&first, 0);
    assert_eq!(json(&first).as_array().unwrap().len(), 10);
    assert!(stderr(&first).contains("more calls follow; pass --all"));

    server.clear_requests();
    let all = calls(&["--limit", "5", "--all"]);
    assert_exit(&all, 0);
    let items = json(&all);
    let ids = ids(&items);
    assert_eq!(ids.len(), 12);
    assert_eq!(ids[0], "ac_demo_12");
    assert_eq!(ids[11], "ac_demo_01");
    assert!(!stderr(&all).contains("more calls"));
    let queries: Vec<String> = server
        .requests()
        .iter()
        .map(|r| r.query().unwrap_or("").to_owned())
        .collect();
    assert_eq!(
        queries,
        [
            "agent_id=agent_demo&limit=5",
            "agent_id=agent_demo&limit=5&starting_after=ac_demo_08",
            "agent_id=agent_demo&limit=5&starting_after=ac_demo_03",
        ]
    );
}

#[test]
fn records_show_their_fields() {
    let out = run(&["calls", "get", "ac_demo_01"]);
    assert_exit(&out, 0);
    let text = stdout(&out);
    assert!(text.contains("status:"), "{text}");
    assert!(text.contains("completed"), "{text}");
    assert!(
        text.contains("assistant: Thanks for calling the demo line."),
        "{text}"
    );
    let out = run(&["agents", "get", "agent_demo", "--transport", "ureq"]);
    assert_exit(&out, 0);
    assert!(stdout(&out).contains("demo-receptionist"));
}

#[test]
fn an_unknown_agent_is_an_api_error() {
    for transport in TRANSPORTS {
        let out = run(&[
            "phone-numbers",
            "list",
            "no_such_agent",
            "--transport",
            transport,
        ]);
        assert_exit(&out, 3);
        assert!(out.stdout.is_empty());
        let err = stderr(&out);
        assert!(err.contains("404"), "{err}");
        assert!(err.contains("No agent exists with the given ID."), "{err}");
        assert!(err.contains("error code: agent_not_found"), "{err}");
        assert!(err.contains("request id: 6d6f636b-"), "{err}");
    }
    let out = run(&["calls", "get", "ac_nope"]);
    assert_api_error(&out, "call_not_found");
    // The API wants an agent or a batch to list calls.
    let out = run(&["calls", "list"]);
    assert_api_error(&out, "invalid_request");
}

#[test]
fn no_server_is_a_transport_error() {
    for transport in TRANSPORTS {
        let out = run_against("http://127.0.0.1:1", transport, &["agents", "list"]);
        assert_exit(&out, 4);
        assert!(out.stdout.is_empty());
        let err = stderr(&out);
        assert!(err.contains("connection failed"), "{err}");
        assert!(err.contains("http://127.0.0.1:1"), "{err}");
    }
}

#[test]
fn bad_usage_and_bad_settings_exit_2() {
    let cases: &[&[&str]] = &[
        &[],
        &["--bogus", "agents", "list"],
        &["nope"],
        // (`phone-numbers list` alone lists the account's numbers.)
        &["phone-numbers", "get"],
        &["phone-numbers", "list", "a", "b"],
        &["agents", "list", "--transport", "curl"],
        &["agents", "list", "--api-version", "March"],
        &["calls", "list", "--limit", "0"],
        &["calls", "list", "--limit", "101"],
        &[
            "agents",
            "list",
            "--mock",
            "--base-url",
            "http://127.0.0.1:1",
        ],
        // A base URL without a key: the mock would silently ignore it.
        &["agents", "list", "--base-url", "https://api.cartesia.ai"],
        // Plain http to a host that is not loopback.
        &[
            "agents",
            "list",
            "--api-key",
            KEY,
            "--base-url",
            "http://api.example.com",
        ],
        // Refused by the SDK before any I/O.
        &["phone-numbers", "list", ".."],
        &["phone-numbers", "list", ""],
        // An empty key given explicitly.
        &["agents", "list", "--api-key", ""],
    ];
    for args in cases {
        let out = run(args);
        assert_exit(&out, 2);
        assert!(out.stdout.is_empty(), "{args:?}");
        assert!(stderr(&out).contains("error"), "{args:?}: {}", stderr(&out));
    }
    let out = run(&["agents", "list", "--api-key", "sk_car_line\nbreak"]);
    assert_exit(&out, 2);
    assert!(stderr(&out).contains("line break"), "{}", stderr(&out));
    assert!(!stderr(&out).contains("sk_car_line"));

    let help = run(&["--help"]);
    assert_exit(&help, 0);
    assert!(stdout(&help).contains("phone-numbers"));
    assert!(stdout(&help).contains("Exit codes"));
}

#[test]
fn the_api_key_is_never_printed() {
    const SECRET: &str = "sk_car_SECRET_do_not_print_4242";
    let server = MockServer::builder()
        .api_key("sk_car_the_right_key")
        .start()
        .unwrap();
    let url = server.url();
    let assert_hidden = |out: &Output| {
        for text in [stdout(out), stderr(out)] {
            assert!(!text.contains(SECRET), "{text}");
            assert!(!text.contains("SECRET_do_not_print"), "{text}");
        }
    };
    for transport in TRANSPORTS {
        for json_flag in [false, true] {
            // The wrong key on the command line: 401.
            let mut args = vec!["--base-url", &url, "--api-key", SECRET];
            args.extend(["--transport", transport]);
            if json_flag {
                args.push("--json");
            }
            args.extend(["phone-numbers", "list", "agent_demo"]);
            let out = run(&args);
            assert_exit(&out, 3);
            assert!(stderr(&out).contains("invalid_api_key"), "{}", stderr(&out));
            assert!(stderr(&out).contains("check the API key"));
            assert_hidden(&out);
        }
        // The wrong key in the environment.
        let out = run_with(
            &[
                "agents",
                "list",
                "--base-url",
                &url,
                "--transport",
                transport,
            ],
            &[("CARTESIA_API_KEY", SECRET)],
        );
        assert_exit(&out, 3);
        assert_hidden(&out);
    }
    // Mistakes that make clap quote an argument.
    for args in [
        &["phone-numbers", SECRET][..],
        &["--api-kye", SECRET, "agents", "list"],
        &["--apikey=sk_car_SECRET_do_not_print_4242", "agents", "list"],
        &["agents", "list", "--api-key", SECRET, "extra"],
    ] {
        let out = run(args);
        assert_exit(&out, 2);
        assert_hidden(&out);
    }
    let out = run_with(&["agents", SECRET], &[("CARTESIA_API_KEY", SECRET)]);
    assert_exit(&out, 2);
    assert_hidden(&out);
    // A key with a line break is refused without being echoed.
    let broken = format!("{SECRET}\n");
    let out = run(&["agents", "list", "--api-key", &broken]);
    assert_exit(&out, 2);
    assert_hidden(&out);
    // The embedded mock never gets the user's key.
    let out = run_with(
        &["--mock", "agents", "list"],
        &[("CARTESIA_API_KEY", SECRET)],
    );
    assert_exit(&out, 0);
    assert_hidden(&out);
}

#[test]
fn the_api_version_option_sets_the_header() {
    let server = MockServer::start().unwrap();
    let url = server.url();
    for transport in TRANSPORTS {
        let out = run(&[
            "agents",
            "list",
            "--base-url",
            &url,
            "--api-key",
            KEY,
            "--api-version",
            "2025-11-04",
            "--transport",
            transport,
        ]);
        assert_exit(&out, 0);
    }
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    for r in &requests {
        assert_eq!(r.header("cartesia-version"), Some("2025-11-04"));
        assert_eq!(r.path, "/agents");
    }
}

#[test]
fn a_set_but_empty_key_is_a_configuration_error_never_the_mock() {
    for blank in ["", "   ", "\t"] {
        for transport in TRANSPORTS {
            let out = run_with(
                &[
                    "phone-numbers",
                    "list",
                    "agent_demo",
                    "--transport",
                    transport,
                ],
                &[("CARTESIA_API_KEY", blank)],
            );
            assert_exit(&out, 2);
            // No demo data, no notice of the mock: a CI job with a missing secret fails.
            assert!(out.stdout.is_empty(), "{blank:?}: {}", stdout(&out));
            let err = stderr(&out);
            assert!(err.contains("CARTESIA_API_KEY is set but empty"), "{err}");
            assert!(!err.contains("this run uses the embedded mock"), "{err}");
            assert_eq!(err.lines().count(), 1, "{err}");
        }
    }
    // Blank on the command line too.
    let out = run(&["agents", "list", "--api-key", "  "]);
    assert_exit(&out, 2);
    assert!(
        stderr(&out).contains("--api-key is empty"),
        "{}",
        stderr(&out)
    );
    // --mock is the way to ask for the mock, whatever the variable holds.
    let out = run_with(
        &["--mock", "phone-numbers", "list", "agent_demo"],
        &[("CARTESIA_API_KEY", "")],
    );
    assert_exit(&out, 0);
    assert!(stdout(&out).contains("+14155550123"));
}

/// A server on 127.0.0.1 that reads each request head and hands the
/// connection to `answer`, which writes what it likes (and may stall).
/// Returns its base URL and the count of requests it has read.
fn raw_server<F>(answer: F) -> (String, Arc<AtomicUsize>)
where
    F: Fn(&mut TcpStream) + Send + Sync + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let hits = Arc::new(AtomicUsize::new(0));
    let answer = Arc::new(answer);
    let counter = Arc::clone(&hits);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let (answer, counter) = (Arc::clone(&answer), Arc::clone(&counter));
            std::thread::spawn(move || {
                let mut head = Vec::new();
                let mut byte = [0u8; 1];
                while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).unwrap_or(0) == 1 {
                    head.push(byte[0]);
                }
                if head.is_empty() {
                    return;
                }
                counter.fetch_add(1, Ordering::SeqCst);
                answer(&mut stream);
            });
        }
    });
    (url, hits)
}

/// A server that answers every request with `bytes` and closes the connection.
fn fixed_server(bytes: &'static [u8]) -> String {
    raw_server(move |s| {
        let _ = s.write_all(bytes);
    })
    .0
}

/// Runs `args` against `url` with a key, on `transport`.
fn run_against(url: &str, transport: &str, args: &[&str]) -> Output {
    let mut all = vec![
        "--base-url",
        url,
        "--api-key",
        KEY,
        "--transport",
        transport,
    ];
    all.extend_from_slice(args);
    run(&all)
}

#[test]
fn a_broken_answer_says_what_is_wrong_with_it_not_no_answer() {
    // An answer, what the error says of it, and a detail the message names.
    let cases: &[(&[u8], &str, Option<&str>)] = &[
        (
            b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n[{\"id\"",
            "was cut short",
            None,
        ),
        (
            b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 300000000\r\n\r\n[",
            "is too large",
            Some("300000000"),
        ),
        (
            b"HTTP/1.1 2x0 OK\r\ncontent-length: 0\r\n\r\n",
            "was not valid HTTP",
            None,
        ),
        (b"SSH-2.0-OpenSSH_9.6\r\n\r\n", "was not valid HTTP", None),
        (
            b"HTTP/1.1 200 OK\r\ncontent-length: 1\r\ncontent-length: 2\r\n\r\nab",
            "was not valid HTTP",
            None,
        ),
    ];
    for (answer, says, detail) in cases {
        let url = fixed_server(answer);
        for transport in TRANSPORTS {
            let out = run_against(&url, transport, &["agents", "list"]);
            let err = assert_call_failed(
                &out,
                transport,
                &format!("error: the answer from {url} {says}: "),
            );
            assert!(!err.contains(KEY), "{transport}: {err}");
            if let Some(detail) = detail {
                assert!(err.contains(detail), "{transport}: {err}");
            }
        }
    }
}

#[test]
fn timeout_bounds_the_whole_call_on_both_transports() {
    // Headers never come.
    let (silent, _) = raw_server(|_| std::thread::sleep(Duration::from_secs(60)));
    // Headers, then a body that drips one byte every 100 ms and never ends: no
    // pause is long enough for an idle timeout, only the total deadline ends it.
    let (dripping, _) = raw_server(|s| {
        let head =
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000000\r\n\r\n[";
        if s.write_all(head.as_bytes()).is_err() {
            return;
        }
        for _ in 0..600 {
            std::thread::sleep(Duration::from_millis(100));
            if s.write_all(b" ").and_then(|()| s.flush()).is_err() {
                return;
            }
        }
    });
    for url in [&silent, &dripping] {
        for transport in TRANSPORTS {
            let out = run_against(url, transport, &["--timeout", "1.5", "agents", "list"]);
            let err = assert_call_failed(
                &out,
                transport,
                &format!("error: timed out waiting for {url}: "),
            );
            assert!(err.contains("total timeout"), "{transport}: {err}");
        }
    }
}

#[test]
fn a_bad_timeout_exits_2_before_any_request() {
    let (url, hits) = raw_server(|_| {});
    for bad in ["0", "-3", "NaN", "inf", "1e40", "soon", ""] {
        let out = run_against(&url, "ureq", &["--timeout", bad, "agents", "list"]);
        assert_exit(&out, 2);
        assert!(out.stdout.is_empty());
        assert!(
            stderr(&out).contains("--timeout"),
            "{bad:?}: {}",
            stderr(&out)
        );
    }
    assert_eq!(hits.load(Ordering::SeqCst), 0);
}

#[test]
fn a_redirect_not_followed_says_where_it_pointed_and_why() {
    // Another origin: never sent the key, never followed.
    let (elsewhere, elsewhere_hits) = raw_server(|s| {
        let _ = s.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n[]");
    });
    let target = format!("{elsewhere}/agents");
    let location = target.clone();
    let (url, _) = raw_server(move |s| {
        let answer = format!(
            "HTTP/1.1 307 Temporary Redirect\r\nlocation: {location}\r\ncontent-length: 0\r\n\r\n"
        );
        let _ = s.write_all(answer.as_bytes());
    });
    // The same origin, for ever.
    let looping =
        fixed_server(b"HTTP/1.1 302 Found\r\nlocation: /agents\r\ncontent-length: 0\r\n\r\n");
    for transport in TRANSPORTS {
        let out = run_against(&url, transport, &["agents", "list"]);
        let err = assert_call_failed(
            &out,
            transport,
            &format!(
                "error: {url} answered 307 with a redirect to {target}, which was not followed: "
            ),
        );
        assert!(err.contains("another origin"), "{transport}: {err}");

        let out = run_against(&looping, transport, &["agents", "list"]);
        let prefix = format!("error: {looping} answered 302 with a redirect to ");
        let err = assert_call_failed(&out, transport, &prefix);
        assert!(err.contains("too many redirects"), "{transport}: {err}");
    }
    assert_eq!(elsewhere_hits.load(Ordering::SeqCst), 0);
}

#[test]
fn a_list_whose_cursor_does_not_advance_ends_with_an_error() {
    // The same page, with has_more, for ever.
    let (url, hits) = raw_server(|s| {
        let page = r#"{"data":[{"id":"m1","name":"a","prompt":"p","created_at":"2026-03-01T12:00:00Z"}],"has_more":true}"#;
        let answer = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{page}",
            page.len()
        );
        let _ = s.write_all(answer.as_bytes());
    });
    for transport in TRANSPORTS {
        let before = hits.load(Ordering::SeqCst);
        let out = run_against(&url, transport, &["metrics", "list", "--all"]);
        assert_exit(&out, 1);
        assert!(out.stdout.is_empty(), "{}", stdout(&out));
        let err = stderr(&out);
        assert!(
            err.contains("pagination did not advance"),
            "{transport}: {err}"
        );
        // A couple of requests, not thousands.
        let sent = hits.load(Ordering::SeqCst) - before;
        assert!((2..=3).contains(&sent), "{transport}: {sent} requests");
    }
}

#[test]
fn files_datasets_and_usage_on_the_embedded_mock() {
    let dir = temp_path("files");
    std::fs::create_dir_all(&dir).unwrap();
    let upload = dir.join("hold.wav");
    std::fs::write(&upload, b"RIFF not really audio").unwrap();
    for transport in TRANSPORTS {
        let base = ["--mock", "--json", "--transport", transport];
        let with = |rest: &[&str]| -> Vec<String> {
            base.iter().chain(rest).map(|s| s.to_string()).collect()
        };
        // The embedded mock starts afresh each run: the demo file is there.
        let run = |args: Vec<String>| run(&args.iter().map(String::as_str).collect::<Vec<_>>());
        let out = run(with(&[
            "files",
            "list",
            "--purpose",
            "agent_background_sound",
        ]));
        assert_exit(&out, 0);
        let listed = json(&out);
        let id = listed[0]["id"].as_str().expect("the demo file").to_owned();
        let target = dir.join(format!("{transport}.bin"));
        let out = run(with(&["files", "download", &id, target.to_str().unwrap()]));
        assert_exit(&out, 0);
        assert_eq!(
            std::fs::read(&target).unwrap().len() as u64,
            listed[0]["size"].as_u64().unwrap()
        );
        let out = run(with(&[
            "files",
            "upload",
            upload.to_str().unwrap(),
            "--purpose",
            "fine_tune",
        ]));
        assert_exit(&out, 0);
        let file = json(&out);
        assert_eq!(
            (file["filename"].as_str(), file["size"].as_u64()),
            (Some("hold.wav"), Some(21))
        );
        let out = run(with(&["datasets", "list"]));
        assert_exit(&out, 0);
        assert!(json(&out).as_array().is_some_and(|a| a.is_empty()));
        let out = run(with(&["usage", "credits", "--group-by", "model"]));
        assert_exit(&out, 0);
        let rows = json(&out);
        assert_eq!(rows.as_array().map(Vec::len), Some(3), "{rows}");
        assert_eq!(rows[0]["series"], "Text to speech");
    }
    let out = run(&[
        "--mock",
        "files",
        "upload",
        "/no/such/file",
        "--purpose",
        "fine_tune",
    ]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("/no/such/file"), "{}", stderr(&out));
    std::fs::remove_dir_all(&dir).ok();
}

// ---- Speech: tts, stt, voices ----

/// `tts TEXT --voice <demo voice> -o PATH`, then `extra`.
fn tts_to(text: &str, path: &std::path::Path, extra: &[&str]) -> Output {
    let mut args = vec!["tts", text, "--voice", cartesia_mock::DEMO_VOICE_ID, "-o"];
    args.push(path.to_str().unwrap());
    args.extend_from_slice(extra);
    run(&args)
}

/// What Python's `wave` module reads from `path`: channels, sample width, rate, frames.
fn python_wave(path: &std::path::Path) -> Vec<u64> {
    let out = Command::new("python3")
        .arg("-c")
        .arg("import sys, wave\nw = wave.open(sys.argv[1])\nprint(w.getnchannels(), w.getsampwidth(), w.getframerate(), w.getnframes())")
        .arg(path)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .split_whitespace()
        .map(|n| n.parse().unwrap())
        .collect()
}

#[test]
fn tts_writes_a_wav_that_python_reads_on_both_transports() {
    for transport in TRANSPORTS {
        let t = ["--transport", transport];
        let path = temp_path("hello.wav");
        let out = tts_to("Hello", &path, &t);
        assert_exit(&out, 0);
        assert!(
            stdout(&out).contains(path.to_str().unwrap()),
            "{}",
            stdout(&out)
        );
        // 5 characters of 50 ms at 44100 Hz, 16-bit mono.
        assert_eq!(python_wave(&path), [1, 2, 44100, 5 * 2205], "{transport}");
        let longer = temp_path("longer.wav");
        assert_exit(
            &tts_to(
                "Hello, and welcome",
                &longer,
                &[t[0], t[1], "--sample-rate", "16000"],
            ),
            0,
        );
        assert_eq!(python_wave(&longer), [1, 2, 16000, 18 * 800]);
        // Raw and MP3, chosen by the extension.
        let raw = temp_path("hello.raw");
        assert_exit(
            &tts_to("Hi", &raw, &[t[0], t[1], "--sample-rate", "8000"]),
            0,
        );
        assert_eq!(std::fs::metadata(&raw).unwrap().len(), 2 * 400 * 2);
        let mp3 = temp_path("hello.mp3");
        assert_exit(&tts_to("Hi", &mp3, &[t[0], t[1], "--json"]), 0);
        let bytes = std::fs::read(&mp3).unwrap();
        assert_eq!((bytes[0], bytes[1] & 0xE0), (0xFF, 0xE0), "MPEG frame sync");
        for f in [&path, &longer, &raw, &mp3] {
            std::fs::remove_file(f).ok();
        }
    }
}

#[test]
fn tts_sse_prints_word_timestamps_and_stt_transcribes() {
    let wav = temp_path("sse.wav");
    let out = tts_to(
        "Hello brave world",
        &wav,
        &["--sse", "--sample-rate", "16000", "--json"],
    );
    assert_exit(&out, 0);
    let words = json(&out);
    let words = words.as_array().unwrap();
    let text: Vec<&str> = words.iter().map(|w| w["word"].as_str().unwrap()).collect();
    assert_eq!(text, ["Hello", "brave", "world"]);
    assert_eq!(words[1]["start"], 0.3);
    assert_eq!(python_wave(&wav), [1, 2, 16000, 17 * 800]);
    // The table form, without a file.
    let table = run(&[
        "tts",
        "Hi there",
        "--voice",
        cartesia_mock::DEMO_VOICE_ID,
        "--sse",
    ]);
    assert_exit(&table, 0);
    assert!(stdout(&table).starts_with("WORD"), "{}", stdout(&table));
    // stt: the transcript, and with --timestamps its words.
    let file = wav.to_str().unwrap();
    for transport in TRANSPORTS {
        let out = run(&["stt", file, "--json", "--transport", transport]);
        assert_exit(&out, 0);
        let answer = json(&out);
        assert!(answer["text"].as_str().is_some_and(|t| !t.is_empty()));
        assert_eq!(answer["duration"], 0.85);
        let timed = run(&[
            "stt",
            file,
            "--timestamps",
            "--json",
            "--transport",
            transport,
        ]);
        assert_exit(&timed, 0);
        assert_eq!(
            json(&timed).as_array().unwrap().len(),
            2,
            "one word per 400 ms"
        );
    }
    std::fs::remove_file(&wav).ok();
    assert_exit(&run(&["stt", "/no/such/file.wav"]), 2);
}

#[test]
fn voices_list_get_and_clone_and_bad_input_is_refused() {
    let list = run(&["voices", "list", "--json"]);
    assert_exit(&list, 0);
    assert_eq!(json(&list).as_array().unwrap().len(), 10);
    let all = run(&["voices", "list", "--all", "-q", "katie", "--json"]);
    assert_eq!(json(&all)[0]["id"], cartesia_mock::DEMO_VOICE_ID);
    let get = run(&["voices", "get", cartesia_mock::DEMO_VOICE_ID]);
    assert_exit(&get, 0);
    assert!(stdout(&get).contains("Katie"));
    let clip = temp_path("clip.wav");
    std::fs::write(&clip, b"RIFF\0\0\0\0WAVE").unwrap();
    let clip_path = clip.to_str().unwrap();
    let cloned = run(&["voices", "clone", clip_path, "--name", "My clone", "--json"]);
    assert_exit(&cloned, 0);
    assert_eq!(json(&cloned)["name"], "My clone");
    std::fs::remove_file(&clip).ok();
    assert_exit(&run(&["voices", "get", "no-such-voice"]), 3);
    // An unknown voice is an API error and leaves no file; a bad speed is refused before I/O.
    let path = temp_path("never.wav");
    let bad_voice = run(&[
        "tts",
        "Hi",
        "--voice",
        "no-such-voice",
        "-o",
        path.to_str().unwrap(),
    ]);
    assert_exit(&bad_voice, 3);
    assert!(!path.exists());
    assert_exit(&tts_to("Hi", &path, &["--speed", "3"]), 2);
    assert_exit(
        &run(&["tts", "Hi", "--voice", cartesia_mock::DEMO_VOICE_ID]),
        2,
    );
}
