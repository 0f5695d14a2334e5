//! The generated API: constants, lookups, families, specs and `named`.

use cookie_registry::{Category, CookieRegistry, SameSite};

/// A registry with exact names, families, and names that differ only by case.
#[derive(CookieRegistry, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[registry(provider = "Acme", consent_cookie = ConsentChoice)]
pub enum Cookies {
    /// The session.
    #[cookie(name = "sessionid", category = Necessary, function = "Login",
             purpose = "To remember the user from one page to another", http_only)]
    SessionId,
    #[cookie(name = "__Host-csrf", category = Necessary, purpose = "Protects forms",
             provider = "Shield", secure, http_only, same_site = Strict, path = "/",
             max_age = "30d")]
    Csrf,
    #[cookie(name = "SID", category = Preferences, purpose = "Upper-case sid")]
    SidUpper,
    #[cookie(name = "sid", category = Marketing, purpose = "Lower-case sid")]
    SidLower,
    #[cookie(name = "consent", category = Necessary, purpose = "Stores consent")]
    ConsentChoice,
    #[cookie(prefix = "_ga_", category = Statistics, provider = "Google", purpose = "Sessions",
             max_age = "400d", third_party)]
    GaSession,
    #[cookie(prefix = "_ga_ext_", category = Statistics, provider = "Google",
             purpose = "Extended sessions")]
    GaExtended,
    #[cookie(name = "_ga_exact", category = Marketing, purpose = "An exact name in a family")]
    GaExact,
    #[cookie(name = "_ga", category = Statistics, provider = "Google", purpose = "Visitors",
             anonymized)]
    Ga,
}

#[test]
fn all_lists_variants_in_declaration_order() {
    assert_eq!(Cookies::ALL.len(), 9);
    assert_eq!(Cookies::ALL[0], Cookies::SessionId);
    assert_eq!(Cookies::ALL[8], Cookies::Ga);
    for (cookie, spec) in Cookies::ALL.iter().zip(Cookies::SPECS) {
        assert_eq!(cookie.spec(), spec);
    }
}

#[test]
fn constants_hold_names_and_work_as_patterns() {
    assert_eq!(Cookies::SESSION_ID, "sessionid");
    assert_eq!(Cookies::CSRF, "__Host-csrf");
    assert_eq!(Cookies::SID_UPPER, "SID");
    assert_eq!(Cookies::SID_LOWER, "sid");
    let kind = |name: &str| match name {
        Cookies::SESSION_ID => 1,
        Cookies::CSRF => 2,
        _ => 0,
    };
    assert_eq!(
        (kind("sessionid"), kind("__Host-csrf"), kind("other")),
        (1, 2, 0)
    );
}

#[test]
fn from_name_is_exact_and_case_sensitive() {
    for cookie in Cookies::ALL.iter().filter(|c| !c.spec().family) {
        assert_eq!(Cookies::from_name(cookie.name()), Some(*cookie));
    }
    assert_eq!(Cookies::from_name("SID"), Some(Cookies::SidUpper));
    assert_eq!(Cookies::from_name("sid"), Some(Cookies::SidLower));
    assert_eq!(Cookies::from_name("Sid"), None);
    assert_eq!(Cookies::from_name("sessionId"), None);
    assert_eq!(Cookies::from_name("sessionid "), None);
    assert_eq!(Cookies::from_name(""), None);
    assert_eq!(Cookies::from_name("__host-csrf"), None);
}

#[test]
fn families_match_generated_names_longest_prefix_first() {
    assert_eq!(Cookies::from_name("_ga_Q1W2E3"), Some(Cookies::GaSession));
    assert_eq!(Cookies::from_name("_ga_ext_9"), Some(Cookies::GaExtended));
    // An exact name wins over every family it falls in.
    assert_eq!(Cookies::from_name("_ga_exact"), Some(Cookies::GaExact));
    assert_eq!(Cookies::from_name("_ga"), Some(Cookies::Ga));
    // The prefix alone is no member of its family.
    assert_eq!(Cookies::from_name("_ga_"), None);
    assert_eq!(Cookies::from_name("_gb_x"), None);
    assert!(Cookies::is_ga_session("_ga_ABC"));
    assert!(!Cookies::is_ga_session("_ga_"));
    assert!(!Cookies::is_ga_session("_gaX"));
    assert!(Cookies::is_ga_extended("_ga_ext_1"));
    assert!(Cookies::GaSession.spec().matches("_ga_1"));
    assert_eq!(Cookies::GaSession.spec().display_name(), "_ga_*");
}

