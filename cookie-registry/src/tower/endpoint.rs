//! [`ConsentEndpoint`]: the consent endpoint as a tower service.

use core::convert::Infallible;
use core::fmt;
use core::future::Future;
use core::marker::PhantomData;
use core::pin::Pin;
use core::task::{Context, Poll};

use bytes::Bytes;
use http::{HeaderName, HeaderValue, Request, Response};
use http_body::Body;
use tower_service::Service;

use super::body::{ConsentBody, read_limited};
use crate::adapter::{self, EndpointConfig, Read};
use crate::engine::{EndpointResponse, InvalidOrigin};
use crate::signals::{IpResolver, RegimeResolver};
use crate::{ConsentRecord, ConsentStore, CookieRegistry, HasConsentCookie};
use std::time::Duration;

/// The consent endpoint of registry `R` as a [`tower_service::Service`]: where the banner posts
/// the visitor's choice. Mount it with axum's `route_service`; it works behind
/// [`ConsentLayer`](crate::ConsentLayer) or alone. Needs the `tower` feature, and a registry
/// with `#[registry(consent_cookie = ...)]` (without one, `new` does not compile).
///
/// The form contract, the cross-site guard and the answers are those of
/// [`engine::answer_endpoint`](crate::engine::answer_endpoint): `POST`
/// `choice=all|necessary|custom` (with `category=...` per granted category for `custom`) and
/// an optional same-site `return_to`; `303` back, or with
/// `Accept: application/json` `200` and the new state; `GET` the current state as JSON; `403`
/// for a cross-site request, `400`, `405`, `413`, `415` otherwise, each without any change.
///
/// Every decision calls the sink given to [`on_record`](Self::on_record) with its
/// [`ConsentRecord`], the proof of consent a site keeps (GDPR art. 7(1)).
///
/// ```
/// use axum::Router;
/// use cookie_registry::{ConsentEndpoint, ConsentLayer, ConsentRecord, CookieRegistry};
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
/// let app: Router = Router::new()
///     .route_service("/consent", endpoint)
///     .layer(ConsentLayer::<Cookies>::new());
/// ```
pub struct ConsentEndpoint<R> {
    config: EndpointConfig,
    registry: PhantomData<fn() -> R>,
}

impl<R: CookieRegistry> ConsentEndpoint<R> {
    /// The endpoint, with no store and no record sink: decisions take effect and nothing keeps
    /// their records. Give it a [`store`](Self::store) to keep proof of consent.
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
    #[must_use]
    pub fn on_record(mut self, sink: impl Fn(&ConsentRecord) + Send + Sync + 'static) -> Self {
        self.config.on_record(sink);
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
    /// use cookie_registry::ConsentEndpoint;
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
    /// [`DEFAULT_STORE_TIMEOUT`](crate::engine::DEFAULT_STORE_TIMEOUT), 2 s), timed with tokio's timer, which needs a tokio runtime with time enabled (as `#[tokio::main]` builds).
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
    /// get). Off by default.
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
    /// use axum::http::Request;
    /// use cookie_registry::{ConsentEndpoint, MemoryStore};
    /// use tower::ServiceExt as _;
    ///
    /// let store = MemoryStore::new();
    /// let endpoint = ConsentEndpoint::<Cookies>::new().store(store.clone()).record_user_agent();
    /// let request = Request::post("/consent")
    ///     .header("content-type", "application/x-www-form-urlencoded")
    ///     .header("user-agent", "Mozilla/5.0 (X11; Linux x86_64; rv:140.0)")
    ///     .body(String::from("choice=necessary"))?;
    /// # let runtime = tokio::runtime::Builder::new_current_thread().enable_time().build()?;
    /// # runtime.block_on(async {
    /// let response = endpoint.oneshot(request).await?;
    /// assert_eq!(response.status(), 303);
    /// let record = &store.records()[0];
    /// assert_eq!(record.user_agent.as_deref(), Some("Mozilla/5.0 (X11; Linux x86_64; rv:140.0)"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// # })?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
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
    /// - **behind the site's reverse proxy**, in the header the proxy sets:
    ///   `|view| view.header("x-real-ip")?.parse().ok()` (nginx: `proxy_set_header X-Real-IP
    ///   $remote_addr;`). A resolver reading `X-Forwarded-For` trusts only the site's own
    ///   proxy: the left-most value is the client's to write, so take the right-most address,
    ///   the one that proxy appended;
    /// - **directly**, the connection's peer: `|view| view.peer()`, which this endpoint reads
    ///   from a [`std::net::SocketAddr`] request extension. axum puts a `ConnectInfo<SocketAddr>`
    ///   there instead (with `into_make_service_with_connect_info::<SocketAddr>()`), a different
    ///   type the endpoint does not read: copy it with a one-line `map_request`, as below.
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
    /// use axum::Router;
    /// use axum::extract::connect_info::{ConnectInfo, MockConnectInfo};
    /// use axum::extract::Request;
    /// use axum::middleware::map_request;
    /// use cookie_registry::{ConsentEndpoint, MemoryStore};
    /// use tower::ServiceExt as _;
    ///
    /// let post = |ip_header: &str| {
    ///     Request::post("/consent")
    ///         .header("content-type", "application/x-www-form-urlencoded")
    ///         .header("x-real-ip", ip_header)
    ///         .body(axum::body::Body::from("choice=all"))
    /// };
    /// let store = MemoryStore::new();
    ///
    /// // Behind the site's own proxy, which sets `X-Real-IP`.
    /// let behind_proxy = ConsentEndpoint::<Cookies>::new()
    ///     .store(store.clone())
    ///     .record_ip(|view| view.header("x-real-ip")?.parse().ok());
    ///
    /// // Served directly: the peer, copied from axum's `ConnectInfo` into a `SocketAddr`.
    /// let direct = ConsentEndpoint::<Cookies>::new()
    ///     .store(store.clone())
    ///     .record_ip(|view| view.peer());
    /// let app: Router = Router::new().route_service("/consent", direct).layer(map_request(
    ///     |ConnectInfo(peer): ConnectInfo<SocketAddr>, mut request: Request| async move {
    ///         request.extensions_mut().insert(peer);
    ///         request
    ///     },
    /// ));
    /// // `axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())` gives
    /// // each request its `ConnectInfo`; here `MockConnectInfo` stands in for a connection.
    /// let app = app.layer(MockConnectInfo(SocketAddr::from(([198, 51, 100, 23], 50_000))));
    ///
    /// # let runtime = tokio::runtime::Builder::new_current_thread().enable_time().build()?;
    /// # runtime.block_on(async {
    /// assert_eq!(behind_proxy.oneshot(post("203.0.113.9")?).await?.status(), 303);
    /// // The header is the proxy's to set, not the client's: the direct site ignores it.
    /// assert_eq!(app.oneshot(post("203.0.113.9")?).await?.status(), 303);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// # })?;
    /// let ips: Vec<String> = store.records().iter().map(|r| r.ip.unwrap().to_string()).collect();
    /// assert_eq!(ips, ["203.0.113.0/24", "198.51.100.0/24"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn record_ip(mut self, resolver: IpResolver) -> Self {
        self.config.record_ip(resolver);
        self
    }

