//! Argument parsing and output shared by the quickstart and the two `list_phone_numbers`
//! examples (the examples include this file with `#[path]`, so there is one copy).

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
