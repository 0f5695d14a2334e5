//! Consent enforcement on HTTP headers: the `Cookie` request header and `Set-Cookie` values.

use std::borrow::Cow;

use crate::{Consent, CookieRegistry};

/// How many pairs the decisions of the first pass are remembered for; past that (far more
/// cookies than a browser sends) the second pass looks the name up again.
const REMEMBERED: usize = 256;

/// Removes from a `Cookie` request header every cookie that registry `R` does not declare or
/// that `consent` does not allow.
///
/// The kept pairs come out byte for byte as sent, in order, joined by `; `. Pairs without `=` or
/// with an empty name are dropped. When nothing is removed the header itself is returned
/// (no allocation); otherwise the output is written into one allocation of its exact size.
/// Any input is accepted: this never panics.
///
/// ```
/// use cookie_registry::{filter_cookie_header, Consent, CookieRegistry};
/// use std::borrow::Cow;
///
/// #[derive(CookieRegistry)]
/// #[registry(provider = "Acme")]
/// enum Cookies {
///     #[cookie(name = "sid", category = Necessary, purpose = "Session")]
///     Sid,
///     #[cookie(name = "_ga", category = Statistics, purpose = "Counts visits")]
///     Ga,
/// }
///
/// let header = "sid=42; _ga=GA1.2.3; tracker=x";
/// assert_eq!(filter_cookie_header::<Cookies>(header, &Consent::necessary_only()), "sid=42");
/// assert_eq!(filter_cookie_header::<Cookies>(header, &Consent::all()), "sid=42; _ga=GA1.2.3");
/// assert!(matches!(
///     filter_cookie_header::<Cookies>("sid=42", &Consent::necessary_only()),
///     Cow::Borrowed("sid=42")
/// ));
/// ```
#[must_use]
pub fn filter_cookie_header<'h, R: CookieRegistry>(
    header: &'h str,
    consent: &Consent,
) -> Cow<'h, str> {
    let keep = |pair: &str| pair_name(pair).is_some_and(|name| allowed::<R>(name, consent));

    // First pass: decide every pair, remember the decisions, and size the output.
    let mut kept_bits = [0u64; REMEMBERED / 64];
    let (mut removed, mut kept_len, mut kept_count) = (false, 0usize, 0usize);
    for (i, segment) in Segments::new(header).enumerate() {
        let pair = trim(segment);
        if pair.is_empty() {
            continue; // an empty segment (`a=1;;b=2`, a trailing `;`) carries no cookie
        }
        if keep(pair) {
            if let Some(bits) = kept_bits.get_mut(i / 64) {
                *bits |= 1 << (i % 64);
            }
            kept_len += pair.len();
            kept_count += 1;
        } else {
            removed = true;
        }
    }
    if !removed {
        return Cow::Borrowed(header);
    }

    // Second pass: copy the kept pairs.
    let mut out = String::with_capacity(kept_len + 2 * kept_count.saturating_sub(1));
    for (i, segment) in Segments::new(header).enumerate() {
        let pair = trim(segment);
        let kept = match kept_bits.get(i / 64) {
            Some(bits) => bits & (1 << (i % 64)) != 0,
            None => !pair.is_empty() && keep(pair),
        };
        if kept {
            if !out.is_empty() {
                out.push_str("; ");
            }
            out.push_str(pair);
        }
    }
    Cow::Owned(out)
}

/// Whether a response may carry this `Set-Cookie` header value under `consent`: false for a
/// cookie registry `R` does not declare or `consent` does not allow, and for a value that is not
/// a cookie at all. A removal (`Max-Age=0` or less, or an `Expires` date in the past) is always
/// allowed, declared or not: deleting a cookie never needs consent.
///
/// ```
/// use cookie_registry::{allows_set_cookie, Consent, CookieRegistry};
///
/// #[derive(CookieRegistry)]
/// #[registry(provider = "Acme")]
/// enum Cookies {
///     #[cookie(name = "_ga", category = Statistics, purpose = "Counts visits")]
///     Ga,
/// }
///
/// let none = Consent::necessary_only();
/// assert!(!allows_set_cookie::<Cookies>("_ga=GA1.2.3; Path=/; Max-Age=3600", &none));
/// assert!(allows_set_cookie::<Cookies>("_ga=GA1.2.3; Path=/", &Consent::all()));
/// assert!(allows_set_cookie::<Cookies>("_ga=; Max-Age=0", &none));
/// assert!(allows_set_cookie::<Cookies>("tracker=; Expires=Thu, 01 Jan 1970 00:00:00 GMT", &none));
/// assert!(!allows_set_cookie::<Cookies>("tracker=1", &Consent::all()));
/// ```
#[must_use]
pub fn allows_set_cookie<R: CookieRegistry>(set_cookie_value: &str, consent: &Consent) -> bool {
    let Ok(cookie) = cookie::Cookie::parse(set_cookie_value) else {
        return false;
    };
    if is_removal(&cookie) {
        return true;
    }
    allowed::<R>(cookie.name(), consent)
}

fn is_removal(cookie: &cookie::Cookie<'_>) -> bool {
    if let Some(max_age) = cookie.max_age() {
        // Max-Age wins over Expires (6265bis §5.6.2).
        return max_age <= cookie::time::Duration::ZERO;
    }
    cookie
        .expires_datetime()
        .is_some_and(|expires| expires <= cookie::time::OffsetDateTime::now_utc())
}

#[inline]
fn allowed<R: CookieRegistry>(name: &str, consent: &Consent) -> bool {
    R::spec_of(name).is_some_and(|spec| spec.allowed_by(consent))
}

/// The name of a `name=value` pair, or `None` when it has no `=` or an empty name.
#[inline]
fn pair_name(pair: &str) -> Option<&str> {
    let eq = memchr::memchr(b'=', pair.as_bytes())?;
    let name = pair.get(..eq)?.trim_end_matches([' ', '\t']);
    (!name.is_empty()).then_some(name)
}

/// A segment without the optional white space around it (`OWS`, space or tab).
#[inline]
fn trim(segment: &str) -> &str {
    segment.trim_matches([' ', '\t'])
}

/// The `;`-separated segments of a header, found with `memchr`.
struct Segments<'h> {
    rest: Option<&'h str>,
}

impl<'h> Segments<'h> {
    fn new(header: &'h str) -> Self {
        Segments { rest: Some(header) }
    }
}

impl<'h> Iterator for Segments<'h> {
    type Item = &'h str;

    #[inline]
    fn next(&mut self) -> Option<&'h str> {
        let rest = self.rest?;
        match memchr::memchr(b';', rest.as_bytes()) {
            // `;` is ASCII, so both sides are on char boundaries.
            Some(at) => {
                self.rest = rest.get(at + 1..);
                rest.get(..at)
            }
            None => {
                self.rest = None;
                Some(rest)
            }
        }
    }
}
