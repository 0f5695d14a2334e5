//! The middleware's plumbing, written once over [`HeadersMut`]: rewriting a request's `Cookie`
//! fields and applying the gate's decision to a response's `Set-Cookie` fields. The tower
//! `ConsentService` and the actix `ConsentService` call these two functions and keep only their
//! framework's trait impls.

use crate::HasConsentCookie;
use crate::engine::{self, Carried, Enforcement, RequestSummary};

/// A framework's header map, as the middleware reads and writes it.
pub(crate) trait HeadersMut {
    /// The framework's header value.
    type Value: AsRef<[u8]> + Clone;

    /// The request's `Cookie` fields, in order.
    fn cookie_fields(&self) -> impl Iterator<Item = &Self::Value>;

    /// Replaces every `Cookie` field with one of `bytes` (moved, not copied), marked sensitive
    /// when any replaced field was, and returns it; removes them all when `bytes` is empty or,
    /// which valid fields joined by `"; "` never are, not a valid header value.
    fn replace_cookie_fields(&mut self, bytes: Vec<u8>) -> Option<Self::Value>;

    /// The response's `Set-Cookie` values, in order.
    fn set_cookies(&self) -> impl Iterator<Item = &[u8]>;

    /// Removes the `Set-Cookie` values at these positions (increasing), keeping the others in
    /// order.
    fn drop_set_cookies(&mut self, refused: &[usize]);

    /// Appends a `Set-Cookie` field.
    fn append_set_cookie(&mut self, value: &str);
}

/// Reads the consent and rewrites the `Cookie` fields into one filtered field (or none, when no
/// cookie is left); leaves a single field from which nothing is removed as it is. Several
/// fields from which nothing is removed become one field of their joined bytes, which `carried`
/// then holds (moved, not copied: a 2 KB header is common).
pub(crate) fn filter_request<R: HasConsentCookie, H: HeadersMut>(
    headers: &mut H,
    carried: &mut Carried<H::Value>,
    signals: crate::signals::Signals,
) -> RequestSummary {
    let decision = engine::read_request_with::<R>(carried.as_bytes(), signals);
    let summary = decision.summary();
    let (replacement, joined) = match decision.into_filtered() {
        std::borrow::Cow::Owned(filtered) => (filtered, false),
        std::borrow::Cow::Borrowed(_) => match carried.take_joined() {
            Some(joined) => (joined, true),
            None => return summary, // no field, or one from which nothing is removed
        },
    };
    let value = headers.replace_cookie_fields(replacement);
    if let (true, Some(value)) = (joined, value) {
        // The joined fields, taken above: the response's removals read them.
        *carried = Carried::One(value);
    }
    summary
}

/// Applies the engine's decision to a response's headers: drops (or, in report mode, keeps)
/// the refused `Set-Cookie`s and appends the removals.
pub(crate) fn gate_response<R: HasConsentCookie, H: HeadersMut>(
    headers: &mut H,
    enforcement: Enforcement,
    summary: &RequestSummary,
    carried: &[u8],
) {
    let decision = {
        // The usual few `Set-Cookie`s on the stack, any more after them in a `Vec`.
        let mut few: [&[u8]; 8] = [&[]; 8];
        let mut set_cookies = headers.set_cookies();
        let count = few
            .iter_mut()
            .zip(set_cookies.by_ref())
            .map(|(slot, value)| *slot = value)
            .count();
        let few = few.get(..count).unwrap_or_default();
        let more: Vec<&[u8]> = set_cookies.collect(); // empty, unallocated, unless over 8
        let all = few.iter().chain(&more).copied();
        engine::gate_response::<R>(enforcement, summary, carried, all)
    };
    if !decision.refused().is_empty() {
        headers.drop_set_cookies(decision.refused());
    }
    for removal in decision.removals() {
        headers.append_set_cookie(removal);
    }
}

#[cfg(feature = "tower")]
impl HeadersMut for http::HeaderMap {
    type Value = http::HeaderValue;

