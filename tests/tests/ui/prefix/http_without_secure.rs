use cookie_registry::CookieRegistry;

#[derive(CookieRegistry)]
#[registry(provider = "Acme")]
enum Cookies {
    #[cookie(name = "__Http-sid", category = Necessary, purpose = "Session", http_only)]
    Session,
}

fn main() {}
