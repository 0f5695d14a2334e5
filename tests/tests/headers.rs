//! Request filtering, response gating and the `cookie` crate integration, with property tests.

use std::borrow::Cow;

use cookie_registry::cookie::{Cookie, CookieJar, SameSite};
use cookie_registry::{
    Category, Consent, ConsentState, CookieBuilderExt, CookieRegistry, allows_set_cookie, engine,
    filter_cookie_header, purge_jar,
};
use proptest::prelude::*;

#[derive(CookieRegistry, Debug, Clone, Copy, PartialEq, Eq)]
#[registry(provider = "Acme", consent_cookie = Choices)]
pub enum Cookies {
    #[cookie(name = "sid", category = Necessary, purpose = "Session", http_only, secure,
             same_site = Lax, path = "/app", domain = "example.com", max_age = "2h")]
    Sid,
    #[cookie(name = "choices", category = Necessary, purpose = "Consent")]
    Choices,
    #[cookie(name = "lang", category = Preferences, purpose = "Language")]
    Lang,
    #[cookie(name = "_ga", category = Statistics, purpose = "Visitors", path = "/")]
    Ga,
    #[cookie(prefix = "_ga_", category = Statistics, purpose = "Sessions")]
    GaSession,
    #[cookie(name = "hits", category = Statistics, purpose = "Counts", anonymized)]
    Hits,
    #[cookie(name = "_fbp", category = Marketing, purpose = "Ads")]
    Fbp,
}

fn granted(categories: &[Category]) -> Consent {
    categories.iter().copied().collect()
}

fn filter(header: &str, consent: &Consent) -> String {
    filter_cookie_header::<Cookies>(header, consent).into_owned()
}

#[test]
fn filtering_keeps_allowed_pairs_byte_for_byte() {
    let header = "sid=a=b==; lang=sv;_ga=GA1.2.3;  _ga_X1=GS1 ;tracker=1; hits=\"q\"; _fbp=fb.1";
    let none = Consent::necessary_only();
    assert_eq!(filter(header, &none), "sid=a=b==; hits=\"q\"");
    let stats = granted(&[Category::Statistics]);
    assert_eq!(
        filter(header, &stats),
        "sid=a=b==; _ga=GA1.2.3; _ga_X1=GS1; hits=\"q\""
    );
    assert_eq!(
        filter(header, &Consent::all()),
        "sid=a=b==; lang=sv; _ga=GA1.2.3; _ga_X1=GS1; hits=\"q\"; _fbp=fb.1"
    );
}

#[test]
fn nothing_removed_borrows_the_header() {
    for header in [
        "sid=1; choices=1",
        "sid=1;choices=1",
        "",
        "sid=1;",
        "sid=1; ; hits=2",
    ] {
        let filtered = filter_cookie_header::<Cookies>(header, &Consent::necessary_only());
        assert!(
            matches!(filtered, Cow::Borrowed(h) if h == header),
            "{header:?}"
        );
    }
}

#[test]
fn malformed_pairs_are_dropped() {
    let none = Consent::necessary_only();
    assert_eq!(filter("sid; sid=1; =x; sid=2", &none), "sid=1; sid=2");
    assert_eq!(filter("lang=1", &none), "");
    assert_eq!(filter(";;;", &Consent::all()), ";;;");
    assert_eq!(filter("é=1; sid=ü", &none), "sid=ü");
}

