//! `R::revision(category)` changes when what a visitor agrees to changes, and only then: each
//! test derives the same registry twice with one edit and compares the four revisions.

use cookie_registry::{Category, CookieRegistry};

/// Derives `base::Cookies` again with edits, as a test named `$name` that asserts which
/// categories' revisions differ from `base`'s. The edits are given in the order of `base`'s
/// variants, one per variant: `_` keeps its declaration, a `#[cookie(...)]` replaces it, and a
/// last `#[cookie(...)]` adds a variant `Added`. `registry(...)` keys may come first.
macro_rules! edited {
    ($name:ident, $changed:tt, #[registry($($registry:tt)*)]) => {
        edited!(@start $name $changed [#[registry($($registry)*)]]);
    };
    ($name:ident, $changed:tt $(, $($edits:tt)*)?) => {
        edited!(@start $name $changed [] $($($edits)*)?);
    };
    (@start $name:ident $changed:tt $registry:tt $($edits:tt)*) => {
        edited!(@build $name $changed $registry [] [$($edits)*] [
            {Sid #[cookie(name = "sid", category = Necessary, purpose = "Session", http_only)]}
            {Theme #[cookie(name = "theme", category = Preferences, purpose = "Remembers the theme")]}
            {Ga #[cookie(name = "_ga", category = Statistics, provider = "Google",
                         function = "Analytics", purpose = "Counts visits", max_age = "400d")]}
            {GaSession #[cookie(prefix = "_ga_", category = Statistics, provider = "Google",
                                purpose = "Counts sessions", max_age = "400d")]}
            {Fbp #[cookie(name = "_fbp", category = Marketing, provider = "Meta", purpose = "Ads",
                          max_age = "90d", third_party)]}
        ]);
    };
    (@build $name:ident $changed:tt $registry:tt [$($done:tt)*] [_ $(, $($edits:tt)*)?]
     [{$variant:ident $($declaration:tt)*} $($rest:tt)*]) => {
        edited!(@build $name $changed $registry [$($done)* $($declaration)* $variant,]
            [$($($edits)*)?] [$($rest)*]);
    };
    (@build $name:ident $changed:tt $registry:tt [$($done:tt)*] [#[$edit:meta] $(, $($edits:tt)*)?]
     [{$variant:ident $($declaration:tt)*} $($rest:tt)*]) => {
        edited!(@build $name $changed $registry [$($done)* #[$edit] $variant,]
            [$($($edits)*)?] [$($rest)*]);
    };
    (@build $name:ident $changed:tt $registry:tt [$($done:tt)*] [] [{$variant:ident $($declaration:tt)*} $($rest:tt)*]) => {
        edited!(@build $name $changed $registry [$($done)* $($declaration)* $variant,] [] [$($rest)*]);
    };
    (@build $name:ident $changed:tt $registry:tt [$($done:tt)*] [$(#[$added:meta])?] []) => {
        edited!(@test $name $changed $registry [$($done)* $(#[$added] Added,)?]);
    };
    (@test $name:ident [$($changed:ident),*] [$($registry:tt)*] [$($variants:tt)*]) => {
        #[test]
        fn $name() {
            #[derive(CookieRegistry)]
            #[registry(provider = "Acme")]
            $($registry)*
            enum Cookies { $($variants)* }
            let expected: &[Category] = &[$(Category::$changed),*];
            assert_eq!(changed::<base::Cookies, Cookies>(), expected);
        }
    };
}

/// The registry every test edits, as `edited!` writes it with no edit.
mod base {
    use cookie_registry::CookieRegistry;

    #[derive(CookieRegistry)]
    #[registry(provider = "Acme")]
    pub enum Cookies {
        #[cookie(name = "sid", category = Necessary, purpose = "Session", http_only)]
        Sid,
        #[cookie(name = "theme", category = Preferences, purpose = "Remembers the theme")]
        Theme,
        #[cookie(name = "_ga", category = Statistics, provider = "Google",
                 function = "Analytics", purpose = "Counts visits", max_age = "400d")]
        Ga,
        #[cookie(prefix = "_ga_", category = Statistics, provider = "Google",
                 purpose = "Counts sessions", max_age = "400d")]
        GaSession,
        #[cookie(name = "_fbp", category = Marketing, provider = "Meta", purpose = "Ads",
                 max_age = "90d", third_party)]
        Fbp,
    }
}

/// The categories whose revision differs between `A` and `B`.
fn changed<A: CookieRegistry, B: CookieRegistry>() -> Vec<Category> {
    Category::ALL
        .into_iter()
        .filter(|&category| A::revision(category) != B::revision(category))
        .collect()
}

edited!(the_same_declarations_keep_every_revision, []);

