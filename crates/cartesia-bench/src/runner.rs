//! The runner: starts the bench server in its own process, then measures every client in
//! its own process, interleaved (SDK, careful, plain; then rotated), and reports medians, the
//! ratios SDK / plain and SDK / careful per round, and each client's peak RSS.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::{Duration, Instant};

use crate::clients::{ClientKind, Measurement};
use crate::measure;
use crate::streaming::{self, StreamKind};
use crate::websocket::{self, Hold, WsKind};

/// One size of answer and how many calls to measure at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size {
    /// Phone numbers per answer.
    pub n: usize,
    /// Calls measured per run.
    pub calls: u64,
    /// Calls made before measuring (connection set-up, warm caches).
    pub warmup: u64,
}

/// What to measure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// Rounds; each round runs every client once at every size.
    pub rounds: usize,
    /// The sizes.
    pub sizes: Vec<Size>,
    /// The libraries (`reqwest`, `ureq`).
    pub libraries: Vec<&'static str>,
    /// Streamed audio calls per run (each [`crate::data::AUDIO_BYTES`]).
    pub stream_calls: u64,
    /// Decodes of the SSE stream (about 1 MiB each) per run.
    pub sse_decodes: u64,
    /// WebSocket contexts (1 MiB of audio, 65 messages each) per run.
    pub ws_contexts: u64,
    /// How long the memory runs' consumer stops reading.
    pub ws_pause: Duration,
}

impl Plan {
    /// The full benchmark: 11 rounds (at least 10 SDK / baseline pairs); N = 1 × 5,000
    /// calls and N = 1,000 × 500 calls.
    pub fn full() -> Self {
        Self {
            stream_calls: 150,
            sse_decodes: 400,
            ws_contexts: 200,
            ws_pause: Duration::from_secs(3),
            ..Self::new(11, 5_000, 500)
        }
    }

    /// The CI-sized benchmark: 5 rounds; N = 1 × 2,000 calls and N = 1,000 × 200 calls
    /// (about 10 s on two cores).
    /// (40 streamed audio calls of 4 MiB and 100 SSE decodes per streaming run; 50
    /// WebSocket contexts of 1 MiB per run, and a 1 s pause in the memory runs.)
    pub fn quick() -> Self {
        Self::new(5, 2_000, 200)
    }

    fn new(rounds: usize, calls_one: u64, calls_thousand: u64) -> Self {
        Self {
            rounds,
            sizes: vec![
                Size {
                    n: 1,
                    calls: calls_one,
                    warmup: calls_one / 10,
                },
                Size {
                    n: 1_000,
                    calls: calls_thousand,
                    warmup: calls_thousand / 10,
                },
            ],
            libraries: vec!["reqwest", "ureq"],
            stream_calls: 40,
            sse_decodes: 100,
            ws_contexts: 50,
            ws_pause: Duration::from_secs(1),
        }
    }
}

/// The bench server, running in a child process (it exits when its stdin closes).
struct Server {
    child: Child,
    stdin: Option<ChildStdin>,
    base_url: String,
}

