use cookie_registry::CookieRegistry;

#[derive(CookieRegistry)]
#[registry(provider = "Acme", consent_cookie = Ga)]
enum Cookies {
    #[cookie(name = "_ga", category = Statistics, purpose = "Visits")]
    Ga,
}

fn main() {}
