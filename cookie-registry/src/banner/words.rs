//! The banner's own words (buttons, headings, category descriptions, durations), per language.
//!
//! English only for now. The policy issue's built-in locales (`Locale`, the words for `de`,
//! `sv` and `fr`) will replace this table; everything else reads words through [`words`], so
//! that switch stays inside this file.

use core::time::Duration;

use crate::Category;

/// Every word the banner, the settings form and the generated banner configs show.
pub(crate) struct Words {
    /// The BCP 47 tag these words are in.
    pub(crate) lang: &'static str,
    pub(crate) title: &'static str,
    pub(crate) intro: &'static str,
    pub(crate) settings_title: &'static str,
    pub(crate) settings_intro: &'static str,
    /// Followed by the stale categories' names, joined by `, `, and a full stop.
    pub(crate) stale: &'static str,
    pub(crate) accept_all: &'static str,
    pub(crate) reject_all: &'static str,
    pub(crate) save: &'static str,
    /// Opens the per-category choice in the JavaScript banners.
    pub(crate) manage: &'static str,
    pub(crate) close: &'static str,
    pub(crate) categories_legend: &'static str,
    pub(crate) always_on: &'static str,
    pub(crate) cookies_summary: &'static str,
    /// Announced by the optional script after a choice is saved without a reload.
    pub(crate) saved: &'static str,
    pub(crate) policy_link: &'static str,
    /// Name, Provider, Purpose, Duration.
    pub(crate) columns: [&'static str; 4],
    pub(crate) session: &'static str,
    /// Name and one-line description per category, in [`Category::ALL`] order.
    pub(crate) categories: [(&'static str, &'static str); 4],
    /// Singular and plural of year, month, week, day, hour, minute, second.
    pub(crate) units: [(&'static str, &'static str); 7],
}

impl Words {
    pub(crate) fn category(&self, category: Category) -> &'static str {
        self.categories[category.index()].0
    }

    pub(crate) fn category_description(&self, category: Category) -> &'static str {
        self.categories[category.index()].1
    }

    /// How long a cookie lasts, in the largest unit that divides it: `"13 months"` for 390
    /// days, `"26 weeks"`, `"1 year"`; `"Session"` for a session cookie.
    pub(crate) fn duration(&self, max_age: Option<Duration>) -> String {
        const UNITS: [u64; 7] = [365 * 86_400, 30 * 86_400, 7 * 86_400, 86_400, 3_600, 60, 1];
        let Some(max_age) = max_age else {
            return self.session.to_owned();
        };
        let secs = max_age.as_secs();
        for (size, (one, many)) in UNITS.into_iter().zip(self.units) {
            if secs >= size && secs % size == 0 {
                let count = secs / size;
                return format!("{count} {}", if count == 1 { one } else { many });
            }
        }
        // Zero seconds: the derive refuses `max_age` zero, but a hand-made spec could have it.
        format!("0 {}", self.units[6].1)
    }
}

const EN: Words = Words {
    lang: "en",
    title: "Cookies on this site",
    intro: "We use cookies that the site needs to work. With your consent we would also use \
            the cookies below. You can change your choice at any time.",
    settings_title: "Your cookie settings",
    settings_intro: "Choose which cookies this site may use. You can change your choice at \
                     any time; cookies you refuse are deleted.",
    stale: "Our cookies have changed since you last chose. Please choose again for: ",
    accept_all: "Accept all",
    reject_all: "Reject all",
    save: "Save my choices",
    manage: "Choose cookies",
    close: "Close",
    categories_legend: "Choose by category",
    always_on: "always on",
    cookies_summary: "Cookies",
    saved: "Your choice is saved.",
    policy_link: "Cookie policy",
    columns: ["Name", "Provider", "Purpose", "Duration"],
    session: "Session",
    categories: [
        (
            "Necessary",
            "Needed for the site to work, for example to keep you signed in and to remember \
             this choice. They need no consent.",
        ),
        (
            "Preferences",
            "Remember choices you make, such as your language or colour theme.",
        ),
        (
            "Statistics",
            "Help us understand how the site is used, by counting visits and where they come \
             from.",
        ),
        (
            "Marketing",
            "Used by advertising partners to show you advertising on other sites.",
        ),
    ],
    units: [
        ("year", "years"),
        ("month", "months"),
        ("week", "weeks"),
        ("day", "days"),
        ("hour", "hours"),
        ("minute", "minutes"),
        ("second", "seconds"),
    ],
};

/// The words for `lang`, if built in.
pub(crate) fn words(lang: &str) -> Option<&'static Words> {
    lang.eq_ignore_ascii_case(EN.lang).then_some(&EN)
}

/// The languages a registry's banner can be shown in, the first being the declarations'.
/// Until the policy issue's `R::LANGUAGES`, every registry is in English.
#[allow(clippy::extra_unused_type_parameters)] // `R::LANGUAGES` once the policy issue lands
pub(crate) fn languages<R: crate::CookieRegistry>() -> &'static [&'static str] {
    &["en"]
}

/// The words for `lang` if the registry has it, else the registry's first language.
pub(crate) fn words_for<R: crate::CookieRegistry>(lang: &str) -> &'static Words {
    let langs = languages::<R>();
    let chosen = langs
        .iter()
        .find(|l| l.eq_ignore_ascii_case(lang))
        .unwrap_or(&langs[0]);
    words(chosen).unwrap_or(&EN)
}

/// A cookie's purpose in `lang` (the declaration's own text until the policy issue's
/// translations).
#[allow(clippy::extra_unused_type_parameters)] // `R`'s translations, likewise
pub(crate) fn purpose<R: crate::CookieRegistry>(
    spec: &'static crate::CookieSpec,
    _lang: &str,
) -> &'static str {
    spec.purpose
}

#[cfg(test)]
mod tests {
    use super::EN;
    use core::time::Duration;

    #[test]
    fn durations_read_in_the_largest_whole_unit() {
        let days = |d: u64| Some(Duration::from_secs(d * 86_400));
        assert_eq!(EN.duration(days(390)), "13 months");
        assert_eq!(EN.duration(days(365)), "1 year");
        assert_eq!(EN.duration(days(400)), "400 days");
        assert_eq!(EN.duration(days(182)), "26 weeks");
        assert_eq!(EN.duration(days(30)), "1 month");
        assert_eq!(EN.duration(Some(Duration::from_secs(3_600))), "1 hour");
        assert_eq!(EN.duration(Some(Duration::from_secs(90))), "90 seconds");
        assert_eq!(EN.duration(Some(Duration::ZERO)), "0 seconds");
        assert_eq!(EN.duration(None), "Session");
    }
}
