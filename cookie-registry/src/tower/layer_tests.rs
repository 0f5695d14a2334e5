//! Unit tests of the layer, with `tower::service_fn` inner services and no network.
//!
//! Longer than 400 lines: each test is a small request and its expected headers, written out
//! in full; they share the registry and the inner services defined at the top.

use std::sync::{Arc, Mutex};
use std::task::Waker;

use http::{HeaderValue, Request, Response};
use tower::{ServiceExt, service_fn};

use core::fmt;
use core::future::Future;
use core::task::{Context, Poll};

use http::header::{COOKIE, SET_COOKIE};
use tower_layer::Layer as _;

use super::*;
use crate::{Category, Consent, CookieRegistry, CookieSpec, RefusedSetCookie};

/// The tests' registry, written by hand: the derive's expansion names `::cookie_registry`,
/// which this crate's own unit tests cannot reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cookies {
    Sid,
    Consent,
    Theme,
    Ga,
    GaSession,
    Fbp,
}

const fn spec(
    name: &'static str,
    family: bool,
    category: Category,
    max_age: Option<core::time::Duration>,
) -> CookieSpec {
    crate::__private::SpecFields {
        name,
        family,
        max_age,
        purpose: "Testing",
        ..crate::__private::SpecFields::base(category, "Acme")
    }
    .spec()
}

impl CookieRegistry for Cookies {
    const ALL: &'static [Self] = &[
        Cookies::Sid,
        Cookies::Consent,
        Cookies::Theme,
        Cookies::Ga,
        Cookies::GaSession,
        Cookies::Fbp,
    ];
    const SPECS: &'static [CookieSpec] = &[
        spec("sid", false, Category::Necessary, None),
        spec(
            "consent",
            false,
            Category::Necessary,
            Some(core::time::Duration::from_secs(26 * 7 * 86_400)),
        ),
        spec("theme", false, Category::Preferences, None),
        spec("_ga", false, Category::Statistics, None),
        spec("_ga_", true, Category::Statistics, None),
        spec("_fbp", false, Category::Marketing, None),
    ];

    fn spec(&self) -> &'static CookieSpec {
        &Self::SPECS[*self as usize]
    }

    fn from_name(name: &str) -> Option<Self> {
        let exact = Self::SPECS.iter().position(|s| !s.family && s.name == name);
        let family = || Self::SPECS.iter().position(|s| s.family && s.matches(name));
        exact.or_else(family).map(|i| Self::ALL[i])
    }

    fn spec_of(name: &str) -> Option<&'static CookieSpec> {
        Self::from_name(name).map(|cookie| cookie.spec())
    }

    const HAS_CONSENT_COOKIE: bool = true;

    fn revision(category: Category) -> u32 {
        0x1234_5670 + category as u32
    }

    fn consent_cookie() -> Option<Self> {
        Some(Cookies::Consent)
    }
}

impl crate::HasConsentCookie for Cookies {}

fn consent_of(categories: &[Category]) -> Consent {
    categories.iter().copied().collect()
}

fn consent_cookie(categories: &[Category]) -> String {
    format!(
        "consent={}",
        consent_of(categories).to_cookie_value::<Cookies>()
    )
}

/// Polls a future that the tests' inner services make ready at once.
fn block_on<F: Future>(future: F) -> F::Output {
    install_recorder();
    let mut future = std::pin::pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
    }
}

/// What the inner service saw: its `Cookie` header fields and the `Consent` extension.
#[derive(Debug, Default, Clone)]
struct Seen {
    cookie_fields: Vec<Vec<u8>>,
    consent: Option<Consent>,
}

