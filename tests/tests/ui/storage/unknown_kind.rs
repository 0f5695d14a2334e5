use cookie_registry::CookieRegistry;

#[derive(CookieRegistry)]
#[registry(provider = "Acme")]
enum Cookies {
    #[cookie(name = "cart", category = Necessary, purpose = "Keeps the cart", storage = Local)]
    Cart,
    #[cookie(name = "tab", category = Necessary, purpose = "The open tab", storage = indexeddb)]
    Tab,
    #[cookie(name = "draft", category = Necessary, purpose = "A draft", storage = "local")]
    Draft,
}

fn main() {}
