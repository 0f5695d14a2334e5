use cookie_registry::CookieRegistry;

#[derive(CookieRegistry)]
#[registry(provider = "Acme", revision(necessary = 2))]
enum Cookies {
    #[cookie(name = "sid", category = Necessary, purpose = "Session")]
    Sid,
}

fn main() {}
