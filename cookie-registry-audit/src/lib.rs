//! A real-browser audit of a site against its cookie registry, for CI.
//!
//! The derive keeps the server's cookies, the policy page and the banner in step; what it
//! cannot see happens in the browser: trackers that scripts set, tags that re-set deleted
//! cookies, other domains' cookies, storage entries, lifetimes longer than declared. This crate
//! drives the system's Chromium over the DevTools protocol (no browser download) through
//! several passes, each in a fresh profile — no choice, "reject all" through the site's own
//! banner, each optional category alone, "accept all" — collects every cookie of every domain
//! and the site origin's `localStorage`/`sessionStorage` keys, and compares them with the
//! declarations. The findings ([`FindingKind`]) are merged across passes: one per cookie and
//! kind, naming every pass it occurred in.
//!
//! [`audit`] is async, so a site's own `#[tokio::test]` awaits it directly (on the default
//! current-thread runtime; it needs tokio's `process`, `net` and `time` drivers, which
//! `#[tokio::test]` enables):
//!
//! ```no_run
//! use cookie_registry::CookieRegistry;
//! use cookie_registry_audit::{AuditOptions, Status, audit};
//!
//! #[derive(CookieRegistry)]
//! #[registry(provider = "Acme", consent_cookie = Consent)]
//! enum Cookies {
//!     #[cookie(name = "consent", category = Necessary, purpose = "Stores your choice",
//!              same_site = Lax, path = "/", max_age = "26w")]
//!     Consent,
//! }
//!
//! # async fn site_under_test() -> String { String::new() }
//! # async fn run() {
//! // In the site's tests: serve the site on 127.0.0.1, then
//! let url = site_under_test().await;
//! let report = audit::<Cookies>(&url, AuditOptions::default()).await;
//! assert_eq!(report.status, Status::Clean, "{}", report.table());
//! # }
//! ```
//!
//! The CLI (`cookie-registry audit <url> --registry manifest.json`) runs the same audit from a
//! [`Manifest`], the registry's declarations as JSON.
//!
//! Every wait is bounded: a page's load by the per-page timeout, the network's falling idle by
//! the idle wait, the whole audit by its deadline. The browser is killed with every process it
//! started when its pass ends, fails or is cancelled (also while a panic unwinds); a browser
//! that crashes is restarted once.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod cdp;
mod chromium;
mod error;
mod judge;
mod junit;
mod manifest;
mod observe;
mod options;
mod pass;
mod report;
mod suggest;
mod tab;

use cookie_registry::CookieRegistry;
use tokio::time::{Instant, timeout_at};

pub use error::AuditError;
pub use manifest::{Declared, Manifest, StorageKind};
pub use options::{AuditOptions, Pages, Progress};
pub use pass::Pass;
pub use report::{Finding, FindingKind, PassSummary, Report, Severity, Status};
pub use suggest::lifetime_text;

use observe::PassLog;

/// Audits the site at `url` against registry `R` (see the [crate] docs).
///
/// Never fails: an audit that could not run to its end has [`Report::error`] set and status
/// [`Status::Failed`], and keeps the findings of the passes that ran.
pub async fn audit<R: CookieRegistry>(url: &str, options: AuditOptions) -> Report {
    audit_manifest(url, &Manifest::of::<R>(), options).await
}

/// Audits the site at `url` against `manifest`: [`audit`] for a registry read from JSON.
pub async fn audit_manifest(url: &str, manifest: &Manifest, options: AuditOptions) -> Report {
    let started = Instant::now();
    let mut logs = Vec::new();
    let (result, host) = match origin_and_host(url) {
        Some((_, host)) => {
            let until = started + options.deadline;
            let run = timeout_at(until, run(url, manifest, &options, &mut logs)).await;
            (
                run.unwrap_or(Err(AuditError::Deadline(options.deadline))),
                host,
            )
        }
        None => (Err(AuditError::BadUrl(url.to_owned())), String::new()),
    };
    let error = result.err();
    let findings = judge::judge(manifest, url, &host, &logs, error.is_none());
    let passes = logs
        .iter()
        .map(|log| PassSummary {
            pass: log.pass,
            pages: log.pages.clone(),
            cookies: log.cookies.len(),
            storage_keys: log.storage.len(),
        })
        .collect();
    Report::new(url, passes, findings, error, started.elapsed())
}

