//! What the tower and actix adapters share, written once over [`Headers`] (and, for the
//! middleware, [`middleware::HeadersMut`]): a small view of a framework's header map (the `http`
//! crate's 1.x for tower, actix-web's own). The endpoint's plumbing is here, the middleware's in
//! [`middleware`]; each adapter keeps only its framework's trait impls.

pub(crate) mod gpc;
pub(crate) mod middleware;
mod personal;
#[cfg(test)]
mod personal_tests;

use core::future::Future;
use core::time::Duration;
use std::net::IpAddr;
use std::sync::Arc;

use crate::engine::Carried;
use crate::engine::{
    self, AllowedOrigin, EndpointBody, EndpointRequest, EndpointResponse, InvalidOrigin, ReadError,
};
use crate::signals::{IpResolver, RegimeResolver, Signals};
use crate::{ConsentRecord, ConsentStore, CookieRegistry, HasConsentCookie};

/// A request's header fields, by lower-case name.
pub(crate) trait Headers {
    /// The values of every field of this name, in order.
    fn all<'h>(&'h self, name: &'static str) -> impl Iterator<Item = &'h [u8]>;

    /// The value of the first field of this name.
    fn first(&self, name: &'static str) -> Option<&[u8]> {
        self.all(name).next()
    }

    /// The value of the first field of this name, for a name not known at compile time (a
    /// [`RequestView`](crate::signals::RequestView)'s lookup).
    fn lookup(&self, name: &str) -> Option<&[u8]>;
}

#[cfg(feature = "tower")]
impl Headers for http::HeaderMap {
    fn all<'h>(&'h self, name: &'static str) -> impl Iterator<Item = &'h [u8]> {
        self.get_all(name).iter().map(http::HeaderValue::as_bytes)
    }

    fn lookup(&self, name: &str) -> Option<&[u8]> {
        self.get(name).map(http::HeaderValue::as_bytes)
    }
}

#[cfg(feature = "actix")]
impl Headers for actix_web::http::header::HeaderMap {
    fn all<'h>(&'h self, name: &'static str) -> impl Iterator<Item = &'h [u8]> {
        self.get_all(name)
            .map(actix_web::http::header::HeaderValue::as_bytes)
    }

    fn lookup(&self, name: &str) -> Option<&[u8]> {
        self.get(name)
            .map(actix_web::http::header::HeaderValue::as_bytes)
    }
}

type Sink = Arc<dyn Fn(&ConsentRecord) + Send + Sync>;

/// A consent endpoint's settings, the same for both adapters: the store and how long to wait
/// for it, the record sink, the site's allowed origins, its regime resolver, and the personal
/// data it records (none by default).
#[derive(Clone)]
pub(crate) struct EndpointConfig {
    store: Option<Arc<dyn ConsentStore>>,
    store_timeout: Duration,
    sink: Option<Sink>,
    allowed_origins: Option<Arc<[AllowedOrigin]>>,
    regime: Option<RegimeResolver>,
    personal: personal::PersonalData,
}

impl EndpointConfig {
    pub(crate) const fn new() -> Self {
        EndpointConfig {
            store: None,
            store_timeout: engine::DEFAULT_STORE_TIMEOUT,
            sink: None,
            allowed_origins: None,
            regime: None,
            personal: personal::PersonalData {
                user_agent: false,
                ip: None,
            },
        }
    }

    /// Records each decision's `User-Agent` (personal data).
    pub(crate) fn record_user_agent(&mut self) {
        self.personal.user_agent = true;
    }

    /// Records each decision's IP address as `resolver` finds it, truncated (personal data).
    pub(crate) fn record_ip(&mut self, resolver: IpResolver) {
        self.personal.ip = Some(resolver);
    }

    /// Chooses each request's regime with `resolver` (`crate::signals`).
    pub(crate) fn regime(&mut self, resolver: RegimeResolver) {
        self.regime = Some(resolver);
    }

    /// The site's regime resolver, if it gave one.
    pub(crate) const fn resolver(&self) -> Option<RegimeResolver> {
        self.regime
    }

    fn allowed_origins(&self) -> &[AllowedOrigin] {
        self.allowed_origins.as_deref().unwrap_or_default()
    }

    pub(crate) fn store(&mut self, store: impl ConsentStore + 'static) {
        self.store = Some(Arc::new(store));
    }

    pub(crate) fn store_timeout(&mut self, timeout: Duration) {
        self.store_timeout = timeout;
    }

