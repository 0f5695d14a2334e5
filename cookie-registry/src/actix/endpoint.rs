//! [`ConsentEndpoint`]: the consent endpoint as an actix-web handler.

use core::fmt;
use core::future::Future;
use core::marker::PhantomData;
use core::pin::Pin;

use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::http::{Method, StatusCode, Version};
use actix_web::{Handler, HttpRequest, HttpResponse, web};

use crate::adapter::{self, EndpointConfig, Headers as _, Read};
use crate::engine::{BODY_LIMIT, EndpointResponse, InvalidOrigin, ReadError};
use crate::{ConsentRecord, CookieRegistry, HasConsentCookie};

/// The consent endpoint of registry `R` as an actix-web [`Handler`]: where the banner posts the
/// visitor's choice. Mount it for every method at the path of your choice, with `web::to`
/// (`App::route`, `Resource::to`, `Scope::route`); it answers `405` itself to the methods it
/// does not take. It works behind [`ConsentMiddleware`](super::ConsentMiddleware) or alone.
/// Needs the `actix` feature, and a registry with `#[registry(consent_cookie = ...)]` (without
/// one, `new` does not compile).
///
/// The form contract, the cross-site guard and the answers are those of
/// [`engine::answer_endpoint`](crate::engine::answer_endpoint), as for the tower `ConsentEndpoint`
/// (feature `tower`): `POST` `choice=all|necessary|custom` (with `category=...` per granted category for
/// `custom`) and an optional same-site `return_to`; `303` back, or with
/// `Accept: application/json` `200` and the new state; `GET` the current state as JSON; `403`
/// for a cross-site request, `400`, `405`, `413`, `415` otherwise, each without any change. The
/// body is read up to [`BODY_LIMIT`] bytes, whatever the app's payload configuration.
///
/// A body is read completely or not at all: one shorter than its `Content-Length` is `400`.
/// An HTTP/1 body sent chunked (without `Content-Length`) is `400` too: actix-http reports a
/// chunked body that the client cut off as ended, so its end cannot be told from a cut.
/// Browsers send every form with a `Content-Length`.
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
    config: EndpointConfig,
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
            config: EndpointConfig::new(),
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
        self.config.on_record(sink);
        self
    }

    /// This endpoint, accepting consent posted from `origin`, the site's public origin as its
    /// visitors' browsers name it: as the tower `ConsentEndpoint::allowed_origin` (feature
    /// `tower`). Repeatable; once any is set, `Origin` must be one of them and `Host` is not
    /// consulted (see the README's "Behind a reverse proxy").
    ///
    /// ```
    /// # use cookie_registry::CookieRegistry;
    /// # #[derive(CookieRegistry)]
    /// # #[registry(consent_cookie = Choice)]
    /// # enum Cookies {
    /// #     #[cookie(name = "choice", category = Necessary, provider = "Acme", purpose = "Consent")]
    /// #     Choice,
    /// # }
    /// use cookie_registry::actix::ConsentEndpoint;
    ///
    /// let endpoint = ConsentEndpoint::<Cookies>::new().allowed_origin("https://shop.example");
    /// # let _ = endpoint;
    /// ```
    ///
    /// # Panics
    ///
    /// When `origin` is not a serialized `http`/`https` origin (`shop.example`,
    /// `https://shop.example/`): a misconfiguration, caught at startup.
    /// [`try_allowed_origin`](Self::try_allowed_origin) returns the error instead.
    #[must_use]
    pub fn allowed_origin(mut self, origin: &str) -> Self {
        self.config.allowed_origin(origin);
        self
    }

    /// [`allowed_origin`](Self::allowed_origin), returning the error for a malformed origin
    /// instead of panicking.
    ///
    /// # Errors
    ///
    /// When `origin` is not a serialized `http`/`https` origin.
    pub fn try_allowed_origin(mut self, origin: &str) -> Result<Self, InvalidOrigin> {
        self.config.try_allowed_origin(origin)?;
        Ok(self)
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
            config: self.config.clone(),
            registry: PhantomData,
        }
    }
}

impl<R> fmt::Debug for ConsentEndpoint<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut f = f.debug_struct("ConsentEndpoint");
        f.field("registry", &core::any::type_name::<R>());
        self.config.debug_fields(&mut f);
        f.finish()
    }
}

impl<R: HasConsentCookie + 'static> Handler<(HttpRequest, web::Payload)> for ConsentEndpoint<R> {
    type Output = HttpResponse;
    type Future = Pin<Box<dyn Future<Output = HttpResponse>>>;

    fn call(&self, (request, payload): (HttpRequest, web::Payload)) -> Self::Future {
        let config = self.config.clone();
        Box::pin(async move { respond::<R>(&request, payload, &config).await })
    }
}

/// Reads the request (the body up to [`BODY_LIMIT`]), asks the engine, writes its answer.
async fn respond<R: HasConsentCookie>(
    request: &HttpRequest,
    payload: web::Payload,
    config: &EndpointConfig,
) -> HttpResponse {
    let headers = request.headers();
    let bytes = match adapter::body_to_read(request.method().as_str(), headers) {
        Ok(true) => read_whole(request, payload).await,
        Ok(false) => Ok(web::Bytes::new()),
        Err(error) => Err(error),
    };
    let read = Read {
        method: request.method().as_str(),
        headers,
        // The request's own host as the client named it; not `connection_info().host()`,
        // which falls back to the server name configured in the app.
        authority: request.uri().authority().map(|a| a.as_str().as_bytes()),
        scheme: request.uri().scheme_str().map(str::as_bytes),
        body: bytes.as_deref().map_err(|&error| error),
    };
    let answer = adapter::answer::<R, _>(config, &read);
    to_actix(answer, request.method() == Method::HEAD)
}

/// The body up to [`BODY_LIMIT`], or why not. An HTTP/1 body without `Content-Length` is
/// chunked, and actix-http reports one cut off by the client as ended: refused unread.
async fn read_whole(request: &HttpRequest, payload: web::Payload) -> Result<web::Bytes, ReadError> {
    let headers = request.headers();
    let chunked = request.version() < Version::HTTP_2
        && headers.first("content-length").is_none()
        && headers.first("transfer-encoding").is_some();
    if chunked {
        return Err(ReadError::Failed);
    }
    match payload.to_bytes_limited(BODY_LIMIT).await {
        Ok(Ok(bytes)) => Ok(bytes),
        Ok(Err(_)) => Err(ReadError::Failed),
        Err(_) => Err(ReadError::TooLarge),
    }
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
