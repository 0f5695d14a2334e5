//! The `Cookie` header benchmark: a real-looking 2 KB header of 30 cookies, a registry declaring
//! them (half `Necessary`), and the two anchors `filter_cookie_header` is measured against.

use std::borrow::Cow;

use cookie_registry::{Consent, CookieRegistry};

/// The 2 KB `Cookie` header (`shared/bench/cookie-header-2k.txt`): 30 cookies.
pub const HEADER: &str = include_str!("../cookie-header-2k.txt");

/// The cookies of [`HEADER`]: 15 `Necessary`, 15 needing consent; generated names as families.
#[derive(CookieRegistry, Debug, Clone, Copy, PartialEq, Eq)]
#[registry(provider = "Example Shop", consent_cookie = CookieConsent)]
pub enum HeaderCookies {
    #[cookie(name = "__Host-session", category = Necessary, purpose = "Keeps the visitor signed in",
             secure, http_only, path = "/")]
    HostSession,
    #[cookie(name = "__Secure-csrf", category = Necessary, purpose = "Protects forms", secure)]
    SecureCsrf,
    #[cookie(name = "_ga", category = Statistics, provider = "Google", purpose = "Distinguishes visitors",
             max_age = "400d", third_party)]
    Ga,
    #[cookie(prefix = "_ga_", category = Statistics, provider = "Google", purpose = "Keeps a GA4 property's state",
             max_age = "400d", third_party)]
    GaProperty,
    #[cookie(name = "_gid", category = Statistics, provider = "Google", purpose = "Distinguishes visitors for a day",
             max_age = "1d", third_party)]
    Gid,
    #[cookie(name = "_fbp", category = Marketing, provider = "Meta", purpose = "Delivers advertising",
             max_age = "90d", third_party)]
    Fbp,
    #[cookie(name = "_gcl_au", category = Marketing, provider = "Google", purpose = "Stores ad click conversions",
             max_age = "90d", third_party)]
    GclAu,
    #[cookie(name = "theme", category = Preferences, purpose = "Remembers the colour scheme", max_age = "365d")]
    Theme,
    #[cookie(name = "lang", category = Necessary, purpose = "Serves the chosen language")]
    Lang,
    #[cookie(name = "tz", category = Necessary, purpose = "Shows times in the visitor's zone")]
    Tz,
    #[cookie(name = "cookie_consent", category = Necessary, purpose = "Stores the consent choice",
             max_age = "365d")]
    CookieConsent,
    #[cookie(name = "OptanonConsent", category = Necessary, provider = "OneTrust",
             purpose = "Stores the consent choice", max_age = "365d")]
    OptanonConsent,
    #[cookie(name = "ajs_anonymous_id", category = Statistics, provider = "Segment",
             purpose = "Counts anonymous visitors", max_age = "365d")]
    AjsAnonymousId,
    #[cookie(name = "ajs_user_id", category = Statistics, provider = "Segment",
             purpose = "Counts signed-in visitors", max_age = "365d")]
    AjsUserId,
    #[cookie(name = "remember_token", category = Necessary, purpose = "Keeps the visitor signed in",
             max_age = "30d", secure, http_only)]
    RememberToken,
    #[cookie(name = "jwt", category = Necessary, purpose = "Authenticates API calls", secure)]
    Jwt,
    #[cookie(name = "cart_id", category = Necessary, purpose = "Keeps the shopping cart")]
    CartId,
    #[cookie(name = "recently_viewed", category = Preferences, purpose = "Lists recently viewed items",
             max_age = "30d")]
    RecentlyViewed,
    #[cookie(name = "ab_test", category = Statistics, purpose = "Assigns the visitor to a test group",
             max_age = "30d")]
    AbTest,
    #[cookie(name = "__cf_bm", category = Necessary, provider = "Cloudflare",
             purpose = "Tells bots from people", max_age = "1h", secure, http_only)]
    CfBm,
    #[cookie(name = "cf_clearance", category = Necessary, provider = "Cloudflare",
             purpose = "Proves a passed challenge", max_age = "365d", secure, http_only)]
    CfClearance,
    #[cookie(prefix = "_hjSessionUser_", category = Statistics, provider = "Hotjar",
             purpose = "Keeps the Hotjar user ID", max_age = "365d")]
    HjSessionUser,
    #[cookie(prefix = "_hjSession_", category = Statistics, provider = "Hotjar",
             purpose = "Joins page views into a session", max_age = "1h")]
    HjSession,
    #[cookie(prefix = "intercom-id-", category = Marketing, provider = "Intercom",
             purpose = "Recognises the visitor across visits", max_age = "270d")]
    IntercomId,
    #[cookie(prefix = "intercom-session-", category = Necessary, provider = "Intercom",
             purpose = "Keeps the support chat open", max_age = "7d")]
    IntercomSession,
    #[cookie(name = "locale", category = Necessary, purpose = "Serves the chosen locale")]
    Locale,
    #[cookie(name = "currency", category = Necessary, purpose = "Shows prices in the chosen currency")]
    Currency,
    #[cookie(name = "sidebar_collapsed", category = Preferences, purpose = "Remembers the layout",
             max_age = "365d")]
    SidebarCollapsed,
    #[cookie(name = "last_seen", category = Statistics, purpose = "Counts returning visitors",
             max_age = "365d")]
    LastSeen,
    #[cookie(name = "pad", category = Necessary, purpose = "Load balancer affinity")]
    Pad,
}

