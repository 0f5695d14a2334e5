use cookie_registry::CookieRegistry;

#[derive(CookieRegistry)]
#[registry(provider = "Acme")]
enum Cookies {
    #[cookie(name = "x", category = Necessary, purpose = "Session")]
    X,
}

fn main() {}
