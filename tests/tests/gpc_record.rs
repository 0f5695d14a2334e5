//! A honoured Global Privacy Control opt-out kept as a consent record of its own
//! (`GpcOptOutLayer` on tower, `actix::GpcOptOut` on actix-web): recorded once per visitor with
//! the method `gpc`, carried by a consent cookie that refuses Marketing and keeps the earlier
//! choice, never under the opt-in regime, and honoured even when the store fails.

use std::time::Duration;

use axum::routing::get;
use axum::{Extension, Router};
use cookie_registry::signals::{Regime, RequestView};
use cookie_registry::store::StoreFuture;
use cookie_registry::{
    Category, Consent, ConsentId, ConsentLayer, ConsentMethod, ConsentRecord, ConsentState,
    ConsentStore, CookieRegistry, GpcOptOutLayer, MemoryStore, Notice, NoticeHash, StoreError,
};
use http::Request;
use http::header::{COOKIE, SET_COOKIE};
use tower::ServiceExt as _;

#[derive(CookieRegistry, Debug, Clone, Copy, PartialEq, Eq)]
#[registry(provider = "Acme", consent_cookie = Choice)]
pub enum Cookies {
    #[cookie(name = "choice", category = Necessary, purpose = "Your cookie choice",
             max_age = "26w", same_site = Lax, path = "/")]
    Choice,
    #[cookie(name = "_ga", category = Statistics, purpose = "Counts visits", path = "/")]
    Ga,
    #[cookie(name = "_fbp", category = Marketing, purpose = "Advertising", path = "/")]
    Fbp,
}

/// The examples' resolver: the opt-out regime for visitors a CDN places in the US.
fn regime(view: &RequestView<'_>) -> Regime {
    match view.header("cf-ipcountry") {
        Some("US") => Regime::OptOut,
        _ => Regime::OptIn,
    }
}

/// A store whose every append fails.
struct FailingStore;

impl ConsentStore for FailingStore {
    fn append<'a>(&'a self, _: &'a ConsentRecord, _: Option<&'a Notice>) -> StoreFuture<'a, ()> {
        Box::pin(async { Err(StoreError::msg("the disk is full")) })
    }

    fn get(&self, _: ConsentId) -> StoreFuture<'_, Option<ConsentRecord>> {
        Box::pin(async { Ok(None) })
    }

    fn notice<'a>(&'a self, _: &'a NoticeHash) -> StoreFuture<'a, Option<String>> {
        Box::pin(async { Ok(None) })
    }
}

