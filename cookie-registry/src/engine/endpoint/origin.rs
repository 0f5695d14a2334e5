//! The cross-site guard: serialized origins (RFC 6454 §6.2), the site's allowed origins, and
//! whether a request comes from this site.

use core::fmt;

use super::EndpointRequest;

/// One header the endpoint reads once: absent, sent once, or sent in more than one field (a
/// request the endpoint refuses with `400` rather than guess which field counts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) enum Field<'a> {
    #[default]
    Absent,
    One(&'a [u8]),
    Repeated,
}

impl<'a> Field<'a> {
    /// The field of these values: none, one, or more than one.
    pub(super) fn of(values: impl IntoIterator<Item = &'a [u8]>) -> Self {
        let mut values = values.into_iter();
        match (values.next(), values.next()) {
            (None, _) => Field::Absent,
            (Some(value), None) => Field::One(value),
            (Some(_), Some(_)) => Field::Repeated,
        }
    }

    pub(super) const fn of_option(value: Option<&'a [u8]>) -> Self {
        match value {
            Some(value) => Field::One(value),
            None => Field::Absent,
        }
    }

    const fn value(self) -> Option<&'a [u8]> {
        match self {
            Field::One(value) => Some(value),
            Field::Absent | Field::Repeated => None,
        }
    }
}

/// A site's public origin, as its visitors' browsers name it in `Origin`: a serialized origin
/// (RFC 6454 §6.2), `http` or `https`, a host and an optional port, nothing else. Host names are
/// compared without case, and the scheme's default port is made explicit, so
/// `https://shop.example:443` and `https://Shop.example` are the same origin.
///
/// ```
/// use cookie_registry::engine::AllowedOrigin;
///
/// let shop: AllowedOrigin = "https://shop.example".parse().unwrap();
/// assert_eq!(shop, "https://SHOP.example:443".parse().unwrap());
/// assert_ne!(shop, "http://shop.example".parse().unwrap());
/// assert_eq!(shop.to_string(), "https://shop.example");
/// for malformed in ["shop.example", "ftp://shop.example", "https://shop.example/", "https://"] {
///     assert!(malformed.parse::<AllowedOrigin>().is_err(), "{malformed}");
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AllowedOrigin {
    https: bool,
    host: String,
    port: u16,
}

/// Why a string is not a serialized origin; [`AllowedOrigin`]'s parse error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidOrigin {
    given: String,
}

impl fmt::Display for InvalidOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?} is not a serialized origin: write `http://host` or `https://host`, with an \
             optional `:port`, and no path, not even `/`",
            self.given
        )
    }
}

impl std::error::Error for InvalidOrigin {}

impl core::str::FromStr for AllowedOrigin {
    type Err = InvalidOrigin;

    fn from_str(origin: &str) -> Result<Self, InvalidOrigin> {
        AllowedOrigin::parse(origin.as_bytes()).ok_or_else(|| InvalidOrigin {
            given: origin.to_owned(),
        })
    }
}

impl fmt::Display for AllowedOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let scheme = if self.https { "https" } else { "http" };
        write!(f, "{scheme}://{}", self.host)?;
        if self.port != default_port(self.https) {
            write!(f, ":{}", self.port)?;
        }
        Ok(())
    }
}

impl AllowedOrigin {
    /// `scheme "://" host [ ":" port ]`, with `http` or `https` as the scheme; `None` for
    /// anything else (`null`, another scheme, a path, user information, an empty host or port).
    fn parse(origin: &[u8]) -> Option<Self> {
        let at = origin.windows(3).position(|w| w == b"://")?;
        let scheme = origin.get(..at)?;
        let https = if scheme.eq_ignore_ascii_case(b"https") {
            true
        } else if scheme.eq_ignore_ascii_case(b"http") {
            false
        } else {
            return None;
        };
        let (host, port) = split_authority(origin.get(at + 3..)?)?;
        Some(AllowedOrigin {
            https,
            host,
            port: port.unwrap_or(default_port(https)),
        })
    }