#[test]
fn set_cookie_gating() {
    let none = Consent::necessary_only();
    let stats = granted(&[Category::Statistics]);
    assert!(allows_set_cookie::<Cookies>(
        "sid=1; Path=/app; HttpOnly",
        &none
    ));
    assert!(allows_set_cookie::<Cookies>("hits=1", &none));
    assert!(!allows_set_cookie::<Cookies>("_ga=1; Max-Age=100", &none));
    assert!(allows_set_cookie::<Cookies>("_ga=1; Max-Age=100", &stats));
    assert!(allows_set_cookie::<Cookies>("_ga_ABC=1", &stats));
    assert!(!allows_set_cookie::<Cookies>("_fbp=1", &stats));
    assert!(!allows_set_cookie::<Cookies>("unknown=1", &Consent::all()));
    // Removals are always allowed.
    assert!(allows_set_cookie::<Cookies>("_fbp=; Max-Age=0", &none));
    assert!(allows_set_cookie::<Cookies>("unknown=; Max-Age=-5", &none));
    assert!(allows_set_cookie::<Cookies>(
        "_fbp=; Expires=Wed, 21 Oct 2015 07:28:00 GMT",
        &none
    ));
    assert!(!allows_set_cookie::<Cookies>(
        "_fbp=1; Expires=Wed, 21 Oct 2099 07:28:00 GMT",
        &none
    ));
    // Max-Age wins over Expires.
    assert!(!allows_set_cookie::<Cookies>(
        "_fbp=1; Max-Age=60; Expires=Wed, 21 Oct 2015 07:28:00 GMT",
        &none
    ));
    // Not a cookie at all.
    assert!(!allows_set_cookie::<Cookies>("", &Consent::all()));
    assert!(!allows_set_cookie::<Cookies>(
        "no-equals-sign",
        &Consent::all()
    ));
}

#[test]
fn build_presets_every_declared_attribute() {
    let cookie = Cookies::Sid.builder("v").build();
    assert_eq!(cookie.name(), "sid");
    assert_eq!(cookie.value(), "v");
    assert_eq!(cookie.secure(), Some(true));
    assert_eq!(cookie.http_only(), Some(true));
    assert_eq!(cookie.same_site(), Some(SameSite::Lax));
    assert_eq!(cookie.path(), Some("/app"));
    assert_eq!(cookie.domain(), Some("example.com"));
    assert_eq!(cookie.max_age().map(|d| d.whole_seconds()), Some(7_200));
    let session = Cookies::Lang.builder("sv").build();
    assert_eq!(session.max_age(), None);
    assert_eq!(session.path(), None);
}

#[test]
fn removal_matches_path_and_domain() {
    let removal = Cookies::Sid.removal_cookie();
    assert_eq!(removal.name(), "sid");
    assert_eq!(removal.value(), "");
    assert_eq!(removal.path(), Some("/app"));
    assert_eq!(removal.domain(), Some("example.com"));
    assert_eq!(removal.max_age().map(|d| d.whole_seconds()), Some(0));
    assert!(allows_set_cookie::<Cookies>(
        &removal.to_string(),
        &Consent::necessary_only()
    ));
}

#[test]
fn purge_jar_removes_what_consent_does_not_allow() {
    let mut jar = CookieJar::new();
    for (name, value) in [
        ("sid", "1"),
        ("_ga", "2"),
        ("_ga_X", "3"),
        ("_fbp", "4"),
        ("x", "5"),
    ] {
        jar.add_original(Cookie::new(name, value));
    }
    purge_jar::<Cookies>(&mut jar, &granted(&[Category::Statistics]));
    let mut kept: Vec<_> = jar.iter().map(|c| c.name().to_owned()).collect();
    kept.sort();
    assert_eq!(kept, ["_ga", "_ga_X", "sid"]);
    let mut removed: Vec<_> = jar.delta().map(|c| c.name().to_owned()).collect();
    removed.sort();
    assert_eq!(removed, ["_fbp", "x"]);
    assert!(
        jar.delta()
            .all(|c| c.max_age().is_some_and(|d| d.is_zero()))
    );
}

fn pairs(header: &str) -> Vec<&str> {
    header
        .split(';')
        .map(|p| p.trim_matches([' ', '\t']))
        .filter(|p| !p.is_empty())
        .collect()
}

/// Headers built from declared, undeclared and malformed pieces with odd spacing.
fn header_strategy() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("sid=1".to_owned()),
        Just("lang=sv".to_owned()),
        Just("_ga=GA1".to_owned()),
        Just("hits=9".to_owned()),
        Just("_fbp=fb".to_owned()),
        "[a-z_]{1,8}=[ -~]{0,8}",
        "_ga_[A-Z0-9]{0,4}=[a-z]{0,3}",
        "\\PC{0,6}",
    ];
    let separator = prop_oneof![Just("; "), Just(";"), Just(" ;  "), Just(";\t")];
    proptest::collection::vec((piece, separator), 0..12).prop_map(|parts| {
        parts
            .into_iter()
            .map(|(piece, sep)| format!("{piece}{sep}"))
            .collect()
    })
}

