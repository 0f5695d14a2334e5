use cookie_registry::CookieRegistry;

#[derive(CookieRegistry)]
#[registry(provider = "Acme")]
enum Cookies {
    #[cookie(prefix = "__Secure-sid_", category = Necessary, purpose = "Session")]
    Session,
}

fn main() {}
