//! Consent enforcement on HTTP headers: the `Cookie` request header and `Set-Cookie` values.

use std::borrow::Cow;

use crate::{Consent, CookieRegistry};

/// How many runs of consecutive kept pairs the scan remembers for the copy. A header broken
/// into more (many cookies, alternately kept and removed) is scanned a second time instead.
const RUNS: usize = 32;

/// Removes from a `Cookie` request header every cookie that registry `R` does not declare or
/// that `consent` does not allow.
///
/// The kept pairs come out byte for byte as sent, in order, joined by `; `. Pairs without `=` or
/// with an empty name are dropped. When nothing is removed the header itself is returned
/// (no allocation); otherwise the output is written into one allocation of its exact size.
/// Any input is accepted: this never panics.
///
/// ```
/// use cookie_registry::{filter_cookie_header, Consent, CookieRegistry};
/// use std::borrow::Cow;
///
/// #[derive(CookieRegistry)]
/// #[registry(provider = "Acme")]
/// enum Cookies {
///     #[cookie(name = "sid", category = Necessary, purpose = "Session")]
///     Sid,
///     #[cookie(name = "_ga", category = Statistics, purpose = "Counts visits")]
///     Ga,
/// }
///
/// let header = "sid=42; _ga=GA1.2.3; tracker=x";
/// assert_eq!(filter_cookie_header::<Cookies>(header, &Consent::necessary_only()), "sid=42");
/// assert_eq!(filter_cookie_header::<Cookies>(header, &Consent::all()), "sid=42; _ga=GA1.2.3");
/// assert!(matches!(
///     filter_cookie_header::<Cookies>("sid=42", &Consent::necessary_only()),
///     Cow::Borrowed("sid=42")
/// ));
/// ```
#[must_use]
pub fn filter_cookie_header<'h, R: CookieRegistry>(
    header: &'h str,
    consent: &Consent,
) -> Cow<'h, str> {
    let bytes = header.as_bytes();
    // One scan: decide every pair, and remember the kept ones as runs of the header that can
    // be copied whole (pairs already joined by `; `), and the output's length.
    let mut runs = [(0usize, 0usize); RUNS];
    let (mut run_count, mut overflow) = (0usize, false);
    let (mut removed, mut kept_len) = (false, 0usize);
    for pair in Pairs::new(bytes) {
        if !pair.kept::<R>(header, consent) {
            removed = true;
            continue;
        }
        let separator = if kept_len == 0 { 0 } else { 2 };
        kept_len += separator + (pair.end - pair.start);
        match runs.get_mut(run_count.wrapping_sub(1)) {
            Some(run) if run.1 + 2 == pair.start && bytes.get(run.1..pair.start) == Some(b"; ") => {
                run.1 = pair.end;
            }
            _ => match runs.get_mut(run_count) {
                Some(run) => {
                    *run = (pair.start, pair.end);
                    run_count += 1;
                }
                None => overflow = true,
            },
        }
    }
    if !removed {
        return Cow::Borrowed(header);
    }

    let mut out = String::with_capacity(kept_len);
    if overflow {
        copy_kept::<R>(header, consent, &mut out);
    } else {
        for &(start, end) in runs.get(..run_count).unwrap_or_default() {
            if !out.is_empty() {
                out.push_str("; ");
            }
            out.push_str(header.get(start..end).unwrap_or_default());
        }
    }
    Cow::Owned(out)
}

/// The second scan, for a header of more than [`RUNS`] runs: decides every pair again.
#[cold]
fn copy_kept<R: CookieRegistry>(header: &str, consent: &Consent, out: &mut String) {
    for pair in Pairs::new(header.as_bytes()) {
        if pair.kept::<R>(header, consent) {
            if !out.is_empty() {
                out.push_str("; ");
            }
            out.push_str(header.get(pair.start..pair.end).unwrap_or_default());
        }
    }
}

/// The non-empty `;`-separated segments of a `Cookie` header. `memchr` finds the `;` (values
/// run to hundreds of bytes), a word-at-a-time search the `=` (names are short).
struct Pairs<'h> {
    bytes: &'h [u8],
    semicolons: memchr::Memchr<'h>,
    /// Where the next segment starts; past the end once the last one is read.
    at: usize,
}

impl<'h> Pairs<'h> {
    fn new(bytes: &'h [u8]) -> Self {
        Pairs {
            bytes,
            semicolons: memchr::memchr_iter(b';', bytes),
            at: 0,
        }
    }
}