#[test]
fn category_lookups() {
    assert_eq!(Cookies::category_of("sessionid"), Some(Category::Necessary));
    assert_eq!(Cookies::category_of("_ga_XYZ"), Some(Category::Statistics));
    assert_eq!(Cookies::category_of("nope"), None);
    let necessary: Vec<_> = Cookies::in_category(Category::Necessary).collect();
    assert_eq!(
        necessary,
        [&Cookies::SessionId, &Cookies::Csrf, &Cookies::ConsentChoice]
    );
    assert_eq!(Cookies::in_category(Category::Marketing).count(), 2);
}

#[test]
fn specs_carry_every_declared_field() {
    let csrf = Cookies::Csrf.spec();
    assert_eq!(csrf.name, "__Host-csrf");
    assert_eq!(csrf.provider, "Shield");
    assert_eq!(csrf.purpose, "Protects forms");
    assert_eq!(csrf.function, None);
    assert!(csrf.secure && csrf.http_only && !csrf.third_party && !csrf.anonymized);
    assert_eq!(csrf.same_site, Some(SameSite::Strict));
    assert_eq!(csrf.path, Some("/"));
    assert_eq!(csrf.domain, None);
    assert_eq!(csrf.max_age.map(|d| d.as_secs()), Some(30 * 86_400));

    let session = Cookies::SessionId;
    assert_eq!(session.provider(), "Acme"); // the registry default
    assert_eq!(session.function(), Some("Login"));
    assert_eq!(
        session.purpose(),
        "To remember the user from one page to another"
    );
    assert!(session.spec().is_session());

    let ga = Cookies::GaSession.spec();
    assert!(ga.family && ga.third_party);
    assert_eq!(ga.max_age.map(|d| d.as_secs()), Some(400 * 86_400));
    assert!(Cookies::Ga.spec().anonymized);
}

#[test]
fn named_finds_cookies_in_const_contexts() {
    const SESSION: Cookies = Cookies::named("sessionid");
    const GA: Cookies = Cookies::named("_ga_ABC");
    const EXACT: Cookies = Cookies::named("_ga_exact");
    assert_eq!(SESSION, Cookies::SessionId);
    assert_eq!(GA, Cookies::GaSession);
    assert_eq!(EXACT, Cookies::GaExact);
}

#[test]
#[should_panic(expected = "this cookie name is not declared in `Cookies`")]
fn named_panics_at_run_time_on_an_unknown_name() {
    let name = std::hint::black_box("unknown");
    let _ = Cookies::named(name);
}

#[test]
fn consent_cookie_is_known() {
    assert_eq!(Cookies::consent_cookie(), Some(Cookies::ConsentChoice));
}

#[test]
fn undeclared_names_are_reported_in_order() {
    let seen = ["sessionid", "_fbp", "_ga_1", "SESSIONID", "sid", "_ga_"];
    assert_eq!(Cookies::undeclared(seen), ["_fbp", "SESSIONID", "_ga_"]);
}

mod renamed {
    //! `#[registry(crate = "...")]` for users who rename the dependency.
    use cookie_registry as renamed_registry;
    use renamed_registry::CookieRegistry;

    #[derive(CookieRegistry)]
    #[registry(crate = "renamed_registry", provider = "Acme")]
    pub enum Cookies {
        #[cookie(name = "a", category = Necessary, purpose = "A")]
        Alpha,
    }

    #[test]
    fn a_renamed_crate_path_is_used() {
        assert_eq!(
            Cookies::from_name(Cookies::ALPHA).map(|c| c.name()),
            Some("a")
        );
    }
}

mod revisions {
    //! A category's revision changes with its declarations, and only its own.
    use cookie_registry::{Category, CookieRegistry};

    #[derive(CookieRegistry)]
    #[registry(provider = "Acme")]
    pub enum Before {
        #[cookie(name = "sid", category = Necessary, purpose = "Session")]
        Sid,
        #[cookie(name = "_ga", category = Statistics, purpose = "Counts")]
        Ga,
        #[cookie(name = "ad", category = Marketing, purpose = "Ads")]
        Ad,
    }

    #[derive(CookieRegistry)]
    #[registry(provider = "Acme")]
    pub enum After {
        #[cookie(name = "sid", category = Necessary, purpose = "Session")]
        Sid,
        #[cookie(name = "_ga", category = Statistics, purpose = "Counts")]
        Ga,
        #[cookie(name = "ad", category = Marketing, purpose = "Ads", max_age = "30d")]
        Ad,
    }

