//! Withdrawal: removals for the cookies a request carried that consent no longer allows.

use super::RefusedSetCookie;
use super::pairs::named_pairs;
use crate::{Consent, CookieRegistry, CookieSpec};

/// One removal `Set-Cookie` value per distinct cookie in `carried` that `consent` refuses or
/// that `R` does not declare (logged instead in `PassAndLog` mode), skipping the names the
/// response sets itself and names that are not RFC 6265 tokens (which no browser stores, and
/// which must never reach a header).
pub(super) fn removals<'s, R: CookieRegistry>(
    carried: &[u8],
    consent: &Consent,
    refused: RefusedSetCookie,
    set_cookies: impl Iterator<Item = &'s [u8]> + Clone,
) -> Vec<String> {
    let mut removals = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for (name, _) in named_pairs(carried) {
        let Some(name) = name.filter(|name| crate::jar::is_cookie_name(name)) else {
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
        if seen.contains(&name) || sets(set_cookies.clone(), name) {
            continue;
        }
        seen.push(name);
        removals.push(match spec {
            Some(spec) => declared_removal(spec, name),
            None => undeclared_removal(name),
        });
    }
    removals
}

/// The date `Expires` carries in a removal, for browsers that ignore `Max-Age`.
const EXPIRED: &str = "Expires=Thu, 01 Jan 1970 00:00:00 GMT";

/// A removal for a declared cookie: its declared attributes (so that `Path` and `Domain` match
/// the cookie it replaces, and a prefixed name keeps what its prefix demands), an empty value,
/// `Max-Age=0` and an `Expires` in the past. Written directly: the `cookie` crate's removal
/// formats the current date, many times slower on a hot path.
fn declared_removal(spec: &CookieSpec, name: &str) -> String {
    let mut value = format!("{name}=");
    if spec.http_only {
        value.push_str("; HttpOnly");
    }
    if let Some(same_site) = spec.same_site {
        value.push_str("; SameSite=");
        value.push_str(same_site.as_str());
    }
    if spec.secure {
        value.push_str("; Secure");
    }
    if let Some(path) = spec.path {
        value.push_str("; Path=");
        value.push_str(path);
    }
    if let Some(domain) = spec.domain {
        value.push_str("; Domain=");
        value.push_str(domain);
    }
    value.push_str("; Max-Age=0; ");
    value.push_str(EXPIRED);
    value
}

/// A removal for a cookie the registry does not declare: `Path=/`, host-only, and the
/// attributes its name's prefix demands, without which the browser ignores it (6265bis
/// §4.1.3, matched case-insensitively).
fn undeclared_removal(name: &str) -> String {
    let lower = name.to_ascii_lowercase();
    let secure = lower.starts_with("__secure-")
        || lower.starts_with("__host-")
        || lower.starts_with("__http-");
    let http_only = lower.starts_with("__http-") || lower.starts_with("__host-http-");
    let mut value = format!("{name}=; Path=/; Max-Age=0; {EXPIRED}");
    if secure {
        value.push_str("; Secure");
    }
    if http_only {
        value.push_str("; HttpOnly");
    }
    value
}

/// Whether one of the response's `Set-Cookie` values sets (or removes) cookie `name`.
fn sets<'s>(mut set_cookies: impl Iterator<Item = &'s [u8]>, name: &str) -> bool {
    set_cookies.any(|value| {
        let pair = value.split(|&b| b == b';').next().unwrap_or_default();
        let set_name = pair.split(|&b| b == b'=').next().unwrap_or_default();
        set_name.trim_ascii() == name.as_bytes()
    })
}

#[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
fn log_undeclared(name: &str) {
    #[cfg(feature = "tracing")]
    tracing::warn!(
        cookie = name,
        "cookie-registry: the request carried an undeclared cookie (not removed in PassAndLog mode)"
    );
}
