//! The one `Set-Cookie` reader: a response header value read as browsers read it (6265bis
//! §5.6), so that the gate judges the cookie the browser stores, under the name it stores it.

use super::cookie_date;

/// The most bytes a cookie's name and value may have together; past it browsers ignore the
/// whole `Set-Cookie` (6265bis §5.6 step 5).
pub const MAX_NAME_VALUE: usize = 4096;

/// The most bytes an attribute's value may have; a longer attribute is ignored (6265bis §5.6,
/// attribute step 5).
const MAX_ATTRIBUTE_VALUE: usize = 1024;

/// A `Set-Cookie` header value as a browser reads it: the cookie's name and value, and when it
/// expires. Made by [`read_set_cookie`].
///
/// The attributes are read only when asked for ([`expiry`](Self::expiry)): the gate decides most
/// headers by their name alone (a declared, allowed cookie passes whatever it says of its
/// expiry), so it never pays for reading their dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SetCookie<'v> {
    name: &'v [u8],
    value: &'v [u8],
    attributes: &'v [u8],
}

/// When a cookie set by a `Set-Cookie` expires, as the browser reads its `Max-Age` and
/// `Expires` attributes (6265bis §5.6.1, §5.6.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Expiry {
    /// No `Max-Age` or `Expires` the browser accepts: a session cookie.
    Session,
    /// A `Max-Age` of zero or less: the earliest representable time, always past.
    Earliest,
    /// A positive `Max-Age`: this many seconds from now (saturated at `u64::MAX`).
    MaxAge(u64),
    /// An `Expires` date, in seconds since the Unix epoch (negative before 1970).
    Expires(i64),
}

impl Expiry {
    /// Whether a cookie with this expiry is already expired at `now` (seconds since the Unix
    /// epoch): the browser deletes it instead of storing it.
    #[must_use]
    pub const fn is_past_at(&self, now: i64) -> bool {
        match *self {
            Expiry::Session | Expiry::MaxAge(_) => false,
            Expiry::Earliest => true,
            Expiry::Expires(at) => at <= now,
        }
    }
}

/// Reads a `Set-Cookie` header value as browsers do (6265bis §5.6): `None` when the browser
/// ignores it entirely, so it sets nothing and removes nothing.
///
/// - The cookie's name is what precedes the first `=` of the part before the first `;` (with no
///   `=`, the name is empty and the whole part is the value), and name and value are trimmed of
///   space and horizontal tab only: a no-break space (U+00A0) or any other character stays
///   part of the name, as the browser stores it.
/// - Ignored: a control character anywhere (as Chromium does), an empty name with an empty
///   value, a name and value longer than [`MAX_NAME_VALUE`] bytes together, and an empty name
///   whose value starts with `__Secure-` or `__Host-` (6265bis §5.7).
/// - Attribute names are compared ASCII-case-insensitively, their values trimmed of space and
///   tab. Of each of `Max-Age` and `Expires`, the last one is the one read (an invalid last one
///   counts as absent, as in Chromium and Firefox); a valid `Max-Age` beats any `Expires`.
///   `Max-Age` is an optional sign and digits (§5.6.2); `Expires` is read with the cookie-date
///   algorithm of §5.1.1. Where Chromium departs from the draft (a `+` sign; numeric date
///   tokens of digits only; years before 1601 in the past), this reader follows Chromium, as
///   a differential test against the real browser checks.
///
/// Any bytes are accepted: this never panics.
///
/// ```
/// use cookie_registry::engine::{read_set_cookie, Expiry};
///
/// let removal = read_set_cookie(b"_ga=; Path=/; max-age=0").unwrap();
/// assert_eq!(removal.name(), b"_ga");
/// assert!(removal.is_removal());
///
/// // A no-break space is no white space to a browser: this attribute is not `Max-Age`...
/// let disguised = read_set_cookie("_ga=1; \u{a0}Max-Age=0".as_bytes()).unwrap();
/// assert_eq!(disguised.expiry(), Expiry::Session);
/// assert!(!disguised.is_removal());
/// // ...and this cookie is named "\u{a0}sid", not "sid".
/// let padded = read_set_cookie("\u{a0}sid=1".as_bytes()).unwrap();
/// assert_eq!(padded.name_str(), Some("\u{a0}sid"));
///
/// let dated = read_set_cookie(b"x=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT").unwrap();
/// assert_eq!(dated.expiry(), Expiry::Expires(0));
/// assert!(read_set_cookie(b"=").is_none()); // no name and no value: ignored
/// ```
#[must_use]
pub fn read_set_cookie(set_cookie: &[u8]) -> Option<SetCookie<'_>> {
    // A fold without an early exit, which the compiler turns into a vector loop: most values
    // are short and clean, and this scan is the reader's largest cost.
    if set_cookie
        .iter()
        .fold(false, |found, &b| found | is_control(b))
    {
        return None;
    }
    let (pair, attributes) = match memchr::memchr(b';', set_cookie) {
        Some(at) => (set_cookie.get(..at)?, set_cookie.get(at + 1..)?),
        None => (set_cookie, &b""[..]),
    };
    let (name, value) = match memchr::memchr(b'=', pair) {
        Some(at) => (pair.get(..at)?, pair.get(at + 1..)?),
        None => (&b""[..], pair),
    };
    let (name, value) = (trim(name), trim(value));
    if (name.is_empty() && value.is_empty()) || name.len() + value.len() > MAX_NAME_VALUE {
        return None;
    }
    if name.is_empty()
        && (starts_with_ignore_case(value, b"__secure-")
            || starts_with_ignore_case(value, b"__host-"))
    {
        return None;
    }
    Some(SetCookie {
        name,
        value,
        attributes,
    })
}

