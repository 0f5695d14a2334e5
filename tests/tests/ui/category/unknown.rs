use cookie_registry::CookieRegistry;

#[derive(CookieRegistry)]
#[registry(provider = "Acme")]
enum Cookies {
    #[cookie(name = "sid", category = Functional, purpose = "Session")]
    Session,
}

fn main() {}
