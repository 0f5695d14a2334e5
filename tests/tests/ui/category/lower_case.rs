use cookie_registry::CookieRegistry;

#[derive(CookieRegistry)]
#[registry(provider = "Acme")]
enum Cookies {
    #[cookie(name = "sid", category = necessary, purpose = "Session")]
    Session,
}

fn main() {}
