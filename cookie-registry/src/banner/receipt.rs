//! The receipt on the settings form: the visitor's consent id and when it was recorded, so they
//! can cite it in an access request (GDPR art. 15) and the site can find its record.

use core::fmt;

use super::words::Texts;
use crate::ConsentId;
use crate::html::Escaped;

/// Writes the receipt: the id, the time (UTC, as `2026-12-04 16:02 UTC` in every language, and
/// machine-readable in `<time datetime>`), and a line saying what the id is for.
pub(super) fn render(
    id: ConsentId,
    decided_at: u64,
    words: &Texts,
    f: &mut fmt::Formatter<'_>,
) -> fmt::Result {
    let (year, month, day) = civil_date(decided_at / 86_400);
    let seconds = decided_at % 86_400;
    let (hour, minute, second) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    writeln!(
        f,
        "<dl class=\"cr-receipt\">\n<dt>{}</dt>\n<dd><code>{id}</code></dd>\n<dt>{}</dt>\n\
         <dd><time datetime=\"{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}Z\">\
         {year:04}-{month:02}-{day:02} {hour:02}:{minute:02} UTC</time></dd>\n</dl>\n\
         <p class=\"cr-receipt-note\">{}</p>",
        Escaped(words.receipt_id()),
        Escaped(words.receipt_time()),
        Escaped(words.receipt_note()),
    )
}

/// The date of a day counted from 1970-01-01, as whole numbers for formatting.
fn civil_date(days: u64) -> (u64, u64, u64) {
    // A u64 of Unix seconds holds only days on or after the epoch: the parts are never negative.
    let (year, month, day) =
        cookie_registry_core::civil::civil_from_days(i64::try_from(days).unwrap_or(i64::MAX));
    let part = |n: i64| u64::try_from(n).unwrap_or_default();
    (part(year), part(month), part(day))
}

#[cfg(test)]
mod tests {
    use super::civil_date;
    use crate::{Banner, Consent, ConsentRecord, ConsentState};

    #[derive(crate::CookieRegistry)]
    #[registry(provider = "Acme", consent_cookie = Choice, languages = ["en", "de", "sv", "fr"])]
    enum Cookies {
        #[cookie(name = "choice", category = Necessary, purpose = "Choice", max_age = "26w")]
        #[cookie(lang = "de", purpose = "Auswahl")]
        #[cookie(lang = "sv", purpose = "Val")]
        #[cookie(lang = "fr", purpose = "Choix")]
        Choice,
        #[cookie(name = "_ga", category = Statistics, purpose = "Counts")]
        #[cookie(lang = "de", purpose = "Zählt")]
        #[cookie(lang = "sv", purpose = "Räknar")]
        #[cookie(lang = "fr", purpose = "Compte")]
        Ga,
    }

    #[test]
    fn the_settings_form_shows_the_receipt_in_each_language() {
        let record = ConsentRecord::new::<Cookies>(Consent::all(), None);
        let state =
            ConsentState::from_cookie_value::<Cookies>(&record.cookie_value()).expect("valid");
        let (date, time) = {
            let (y, m, d) = civil_date(record.decided_at / 86_400);
            let s = record.decided_at % 86_400;
            (
                format!("{y:04}-{m:02}-{d:02}"),
                format!("{:02}:{:02}", s / 3600, s / 60 % 60),
            )
        };
        for (lang, id_label, time_label, note) in [
            ("en", "Your consent ID", "Recorded on", "Quote this ID"),
            (
                "de",
                "Ihre Einwilligungs-ID",
                "Erfasst am",
                "Geben Sie diese ID an",
            ),
            (
                "sv",
                "Ditt samtyckes-ID",
                "Registrerat den",
                "Ange detta ID",
            ),
            (
                "fr",
                "Identifiant de votre consentement",
                "Enregistré le",
                "Indiquez cet identifiant",
            ),
        ] {
            let html = Banner::<Cookies>::settings(&state).lang(lang).to_string();
            let receipt = format!(
                "<dl class=\"cr-receipt\">\n<dt>{id_label}</dt>\n<dd><code>{}</code></dd>\n\
                 <dt>{time_label}</dt>\n<dd><time datetime=\"{date}T{time}:",
                record.id
            );
            assert!(html.contains(&receipt), "{lang}: {html}");
            assert!(
                html.contains(&format!("\">{date} {time} UTC</time></dd>\n</dl>\n")),
                "{lang}"
            );
            assert!(
                html.contains(&format!("<p class=\"cr-receipt-note\">{note}")),
                "{lang}"
            );
        }
        // Not on the banner, and not before a decision.
        assert!(
            !Banner::<Cookies>::new(&state)
                .to_string()
                .contains("cr-receipt")
        );
        let undecided = Banner::<Cookies>::settings(&ConsentState::undecided()).to_string();
        assert!(!undecided.contains("cr-receipt"));
    }

    #[test]
    fn days_are_calendar_dates() {
        assert_eq!(civil_date(0), (1970, 1, 1));
        assert_eq!(civil_date(59), (1970, 3, 1));
        assert_eq!(civil_date(11_016), (2000, 2, 29)); // a leap day of a century divisible by 400
        assert_eq!(civil_date(11_017), (2000, 3, 1));
        assert_eq!(civil_date(1_764_806_400 / 86_400), (2025, 12, 4));
        assert_eq!(civil_date(4_107_542_400 / 86_400), (2100, 3, 1)); // 2100 is no leap year
    }
}
