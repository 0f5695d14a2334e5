//! The committed page (`different.md`, beside this file) says "logged in" where the registry
//! says "signed in". The path is relative to the crate trybuild builds this case in,
//! `target/tests/trybuild/cookie-registry-tests/`.
use cookie_registry::CookieRegistry;

#[derive(CookieRegistry)]
#[registry(provider = "Acme", policy_file = "../../../../tests/tests/ui/policy_file/different.md")]
enum Cookies {
    #[cookie(name = "sid", category = Necessary, purpose = "Keeps you signed in")]
    Sid,
}

fn main() {}
