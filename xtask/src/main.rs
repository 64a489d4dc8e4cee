//! Project automation for the cartesia-rs workspace.
//!
//! Run through the cargo alias defined in `.cargo/config.toml`:
//!
//! - `cargo xtask ci`   — the full CI pipeline (fmt, clippy, test, doc, doc-crates, deps,
//!   spec-check, fuzz-check, bench --quick);
//! - `cargo xtask doc`  — the two doc steps of `ci` alone;
//! - `cargo xtask deps` — dependency-hygiene check of the library crates;
//! - `cargo xtask spec-check` — implemented operations against the OpenAPI document;
//! - `cargo xtask bench [--quick]` — the client CPU benchmark (SDK against hand-written calls).
//!
//! Its only dependency is `cartesia-core` (for the operation catalog).

mod bench;
mod spec_check;

use std::collections::BTreeSet;
use std::env;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

const USAGE: &str = "\
usage: cargo xtask <subcommand>

subcommands:
  ci      run the CI pipeline: fmt check, clippy, tests, docs (the workspace, then each
          library crate with default and with all features), deps check, spec check,
          fuzz check, quick benchmark (stops at the first failing step)
  doc     the two doc steps of ci alone: the workspace docs, then each library crate's
          with its default and with all features (RUSTDOCFLAGS=-D warnings)
  deps    check that the library crates do not pull in forbidden dependencies
  spec-check
          compare the implemented operations with ../shared/spec/cartesia-openapi.yaml
          (coverage per family, missing operations; fails on an operation not in it)
  bench [--quick]
          build cartesia-bench in release and run it: client CPU per List Phone Numbers
          call, streamed TTS, SSE and the TTS WebSocket, SDK against hand-written
          reqwest/ureq/tungstenite clients (--quick: CI-sized)
  help    print this message
";

/// The README's test command. Step 3 of `cargo xtask ci` runs exactly this
/// (a unit test keeps [`TEST_ARGS`] in sync with it).
pub const TEST_COMMAND: &str = "cargo test --workspace --all-features";

/// [`TEST_COMMAND`] without the leading `cargo`.
const TEST_ARGS: &[&str] = &["test", "--workspace", "--all-features"];

// ---------------------------------------------------------------------------
// Dependency rules
// ---------------------------------------------------------------------------

/// A crate and the crates that must not appear in its normal dependency tree.
struct DepRule {
    krate: &'static str,
    forbidden: &'static [&'static str],
}

/// The dependency-hygiene rules checked by `cargo xtask deps`.
/// Names are compared exactly (`http` does not match `httparse`).
const DEP_RULES: &[DepRule] = &[
    // Pure data models: no HTTP stack at all.
    DepRule {
        krate: "cartesia-types",
        forbidden: &[
            "reqwest",
            "ureq",
            "tokio",
            "hyper",
            "http",
            "http-body",
            "h2",
            "bytes",
            "async-trait",
            "mio",
        ],
    },
    // Transport-agnostic core: may use `http`/`bytes`, but no client or runtime.
    DepRule {
        krate: "cartesia-core",
        forbidden: &[
            "reqwest",
            "ureq",
            "tokio",
            "hyper",
            "hyper-util",
            "h2",
            "mio",
        ],
    },
    // Blocking transport: must not drag in an async runtime or another client.
    DepRule {
        krate: "cartesia-ureq",
        forbidden: &["tokio", "hyper", "reqwest", "mio", "h2"],
    },
];

// ---------------------------------------------------------------------------
// CI steps
// ---------------------------------------------------------------------------

/// What a CI step executes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Program {
    /// `$CARGO` (or `cargo`) with the step's args.
    Cargo,
    /// The in-process dependency check (`cargo xtask deps`).
    DepsCheck,
    /// The in-process spec check (`cargo xtask spec-check`).
    SpecCheck,
    /// The benchmark (`cargo xtask bench` with the step's args).
    Bench,
    /// `cargo doc` of each of [`DOC_CRATES`] on its own, with its default features and with
    /// all of them ([`doc_crate_commands`]), under the step's env.
    DocCrates,
}

/// The library crates whose docs are built one by one by the `doc-crates` step. The workspace
/// `doc` step turns every feature of every crate on at once, which hides an intra-doc link that
/// resolves only when some feature is on (a user building the docs of one crate with its
/// defaults, or docs.rs with `all-features`, would see it broken).
const DOC_CRATES: &[&str] = &[
    "cartesia-types",
    "cartesia-core",
    "cartesia-reqwest",
    "cartesia-ureq",
    "cartesia-mock",
];

