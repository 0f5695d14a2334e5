//! `storage = local | session`: Web Storage entries are declared, shown in the policy, and
//! never count as cookies in headers.

use cookie_registry::engine::{self, Enforcement};
use cookie_registry::{
    Category, Column, Consent, CookieBuilderExt, CookieRegistry, Storage, allows_set_cookie,
    filter_cookie_header,
};

#[derive(CookieRegistry, Debug, Clone, Copy, PartialEq, Eq)]
#[registry(provider = "Acme", consent_cookie = Choice)]
pub enum Cookies {
    #[cookie(name = "choice", category = Necessary, purpose = "Your cookie choice",
             max_age = "26w")]
    Choice,
    #[cookie(name = "cart", category = Necessary, purpose = "Keeps the cart", storage = local)]
    Cart,
    #[cookie(name = "tab", category = Preferences, purpose = "The open tab", storage = session)]
    Tab,
    #[cookie(name = "_ga", category = Statistics, provider = "Google", purpose = "Counts visits",
             max_age = "13mo", third_party)]
    Ga,
}

fn everything() -> Consent {
    Category::ALL.into_iter().collect()
}

#[test]
fn storage_entries_are_declared_with_their_kind() {
    assert_eq!(Cookies::from_name("cart"), Some(Cookies::Cart));
    assert_eq!(Cookies::Cart.spec().storage, Storage::LocalStorage);
    assert_eq!(Cookies::Tab.spec().storage, Storage::SessionStorage);
    assert_eq!(Cookies::Ga.spec().storage, Storage::Cookie);
    assert!(Cookies::Choice.spec().is_http_cookie());
    assert!(!Cookies::Tab.spec().is_http_cookie());
}

#[test]
fn a_storage_name_in_a_cookie_header_is_undeclared() {
    let header = "choice=x; cart=1; tab=2; _ga=3";
    assert_eq!(
        filter_cookie_header::<Cookies>(header, &everything()),
        "choice=x; _ga=3"
    );
    assert_eq!(
        Cookies::undeclared(["cart", "tab", "_ga", "x"]),
        ["cart", "tab", "x"]
    );
}

#[test]
fn a_storage_name_in_set_cookie_is_refused() {
    assert!(!allows_set_cookie::<Cookies>(
        "cart=1; Path=/",
        &everything()
    ));
    assert!(!allows_set_cookie::<Cookies>("tab=1", &everything()));
    assert!(allows_set_cookie::<Cookies>("_ga=1", &everything()));
    // Deleting a stray cookie of that name is always allowed.
    assert!(allows_set_cookie::<Cookies>(
        "cart=; Max-Age=0",
        &everything()
    ));
}

#[test]
fn a_carried_storage_name_gets_an_undeclared_removal() {
    let carried: &[u8] = b"cart=1; choice=x";
    let request = engine::read_request::<Cookies>(carried);
    let response = engine::gate_response::<Cookies>(
        Enforcement::default(),
        &request.summary(),
        carried,
        core::iter::empty::<&[u8]>(),
    );
    assert_eq!(response.removals().len(), 1, "{:?}", response.removals());
    assert!(response.removals()[0].starts_with("cart=; Path=/; Max-Age=0"));
}

#[test]
fn the_storage_and_duration_columns() {
    let table =
        Cookies::policy_table().columns(&[Column::Names, Column::Storage, Column::Duration]);
    assert_eq!(
        table.to_string(),
        "Cookie name(s)\tStorage\tDuration\n\
         choice\tHTTP cookie\t26 weeks\n\
         cart\tLocal storage\tUntil deleted\n\
         tab\tSession storage\tSession\n\
         _ga\tHTTP cookie\t13 months\n"
    );
}

#[test]
fn build_named_refuses_a_storage_entry() {
    assert!(Cookies::Cart.builder_named("cart", "1").is_err());
    assert!(Cookies::Ga.builder_named("_ga", "1").is_ok());
}

#[test]
#[cfg(debug_assertions)]
#[should_panic(expected = "`cart` is declared with `storage = ...`")]
fn building_a_cookie_for_a_storage_entry_panics_in_debug_builds() {
    let _ = Cookies::Cart.builder("1");
}

/// A storage kind is part of what a visitor agrees to: it counts in the revision.
#[test]
fn the_storage_kind_changes_the_revision() {
    #[derive(CookieRegistry)]
    #[registry(provider = "Acme")]
    enum AsCookie {
        #[cookie(name = "tab", category = Preferences, purpose = "The open tab")]
        Tab,
    }
    #[derive(CookieRegistry)]
    #[registry(provider = "Acme")]
    enum AsLocal {
        #[cookie(name = "tab", category = Preferences, purpose = "The open tab", storage = local)]
        Tab,
    }
    #[derive(CookieRegistry)]
    #[registry(provider = "Acme")]
    enum AsSession {
        #[cookie(name = "tab", category = Preferences, purpose = "The open tab", storage = session)]
        Tab,
    }
    let preferences = [
        AsCookie::revision(Category::Preferences),
        AsLocal::revision(Category::Preferences),
        AsSession::revision(Category::Preferences),
    ];
    assert!(
        preferences[0] != preferences[1]
            && preferences[1] != preferences[2]
            && preferences[0] != preferences[2]
    );
    assert_eq!(
        AsCookie::revision(Category::Statistics),
        AsLocal::revision(Category::Statistics)
    );
}
