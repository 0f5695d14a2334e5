//! Integration and compile-fail tests of cookie-registry; this library holds their fixtures.

#![forbid(unsafe_code)]

pub mod audit_site;
pub mod site;

/// The published cookie policy page of Umeå's open-data portal, as extracted.
pub const UMEA_SEED: &str = include_str!("../fixtures/umea.txt");

/// The published cookie policy page of Dormagen's open-data portal, as extracted.
pub const DORMAGEN_SEED: &str = include_str!("../fixtures/dormagen.txt");

/// The lines of a page that carry text, without trailing white space: how the seed pages are
/// compared, since their extraction left blank lines at places that carry no meaning.
#[must_use]
pub fn text_lines(page: &str) -> Vec<&str> {
    page.lines()
        .map(str::trim_end)
        .filter(|line| !line.is_empty())
        .collect()
}

/// Whether this run is CI's (`CI=true`, as `.ci/run` sets): a missing browser or server is then
/// a failure, never a skip.
#[must_use]
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

/// Reports that a test cannot run here because `reason` (a missing browser, server or package):
/// under CI it panics; elsewhere it writes `SKIPPED <test>: <reason>` straight to the process's
/// standard error, which the test harness does not capture (it captures only `print!` and
/// `eprint!`), so the skip shows in `cargo test`'s output even though the test passes.
///
/// # Panics
/// Under CI (see [`in_ci`]).
pub fn skip(test: &str, reason: &str) {
    use std::io::Write;
    assert!(!in_ci(), "CI=true and {test} cannot run: {reason}");
    let _ = writeln!(std::io::stderr().lock(), "SKIPPED {test}: {reason}");
}
