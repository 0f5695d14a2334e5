use cookie_registry::CookieRegistry;

#[derive(CookieRegistry)]
#[registry(provider = "Acme")]
enum Cookies {
    #[cookie(prefix = "", category = Statistics, purpose = "Visits")]
    GaSession,
}

fn main() {}
