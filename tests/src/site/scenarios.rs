//! The end-to-end scenarios every example shop must pass, generic over how it is served. The
//! shops declare the same cookies; these are their names.
//!
//! Longer than 400 lines: one scenario per lifecycle step, each short, run against both shops;
//! the endpoint's and the regimes' scenarios already live in their own files.

use std::sync::Arc;

use cookie_registry::cookie::Cookie;
use cookie_registry::{Category, Consent, ConsentState, CookieRegistry, RefusedSetCookie};
use tokio::time::timeout;

use super::{Reply, Site, SiteServer, is_removal};

// The privacy-signal scenarios (regimes, GPC, `gpc.json`), kept in their own file.
pub use super::endpoint_scenarios::{
    cut_off_consent_forms_change_nothing, malformed_origins_and_repeated_fields_are_refused,
};
pub use super::regimes::{
    gpc_in_opt_in_leaves_an_explicit_grant_standing,
    gpc_in_opt_out_refuses_marketing_even_after_an_earlier_all, gpc_json_is_served_as_json,
    without_gpc_opt_out_allows_statistics_before_any_choice,
};

/// The session cookie, Necessary.
const SESSION: &str = "sid";
/// The colour theme, Preferences.
const THEME: &str = "theme";
/// Google Analytics' visitor id, Statistics.
const GA: &str = "_ga";
/// Google Analytics' session: `_ga_` and the shop's property.
const GA_SESSION: &str = "_ga_DEMO42";
/// Meta's advertising id, Marketing.
const FBP: &str = "_fbp";

/// The shop with refused `Set-Cookie` headers dropped.
pub(super) async fn start<S: SiteServer>() -> Site {
    S::start(RefusedSetCookie::Drop, Arc::default()).await
}

/// The name of the shop's consent cookie.
fn consent_name<S: SiteServer>() -> &'static str {
    S::Cookies::consent_cookie()
        .expect("a consent cookie")
        .name()
}

/// Before any choice, only Necessary cookies are set, and the page says so.
pub async fn before_consent_only_necessary_cookies_are_set<S: SiteServer>() {
    let site = start::<S>().await;
    let home = site.get("/", &[]).await;
    assert_eq!(home.status, 200);
    assert_eq!(home.names_set(), [SESSION]);
    for name in home.names_set() {
        assert_eq!(S::Cookies::category_of(&name), Some(Category::Necessary));
    }
    assert!(home.body.contains("agreed to: necessary."), "{}", home.body);
}

/// A grant of Statistics lets its cookies through, not Marketing's.
pub async fn granting_statistics_lets_its_cookies_through_and_not_marketing<S: SiteServer>() {
    let site = start::<S>().await;
    let (_, consent) = site.grant("statistics", &[]).await;
    let expected: Consent = [Category::Statistics].into_iter().collect();
    let value = consent.split_once('=').unwrap().1;
    assert_eq!(
        Consent::from_cookie_value::<S::Cookies>(value),
        Ok(expected)
    );

    let home = site.get("/", &[&format!("sid=s3ss10n; {consent}")]).await;
    assert_eq!(home.names_set(), [SESSION, GA, GA_SESSION]);
    assert!(home.body.contains("agreed to: necessary, statistics."));

    // Everything granted, in the comma-separated form the home page's buttons post.
    let (_, all) = site.grant("preferences,statistics,marketing", &[]).await;
    let home = site.get("/", &[&all]).await;
    assert_eq!(home.names_set(), [SESSION, THEME, GA, GA_SESSION, FBP]);
}

