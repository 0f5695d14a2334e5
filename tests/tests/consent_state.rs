//! `ConsentState`: what the server knows of one visitor's choice, in each case issue 7 names:
//! never asked, refused, stale after a declaration change, forged, a version 1 value, expired.

use cookie_registry::{Category, Consent, ConsentRecord, ConsentState, CookieRegistry};

#[derive(CookieRegistry, Debug, Clone, Copy, PartialEq, Eq)]
#[registry(provider = "Acme", consent_cookie = Choices)]
pub enum Cookies {
    #[cookie(name = "sid", category = Necessary, purpose = "Session")]
    Sid,
    #[cookie(name = "choices", category = Necessary, purpose = "Consent", max_age = "26w")]
    Choices,
    #[cookie(name = "_ga", category = Statistics, purpose = "Visitors", max_age = "390d")]
    Ga,
    #[cookie(name = "_fbp", category = Marketing, purpose = "Ads")]
    Fbp,
}

/// The same site a release later: a new marketing cookie, and a Preferences cookie where there
/// was none. Statistics is unchanged.
#[derive(CookieRegistry, Debug, Clone, Copy, PartialEq, Eq)]
#[registry(provider = "Acme", consent_cookie = Choices)]
pub enum Changed {
    #[cookie(name = "sid", category = Necessary, purpose = "Session")]
    Sid,
    #[cookie(name = "choices", category = Necessary, purpose = "Consent", max_age = "26w")]
    Choices,
    #[cookie(name = "lang", category = Preferences, purpose = "Language")]
    Lang,
    #[cookie(name = "_ga", category = Statistics, purpose = "Visitors", max_age = "390d")]
    Ga,
    #[cookie(name = "_fbp", category = Marketing, purpose = "Ads")]
    Fbp,
    #[cookie(name = "_gcl_au", category = Marketing, purpose = "Conversions")]
    Gcl,
}

fn header(value: &str) -> String {
    format!("sid=1; choices={value}; _ga=2")
}

fn stale(state: &ConsentState) -> Vec<Category> {
    state.stale().collect()
}

#[test]
fn never_asked() {
    for header in ["", "sid=1", "choices=", "choices", "other=2.x"] {
        let state = ConsentState::from_cookie_header::<Cookies>(header);
        assert!(!state.is_decided(), "{header}");
        assert!(state.needs_prompt(), "{header}");
        assert_eq!(state.consent(), Consent::necessary_only(), "{header}");
        assert_eq!(stale(&state), [], "{header}");
        assert_eq!((state.id(), state.decided_at()), (None, None));
    }
    assert_eq!(ConsentState::default(), ConsentState::undecided());
}

#[test]
fn refused_everything_is_a_decision() {
    let record = ConsentRecord::new::<Cookies>(Consent::necessary_only(), None);
    let state = ConsentState::from_cookie_header::<Cookies>(&header(&record.cookie_value()));
    assert!(state.is_decided());
    assert!(!state.needs_prompt());
    assert_eq!(state.consent(), Consent::necessary_only());
    assert_eq!(stale(&state), []);
    assert_eq!(state.id(), Some(record.id));
    assert_eq!(record.refused, [Category::Statistics, Category::Marketing]);
}

#[test]
fn granted() {
    let consent = Consent::from(Category::Statistics);
    let value = consent.to_cookie_value::<Cookies>();
    let state = ConsentState::from_cookie_header::<Cookies>(&header(&value));
    assert!(state.is_decided() && !state.needs_prompt());
    assert_eq!(state.consent(), consent);
}

#[test]
fn stale_after_a_declaration_change() {
    let value = Consent::all().to_cookie_value::<Cookies>();
    let state = ConsentState::from_cookie_header::<Changed>(&header(&value));
    assert!(state.is_decided());
    assert!(state.needs_prompt());
    // Marketing changed; Preferences had no cookies when the visitor chose.
    assert_eq!(stale(&state), [Category::Preferences, Category::Marketing]);
    // The unchanged category keeps its grant; the stale ones count as refused.
    assert_eq!(state.consent(), Consent::from(Category::Statistics));

    // Refusals go stale the same way: the visitor is asked again about what changed.
    let refused = Consent::necessary_only().to_cookie_value::<Cookies>();
    let state = ConsentState::from_cookie_header::<Changed>(&header(&refused));
    assert_eq!(stale(&state), [Category::Preferences, Category::Marketing]);
    assert_eq!(state.consent(), Consent::necessary_only());
}

#[test]
fn forged_values_count_as_never_asked() {
    let record = ConsentRecord::new::<Cookies>(Consent::all(), None);
    let value = record.cookie_value();
    let future = format!(
        "2.{}.{:x}.S{:08x}",
        record.id,
        u64::MAX >> 1,
        Cookies::revision(Category::Statistics)
    );
    for forged in [
        "2.garbage".to_owned(),
        value.replace('S', "X"),
        format!("{value}.S00000000"),
        value.to_uppercase(),
        format!("{value}\u{e9}"),
        future,
    ] {
        let state = ConsentState::from_cookie_header::<Cookies>(&header(&forged));
        assert!(!state.is_decided(), "{forged}");
        assert!(state.needs_prompt(), "{forged}");
        assert_eq!(state.consent(), Consent::necessary_only(), "{forged}");
    }
    // A well-formed value with revisions this registry never had grants nothing.
    let made_up = format!(
        "2.{}.{:x}.S00000001.M00000002",
        record.id, record.decided_at
    );
    let state = ConsentState::from_cookie_header::<Cookies>(&header(&made_up));
    assert_eq!(state.consent(), Consent::necessary_only());
    assert!(state.needs_prompt());
}

