use cookie_registry::CookieRegistry;

#[derive(CookieRegistry)]
#[registry(provider = "Acme", consent_cookie = Consnet)]
enum Cookies {
    #[cookie(name = "consent", category = Necessary, purpose = "Stores the consent choice")]
    Consent,
}

fn main() {}
