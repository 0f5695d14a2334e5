//! Translations and the built-in words: each built-in language's whole page, written out by
//! hand and reviewed line by line; negotiation; custom locales; revisions unchanged.
//!
//! Longer than the 400 lines the project's style asks: most of it is the expected pages, one
//! per built-in language, written out whole so a reviewer reads each translation in one place.

use cookie_registry::{Category, Column, CookieRegistry, Locale, Word};

#[derive(CookieRegistry)]
#[registry(provider = "Acme", languages = ["en", "de", "sv", "fr"])]
pub enum Cookies {
    #[cookie(name = "sid", category = Necessary, function = "Login",
             purpose = "Keeps you signed in", http_only)]
    #[cookie(lang = "de", function = "Anmeldung", purpose = "Hält Sie angemeldet")]
    #[cookie(lang = "sv", function = "Inloggning", purpose = "Håller dig inloggad")]
    #[cookie(
        lang = "fr",
        function = "Connexion",
        purpose = "Maintient votre connexion"
    )]
    Sid,
    #[cookie(name = "theme", category = Preferences, purpose = "Remembers your colour theme",
             max_age = "1y")]
    #[cookie(lang = "de", purpose = "Speichert Ihr Farbschema")]
    #[cookie(lang = "sv", purpose = "Kommer ihåg ditt färgtema")]
    #[cookie(lang = "fr", purpose = "Mémorise votre thème de couleurs")]
    Theme,
    #[cookie(name = "cart", category = Preferences, purpose = "Keeps your cart", storage = local)]
    #[cookie(lang = "de", purpose = "Bewahrt Ihren Warenkorb auf")]
    #[cookie(lang = "sv", purpose = "Sparar din varukorg")]
    #[cookie(lang = "fr", purpose = "Conserve votre panier")]
    Cart,
    #[cookie(name = "_ga", category = Statistics, provider = "Google", function = "Analytics",
             purpose = "Counts visits", max_age = "13mo", third_party)]
    #[cookie(lang = "de", function = "Webanalyse", purpose = "Zählt Besuche")]
    #[cookie(lang = "sv", function = "Webbanalys", purpose = "Räknar besök")]
    #[cookie(
        lang = "fr",
        function = "Mesure d’audience",
        purpose = "Compte les visites"
    )]
    Ga,
    #[cookie(name = "_fbp", category = Marketing, provider = "Meta", purpose = "Shows ads",
             max_age = "3mo", third_party, domain = "example.com")]
    #[cookie(lang = "de", purpose = "Zeigt Werbung an")]
    #[cookie(lang = "sv", purpose = "Visar annonser")]
    #[cookie(lang = "fr", purpose = "Affiche des publicités")]
    Fbp,
}

/// The page in every column, in `language`, as text.
fn page(language: &str) -> String {
    Cookies::policy_table()
        .page()
        .columns(&Column::ALL)
        .in_language(language)
        .map(|table| table.to_string())
        .unwrap_or_default()
}

#[test]
fn english() {
    let header = "Service provider's name\tFunction and location\tCookie name(s)\tPurposes\tCategory\tDuration\tFirst or third party\tDomain\tStorage\n";
    let expected = [
        "Strictly necessary\n",
        "These cookies are essential for the website to work and to provide the services you request. They do not require your consent.\n",
        header,
        "Acme\tLogin\tsid\tKeeps you signed in\tStrictly necessary\tSession\tFirst party\tThis website only\tHTTP cookie\n",
        "\n",
        "Preferences\n",
        "These cookies remember the choices you make, such as your language or region. They are set only with your consent, which you can withdraw at any time.\n",
        header,
        "Acme\t\ttheme\tRemembers your colour theme\tPreferences\t1 year\tFirst party\tThis website only\tHTTP cookie\n",
        "Acme\t\tcart\tKeeps your cart\tPreferences\tUntil deleted\tFirst party\tThis website only\tLocal storage\n",
        "\n",
        "Statistics\n",
        "These cookies help us understand how visitors use the website by collecting and reporting information. They are set only with your consent, which you can withdraw at any time.\n",
        header,
        "Google\tAnalytics\t_ga\tCounts visits\tStatistics\t13 months\tThird party\tThis website only\tHTTP cookie\n",
        "\n",
        "Marketing\n",
        "These cookies are used to show you relevant advertising, also on other websites, and to measure its effectiveness. They are set only with your consent, which you can withdraw at any time.\n",
        header,
        "Meta\t\t_fbp\tShows ads\tMarketing\t3 months\tThird party\texample.com\tHTTP cookie\n",
    ]
    .concat();
    assert_eq!(page("en"), expected);
    assert_eq!(page("EN"), expected);
    // The first language is the table's own.
    assert_eq!(
        Cookies::policy_table()
            .page()
            .columns(&Column::ALL)
            .to_string(),
        expected
    );
}

