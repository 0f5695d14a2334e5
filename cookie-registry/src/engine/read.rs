//! One scan of a request's `Cookie` header for the middleware: it finds the consent cookie and
//! looks up every pair's name together, then decides each pair under the consent read, without
//! a second pass over the header. The result is exactly that of reading the consent cookie
//! ([`ConsentState::from_cookie_bytes`]) and then filtering ([`filter_cookie_bytes`]), which a
//! header of more than [`SEEN`] pairs still does.

use std::borrow::Cow;

use super::filter::filter_cookie_bytes;
use super::pairs::{Pairs, is_separator_at};
use crate::consent::consent_spec;
use crate::signals::Signals;
use crate::{ConsentState, CookieRegistry, CookieSpec};

/// How many pairs the scan remembers. Browsers send at most 180 cookies per domain, but a
/// site's usual header has a few dozen; a longer one is read in two passes.
const SEEN: usize = 64;

/// One pair as the scan saw it: its offsets, and the declared HTTP cookie it carries (`None`
/// for an undeclared name, a storage entry's name, or a pair without a name: never kept).
#[derive(Clone, Copy)]
struct Seen {
    start: usize,
    end: usize,
    spec: Option<&'static CookieSpec>,
}

/// The visitor's consent state under `signals`, and the `Cookie` header without every cookie
/// that registry `R` does not declare or the consent in force does not allow (borrowed when
/// nothing is removed).
pub(super) fn read_and_filter<R: CookieRegistry>(
    header: &[u8],
    signals: Signals,
) -> (ConsentState, Cow<'_, [u8]>) {
    let consent_cookie = consent_spec::<R>();
    let mut seen = [Seen {
        start: 0,
        end: 0,
        spec: None,
    }; SEEN];
    let mut count = 0;
    let mut consent_value: Option<&[u8]> = None;
    for pair in Pairs::new(header) {
        let Some(slot) = seen.get_mut(count) else {
            return two_passes::<R>(header, signals);
        };
        let name = pair
            .name(header)
            .and_then(|(start, end)| header.get(start..end));
        let spec = name.and_then(R::__spec_of_bytes);
        if consent_value.is_none() {
            if let (Some(name), Some(cookie)) = (name, consent_cookie) {
                if cookie.matches_bytes(name) {
                    consent_value = Some(pair.value(header));
                }
            }
        }
        *slot = Seen {
            start: pair.start,
            end: pair.end,
            spec: spec.filter(|spec| spec.is_http_cookie()),
        };
        count += 1;
    }
    let state = consent_value
        .and_then(|value| ConsentState::from_cookie_value_bytes::<R>(value).ok())
        .unwrap_or_default()
        .with_signals(signals);
    let consent = state.consent();
    let seen = seen.get(..count).unwrap_or_default();
    let kept = |pair: &Seen| pair.spec.is_some_and(|spec| spec.allowed_by(&consent));
    if seen.iter().all(kept) {
        return (state, Cow::Borrowed(header));
    }
    (state, Cow::Owned(copy_kept(header, seen, kept)))
}

/// The kept pairs, byte for byte, joined by `; `: runs of pairs already joined so in the
/// header are copied whole.
fn copy_kept(header: &[u8], seen: &[Seen], kept: impl Fn(&Seen) -> bool) -> Vec<u8> {
    let kept_pairs = || seen.iter().filter(|pair| kept(pair));
    let len = kept_pairs()
        .map(|pair| pair.end - pair.start + 2)
        .sum::<usize>()
        .saturating_sub(2);
    let mut out = Vec::with_capacity(len);
    let mut run: Option<(usize, usize)> = None;
    for pair in kept_pairs() {
        run = match run {
            Some((start, end)) if end + 2 == pair.start && is_separator_at(header, end) => {
                Some((start, pair.end))
            }
            other => {
                if let Some((start, end)) = other {
                    push(&mut out, header.get(start..end).unwrap_or_default());
                }
                Some((pair.start, pair.end))
            }
        };
    }
    if let Some((start, end)) = run {
        push(&mut out, header.get(start..end).unwrap_or_default());
    }
    out
}

fn push(out: &mut Vec<u8>, piece: &[u8]) {
    if !out.is_empty() {
        out.extend_from_slice(b"; ");
    }
    out.extend_from_slice(piece);
}