/// The steps `cargo xtask doc` runs: `doc` and `doc-crates`.
fn doc_steps() -> impl Iterator<Item = &'static Step> {
    CI_STEPS.iter().filter(|s| s.name.starts_with("doc"))
}

/// The `cargo` arguments of the `doc-crates` step: per crate, `doc -p X --no-deps` and the same
/// with `--all-features`. They share `target/` with every other step, so dependencies are
/// checked once per feature set and each crate's own docs take seconds.
fn doc_crate_commands() -> Vec<Vec<&'static str>> {
    DOC_CRATES
        .iter()
        .flat_map(|krate| {
            [
                vec!["doc", "-p", krate, "--no-deps"],
                vec!["doc", "-p", krate, "--no-deps", "--all-features"],
            ]
        })
        .collect()
}

struct Step {
    name: &'static str,
    program: Program,
    args: &'static [&'static str],
    env: &'static [(&'static str, &'static str)],
}

/// The CI pipeline, run in order by `cargo xtask ci`.
const CI_STEPS: &[Step] = &[
    Step {
        name: "fmt",
        program: Program::Cargo,
        args: &["fmt", "--all", "--", "--check"],
        env: &[],
    },
    Step {
        name: "clippy",
        program: Program::Cargo,
        args: &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--all-features",
            "--",
            "-D",
            "warnings",
        ],
        env: &[],
    },
    Step {
        name: "test",
        program: Program::Cargo,
        args: TEST_ARGS,
        env: &[],
    },
    Step {
        name: "doc",
        program: Program::Cargo,
        args: &["doc", "--workspace", "--no-deps", "--all-features"],
        env: &[("RUSTDOCFLAGS", "-D warnings")],
    },
    Step {
        name: "doc-crates",
        program: Program::DocCrates,
        args: &[],
        env: &[("RUSTDOCFLAGS", "-D warnings")],
    },
    Step {
        name: "deps",
        program: Program::DepsCheck,
        args: &[],
        env: &[],
    },
    Step {
        name: "spec-check",
        program: Program::SpecCheck,
        args: &[],
        env: &[],
    },
    // The fuzz crate lives outside the workspace (cargo-fuzz needs nightly flags to *run*);
    // checking that it compiles keeps its targets from rotting as the core changes.
    Step {
        name: "fuzz-check",
        program: Program::Cargo,
        args: &[
            "check",
            "--manifest-path",
            "fuzz/Cargo.toml",
            "--target-dir",
            "target",
            "--bins",
        ],
        env: &[],
    },
    // Prints the SDK/hand-written CPU ratios (never asserted: CI machines are noisy); fails
    // only if the benchmark cannot run. Its release build shares `target/`.
    Step {
        name: "bench",
        program: Program::Bench,
        args: &["--quick"],
        env: &[],
    },
];

impl Step {
    /// Human-readable command line, e.g. `RUSTDOCFLAGS="-D warnings" cargo doc ...`.
    fn display(&self) -> String {
        let mut out = String::new();
        for (key, value) in self.env {
            if value.contains(char::is_whitespace) {
                out.push_str(&format!("{key}=\"{value}\" "));
            } else {
                out.push_str(&format!("{key}={value} "));
            }
        }
        match self.program {
            Program::Cargo => {
                out.push_str("cargo");
                for arg in self.args {
                    out.push(' ');
                    out.push_str(arg);
                }
            }
            Program::DepsCheck => out.push_str("cargo xtask deps (in-process)"),
            Program::DocCrates => {
                out.push_str("cargo doc -p <crate> --no-deps [--all-features], <crate> in ");
                out.push_str(&DOC_CRATES.join(", "));
            }
            Program::SpecCheck => out.push_str("cargo xtask spec-check (in-process)"),
            Program::Bench => {
                out.push_str("cargo xtask bench");
                for arg in self.args {
                    out.push(' ');
                    out.push_str(arg);
                }
                out.push_str(" (in-process)");
            }
        }
        out
    }
}

