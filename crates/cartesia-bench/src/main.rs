//! `cartesia-bench`: what one List Phone Numbers call costs the client, through the SDK's two
//! clients and through hand-written reqwest and ureq calls ("careful" and "plain" baselines),
//! against a local server; and the same for streamed TTS audio and SSE decoding
//! ([`streaming`]).
//!
//! Run it with `cargo xtask bench [--quick]` (see `docs/PERFORMANCE.md`). Subcommands:
//!
//! - `cartesia-bench [run] [--quick] [--rounds R] [--only reqwest|ureq]`: the benchmark. Starts
//!   `cartesia-bench serve` as a child process, then measures each client in its own child
//!   process (`cartesia-bench client ...`) and prints the report, ending with
//!   `bench: <library> N=<n> sdk/<plain|careful> cpu = <ratio>` lines.
//! - `cartesia-bench serve [--port P] [--pin-cpu C] [--max-seconds S]`: the server alone;
//!   prints `listening on http://127.0.0.1:<port>` and serves until its stdin closes.
//! - `cartesia-bench client <reqwest|ureq>-<sdk|careful|plain> --base-url URL --n N
//!   --calls K [--warmup W] [--pin-cpu C]`: one measured run (also handy under a profiler).
//! - `cartesia-bench client <tts-reqwest|tts-ureq|sse>-<sdk|plain> --base-url URL --calls K`:
//!   one measured streaming run (4 MiB of streamed `/tts/bytes` audio per call, or one decode
//!   of about 1 MiB of SSE events per call; see [`streaming`]).
//! - `cartesia-bench serve-ws [--port P] [--pin-cpu C] [--max-seconds S]`: the bench
//!   WebSocket server alone (`/tts/websocket`; see [`websocket`]), printed and stopped as
//!   `serve`.
//! - `cartesia-bench client ws-<reqwest|ureq>-<sdk|plain> --base-url URL --calls K`: one
//!   measured WebSocket run (K contexts of 1 MiB of audio on one socket), and `client
//!   ws-<reqwest|ureq>-hold --base-url URL [--pause-ms MS]`: the memory of an SDK socket
//!   whose consumer stops reading.
//! - `cartesia-bench rss --base-url URL`: the peak RSS of a reqwest client process at
//!   successive stages (runtime, TLS set-up with and without the system's roots, calls; see
//!   [`rss`]).

#[macro_use]
mod kind;

mod clients;
mod data;
mod measure;
mod rss;
mod runner;
mod server;
mod sse;
mod streaming;
mod websocket;

use std::io::{Read, Write};
use std::net::TcpListener;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use clients::ClientKind;

const USAGE: &str = "\
usage:
  cartesia-bench [run] [--quick] [--rounds R] [--only reqwest|ureq]
  cartesia-bench serve [--port P] [--pin-cpu C] [--max-seconds S]
  cartesia-bench client <reqwest|ureq>-<sdk|careful|plain> --base-url URL --n N
                 --calls K [--warmup W] [--pin-cpu C]
  cartesia-bench client <tts-reqwest|tts-ureq|sse>-<sdk|plain> --base-url URL
                 --calls K [--warmup W] [--pin-cpu C]
  cartesia-bench serve-ws [--port P] [--pin-cpu C] [--max-seconds S]
  cartesia-bench client ws-<reqwest|ureq>-<sdk|plain> --base-url URL
                 --calls K [--warmup W] [--pin-cpu C]
  cartesia-bench client ws-<reqwest|ureq>-hold --base-url URL [--pause-ms MS] [--pin-cpu C]
  cartesia-bench rss --base-url URL
";

