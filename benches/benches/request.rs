//! One request through a tower service stack, with the 2 KB `Cookie` header of 30 cookies:
//! with `ConsentLayer`, with no layer, and with tower-cookies' `CookieManagerLayer` (the usual
//! cookie middleware). The inner service answers at once; what a stack adds over `no_layer` is
//! the middleware's cost per request.
//!
//! `consent_layer`: the visitor granted every category, the steady state of a site whose
//! visitor's browser holds only cookies they agreed to: the layer reads the consent cookie and
//! scans the header, and removes nothing. `consent_layer_withdrawal`: the visitor granted
//! Statistics only, so the layer also drops the Preferences and Marketing cookies from the
//! header and writes a removal for each (what it does once after a withdrawal).
//!
//! The `*_two_fields` stacks run issue 13's workload: the 2 KB header without its consent
//! cookie in one `Cookie` field and the consent cookie (granting everything) in a second one, as
//! HTTP/2 and HTTP/3 clients send them, and an inner service that sets three `Set-Cookie`s the
//! consent allows. `no_layer_two_fields` is their floor.

use std::convert::Infallible;

use cookie_registry::{Category, Consent, ConsentLayer};
use cookie_registry_bench::header::{HEADER, HeaderCookies};
use divan::{Bencher, black_box};
use http::header::{COOKIE, SET_COOKIE};
use http::{HeaderValue, Request, Response};
use tower::{Layer as _, Service, service_fn};

fn main() {
    divan::main();
}

