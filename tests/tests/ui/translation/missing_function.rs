use cookie_registry::CookieRegistry;

#[derive(CookieRegistry)]
#[registry(provider = "Acme", languages = ["en", "de"])]
enum Cookies {
    #[cookie(name = "sid", category = Necessary, function = "Login", purpose = "Keeps you signed in")]
    #[cookie(lang = "de", purpose = "Hält Sie angemeldet")]
    Sid,
    #[cookie(name = "theme", category = Preferences, purpose = "Your theme")]
    #[cookie(lang = "de", purpose = "Ihr Farbschema", function = "Darstellung")]
    Theme,
    #[cookie(name = "cart", category = Necessary, purpose = "Your cart")]
    #[cookie(lang = "de", function = "Warenkorb")]
    Cart,
}

fn main() {}
