//! Prints the cookie policy page of an Opendatasoft open-data portal, its cookie table
//! generated from the registry below, in English (the published page), Swedish or German.
//!
//! ```text
//! cargo run -p cookie-registry --example opendatasoft -- https://opendata.dormagen.de --lang de
//! ```

use cookie_registry::CookieRegistry;

/// The cookies every Opendatasoft portal sets. The names, functions and purposes are those of
/// the published pages; the attributes of the three Django cookies are Django's defaults
/// (`SESSION_COOKIE_AGE`, `CSRF_COOKIE_AGE`, `SameSite=Lax`, an `HttpOnly` session), and the
/// consent cookie keeps a choice for about six months, as the CNIL recommends.
#[derive(CookieRegistry, Debug, Clone, Copy, PartialEq, Eq)]
#[registry(
    provider = "Opendatasoft",
    consent_cookie = CookiePreferences,
    languages = ["en", "sv", "de"]
)]
pub enum Cookies {
    /// The logged-in session.
    #[cookie(
        name = "sessionid",
        category = Necessary,
        function = "Authentication (front and back office)",
        purpose = "To remember the user from one page to another",
        http_only,
        same_site = Lax,
        max_age = "14d",
    )]
    #[cookie(
        lang = "sv",
        function = "Autentisering (portal och administration)",
        purpose = "För att känna igen användaren från en sida till nästa"
    )]
    #[cookie(
        lang = "de",
        function = "Authentifizierung (Front- und Backoffice)",
        purpose = "Um den Nutzer von einer Seite zur nächsten wiederzuerkennen"
    )]
    SessionId,
    /// The interface language.
    #[cookie(
        name = "django_language",
        category = Necessary,
        function = "Language selection (front and back office)",
        purpose = "To remember the visitor's language",
    )]
    #[cookie(
        lang = "sv",
        function = "Språkval (portal och administration)",
        purpose = "För att komma ihåg besökarens språk"
    )]
    #[cookie(
        lang = "de",
        function = "Sprachauswahl (Front- und Backoffice)",
        purpose = "Um die Sprache des Besuchers zu speichern"
    )]
    DjangoLanguage,
    /// The token that protects API calls against cross-site request forgery.
    #[cookie(
        name = "csrftoken",
        category = Necessary,
        function = "API (CSRF) (front et back office)",
        purpose = "To retrieve data via API calls",
        same_site = Lax,
        max_age = "52w",
    )]
    #[cookie(
        lang = "sv",
        function = "API (CSRF) (portal och administration)",
        purpose = "För att hämta data via API-anrop"
    )]
    #[cookie(
        lang = "de",
        function = "API (CSRF) (Front- und Backoffice)",
        purpose = "Um Daten über API-Aufrufe abzurufen"
    )]
    CsrfToken,
    /// The visitor's consent.
    #[cookie(
        name = "cookies_preferences",
        category = Necessary,
        function = "Choices related to your cookie preferences",
        purpose = "To remember the visitor's cookie preferences",
        max_age = "26w",
    )]
    #[cookie(
        lang = "sv",
        function = "Val som gäller dina kakinställningar",
        purpose = "För att komma ihåg besökarens kakinställningar"
    )]
    #[cookie(
        lang = "de",
        function = "Auswahl zu Ihren Cookie-Einstellungen",
        purpose = "Um die Cookie-Einstellungen des Besuchers zu speichern"
    )]
    CookiePreferences,
}

/// The site the page is for when none is given.
pub const DEFAULT_SITE: &str = "https://opendata.umea.se";

/// The page's prose in English, as published; `{site}` and `{table}` are filled in by
/// [`render_page`].
const TEMPLATE: &str = "\
Cookies policy

In order to provide you with the best service possible, we use cookies to ensure it functions properly, and to perform web analytics.

What is a cookie?

A cookie is a generally small piece of data identified by a name that may be sent to your browser by a website you are visiting. Your web browser will store it for a certain period of time, and will send it back to the web server each time you visit again. Cookies have many uses: they can be used to remember your customer log-in information for an online store, the current contents of your shopping cart, as an identifier for tracking your browsing for statistical or advertising purposes, etc.

Several types of cookies exist:

\u{201c}Necessary\u{201d} internal cookies allow information to be saved between two visits to the same website by the same device. They can save a shopping cart, log-in information, or interface preferences. They do not require the user\u{2019}s consent.

\u{201c}Statistical\u{201d} cookies make it possible to track an Internet user's actions on a website. When statistics are anonymized (meaning they cannot be traced back to a person), user consent is not required.

\u{201c}Internal\u{201d} or \u{201c}first-party\u{201d} cookies are stored by the website visited. They can be stored in addition to the necessary cookies, and can be used to collect personal data, track user behavior, and for advertising purposes.

\u{201c}Third-party\u{201d} cookies are cookies stored by (or for) a Website B (often an advertising agency) on Website A. This allows Website B to see what pages the user visited on Website A, and collect information about the user.

What cookies are used on the <{site}> platform

Cookies necessary for the platform to function properly/functionality cookies

{table}";

/// The page's prose in Swedish.
const TEMPLATE_SV: &str = "\
Policy för kakor

För att kunna erbjuda dig bästa möjliga tjänst använder vi kakor för att säkerställa att den fungerar som den ska och för att göra webbanalys.

Vad är en kaka?

