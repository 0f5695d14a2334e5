//! The request filter: the cookies a `Cookie` header may carry to the handler.

use std::borrow::Cow;

use super::gate::allowed_bytes;
use super::pairs::{Pair, Pairs, is_separator_at};
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
    let keep = |name: &[u8]| allowed_bytes::<R>(name, consent);
    let Some(kept) = Kept::scan(header, keep) else {
        return Cow::Borrowed(header);
    };
    let mut out = String::with_capacity(kept.len);
    kept.copy(header, keep, |start, end| {
        if !out.is_empty() {
            out.push_str("; ");
        }
        out.push_str(header.get(start..end).unwrap_or_default());
    });
    Cow::Owned(out)
}

/// [`filter_cookie_header`] for a header that may not be UTF-8 (header values are bytes): the
/// same decision per pair, made on its name (a name that is not UTF-8 is never declared), and
/// the kept pairs' bytes unchanged.
pub(crate) fn filter_cookie_bytes<'h, R: CookieRegistry>(
    header: &'h [u8],
    consent: &Consent,
) -> Cow<'h, [u8]> {
    let keep = |name: &[u8]| allowed_bytes::<R>(name, consent);
    let Some(kept) = Kept::scan(header, keep) else {
        return Cow::Borrowed(header);
    };
    let mut out = Vec::with_capacity(kept.len);
    kept.copy(header, keep, |start, end| {
        if !out.is_empty() {
            out.extend_from_slice(b"; ");
        }
        out.extend_from_slice(header.get(start..end).unwrap_or_default());
    });
    Cow::Owned(out)
}

/// A `Cookie` header as text or as bytes. Names are judged as bytes (the lookup compares
/// bytes, and a name that is not UTF-8 is never declared), so neither is checked for UTF-8.
trait Source {
    fn bytes(&self) -> &[u8];
}

impl Source for str {
    #[inline]
    fn bytes(&self) -> &[u8] {
        self.as_bytes()
    }
}

impl Source for [u8] {
    #[inline]
    fn bytes(&self) -> &[u8] {
        self
    }
}

/// Whether a pair carries a cookie whose name `keep` accepts.
#[inline]
fn keeps<S: Source + ?Sized>(source: &S, pair: &Pair, keep: &impl Fn(&[u8]) -> bool) -> bool {
    let bytes = source.bytes();
    pair.name(bytes)
        .and_then(|(start, end)| bytes.get(start..end))
        .is_some_and(keep)
}

/// What one scan of a header found to keep, when it found something to remove: the kept pairs
/// as runs of the header that can be copied whole (pairs already joined by `; `), and the
/// output's length.
struct Kept {
    runs: [(usize, usize); RUNS],
    run_count: usize,
    /// More runs than [`RUNS`]: the copy scans again.
    overflow: bool,
    len: usize,
}

impl Kept {
    /// One scan: decides every pair. `None` when every pair is kept.
    #[inline]
    fn scan<S: Source + ?Sized>(source: &S, keep: impl Fn(&[u8]) -> bool) -> Option<Kept> {
        let bytes = source.bytes();
        let mut kept = Kept {
            runs: [(0, 0); RUNS],
            run_count: 0,
            overflow: false,
            len: 0,
        };
        let mut removed = false;
        for pair in Pairs::new(bytes) {
            if !keeps(source, &pair, &keep) {
                removed = true;
                continue;
            }
            let separator = if kept.len == 0 { 0 } else { 2 };
            kept.len += separator + (pair.end - pair.start);
            match kept.runs.get_mut(kept.run_count.wrapping_sub(1)) {
                Some(run) if run.1 + 2 == pair.start && is_separator_at(bytes, run.1) => {
                    run.1 = pair.end;
                }
                _ => match kept.runs.get_mut(kept.run_count) {
                    Some(run) => {
                        *run = (pair.start, pair.end);
                        kept.run_count += 1;
                    }
                    None => kept.overflow = true,
                },
            }
        }
        removed.then_some(kept)
    }

    /// Hands `piece` the offsets of each kept piece (a run, or a pair), in order; the caller
    /// joins them with `; `. A kept piece is never empty.
    fn copy<S: Source + ?Sized>(
        &self,
        source: &S,
        keep: impl Fn(&[u8]) -> bool,
        mut piece: impl FnMut(usize, usize),
    ) {
        if self.overflow {
            copy_kept(source, keep, &mut piece);
        } else {
            for &(start, end) in self.runs.get(..self.run_count).unwrap_or_default() {
                piece(start, end);
            }
        }
    }
}

/// The second scan, for a header of more than [`RUNS`] runs: decides every pair again.
#[cold]
fn copy_kept<S: Source + ?Sized>(
    source: &S,
    keep: impl Fn(&[u8]) -> bool,
    piece: &mut impl FnMut(usize, usize),
) {
    for pair in Pairs::new(source.bytes()) {
        if keeps(source, &pair, &keep) {
            piece(pair.start, pair.end);
        }
    }
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
                !name.is_empty() && allowed_bytes::<Cookies>(name.as_bytes(), consent)
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