impl Server {
    /// `cartesia-bench <command>` (`serve` or `serve-ws`).
    fn start(exe: &PathBuf, command: &str, cpu: Option<usize>) -> Result<Self, String> {
        let mut cmd = Command::new(exe);
        cmd.arg(command);
        if let Some(cpu) = cpu {
            cmd.args(["--pin-cpu", &cpu.to_string()]);
        }
        let mut child = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| format!("cannot start the server ({}): {e}", exe.display()))?;
        let stdin = child.stdin.take();
        let stdout = child.stdout.take().expect("piped stdout");
        let mut line = String::new();
        let read = BufReader::new(stdout).read_line(&mut line);
        let base_url = match read {
            Ok(_) => line
                .trim()
                .strip_prefix("listening on ")
                .map(str::to_owned)
                .ok_or_else(|| format!("unexpected first line from the server: {line:?}")),
            Err(e) => Err(format!("cannot read the server's address: {e}")),
        };
        let mut server = Self {
            child,
            stdin,
            base_url: String::new(),
        };
        server.base_url = base_url?;
        Ok(server)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // Closing stdin stops it; kill it in case it does not.
        drop(self.stdin.take());
        let deadline = Instant::now() + Duration::from_secs(2);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One run of one client in its own process.
fn run_client(
    exe: &PathBuf,
    kind: ClientKind,
    base_url: &str,
    size: Size,
    cpu: Option<usize>,
) -> Result<Measurement, String> {
    let what = format!("{} N={}", kind.name(), size.n);
    let args = [
        ("--n", size.n),
        ("--calls", size.calls as usize),
        ("--warmup", size.warmup as usize),
    ];
    run_process(exe, kind.name(), &what, base_url, &args, cpu)
}

/// The line a client process prints for the runner: a [`Measurement`] or a memory run's
/// [`Hold`].
trait ClientLine: Sized {
    /// Its name in an error when a process printed none.
    const NAME: &'static str;
    /// Reads the line (`None` for any other line).
    fn read_line(line: &str) -> Option<Self>;
}

impl ClientLine for Measurement {
    const NAME: &'static str = "result";
    fn read_line(line: &str) -> Option<Self> {
        Measurement::from_line(line)
    }
}

impl ClientLine for Hold {
    const NAME: &'static str = "hold";
    fn read_line(line: &str) -> Option<Self> {
        Hold::from_line(line)
    }
}

/// `cartesia-bench client <name> --base-url <base_url> <args>` in its own process; its
/// result line (or `hold` line).
fn run_process<T: ClientLine>(
    exe: &PathBuf,
    name: &str,
    what: &str,
    base_url: &str,
    args: &[(&str, usize)],
    cpu: Option<usize>,
) -> Result<T, String> {
    let mut cmd = Command::new(exe);
    cmd.args(["client", name, "--base-url", base_url]);
    for (option, value) in args {
        cmd.args([*option, &value.to_string()]);
    }
    if let Some(cpu) = cpu {
        cmd.args(["--pin-cpu", &cpu.to_string()]);
    }
    let out = cmd
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot start a client process: {e}"))?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        return Err(format!("{what} failed ({}): {}", out.status, stdout.trim()));
    }
    stdout
        .lines()
        .find_map(T::read_line)
        .ok_or_else(|| format!("{what}: no {} line in {stdout:?}", T::NAME))
}

/// All the runs of one client at one size.
#[derive(Debug, Default, Clone)]
struct Series {
    runs: Vec<Measurement>,
}

impl Series {
    fn cpu_us(&self) -> Vec<f64> {
        self.runs.iter().map(|m| us(m.cpu_per_call())).collect()
    }
    fn median_cpu_us(&self) -> f64 {
        median(self.cpu_us())
    }
    fn median_of(&self, f: impl Fn(&Measurement) -> f64) -> f64 {
        median(self.runs.iter().map(f).collect())
    }
}

fn us(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

/// The smallest and the largest of `values` (`(inf, 0)` when empty).
fn min_max(values: &[f64]) -> (f64, f64) {
    let min = values.iter().copied().fold(f64::INFINITY, f64::min);
    let max = values.iter().copied().fold(0.0, f64::max);
    (min, max)
}

/// The median (the mean of the middle two for an even count); NaN when empty.
pub fn median(mut values: Vec<f64>) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    if values.len() % 2 == 1 {
        values[mid]
    } else {
        (values[mid - 1] + values[mid]) / 2.0
    }
}

/// The SDK client of `library` and its two baselines: `[sdk, careful, plain]`.
fn clients_of(library: &str) -> [ClientKind; 3] {
    if library == "reqwest" {
        [
            ClientKind::ReqwestSdk,
            ClientKind::ReqwestCareful,
            ClientKind::ReqwestPlain,
        ]
    } else {
        [
            ClientKind::UreqSdk,
            ClientKind::UreqCareful,
            ClientKind::UreqPlain,
        ]
    }
}

/// The order of the three clients in round `round`: rotated, so each goes first, second and
/// third equally often (`[0, 1, 2]`, `[1, 2, 0]`, `[2, 0, 1]`, ...).
fn order(round: usize) -> [usize; 3] {
    let r = round % 3;
    [r, (r + 1) % 3, (r + 2) % 3]
}

/// The baselines, by index into [`clients_of`]'s answer, with their names in the report.
const BASELINES: [(usize, &str); 2] = [(2, "plain"), (1, "careful")];

fn machine() -> String {
    let model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".to_owned());
    format!(
        "{model}; {} CPUs available; {} {}",
        measure::allowed_cpus().len(),
        std::env::consts::OS,
        std::env::consts::ARCH
    )
}

