//! Withdrawal: removals for the cookies a request carried that consent no longer allows.

use super::RefusedSetCookie;
use super::pairs::named_pairs;
use super::set_cookie::read_set_cookie;
use crate::{Consent, CookieRegistry, CookieSpec};

/// The most removals one response carries. Browsers keep about 180 cookies per site, so a
/// request carrying more distinct names than this is not a browser's: past the cap the rest are
/// left alone, and a hostile header cannot make a response thousands of headers long.
pub const MAX_REMOVALS: usize = 256;

/// One removal `Set-Cookie` value per distinct cookie in `carried` that `consent` refuses or
/// that `R` does not declare (logged instead in `PassAndLog` mode), skipping the names the
/// response sets itself, at most [`MAX_REMOVALS`]. A name is removed as the browser stored it,
/// token or not (`_trk:id`, `a b`), unless it could not be written back into a header: a
/// control byte, or a name that is not UTF-8. A pair without a name (`tracker`, which some
/// browsers store as a cookie with an empty name) cannot be removed: a `Set-Cookie` with an
/// empty name and value is rejected by browsers.
pub(super) fn removals<'s, R: CookieRegistry>(
    carried: &[u8],
    consent: &Consent,
    refused: RefusedSetCookie,
    set_cookies: impl Iterator<Item = &'s [u8]> + Clone,
) -> Vec<String> {
    let mut removals = Vec::new();
    // A set, not a list: a hostile header of many names must not cost their square.
    let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for (name, _) in named_pairs(carried) {
        if removals.len() >= MAX_REMOVALS {
            break;
        }
        let Some(name) = name.filter(|name| is_writable_name(name)) else {
            continue;
        };
        // A storage entry's name in a header is no cookie of the registry: undeclared.
        let spec = R::spec_of(name).filter(|spec| spec.is_http_cookie());
        match spec {
            Some(spec) if spec.allowed_by(consent) => continue,
            None if refused == RefusedSetCookie::PassAndLog => {
                log_undeclared(name);
                continue;
            }
            _ => {}
        }
        if seen.contains(name) || sets(set_cookies.clone(), name) {
            continue;
        }
        seen.insert(name);
        removals.push(Removal::new(name, spec).header_value());
    }
    removals
}

/// Whether a carried name can be written back into a `Set-Cookie` header as the browser sent
/// it: no control byte (a header value cannot hold one) and no `;` or `=` (which the parser
/// never leaves in a name anyway).
fn is_writable_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b >= 0x20 && b != 0x7f && b != b';' && b != b'=')
}

/// The date `Expires` carries in a removal, for browsers that ignore `Max-Age`.
const EXPIRED: &str = "Expires=Thu, 01 Jan 1970 00:00:00 GMT";

/// The one removal writer: what a `Set-Cookie` that deletes cookie `name` carries, for the
/// engine's removals (as header values) and [`purge_jar`](crate::purge_jar) (as a `cookie`
/// crate `Cookie`), so that the two cannot drift.
///
/// A declared cookie's removal carries its declared attributes, so that `Path` and `Domain`
/// match the cookie it replaces and a prefixed name keeps what its prefix demands. An
/// undeclared one's is `Path=/`, host-only, with the attributes its name's prefix demands,
/// without which the browser ignores it (6265bis §4.1.3, prefixes matched case-insensitively).
/// Both carry an empty value, `Max-Age=0` and an `Expires` in the past.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Removal<'a> {
    name: &'a str,
    spec: Option<&'a CookieSpec>,
}

impl<'a> Removal<'a> {
    /// The removal of `name`, declared by `spec` or undeclared (`None`).
    pub(crate) const fn new(name: &'a str, spec: Option<&'a CookieSpec>) -> Self {
        Removal { name, spec }
    }

    fn secure(&self) -> bool {
        let lower = |prefix: &str| starts_with_ignore_case(self.name, prefix);
        let prefixed = lower("__secure-") || lower("__host-") || lower("__http-");
        prefixed || self.spec.is_some_and(|spec| spec.secure)
    }

    fn http_only(&self) -> bool {
        let lower = |prefix: &str| starts_with_ignore_case(self.name, prefix);
        let prefixed = lower("__http-") || lower("__host-http-");
        prefixed || self.spec.is_some_and(|spec| spec.http_only)
    }

    fn path(&self) -> Option<&'a str> {
        match self.spec {
            Some(spec) => spec.path,
            None => Some("/"),
        }
    }

    /// The removal as a `Set-Cookie` header value. Written directly: the `cookie` crate's
    /// removal formats the current date, many times slower on a hot path.
    pub(crate) fn header_value(&self) -> String {
        let mut value = format!("{}=", self.name);
        if self.http_only() {
            value.push_str("; HttpOnly");
        }
        if let Some(same_site) = self.spec.and_then(|spec| spec.same_site) {
            value.push_str("; SameSite=");
            value.push_str(same_site.as_str());
        }
        if self.secure() {
            value.push_str("; Secure");
        }
        if let Some(path) = self.path() {
            value.push_str("; Path=");
            value.push_str(path);
        }
        if let Some(domain) = self.spec.and_then(|spec| spec.domain) {
            value.push_str("; Domain=");
            value.push_str(domain);
        }
        value.push_str("; Max-Age=0; ");
        value.push_str(EXPIRED);
        value
    }

    /// The removal as a `cookie` crate `Cookie`, with the same attributes.
    pub(crate) fn cookie(&self) -> cookie::Cookie<'static> {
        let mut cookie = cookie::Cookie::build((self.name.to_owned(), ""))
            .secure(self.secure())
            .http_only(self.http_only())
            .max_age(cookie::time::Duration::ZERO)
            .expires(cookie::time::OffsetDateTime::UNIX_EPOCH);
        if let Some(same_site) = self.spec.and_then(|spec| spec.same_site) {
            cookie = cookie.same_site(same_site.into());
        }
        if let Some(path) = self.path() {
            cookie = cookie.path(path.to_owned());
        }
        if let Some(domain) = self.spec.and_then(|spec| spec.domain) {
            cookie = cookie.domain(domain.to_owned());
        }
        cookie.build()
    }
}

fn starts_with_ignore_case(name: &str, prefix: &str) -> bool {
    name.as_bytes()
        .get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix.as_bytes()))
}

/// Whether one of the response's `Set-Cookie` values sets (or removes) cookie `name`.
fn sets<'s>(mut set_cookies: impl Iterator<Item = &'s [u8]>, name: &str) -> bool {
    set_cookies.any(|value| read_set_cookie(value).is_some_and(|set| set.name() == name.as_bytes()))
}

#[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
fn log_undeclared(name: &str) {
    #[cfg(feature = "tracing")]
    tracing::warn!(
        cookie = name,
        "cookie-registry: the request carried an undeclared cookie (not removed in PassAndLog mode)"
    );
}
