//! What the tower and actix adapters share, written once over [`Headers`] (and, for the
//! middleware, [`middleware::HeadersMut`]): a small view of a framework's header map (the `http`
//! crate's 1.x for tower, actix-web's own). The endpoint's plumbing is here, the middleware's in
//! [`middleware`]; each adapter keeps only its framework's trait impls.

pub(crate) mod middleware;

use std::sync::Arc;

use crate::engine::Carried;
use crate::engine::{
    self, AllowedOrigin, EndpointBody, EndpointRequest, EndpointResponse, InvalidOrigin, ReadError,
};
use crate::{ConsentRecord, HasConsentCookie};

/// A request's header fields, by lower-case name.
pub(crate) trait Headers {
    /// The values of every field of this name, in order.
    fn all<'h>(&'h self, name: &'static str) -> impl Iterator<Item = &'h [u8]>;

    /// The value of the first field of this name.
    fn first(&self, name: &'static str) -> Option<&[u8]> {
        self.all(name).next()
    }
}

#[cfg(feature = "tower")]
impl Headers for http::HeaderMap {
    fn all<'h>(&'h self, name: &'static str) -> impl Iterator<Item = &'h [u8]> {
        self.get_all(name).iter().map(http::HeaderValue::as_bytes)
    }
}

#[cfg(feature = "actix")]
impl Headers for actix_web::http::header::HeaderMap {
    fn all<'h>(&'h self, name: &'static str) -> impl Iterator<Item = &'h [u8]> {
        self.get_all(name)
            .map(actix_web::http::header::HeaderValue::as_bytes)
    }
}

type Sink = Arc<dyn Fn(&ConsentRecord) + Send + Sync>;

/// A consent endpoint's settings, the same for both adapters: the record sink and the site's
/// allowed origins.
#[derive(Clone)]
pub(crate) struct EndpointConfig {
    sink: Option<Sink>,
    allowed_origins: Option<Arc<[AllowedOrigin]>>,
}

impl EndpointConfig {
    pub(crate) const fn new() -> Self {
        EndpointConfig {
            sink: None,
            allowed_origins: None,
        }
    }

    fn allowed_origins(&self) -> &[AllowedOrigin] {
        self.allowed_origins.as_deref().unwrap_or_default()
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
        f.field("on_record", &self.sink.is_some()).field(
            "allowed_origins",
            &self
                .allowed_origins()
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>(),
        );
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

/// The request as the adapter read it: its method, headers, target's authority and scheme
/// (`None` when the target does not carry them), and the body read.
pub(crate) struct Read<'a, H> {
    pub(crate) method: &'a str,
    pub(crate) headers: &'a H,
    pub(crate) authority: Option<&'a [u8]>,
    pub(crate) scheme: Option<&'a [u8]>,
    pub(crate) body: Result<&'a [u8], ReadError>,
}

/// Asks the engine, and hands the record of a decision to the sink before answering.
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
        .cookie(carried.as_bytes());
    if headers.first("host").is_none() {
        request = request.host(read.authority);
    }
    let answer = engine::answer_endpoint::<R>(&request);
    if let (Some(record), Some(sink)) = (&answer.record, &config.sink) {
        sink(record);
    }
    answer
}
