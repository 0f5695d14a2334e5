use cookie_registry::CookieRegistry;

#[derive(CookieRegistry)]
#[registry(provider = "Acme")]
enum Cookies {
    #[cookie(name = "sid", category = Necessary, purpose = "Session")]
    Session { value: String },
}

fn main() {}