/// The 2 KB header with a consent cookie granting `consent` in place of its own.
fn header(consent: Consent) -> HeaderValue {
    let consent = consent.to_cookie_value::<HeaderCookies>();
    let header = HEADER
        .trim_end()
        .split("; ")
        .map(|pair| {
            if pair.starts_with("cookie_consent=") {
                format!("cookie_consent={consent}")
            } else {
                pair.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("; ");
    HeaderValue::from_str(&header).expect("a valid header")
}

fn request(header: &HeaderValue) -> Request<()> {
    let mut request = Request::new(());
    request.headers_mut().insert(COOKIE, header.clone());
    request
}

/// Polls a future that is ready at once (every service here answers without waiting).
fn ready<F: Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    loop {
        if let std::task::Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
    }
}

fn run<S>(bencher: Bencher, service: S)
where
    S: Service<Request<()>, Response = Response<()>, Error = Infallible>,
{
    run_with(bencher, service, Consent::all());
}

fn run_with<S>(bencher: Bencher, mut service: S, consent: Consent)
where
    S: Service<Request<()>, Response = Response<()>, Error = Infallible>,
{
    let header = header(consent);
    bencher.bench_local(|| {
        let request = request(&header);
        // Every service here is always ready: call it directly, as a server does after
        // `poll_ready`.
        let response = ready(service.call(black_box(request)));
        black_box(response)
    });
}

async fn answer(_request: Request<()>) -> Result<Response<()>, Infallible> {
    Ok(Response::new(()))
}

/// Three `Set-Cookie`s of declared cookies, each allowed when every category is granted.
const THREE_SET_COOKIES: [&str; 3] = [
    "__Host-session=TNgZp-8BQzdWd1EqcVx; Path=/; Secure; HttpOnly; SameSite=Lax",
    "_ga=GA1.2.8787382000.5192826466; Max-Age=34560000; Path=/",
    "theme=dark; Max-Age=31536000; Path=/",
];

/// A response setting [`THREE_SET_COOKIES`].
fn three_set_cookies() -> Response<()> {
    let mut response = Response::new(());
    for value in THREE_SET_COOKIES {
        response
            .headers_mut()
            .append(SET_COOKIE, HeaderValue::from_static(value));
    }
    response
}

async fn answer_three(_request: Request<()>) -> Result<Response<()>, Infallible> {
    Ok(three_set_cookies())
}

/// The 2 KB header without its consent cookie, and the consent cookie granting everything: the
/// two `Cookie` fields of the workload.
fn two_fields() -> [HeaderValue; 2] {
    let rest = HEADER
        .trim_end()
        .split("; ")
        .filter(|pair| !pair.starts_with("cookie_consent="))
        .collect::<Vec<_>>()
        .join("; ");
    let consent = Consent::all().to_cookie_value::<HeaderCookies>();
    [
        HeaderValue::from_str(&rest).expect("a valid header"),
        HeaderValue::from_str(&format!("cookie_consent={consent}")).expect("a valid header"),
    ]
}

fn run_two_fields<S>(bencher: Bencher, mut service: S)
where
    S: Service<Request<()>, Response = Response<()>, Error = Infallible>,
{
    let [first, second] = two_fields();
    bencher.bench_local(|| {
        let mut request = Request::new(());
        request.headers_mut().insert(COOKIE, first.clone());
        request.headers_mut().append(COOKIE, second.clone());
        let response = ready(service.call(black_box(request)));
        black_box(response)
    });
}

#[divan::bench]
fn no_layer(bencher: Bencher) {
    run(bencher, service_fn(answer));
}

#[divan::bench]
fn consent_layer(bencher: Bencher) {
    run(
        bencher,
        ConsentLayer::<HeaderCookies>::new().layer(service_fn(answer)),
    );
}

#[divan::bench]
fn consent_layer_withdrawal(bencher: Bencher) {
    run_with(
        bencher,
        ConsentLayer::<HeaderCookies>::new().layer(service_fn(answer)),
        Consent::from(Category::Statistics),
    );
}

/// tower-cookies parses the header only when a handler reads a cookie: untouched, it adds
/// little. This is the stack as it usually runs, with the handler reading one cookie.
#[divan::bench]
fn cookie_manager_layer(bencher: Bencher) {
    let inner = service_fn(|request: Request<()>| async move {
        let cookies = request.extensions().get::<tower_cookies::Cookies>();
        black_box(cookies.and_then(|c| c.get("__Host-session")));
        Ok::<_, Infallible>(Response::new(()))
    });
    run(
        bencher,
        tower_cookies::CookieManagerLayer::new().layer(inner),
    );
}

/// tower-cookies with a handler that reads no cookie: the middleware's floor.
#[divan::bench]
fn cookie_manager_layer_untouched(bencher: Bencher) {
    run(
        bencher,
        tower_cookies::CookieManagerLayer::new().layer(service_fn(answer)),
    );
}

#[divan::bench]
fn no_layer_two_fields(bencher: Bencher) {
    run_two_fields(bencher, service_fn(answer_three));
}

#[divan::bench]
fn consent_layer_two_fields(bencher: Bencher) {
    let mut service = ConsentLayer::<HeaderCookies>::new().layer(service_fn(answer_three));
    // The workload as stated: every cookie allowed, so the three Set-Cookies pass and nothing
    // is removed.
    let [first, second] = two_fields();
    let mut request = Request::new(());
    request.headers_mut().insert(COOKIE, first);
    request.headers_mut().append(COOKIE, second);
    let response = ready(service.call(request)).expect("infallible");
    let set: Vec<_> = response.headers().get_all(SET_COOKIE).iter().collect();
    assert_eq!(set, THREE_SET_COOKIES, "all three pass, no removal");
    run_two_fields(bencher, service);
}

/// tower-cookies on the same workload, the handler reading one cookie through it.
#[divan::bench]
fn cookie_manager_layer_two_fields(bencher: Bencher) {
    let inner = service_fn(|request: Request<()>| async move {
        let cookies = request.extensions().get::<tower_cookies::Cookies>();
        black_box(cookies.and_then(|c| c.get("__Host-session")));
        Ok::<_, Infallible>(three_set_cookies())
    });
    run_two_fields(
        bencher,
        tower_cookies::CookieManagerLayer::new().layer(inner),
    );
}
