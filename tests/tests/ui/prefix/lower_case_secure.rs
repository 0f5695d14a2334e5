use cookie_registry::CookieRegistry;

#[derive(CookieRegistry)]
#[registry(provider = "Acme")]
enum Cookies {
    #[cookie(name = "__secure-sid", category = Necessary, purpose = "Session")]
    Session,
}

fn main() {}
