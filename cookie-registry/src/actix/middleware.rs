//! [`ConsentMiddleware`]: the consent engine as actix-web middleware.

use core::fmt;
use core::future::{Future, Ready, ready};
use core::marker::PhantomData;
use core::pin::Pin;
use core::task::{Context, Poll};

use actix_web::HttpMessage as _;
use actix_web::dev::{Service, ServiceRequest, ServiceResponse, Transform, forward_ready};
use actix_web::http::header::HeaderValue;

use crate::adapter::middleware::{self, HeadersMut as _};
use crate::engine::{self, Enforcement, RequestSummary};
use crate::{CookieRegistry, HasConsentCookie, RefusedSetCookie};

/// The `Cookie` header as the request carried it, kept for the response's removals.
pub(super) type Carried = engine::Carried<HeaderValue>;

/// actix-web middleware that enforces the consent a visitor gave, for registry `R`: wrap an
/// `App` (or a `Scope`, or a `Resource`) with it. Needs the `actix` feature, and a registry with
/// `#[registry(consent_cookie = ...)]` (without one, `new` does not compile).
///
/// It does what `ConsentLayer` does for tower, through the same
/// [`engine`](crate::engine), translating actix-web's requests and responses only:
///
/// 1. reads the visitor's [`ConsentState`](crate::ConsentState) from the consent cookie;
/// 2. joins the `Cookie` header fields with `; ` and rewrites them, as one field, without every
///    cookie that is undeclared or not allowed (a header left with no cookie is removed);
/// 3. inserts the [`ConsentState`](crate::ConsentState) and the [`Consent`](crate::Consent)
///    into the request's extensions: handlers take `web::ReqData<ConsentState>`;
/// 4. on the response, drops each `Set-Cookie` header that the consent in force refuses, or
///    passes it and logs it, as [`RefusedSetCookie`] says. It reads the response's final
///    headers, so cookies added with `HttpResponse::add_cookie` or the builder's `cookie` (the
///    `cookies` feature of actix-web) are gated like any other;
/// 5. appends a removal (`Max-Age=0`, with the declared `Path` and `Domain`) for each cookie the
///    request carried that the consent in force refuses or the registry does not declare,
///    unless the response sets that cookie itself ([`remove_refused`](Self::remove_refused)).
///
/// Errors of the inner service pass through unchanged (actix-web turns a handler's error into
/// a response before it reaches middleware, so those responses are gated).
///
/// ```
/// use actix_web::{App, HttpResponse, test, web};
/// use cookie_registry::actix::ConsentMiddleware;
/// use cookie_registry::{ConsentState, CookieRegistry};
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
/// async fn home(state: web::ReqData<ConsentState>) -> HttpResponse {
///     HttpResponse::Ok()
///         .append_header(("Set-Cookie", "sid=1"))
///         .append_header(("Set-Cookie", "_ga=GA1.2.3"))
///         .body(if state.needs_prompt() { "show the banner" } else { "welcome back" })
/// }
///
/// actix_web::rt::System::new().block_on(async {
///     let app = test::init_service(
///         App::new()
///             .wrap(ConsentMiddleware::<Cookies>::new())
///             .route("/", web::get().to(home)),
///     )
///     .await;
///     let request = test::TestRequest::get()
///         .insert_header(("Cookie", "sid=1; _ga=GA1.2.3; tracker=x"))
///         .to_request();
///     let response = test::call_service(&app, request).await;
///
///     // No consent yet: only `sid` is set, and the refused cookies the browser sent are deleted.
///     let set: Vec<_> = response.headers().get_all("set-cookie").collect();
///     assert_eq!(set.len(), 3);
///     assert_eq!(set[0], "sid=1");
///     assert!(set[1].to_str().unwrap().starts_with("_ga=; Max-Age=0"));
///     assert!(set[2].to_str().unwrap().starts_with("tracker=; Path=/; Max-Age=0"));
///     assert_eq!(test::read_body(response).await, "show the banner");
/// });
/// ```
pub struct ConsentMiddleware<R> {
    enforcement: Enforcement,
    registry: PhantomData<fn() -> R>,
}

impl<R: CookieRegistry> ConsentMiddleware<R> {
    /// Middleware for registry `R` that drops refused `Set-Cookie` headers
    /// ([`RefusedSetCookie::Drop`]) and removes refused cookies.
    ///
    /// ```
    /// # use cookie_registry::CookieRegistry;
    /// # #[derive(CookieRegistry)]
    /// # #[registry(consent_cookie = Choice)]
    /// # enum Cookies {
    /// #     #[cookie(name = "choice", category = Necessary, provider = "Acme", purpose = "Consent")]
    /// #     Choice,
    /// # }
    /// use cookie_registry::actix::ConsentMiddleware;
    ///
    /// let app = actix_web::App::new().wrap(ConsentMiddleware::<Cookies>::new());
    /// # let _ = app;
    /// ```
    ///
    /// A registry without a consent cookie does not compile: such middleware could never see
    /// consent, and would refuse every optional cookie forever.
    ///
    /// ```compile_fail
    /// use cookie_registry::CookieRegistry;
    /// use cookie_registry::actix::ConsentMiddleware;
    ///
    /// #[derive(CookieRegistry)]
    /// #[registry(provider = "Acme")]
    /// enum Cookies {
    ///     #[cookie(name = "sid", category = Necessary, purpose = "Session")]
    ///     Sid,
    /// }
    ///
    /// // error: this registry names no consent cookie
    /// let middleware = ConsentMiddleware::<Cookies>::new();
    /// ```
    #[must_use]
    pub const fn new() -> Self
    where
        R: HasConsentCookie,
    {
        ConsentMiddleware {
            enforcement: Enforcement::new(),
            registry: PhantomData,
        }
    }

