//! A registry without a consent cookie fails a `const` assertion on `HAS_CONSENT_COOKIE`, as
//! the consent layer makes one.
use cookie_registry::CookieRegistry;

#[derive(CookieRegistry)]
#[registry(provider = "Acme")]
enum Cookies {
    #[cookie(name = "sid", category = Necessary, purpose = "Session")]
    Sid,
}

fn needs_consent_cookie<R: CookieRegistry>() {
    const { assert!(R::HAS_CONSENT_COOKIE, "this registry has no consent cookie") };
}

fn main() {
    needs_consent_cookie::<Cookies>();
}
