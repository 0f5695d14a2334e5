use cookie_registry::CookieRegistry;

#[derive(CookieRegistry)]
#[registry(provider = "Acme")]
enum Cookies {
    #[cookie(name = "__Host-Http-sid", category = Necessary, purpose = "Session", secure, path = "/")]
    Session,
}

fn main() {}
