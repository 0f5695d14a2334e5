//! The `max_age` grammar.

use crate::model::{DurationUnit, MaxAge};
use crate::symbol::one_of;

/// A `max_age` such as `"13mo"`: a whole number and one unit of `s`, `min`, `h`, `d`, `w`, `mo`
/// (30 days) or `y` (365 days). A bare `m` is refused: minutes or months is a guess the derive
/// will not make (`"13m"` meant for 13 months once set a 13-minute cookie).
pub(crate) fn parse_duration(text: &str) -> Result<MaxAge, String> {
    let suffixes = DurationUnit::ALL.map(DurationUnit::suffix);
    let malformed = || {
        format!(
            "malformed `max_age` \"{text}\": expected a whole number followed by {}, such as \"30d\"",
            one_of(&suffixes)
        )
    };
    let digits_end = text
        .find(|c: char| !c.is_ascii_digit())
        .ok_or_else(malformed)?;
    let (number, suffix) = text.split_at(digits_end);
    if suffix == "m" {
        return Err(format!(
            "`max_age` \"{text}\" is ambiguous: `m` could be minutes or months; write \"{number}min\" for minutes or \"{number}mo\" for months"
        ));
    }
    let unit = DurationUnit::ALL
        .into_iter()
        .find(|unit| unit.suffix() == suffix)
        .ok_or_else(malformed)?;
    if number.is_empty() {
        return Err(malformed());
    }
    let max_age = number
        .parse::<u64>()
        .ok()
        .map(|amount| MaxAge { amount, unit })
        .filter(|max_age| max_age.seconds().is_some());
    max_age
        .ok_or_else(|| format!("`max_age` \"{text}\" is far over the 400-day cap browsers apply"))
}

#[cfg(test)]
mod tests {
    use super::parse_duration;
    use crate::model::{DurationUnit, MaxAge};

    fn seconds(text: &str) -> Option<u64> {
        parse_duration(text).ok()?.seconds()
    }

    #[test]
    fn durations_in_every_unit() {
        assert_eq!(seconds("45s"), Some(45));
        assert_eq!(seconds("30min"), Some(1_800));
        assert_eq!(seconds("2h"), Some(7_200));
        assert_eq!(seconds("400d"), Some(34_560_000));
        assert_eq!(seconds("2w"), Some(1_209_600));
        assert_eq!(seconds("13mo"), Some(13 * 30 * 86_400));
        assert_eq!(seconds("1y"), Some(365 * 86_400));
        assert_eq!(seconds("0d"), Some(0));
    }

    #[test]
    fn the_declared_unit_is_kept() {
        let months = MaxAge {
            amount: 13,
            unit: DurationUnit::Months,
        };
        assert_eq!(parse_duration("13mo"), Ok(months));
        assert_eq!(
            parse_duration("390d").map(|m| m.unit),
            Ok(DurationUnit::Days)
        );
    }

    #[test]
    fn a_bare_m_is_ambiguous() {
        let error = parse_duration("13m").unwrap_err();
        assert!(error.contains("ambiguous"), "{error}");
        assert!(
            error.contains("\"13min\"") && error.contains("\"13mo\""),
            "{error}"
        );
    }

    #[test]
    fn malformed_durations_are_errors() {
        for bad in [
            "",
            "d",
            "30",
            "30 d",
            "30D",
            "30M",
            "30mon",
            "30mins",
            "1.5d",
            "-1d",
            "30dd",
            "d30",
            "99999999999999999999d",
            "99999999999999999y",
        ] {
            assert!(parse_duration(bad).is_err(), "{bad:?}");
        }
    }
}