/// Runs the plan and prints the report, ending with one `bench: <library> N=<n> sdk/raw
/// cpu = <ratio>` line per library and size.
pub fn run(plan: &Plan) -> Result<(), String> {
    let exe = std::env::current_exe().map_err(|e| format!("cannot find this program: {e}"))?;
    let cpus = measure::allowed_cpus();
    // Server and client on their own CPUs when there are two: the client's CPU time then
    // does not include waiting behind the server.
    let (server_cpu, client_cpu) = match cpus.as_slice() {
        [a, b, ..] => (Some(*b), Some(*a)),
        _ => (None, None),
    };
    println!("bench: machine: {}", machine());
    match (server_cpu, client_cpu) {
        (Some(s), Some(c)) => println!("bench: server pinned to CPU {s}, clients to CPU {c}"),
        _ => println!("bench: one CPU: server and clients share it (not pinned)"),
    }
    let sizes: Vec<String> = plan
        .sizes
        .iter()
        .map(|s| format!("N={}: {} calls (+{} warm-up)", s.n, s.calls, s.warmup))
        .collect();
    println!(
        "bench: {} rounds; {}; every run in its own process, SDK, careful and plain in rotated order",
        plan.rounds,
        sizes.join(", ")
    );
    let started = Instant::now();
    let server = Server::start(&exe, "serve", server_cpu)?;
    println!(
        "bench: server {} (pid {})",
        server.base_url,
        server.child.id()
    );

    let mut series: Vec<((ClientKind, usize), Series)> = Vec::new();
    let mut slot = |kind: ClientKind, n: usize| -> usize {
        match series.iter().position(|(k, _)| *k == (kind, n)) {
            Some(i) => i,
            None => {
                series.push(((kind, n), Series::default()));
                series.len() - 1
            }
        }
    };
    let mut index = Vec::new();
    for size in &plan.sizes {
        for library in &plan.libraries {
            let slots = clients_of(library).map(|kind| slot(kind, size.n));
            index.push((*library, *size, slots));
        }
    }

    for round in 0..plan.rounds {
        let mut line = format!("round {}/{}:", round + 1, plan.rounds);
        for &(library, size, slots) in &index {
            let kinds = clients_of(library);
            let mut cpu = [0.0; 3];
            for i in order(round) {
                let m = run_client(&exe, kinds[i], &server.base_url, size, client_cpu)?;
                cpu[i] = us(m.cpu_per_call());
                series[slots[i]].1.runs.push(m);
            }
            line.push_str(&format!(
                "  {library} N={} {:.1}/{:.1}/{:.1} µs",
                size.n, cpu[0], cpu[1], cpu[2]
            ));
        }
        println!("{line} (sdk/careful/plain)");
    }
    let mut streamed = run_streaming(plan, &exe, &server.base_url, client_cpu)?;
    drop(server);
    streamed.extend(run_websocket(plan, &exe, server_cpu, client_cpu)?);

    println!();
    println!(
        "{:<16} {:>5} {:>6}  {:>10} {:>10} {:>10}  {:>9} {:>9}  {:>9}  {:>10}",
        "client", "N", "calls", "cpu/call", "min", "max", "user", "sys", "wall", "peak RSS"
    );
    for ((kind, n), s) in &series {
        let cpu = s.cpu_us();
        let (min, max) = min_max(&cpu);
        let per = |d: Duration, m: &Measurement| us(d) / m.calls.max(1) as f64;
        println!(
            "{:<16} {:>5} {:>6}  {:>7.1} µs {:>7.1} µs {:>7.1} µs  {:>6.1} µs {:>6.1} µs  {:>6.1} µs  {:>6.1} MiB",
            kind.name(),
            n,
            s.runs.first().map_or(0, |m| m.calls),
            s.median_cpu_us(),
            min,
            max,
            s.median_of(|m| per(m.user, m)),
            s.median_of(|m| per(m.sys, m)),
            s.median_of(|m| per(m.wall, m)),
            s.median_of(|m| m.max_rss_kib as f64) / 1024.0,
        );
    }
    println!("(medians over {} rounds; cpu = user + sys of the client process per call; peak RSS = the client process's max RSS, median over its runs)", plan.rounds);
    println!();
    for ((kind, n), s) in &series {
        let rss: Vec<f64> = s
            .runs
            .iter()
            .map(|m| m.max_rss_kib as f64 / 1024.0)
            .collect();
        let (min, max) = min_max(&rss);
        println!(
            "bench: peak RSS {} N={n} = {:.1} MiB (min {min:.1}, max {max:.1})",
            kind.name(),
            median(rss.clone()),
        );
    }
    println!(
        "bench: finished in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    for &(library, size, slots) in &index {
        for (baseline, name) in BASELINES {
            let ratios = pair_ratios(&series[slots[0]].1, &series[slots[baseline]].1);
            let each: Vec<String> = ratios.iter().map(|r| format!("{r:.3}")).collect();
            let (min, max) = min_max(&ratios);
            println!(
                "sdk/{name} per round, {library} N={}: {} (median {:.3}, min {min:.3}, max {max:.3})",
                size.n,
                each.join(" "),
                median(ratios.clone())
            );
        }
    }
    for line in streamed {
        println!("{line}");
    }
    // By baseline, library, then size: plain first (the physical limit), then careful.
    for (baseline, name) in BASELINES {
        for library in &plan.libraries {
            for &(_, size, slots) in index.iter().filter(|i| i.0 == *library) {
                let ratios = pair_ratios(&series[slots[0]].1, &series[slots[baseline]].1);
                println!(
                    "bench: {library} N={} sdk/{name} cpu = {:.3} (median of {} pairs)",
                    size.n,
                    median(ratios.clone()),
                    ratios.len()
                );
            }
        }
    }
    Ok(())
}

