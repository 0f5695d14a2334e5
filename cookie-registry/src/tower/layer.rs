//! [`ConsentLayer`]: the consent engine as a tower middleware.

use core::fmt;
use core::future::Future;
use core::marker::PhantomData;
use core::pin::Pin;
use core::task::{Context, Poll};

use http::{HeaderValue, Request, Response};
use tower_layer::Layer;
use tower_service::Service;

use crate::adapter::middleware::{self, HeadersMut as _};
use crate::engine::{self, Enforcement, RequestSummary};
use crate::signals::RegimeResolver;
use crate::{CookieRegistry, HasConsentCookie, RefusedSetCookie};

/// A [`tower_layer::Layer`] that enforces the consent a visitor gave, for registry `R`, in any
/// server built on the [`http`] crate's types (axum, tonic, hyper services). Needs the `tower`
/// feature, and a registry with `#[registry(consent_cookie = ...)]` (without one, `new` does
/// not compile: a layer that could never see consent would refuse every optional cookie
/// forever).
///
/// For every request, the service it builds ([`ConsentService`]):
///
/// 1. reads the visitor's [`ConsentState`](crate::ConsentState) from the consent cookie; a
///    missing, malformed, forged, lapsed or stale cookie grants nothing but Necessary. When the
///    consent cookie comes more than once, the first counts (browsers send the one with the
///    longest path first);
/// 2. joins the `Cookie` header fields with `; ` (HTTP/2 and HTTP/3 send one field per cookie)
///    and rewrites them, as one field, without every cookie that is undeclared or not allowed:
///    handlers never see one. A single field from which nothing is removed is left as it is;
///    a header left with no cookie is removed;
/// 3. inserts the [`ConsentState`](crate::ConsentState) and the [`Consent`](crate::Consent)
///    into the request's extensions (`axum::Extension<ConsentState>`);
/// 4. on the response, drops each `Set-Cookie` header that the consent in force refuses, or
///    passes it and logs it, as [`RefusedSetCookie`] says (removals always pass). When the
///    response itself sets the consent cookie (the consent endpoint), that new consent governs
///    the response;
/// 5. appends a removal (`Max-Age=0`, with the declared `Path` and `Domain`; `Path=/` for an
///    undeclared cookie) for each cookie the request carried that the consent in force refuses
///    or the registry does not declare, unless the response sets that cookie itself: withdrawing
///    consent deletes the cookies from the browser, wherever the consent endpoint is mounted.
///    [`remove_refused(false)`](Self::remove_refused) turns this off; in
///    [`RefusedSetCookie::PassAndLog`] mode undeclared cookies are logged, not removed.
///
/// Header values are bytes, and no value makes the layer panic: a `Cookie` field that is not
/// UTF-8 is filtered pair by pair all the same. The log events name the cookie and its
/// category, never its value. Every decision is made by the framework-free
/// [`engine`](crate::engine); this type only translates.
///
/// ```
/// use axum::{Extension, Router, routing::get};
/// use cookie_registry::{ConsentEndpoint, ConsentLayer, ConsentState, CookieRegistry};
///
/// #[derive(CookieRegistry)]
/// #[registry(provider = "Acme", consent_cookie = Consent)]
/// enum Cookies {
///     #[cookie(name = "sid", category = Necessary, purpose = "Session")]
///     Sid,
///     #[cookie(name = "consent", category = Necessary, purpose = "Consent", max_age = "26w")]
///     Consent,
///     #[cookie(name = "_ga", category = Statistics, purpose = "Counts visits")]
///     Ga,
/// }
///
/// async fn home(Extension(state): Extension<ConsentState>) -> String {
///     if state.needs_prompt() { "show the banner".into() } else { "welcome back".into() }
/// }
///
/// let app: Router = Router::new()
///     .route("/", get(home))
///     .route_service("/consent", ConsentEndpoint::<Cookies>::new())
///     .layer(ConsentLayer::<Cookies>::new());
/// ```
///
/// The same layer around a plain `tower` service:
///
/// ```
/// use cookie_registry::{ConsentLayer, CookieRegistry};
/// use http::{Request, Response, header::{COOKIE, SET_COOKIE}};
/// use tower::{Layer, ServiceExt, service_fn};
///
/// #[derive(CookieRegistry)]
/// #[registry(provider = "Acme", consent_cookie = Consent)]
/// enum Cookies {
///     #[cookie(name = "sid", category = Necessary, purpose = "Session")]
///     Sid,
///     #[cookie(name = "consent", category = Necessary, purpose = "Consent", max_age = "26w")]
///     Consent,
///     #[cookie(name = "_ga", category = Statistics, purpose = "Counts visits")]
///     Ga,
/// }
///
/// // An inner service that echoes the `Cookie` header it gets and sets two cookies.
/// let inner = service_fn(|request: Request<()>| async move {
///     let seen = request.headers().get(COOKIE).cloned();
///     let response = Response::builder()
///         .header(SET_COOKIE, "sid=1")
///         .header(SET_COOKIE, "_ga=GA1.2.3")
///         .body(seen)
///         .unwrap();
///     Ok::<_, std::convert::Infallible>(response)
/// });
/// let service = ConsentLayer::<Cookies>::new().layer(inner);
///
/// let request = Request::builder()
///     .header(COOKIE, "sid=1; _ga=GA1.2.3; tracker=x")
///     .body(())
///     .unwrap();
/// let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
/// let response = runtime.block_on(service.oneshot(request)).unwrap();
///
/// // No consent cookie: the handler saw only `sid`; only `sid` is set, and the refused
/// // cookies the browser sent are deleted.
/// assert_eq!(response.body().as_ref().unwrap(), "sid=1");
/// let set: Vec<_> = response.headers().get_all(SET_COOKIE).iter().collect();
/// assert_eq!(set.len(), 3);
/// assert_eq!(set[0], "sid=1");
/// assert!(set[1].to_str().unwrap().starts_with("_ga=; Max-Age=0"));
/// assert!(set[2].to_str().unwrap().starts_with("tracker=; Path=/; Max-Age=0"));
/// ```
pub struct ConsentLayer<R> {
    enforcement: Enforcement,
    regime: Option<RegimeResolver>,
    registry: PhantomData<fn() -> R>,
}

