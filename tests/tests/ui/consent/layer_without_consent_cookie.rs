// A middleware, an endpoint or an engine call for a registry without
// `#[registry(consent_cookie = ...)]` could never see consent and would refuse every optional
// cookie forever: each is a type error at its own line, under `cargo check` too, naming the key.
// (`ConsentEndpoint::new()` has the same bound; it is left out here because rustc names it by
// its full path when the `actix` feature adds a second `ConsentEndpoint`, so its message would
// depend on the features the suite runs with.)
use cookie_registry::{ConsentLayer, CookieRegistry, engine};

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
    let _request = engine::read_request::<Cookies>(b"sid=1");
}
