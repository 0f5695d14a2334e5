use cookie_registry::CookieRegistry;

#[derive(CookieRegistry)]
#[registry(provider = "Acme", revision = 2)]
enum Cookies {
    #[cookie(name = "_ga", category = Statistics, purpose = "Visits")]
    Ga,
}

fn main() {}
