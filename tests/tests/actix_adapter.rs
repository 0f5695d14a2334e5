//! The actix-web adapter (`cookie_registry::actix`) in process, through `actix_web::test`: what
//! the end-to-end tests of `actix_site` do not reach (header bytes that are not UTF-8, several
//! `Cookie` fields, the enforcement options, a response that sets the consent cookie, the
//! endpoint's edge cases). Needs the `actix` feature.

use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::header::{COOKIE, HeaderValue, SET_COOKIE};
use actix_web::{App, HttpRequest, HttpResponse, test, web};
use cookie_registry::actix::{ConsentEndpoint, ConsentMiddleware};
use cookie_registry::{Category, Consent, ConsentState, CookieRegistry, RefusedSetCookie};

#[derive(CookieRegistry, Debug, Clone, Copy, PartialEq, Eq)]
#[registry(provider = "Acme", consent_cookie = Choice)]
enum Cookies {
    #[cookie(name = "sid", category = Necessary, purpose = "Session", path = "/")]
    Sid,
    #[cookie(name = "choice", category = Necessary, purpose = "Your cookie choice",
             max_age = "26w", same_site = Lax, path = "/")]
    Choice,
    #[cookie(name = "_ga", category = Statistics, purpose = "Counts visits", path = "/stats",
             domain = "shop.example")]
    Ga,
}

/// The consent cookie pair granting `categories`.
fn consent_pair(categories: &[Category]) -> String {
    let consent: Consent = categories.iter().copied().collect();
    format!("choice={}", consent.to_cookie_value::<Cookies>())
}

/// Echoes the `Cookie` fields it receives (lossy), the consent it was handed, and sets `sid`
/// and `_ga`.
async fn echo(request: HttpRequest, state: web::ReqData<ConsentState>) -> HttpResponse {
    let fields: Vec<String> = request
        .headers()
        .get_all(COOKIE)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        .collect();
    let granted: Vec<&str> = state.consent().granted().map(Category::as_str).collect();
    HttpResponse::Ok()
        .append_header((SET_COOKIE, "sid=1; Path=/"))
        .append_header((SET_COOKIE, "_ga=GA1; Path=/stats; Domain=shop.example"))
        .body(format!("{} | {}", fields.join(" # "), granted.join(",")))
}

/// Sends one `GET /` with these `Cookie` fields through `middleware` around [`echo`].
fn run(middleware: ConsentMiddleware<Cookies>, cookie_fields: &[&[u8]]) -> (Vec<String>, String) {
    actix_web::rt::System::new().block_on(async {
        let app =
            test::init_service(App::new().wrap(middleware).route("/", web::get().to(echo))).await;
        let mut request = test::TestRequest::get().uri("/");
        for field in cookie_fields {
            let value = HeaderValue::from_bytes(field).expect("a header value");
            request = request.append_header((COOKIE, value));
        }
        let response = app.call(request.to_request()).await.expect("a response");
        answer(response).await
    })
}

/// The `Set-Cookie` values (lossy) and the body.
async fn answer(response: ServiceResponse) -> (Vec<String>, String) {
    let set_cookies = response
        .headers()
        .get_all(SET_COOKIE)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        .collect();
    let body = test::read_body(response).await;
    (set_cookies, String::from_utf8_lossy(&body).into_owned())
}

#[test]
fn several_fields_are_joined_then_filtered_and_refused_cookies_removed() {
    let (set, body) = run(ConsentMiddleware::new(), &[b"sid=1", b"_ga=2; x=3"]);
    assert_eq!(body, "sid=1 | necessary");
    assert_eq!(set.len(), 3, "{set:?}");
    assert_eq!(set[0], "sid=1; Path=/");
    // The refused `_ga` the response set is dropped; the one the request carried is removed
    // with its declared path and domain, the undeclared `x` with `Path=/`.
    assert!(
        set[1].starts_with("_ga=; Path=/stats; Domain=shop.example; Max-Age=0"),
        "{set:?}"
    );
    assert!(set[2].starts_with("x=; Path=/; Max-Age=0"), "{set:?}");
    assert!(set.iter().all(|s| !s.starts_with("_ga=GA1")));
}

#[test]
fn a_granted_category_passes_both_ways() {
    let consent = consent_pair(&[Category::Statistics]);
    let header = format!("sid=1; {consent}; _ga=2");
    let (set, body) = run(ConsentMiddleware::new(), &[header.as_bytes()]);
    assert_eq!(body, format!("{header} | necessary,statistics"));
    assert_eq!(
        set,
        ["sid=1; Path=/", "_ga=GA1; Path=/stats; Domain=shop.example"]
    );
}

#[test]
fn a_header_that_is_not_utf8_is_filtered_pair_by_pair() {
    let (set, body) = run(
        ConsentMiddleware::new(),
        &[b"sid=\xff1; _ga=\xfe; \xfa=1; x=\x80"],
    );
    assert_eq!(body, "sid=\u{fffd}1 | necessary");
    assert!(
        set.iter().any(|s| s.starts_with("_ga=; Path=/stats")),
        "{set:?}"
    );
    assert!(set.iter().any(|s| s.starts_with("x=; Path=/")), "{set:?}");
}

