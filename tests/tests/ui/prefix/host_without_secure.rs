use cookie_registry::CookieRegistry;

#[derive(CookieRegistry)]
#[registry(provider = "Acme")]
enum Cookies {
    #[cookie(name = "__Host-sid", category = Necessary, purpose = "Session", path = "/")]
    Session,
}

fn main() {}
