//! The registry the fuzz targets run against: exact names, a family, every category.

#![forbid(unsafe_code)]

use cookie_registry::{Category, Consent, CookieRegistry};

/// Cookies modelled on a real site's.
#[derive(CookieRegistry, Debug, Clone, Copy, PartialEq, Eq)]
#[registry(provider = "Fuzz", consent_cookie = Choices)]
pub enum Cookies {
    #[cookie(name = "__Host-sid", category = Necessary, purpose = "Session", secure, path = "/")]
    Sid,
    #[cookie(name = "choices", category = Necessary, purpose = "Consent")]
    Choices,
    #[cookie(name = "lang", category = Preferences, purpose = "Language")]
    Lang,
    #[cookie(name = "_ga", category = Statistics, purpose = "Visitors")]
    Ga,
    #[cookie(prefix = "_ga_", category = Statistics, purpose = "Sessions")]
    GaSession,
    #[cookie(name = "hits", category = Statistics, purpose = "Counts", anonymized)]
    Hits,
    #[cookie(name = "_fbp", category = Marketing, purpose = "Ads")]
    Fbp,
}

/// A consent chosen by the first byte of the input, and the rest as text (lossy UTF-8).
#[must_use]
pub fn split_input(data: &[u8]) -> (Consent, String) {
    let (first, rest) = data.split_first().map_or((0, data), |(f, r)| (*f, r));
    let consent = [Category::Preferences, Category::Statistics, Category::Marketing]
        .into_iter()
        .enumerate()
        .filter(|(i, _)| first & (1 << i) != 0)
        .map(|(_, c)| c)
        .collect();
    (consent, String::from_utf8_lossy(rest).into_owned())
}
