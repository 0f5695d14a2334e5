// A `consent_cookie` written with a mistake is reported once, at the mistake: the layer below
// adds no "names no consent cookie" error of its own.
use cookie_registry::{ConsentLayer, CookieRegistry};

#[derive(CookieRegistry)]
#[registry(provider = "Acme", consent_cookie = "Choice")]
enum Cookies {
    #[cookie(name = "choice", category = Necessary, purpose = "Your cookie choice")]
    Choice,
}

fn main() {
    let _layer = ConsentLayer::<Cookies>::new();
}
