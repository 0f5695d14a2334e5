//! [`ConsentEndpoint`]: the consent endpoint as an actix-web handler.

use core::fmt;
use core::future::Future;
use core::marker::PhantomData;
use core::pin::Pin;
use std::sync::Arc;

use actix_web::http::header::{
    ACCEPT, CONTENT_LENGTH, CONTENT_TYPE, COOKIE, HOST, HeaderMap, HeaderName, HeaderValue, ORIGIN,
};
use actix_web::http::{Method, StatusCode};
use actix_web::{Handler, HttpRequest, HttpResponse, web};

use super::middleware::Carried;
use crate::engine::{self, BODY_LIMIT, EndpointBody, EndpointRequest, EndpointResponse};
use crate::{ConsentRecord, CookieRegistry, HasConsentCookie};

type Sink = Arc<dyn Fn(&ConsentRecord) + Send + Sync>;

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
/// Every decision calls the sink given to [`on_record`](Self::on_record) with its
/// [`ConsentRecord`], the proof of consent a site keeps (GDPR art. 7(1)).
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
    registry: PhantomData<fn() -> R>,
}

impl<R: CookieRegistry> ConsentEndpoint<R> {
    /// The endpoint, with no record sink.
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
    pub const fn new() -> Self
    where
        R: HasConsentCookie,
    {
        ConsentEndpoint {
            sink: None,
            registry: PhantomData,
        }
    }

    /// This endpoint, calling `sink` with the record of every decision before it answers.
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
}

impl<R: HasConsentCookie> Default for ConsentEndpoint<R> {
    fn default() -> Self {
        ConsentEndpoint::new()
    }
}

impl<R> Clone for ConsentEndpoint<R> {
    fn clone(&self) -> Self {
        ConsentEndpoint {
            sink: self.sink.clone(),
            registry: PhantomData,
        }
    }
}

impl<R> fmt::Debug for ConsentEndpoint<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConsentEndpoint")
            .field("registry", &core::any::type_name::<R>())
            .field("on_record", &self.sink.is_some())
            .finish()
    }
}

impl<R: HasConsentCookie + 'static> Handler<(HttpRequest, web::Payload)> for ConsentEndpoint<R> {
    type Output = HttpResponse;
    type Future = Pin<Box<dyn Future<Output = HttpResponse>>>;

    fn call(&self, (request, payload): (HttpRequest, web::Payload)) -> Self::Future {
        let sink = self.sink.clone();
        Box::pin(async move { respond::<R>(&request, payload, sink.as_deref()).await })
    }
}

/// Reads the request (the body up to [`BODY_LIMIT`]), asks the engine, writes its answer.
async fn respond<R: HasConsentCookie>(
    request: &HttpRequest,
    payload: web::Payload,
    sink: Option<&(dyn Fn(&ConsentRecord) + Send + Sync)>,
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
    let answer = engine::answer_endpoint::<R>(&endpoint_request);
    if let (Some(record), Some(sink)) = (&answer.record, sink) {
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
