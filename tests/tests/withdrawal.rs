//! Withdrawal removes, everywhere (issue 7, item 6): after "Necessary only", the response of the
//! consent endpoint carries a removal for every refused and every undeclared cookie the request
//! sent, with the declared `Path` and `Domain`, whether the endpoint is mounted alone or behind
//! `ConsentLayer`; and any page behind the layer removes what a stale grant no longer allows.

use std::convert::Infallible;

use cookie::Cookie;
use cookie_registry::{Category, Consent, ConsentEndpoint, ConsentLayer, CookieRegistry};
use http::header::{CONTENT_TYPE, COOKIE, HOST, ORIGIN, SET_COOKIE};
use http::{Request, Response};
use tower::{Layer as _, ServiceExt as _, service_fn};

#[derive(CookieRegistry, Debug, Clone, Copy, PartialEq, Eq)]
#[registry(provider = "Acme", consent_cookie = Choice)]
pub enum Cookies {
    #[cookie(name = "choice", category = Necessary, purpose = "Your cookie choice",
             max_age = "26w", path = "/", domain = "shop.example")]
    Choice,
    #[cookie(name = "sid", category = Necessary, purpose = "Session", path = "/")]
    Sid,
    #[cookie(name = "theme", category = Preferences, purpose = "Theme", path = "/account")]
    Theme,
    #[cookie(name = "_ga", category = Statistics, provider = "Google", purpose = "Visitors",
             path = "/", domain = "shop.example", max_age = "390d")]
    Ga,
    #[cookie(prefix = "_ga_", category = Statistics, provider = "Google", purpose = "Sessions",
             path = "/", domain = "shop.example", max_age = "390d")]
    GaSession,
    #[cookie(name = "__Secure-fbp", category = Marketing, provider = "Meta", purpose = "Ads",
             secure, path = "/", max_age = "90d")]
    Fbp,
}

/// What the browser sends: a grant of everything, and a cookie of every kind.
fn carried() -> String {
    let all = Consent::all().to_cookie_value::<Cookies>();
    format!(
        "choice={all}; sid=1; theme=dark; _ga=2; _ga_X1=3; __Secure-fbp=4; tracker=5; __Host-t=6"
    )
}

fn necessary_only_request() -> Request<String> {
    Request::post("/consent")
        .header(HOST, "shop.example")
        .header(ORIGIN, "https://shop.example")
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(COOKIE, carried())
        .body("choice=necessary".to_owned())
        .expect("a request")
}

/// A page behind `layer` answering a `GET /` with this `Cookie` header.
async fn page_through(
    layer: ConsentLayer<Cookies>,
    cookie_header: impl AsRef<str>,
) -> Response<()> {
    let page = service_fn(|_: Request<()>| async { Ok::<_, Infallible>(Response::new(())) });
    let request = Request::get("/")
        .header(COOKIE, cookie_header.as_ref())
        .body(())
        .expect("a request");
    layer
        .layer(page)
        .oneshot(request)
        .await
        .expect("infallible")
}

/// The removals of a response, by name, parsed.
fn removals(response: &Response<impl Sized>) -> Vec<Cookie<'static>> {
    let mut removed: Vec<Cookie<'static>> = response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .map(|v| Cookie::parse(v.to_str().expect("ASCII").to_owned()).expect("a cookie"))
        .filter(|c| c.max_age().is_some_and(|age| age.is_zero()))
        .collect();
    removed.sort_by(|a, b| a.name().cmp(b.name()));
    removed
}

/// A removal as the browser reads it: name, `Path`, `Domain`, `Secure`.
type Shown<'a> = (&'a str, Option<&'a str>, Option<&'a str>, Option<bool>);