impl Iterator for Pairs<'_> {
    type Item = Pair;

    #[inline]
    fn next(&mut self) -> Option<Pair> {
        loop {
            let segment_start = self.at;
            if segment_start > self.bytes.len() {
                return None;
            }
            let segment_end = self.semicolons.next().unwrap_or(self.bytes.len());
            self.at = segment_end + 1;
            let (mut start, mut end) = (segment_start, segment_end);
            while start < end && matches!(self.bytes.get(start), Some(b' ' | b'\t')) {
                start += 1;
            }
            while end > start && matches!(self.bytes.get(end - 1), Some(b' ' | b'\t')) {
                end -= 1;
            }
            if start == end {
                continue; // an empty segment (`a=1;;b=2`, a trailing `;`) carries no cookie
            }
            let eq = self
                .bytes
                .get(start..end)
                .and_then(find_equals)
                .map(|at| start + at);
            return Some(Pair { start, eq, end });
        }
    }
}

/// The offset of the first `=` in `bytes`, eight bytes at a time: a byte equal to `=` becomes
/// zero after the XOR, and the lowest byte flagged by the zero-byte test is always a true one.
#[inline]
fn find_equals(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_le_bytes([0x80; 8]);
    const EQUALS: u64 = u64::from_le_bytes([b'='; 8]);
    let mut offset = 0;
    let mut rest = bytes;
    while let Some(chunk) = rest.first_chunk::<8>() {
        let word = u64::from_le_bytes(*chunk) ^ EQUALS;
        let zeros = word.wrapping_sub(ONES) & !word & HIGHS;
        if zeros != 0 {
            return Some(offset + (zeros.trailing_zeros() / 8) as usize);
        }
        offset += 8;
        rest = rest.get(8..).unwrap_or_default();
    }
    rest.iter().position(|&b| b == b'=').map(|at| offset + at)
}

/// One non-empty pair of a `Cookie` header, as byte offsets into it, without the optional
/// white space around it (`OWS`, space or tab).
struct Pair {
    start: usize,
    /// The offset of the first `=`, where the name ends; `None` when there is none.
    eq: Option<usize>,
    end: usize,
}

impl Pair {
    /// Whether registry `R` declares this pair's cookie and `consent` allows it; false for a
    /// pair without `=` or with an empty name.
    #[inline]
    fn kept<R: CookieRegistry>(&self, header: &str, consent: &Consent) -> bool {
        let Some(mut name_end) = self.eq else {
            return false;
        };
        let bytes = header.as_bytes();
        while name_end > self.start && matches!(bytes.get(name_end - 1), Some(b' ' | b'\t')) {
            name_end -= 1;
        }
        // Both ends follow ASCII bytes (or are the header's start), so they are char boundaries.
        match header.get(self.start..name_end) {
            Some(name) if !name.is_empty() => allowed::<R>(name, consent),
            _ => false,
        }
    }
}

/// Whether a response may carry this `Set-Cookie` header value under `consent`: false for a
/// cookie registry `R` does not declare or `consent` does not allow, and for a value that is not
/// a cookie at all. A removal (`Max-Age=0` or less, or an `Expires` date in the past) is always
/// allowed, declared or not: deleting a cookie never needs consent.
///
/// ```
/// use cookie_registry::{allows_set_cookie, Consent, CookieRegistry};
///
/// #[derive(CookieRegistry)]
/// #[registry(provider = "Acme")]
/// enum Cookies {
///     #[cookie(name = "_ga", category = Statistics, purpose = "Counts visits")]
///     Ga,
/// }
///
/// let none = Consent::necessary_only();
/// assert!(!allows_set_cookie::<Cookies>("_ga=GA1.2.3; Path=/; Max-Age=3600", &none));
/// assert!(allows_set_cookie::<Cookies>("_ga=GA1.2.3; Path=/", &Consent::all()));
/// assert!(allows_set_cookie::<Cookies>("_ga=; Max-Age=0", &none));
/// assert!(allows_set_cookie::<Cookies>("tracker=; Expires=Thu, 01 Jan 1970 00:00:00 GMT", &none));
/// assert!(!allows_set_cookie::<Cookies>("tracker=1", &Consent::all()));
/// ```
#[must_use]
pub fn allows_set_cookie<R: CookieRegistry>(set_cookie_value: &str, consent: &Consent) -> bool {
    let Ok(cookie) = cookie::Cookie::parse(set_cookie_value) else {
        return false;
    };
    if is_removal(&cookie) {
        return true;
    }
    allowed::<R>(cookie.name(), consent)
}

/// Whether a parsed `Set-Cookie` deletes its cookie: `Max-Age` zero or less, or else an
/// `Expires` date that has passed.
pub(crate) fn is_removal(cookie: &cookie::Cookie<'_>) -> bool {
    if let Some(max_age) = cookie.max_age() {
        // Max-Age wins over Expires (6265bis §5.6.2).
        return max_age <= cookie::time::Duration::ZERO;
    }
    cookie
        .expires_datetime()
        .is_some_and(|expires| expires <= cookie::time::OffsetDateTime::now_utc())
}

