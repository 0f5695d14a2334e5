//! The consent engine: every decision the middleware and the consent endpoint make, over plain
//! header values, free of any web framework.
//!
//! The `tower` adapter ([`ConsentLayer`](crate::ConsentLayer), feature `tower`) and the actix-web
//! adapter (feature `actix`) are thin translations of their framework's requests and responses
//! to these calls. To support a third framework, do the same:
//!
//! ```
//! use cookie_registry::engine::{self, Enforcement};
//! use cookie_registry::CookieRegistry;
//!
//! #[derive(CookieRegistry)]
//! #[registry(provider = "Acme", consent_cookie = Choice)]
//! enum Cookies {
//!     #[cookie(name = "choice", category = Necessary, purpose = "Your cookie choice", max_age = "26w")]
//!     Choice,
//!     #[cookie(name = "_ga", category = Statistics, purpose = "Counts visits", path = "/")]
//!     Ga,
//! }
//!
//! // On the request: the `Cookie` header fields, joined with "; " when there are several.
//! let carried: &[u8] = b"_ga=GA1.2.3; tracker=1";
//! let request = engine::read_request::<Cookies>(carried);
//! assert!(request.state().needs_prompt()); // hand the state to the handler
//! assert_eq!(request.filtered(), Some(&b""[..])); // the handler sees no cookie: remove the header
//!
//! // On the response: its `Set-Cookie` values, in order.
//! let set_cookies: [&[u8]; 1] = [b"_ga=GA1.9.9; Path=/"];
//! let response =
//!     engine::gate_response::<Cookies>(Enforcement::default(), &request.summary(), carried, set_cookies);
//! assert_eq!(response.refused(), [0]); // drop the refused Set-Cookie...
//! assert_eq!(response.removals().len(), 2); // ...and append one removal per refused cookie
//! assert!(response.removals()[0].starts_with("_ga=; Path=/; Max-Age=0"));
//! assert!(response.removals()[1].starts_with("tracker=; Path=/; Max-Age=0"));
//! ```
//!
//! The consent endpoint's decisions are [`answer_endpoint`], over an [`EndpointRequest`].
//! Every `Set-Cookie` is read once, as the browser reads it, by [`read_set_cookie`]: see what
//! the gate sees there.

#[cfg(any(feature = "tower", feature = "actix"))]
mod carried;
mod cookie_date;
mod endpoint;
mod filter;
mod gate;
mod gpc;
pub(crate) mod pairs;
mod proof;
mod read;
pub(crate) mod removal;
mod response;
mod set_cookie;

use std::borrow::Cow;

#[cfg(any(feature = "tower", feature = "actix"))]
pub(crate) use carried::Carried;
pub use endpoint::{
    AllowedOrigin, BODY_LIMIT, EndpointBody, EndpointRequest, EndpointResponse, InvalidOrigin,
    ReadError, answer_endpoint, declared_too_large,
};
pub use filter::filter_cookie_header;
pub use gate::allows_set_cookie;
pub use gpc::{gpc_opt_out, sets_consent_cookie, store_gpc_opt_out};
pub use proof::{DEFAULT_STORE_TIMEOUT, store_decision};
pub use removal::MAX_REMOVALS;
pub use response::{ResponseCookies, gate_response};
pub use set_cookie::{Expiry, MAX_NAME_VALUE, SetCookie, read_set_cookie};

use crate::signals::Signals;
use crate::{ConsentState, HasConsentCookie};

/// What to do with a response's `Set-Cookie` header that consent refuses: a cookie the registry
/// does not declare, or one the consent in force does not allow.
///
/// ```
/// use cookie_registry::RefusedSetCookie;
/// use cookie_registry::engine::Enforcement;
///
/// // Enforce (the default):
/// assert_eq!(Enforcement::new().refused_set_cookie(), RefusedSetCookie::Drop);
///
/// // Only report, while a site finds out what it sets (`ConsentLayer::on_refused` and the
/// // actix middleware's take the same value):
/// let reporting = Enforcement::new().on_refused(RefusedSetCookie::PassAndLog);
/// assert_eq!(reporting.refused_set_cookie(), RefusedSetCookie::PassAndLog);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum RefusedSetCookie {
    /// Remove the header from the response, and log a `tracing` event at `DEBUG` level. The
    /// default: the browser never receives a cookie the visitor did not agree to.
    #[default]
    Drop,
    /// Let the header through and log a `tracing` event at `WARN` level: a report-only mode
    /// for rolling the middleware out on a site whose cookies are not all declared yet. It does
    /// not enforce consent for the response, and undeclared cookies the request carried are
    /// logged, not removed; the request's `Cookie` header is filtered all the same.
    PassAndLog,
}

/// How the middleware enforces consent on responses: what it does with refused `Set-Cookie`
/// headers, and whether it removes the refused cookies a request carried.
///
/// ```
/// use cookie_registry::engine::Enforcement;
/// use cookie_registry::RefusedSetCookie;
///
/// let default = Enforcement::default();
/// assert_eq!(default.refused_set_cookie(), RefusedSetCookie::Drop);
/// assert!(default.removes_refused());
/// assert!(!default.remove_refused(false).removes_refused());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Enforcement {
    refused: RefusedSetCookie,
    remove_refused: bool,
}

