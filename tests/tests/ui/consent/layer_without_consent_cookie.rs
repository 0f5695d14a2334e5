// A middleware, an endpoint or an engine call for a registry without
// `#[registry(consent_cookie = ...)]` could never see consent and would refuse every optional
// cookie forever: each is a type error at its own line, under `cargo check` too, naming the key.
use cookie_registry::{ConsentEndpoint, ConsentLayer, CookieRegistry, engine};

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
    let _request = engine::read_request::<Cookies>(b"sid=1");
}
