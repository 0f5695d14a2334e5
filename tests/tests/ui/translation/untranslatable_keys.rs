use cookie_registry::CookieRegistry;

#[derive(CookieRegistry)]
#[registry(provider = "Acme", languages = ["en", "de"])]
enum Cookies {
    #[cookie(name = "sid", category = Necessary, purpose = "Keeps you signed in")]
    #[cookie(lang = "de", purpose = "Hält Sie angemeldet", provider = "Acme GmbH", max_age = "1d", purpos = "x")]
    Sid,
}

fn main() {}
