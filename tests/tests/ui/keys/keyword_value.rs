use cookie_registry::CookieRegistry;

// A keyword is not a category, nor a variant: the key says what it takes.
#[derive(CookieRegistry)]
#[registry(provider = "Acme", consent_cookie = fn)]
enum Cookies {
    #[cookie(name = "sid", category = fn, purpose = "Session")]
    Session,
    #[cookie(name = "theme", category = Preferences, purpose = "Theme", same_site = _)]
    Theme,
}

fn main() {}