En kaka (cookie) är en oftast liten mängd data, identifierad med ett namn, som en webbplats du besöker kan skicka till din webbläsare. Webbläsaren sparar den under en viss tid och skickar tillbaka den till webbservern varje gång du besöker webbplatsen igen. Kakor används till mycket: de kan användas för att komma ihåg dina inloggningsuppgifter i en webbutik och vad som just nu ligger i din varukorg, eller som en identifierare för att följa din surfning i statistik- eller reklamsyfte.

Det finns flera typer av kakor:

\u{201d}Nödvändiga\u{201d} interna kakor gör det möjligt att spara information mellan två besök på samma webbplats från samma enhet. De kan spara en varukorg, inloggningsuppgifter eller inställningar för gränssnittet. De kräver inte användarens samtycke.

\u{201d}Statistiska\u{201d} kakor gör det möjligt att följa en internetanvändares aktiviteter på en webbplats. När statistiken är anonymiserad (det vill säga inte kan kopplas till en person) krävs inte användarens samtycke.

\u{201d}Interna\u{201d} kakor, även kallade förstapartskakor, lagras av den webbplats som besöks. De kan lagras utöver de nödvändiga kakorna och kan användas för att samla in personuppgifter, följa användarens beteende och i reklamsyfte.

\u{201d}Tredjepartskakor\u{201d} är kakor som lagras av (eller för) en webbplats B (ofta en reklambyrå) på webbplats A. Det gör det möjligt för webbplats B att se vilka sidor användaren har besökt på webbplats A och att samla in information om användaren.

Vilka kakor används på plattformen <{site}>

Kakor som behövs för att plattformen ska fungera korrekt/funktionella kakor

{table}";

/// The page's prose in German.
const TEMPLATE_DE: &str = "\
Cookie-Richtlinie

Um Ihnen den bestmöglichen Service bieten zu können, setzen wir Cookies ein, um den ordnungsgemäßen Betrieb sicherzustellen und Webanalysen durchzuführen.

Was ist ein Cookie?

Ein Cookie ist ein in der Regel kleiner, durch einen Namen gekennzeichneter Datensatz, den eine von Ihnen besuchte Website an Ihren Browser senden kann. Ihr Browser speichert ihn für einen bestimmten Zeitraum und sendet ihn bei jedem weiteren Besuch an den Webserver zurück. Cookies haben viele Verwendungszwecke: Sie können Ihre Anmeldedaten für einen Onlineshop oder den aktuellen Inhalt Ihres Warenkorbs speichern oder als Kennung dienen, mit der Ihr Surfverhalten zu statistischen oder Werbezwecken verfolgt wird.

Es gibt verschiedene Arten von Cookies:

\u{201e}Notwendige\u{201c} interne Cookies ermöglichen es, Informationen zwischen zwei Besuchen derselben Website mit demselben Gerät zu speichern. Sie können einen Warenkorb, Anmeldedaten oder Einstellungen der Benutzeroberfläche speichern. Sie bedürfen keiner Einwilligung des Nutzers.

\u{201e}Statistische\u{201c} Cookies ermöglichen es, die Aktionen eines Internetnutzers auf einer Website nachzuverfolgen. Werden die Statistiken anonymisiert (das heißt, sie lassen sich keiner Person zuordnen), ist keine Einwilligung des Nutzers erforderlich.

\u{201e}Interne\u{201c} Cookies oder \u{201e}Erstanbieter-Cookies\u{201c} werden von der besuchten Website gespeichert. Sie können zusätzlich zu den notwendigen Cookies gespeichert und zur Erhebung personenbezogener Daten, zur Verfolgung des Nutzerverhaltens sowie zu Werbezwecken verwendet werden.

\u{201e}Drittanbieter-Cookies\u{201c} sind Cookies, die von einer Website B (häufig einer Werbeagentur) oder für sie auf Website A gespeichert werden. Dadurch kann Website B sehen, welche Seiten der Nutzer auf Website A besucht hat, und Informationen über den Nutzer sammeln.

Welche Cookies werden auf der Plattform <{site}> verwendet

Für den ordnungsgemäßen Betrieb der Plattform notwendige Cookies/Funktionscookies

{table}";

/// The whole policy page for `site` in `language` (`en`, `sv` or `de`); `None` for another.
#[must_use]
pub fn render_page_in(site: &str, language: &str) -> Option<String> {
    let template = match language {
        "en" => TEMPLATE,
        "sv" => TEMPLATE_SV,
        "de" => TEMPLATE_DE,
        _ => return None,
    };
    let table = Cookies::policy_table()
        .for_category(cookie_registry::Category::Necessary)
        .in_language(language)?;
    Some(
        template
            .replace("{site}", site)
            .replace("{table}", &table.to_string()),
    )
}

/// The whole policy page for `site`; the table is the registry's necessary cookies.
#[must_use]
pub fn render_page(site: &str) -> String {
    let table = Cookies::policy_table().for_category(cookie_registry::Category::Necessary);
    TEMPLATE
        .replace("{site}", site)
        .replace("{table}", &table.to_string())
}

/// `[SITE] [--lang en|sv|de]`, in any order.
fn main() {
    let mut site = None;
    let mut language = "en".to_owned();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--lang" => language = args.next().unwrap_or_default(),
            _ => site = Some(arg),
        }
    }
    match render_page_in(site.as_deref().unwrap_or(DEFAULT_SITE), &language) {
        Some(page) => print!("{page}"),
        None => {
            eprintln!("unknown language {language:?}: use --lang en, sv or de");
            std::process::exit(2);
        }
    }
}
