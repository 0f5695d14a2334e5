//! The built-in words. Each table is a legal text: the category descriptions and consent
//! sentences follow the terms of the GDPR's official version in that language ("consent":
//! Einwilligung, samtycke, consentement; "withdraw", art. 7(3): widerrufen, återkalla, retirer)
//! and the regulators' vocabulary (CNIL: "finalité", "durée de conservation", "mesure
//! d'audience"; PTS and IMY: "kakor").

use super::Word::{
    self, Category as Name, Column as Header, ConsentNeeded, ConsentNotNeeded, Description,
    FirstParty, Session, Storage as Kind, ThirdParty, ThisSite, UnitOne as One, UnitOther as Other,
    UntilDeleted,
};
use crate::Category::{Marketing, Necessary, Preferences, Statistics};
use crate::Column::{
    Category, Domain, Duration, Function, Names, Party, Provider, Purpose, Storage,
};
use crate::DurationUnit::{Days, Hours, Minutes, Months, Seconds, Weeks, Years};
use crate::Storage::{Cookie, LocalStorage, SessionStorage};

/// Whether `language` (a BCP 47 tag) has built-in words: its primary subtag is `en`, `de`,
/// `sv` or `fr`, in any case. A `const fn`, so that the derive can refuse a registry whose
/// first language has none at compile time. Not public API.
#[doc(hidden)]
#[must_use]
pub const fn has_builtin_words(language: &str) -> bool {
    let tag = language.as_bytes();
    let mut i = 0;
    while i < TABLES.len() {
        let primary = TABLES[i].0.as_bytes();
        if tag.len() >= primary.len()
            && (tag.len() == primary.len() || tag[primary.len()] == b'-')
            && tag[0].eq_ignore_ascii_case(&primary[0])
            && tag[1].eq_ignore_ascii_case(&primary[1])
        {
            return true;
        }
        i += 1;
    }
    false
}

/// The built-in languages, by primary subtag (two lower-case letters), with their words.
const TABLES: [(&str, &[(Word, &str)]); 4] = [
    ("en", ENGLISH),
    ("de", GERMAN),
    ("sv", SWEDISH),
    ("fr", FRENCH),
];

/// The words of a built-in language, by its lower-case primary subtag.
pub(super) fn words(primary: &str) -> Option<&'static [(Word, &'static str)]> {
    TABLES
        .iter()
        .find(|(known, _)| *known == primary)
        .map(|&(_, words)| words)
}

/// English. The first four headers are the seed pages' own.
pub(super) const ENGLISH: &[(Word, &str)] = &[
    (Header(Provider), "Service provider's name"),
    (Header(Function), "Function and location"),
    (Header(Names), "Cookie name(s)"),
    (Header(Purpose), "Purposes"),
    (Header(Category), "Category"),
    (Header(Duration), "Duration"),
    (Header(Party), "First or third party"),
    (Header(Domain), "Domain"),
    (Header(Storage), "Storage"),
    (Name(Necessary), "Strictly necessary"),
    (Name(Preferences), "Preferences"),
    (Name(Statistics), "Statistics"),
    (Name(Marketing), "Marketing"),
    (
        Description(Necessary),
        "These cookies are essential for the website to work and to provide the services you request.",
    ),
    (
        Description(Preferences),
        "These cookies remember the choices you make, such as your language or region.",
    ),
    (
        Description(Statistics),
        "These cookies help us understand how visitors use the website by collecting and reporting information.",
    ),
    (
        Description(Marketing),
        "These cookies are used to show you relevant advertising, also on other websites, and to measure its effectiveness.",
    ),
    (
        ConsentNeeded,
        "They are set only with your consent, which you can withdraw at any time.",
    ),
    (ConsentNotNeeded, "They do not require your consent."),
    (Session, "Session"),
    (FirstParty, "First party"),
    (ThirdParty, "Third party"),
    (ThisSite, "This website only"),
    (UntilDeleted, "Until deleted"),
    (Kind(Cookie), "HTTP cookie"),
    (Kind(LocalStorage), "Local storage"),
    (Kind(SessionStorage), "Session storage"),
    (One(Seconds), "second"),
    (One(Minutes), "minute"),
    (One(Hours), "hour"),
    (One(Days), "day"),
    (One(Weeks), "week"),
    (One(Months), "month"),
    (One(Years), "year"),
    (Other(Seconds), "seconds"),
    (Other(Minutes), "minutes"),
    (Other(Hours), "hours"),
    (Other(Days), "days"),
    (Other(Weeks), "weeks"),
    (Other(Months), "months"),
    (Other(Years), "years"),
];

