//! [`ConsentEndpoint`]: the consent endpoint as an actix-web handler.

use core::fmt;
use core::future::Future;
use core::marker::PhantomData;
use core::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use actix_web::http::header::{
    ACCEPT, CONTENT_LENGTH, CONTENT_TYPE, COOKIE, HOST, HeaderMap, HeaderName, HeaderValue, ORIGIN,
};
use actix_web::http::{Method, StatusCode};
use actix_web::{Handler, HttpRequest, HttpResponse, web};

use super::middleware::Carried;
use crate::engine::{self, BODY_LIMIT, EndpointBody, EndpointRequest, EndpointResponse};
use crate::{ConsentRecord, ConsentStore, CookieRegistry};

type Sink = Arc<dyn Fn(&ConsentRecord) + Send + Sync>;

/// How long the endpoint waits for its store unless told otherwise: 2 s.
pub const DEFAULT_STORE_TIMEOUT: Duration = Duration::from_secs(2);

/// The consent endpoint of registry `R` as an actix-web [`Handler`]: where the banner posts the
/// visitor's choice. Mount it for every method at the path of your choice, with `web::to`
/// (`App::route`, `Resource::to`, `Scope::route`); it answers `405` itself to the methods it
/// does not take. It works behind [`ConsentMiddleware`](super::ConsentMiddleware) or alone.
/// Needs the `actix` feature, and a registry with `#[registry(consent_cookie = ...)]` (without
/// one, `new` does not compile).
///
/// The form contract, the cross-site guard and the answers are those of
/// [`engine::answer_endpoint`], as for the tower `ConsentEndpoint`
/// (feature `tower`): `POST` `choice=all|necessary|custom` (with `category=...` per granted category for
/// `custom`) and an optional same-site `return_to`; `303` back, or with
/// `Accept: application/json` `200` and the new state; `GET` the current state as JSON; `403`
/// for a cross-site request, `400`, `405`, `413`, `415` otherwise, each without any change. The
/// body is read up to [`BODY_LIMIT`] bytes, whatever the app's payload configuration.
///
/// Every decision's [`ConsentRecord`], the proof of consent a site keeps (GDPR art. 7(1)), goes to
/// the [`store`](Self::store) the endpoint waits for before it answers (`503` and no change when
/// the store fails), then to the sink given to [`on_record`](Self::on_record), for logging.
///
/// ```
/// use actix_web::{App, test, web};
/// use cookie_registry::actix::{ConsentEndpoint, ConsentMiddleware};
/// use cookie_registry::{ConsentRecord, CookieRegistry};
///
/// #[derive(CookieRegistry)]
/// #[registry(provider = "Acme", consent_cookie = Choice)]
/// enum Cookies {
///     #[cookie(name = "choice", category = Necessary, purpose = "Your cookie choice",
///              max_age = "26w", same_site = Lax, path = "/")]
///     Choice,
///     #[cookie(name = "_ga", category = Statistics, purpose = "Counts visits", path = "/")]
///     Ga,
/// }
///
/// let endpoint = ConsentEndpoint::<Cookies>::new().on_record(|record: &ConsentRecord| {
///     // Keep the proof: id, time, granted and refused categories, revisions.
///     eprintln!("consent {} at {}: {:?}", record.id, record.decided_at, record.granted);
/// });
///
/// actix_web::rt::System::new().block_on(async {
///     let app = test::init_service(
///         App::new()
///             .wrap(ConsentMiddleware::<Cookies>::new())
///             .route("/consent", web::to(endpoint)),
///     )
///     .await;
///     let request = test::TestRequest::post()
///         .uri("/consent")
///         .insert_header(("Content-Type", "application/x-www-form-urlencoded"))
///         .set_payload("choice=all&return_to=/cart")
///         .to_request();
///     let response = test::call_service(&app, request).await;
///     assert_eq!(response.status(), 303);
///     assert_eq!(response.headers().get("location").unwrap(), "/cart");
///     let set = response.headers().get("set-cookie").unwrap().to_str().unwrap();
///     assert!(set.starts_with("choice=2."));
/// });
/// ```
pub struct ConsentEndpoint<R> {
    sink: Option<Sink>,
    store: Option<Arc<dyn ConsentStore>>,
    store_timeout: Duration,
    registry: PhantomData<fn() -> R>,
}

