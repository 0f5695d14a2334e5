use cookie_registry::CookieRegistry;

#[derive(CookieRegistry)]
#[registry(provider = "Acme", languages = ["nl", "en"])]
enum Cookies {
    #[cookie(name = "sid", category = Necessary, purpose = "Houdt u ingelogd")]
    #[cookie(lang = "en", purpose = "Keeps you signed in")]
    Sid,
}

fn main() {}