/// Every pass in turn, each given a second browser once (for the whole audit) when the first
/// crashed or would not start.
async fn run(
    url: &str,
    manifest: &Manifest,
    options: &AuditOptions,
    logs: &mut Vec<PassLog>,
) -> Result<(), AuditError> {
    let (mut pages, crawl) = pages(url, options);
    let passes = Pass::all(&manifest.optional_categories());
    let mut restarts = 1;
    for (index, pass) in passes.iter().copied().enumerate() {
        options.report(Progress::Pass {
            pass,
            index,
            of: passes.len(),
            pages: pages.len(),
        });
        let crawl = crawl.filter(|_| index == 0);
        loop {
            let mut log = PassLog::new(pass);
            match pass::run(pass, &mut pages, crawl, options, &mut log).await {
                Ok(()) => {
                    logs.push(log);
                    break;
                }
                Err(AuditError::Crashed(why) | AuditError::Launch(why)) if restarts > 0 => {
                    restarts -= 1;
                    options.report(Progress::Restart(why));
                }
                Err(error) => return Err(error),
            }
        }
    }
    Ok(())
}

/// The pages of each pass, the audited URL first, and the crawl's bound if any.
fn pages(url: &str, options: &AuditOptions) -> (Vec<String>, Option<usize>) {
    let mut pages = vec![url.to_owned()];
    match &options.pages {
        Pages::Crawl(max) => (pages, Some((*max).max(1))),
        Pages::List(list) => {
            let origin = origin_and_host(url)
                .map(|(origin, _)| origin)
                .unwrap_or_default();
            for page in list {
                let page = if page.starts_with("http://") || page.starts_with("https://") {
                    page.clone()
                } else if page.starts_with('/') {
                    format!("{origin}{page}")
                } else {
                    format!("{origin}/{page}")
                };
                if !pages.contains(&page) {
                    pages.push(page);
                }
            }
            (pages, None)
        }
    }
}

/// `(scheme://host[:port], host)` of an `http` or `https` URL.
fn origin_and_host(url: &str) -> Option<(String, String)> {
    let (scheme, rest) = url.split_once("://")?;
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return None;
    }
    let authority = rest.split(['/', '?', '#']).next()?;
    let host_port = authority.rsplit('@').next()?;
    let host = if let Some(bracketed) = host_port.strip_prefix('[') {
        bracketed.split(']').next()?
    } else {
        host_port.split(':').next()?
    };
    if host.is_empty() {
        return None;
    }
    Some((format!("{scheme}://{host_port}"), host.to_ascii_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_and_hosts() {
        assert_eq!(
            origin_and_host("http://127.0.0.1:8080/a?b"),
            Some(("http://127.0.0.1:8080".into(), "127.0.0.1".into()))
        );
        assert_eq!(
            origin_and_host("https://Shop.Example/"),
            Some(("https://Shop.Example".into(), "shop.example".into()))
        );
        assert_eq!(origin_and_host("ftp://x/"), None);
        assert_eq!(origin_and_host("http:///"), None);
    }

    #[tokio::test]
    async fn a_url_that_is_not_http_fails_before_a_browser_starts() {
        let manifest = Manifest {
            format: 1,
            consent_cookie: None,
            cookies: Vec::new(),
        };
        let options = AuditOptions::default().with_chromium("/nonexistent/chromium");
        let report = audit_manifest("file:///etc/passwd", &manifest, options).await;
        assert_eq!(
            report.error,
            Some(AuditError::BadUrl("file:///etc/passwd".into()))
        );
        assert_eq!((report.status, report.passes.len()), (Status::Failed, 0));
    }

    #[test]
    fn listed_pages_resolve_against_the_origin_and_come_after_the_url() {
        let options = AuditOptions::default().with_pages(Pages::List(vec![
            "/cookies".into(),
            "shop?x=1".into(),
            "http://127.0.0.1:8080/".into(),
            "https://other.example/".into(),
        ]));
        assert_eq!(
            pages("http://127.0.0.1:8080/", &options),
            (
                vec![
                    "http://127.0.0.1:8080/".to_owned(),
                    "http://127.0.0.1:8080/cookies".to_owned(),
                    "http://127.0.0.1:8080/shop?x=1".to_owned(),
                    "https://other.example/".to_owned(),
                ],
                None
            )
        );
    }
}