// ---------------------------------------------------------------------------
// Entry point
// ---------------------------------------------------------------------------

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let Some(subcommand) = args.first() else {
        print!("{USAGE}");
        return ExitCode::SUCCESS;
    };
    let rest = &args[1..];

    match subcommand.as_str() {
        "help" | "-h" | "--help" => {
            print!("{USAGE}");
            ExitCode::SUCCESS
        }
        "ci" | "doc" | "deps" | "spec-check" if !rest.is_empty() => {
            eprintln!(
                "error: `cargo xtask {subcommand}` takes no arguments (got: {})\n",
                rest.join(" ")
            );
            eprint!("{USAGE}");
            ExitCode::from(2)
        }
        "ci" => exit_code(run_ci(&Ctx::from_env())),
        "bench" => {
            if let Err(e) = bench::check_args(rest) {
                eprintln!("error: {e}\n");
                eprint!("{USAGE}");
                return ExitCode::from(2);
            }
            match bench::run(&Ctx::from_env(), rest) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: cargo xtask bench: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        "doc" => {
            let ctx = Ctx::from_env();
            let ok = doc_steps().all(|step| {
                println!("==> {}", step.display());
                run_step(&ctx, step)
                    .map_err(|e| eprintln!("error: `{}` failed: {e}", step.name))
                    .is_ok()
            });
            exit_code(ok)
        }
        "deps" => exit_code(check_deps(&Ctx::from_env())),
        "spec-check" => exit_code(spec_check::run(&Ctx::from_env().root)),
        other => {
            eprintln!("error: unknown subcommand `{other}`\n");
            eprint!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn exit_code(ok: bool) -> ExitCode {
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Where to run commands and which cargo to use.
struct Ctx {
    root: PathBuf,
    cargo: OsString,
}

impl Ctx {
    fn from_env() -> Self {
        // Prefer the runtime value (set by `cargo run`), fall back to the
        // compile-time one so the binary also works when run directly.
        let manifest_dir = env::var_os("CARGO_MANIFEST_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
        let root = manifest_dir
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or(manifest_dir);
        let cargo = env::var_os("CARGO").unwrap_or_else(|| OsString::from("cargo"));
        Ctx { root, cargo }
    }

    fn cargo(&self) -> Command {
        let mut cmd = Command::new(&self.cargo);
        cmd.current_dir(&self.root);
        cmd
    }
}

// ---------------------------------------------------------------------------
// `cargo xtask ci`
// ---------------------------------------------------------------------------

enum Outcome {
    Passed(Duration),
    Failed(Duration, String),
    Skipped,
}

fn run_ci(ctx: &Ctx) -> bool {
    let total = CI_STEPS.len();
    let started = Instant::now();
    let mut outcomes: Vec<Outcome> = Vec::with_capacity(total);
    let mut failed = false;

    println!("ci: workspace root {}", ctx.root.display());
    for (index, step) in CI_STEPS.iter().enumerate() {
        if failed {
            outcomes.push(Outcome::Skipped);
            continue;
        }
        let n = index + 1;
        println!();
        println!("==> [{n}/{total}] {}", step.display());
        let step_started = Instant::now();
        let result = run_step(ctx, step);
        let elapsed = step_started.elapsed();
        match result {
            Ok(()) => {
                println!(
                    "<== [{n}/{total}] {} ok ({})",
                    step.name,
                    fmt_duration(elapsed)
                );
                outcomes.push(Outcome::Passed(elapsed));
            }
            Err(reason) => {
                eprintln!(
                    "error: ci step [{n}/{total}] `{}` failed after {}: {reason}",
                    step.name,
                    fmt_duration(elapsed)
                );
                eprintln!("       command: {}", step.display());
                outcomes.push(Outcome::Failed(elapsed, reason));
                failed = true;
            }
        }
    }

    println!();
    println!("==> summary");
    for (index, (step, outcome)) in CI_STEPS.iter().zip(&outcomes).enumerate() {
        let n = index + 1;
        let (status, time) = match outcome {
            Outcome::Passed(d) => ("ok", fmt_duration(*d)),
            Outcome::Failed(d, _) => ("FAILED", fmt_duration(*d)),
            Outcome::Skipped => ("skipped", String::from("-")),
        };
        println!("    [{n}/{total}] {:<8} {status:<8} {time}", step.name);
    }
    let total_time = fmt_duration(started.elapsed());
    if failed {
        let (index, step, reason) = CI_STEPS
            .iter()
            .zip(&outcomes)
            .enumerate()
            .find_map(|(i, (s, o))| match o {
                Outcome::Failed(_, r) => Some((i, s, r)),
                _ => None,
            })
            .expect("a failed step was recorded");
        println!(
            "ci: FAILED at step [{}/{total}] `{}` ({reason}); total {total_time}",
            index + 1,
            step.name
        );
        false
    } else {
        println!("ci: all {total} steps passed in {total_time}");
        true
    }
}

fn run_step(ctx: &Ctx, step: &Step) -> Result<(), String> {
    match step.program {
        Program::DepsCheck => {
            if check_deps(ctx) {
                Ok(())
            } else {
                Err(String::from("dependency rules violated"))
            }
        }
        Program::SpecCheck => {
            if spec_check::run(&ctx.root) {
                Ok(())
            } else {
                Err(String::from(
                    "an implemented operation is not in the OpenAPI document",
                ))
            }
        }
        Program::Bench => {
            let args: Vec<String> = step.args.iter().map(|a| (*a).to_owned()).collect();
            bench::run(ctx, &args)
        }
        Program::Cargo => run_cargo(ctx, step.args, step.env),
        Program::DocCrates => {
            for args in doc_crate_commands() {
                println!("--> cargo {}", args.join(" "));
                run_cargo(ctx, &args, step.env)
                    .map_err(|e| format!("`cargo {}`: {e}", args.join(" ")))?;
            }
            Ok(())
        }
    }
}

/// Runs `cargo args` with `env` in the workspace root, its output going straight through.
fn run_cargo(ctx: &Ctx, args: &[&str], env: &[(&str, &str)]) -> Result<(), String> {
    let mut cmd = ctx.cargo();
    cmd.args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::inherit())
        .stderr(Stdio::inherit());
    for (key, value) in env {
        cmd.env(key, value);
    }
    let status = cmd
        .status()
        .map_err(|e| format!("could not start `{}`: {e}", ctx.cargo.to_string_lossy()))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{status}"))
    }
}

/// `4.2s`, `1m 03.5s`.
fn fmt_duration(d: Duration) -> String {
    let tenths = d.as_millis() / 100;
    let (minutes, tenths) = (tenths / 600, tenths % 600);
    if minutes == 0 {
        format!("{}.{}s", tenths / 10, tenths % 10)
    } else {
        format!("{minutes}m {:02}.{}s", tenths / 10, tenths % 10)
    }
}

// ---------------------------------------------------------------------------
// `cargo xtask deps`
// ---------------------------------------------------------------------------

/// A package as printed by `cargo tree --format {p}`: name and version.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
struct Pkg<'a> {
    name: &'a str,
    version: &'a str,
}

impl std::fmt::Display for Pkg<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.version.is_empty() {
            f.write_str(self.name)
        } else {
            write!(f, "{} {}", self.name, self.version)
        }
    }
}

