//! The cookie-date algorithm of 6265bis §5.1.1, which browsers use to read `Expires`, as
//! Chromium implements it: lenient about delimiters and order, strict about tokens.
//!
//! Where Chromium departs from the draft's text, this follows Chromium, as checked against the
//! real browser by the differential test (`tests/tests/set_cookie_browser.rs`): a numeric
//! token must be digits only (the draft allows a tail after a non-digit: `1st`, `1970x`),
//! which makes the whole date invalid otherwise; a time's fields may have any number of digits
//! (`00:00:010`); a token with a `:` is only ever a time; a year may have 1 to 5 digits; and a
//! year before 1601 is a date in the past (the draft ignores the attribute; Chromium deletes
//! the cookie). Each departure errs towards the browser: the gate must call a removal exactly
//! what the browser deletes.

use cookie_registry_core::civil;

/// The most digits of a year token (longer numeric tokens are ignored).
const YEAR_DIGITS: usize = 5;

/// Seconds since the Unix epoch of the date in an `Expires` value, or `None` when the
/// algorithm fails (the attribute is then ignored).
pub(crate) fn parse(date: &[u8]) -> Option<i64> {
    let mut time = None;
    let mut day = None;
    let mut month = None;
    let mut year = None;
    for token in date.split(|&b| is_delimiter(b)).filter(|t| !t.is_empty()) {
        if !token.first().is_some_and(u8::is_ascii_digit) {
            if month.is_none() {
                month = read_month(token);
            }
        } else if token.contains(&b':') {
            if time.is_none() {
                time = read_time(token);
            }
        } else {
            let value = number(token)?; // `1st`, `1970x`: no date at all
            if day.is_none() && token.len() <= 2 {
                day = Some(value);
            } else if year.is_none() && token.len() <= YEAR_DIGITS {
                year = Some(value);
            }
        }
    }
    let ((hour, minute, second), day, month, mut year) = (time?, day?, month?, year?);
    if (70..=99).contains(&year) {
        year += 1900;
    } else if year <= 69 {
        year += 2000;
    }
    if !(1..=31).contains(&day) || hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    if i64::from(day) > civil::days_in_month(i64::from(year), i64::from(month)) {
        return None; // no such date (31 April)
    }
    let days = civil::days_from_civil(i64::from(year), i64::from(month), i64::from(day));
    Some(days * 86_400 + i64::from(hour) * 3600 + i64::from(minute) * 60 + i64::from(second))
}

/// `delimiter = %x09 / %x20-2F / %x3B-40 / %x5B-60 / %x7B-7E`.
const fn is_delimiter(b: u8) -> bool {
    matches!(b, 0x09 | 0x20..=0x2f | 0x3b..=0x40 | 0x5b..=0x60 | 0x7b..=0x7e)
}

/// A token of digits only, as a number (saturated: every field is range-checked after).
fn number(token: &[u8]) -> Option<u32> {
    if token.is_empty() || !token.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(token.iter().fold(0_u32, |value, &digit| {
        value
            .saturating_mul(10)
            .saturating_add(u32::from(digit - b'0'))
    }))
}

/// A time: three fields of digits joined by `:` (`08:49:37`, `8:9:7`).
fn read_time(token: &[u8]) -> Option<(u32, u32, u32)> {
    let mut fields = token.split(|&b| b == b':');
    let hour = number(fields.next()?)?;
    let minute = number(fields.next()?)?;
    let second = number(fields.next()?)?;
    if fields.next().is_some() {
        return None;
    }
    Some((hour, minute, second))
}

/// `month = ( "jan" / "feb" / ... / "dec" ) *OCTET`, case-insensitively: 1 to 12.
fn read_month(token: &[u8]) -> Option<u32> {
    const MONTHS: [&[u8; 3]; 12] = [
        b"jan", b"feb", b"mar", b"apr", b"may", b"jun", b"jul", b"aug", b"sep", b"oct", b"nov",
        b"dec",
    ];
    let head = token.get(..3)?;
    let index = MONTHS
        .iter()
        .position(|month| head.eq_ignore_ascii_case(&month[..]))?;
    u32::try_from(index + 1).ok()
}

