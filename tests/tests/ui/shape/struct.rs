use cookie_registry::CookieRegistry;

#[derive(CookieRegistry)]
struct Cookies {
    session: String,
}

fn main() {}