/// The anchor: the same filter built on `cookie::Cookie::split_parse`, deciding each cookie as
/// `filter_cookie_header` does. Written as well as that API allows: one pass that stops at the
/// first cookie to remove and borrows the header when there is none, then a pass that writes
/// the kept cookies into one allocation.
#[must_use]
pub fn split_parse_filter<'h, R: CookieRegistry>(
    header: &'h str,
    consent: &Consent,
) -> Cow<'h, str> {
    let kept = |cookie: &Result<cookie::Cookie<'h>, cookie::ParseError>| {
        cookie
            .as_ref()
            .is_ok_and(|cookie| R::spec_of(cookie.name()).is_some_and(|s| s.allowed_by(consent)))
    };
    if cookie::Cookie::split_parse(header).all(|cookie| kept(&cookie)) {
        return Cow::Borrowed(header);
    }
    let mut out = String::with_capacity(header.len());
    for cookie in cookie::Cookie::split_parse(header).filter(kept).flatten() {
        if !out.is_empty() {
            out.push_str("; ");
        }
        out.push_str(cookie.name());
        out.push('=');
        out.push_str(cookie.value());
    }
    Cow::Owned(out)
}

/// The other way to write the anchor: one pass that writes every kept cookie as it goes and
/// borrows the header instead when none was removed. It allocates even then, but parses once
/// when cookies are removed; each scenario is compared with the faster of the two.
#[must_use]
pub fn split_parse_filter_one_pass<'h, R: CookieRegistry>(
    header: &'h str,
    consent: &Consent,
) -> Cow<'h, str> {
    let mut out = String::with_capacity(header.len());
    let mut removed = false;
    for cookie in cookie::Cookie::split_parse(header) {
        match cookie {
            Ok(cookie) if R::spec_of(cookie.name()).is_some_and(|s| s.allowed_by(consent)) => {
                if !out.is_empty() {
                    out.push_str("; ");
                }
                out.push_str(cookie.name());
                out.push('=');
                out.push_str(cookie.value());
            }
            _ => removed = true,
        }
    }
    if removed {
        Cow::Owned(out)
    } else {
        Cow::Borrowed(header)
    }
}

/// The floor: finding every `;` of the header with `memchr`, which any filter must at least do.
#[must_use]
pub fn memchr_floor(header: &str) -> usize {
    memchr::memchr_iter(b';', header.as_bytes()).count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use cookie_registry::filter_cookie_header;

    #[test]
    fn the_header_has_thirty_declared_cookies() {
        let names: Vec<&str> = HEADER
            .split("; ")
            .map(|pair| pair.split_once('=').expect("a pair").0)
            .collect();
        assert_eq!(names.len(), 30);
        assert!(HeaderCookies::undeclared(names.iter().copied()).is_empty());
        assert_eq!(memchr_floor(HEADER), 29);
    }

    #[test]
    fn nothing_removed_borrows_in_both_filters() {
        let all = Consent::all();
        assert!(matches!(
            filter_cookie_header::<HeaderCookies>(HEADER, &all),
            Cow::Borrowed(_)
        ));
        assert!(matches!(
            split_parse_filter::<HeaderCookies>(HEADER, &all),
            Cow::Borrowed(_)
        ));
        assert!(matches!(
            split_parse_filter_one_pass::<HeaderCookies>(HEADER, &all),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn half_removed_gives_the_same_header_in_both_filters() {
        let necessary = Consent::necessary_only();
        let ours = filter_cookie_header::<HeaderCookies>(HEADER, &necessary);
        assert_eq!(
            ours,
            split_parse_filter::<HeaderCookies>(HEADER, &necessary)
        );
        assert_eq!(ours.split("; ").count(), 15);
    }
}
