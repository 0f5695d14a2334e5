//! The signals of a request, read by each adapter over its framework's header map.

use super::{RegimeResolver, RequestView, Signals};

/// The signals of an `http` request (tower adapters).
#[cfg(feature = "tower")]
pub(crate) fn read_http(
    method: &http::Method,
    uri: &http::Uri,
    headers: &http::HeaderMap,
    resolver: Option<RegimeResolver>,
) -> Signals {
    let lookup = |name: &str| headers.get(name).map(http::HeaderValue::as_bytes);
    Signals::read(
        &RequestView::new(method.as_str(), uri.path(), &lookup),
        resolver,
    )
}

/// The signals of an actix-web request (actix adapters).
#[cfg(feature = "actix")]
pub(crate) fn read_actix(
    head: &actix_web::dev::RequestHead,
    resolver: Option<RegimeResolver>,
) -> Signals {
    let headers = &head.headers;
    let lookup = |name: &str| {
        headers
            .get(name)
            .map(actix_web::http::header::HeaderValue::as_bytes)
    };
    Signals::read(
        &RequestView::new(head.method.as_str(), head.uri.path(), &lookup),
        resolver,
    )
}