/// A header of more than [`SEEN`] pairs: the consent cookie found first, then every pair
/// decided in a second scan.
#[cold]
fn two_passes<R: CookieRegistry>(header: &[u8], signals: Signals) -> (ConsentState, Cow<'_, [u8]>) {
    let state = ConsentState::from_cookie_bytes::<R>(header).with_signals(signals);
    let filtered = filter_cookie_bytes::<R>(header, &state.consent());
    (state, filtered)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signals::Regime;
    use crate::{Category, Consent, ConsentRecord};

    #[derive(crate::CookieRegistry)]
    #[registry(crate = "crate", provider = "Acme", consent_cookie = Choice)]
    enum Cookies {
        #[cookie(name = "choice", category = Necessary, purpose = "Choice", max_age = "26w")]
        Choice,
        #[cookie(name = "sid", category = Necessary, purpose = "Session")]
        Sid,
        #[cookie(name = "_ga", category = Statistics, purpose = "Visits")]
        Ga,
        #[cookie(prefix = "_ga_", category = Statistics, purpose = "Sessions")]
        GaSession,
        #[cookie(name = "_fbp", category = Marketing, purpose = "Ads")]
        Fbp,
        #[cookie(name = "cart", category = Necessary, storage = local, purpose = "Cart")]
        Cart,
    }

    /// The reference: reading the consent cookie, then filtering under it.
    fn reference(header: &[u8], signals: Signals) -> (ConsentState, Cow<'_, [u8]>) {
        two_passes::<Cookies>(header, signals)
    }

    #[test]
    fn one_scan_reads_and_filters_as_the_two_passes_do() {
        let stats = ConsentRecord::new::<Cookies>(
            Consent::necessary_only().with(Category::Statistics),
            None,
        );
        let all = ConsentRecord::new::<Cookies>(Consent::all(), None);
        let stats = format!("choice={}", stats.cookie_value());
        let all = format!("choice={}", all.cookie_value());
        let many: String = (0..70).map(|i| format!("x{i}=1; ")).collect::<String>() + &all;
        let headers: Vec<String> = vec![
            String::new(),
            "sid=1".into(),
            format!("sid=1; _ga=GA1; {stats}; _fbp=fb; tracker=1; _ga_X=2; cart=3"),
            format!("{all}; sid=1; _ga=GA1; _fbp=fb"),
            format!("{stats}; {all}; _fbp=fb"), // the first consent cookie counts
            format!(" sid = 1 ;;{stats} ; _ga=\"q\";=x; noequals; _fbp=fb "),
            format!("choice=\"{}\"; _ga=1", &stats["choice=".len()..]),
            "choice=garbage; _ga=1; sid=2".into(),
            "\u{a0}sid=1; sid=2".into(),
            many.clone(),
            many.replace(&all, &stats),
        ];
        let signals = [
            Signals::default(),
            Signals::new(Regime::OptOut),
            Signals::new(Regime::OptOut).with_gpc(true),
        ];
        for header in &headers {
            for signals in signals {
                let one = read_and_filter::<Cookies>(header.as_bytes(), signals);
                let two = reference(header.as_bytes(), signals);
                assert_eq!(one.0, two.0, "{header:?}");
                assert_eq!(one.1, two.1, "{header:?}");
                assert_eq!(
                    matches!(one.1, Cow::Borrowed(_)),
                    matches!(two.1, Cow::Borrowed(_)),
                    "{header:?}"
                );
            }
        }
        // And what they agree on is right: Statistics kept, Marketing and the undeclared gone.
        let header = format!("sid=1; _ga=GA1; {stats}; _fbp=fb; tracker=1; _ga_X=2; cart=3");
        let (state, filtered) = read_and_filter::<Cookies>(header.as_bytes(), Signals::default());
        assert!(state.consent().allows(Category::Statistics));
        assert_eq!(
            String::from_utf8(filtered.into_owned()).unwrap(),
            format!("sid=1; _ga=GA1; {stats}; _ga_X=2")
        );
    }

    /// Thousands of generated headers, built from the pieces that trip parsers (names declared,
    /// undeclared and of a family, consent values valid and broken, white space, empty and
    /// nameless pairs, repeats): the one scan and the two passes agree on each.
    #[test]
    fn one_scan_agrees_with_the_two_passes_on_generated_headers() {
        let stats = ConsentRecord::new::<Cookies>(
            Consent::necessary_only().with(Category::Statistics),
            None,
        )
        .cookie_value();
        let all = ConsentRecord::new::<Cookies>(Consent::all(), None).cookie_value();
        let pieces: Vec<String> = vec![
            "sid=1".into(),
            "_ga=GA1.2".into(),
            "_ga_XY=3".into(),
            "_ga_=4".into(),
            "_fbp=fb.1".into(),
            "cart=2".into(),
            "tracker=x".into(),
            format!("choice={stats}"),
            format!("choice={all}"),
            format!("choice=\"{all}\""),
            format!(" choice = {stats}"),
            "choice=2.zz".into(),
            "choice".into(),
            "=nameless".into(),
            "".into(),
            " ".into(),
            "\t_ga=1\t".into(),
            "\u{a0}sid=1".into(),
        ];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = |bound: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            usize::try_from(seed % bound as u64).unwrap_or(0)
        };
        let separators = ["; ", ";", " ; ", ";;"];
        for _ in 0..4000 {
            let count = next(80); // past SEEN now and then
            let mut header = String::new();
            for i in 0..count {
                if i > 0 {
                    header.push_str(separators[next(separators.len())]);
                }
                header.push_str(&pieces[next(pieces.len())]);
            }
            let signals = match next(3) {
                0 => Signals::default(),
                1 => Signals::new(Regime::OptOut),
                _ => Signals::new(Regime::OptOut).with_gpc(true),
            };
            let one = read_and_filter::<Cookies>(header.as_bytes(), signals);
            let two = reference(header.as_bytes(), signals);
            assert_eq!(one.0, two.0, "{header:?}");
            assert_eq!(one.1, two.1, "{header:?}");
            assert_eq!(
                matches!(one.1, Cow::Borrowed(_)),
                matches!(two.1, Cow::Borrowed(_)),
                "{header:?}"
            );
        }
    }
}