impl<R: CookieRegistry> ConsentEndpoint<R> {
    /// The endpoint, with no store and no record sink: decisions take effect and nothing keeps
    /// their records. Give it a [`store`](Self::store) to keep proof of consent.
    ///
    /// ```
    /// # use cookie_registry::CookieRegistry;
    /// # #[derive(CookieRegistry)]
    /// # #[registry(consent_cookie = Choice)]
    /// # enum Cookies {
    /// #     #[cookie(name = "choice", category = Necessary, provider = "Acme", purpose = "Consent")]
    /// #     Choice,
    /// # }
    /// use actix_web::{App, web};
    /// use cookie_registry::actix::ConsentEndpoint;
    ///
    /// let app = App::new().service(web::resource("/consent").to(ConsentEndpoint::<Cookies>::new()));
    /// # let _ = app;
    /// ```
    ///
    /// A registry without a consent cookie does not compile:
    ///
    /// ```compile_fail
    /// use cookie_registry::CookieRegistry;
    /// use cookie_registry::actix::ConsentEndpoint;
    ///
    /// #[derive(CookieRegistry)]
    /// #[registry(provider = "Acme")]
    /// enum Cookies {
    ///     #[cookie(name = "sid", category = Necessary, purpose = "Session")]
    ///     Sid,
    /// }
    ///
    /// // error: this registry names no consent cookie
    /// let endpoint = ConsentEndpoint::<Cookies>::new();
    /// ```
    #[must_use]
    pub const fn new() -> Self {
        crate::assert_consent_cookie::<R>();
        ConsentEndpoint {
            sink: None,
            store: None,
            store_timeout: DEFAULT_STORE_TIMEOUT,
            registry: PhantomData,
        }
    }

    /// This endpoint, calling `sink` with the record of every decision before it answers (with
    /// a [store](Self::store), once the record is kept): for logging.
    ///
    /// ```
    /// # use cookie_registry::CookieRegistry;
    /// # #[derive(CookieRegistry)]
    /// # #[registry(consent_cookie = Choice)]
    /// # enum Cookies {
    /// #     #[cookie(name = "choice", category = Necessary, provider = "Acme", purpose = "Consent")]
    /// #     Choice,
    /// # }
    /// use cookie_registry::ConsentRecord;
    /// use cookie_registry::actix::ConsentEndpoint;
    ///
    /// let endpoint = ConsentEndpoint::<Cookies>::new()
    ///     .on_record(|record: &ConsentRecord| eprintln!("consent {}", record.id));
    /// # let _ = endpoint;
    /// ```
    #[must_use]
    pub fn on_record(mut self, sink: impl Fn(&ConsentRecord) + Send + Sync + 'static) -> Self {
        self.sink = Some(Arc::new(sink));
        self
    }

    /// This endpoint, keeping the record of every decision in `store` before it answers: the
    /// consent cookie is set only once the store says the record is kept (GDPR art. 7(1): no
    /// consent takes effect without its proof). When the store fails, or does not answer within
    /// the [store timeout](Self::store_timeout), the endpoint answers `503 Service Unavailable`
    /// with `Retry-After` ([`EndpointResponse::store_failed`]) and changes nothing. The
    /// record's notice text goes with it, for the store to archive once. The
    /// [`on_record`](Self::on_record) sink is then called after the record is kept.
    ///
    /// Any [`ConsentStore`] will do, an `Arc<dyn ConsentStore>` too (to choose the backend at
    /// run time).
    ///
    /// ```
    /// # use cookie_registry::CookieRegistry;
    /// # #[derive(CookieRegistry)]
    /// # #[registry(consent_cookie = Choice)]
    /// # enum Cookies {
    /// #     #[cookie(name = "choice", category = Necessary, provider = "Acme", purpose = "Consent")]
    /// #     Choice,
    /// # }
    /// use std::time::Duration;
    /// use cookie_registry::MemoryStore;
    /// use cookie_registry::actix::ConsentEndpoint;
    ///
    /// let store = MemoryStore::new(); // cookie-registry-ledger has SQLite and PostgreSQL
    /// let endpoint = ConsentEndpoint::<Cookies>::new()
    ///     .store(store.clone())
    ///     .store_timeout(Duration::from_millis(500));
    /// # let _ = endpoint;
    /// ```
    #[must_use]
    pub fn store(mut self, store: impl ConsentStore + 'static) -> Self {
        self.store = Some(Arc::new(store));
        self
    }

