use cookie_registry::CookieRegistry;

#[derive(CookieRegistry)]
#[registry(provider = "Acme")]
enum Cookies {
    #[cookie(name = "_ga", category = Statistic, purpose = "Visits")]
    Ga,
}

fn main() {}
