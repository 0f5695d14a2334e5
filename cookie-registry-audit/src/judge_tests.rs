//! The judgement without a browser: observations in, findings out.

use cookie_registry::Category;

use super::judge;
use crate::Pass;
use crate::manifest::{Declared, Manifest, StorageKind};
use crate::observe::{PassLog, SeenCookie, SeenStorage};
use crate::report::{FindingKind, Severity};

const URL: &str = "http://127.0.0.1:8080/";

fn declared(name: &str, category: Category, max_age_days: Option<u64>) -> Declared {
    Declared {
        name: name.into(),
        family: false,
        category,
        provider: "Shop".into(),
        max_age_secs: max_age_days.map(|d| d * 86_400),
        secure: false,
        http_only: false,
        same_site: Some("Lax".into()),
        path: Some("/".into()),
        domain: None,
        third_party: false,
        anonymized: false,
        storage: StorageKind::Cookie,
    }
}

fn manifest(cookies: Vec<Declared>) -> Manifest {
    Manifest {
        format: 1,
        consent_cookie: None,
        cookies,
    }
}

fn seen(name: &str, lifetime_secs: Option<f64>) -> SeenCookie {
    SeenCookie {
        name: name.into(),
        domain: "127.0.0.1".into(),
        path: "/".into(),
        secure: false,
        http_only: false,
        same_site: Some("Lax".into()),
        lifetime: lifetime_secs,
        page: URL.into(),
        before: false,
        after: true,
    }
}

fn log(pass: Pass, cookies: Vec<SeenCookie>) -> PassLog {
    let mut log = PassLog::new(pass);
    log.pages.push(URL.into());
    log.cookies = cookies;
    log
}

#[test]
fn a_lifetime_within_the_tolerance_passes_and_beyond_it_fails() {
    let manifest = manifest(vec![declared("theme", Category::Preferences, Some(30))]);
    let within = log(
        Pass::AcceptAll,
        vec![seen("theme", Some(30.0 * 86_400.0 + 59.0))],
    );
    assert_eq!(judge(&manifest, URL, "127.0.0.1", &[within], false), []);
    let beyond = log(Pass::AcceptAll, vec![seen("theme", Some(31.0 * 86_400.0))]);
    let findings = judge(&manifest, URL, "127.0.0.1", &[beyond], false);
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].kind, FindingKind::LongerThanDeclared);
    assert_eq!(findings[0].detail, "expires in 31d, declared 30d");
}

#[test]
fn a_lasting_cookie_declared_as_a_session_one_is_longer_than_declared() {
    let manifest = manifest(vec![declared("sid", Category::Necessary, None)]);
    let logs = [log(Pass::NoChoice, vec![seen("sid", Some(3_600.0))])];
    let findings = judge(&manifest, URL, "127.0.0.1", &logs, false);
    assert_eq!(findings[0].kind, FindingKind::LongerThanDeclared);
    assert_eq!(
        findings[0].detail,
        "expires in 1h, declared a session cookie"
    );
}

#[test]
fn findings_merge_across_passes_and_name_each_pass_once() {
    let manifest = manifest(vec![declared("_ga", Category::Statistics, Some(390))]);
    let mut early = seen("_ga", None);
    early.before = true;
    early.after = true;
    let logs = [
        log(Pass::RejectAll, vec![early.clone()]),
        log(Pass::Only(Category::Statistics), vec![early.clone()]),
        log(Pass::Only(Category::Marketing), vec![early]),
    ];
    let findings = judge(&manifest, URL, "127.0.0.1", &logs, false);
    let kinds: Vec<(FindingKind, Vec<Pass>)> = findings
        .iter()
        .map(|f| (f.kind, f.passes.clone()))
        .collect();
    assert_eq!(
        kinds,
        [
            (
                FindingKind::NotAllowed,
                vec![Pass::RejectAll, Pass::Only(Category::Marketing)]
            ),
            (
                FindingKind::BeforeConsent,
                vec![
                    Pass::RejectAll,
                    Pass::Only(Category::Statistics),
                    Pass::Only(Category::Marketing)
                ]
            ),
            // A session cookie declared with a max_age is not longer than declared.
        ]
    );
}

#[test]
fn each_differing_attribute_is_named_and_domains_compare_without_the_dot() {
    let mut sid = declared("sid", Category::Necessary, None);
    sid.secure = true;
    sid.domain = Some("example.com".into());
    let manifest = manifest(vec![sid]);
    let mut cookie = seen("sid", None);
    cookie.domain = ".example.com".into();
    cookie.same_site = None;
    cookie.path = "/app".into();
    let findings = judge(
        &manifest,
        URL,
        "example.com",
        &[log(Pass::NoChoice, vec![cookie])],
        false,
    );
    assert_eq!(findings.len(), 1);
    assert_eq!(
        findings[0].detail,
        "Secure: declared set, not set; SameSite: declared Lax, (none); Path: declared /, /app"
    );
    let mut host_only = seen("sid", None);
    host_only.secure = true;
    let findings = judge(
        &manifest,
        URL,
        "127.0.0.1",
        &[log(Pass::NoChoice, vec![host_only])],
        false,
    );
    assert_eq!(
        findings[0].detail,
        "Domain: declared example.com, (host only)"
    );
}

#[test]
fn families_undeclared_names_storage_and_never_seen() {
    let mut family = declared("_ga_", Category::Statistics, Some(390));
    family.family = true;
    let mut stored = declared("cart", Category::Necessary, None);
    stored.storage = StorageKind::LocalStorage;
    stored.same_site = None;
    stored.path = None;
    let never = declared("_fbp", Category::Marketing, Some(90));
    let manifest = manifest(vec![family, stored, never]);
    let mut third = seen("_hj_1", Some(86_400.0));
    third.domain = ".tracker.example".into();
    let mut log = log(
        Pass::AcceptAll,
        vec![
            seen("_ga_XYZ", Some(390.0 * 86_400.0)),
            third,
            seen("_hj_2", None),
        ],
    );
    for key in ["cart", "ab"] {
        log.storage.push(SeenStorage {
            kind: StorageKind::LocalStorage,
            key: key.into(),
            origin: "http://127.0.0.1:8080".into(),
            page: URL.into(),
            before: false,
            after: true,
        });
    }
    let findings = judge(&manifest, URL, "127.0.0.1", &[log], true);
    let summary: Vec<(FindingKind, &str, &str)> = findings
        .iter()
        .map(|f| (f.kind, f.name.as_str(), f.domain.as_str()))
        .collect();
    assert_eq!(
        summary,
        [
            (FindingKind::Undeclared, "_hj_1", ".tracker.example"),
            (FindingKind::Undeclared, "_hj_2", "127.0.0.1"),
            (
                FindingKind::StorageUndeclared,
                "ab",
                "http://127.0.0.1:8080"
            ),
            (FindingKind::DeclaredNeverSeen, "_fbp", "127.0.0.1"),
        ]
    );
    assert_eq!(findings[3].severity, Severity::Warning);
    let suggestion = findings[0].suggestion.as_deref().unwrap_or_default();
    assert!(
        suggestion.starts_with("#[cookie(prefix = \"_hj_\""),
        "{suggestion}"
    );
    assert!(
        suggestion.contains("domain = \"tracker.example\", third_party)]"),
        "{suggestion}"
    );
    let local = findings[1].suggestion.as_deref().unwrap_or_default();
    assert!(local.starts_with("#[cookie(prefix = \"_hj_\"") && !local.contains("third_party"));
}
