//! [`ConsentEndpoint`]: the consent endpoint as an actix-web handler.

use core::fmt;
use core::future::Future;
use core::marker::PhantomData;
use core::pin::Pin;

use actix_web::http::Method;
use actix_web::{Handler, HttpRequest, HttpResponse, web};

use super::io::{read_whole, to_actix};
use crate::adapter::{self, EndpointConfig, Read};
use crate::engine::InvalidOrigin;
use crate::signals::{IpResolver, RegimeResolver};
use crate::{ConsentRecord, ConsentStore, CookieRegistry, HasConsentCookie};
use std::time::Duration;

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
/// body is read up to [`BODY_LIMIT`](crate::engine::BODY_LIMIT) bytes, whatever the app's payload configuration.
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
    pub const fn new() -> Self
    where
        R: HasConsentCookie,
    {
        ConsentEndpoint {
            config: EndpointConfig::new(),
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
        self.config.on_record(sink);
        self
    }

    /// This endpoint, keeping the record of every decision in `store` before it answers: the
    /// consent cookie is set only once the store says the record is kept (GDPR art. 7(1): no
    /// consent takes effect without its proof). When the store fails, or does not answer within
    /// the [store timeout](Self::store_timeout), the endpoint answers `503 Service Unavailable`
    /// with `Retry-After` ([`EndpointResponse::store_failed`](crate::engine::EndpointResponse::store_failed)) and changes nothing. The
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
        self.config.store(store);
        self
    }

    /// How long the endpoint waits for its store before answering `503` (default
    /// [`DEFAULT_STORE_TIMEOUT`](crate::engine::DEFAULT_STORE_TIMEOUT), 2 s), timed with actix-rt's timer.
    #[must_use]
    pub fn store_timeout(mut self, timeout: Duration) -> Self {
        self.config.store_timeout(timeout);
        self
    }

    /// This endpoint, choosing each request's [`Regime`](crate::signals::Regime) with
    /// `resolver`, as the middleware does (give both the same function): the state it answers
    /// and the removals it writes follow the regime and the request's `Sec-GPC`.
    #[must_use]
    pub fn regime(mut self, resolver: RegimeResolver) -> Self {
        self.config.regime(resolver);
        self
    }

    /// This endpoint, adding the visitor's `User-Agent` to the record of every decision (the
    /// [`ConsentRecord::user_agent`] the [store](Self::store) and [`on_record`](Self::on_record)
    /// get), as the tower `ConsentEndpoint::record_user_agent` does. Off by default.
    ///
    /// **Personal data.** A user agent narrows down who a visitor is, and helps fingerprint
    /// them when put together with other data: turn this on only with a reason (to tell apart
    /// consents given from a shared device, say), and name it in the privacy notice. The
    /// record keeps the first `User-Agent` value, read as UTF-8 lossily, each control character
    /// (a tab, say) replaced with U+FFFD, cut to at most 512 bytes at a character boundary.
    ///
    /// ```
    /// # use cookie_registry::CookieRegistry;
    /// # #[derive(CookieRegistry)]
    /// # #[registry(consent_cookie = Choice)]
    /// # enum Cookies {
    /// #     #[cookie(name = "choice", category = Necessary, provider = "Acme", purpose = "Consent")]
    /// #     Choice,
    /// # }
    /// use actix_web::{App, test, web};
    /// use cookie_registry::MemoryStore;
    /// use cookie_registry::actix::ConsentEndpoint;
    ///
    /// let store = MemoryStore::new();
    /// let endpoint = ConsentEndpoint::<Cookies>::new().store(store.clone()).record_user_agent();
    /// actix_web::rt::System::new().block_on(async {
    ///     let app = test::init_service(App::new().route("/consent", web::to(endpoint))).await;
    ///     let request = test::TestRequest::post()
    ///         .uri("/consent")
    ///         .insert_header(("content-type", "application/x-www-form-urlencoded"))
    ///         .insert_header(("user-agent", "Mozilla/5.0 (X11; Linux x86_64; rv:140.0)"))
    ///         .set_payload("choice=necessary")
    ///         .to_request();
    ///     assert_eq!(test::call_service(&app, request).await.status(), 303);
    /// });
    /// let record = &store.records()[0];
    /// assert_eq!(record.user_agent.as_deref(), Some("Mozilla/5.0 (X11; Linux x86_64; rv:140.0)"));
    /// ```
    #[must_use]
    pub fn record_user_agent(mut self) -> Self {
        self.config.record_user_agent();
        self
    }

    /// This endpoint, adding the visitor's IP address, as `resolver` finds it, to the record of
    /// every decision, truncated to /24 (IPv4) or /48 (IPv6): the
    /// [`ConsentRecord::ip`] ([`TruncatedIp`](crate::TruncatedIp)) the [store](Self::store)
    /// and [`on_record`](Self::on_record) get; none when `resolver` returns `None`. Off by
    /// default.
    ///
    /// **Personal data.** An IP address is an online identifier (GDPR recital 30), and a /24
    /// or /48 network still narrows a visitor down: turn this on only with a reason (to tell
    /// apart consents given from a shared device, or to answer a dispute about one), and name
    /// it in the privacy notice.
    ///
    /// Where the address is depends on how the visitor reaches the app ([`IpResolver`]):
    /// - **directly**, without a proxy: the connection's peer (`HttpRequest::peer_addr`),
    ///   `|view| view.peer()`, the choice for an actix site served on its own;
    /// - **behind the site's reverse proxy**, the peer is the proxy: read the header it sets,
    ///   `|view| view.header("x-real-ip")?.parse().ok()` (nginx: `proxy_set_header X-Real-IP
    ///   $remote_addr;`). A resolver reading `X-Forwarded-For` trusts only the site's own
    ///   proxy: the left-most value is the client's to write, so take the right-most address,
    ///   the one that proxy appended.
    ///
    /// ```
    /// # use cookie_registry::CookieRegistry;
    /// # #[derive(CookieRegistry)]
    /// # #[registry(consent_cookie = Choice)]
    /// # enum Cookies {
    /// #     #[cookie(name = "choice", category = Necessary, provider = "Acme", purpose = "Consent")]
    /// #     Choice,
    /// # }
    /// use std::net::SocketAddr;
    /// use actix_web::{App, test, web};
    /// use cookie_registry::MemoryStore;
    /// use cookie_registry::actix::ConsentEndpoint;
    ///
    /// let store = MemoryStore::new();
    /// let endpoint = ConsentEndpoint::<Cookies>::new()
    ///     .store(store.clone())
    ///     .record_ip(|view| view.peer());
    /// actix_web::rt::System::new().block_on(async {
    ///     let app = test::init_service(App::new().route("/consent", web::to(endpoint))).await;
    ///     let request = test::TestRequest::post()
    ///         .uri("/consent")
    ///         .peer_addr(SocketAddr::from(([198, 51, 100, 23], 50_000)))
    ///         .insert_header(("content-type", "application/x-www-form-urlencoded"))
    ///         .set_payload("choice=all")
    ///         .to_request();
    ///     assert_eq!(test::call_service(&app, request).await.status(), 303);
    /// });
    /// let ip = store.records()[0].ip.expect("recorded");
    /// assert_eq!(ip.to_string(), "198.51.100.0/24");
    /// ```
    #[must_use]
    pub fn record_ip(mut self, resolver: IpResolver) -> Self {
        self.config.record_ip(resolver);
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

/// Reads the request (the body up to [`BODY_LIMIT`](crate::engine::BODY_LIMIT)), asks the engine, writes its answer.
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
        path: request.path(),
        headers,
        // The request's own host as the client named it; not `connection_info().host()`,
        // which falls back to the server name configured in the app.
        authority: request.uri().authority().map(|a| a.as_str().as_bytes()),
        scheme: request.uri().scheme_str().map(str::as_bytes),
        peer: request.peer_addr().map(|addr| addr.ip()),
        body: bytes.as_deref().map_err(|&error| error),
        signals: crate::signals::adapters::read_actix(request.head(), config.resolver()),
    };
    let answer = adapter::answer::<R, _>(config, &read);
    let answer = adapter::keep::<R, _>(config, answer, actix_web::rt::time::sleep).await;
    to_actix(answer, request.method() == Method::HEAD)
}