/// A page that reports the consent in force, and sets the Marketing cookie.
async fn page(
    Extension(state): Extension<ConsentState>,
) -> ([(http::HeaderName, &'static str); 1], String) {
    let marketing = state.consent().allows(Category::Marketing);
    (
        [(SET_COOKIE, "_fbp=fb.1; Path=/")],
        format!("marketing={marketing}"),
    )
}

fn app(layer: GpcOptOutLayer<Cookies>) -> Router {
    Router::new()
        .route("/", get(page))
        .layer(layer)
        .layer(ConsentLayer::<Cookies>::new().regime(regime))
}

struct Seen {
    body: String,
    set_cookies: Vec<String>,
}

impl Seen {
    /// The consent cookie's new value, if the response sets it.
    fn consent_value(&self) -> Option<&str> {
        self.set_cookies
            .iter()
            .find_map(|line| line.strip_prefix("choice="))
            .map(|rest| rest.split(';').next().unwrap_or_default())
    }
}

async fn get_page(app: Router, country: &str, gpc: bool, cookie: Option<&str>) -> Seen {
    let mut request = Request::builder().uri("/").header("cf-ipcountry", country);
    if gpc {
        request = request.header("sec-gpc", "1");
    }
    if let Some(cookie) = cookie {
        request = request.header(COOKIE, cookie);
    }
    let response = app
        .oneshot(request.body(axum::body::Body::empty()).unwrap())
        .await
        .unwrap();
    let set_cookies = response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .map(|value| value.to_str().unwrap().to_owned())
        .collect();
    let body = axum::body::to_bytes(response.into_body(), 1 << 16)
        .await
        .unwrap();
    Seen {
        body: String::from_utf8(body.to_vec()).unwrap(),
        set_cookies,
    }
}

fn cookie_of(record: &ConsentRecord) -> String {
    format!("choice={}", record.cookie_value())
}

#[tokio::test]
async fn tower_an_honoured_signal_is_recorded_once_with_its_own_method() {
    let store = MemoryStore::new();
    let app = app(GpcOptOutLayer::new(store.clone()));

    let first = get_page(app.clone(), "US", true, None).await;
    assert_eq!(first.body, "marketing=false");
    assert!(
        !first.set_cookies.iter().any(|c| c.starts_with("_fbp=fb")),
        "{:?}",
        first.set_cookies
    );
    let value = first.consent_value().expect("the opt-out's consent cookie");
    let state = ConsentState::from_cookie_value::<Cookies>(value).unwrap();
    let id = state.id().expect("the cookie names its record");
    let record = store.get(id).await.unwrap().expect("the record is kept");
    assert_eq!(record.method, ConsentMethod::GlobalPrivacyControl);
    assert_eq!(record.method.as_str(), "gpc");
    assert_eq!(record.refused, [Category::Marketing]);
    assert_eq!(record.granted, [Category::Necessary]);
    assert_eq!(record.previous_id, None);

    // The next request carries the recorded opt-out: nothing more is recorded or set.
    let cookie = format!("choice={value}");
    let second = get_page(app.clone(), "US", true, Some(&cookie)).await;
    assert_eq!(second.body, "marketing=false");
    assert_eq!(second.consent_value(), None, "{:?}", second.set_cookies);
    assert_eq!(store.history(id).await.unwrap().len(), 1);
}

#[tokio::test]
async fn tower_the_opt_out_over_an_earlier_grant_keeps_the_rest_and_chains_to_it() {
    let store = MemoryStore::new();
    let all = ConsentRecord::new::<Cookies>(Consent::all(), None);
    store.append(&all, None).await.unwrap();
    let app = app(GpcOptOutLayer::new(store.clone()));

    let seen = get_page(app, "US", true, Some(&cookie_of(&all))).await;
    assert_eq!(seen.body, "marketing=false");
    let state = ConsentState::from_cookie_value::<Cookies>(seen.consent_value().unwrap()).unwrap();
    let record = store.get(state.id().unwrap()).await.unwrap().unwrap();
    assert_eq!(record.granted, [Category::Necessary, Category::Statistics]);
    assert_eq!(record.refused, [Category::Marketing]);
    assert_eq!(record.previous_id, Some(all.id));
    let history: Vec<ConsentMethod> = store
        .history(record.id)
        .await
        .unwrap()
        .iter()
        .map(|r| r.method)
        .collect();
    assert_eq!(
        history,
        [ConsentMethod::Unknown, ConsentMethod::GlobalPrivacyControl]
    );
    assert!(state.consent().allows(Category::Statistics));
}

#[tokio::test]
async fn tower_nothing_is_recorded_without_an_honoured_signal() {
    let store = MemoryStore::new();
    let app = app(GpcOptOutLayer::new(store.clone()));
    let all = cookie_of(&ConsentRecord::new::<Cookies>(Consent::all(), None));
    let cases = [
        ("DE", true, None), // opt-in: the signal is received, not an opt-out of its own
        ("DE", true, Some(&all)), // opt-in: an explicit grant stands
        ("US", false, None), // opt-out regime without the signal
    ];
    for (country, gpc, cookie) in cases {
        let seen = get_page(app.clone(), country, gpc, cookie.map(String::as_str)).await;
        assert_eq!(
            seen.consent_value(),
            None,
            "{country} {gpc}: {:?}",
            seen.set_cookies
        );
    }
    // The grant in the opt-in regime stands: the page saw Marketing allowed.
    let seen = get_page(app, "DE", true, Some(&all)).await;
    assert_eq!(seen.body, "marketing=true");
}

#[tokio::test]
async fn tower_a_failing_store_sets_no_cookie_and_the_opt_out_still_holds() {
    let app = app(GpcOptOutLayer::new(FailingStore).store_timeout(Duration::from_secs(1)));
    let seen = get_page(app, "US", true, None).await;
    assert_eq!(seen.body, "marketing=false");
    assert_eq!(seen.consent_value(), None, "{:?}", seen.set_cookies);
    assert!(!seen.set_cookies.iter().any(|c| c.starts_with("_fbp=fb")));
}

#[tokio::test]
async fn a_form_cannot_claim_the_gpc_method() {
    let post = |method: &str| {
        Request::post("/consent")
            .header("host", "shop.example")
            .header("origin", "http://shop.example")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(axum::body::Body::from(format!(
                "choice=necessary&method={method}"
            )))
            .unwrap()
    };
    let endpoint = cookie_registry::ConsentEndpoint::<Cookies>::new();
    let banner = endpoint.clone().oneshot(post("banner")).await.unwrap();
    assert_eq!(banner.status(), 303);
    let gpc = endpoint.oneshot(post("gpc")).await.unwrap();
    assert_eq!(gpc.status(), 400);
    assert!(gpc.headers().get(SET_COOKIE).is_none());
}

#[cfg(feature = "actix")]
mod actix {
    use super::{Category, ConsentMethod, ConsentState, ConsentStore as _, Cookies, MemoryStore};
    use actix_web::{App, HttpResponse, test, web};
    use cookie_registry::actix::{ConsentMiddleware, GpcOptOut};

    async fn page(state: web::ReqData<ConsentState>) -> HttpResponse {
        let marketing = state.consent().allows(Category::Marketing);
        HttpResponse::Ok().body(format!("marketing={marketing}"))
    }

    #[test]
    fn actix_an_honoured_signal_is_recorded_once_with_its_own_method() {
        actix_web::rt::System::new().block_on(recorded_once());
    }

    async fn recorded_once() {
        let store = MemoryStore::new();
        let app = test::init_service(
            App::new()
                .wrap(GpcOptOut::<Cookies>::new(store.clone()))
                .wrap(ConsentMiddleware::<Cookies>::new().regime(super::regime))
                .route("/", web::get().to(page)),
        )
        .await;
        let request = test::TestRequest::get()
            .uri("/")
            .insert_header(("cf-ipcountry", "US"))
            .insert_header(("sec-gpc", "1"))
            .to_request();
        let response = test::call_service(&app, request).await;
        let value = response
            .headers()
            .get_all("set-cookie")
            .find_map(|v| {
                v.to_str()
                    .unwrap()
                    .strip_prefix("choice=")
                    .map(str::to_owned)
            })
            .expect("the opt-out's consent cookie");
        let value = value.split(';').next().unwrap().to_owned();
        assert_eq!(test::read_body(response).await, "marketing=false");
        let id = ConsentState::from_cookie_value::<Cookies>(&value)
            .unwrap()
            .id()
            .unwrap();
        let record = store.get(id).await.unwrap().expect("kept");
        assert_eq!(record.method, ConsentMethod::GlobalPrivacyControl);
        assert_eq!(record.refused, [Category::Marketing]);

        let again = test::TestRequest::get()
            .uri("/")
            .insert_header(("cf-ipcountry", "US"))
            .insert_header(("sec-gpc", "1"))
            .insert_header(("cookie", format!("choice={value}")))
            .to_request();
        let response = test::call_service(&app, again).await;
        assert!(response.headers().get("set-cookie").is_none());
        assert_eq!(store.history(id).await.unwrap().len(), 1);
    }
}
