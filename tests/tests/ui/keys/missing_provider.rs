use cookie_registry::CookieRegistry;

#[derive(CookieRegistry)]
enum Cookies {
    #[cookie(name = "sid", category = Necessary, purpose = "Session")]
    Session,
}

fn main() {}
