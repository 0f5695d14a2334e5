use cookie_registry::CookieRegistry;

#[derive(CookieRegistry)]
#[registry(provider = "Acme")]
enum Cookies {
    #[cookie(name = "session id", category = Necessary, purpose = "")]
    Session,
    #[cookie(name = "_ga", category = Functional, purpos = "Visits")]
    Ga,
    #[cookie(name = "__Host-lang", category = Preferences, purpose = "Language", same_site = None)]
    Language,
    #[cookie(name = "_fbp", category = Marketing, purpose = "Ads", max_age = "13m")]
    Fbp,
}

fn main() {}
