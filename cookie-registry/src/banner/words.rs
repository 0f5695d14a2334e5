//! The banner's words, per language: its own (buttons, headings) here, and those it shares
//! with the policy table (category names and descriptions, column headers, durations) from the
//! table's [`Locale`].
//!
//! Registries are in English until they declare languages; every other module reads words
//! through [`words_for`], so adding languages stays inside this file.

use crate::{Category, Column, CookieSpec, Lifetime, Locale, Word};

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
    /// The receipt on the settings form: the label of the visitor's consent id, of the time it
    /// was recorded, and why they may want it (GDPR art. 15: an access request).
    pub(crate) receipt_id: &'static str,
    pub(crate) receipt_time: &'static str,
    pub(crate) receipt_note: &'static str,
    /// A GPC signal honoured as an opt-out of sale and sharing (the opt-out regime).
    pub(crate) gpc_honoured: &'static str,
    /// A GPC signal received where it does not decide by itself (the opt-in regime).
    pub(crate) gpc_received: &'static str,
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
    receipt_id: "Your consent ID",
    receipt_time: "Recorded on",
    receipt_note: "Quote this ID if you ask us about your consent or about the data we hold \
                   on you.",
    gpc_honoured: "Your browser sent a Global Privacy Control signal. We treat it as your \
                   request to opt out of the sale and sharing of your personal information, so \
                   marketing cookies stay off.",
    gpc_received: "Your browser sent a Global Privacy Control signal. Marketing cookies stay \
                   off unless you tick them below.",
};

const DE: Words = Words {
    lang: "de",
    title: "Cookies auf dieser Website",
    intro: "Wir verwenden Cookies, die für den Betrieb der Website erforderlich sind. Mit Ihrer \
            Einwilligung würden wir auch die unten genannten Cookies verwenden. Sie können Ihre \
            Auswahl jederzeit ändern.",
    settings_title: "Ihre Cookie-Einstellungen",
    settings_intro: "Wählen Sie, welche Cookies diese Website verwenden darf. Sie können Ihre \
                     Auswahl jederzeit ändern; abgelehnte Cookies werden gelöscht.",
    stale: "Unsere Cookies haben sich seit Ihrer letzten Auswahl geändert. Bitte entscheiden Sie \
            erneut für: ",
    accept_all: "Alle akzeptieren",
    reject_all: "Alle ablehnen",
    save: "Auswahl speichern",
    manage: "Cookies auswählen",
    close: "Schließen",
    categories_legend: "Nach Kategorie auswählen",
    always_on: "immer aktiv",
    cookies_summary: "Cookies",
    saved: "Ihre Auswahl wurde gespeichert.",
    policy_link: "Cookie-Richtlinie",
    receipt_id: "Ihre Einwilligungs-ID",
    receipt_time: "Erfasst am",
    receipt_note: "Geben Sie diese ID an, wenn Sie Auskunft über Ihre Einwilligung oder über \
                   die bei uns gespeicherten Daten zu Ihrer Person verlangen.",
    gpc_honoured: "Ihr Browser hat ein Global-Privacy-Control-Signal gesendet. Wir behandeln es \
                   als Ihren Widerspruch gegen den Verkauf und die Weitergabe Ihrer \
                   personenbezogenen Daten; Marketing-Cookies bleiben daher deaktiviert.",
    gpc_received: "Ihr Browser hat ein Global-Privacy-Control-Signal gesendet. Marketing-Cookies \
                   bleiben deaktiviert, sofern Sie sie unten nicht auswählen.",
};

const SV: Words = Words {
    lang: "sv",
    title: "Kakor på den här webbplatsen",
    intro: "Vi använder kakor som behövs för att webbplatsen ska fungera. Med ditt samtycke \
            skulle vi även använda kakorna nedan. Du kan när som helst ändra ditt val.",
    settings_title: "Dina inställningar för kakor",
    settings_intro: "Välj vilka kakor webbplatsen får använda. Du kan när som helst ändra ditt \
                     val; kakor som du nekar tas bort.",
    stale: "Våra kakor har ändrats sedan du senast gjorde ett val. Välj igen för: ",
    accept_all: "Godkänn alla",
    reject_all: "Neka alla",
    save: "Spara mina val",
    manage: "Välj kakor",
    close: "Stäng",
    categories_legend: "Välj per kategori",
    always_on: "alltid på",
    cookies_summary: "Kakor",
    saved: "Ditt val har sparats.",
    policy_link: "Policy för kakor",
    receipt_id: "Ditt samtyckes-ID",
    receipt_time: "Registrerat den",
    receipt_note: "Ange detta ID om du frågar oss om ditt samtycke eller om de uppgifter vi \
                   har om dig.",
    gpc_honoured: "Din webbläsare har skickat en Global Privacy Control-signal. Vi behandlar den \
                   som din begäran om att dina personuppgifter inte ska säljas eller delas, och \
                   kakor för marknadsföring förblir därför avstängda.",
    gpc_received: "Din webbläsare har skickat en Global Privacy Control-signal. Kakor för \
                   marknadsföring förblir avstängda om du inte väljer dem nedan.",
};

