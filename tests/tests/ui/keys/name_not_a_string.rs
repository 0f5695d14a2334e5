use cookie_registry::CookieRegistry;

#[derive(CookieRegistry)]
#[registry(provider = "Acme")]
enum Cookies {
    #[cookie(name = 5, category = Necessary, purpose = "Session")]
    Session,
}

fn main() {}