/// German, in the formal address (Sie) of a German privacy notice.
const GERMAN: &[(Word, &str)] = &[
    (Header(Provider), "Anbieter"),
    (Header(Function), "Funktion und Einsatzbereich"),
    (Header(Names), "Cookie-Name(n)"),
    (Header(Purpose), "Zweck"),
    (Header(Category), "Kategorie"),
    (Header(Duration), "Speicherdauer"),
    (Header(Party), "Erst- oder Drittanbieter"),
    (Header(Domain), "Domain"),
    (Header(Storage), "Speicherart"),
    (Name(Necessary), "Unbedingt erforderlich"),
    (Name(Preferences), "Präferenzen"),
    (Name(Statistics), "Statistik"),
    (Name(Marketing), "Marketing"),
    (
        Description(Necessary),
        "Diese Cookies sind für den Betrieb der Website und für die von Ihnen angeforderten Dienste unbedingt erforderlich.",
    ),
    (
        Description(Preferences),
        "Diese Cookies speichern Ihre Einstellungen, etwa Ihre Sprache oder Region.",
    ),
    (
        Description(Statistics),
        "Diese Cookies helfen uns zu verstehen, wie Besucher die Website nutzen; dazu werden Informationen erhoben und ausgewertet.",
    ),
    (
        Description(Marketing),
        "Diese Cookies dienen dazu, Ihnen relevante Werbung anzuzeigen, auch auf anderen Websites, und deren Wirksamkeit zu messen.",
    ),
    (
        ConsentNeeded,
        "Sie werden nur mit Ihrer Einwilligung gesetzt, die Sie jederzeit widerrufen können.",
    ),
    (ConsentNotNeeded, "Sie bedürfen keiner Einwilligung."),
    (Session, "Bis zum Ende der Sitzung"),
    (FirstParty, "Erstanbieter"),
    (ThirdParty, "Drittanbieter"),
    (ThisSite, "Nur diese Website"),
    (UntilDeleted, "Bis zur Löschung"),
    (Kind(Cookie), "HTTP-Cookie"),
    (Kind(LocalStorage), "Local Storage"),
    (Kind(SessionStorage), "Session Storage"),
    (One(Seconds), "Sekunde"),
    (One(Minutes), "Minute"),
    (One(Hours), "Stunde"),
    (One(Days), "Tag"),
    (One(Weeks), "Woche"),
    (One(Months), "Monat"),
    (One(Years), "Jahr"),
    (Other(Seconds), "Sekunden"),
    (Other(Minutes), "Minuten"),
    (Other(Hours), "Stunden"),
    (Other(Days), "Tage"),
    (Other(Weeks), "Wochen"),
    (Other(Months), "Monate"),
    (Other(Years), "Jahre"),
];

