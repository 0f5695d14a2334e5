//! What a consent record proves beyond the choice itself (EDPB guidelines 05/2020 on consent,
//! section 5.1, "Demonstrate consent": who, when, how, and what they were told): how the visitor
//! chose, and, when a site opts in, from where. The notice they saw is [`NoticeHash`](crate::NoticeHash).

use core::fmt;
use core::str::FromStr;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// How a visitor gave or refused consent: which of the site's consent interfaces they used.
///
/// The built-in banner and settings form send it as the hidden form field `method`, with the
/// values of [`as_str`](Self::as_str); [`FromStr`] reads them back.
///
/// ```
/// use cookie_registry::ConsentMethod;
///
/// assert_eq!(ConsentMethod::SettingsPage.as_str(), "settings");
/// assert_eq!("api".parse(), Ok(ConsentMethod::JsonApi));
/// assert!("phone".parse::<ConsentMethod>().is_err());
/// assert_eq!(ConsentMethod::default(), ConsentMethod::Unknown);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
#[non_exhaustive]
pub enum ConsentMethod {
    /// The consent banner (form field value `banner`).
    Banner,
    /// The settings form of the cookie policy page (`settings`).
    SettingsPage,
    /// A JSON request to the consent endpoint, as a site's own script sends (`api`).
    JsonApi,
    /// Not said: a form without the `method` field (`unknown`). Recorded as such, never guessed.
    #[default]
    Unknown,
    /// The browser's Global Privacy Control signal (`Sec-GPC: 1`) honoured as an opt-out of
    /// Marketing under the opt-out regime (`gpc`): recorded by the server
    /// ([`engine::gpc_opt_out`](crate::engine::gpc_opt_out)), never accepted from a form.
    GlobalPrivacyControl,
}

impl ConsentMethod {
    /// Every method, in declaration order.
    pub const ALL: [ConsentMethod; 5] = [
        ConsentMethod::Banner,
        ConsentMethod::SettingsPage,
        ConsentMethod::JsonApi,
        ConsentMethod::Unknown,
        ConsentMethod::GlobalPrivacyControl,
    ];

    /// Whether a consent form may name this method in its `method` field: every method but
    /// [`GlobalPrivacyControl`](Self::GlobalPrivacyControl), which only the server records.
    ///
    /// ```
    /// use cookie_registry::ConsentMethod;
    ///
    /// assert!(ConsentMethod::Banner.is_form_method());
    /// assert!(!ConsentMethod::GlobalPrivacyControl.is_form_method());
    /// ```
    #[must_use]
    pub const fn is_form_method(self) -> bool {
        !matches!(self, ConsentMethod::GlobalPrivacyControl)
    }

    /// The method's form field value, also the value a store writes: `banner`, `settings`,
    /// `api`, `unknown` or `gpc`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            ConsentMethod::Banner => "banner",
            ConsentMethod::SettingsPage => "settings",
            ConsentMethod::JsonApi => "api",
            ConsentMethod::Unknown => "unknown",
            ConsentMethod::GlobalPrivacyControl => "gpc",
        }
    }
}

impl fmt::Display for ConsentMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The text given to [`ConsentMethod::from_str`] names no method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParseConsentMethodError;

impl fmt::Display for ParseConsentMethodError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a consent method is one of banner, settings, api, unknown, gpc")
    }
}

impl std::error::Error for ParseConsentMethodError {}

