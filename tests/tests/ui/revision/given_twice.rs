use cookie_registry::CookieRegistry;

#[derive(CookieRegistry)]
#[registry(provider = "Acme", revision(statistics = 2, statistics = 3))]
#[registry(revision(marketing = 1), revision(marketing = 1))]
enum Cookies {
    #[cookie(name = "_ga", category = Statistics, purpose = "Visits")]
    Ga,
}

fn main() {}