/// Forged, malformed and stale consent values grant nothing, and the handler still sees them.
pub async fn forged_and_stale_consent_cookies_count_as_no_consent<S: SiteServer>() {
    let site = start::<S>().await;
    let consent_cookie = consent_name::<S>();
    let stale = format!(
        "1.s{:08x}",
        S::Cookies::revision(Category::Statistics).wrapping_add(1)
    );
    let forged = [
        "garbage",
        "",
        "1.s00000000.s00000000",
        "1.sXXXXXXXX",
        "%31%2Es",
        stale.as_str(),
    ];
    for value in forged {
        let cookie = format!("{consent_cookie}={value}; _ga=GA1.1");
        let home = site.get("/", &[&cookie]).await;
        assert_eq!(home.names_set(), [SESSION], "consent {value:?}");
        let echo = site.get("/echo", &[&cookie]).await;
        assert_eq!(
            echo.body,
            format!("{consent_cookie}={value}"),
            "the handler saw {:?}",
            echo.body
        );
    }
}

/// Handlers never read an undeclared or refused cookie, however the fields come.
pub async fn handlers_see_only_declared_and_consented_request_cookies<S: SiteServer>() {
    let site = start::<S>().await;
    let (_, consent) = site.grant("statistics", &[]).await;
    let ga = GA_SESSION;
    let sent = format!("sid=1; tracker=2; _ga=3; _fbp=4; {consent}; theme=dark; {ga}=5; SID=6");
    let echo = site.get("/echo", &[&sent]).await;
    assert_eq!(echo.body, format!("sid=1; _ga=3; {consent}; {ga}=5"));

    // Several `Cookie` fields (as HTTP/2 and HTTP/3 send them) are joined, then filtered.
    let echo = site
        .get("/echo", &["sid=1", "_fbp=4", &consent, "_ga=3; x=1"])
        .await;
    assert_eq!(echo.body, format!("sid=1; {consent}; _ga=3"));

    // Nothing declared and consented: the handler gets no `Cookie` header at all.
    let echo = site.get("/echo", &["tracker=1; _fbp=2"]).await;
    assert_eq!(echo.body, "");
}

/// "Necessary only" after a grant deletes the cookies the grant allowed, with their paths.
pub async fn withdrawing_consent_deletes_the_cookies_it_allowed<S: SiteServer>() {
    let site = start::<S>().await;
    let (_, consent) = site.grant("statistics,marketing", &[]).await;
    let cookies = format!("sid=1; {consent}; _ga=2; {GA_SESSION}=3; _fbp=4; tracker=5");
    let (reply, now) = site.grant("", &[&cookies]).await;
    let mut removed = reply.names_removed();
    removed.sort();
    assert_eq!(removed, [FBP, GA, GA_SESSION, "tracker"]);
    for cookie in reply.cookies().filter(is_removal) {
        // The declared path, and `/` for the undeclared `tracker`.
        assert_eq!(cookie.path(), Some("/"), "{cookie}");
        assert_eq!(cookie.domain(), None, "{cookie}");
    }
    let value = now
        .strip_prefix(&format!("{}=", consent_name::<S>()))
        .expect("the consent cookie");
    let state = ConsentState::from_cookie_value::<S::Cookies>(value).expect("a valid value");
    assert!(state.is_decided() && !state.needs_prompt());
    assert_eq!(state.consent(), Consent::necessary_only());

    let home = site.get("/", &["sid=1", &now]).await;
    assert_eq!(home.names_set(), [SESSION]);

    let bad = site.post_form("choice=everything", &[], &[]).await;
    assert_eq!(bad.status, 400);
}

/// The policy page is the registry's policy (a section per category), as HTML.
pub async fn the_policy_page_is_served_as_html<S: SiteServer>() {
    let site = start::<S>().await;
    let page = site.get("/cookies", &[]).await;
    assert_eq!(page.status, 200);
    assert!(
        page.header("content-type")
            .unwrap()
            .starts_with("text/html")
    );
    assert!(
        page.body
            .contains(&S::Cookies::policy_table().page().to_html())
    );
    for cookie in S::Cookies::ALL {
        let shown = cookie.spec().display_name();
        assert!(page.body.contains(&shown), "{shown} missing");
    }
}

