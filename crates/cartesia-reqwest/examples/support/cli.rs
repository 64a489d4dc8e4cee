//! Argument parsing and output shared by the two `list_phone_numbers` examples (of
//! cartesia-reqwest and cartesia-ureq), which include this file with `#[path]`, so there is one
//! copy. Its unit tests run with `cargo test -p cartesia-cli`, which includes it the same way.

use std::io::Write;

use cartesia_core::PhoneNumber;

/// What the command line asked for.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Args {
    /// The agent whose numbers to list.
    pub agent_id: Option<String>,
    /// Print the JSON array instead of one line per number.
    pub json: bool,
}

/// Parses `[--json] [AGENT_ID]` (in any order). `Err` carries the usage message.
pub fn parse_args(args: impl IntoIterator<Item = String>, usage: &str) -> Result<Args, String> {
    let mut out = Args::default();
    for a in args {
        match a.as_str() {
            "--json" => out.json = true,
            "-h" | "--help" => return Err(usage.to_owned()),
            s if s.starts_with("--") => return Err(format!("unknown option {s}\n{usage}")),
            _ if out.agent_id.is_some() => {
                return Err(format!("unexpected argument {a:?}\n{usage}"))
            }
            _ => out.agent_id = Some(a),
        }
    }
    Ok(out)
}

/// Writes the numbers: one `<number> <agent_id>` line each, or the JSON array.
pub fn print_numbers(
    out: &mut impl Write,
    numbers: &[PhoneNumber],
    json: bool,
) -> std::io::Result<()> {
    if json {
        let text = serde_json::to_string_pretty(numbers).map_err(std::io::Error::other)?;
        writeln!(out, "{text}")
    } else {
        for n in numbers {
            writeln!(out, "{} {}", n.number, n.agent_id)?;
        }
        Ok(())
    }
}

/// The whole `list_phone_numbers` example around `fetch`: parses `<AGENT_ID> [--json]`, calls
/// `fetch(agent_id)`, prints the numbers, or prints the error (never the key) to stderr.
/// Exit codes: 0 success, 1 error, 2 usage.
#[allow(dead_code)] // used by the examples, not by the tests that include this file
pub fn example_main<E: std::fmt::Display>(
    usage: &str,
    fetch: impl FnOnce(&str) -> Result<Vec<PhoneNumber>, E>,
) -> std::process::ExitCode {
    use std::process::ExitCode;
    let args = match parse_args(std::env::args().skip(1), usage) {
        Ok(Args {
            agent_id: Some(agent_id),
            json,
        }) => (agent_id, json),
        Ok(_) => {
            eprintln!("{usage}");
            return ExitCode::from(2);
        }
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let printed = fetch(&args.0)
        .map_err(|e| e.to_string())
        .and_then(|numbers| {
            print_numbers(&mut std::io::stdout().lock(), &numbers, args.1)
                .map_err(|e| e.to_string())
        });
    match printed {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Result<Args, String> {
        parse_args(list.iter().map(|s| s.to_string()), "USAGE")
    }

    #[test]
    fn parses_agent_and_json_in_any_order() {
        assert_eq!(
            args(&["a1", "--json"]).unwrap(),
            Args {
                agent_id: Some("a1".into()),
                json: true
            }
        );
        assert_eq!(
            args(&["--json", "a/b c"]).unwrap(),
            Args {
                agent_id: Some("a/b c".into()),
                json: true
            }
        );
        assert_eq!(args(&[]).unwrap(), Args::default());
    }

    #[test]
    fn rejects_unknown_options_and_extra_arguments() {
        assert!(args(&["--jsn"])
            .unwrap_err()
            .contains("unknown option --jsn"));
        assert!(args(&["a", "b"])
            .unwrap_err()
            .contains("unexpected argument"));
        assert_eq!(args(&["--help"]).unwrap_err(), "USAGE");
    }

    #[test]
    fn prints_lines_and_json() {
        let t = cartesia_core::types::Timestamp::parse("2026-03-01T12:00:00Z").unwrap();
        let n = vec![PhoneNumber::new("a1", "+1555", t, t, true)];
        let mut out = Vec::new();
        print_numbers(&mut out, &n, false).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "+1555 a1\n");
        let mut out = Vec::new();
        print_numbers(&mut out, &n, true).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v[0]["created_at"], "2026-03-01T12:00:00Z");
    }
}