    fn cookie_fields(&self) -> impl Iterator<Item = &Self::Value> {
        self.get_all(http::header::COOKIE).iter()
    }

    fn replace_cookie_fields(&mut self, bytes: Vec<u8>) -> Option<Self::Value> {
        use http::header::COOKIE;
        let sensitive = self
            .get_all(COOKIE)
            .iter()
            .any(http::HeaderValue::is_sensitive);
        let Some(mut value) = header_value(bytes, http::HeaderValue::from_maybe_shared) else {
            self.remove(COOKIE);
            return None;
        };
        value.set_sensitive(sensitive);
        self.insert(COOKIE, value.clone());
        Some(value)
    }

    fn set_cookies(&self) -> impl Iterator<Item = &[u8]> {
        self.get_all(http::header::SET_COOKIE)
            .iter()
            .map(http::HeaderValue::as_bytes)
    }

    fn drop_set_cookies(&mut self, refused: &[usize]) {
        use http::header::{Entry, SET_COOKIE};
        if let Entry::Occupied(entry) = self.entry(SET_COOKIE) {
            let (_, values) = entry.remove_entry_mult();
            let kept: Vec<http::HeaderValue> = kept(values, refused);
            for value in kept {
                self.append(SET_COOKIE, value);
            }
        }
    }

    fn append_set_cookie(&mut self, value: &str) {
        // Built from RFC 6265 tokens and fixed attributes: always a valid header value.
        if let Ok(value) = http::HeaderValue::from_str(value) {
            self.append(http::header::SET_COOKIE, value);
        }
    }
}

#[cfg(feature = "actix")]
impl HeadersMut for actix_web::http::header::HeaderMap {
    type Value = actix_web::http::header::HeaderValue;

    fn cookie_fields(&self) -> impl Iterator<Item = &Self::Value> {
        self.get_all(actix_web::http::header::COOKIE)
    }

    fn replace_cookie_fields(&mut self, bytes: Vec<u8>) -> Option<Self::Value> {
        use actix_web::http::header::{COOKIE, HeaderValue};
        let sensitive = self.get_all(COOKIE).any(HeaderValue::is_sensitive);
        let Some(mut value) = header_value(bytes, HeaderValue::from_maybe_shared) else {
            self.remove(COOKIE);
            return None;
        };
        value.set_sensitive(sensitive);
        self.insert(COOKIE, value.clone());
        Some(value)
    }

    fn set_cookies(&self) -> impl Iterator<Item = &[u8]> {
        self.get_all(actix_web::http::header::SET_COOKIE)
            .map(actix_web::http::header::HeaderValue::as_bytes)
    }

    fn drop_set_cookies(&mut self, refused: &[usize]) {
        use actix_web::http::header::{HeaderValue, SET_COOKIE};
        let kept: Vec<HeaderValue> = kept(self.remove(SET_COOKIE), refused);
        for value in kept {
            self.append(SET_COOKIE, value);
        }
    }

    fn append_set_cookie(&mut self, value: &str) {
        // Built from RFC 6265 tokens and fixed attributes: always a valid header value.
        if let Ok(value) = actix_web::http::header::HeaderValue::from_str(value) {
            self.append(actix_web::http::header::SET_COOKIE, value);
        }
    }
}

/// A header value of `bytes`, moved into it: `None` when empty (no cookie is left) or invalid.
fn header_value<V, E>(
    bytes: Vec<u8>,
    make: impl FnOnce(bytes::Bytes) -> Result<V, E>,
) -> Option<V> {
    if bytes.is_empty() {
        return None;
    }
    make(bytes::Bytes::from(bytes)).ok()
}

/// The values not at the `refused` positions (increasing), in order.
fn kept<V>(values: impl Iterator<Item = V>, refused: &[usize]) -> Vec<V> {
    values
        .enumerate()
        .filter(|(index, _)| refused.binary_search(index).is_err())
        .map(|(_, value)| value)
        .collect()
}