/// Sends `request` through the layer around an inner service that records what it sees
/// and answers with `set_cookies`; returns what it saw and the response's `Set-Cookie`s.
fn run(
    layer: ConsentLayer<Cookies>,
    request: Request<()>,
    set_cookies: &[&str],
) -> (Seen, Vec<String>) {
    let seen = Arc::new(Mutex::new(Seen::default()));
    let recorder = Arc::clone(&seen);
    let set_cookies: Vec<String> = set_cookies.iter().map(|s| (*s).to_owned()).collect();
    let inner = service_fn(move |request: Request<()>| {
        let mut seen = recorder.lock().unwrap();
        seen.cookie_fields = request
            .headers()
            .get_all(COOKIE)
            .iter()
            .map(|v| v.as_bytes().to_vec())
            .collect();
        seen.consent = request.extensions().get::<Consent>().copied();
        let mut response = Response::new(());
        for value in &set_cookies {
            response
                .headers_mut()
                .append(SET_COOKIE, HeaderValue::from_str(value).unwrap());
        }
        async move { Ok::<_, std::convert::Infallible>(response) }
    });
    let response = block_on(layer.layer(inner).oneshot(request)).unwrap();
    let set_cookies = response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect();
    let seen = seen.lock().unwrap().clone();
    (seen, set_cookies)
}

fn request(cookie_fields: &[&[u8]]) -> Request<()> {
    let mut request = Request::new(());
    for field in cookie_fields {
        request
            .headers_mut()
            .append(COOKIE, HeaderValue::from_bytes(field).unwrap());
    }
    request
}

/// The names of the cookies the response sets (not its removals).
fn names(set_cookies: &[String]) -> Vec<&str> {
    set_cookies
        .iter()
        .filter(|v| !v.contains("Max-Age=0"))
        .map(|v| v.split('=').next().unwrap())
        .collect()
}

/// The names of every `Set-Cookie` of the response, removals included.
fn every_name(set_cookies: &[String]) -> Vec<&str> {
    set_cookies
        .iter()
        .map(|v| v.split('=').next().unwrap())
        .collect()
}

/// The names of the cookies the response removes.
fn removed(set_cookies: &[String]) -> Vec<&str> {
    set_cookies
        .iter()
        .filter(|v| v.contains("Max-Age=0"))
        .map(|v| v.split('=').next().unwrap())
        .collect()
}

const EVERY_COOKIE: [&str; 6] = [
    "sid=1; Path=/",
    "theme=dark",
    "_ga=GA1.2.3",
    "_ga_ABC=GS1.1",
    "_fbp=fb.1",
    "tracker=x",
];

#[test]
fn no_cookie_header_means_necessary_only() {
    let (seen, set) = run(ConsentLayer::new(), request(&[]), &EVERY_COOKIE);
    assert!(seen.cookie_fields.is_empty());
    assert_eq!(seen.consent, Some(Consent::necessary_only()));
    assert_eq!(names(&set), ["sid"]);
}

#[test]
fn one_field_is_filtered_and_the_consent_is_passed_on() {
    let stats = consent_cookie(&[Category::Statistics]);
    let header = format!("sid=1; {stats}; _ga=GA1; _fbp=fb; tracker=x; _ga_X=2");
    let (seen, set) = run(
        ConsentLayer::new(),
        request(&[header.as_bytes()]),
        &EVERY_COOKIE,
    );
    let expected = format!("sid=1; {stats}; _ga=GA1; _ga_X=2");
    assert_eq!(seen.cookie_fields, [expected.into_bytes()]);
    assert_eq!(seen.consent, Some(consent_of(&[Category::Statistics])));
    assert_eq!(names(&set), ["sid", "_ga", "_ga_ABC"]);
    // The refused and the undeclared cookie the browser sent are deleted; `_fbp` is not
    // spared by the response's own (dropped) `_fbp`.
    assert_eq!(removed(&set), ["_fbp", "tracker"]);
    assert!(set.contains(
        &"tracker=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT".to_owned()
    ));
}

