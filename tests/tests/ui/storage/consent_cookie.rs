use cookie_registry::CookieRegistry;

#[derive(CookieRegistry)]
#[registry(provider = "Acme", consent_cookie = Consent)]
enum Cookies {
    #[cookie(name = "consent", category = Necessary, purpose = "Stores your choice", storage = local)]
    Consent,
}

fn main() {}
