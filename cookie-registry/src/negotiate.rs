//! Picking a declared language for an `Accept-Language` header (RFC 9110 §12.5.4, with the
//! matching of RFC 4647 §3.3.1 and §3.4).

/// The best of `languages` for `accept_language`: the ranges in order of their quality values
/// (`q`, 1 when absent; ties keep the header's order; `q=0` means "not this one"), each
/// matched against the declared tags case-insensitively, a range matching a tag equal to it, or
/// one it is a prefix of (`de` matches `de-AT`), or one that is a prefix of it (`de-AT`
/// matches `de`); `*` matches the first language. Without a match, or for an empty or
/// malformed header, the first language.
pub(crate) fn negotiate(accept_language: &str, languages: &'static [&'static str]) -> &'static str {
    let first = languages.first().copied().unwrap_or("en");
    let mut ranges: Vec<(u16, &str)> = accept_language
        .split(',')
        .filter_map(|item| {
            let mut parts = item.split(';');
            let range = parts.next()?.trim();
            let quality = parts
                .find_map(|param| {
                    let (key, value) = param.split_once('=')?;
                    key.trim()
                        .eq_ignore_ascii_case("q")
                        .then(|| quality(value.trim()))
                })
                .unwrap_or(Some(1000))?;
            (!range.is_empty() && quality > 0).then_some((quality, range))
        })
        .collect();
    // Stable: equal qualities keep the header's order.
    ranges.sort_by_key(|&(quality, _)| core::cmp::Reverse(quality));
    for (_, range) in ranges {
        if range == "*" {
            return first;
        }
        let found = languages.iter().find(|tag| {
            tag.eq_ignore_ascii_case(range) || is_prefix(range, tag) || is_prefix(tag, range)
        });
        if let Some(tag) = found {
            return tag;
        }
    }
    first
}

/// Whether `prefix` is `tag` cut at a `-`, case-insensitively.
fn is_prefix(prefix: &str, tag: &str) -> bool {
    tag.len() > prefix.len()
        && tag.as_bytes()[prefix.len()] == b'-'
        && tag[..prefix.len()].eq_ignore_ascii_case(prefix)
}

/// A quality value in thousandths (`0.8` is 800); `None` when malformed (the range is skipped).
fn quality(value: &str) -> Option<u16> {
    let (whole, fraction) = value.split_once('.').unwrap_or((value, ""));
    if fraction.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let thousandths = fraction
        .bytes()
        .chain(core::iter::repeat(b'0'))
        .take(3)
        .fold(0u16, |n, b| n * 10 + u16::from(b - b'0'));
    match whole {
        "0" => Some(thousandths),
        "1" if thousandths == 0 => Some(1000),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::negotiate;

    const LANGUAGES: &[&str] = &["en", "de", "sv", "pt-BR"];

    #[test]
    fn quality_values_are_honoured() {
        assert_eq!(negotiate("de;q=0.5, sv;q=0.9", LANGUAGES), "sv");
        assert_eq!(negotiate("fr, de;q=0.1", LANGUAGES), "de");
        assert_eq!(negotiate("sv;q=0, de;q=0.2", LANGUAGES), "de");
        assert_eq!(negotiate("de, sv", LANGUAGES), "de");
        assert_eq!(negotiate("sv;q=1.0, de;q=1", LANGUAGES), "sv");
    }

    #[test]
    fn ranges_match_by_prefix_both_ways_and_case_insensitively() {
        assert_eq!(negotiate("de-AT", LANGUAGES), "de");
        assert_eq!(negotiate("SV-se,en;q=0.5", LANGUAGES), "sv");
        assert_eq!(negotiate("pt", LANGUAGES), "pt-BR");
        assert_eq!(negotiate("pt-br", LANGUAGES), "pt-BR");
    }

    #[test]
    fn the_first_language_otherwise() {
        for header in [
            "",
            "fr",
            "*",
            "de;q=2",
            "de;q=0.0001",
            "de;q=abc",
            ";;,",
            "sv;q=0",
            "d",
        ] {
            assert_eq!(negotiate(header, LANGUAGES), "en", "{header:?}");
        }
        assert_eq!(negotiate("fr, *;q=0.5, de;q=0.1", LANGUAGES), "en");
    }
}
