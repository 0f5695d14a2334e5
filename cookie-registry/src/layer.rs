//! Consent enforcement as a tower middleware: [`ConsentLayer`] (feature `tower`).

use core::fmt;
use core::future::Future;
use core::marker::PhantomData;
use core::pin::Pin;
use core::task::{Context, Poll};
use std::borrow::Cow;

use http::header::{COOKIE, Entry, SET_COOKIE};
use http::{HeaderMap, HeaderValue, Request, Response};
use tower_layer::Layer;
use tower_service::Service;

use crate::header::is_removal;
use crate::{Consent, CookieRegistry, CookieSpec, allows_set_cookie, filter_cookie_header};

/// What [`ConsentLayer`] does with a response's `Set-Cookie` header that
/// [`allows_set_cookie`] refuses: a cookie the registry does not declare, or one the consent in
/// force does not allow.
///
/// ```
/// use cookie_registry::{ConsentLayer, CookieRegistry, RefusedSetCookie};
///
/// #[derive(CookieRegistry)]
/// enum Cookies {
///     #[cookie(name = "sid", category = Necessary, provider = "Acme", purpose = "Session")]
///     Sid,
/// }
///
/// // Enforce (the default):
/// let enforcing = ConsentLayer::<Cookies>::new();
/// assert_eq!(enforcing.refused_set_cookie(), RefusedSetCookie::Drop);
///
/// // Only report, while a site finds out what it sets:
/// let reporting = ConsentLayer::<Cookies>::new().on_refused(RefusedSetCookie::PassAndLog);
/// assert_eq!(reporting.refused_set_cookie(), RefusedSetCookie::PassAndLog);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum RefusedSetCookie {
    /// Remove the header from the response, and log a `tracing` event at `DEBUG` level. The
    /// default: the browser never receives a cookie the visitor did not agree to.
    #[default]
    Drop,
    /// Let the header through and log a `tracing` event at `WARN` level: a report-only mode
    /// for rolling the layer out on a site whose cookies are not all declared yet. It does not
    /// enforce consent for the response; the request's `Cookie` header is filtered all the
    /// same.
    PassAndLog,
}

/// A [`tower_layer::Layer`] that enforces the consent a visitor gave, for registry `R`, in any
/// server built on the [`http`] crate's types (axum, tonic, hyper services). Needs the `tower`
/// feature.
///
/// For every request, the service it builds ([`ConsentService`]):
///
/// 1. reads the visitor's [`Consent`] from the registry's consent cookie
///    ([`CookieRegistry::consent_cookie`], decoded by [`Consent::from_cookie_value`]); a
///    missing, malformed, forged or stale cookie counts as [`Consent::necessary_only`], and so
///    does every request when the registry names no consent cookie. When the consent cookie
///    comes more than once, the first counts (browsers send the one with the longest path
///    first);
/// 2. joins the `Cookie` header fields with `; ` (HTTP/2 and HTTP/3 send one field per cookie)
///    and rewrites them, as one field, with [`filter_cookie_header`]: the inner service never
///    sees a cookie that is undeclared or not allowed by the consent. A single field from which
///    nothing is removed is left as it is; a header left with no cookie is removed;
/// 3. inserts the [`Consent`] into the request's extensions, where handlers read it
///    (`axum::Extension<Consent>`, or `request.extensions().get::<Consent>()`);
/// 4. on the response, drops each `Set-Cookie` header that [`allows_set_cookie`] refuses, or
///    passes it and logs it, as [`RefusedSetCookie`] says (removals always pass). When the
///    response itself sets the consent cookie (the consent endpoint), that new consent, not
///    the request's, governs the response's other `Set-Cookie` headers: granting lets the
///    cookies of the granted categories through at once, and a removal of the consent cookie
///    (or a value that does not decode) counts as necessary-only. If it is set more than
///    once, the last one counts, as in the browser.
///
/// Header values are bytes, and no value makes the layer panic. A `Cookie` field that is not
/// UTF-8 is filtered pair by pair all the same: a pair is kept or dropped by its name, as
/// [`filter_cookie_header`] decides, and a kept pair keeps its bytes (a non-UTF-8 name is never
/// declared, so its pair is dropped; a consent cookie whose value is not UTF-8 is no consent).
/// A `Set-Cookie` value that is not UTF-8 is judged by its name and attributes, with the
/// invalid bytes read as U+FFFD, and passed on with its original bytes if allowed. The log
/// events name the cookie and its category, never its value.
///
/// ```
/// use axum::{Extension, Router, routing::get};
/// use cookie_registry::{Consent, ConsentLayer, CookieRegistry};
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
/// async fn home(Extension(consent): Extension<Consent>) -> String {
///     format!("granted: {:?}", consent.granted().collect::<Vec<_>>())
/// }
///
/// let app: Router = Router::new()
///     .route("/", get(home))
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
/// // No consent cookie: the handler saw only `sid`, and only `sid` is set.
/// assert_eq!(response.body().as_ref().unwrap(), "sid=1");
/// let set: Vec<_> = response.headers().get_all(SET_COOKIE).iter().collect();
/// assert_eq!(set, ["sid=1"]);
/// ```
pub struct ConsentLayer<R> {
    refused: RefusedSetCookie,
    registry: PhantomData<fn() -> R>,
}

