//! The findings: each pass's observations judged against the manifest, merged across passes.

use std::collections::BTreeMap;

use crate::manifest::{Declared, Manifest, StorageKind};
use crate::observe::{PassLog, SeenCookie};
use crate::report::{Finding, FindingKind};
use crate::suggest::{Families, lifetime_text, site_of, stanza};

/// How far past its declared `max_age` a cookie's expiry may lie: one minute, or 1 % of the
/// declared lifetime when that is more (clocks and rounding of `Expires`).
fn tolerance(declared_secs: u64) -> f64 {
    (declared_secs as f64 / 100.0).max(60.0)
}

/// The findings of `logs` against `manifest`, for a site served from `host`. With `complete`
/// (every pass ran), declarations no pass saw are reported too.
pub(crate) fn judge(
    manifest: &Manifest,
    url: &str,
    host: &str,
    logs: &[PassLog],
    complete: bool,
) -> Vec<Finding> {
    let mut findings = Findings::default();
    let undeclared: Vec<&str> = logs
        .iter()
        .flat_map(|log| &log.cookies)
        .filter(|c| manifest.find(&c.name).is_none())
        .map(|c| c.name.as_str())
        .collect();
    let families = Families::of(&undeclared);
    for log in logs {
        for seen in &log.cookies {
            let Some(declared) = manifest.find(&seen.name) else {
                let third_party = site_of(&seen.domain) != site_of(host);
                let suggestion = stanza(&families, seen, third_party);
                let detail = if third_party {
                    "not declared; set for another site"
                } else {
                    "not declared"
                };
                findings
                    .add(FindingKind::Undeclared, seen, log, detail.into())
                    .suggestion = Some(suggestion);
                continue;
            };
            consent(&mut findings, declared, seen, log);
            if let Some(detail) = longer(declared, seen) {
                findings.add(FindingKind::LongerThanDeclared, seen, log, detail);
            }
            let differences = attributes(declared, seen);
            if !differences.is_empty() {
                let detail = differences.join("; ");
                findings.add(FindingKind::AttributeMismatch, seen, log, detail);
            }
        }
        for seen in &log.storage {
            let at = (seen.key.as_str(), seen.origin.as_str(), seen.page.as_str());
            match manifest.find_in(seen.kind, &seen.key) {
                None => {
                    let detail = format!("{} key not declared", seen.kind.as_str());
                    findings.add_at(FindingKind::StorageUndeclared, at, log, detail);
                }
                Some(declared) => {
                    if seen.before && !declared.exempt() {
                        let detail = format!("{} before any choice", declared.category.as_str());
                        findings.add_at(FindingKind::BeforeConsent, at, log, detail);
                    }
                    if seen.after && !log.pass.allows(declared) {
                        let detail = format!("{} refused", declared.category.as_str());
                        findings.add_at(FindingKind::NotAllowed, at, log, detail);
                    }
                }
            }
        }
    }
    if complete {
        never_seen(&mut findings, manifest, url, host, logs);
    }
    findings.into_vec()
}

/// `before_consent` and `not_allowed` for a declared cookie.
fn consent(findings: &mut Findings, declared: &Declared, seen: &SeenCookie, log: &PassLog) {
    let category = declared.category.as_str();
    if seen.before && !declared.exempt() {
        let detail = format!("{category} cookie before any choice");
        findings.add(FindingKind::BeforeConsent, seen, log, detail);
    }
    if seen.after && !log.pass.allows(declared) {
        let detail = format!("{category} cookie after a choice that refuses {category}");
        findings.add(FindingKind::NotAllowed, seen, log, detail);
    }
}

/// Why `seen` lives longer than declared, if it does.
fn longer(declared: &Declared, seen: &SeenCookie) -> Option<String> {
    let lifetime = seen.lifetime?;
    match declared.max_age_secs {
        None => Some(format!(
            "expires in {}, declared a session cookie",
            lifetime_text(lifetime)
        )),
        Some(max_age) if lifetime > max_age as f64 + tolerance(max_age) => Some(format!(
            "expires in {}, declared {}",
            lifetime_text(lifetime),
            lifetime_text(max_age as f64)
        )),
        Some(_) => None,
    }
}