/// The rounds of SDK / hand-written pairs (the streaming and the WebSocket ones): every round
/// runs both sides of each pair once through `run` (in alternating order) and prints a
/// `<label> i/n:` line of their CPU per MiB. The runs, by pair, then side (`[sdk, plain]`).
fn pair_rounds<K: Copy>(
    label: &str,
    rounds: usize,
    pairs: &[(&str, K, K)],
    mut run: impl FnMut(K) -> Result<Measurement, String>,
) -> Result<Vec<[Vec<Measurement>; 2]>, String> {
    let mut runs: Vec<[Vec<Measurement>; 2]> = vec![[Vec::new(), Vec::new()]; pairs.len()];
    for round in 0..rounds {
        let mut line = format!("{label} {}/{}:", round + 1, rounds);
        for (i, &(what, sdk, plain)) in pairs.iter().enumerate() {
            let order = if round % 2 == 0 { [0, 1] } else { [1, 0] };
            for side in order {
                runs[i][side].push(run([sdk, plain][side])?);
            }
            let last = |side: usize| runs[i][side].last().map_or(0.0, |m| us(m.cpu_per_mib()));
            line.push_str(&format!("  {what} {:.0}/{:.0} µs/MiB", last(0), last(1)));
        }
        println!("{line} (sdk/plain)");
    }
    Ok(runs)
}

/// The table of [`pair_rounds`]' runs, after a blank line: one row per client with its MiB
/// per run, CPU per MiB (median, min, max), one more column (`title`; its value, formatted to
/// 7 characters, from the client's runs) and its peak RSS.
fn per_mib_table<K: Copy>(
    pairs: &[(&str, K, K)],
    runs: &[[Vec<Measurement>; 2]],
    name: fn(K) -> &'static str,
    title: &str,
    column: impl Fn(&[Measurement]) -> String,
) {
    println!();
    println!(
        "{:<18} {:>8}  {:>12} {:>10} {:>10}  {:>10}  {:>10}",
        "client", "MiB/run", "cpu/MiB", "min", "max", title, "peak RSS"
    );
    for (i, &(_, sdk, plain)) in pairs.iter().enumerate() {
        for (side, kind) in [sdk, plain].into_iter().enumerate() {
            let ms = &runs[i][side];
            let cpu: Vec<f64> = ms.iter().map(|m| us(m.cpu_per_mib())).collect();
            let (min, max) = min_max(&cpu);
            println!(
                "{:<18} {:>8.1}  {:>9.1} µs {:>7.1} µs {:>7.1} µs  {} µs  {:>6.1} MiB",
                name(kind),
                ms.first().map_or(0.0, |m| m.bytes as f64 / 1048576.0),
                median(cpu.clone()),
                min,
                max,
                column(ms),
                median(ms.iter().map(|m| m.max_rss_kib as f64 / 1024.0).collect()),
            );
        }
    }
}

