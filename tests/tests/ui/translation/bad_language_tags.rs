use cookie_registry::CookieRegistry;

#[derive(CookieRegistry)]
#[registry(provider = "Acme", languages = ["en", "de_DE", "english", "pt-BR", "PT-br", ""])]
enum Cookies {
    #[cookie(name = "sid", category = Necessary, purpose = "Keeps you signed in")]
    #[cookie(lang = "pt-BR", purpose = "Mantém você conectado")]
    Sid,
}

#[derive(CookieRegistry)]
#[registry(provider = "Acme", languages = [])]
enum Empty {
    #[cookie(name = "sid", category = Necessary, purpose = "Keeps you signed in")]
    Sid,
}

#[derive(CookieRegistry)]
#[registry(provider = "Acme", languages = "en")]
enum NotAList {
    #[cookie(name = "sid", category = Necessary, purpose = "Keeps you signed in")]
    Sid,
}

fn main() {}
