use cookie_registry::CookieRegistry;

#[derive(CookieRegistry)]
#[registry(provider = "Google")]
enum Cookies {
    // Meant as 13 months; once silently 13 minutes.
    #[cookie(name = "_ga", category = Statistics, purpose = "Visits", max_age = "13m")]
    Ga,
}

fn main() {}