#[test]
fn an_allowed_header_is_left_untouched() {
    let header = b"sid=1;  consent=garbage;theme=dark";
    let mut request = request(&[header]);
    let mut value = HeaderValue::from_bytes(header).unwrap();
    value.set_sensitive(true);
    request.headers_mut().insert(COOKIE, value);
    let (seen, _) = run(ConsentLayer::new(), request, &[]);
    // `theme` needs Preferences, which the garbage consent cookie does not grant.
    assert_eq!(seen.cookie_fields, [b"sid=1; consent=garbage".to_vec()]);

    let (seen, _) = run(ConsentLayer::new(), self::request(&[b"sid=1;  x"]), &[]);
    assert_eq!(seen.cookie_fields, [b"sid=1".to_vec()]);
    let (seen, _) = run(ConsentLayer::new(), self::request(&[b"sid=1;sid=2"]), &[]);
    assert_eq!(seen.cookie_fields, [b"sid=1;sid=2".to_vec()]);
}

#[test]
fn several_cookie_fields_are_joined_then_filtered() {
    // HTTP/2 and HTTP/3 send one field per cookie; the consent may be in any of them.
    let stats = consent_cookie(&[Category::Statistics]);
    let fields: [&[u8]; 5] = [
        b"sid=1",
        b"_fbp=fb",
        stats.as_bytes(),
        b"_ga=GA1; theme=dark",
        b"",
    ];
    let (seen, set) = run(ConsentLayer::new(), request(&fields), &EVERY_COOKIE);
    let expected = format!("sid=1; {stats}; _ga=GA1");
    assert_eq!(seen.cookie_fields, [expected.into_bytes()]);
    assert_eq!(seen.consent, Some(consent_of(&[Category::Statistics])));
    assert_eq!(names(&set), ["sid", "_ga", "_ga_ABC"]);
    assert_eq!(removed(&set), ["_fbp", "theme"]);

    // Joined even when nothing is removed: handlers get one field.
    let (seen, _) = run(ConsentLayer::new(), request(&[b"sid=1", b"consent=x"]), &[]);
    assert_eq!(seen.cookie_fields, [b"sid=1; consent=x".to_vec()]);
}

#[test]
fn a_header_left_empty_is_removed() {
    let (seen, _) = run(
        ConsentLayer::new(),
        request(&[b"_ga=1", b"tracker=2; ;"]),
        &[],
    );
    assert!(seen.cookie_fields.is_empty());
}

#[test]
fn forged_and_stale_consent_cookies_count_as_none() {
    let stale = format!(
        "consent=1.s{:08x}",
        Cookies::revision(Category::Statistics).wrapping_add(1)
    );
    for consent in ["consent=garbage", "consent=", "consent", stale.as_str()] {
        let header = format!("{consent}; _ga=GA1");
        let (seen, set) = run(
            ConsentLayer::new(),
            request(&[header.as_bytes()]),
            &EVERY_COOKIE,
        );
        assert_eq!(seen.consent, Some(Consent::necessary_only()), "{consent}");
        let sent_ga = |field: &Vec<u8>| field.windows(4).any(|w| w == b"_ga=");
        assert!(!seen.cookie_fields.iter().any(sent_ga), "{consent}");
        assert_eq!(names(&set), ["sid"], "{consent}");
        assert_eq!(removed(&set), ["_ga"], "{consent}");
    }
}

#[test]
fn the_first_consent_cookie_counts_and_quotes_are_allowed() {
    let stats = consent_of(&[Category::Statistics]).to_cookie_value::<Cookies>();
    let marketing = consent_of(&[Category::Marketing]).to_cookie_value::<Cookies>();
    let header = format!("consent=\"{stats}\"; consent={marketing}");
    let (seen, _) = run(ConsentLayer::new(), request(&[header.as_bytes()]), &[]);
    assert_eq!(seen.consent, Some(consent_of(&[Category::Statistics])));
}

#[test]
fn a_non_utf8_header_is_filtered_pair_by_pair() {
    let stats = consent_cookie(&[Category::Statistics]);
    let header = [
        b"sid=caf\xe9; _fbp=\xff; ".as_slice(),
        stats.as_bytes(),
        b"; _ga=\xfe1; tr\xe9cker=1; theme=x",
    ]
    .concat();
    let (seen, _) = run(ConsentLayer::new(), request(&[&header]), &[]);
    let expected = [
        b"sid=caf\xe9; ".as_slice(),
        stats.as_bytes(),
        b"; _ga=\xfe1",
    ]
    .concat();
    assert_eq!(seen.cookie_fields, [expected]);
    assert_eq!(seen.consent, Some(consent_of(&[Category::Statistics])));

    // A consent cookie whose value is not UTF-8 is not a consent.
    let (seen, _) = run(
        ConsentLayer::new(),
        request(&[b"consent=1.s\xff; _ga=1"]),
        &[],
    );
    assert_eq!(seen.consent, Some(Consent::necessary_only()));
    assert_eq!(seen.cookie_fields, [b"consent=1.s\xff".to_vec()]);
}