#[test]
fn german() {
    let header = "Anbieter\tFunktion und Einsatzbereich\tCookie-Name(n)\tZweck\tKategorie\tSpeicherdauer\tErst- oder Drittanbieter\tDomain\tSpeicherart\n";
    let consent =
        "Sie werden nur mit Ihrer Einwilligung gesetzt, die Sie jederzeit widerrufen können.";
    let expected = [
        "Unbedingt erforderlich\n",
        "Diese Cookies sind für den Betrieb der Website und für die von Ihnen angeforderten Dienste unbedingt erforderlich. Sie bedürfen keiner Einwilligung.\n",
        header,
        "Acme\tAnmeldung\tsid\tHält Sie angemeldet\tUnbedingt erforderlich\tBis zum Ende der Sitzung\tErstanbieter\tNur diese Website\tHTTP-Cookie\n",
        "\n",
        "Präferenzen\n",
        &format!("Diese Cookies speichern Ihre Einstellungen, etwa Ihre Sprache oder Region. {consent}\n"),
        header,
        "Acme\t\ttheme\tSpeichert Ihr Farbschema\tPräferenzen\t1 Jahr\tErstanbieter\tNur diese Website\tHTTP-Cookie\n",
        "Acme\t\tcart\tBewahrt Ihren Warenkorb auf\tPräferenzen\tBis zur Löschung\tErstanbieter\tNur diese Website\tLocal Storage\n",
        "\n",
        "Statistik\n",
        &format!("Diese Cookies helfen uns zu verstehen, wie Besucher die Website nutzen; dazu werden Informationen erhoben und ausgewertet. {consent}\n"),
        header,
        "Google\tWebanalyse\t_ga\tZählt Besuche\tStatistik\t13 Monate\tDrittanbieter\tNur diese Website\tHTTP-Cookie\n",
        "\n",
        "Marketing\n",
        &format!("Diese Cookies dienen dazu, Ihnen relevante Werbung anzuzeigen, auch auf anderen Websites, und deren Wirksamkeit zu messen. {consent}\n"),
        header,
        "Meta\t\t_fbp\tZeigt Werbung an\tMarketing\t3 Monate\tDrittanbieter\texample.com\tHTTP-Cookie\n",
    ]
    .concat();
    assert_eq!(page("de"), expected);
}

