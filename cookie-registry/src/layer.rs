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
mod tests {
    use std::sync::{Arc, Mutex};
    use std::task::Waker;

    use http::{HeaderValue, Request, Response};
    use tower::{ServiceExt, service_fn};

    use super::*;
    use crate::Category;

    /// The tests' registry, written by hand: the derive's expansion names `::cookie_registry`,
    /// which this crate's own unit tests cannot reach.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Cookies {
        Sid,
        Consent,
        Theme,
        Ga,
        GaSession,
        Fbp,
    }

    const fn spec(
        name: &'static str,
        family: bool,
        category: Category,
        max_age: Option<core::time::Duration>,
    ) -> CookieSpec {
        CookieSpec {
            name,
            family,
            category,
            provider: "Acme",
            purpose: "Testing",
            function: None,
            max_age,
            secure: false,
            http_only: false,
            same_site: None,
            path: None,
            domain: None,
            third_party: false,
            anonymized: false,
        }
    }

    impl CookieRegistry for Cookies {
        const ALL: &'static [Self] = &[
            Cookies::Sid,
            Cookies::Consent,
            Cookies::Theme,
            Cookies::Ga,
            Cookies::GaSession,
            Cookies::Fbp,
        ];
        const SPECS: &'static [CookieSpec] = &[
            spec("sid", false, Category::Necessary, None),
            spec(
                "consent",
                false,
                Category::Necessary,
                Some(core::time::Duration::from_secs(26 * 7 * 86_400)),
            ),
            spec("theme", false, Category::Preferences, None),
            spec("_ga", false, Category::Statistics, None),
            spec("_ga_", true, Category::Statistics, None),
            spec("_fbp", false, Category::Marketing, None),
        ];

        fn spec(&self) -> &'static CookieSpec {
            &Self::SPECS[*self as usize]
        }

        fn from_name(name: &str) -> Option<Self> {
            let exact = Self::SPECS.iter().position(|s| !s.family && s.name == name);
            let family = || Self::SPECS.iter().position(|s| s.family && s.matches(name));
            exact.or_else(family).map(|i| Self::ALL[i])
        }

        fn spec_of(name: &str) -> Option<&'static CookieSpec> {
            Self::from_name(name).map(|cookie| cookie.spec())
        }

        fn revision(category: Category) -> u32 {
            0x1234_5670 + category as u32
        }

        fn consent_cookie() -> Option<Self> {
            Some(Cookies::Consent)
        }
    }

    fn consent_of(categories: &[Category]) -> Consent {
        categories.iter().copied().collect()
    }

    fn consent_cookie(categories: &[Category]) -> String {
        format!(
            "consent={}",
            consent_of(categories).to_cookie_value::<Cookies>()
        )
    }

    /// Polls a future that the tests' inner services make ready at once.
    fn block_on<F: Future>(future: F) -> F::Output {
        install_recorder();
        let mut future = std::pin::pin!(future);
        let mut cx = Context::from_waker(Waker::noop());
        loop {
            if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
                return output;
            }
        }
    }

    /// What the inner service saw: its `Cookie` header fields and the `Consent` extension.
    #[derive(Debug, Default, Clone)]
    struct Seen {
        cookie_fields: Vec<Vec<u8>>,
        consent: Option<Consent>,
    }

    /// Sends `request` through the layer around an inner service that records what it sees
    /// and answers with `set_cookies`; returns what it saw and the response's `Set-Cookie`s.
    fn run(
        layer: ConsentLayer<Cookies>,
        request: Request<()>,
        set_cookies: &[&str],
    ) -> (Seen, Vec<String>) {
        let seen = Arc::new(Mutex::new(Seen::default()));
        let recorder = Arc::clone(&seen);
        let set_cookies: Vec<String> = set_cookies.iter().map(|s| (*s).to_owned()).collect();
        let inner = service_fn(move |request: Request<()>| {
            let mut seen = recorder.lock().unwrap();
            seen.cookie_fields = request
                .headers()
                .get_all(COOKIE)
                .iter()
                .map(|v| v.as_bytes().to_vec())
                .collect();
            seen.consent = request.extensions().get::<Consent>().copied();
            let mut response = Response::new(());
            for value in &set_cookies {
                response
                    .headers_mut()
                    .append(SET_COOKIE, HeaderValue::from_str(value).unwrap());
            }
            async move { Ok::<_, std::convert::Infallible>(response) }
        });
        let response = block_on(layer.layer(inner).oneshot(request)).unwrap();
        let set_cookies = response
            .headers()
            .get_all(SET_COOKIE)
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect();
        let seen = seen.lock().unwrap().clone();
        (seen, set_cookies)
    }

    fn request(cookie_fields: &[&[u8]]) -> Request<()> {
        let mut request = Request::new(());
        for field in cookie_fields {
            request
                .headers_mut()
                .append(COOKIE, HeaderValue::from_bytes(field).unwrap());
        }
        request
    }

    fn names(set_cookies: &[String]) -> Vec<&str> {
        set_cookies
            .iter()
            .map(|v| v.split('=').next().unwrap())
            .collect()
    }

    const EVERY_COOKIE: [&str; 6] = [
        "sid=1; Path=/",
        "theme=dark",
        "_ga=GA1.2.3",
        "_ga_ABC=GS1.1",
        "_fbp=fb.1",
        "tracker=x",
    ];

    #[test]
    fn no_cookie_header_means_necessary_only() {
        let (seen, set) = run(ConsentLayer::new(), request(&[]), &EVERY_COOKIE);
        assert!(seen.cookie_fields.is_empty());
        assert_eq!(seen.consent, Some(Consent::necessary_only()));
        assert_eq!(names(&set), ["sid"]);
    }

    #[test]
    fn one_field_is_filtered_and_the_consent_is_passed_on() {
        let stats = consent_cookie(&[Category::Statistics]);
        let header = format!("sid=1; {stats}; _ga=GA1; _fbp=fb; tracker=x; _ga_X=2");
        let (seen, set) = run(
            ConsentLayer::new(),
            request(&[header.as_bytes()]),
            &EVERY_COOKIE,
        );
        let expected = format!("sid=1; {stats}; _ga=GA1; _ga_X=2");
        assert_eq!(seen.cookie_fields, [expected.into_bytes()]);
        assert_eq!(seen.consent, Some(consent_of(&[Category::Statistics])));
        assert_eq!(names(&set), ["sid", "_ga", "_ga_ABC"]);
    }

    #[test]
    fn an_allowed_header_is_left_untouched() {
        let header = b"sid=1;  consent=garbage;theme=dark";
        let mut request = request(&[header]);
        let mut value = HeaderValue::from_bytes(header).unwrap();
        value.set_sensitive(true);
        request.headers_mut().insert(COOKIE, value);
        let (seen, _) = run(ConsentLayer::new(), request, &[]);
        // `theme` needs Preferences, which the garbage consent cookie does not grant.
        assert_eq!(seen.cookie_fields, [b"sid=1; consent=garbage".to_vec()]);

        let (seen, _) = run(ConsentLayer::new(), self::request(&[b"sid=1;  x"]), &[]);
        assert_eq!(seen.cookie_fields, [b"sid=1".to_vec()]);
        let (seen, _) = run(ConsentLayer::new(), self::request(&[b"sid=1;sid=2"]), &[]);
        assert_eq!(seen.cookie_fields, [b"sid=1;sid=2".to_vec()]);
    }

    #[test]
    fn several_cookie_fields_are_joined_then_filtered() {
        // HTTP/2 and HTTP/3 send one field per cookie; the consent may be in any of them.
        let stats = consent_cookie(&[Category::Statistics]);
        let fields: [&[u8]; 5] = [
            b"sid=1",
            b"_fbp=fb",
            stats.as_bytes(),
            b"_ga=GA1; theme=dark",
            b"",
        ];
        let (seen, set) = run(ConsentLayer::new(), request(&fields), &EVERY_COOKIE);
        let expected = format!("sid=1; {stats}; _ga=GA1");
        assert_eq!(seen.cookie_fields, [expected.into_bytes()]);
        assert_eq!(seen.consent, Some(consent_of(&[Category::Statistics])));
        assert_eq!(names(&set), ["sid", "_ga", "_ga_ABC"]);

        // Joined even when nothing is removed: handlers get one field.
        let (seen, _) = run(ConsentLayer::new(), request(&[b"sid=1", b"consent=x"]), &[]);
        assert_eq!(seen.cookie_fields, [b"sid=1; consent=x".to_vec()]);
    }

    #[test]
    fn a_header_left_empty_is_removed() {
        let (seen, _) = run(
            ConsentLayer::new(),
            request(&[b"_ga=1", b"tracker=2; ;"]),
            &[],
        );
        assert!(seen.cookie_fields.is_empty());
    }

    #[test]
    fn forged_and_stale_consent_cookies_count_as_none() {
        let stale = format!(
            "consent=1.s{:08x}",
            Cookies::revision(Category::Statistics).wrapping_add(1)
        );
        for consent in ["consent=garbage", "consent=", "consent", stale.as_str()] {
            let header = format!("{consent}; _ga=GA1");
            let (seen, set) = run(
                ConsentLayer::new(),
                request(&[header.as_bytes()]),
                &EVERY_COOKIE,
            );
            assert_eq!(seen.consent, Some(Consent::necessary_only()), "{consent}");
            let sent_ga = |field: &Vec<u8>| field.windows(4).any(|w| w == b"_ga=");
            assert!(!seen.cookie_fields.iter().any(sent_ga), "{consent}");
            assert_eq!(names(&set), ["sid"], "{consent}");
        }
    }

    #[test]
    fn the_first_consent_cookie_counts_and_quotes_are_allowed() {
        let stats = consent_of(&[Category::Statistics]).to_cookie_value::<Cookies>();
        let marketing = consent_of(&[Category::Marketing]).to_cookie_value::<Cookies>();
        let header = format!("consent=\"{stats}\"; consent={marketing}");
        let (seen, _) = run(ConsentLayer::new(), request(&[header.as_bytes()]), &[]);
        assert_eq!(seen.consent, Some(consent_of(&[Category::Statistics])));
    }

    #[test]
    fn a_non_utf8_header_is_filtered_pair_by_pair() {
        let stats = consent_cookie(&[Category::Statistics]);
        let header = [
            b"sid=caf\xe9; _fbp=\xff; ".as_slice(),
            stats.as_bytes(),
            b"; _ga=\xfe1; tr\xe9cker=1; theme=x",
        ]
        .concat();
        let (seen, _) = run(ConsentLayer::new(), request(&[&header]), &[]);
        let expected = [
            b"sid=caf\xe9; ".as_slice(),
            stats.as_bytes(),
            b"; _ga=\xfe1",
        ]
        .concat();
        assert_eq!(seen.cookie_fields, [expected]);
        assert_eq!(seen.consent, Some(consent_of(&[Category::Statistics])));

        // A consent cookie whose value is not UTF-8 is not a consent.
        let (seen, _) = run(
            ConsentLayer::new(),
            request(&[b"consent=1.s\xff; _ga=1"]),
            &[],
        );
        assert_eq!(seen.consent, Some(Consent::necessary_only()));
        assert_eq!(seen.cookie_fields, [b"consent=1.s\xff".to_vec()]);
    }

    #[test]
    fn removals_always_pass() {
        let set = [
            "_fbp=; Max-Age=0",
            "tracker=; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
            "_ga=1; Max-Age=60",
        ];
        let (_, set) = run(ConsentLayer::new(), request(&[]), &set);
        assert_eq!(names(&set), ["_fbp", "tracker"]);
    }

    #[test]
    fn the_consent_a_response_sets_governs_its_other_set_cookies() {
        let granted = consent_of(&[Category::Statistics]).to_cookie_value::<Cookies>();
        let mut set: Vec<String> = EVERY_COOKIE.iter().map(|s| (*s).to_owned()).collect();
        set.insert(2, format!("consent={granted}; Max-Age=15724800"));
        let set: Vec<&str> = set.iter().map(String::as_str).collect();

        // No consent in the request: the response's own consent cookie decides.
        let (_, out) = run(ConsentLayer::new(), request(&[]), &set);
        assert_eq!(names(&out), ["sid", "consent", "_ga", "_ga_ABC"]);

        // The response withdraws a consent the request had: the withdrawal decides.
        let all = consent_cookie(&[
            Category::Preferences,
            Category::Statistics,
            Category::Marketing,
        ]);
        let mut withdrawing = EVERY_COOKIE.to_vec();
        withdrawing.push("consent=; Max-Age=0");
        let (seen, out) = run(
            ConsentLayer::new(),
            request(&[all.as_bytes()]),
            &withdrawing,
        );
        assert_eq!(seen.consent, Some(Consent::all()));
        assert_eq!(names(&out), ["sid", "consent"]);

        // A garbage consent cookie set by the response is no consent, and the last one wins.
        let mut last_wins = EVERY_COOKIE.to_vec();
        let stats = format!("consent={granted}");
        last_wins.extend(["consent=garbage", stats.as_str()]);
        let (_, out) = run(ConsentLayer::new(), request(&[all.as_bytes()]), &last_wins);
        assert_eq!(names(&out), ["sid", "_ga", "_ga_ABC", "consent", "consent"]);
        let (_, out) = run(
            ConsentLayer::new(),
            request(&[all.as_bytes()]),
            &[stats.as_str(), "consent=garbage", "_ga=1", "sid=2"],
        );
        assert_eq!(names(&out), ["consent", "consent", "sid"]);
    }

    std::thread_local! {
        /// The events logged on this test's thread, while [`logged`] records them.
        static EVENTS: std::cell::RefCell<Option<Vec<(tracing::Level, String)>>> =
            const { std::cell::RefCell::new(None) };
    }

    /// The global `tracing` subscriber of this test binary: it records each event's level and
    /// fields into [`EVENTS`] of the thread that logged it.
    ///
    /// One global subscriber, installed before any test polls the layer, rather than a scoped
    /// one per test: `tracing` caches each call site's interest when the site is first hit,
    /// and a site first hit on another test's thread while a scoped subscriber is being
    /// installed can keep a stale "never" interest.
    struct Recorder;

    impl tracing::Subscriber for Recorder {
        fn register_callsite(
            &self,
            _: &'static tracing::Metadata<'static>,
        ) -> tracing::subscriber::Interest {
            tracing::subscriber::Interest::always()
        }
        fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
            true
        }
        fn new_span(&self, _: &tracing::span::Attributes<'_>) -> tracing::span::Id {
            tracing::span::Id::from_u64(1)
        }
        fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}
        fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
        fn event(&self, event: &tracing::Event<'_>) {
            struct Fields(String);
            impl tracing::field::Visit for Fields {
                fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn fmt::Debug) {
                    use fmt::Write as _;
                    let _ = write!(self.0, "{}={:?} ", field.name(), value);
                }
            }
            let mut fields = Fields(String::new());
            event.record(&mut fields);
            EVENTS.with_borrow_mut(|events| {
                if let Some(events) = events {
                    events.push((*event.metadata().level(), fields.0));
                }
            });
        }
        fn enter(&self, _: &tracing::span::Id) {}
        fn exit(&self, _: &tracing::span::Id) {}
    }

    fn install_recorder() {
        static INSTALL: std::sync::Once = std::sync::Once::new();
        INSTALL.call_once(|| {
            tracing::subscriber::set_global_default(Recorder).expect("the only global subscriber");
        });
    }

    /// The `Set-Cookie`s the layer lets through of `set_cookies`, and the events it logged.
    fn run_logged(
        layer: ConsentLayer<Cookies>,
        set_cookies: &[&str],
    ) -> (Vec<String>, Vec<(tracing::Level, String)>) {
        EVENTS.set(Some(Vec::new()));
        let (_, out) = run(layer, request(&[b"sid=1"]), set_cookies);
        let events = EVENTS.take().unwrap_or_default();
        (out, events)
    }

    #[test]
    fn drop_removes_refused_set_cookies_and_logs_at_debug() {
        let (out, events) = run_logged(ConsentLayer::new(), &EVERY_COOKIE);
        assert_eq!(out, ["sid=1; Path=/"]);
        assert_eq!(events.len(), 5);
        assert!(
            events
                .iter()
                .all(|(level, _)| *level == tracing::Level::DEBUG)
        );
        assert!(
            events[0]
                .1
                .contains("cookie=\"theme\" category=\"preferences\"")
        );
        assert!(
            events[4]
                .1
                .contains("cookie=\"tracker\" category=\"undeclared\"")
        );
        assert!(events[4].1.contains("granted=necessary"));
        assert!(events.iter().all(|(_, fields)| !fields.contains("dark")));
    }

    #[test]
    fn pass_and_log_keeps_refused_set_cookies_and_warns() {
        let layer = ConsentLayer::new().on_refused(RefusedSetCookie::PassAndLog);
        let (out, events) = run_logged(layer, &EVERY_COOKIE);
        assert_eq!(out, EVERY_COOKIE);
        let logged: Vec<_> = events
            .iter()
            .map(|(level, fields)| {
                assert_eq!(*level, tracing::Level::WARN);
                fields.split('"').nth(1).unwrap()
            })
            .collect();
        assert_eq!(logged, ["theme", "_ga", "_ga_ABC", "_fbp", "tracker"]);

        // Nothing refused, nothing logged.
        let (out, events) = run_logged(layer, &["sid=2"]);
        assert_eq!(out, ["sid=2"]);
        assert!(events.is_empty());
    }

    #[test]
    fn set_cookie_values_that_are_not_utf8_are_judged_by_name() {
        let inner = service_fn(|_: Request<()>| async {
            let mut response = Response::new(());
            for value in [&b"sid=caf\xe9"[..], b"_ga=\xff", b"\xff=1", b"\xfe"] {
                response
                    .headers_mut()
                    .append(SET_COOKIE, HeaderValue::from_bytes(value).unwrap());
            }
            Ok::<_, std::convert::Infallible>(response)
        });
        let service = ConsentLayer::<Cookies>::new().layer(inner);
        let response = block_on(service.oneshot(request(&[]))).unwrap();
        let out: Vec<&[u8]> = response
            .headers()
            .get_all(SET_COOKIE)
            .iter()
            .map(HeaderValue::as_bytes)
            .collect();
        assert_eq!(out, [b"sid=caf\xe9"]);
    }

    #[test]
    fn a_registry_without_consent_cookie_is_enforced_as_necessary_only() {
        /// `Cookies` without its consent cookie.
        struct Plain;
        impl CookieRegistry for Plain {
            const ALL: &'static [Self] = &[];
            const SPECS: &'static [CookieSpec] = &[];
            fn spec(&self) -> &'static CookieSpec {
                Cookies::Sid.spec()
            }
            fn from_name(_: &str) -> Option<Self> {
                None
            }
            fn spec_of(name: &str) -> Option<&'static CookieSpec> {
                Cookies::spec_of(name)
            }
            fn revision(category: Category) -> u32 {
                Cookies::revision(category)
            }
            fn consent_cookie() -> Option<Self> {
                None
            }
        }
        let inner = service_fn(|request: Request<()>| async move {
            let mut response = Response::new(request.headers().get(COOKIE).cloned());
            response
                .headers_mut()
                .append(SET_COOKIE, HeaderValue::from_static("_ga=1"));
            Ok::<_, std::convert::Infallible>(response)
        });
        let service = ConsentLayer::<Plain>::new().layer(inner);
        let all = consent_cookie(&[Category::Statistics]);
        let header = format!("sid=1; _ga=2; {all}");
        let response = block_on(service.oneshot(request(&[header.as_bytes()]))).unwrap();
        assert!(response.headers().get(SET_COOKIE).is_none());
        assert_eq!(
            response.body().as_ref().map(HeaderValue::as_bytes),
            Some(format!("sid=1; {all}").as_bytes())
        );
    }

    #[test]
    fn inner_errors_pass_through() {
        let inner = service_fn(|_: Request<()>| async { Err::<Response<()>, _>("boom") });
        let service = ConsentLayer::<Cookies>::new().layer(inner);
        assert_eq!(block_on(service.oneshot(request(&[]))).unwrap_err(), "boom");
    }

    #[test]
    fn layer_and_service_are_clone_and_debug() {
        let layer = ConsentLayer::<Cookies>::default();
        assert_eq!(layer.refused_set_cookie(), RefusedSetCookie::Drop);
        let service = layer.layer(tower::service_fn(|_: Request<()>| async {
            Ok::<_, ()>(Response::new(()))
        }));
        let _clone = service.clone();
        assert!(format!("{layer:?}").contains("Cookies"));
    }
}