// French typography: a no-break space before ":" and ";".
const FR: Words = Words {
    lang: "fr",
    title: "Cookies sur ce site",
    intro: "Nous utilisons des cookies nécessaires au fonctionnement du site. Avec votre \
            consentement, nous utiliserions aussi les cookies ci-dessous. Vous pouvez modifier \
            votre choix à tout moment.",
    settings_title: "Vos choix en matière de cookies",
    settings_intro: "Choisissez les cookies que ce site peut utiliser. Vous pouvez modifier \
                     votre choix à tout moment\u{a0}; les cookies que vous refusez sont \
                     supprimés.",
    stale: "Nos cookies ont changé depuis votre dernier choix. Merci de choisir à nouveau \
            pour\u{a0}: ",
    accept_all: "Tout accepter",
    reject_all: "Tout refuser",
    save: "Enregistrer mes choix",
    manage: "Personnaliser",
    close: "Fermer",
    categories_legend: "Choisir par catégorie",
    always_on: "toujours actifs",
    cookies_summary: "Cookies",
    saved: "Votre choix est enregistré.",
    policy_link: "Politique relative aux cookies",
    receipt_id: "Identifiant de votre consentement",
    receipt_time: "Enregistré le",
    receipt_note: "Indiquez cet identifiant si vous nous interrogez sur votre consentement ou \
                   sur les données que nous détenons à votre sujet.",
    gpc_honoured: "Votre navigateur a envoyé un signal Global Privacy Control. Nous le traitons \
                   comme votre demande d’opposition à la vente et au partage de vos données \
                   personnelles\u{a0}: les cookies publicitaires restent donc désactivés.",
    gpc_received: "Votre navigateur a envoyé un signal Global Privacy Control. Les cookies \
                   publicitaires restent désactivés, sauf si vous les cochez ci-dessous.",
};

/// The banner's own words for `lang`, if built in: for each language the policy's [`Locale`]
/// has built in.
fn own_words(lang: &str) -> Option<&'static Words> {
    [&EN, &DE, &SV, &FR]
        .into_iter()
        .find(|words| words.lang.eq_ignore_ascii_case(lang))
}

/// The languages a registry's banner can be shown in: its declared languages
/// (`#[registry(languages = [...])]`), the first being the declarations' own.
pub(crate) fn languages<R: crate::CookieRegistry>() -> &'static [&'static str] {
    R::LANGUAGES
}

/// Every word the banner, the settings form and the generated configs show in one language:
/// the banner's own (from the locale's [`Word::Banner`] entries, else built in) and the
/// policy's (from the locale).
pub(crate) struct Texts {
    own: Option<&'static Words>,
    locale: Locale,
}

/// The words for `lang` if the registry has that language and both the banner and the policy
/// have words built in for it; otherwise for the registry's first language (and English when
/// even that has none built in). The generated configs use this; the built-in banner uses
/// [`banner_texts`], which never falls back from one declared language to another.
pub(crate) fn words_for<R: crate::CookieRegistry>(lang: &str) -> Texts {
    let langs = languages::<R>();
    let chosen = langs
        .iter()
        .find(|l| l.eq_ignore_ascii_case(lang))
        .into_iter()
        .chain(langs.first())
        .find_map(|l| Some((own_words(l)?, Locale::builtin(l)?)));
    match chosen {
        Some((own, locale)) => Texts {
            own: Some(own),
            locale,
        },
        None => Texts {
            own: Some(&EN),
            locale: Locale::english(),
        },
    }
}

/// The built-in banner's words for `lang`: a declared language with built-in words is shown in
/// it; one without gives `None` (the banner then renders only with a site [`Locale`]); an
/// undeclared one (or none) is the registry's first language.
pub(crate) fn banner_texts<R: crate::CookieRegistry>(lang: &str) -> Option<Texts> {
    let langs = languages::<R>();
    match langs.iter().find(|l| l.eq_ignore_ascii_case(lang)) {
        Some(declared) => Some(Texts {
            own: Some(own_words(declared)?),
            locale: Locale::builtin(declared)?,
        }),
        None => Some(words_for::<R>(lang)),
    }
}

/// The built-in banner's words from a site's `locale`: `None` unless the registry declares its
/// language, it has every policy word, and every banner word is in it or built in.
pub(crate) fn locale_texts<R: crate::CookieRegistry>(locale: Locale) -> Option<Texts> {
    let declared = languages::<R>()
        .iter()
        .find(|l| l.eq_ignore_ascii_case(locale.language()))?;
    let own = own_words(declared);
    let complete = locale.is_complete() && (own.is_some() || locale.banner_missing().is_empty());
    complete.then_some(Texts { own, locale })
}

/// One accessor per banner text: the locale's word, else the built-in one.
macro_rules! banner_words {
    ($($method:ident => $word:ident,)*) => {
        impl Texts {
            $(
                pub(crate) fn $method(&self) -> &str {
                    self.banner_word(crate::BannerWord::$word, |words| words.$method)
                }
            )*
        }
    };
}

