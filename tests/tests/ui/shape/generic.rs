use cookie_registry::CookieRegistry;

#[derive(CookieRegistry)]
#[registry(provider = "Acme")]
enum Cookies<const N: usize> {
    #[cookie(name = "sid", category = Necessary, purpose = "Session")]
    Session,
}

fn main() {}
