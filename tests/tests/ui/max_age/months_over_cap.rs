use cookie_registry::CookieRegistry;

#[derive(CookieRegistry)]
#[registry(provider = "Google")]
enum Cookies {
    #[cookie(name = "_ga", category = Statistics, purpose = "Visits", max_age = "14mo")]
    Ga,
    #[cookie(name = "_gid", category = Statistics, purpose = "Visits", max_age = "2y")]
    Gid,
}

fn main() {}
