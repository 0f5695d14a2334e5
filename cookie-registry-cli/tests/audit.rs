//! `cookie-registry audit` as a CI job runs it, against the misbehaving shop and `axum_site`
//! (served on 127.0.0.1 by `cookie_registry_tests::audit_site`) in the real Chromium: exit
//! statuses, the JSON report's schema, the JUnit file, and one-line errors.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Output;

use cookie_registry::CookieRegistry;
use cookie_registry_audit::Manifest;
use cookie_registry_tests::audit_site::{
    Cookies, axum_site, refusing_url, serve_axum_site, serve_misbehaving,
};
use cookie_registry_tests::skip;
use quick_xml::events::Event;
use serde_json::Value;

/// One browser at a time: the machine has two cores.
static ONE_BROWSER: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

async fn lock() -> tokio::sync::MutexGuard<'static, ()> {
    ONE_BROWSER.lock().await
}

fn chromium_missing(test: &str) -> bool {
    let chromium = std::env::var("CHROMIUM")
        .ok()
        .filter(|path| !path.is_empty())
        .unwrap_or_else(|| "/usr/bin/chromium".into());
    let missing = !Path::new(&chromium).exists();
    if missing {
        skip(test, &format!("no Chromium at {chromium}"));
    }
    missing
}

/// A scratch directory for one test, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(test: &str) -> Scratch {
        let dir =
            std::env::temp_dir().join(format!("cookie-registry-cli-{}-{test}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("scratch dir");
        Scratch(dir)
    }

    /// Writes the manifest of `R`, as a site exports it, and returns its path.
    fn manifest<R: CookieRegistry>(&self) -> PathBuf {
        let path = self.0.join("manifest.json");
        let json = serde_json::to_string_pretty(&Manifest::of::<R>()).expect("manifest JSON");
        std::fs::write(&path, json).expect("write the manifest");
        path
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs `cookie-registry` with `args` on a blocking thread, so that the site keeps being
/// served by this test's runtime.
async fn cookie_registry(args: Vec<String>) -> Output {
    tokio::task::spawn_blocking(move || {
        std::process::Command::new(env!("CARGO_BIN_EXE_cookie-registry"))
            .args(&args)
            .env("NO_COLOR", "1")
            .output()
            .expect("run cookie-registry")
    })
    .await
    .expect("the command's thread")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[tokio::test]
// Long: one run of the binary, then each artefact it must leave (exit code, JSON report, JUnit
// file) checked in turn.
async fn the_misbehaving_shop_exits_1_with_a_json_report_and_a_junit_file() {
    if chromium_missing("the_misbehaving_shop_exits_1_with_a_json_report_and_a_junit_file") {
        return;
    }
    let _one = lock().await;
    let scratch = Scratch::new("misbehaving");
    let site = serve_misbehaving().await;
    let junit = scratch.0.join("audit.xml");
    let args = [
        "audit",
        &site.url,
        "--registry",
        &scratch.manifest::<Cookies>().display().to_string(),
        "--json",
        "--junit",
        &junit.display().to_string(),
    ];
    let output = cookie_registry(args.map(String::from).to_vec()).await;
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    let report: Value = serde_json::from_slice(&output.stdout).expect("stdout is JSON");
    check_schema(&report);
    assert_eq!(report["status"], "findings");
    assert_eq!(report["url"], site.url.as_str());
    let kinds: BTreeSet<(String, String)> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["kind"].as_str().unwrap_or_default().to_owned(),
                f["name"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let expected = [
        ("undeclared", "tracker_id"),
        ("undeclared", "frame_uid"),
        ("before_consent", "_stat"),
        ("longer_than_declared", "theme"),
        ("attribute_mismatch", "sid"),
        ("storage_undeclared", "ab_test"),
        ("not_allowed", "_mkt"),
    ]
    .map(|(k, n)| (k.to_owned(), n.to_owned()))
    .into_iter()
    .collect();
    assert_eq!(kinds, expected);
    let not_allowed = report["findings"]
        .as_array()
        .and_then(|all| all.iter().find(|f| f["kind"] == "not_allowed"))
        .expect("not_allowed");
    assert_eq!(
        not_allowed["passes"],
        serde_json::json!(["reject_all", "only_preferences", "only_statistics"])
    );

    let xml = std::fs::read_to_string(&junit).expect("the JUnit file");
    let suite = junit_summary(&xml);
    assert_eq!(suite.cases, 7, "a test case per pass, and `audit`:\n{xml}");
    assert_eq!(
        (suite.tests, suite.failures, suite.errors),
        (7, 6, 0),
        "{xml}"
    );
    assert_eq!(suite.failure_elements, 6, "{xml}");
}

#[tokio::test]
async fn axum_site_exits_0_with_a_table_saying_no_findings() {
    if chromium_missing("axum_site_exits_0_with_a_table_saying_no_findings") {
        return;
    }
    let _one = lock().await;
    let scratch = Scratch::new("axum");
    let site = serve_axum_site().await;
    let junit = scratch.0.join("audit.xml");
    let args = [
        "audit",
        &site.url,
        "--registry",
        &scratch
            .manifest::<axum_site::Cookies>()
            .display()
            .to_string(),
        "--page",
        "/cookies",
        "--junit",
        &junit.display().to_string(),
    ];
    let output = cookie_registry(args.map(String::from).to_vec()).await;
    let stdout = text(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{stdout}{}",
        text(&output.stderr)
    );
    assert!(
        stdout.starts_with(&format!(
            "cookie-registry audit of {}: 6 passes, 2 pages each",
            site.url
        )),
        "{stdout}"
    );
    // Only the warnings that the declared banner records and Meta's `ad_profile` were never
    // seen (the example's pages set none of them; see tests/tests/audit.rs): no error.
    let kinds: Vec<&str> = stdout
        .lines()
        .skip(2) // the heading and the table's header
        .filter_map(|line| line.split_whitespace().next())
        .collect();
    assert_eq!(
        kinds,
        [
            "declared_never_seen",
            "declared_never_seen",
            "declared_never_seen"
        ],
        "{stdout}"
    );
    let suite = junit_summary(&std::fs::read_to_string(&junit).expect("the JUnit file"));
    assert_eq!(
        (
            suite.tests,
            suite.failures,
            suite.errors,
            suite.failure_elements
        ),
        (7, 0, 0, 0)
    );
}

#[tokio::test]
async fn a_refused_connection_exits_2_with_a_one_line_error() {
    if chromium_missing("a_refused_connection_exits_2_with_a_one_line_error") {
        return;
    }
    let _one = lock().await;
    let scratch = Scratch::new("refused");
    let url = refusing_url().await;
    let args = [
        "audit",
        &url,
        "--registry",
        &scratch.manifest::<Cookies>().display().to_string(),
    ];
    let output = cookie_registry(args.map(String::from).to_vec()).await;
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert_eq!(
        stderr,
        format!("error: {url} is unreachable: net::ERR_CONNECTION_REFUSED\n")
    );
}

#[tokio::test]
async fn a_manifest_that_is_not_one_exits_2_with_a_one_line_error() {
    let scratch = Scratch::new("bad-manifest");
    let path = scratch.0.join("manifest.json");
    std::fs::write(&path, "{\"cookies\": 3}").expect("write");
    let args = [
        "audit",
        "http://127.0.0.1:9/",
        "--registry",
        &path.display().to_string(),
    ];
    let output = cookie_registry(args.map(String::from).to_vec()).await;
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.starts_with(&format!(
            "error: {} is not a cookie-registry manifest: ",
            path.display()
        )),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(output.stdout.is_empty());
}

#[tokio::test]
async fn a_usage_error_exits_2_with_one_line_and_help_exits_0() {
    let output = cookie_registry(vec!["audit".into(), "http://127.0.0.1:9/".into()]).await;
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert_eq!(
        stderr,
        "error: the following required arguments were not provided: --registry <MANIFEST.JSON> \
         (see --help)\n"
    );
    let help = cookie_registry(vec!["audit".into(), "--help".into()]).await;
    assert_eq!(help.status.code(), Some(0));
    for flag in [
        "--registry",
        "--json",
        "--junit",
        "--page",
        "--crawl",
        "--page-timeout",
        "--deadline",
    ] {
        assert!(text(&help.stdout).contains(flag), "{flag}");
    }
}

/// Every key of the README's schema, with its JSON type.
fn check_schema(report: &Value) {
    assert!(report["url"].is_string());
    assert!(
        ["clean", "findings", "failed"].contains(&report["status"].as_str().unwrap_or_default())
    );
    assert!(report["error"].is_null() || report["error"].is_string());
    assert!(report["elapsed_ms"].is_u64());
    for pass in report["passes"].as_array().expect("passes") {
        assert!(pass["pass"].is_string(), "{pass}");
        assert!(
            pass["pages"]
                .as_array()
                .is_some_and(|p| p.iter().all(Value::is_string))
        );
        assert!(
            pass["cookies"].is_u64() && pass["storage_keys"].is_u64(),
            "{pass}"
        );
    }
    for finding in report["findings"].as_array().expect("findings") {
        for key in ["kind", "severity", "name", "domain", "page", "detail"] {
            assert!(finding[key].is_string(), "{key} in {finding}");
        }
        assert!(
            finding["passes"]
                .as_array()
                .is_some_and(|p| !p.is_empty() && p.iter().all(Value::is_string))
        );
        assert!(finding["suggestion"].is_null() || finding["suggestion"].is_string());
        assert_eq!(
            finding["suggestion"].is_string(),
            finding["kind"] == "undeclared",
            "{finding}"
        );
    }
}

/// What a CI system reads of a JUnit file: the counts on `<testsuites>`, the test cases and
/// their failures. Parsing fails the test when the XML is not well-formed.
#[derive(Debug, Default)]
struct Junit {
    tests: usize,
    failures: usize,
    errors: usize,
    cases: usize,
    failure_elements: usize,
}

fn junit_summary(xml: &str) -> Junit {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut junit = Junit::default();
    let mut root = None;
    loop {
        match reader
            .read_event()
            .unwrap_or_else(|e| panic!("not well-formed XML: {e}\n{xml}"))
        {
            Event::Start(element) | Event::Empty(element) => {
                let name = element.name().as_ref().to_owned();
                if root.is_none() {
                    root = Some(name.clone());
                    for attribute in element.attributes() {
                        let attribute = attribute.expect("an attribute");
                        let value: usize = attribute.value.parse().unwrap_or(usize::MAX);
                        match attribute.key.as_ref() {
                            "tests" => junit.tests = value,
                            "failures" => junit.failures = value,
                            "errors" => junit.errors = value,
                            _ => {}
                        }
                    }
                }
                match name.as_str() {
                    "testcase" => junit.cases += 1,
                    "failure" => junit.failure_elements += 1,
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(root.as_deref(), Some("testsuites"), "{xml}");
    junit
}
