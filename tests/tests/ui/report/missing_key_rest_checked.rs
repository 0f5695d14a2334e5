use cookie_registry::CookieRegistry;

#[derive(CookieRegistry)]
enum Cookies {
    #[cookie(name = "__Secure-sid", category = Necessary, purpose = "Session")]
    Session,
}

fn main() {}
