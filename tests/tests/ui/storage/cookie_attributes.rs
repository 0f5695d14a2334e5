use cookie_registry::CookieRegistry;

#[derive(CookieRegistry)]
#[registry(provider = "Acme")]
enum Cookies {
    #[cookie(name = "cart", category = Necessary, purpose = "Keeps the cart", storage = local,
             secure, http_only, same_site = Strict, path = "/", domain = "example.com",
             max_age = "30d")]
    Cart,
    #[cookie(name = "__Host-tab", category = Preferences, purpose = "The open tab",
             storage = session, max_age = "1h")]
    Tab,
}

fn main() {}