/// Issue 3, item 7: record every `Set-Cookie` the site sends and check each name is declared.
/// It runs on both setups: with refused cookies dropped, and with them passed and logged, where
/// the responses carry every cookie the handlers set; that second run is the one that catches a
/// handler setting a cookie nobody declared.
pub async fn audit_every_cookie_the_site_sets_is_declared<S: SiteServer>() {
    for on_refused in [RefusedSetCookie::Drop, RefusedSetCookie::PassAndLog] {
        let site = S::start(on_refused, Arc::default()).await;
        site.get("/", &[]).await;
        let (_, stats) = site.grant("statistics", &[]).await;
        site.get("/", &[&stats]).await;
        let (_, all) = site
            .grant("preferences,statistics,marketing", &[&stats])
            .await;
        site.get("/", &[&all]).await;
        site.get("/cookies", &[&all]).await;
        site.get("/echo", &[&all, "tracker=1"]).await;
        let everything = format!("sid=1; {all}; theme=dark; _ga=2; {GA_SESSION}=3; _fbp=4");
        site.grant("", &[&everything]).await;

        let recorded = site.set_cookies();
        // What the site sets; the middleware's removals of cookies the request carried (here
        // the undeclared `tracker`) are not the site setting them.
        let names: Vec<&str> = recorded
            .iter()
            .map(|v| Cookie::parse(v.as_str()).expect("well-formed"))
            .filter(|cookie| !is_removal(cookie))
            .map(|cookie| cookie.name_raw().expect("a name"))
            .collect();
        assert!(names.len() >= 10, "{on_refused:?}: recorded only {names:?}");
        assert_eq!(
            S::Cookies::undeclared(names.iter().copied()),
            Vec::<&str>::new(),
            "{on_refused:?}"
        );
        // Every category was set at least once.
        for category in Category::ALL {
            assert!(
                names
                    .iter()
                    .any(|n| S::Cookies::category_of(n) == Some(category)),
                "{on_refused:?}: no {category} cookie set"
            );
        }
    }
}

/// The attack of issue 7: a page on another origin auto-submits a form to `/consent`. Each way
/// a browser marks such a request is refused with 403: no cookie set, no record made.
pub async fn cross_site_consent_posts_are_refused<S: SiteServer>() {
    let site = start::<S>().await;
    let attacks: [&[(&str, &str)]; 6] = [
        &[
            ("Origin", "http://evil.example"),
            ("Sec-Fetch-Site", "cross-site"),
        ],
        &[("Origin", "http://evil.example")],
        &[("Sec-Fetch-Site", "cross-site")],
        &[("Sec-Fetch-Site", "same-site")],
        &[("Origin", "null")],
        &[("Origin", "http://127.0.0.1:1")], // this host, another port: another origin
    ];
    for attack in attacks {
        let mut sent = vec![("Content-Type", "application/x-www-form-urlencoded")];
        sent.extend(attack.iter().copied());
        let reply = site
            .send_with("POST", "/consent", &[], &sent, "choice=all")
            .await;
        assert_eq!(reply.status, 403, "{attack:?}: {}", reply.body);
        assert_eq!(reply.set_cookies().count(), 0, "{attack:?}");
    }
    assert!(site.records().is_empty());

    // The same form from the site itself is accepted and recorded.
    let (_, consent) = site.grant("statistics", &[]).await;
    assert!(consent.starts_with(consent_name::<S>()));
    let records = site.records();
    assert_eq!(records.len(), 1);
    assert_eq!(
        records[0].granted,
        [Category::Necessary, Category::Statistics]
    );
    assert_eq!(
        records[0].refused,
        [Category::Preferences, Category::Marketing]
    );
    assert_eq!(records[0].previous_id, None);
}

/// Open redirects: `return_to` off the site lands on `/`.
pub async fn return_to_never_leaves_the_site<S: SiteServer>() {
    let site = start::<S>().await;
    for (return_to, expected) in [
        ("%2F%2Fevil.example", "/"),
        ("%2F%5Cevil.example", "/"),
        ("https%3A%2F%2Fevil.example", "/"),
        ("%2F%09%2Fevil.example", "/"),
        ("%2Fcookies%3Fsaved%3D1", "/cookies?saved=1"),
    ] {
        let form = format!("choice=necessary&return_to={return_to}");
        let reply = site.post_form(&form, &[], &[]).await;
        assert_eq!(reply.status, 303, "{return_to}");
        assert_eq!(reply.header("location"), Some(expected), "{return_to}");
    }
}

