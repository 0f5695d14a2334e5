use cookie_registry::CookieRegistry;

#[derive(CookieRegistry)]
#[registry(provider = "Acme", languages = ["en", "de", "sv"])]
enum Cookies {
    #[cookie(name = "sid", category = Necessary, purpose = "Keeps you signed in")]
    #[cookie(lang = "de", purpose = "Hält Sie angemeldet")]
    Sid,
    #[cookie(name = "lang", category = Necessary, purpose = "Your language", function = "Language")]
    Language,
}

fn main() {}
