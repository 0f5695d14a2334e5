use cookie_registry::CookieRegistry;

#[derive(CookieRegistry)]
#[registry(provider = "Acme", languages = ["en", "nl"],
           policy_file(en = "COOKIES.md", EN = "COOKIES.en.md", fr = "COOKIES.fr.md", nl = "COOKIES.nl.md"))]
enum Cookies {
    #[cookie(name = "sid", category = Necessary, purpose = "Keeps you signed in")]
    #[cookie(lang = "nl", purpose = "Houdt u ingelogd")]
    Sid,
}

#[derive(CookieRegistry)]
#[registry(provider = "Acme", policy_file = 1, policy_file(en = COOKIES))]
enum Malformed {
    #[cookie(name = "sid", category = Necessary, purpose = "Keeps you signed in")]
    Sid,
}

fn main() {}
