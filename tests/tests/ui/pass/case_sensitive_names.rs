//! Names are compared byte for byte (6265bis §5.4): `SID` and `sid` are two cookies.

use cookie_registry::CookieRegistry;

#[derive(CookieRegistry, Debug, PartialEq)]
#[registry(provider = "Acme")]
enum Cookies {
    #[cookie(name = "sid", category = Necessary, purpose = "Session")]
    Session,
    #[cookie(name = "SID", category = Preferences, purpose = "Language")]
    Language,
}

fn main() {
    assert_eq!(Cookies::from_name("sid"), Some(Cookies::Session));
    assert_eq!(Cookies::from_name("SID"), Some(Cookies::Language));
    assert_eq!(Cookies::SESSION, "sid");
    assert_eq!(Cookies::LANGUAGE, "SID");
}