#[test]
fn removals_always_pass() {
    let set = [
        "_fbp=; Max-Age=0",
        "tracker=; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
        "_ga=1; Max-Age=60",
    ];
    let (_, set) = run(ConsentLayer::new(), request(&[]), &set);
    assert_eq!(every_name(&set), ["_fbp", "tracker"]);
}

#[test]
fn the_consent_a_response_sets_governs_its_other_set_cookies() {
    let granted = consent_of(&[Category::Statistics]).to_cookie_value::<Cookies>();
    let mut set: Vec<String> = EVERY_COOKIE.iter().map(|s| (*s).to_owned()).collect();
    set.insert(2, format!("consent={granted}; Max-Age=15724800"));
    let set: Vec<&str> = set.iter().map(String::as_str).collect();

    // No consent in the request: the response's own consent cookie decides.
    let (_, out) = run(ConsentLayer::new(), request(&[]), &set);
    assert_eq!(every_name(&out), ["sid", "consent", "_ga", "_ga_ABC"]);

    // The response withdraws a consent the request had: the withdrawal decides.
    let all = consent_cookie(&[
        Category::Preferences,
        Category::Statistics,
        Category::Marketing,
    ]);
    let mut withdrawing = EVERY_COOKIE.to_vec();
    withdrawing.push("consent=; Max-Age=0");
    let (seen, out) = run(
        ConsentLayer::new(),
        request(&[all.as_bytes()]),
        &withdrawing,
    );
    assert_eq!(seen.consent, Some(Consent::all()));
    assert_eq!(every_name(&out), ["sid", "consent"]);

    // A garbage consent cookie set by the response is no consent, and the last one wins.
    let mut last_wins = EVERY_COOKIE.to_vec();
    let stats = format!("consent={granted}");
    last_wins.extend(["consent=garbage", stats.as_str()]);
    let (_, out) = run(ConsentLayer::new(), request(&[all.as_bytes()]), &last_wins);
    assert_eq!(
        every_name(&out),
        ["sid", "_ga", "_ga_ABC", "consent", "consent"]
    );
    let (_, out) = run(
        ConsentLayer::new(),
        request(&[all.as_bytes()]),
        &[stats.as_str(), "consent=garbage", "_ga=1", "sid=2"],
    );
    assert_eq!(every_name(&out), ["consent", "consent", "sid"]);
}

std::thread_local! {
    /// The events logged on this test's thread, while [`logged`] records them.
    static EVENTS: std::cell::RefCell<Option<Vec<(tracing::Level, String)>>> =
        const { std::cell::RefCell::new(None) };
}

/// The global `tracing` subscriber of this test binary: it records each event's level and
/// fields into [`EVENTS`] of the thread that logged it.
///
/// One global subscriber, installed before any test polls the layer, rather than a scoped
/// one per test: `tracing` caches each call site's interest when the site is first hit,
/// and a site first hit on another test's thread while a scoped subscriber is being
/// installed can keep a stale "never" interest.
struct Recorder;

impl tracing::Subscriber for Recorder {
    fn register_callsite(
        &self,
        _: &'static tracing::Metadata<'static>,
    ) -> tracing::subscriber::Interest {
        tracing::subscriber::Interest::always()
    }
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, _: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        struct Fields(String);
        impl tracing::field::Visit for Fields {
            fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn fmt::Debug) {
                use fmt::Write as _;
                let _ = write!(self.0, "{}={:?} ", field.name(), value);
            }
        }
        let mut fields = Fields(String::new());
        event.record(&mut fields);
        EVENTS.with_borrow_mut(|events| {
            if let Some(events) = events {
                events.push((*event.metadata().level(), fields.0));
            }
        });
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