impl<'v> SetCookie<'v> {
    /// The cookie's name, as the browser stores it (possibly empty, possibly not UTF-8).
    #[must_use]
    pub const fn name(&self) -> &'v [u8] {
        self.name
    }

    /// The cookie's name as text, when it is UTF-8 (a name that is not is never declared).
    #[must_use]
    pub fn name_str(&self) -> Option<&'v str> {
        core::str::from_utf8(self.name).ok()
    }

    /// The cookie's value, trimmed of space and tab, quotes kept (as the browser stores it).
    #[must_use]
    pub const fn value(&self) -> &'v [u8] {
        self.value
    }

    /// When the cookie expires, read from its attributes.
    #[must_use]
    pub fn expiry(&self) -> Expiry {
        read_expiry(self.attributes)
    }

    /// Whether this `Set-Cookie` deletes its cookie: its expiry is already past.
    #[must_use]
    pub fn is_removal(&self) -> bool {
        self.expiry().is_past_at(now())
    }

    /// Whether this `Set-Cookie` deletes its cookie at `now` (seconds since the Unix epoch).
    #[must_use]
    pub fn is_removal_at(&self, now: i64) -> bool {
        self.expiry().is_past_at(now)
    }
}

/// Seconds since the Unix epoch.
fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |since| {
            i64::try_from(since.as_secs()).unwrap_or(i64::MAX)
        })
}

/// The expiry the attributes give: the last `Max-Age`, when valid, else the last `Expires`,
/// when valid.
fn read_expiry(attributes: &[u8]) -> Expiry {
    let mut max_age: Option<&[u8]> = None;
    let mut expires: Option<&[u8]> = None;
    for attribute in attributes.split(|&b| b == b';') {
        let (name, value) = match memchr::memchr(b'=', attribute) {
            Some(at) => (&attribute[..at], &attribute[at + 1..]),
            None => (attribute, &b""[..]),
        };
        let (name, value) = (trim(name), trim(value));
        if value.len() > MAX_ATTRIBUTE_VALUE {
            continue;
        }
        if name.eq_ignore_ascii_case(b"max-age") {
            max_age = Some(value);
        } else if name.eq_ignore_ascii_case(b"expires") {
            expires = Some(value);
        }
    }
    if let Some(expiry) = max_age.and_then(read_max_age) {
        return expiry;
    }
    expires
        .and_then(cookie_date::parse)
        .map_or(Expiry::Session, Expiry::Expires)
}

/// A `Max-Age` value (6265bis §5.6.2): a sign, then digits only; else `None` (ignored). Zero
/// or less is the earliest time; a run of digits too long for `u64` saturates. The draft allows
/// only `-` as a sign; Chromium reads `+0` as zero too (and deletes the cookie), and so does
/// this reader, since the gate must call a removal what the browser deletes.
fn read_max_age(value: &[u8]) -> Option<Expiry> {
    let (negative, digits) = match value.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, value),
    };
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let seconds = digits.iter().fold(0_u64, |seconds, &digit| {
        seconds
            .saturating_mul(10)
            .saturating_add(u64::from(digit - b'0'))
    });
    Some(if negative || seconds == 0 {
        Expiry::Earliest
    } else {
        Expiry::MaxAge(seconds)
    })
}

/// Control characters other than horizontal tab (6265bis §5.6 step 1).
const fn is_control(b: u8) -> bool {
    (b < 0x20 && b != b'\t') || b == 0x7f
}

/// `bytes` without leading and trailing space and horizontal tab: the only white space
/// browsers trim (6265bis §5.6), never Unicode's.
pub(crate) fn trim(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|&b| b != b' ' && b != b'\t')
        .unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|&b| b != b' ' && b != b'\t')
        .map_or(start, |last| last + 1);
    bytes.get(start..end).unwrap_or_default()
}

fn starts_with_ignore_case(bytes: &[u8], prefix: &[u8]) -> bool {
    bytes
        .get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

#[cfg(test)]
#[path = "set_cookie_tests.rs"]
mod tests;
