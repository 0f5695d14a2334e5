use cookie_registry::CookieRegistry;

#[derive(CookieRegistry)]
#[registry(provider = "Acme")]
enum Cookies {
    #[cookie]
    Session,
}

fn main() {}
