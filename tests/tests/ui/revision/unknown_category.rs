use cookie_registry::CookieRegistry;

#[derive(CookieRegistry)]
#[registry(provider = "Acme", revision(statistic = 2, Marketing = 1, ads = 3))]
enum Cookies {
    #[cookie(name = "_ga", category = Statistics, purpose = "Visits")]
    Ga,
}

fn main() {}