#[test]
fn swedish() {
    let header = "Leverantör\tFunktion och användningsområde\tNamn\tSyfte\tKategori\tLagringstid\tFörsta- eller tredjepart\tDomän\tLagringstyp\n";
    let consent =
        "De används endast om du har samtyckt, och du kan när som helst återkalla ditt samtycke.";
    let expected = [
        "Nödvändiga\n",
        "Dessa kakor behövs för att webbplatsen ska fungera och för att tillhandahålla de tjänster du efterfrågar. De kräver inte ditt samtycke.\n",
        header,
        "Acme\tInloggning\tsid\tHåller dig inloggad\tNödvändiga\tUnder sessionen\tFörstapart\tEndast denna webbplats\tHTTP-kaka\n",
        "\n",
        "Inställningar\n",
        &format!("Dessa kakor kommer ihåg val som du gör, till exempel språk eller region. {consent}\n"),
        header,
        "Acme\t\ttheme\tKommer ihåg ditt färgtema\tInställningar\t1 år\tFörstapart\tEndast denna webbplats\tHTTP-kaka\n",
        "Acme\t\tcart\tSparar din varukorg\tInställningar\tTills den raderas\tFörstapart\tEndast denna webbplats\tLokal lagring\n",
        "\n",
        "Statistik\n",
        &format!("Dessa kakor hjälper oss att förstå hur besökare använder webbplatsen genom att samla in och sammanställa information. {consent}\n"),
        header,
        "Google\tWebbanalys\t_ga\tRäknar besök\tStatistik\t13 månader\tTredjepart\tEndast denna webbplats\tHTTP-kaka\n",
        "\n",
        "Marknadsföring\n",
        &format!("Dessa kakor används för att visa dig relevant reklam, även på andra webbplatser, och för att mäta dess effekt. {consent}\n"),
        header,
        "Meta\t\t_fbp\tVisar annonser\tMarknadsföring\t3 månader\tTredjepart\texample.com\tHTTP-kaka\n",
    ]
    .concat();
    assert_eq!(page("sv"), expected);
    assert_eq!(page("sv-SE"), "", "sv-SE is not declared: only sv is");
}

#[test]
fn french() {
    let header = "Émetteur\tFonction et emplacement\tNom(s) du cookie\tFinalité\tCatégorie\tDurée de conservation\tOrigine\tDomaine\tType de stockage\n";
    let consent =
        "Ils ne sont déposés qu’avec votre consentement, que vous pouvez retirer à tout moment.";
    let expected = [
        "Strictement nécessaires\n",
        "Ces cookies sont indispensables au fonctionnement du site et à la fourniture des services que vous demandez. Ils ne nécessitent pas votre consentement.\n",
        header,
        "Acme\tConnexion\tsid\tMaintient votre connexion\tStrictement nécessaires\tDurée de la session\tInterne\tCe site uniquement\tCookie HTTP\n",
        "\n",
        "Préférences\n",
        &format!("Ces cookies mémorisent vos choix, comme votre langue ou votre région. {consent}\n"),
        header,
        "Acme\t\ttheme\tMémorise votre thème de couleurs\tPréférences\t1 an\tInterne\tCe site uniquement\tCookie HTTP\n",
        "Acme\t\tcart\tConserve votre panier\tPréférences\tJusqu’à sa suppression\tInterne\tCe site uniquement\tStockage local\n",
        "\n",
        "Mesure d’audience\n",
        &format!("Ces cookies nous aident à comprendre comment les visiteurs utilisent le site, en recueillant et en analysant des informations. {consent}\n"),
        header,
        "Google\tMesure d’audience\t_ga\tCompte les visites\tMesure d’audience\t13 mois\tTiers\tCe site uniquement\tCookie HTTP\n",
        "\n",
        "Publicité\n",
        &format!("Ces cookies servent à vous présenter des publicités pertinentes, y compris sur d’autres sites, et à en mesurer l’efficacité. {consent}\n"),
        header,
        "Meta\t\t_fbp\tAffiche des publicités\tPublicité\t3 mois\tTiers\texample.com\tCookie HTTP\n",
    ]
    .concat();
    assert_eq!(page("fr"), expected);
}