/// The longest the server lives by default, whatever happens to its parent.
const DEFAULT_SERVER_SECONDS: u64 = 30 * 60;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("serve") => serve(&args[1..], Server::Http),
        Some("serve-ws") => serve(&args[1..], Server::WebSocket),
        Some("client") => client(&args[1..]),
        Some("run") => run(&args[1..]),
        Some("rss") => rss_stages(&args[1..], None),
        Some("rss-stage") => match args.get(1) {
            Some(stage) => rss_stages(&args[2..], Some(stage)),
            None => Err(format!("rss-stage: which one?\n{USAGE}")),
        },
        Some("help" | "-h" | "--help") => {
            print!("{USAGE}");
            Ok(())
        }
        _ => run(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("cartesia-bench: error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `--name value` options after the positional arguments.
struct Options<'a> {
    pairs: Vec<(&'a str, &'a str)>,
    flags: Vec<&'a str>,
}

impl<'a> Options<'a> {
    fn parse(args: &'a [String], flags: &[&str]) -> Result<Self, String> {
        let mut out = Options {
            pairs: Vec::new(),
            flags: Vec::new(),
        };
        let mut it = args.iter();
        while let Some(arg) = it.next() {
            if flags.contains(&arg.as_str()) {
                out.flags.push(arg);
            } else if arg.starts_with("--") {
                let value = it
                    .next()
                    .ok_or_else(|| format!("{arg} needs a value\n{USAGE}"))?;
                out.pairs.push((arg, value));
            } else {
                return Err(format!("unexpected argument {arg:?}\n{USAGE}"));
            }
        }
        Ok(out)
    }

    fn get(&self, name: &str) -> Option<&'a str> {
        self.pairs
            .iter()
            .rev()
            .find(|(k, _)| *k == name)
            .map(|p| p.1)
    }

    fn num<T: std::str::FromStr>(&self, name: &str) -> Result<Option<T>, String> {
        self.get(name)
            .map(|v| {
                v.parse()
                    .map_err(|_| format!("{name}: not a number: {v:?}"))
            })
            .transpose()
    }

    /// A client process's start: pinned to `--pin-cpu` if asked; its `--base-url`.
    fn client_start(&self) -> Result<&'a str, String> {
        if let Some(cpu) = self.num::<usize>("--pin-cpu")? {
            if !measure::pin_to_cpu(cpu) {
                eprintln!("cartesia-bench client: could not pin to CPU {cpu}; running unpinned");
            }
        }
        Ok(self
            .get("--base-url")
            .ok_or("client: --base-url is required")?)
    }

    /// A measured client run's `--calls` (required) and `--warmup` (a tenth by default).
    fn calls(&self) -> Result<(u64, u64), String> {
        let calls = self
            .num::<u64>("--calls")?
            .ok_or("client: --calls is required")?;
        let warmup = self.num::<u64>("--warmup")?.unwrap_or(calls / 10);
        Ok((calls, warmup))
    }

    fn check_known(&self, known: &[&str]) -> Result<(), String> {
        match self.pairs.iter().find(|(k, _)| !known.contains(k)) {
            Some((k, _)) => Err(format!("unknown option {k}\n{USAGE}")),
            None => Ok(()),
        }
    }
}

fn run(args: &[String]) -> Result<(), String> {
    let opts = Options::parse(args, &["--quick"])?;
    opts.check_known(&["--rounds", "--only"])?;
    let mut plan = if opts.flags.contains(&"--quick") {
        runner::Plan::quick()
    } else {
        runner::Plan::full()
    };
    if let Some(r) = opts.num::<usize>("--rounds")? {
        plan.rounds = r.max(1);
    }
    if let Some(only) = opts.get("--only") {
        plan.libraries.retain(|l| *l == only);
        if plan.libraries.is_empty() {
            return Err(format!("--only: expected reqwest or ureq, got {only:?}"));
        }
    }
    runner::run(&plan)
}

/// Which bench server `serve` runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Server {
    /// The HTTP server ([`server`]).
    Http,
    /// The WebSocket server ([`websocket::serve`]).
    WebSocket,
}

