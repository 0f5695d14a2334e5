use cookie_registry::CookieRegistry;

#[derive(CookieRegistry)]
#[registry(provider = "Acme")]
enum Cookies {
    #[cookie(name = "sid", category = Necessary, purpose = "Session")]
    Sid,
    #[cookie(name = "SID", category = Necessary, purpose = "Legacy session")]
    SID,
}

fn main() {}
