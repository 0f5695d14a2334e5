use cookie_registry::CookieRegistry;

#[derive(CookieRegistry)]
#[registry(provider = "Acme")]
enum Cookies {
    #[cookie(name = "cart", category = Necessary, purpose = "Keeps the cart", storage = local,
             storage = session)]
    Cart,
}

fn main() {}
