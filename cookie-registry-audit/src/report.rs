//! The audit's result: findings merged across passes, and how it went.

use std::fmt::{self, Write as _};
use std::time::Duration;

use serde::{Serialize, Serializer};

use crate::{AuditError, Pass};

/// What kind of drift a [`Finding`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// A cookie whose name the registry does not declare, on any domain.
    Undeclared,
    /// A declared cookie present after a choice that refuses its category.
    NotAllowed,
    /// A cookie that needs consent, present before any choice.
    BeforeConsent,
    /// An expiry beyond the declared `max_age` (or a lasting cookie declared as a session one).
    LongerThanDeclared,
    /// `Secure`, `HttpOnly`, `SameSite`, `Path` or `Domain` differ from the declaration.
    AttributeMismatch,
    /// A `localStorage`/`sessionStorage` key of the site's origin the registry does not declare.
    StorageUndeclared,
    /// A declaration no pass saw (a warning: the declaration may be stale).
    DeclaredNeverSeen,
}

impl FindingKind {
    /// The kind as the JSON report and the table write it: `undeclared`, `not_allowed`, ...
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            FindingKind::Undeclared => "undeclared",
            FindingKind::NotAllowed => "not_allowed",
            FindingKind::BeforeConsent => "before_consent",
            FindingKind::LongerThanDeclared => "longer_than_declared",
            FindingKind::AttributeMismatch => "attribute_mismatch",
            FindingKind::StorageUndeclared => "storage_undeclared",
            FindingKind::DeclaredNeverSeen => "declared_never_seen",
        }
    }

    /// How serious it is: only [`FindingKind::DeclaredNeverSeen`] is a warning.
    #[must_use]
    pub const fn severity(self) -> Severity {
        match self {
            FindingKind::DeclaredNeverSeen => Severity::Warning,
            _ => Severity::Error,
        }
    }
}

impl fmt::Display for FindingKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a finding fails the audit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Fails the audit (exit status 1).
    Error,
    /// Reported, does not fail the audit.
    Warning,
}

/// One drift between what the browser saw and what the registry declares: one per cookie (or
/// storage key) and kind, naming every pass it occurred in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Finding {
    /// The kind.
    pub kind: FindingKind,
    /// Error or warning.
    pub severity: Severity,
    /// The cookie's name or the storage key (a family's declaration: `prefix*`).
    pub name: String,
    /// The cookie's domain as the browser holds it (a leading dot for a `Domain` cookie), or
    /// the storage's origin.
    pub domain: String,
    /// The first page it was seen on (the audited URL for `declared_never_seen`).
    pub page: String,
    /// Every pass it occurred in, in the order they ran.
    pub passes: Vec<Pass>,
    /// What differs, for people: "HttpOnly: declared, not set", "expires in 90d, declared 30d".
    pub detail: String,
    /// For `undeclared`: a `#[cookie(...)]` stanza to start the declaration from.
    pub suggestion: Option<String>,
}

/// What one pass did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct PassSummary {
    /// The pass.
    pub pass: Pass,
    /// The pages it loaded.
    pub pages: Vec<String>,
    /// How many distinct cookies the browser held during it.
    pub cookies: usize,
    /// How many distinct storage keys of the site's origin it saw.
    pub storage_keys: usize,
}

/// The result of an audit: the findings, the passes that ran, and the error that stopped it
/// early, if any (the findings of the passes that ran are kept).
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct Report {
    /// The audited URL.
    pub url: String,
    /// `clean`, `findings` or `failed` (see [`Report::status`]).
    pub status: Status,
    /// Why the audit could not run to its end.
    #[serde(serialize_with = "error_message")]
    pub error: Option<AuditError>,
    /// The passes that ran, in order.
    pub passes: Vec<PassSummary>,
    /// The findings, errors first, then by kind and name.
    pub findings: Vec<Finding>,
    /// How long the audit took, in milliseconds.
    #[serde(rename = "elapsed_ms", serialize_with = "millis")]
    pub elapsed: Duration,
}