impl<R: CookieRegistry> ConsentLayer<R> {
    /// A layer for registry `R` that drops refused `Set-Cookie` headers
    /// ([`RefusedSetCookie::Drop`]).
    #[must_use]
    pub const fn new() -> Self {
        ConsentLayer {
            refused: RefusedSetCookie::Drop,
            registry: PhantomData,
        }
    }

    /// This layer, with `action` for the `Set-Cookie` headers that consent refuses.
    #[must_use]
    pub const fn on_refused(mut self, action: RefusedSetCookie) -> Self {
        self.refused = action;
        self
    }

    /// What this layer does with refused `Set-Cookie` headers.
    #[must_use]
    pub const fn refused_set_cookie(&self) -> RefusedSetCookie {
        self.refused
    }
}

impl<R: CookieRegistry> Default for ConsentLayer<R> {
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
            .field("refused", &self.refused)
            .finish()
    }
}

impl<S, R: CookieRegistry> Layer<S> for ConsentLayer<R> {
    type Service = ConsentService<S, R>;

    fn layer(&self, inner: S) -> Self::Service {
        ConsentService {
            inner,
            refused: self.refused,
            registry: PhantomData,
        }
    }
}

/// The service [`ConsentLayer`] wraps around an inner service `S`, for registry `R`.
///
/// It accepts any `http::Request<B>` and passes the inner service's errors through unchanged.
pub struct ConsentService<S, R> {
    inner: S,
    refused: RefusedSetCookie,
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
            refused: self.refused,
            registry: PhantomData,
        }
    }
}

impl<S: fmt::Debug, R> fmt::Debug for ConsentService<S, R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConsentService")
            .field("inner", &self.inner)
            .field("registry", &core::any::type_name::<R>())
            .field("refused", &self.refused)
            .finish()
    }
}

impl<S, R, ReqBody, ResBody> Service<Request<ReqBody>> for ConsentService<S, R>
where
    S: Service<Request<ReqBody>, Response = Response<ResBody>>,
    R: CookieRegistry,
{
    type Response = Response<ResBody>;
    type Error = S::Error;
    type Future = ResponseFuture<S::Future, R>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request<ReqBody>) -> Self::Future {
        let consent = filter_request::<R>(request.headers_mut());
        request.extensions_mut().insert(consent);
        ResponseFuture {
            inner: self.inner.call(request),
            consent,
            refused: self.refused,
            registry: PhantomData,
        }
    }
}

pin_project_lite::pin_project! {
    /// The future of [`ConsentService`]: the inner service's response, with the `Set-Cookie`
    /// headers that consent refuses dropped or logged.
    pub struct ResponseFuture<F, R> {
        #[pin]
        inner: F,
        consent: Consent,
        refused: RefusedSetCookie,
        registry: PhantomData<fn() -> R>,
    }
}

impl<F, R, ResBody, E> Future for ResponseFuture<F, R>
where
    F: Future<Output = Result<Response<ResBody>, E>>,
    R: CookieRegistry,
{
    type Output = Result<Response<ResBody>, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let mut response = match this.inner.poll(cx) {
            Poll::Ready(Ok(response)) => response,
            other => return other,
        };
        gate_response::<R>(response.headers_mut(), *this.consent, *this.refused);
        Poll::Ready(Ok(response))
    }
}

impl<F, R> fmt::Debug for ResponseFuture<F, R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResponseFuture")
            .field("consent", &self.consent)
            .field("refused", &self.refused)
            .finish_non_exhaustive()
    }
}

