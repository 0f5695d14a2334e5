use cookie_registry::CookieRegistry;

#[derive(CookieRegistry)]
#[registry(provider = Acme)]
enum Cookies {
    #[cookie(name = "sid", category = Necessary, purpose = "Session")]
    Session,
    #[cookie(name = "lang", category = Preferences, purpose = "Language")]
    Language,
}

fn main() {}