/// The outcome of an audit, and the CLI's exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Every pass ran, and no finding is an error (warnings may remain): exit 0.
    Clean,
    /// Every pass ran, and at least one finding is an error: exit 1.
    Findings,
    /// The audit could not run to its end: exit 2.
    Failed,
}

impl Status {
    /// 0, 1 or 2.
    #[must_use]
    pub const fn exit_code(self) -> u8 {
        match self {
            Status::Clean => 0,
            Status::Findings => 1,
            Status::Failed => 2,
        }
    }
}

impl Report {
    pub(crate) fn new(
        url: &str,
        passes: Vec<PassSummary>,
        findings: Vec<Finding>,
        error: Option<AuditError>,
        elapsed: Duration,
    ) -> Report {
        let status = if error.is_some() {
            Status::Failed
        } else if findings.iter().any(|f| f.severity == Severity::Error) {
            Status::Findings
        } else {
            Status::Clean
        };
        Report {
            url: url.to_owned(),
            status,
            error,
            passes,
            findings,
            elapsed,
        }
    }

    /// The findings that fail the audit.
    pub fn errors(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
    }

    /// The findings of `kind`.
    pub fn of_kind(&self, kind: FindingKind) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(move |f| f.kind == kind)
    }

    /// The report as a table for people: one line per finding, then the suggested
    /// declarations.
    #[must_use]
    pub fn table(&self) -> String {
        let pages = self.passes.first().map_or(0, |p| p.pages.len());
        let mut out = format!(
            "cookie-registry audit of {}: {} passes, {pages} page{} each, {:.1} s\n",
            self.url,
            self.passes.len(),
            if pages == 1 { "" } else { "s" },
            self.elapsed.as_secs_f64()
        );
        let rows: Vec<[String; 6]> = self
            .findings
            .iter()
            .map(|f| {
                [
                    f.kind.to_string(),
                    f.name.clone(),
                    f.domain.clone(),
                    passes_text(&f.passes, &self.passes),
                    f.page.clone(),
                    f.detail.clone(),
                ]
            })
            .collect();
        if rows.is_empty() {
            out.push_str("no findings\n");
        } else {
            let header = ["KIND", "NAME", "DOMAIN", "PASSES", "PAGE", "DETAIL"].map(String::from);
            write_table(&mut out, &header, &rows);
        }
        let suggestions: Vec<&str> = self
            .findings
            .iter()
            .filter_map(|f| f.suggestion.as_deref())
            .collect();
        if !suggestions.is_empty() {
            out.push_str("\nsuggested declarations (fill in the category and purpose):\n");
            for suggestion in suggestions {
                let _ = writeln!(out, "{suggestion}");
            }
        }
        if let Some(error) = &self.error {
            let _ = writeln!(out, "\nthe audit could not finish: {error}");
        }
        out
    }

    /// The report as JSON (the schema is in the README's "Audit" section).
    #[must_use]
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

/// `all passes` when a finding occurred in every pass that ran, else the list.
fn passes_text(passes: &[Pass], ran: &[PassSummary]) -> String {
    if passes.len() > 1 && passes.len() == ran.len() {
        "all passes".into()
    } else {
        passes
            .iter()
            .map(|p| p.name())
            .collect::<Vec<_>>()
            .join(",")
    }
}

fn write_table(out: &mut String, header: &[String; 6], rows: &[[String; 6]]) {
    let mut widths = header.clone().map(|h| h.len());
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    for row in std::iter::once(header).chain(rows) {
        let mut line = String::new();
        for (index, (cell, width)) in row.iter().zip(widths).enumerate() {
            if index + 1 == row.len() {
                line.push_str(cell);
            } else {
                let _ = write!(line, "{cell:<width$}  ");
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
}

fn error_message<S: Serializer>(error: &Option<AuditError>, s: S) -> Result<S::Ok, S::Error> {
    match error {
        Some(error) => s.serialize_str(&error.to_string()),
        None => s.serialize_none(),
    }
}

fn millis<S: Serializer>(elapsed: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_u64(u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX))
}
