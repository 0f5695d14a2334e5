//! `ConsentLayer` as a plain `tower::Layer`, driven without a network.

use std::convert::Infallible;

use cookie_registry::{Category, Consent, ConsentLayer, CookieRegistry};
use tower::{Layer, ServiceExt, service_fn};

#[derive(CookieRegistry, Debug, Clone, Copy, PartialEq, Eq)]
#[registry(provider = "Acme", consent_cookie = Choices)]
pub enum Cookies {
    #[cookie(name = "choices", category = Necessary, purpose = "Consent")]
    Choices,
    #[cookie(name = "sid", category = Necessary, purpose = "Session")]
    Sid,
    #[cookie(name = "_ga", category = Statistics, purpose = "Visitors")]
    Ga,
    #[cookie(name = "_fbp", category = Marketing, purpose = "Ads")]
    Fbp,
}

/// Echoes the Cookie header it received, and tries to set `_ga` and `_fbp`.
async fn echo(request: http::Request<()>) -> Result<http::Response<String>, Infallible> {
    let received = request
        .headers()
        .get(http::header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let consent = request.extensions().get::<Consent>().copied();
    assert!(
        consent.is_some(),
        "the layer puts the consent in the extensions"
    );
    let mut response = http::Response::new(received);
    for set in ["_ga=GA1; Max-Age=60", "_fbp=fb; Max-Age=60", "sid=1"] {
        response.headers_mut().append(
            http::header::SET_COOKIE,
            http::HeaderValue::from_static(set),
        );
    }
    Ok(response)
}

/// The `Set-Cookie` values that set a cookie (not the layer's removals).
fn set_cookies(response: &http::Response<String>) -> Vec<&str> {
    response
        .headers()
        .get_all(http::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter(|v| !v.contains("Max-Age=0"))
        .collect()
}

/// The names of the cookies the response removes (`Max-Age=0`).
fn removed(response: &http::Response<String>) -> Vec<&str> {
    response
        .headers()
        .get_all(http::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter(|v| v.contains("; Max-Age=0"))
        .filter_map(|v| v.split('=').next())
        .collect()
}

#[tokio::test]
async fn the_layer_enforces_the_stored_consent() {
    let service = ConsentLayer::<Cookies>::new().layer(service_fn(echo));
    let stats = Consent::necessary_only()
        .with(Category::Statistics)
        .to_cookie_value::<Cookies>();
    let request = http::Request::builder()
        .header(
            http::header::COOKIE,
            format!("choices={stats}; sid=1; _ga=2"),
        )
        .header(http::header::COOKIE, "_fbp=3; tracker=4")
        .body(())
        .expect("request");
    let response = service.oneshot(request).await.expect("infallible");
    assert_eq!(response.body(), &format!("choices={stats}; sid=1; _ga=2"));
    assert_eq!(set_cookies(&response), ["_ga=GA1; Max-Age=60", "sid=1"]);
    assert_eq!(removed(&response), ["_fbp", "tracker"]);
}

#[tokio::test]
async fn without_consent_only_necessary_cookies_pass() {
    let service = ConsentLayer::<Cookies>::new().layer(service_fn(echo));
    let request = http::Request::builder()
        .header(http::header::COOKIE, "choices=forged; sid=1; _ga=2; _fbp=3")
        .body(())
        .expect("request");
    let response = service.oneshot(request).await.expect("infallible");
    assert_eq!(response.body(), "choices=forged; sid=1");
    assert_eq!(set_cookies(&response), ["sid=1"]);
    assert_eq!(removed(&response), ["_ga", "_fbp"]);
}

/// Several `Cookie` fields from which nothing is removed become one field of their joined
/// bytes, and the response still reads the cookies the request carried: a new consent that
/// withdraws Statistics removes the `_ga` of the first field.
#[tokio::test]
async fn joined_fields_with_nothing_removed_are_kept_for_the_response() {
    let all = Consent::all().to_cookie_value::<Cookies>();
    let stats_withdrawn = Consent::necessary_only().to_cookie_value::<Cookies>();
    let inner = service_fn(move |request: http::Request<()>| {
        let fields: Vec<String> = request
            .headers()
            .get_all(http::header::COOKIE)
            .iter()
            .map(|v| v.to_str().unwrap_or_default().to_owned())
            .collect();
        let withdrawal = format!("choices={stats_withdrawn}");
        async move {
            let mut response = http::Response::new(fields.join("|"));
            response.headers_mut().append(
                http::header::SET_COOKIE,
                http::HeaderValue::from_str(&withdrawal).expect("a header value"),
            );
            Ok::<_, Infallible>(response)
        }
    });
    let service = ConsentLayer::<Cookies>::new().layer(inner);
    let request = http::Request::builder()
        .header(http::header::COOKIE, "sid=1; _ga=2; _fbp=3")
        .header(http::header::COOKIE, format!("choices={all}"))
        .body(())
        .expect("request");
    let response = service.oneshot(request).await.expect("infallible");
    assert_eq!(
        response.body(),
        &format!("sid=1; _ga=2; _fbp=3; choices={all}")
    );
    assert_eq!(removed(&response), ["_ga", "_fbp"]);
}
