use cookie_registry::CookieRegistry;

#[derive(CookieRegistry)]
#[registry(provider = "Acme")]
enum Cookies {
    #[cookie(name = "_ga", category = Statistics, purpose = "Visits")]
    GA,
}

fn main() {}
