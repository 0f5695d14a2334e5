use cookie_registry::CookieRegistry;

#[derive(CookieRegistry)]
#[registry(provider = "Acme", languages = ["en", "de"])]
enum Cookies {
    #[cookie(name = "sid", category = Necessary, purpose = "Keeps you signed in")]
    #[cookie(lang = "de", purpose = "Hält Sie angemeldet")]
    #[cookie(lang = "fr", purpose = "Vous garde connecté")]
    Sid,
}

#[derive(CookieRegistry)]
#[registry(provider = "Acme")]
enum English {
    #[cookie(name = "sid", category = Necessary, purpose = "Keeps you signed in")]
    #[cookie(lang = "de", purpose = "Hält Sie angemeldet")]
    Sid,
}

fn main() {}
