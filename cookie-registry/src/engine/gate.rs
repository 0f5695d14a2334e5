//! The response gate: whether a `Set-Cookie` may reach the browser under the consent in force.

use super::set_cookie::read_set_cookie;
use crate::{Consent, CookieRegistry};

/// Whether a response may carry this `Set-Cookie` header value under `consent`: false for a
/// cookie registry `R` does not declare or `consent` does not allow, and for a value that is not
/// a cookie the browser would store at all. A removal is always allowed, declared or not:
/// deleting a cookie never needs consent.
///
/// The value is read as the browser reads it, by [`read_set_cookie`]: the name judged is the
/// name the browser stores (`"\u{a0}sid=1"` sets a cookie named `"\u{a0}sid"`, not `sid`), and a
/// removal is a value whose last `Max-Age`, or else last `Expires`, the browser reads as a time
/// already past. An attribute disguised with Unicode white space (`\u{a0}Max-Age=0`) is no
/// `Max-Age` to a browser, so it is none here either.
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
/// // Chromium stores these: they are no removals.
/// assert!(!allows_set_cookie::<Cookies>("_ga=1; \u{a0}Max-Age=0", &none));
/// assert!(!allows_set_cookie::<Cookies>("_ga=1; Max-Age=0; Max-Age=x", &none));
/// ```
#[must_use]
pub fn allows_set_cookie<R: CookieRegistry>(set_cookie_value: &str, consent: &Consent) -> bool {
    allows_set_cookie_bytes::<R>(set_cookie_value.as_bytes(), consent)
}

/// [`allows_set_cookie`] over a header value's bytes, which may not be UTF-8 (a name that is
/// not is never declared).
pub(crate) fn allows_set_cookie_bytes<R: CookieRegistry>(value: &[u8], consent: &Consent) -> bool {
    let Some(set_cookie) = read_set_cookie(value) else {
        return false;
    };
    // The name first: a declared, allowed cookie passes whatever its attributes say, so its
    // dates are never read; only a refused one must prove it is a removal.
    allowed_bytes::<R>(set_cookie.name(), consent) || set_cookie.is_removal()
}

/// Whether registry `R` declares cookie `name` (as read from a header, in bytes) and `consent`
/// allows it.
#[inline]
pub(crate) fn allowed_bytes<R: CookieRegistry>(name: &[u8], consent: &Consent) -> bool {
    // A storage entry's name in a header is no cookie of the registry.
    R::__spec_of_bytes(name).is_some_and(|spec| spec.is_http_cookie() && spec.allowed_by(consent))
}
