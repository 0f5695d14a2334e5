use cookie_registry::CookieRegistry;

#[derive(CookieRegistry)]
#[registry(provider = "Acme")]
enum Cookies {
    #[cookie(name = "__Host-sid", category = Necessary, purpose = "Session", secure, path = "/", domain = "example.com")]
    Session,
}

fn main() {}
