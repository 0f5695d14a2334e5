//! `cookie-registry`: the operator's command line for a site built on `cookie-registry`.
//!
//! Each subcommand lives in a module of its own; this file only dispatches. Exit codes, for
//! every subcommand: 0 success, 1 a check failed (a broken ledger chain), 2 a usage error,
//! 3 the database cannot be opened or read, 4 an unknown consent id, 5 the output cannot be
//! written.

#![forbid(unsafe_code)]

mod ledger;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// The cookie-registry operator's tools.
#[derive(Debug, Parser)]
#[command(name = "cookie-registry", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Proof of consent: show, export, verify and purge a consent ledger.
    #[command(subcommand)]
    Ledger(ledger::Command),
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Ledger(command) => ledger::run(command),
    }
}
