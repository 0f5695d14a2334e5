//! Prints the cookie policy page of an Opendatasoft open-data portal, its cookie table
//! generated from the registry below.
//!
//! ```text
//! cargo run -p cookie-registry --example opendatasoft -- https://opendata.dormagen.de
//! ```

use cookie_registry::CookieRegistry;

/// The cookies every Opendatasoft portal sets. The names, functions and purposes are those of
/// the published pages; the attributes of the three Django cookies are Django's defaults
/// (`SESSION_COOKIE_AGE`, `CSRF_COOKIE_AGE`, `SameSite=Lax`, an `HttpOnly` session), and the
/// consent cookie keeps a choice for about six months, as the CNIL recommends.
#[derive(CookieRegistry, Debug, Clone, Copy, PartialEq, Eq)]
#[registry(provider = "Opendatasoft", consent_cookie = CookiePreferences)]
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
    SessionId,
    /// The interface language.
    #[cookie(
        name = "django_language",
        category = Necessary,
        function = "Language selection (front and back office)",
        purpose = "To remember the visitor's language",
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
    CsrfToken,
    /// The visitor's consent.
    #[cookie(
        name = "cookies_preferences",
        category = Necessary,
        function = "Choices related to your cookie preferences",
        purpose = "To remember the visitor's cookie preferences",
        max_age = "26w",
    )]
    CookiePreferences,
}

/// The site the page is for when none is given.
pub const DEFAULT_SITE: &str = "https://opendata.umea.se";

/// The page's prose; `{site}` and `{table}` are filled in by [`render_page`].
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

/// The whole policy page for `site`; the table is the registry's necessary cookies.
#[must_use]
pub fn render_page(site: &str) -> String {
    let table = Cookies::policy_table().for_category(cookie_registry::Category::Necessary);
    TEMPLATE
        .replace("{site}", site)
        .replace("{table}", &table.to_string())
}

fn main() {
    let site = std::env::args().nth(1);
    print!("{}", render_page(site.as_deref().unwrap_or(DEFAULT_SITE)));
}