impl FromStr for ConsentMethod {
    type Err = ParseConsentMethodError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        ConsentMethod::ALL
            .into_iter()
            .find(|method| method.as_str() == text)
            .ok_or(ParseConsentMethodError)
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for ConsentMethod {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// A visitor's IP address cut to its network: the first 24 bits of an IPv4 address, the first
/// 48 of an IPv6 one, the rest zero. Still personal data (GDPR recital 30 names IP addresses
/// among online identifiers), so a site records it only when it has a reason to.
///
/// An IPv4 address seen through a dual-stack socket (`::ffff:192.0.2.7`) is cut as IPv4.
///
/// ```
/// use cookie_registry::TruncatedIp;
///
/// let v4 = TruncatedIp::new("192.0.2.77".parse().unwrap());
/// assert_eq!(v4.to_string(), "192.0.2.0/24");
/// let v6 = TruncatedIp::new("2001:db8:1:2:3::4".parse().unwrap());
/// assert_eq!(v6.to_string(), "2001:db8:1::/48");
/// assert_eq!("2001:db8:1::/48".parse(), Ok(v6));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TruncatedIp(IpAddr);

impl TruncatedIp {
    /// `ip` cut to /24 (IPv4) or /48 (IPv6).
    #[must_use]
    pub fn new(ip: IpAddr) -> TruncatedIp {
        let ip = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(IpAddr::V6(v6), IpAddr::V4),
            v4 => v4,
        };
        TruncatedIp(match ip {
            IpAddr::V4(v4) => IpAddr::V4(Ipv4Addr::from_bits(v4.to_bits() & !0xff)),
            IpAddr::V6(v6) => IpAddr::V6(Ipv6Addr::from_bits(v6.to_bits() & !((1u128 << 80) - 1))),
        })
    }

    /// The network's first address (the kept bits, then zeros).
    #[must_use]
    pub const fn addr(&self) -> IpAddr {
        self.0
    }

    /// The number of bits kept: 24 or 48.
    #[must_use]
    pub const fn prefix_len(&self) -> u8 {
        match self.0 {
            IpAddr::V4(_) => 24,
            IpAddr::V6(_) => 48,
        }
    }
}

impl From<IpAddr> for TruncatedIp {
    fn from(ip: IpAddr) -> Self {
        TruncatedIp::new(ip)
    }
}

impl fmt::Display for TruncatedIp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.0, self.prefix_len())
    }
}

/// The text given to [`TruncatedIp::from_str`] is not an address, or has a prefix other than
/// `/24` (IPv4) or `/48` (IPv6).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParseTruncatedIpError;

impl fmt::Display for ParseTruncatedIpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a truncated IP is an IPv4 address with /24 or an IPv6 address with /48")
    }
}

impl std::error::Error for ParseTruncatedIpError {}

/// Reads `addr/24`, `addr/48` or a bare address, and truncates it.
impl FromStr for TruncatedIp {
    type Err = ParseTruncatedIpError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let (addr, prefix) = match text.split_once('/') {
            Some((addr, prefix)) => (addr, Some(prefix)),
            None => (text, None),
        };
        let ip: IpAddr = addr.parse().map_err(|_| ParseTruncatedIpError)?;
        let truncated = TruncatedIp::new(ip);
        match prefix {
            Some(prefix) if prefix != truncated.prefix_len().to_string() => {
                Err(ParseTruncatedIpError)
            }
            _ => Ok(truncated),
        }
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for TruncatedIp {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::{ConsentMethod, TruncatedIp};

    #[test]
    fn method_values_round_trip() {
        let values: Vec<&str> = ConsentMethod::ALL.iter().map(|m| m.as_str()).collect();
        assert_eq!(values, ["banner", "settings", "api", "unknown", "gpc"]);
        for method in ConsentMethod::ALL {
            assert_eq!(method.as_str().parse(), Ok(method));
        }
        for bad in ["", "Banner", "settings ", "json", "GPC"] {
            assert!(bad.parse::<ConsentMethod>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn ip_is_cut_to_its_network() {
        let cut = |ip: &str| TruncatedIp::new(ip.parse().unwrap()).to_string();
        assert_eq!(cut("203.0.113.255"), "203.0.113.0/24");
        assert_eq!(cut("::ffff:203.0.113.9"), "203.0.113.0/24");
        assert_eq!(cut("2001:db8:abcd:ffff:1:2:3:4"), "2001:db8:abcd::/48");
        assert_eq!(cut("::1"), "::/48");
    }

    #[test]
    fn ip_parses_only_its_own_prefixes() {
        let parsed = |text: &str| text.parse::<TruncatedIp>().map(|ip| ip.to_string());
        assert_eq!(parsed("198.51.100.7"), Ok("198.51.100.0/24".to_owned()));
        assert_eq!(parsed("198.51.100.0/24"), Ok("198.51.100.0/24".to_owned()));
        assert!(parsed("198.51.100.7/32").is_err());
        assert!(parsed("2001:db8::/64").is_err());
        assert!(parsed("not an ip").is_err());
    }
}
