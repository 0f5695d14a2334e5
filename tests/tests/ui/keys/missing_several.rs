use cookie_registry::CookieRegistry;

#[derive(CookieRegistry)]
enum Cookies {
    #[cookie(name = "sid")]
    Session,
}

fn main() {}
