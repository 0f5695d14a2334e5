//! [`GpcOptOut`]: a honoured Global Privacy Control opt-out kept as a consent record, for
//! actix-web.

use core::fmt;
use core::future::{Future, Ready, ready};
use core::marker::PhantomData;
use core::pin::Pin;
use core::task::{Context, Poll};
use core::time::Duration;

use actix_web::HttpMessage as _;
use actix_web::dev::{Service, ServiceRequest, ServiceResponse, Transform, forward_ready};

use crate::adapter::gpc::{self, GpcConfig};
use crate::{ConsentState, ConsentStore, HasConsentCookie};

/// actix-web middleware that records a honoured Global Privacy Control opt-out in a
/// [`ConsentStore`], once per visitor: what `GpcOptOutLayer` does for tower. Needs the `actix`
/// feature.
///
/// It goes **inside** [`ConsentMiddleware`](super::ConsentMiddleware) (an earlier `.wrap` call:
/// actix-web runs the last `.wrap` first) and reads the [`ConsentState`] that middleware puts
/// in the request's extensions. When the signal is honoured ([`ConsentState::gpc_honoured`])
/// and the visitor's consent cookie does not yet refuse Marketing, it stores the record of
/// [`engine::gpc_opt_out`] after the inner service answers (waiting up to the store timeout,
/// 2 s by default) and appends the consent cookie that carries it. When the store fails or
/// times out, the response goes out without it (the opt-out is honoured all the same) and the
/// next request tries again. A response that sets the consent cookie itself (the consent
/// endpoint's) is left as it is.
///
/// ```
/// use actix_web::{App, HttpResponse, web};
/// use cookie_registry::actix::{ConsentMiddleware, GpcOptOut};
/// use cookie_registry::signals::Regime;
/// use cookie_registry::{CookieRegistry, MemoryStore};
///
/// #[derive(CookieRegistry)]
/// #[registry(provider = "Acme", consent_cookie = Choice)]
/// enum Cookies {
///     #[cookie(name = "choice", category = Necessary, purpose = "Your cookie choice", max_age = "26w")]
///     Choice,
///     #[cookie(name = "_fbp", category = Marketing, purpose = "Ads")]
///     Fbp,
/// }
///
/// let store = MemoryStore::new(); // a `cookie_registry_ledger::Ledger` in production
/// let app = App::new()
///     .wrap(GpcOptOut::<Cookies>::new(store)) // inside...
///     .wrap(ConsentMiddleware::<Cookies>::new().regime(|_| Regime::OptOut)) // ...the middleware
///     .route("/", web::get().to(HttpResponse::Ok));
/// # let _ = app;
/// ```
pub struct GpcOptOut<R> {
    config: GpcConfig,
    registry: PhantomData<fn() -> R>,
}

impl<R: HasConsentCookie> GpcOptOut<R> {
    /// Middleware that records honoured GPC opt-outs in `store`.
    #[must_use]
    pub fn new(store: impl ConsentStore + 'static) -> Self {
        GpcOptOut {
            config: GpcConfig::new(store),
            registry: PhantomData,
        }
    }

    /// This middleware, waiting at most `timeout` for the store (2 s by default).
    #[must_use]
    pub fn store_timeout(mut self, timeout: Duration) -> Self {
        self.config.store_timeout(timeout);
        self
    }
}

impl<R> Clone for GpcOptOut<R> {
    fn clone(&self) -> Self {
        GpcOptOut {
            config: self.config.clone(),
            registry: PhantomData,
        }
    }
}

impl<R> fmt::Debug for GpcOptOut<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GpcOptOut")
            .field("registry", &core::any::type_name::<R>())
            .field("store_timeout", &self.config.timeout())
            .finish_non_exhaustive()
    }
}

impl<S, B, R> Transform<S, ServiceRequest> for GpcOptOut<R>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>>,
    S::Future: 'static,
    B: 'static,
    R: HasConsentCookie + 'static,
{
    type Response = ServiceResponse<B>;
    type Error = S::Error;
    type Transform = GpcOptOutService<S, R>;
    type InitError = ();
    type Future = Ready<Result<Self::Transform, Self::InitError>>;

    fn new_transform(&self, service: S) -> Self::Future {
        ready(Ok(GpcOptOutService {
            inner: service,
            middleware: self.clone(),
        }))
    }
}

/// The service [`GpcOptOut`] wraps around an inner service `S`, for registry `R`.
pub struct GpcOptOutService<S, R> {
    inner: S,
    middleware: GpcOptOut<R>,
}

impl<S, R> GpcOptOutService<S, R> {
    /// The inner service.
    pub const fn get_ref(&self) -> &S {
        &self.inner
    }

    /// The inner service, unwrapped.
    pub fn into_inner(self) -> S {
        self.inner
    }
}

impl<S: fmt::Debug, R> fmt::Debug for GpcOptOutService<S, R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GpcOptOutService")
            .field("inner", &self.inner)
            .field("middleware", &self.middleware)
            .finish()
    }
}

pin_project_lite::pin_project! {
    /// The future of [`GpcOptOutService`]: the inner service's own future for a request with
    /// nothing to record; a boxed one that records the opt-out after it otherwise.
    pub struct GpcOptOutFuture<F, O> {
        #[pin]
        state: State<F, O>,
    }
}

pin_project_lite::pin_project! {
    #[project = Projected]
    enum State<F, O> {
        // A request with nothing to record.
        Pass { #[pin] inner: F },
        // A request whose opt-out is recorded once the inner service answers.
        Record { future: Pin<Box<dyn Future<Output = O>>> },
    }
}

impl<F: Future> Future for GpcOptOutFuture<F, F::Output> {
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project().state.project() {
            Projected::Pass { inner } => inner.poll(cx),
            Projected::Record { future } => future.as_mut().poll(cx),
        }
    }
}

impl<F, O> fmt::Debug for GpcOptOutFuture<F, O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let recording = matches!(self.state, State::Record { .. });
        f.debug_struct("GpcOptOutFuture")
            .field("recording", &recording)
            .finish_non_exhaustive()
    }
}

impl<S, B, R> Service<ServiceRequest> for GpcOptOutService<S, R>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>>,
    S::Future: 'static,
    B: 'static,
    R: HasConsentCookie + 'static,
{
    type Response = ServiceResponse<B>;
    type Error = S::Error;
    type Future = GpcOptOutFuture<S::Future, Result<ServiceResponse<B>, S::Error>>;

    forward_ready!(inner);

    fn call(&self, request: ServiceRequest) -> Self::Future {
        let due = gpc::due::<R>(request.extensions().get::<ConsentState>());
        let response = self.inner.call(request);
        let Some(record) = due else {
            return GpcOptOutFuture {
                state: State::Pass { inner: response },
            };
        };
        let config = self.middleware.config.clone();
        let future = Box::pin(async move {
            let mut response = response.await?;
            gpc::keep::<R, _, _>(
                &config,
                &record,
                response.headers_mut(),
                actix_web::rt::time::sleep,
            )
            .await;
            Ok(response)
        });
        GpcOptOutFuture {
            state: State::Record { future },
        }
    }
}
