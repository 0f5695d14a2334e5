use cookie_registry::CookieRegistry;

#[derive(CookieRegistry)]
union Cookies {
    session: u32,
}

fn main() {}