    #[test]
    fn only_the_changed_category_gets_a_new_revision() {
        for category in [
            Category::Necessary,
            Category::Preferences,
            Category::Statistics,
        ] {
            assert_eq!(Before::revision(category), After::revision(category));
        }
        assert_ne!(
            Before::revision(Category::Marketing),
            After::revision(Category::Marketing)
        );
        assert_ne!(
            Before::revision(Category::Statistics),
            Before::revision(Category::Marketing)
        );
    }
}

/// `max_age` keeps its declared unit for the policy page; a month is 30 days, a year 365.
#[test]
fn max_age_units_are_kept_for_display() {
    use cookie_registry::{DurationUnit, Lifetime};

    #[derive(CookieRegistry)]
    #[registry(provider = "Acme")]
    enum Lifetimes {
        #[cookie(name = "a", category = Statistics, purpose = "A", max_age = "13mo")]
        Months,
        #[cookie(name = "b", category = Statistics, purpose = "B", max_age = "1y")]
        Year,
        #[cookie(name = "c", category = Statistics, purpose = "C", max_age = "90min")]
        Minutes,
        #[cookie(name = "d", category = Statistics, purpose = "D", max_age = "1w")]
        Week,
        #[cookie(name = "e", category = Statistics, purpose = "E")]
        Session,
    }
    let seconds = |cookie: Lifetimes| cookie.spec().max_age.map(|d| d.as_secs());
    assert_eq!(seconds(Lifetimes::Months), Some(13 * 30 * 86_400));
    assert_eq!(seconds(Lifetimes::Year), Some(365 * 86_400));
    assert_eq!(seconds(Lifetimes::Minutes), Some(90 * 60));
    assert_eq!(seconds(Lifetimes::Session), None);
    assert_eq!(
        Lifetimes::Months.spec().max_age_unit,
        Some(DurationUnit::Months)
    );
    // The derive writes the most common unit once for the whole table; a session cookie
    // still has none.
    assert_eq!(Lifetimes::Session.spec().max_age_unit, None);
    let shown: Vec<String> = Lifetimes::SPECS
        .iter()
        .map(|spec| spec.lifetime().to_string())
        .collect();
    assert_eq!(
        shown,
        ["13 months", "1 year", "90 minutes", "1 week", "Session"]
    );
    assert_eq!(
        Lifetimes::Year.spec().lifetime(),
        Lifetime::For {
            amount: 1,
            unit: DurationUnit::Years
        }
    );
}

/// The builders and the JS configs left the trait for extension traits; the old trait methods
/// still compile (deprecated), with only `CookieRegistry` imported as before, and give exactly
/// what the new paths give.
mod moved_paths {
    use cookie_registry::CookieRegistry;

    use super::Cookies;

    #[test]
    #[allow(deprecated)]
    fn the_deprecated_trait_methods_forward_to_the_new_paths() {
        use cookie_registry::CookieBuilderExt as _;
        use cookie_registry::js_config::JsConfigs as _;

        let old = <Cookies as CookieRegistry>::build(&Cookies::Csrf, "v").build();
        assert_eq!(old, Cookies::Csrf.builder("v").build());
        assert_eq!(
            old.to_string(),
            "__Host-csrf=v; HttpOnly; SameSite=Strict; Secure; Path=/; Max-Age=2592000"
        );
        let member = <Cookies as CookieRegistry>::build_named(&Cookies::GaSession, "_ga_X1", "1");
        assert_eq!(
            member.map(|b| b.build().to_string()),
            Ok("_ga_X1=1; Max-Age=34560000".to_owned())
        );
        assert!(
            <Cookies as CookieRegistry>::build_named(&Cookies::GaSession, "_gid", "1").is_err()
        );
        // Each removal carries an `Expires` a year before the moment it is made: compare the rest.
        let mut removal = <Cookies as CookieRegistry>::removal(&Cookies::Csrf);
        let mut new = Cookies::Csrf.removal_cookie();
        assert!(removal.expires().is_some() && new.expires().is_some());
        removal.unset_expires();
        new.unset_expires();
        assert_eq!(removal, new);
        assert_eq!(
            removal.to_string(),
            "__Host-csrf=; HttpOnly; SameSite=Strict; Secure; Path=/; Max-Age=0"
        );
        assert_eq!(
            <Cookies as CookieRegistry>::cookieconsent_config(),
            Cookies::cookieconsent_module()
        );
        assert_eq!(
            <Cookies as CookieRegistry>::klaro_config(),
            Cookies::klaro_module()
        );
        assert!(Cookies::klaro_module().contains("\"sessionid\""));
    }

    #[test]
    fn policy_table_needs_only_the_registry_trait() {
        // The call every user starts with, with the import the README shows.
        let table = Cookies::policy_table();
        assert_eq!(table.rows().len(), Cookies::ALL.len());
    }
}
