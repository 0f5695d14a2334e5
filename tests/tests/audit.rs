//! The browser audit (`cookie_registry_audit::audit`) in the real Chromium (`CHROMIUM`, else
//! `/usr/bin/chromium`): the misbehaving shop's drift found exactly, `axum_site` clean, and the
//! failures bounded, explained, and leaving no browser process behind.
//!
//! Longer than 400 lines: the misbehaving shop the audit must catch is defined here, next to
//! the assertions on each drift it plants, so a reader sees both together.

use std::path::Path;
use std::time::{Duration, Instant};

use cookie_registry::Category;
use std::sync::{Arc, Mutex as StdMutex};

use cookie_registry_audit::{
    AuditError, AuditOptions, FindingKind, Pages, Pass, Progress, Report, Severity, Status, audit,
};
use cookie_registry_tests::audit_site::{
    self, Cookies, axum_site, browser_processes, crash_browsers, refusing_url, serve_axum_site,
    serve_misbehaving, serve_never_settling,
};
use cookie_registry_tests::skip;

/// One browser at a time: the machine has two cores.
static ONE_BROWSER: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// What every audit's profile directory starts with, in this process.
fn profile_marker() -> String {
    format!("cookie-registry-audit-{}-", std::process::id())
}

/// The options of these tests, or `None` (after saying why) when there is no Chromium.
fn options(test: &str) -> Option<AuditOptions> {
    let options = AuditOptions::default().with_deadline(Duration::from_secs(120));
    if !options.chromium().exists() {
        skip(
            test,
            &format!("no Chromium at {}", options.chromium().display()),
        );
        return None;
    }
    Some(options)
}

async fn lock() -> tokio::sync::MutexGuard<'static, ()> {
    ONE_BROWSER.lock().await
}

/// The finding of `kind` for `name`, which must be the only one of that kind and name.
fn finding<'a>(
    report: &'a Report,
    kind: FindingKind,
    name: &str,
) -> &'a cookie_registry_audit::Finding {
    let found: Vec<_> = report.of_kind(kind).filter(|f| f.name == name).collect();
    assert_eq!(found.len(), 1, "{kind} {name}:\n{}", report.table());
    found[0]
}

/// One audit (about 25 s) with every expected finding checked in turn, so the test is one long
/// function rather than seven audits.
#[tokio::test]
async fn the_misbehaving_shop_shows_each_drift_once_in_the_right_passes() {
    let Some(options) = options("the_misbehaving_shop_shows_each_drift_once_in_the_right_passes")
    else {
        return;
    };
    let _one = lock().await;
    let site = serve_misbehaving().await;
    let steps = Arc::new(StdMutex::new(Vec::new()));
    let seen = Arc::clone(&steps);
    let options = options.on_progress(move |step| seen.lock().unwrap().push(step.clone()));
    let report = audit::<Cookies>(&site.url, options).await;
    let table = report.table();
    println!("{table}"); // the README's sample report
    let steps = steps.lock().unwrap().clone();
    let passes = steps
        .iter()
        .filter(|s| matches!(s, Progress::Pass { .. }))
        .count();
    let pages = steps
        .iter()
        .filter(|s| matches!(s, Progress::Page { .. }))
        .count();
    // A page before the choice in each pass, and after it in each of the five that choose.
    assert_eq!((passes, pages), (6, 6 + 5), "{steps:?}");
    assert_eq!(report.error, None, "{table}");
    let all = Pass::all(&[
        Category::Preferences,
        Category::Statistics,
        Category::Marketing,
    ]);
    let ran: Vec<Pass> = report.passes.iter().map(|p| p.pass).collect();
    assert_eq!(ran, all, "{table}");

    let host = site.addr.ip().to_string();
    let tracker = finding(&report, FindingKind::Undeclared, "tracker_id");
    assert_eq!(
        (tracker.domain.as_str(), &tracker.passes),
        (host.as_str(), &all)
    );
    assert_eq!(tracker.page, site.url);
    let suggestion = tracker.suggestion.as_deref().unwrap_or_default();
    assert!(
        suggestion.starts_with("#[cookie(name = \"tracker_id\", category = /*"),
        "{suggestion}"
    );
    assert!(
        suggestion.contains("max_age = \"1d\"") && !suggestion.contains("third_party"),
        "{suggestion}"
    );

    let frame = finding(&report, FindingKind::Undeclared, "frame_uid");
    assert_eq!(
        (frame.domain.as_str(), &frame.passes),
        ("localhost", &all),
        "{table}"
    );
    let suggestion = frame.suggestion.as_deref().unwrap_or_default();
    assert!(
        suggestion.contains("max_age = \"1w\"") && suggestion.contains("third_party"),
        "{suggestion}"
    );

    let stat = finding(&report, FindingKind::BeforeConsent, "_stat");
    assert_eq!(stat.passes, all);

    let theme = finding(&report, FindingKind::LongerThanDeclared, "theme");
    let granting = [Pass::Only(Category::Preferences), Pass::AcceptAll];
    assert_eq!(theme.passes, granting);
    assert_eq!(theme.detail, "expires in 90d, declared 30d");

    let sid = finding(&report, FindingKind::AttributeMismatch, "sid");
    assert_eq!(
        (sid.passes.as_slice(), sid.detail.as_str()),
        (all.as_slice(), "HttpOnly: declared set, not set")
    );

    let storage = finding(&report, FindingKind::StorageUndeclared, "ab_test");
    assert_eq!(
        (storage.domain.as_str(), &storage.passes),
        (site.url.trim_end_matches('/'), &all)
    );

    let mkt = finding(&report, FindingKind::NotAllowed, "_mkt");
    let refusing = [
        Pass::RejectAll,
        Pass::Only(Category::Preferences),
        Pass::Only(Category::Statistics),
    ];
    assert_eq!(mkt.passes, refusing);

    assert_eq!(report.findings.len(), 7, "exactly these findings:\n{table}");
    assert_eq!(report.status, Status::Findings);
    assert_eq!(
        browser_processes(&profile_marker()),
        0,
        "a browser was left behind"
    );
}