fn install_recorder() {
    static INSTALL: std::sync::Once = std::sync::Once::new();
    INSTALL.call_once(|| {
        tracing::subscriber::set_global_default(Recorder).expect("the only global subscriber");
    });
}

/// The `Set-Cookie`s the layer lets through of `set_cookies`, and the events it logged.
fn run_logged(
    layer: ConsentLayer<Cookies>,
    set_cookies: &[&str],
) -> (Vec<String>, Vec<(tracing::Level, String)>) {
    EVENTS.set(Some(Vec::new()));
    let (_, out) = run(layer, request(&[b"sid=1"]), set_cookies);
    let events = EVENTS.take().unwrap_or_default();
    (out, events)
}

#[test]
fn drop_removes_refused_set_cookies_and_logs_at_debug() {
    let (out, events) = run_logged(ConsentLayer::new(), &EVERY_COOKIE);
    assert_eq!(out, ["sid=1; Path=/"]);
    assert_eq!(events.len(), 5);
    assert!(
        events
            .iter()
            .all(|(level, _)| *level == tracing::Level::DEBUG)
    );
    assert!(
        events[0]
            .1
            .contains("cookie=\"theme\" category=\"preferences\"")
    );
    assert!(
        events[4]
            .1
            .contains("cookie=\"tracker\" category=\"undeclared\"")
    );
    assert!(events[4].1.contains("granted=necessary"));
    assert!(events.iter().all(|(_, fields)| !fields.contains("dark")));
}

#[test]
fn pass_and_log_keeps_refused_set_cookies_and_warns() {
    let layer = ConsentLayer::new().on_refused(RefusedSetCookie::PassAndLog);
    let (out, events) = run_logged(layer, &EVERY_COOKIE);
    assert_eq!(out, EVERY_COOKIE);
    let logged: Vec<_> = events
        .iter()
        .map(|(level, fields)| {
            assert_eq!(*level, tracing::Level::WARN);
            fields.split('"').nth(1).unwrap()
        })
        .collect();
    assert_eq!(logged, ["theme", "_ga", "_ga_ABC", "_fbp", "tracker"]);

    // Nothing refused, nothing logged.
    let (out, events) = run_logged(layer, &["sid=2"]);
    assert_eq!(out, ["sid=2"]);
    assert!(events.is_empty());
}

#[test]
fn set_cookie_values_that_are_not_utf8_are_judged_by_name() {
    let inner = service_fn(|_: Request<()>| async {
        let mut response = Response::new(());
        for value in [&b"sid=caf\xe9"[..], b"_ga=\xff", b"\xff=1", b"\xfe"] {
            response
                .headers_mut()
                .append(SET_COOKIE, HeaderValue::from_bytes(value).unwrap());
        }
        Ok::<_, std::convert::Infallible>(response)
    });
    let service = ConsentLayer::<Cookies>::new().layer(inner);
    let response = block_on(service.oneshot(request(&[]))).unwrap();
    let out: Vec<&[u8]> = response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .map(HeaderValue::as_bytes)
        .collect();
    assert_eq!(out, [b"sid=caf\xe9"]);
}

#[test]
fn inner_errors_pass_through() {
    let inner = service_fn(|_: Request<()>| async { Err::<Response<()>, _>("boom") });
    let service = ConsentLayer::<Cookies>::new().layer(inner);
    assert_eq!(block_on(service.oneshot(request(&[]))).unwrap_err(), "boom");
}

#[test]
fn layer_and_service_are_clone_and_debug() {
    let layer = ConsentLayer::<Cookies>::default();
    assert_eq!(layer.refused_set_cookie(), RefusedSetCookie::Drop);
    let service = layer.layer(tower::service_fn(|_: Request<()>| async {
        Ok::<_, ()>(Response::new(()))
    }));
    let _clone = service.clone();
    assert!(format!("{layer:?}").contains("Cookies"));
}
