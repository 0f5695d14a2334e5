//! `cookie-registry`: the command-line tool of cookie-registry. Each subcommand lives in its own
//! module; this file only parses the command line, dispatches and maps the outcome to the exit
//! status (0 clean, 1 findings, 2 could not run), printing errors on one line.

#![forbid(unsafe_code)]

mod audit;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Keeps a site's cookies in step with its cookie registry.
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
}

/// What a subcommand ends with: its exit status, or an error it could not run past (status 2).
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
    };
    match outcome {
        Ok(status) => ExitCode::from(status),
        Err(message) => {
            eprintln!("error: {}", message.replace('\n', " "));
            ExitCode::from(2)
        }
    }
}
