//! [`ConsentEndpoint`]: the consent endpoint as a tower service.

use core::convert::Infallible;
use core::fmt;
use core::future::Future;
use core::marker::PhantomData;
use core::pin::Pin;
use core::task::{Context, Poll};
use std::sync::Arc;

use bytes::{Buf as _, Bytes};
use http::header::{ACCEPT, CONTENT_LENGTH, CONTENT_TYPE, COOKIE, HOST, ORIGIN};
use http::{HeaderMap, HeaderName, HeaderValue, Request, Response};
use http_body::{Body, Frame, SizeHint};
use tower_service::Service;

use super::layer::Carried;
use crate::engine::{self, BODY_LIMIT, EndpointBody, EndpointRequest, EndpointResponse};
use crate::{ConsentRecord, CookieRegistry, HasConsentCookie};

type Sink = Arc<dyn Fn(&ConsentRecord) + Send + Sync>;

/// The consent endpoint of registry `R` as a [`tower_service::Service`]: where the banner posts
/// the visitor's choice. Mount it with axum's `route_service`; it works behind
/// [`ConsentLayer`](crate::ConsentLayer) or alone. Needs the `tower` feature, and a registry
/// with `#[registry(consent_cookie = ...)]` (without one, `new` does not compile).
///
/// The form contract, the cross-site guard and the answers are those of
/// [`engine::answer_endpoint`]: `POST` `choice=all|necessary|custom` (with `category=...` per
/// granted category for `custom`) and an optional same-site `return_to`; `303` back, or with
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
    sink: Option<Sink>,
    registry: PhantomData<fn() -> R>,
}

impl<R: CookieRegistry> ConsentEndpoint<R> {
    /// The endpoint, with no record sink.
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
        let sink = self.sink.clone();
        Box::pin(async move { Ok(respond::<R, B>(request, sink.as_deref()).await) })
    }
}

/// Reads the request (the body up to [`BODY_LIMIT`]), asks the engine, writes its answer.
async fn respond<R: HasConsentCookie, B: Body>(
    request: Request<B>,
    sink: Option<&(dyn Fn(&ConsentRecord) + Send + Sync)>,
) -> Response<ConsentBody> {
    let (parts, body) = request.into_parts();
    let read = if parts.method != http::Method::POST {
        Ok(Vec::new())
    } else if engine::declared_too_large(header(&parts.headers, CONTENT_LENGTH)) {
        Err(ReadError::TooLarge)
    } else {
        read_limited(body).await
    };
    let bytes;
    let body = match read {
        Ok(read) => {
            bytes = read;
            EndpointBody::Complete(&bytes)
        }
        Err(ReadError::TooLarge) => EndpointBody::TooLarge,
        Err(ReadError::Broken) => EndpointBody::Unreadable,
    };
    let headers = &parts.headers;
    let carried = Carried::of(headers.get_all(COOKIE));
    let host =
        header(headers, HOST).or_else(|| parts.uri.authority().map(|a| a.as_str().as_bytes()));
    let endpoint_request = EndpointRequest::new(parts.method.as_str(), body)
        .host(host)
        .origin(header(headers, ORIGIN))
        .sec_fetch_site(header(headers, "sec-fetch-site"))
        .content_type(header(headers, CONTENT_TYPE))
        .accept(header(headers, ACCEPT))
        .cookie(carried.as_bytes());
    let answer = engine::answer_endpoint::<R>(&endpoint_request);
    if let (Some(record), Some(sink)) = (&answer.record, sink) {
        sink(record);
    }
    to_http(answer, parts.method == http::Method::HEAD)
}

fn header<K: http::header::AsHeaderName>(headers: &HeaderMap, name: K) -> Option<&[u8]> {
    headers.get(name).map(HeaderValue::as_bytes)
}

enum ReadError {
    TooLarge,
    Broken,
}

/// The body's bytes, reading no more than [`BODY_LIMIT`] and one frame.
async fn read_limited<B: Body>(body: B) -> Result<Vec<u8>, ReadError> {
    let mut body = core::pin::pin!(body);
    let mut bytes = Vec::new();
    while let Some(frame) = core::future::poll_fn(|cx| body.as_mut().poll_frame(cx)).await {
        let frame = frame.map_err(|_| ReadError::Broken)?;
        if let Ok(mut data) = frame.into_data() {
            if bytes.len() + data.remaining() > BODY_LIMIT {
                return Err(ReadError::TooLarge);
            }
            while data.has_remaining() {
                let chunk = data.chunk();
                bytes.extend_from_slice(chunk);
                let read = chunk.len();
                data.advance(read);
            }
        }
    }
    Ok(bytes)
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

/// The body of the consent endpoint's responses: one chunk of bytes.
#[derive(Debug, Clone, Default)]
pub struct ConsentBody(Option<Bytes>);

impl ConsentBody {
    /// A body of static text (the banner's assets are served with it too).
    pub(crate) fn from_static(text: &'static str) -> Self {
        ConsentBody(Some(Bytes::from_static(text.as_bytes())))
    }
}

impl Body for ConsentBody {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        Poll::Ready(
            self.0
                .take()
                .filter(|b| !b.is_empty())
                .map(|b| Ok(Frame::data(b))),
        )
    }

    fn is_end_stream(&self) -> bool {
        self.0.as_ref().is_none_or(Bytes::is_empty)
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::with_exact(self.0.as_ref().map_or(0, |b| b.len() as u64))
    }
}
