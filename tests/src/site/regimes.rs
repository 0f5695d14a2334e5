//! The privacy-signal scenarios every example shop must pass: the shops choose the opt-out
//! regime for `CF-IPCountry: US` and the opt-in regime otherwise, honour Global Privacy Control
//! (`Sec-GPC: 1`) and serve `/.well-known/gpc.json`. Run through [`super::scenarios`].

use std::sync::Arc;

use cookie_registry::RefusedSetCookie;

use super::{Reply, Site, SiteServer};

/// A US visitor's headers, as Cloudflare forwards them.
const US: (&str, &str) = ("CF-IPCountry", "US");
/// A visitor in Germany.
const DE: (&str, &str) = ("CF-IPCountry", "DE");
/// The Global Privacy Control signal.
const GPC: (&str, &str) = ("Sec-GPC", "1");

async fn start<S: SiteServer>() -> Site {
    S::start(RefusedSetCookie::Drop, Arc::default()).await
}

async fn get(site: &Site, target: &str, cookies: &[&str], headers: &[(&str, &str)]) -> Reply {
    site.send_with("GET", target, cookies, headers, "").await
}

/// In the opt-out regime, GPC refuses Marketing even after an earlier "all": its cookie is not
/// set and the one the browser sent is removed, the page and the settings form say the opt-out
/// was honoured, and the endpoint's state says so too.
// Long: one visitor's steps in order (page, settings, state, the recorded opt-out, a new choice),
// each depending on the cookies of the one before.
pub async fn gpc_in_opt_out_refuses_marketing_even_after_an_earlier_all<S: SiteServer>() {
    let site = start::<S>().await;
    let (_, all) = site.grant("preferences,statistics,marketing", &[]).await;
    let carried = format!("sid=1; {all}; _fbp=fb.1; _ga=GA1.1");

    let home = get(&site, "/", &[&carried], &[US, GPC]).await;
    assert_eq!(home.status, 200);
    assert!(
        !home.names_set().contains(&"_fbp".to_owned()),
        "{:?}",
        home.names_set()
    );
    assert!(home.names_set().contains(&"_ga".to_owned()));
    assert_eq!(home.names_removed(), ["_fbp"]);
    assert!(
        home.body
            .contains("agreed to: necessary, preferences, statistics."),
        "{}",
        home.body
    );
    assert!(home.body.contains("data-gpc=\"honoured\""), "{}", home.body);
    // The declared localStorage entry of Marketing is removed on first paint.
    assert!(
        home.body
            .contains(r#"removeStorage([["localStorage","ad_profile",false]]);"#)
    );

    let settings = get(&site, "/cookies", &[&carried], &[US, GPC]).await;
    assert!(
        settings
            .body
            .contains("<p class=\"cr-gpc\" data-cr-gpc=\"honoured\">")
    );
    assert!(settings.body.contains("opt out of the sale and sharing"));

    let state = get(&site, "/consent", &[&carried], &[US, GPC]).await;
    // The receipt (id, time) sits between the state and the signals.
    let (state_part, rest) = state
        .body
        .split_once(r#","id":""#)
        .expect("a decided state carries its receipt");
    assert_eq!(
        state_part,
        r#"{"decided":true,"needs_prompt":false,"granted":["necessary","preferences","statistics"],"stale":[]"#
    );
    assert!(
        rest.ends_with(r#","regime":"opt-out","gpc":true,"gpc_honoured":true}"#),
        "{}",
        state.body
    );

    // The honoured opt-out is recorded once: the page set the consent cookie that carries it,
    // Marketing refused and the earlier grants kept; carried back, nothing more is set.
    let opt_out = home
        .cookies()
        .find(|cookie| cookie.name() == "cookie_consent")
        .expect("the opt-out's consent cookie");
    let value = opt_out.value().to_owned();
    let fields: Vec<&str> = value.split('.').collect();
    assert_eq!(fields[0], "2", "{value}");
    assert!(
        fields[3..].iter().any(|entry| entry.starts_with('m')),
        "Marketing refused: {value}"
    );
    assert!(
        fields[3..].iter().any(|entry| entry.starts_with('S')),
        "Statistics still granted: {value}"
    );
    let recorded = format!("sid=1; cookie_consent={value}; _ga=GA1.1");
    let again = get(&site, "/", &[&recorded], &[US, GPC]).await;
    assert!(
        !again.names_set().contains(&"cookie_consent".to_owned()),
        "{:?}",
        again.names_set()
    );
    assert!(again.body.contains("data-gpc=\"honoured\""));

    // A new "all" under GPC: the record is the visitor's, the consent in force refuses Marketing.
    let origin = format!("http://{}", site.addr());
    let headers = [
        ("Content-Type", "application/x-www-form-urlencoded"),
        ("Origin", origin.as_str()),
        US,
        GPC,
    ];
    let reply = site
        .send_with(
            "POST",
            "/consent",
            &[&carried],
            &headers,
            "choice=all&return_to=%2F",
        )
        .await;
    assert_eq!(reply.status, 303);
    assert_eq!(reply.names_removed(), ["_fbp"]);
    // Only the endpoint's own consent cookie: no GPC record on top of the visitor's decision.
    let consent_cookies = reply
        .names_set()
        .iter()
        .filter(|n| *n == "cookie_consent")
        .count();
    assert_eq!(consent_cookies, 1, "{:?}", reply.names_set());
}

/// In the opt-in regime, GPC does not override an explicit grant; an undecided visitor is told
/// the signal was received, with Marketing offered unticked.
pub async fn gpc_in_opt_in_leaves_an_explicit_grant_standing<S: SiteServer>() {
    let site = start::<S>().await;
    let (_, all) = site.grant("preferences,statistics,marketing", &[]).await;
    let carried = format!("sid=1; {all}; _fbp=fb.1");
    for headers in [&[GPC][..], &[DE, GPC]] {
        let home = get(&site, "/", &[&carried], headers).await;
        assert!(
            home.names_set().contains(&"_fbp".to_owned()),
            "{:?}",
            home.names_set()
        );
        assert!(
            home.names_removed().is_empty(),
            "{:?}",
            home.names_removed()
        );
        assert!(
            home.body
                .contains("agreed to: necessary, preferences, statistics, marketing.")
        );
        assert!(!home.body.contains("data-gpc=\"honoured\""));
    }

    let fresh = get(&site, "/", &[], &[DE, GPC]).await;
    assert!(
        fresh
            .body
            .contains("<p class=\"cr-gpc\" data-cr-gpc=\"received\">"),
        "{}",
        fresh.body
    );
    assert!(fresh.body.contains(
        "name=\"category\" value=\"marketing\" aria-describedby=\"cr-banner-marketing-about\">"
    ));
    assert!(
        !fresh
            .body
            .contains("value=\"marketing\" aria-describedby=\"cr-banner-marketing-about\" checked")
    );
    assert_eq!(fresh.names_set(), ["sid"]);
}

/// In the opt-out regime without GPC, the optional categories are allowed before any choice.
pub async fn without_gpc_opt_out_allows_statistics_before_any_choice<S: SiteServer>() {
    let site = start::<S>().await;
    let home = get(&site, "/", &[], &[US]).await;
    assert_eq!(
        home.names_set(),
        ["sid", "theme", "_ga", "_ga_DEMO42", "_fbp"]
    );
    assert!(
        home.body
            .contains("agreed to: necessary, preferences, statistics, marketing.")
    );
    // The same request outside the US: necessary only.
    let elsewhere = get(&site, "/", &[], &[DE]).await;
    assert_eq!(elsewhere.names_set(), ["sid"]);
}

/// `/.well-known/gpc.json` as the GPC specification asks: JSON, with its media type.
pub async fn gpc_json_is_served_as_json<S: SiteServer>() {
    let site = start::<S>().await;
    let reply = get(&site, "/.well-known/gpc.json", &[], &[]).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("content-type"), Some("application/json"));
    assert_eq!(reply.body, r#"{"gpc":true,"lastUpdate":"2026-12-04"}"#);
}
