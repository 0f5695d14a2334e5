use cookie_registry::CookieRegistry;

#[derive(CookieRegistry)]
#[registry(provider = "Acme")]
enum Cookies
where
    u8: Copy,
{
    #[cookie(name = "sid", category = Necessary, purpose = "Session")]
    Session,
}

fn main() {}
