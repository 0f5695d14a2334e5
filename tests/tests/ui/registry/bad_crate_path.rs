use cookie_registry::CookieRegistry;

#[derive(CookieRegistry)]
#[registry(provider = "Acme", crate = "not a path")]
enum Cookies {
    #[cookie(name = "sid", category = Necessary, purpose = "Session")]
    Session,
}

fn main() {}
