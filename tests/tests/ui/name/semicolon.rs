use cookie_registry::CookieRegistry;

#[derive(CookieRegistry)]
#[registry(provider = "Acme")]
enum Cookies {
    #[cookie(name = "sid;Path=/", category = Necessary, purpose = "Session")]
    Session,
}

fn main() {}
