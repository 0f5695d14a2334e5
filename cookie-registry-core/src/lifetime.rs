//! How long a cookie lives, as its declaration says it and as the policy page shows it.

use core::fmt;
use core::time::Duration;

/// The unit a `max_age` was declared in (`"13mo"` is 13 [`Months`](DurationUnit::Months)),
/// kept so that the policy page says "13 months" and not "390 days".
///
/// A month counts 30 days and a year 365 days.
///
/// ```
/// use cookie_registry::DurationUnit;
///
/// assert_eq!(DurationUnit::Months.seconds(), 30 * 86_400);
/// assert_eq!(DurationUnit::Years.suffix(), "y");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum DurationUnit {
    /// `s`.
    Seconds,
    /// `min`.
    Minutes,
    /// `h`.
    Hours,
    /// `d`.
    Days,
    /// `w`: 7 days.
    Weeks,
    /// `mo`: 30 days.
    Months,
    /// `y`: 365 days.
    Years,
}

impl DurationUnit {
    /// Every unit, shortest first.
    pub const ALL: [DurationUnit; 7] = [
        DurationUnit::Seconds,
        DurationUnit::Minutes,
        DurationUnit::Hours,
        DurationUnit::Days,
        DurationUnit::Weeks,
        DurationUnit::Months,
        DurationUnit::Years,
    ];

    /// How many seconds one unit is.
    #[must_use]
    pub const fn seconds(self) -> u64 {
        match self {
            DurationUnit::Seconds => 1,
            DurationUnit::Minutes => 60,
            DurationUnit::Hours => 3_600,
            DurationUnit::Days => 86_400,
            DurationUnit::Weeks => 7 * 86_400,
            DurationUnit::Months => 30 * 86_400,
            DurationUnit::Years => 365 * 86_400,
        }
    }

    /// The suffix `max_age` takes for it: `s`, `min`, `h`, `d`, `w`, `mo` or `y`.
    #[must_use]
    pub const fn suffix(self) -> &'static str {
        match self {
            DurationUnit::Seconds => "s",
            DurationUnit::Minutes => "min",
            DurationUnit::Hours => "h",
            DurationUnit::Days => "d",
            DurationUnit::Weeks => "w",
            DurationUnit::Months => "mo",
            DurationUnit::Years => "y",
        }
    }
}

/// How long a cookie lives, as the policy page shows it: the browser session, or an amount of
/// the declared unit, or until deleted. [`Display`](fmt::Display) writes English ("Session",
/// "1 year", "13 months", "Until deleted").
///
/// ```
/// use cookie_registry::{CookieRegistry, DurationUnit, Lifetime};
///
/// #[derive(CookieRegistry)]
/// #[registry(provider = "Google")]
/// enum Cookies {
///     #[cookie(name = "_ga", category = Statistics, purpose = "Visits", max_age = "13mo")]
///     Ga,
///     #[cookie(name = "_gat", category = Statistics, purpose = "Throttling")]
///     Gat,
/// }
///
/// let ga = Cookies::Ga.spec().lifetime();
/// assert_eq!(ga, Lifetime::For { amount: 13, unit: DurationUnit::Months });
/// assert_eq!(ga.to_string(), "13 months");
/// assert_eq!(Cookies::Gat.spec().lifetime().to_string(), "Session");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lifetime {
    /// Until the browser session ends (no `max_age`).
    Session,
    /// Until deleted: a `localStorage` entry.
    UntilDeleted,
    /// `amount` of `unit`.
    For {
        /// How many units.
        amount: u64,
        /// The declared unit.
        unit: DurationUnit,
    },
}

impl Lifetime {
    /// The lifetime of `max_age` in `unit`; without a unit (or one that does not divide it), in
    /// the largest unit that does, counting no further than weeks.
    #[must_use]
    pub fn of(max_age: Option<Duration>, unit: Option<DurationUnit>) -> Self {
        let Some(max_age) = max_age else {
            return Lifetime::Session;
        };
        let seconds = max_age.as_secs();
        let divides = |unit: DurationUnit| seconds % unit.seconds() == 0;
        let unit = unit.filter(|&unit| divides(unit)).unwrap_or_else(|| {
            DurationUnit::ALL[..=4]
                .iter()
                .rev()
                .copied()
                .find(|&unit| divides(unit))
                .unwrap_or(DurationUnit::Seconds)
        });
        Lifetime::For {
            amount: seconds / unit.seconds(),
            unit,
        }
    }
}

impl fmt::Display for Lifetime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Lifetime::Session => f.write_str("Session"),
            Lifetime::UntilDeleted => f.write_str("Until deleted"),
            Lifetime::For { amount, unit } => {
                let (one, many) = match unit {
                    DurationUnit::Seconds => ("second", "seconds"),
                    DurationUnit::Minutes => ("minute", "minutes"),
                    DurationUnit::Hours => ("hour", "hours"),
                    DurationUnit::Days => ("day", "days"),
                    DurationUnit::Weeks => ("week", "weeks"),
                    DurationUnit::Months => ("month", "months"),
                    DurationUnit::Years => ("year", "years"),
                };
                write!(f, "{amount} {}", if amount == 1 { one } else { many })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{DurationUnit, Lifetime};
    use core::time::Duration;

    fn shown(seconds: u64, unit: Option<DurationUnit>) -> String {
        Lifetime::of(Some(Duration::from_secs(seconds)), unit).to_string()
    }

    #[test]
    fn the_declared_unit_is_shown_with_its_plural() {
        assert_eq!(shown(390 * 86_400, Some(DurationUnit::Months)), "13 months");
        assert_eq!(shown(365 * 86_400, Some(DurationUnit::Years)), "1 year");
        assert_eq!(shown(390 * 86_400, Some(DurationUnit::Days)), "390 days");
        assert_eq!(shown(60, Some(DurationUnit::Minutes)), "1 minute");
        assert_eq!(shown(45, Some(DurationUnit::Seconds)), "45 seconds");
        assert_eq!(Lifetime::of(None, None).to_string(), "Session");
    }

    #[test]
    fn without_a_unit_the_largest_exact_one_up_to_weeks() {
        assert_eq!(shown(14 * 86_400, None), "2 weeks");
        assert_eq!(shown(30 * 86_400, None), "30 days");
        assert_eq!(shown(7_200, None), "2 hours");
        assert_eq!(shown(61, None), "61 seconds");
        // A unit that does not divide the lifetime is not trusted.
        assert_eq!(shown(61, Some(DurationUnit::Minutes)), "61 seconds");
    }
}
