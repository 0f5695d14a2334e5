use cookie_registry::CookieRegistry;

#[derive(CookieRegistry)]
#[registry(provider = "Acme")]
enum Cookies {
    #[cookie(name = "sid", category = Necessary, purpose = "Session")]
    Session,
}

#[allow(dead_code)]
const S: Cookies = Cookies::named("nope");

fn main() {}