fn check(removed: &[Cookie<'static>]) {
    let shown: Vec<Shown<'_>> = removed
        .iter()
        .map(|c| (c.name(), c.path(), c.domain(), c.secure()))
        .collect();
    assert_eq!(
        shown,
        [
            ("__Host-t", Some("/"), None, Some(true)),
            ("__Secure-fbp", Some("/"), None, Some(true)),
            ("_ga", Some("/"), Some("shop.example"), None),
            ("_ga_X1", Some("/"), Some("shop.example"), None),
            ("theme", Some("/account"), None, None),
            ("tracker", Some("/"), None, None),
        ]
    );
    assert!(removed.iter().all(|c| c.value().is_empty()));
}

#[tokio::test]
async fn the_endpoint_alone_removes_what_the_choice_refuses() {
    let endpoint = ConsentEndpoint::<Cookies>::new();
    let response = endpoint
        .oneshot(necessary_only_request())
        .await
        .expect("infallible");
    assert_eq!(response.status(), 303);
    check(&removals(&response));
}

#[tokio::test]
async fn the_endpoint_behind_the_layer_removes_the_same() {
    // The layer has already taken the refused cookies out of the `Cookie` header the endpoint
    // sees: the removals must come all the same.
    let service = ConsentLayer::<Cookies>::new().layer(ConsentEndpoint::<Cookies>::new());
    let response = service
        .oneshot(necessary_only_request())
        .await
        .expect("infallible");
    assert_eq!(response.status(), 303);
    check(&removals(&response));
}

#[tokio::test]
async fn any_page_removes_what_consent_no_longer_allows() {
    // A Statistics grant: the Preferences and Marketing cookies and the undeclared ones go.
    let statistics = Consent::from(Category::Statistics).to_cookie_value::<Cookies>();
    let header =
        format!("choice={statistics}; sid=1; theme=dark; _ga=2; __Secure-fbp=4; tracker=5");
    let response = page_through(ConsentLayer::<Cookies>::new(), header).await;
    let names: Vec<String> = removals(&response)
        .iter()
        .map(|c| c.name().to_owned())
        .collect();
    assert_eq!(names, ["__Secure-fbp", "theme", "tracker"]);

    // Turned off: nothing is removed.
    let response = page_through(
        ConsentLayer::<Cookies>::new().remove_refused(false),
        "tracker=5; _ga=2",
    )
    .await;
    assert!(removals(&response).is_empty());
}

/// A refused cookie cannot pass the gate dressed as a removal: the browser ignores a `Max-Age`
/// that is not a number, and would store the cookie. (An `Expires` before 1601, which 6265bis
/// §5.1.1 calls invalid, is a date in the past to Chromium, which deletes the cookie: the
/// differential test in `set_cookie_browser.rs` checks it, so it is a real removal here.)
#[test]
fn only_real_removals_pass_the_gate() {
    use cookie_registry::allows_set_cookie;
    let none = Consent::necessary_only();
    for fake in [
        "_ga=1; Max-Age=-",
        "_ga=1; Max-Age=",
        "_ga=1; Max-Age=-x",
        "_ga=1; Max-Age=0x0",
        "_ga=1; Max-Age=0; Max-Age=60",
        "tracker=1; Max-Age=-",
    ] {
        assert!(!allows_set_cookie::<Cookies>(fake, &none), "{fake}");
    }
    for real in [
        "_ga=; Max-Age=0",
        "_ga=; max-age=-1",
        "_ga=; Max-Age=60; Max-Age=0",
        "_ga=; Max-Age=-; Max-Age=0",
        "tracker=; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
        "tracker=; Max-Age=x; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
        "_ga=1; Expires=Mon, 01 Jan 1000 00:00:00 GMT",
    ] {
        assert!(allows_set_cookie::<Cookies>(real, &none), "{real}");
    }
}

/// Cookies whose names are not RFC 6265 tokens are stored by browsers all the same
/// (`document.cookie = "_trk:id=1"`): refused, they are removed under the name as sent.
#[tokio::test]
async fn names_that_are_not_tokens_are_removed_too() {
    let response = page_through(
        ConsentLayer::<Cookies>::new(),
        "_trk:id=1; a b=2; x/y=3; tracker",
    )
    .await;
    let names: Vec<String> = removals(&response)
        .iter()
        .map(|c| c.name().to_owned())
        .collect();
    assert_eq!(names, ["_trk:id", "a b", "x/y"]);
}

/// A hostile header of many distinct names costs linear work and a bounded response.
#[tokio::test]
async fn a_header_of_many_names_gets_at_most_max_removals() {
    let header: Vec<String> = (0..20_000).map(|i| format!("t{i}=1")).collect();
    let response = page_through(ConsentLayer::<Cookies>::new(), header.join("; ")).await;
    assert_eq!(
        response.headers().get_all(SET_COOKIE).iter().count(),
        cookie_registry::engine::MAX_REMOVALS
    );
}