    /// This endpoint, accepting consent posted from `origin`, the site's public origin as its
    /// visitors' browsers name it (`https://shop.example`; an `http`/`https` serialized origin,
    /// RFC 6454 §6.2: scheme, host, optional port, no path). Repeat it for each origin the site
    /// is served at. Once any is set, a `POST`'s `Origin` must be one of them exactly (default
    /// ports normalised) and `Host` is not consulted: the line to write behind a reverse proxy,
    /// which hands the app another `Host` (see the README's "Behind a reverse proxy").
    ///
    /// ```
    /// # use cookie_registry::CookieRegistry;
    /// # #[derive(CookieRegistry)]
    /// # #[registry(consent_cookie = Choice)]
    /// # enum Cookies {
    /// #     #[cookie(name = "choice", category = Necessary, provider = "Acme", purpose = "Consent")]
    /// #     Choice,
    /// # }
    /// use cookie_registry::ConsentEndpoint;
    ///
    /// let endpoint = ConsentEndpoint::<Cookies>::new()
    ///     .allowed_origin("https://shop.example")
    ///     .allowed_origin("https://www.shop.example");
    /// # let _ = endpoint;
    /// ```
    ///
    /// # Panics
    ///
    /// When `origin` is not a serialized origin (`shop.example`, `https://shop.example/`,
    /// `ftp://shop.example`): a misconfiguration, caught when the app is built, at startup.
    /// [`try_allowed_origin`](Self::try_allowed_origin) returns the error instead.
    #[must_use]
    pub fn allowed_origin(mut self, origin: &str) -> Self {
        self.config.allowed_origin(origin);
        self
    }

    /// [`allowed_origin`](Self::allowed_origin), returning the error for a malformed origin
    /// (read from the environment, say) instead of panicking.
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

impl<R, B> Service<Request<B>> for ConsentEndpoint<R>
where
    R: HasConsentCookie,
    B: Body + Send + 'static,
    B::Data: Send,
{
    type Response = Response<ConsentBody>;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Infallible>> + Send>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        let config = self.config.clone();
        Box::pin(async move { Ok(respond::<R, B>(request, &config).await) })
    }
}

/// Reads the request (the body up to [`BODY_LIMIT`](crate::engine::BODY_LIMIT)), asks the engine, writes its answer.
async fn respond<R: HasConsentCookie, B: Body>(
    request: Request<B>,
    config: &EndpointConfig,
) -> Response<ConsentBody> {
    let (parts, body) = request.into_parts();
    let bytes = match adapter::body_to_read(parts.method.as_str(), &parts.headers) {
        Ok(true) => read_limited(body).await,
        Ok(false) => Ok(Vec::new()),
        Err(error) => Err(error),
    };
    let peer = crate::signals::adapters::peer_http(&parts.extensions);
    let read = Read {
        method: parts.method.as_str(),
        path: parts.uri.path(),
        headers: &parts.headers,
        authority: parts.uri.authority().map(|a| a.as_str().as_bytes()),
        scheme: parts.uri.scheme_str().map(str::as_bytes),
        peer,
        body: bytes.as_deref().map_err(|&error| error),
        signals: crate::signals::adapters::read_http(
            &parts.method,
            &parts.uri,
            &parts.headers,
            peer,
            config.resolver(),
        ),
    };
    let answer = adapter::answer::<R, _>(config, &read);
    let answer = adapter::keep::<R, _>(config, answer, tokio::time::sleep).await;
    to_http(answer, parts.method == http::Method::HEAD)
}

/// The engine's answer as an `http` response.
fn to_http(answer: EndpointResponse, head: bool) -> Response<ConsentBody> {
    let mut response = Response::new(ConsentBody(None));
    *response.status_mut() = http::StatusCode::from_u16(answer.status)
        .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
    let headers = response.headers_mut();
    for (name, value) in answer.headers() {
        if let Ok(value) = HeaderValue::from_str(value) {
            headers.append(HeaderName::from_static(name), value);
        }
    }
    if !head {
        *response.body_mut() = ConsentBody(Some(Bytes::from(answer.body)));
    }
    response
}