banner_words! {
    title => Title,
    intro => Intro,
    settings_title => SettingsTitle,
    settings_intro => SettingsIntro,
    stale => Stale,
    accept_all => AcceptAll,
    reject_all => RejectAll,
    save => Save,
    manage => Manage,
    close => Close,
    categories_legend => CategoriesLegend,
    always_on => AlwaysOn,
    cookies_summary => CookiesSummary,
    saved => Saved,
    policy_link => PolicyLink,
    gpc_honoured => GpcHonoured,
    gpc_received => GpcReceived,
    receipt_id => ReceiptId,
    receipt_time => ReceiptTime,
    receipt_note => ReceiptNote,
}

impl Texts {
    /// The BCP 47 tag these words are in.
    pub(crate) fn lang(&self) -> &str {
        self.locale.language()
    }

    /// The tag of the built-in words these texts use, for as long as the process runs: the
    /// language [`words_for`] chose (it always chooses built-in words).
    pub(crate) fn builtin_lang(&self) -> &'static str {
        self.own.map_or(EN.lang, |own| own.lang)
    }

    /// A banner text: the locale's, else the built-in one (every path that builds a `Texts`
    /// without built-in words has checked the locale has them all).
    fn banner_word(&self, word: crate::BannerWord, own: fn(&Words) -> &'static str) -> &str {
        self.locale
            .word(Word::Banner(word))
            .or_else(|| self.own.map(own))
            .unwrap_or_default()
    }

    /// One of the policy's words (only the locale's public API, so this holds wherever the
    /// locale lives). Built-in locales have every word.
    fn word(&self, word: Word) -> &str {
        self.locale.word(word).unwrap_or_default()
    }

    /// A category's name, as the policy table calls it.
    pub(crate) fn category(&self, category: Category) -> &str {
        self.word(Word::Category(category))
    }

    /// A category's one-line description, as the policy table gives it.
    pub(crate) fn category_description(&self, category: Category) -> &str {
        self.word(Word::Description(category))
    }

    /// The cookie tables' headers: names, provider, purpose, duration.
    pub(crate) fn columns(&self) -> [&str; 4] {
        [
            Column::Names,
            Column::Provider,
            Column::Purpose,
            Column::Duration,
        ]
        .map(|column| self.word(Word::Column(column)))
    }

    /// How long a cookie lasts, in its declared unit: "13 months", "Session".
    pub(crate) fn duration(&self, spec: &CookieSpec) -> String {
        match spec.lifetime() {
            Lifetime::Session => self.word(Word::Session).to_owned(),
            Lifetime::UntilDeleted => self.word(Word::UntilDeleted).to_owned(),
            Lifetime::For { amount, unit } => {
                let unit = if amount == 1 {
                    Word::UnitOne(unit)
                } else {
                    Word::UnitOther(unit)
                };
                format!("{amount} {}", self.word(unit))
            }
        }
    }
}

/// A cookie's purpose in `lang`: its translation (`#[cookie(lang = ..., purpose = ...)]`), or
/// the declaration's own text, in the registry's first language.
pub(crate) fn purpose(spec: &'static CookieSpec, lang: &str) -> &'static str {
    spec.translation(lang).map_or(spec.purpose, |t| t.purpose)
}

#[cfg(test)]
mod tests {
    use super::words_for;

    #[derive(crate::CookieRegistry)]
    #[registry(provider = "Acme")]
    enum Cookies {
        #[cookie(name = "a", category = Statistics, purpose = "A", max_age = "13mo")]
        Months,
        #[cookie(name = "b", category = Statistics, purpose = "B", max_age = "26w")]
        Weeks,
        #[cookie(name = "c", category = Statistics, purpose = "C", max_age = "1y")]
        Year,
        #[cookie(name = "d", category = Statistics, purpose = "D")]
        Session,
    }

    #[test]
    fn durations_read_in_the_declared_unit() {
        use crate::CookieRegistry as _;
        let words = words_for::<Cookies>("en");
        let shown: Vec<String> = Cookies::SPECS
            .iter()
            .map(|spec| words.duration(spec))
            .collect();
        assert_eq!(shown, ["13 months", "26 weeks", "1 year", "Session"]);
    }

    #[test]
    fn every_built_in_banner_language_has_the_policy_s_words() {
        for words in [&super::EN, &super::DE, &super::SV, &super::FR] {
            let locale = crate::Locale::builtin(words.lang).expect(words.lang);
            assert!(locale.is_complete(), "{}", words.lang);
            assert_eq!(
                super::own_words(words.lang).map(|w| w.lang),
                Some(words.lang)
            );
        }
    }

    #[test]
    fn an_undeclared_language_is_the_registry_s_first() {
        assert_eq!(words_for::<Cookies>("xx").lang(), "en");
        assert_eq!(words_for::<Cookies>("EN").lang(), "en");
    }
}
