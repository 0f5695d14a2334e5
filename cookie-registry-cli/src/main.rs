//! `cookie-registry`: the command line of cookie-registry, for a site's operators and its CI.
//!
//! Each subcommand lives in a module of its own; this file only parses the command line,
//! dispatches, and prints a usage error on one line (status 2). Exit codes:
//!
//! - `audit`: 0 clean, 1 findings, 2 the audit could not run;
//! - `ledger`: 0 success, 1 a check failed (a broken chain), 2 a usage error, 3 the database
//!   cannot be opened or read, 4 an unknown consent id, 5 the output cannot be written.

#![forbid(unsafe_code)]

mod audit;
mod ledger;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Keeps a site's cookies in step with its cookie registry, and its proof of consent.
#[derive(Parser)]
#[command(name = "cookie-registry", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Audits a site in a real browser against the registry's manifest.
    Audit(audit::Args),
    /// Proof of consent: show, export, verify and purge a consent ledger.
    #[command(subcommand)]
    Ledger(ledger::Command),
}

/// What the audit ends with: its exit status, or an error it could not run past (status 2).
type Outcome = Result<u8, String>;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // `--help` and `--version` print their text and exit 0.
        Err(error) if !error.use_stderr() => error.exit(),
        // A usage error: clap's message and tips on one line (without the usage), status 2.
        Err(error) => {
            let message = error.to_string();
            let lines: Vec<&str> = message
                .lines()
                .take_while(|line| !line.starts_with("Usage:"))
                .map(str::trim)
                .filter(|line| !line.is_empty())
                .collect();
            eprintln!("{} (see --help)", lines.join(" "));
            return ExitCode::from(2);
        }
    };
    let outcome: Outcome = match cli.command {
        Command::Audit(args) => audit::run(args),
        Command::Ledger(command) => return ledger::run(command),
    };
    match outcome {
        Ok(status) => ExitCode::from(status),
        Err(message) => {
            eprintln!("error: {}", message.replace('\n', " "));
            ExitCode::from(2)
        }
    }
}