    pub(crate) fn on_record(&mut self, sink: impl Fn(&ConsentRecord) + Send + Sync + 'static) {
        self.sink = Some(Arc::new(sink));
    }

    pub(crate) fn try_allowed_origin(&mut self, origin: &str) -> Result<(), InvalidOrigin> {
        let origin: AllowedOrigin = origin.parse()?;
        let mut origins = self.allowed_origins().to_vec();
        if !origins.contains(&origin) {
            origins.push(origin);
        }
        self.allowed_origins = Some(origins.into());
        Ok(())
    }

    pub(crate) fn allowed_origin(&mut self, origin: &str) {
        if let Err(error) = self.try_allowed_origin(origin) {
            panic!("ConsentEndpoint::allowed_origin: {error}");
        }
    }

    pub(crate) fn debug_fields(&self, f: &mut core::fmt::DebugStruct<'_, '_>) {
        f.field("store", &self.store.is_some())
            .field("store_timeout", &self.store_timeout)
            .field("on_record", &self.sink.is_some())
            .field(
                "allowed_origins",
                &self
                    .allowed_origins()
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>(),
            )
            .field("record_user_agent", &self.personal.user_agent)
            .field("record_ip", &self.personal.ip.is_some());
    }
}

/// Whether the body is to be read: only a `POST`'s, and not one whose `Content-Length` is over
/// the limit (`Err(TooLarge)`, unread).
pub(crate) fn body_to_read(method: &str, headers: &impl Headers) -> Result<bool, ReadError> {
    if method != "POST" {
        Ok(false)
    } else if engine::declared_too_large(headers.first("content-length")) {
        Err(ReadError::TooLarge)
    } else {
        Ok(true)
    }
}

/// The request as the adapter read it: its method, path, headers, target's authority and
/// scheme (`None` when the target does not carry them), the connection's peer (when the
/// framework knows it) and the body read.
pub(crate) struct Read<'a, H> {
    pub(crate) method: &'a str,
    pub(crate) path: &'a str,
    pub(crate) headers: &'a H,
    pub(crate) authority: Option<&'a [u8]>,
    pub(crate) scheme: Option<&'a [u8]>,
    pub(crate) peer: Option<IpAddr>,
    pub(crate) body: Result<&'a [u8], ReadError>,
    /// The request's privacy signals: the site's regime and `Sec-GPC`.
    pub(crate) signals: Signals,
}

/// Asks the engine for its answer, and adds to its record the personal data the site asked
/// for (the record of a decision is kept by [`keep`]).
pub(crate) fn answer<R: HasConsentCookie, H: Headers>(
    config: &EndpointConfig,
    read: &Read<'_, H>,
) -> EndpointResponse {
    let headers = read.headers;
    let cookie_fields: Vec<&[u8]> = headers.all("cookie").collect();
    let carried = Carried::of(&cookie_fields);
    let body = EndpointBody::read(headers.first("content-length"), read.body);
    let mut request = EndpointRequest::new(read.method, body)
        .host_fields(headers.all("host"))
        .origin_fields(headers.all("origin"))
        .sec_fetch_site_fields(headers.all("sec-fetch-site"))
        .scheme(read.scheme)
        .allowed_origins(config.allowed_origins())
        .content_type(headers.first("content-type"))
        .accept(headers.first("accept"))
        .cookie(carried.as_bytes())
        .signals(read.signals);
    if headers.first("host").is_none() {
        request = request.host(read.authority);
    }
    let mut answer = engine::answer_endpoint::<R>(&request);
    if let Some(record) = answer.record.take() {
        answer.record = Some(config.personal.add_to(record, read));
    }
    answer
}

/// Keeps the record of `answer`'s decision in the endpoint's store, waiting up to its store
/// timeout on the adapter's timer (`sleep`), and answers `503` instead when it is not kept
/// ([`engine::store_decision`]); then hands the kept record to the sink, for logging.
pub(crate) async fn keep<R: CookieRegistry, F: Future<Output = ()>>(
    config: &EndpointConfig,
    answer: EndpointResponse,
    sleep: impl FnOnce(Duration) -> F,
) -> EndpointResponse {
    let answer = match &config.store {
        Some(store) => {
            engine::store_decision::<R>(answer, store.as_ref(), sleep(config.store_timeout)).await
        }
        None => answer,
    };
    if let (Some(record), Some(sink)) = (&answer.record, &config.sink) {
        sink(record);
    }
    answer
}