    /// Whether a request's `Host` names this origin's host and port (the port defaulting to
    /// this origin's scheme's).
    fn has_authority(&self, host: &[u8]) -> bool {
        split_authority(host).is_some_and(|(name, port)| {
            name == self.host && port.unwrap_or(default_port(self.https)) == self.port
        })
    }
}

const fn default_port(https: bool) -> u16 {
    if https { 443 } else { 80 }
}

/// `host [ ":" port ]` (RFC 3986 §3.2.2, §3.2.3): a registered name or IPv4 address of
/// letters, digits, `-` and `.`, or an IPv6 literal in brackets; a port of 1 to 5 digits up to
/// 65535. The host comes back in lower case.
fn split_authority(authority: &[u8]) -> Option<(String, Option<u16>)> {
    let host_end = if authority.first() == Some(&b'[') {
        let close = authority.iter().position(|&b| b == b']')?;
        let literal = authority.get(1..close)?;
        let ipv6 = |b: &u8| b.is_ascii_hexdigit() || matches!(b, b':' | b'.');
        if literal.is_empty() || !literal.iter().all(ipv6) {
            return None;
        }
        close + 1
    } else {
        authority
            .iter()
            .position(|&b| b == b':')
            .unwrap_or(authority.len())
    };
    let (host, rest) = authority.split_at_checked(host_end)?;
    let name = |b: &u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.');
    if host.is_empty() || (host.first() != Some(&b'[') && !host.iter().all(name)) {
        return None;
    }
    let port = match rest {
        [] => None,
        [b':', digits @ ..] if (1..=5).contains(&digits.len()) => {
            if !digits.iter().all(u8::is_ascii_digit) {
                return None;
            }
            Some(core::str::from_utf8(digits).ok()?.parse::<u16>().ok()?)
        }
        _ => return None,
    };
    Some((String::from_utf8_lossy(host).to_ascii_lowercase(), port))
}

/// The guard's verdict on a `POST`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Guard {
    /// The request comes from this site, or from no browser.
    Pass,
    /// `Origin`, `Host` or `Sec-Fetch-Site` came in more than one field: `400`.
    Repeated,
    /// Cross-site, or an `Origin` that is malformed or names another origin: `403`.
    Forbidden,
}

/// Whether the request comes from this site.
///
/// - `Sec-Fetch-Site`, when sent, is `same-origin` or `none`.
/// - `Origin`, when sent, is a well-formed `http`/`https` origin. With allowed origins, it is
///   one of them and `Host` is not consulted (a proxy rewrites it). Without, it names the
///   request's `Host` (port defaulting to the `Origin` scheme's), and its scheme is the
///   request's when the request tells it (an absolute target or HTTP/2's `:scheme`, never
///   `X-Forwarded-Proto`, which any client can send).
///
/// A request with neither header (not from a browser, which sends `Origin` with every `POST`)
/// is let through: it cannot carry a visitor's cookies against their will.
pub(super) fn guard(request: &EndpointRequest<'_>) -> Guard {
    if [request.origin, request.host, request.sec_fetch_site].contains(&Field::Repeated) {
        return Guard::Repeated;
    }
    if let Some(site) = request.sec_fetch_site.value() {
        if !matches!(site.trim_ascii(), b"same-origin" | b"none") {
            return Guard::Forbidden;
        }
    }
    let Some(origin) = request.origin.value() else {
        return Guard::Pass;
    };
    let Some(origin) = AllowedOrigin::parse(origin.trim_ascii()) else {
        return Guard::Forbidden; // "null", or not an origin at all
    };
    let same = if request.allowed_origins.is_empty() {
        let scheme_agrees = request.scheme.is_none_or(|scheme| {
            scheme.eq_ignore_ascii_case(if origin.https { b"https" } else { b"http" })
        });
        scheme_agrees
            && request
                .host
                .value()
                .is_some_and(|host| origin.has_authority(host.trim_ascii()))
    } else {
        request.allowed_origins.contains(&origin)
    };
    if same { Guard::Pass } else { Guard::Forbidden }
}