    /// This middleware, with `action` for the `Set-Cookie` headers that consent refuses.
    ///
    /// ```
    /// # use cookie_registry::CookieRegistry;
    /// # #[derive(CookieRegistry)]
    /// # #[registry(consent_cookie = Choice)]
    /// # enum Cookies {
    /// #     #[cookie(name = "choice", category = Necessary, provider = "Acme", purpose = "Consent")]
    /// #     Choice,
    /// # }
    /// use cookie_registry::RefusedSetCookie;
    /// use cookie_registry::actix::ConsentMiddleware;
    ///
    /// // Report only, while a site finds out what it sets.
    /// let reporting = ConsentMiddleware::<Cookies>::new().on_refused(RefusedSetCookie::PassAndLog);
    /// assert_eq!(reporting.refused_set_cookie(), RefusedSetCookie::PassAndLog);
    /// ```
    #[must_use]
    pub const fn on_refused(mut self, action: RefusedSetCookie) -> Self {
        self.enforcement = self.enforcement.on_refused(action);
        self
    }

    /// This middleware, adding removals for refused cookies the request carried (`true`, the
    /// default) or not.
    ///
    /// ```
    /// # use cookie_registry::CookieRegistry;
    /// # #[derive(CookieRegistry)]
    /// # #[registry(consent_cookie = Choice)]
    /// # enum Cookies {
    /// #     #[cookie(name = "choice", category = Necessary, provider = "Acme", purpose = "Consent")]
    /// #     Choice,
    /// # }
    /// use cookie_registry::actix::ConsentMiddleware;
    ///
    /// let keeping = ConsentMiddleware::<Cookies>::new().remove_refused(false);
    /// assert!(!keeping.enforcement().removes_refused());
    /// ```
    #[must_use]
    pub const fn remove_refused(mut self, remove: bool) -> Self {
        self.enforcement = self.enforcement.remove_refused(remove);
        self
    }

    /// What this middleware does with refused `Set-Cookie` headers.
    #[must_use]
    pub const fn refused_set_cookie(&self) -> RefusedSetCookie {
        self.enforcement.refused_set_cookie()
    }

    /// How this middleware enforces consent on responses.
    #[must_use]
    pub const fn enforcement(&self) -> Enforcement {
        self.enforcement
    }
}

impl<R: HasConsentCookie> Default for ConsentMiddleware<R> {
    fn default() -> Self {
        ConsentMiddleware::new()
    }
}

impl<R> Clone for ConsentMiddleware<R> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<R> Copy for ConsentMiddleware<R> {}

impl<R> fmt::Debug for ConsentMiddleware<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConsentMiddleware")
            .field("registry", &core::any::type_name::<R>())
            .field("enforcement", &self.enforcement)
            .finish()
    }
}

impl<S, B, R> Transform<S, ServiceRequest> for ConsentMiddleware<R>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>>,
    R: HasConsentCookie,
{
    type Response = ServiceResponse<B>;
    type Error = S::Error;
    type Transform = ConsentService<S, R>;
    type InitError = ();
    type Future = Ready<Result<Self::Transform, Self::InitError>>;

    fn new_transform(&self, service: S) -> Self::Future {
        ready(Ok(ConsentService {
            inner: service,
            enforcement: self.enforcement,
            registry: PhantomData,
        }))
    }
}

/// The service [`ConsentMiddleware`] wraps around an inner service `S`, for registry `R`.
pub struct ConsentService<S, R> {
    inner: S,
    enforcement: Enforcement,
    registry: PhantomData<fn() -> R>,
}

impl<S, R> ConsentService<S, R> {
    /// The inner service.
    pub const fn get_ref(&self) -> &S {
        &self.inner
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

impl<S, B, R> Service<ServiceRequest> for ConsentService<S, R>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>>,
    R: HasConsentCookie,
{
    type Response = ServiceResponse<B>;
    type Error = S::Error;
    type Future = ResponseFuture<S::Future, R>;

    forward_ready!(inner);

    fn call(&self, mut request: ServiceRequest) -> Self::Future {
        let mut carried = Carried::of(request.headers().cookie_fields());
        let summary = middleware::filter_request::<R, _>(request.headers_mut(), &mut carried);
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

impl<F, R, B, E> Future for ResponseFuture<F, R>
where
    F: Future<Output = Result<ServiceResponse<B>, E>>,
    R: HasConsentCookie,
{
    type Output = Result<ServiceResponse<B>, E>;

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
