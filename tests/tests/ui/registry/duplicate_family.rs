use cookie_registry::CookieRegistry;

#[derive(CookieRegistry)]
#[registry(provider = "Acme")]
enum Cookies {
    #[cookie(prefix = "_ga_", category = Statistics, purpose = "Visits")]
    GaSession,
    #[cookie(prefix = "_ga_", category = Statistics, purpose = "Visits again")]
    GaVisit,
}

fn main() {}
