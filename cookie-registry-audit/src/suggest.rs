//! A `#[cookie(...)]` stanza for each undeclared cookie, from what the browser saw.

use std::fmt::Write as _;

use crate::observe::SeenCookie;

/// The units of a declared lifetime (`max_age`), longest first, with their seconds. Not `mo`:
/// 30 days read as a month hides that `90d` is what was set.
const UNITS: [(&str, u64); 6] = [
    ("y", 365 * 86_400),
    ("w", 7 * 86_400),
    ("d", 86_400),
    ("h", 3_600),
    ("min", 60),
    ("s", 1),
];

/// A lifetime in the longest unit that states it within 0.2 % (or a minute): `90d`, `26w`,
/// `1y`, `45min`.
///
/// ```
/// # use cookie_registry_audit::lifetime_text;
/// assert_eq!(lifetime_text(90.0 * 86_400.0 - 3.0), "90d");
/// assert_eq!(lifetime_text(182.0 * 86_400.0), "26w");
/// assert_eq!(lifetime_text(400.0 * 86_400.0), "400d");
/// assert_eq!(lifetime_text(2_700.0), "45min");
/// ```
#[must_use]
pub fn lifetime_text(secs: f64) -> String {
    let secs = secs.max(1.0);
    let tolerance = (secs * 0.002).max(60.0).min(secs / 2.0);
    for (unit, size) in UNITS {
        let count = (secs / size as f64).round();
        if count >= 1.0 && (count * size as f64 - secs).abs() <= tolerance {
            return format!("{count}{unit}");
        }
    }
    format!("{}s", secs.round())
}

/// The site a cookie domain or host belongs to: an IP address or a single label as it is,
/// else its last two labels (a registrable domain in most cases; no public-suffix list).
#[must_use]
pub(crate) fn site_of(domain: &str) -> String {
    let host = domain.trim_start_matches('.').to_ascii_lowercase();
    if host.parse::<std::net::IpAddr>().is_ok() || host.starts_with('[') {
        return host;
    }
    let labels: Vec<&str> = host.split('.').collect();
    labels[labels.len().saturating_sub(2)..].join(".")
}

/// The family prefixes shared by several undeclared names: `_hj_` for `_hj_a1` and `_hj_b2`.
pub(crate) struct Families(Vec<String>);

impl Families {
    /// The longest prefix ending in `_`, `-` or `.` (longer than that one character) that at
    /// least two distinct names of `names` share, for each name that has one.
    pub(crate) fn of(names: &[&str]) -> Families {
        let mut distinct: Vec<&str> = names.to_vec();
        distinct.sort_unstable();
        distinct.dedup();
        let mut prefixes = Vec::new();
        for name in &distinct {
            let candidates = name
                .char_indices()
                .filter(|(i, c)| matches!(c, '_' | '-' | '.') && *i > 0 && i + 1 < name.len())
                .map(|(i, _)| &name[..=i]);
            let shared = candidates
                .rev()
                .find(|prefix| distinct.iter().filter(|n| n.starts_with(prefix)).count() >= 2);
            if let Some(prefix) = shared {
                if !prefixes.iter().any(|p: &String| p == prefix) {
                    prefixes.push(prefix.to_owned());
                }
            }
        }
        Families(prefixes)
    }

    /// The family prefix of `name`, if it belongs to one.
    fn of_name(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .filter(|prefix| name.starts_with(prefix.as_str()))
            .max_by_key(|prefix| prefix.len())
            .map(String::as_str)
    }
}

/// The stanza for `seen`: its name (or family prefix), the observed lifetime and attributes,
/// `third_party` when set for another site, and a category for the user to fill in; then a
/// variant name.
pub(crate) fn stanza(families: &Families, seen: &SeenCookie, third_party: bool) -> String {
    let mut out = String::from("#[cookie(");
    let variant_from = match families.of_name(&seen.name) {
        Some(prefix) => {
            let _ = write!(out, "prefix = {prefix:?}");
            prefix
        }
        None => {
            let _ = write!(out, "name = {:?}", seen.name);
            seen.name.as_str()
        }
    };
    out.push_str(", category = /* Necessary | Preferences | Statistics | Marketing */");
    if third_party {
        let _ = write!(out, ", provider = {:?}", site_of(&seen.domain));
    }
    out.push_str(", purpose = \"...\"");
    if let Some(lifetime) = seen.lifetime {
        let _ = write!(out, ", max_age = {:?}", lifetime_text(lifetime));
    }
    if seen.secure {
        out.push_str(", secure");
    }
    if seen.http_only {
        out.push_str(", http_only");
    }
    if let Some(same_site) = &seen.same_site {
        let _ = write!(out, ", same_site = {same_site}");
    }
    let _ = write!(out, ", path = {:?}", seen.path);
    if let Some(domain) = seen.domain.strip_prefix('.') {
        let _ = write!(out, ", domain = {domain:?}");
    }
    if third_party {
        out.push_str(", third_party");
    }
    let _ = write!(out, ")]\n{},", variant(variant_from));
    out
}

/// A variant name: the name's letters and digits in UpperCamelCase (`_ga_` → `Ga`).
fn variant(name: &str) -> String {
    let mut out = String::new();
    for word in name.split(|c: char| !c.is_ascii_alphanumeric()) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars);
        }
    }
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert_str(0, "Cookie");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn families_need_two_names_and_a_separator() {
        let families = Families::of(&["_hj_a1", "_hj_b2", "tracker_id", "_hj_a1"]);
        assert_eq!(families.of_name("_hj_a1"), Some("_hj_"));
        assert_eq!(families.of_name("tracker_id"), None);
        assert_eq!(Families::of(&["a_1", "b_1"]).0, Vec::<String>::new());
    }

    #[test]
    fn sites_of_hosts_and_addresses() {
        assert_eq!(site_of(".www.example.com"), "example.com");
        assert_eq!(site_of("127.0.0.1"), "127.0.0.1");
        assert_eq!(site_of("localhost"), "localhost");
        assert_ne!(site_of("localhost"), site_of("127.0.0.1"));
    }

    #[test]
    fn a_third_party_family_stanza() {
        let seen = SeenCookie {
            name: "_hj_a1".into(),
            domain: ".tracker.example".into(),
            path: "/".into(),
            secure: true,
            http_only: false,
            same_site: Some("None".into()),
            lifetime: Some(364.9 * 86_400.0),
            page: "http://127.0.0.1/".into(),
            before: true,
            after: false,
        };
        let families = Families::of(&["_hj_a1", "_hj_b2"]);
        assert_eq!(
            stanza(&families, &seen, true),
            "#[cookie(prefix = \"_hj_\", category = /* Necessary | Preferences | Statistics | \
             Marketing */, provider = \"tracker.example\", purpose = \"...\", max_age = \"1y\", \
             secure, same_site = None, path = \"/\", domain = \"tracker.example\", third_party)]\n\
             Hj,"
        );
    }
}
