use cookie_registry::CookieRegistry;

#[derive(CookieRegistry)]
#[registry(provider = "Acme", languages = ["en", "de"])]
enum Cookies {
    #[cookie(name = "sid", category = Necessary, purpose = "Keeps you signed in")]
    #[cookie(lang = "de", purpose = "Hält Sie angemeldet")]
    #[cookie(lang = "DE", purpose = "Hält Sie eingeloggt")]
    #[cookie(lang = "en", purpose = "Keeps you logged in")]
    Sid,
}

fn main() {}
