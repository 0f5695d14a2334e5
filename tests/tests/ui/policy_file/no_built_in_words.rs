use cookie_registry::CookieRegistry;

#[derive(CookieRegistry)]
#[registry(provider = "Acme", languages = ["en", "nl"], policy_file(nl = "COOKIES.nl.md"))]
enum Cookies {
    #[cookie(name = "sid", category = Necessary, purpose = "Keeps you signed in")]
    #[cookie(lang = "nl", purpose = "Houdt u ingelogd")]
    Sid,
}

fn main() {}
