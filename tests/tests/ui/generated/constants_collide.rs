use cookie_registry::CookieRegistry;

#[derive(CookieRegistry)]
#[registry(provider = "Acme")]
enum Cookies {
    #[cookie(name = "sid", category = Necessary, purpose = "Session")]
    SessionId,
    #[allow(non_camel_case_types)]
    #[cookie(name = "session_id", category = Necessary, purpose = "Legacy session")]
    Session_Id,
}

fn main() {}
