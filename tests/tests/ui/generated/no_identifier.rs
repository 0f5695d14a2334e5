use cookie_registry::CookieRegistry;

#[derive(CookieRegistry)]
#[registry(provider = "Acme")]
enum Cookies {
    #[allow(non_camel_case_types)]
    #[cookie(name = "first", category = Necessary, purpose = "First visit")]
    _1st,
}

fn main() {}
