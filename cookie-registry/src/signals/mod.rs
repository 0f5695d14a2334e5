//! Privacy signals and regions: which consent model governs a request ([`Regime`]), the Global
//! Privacy Control signal (`Sec-GPC: 1`), and the `/.well-known/gpc.json` resource.
//!
//! The middleware, the actix middleware and both consent endpoints take a resolver,
//! `.regime(|parts| …)`, called once per request with a [`RequestView`]: the same function
//! works with every adapter, and with the [`engine`](crate::engine) through
//! [`Signals::read`]. The regime and the signal then shape the
//! [`ConsentState`](crate::ConsentState) the handlers get: [`ConsentState::regime`],
//! [`ConsentState::gpc`], [`ConsentState::gpc_honoured`], and the consent in force
//! ([`ConsentState::consent`]) that filters the request and gates the response.
//!
//! ```
//! use cookie_registry::signals::{Regime, RequestView, Signals};
//!
//! // The site's resolver: the opt-out model for visitors Cloudflare places in the US.
//! fn regime(parts: &RequestView<'_>) -> Regime {
//!     if parts.header("cf-ipcountry") == Some("US") { Regime::OptOut } else { Regime::OptIn }
//! }
//!
//! let headers = [("cf-ipcountry", "US"), ("sec-gpc", "1")];
//! let lookup = |name: &str| {
//!     headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_bytes())
//! };
//! let view = RequestView::new("GET", "/", &lookup);
//! let signals = Signals::read(&view, Some(regime));
//! assert_eq!(signals.regime(), Regime::OptOut);
//! assert!(signals.gpc());
//! ```
//!
//! [`ConsentState::regime`]: crate::ConsentState::regime
//! [`ConsentState::gpc`]: crate::ConsentState::gpc
//! [`ConsentState::gpc_honoured`]: crate::ConsentState::gpc_honoured
//! [`ConsentState::consent`]: crate::ConsentState::consent

#[cfg(any(feature = "tower", feature = "actix"))]
pub(crate) mod adapters;
mod gpc;
mod regime;
mod state;

#[cfg(test)]
mod tests;

use core::fmt;
use std::net::IpAddr;

pub use gpc::{GPC_JSON_PATH, GpcDateError, GpcJson};
pub use regime::Regime;
pub(crate) use state::Choice;

/// A framework-free view of a request for a [`RegimeResolver`] or an [`IpResolver`]: its
/// method, path, headers and the connection's peer address. Each adapter builds one over its
/// own request type; a third framework does the same with [`RequestView::new`] (and
/// [`with_peer`](Self::with_peer)).
#[derive(Clone, Copy)]
pub struct RequestView<'a> {
    method: &'a str,
    path: &'a str,
    headers: &'a dyn Fn(&str) -> Option<&'a [u8]>,
    peer: Option<IpAddr>,
}

impl<'a> RequestView<'a> {
    /// A view of a request with this method and path, whose header values `headers` looks up
    /// by lower-case name (the first value of a repeated header).
    #[must_use]
    pub fn new(
        method: &'a str,
        path: &'a str,
        headers: &'a dyn Fn(&str) -> Option<&'a [u8]>,
    ) -> Self {
        RequestView {
            method,
            path,
            headers,
            peer: None,
        }
    }

    /// This view, with the address of the connection's other end: the visitor's, or the
    /// reverse proxy's when the site is behind one. Each adapter sets it when its framework
    /// knows it: actix-web's `HttpRequest::peer_addr`, and for tower a
    /// [`std::net::SocketAddr`] request extension (see [`IpResolver`]).
    ///
    /// ```
    /// use std::net::{IpAddr, Ipv4Addr};
    /// use cookie_registry::signals::RequestView;
    ///
    /// let no_headers = |_: &str| None;
    /// let view = RequestView::new("POST", "/consent", &no_headers);
    /// assert_eq!(view.peer(), None);
    /// let peer = IpAddr::V4(Ipv4Addr::new(192, 0, 2, 7));
    /// assert_eq!(view.with_peer(Some(peer)).peer(), Some(peer));
    /// ```
    #[must_use]
    pub const fn with_peer(mut self, peer: Option<IpAddr>) -> Self {
        self.peer = peer;
        self
    }

    /// The address of the connection's other end, when the adapter knows it: the visitor's,
    /// or the reverse proxy's when the site is behind one (then the visitor's address is in a
    /// header the proxy sets; see [`IpResolver`]).
    #[must_use]
    pub const fn peer(&self) -> Option<IpAddr> {
        self.peer
    }

    /// The request method (`GET`, `POST`, ...).
    #[must_use]
    pub const fn method(&self) -> &'a str {
        self.method
    }

    /// The request target's path, without the query.
    #[must_use]
    pub const fn path(&self) -> &'a str {
        self.path
    }

    /// A header's value as text, trimmed of white space; `None` when absent or not UTF-8.
    /// `name` is matched without regard to case.
    #[must_use]
    pub fn header(&self, name: &str) -> Option<&'a str> {
        self.header_bytes(name)
            .and_then(|value| core::str::from_utf8(value).ok())
            .map(str::trim)
    }

    /// A header's value as bytes. `name` is matched without regard to case.
    #[must_use]
    pub fn header_bytes(&self, name: &str) -> Option<&'a [u8]> {
        if name.bytes().any(|b| b.is_ascii_uppercase()) {
            (self.headers)(&name.to_ascii_lowercase())
        } else {
            (self.headers)(name) // the usual case: no allocation per request
        }
    }
}