/// Parses one line of `cargo tree --prefix none --format "{p}"` output, e.g.
/// `serde_derive v1.0.229 (proc-macro)` or `proc-macro2 v1.0.107 (*)`.
/// Returns `None` for blank lines.
fn parse_tree_line(line: &str) -> Option<Pkg<'_>> {
    let mut tokens = line.split_whitespace();
    let name = tokens.next()?;
    let version = tokens.next().filter(|v| v.starts_with('v')).unwrap_or("");
    Some(Pkg { name, version })
}

/// All distinct packages of a `cargo tree` listing (first line is the root).
fn parse_tree(output: &str) -> Vec<Pkg<'_>> {
    output.lines().filter_map(parse_tree_line).collect()
}

/// The distinct packages whose name is exactly one of `forbidden`.
fn find_forbidden<'a>(pkgs: &[Pkg<'a>], forbidden: &[&str]) -> Vec<Pkg<'a>> {
    pkgs.iter()
        .filter(|p| forbidden.contains(&p.name))
        .copied()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

/// Runs every rule of [`DEP_RULES`]; prints one line per crate. Returns
/// `true` if all rules hold.
fn check_deps(ctx: &Ctx) -> bool {
    let mut ok = true;
    for rule in DEP_RULES {
        ok &= check_rule(ctx, rule);
    }
    if !ok {
        println!("deps: FAILED (the rules are the DEP_RULES table in xtask/src/main.rs)");
    }
    ok
}

