//! A policy table in another of the registry's languages: the translated texts, and the table's
//! words from a built-in or a site's own [`Locale`].

use super::PolicyTable;
use crate::Locale;

impl PolicyTable {
    /// The table in `language`, one of the registry's
    /// [`LANGUAGES`](crate::CookieRegistry::LANGUAGES) (matched case-insensitively): the
    /// declared texts translated, and the built-in words of that language. `None` when the
    /// registry does not declare `language`, or when it has no built-in words (English, German,
    /// Swedish and French have them): give those with [`in_locale`](Self::in_locale).
    ///
    /// ```
    /// use cookie_registry::{Column, CookieRegistry};
    ///
    /// #[derive(CookieRegistry)]
    /// #[registry(provider = "Acme", languages = ["en", "de", "nl"])]
    /// enum Cookies {
    ///     #[cookie(name = "sid", category = Necessary, purpose = "Keeps you signed in")]
    ///     #[cookie(lang = "de", purpose = "Hält Sie angemeldet")]
    ///     #[cookie(lang = "nl", purpose = "Houdt u ingelogd")]
    ///     Sid,
    /// }
    ///
    /// let table = Cookies::policy_table().columns(&[Column::Names, Column::Purpose, Column::Duration]);
    /// let german = table.clone().in_language("de").expect("declared, with built-in words");
    /// assert_eq!(german.to_string(), "Cookie-Name(n)\tZweck\tSpeicherdauer\nsid\tHält Sie angemeldet\tBis zum Ende der Sitzung\n");
    /// assert!(table.clone().in_language("fr").is_none()); // not declared
    /// assert!(table.in_language("nl").is_none()); // declared, but no built-in Dutch words
    /// ```
    #[must_use]
    pub fn in_language(self, language: &str) -> Option<Self> {
        let locale = Locale::builtin(self.declared(language)?)?;
        self.in_locale(locale)
    }

    /// The table in `locale`'s language, which the registry must declare, with `locale`'s
    /// words: a language without built-in words, or other words for a built-in one. `None`
    /// when the language is not declared or the locale lacks a word
    /// ([`Locale::missing`](crate::Locale::missing) lists them).
    ///
    /// ```
    /// use cookie_registry::{Column, CookieRegistry, Locale, Word};
    ///
    /// #[derive(CookieRegistry)]
    /// #[registry(provider = "Acme", languages = ["en", "de"])]
    /// enum Cookies {
    ///     #[cookie(name = "sid", category = Necessary, purpose = "Keeps you signed in")]
    ///     #[cookie(lang = "de", purpose = "Hält Sie angemeldet")]
    ///     Sid,
    /// }
    ///
    /// let words = Locale::builtin("de").expect("built in").with(Word::Session, "Sitzungsende");
    /// let table = Cookies::policy_table().columns(&[Column::Names, Column::Duration]).in_locale(words);
    /// assert_eq!(
    ///     table.map(|t| t.to_string()).as_deref(),
    ///     Some("Cookie-Name(n)\tSpeicherdauer\nsid\tSitzungsende\n")
    /// );
    /// ```
    #[must_use]
    pub fn in_locale(mut self, locale: Locale) -> Option<Self> {
        let language = self.declared(locale.language())?;
        if !locale.is_complete() {
            return None;
        }
        self.translation = (Some(&language) != self.languages.first()).then_some(language);
        self.locale = locale;
        Some(self.regrouped())
    }

    /// The declared spelling of `language`, when the registry declares it.
    fn declared(&self, language: &str) -> Option<&'static str> {
        self.languages
            .iter()
            .copied()
            .find(|declared| declared.eq_ignore_ascii_case(language))
    }
}