/// The streaming pairs ([`streaming::pairs`]): every round runs the SDK and the hand-written
/// side of each pair once (in alternating order); prints a table of CPU per MiB, time to the
/// first byte and peak RSS, and returns the summary lines (`bench: <what> sdk/plain cpu per
/// MiB = <ratio> ...`) for the end of the report.
fn run_streaming(
    plan: &Plan,
    exe: &PathBuf,
    base_url: &str,
    cpu: Option<usize>,
) -> Result<Vec<String>, String> {
    let pairs = streaming::pairs(&plan.libraries);
    println!(
        "bench: streaming: {} rounds; audio {} calls of {} MiB per run, SSE {} decodes of about 1 MiB per run",
        plan.rounds,
        plan.stream_calls,
        crate::data::AUDIO_BYTES >> 20,
        plan.sse_decodes
    );
    let runs = pair_rounds("stream round", plan.rounds, &pairs, |kind| {
        let calls = if matches!(kind, StreamKind::SseSdk | StreamKind::SsePlain) {
            plan.sse_decodes
        } else {
            plan.stream_calls
        };
        let args = [
            ("--calls", calls as usize),
            ("--warmup", (calls / 10).max(1) as usize),
        ];
        run_process(exe, kind.name(), kind.name(), base_url, &args, cpu)
    })?;
    per_mib_table(&pairs, &runs, StreamKind::name, "ttfb", |ms| {
        format!("{:>7.1}", median(ms.iter().map(|m| us(m.ttfb)).collect()))
    });
    let mut summary = Vec::new();
    for (i, &(what, sdk, _)) in pairs.iter().enumerate() {
        let ratios = |f: fn(&Measurement) -> Duration| -> Vec<f64> {
            runs[i][0]
                .iter()
                .zip(&runs[i][1])
                .map(|(a, b)| us(f(a)) / us(f(b)))
                .collect()
        };
        let cpu = ratios(Measurement::cpu_per_mib);
        let spread = |r: &[f64]| {
            let (min, max) = min_max(r);
            format!("min {min:.3}, max {max:.3}")
        };
        let mut line = format!(
            "bench: {what} sdk/plain cpu per MiB = {:.3} (median of {} pairs; {})",
            median(cpu.clone()),
            cpu.len(),
            spread(&cpu)
        );
        if sdk != StreamKind::SseSdk {
            let ttfb = ratios(|m| m.ttfb);
            line.push_str(&format!(
                "; ttfb = {:.3} ({})",
                median(ttfb.clone()),
                spread(&ttfb)
            ));
        }
        summary.push(line);
    }
    println!("(cpu = user + sys of the client process per MiB of body; ttfb = median time from the call's start to its first body byte; medians over {} rounds)", plan.rounds);
    Ok(summary)
}

