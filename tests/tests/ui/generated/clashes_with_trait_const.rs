use cookie_registry::CookieRegistry;

#[derive(CookieRegistry)]
#[registry(provider = "Acme")]
enum Cookies {
    #[cookie(name = "all", category = Necessary, purpose = "Everything")]
    All,
}

fn main() {}