/// Swedish, addressing the visitor as "du", as Swedish authorities do.
const SWEDISH: &[(Word, &str)] = &[
    (Header(Provider), "Leverantör"),
    (Header(Function), "Funktion och användningsområde"),
    (Header(Names), "Namn"),
    (Header(Purpose), "Syfte"),
    (Header(Category), "Kategori"),
    (Header(Duration), "Lagringstid"),
    (Header(Party), "Första- eller tredjepart"),
    (Header(Domain), "Domän"),
    (Header(Storage), "Lagringstyp"),
    (Name(Necessary), "Nödvändiga"),
    (Name(Preferences), "Inställningar"),
    (Name(Statistics), "Statistik"),
    (Name(Marketing), "Marknadsföring"),
    (
        Description(Necessary),
        "Dessa kakor behövs för att webbplatsen ska fungera och för att tillhandahålla de tjänster du efterfrågar.",
    ),
    (
        Description(Preferences),
        "Dessa kakor kommer ihåg val som du gör, till exempel språk eller region.",
    ),
    (
        Description(Statistics),
        "Dessa kakor hjälper oss att förstå hur besökare använder webbplatsen genom att samla in och sammanställa information.",
    ),
    (
        Description(Marketing),
        "Dessa kakor används för att visa dig relevant reklam, även på andra webbplatser, och för att mäta dess effekt.",
    ),
    (
        ConsentNeeded,
        "De används endast om du har samtyckt, och du kan när som helst återkalla ditt samtycke.",
    ),
    (ConsentNotNeeded, "De kräver inte ditt samtycke."),
    (Session, "Under sessionen"),
    (FirstParty, "Förstapart"),
    (ThirdParty, "Tredjepart"),
    (ThisSite, "Endast denna webbplats"),
    (UntilDeleted, "Tills den raderas"),
    (Kind(Cookie), "HTTP-kaka"),
    (Kind(LocalStorage), "Lokal lagring"),
    (Kind(SessionStorage), "Sessionslagring"),
    (One(Seconds), "sekund"),
    (One(Minutes), "minut"),
    (One(Hours), "timme"),
    (One(Days), "dag"),
    (One(Weeks), "vecka"),
    (One(Months), "månad"),
    (One(Years), "år"),
    (Other(Seconds), "sekunder"),
    (Other(Minutes), "minuter"),
    (Other(Hours), "timmar"),
    (Other(Days), "dagar"),
    (Other(Weeks), "veckor"),
    (Other(Months), "månader"),
    (Other(Years), "år"),
];

/// French, in the CNIL's vocabulary, with French typographic apostrophes.
const FRENCH: &[(Word, &str)] = &[
    (Header(Provider), "Émetteur"),
    (Header(Function), "Fonction et emplacement"),
    (Header(Names), "Nom(s) du cookie"),
    (Header(Purpose), "Finalité"),
    (Header(Category), "Catégorie"),
    (Header(Duration), "Durée de conservation"),
    (Header(Party), "Origine"),
    (Header(Domain), "Domaine"),
    (Header(Storage), "Type de stockage"),
    (Name(Necessary), "Strictement nécessaires"),
    (Name(Preferences), "Préférences"),
    (Name(Statistics), "Mesure d’audience"),
    (Name(Marketing), "Publicité"),
    (
        Description(Necessary),
        "Ces cookies sont indispensables au fonctionnement du site et à la fourniture des services que vous demandez.",
    ),
    (
        Description(Preferences),
        "Ces cookies mémorisent vos choix, comme votre langue ou votre région.",
    ),
    (
        Description(Statistics),
        "Ces cookies nous aident à comprendre comment les visiteurs utilisent le site, en recueillant et en analysant des informations.",
    ),
    (
        Description(Marketing),
        "Ces cookies servent à vous présenter des publicités pertinentes, y compris sur d’autres sites, et à en mesurer l’efficacité.",
    ),
    (
        ConsentNeeded,
        "Ils ne sont déposés qu’avec votre consentement, que vous pouvez retirer à tout moment.",
    ),
    (
        ConsentNotNeeded,
        "Ils ne nécessitent pas votre consentement.",
    ),
    (Session, "Durée de la session"),
    (FirstParty, "Interne"),
    (ThirdParty, "Tiers"),
    (ThisSite, "Ce site uniquement"),
    (UntilDeleted, "Jusqu’à sa suppression"),
    (Kind(Cookie), "Cookie HTTP"),
    (Kind(LocalStorage), "Stockage local"),
    (Kind(SessionStorage), "Stockage de session"),
    (One(Seconds), "seconde"),
    (One(Minutes), "minute"),
    (One(Hours), "heure"),
    (One(Days), "jour"),
    (One(Weeks), "semaine"),
    (One(Months), "mois"),
    (One(Years), "an"),
    (Other(Seconds), "secondes"),
    (Other(Minutes), "minutes"),
    (Other(Hours), "heures"),
    (Other(Days), "jours"),
    (Other(Weeks), "semaines"),
    (Other(Months), "mois"),
    (Other(Years), "ans"),
];