/// Reads the consent from the `Cookie` header fields and rewrites them into one filtered field
/// (or none, when no cookie is left).
///
/// A field that is not UTF-8 is still filtered pair by pair: a pair is kept or dropped by its
/// name, exactly as [`filter_cookie_header`] decides, and a kept pair's bytes are kept as sent.
fn filter_request<R: CookieRegistry>(headers: &mut HeaderMap) -> Consent {
    let fields = headers.get_all(COOKIE);
    let mut iter = fields.iter();
    let Some(first) = iter.next() else {
        return Consent::necessary_only();
    };
    let several = iter.next().is_some();
    let sensitive = fields.iter().any(HeaderValue::is_sensitive);
    let joined: Cow<'_, [u8]> = if several {
        let mut joined = Vec::new();
        for field in &fields {
            if !joined.is_empty() {
                joined.extend_from_slice(b"; ");
            }
            joined.extend_from_slice(field.as_bytes());
        }
        Cow::Owned(joined)
    } else {
        Cow::Borrowed(first.as_bytes())
    };

    let consent = consent_in_cookie_header::<R>(&joined);
    let filtered: Cow<'_, [u8]> = match core::str::from_utf8(&joined) {
        Ok(text) => match filter_cookie_header::<R>(text, &consent) {
            Cow::Borrowed(kept) => Cow::Borrowed(kept.as_bytes()),
            Cow::Owned(kept) => Cow::Owned(kept.into_bytes()),
        },
        Err(_) => filter_bytes::<R>(&joined, &consent),
    };
    if !several && matches!(filtered, Cow::Borrowed(_)) {
        return consent; // one field, nothing removed: leave it as it is
    }
    let replacement = if filtered.is_empty() {
        None
    } else {
        // The bytes come from valid header values joined by "; ", so this cannot fail; if it
        // did, the header would be removed rather than passed on unfiltered.
        HeaderValue::from_bytes(&filtered).ok()
    };
    match replacement {
        Some(mut value) => {
            value.set_sensitive(sensitive);
            headers.insert(COOKIE, value);
        }
        None => {
            headers.remove(COOKIE);
        }
    }
    consent
}

/// The `;`-separated pairs of a `Cookie` header as bytes, without surrounding white space,
/// empty ones skipped, each split into its name and value (`None` when it has no `=`).
fn cookie_pairs(header: &[u8]) -> impl Iterator<Item = (&[u8], Option<&[u8]>, &[u8])> {
    header
        .split(|&b| b == b';')
        .map(trim_ows)
        .filter(|pair| !pair.is_empty())
        .map(|pair| match pair.iter().position(|&b| b == b'=') {
            Some(eq) => (trim_ows(&pair[..eq]), Some(trim_ows(&pair[eq + 1..])), pair),
            None => (pair, None, pair),
        })
}

fn trim_ows(bytes: &[u8]) -> &[u8] {
    let is_ows = |b: &u8| *b == b' ' || *b == b'\t';
    let start = bytes.iter().position(|b| !is_ows(b)).unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|b| !is_ows(b))
        .map_or(start, |i| i + 1);
    &bytes[start..end]
}

fn consent_spec<R: CookieRegistry>() -> Option<&'static CookieSpec> {
    R::consent_cookie().map(|cookie| cookie.spec())
}

/// The consent recorded in the first consent cookie of a `Cookie` header (browsers send the
/// cookie with the most specific path first), or necessary-only when there is none or it does
/// not decode.
fn consent_in_cookie_header<R: CookieRegistry>(header: &[u8]) -> Consent {
    let Some(spec) = consent_spec::<R>() else {
        return Consent::necessary_only();
    };
    cookie_pairs(header)
        .find_map(|(name, value, _)| {
            let name = core::str::from_utf8(name).ok()?;
            spec.matches(name).then_some(value)
        })
        .flatten()
        .and_then(|value| core::str::from_utf8(unquote(value)).ok())
        .and_then(|value| Consent::from_cookie_value::<R>(value).ok())
        .unwrap_or_else(Consent::necessary_only)
}

/// A cookie value without the double quotes RFC 6265 allows around it.
fn unquote(value: &[u8]) -> &[u8] {
    match value {
        [b'"', inner @ .., b'"'] => inner,
        _ => value,
    }
}

