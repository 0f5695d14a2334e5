use cookie_registry::CookieRegistry;

#[derive(CookieRegistry)]
#[registry(provider = "Acme")]
enum Cookies {
    #[cookie(name = "_fbp", category = Marketing, purpose = "Ads", anonymized)]
    Fbp,
}

fn main() {}