#[tokio::test]
async fn axum_site_has_no_finding_in_any_pass() {
    let Some(options) = options("axum_site_has_no_finding_in_any_pass") else {
        return;
    };
    let _one = lock().await;
    let site = serve_axum_site().await;
    // A crawl of two pages: the page, and the first same-origin link that is not itself.
    let options = options.with_pages(Pages::Crawl(2));
    let report = audit::<axum_site::Cookies>(&site.url, options).await;
    let table = report.table();
    assert_eq!(report.error, None, "{table}");
    assert_eq!(report.passes.len(), 6, "{table}");
    let crawled = [site.url.clone(), format!("{}cookies", site.url)];
    assert!(
        report
            .passes
            .iter()
            .all(|p| p.pages == crawled && p.cookies > 0),
        "{table}"
    );
    // The example declares the cookieconsent and Klaro banners' own records (its generated
    // configs refuse to generate without them) and Meta's `ad_profile`: only pages that use those
    // banners, or Meta's script, set them, and the example's own pages use neither. The audit
    // warns that it never saw them (a warning: the status stays clean), and finds nothing else.
    assert!(
        report
            .findings
            .iter()
            .all(|f| f.kind == FindingKind::DeclaredNeverSeen && f.severity == Severity::Warning),
        "{table}"
    );
    let mut unseen: Vec<&str> = report.findings.iter().map(|f| f.name.as_str()).collect();
    unseen.sort_unstable();
    assert_eq!(unseen, ["ad_profile", "cc_cookie", "klaro"], "{table}");
    assert_eq!(report.status, Status::Clean);
    assert_eq!(
        browser_processes(&profile_marker()),
        0,
        "a browser was left behind"
    );
}

#[tokio::test]
async fn a_page_that_never_settles_times_out_and_leaves_no_browser() {
    let Some(options) = options("a_page_that_never_settles_times_out_and_leaves_no_browser") else {
        return;
    };
    let _one = lock().await;
    let site = serve_never_settling().await;
    let started = Instant::now();
    let options = options.with_page_timeout(Duration::from_secs(2));
    let report = audit::<Cookies>(&site.url, options).await;
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(
        report.error,
        Some(AuditError::PageTimeout {
            url: site.url.clone(),
            timeout: Duration::from_secs(2)
        })
    );
    assert_eq!(report.status, Status::Failed);
    assert_eq!(
        report.error.as_ref().map(ToString::to_string),
        Some(format!(
            "{} did not finish loading within 2 s (the per-page timeout)",
            site.url
        ))
    );
    assert_eq!(
        browser_processes(&profile_marker()),
        0,
        "a browser was left behind"
    );
}

#[tokio::test]
async fn a_refused_connection_is_a_clear_error_and_leaves_no_browser() {
    let Some(options) = options("a_refused_connection_is_a_clear_error_and_leaves_no_browser")
    else {
        return;
    };
    let _one = lock().await;
    let url = refusing_url().await;
    let started = Instant::now();
    let report = audit::<Cookies>(&url, options).await;
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(
        report.error.as_ref().map(ToString::to_string),
        Some(format!("{url} is unreachable: net::ERR_CONNECTION_REFUSED"))
    );
    assert_eq!(report.status.exit_code(), 2);
    assert_eq!(
        browser_processes(&profile_marker()),
        0,
        "a browser was left behind"
    );
}

