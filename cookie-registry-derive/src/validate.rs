//! The declaration checked against the cookie standards (see `shared/COOKIE-RULES.md`) and
//! against itself (duplicate names, clashing generated items).

use std::collections::HashMap;

use crate::ctxt::Ctxt;
use crate::model::{Category, Cookie, Registry, SameSite, Storage, Text};
use crate::symbol::{Keyword as _, closest};

/// Browsers cap a cookie's lifetime at 400 days (6265bis §5.5).
const MAX_AGE_CAP: u64 = 400 * 86_400;
/// Browsers ignore an attribute value longer than this (6265bis §5.6).
const ATTRIBUTE_VALUE_CAP: usize = 1024;
/// Cookie indexes are stored as `u16`, with `u16::MAX` marking an empty slot.
const MAX_COOKIES: usize = u16::MAX as usize;

/// Records every rule the registry breaks.
pub(crate) fn check(cx: &mut Ctxt, registry: &Registry<'_>) {
    for cookie in registry.variants.iter().filter_map(|v| v.cookie.as_ref()) {
        check_cookie(cx, cookie);
    }
    check_unique_names(cx, registry);
    check_families(cx, registry);
    generated::check(cx, registry);
    check_consent_cookie(cx, registry);
    languages::check(cx, registry);
    if registry.variants.len() > MAX_COOKIES - 1 {
        cx.error_spanned_by(
            registry.ident,
            format!("a registry holds at most {} cookies", MAX_COOKIES - 1),
        );
    }
}

/// The rules one declaration must follow on its own.
// Long: one short check per rule on a single declaration (name, prefixes, SameSite, the
// 400-day cap, empty texts, path and domain), each with its spanned error; together they read
// as the list of rules.
pub(crate) fn check_cookie(cx: &mut Ctxt, cookie: &Cookie) {
    check_name_syntax(cx, &cookie.name, cookie.family);
    if let Some(storage) = cookie.storage {
        // No cookie attribute applies; the prefix and SameSite rules are about attributes.
        check_storage(cx, cookie, storage.value);
    } else {
        check_prefix_rules(cx, cookie);
    }
    if let Some(same_site) = cookie.same_site {
        if same_site.value == SameSite::None && cookie.secure.is_none() {
            cx.error_at(
                same_site.span,
                "`same_site = None` needs `secure`: browsers ignore a SameSite=None cookie without Secure (6265bis §5.7)",
            );
        }
    }
    if let Some(max_age) = cookie.max_age {
        // parsing refused a lifetime whose seconds overflow
        let seconds = max_age.value.seconds().unwrap_or(u64::MAX);
        if seconds == 0 {
            cx.error_at(
                max_age.span,
                "`max_age` cannot be zero: Max-Age=0 deletes the cookie; leave `max_age` out for a session cookie",
            );
        } else if seconds > MAX_AGE_CAP {
            cx.error_at(
                max_age.span,
                format!(
                    "`max_age` is {} days, over the 400-day cap browsers apply (6265bis §5.5): declare at most \"400d\" (\"13mo\" is 390 days)",
                    seconds.div_ceil(86_400)
                ),
            );
        }
    }
    for (key, text) in [("purpose", &cookie.purpose), ("provider", &cookie.provider)] {
        if text.value().trim().is_empty() {
            cx.error_spanned_by(
                text,
                format!("`{key}` cannot be empty: the policy page shows it"),
            );
        }
    }
    if let Some(function) = &cookie.function {
        if function.value().trim().is_empty() {
            cx.error_spanned_by(function, "`function` cannot be empty: leave it out instead");
        }
    }
    if let Some(anonymized) = cookie.anonymized {
        if cookie.category.value != Category::Statistics {
            cx.error_at(
                anonymized,
                format!(
                    "`anonymized` applies only to `Statistics` cookies, not to `{}`: only anonymized statistics are exempt from consent",
                    cookie.category.value.word()
                ),
            );
        }
    }
    for (key, value) in [("path", &cookie.path), ("domain", &cookie.domain)] {
        if let Some(lit) = value {
            check_attribute_value(cx, key, lit);
        }
    }
    if let Some(path) = &cookie.path {
        if !path.value().starts_with('/') {
            cx.error_spanned_by(path, "`path` must start with `/` (6265bis §5.6.4)");
        }
    }
}

