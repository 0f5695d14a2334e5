//! Consent: the per-cookie rule, and the consent cookie's codec with per-category revisions.

use cookie_registry::{Category, Consent, ConsentError, CookieRegistry};

#[derive(CookieRegistry, Debug, Clone, Copy, PartialEq, Eq)]
#[registry(provider = "Acme", consent_cookie = Choices)]
pub enum Cookies {
    #[cookie(name = "sid", category = Necessary, purpose = "Session")]
    Sid,
    #[cookie(name = "choices", category = Necessary, purpose = "Consent")]
    Choices,
    #[cookie(name = "lang", category = Preferences, purpose = "Language")]
    Lang,
    #[cookie(name = "_ga", category = Statistics, purpose = "Visitors")]
    Ga,
    #[cookie(name = "hits", category = Statistics, purpose = "Counts", anonymized)]
    Hits,
    #[cookie(name = "_fbp", category = Marketing, purpose = "Ads")]
    Fbp,
}

/// The same site after its marketing cookies changed: only marketing consent is void.
#[derive(CookieRegistry)]
#[registry(provider = "Acme")]
pub enum Changed {
    #[cookie(name = "sid", category = Necessary, purpose = "Session")]
    Sid,
    #[cookie(name = "choices", category = Necessary, purpose = "Consent")]
    Choices,
    #[cookie(name = "lang", category = Preferences, purpose = "Language")]
    Lang,
    #[cookie(name = "_ga", category = Statistics, purpose = "Visitors")]
    Ga,
    #[cookie(name = "hits", category = Statistics, purpose = "Counts", anonymized)]
    Hits,
    #[cookie(name = "_fbp", category = Marketing, purpose = "Ads")]
    Fbp,
    #[cookie(name = "_gcl_au", category = Marketing, purpose = "Conversions")]
    Gcl,
}

#[test]
fn necessary_is_always_granted() {
    let mut consent = Consent::necessary_only();
    assert!(consent.allows(Category::Necessary));
    consent.revoke(Category::Necessary);
    assert!(consent.allows(Category::Necessary));
    assert_eq!(Consent::default(), Consent::necessary_only());
    assert!(Category::ALL.iter().all(|c| Consent::all().allows(*c)));
}

#[test]
fn grant_and_revoke() {
    let mut consent = Consent::necessary_only();
    consent.grant(Category::Statistics);
    consent.grant(Category::Marketing);
    assert!(consent.allows(Category::Statistics) && consent.allows(Category::Marketing));
    let built = Consent::necessary_only()
        .with(Category::Statistics)
        .with(Category::Marketing);
    assert_eq!(built, consent);
    // In place, chained on a variable: both grants stay (the API repair of issue 7).
    let mut chained = Consent::necessary_only();
    chained
        .grant(Category::Statistics)
        .grant(Category::Marketing);
    assert_eq!(chained, consent);
    assert_eq!(
        built.without(Category::Marketing),
        Consent::from(Category::Statistics)
    );
    assert!(!consent.allows(Category::Preferences));
    consent.revoke(Category::Marketing);
    assert!(!consent.allows(Category::Marketing));
    let collected: Consent = [Category::Statistics].into_iter().collect();
    assert_eq!(
        collected.granted().collect::<Vec<_>>(),
        [Category::Necessary, Category::Statistics]
    );
}

#[test]
fn allowed_by_follows_category_and_anonymization() {
    let none = Consent::necessary_only();
    assert!(Cookies::Sid.allowed_by(&none));
    assert!(Cookies::Hits.allowed_by(&none)); // anonymized statistics need no consent
    assert!(!Cookies::Ga.allowed_by(&none));
    assert!(!Cookies::Lang.allowed_by(&none));
    let mut stats = Consent::necessary_only();
    stats.grant(Category::Statistics);
    assert!(Cookies::Ga.allowed_by(&stats));
    assert!(!Cookies::Fbp.allowed_by(&stats));
    assert!(Cookies::ALL.iter().all(|c| c.allowed_by(&Consent::all())));
}

#[test]
fn the_value_round_trips_and_is_a_valid_cookie_value() {
    for bits in 0..8u8 {
        let consent: Consent = [
            Category::Preferences,
            Category::Statistics,
            Category::Marketing,
        ]
        .into_iter()
        .enumerate()
        .filter(|(i, _)| bits & (1 << i) != 0)
        .map(|(_, c)| c)
        .collect();
        let value = consent.to_cookie_value::<Cookies>();
        // RFC 6265 cookie-octet: %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E
        assert!(
            value
                .bytes()
                .all(|b| matches!(b, 0x21 | 0x23..=0x2B | 0x2D..=0x3A | 0x3C..=0x5B | 0x5D..=0x7E)),
            "{value}"
        );
        assert_eq!(
            Consent::from_cookie_value::<Cookies>(&value),
            Ok(consent),
            "{value}"
        );
    }
    let refused = Consent::necessary_only().to_cookie_value::<Cookies>();
    assert!(
        refused.starts_with("2.") && refused.len() < 200,
        "{refused}"
    );
    assert_eq!(
        Consent::from_cookie_value::<Cookies>(&refused),
        Ok(Consent::necessary_only())
    );
}

#[test]
fn a_changed_category_is_asked_again_and_only_it() {
    let value = Consent::all().to_cookie_value::<Cookies>();
    let after_change = Consent::from_cookie_value::<Changed>(&value).expect("well formed");
    assert!(after_change.allows(Category::Preferences));
    assert!(after_change.allows(Category::Statistics));
    assert!(!after_change.allows(Category::Marketing));
    assert_ne!(
        Cookies::revision(Category::Marketing),
        Changed::revision(Category::Marketing)
    );
}

#[test]
fn hostile_values_are_errors() {
    let long = "1".repeat(10_000);
    let cases: [(&str, ConsentError); 9] = [
        ("", ConsentError::Empty),
        ("2.s00000000", ConsentError::Malformed),
        ("3.s00000000", ConsentError::UnknownVersion),
        ("statistics", ConsentError::UnknownVersion),
        ("1.s0000000g", ConsentError::Malformed),
        ("1.x00000000", ConsentError::Malformed),
        (
            "1.s00000000.s00000000",
            ConsentError::Duplicate(Category::Statistics),
        ),
        ("1;s00000000", ConsentError::UnknownVersion),
        (&long, ConsentError::TooLong),
    ];
    for (value, expected) in cases {
        assert_eq!(
            Consent::from_cookie_value::<Cookies>(value),
            Err(expected),
            "{value:?}"
        );
    }
    assert!(ConsentError::Malformed.to_string().contains("encoded form"));
}

#[test]
fn a_forged_revision_grants_nothing() {
    let forged = format!(
        "1.s{:08x}",
        Cookies::revision(Category::Statistics).wrapping_add(1)
    );
    let consent = Consent::from_cookie_value::<Cookies>(&forged).expect("well formed");
    assert_eq!(consent, Consent::necessary_only());
}