fn check_rule(ctx: &Ctx, rule: &DepRule) -> bool {
    let output = ctx
        .cargo()
        .args(["tree", "-p", rule.krate, "-e", "normal", "--all-features"])
        .args(["--prefix", "none", "--format", "{p}"])
        .stdin(Stdio::null())
        .output();
    let output = match output {
        Ok(output) => output,
        Err(e) => {
            println!(
                "deps: {} ERROR: could not run `cargo tree`: {e}",
                rule.krate
            );
            return false;
        }
    };
    if !output.status.success() {
        println!(
            "deps: {} ERROR: `cargo tree` failed ({})",
            rule.krate, output.status
        );
        print_indented(&String::from_utf8_lossy(&output.stderr), usize::MAX);
        return false;
    }

    let stdout = String::from_utf8_lossy(&output.stdout);
    let pkgs = parse_tree(&stdout);
    let count = pkgs
        .iter()
        .skip(1) // the crate itself
        .collect::<BTreeSet<_>>()
        .len();
    let found = find_forbidden(&pkgs, rule.forbidden);
    if found.is_empty() {
        println!(
            "deps: {} ok ({count} crates in its normal tree)",
            rule.krate
        );
        return true;
    }

    let names: Vec<String> = found.iter().map(ToString::to_string).collect();
    println!(
        "deps: {} FAILED: forbidden crate(s) in its normal tree: {}",
        rule.krate,
        names.join(", ")
    );
    for pkg in &found {
        println!("  {pkg} is brought in by:");
        print_inverse_tree(ctx, rule.krate, pkg);
    }
    false
}

/// Shows how `pkg` enters the normal tree of `krate` (`cargo tree -i`).
fn print_inverse_tree(ctx: &Ctx, krate: &str, pkg: &Pkg<'_>) {
    let spec = match pkg.version.strip_prefix('v') {
        Some(version) => format!("{}@{version}", pkg.name),
        None => pkg.name.to_string(),
    };
    let output = ctx
        .cargo()
        .args(["tree", "-p", krate, "-e", "normal", "--all-features"])
        .args(["--charset", "ascii", "-i", &spec])
        .stdin(Stdio::null())
        .output();
    match output {
        Ok(output) if output.status.success() => {
            print_indented(&String::from_utf8_lossy(&output.stdout), 40);
        }
        Ok(output) => {
            println!("    (could not compute the path: `cargo tree -i {spec}` failed)");
            print_indented(&String::from_utf8_lossy(&output.stderr), 10);
        }
        Err(e) => println!("    (could not compute the path: {e})"),
    }
}

