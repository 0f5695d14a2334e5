use cookie_registry::CookieRegistry;

#[derive(CookieRegistry)]
#[registry(provider = "Acme", consent_cookie = Consent)]
enum Cookies {
    #[cookie(prefix = "consent_", category = Necessary, purpose = "Stores the consent choice")]
    Consent,
}

fn main() {}
