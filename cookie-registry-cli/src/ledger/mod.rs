//! `cookie-registry ledger ...`: the consent ledger's operator commands.

mod show;

use std::io::Write as _;
use std::process::ExitCode;

use clap::{Args, Subcommand};
use cookie_registry::ConsentId;
use cookie_registry_ledger::{ExportFormat, Ledger, LedgerError, VerifyError, time};
use indicatif::{ProgressBar, ProgressStyle};

/// A subcommand of `cookie-registry ledger`.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show a record, the history of decisions that led to it, and the notice its visitor saw.
    Show {
        /// The consent id (32 hex digits, as in the visitor's consent cookie).
        id: ConsentId,
        #[command(flatten)]
        db: Db,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Write the records decided in a time range as CSV or JSON lines.
    Export {
        /// The first decision time to include: Unix seconds or RFC 3339 (2025-01-31T00:00:00Z).
        #[arg(long, value_parser = time::parse, default_value = "0")]
        since: u64,
        /// The decision time to stop before (excluded); by default, no end.
        #[arg(long, value_parser = time::parse)]
        until: Option<u64>,
        /// csv (RFC 4180) or jsonl (a JSON object a line).
        #[arg(long, default_value = "csv")]
        format: ExportFormat,
        /// Write to this file instead of standard output.
        #[arg(long, short)]
        output: Option<std::path::PathBuf>,
        #[command(flatten)]
        db: Db,
    },
    /// Check the hash chain; exit 1 naming the first bad row.
    Verify {
        #[command(flatten)]
        db: Db,
        /// Print the report as JSON (rows, last_seq, head, anchor_seq) instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Remove the records decided before a time; the rest stay verifiable.
    Purge {
        /// Remove records decided before this time: Unix seconds or RFC 3339.
        #[arg(long, value_parser = time::parse)]
        before: u64,
        #[command(flatten)]
        db: Db,
    },
}

/// The ledger's database.
#[derive(Debug, Args)]
pub struct Db {
    /// sqlite://FILE or postgres://USER:PASSWORD@HOST:PORT/DATABASE (default: $DATABASE_URL).
    #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
    db: String,
}

/// How a command failed, with its exit code.
pub(crate) enum Failure {
    /// 1: the chain is broken.
    Broken(String),
    /// 3: the database cannot be opened or read.
    Database(String),
    /// 4: no record has this id.
    UnknownId(ConsentId),
    /// 5: the output cannot be written.
    Output(String),
}

impl From<LedgerError> for Failure {
    fn from(error: LedgerError) -> Failure {
        match error {
            LedgerError::Output(error) => Failure::Output(error.to_string()),
            error @ LedgerError::Corrupt { .. } => Failure::Broken(error.to_string()),
            error => Failure::Database(error.to_string()),
        }
    }
}

/// Runs `command`, prints its error on one line, and returns its exit code.
pub fn run(command: Command) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => return fail(&Failure::Database(format!("cannot start: {error}"))),
    };
    match runtime.block_on(dispatch(command)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => fail(&failure),
    }
}

async fn dispatch(command: Command) -> Result<(), Failure> {
    match command {
        Command::Show { id, db, json } => show::show(&open(&db).await?, id, json).await,
        Command::Export {
            since,
            until,
            format,
            output,
            db,
        } => {
            let ledger = open(&db).await?;
            export(&ledger, since, until.unwrap_or(u64::MAX), format, output).await
        }
        Command::Verify { db, json } => verify(&open(&db).await?, json).await,
        Command::Purge { before, db } => {
            let removed = open(&db).await?.purge_before(before).await?;
            let when = time::format_utc(before);
            println!("purged {removed} records decided before {when}");
            Ok(())
        }
    }
}

async fn open(db: &Db) -> Result<Ledger, Failure> {
    Ok(Ledger::open(&db.db).await?)
}

async fn export(
    ledger: &Ledger,
    since: u64,
    until: u64,
    format: ExportFormat,
    output: Option<std::path::PathBuf>,
) -> Result<(), Failure> {
    let total = ledger.count_between(since, until).await?;
    let mut out: Box<dyn std::io::Write + Send> = match &output {
        Some(path) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(path)
                .map_err(|e| Failure::Output(format!("cannot create {}: {e}", path.display())))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout())),
    };
    let bar = progress(total, "exporting");
    let written = ledger
        .export_with(since, until, format, &mut *out, |n| bar.set_position(n))
        .await?;
    bar.finish_and_clear();
    if output.is_some() {
        eprintln!("exported {written} records");
    }
    Ok(())
}

async fn verify(ledger: &Ledger, json: bool) -> Result<(), Failure> {
    let bar = progress(ledger.count().await?, "verifying");
    let result = ledger.verify_with(|n| bar.set_position(n)).await;
    bar.finish_and_clear();
    let report = result.map_err(|error| match error {
        VerifyError::Ledger(error) => Failure::from(error),
        broken => Failure::Broken(broken.to_string()),
    })?;
    if json {
        let value = serde_json::json!({
            "ok": true,
            "rows": report.rows,
            "last_seq": report.last_seq,
            "head": report.head,
            "anchor_seq": report.anchor.map(|a| a.seq),
        });
        println!("{value}");
        return Ok(());
    }
    let start = report.anchor.map_or_else(
        || "the first row".to_owned(),
        |a| format!("the anchor after row {}", a.seq),
    );
    println!(
        "ok: {} rows verified from {start}; head: row {}, hash {}",
        report.rows, report.last_seq, report.head
    );
    Ok(())
}

/// A progress bar on standard error, drawn only when it is a terminal.
fn progress(total: u64, verb: &'static str) -> ProgressBar {
    let bar = ProgressBar::new(total);
    if let Ok(style) = ProgressStyle::with_template("{msg} {wide_bar} {pos}/{len} rows") {
        bar.set_style(style);
    }
    bar.set_message(verb);
    bar
}

fn fail(failure: &Failure) -> ExitCode {
    let (code, message) = match failure {
        Failure::Broken(message) => (1, message.clone()),
        Failure::Database(message) => (3, message.clone()),
        Failure::UnknownId(id) => (4, format!("no consent record has id {id}")),
        Failure::Output(message) => (5, message.clone()),
    };
    // One line, whatever a driver's message holds.
    let message = message.split_whitespace().collect::<Vec<_>>().join(" ");
    let _ = writeln!(
        std::io::stderr().lock(),
        "cookie-registry: error: {message}"
    );
    ExitCode::from(code)
}
