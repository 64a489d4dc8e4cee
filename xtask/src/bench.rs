//! `cargo xtask bench [--quick]`: builds `cartesia-bench` in release and runs it.
//!
//! The benchmark measures the client CPU time of one List Phone Numbers call through the SDK's
//! two clients and through hand-written reqwest and ureq calls, and the streaming pairs
//! (streamed TTS audio: CPU per MiB and time to first byte; SSE decoding: CPU per MiB) — see
//! `docs/PERFORMANCE.md`.
//! It prints ratios; it never fails on their value, only when it cannot run.

use std::path::PathBuf;
use std::process::Stdio;

use crate::Ctx;

/// The arguments `cargo xtask bench` accepts (passed on to the runner).
pub const ARGS: &[&str] = &["--quick"];

/// `cargo build --release -p cartesia-bench` without the leading `cargo`.
pub const BUILD_ARGS: &[&str] = &["build", "--release", "-p", "cartesia-bench"];

/// Checks the arguments: `Err` with a message for anything but `--quick`.
pub fn check_args(args: &[String]) -> Result<(), String> {
    match args.iter().find(|a| !ARGS.contains(&a.as_str())) {
        Some(a) => Err(format!("`cargo xtask bench` takes only --quick (got: {a})")),
        None => Ok(()),
    }
}

/// Where cargo puts the release binary: `$CARGO_TARGET_DIR` or `<root>/target`.
fn binary(ctx: &Ctx) -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map(|d| if d.is_absolute() { d } else { ctx.root.join(d) })
        .unwrap_or_else(|| ctx.root.join("target"));
    target
        .join("release")
        .join(format!("cartesia-bench{}", std::env::consts::EXE_SUFFIX))
}

/// Builds and runs the benchmark; `Err` says why it could not run.
pub fn run(ctx: &Ctx, args: &[String]) -> Result<(), String> {
    check_args(args)?;
    let status = ctx
        .cargo()
        .args(BUILD_ARGS)
        .stdin(Stdio::null())
        .status()
        .map_err(|e| format!("could not start `cargo`: {e}"))?;
    if !status.success() {
        return Err(format!(
            "`cargo {}` failed ({status})",
            BUILD_ARGS.join(" ")
        ));
    }
    let exe = binary(ctx);
    let status = std::process::Command::new(&exe)
        .args(args)
        .current_dir(&ctx.root)
        .stdin(Stdio::null())
        .status()
        .map_err(|e| format!("could not start {}: {e}", exe.display()))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{} failed ({status})", exe.display()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_quick_is_accepted() {
        assert!(check_args(&[]).is_ok());
        assert!(check_args(&["--quick".to_owned()]).is_ok());
        assert!(check_args(&["--fast".to_owned()]).is_err());
    }
}