impl<R: CookieRegistry> ConsentLayer<R> {
    /// A layer for registry `R` that drops refused `Set-Cookie` headers
    /// ([`RefusedSetCookie::Drop`]) and removes refused cookies.
    #[must_use]
    pub const fn new() -> Self
    where
        R: HasConsentCookie,
    {
        ConsentLayer {
            enforcement: Enforcement::new(),
            regime: None,
            registry: PhantomData,
        }
    }

    /// This layer, choosing each request's [`Regime`](crate::signals::Regime) with `resolver`
    /// (the opt-in regime without one). The state handlers get, the filtering and the gate
    /// then follow the regime and the request's `Sec-GPC` ([`crate::signals`]).
    ///
    /// ```
    /// # use cookie_registry::CookieRegistry;
    /// # #[derive(CookieRegistry)]
    /// # #[registry(consent_cookie = Choice)]
    /// # enum Cookies {
    /// #     #[cookie(name = "choice", category = Necessary, provider = "Acme", purpose = "Consent")]
    /// #     Choice,
    /// # }
    /// use cookie_registry::ConsentLayer;
    /// use cookie_registry::signals::Regime;
    ///
    /// let layer = ConsentLayer::<Cookies>::new().regime(|parts| match parts.header("cf-ipcountry") {
    ///     Some("US") => Regime::OptOut,
    ///     _ => Regime::OptIn,
    /// });
    /// # let _ = layer;
    /// ```
    #[must_use]
    pub const fn regime(mut self, resolver: RegimeResolver) -> Self {
        self.regime = Some(resolver);
        self
    }

    /// This layer, with `action` for the `Set-Cookie` headers that consent refuses.
    #[must_use]
    pub const fn on_refused(mut self, action: RefusedSetCookie) -> Self {
        self.enforcement = self.enforcement.on_refused(action);
        self
    }

    /// This layer, adding removals for refused cookies the request carried (`true`, the
    /// default) or not.
    #[must_use]
    pub const fn remove_refused(mut self, remove: bool) -> Self {
        self.enforcement = self.enforcement.remove_refused(remove);
        self
    }

    /// What this layer does with refused `Set-Cookie` headers.
    #[must_use]
    pub const fn refused_set_cookie(&self) -> RefusedSetCookie {
        self.enforcement.refused_set_cookie()
    }

    /// How this layer enforces consent on responses.
    #[must_use]
    pub const fn enforcement(&self) -> Enforcement {
        self.enforcement
    }
}