/// The attributes of `seen` that differ from the declaration, each as "what: declared, seen".
fn attributes(declared: &Declared, seen: &SeenCookie) -> Vec<String> {
    let mut differences = Vec::new();
    let flag = |set: bool| if set { "set" } else { "not set" };
    if declared.secure != seen.secure {
        differences.push(format!(
            "Secure: declared {}, {}",
            flag(declared.secure),
            flag(seen.secure)
        ));
    }
    if declared.http_only != seen.http_only {
        differences.push(format!(
            "HttpOnly: declared {}, {}",
            flag(declared.http_only),
            flag(seen.http_only)
        ));
    }
    let same_site = |value: Option<&str>| value.unwrap_or("(none)").to_ascii_lowercase();
    if same_site(declared.same_site.as_deref()) != same_site(seen.same_site.as_deref()) {
        differences.push(format!(
            "SameSite: declared {}, {}",
            declared.same_site.as_deref().unwrap_or("(none)"),
            seen.same_site.as_deref().unwrap_or("(none)")
        ));
    }
    if let Some(path) = &declared.path {
        if *path != seen.path {
            differences.push(format!("Path: declared {path}, {}", seen.path));
        }
    }
    // The browser writes a `Domain` cookie's domain with a leading dot, a host-only one without.
    let seen_domain = seen.domain.strip_prefix('.');
    let declared_domain = declared
        .domain
        .as_deref()
        .map(|d| d.trim_start_matches('.'));
    if seen_domain.map(str::to_ascii_lowercase) != declared_domain.map(str::to_ascii_lowercase) {
        differences.push(format!(
            "Domain: declared {}, {}",
            declared_domain.unwrap_or("(host only)"),
            seen_domain.unwrap_or("(host only)")
        ));
    }
    differences
}

/// `declared_never_seen`: declarations that no pass saw.
fn never_seen(
    findings: &mut Findings,
    manifest: &Manifest,
    url: &str,
    host: &str,
    logs: &[PassLog],
) {
    for declared in &manifest.cookies {
        let seen = logs.iter().any(|log| match declared.storage {
            StorageKind::Cookie => log
                .cookies
                .iter()
                .any(|c| manifest.find(&c.name) == Some(declared)),
            kind => log
                .storage
                .iter()
                .any(|s| s.kind == kind && manifest.find_in(kind, &s.key) == Some(declared)),
        });
        if seen {
            continue;
        }
        let name = declared.display_name();
        let domain = declared.domain.as_deref().unwrap_or(host);
        for log in logs {
            findings.add_at(
                FindingKind::DeclaredNeverSeen,
                (&name, domain, url),
                log,
                format!("{} declared, seen in no pass", declared.storage.as_str()),
            );
        }
    }
}

/// Findings keyed by kind, name and domain, so each is reported once with all its passes.
#[derive(Default)]
struct Findings(BTreeMap<(FindingKind, String, String), Finding>);

impl Findings {
    fn add(
        &mut self,
        kind: FindingKind,
        seen: &SeenCookie,
        log: &PassLog,
        detail: String,
    ) -> &mut Finding {
        let at = (seen.name.as_str(), seen.domain.as_str(), seen.page.as_str());
        self.add_at(kind, at, log, detail)
    }

    fn add_at(
        &mut self,
        kind: FindingKind,
        (name, domain, page): (&str, &str, &str),
        log: &PassLog,
        detail: String,
    ) -> &mut Finding {
        let finding = self
            .0
            .entry((kind, name.to_owned(), domain.to_owned()))
            .or_insert_with(|| Finding {
                kind,
                severity: kind.severity(),
                name: name.to_owned(),
                domain: domain.to_owned(),
                page: page.to_owned(),
                passes: Vec::new(),
                detail,
                suggestion: None,
            });
        if !finding.passes.contains(&log.pass) {
            finding.passes.push(log.pass);
        }
        finding
    }

    fn into_vec(self) -> Vec<Finding> {
        let mut findings: Vec<Finding> = self.0.into_values().collect();
        findings.sort_by_key(|f| f.severity);
        findings
    }
}

#[cfg(test)]
#[path = "judge_tests.rs"]
mod tests;
