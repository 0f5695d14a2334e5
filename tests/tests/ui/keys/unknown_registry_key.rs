use cookie_registry::CookieRegistry;

#[derive(CookieRegistry)]
#[registry(provider = "Acme", consent = Session)]
enum Cookies {
    #[cookie(name = "sid", category = Necessary, purpose = "Session")]
    Session,
}

fn main() {}