impl Enforcement {
    /// Drop refused `Set-Cookie` headers, and remove refused cookies the request carried.
    #[must_use]
    pub const fn new() -> Self {
        Enforcement {
            refused: RefusedSetCookie::Drop,
            remove_refused: true,
        }
    }

    /// With `action` for the `Set-Cookie` headers that consent refuses.
    #[must_use]
    pub const fn on_refused(mut self, action: RefusedSetCookie) -> Self {
        self.refused = action;
        self
    }

    /// Whether every response carries a removal (`Max-Age=0`) for each cookie the request
    /// carried that the consent governing the response refuses or the registry does not
    /// declare (on by default).
    #[must_use]
    pub const fn remove_refused(mut self, remove: bool) -> Self {
        self.remove_refused = remove;
        self
    }

    /// What is done with refused `Set-Cookie` headers.
    #[must_use]
    pub const fn refused_set_cookie(&self) -> RefusedSetCookie {
        self.refused
    }

    /// Whether refused cookies the request carried are removed.
    #[must_use]
    pub const fn removes_refused(&self) -> bool {
        self.remove_refused
    }
}

impl Default for Enforcement {
    fn default() -> Self {
        Enforcement::new()
    }
}

/// Reads registry `R`'s consent cookie from a `Cookie` header, as
/// [`ConsentState::from_cookie_header`] does, for a header that may not be UTF-8.
#[must_use]
pub fn consent_state<R: HasConsentCookie>(cookie_header: &[u8]) -> ConsentState {
    ConsentState::from_cookie_bytes::<R>(cookie_header)
}

/// The engine's decisions on one request's `Cookie` header.
#[derive(Debug, Clone)]
pub struct RequestCookies<'h> {
    state: ConsentState,
    filtered: Cow<'h, [u8]>,
}

/// Reads the consent in a request's `Cookie` header (its fields joined with `"; "`) and filters
/// it: every cookie that registry `R` does not declare, or that the consent does not allow, is
/// removed, so that handlers never read one.
#[must_use]
pub fn read_request<R: HasConsentCookie>(cookie_header: &[u8]) -> RequestCookies<'_> {
    read_request_with::<R>(cookie_header, Signals::default())
}

/// [`read_request`] under a request's privacy [`Signals`] (its regime and GPC, from
/// [`Signals::read`]): the state carries them, and the consent in force that filters the
/// header, and later gates the response, is the regime table's ([`crate::signals::Regime`]).
///
/// ```
/// # use cookie_registry::CookieRegistry;
/// # #[derive(CookieRegistry)]
/// # #[registry(provider = "Acme", consent_cookie = Choice)]
/// # enum Cookies {
/// #     #[cookie(name = "choice", category = Necessary, purpose = "Your cookie choice", max_age = "26w")]
/// #     Choice,
/// #     #[cookie(name = "_ga", category = Statistics, purpose = "Counts visits")]
/// #     Ga,
/// #     #[cookie(name = "_fbp", category = Marketing, purpose = "Ads")]
/// #     Fbp,
/// # }
/// use cookie_registry::engine;
/// use cookie_registry::signals::{Regime, Signals};
///
/// let us_gpc = Signals::new(Regime::OptOut).with_gpc(true);
/// let request = engine::read_request_with::<Cookies>(b"_ga=1; _fbp=2", us_gpc);
/// assert_eq!(request.filtered(), Some(&b"_ga=1"[..])); // counted until opted out; no ads
/// assert!(request.state().gpc_honoured());
/// ```
#[must_use]
pub fn read_request_with<R: HasConsentCookie>(
    cookie_header: &[u8],
    signals: Signals,
) -> RequestCookies<'_> {
    let (state, filtered) = read::read_and_filter::<R>(cookie_header, signals);
    RequestCookies { state, filtered }
}

impl<'h> RequestCookies<'h> {
    /// What the server knows about the visitor's choice.
    #[must_use]
    pub const fn state(&self) -> &ConsentState {
        &self.state
    }

    /// The `Cookie` header the handler should see, when it differs from the one read: `None`
    /// when nothing was removed; an empty slice when no cookie is left (remove the header).
    #[must_use]
    pub fn filtered(&self) -> Option<&[u8]> {
        match &self.filtered {
            Cow::Borrowed(_) => None,
            Cow::Owned(kept) => Some(kept),
        }
    }

    /// The filtered header: borrowed when nothing was removed.
    #[must_use]
    pub fn into_filtered(self) -> Cow<'h, [u8]> {
        self.filtered
    }

    /// What the response half needs to know of the request: a small `Copy` value to keep
    /// until the response.
    #[must_use]
    pub fn summary(&self) -> RequestSummary {
        RequestSummary {
            state: self.state,
            removed: matches!(self.filtered, Cow::Owned(_)),
        }
    }
}

/// What [`gate_response`] needs to know of the request, from [`RequestCookies::summary`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestSummary {
    state: ConsentState,
    removed: bool,
}

impl RequestSummary {
    /// The visitor's consent as the request carried it.
    #[must_use]
    pub const fn state(&self) -> &ConsentState {
        &self.state
    }
}
