//! The words of a policy table that are not declared in the enum: column headers, category
//! names and descriptions, "Session", the parties, the duration units.

use std::borrow::Cow;

use crate::{Category, Column, DurationUnit, Storage};

mod banner;
mod builtin;

pub use banner::BannerWord;

pub use builtin::has_builtin_words;

/// One word (or sentence) a policy table prints besides the declared texts: a key into a
/// [`Locale`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Word {
    /// A column's header.
    Column(Column),
    /// A category's name: in the [`Column::Category`] column and as a section heading.
    Category(Category),
    /// A category's one-sentence description, under its section heading.
    Description(Category),
    /// The sentence under a section heading when its cookies need consent.
    ConsentNeeded,
    /// The sentence under a section heading when none of its cookies needs consent.
    ConsentNotNeeded,
    /// [`Column::Duration`] of a session cookie.
    Session,
    /// [`Column::Party`] of a cookie set by the site itself.
    FirstParty,
    /// [`Column::Party`] of a `third_party` cookie.
    ThirdParty,
    /// [`Column::Domain`] of a cookie with no declared `domain` (host-only: this site alone).
    ThisSite,
    /// [`Column::Duration`] of a `localStorage` entry, kept until deleted.
    UntilDeleted,
    /// [`Column::Storage`]: where an entry is kept.
    Storage(Storage),
    /// A duration unit after the amount 1 ("1 year").
    UnitOne(DurationUnit),
    /// A duration unit after any other amount ("13 months").
    UnitOther(DurationUnit),
    /// A text of the consent banner and settings form, for a language the banner has no
    /// words of its own for. Not part of [`Word::all`]: a policy table does not need them.
    Banner(BannerWord),
}

impl Word {
    /// Every word a complete [`Locale`] has (a policy table's words; not the [`Word::Banner`]
    /// ones, which [`Locale::banner_missing`] lists).
    #[must_use]
    pub fn all() -> Vec<Word> {
        let mut words: Vec<Word> = Column::ALL.into_iter().map(Word::Column).collect();
        words.extend(Category::ALL.map(Word::Category));
        words.extend(Category::ALL.map(Word::Description));
        words.extend([
            Word::ConsentNeeded,
            Word::ConsentNotNeeded,
            Word::Session,
            Word::FirstParty,
            Word::ThirdParty,
            Word::ThisSite,
            Word::UntilDeleted,
        ]);
        words.extend(Storage::ALL.map(Word::Storage));
        words.extend(DurationUnit::ALL.map(Word::UnitOne));
        words.extend(DurationUnit::ALL.map(Word::UnitOther));
        words
    }
}

/// The words of a policy table in one language. Built in for English (`en`), German (`de`),
/// Swedish (`sv`) and French (`fr`); a site adds a language by giving every [`Word`], or
/// overrides any word of a built-in one.
///
/// ```
/// use cookie_registry::{Column, Locale, Word};
///
/// let german = Locale::builtin("de").expect("built in");
/// assert_eq!(german.word(Word::Column(Column::Duration)), Some("Speicherdauer"));
///
/// // Overriding a word:
/// let ours = german.with(Word::Column(Column::Provider), "Dienst");
/// assert_eq!(ours.word(Word::Column(Column::Provider)), Some("Dienst"));
///
/// // A new language starts empty and lists what it lacks:
/// let dutch = Locale::new("nl").with(Word::Session, "Sessie");
/// assert!(!dutch.is_complete());
/// assert!(dutch.missing().contains(&Word::FirstParty));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Locale {
    language: Cow<'static, str>,
    words: Vec<(Word, Cow<'static, str>)>,
}

impl Locale {
    /// A locale for `language` (a BCP 47 tag such as `"nl"` or `"pt-BR"`) with no words yet.
    #[must_use]
    pub fn new(language: impl Into<Cow<'static, str>>) -> Self {
        Locale {
            language: language.into(),
            words: Vec::new(),
        }
    }

    /// The built-in words for `language`, matched on its primary subtag, case-insensitively
    /// (`"de-AT"` gets German): `en`, `de`, `sv` or `fr`; `None` for any other.
    #[must_use]
    pub fn builtin(language: &str) -> Option<Self> {
        let primary = language.split('-').next().unwrap_or_default();
        let words = builtin::words(&primary.to_ascii_lowercase())?;
        Some(Locale {
            language: Cow::Owned(language.to_owned()),
            words: words
                .iter()
                .map(|&(word, text)| (word, Cow::Borrowed(text)))
                .collect(),
        })
    }

    /// English, the language of a table until it is translated.
    #[must_use]
    pub fn english() -> Self {
        Locale {
            language: Cow::Borrowed("en"),
            words: builtin::ENGLISH
                .iter()
                .map(|&(word, text)| (word, Cow::Borrowed(text)))
                .collect(),
        }
    }

    /// This locale with `word` set to `text`, replacing what it had.
    #[must_use]
    pub fn with(mut self, word: Word, text: impl Into<Cow<'static, str>>) -> Self {
        let text = text.into();
        match self.words.iter_mut().find(|(known, _)| *known == word) {
            Some((_, old)) => *old = text,
            None => self.words.push((word, text)),
        }
        self
    }

    /// The language tag this locale is for.
    #[must_use]
    pub fn language(&self) -> &str {
        &self.language
    }

    /// The text of `word`, when this locale has it.
    #[must_use]
    pub fn word(&self, word: Word) -> Option<&str> {
        self.words
            .iter()
            .find(|(known, _)| *known == word)
            .map(|(_, text)| text.as_ref())
    }

    /// The words this locale lacks; a table renders in it only when none is missing.
    #[must_use]
    pub fn missing(&self) -> Vec<Word> {
        Word::all()
            .into_iter()
            .filter(|&word| self.word(word).is_none())
            .collect()
    }

    /// Whether this locale has every word.
    #[must_use]
    pub fn is_complete(&self) -> bool {
        Word::all()
            .into_iter()
            .all(|word| self.word(word).is_some())
    }

    /// The text of `word`; empty for a word a complete locale would have (tables render only in
    /// complete locales, so this does not happen).
    #[must_use]
    pub(crate) fn text(&self, word: Word) -> &str {
        self.word(word).unwrap_or_default()
    }

    /// An amount of `unit`, such as "13 months".
    pub(crate) fn duration(&self, amount: u64, unit: DurationUnit) -> String {
        let word = if amount == 1 {
            Word::UnitOne(unit)
        } else {
            Word::UnitOther(unit)
        };
        format!("{amount} {}", self.text(word))
    }
}

impl Default for Locale {
    fn default() -> Self {
        Locale::english()
    }
}

#[cfg(test)]
mod tests {
    use super::{Locale, Word};

    #[test]
    fn every_builtin_locale_is_complete_and_english_has_no_duplicates() {
        for language in ["en", "de", "sv", "fr"] {
            let locale = Locale::builtin(language).expect("built in");
            assert_eq!(locale.missing(), [], "{language}");
            assert_eq!(locale.words.len(), Word::all().len(), "{language}");
        }
    }

    #[test]
    fn builtin_locales_match_the_primary_subtag() {
        assert!(Locale::builtin("de-AT").is_some());
        assert!(Locale::builtin("SV-se").is_some());
        assert!(Locale::builtin("nl").is_none());
        assert!(Locale::builtin("").is_none());
        assert_eq!(
            Locale::builtin("fr-CA")
                .map(|l| l.language().to_owned())
                .as_deref(),
            Some("fr-CA")
        );
    }
}
