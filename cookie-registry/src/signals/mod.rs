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

pub use gpc::{GPC_JSON_PATH, GpcDateError, GpcJson};
pub use regime::Regime;
pub(crate) use state::Choice;

/// A framework-free view of a request for a [`RegimeResolver`]: its method, path and headers.
/// Each adapter builds one over its own request type; a third framework does the same with
/// [`RequestView::new`].
#[derive(Clone, Copy)]
pub struct RequestView<'a> {
    method: &'a str,
    path: &'a str,
    headers: &'a dyn Fn(&str) -> Option<&'a [u8]>,
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
        }
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
            .finish_non_exhaustive()
    }
}

/// A site's choice of [`Regime`] for a request. A function (a closure that captures nothing
/// coerces to one), so the layers stay `Copy` and `const`-constructible; a resolver that reads
/// the site's configuration reads it from a `static` (a `std::sync::OnceLock`, say).
pub type RegimeResolver = fn(&RequestView<'_>) -> Regime;

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
