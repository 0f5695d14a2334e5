//! `cookie-registry audit <url> --registry <manifest.json>`: a real-browser audit of a site
//! against its registry's manifest (`cookie_registry_audit::Manifest` as JSON).

use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use cookie_registry_audit::{AuditOptions, Manifest, Pages, Progress, audit_manifest};
use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::Outcome;

/// Audits a site in Chromium against the registry's manifest: no choice, reject all, each
/// optional category alone, accept all. Exit status 0 when clean, 1 on findings, 2 when the
/// audit could not run.
#[derive(clap::Args)]
pub struct Args {
    /// The page to start from, e.g. http://127.0.0.1:8080/.
    url: String,
    /// The registry's manifest: `serde_json::to_string(&Manifest::of::<Cookies>())`.
    #[arg(long, value_name = "MANIFEST.JSON")]
    registry: PathBuf,
    /// Print the report as JSON (the README's schema) instead of a table.
    #[arg(long)]
    json: bool,
    /// Also write the report as JUnit XML to this file.
    #[arg(long, value_name = "FILE")]
    junit: Option<PathBuf>,
    /// A further page to load in every pass (absolute, or a path on the site); repeatable.
    #[arg(long = "page", value_name = "URL", conflicts_with = "crawl")]
    pages: Vec<String>,
    /// Instead of --page: follow same-origin links from the URL, up to this many pages.
    #[arg(long, value_name = "N")]
    crawl: Option<usize>,
    /// Seconds one page may take to load.
    #[arg(long, value_name = "SECS", default_value = "15", value_parser = seconds)]
    page_timeout: Duration,
    /// Seconds the whole audit may take.
    #[arg(long, value_name = "SECS", default_value = "180", value_parser = seconds)]
    deadline: Duration,
    /// Seconds to wait at most for the network to fall idle after each page.
    #[arg(long, value_name = "SECS", default_value = "3", value_parser = seconds)]
    idle_wait: Duration,
    /// The Chromium binary [default: $CHROMIUM, else /usr/bin/chromium].
    #[arg(long, value_name = "PATH")]
    chromium: Option<PathBuf>,
}

/// Runs the audit and prints its report; the status is the report's exit code.
pub fn run(args: Args) -> Outcome {
    let manifest = read_manifest(&args.registry)?;
    let mut options = AuditOptions::default()
        .with_pages(match args.crawl {
            Some(max) => Pages::Crawl(max),
            None => Pages::List(args.pages.clone()),
        })
        .with_page_timeout(args.page_timeout)
        .with_deadline(args.deadline)
        .with_idle_wait(args.idle_wait);
    if let Some(chromium) = &args.chromium {
        options = options.with_chromium(chromium);
    }
    let bars = Bars::new();
    let progress = Arc::clone(&bars);
    options = options.on_progress(move |step| progress_step(&progress, step));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the async runtime: {e}"))?;
    let report = runtime.block_on(audit_manifest(&args.url, &manifest, options));
    finish(&bars);
    if let Some(path) = &args.junit {
        std::fs::write(path, report.to_junit())
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    if args.json {
        println!("{}", report.to_json());
    } else {
        print!("{}", report.table());
    }
    if let Some(error) = &report.error {
        // The one-line error the exit status 2 goes with (also after a JSON report).
        eprintln!("error: {error}");
    }
    Ok(report.status.exit_code())
}

fn read_manifest(path: &std::path::Path) -> Result<Manifest, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read the manifest {}: {e}", path.display()))?;
    serde_json::from_str(&text)
        .map_err(|e| format!("{} is not a cookie-registry manifest: {e}", path.display()))
}

fn seconds(text: &str) -> Result<Duration, String> {
    text.parse::<f64>()
        .ok()
        .filter(|secs| secs.is_finite() && *secs > 0.0)
        .map(Duration::from_secs_f64)
        .ok_or_else(|| format!("{text:?} is not a positive number of seconds"))
}

/// One progress bar per pass, on standard error and only when it is a terminal.
struct Bars {
    multi: MultiProgress,
    current: Option<ProgressBar>,
}

impl Bars {
    fn new() -> Arc<Mutex<Bars>> {
        Arc::new(Mutex::new(Bars {
            multi: MultiProgress::with_draw_target(ProgressDrawTarget::stderr()),
            current: None,
        }))
    }
}

fn progress_step(bars: &Mutex<Bars>, step: &Progress) {
    let mut bars = bars.lock().unwrap_or_else(PoisonError::into_inner);
    match step {
        Progress::Pass {
            pass,
            index,
            of,
            pages,
        } => {
            if let Some(done) = bars.current.take() {
                done.finish();
            }
            let style = ProgressStyle::with_template("{prefix:>18} [{bar:20}] {pos}/{len} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar());
            let bar = bars.multi.add(ProgressBar::new(*pages as u64));
            bar.set_style(style);
            bar.set_prefix(format!("{}/{of} {pass}", index + 1));
            bars.current = Some(bar);
        }
        Progress::Page { url, .. } => {
            if let Some(bar) = &bars.current {
                if bar.position() >= bar.length().unwrap_or(0) {
                    bar.inc_length(1);
                }
                bar.set_message(url.clone());
                bar.inc(1);
            }
        }
        Progress::Restart(why) => {
            let _ = bars.multi.println(format!("browser restarted: {why}"));
        }
        _ => {}
    }
}

fn finish(bars: &Mutex<Bars>) {
    let mut bars = bars.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(done) = bars.current.take() {
        done.finish();
    }
}