#[cfg(test)]
mod tests {
    use super::parse;

    fn date(text: &str) -> Option<i64> {
        parse(text.as_bytes())
    }

    #[test]
    fn reads_the_usual_formats() {
        assert_eq!(date("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0));
        assert_eq!(date("Sun, 06 Nov 1994 08:49:37 GMT"), Some(784_111_777));
        assert_eq!(date("Sunday, 06-Nov-94 08:49:37 GMT"), Some(784_111_777));
        assert_eq!(date("Sun Nov  6 08:49:37 1994"), Some(784_111_777));
        // `date -d 2040-02-29T00:00:01Z +%s`
        assert_eq!(date("Wed, 29 Feb 2040 00:00:01 GMT"), Some(2_214_086_401));
        assert_eq!(date("1 jan 1970 0:0:10 +0100"), Some(10));
        assert_eq!(date("01 JANUARY 1970 00:00:10"), Some(10));
    }

    #[test]
    fn short_years_fold_as_the_algorithm_says() {
        assert_eq!(date("01 Jan 70 00:00:00"), Some(0));
        assert_eq!(date("01 Jan 69 00:00:00"), date("01 Jan 2069 00:00:00"));
        assert_eq!(date("01 Jan 00 00:00:00"), date("01 Jan 2000 00:00:00"));
        assert_eq!(date("01 Jan 99 00:00:00"), date("01 Jan 1999 00:00:00"));
        assert_eq!(date("01 Jan 1 00:00:00"), date("01 Jan 2001 00:00:00"));
        assert_eq!(date("01 Jan 070 00:00:00"), Some(0));
    }

    #[test]
    fn years_before_1601_are_in_the_past_as_in_chromium() {
        for year in ["1600", "1599", "1000", "123"] {
            let at = date(&format!("01 Jan {year} 00:00:00")).unwrap();
            assert!(at < date("01 Jan 1601 00:00:00").unwrap(), "{year}");
        }
        assert!(date("01 Jan 99999 00:00:00").unwrap() > 3_000_000_000_000);
    }

    #[test]
    fn rejects_out_of_range_and_missing_fields() {
        for text in [
            "32 Jan 2030 00:00:00",
            "00 Jan 2030 00:00:00",
            "31 Apr 2030 00:00:00",
            "29 Feb 2031 00:00:00",
            "01 Jan 2030 24:00:00",
            "01 Jan 2030 00:60:00",
            "01 Jan 2030 00:00:60",
            "01 Jan 2030",
            "01 Jan 2030 00:00",
            "01 Jan 2030 00:00:00:00",
            "Jan 2030 00:00:00",
            "01 2030 00:00:00",
            "01 Jan 00:00:00",
            "01 Xyz 2030 00:00:00",
            "01 Jan 123456 00:00:00",
            "",
            "tomorrow",
        ] {
            assert_eq!(date(text), None, "{text}");
        }
    }

    #[test]
    fn a_numeric_token_is_digits_only() {
        for text in [
            "1st Jan 1970 00:00:10",
            "01x Jan 1970 00:00:10",
            "01 Jan 1970x 00:00:10",
            "01 Jan 1970 00:00:10x",
            "01\u{a0}Jan 1970 00:00:10",
            "01 Jan 1970 00:00:10\u{a0}",
        ] {
            assert_eq!(date(text), None, "{text}");
        }
        // A time's fields may be longer than two digits.
        assert_eq!(date("01 Jan 1970 00:00:010"), Some(10));
        assert_eq!(date("01 Jan 1970 000:00:10"), Some(10));
    }

    #[test]
    fn the_first_of_each_field_counts() {
        assert_eq!(date("00:00:10 00:00:20 01 Jan 1970"), Some(10));
        // The second number of two digits is the year.
        assert_eq!(
            date("01 02 Jan 1970 00:00:10"),
            date("01 Jan 2002 00:00:10")
        );
        assert_eq!(date("Jan Feb 01 1970 00:00:10"), Some(10));
        assert_eq!(date("12:30 01 Jan 1970 00:00:10"), Some(10));
    }
}