/// [`filter_cookie_header`] for a header that is not UTF-8: the same decision per pair, made on
/// the pair's name, with the kept pairs' bytes unchanged.
fn filter_bytes<'h, R: CookieRegistry>(header: &'h [u8], consent: &Consent) -> Cow<'h, [u8]> {
    let mut out = Vec::with_capacity(header.len());
    for (name, value, pair) in cookie_pairs(header) {
        let allowed = value.is_some()
            && !name.is_empty()
            && core::str::from_utf8(name)
                .ok()
                .and_then(R::spec_of)
                .is_some_and(|spec| spec.allowed_by(consent));
        if allowed {
            if !out.is_empty() {
                out.extend_from_slice(b"; ");
            }
            out.extend_from_slice(pair);
        }
    }
    Cow::Owned(out)
}

/// A `Set-Cookie` value as text: non-UTF-8 bytes become U+FFFD. Declared names are ASCII
/// tokens, so this never turns a refused cookie into an allowed one; the header itself is
/// passed on with its original bytes.
fn set_cookie_text(value: &HeaderValue) -> Cow<'_, str> {
    String::from_utf8_lossy(value.as_bytes())
}

/// The consent a response sets through the consent cookie, if it sets one: the last such
/// `Set-Cookie` wins, as in the browser. A removal of the consent cookie, or a value that does
/// not decode, sets necessary-only.
fn consent_in_set_cookie<R: CookieRegistry>(headers: &HeaderMap) -> Option<Consent> {
    let spec = consent_spec::<R>()?;
    headers
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|value| {
            let text = set_cookie_text(value);
            let cookie = cookie::Cookie::parse(text.as_ref()).ok()?;
            if !spec.matches(cookie.name()) {
                return None;
            }
            if is_removal(&cookie) {
                return Some(Consent::necessary_only());
            }
            Some(
                Consent::from_cookie_value::<R>(unquote_str(cookie.value()))
                    .unwrap_or_else(|_| Consent::necessary_only()),
            )
        })
        .next_back() // the last one wins
}

fn unquote_str(value: &str) -> &str {
    value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .unwrap_or(value)
}

/// Drops (or logs) the `Set-Cookie` headers refused under the consent in force for this
/// response: the one the response sets, if any, otherwise the request's.
fn gate_response<R: CookieRegistry>(
    headers: &mut HeaderMap,
    request_consent: Consent,
    refused: RefusedSetCookie,
) {
    if !headers.contains_key(SET_COOKIE) {
        return;
    }
    let consent = consent_in_set_cookie::<R>(headers).unwrap_or(request_consent);
    let allowed = |value: &HeaderValue| allows_set_cookie::<R>(&set_cookie_text(value), &consent);
    if headers.get_all(SET_COOKIE).iter().all(allowed) {
        return;
    }
    match refused {
        RefusedSetCookie::PassAndLog => {
            for value in headers.get_all(SET_COOKIE).iter().filter(|v| !allowed(v)) {
                log_refused::<R>(value, &consent, refused);
            }
        }
        RefusedSetCookie::Drop => {
            let Entry::Occupied(entry) = headers.entry(SET_COOKIE) else {
                return;
            };
            let (_, values) = entry.remove_entry_mult();
            let kept: Vec<HeaderValue> = values
                .filter(|value| {
                    let keep = allowed(value);
                    if !keep {
                        log_refused::<R>(value, &consent, refused);
                    }
                    keep
                })
                .collect();
            for value in kept {
                headers.append(SET_COOKIE, value);
            }
        }
    }
}

/// Logs a refused `Set-Cookie` by its cookie's name and category, never its value.
fn log_refused<R: CookieRegistry>(
    value: &HeaderValue,
    consent: &Consent,
    action: RefusedSetCookie,
) {
    let text = set_cookie_text(value);
    let parsed = cookie::Cookie::parse(text.as_ref());
    let name = parsed
        .as_ref()
        .map_or("<unparseable>", cookie::Cookie::name);
    let category = R::category_of(name).map_or("undeclared", |category| category.as_str());
    let granted = GrantedList(consent);
    match action {
        RefusedSetCookie::Drop => tracing::debug!(
            cookie = name,
            category,
            granted = %granted,
            "cookie-registry: dropped a Set-Cookie that consent does not allow"
        ),
        RefusedSetCookie::PassAndLog => tracing::warn!(
            cookie = name,
            category,
            granted = %granted,
            "cookie-registry: passed a Set-Cookie that consent does not allow"
        ),
    }
}

/// The granted categories, comma-separated, for the log.
struct GrantedList<'a>(&'a Consent);

impl fmt::Display for GrantedList<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, category) in self.0.granted().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            f.write_str(category.as_str())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