impl fmt::Debug for RequestView<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestView")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("peer", &self.peer)
            .finish_non_exhaustive()
    }
}

/// A site's choice of [`Regime`] for a request. A function (a closure that captures nothing
/// coerces to one), so the layers stay `Copy` and `const`-constructible; a resolver that reads
/// the site's configuration reads it from a `static` (a `std::sync::OnceLock`, say).
pub type RegimeResolver = fn(&RequestView<'_>) -> Regime;

/// Where a consent endpoint finds the visitor's IP address, for `ConsentEndpoint::record_ip`
/// (tower and actix): a function of the request, like [`RegimeResolver`] (a closure that
/// captures nothing coerces to one), so the endpoint stays cheap to clone. The endpoint keeps
/// only [`TruncatedIp::new`](crate::TruncatedIp::new) of the address it returns, cut to /24
/// (IPv4) or /48 (IPv6); `None` records no IP.
///
/// Which function depends on how the visitor reaches the app:
/// - **Behind a reverse proxy**, the connection comes from the proxy, and the visitor's
///   address is in a header the proxy sets: `|view| view.header("x-real-ip")?.parse().ok()`
///   (nginx: `proxy_set_header X-Real-IP $remote_addr;`). Read only a header the site's own
///   proxy overwrites on every request: any other header is written by the client.
/// - **Directly**, the connection's peer is the visitor: `|view| view.peer()`. actix-web knows
///   the peer (`HttpRequest::peer_addr`): the choice for an actix site without a proxy. The
///   tower endpoint reads it from a [`std::net::SocketAddr`] request extension when there is
///   one. axum's `ConnectInfo<SocketAddr>` is a different type, which the endpoint does not
///   read: copy it into a `SocketAddr` with a one-line `map_request` (the tower
///   `ConsentEndpoint::record_ip` shows it).
///
/// `X-Forwarded-For` is a list each proxy appends to: its left-most values are whatever the
/// client sent. A resolver that reads it trusts only the site's own proxy, by taking the
/// right-most address, the one that proxy appended (and only when the app is reachable through
/// that proxy alone). [`RequestView::header`] reads the first field of a repeated header, so
/// the proxy must send one field (nginx's `proxy_set_header X-Forwarded-For
/// $proxy_add_x_forwarded_for;` does).
///
/// ```
/// use std::net::IpAddr;
/// use cookie_registry::signals::{IpResolver, RequestView};
///
/// // Behind the site's own proxy, which sets `X-Real-IP`.
/// let real_ip: IpResolver = |view| view.header("x-real-ip")?.parse().ok();
/// // Behind the site's own proxy, which appends to `X-Forwarded-For`: the right-most value.
/// let forwarded_for: IpResolver =
///     |view| view.header("x-forwarded-for")?.rsplit(',').next()?.trim().parse().ok();
/// // No proxy: the connection's peer.
/// let peer: IpResolver = |view| view.peer();
///
/// let headers = [("x-real-ip", "203.0.113.9"), ("x-forwarded-for", "10.6.6.6, 198.51.100.4")];
/// let lookup = |name: &str| {
///     headers.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_bytes())
/// };
/// let proxy: IpAddr = "192.0.2.1".parse()?;
/// let view = RequestView::new("POST", "/consent", &lookup).with_peer(Some(proxy));
/// assert_eq!(real_ip(&view), Some("203.0.113.9".parse()?));
/// assert_eq!(forwarded_for(&view), Some("198.51.100.4".parse()?)); // not the client's 10.6.6.6
/// assert_eq!(peer(&view), Some(proxy));
/// # Ok::<(), std::net::AddrParseError>(())
/// ```
pub type IpResolver = fn(&RequestView<'_>) -> Option<IpAddr>;

/// The privacy signals of one request: the regime in force and whether the browser sent
/// Global Privacy Control.
///
/// ```
/// use cookie_registry::signals::{Regime, Signals};
///
/// let signals = Signals::new(Regime::OptOut).with_gpc(true);
/// assert_eq!(signals.regime(), Regime::OptOut);
/// assert!(signals.gpc());
/// assert_eq!(Signals::default(), Signals::new(Regime::OptIn));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Signals {
    regime: Regime,
    gpc: bool,
}

impl Signals {
    /// `regime`, without a GPC signal.
    #[must_use]
    pub const fn new(regime: Regime) -> Self {
        Signals { regime, gpc: false }
    }

    /// These signals, with the GPC signal present or not.
    #[must_use]
    pub const fn with_gpc(mut self, gpc: bool) -> Self {
        self.gpc = gpc;
        self
    }

    /// The signals of a request: the regime `resolver` picks ([`Regime::OptIn`] without one),
    /// and GPC when the request carries `Sec-GPC: 1` (the GPC specification's only valid value;
    /// any other counts as absent).
    #[must_use]
    pub fn read(request: &RequestView<'_>, resolver: Option<RegimeResolver>) -> Self {
        let regime = resolver.map_or(Regime::OptIn, |resolve| resolve(request));
        Signals::new(regime).with_gpc(is_gpc(request.header_bytes("sec-gpc")))
    }

    /// The regime in force.
    #[must_use]
    pub const fn regime(&self) -> Regime {
        self.regime
    }

    /// Whether the request carries `Sec-GPC: 1`.
    #[must_use]
    pub const fn gpc(&self) -> bool {
        self.gpc
    }
}

/// Whether a `Sec-GPC` header value is the signal: `1`, white space around it allowed.
#[must_use]
pub(crate) fn is_gpc(value: Option<&[u8]>) -> bool {
    value.is_some_and(|value| value.trim_ascii() == b"1")
}