/// `GET` and JSON answers; 400, 405, 413 and 415 with no cookie set and no record.
// Long: one request per refusal the endpoint must make, each with its expected status.
pub async fn the_endpoint_answers_json_and_refuses_bad_requests<S: SiteServer>() {
    let site = start::<S>().await;
    let state = site.get("/consent", &[]).await;
    assert_eq!(state.status, 200);
    assert_eq!(state.header("cache-control"), Some("no-store"));
    assert_eq!(
        state.body,
        r#"{"decided":false,"needs_prompt":true,"granted":["necessary"],"stale":[]}"#
    );

    let json = [("Accept", "application/json")];
    let reply = site
        .post_form("choice=custom&category=marketing", &[], &json)
        .await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("content-type"), Some("application/json"));
    // The new state, with the receipt: the id and time of the record just kept.
    let first = site.records()[0].clone();
    assert_eq!(
        reply.body,
        format!(
            r#"{{"decided":true,"needs_prompt":false,"granted":["necessary","marketing"],"stale":[],"id":"{}","decided_at":{}}}"#,
            first.id, first.decided_at
        )
    );
    let consent = reply
        .cookies()
        .find(|c| c.name() == consent_name::<S>())
        .expect("the consent cookie");
    // Its declared attributes.
    assert_eq!(consent.path(), Some("/"));
    assert_eq!(consent.max_age().map(|a| a.whole_weeks()), Some(26));
    assert_eq!(
        consent.same_site(),
        Some(cookie_registry::cookie::SameSite::Lax)
    );
    let pair = format!("{}={}", consent.name(), consent.value());
    let again = site.get("/consent", &[&pair]).await;
    assert_eq!(again.body, reply.body);

    // A second decision names the one it replaces.
    site.post_form("choice=all", &[&pair], &[]).await;
    {
        let records = site.records();
        assert_eq!(records.len(), 2);
        assert_eq!(records[1].previous_id, Some(records[0].id));
    }

    let too_large = format!("choice=all&pad={}", "x".repeat(4096));
    for (form, extra, status) in [
        ("", &[][..], 400),
        ("choice=everything", &[][..], 400),
        ("choice=custom&category=tracking", &[][..], 400),
        ("choice=all&choice=necessary", &[][..], 400),
        (too_large.as_str(), &[][..], 413),
        ("choice=all", &[("Content-Type", "text/plain")][..], 415),
    ] {
        let reply = site.post_form(form, &[], extra).await;
        assert_eq!(reply.status, status, "{form:.40}");
        assert_eq!(reply.set_cookies().count(), 0, "{form:.40}");
    }
    let put = site.send("PUT", "/consent", &[]).await;
    assert_eq!(put.status, 405);
    assert_eq!(put.header("allow"), Some("GET, HEAD, POST"));
    assert_eq!(site.records().len(), 2, "no record for a refused request");
}