/// The WebSocket pairs and memory runs ([`websocket::pairs`]) against their own server
/// process (`serve-ws`): every round runs the SDK and the hand-written side of each pair once
/// (in alternating order); then each memory run once. Prints a table and returns the summary
/// lines (`bench: ws <library> sdk/plain cpu per MiB = <ratio> ...`, `bench: ws <library>
/// held ...`).
fn run_websocket(
    plan: &Plan,
    exe: &PathBuf,
    server_cpu: Option<usize>,
    cpu: Option<usize>,
) -> Result<Vec<String>, String> {
    let (pairs, holds) = websocket::pairs(&plan.libraries);
    let server = Server::start(exe, "serve-ws", server_cpu)?;
    let base_url = server.base_url.clone();
    println!(
        "bench: websocket: server {base_url}{} (pid {}); {} rounds; {} contexts per run, each {} chunks of {} KiB audio + done",
        websocket::WS_PATH,
        server.child.id(),
        plan.rounds,
        plan.ws_contexts,
        websocket::CHUNKS,
        websocket::CHUNK_BYTES / 1024
    );
    let args = [
        ("--calls", plan.ws_contexts as usize),
        ("--warmup", (plan.ws_contexts / 10).max(1) as usize),
    ];
    let runs = pair_rounds("ws round", plan.rounds, &pairs, |kind: WsKind| {
        run_process(exe, kind.name(), kind.name(), &base_url, &args, cpu)
    })?;
    let mut held = Vec::new();
    for kind in holds {
        held.push((kind, run_hold(exe, kind, &base_url, plan.ws_pause, cpu)?));
    }
    drop(server);

    let per_message = |m: &Measurement| {
        us(m.user + m.sys) / (m.calls.max(1) as f64 * websocket::MESSAGES_PER_CONTEXT as f64)
    };
    per_mib_table(&pairs, &runs, WsKind::name, "cpu/msg", |ms| {
        format!("{:>7.2}", median(ms.iter().map(per_message).collect()))
    });
    let mut summary = Vec::new();
    for (i, &(what, _, _)) in pairs.iter().enumerate() {
        // Per MiB and per message are the same ratio (every run gets the same messages);
        // both are printed so the line reads on its own.
        let ratios: Vec<f64> = runs[i][0]
            .iter()
            .zip(&runs[i][1])
            .map(|(a, b)| us(a.cpu_per_mib()) / us(b.cpu_per_mib()))
            .collect();
        let msg = |side: usize| median(runs[i][side].iter().map(per_message).collect());
        let (min, max) = min_max(&ratios);
        summary.push(format!(
            "bench: {what} sdk/plain cpu per MiB = {:.3} (median of {} pairs; min {min:.3}, max {max:.3}); per message {:.2}/{:.2} µs",
            median(ratios.clone()),
            ratios.len(),
            msg(0),
            msg(1),
        ));
    }
    println!("(cpu = user + sys of the client process per MiB of decoded audio and per message received; medians over {} rounds)", plan.rounds);
    for (kind, h) in &held {
        let samples: Vec<String> = h
            .samples
            .iter()
            .map(|(t, kib)| format!("{t:.2}s {:.1}", *kib as f64 / 1024.0))
            .collect();
        println!(
            "{}: RSS {:.1} MiB before the held context; not read for {:.1} s: {} MiB; after reading its {} MiB: {:.1} MiB; peak {:.1} MiB",
            kind.name(),
            h.before_kib as f64 / 1024.0,
            plan.ws_pause.as_secs_f64(),
            samples.join(", "),
            h.audio >> 20,
            h.after_kib as f64 / 1024.0,
            h.peak_kib as f64 / 1024.0,
        );
        summary.push(format!(
            "bench: ws {} held: RSS +{:.1} MiB while not reading (+{:.2} MiB over the pause's second half; queue bound {:.1} MiB of audio; the server sent {} MiB)",
            kind.name().trim_start_matches("ws-").trim_end_matches("-hold"),
            h.growth_kib() as f64 / 1024.0,
            h.late_growth_kib() as f64 / 1024.0,
            h.bound_kib as f64 / 1024.0,
            h.audio >> 20,
        ));
    }
    Ok(summary)
}

/// One memory run in its own process; its `hold` line.
fn run_hold(
    exe: &PathBuf,
    kind: WsKind,
    base_url: &str,
    pause: Duration,
    cpu: Option<usize>,
) -> Result<Hold, String> {
    let args = [("--pause-ms", pause.as_millis() as usize)];
    let name = kind.name();
    run_process(exe, name, name, base_url, &args, cpu)
}

/// SDK / baseline CPU per call, round by round (each round's runs are one pair).
fn pair_ratios(sdk: &Series, baseline: &Series) -> Vec<f64> {
    sdk.cpu_us()
        .iter()
        .zip(baseline.cpu_us())
        .map(|(a, b)| a / b)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_rotate_through_every_position() {
        let mut first = [0; 3];
        for round in 0..6 {
            let o = order(round);
            let mut sorted = o;
            sorted.sort_unstable();
            assert_eq!(sorted, [0, 1, 2]);
            first[o[0]] += 1;
        }
        assert_eq!(first, [2, 2, 2]);
        for library in ["reqwest", "ureq"] {
            let kinds = clients_of(library);
            assert!(kinds[0].name().ends_with("-sdk"));
            assert!(kinds[1].name().ends_with("-careful"));
            assert!(kinds[2].name().ends_with("-plain"));
            assert!(kinds.iter().all(|k| k.name().starts_with(library)));
        }
    }

    #[test]
    fn medians() {
        assert_eq!(median(vec![3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(vec![4.0, 1.0, 2.0, 3.0]), 2.5);
        assert!(median(Vec::new()).is_nan());
    }

    #[test]
    fn plans_meet_the_minimums() {
        let full = Plan::full();
        assert!(full.rounds >= 10);
        assert!(full.sizes.iter().any(|s| s.n == 1 && s.calls >= 2_000));
        assert!(full.sizes.iter().any(|s| s.n == 1_000 && s.calls >= 200));
        let quick = Plan::quick();
        assert!(quick.rounds >= 5);
        assert!(quick.sizes.iter().any(|s| s.n == 1 && s.calls >= 2_000));
        assert!(quick.sizes.iter().any(|s| s.n == 1_000 && s.calls >= 200));
        assert_eq!(quick.libraries, full.libraries);
    }
}
