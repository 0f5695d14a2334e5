//! The report as JUnit XML, for CI systems that show test results.

use std::fmt::Write as _;

use crate::report::{Report, Severity};

impl Report {
    /// The report as JUnit XML: a test suite for the audited URL with a test case per pass,
    /// failed by that pass's error findings (warnings go to its `system-out`), and a test case
    /// `audit` that errs when the audit could not run to its end.
    ///
    /// ```
    /// # use cookie_registry_audit::Report;
    /// # fn show(report: &Report) {
    /// std::fs::write("audit.xml", report.to_junit()).unwrap();
    /// # }
    /// ```
    #[must_use]
    // Long: it writes the JUnit document top to bottom in the schema's order (suites, cases,
    // failures), which reads best in one place.
    pub fn to_junit(&self) -> String {
        let mut cases = String::new();
        let mut failures = 0;
        for summary in &self.passes {
            let findings: Vec<_> = self
                .findings
                .iter()
                .filter(|f| f.passes.contains(&summary.pass))
                .collect();
            let lines = |severity: Severity| {
                findings
                    .iter()
                    .filter(|f| f.severity == severity)
                    .map(|f| {
                        format!(
                            "{} {} on {} ({}): {}\n",
                            f.kind, f.name, f.domain, f.page, f.detail
                        )
                    })
                    .collect::<String>()
            };
            let (errors, warnings) = (lines(Severity::Error), lines(Severity::Warning));
            let _ = writeln!(
                cases,
                "    <testcase classname=\"cookie-registry.audit\" name=\"{}\">",
                summary.pass
            );
            if !errors.is_empty() {
                failures += 1;
                let count = findings
                    .iter()
                    .filter(|f| f.severity == Severity::Error)
                    .count();
                let _ = writeln!(
                    cases,
                    "      <failure message=\"{count} finding(s) in pass {}\" type=\"cookie-registry-audit\">{}</failure>",
                    summary.pass,
                    escape(&errors)
                );
            }
            if !warnings.is_empty() {
                let _ = writeln!(
                    cases,
                    "      <system-out>{}</system-out>",
                    escape(&warnings)
                );
            }
            cases.push_str("    </testcase>\n");
        }
        let errors = usize::from(self.error.is_some());
        let _ = writeln!(
            cases,
            "    <testcase classname=\"cookie-registry.audit\" name=\"audit\">"
        );
        if let Some(error) = &self.error {
            let message = escape(&error.to_string());
            let _ = writeln!(
                cases,
                "      <error message=\"{message}\" type=\"cookie-registry-audit\">{message}</error>"
            );
        }
        cases.push_str("    </testcase>\n");
        let tests = self.passes.len() + 1;
        let time = self.elapsed.as_secs_f64();
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <testsuites name=\"cookie-registry audit\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" time=\"{time:.3}\">\n\
             \x20 <testsuite name=\"{url}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"0\" time=\"{time:.3}\">\n\
             {cases}\
             \x20 </testsuite>\n\
             </testsuites>\n",
            url = escape(&self.url),
        )
    }
}

/// Text as XML character data or an attribute value.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // XML 1.0 allows no other control characters, not even escaped.
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\t' | '\r') => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}
