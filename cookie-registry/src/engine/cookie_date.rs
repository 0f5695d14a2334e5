//! The cookie-date algorithm of 6265bis §5.1.1, which browsers use to read `Expires`: lenient
//! about delimiters and order, strict about ranges.

/// Seconds since the Unix epoch of the date in an `Expires` value, or `None` when the
/// algorithm fails (the attribute is then ignored).
pub(crate) fn parse(date: &[u8]) -> Option<i64> {
    let mut time = None;
    let mut day = None;
    let mut month = None;
    let mut year = None;
    for token in date.split(|&b| is_delimiter(b)).filter(|t| !t.is_empty()) {
        if time.is_none() {
            if let Some(hms) = read_time(token) {
                time = Some(hms);
                continue;
            }
        }
        if day.is_none() {
            if let Some(value) = leading_digits(token, 1, 2) {
                day = Some(value);
                continue;
            }
        }
        if month.is_none() {
            if let Some(value) = read_month(token) {
                month = Some(value);
                continue;
            }
        }
        if year.is_none() {
            if let Some(value) = leading_digits(token, 2, 4) {
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
    if !(1..=31).contains(&day) || year < 1601 || hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    if day > days_in_month(year, month) {
        return None; // no such date (31 April)
    }
    let days = days_from_civil(i64::from(year), month, i64::from(day));
    Some(days * 86_400 + i64::from(hour) * 3600 + i64::from(minute) * 60 + i64::from(second))
}

/// `delimiter = %x09 / %x20-2F / %x3B-40 / %x5B-60 / %x7B-7E`.
const fn is_delimiter(b: u8) -> bool {
    matches!(b, 0x09 | 0x20..=0x2f | 0x3b..=0x40 | 0x5b..=0x60 | 0x7b..=0x7e)
}

/// `min` to `max` digits at the token's start, followed by its end or a non-digit (the
/// grammar's `[ non-digit *OCTET ]`).
fn leading_digits(token: &[u8], min: usize, max: usize) -> Option<u32> {
    let count = token.iter().take_while(|b| b.is_ascii_digit()).count();
    if count < min || count > max {
        return None;
    }
    token.get(..count)?.iter().try_fold(0_u32, |value, &digit| {
        Some(value * 10 + u32::from(digit - b'0'))
    })
}

/// `time = hms-time [ non-digit *OCTET ]`, `hms-time = time-field ":" time-field ":"
/// time-field`, `time-field = 1*2DIGIT`.
fn read_time(token: &[u8]) -> Option<(u32, u32, u32)> {
    let field = |bytes: &[u8]| -> Option<(u32, usize)> {
        let count = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
        let value = leading_digits(bytes, 1, 2)?;
        Some((value, count))
    };
    let (hour, at) = field(token)?;
    let rest = token.get(at..)?.strip_prefix(b":")?;
    let (minute, at) = field(rest)?;
    let rest = rest.get(at..)?.strip_prefix(b":")?;
    let (second, _) = field(rest)?;
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

const fn is_leap(year: u32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

const fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
const fn days_from_civil(year: i64, month: u32, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = month as i64;
    let day_of_year = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn reads_the_usual_formats() {
        assert_eq!(parse(b"Thu, 01 Jan 1970 00:00:00 GMT"), Some(0));
        assert_eq!(parse(b"Sun, 06 Nov 1994 08:49:37 GMT"), Some(784_111_777));
        assert_eq!(parse(b"Sunday, 06-Nov-94 08:49:37 GMT"), Some(784_111_777));
        assert_eq!(parse(b"Sun Nov  6 08:49:37 1994"), Some(784_111_777));
        assert_eq!(parse(b"Wed, 29 Feb 2040 00:00:01 GMT"), Some(2_214_086_401));
    }

    #[test]
    fn two_digit_years_fold_as_the_algorithm_says() {
        assert_eq!(parse(b"01 Jan 70 00:00:00"), Some(0));
        assert_eq!(parse(b"01 Jan 69 00:00:00"), parse(b"01 Jan 2069 00:00:00"));
        assert_eq!(parse(b"01 Jan 00 00:00:00"), parse(b"01 Jan 2000 00:00:00"));
        assert_eq!(parse(b"01 Jan 99 00:00:00"), parse(b"01 Jan 1999 00:00:00"));
    }

    #[test]
    fn rejects_out_of_range_and_missing_fields() {
        for date in [
            &b"01 Jan 1600 00:00:00"[..],
            b"32 Jan 2030 00:00:00",
            b"00 Jan 2030 00:00:00",
            b"31 Apr 2030 00:00:00",
            b"29 Feb 2031 00:00:00",
            b"01 Jan 2030 24:00:00",
            b"01 Jan 2030 00:60:00",
            b"01 Jan 2030 00:00:60",
            b"01 Jan 2030",
            b"Jan 2030 00:00:00",
            b"01 2030 00:00:00",
            b"01 Jan 00:00:00",
            b"01 Xyz 2030 00:00:00",
            b"",
            b"tomorrow",
        ] {
            assert_eq!(parse(date), None, "{}", String::from_utf8_lossy(date));
        }
    }

    #[test]
    fn a_no_break_space_is_no_delimiter() {
        // U+00A0 is two bytes >= 0x80: non-delimiters, glued to the token beside them.
        assert_eq!(parse("01\u{a0}Jan 1970 00:00:00".as_bytes()), None);
        // After a time, a day or a year, a non-digit starts the token's ignored tail.
        assert_eq!(parse("01 Jan 1970 00:00:00\u{a0}".as_bytes()), Some(0));
    }

    #[test]
    fn tokens_may_carry_a_tail_after_a_non_digit() {
        assert_eq!(parse(b"01st January 1970x 00:00:00z"), Some(0));
        assert_eq!(parse(b"001 Jan 1970 00:00:00"), None);
    }
}