fn print_indented(text: &str, max_lines: usize) {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    for line in lines.iter().take(max_lines) {
        println!("    {line}");
    }
    if lines.len() > max_lines {
        println!("    ... ({} more lines)", lines.len() - max_lines);
    }
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "\
cartesia-core v0.1.0 (/work/main/crates/cartesia-core)
async-trait v0.1.92 (proc-macro)
proc-macro2 v1.0.107
proc-macro2 v1.0.107 (*)
httparse v1.10.1
http v1.5.0
http-body v1.0.1

hyper-util v0.1.17
bytes v1.12.2 (*)
";

    #[test]
    fn parses_cargo_tree_lines() {
        assert_eq!(
            parse_tree_line("cartesia-types v0.1.0 (/work/main/crates/cartesia-types)"),
            Some(Pkg {
                name: "cartesia-types",
                version: "v0.1.0"
            })
        );
        assert_eq!(
            parse_tree_line("serde_derive v1.0.229 (proc-macro)"),
            Some(Pkg {
                name: "serde_derive",
                version: "v1.0.229"
            })
        );
        assert_eq!(
            parse_tree_line("proc-macro2 v1.0.107 (*)"),
            Some(Pkg {
                name: "proc-macro2",
                version: "v1.0.107"
            })
        );
        assert_eq!(
            parse_tree_line("  zmij v1.0.23"),
            Some(Pkg {
                name: "zmij",
                version: "v1.0.23"
            })
        );
        assert_eq!(parse_tree_line(""), None);
        assert_eq!(parse_tree_line("   "), None);
    }

    #[test]
    fn parse_tree_skips_blank_lines() {
        let pkgs = parse_tree(SAMPLE);
        assert_eq!(pkgs.len(), 9);
        assert_eq!(pkgs[0].name, "cartesia-core");
        assert_eq!(pkgs[7].name, "hyper-util");
    }

    #[test]
    fn forbidden_names_match_exactly() {
        let pkgs = parse_tree(SAMPLE);
        let names = |forbidden: &[&str]| -> Vec<&str> {
            find_forbidden(&pkgs, forbidden)
                .iter()
                .map(|p| p.name)
                .collect()
        };
        // `http` must not match `httparse` or `http-body`.
        assert_eq!(names(&["http"]), ["http"]);
        // `hyper` must not match `hyper-util`.
        assert!(names(&["hyper", "tokio", "mio"]).is_empty());
        // `proc-macro2` appears twice (once deduplicated) but is reported once.
        assert_eq!(names(&["proc-macro2"]), ["proc-macro2"]);
        // Several hits are reported in a stable order.
        assert_eq!(
            names(&["bytes", "async-trait", "hyper-util"]),
            ["async-trait", "bytes", "hyper-util"]
        );
        assert!(names(&["proc-macro"]).is_empty());
    }

    #[test]
    fn test_step_runs_the_readme_test_command() {
        let step = CI_STEPS
            .iter()
            .find(|s| s.name == "test")
            .expect("a test step");
        assert_eq!(step.program, Program::Cargo);
        assert_eq!(step.display(), TEST_COMMAND);
        assert_eq!(format!("cargo {}", TEST_ARGS.join(" ")), TEST_COMMAND);
    }

    #[test]
    fn ci_steps_are_in_the_documented_order() {
        let names: Vec<&str> = CI_STEPS.iter().map(|s| s.name).collect();
        assert_eq!(
            names,
            [
                "fmt",
                "clippy",
                "test",
                "doc",
                "doc-crates",
                "deps",
                "spec-check",
                "fuzz-check",
                "bench"
            ]
        );
        assert_eq!(
            CI_STEPS[3].display(),
            "RUSTDOCFLAGS=\"-D warnings\" cargo doc --workspace --no-deps --all-features"
        );
    }

    #[test]
    fn every_library_crate_is_documented_alone_both_ways() {
        let step = CI_STEPS
            .iter()
            .find(|s| s.name == "doc-crates")
            .expect("a doc-crates step");
        assert_eq!(step.program, Program::DocCrates);
        assert_eq!(step.env, [("RUSTDOCFLAGS", "-D warnings")]);
        let commands: Vec<String> = doc_crate_commands()
            .iter()
            .map(|args| args.join(" "))
            .collect();
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        for krate in DOC_CRATES {
            // Each one is a library crate of this workspace.
            let lib = root.join("crates").join(krate).join("src/lib.rs");
            assert!(lib.is_file(), "{}", lib.display());
            for want in [
                format!("doc -p {krate} --no-deps"),
                format!("doc -p {krate} --no-deps --all-features"),
            ] {
                assert!(commands.contains(&want), "{want}: {commands:?}");
            }
        }
        assert_eq!(commands.len(), 2 * DOC_CRATES.len());
        let names: Vec<&str> = doc_steps().map(|s| s.name).collect();
        assert_eq!(names, ["doc", "doc-crates"]);
        // The adapters, whose crate docs are what a new user reads first, are in the list.
        for adapter in ["cartesia-reqwest", "cartesia-ureq"] {
            assert!(DOC_CRATES.contains(&adapter));
        }
    }

    #[test]
    fn bench_step_runs_the_quick_benchmark() {
        let step = CI_STEPS
            .iter()
            .find(|s| s.name == "bench")
            .expect("a bench step");
        assert_eq!(step.program, Program::Bench);
        assert_eq!(step.args, ["--quick"]);
        assert_eq!(step.display(), "cargo xtask bench --quick (in-process)");
        let args: Vec<String> = step.args.iter().map(|a| (*a).to_owned()).collect();
        assert!(bench::check_args(&args).is_ok());
    }

    #[test]
    fn dep_rules_are_well_formed() {
        let mut crates = BTreeSet::new();
        for rule in DEP_RULES {
            assert!(
                crates.insert(rule.krate),
                "duplicate rule for {}",
                rule.krate
            );
            let unique: BTreeSet<_> = rule.forbidden.iter().collect();
            assert_eq!(unique.len(), rule.forbidden.len(), "{}", rule.krate);
            assert!(!rule.forbidden.contains(&rule.krate));
        }
    }

    #[test]
    fn formats_durations() {
        assert_eq!(fmt_duration(Duration::from_millis(0)), "0.0s");
        assert_eq!(fmt_duration(Duration::from_millis(4_250)), "4.2s");
        assert_eq!(fmt_duration(Duration::from_millis(63_500)), "1m 03.5s");
    }
}
