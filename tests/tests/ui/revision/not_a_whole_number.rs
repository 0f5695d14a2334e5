use cookie_registry::CookieRegistry;

#[derive(CookieRegistry)]
#[registry(provider = "Acme", revision(statistics = "2", marketing = 1.5, preferences = -1))]
enum Cookies {
    #[cookie(name = "_ga", category = Statistics, purpose = "Visits")]
    Ga,
}

#[derive(CookieRegistry)]
#[registry(provider = "Acme", revision(statistics = 4294967296, marketing = 2u8, preferences))]
enum Others {
    #[cookie(name = "_ga", category = Statistics, purpose = "Visits")]
    Ga,
}

fn main() {}
