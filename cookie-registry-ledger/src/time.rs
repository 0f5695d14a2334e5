//! Times as the ledger's users write them: Unix seconds or RFC 3339 (`2025-03-01T00:00:00Z`).
//!
//! The ledger stores Unix seconds (as [`ConsentRecord::decided_at`]); exports and the CLI show
//! RFC 3339 in UTC beside them. A few lines of calendar arithmetic (Howard Hinnant's
//! `days_from_civil`) rather than a date crate for one parse and one format.
//!
//! [`ConsentRecord::decided_at`]: cookie_registry::ConsentRecord::decided_at
//!
//! ```
//! use cookie_registry_ledger::time::{format_utc, parse};
//!
//! assert_eq!(parse("1700000000"), Ok(1_700_000_000));
//! assert_eq!(parse("2023-11-14T22:13:20Z"), Ok(1_700_000_000));
//! assert_eq!(parse("2023-11-15T00:13:20+02:00"), Ok(1_700_000_000));
//! assert_eq!(format_utc(1_700_000_000), "2023-11-14T22:13:20Z");
//! assert!(parse("yesterday").is_err());
//! ```

use core::fmt;

use cookie_registry_core::civil::{civil_from_days, days_from_civil, days_in_month};

/// The text given to [`parse`] is neither Unix seconds nor an RFC 3339 date-time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseTimeError(String);

impl fmt::Display for ParseTimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?} is not a time: write Unix seconds (1700000000) or RFC 3339 \
             (2023-11-14T22:13:20Z, or with an offset such as +02:00)",
            self.0
        )
    }
}

impl std::error::Error for ParseTimeError {}

/// Unix seconds from `text`: digits (Unix seconds), or an RFC 3339 date-time (§5.6) with `Z`
/// or a `±hh:mm` offset, fractional seconds ignored. Times before 1970 are refused.
///
/// # Errors
/// [`ParseTimeError`] for any other text.
pub fn parse(text: &str) -> Result<u64, ParseTimeError> {
    let error = || ParseTimeError(text.to_owned());
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return text.parse().map_err(|_| error());
    }
    rfc3339(text).ok_or_else(error)
}

fn rfc3339(text: &str) -> Option<u64> {
    let bytes = text.as_bytes();
    let number = |range: core::ops::Range<usize>| -> Option<i64> {
        let digits = text.get(range)?;
        digits
            .bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| digits.parse().ok())?
    };
    let separators = [(4, b'-'), (7, b'-'), (13, b':'), (16, b':')];
    if bytes.len() < 20 || separators.iter().any(|&(i, c)| bytes[i] != c) {
        return None;
    }
    if !matches!(bytes[10], b'T' | b't' | b' ') {
        return None;
    }
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    let (hour, minute, second) = (number(11..13)?, number(14..16)?, number(17..19)?);
    let mut rest = &text[19..];
    if let Some(fraction) = rest.strip_prefix('.') {
        let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        rest = &fraction[digits..];
    }
    let offset = match rest {
        "Z" | "z" => 0,
        _ if rest.len() == 6 && rest.as_bytes()[3] == b':' => {
            let sign = match rest.as_bytes()[0] {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let two_digits = |at: usize| -> Option<i64> {
                let digits = rest.get(at..at + 2)?;
                digits
                    .bytes()
                    .all(|b| b.is_ascii_digit())
                    .then(|| digits.parse().ok())?
            };
            let (hours, minutes) = (two_digits(1)?, two_digits(4)?);
            if hours > 23 || minutes > 59 {
                return None;
            }
            sign * (hours * 3600 + minutes * 60)
        }
        _ => return None,
    };
    let valid = (1..=12).contains(&month)
        && (1..=days_in_month(year, month)).contains(&day)
        && hour < 24
        && minute < 60
        && second < 61; // 60: a leap second, counted as the next second's first
    if !valid {
        return None;
    }
    let seconds = days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second;
    u64::try_from(seconds - offset).ok()
}

/// `seconds` since the Unix epoch as RFC 3339 in UTC: `2023-11-14T22:13:20Z`.
#[must_use]
pub fn format_utc(seconds: u64) -> String {
    let days = i64::try_from(seconds / 86_400).unwrap_or(i64::MAX / 2);
    let rest = seconds % 86_400;
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest / 60 % 60,
        rest % 60
    )
}

#[cfg(test)]
mod tests {
    use super::{format_utc, parse};

    #[test]
    fn known_instants() {
        // Values from `date -u -d ... +%s`.
        let cases = [
            ("1970-01-01T00:00:00Z", 0),
            ("2000-02-29T12:00:00Z", 951_825_600),
            ("2024-12-31T23:59:59Z", 1_735_689_599),
            ("2100-03-01T00:00:00Z", 4_107_542_400),
        ];
        for (text, seconds) in cases {
            assert_eq!(parse(text), Ok(seconds), "{text}");
            assert_eq!(format_utc(seconds), text);
        }
        assert_eq!(parse("2024-06-01T10:00:00.123456-05:30"), Ok(1_717_255_800));
        assert_eq!(parse("0"), Ok(0));
    }

    #[test]
    fn malformed_times_are_refused() {
        for bad in [
            "",
            "-5",
            "2024-02-30T00:00:00Z",
            "2023-02-29T00:00:00Z",
            "2024-13-01T00:00:00Z",
            "2024-01-01T24:00:00Z",
            "2024-01-01T00:00:00",
            "2024-01-01T00:00:00+2:00",
            "2024-01-01T00:00:00.Z",
            "1969-12-31T23:59:59Z",
            "2024-01-01",
            "+024-01-01T00:00:00Z",
            "2024-01-01T00:00:00Zé",
            "2024-01-01T00:00:0é",
            "2024-01-01T00:00:00+é:00",
            "99999999999999999999999",
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
    }

    /// Every day for 30 years formats and parses back to itself.
    #[test]
    fn days_round_trip() {
        for day in 0..(30 * 366) {
            let seconds = day * 86_400 + 3_723;
            assert_eq!(parse(&format_utc(seconds)), Ok(seconds));
        }
    }
}