fn consent_strategy() -> impl Strategy<Value = Consent> {
    proptest::collection::vec(
        prop_oneof![
            Just(Category::Preferences),
            Just(Category::Statistics),
            Just(Category::Marketing)
        ],
        0..3,
    )
    .prop_map(|categories| categories.into_iter().collect())
}

proptest! {
    #[test]
    fn filtered_pairs_are_an_ordered_byte_identical_subset(
        header in header_strategy(),
        consent in consent_strategy(),
    ) {
        let filtered = filter_cookie_header::<Cookies>(&header, &consent);
        let input = pairs(&header);
        let mut rest = input.iter();
        for pair in pairs(&filtered) {
            prop_assert!(rest.any(|p| *p == pair), "{pair:?} is not in order in {input:?}");
            let name = pair.split('=').next().unwrap_or_default().trim_end();
            let spec = Cookies::spec_of(name);
            prop_assert!(spec.is_some_and(|s| s.allowed_by(&consent)), "{pair:?} kept");
        }
    }

    #[test]
    fn filtering_is_idempotent(header in header_strategy(), consent in consent_strategy()) {
        let once = filter_cookie_header::<Cookies>(&header, &consent);
        let twice = filter_cookie_header::<Cookies>(&once, &consent);
        prop_assert_eq!(&*once, &*twice);
    }

    #[test]
    fn filtering_never_panics(header in "\\PC*", consent in consent_strategy()) {
        let _ = filter_cookie_header::<Cookies>(&header, &consent);
        let _ = allows_set_cookie::<Cookies>(&header, &consent);
    }

    #[test]
    fn consent_round_trips(consent in consent_strategy()) {
        let value = consent.to_cookie_value::<Cookies>();
        prop_assert_eq!(Consent::from_cookie_value::<Cookies>(&value), Ok(consent));
    }

    #[test]
    fn any_consent_value_decodes_or_errs(value in "\\PC*") {
        let _ = Consent::from_cookie_value::<Cookies>(&value);
    }

    /// The engine on bytes that need not be UTF-8 (header values are bytes): the same
    /// decisions as the text filter where the header is text, and never a panic.
    #[test]
    fn the_engine_filters_bytes_as_the_text_filter_does(
        header in header_strategy(),
        noise in proptest::collection::vec(any::<u8>(), 0..24),
        at in any::<prop::sample::Index>(),
    ) {
        let state = ConsentState::from_cookie_header::<Cookies>(&header);
        let request = engine::read_request::<Cookies>(header.as_bytes());
        prop_assert_eq!(request.state(), &state);
        let text = filter_cookie_header::<Cookies>(&header, &state.consent());
        let bytes = request.filtered().unwrap_or(header.as_bytes());
        prop_assert_eq!(bytes, text.as_bytes());

        // Arbitrary bytes spliced in: no panic, and every kept pair declared and allowed.
        let mut raw = header.into_bytes();
        let at = at.index(raw.len() + 1);
        raw.splice(at..at, noise);
        let request = engine::read_request::<Cookies>(&raw);
        let consent = request.state().consent();
        let kept = request.filtered().unwrap_or(&raw).to_vec();
        for pair in kept.split(|&b| b == b';').map(<[u8]>::trim_ascii).filter(|p| !p.is_empty()) {
            let name = pair.split(|&b| b == b'=').next().unwrap_or_default().trim_ascii();
            let spec = std::str::from_utf8(name).ok().and_then(Cookies::spec_of);
            prop_assert!(spec.is_some_and(|s| s.allowed_by(&consent)), "{pair:?} kept");
        }
        let summary = request.summary();
        let decision = engine::gate_response::<Cookies>(
            engine::Enforcement::new(), &summary, &raw, [&raw[..]],
        );
        for removal in decision.removals() {
            let name = removal.split('=').next().unwrap_or_default();
            prop_assert!(raw.windows(name.len()).any(|w| w == name.as_bytes()));
        }
    }

    #[test]
    fn any_consent_state_value_decodes_or_errs(value in "\\PC*") {
        if let Ok(state) = ConsentState::from_cookie_value::<Cookies>(&value) {
            prop_assert!(state.is_decided() || state.needs_prompt());
        }
    }
}