fn serve(args: &[String], which: Server) -> Result<(), String> {
    let opts = Options::parse(args, &[])?;
    opts.check_known(&["--port", "--pin-cpu", "--max-seconds"])?;
    if let Some(cpu) = opts.num::<usize>("--pin-cpu")? {
        if !measure::pin_to_cpu(cpu) {
            eprintln!("cartesia-bench serve: could not pin to CPU {cpu}; running unpinned");
        }
    }
    let port = opts.num::<u16>("--port")?.unwrap_or(0);
    let max = opts
        .num::<u64>("--max-seconds")?
        .unwrap_or(DEFAULT_SERVER_SECONDS);
    let listener = TcpListener::bind(("127.0.0.1", port)).map_err(|e| format!("bind: {e}"))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    std::thread::spawn(move || {
        let served = match which {
            Server::Http => server::serve(listener, Arc::new(server::Routes::new())),
            Server::WebSocket => websocket::serve(listener),
        };
        if let Err(e) = served {
            eprintln!("cartesia-bench serve: {e}");
            std::process::exit(1);
        }
    });
    std::thread::spawn(move || {
        std::thread::sleep(Duration::from_secs(max));
        eprintln!("cartesia-bench serve: stopping after {max} s");
        std::process::exit(0);
    });
    let mut stdout = std::io::stdout();
    writeln!(stdout, "listening on http://{addr}")
        .and_then(|()| stdout.flush())
        .map_err(|e| e.to_string())?;
    // Serve until the parent closes our stdin (or goes away); whatever it writes is ignored.
    let mut stdin = std::io::stdin().lock();
    let mut buf = [0u8; 512];
    while matches!(stdin.read(&mut buf), Ok(n) if n > 0) {}
    Ok(())
}

fn client(args: &[String]) -> Result<(), String> {
    let (kind, rest) = args
        .split_first()
        .ok_or_else(|| format!("client: which one?\n{USAGE}"))?;
    if let Some(ws) = websocket::WsKind::from_name(kind) {
        return ws_client(ws, rest);
    }
    let stream = streaming::StreamKind::from_name(kind);
    let kind = match stream {
        Some(_) => None,
        None => {
            Some(ClientKind::from_name(kind).ok_or_else(|| format!("unknown client {kind:?}"))?)
        }
    };
    let opts = Options::parse(rest, &[])?;
    let mut known = vec!["--base-url", "--calls", "--warmup", "--pin-cpu"];
    if kind.is_some() {
        known.push("--n");
    }
    opts.check_known(&known)?;
    let base_url = opts.client_start()?;
    let (calls, warmup) = opts.calls()?;
    let m = match (kind, stream) {
        (Some(kind), _) => {
            let n = opts.num::<usize>("--n")?.ok_or("client: --n is required")?;
            clients::measure(kind, base_url, n, warmup, calls)?
        }
        (None, Some(stream)) => streaming::measure(stream, base_url, warmup, calls)?,
        (None, None) => return Err("client: which one?".to_owned()),
    };
    println!("{}", m.to_line());
    Ok(())
}

/// `client ws-...`: one WebSocket run (a measurement, or a memory run's `hold` line).
fn ws_client(kind: websocket::WsKind, args: &[String]) -> Result<(), String> {
    let opts = Options::parse(args, &[])?;
    if kind.is_hold() {
        opts.check_known(&["--base-url", "--pause-ms", "--pin-cpu"])?;
    } else {
        opts.check_known(&["--base-url", "--calls", "--warmup", "--pin-cpu"])?;
    }
    let base_url = opts.client_start()?;
    if kind.is_hold() {
        let pause = Duration::from_millis(opts.num::<u64>("--pause-ms")?.unwrap_or(2_000));
        println!("{}", websocket::hold(kind, base_url, pause)?.to_line());
        return Ok(());
    }
    let (calls, warmup) = opts.calls()?;
    let m = websocket::measure(kind, base_url, warmup, calls)?;
    println!("{}", m.to_line());
    Ok(())
}

/// `rss --base-url URL` (every stage, each in a child process) or `rss-stage NAME --base-url
/// URL` (one stage in this process: prints its peak RSS in KiB).
fn rss_stages(args: &[String], stage: Option<&String>) -> Result<(), String> {
    let opts = Options::parse(args, &[])?;
    opts.check_known(&["--base-url"])?;
    let base_url = opts
        .get("--base-url")
        .ok_or("rss: --base-url is required")?;
    match stage {
        Some(name) => {
            println!("{}", rss::stage(name, base_url)?);
            Ok(())
        }
        None => rss::run(base_url),
    }
}