#[tokio::test]
async fn the_overall_deadline_stops_the_audit_and_its_browser() {
    let Some(options) = options("the_overall_deadline_stops_the_audit_and_its_browser") else {
        return;
    };
    let _one = lock().await;
    let site = serve_never_settling().await;
    let started = Instant::now();
    let options = options
        .with_page_timeout(Duration::from_secs(60))
        .with_deadline(Duration::from_secs(3));
    let report = audit::<Cookies>(&site.url, options).await;
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_secs(3) && elapsed < Duration::from_secs(5),
        "{elapsed:?}"
    );
    assert_eq!(
        report.error,
        Some(AuditError::Deadline(Duration::from_secs(3)))
    );
    assert_eq!(
        browser_processes(&profile_marker()),
        0,
        "a browser was left behind"
    );
}

#[tokio::test]
async fn a_browser_that_dies_is_restarted_once_then_the_audit_fails_with_the_reason() {
    let test = "a_browser_that_dies_is_restarted_once_then_the_audit_fails_with_the_reason";
    let Some(options) = options(test) else {
        return;
    };
    // A "browser" that counts its starts and dies at once.
    let dir =
        std::env::temp_dir().join(format!("cookie-registry-audit-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let starts = dir.join("starts");
    let fake = dir.join("chromium");
    std::fs::write(
        &fake,
        format!(
            "#!/bin/sh\necho start >> '{}'\necho 'fatal: no display' >&2\nexit 3\n",
            starts.display()
        ),
    )
    .expect("write the fake browser");
    make_executable(&fake);
    let site = serve_misbehaving().await;
    let report = audit::<Cookies>(&site.url, options.with_chromium(&fake)).await;
    let count = std::fs::read_to_string(&starts)
        .unwrap_or_default()
        .lines()
        .count();
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(count, 2, "started once, restarted once");
    assert_eq!(
        report.error.as_ref().map(ToString::to_string),
        Some("the browser could not start: it exited with exit status: 3 before opening DevTools: fatal: no display".into())
    );
    assert_eq!(report.status, Status::Failed);
    assert!(
        report
            .findings
            .iter()
            .all(|f| f.severity == Severity::Error)
    );
}

#[tokio::test]
async fn a_browser_killed_mid_pass_is_restarted_and_the_audit_completes() {
    let test = "a_browser_killed_mid_pass_is_restarted_and_the_audit_completes";
    let Some(options) = options(test) else {
        return;
    };
    let _one = lock().await;
    let site = serve_axum_site().await;
    let steps = Arc::new(StdMutex::new(Vec::new()));
    let seen = Arc::clone(&steps);
    // The browser of the second pass dies after its first page, as in a crash.
    let options = options.on_progress(move |step| {
        let mut steps = seen.lock().unwrap();
        let first_page_of_reject_all = matches!(
            step,
            Progress::Page {
                pass: Pass::RejectAll,
                ..
            }
        ) && !steps.iter().any(|s| {
            matches!(
                s,
                Progress::Page {
                    pass: Pass::RejectAll,
                    ..
                }
            )
        });
        steps.push(step.clone());
        if first_page_of_reject_all {
            assert!(crash_browsers(&profile_marker()) > 0, "a browser to kill");
        }
    });
    let report = audit::<axum_site::Cookies>(&site.url, options).await;
    let table = report.table();
    assert_eq!(
        (report.status, report.passes.len()),
        (Status::Clean, 6),
        "{table}"
    );
    let steps = steps.lock().unwrap().clone();
    let restarts: Vec<_> = steps
        .iter()
        .filter(|s| matches!(s, Progress::Restart(_)))
        .collect();
    assert_eq!(
        restarts,
        [&Progress::Restart(
            "the browser closed its DevTools connection".into()
        )]
    );
    assert_eq!(
        browser_processes(&profile_marker()),
        0,
        "a browser was left behind"
    );
}

#[tokio::test]
async fn a_panic_inside_the_audit_leaves_no_browser_behind() {
    let Some(options) = options("a_panic_inside_the_audit_leaves_no_browser_behind") else {
        return;
    };
    let _one = lock().await;
    let site = serve_misbehaving().await;
    let url = site.url.clone();
    // The progress callback panics once the first page is loaded, with the browser running.
    let options = options.on_progress(|step| {
        assert!(
            !matches!(step, Progress::Page { .. }),
            "a bug in the caller"
        );
    });
    let audit = tokio::spawn(async move { audit::<Cookies>(&url, options).await });
    let outcome = audit.await;
    assert!(outcome.is_err_and(|e| e.is_panic()));
    assert_eq!(
        browser_processes(&profile_marker()),
        0,
        "a browser was left behind"
    );
}

fn make_executable(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
}

#[test]
fn the_fixture_declares_what_the_audit_expects() {
    // The expectations above depend on these declarations; a change to them must be deliberate.
    let manifest = cookie_registry_audit::Manifest::of::<Cookies>();
    assert_eq!(manifest.consent_cookie.as_deref(), Some("consent"));
    let names: Vec<&str> = manifest.cookies.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(names, ["sid", "consent", "theme", "_stat", "_mkt"]);
    let _ = audit_site::refusing_url; // served above
}
