use cookie_registry::CookieRegistry;

#[derive(CookieRegistry)]
#[registry(consent_cookie = Consent; provider = "Acme")]
enum Cookies {
    #[cookie(name = "consent", category = Necessary, purpose = "Stores the consent choice")]
    Consent,
}

fn main() {}
