// A middleware or endpoint for a registry without `#[registry(consent_cookie = ...)]` could
// never see consent and would refuse every optional cookie forever: it does not compile.
use cookie_registry::{ConsentEndpoint, ConsentLayer, CookieRegistry};

#[derive(CookieRegistry)]
#[registry(provider = "Acme")]
enum Cookies {
    #[cookie(name = "sid", category = Necessary, purpose = "Session")]
    Sid,
    #[cookie(name = "_ga", category = Statistics, purpose = "Counts visits")]
    Ga,
}

fn main() {
    let _layer = ConsentLayer::<Cookies>::new();
    let _endpoint = ConsentEndpoint::<Cookies>::new();
}