    /// How long the endpoint waits for its store before answering `503` (default
    /// [`DEFAULT_STORE_TIMEOUT`], 2 s), timed with actix-rt's timer.
    #[must_use]
    pub const fn store_timeout(mut self, timeout: Duration) -> Self {
        self.store_timeout = timeout;
        self
    }
}

impl<R: CookieRegistry> Default for ConsentEndpoint<R> {
    fn default() -> Self {
        ConsentEndpoint::new()
    }
}

impl<R> Clone for ConsentEndpoint<R> {
    fn clone(&self) -> Self {
        ConsentEndpoint {
            sink: self.sink.clone(),
            store: self.store.clone(),
            store_timeout: self.store_timeout,
            registry: PhantomData,
        }
    }
}

impl<R> fmt::Debug for ConsentEndpoint<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConsentEndpoint")
            .field("registry", &core::any::type_name::<R>())
            .field("on_record", &self.sink.is_some())
            .field("store", &self.store.is_some())
            .field("store_timeout", &self.store_timeout)
            .finish()
    }
}

impl<R: CookieRegistry + 'static> Handler<(HttpRequest, web::Payload)> for ConsentEndpoint<R> {
    type Output = HttpResponse;
    type Future = Pin<Box<dyn Future<Output = HttpResponse>>>;

    fn call(&self, (request, payload): (HttpRequest, web::Payload)) -> Self::Future {
        let endpoint = self.clone();
        Box::pin(async move { respond::<R>(&request, payload, &endpoint).await })
    }
}

/// Reads the request (the body up to [`BODY_LIMIT`]), asks the engine, writes its answer.
async fn respond<R: CookieRegistry>(
    request: &HttpRequest,
    payload: web::Payload,
    endpoint: &ConsentEndpoint<R>,
) -> HttpResponse {
    let headers = request.headers();
    let read = if request.method() != Method::POST {
        Ok(Ok(web::Bytes::new()))
    } else if engine::declared_too_large(header(headers, CONTENT_LENGTH)) {
        Err(())
    } else {
        payload.to_bytes_limited(BODY_LIMIT).await.map_err(|_| ())
    };
    let body = match &read {
        Ok(Ok(bytes)) => EndpointBody::Complete(bytes),
        Ok(Err(_)) => EndpointBody::Unreadable,
        Err(()) => EndpointBody::TooLarge,
    };
    let carried = Carried::of(headers.get_all(COOKIE));
    // The request's own host as the client named it; not `connection_info().host()`, which
    // falls back to the server name configured in the app.
    let host =
        header(headers, HOST).or_else(|| request.uri().authority().map(|a| a.as_str().as_bytes()));
    let endpoint_request = EndpointRequest::new(request.method().as_str(), body)
        .host(host)
        .origin(header(headers, ORIGIN))
        .sec_fetch_site(header(headers, HeaderName::from_static("sec-fetch-site")))
        .content_type(header(headers, CONTENT_TYPE))
        .accept(header(headers, ACCEPT))
        .cookie(carried.as_bytes());
    let mut answer = engine::answer_endpoint::<R>(&endpoint_request);
    if let Some(store) = &endpoint.store {
        let deadline = actix_web::rt::time::sleep(endpoint.store_timeout);
        answer = engine::store_decision::<R>(answer, store.as_ref(), deadline).await;
    }
    if let (Some(record), Some(sink)) = (&answer.record, &endpoint.sink) {
        sink(record);
    }
    to_actix(answer, request.method() == Method::HEAD)
}

fn header(headers: &HeaderMap, name: HeaderName) -> Option<&[u8]> {
    headers.get(name).map(HeaderValue::as_bytes)
}

/// The engine's answer as an actix-web response.
fn to_actix(answer: EndpointResponse, head: bool) -> HttpResponse {
    let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = HttpResponse::build(status);
    for (name, value) in answer.headers() {
        if let Ok(value) = HeaderValue::from_str(value) {
            response.append_header((HeaderName::from_static(name), value));
        }
    }
    if head {
        response.finish()
    } else {
        response.body(answer.body)
    }
}
