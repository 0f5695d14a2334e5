use cookie_registry::CookieRegistry;

#[derive(CookieRegistry)]
#[registry(provider = "Acme")]
enum Cookies {
    #[cookie(prefix = "_ga", category = Statistics, purpose = "Visits")]
    Ga,
    #[cookie(prefix = "_gads", category = Marketing, purpose = "Ads")]
    Gads,
}

fn main() {}