/// A bounded load test on 127.0.0.1: 64 concurrent clients × 100 requests each, with random
/// consent states and cookie sets. No response is a 5xx, and every response's `Set-Cookie`
/// headers agree with the consent that governs it: each cookie set is allowed, each removal is
/// of a cookie the request carried and that consent refuses or the registry does not declare.
// Long: the load, then every check on its outcome (statuses, records, ids), which need the whole
// run.
pub async fn load_64_clients_by_100_requests<S: SiteServer>() {
    let site = Arc::new(start::<S>().await);
    let consent_cookie = consent_name::<S>();
    let choices = [
        "choice=all",
        "choice=necessary",
        "choice=custom&category=statistics",
        "choice=custom&category=marketing&category=preferences",
    ];
    // Consent values to send: none, each decision, a forged one and a version 1 one.
    let mut values = vec![String::new(), format!("{consent_cookie}=2.garbage")];
    for choice in choices {
        let reply = site.post_form(choice, &[], &[]).await;
        let consent = reply
            .cookies()
            .find(|c| c.name() == consent_cookie)
            .unwrap();
        values.push(format!("{}={}", consent.name(), consent.value()));
    }
    values.push(format!(
        "{consent_cookie}=1.s{:08x}",
        S::Cookies::revision(Category::Statistics)
    ));
    let values = Arc::new(values);
    let others = [
        "sid=1",
        "theme=dark",
        "_ga=GA1",
        "_ga_DEMO42=GS1",
        "_fbp=fb",
        "tracker=x",
        "__Host-evil=1",
    ];

    let started = std::time::Instant::now();
    let mut clients = Vec::new();
    for client in 0..64u64 {
        let (site, values) = (Arc::clone(&site), Arc::clone(&values));
        clients.push(tokio::spawn(async move {
            let mut state =
                0x9E37_79B9_7F4A_7C15_u64 ^ (client + 1).wrapping_mul(0xA24B_AED4_963E_E407);
            let mut next = move || {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state
            };
            for _ in 0..100 {
                let pick = |n: usize, r: u64| usize::try_from(r % n as u64).unwrap_or(0);
                let mut sent: Vec<String> = vec![values[pick(values.len(), next())].clone()];
                for other in others {
                    if next() % 2 == 0 {
                        sent.push(other.to_owned());
                    }
                }
                sent.retain(|s| !s.is_empty());
                let header = sent.join("; ");
                let fields: Vec<&str> = if header.is_empty() {
                    vec![]
                } else {
                    vec![header.as_str()]
                };
                let post = next() % 4 == 0;
                let reply = if post {
                    let choice = choices[pick(choices.len(), next())];
                    site.post_form(choice, &fields, &[]).await
                } else {
                    site.get("/", &fields).await
                };
                assert!(reply.status < 500, "{}", reply.status);
                check_consistent::<S::Cookies>(&reply, &header);
            }
        }));
    }
    for client in clients {
        timeout(std::time::Duration::from_secs(120), client)
            .await
            .expect("the load test finishes in time")
            .expect("no client panicked");
    }
    assert!(started.elapsed() < std::time::Duration::from_secs(120));
}

/// Whether a reply's `Set-Cookie`s agree with the consent governing it: the consent cookie it
/// sets, else the one the request carried.
fn check_consistent<R: CookieRegistry>(reply: &Reply, request_header: &str) {
    let consent_cookie = R::consent_cookie().expect("a consent cookie").name();
    let set_consent = reply
        .cookies()
        .find(|c| c.name() == consent_cookie && !is_removal(c))
        .map(|c| {
            ConsentState::from_cookie_value::<R>(c.value())
                .expect("valid")
                .consent()
        });
    let consent = set_consent
        .unwrap_or_else(|| ConsentState::from_cookie_header::<R>(request_header).consent());
    let carried: Vec<&str> = request_header
        .split("; ")
        .filter_map(|pair| pair.split_once('=').map(|(name, _)| name))
        .collect();
    for cookie in reply.cookies() {
        let allowed = R::from_name(cookie.name()).is_some_and(|c| c.allowed_by(&consent));
        if is_removal(&cookie) {
            assert!(
                carried.contains(&cookie.name()),
                "removed {} it did not carry",
                cookie.name()
            );
            assert!(
                !allowed,
                "removed allowed {} under {consent:?}",
                cookie.name()
            );
        } else {
            assert!(allowed, "set {} under {consent:?}", cookie.name());
        }
    }
    // Every carried cookie that consent refuses is removed.
    for name in carried {
        let allowed = R::from_name(name).is_some_and(|c| c.allowed_by(&consent));
        let set = reply.cookies().any(|c| c.name() == name && !is_removal(&c));
        let removed = reply.cookies().any(|c| c.name() == name && is_removal(&c));
        assert!(
            allowed || set || removed,
            "{name} carried, refused, not removed"
        );
    }
}
