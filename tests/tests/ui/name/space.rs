use cookie_registry::CookieRegistry;

#[derive(CookieRegistry)]
#[registry(provider = "Acme")]
enum Cookies {
    #[cookie(name = "session id", category = Necessary, purpose = "Session")]
    Session,
}

fn main() {}