#[test]
fn a_header_left_empty_is_removed() {
    let (_, body) = run(ConsentMiddleware::new(), &[b"_ga=1; tracker=2"]);
    assert_eq!(body, " | necessary");
}

#[test]
fn pass_and_log_and_remove_refused_false_are_honoured() {
    let reporting = ConsentMiddleware::new().on_refused(RefusedSetCookie::PassAndLog);
    let (set, body) = run(reporting, &[b"sid=1; _ga=2; x=3"]);
    assert_eq!(body, "sid=1 | necessary"); // requests are filtered either way
    assert!(set.contains(&"_ga=GA1; Path=/stats; Domain=shop.example".to_owned()));
    // Undeclared cookies are logged, not removed; the refused `_ga` is set by the response.
    assert!(!set.iter().any(|s| s.starts_with("x=")), "{set:?}");

    let keeping = ConsentMiddleware::new().remove_refused(false);
    let (set, _) = run(keeping, &[b"sid=1; _ga=2; x=3"]);
    assert_eq!(set, ["sid=1; Path=/"]);
}

/// Sends one request to the endpoint mounted alone, with these headers and body.
fn endpoint(
    method: &str,
    headers: &[(&str, &[u8])],
    body: &'static [u8],
) -> (u16, Vec<String>, String, Vec<(String, String)>) {
    actix_web::rt::System::new().block_on(async {
        let app = test::init_service(
            App::new().route("/consent", web::to(ConsentEndpoint::<Cookies>::new())),
        )
        .await;
        let method = actix_web::http::Method::from_bytes(method.as_bytes()).expect("a method");
        let mut request = test::TestRequest::default()
            .method(method)
            .uri("/consent")
            .set_payload(body);
        for (name, value) in headers {
            let value = HeaderValue::from_bytes(value).expect("a header value");
            request = request.insert_header((*name, value));
        }
        let response = app.call(request.to_request()).await.expect("a response");
        let status = response.status().as_u16();
        let all: Vec<(String, String)> = response
            .headers()
            .iter()
            .map(|(n, v)| (n.to_string(), String::from_utf8_lossy(v.as_bytes()).into()))
            .collect();
        let (set, body) = answer(response).await;
        (status, set, body, all)
    })
}

const FORM: (&str, &[u8]) = ("content-type", b"application/x-www-form-urlencoded");

#[test]
fn the_endpoint_alone_removes_what_the_new_choice_refuses() {
    let consent = consent_pair(&[Category::Statistics]);
    let cookie = format!("sid=1; {consent}; _ga=2; x=3");
    let (status, set, _, headers) = endpoint(
        "POST",
        &[FORM, ("cookie", cookie.as_bytes())],
        b"choice=necessary",
    );
    assert_eq!(status, 303);
    assert!(headers.contains(&("location".into(), "/".into())));
    assert!(headers.contains(&("cache-control".into(), "no-store".into())));
    assert!(set[0].starts_with("choice=2."), "{set:?}");
    assert!(
        set.iter()
            .any(|s| s.starts_with("_ga=; Path=/stats; Domain=shop.example; Max-Age=0"))
    );
    assert!(set.iter().any(|s| s.starts_with("x=; Path=/; Max-Age=0")));
    assert_eq!(set.len(), 3, "{set:?}");
}

#[test]
fn the_endpoint_refuses_without_reading_or_panicking() {
    // A declared length over the limit: 413, the body is not read.
    let (status, set, ..) = endpoint(
        "POST",
        &[FORM, ("content-length", b"1000000")],
        b"choice=all",
    );
    assert_eq!((status, set.len()), (413, 0));
    // Origin bytes that are not UTF-8, and an Origin without a Host to compare it to.
    for origin in [&b"http://\xff\xfe"[..], b"http://shop.example"] {
        let (status, set, ..) = endpoint("POST", &[FORM, ("origin", origin)], b"choice=all");
        assert_eq!((status, set.len()), (403, 0), "{origin:?}");
    }
    // The same origin as the Host: accepted.
    let (status, ..) = endpoint(
        "POST",
        &[
            FORM,
            ("origin", b"https://shop.example"),
            ("host", b"shop.example"),
        ],
        b"choice=all",
    );
    assert_eq!(status, 303);
    // HEAD: the state's headers, no body.
    let (status, _, body, headers) = endpoint("HEAD", &[], b"");
    assert_eq!((status, body.as_str()), (200, ""));
    assert!(headers.contains(&("content-type".into(), "application/json".into())));
    let (status, _, _, headers) = endpoint("DELETE", &[], b"");
    assert_eq!(status, 405);
    assert!(headers.contains(&("allow".into(), "GET, HEAD, POST".into())));
}
