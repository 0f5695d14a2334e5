//! The signals of a request, read by each adapter over its framework's header map.

#[cfg(feature = "tower")]
use std::net::IpAddr;

use super::{RegimeResolver, RequestView, Signals};

/// The peer address of an `http` request: the [`std::net::SocketAddr`] request extension,
/// when the server (or a layer in front) put one there. axum's `ConnectInfo<SocketAddr>` is
/// another type, not read here (see [`IpResolver`](super::IpResolver)).
#[cfg(feature = "tower")]
pub(crate) fn peer_http(extensions: &http::Extensions) -> Option<IpAddr> {
    extensions
        .get::<std::net::SocketAddr>()
        .map(std::net::SocketAddr::ip)
}

/// The signals of an `http` request (tower adapters).
#[cfg(feature = "tower")]
pub(crate) fn read_http(
    method: &http::Method,
    uri: &http::Uri,
    headers: &http::HeaderMap,
    peer: Option<IpAddr>,
    resolver: Option<RegimeResolver>,
) -> Signals {
    let lookup = |name: &str| headers.get(name).map(http::HeaderValue::as_bytes);
    Signals::read(
        &RequestView::new(method.as_str(), uri.path(), &lookup).with_peer(peer),
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
    let peer = head.peer_addr.map(|addr| addr.ip());
    Signals::read(
        &RequestView::new(head.method.as_str(), head.uri.path(), &lookup).with_peer(peer),
        resolver,
    )
}