/// A Web Storage entry has none of a cookie's attributes: each given is an error at its key.
fn check_storage(cx: &mut Ctxt, cookie: &Cookie, storage: Storage) {
    let kind = storage.word();
    let spans = [
        ("secure", cookie.secure),
        ("http_only", cookie.http_only),
        ("same_site", cookie.same_site.map(|s| s.span)),
        ("path", cookie.path.as_ref().map(Text::span)),
        ("domain", cookie.domain.as_ref().map(Text::span)),
        ("max_age", cookie.max_age.map(|m| m.span)),
    ];
    for (key, span) in spans {
        let Some(span) = span else { continue };
        let why = if key == "max_age" {
            if storage == Storage::LocalStorage {
                "localStorage keeps an entry until it is deleted"
            } else {
                "sessionStorage keeps an entry until the tab is closed"
            }
        } else {
            "Web Storage entries never travel in HTTP headers, so they have no cookie attributes"
        };
        cx.error_at(
            span,
            format!("`{key}` is a cookie attribute, and a `storage = {kind}` entry is no cookie: {why}; remove `{key}`"),
        );
    }
}

/// A cookie name is an RFC 9110 token (6265bis §4.1.1); so is a family's prefix, which starts
/// every name of the family.
fn check_name_syntax(cx: &mut Ctxt, name: &Text, family: bool) {
    let what = if family {
        "family prefix"
    } else {
        "cookie name"
    };
    let text = name.value();
    if text.is_empty() {
        cx.error_spanned_by(name, format!("a {what} cannot be empty"));
        return;
    }
    if let Some(c) = text.chars().find(|&c| !is_token_char(c)) {
        cx.error_spanned_by(
            name,
            format!(
                "{what} \"{}\" contains {}, which a cookie name cannot contain: RFC 6265 allows letters, digits and ! # $ % & ' * + - . ^ _ ` | ~",
                text.escape_debug(),
                describe_char(c)
            ),
        );
    }
}

fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c)
}

fn describe_char(c: char) -> String {
    match c {
        ' ' => "a space".to_owned(),
        '\t' => "a tab".to_owned(),
        c if c.is_control() => format!("the control character U+{:04X}", u32::from(c)),
        c if !c.is_ascii() => format!("the non-ASCII character `{c}` (U+{:04X})", u32::from(c)),
        c => format!("`{c}`"),
    }
}

/// `Path` and `Domain` are written verbatim into `Set-Cookie`: no `;` or control characters
/// (header injection), and at most 1024 bytes.
fn check_attribute_value(cx: &mut Ctxt, key: &str, lit: &Text) {
    let value = lit.value();
    if value.is_empty() {
        cx.error_spanned_by(
            lit,
            format!("`{key}` cannot be empty: leave it out instead"),
        );
    } else if let Some(c) = value
        .chars()
        .find(|&c| c == ';' || c.is_control() || !c.is_ascii())
    {
        cx.error_spanned_by(
            lit,
            format!(
                "`{key}` contains {}, which cannot stand in a Set-Cookie attribute",
                describe_char(c)
            ),
        );
    } else if value.len() > ATTRIBUTE_VALUE_CAP {
        cx.error_spanned_by(
            lit,
            format!("`{key}` is longer than {ATTRIBUTE_VALUE_CAP} bytes: browsers ignore it (6265bis §5.6)"),
        );
    }
}

/// The cookie name prefixes (6265bis §4.1.3, layered §4.1.3), matched case-insensitively.
fn check_prefix_rules(cx: &mut Ctxt, cookie: &Cookie) {
    let lower = cookie.name().to_ascii_lowercase();
    let (prefix, needs_host, needs_http_only) = if lower.starts_with("__host-http-") {
        ("__Host-Http-", true, true)
    } else if lower.starts_with("__host-") {
        ("__Host-", true, false)
    } else if lower.starts_with("__http-") {
        ("__Http-", false, true)
    } else if lower.starts_with("__secure-") {
        ("__Secure-", false, false)
    } else {
        return;
    };
    let name = &cookie.name;
    let what = if cookie.name().starts_with(prefix) {
        format!("a `{prefix}` cookie")
    } else {
        format!(
            "`{}` (browsers match the `{prefix}` prefix case-insensitively)",
            cookie.name()
        )
    };
    if cookie.secure.is_none() {
        cx.error_spanned_by(name, format!("{what} needs `secure`"));
    }
    if needs_http_only && cookie.http_only.is_none() {
        cx.error_spanned_by(name, format!("{what} needs `http_only`"));
    }
    if needs_host {
        match &cookie.path {
            None => cx.error_spanned_by(name, format!("{what} needs `path = \"/\"`")),
            Some(path) if path.value() != "/" => {
                cx.error_spanned_by(path, format!("{what} needs `path = \"/\"` exactly"));
            }
            Some(_) => {}
        }
        if let Some(domain) = &cookie.domain {
            cx.error_spanned_by(
                domain,
                format!("{what} cannot have a `domain`: it is bound to its host"),
            );
        }
    }
}