impl<R: HasConsentCookie> Default for ConsentLayer<R> {
    fn default() -> Self {
        ConsentLayer::new()
    }
}

impl<R> Clone for ConsentLayer<R> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<R> Copy for ConsentLayer<R> {}

impl<R> fmt::Debug for ConsentLayer<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConsentLayer")
            .field("registry", &core::any::type_name::<R>())
            .field("enforcement", &self.enforcement)
            .finish()
    }
}

impl<S, R: HasConsentCookie> Layer<S> for ConsentLayer<R> {
    type Service = ConsentService<S, R>;

    fn layer(&self, inner: S) -> Self::Service {
        ConsentService {
            inner,
            enforcement: self.enforcement,
            regime: self.regime,
            registry: PhantomData,
        }
    }
}

/// The service [`ConsentLayer`] wraps around an inner service `S`, for registry `R`.
///
/// It accepts any `http::Request<B>` and passes the inner service's errors through unchanged.
pub struct ConsentService<S, R> {
    inner: S,
    enforcement: Enforcement,
    regime: Option<RegimeResolver>,
    registry: PhantomData<fn() -> R>,
}

impl<S, R> ConsentService<S, R> {
    /// The inner service.
    pub const fn get_ref(&self) -> &S {
        &self.inner
    }

    /// The inner service, mutably.
    pub fn get_mut(&mut self) -> &mut S {
        &mut self.inner
    }

    /// The inner service, unwrapped.
    pub fn into_inner(self) -> S {
        self.inner
    }
}

impl<S: Clone, R> Clone for ConsentService<S, R> {
    fn clone(&self) -> Self {
        ConsentService {
            inner: self.inner.clone(),
            enforcement: self.enforcement,
            regime: self.regime,
            registry: PhantomData,
        }
    }
}

impl<S: fmt::Debug, R> fmt::Debug for ConsentService<S, R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConsentService")
            .field("inner", &self.inner)
            .field("registry", &core::any::type_name::<R>())
            .field("enforcement", &self.enforcement)
            .finish()
    }
}

impl<S, R, ReqBody, ResBody> Service<Request<ReqBody>> for ConsentService<S, R>
where
    S: Service<Request<ReqBody>, Response = Response<ResBody>>,
    R: HasConsentCookie,
{
    type Response = Response<ResBody>;
    type Error = S::Error;
    type Future = ResponseFuture<S::Future, R>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request<ReqBody>) -> Self::Future {
        let mut carried = Carried::of(request.headers().cookie_fields());
        let signals = crate::signals::adapters::read_http(
            request.method(),
            request.uri(),
            request.headers(),
            crate::signals::adapters::peer_http(request.extensions()),
            self.regime,
        );
        let summary =
            middleware::filter_request::<R, _>(request.headers_mut(), &mut carried, signals);
        request.extensions_mut().insert(*summary.state());
        request.extensions_mut().insert(summary.state().consent());
        ResponseFuture {
            inner: self.inner.call(request),
            summary,
            carried,
            enforcement: self.enforcement,
            registry: PhantomData,
        }
    }
}

/// The `Cookie` header as the request carried it, kept for the response's removals.
pub(crate) type Carried = engine::Carried<HeaderValue>;

pin_project_lite::pin_project! {
    /// The future of [`ConsentService`]: the inner service's response, with the `Set-Cookie`
    /// headers that consent refuses dropped or logged, and refused cookies removed.
    pub struct ResponseFuture<F, R> {
        #[pin]
        inner: F,
        summary: RequestSummary,
        carried: Carried,
        enforcement: Enforcement,
        registry: PhantomData<fn() -> R>,
    }
}

impl<F, R, ResBody, E> Future for ResponseFuture<F, R>
where
    F: Future<Output = Result<Response<ResBody>, E>>,
    R: HasConsentCookie,
{
    type Output = Result<Response<ResBody>, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let mut response = match this.inner.poll(cx) {
            Poll::Ready(Ok(response)) => response,
            other => return other,
        };
        middleware::gate_response::<R, _>(
            response.headers_mut(),
            *this.enforcement,
            this.summary,
            this.carried.as_bytes(),
        );
        Poll::Ready(Ok(response))
    }
}

impl<F, R> fmt::Debug for ResponseFuture<F, R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResponseFuture")
            .field("summary", &self.summary)
            .field("enforcement", &self.enforcement)
            .finish_non_exhaustive()
    }
}
