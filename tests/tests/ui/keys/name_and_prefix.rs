use cookie_registry::CookieRegistry;

#[derive(CookieRegistry)]
#[registry(provider = "Acme")]
enum Cookies {
    #[cookie(name = "sid", prefix = "sid_", category = Necessary, purpose = "Session")]
    Session,
}

fn main() {}