/// Every unit's plural, and the singular, in each built-in language.
#[test]
// Long: the expected duration phrases of every built-in language, written out by hand.
fn duration_units_in_every_language() {
    #[derive(CookieRegistry)]
    #[registry(provider = "Acme", languages = ["en", "de", "sv", "fr"])]
    enum Units {
        #[cookie(name = "s", category = Necessary, purpose = "p", max_age = "2s")]
        #[cookie(lang = "de", purpose = "p")]
        #[cookie(lang = "sv", purpose = "p")]
        #[cookie(lang = "fr", purpose = "p")]
        Seconds,
        #[cookie(name = "min", category = Necessary, purpose = "p", max_age = "2min")]
        #[cookie(lang = "de", purpose = "p")]
        #[cookie(lang = "sv", purpose = "p")]
        #[cookie(lang = "fr", purpose = "p")]
        Minutes,
        #[cookie(name = "h", category = Necessary, purpose = "p", max_age = "2h")]
        #[cookie(lang = "de", purpose = "p")]
        #[cookie(lang = "sv", purpose = "p")]
        #[cookie(lang = "fr", purpose = "p")]
        Hours,
        #[cookie(name = "d", category = Necessary, purpose = "p", max_age = "2d")]
        #[cookie(lang = "de", purpose = "p")]
        #[cookie(lang = "sv", purpose = "p")]
        #[cookie(lang = "fr", purpose = "p")]
        Days,
        #[cookie(name = "w", category = Necessary, purpose = "p", max_age = "2w")]
        #[cookie(lang = "de", purpose = "p")]
        #[cookie(lang = "sv", purpose = "p")]
        #[cookie(lang = "fr", purpose = "p")]
        Weeks,
        #[cookie(name = "mo", category = Necessary, purpose = "p", max_age = "2mo")]
        #[cookie(lang = "de", purpose = "p")]
        #[cookie(lang = "sv", purpose = "p")]
        #[cookie(lang = "fr", purpose = "p")]
        Months,
        #[cookie(name = "one_second", category = Necessary, purpose = "p", max_age = "1s")]
        #[cookie(lang = "de", purpose = "p")]
        #[cookie(lang = "sv", purpose = "p")]
        #[cookie(lang = "fr", purpose = "p")]
        OneSecond,
        #[cookie(name = "one_week", category = Necessary, purpose = "p", max_age = "1w")]
        #[cookie(lang = "de", purpose = "p")]
        #[cookie(lang = "sv", purpose = "p")]
        #[cookie(lang = "fr", purpose = "p")]
        OneWeek,
    }
    let durations = |language: &str| -> Vec<String> {
        let table = Units::policy_table()
            .columns(&[Column::Duration, Column::Names])
            .in_language(language)
            .map(|table| table.to_string())
            .unwrap_or_default();
        table
            .lines()
            .skip(1)
            .map(|line| line.split('\t').next().unwrap_or_default().to_owned())
            .collect()
    };
    assert_eq!(
        durations("en"),
        [
            "2 seconds",
            "2 minutes",
            "2 hours",
            "2 days",
            "2 weeks",
            "2 months",
            "1 second",
            "1 week"
        ]
    );
    assert_eq!(
        durations("de"),
        [
            "2 Sekunden",
            "2 Minuten",
            "2 Stunden",
            "2 Tage",
            "2 Wochen",
            "2 Monate",
            "1 Sekunde",
            "1 Woche"
        ]
    );
    assert_eq!(
        durations("sv"),
        [
            "2 sekunder",
            "2 minuter",
            "2 timmar",
            "2 dagar",
            "2 veckor",
            "2 månader",
            "1 sekund",
            "1 vecka"
        ]
    );
    assert_eq!(
        durations("fr"),
        [
            "2 secondes",
            "2 minutes",
            "2 heures",
            "2 jours",
            "2 semaines",
            "2 mois",
            "1 seconde",
            "1 semaine"
        ]
    );
}

#[test]
fn languages_and_negotiation() {
    assert_eq!(Cookies::LANGUAGES, ["en", "de", "sv", "fr"]);
    assert_eq!(Cookies::negotiate_language("sv-SE,sv;q=0.9,en;q=0.8"), "sv");
    assert_eq!(Cookies::negotiate_language("da, de;q=0.7, fr;q=0.8"), "fr");
    assert_eq!(Cookies::negotiate_language("da"), "en");
    assert_eq!(Cookies::negotiate_language(""), "en");
    #[derive(CookieRegistry)]
    #[registry(provider = "Acme")]
    enum English {
        #[cookie(name = "sid", category = Necessary, purpose = "Session")]
        Sid,
    }
    assert_eq!(English::LANGUAGES, ["en"]);
    assert_eq!(English::negotiate_language("de"), "en");
    assert!(English::policy_table().in_language("de").is_none());
    assert!(English::policy_table().in_language("en").is_some());
}

