//! [`GpcOptOutLayer`]: a honoured Global Privacy Control opt-out kept as a consent record.

use core::fmt;
use core::future::Future;
use core::marker::PhantomData;
use core::pin::Pin;
use core::task::{Context, Poll};
use core::time::Duration;

use http::{Request, Response};
use tower_layer::Layer;
use tower_service::Service;

use crate::adapter::gpc::{self, GpcConfig};
use crate::{ConsentState, ConsentStore, HasConsentCookie};

/// A [`tower_layer::Layer`] that records a honoured Global Privacy Control opt-out in a
/// [`ConsentStore`], once per visitor, with the method
/// [`ConsentMethod::GlobalPrivacyControl`](crate::ConsentMethod::GlobalPrivacyControl). Needs
/// the `tower` feature.
///
/// It goes **inside** [`ConsentLayer`](crate::ConsentLayer) (in axum, an earlier `.layer`
/// call), and reads the [`ConsentState`] that layer puts in the request's extensions. When the
/// state says the signal is honoured ([`ConsentState::gpc_honoured`]: `Sec-GPC: 1` under the
/// opt-out regime) and the visitor's consent cookie does not yet refuse Marketing, it calls the
/// inner service, then stores the record of [`engine::gpc_opt_out`] (waiting up to the store
/// timeout, 2 s by default) and appends the consent cookie that carries it to the response. The
/// next request finds the opt-out recorded and records nothing.
///
/// The opt-out is honoured whether or not the record is kept: [`ConsentLayer`](crate::ConsentLayer)
/// refuses Marketing from the signal alone. When the store fails or times out, the response goes
/// out without the consent cookie (logged through `tracing`), and the next request tries again.
/// A response that sets the consent cookie itself (the consent endpoint's, whose decision the
/// endpoint records) is left as it is. Every other request passes through untouched, without
/// waiting.
///
/// ```
/// use axum::{Router, routing::get};
/// use cookie_registry::signals::Regime;
/// use cookie_registry::{ConsentLayer, CookieRegistry, GpcOptOutLayer, MemoryStore};
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
/// let app: Router = Router::new()
///     .route("/", get(|| async { "home" }))
///     .layer(GpcOptOutLayer::<Cookies>::new(store)) // inside...
///     .layer(ConsentLayer::<Cookies>::new().regime(|_| Regime::OptOut)); // ...the consent layer
/// ```
pub struct GpcOptOutLayer<R> {
    config: GpcConfig,
    registry: PhantomData<fn() -> R>,
}

impl<R: HasConsentCookie> GpcOptOutLayer<R> {
    /// A layer that records honoured GPC opt-outs in `store`.
    #[must_use]
    pub fn new(store: impl ConsentStore + 'static) -> Self {
        GpcOptOutLayer {
            config: GpcConfig::new(store),
            registry: PhantomData,
        }
    }

    /// This layer, waiting at most `timeout` for the store (2 s by default).
    #[must_use]
    pub fn store_timeout(mut self, timeout: Duration) -> Self {
        self.config.store_timeout(timeout);
        self
    }
}

impl<R> Clone for GpcOptOutLayer<R> {
    fn clone(&self) -> Self {
        GpcOptOutLayer {
            config: self.config.clone(),
            registry: PhantomData,
        }
    }
}

impl<R> fmt::Debug for GpcOptOutLayer<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GpcOptOutLayer")
            .field("registry", &core::any::type_name::<R>())
            .field("store_timeout", &self.config.timeout())
            .finish_non_exhaustive()
    }
}

impl<S, R> Layer<S> for GpcOptOutLayer<R> {
    type Service = GpcOptOutService<S, R>;

    fn layer(&self, inner: S) -> Self::Service {
        GpcOptOutService {
            inner,
            layer: self.clone(),
        }
    }
}

/// The service [`GpcOptOutLayer`] wraps around an inner service `S`, for registry `R`.
pub struct GpcOptOutService<S, R> {
    inner: S,
    layer: GpcOptOutLayer<R>,
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

impl<S: Clone, R> Clone for GpcOptOutService<S, R> {
    fn clone(&self) -> Self {
        GpcOptOutService {
            inner: self.inner.clone(),
            layer: self.layer.clone(),
        }
    }
}

impl<S: fmt::Debug, R> fmt::Debug for GpcOptOutService<S, R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GpcOptOutService")
            .field("inner", &self.inner)
            .field("layer", &self.layer)
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
        Record { future: Pin<Box<dyn Future<Output = O> + Send>> },
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

impl<S, R, ReqBody, ResBody> Service<Request<ReqBody>> for GpcOptOutService<S, R>
where
    S: Service<Request<ReqBody>, Response = Response<ResBody>>,
    S::Future: Send + 'static,
    S::Error: Send + 'static,
    ResBody: Send + 'static,
    R: HasConsentCookie + Send + 'static,
{
    type Response = Response<ResBody>;
    type Error = S::Error;
    type Future = GpcOptOutFuture<S::Future, Result<Response<ResBody>, S::Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<ReqBody>) -> Self::Future {
        let due = gpc::due::<R>(request.extensions().get::<ConsentState>());
        let response = self.inner.call(request);
        let Some(record) = due else {
            return GpcOptOutFuture {
                state: State::Pass { inner: response },
            };
        };
        let config = self.layer.config.clone();
        let future = Box::pin(async move {
            let mut response = response.await?;
            gpc::keep::<R, _, _>(&config, &record, response.headers_mut(), tokio::time::sleep)
                .await;
            Ok(response)
        });
        GpcOptOutFuture {
            state: State::Record { future },
        }
    }
}
