//! Integration and compile-fail tests of cookie-registry; this library holds their fixtures.

#![forbid(unsafe_code)]

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
