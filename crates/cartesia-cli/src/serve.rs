//! `cartesia-rs mock`: the mock server in the foreground, for any client's tests.

use std::io::Write;

use cartesia_mock::MockServer;

use crate::args::{Global, MockArgs};
use crate::report::Failure;

/// Starts the server, prints its URL (and how to use it) on stdout, and serves until the
/// process is interrupted.
pub fn run(args: &MockArgs, global: &Global) -> Result<(), Failure> {
    if global.base_url.is_some() || global.mock {
        return Err(Failure::Usage(
            "mock: --base-url and --mock do not apply; the command is the server".to_owned(),
        ));
    }
    let mut builder = MockServer::builder().port(args.port);
    if args.empty {
        builder = builder.without_demo_data();
    }
    if let Some(key) = &global.api_key {
        if key.trim().is_empty() {
            return Err(Failure::Usage("mock: --api-key is blank".to_owned()));
        }
        builder = builder.api_key(key.clone());
    }
    let server = builder.start().map_err(|e| {
        Failure::Other(format!(
            "mock: could not listen on 127.0.0.1:{}: {e}",
            args.port
        ))
    })?;
    let key_note = if global.api_key.is_some() {
        "the key given with --api-key"
    } else {
        "any non-empty key"
    };
    let mut stdout = std::io::stdout();
    writeln!(stdout, "{}", server.url())
        .and_then(|()| {
            writeln!(
                stdout,
                "cartesia-mock is serving the Cartesia API (2026-03-01) at {} with {}; \
                 send Authorization: Bearer <{key_note}> and Cartesia-Version. Ctrl-C stops it.",
                server.url(),
                if args.empty {
                    "no demo data"
                } else {
                    "demo data (try agent_demo)"
                },
            )
        })
        .and_then(|()| stdout.flush())?;
    // The server runs on its own thread; this one waits for the interrupt, which ends the
    // process.
    loop {
        std::thread::park();
    }
}