/// A language without built-in words renders only with a complete `Locale`.
#[test]
fn a_language_without_built_in_words_needs_a_locale() {
    #[derive(CookieRegistry)]
    #[registry(provider = "Acme", languages = ["en", "nl"])]
    enum Dutch {
        #[cookie(name = "sid", category = Necessary, purpose = "Keeps you signed in")]
        #[cookie(lang = "nl", purpose = "Houdt u ingelogd")]
        Sid,
    }
    assert!(Dutch::policy_table().in_language("nl").is_none());
    let partial = Locale::new("nl").with(Word::Session, "Sessie");
    assert!(Dutch::policy_table().in_locale(partial.clone()).is_none());
    // Completed from the English words, then the Dutch ones the table shows.
    let mut dutch = partial;
    for word in Word::all() {
        if dutch.word(word).is_none() {
            let english = Locale::english().word(word).unwrap_or_default().to_owned();
            dutch = dutch.with(word, english);
        }
    }
    let dutch = dutch
        .with(Word::Column(Column::Names), "Naam")
        .with(Word::Column(Column::Purpose), "Doel")
        .with(Word::Column(Column::Duration), "Bewaartermijn");
    assert!(dutch.is_complete());
    let table = Dutch::policy_table()
        .columns(&[Column::Names, Column::Purpose, Column::Duration])
        .in_locale(dutch)
        .map(|table| table.to_string());
    assert_eq!(
        table.as_deref(),
        Some("Naam\tDoel\tBewaartermijn\nsid\tHoudt u ingelogd\tSessie\n")
    );
    // A locale for a declared language with other words is taken; one for an undeclared
    // language is refused.
    assert!(
        Dutch::policy_table()
            .in_locale(Locale::english().with(Word::Session, "x"))
            .is_some()
    );
    assert!(
        Dutch::policy_table()
            .in_locale(Locale::builtin("de").expect("built in"))
            .is_none()
    );
}

/// A registry whose first language is not English shows its own words by default.
#[test]
fn the_first_language_gives_the_default_words() {
    #[derive(CookieRegistry)]
    #[registry(provider = "Acme", languages = ["sv", "en"])]
    enum Swedish {
        #[cookie(name = "sid", category = Necessary, purpose = "Håller dig inloggad")]
        #[cookie(lang = "en", purpose = "Keeps you signed in")]
        Sid,
    }
    let table = Swedish::policy_table().columns(&[Column::Names, Column::Purpose]);
    assert_eq!(table.to_string(), "Namn\tSyfte\nsid\tHåller dig inloggad\n");
    assert_eq!(
        table.in_language("en").map(|t| t.to_string()).as_deref(),
        Some("Cookie name(s)\tPurposes\nsid\tKeeps you signed in\n")
    );
}

/// Translations are texts: they never change a revision.
#[test]
fn translations_never_change_a_revision() {
    #[derive(CookieRegistry)]
    #[registry(provider = "Google")]
    enum Plain {
        #[cookie(name = "_ga", category = Statistics, purpose = "Counts visits")]
        Ga,
    }
    #[derive(CookieRegistry)]
    #[registry(provider = "Google", languages = ["en", "de"])]
    enum Translated {
        #[cookie(name = "_ga", category = Statistics, purpose = "Counts visits")]
        #[cookie(lang = "de", purpose = "Zählt Besuche")]
        Ga,
    }
    for category in Category::ALL {
        assert_eq!(Plain::revision(category), Translated::revision(category));
    }
}
