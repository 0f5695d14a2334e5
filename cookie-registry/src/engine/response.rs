//! The response half of the middleware: the decisions on a response's `Set-Cookie` headers
//! (which to drop, which removals to append), and the log of what consent refused.

use super::gate::allows_set_cookie_bytes;
use super::{Enforcement, RefusedSetCookie, RequestSummary, SetCookie, read_set_cookie, removal};
use crate::consent::consent_spec;
use crate::signals::Signals;
use crate::{Consent, ConsentState, CookieRegistry, CookieSpec, HasConsentCookie};

/// The engine's decisions on one response's `Set-Cookie` headers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResponseCookies {
    refused: Vec<usize>,
    removals: Vec<String>,
    consent: Option<Consent>,
}

impl ResponseCookies {
    /// The positions, among the response's `Set-Cookie` values, of those to drop (in
    /// increasing order). Empty in [`RefusedSetCookie::PassAndLog`] mode.
    #[must_use]
    pub fn refused(&self) -> &[usize] {
        &self.refused
    }

    /// `Set-Cookie` values to append: one removal per cookie the request carried that the
    /// consent governing this response refuses, or that the registry does not declare.
    #[must_use]
    pub fn removals(&self) -> &[String] {
        &self.removals
    }

    /// The consent that governed the response, when the response itself set the consent
    /// cookie (the consent endpoint's answer).
    #[must_use]
    pub const fn consent_set(&self) -> Option<Consent> {
        self.consent
    }
}

/// Decides on a response's `Set-Cookie` values for registry `R`.
///
/// The consent in force is the one the response sets through the consent cookie, if it sets
/// one (the last such header wins, as in the browser; a removal of it, or a value that does not
/// decode, counts as no choice), else the request's; either under the request's privacy
/// signals (a GPC opt-out holds over a grant the response sets). Each `Set-Cookie` that
/// [`allows_set_cookie`] refuses under it is dropped or logged, as
/// `enforcement` says; then, unless turned off, each cookie in `carried` (the request's
/// `Cookie` header as it arrived, before filtering) that this consent refuses or the registry
/// does not declare gets a removal, unless the response sets that cookie itself.
///
/// A declared cookie's removal carries its declared `Path` and `Domain` (and `Secure`, which a
/// prefixed name needs); an undeclared one's is `Path=/`, host-only.
#[must_use]
pub fn gate_response<'s, R: HasConsentCookie>(
    enforcement: Enforcement,
    request: &RequestSummary,
    carried: &[u8],
    set_cookies: impl IntoIterator<Item = &'s [u8], IntoIter: Clone>,
) -> ResponseCookies {
    let set_cookies = set_cookies.into_iter();
    let mut decision = ResponseCookies {
        consent: consent_set_by::<R>(set_cookies.clone(), request.state.signals()),
        ..ResponseCookies::default()
    };
    let consent = decision.consent.unwrap_or(request.state.consent());
    for (index, value) in set_cookies.clone().enumerate() {
        if allows_set_cookie_bytes::<R>(value, &consent) {
            continue;
        }
        log_refused::<R>(value, &consent, enforcement.refused);
        if enforcement.refused == RefusedSetCookie::Drop {
            decision.refused.push(index);
        }
    }
    let consent_changed = consent != request.state.consent();
    if enforcement.remove_refused && (request.removed || consent_changed) {
        // A dropped Set-Cookie does not set its cookie: only the kept ones spare a removal.
        let refused = &decision.refused;
        let kept = set_cookies
            .enumerate()
            .filter(move |(index, _)| refused.binary_search(index).is_err())
            .map(|(_, value)| value);
        decision.removals = removal::removals::<R>(carried, &consent, enforcement.refused, kept);
    }
    decision
}

/// The consent a response sets through the consent cookie, if it sets one.
fn consent_set_by<'s, R: CookieRegistry>(
    set_cookies: impl Iterator<Item = &'s [u8]>,
    signals: Signals,
) -> Option<Consent> {
    let spec = consent_spec::<R>()?;
    set_cookies
        .filter_map(|value| {
            let cookie = consent_cookie_set_by(spec, value)?;
            if cookie.is_removal() {
                return Some(ConsentState::undecided().with_signals(signals).consent());
            }
            // Quotes around a value are the browser's to keep, and never part of ours.
            let value = match cookie.value() {
                [b'"', inner @ .., b'"'] => inner,
                value => value,
            };
            Some(
                ConsentState::from_cookie_value_bytes::<R>(value)
                    .unwrap_or_default()
                    .with_signals(signals)
                    .consent(),
            )
        })
        .last()
}

/// The consent cookie (declared by `spec`) as a `Set-Cookie` line sets or removes it, read as
/// the browser reads it; `None` for any other line. A line that does not start with the name
/// (after SP and HTAB, which the reader trims) is not read at all: on the usual response, each
/// line is read once, by the gate.
#[inline]
pub(super) fn consent_cookie_set_by<'v>(
    spec: &CookieSpec,
    value: &'v [u8],
) -> Option<SetCookie<'v>> {
    // Only leading white space matters to a prefix: the line is not also scanned from its end.
    let start = value.iter().position(|b| !matches!(b, b' ' | b'\t'));
    let line = value
        .get(start.unwrap_or(value.len())..)
        .unwrap_or_default();
    if !line.starts_with(spec.name.as_bytes()) {
        return None;
    }
    let cookie = read_set_cookie(value)?;
    cookie
        .name_str()
        .is_some_and(|name| spec.matches(name))
        .then_some(cookie)
}

/// Logs a refused `Set-Cookie` by its cookie's name and category, never its value.
#[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
fn log_refused<R: CookieRegistry>(set_cookie: &[u8], consent: &Consent, action: RefusedSetCookie) {
    #[cfg(feature = "tracing")]
    {
        let parsed = read_set_cookie(set_cookie);
        let name = parsed.as_ref().map_or("<ignored by browsers>", |cookie| {
            cookie.name_str().unwrap_or("<not UTF-8>")
        });
        let category = R::category_of(name).map_or("undeclared", |category| category.as_str());
        let granted = GrantedList(consent);
        match action {
            RefusedSetCookie::Drop => tracing::debug!(
                cookie = name,
                category,
                granted = %granted,
                "cookie-registry: dropped a Set-Cookie that consent does not allow"
            ),
            RefusedSetCookie::PassAndLog => tracing::warn!(
                cookie = name,
                category,
                granted = %granted,
                "cookie-registry: passed a Set-Cookie that consent does not allow"
            ),
        }
    }
}

/// The granted categories, comma-separated, for the log.
#[cfg(feature = "tracing")]
struct GrantedList<'a>(&'a Consent);

#[cfg(feature = "tracing")]
impl core::fmt::Display for GrantedList<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        for (i, category) in self.0.granted().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            f.write_str(category.as_str())?;
        }
        Ok(())
    }
}