#[test]
fn version_1_values_still_count() {
    let statistics = Cookies::revision(Category::Statistics);
    let value = format!("1.s{statistics:08x}");
    let state = ConsentState::from_cookie_header::<Cookies>(&header(&value));
    assert!(state.is_decided());
    assert!(!state.needs_prompt());
    assert_eq!(state.consent(), Consent::from(Category::Statistics));
    assert_eq!((state.id(), state.decided_at()), (None, None));

    // A version 1 grant under an old revision is stale.
    let old = format!("1.s{:08x}", statistics.wrapping_add(1));
    let state = ConsentState::from_cookie_header::<Cookies>(&header(&old));
    assert_eq!(stale(&state), [Category::Statistics]);
    assert_eq!(state.consent(), Consent::necessary_only());
}

#[test]
fn expired_values_count_as_never_asked() {
    let record = ConsentRecord::new::<Cookies>(Consent::all(), None);
    let entries = record.cookie_value();
    let entries = entries.splitn(4, '.').nth(3).expect("entries");
    let at = |decided_at: u64| format!("2.{}.{decided_at:x}.{entries}", record.id);
    let lifetime = 26 * 7 * 86_400;

    let lapsed = ConsentState::from_cookie_header::<Cookies>(&header(&at(record.decided_at
        - lifetime
        - 60)));
    assert!(!lapsed.is_decided() && lapsed.needs_prompt());
    assert_eq!(lapsed.consent(), Consent::necessary_only());

    let recent = ConsentState::from_cookie_header::<Cookies>(&header(&at(record.decided_at
        - lifetime
        + 3_600)));
    assert!(recent.is_decided() && !recent.needs_prompt());
    assert_eq!(recent.consent(), record.consent());
}

/// The record a site logs as proof of consent, as JSON.
#[test]
fn records_serialize_for_the_log() {
    let first = ConsentRecord::new::<Cookies>(Consent::necessary_only(), None);
    let record = ConsentRecord::new::<Cookies>(Consent::from(Category::Statistics), Some(first.id));
    let json = serde_json::to_value(&record).expect("serializes");
    let statistics = Cookies::revision(Category::Statistics);
    let marketing = Cookies::revision(Category::Marketing);
    assert_eq!(
        json,
        serde_json::json!({
            "id": record.id.to_string(),
            "decided_at": record.decided_at,
            "granted": ["necessary", "statistics"],
            "refused": ["marketing"],
            "revisions": { "statistics": statistics, "marketing": marketing },
            "previous_id": first.id.to_string(),
            "method": "unknown",
            "language": null,
            "notice": null,
            "user_agent": null,
            "ip": null,
        })
    );
    assert_eq!(record.id.to_string().len(), 32);

    // The proof fields, set: strings a log or a ledger export can read back.
    let notice = cookie_registry::Notice::new("<p>Cookies</p>");
    let proved = record
        .clone()
        .with_method(cookie_registry::ConsentMethod::SettingsPage)
        .with_language("fr")
        .with_notice(notice.hash())
        .with_user_agent("Mozilla/5.0")
        .with_ip("2001:db8:7:8::1".parse::<std::net::IpAddr>().unwrap());
    let json = serde_json::to_value(&proved).expect("serializes");
    assert_eq!(json["method"], "settings");
    assert_eq!(json["language"], "fr");
    assert_eq!(json["notice"], notice.hash().to_string());
    assert_eq!(json["notice"].as_str().map(str::len), Some(64));
    assert_eq!(json["user_agent"], "Mozilla/5.0");
    assert_eq!(json["ip"], "2001:db8:7::/48");
    assert_ne!(record.id, first.id);
}

/// Anonymized statistics need no consent (the registry's `anonymized` key): a site whose only
/// Statistics cookie is anonymized never asks about Statistics.
#[test]
fn anonymized_statistics_are_not_asked_about() {
    #[derive(CookieRegistry)]
    #[registry(provider = "Acme", consent_cookie = Choices)]
    enum Counted {
        #[cookie(name = "choices", category = Necessary, purpose = "Consent", max_age = "26w")]
        Choices,
        #[cookie(name = "hits", category = Statistics, purpose = "Counts", anonymized)]
        Hits,
        #[cookie(name = "_fbp", category = Marketing, purpose = "Ads")]
        Fbp,
    }
    let record = ConsentRecord::new::<Counted>(Consent::all(), None);
    assert_eq!(record.granted, [Category::Necessary, Category::Marketing]);
    assert!(!record.revisions.contains_key(&Category::Statistics));
    let state =
        ConsentState::from_cookie_header::<Counted>(&format!("choices={}", record.cookie_value()));
    assert!(!state.needs_prompt());
    assert_eq!(state.stale().count(), 0);
    assert!(Counted::Hits.allowed_by(&Consent::necessary_only()));
}