#[inline]
fn allowed<R: CookieRegistry>(name: &str, consent: &Consent) -> bool {
    R::spec_of(name).is_some_and(|spec| spec.allowed_by(consent))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Category;

    #[derive(crate::CookieRegistry)]
    #[registry(crate = "crate", provider = "Acme")]
    enum Cookies {
        #[cookie(name = "sid", category = Necessary, purpose = "Session")]
        Sid,
        #[cookie(name = "_ga", category = Statistics, purpose = "Visits")]
        Ga,
        #[cookie(prefix = "_ga_", category = Statistics, purpose = "Sessions")]
        GaSession,
        #[cookie(name = "a_rather_long_cookie_name_x", category = Necessary, purpose = "Long")]
        Long,
        #[cookie(prefix = "p", category = Necessary, purpose = "Short family")]
        P,
    }

    /// The filter as first written: split at `;`, trim, split at `=`, decide, join. The one
    /// scan must give the same header, borrowed in the same cases.
    fn reference<'h>(header: &'h str, consent: &Consent) -> Cow<'h, str> {
        let trim = |s: &'h str| s.trim_matches([' ', '\t']);
        let keep = |pair: &str| {
            pair.split_once('=').is_some_and(|(name, _)| {
                let name = name.trim_end_matches([' ', '\t']);
                !name.is_empty() && allowed::<Cookies>(name, consent)
            })
        };
        let pairs: Vec<&str> = header
            .split(';')
            .map(trim)
            .filter(|p| !p.is_empty())
            .collect();
        if pairs.iter().all(|pair| keep(pair)) {
            return Cow::Borrowed(header);
        }
        let kept: Vec<&str> = pairs.into_iter().filter(|pair| keep(pair)).collect();
        Cow::Owned(kept.join("; "))
    }

    #[test]
    fn one_scan_matches_the_reference_on_random_headers() {
        let parts = [
            "sid",
            "_ga",
            "_ga_X1",
            "_ga_",
            "a_rather_long_cookie_name_x",
            "a_rather_long_cookie_name_y",
            "p",
            "p1",
            "x",
            "=",
            "=",
            ";",
            ";",
            "; ",
            " ",
            "\t",
            "v",
            "é",
            "1=2",
            "",
        ];
        let mut state = 0x9E37_79B9_7F4A_7C15_u64;
        let mut necessary = Consent::necessary_only();
        let mut statistics = Consent::necessary_only();
        statistics.grant(Category::Statistics);
        necessary.revoke(Category::Statistics);
        for _ in 0..20_000 {
            let mut header = String::new();
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let len = (state % 24) as usize;
            for k in 0..len {
                let pick = (state.rotate_left(k as u32 * 5) % parts.len() as u64) as usize;
                header.push_str(parts[pick]);
            }
            for consent in [&necessary, &statistics, &Consent::all()] {
                let ours = filter_cookie_header::<Cookies>(&header, consent);
                let expected = reference(&header, consent);
                assert_eq!(ours, expected, "{header:?}");
                assert_eq!(
                    matches!(ours, Cow::Borrowed(_)),
                    matches!(expected, Cow::Borrowed(_)),
                    "{header:?}"
                );
            }
        }
    }

    #[test]
    fn many_alternating_pairs_take_the_second_scan() {
        let header: Vec<String> = (0..200)
            .map(|i| {
                if i % 2 == 0 {
                    format!("sid={i}")
                } else {
                    format!("_ga={i}")
                }
            })
            .collect();
        let header = header.join("; ");
        let necessary = Consent::necessary_only();
        let filtered = filter_cookie_header::<Cookies>(&header, &necessary);
        assert_eq!(filtered, reference(&header, &necessary));
        assert_eq!(filtered.len(), filtered.capacity_hint());
    }

    trait CapacityHint {
        fn capacity_hint(&self) -> usize;
    }

    impl CapacityHint for Cow<'_, str> {
        fn capacity_hint(&self) -> usize {
            match self {
                Cow::Borrowed(s) => s.len(),
                Cow::Owned(s) => s.capacity(),
            }
        }
    }

    #[test]
    fn the_output_is_allocated_at_its_exact_size() {
        let header = "sid=1; _ga=2;x=3 ;  _ga_Z=4\t; sid = 5";
        let filtered = filter_cookie_header::<Cookies>(header, &Consent::necessary_only());
        assert_eq!(filtered, "sid=1; sid = 5");
        assert_eq!(filtered.len(), filtered.capacity_hint());
    }
}