edited!(reworded_purpose_and_function_keep_every_revision, [],
    #[cookie(name = "sid", category = Necessary, purpose = "The session", http_only)],
    #[cookie(name = "theme", category = Preferences, purpose = "Remembers the colour theme")],
    #[cookie(name = "_ga", category = Statistics, provider = "Google",
             function = "Web analytics", purpose = "Counts visits.", max_age = "400d")],
    #[cookie(prefix = "_ga_", category = Statistics, provider = "Google",
             purpose = "Counts sessions.", max_age = "400d")],
    #[cookie(name = "_fbp", category = Marketing, provider = "Meta", purpose = "Advertising",
             max_age = "90d", third_party)]);

edited!(cookie_attributes_keep_every_revision, [],
    #[cookie(name = "sid", category = Necessary, purpose = "Session", secure, path = "/")],
    #[cookie(name = "theme", category = Preferences, purpose = "Remembers the theme",
             same_site = Lax, domain = "example.com")],
    #[cookie(name = "_ga", category = Statistics, provider = "Google",
             function = "Analytics", purpose = "Counts visits", max_age = "400d", http_only)],
    _,
    #[cookie(name = "_fbp", category = Marketing, provider = "Meta", purpose = "Ads",
             max_age = "90d", third_party, secure, same_site = None)]);

edited!(a_new_cookie_changes_its_category, [Statistics], _, _, _, _, _,
    #[cookie(name = "_gid", category = Statistics, provider = "Google", purpose = "Counts visits")]);

edited!(a_cookie_moved_changes_both_categories, [Preferences, Marketing], _, _, _, _,
    #[cookie(name = "_fbp", category = Preferences, provider = "Meta", purpose = "Ads",
             max_age = "90d", third_party)]);

edited!(a_renamed_cookie_changes_its_category, [Preferences], _,
    #[cookie(name = "colour", category = Preferences, purpose = "Remembers the theme")]);

edited!(a_name_turned_family_changes_its_category, [Preferences], _,
    #[cookie(prefix = "theme", category = Preferences, purpose = "Remembers the theme")]);

edited!(a_new_provider_changes_its_category, [Statistics], _, _,
    #[cookie(name = "_ga", category = Statistics, provider = "Google Ireland",
             function = "Analytics", purpose = "Counts visits", max_age = "400d")]);

edited!(a_provider_instead_of_the_default_changes_its_category, [Preferences], _,
    #[cookie(name = "theme", category = Preferences, provider = "Acme Themes",
             purpose = "Remembers the theme")]);

edited!(a_longer_max_age_changes_its_category, [Marketing], _, _, _, _,
    #[cookie(name = "_fbp", category = Marketing, provider = "Meta", purpose = "Ads",
             max_age = "91d", third_party)]);

edited!(a_session_cookie_made_persistent_changes_its_category, [Preferences], _,
    #[cookie(name = "theme", category = Preferences, purpose = "Remembers the theme",
             max_age = "30d")]);

edited!(third_party_changes_its_category, [Marketing], _, _, _, _,
    #[cookie(name = "_fbp", category = Marketing, provider = "Meta", purpose = "Ads",
             max_age = "90d")]);

edited!(anonymized_changes_its_category, [Statistics], _, _,
    #[cookie(name = "_ga", category = Statistics, provider = "Google", function = "Analytics",
             purpose = "Counts visits", max_age = "400d", anonymized)]);

edited!(a_bumped_revision_changes_that_category_only, [Statistics],
    #[registry(revision(statistics = 2))]);

edited!(revision_zero_is_the_starting_revision, [],
    #[registry(revision(preferences = 0, marketing = 0))]);

/// Two registries bumped to different numbers differ from each other too, not only from 0.
#[test]
fn each_revision_number_gives_its_own_revision() {
    #[derive(CookieRegistry)]
    #[registry(provider = "Acme", revision(marketing = 1))]
    enum One {
        #[cookie(name = "_fbp", category = Marketing, purpose = "Ads")]
        Fbp,
    }
    #[derive(CookieRegistry)]
    #[registry(provider = "Acme", revision(marketing = 2))]
    enum Two {
        #[cookie(name = "_fbp", category = Marketing, purpose = "Ads")]
        Fbp,
    }
    assert_eq!(changed::<One, Two>(), [Category::Marketing]);
}

/// The consent cookie is known to the type system, for the layer's `const` assertion.
#[test]
fn has_consent_cookie_follows_the_attribute() {
    #[derive(CookieRegistry)]
    #[registry(provider = "Acme", consent_cookie = Consent)]
    enum With {
        #[cookie(name = "consent", category = Necessary, purpose = "Consent")]
        Consent,
    }
    const { assert!(With::HAS_CONSENT_COOKIE) };
    const { assert!(!base::Cookies::HAS_CONSENT_COOKIE) };
}
