//! Generated code compiles cleanly under strict lints in the user's crate: missing docs are
//! denied, clippy's pedantic group is denied (checked by `cargo clippy --all-targets`), and the
//! derive implements no std trait the user derives too.
#![deny(missing_docs, warnings, clippy::pedantic)]

use cookie_registry::{Category, CookieRegistry};

/// A registry with every kind of declaration.
#[derive(CookieRegistry, Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[registry(provider = "Acme", consent_cookie = Consent)]
pub enum Cookies {
    /// The session.
    #[cookie(name = "__Host-sid", category = Necessary, purpose = "Session",
             secure, http_only, same_site = Strict, path = "/", max_age = "1h")]
    Session,
    /// The consent choice.
    #[cookie(name = "consent", category = Necessary, purpose = "Consent", max_age = "26w")]
    Consent,
    /// Google Analytics sessions.
    #[cookie(prefix = "_ga_", category = Statistics, provider = "Google", purpose = "Visits",
             third_party, max_age = "400d", same_site = None, secure, domain = "example.com")]
    GaSession,
    /// Anonymized counts.
    #[cookie(name = "hits", category = Statistics, purpose = "Counts", anonymized)]
    Hits,
}

#[test]
fn strict_lints_accept_generated_code() {
    assert_eq!(Cookies::SESSION, "__Host-sid");
    assert!(Cookies::is_ga_session("_ga_ABC"));
    assert_eq!(Cookies::from_name("_ga_ABC"), Some(Cookies::GaSession));
    assert_eq!(Cookies::consent_cookie(), Some(Cookies::Consent));
    assert_eq!(Cookies::in_category(Category::Statistics).count(), 2);
}