/// Names are compared byte for byte: `SID` and `sid` are two cookies, `sid` twice is an error.
fn check_unique_names(cx: &mut Ctxt, registry: &Registry<'_>) {
    let mut seen: HashMap<(&str, bool), &Text> = HashMap::new();
    for cookie in registry.variants.iter().filter_map(|v| v.cookie.as_ref()) {
        let key = (cookie.name(), cookie.family);
        if let Some(first) = seen.get(&key) {
            let kind = if cookie.family {
                "family prefix"
            } else {
                "cookie name"
            };
            cx.error_spanned_by(&cookie.name, format!("duplicate {kind} \"{}\"", key.0));
            cx.error_spanned_by(first, format!("\"{}\" is first declared here", key.0));
        } else {
            seen.insert(key, &cookie.name);
        }
    }
}

/// One family's prefix may start another's only within a category: across categories the
/// longer one would silently take cookies from the shorter one's category.
fn check_families(cx: &mut Ctxt, registry: &Registry<'_>) {
    let families: Vec<&Cookie> = registry
        .variants
        .iter()
        .filter_map(|v| v.cookie.as_ref())
        .filter(|c| c.family)
        .collect();
    for (i, later) in families.iter().enumerate() {
        for earlier in &families[..i] {
            let (a, b) = (earlier.name(), later.name());
            let nested = a != b && (a.starts_with(b) || b.starts_with(a));
            if nested && earlier.category.value != later.category.value {
                let (long, short) = if b.len() > a.len() {
                    (&b, &a)
                } else {
                    (&a, &b)
                };
                cx.error_spanned_by(
                    &later.name,
                    format!(
                        "family \"{b}\" ({}) overlaps family \"{a}\" ({}): every name starting with \"{long}\" also starts with \"{short}\", so its category would depend on which prefix is longer; give both families one category, or use prefixes where neither starts the other",
                        later.category.value.word(),
                        earlier.category.value.word(),
                    ),
                );
            }
        }
    }
}

fn check_consent_cookie(cx: &mut Ctxt, registry: &Registry<'_>) {
    let Some(wanted) = &registry.consent_cookie else {
        return;
    };
    let found = registry
        .variants
        .iter()
        .find(|v| v.variant.ident == *wanted);
    match found {
        None => {
            let names: Vec<String> = registry
                .variants
                .iter()
                .map(|v| v.variant.ident.to_string())
                .collect();
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            let mut message = format!(
                "`consent_cookie` names `{wanted}`, which is not a variant of `{}`",
                registry.ident
            );
            if let Some(hint) = closest(&wanted.to_string(), &names) {
                message.push_str(&format!("; did you mean `{hint}`?"));
            }
            cx.error_spanned_by(wanted, message);
        }
        Some(decl) => {
            if let Some(cookie) = &decl.cookie {
                if cookie.category.value != Category::Necessary {
                    cx.error_spanned_by(
                        wanted,
                        format!(
                            "the consent cookie must be `Necessary` (it stores a refusal too, before any consent), but `{wanted}` is `{}`",
                            cookie.category.value.word()
                        ),
                    );
                }
                if cookie.family {
                    cx.error_spanned_by(
                        wanted,
                        "the consent cookie must have one `name`, not a `prefix`",
                    );
                }
                if let Some(storage) = cookie.storage {
                    cx.error_spanned_by(
                        wanted,
                        format!(
                            "the consent cookie must be an HTTP cookie, which the server reads, but `{wanted}` is a `storage = {}` entry",
                            storage.value.word()
                        ),
                    );
                }
            }
        }
    }
}

mod generated;
mod languages;
#[cfg(test)]
mod tests;
