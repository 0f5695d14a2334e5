//! The cookieconsent v3 configuration module.

use core::fmt::Write as _;

use super::{bridge, categories_with_cookies, combined_revision};
use crate::banner::words::{self, Texts};
use crate::html::Escaped;
use crate::js::{JsPrefixRegExp, JsString};
use crate::{CookieRegistry, CookieSpec};

/// The configuration for cookieconsent v3 (npm `vanilla-cookieconsent` 3.1), as the text of a
/// JavaScript module whose default export goes to `CookieConsent.run(...)`. Decisions are
/// posted to `endpoint`; the banner's footer links to `policy_url`.
///
/// What it holds:
/// - `categories`: `necessary` (`enabled`, `readOnly`, as is a category of anonymized
///   statistics only) and every other category that has cookies, with `autoClear.cookies` listing its cookies (names as strings, families as
///   `RegExp`, with their declared `path` and `domain`);
/// - `revision`: derived from the registry's revisions, so the banner asks again exactly when
///   the server would;
/// - `language.translations` for every registry language: the consent and preferences modals,
///   one preferences section per category with a `cookieTable` (name, provider, purpose,
///   duration; HTML-escaped, since cookieconsent inserts it as HTML);
/// - `onFirstConsent` and `onChange`, which post the decision to the endpoint (not
///   `onConsent`: it also runs on every page load, and each post is a new consent record);
///   `onConsent` and `onChange` remove the declared `localStorage`/`sessionStorage` entries of
///   refused categories (cleared as storage: `autoClear.cookies` lists cookies only);
/// - `language.autoDetect: "document"`: the page's `<html lang>` picks the translation, the
///   registry's first language is the fallback.
///
/// The banner keeps its own record in the `localStorage` entry `cc_cookie`, so the registry must
/// declare it (`#[cookie(name = "cc_cookie", category = Necessary, storage = local, ...)]`):
/// without that declaration this function does not compile (the error names it), and the
/// published policy never misses what the banner stores. cookieconsent hides itself from
/// automated browsers (`hideFromBots`, on by default): headless tests run it with
/// `{ ...config, hideFromBots: false }`.
///
/// [`JsConfigs::cookieconsent_module`](super::JsConfigs::cookieconsent_module) is this with `/consent` and `/cookies`.
///
/// ```
/// use cookie_registry::{CookieRegistry, js_config};
///
/// #[derive(CookieRegistry)]
/// #[registry(provider = "Acme")]
/// enum Cookies {
///     #[cookie(name = "sid", category = Necessary, purpose = "Session")]
///     Sid,
///     #[cookie(name = "cc_cookie", category = Necessary, storage = local,
///              purpose = "Your choice in the cookie banner")]
///     CcCookie,
///     #[cookie(prefix = "_ga_", category = Statistics, provider = "Google",
///              purpose = "Counts <visits>", max_age = "13mo")]
///     GaSession,
/// }
///
/// let module = js_config::cookieconsent::<Cookies>("/consent", "/cookies");
/// assert!(module.contains("statistics: {\n      autoClear: { cookies: [{ name: /^_ga_/ }] },"));
/// assert!(module.contains(r#"purpose: "Counts \u0026lt;visits\u0026gt;""#)); // HTML-escaped
/// assert!(module.contains(r#"duration: "13 months""#));
/// assert!(module.contains(r#"autoDetect: "document""#));
/// ```
///
/// Without the `cc_cookie` declaration, it does not compile:
///
/// ```compile_fail
/// use cookie_registry::{CookieRegistry, js_config};
///
/// #[derive(CookieRegistry)]
/// #[registry(provider = "Acme")]
/// enum Cookies {
///     #[cookie(name = "sid", category = Necessary, purpose = "Session")]
///     Sid,
/// }
///
/// // error: cookieconsent keeps its record in the localStorage entry `cc_cookie`: declare it
/// let module = js_config::cookieconsent::<Cookies>("/consent", "/cookies");
/// ```
#[must_use]
// Long: it writes cookieconsent's config object in the order of its reference (guiOptions,
// categories, language, callbacks), as a template would.
pub fn cookieconsent<R: CookieRegistry>(endpoint: &str, policy_url: &str) -> String {
    const {
        assert!(
            super::declares_local_storage(R::SPECS, "cc_cookie"),
            "cookieconsent keeps its record in the localStorage entry `cc_cookie`: declare it \
             (#[cookie(name = \"cc_cookie\", category = Necessary, storage = local, ...)]) so \
             the published policy lists it"
        );
    }
    let mut out = String::with_capacity(4096);
    bridge::<R>(&mut out, endpoint);
    out.push_str("export default {\n");
    let _ = writeln!(out, "  revision: {},", combined_revision::<R>());
    out.push_str(
        "  // The banner's own record lives in localStorage: the consent layer removes\n  \
         // undeclared cookies, and the server's consent cookie is the record that counts.\n  \
         cookie: { name: \"cc_cookie\", useLocalStorage: true },\n  \
         guiOptions: {\n    \
           consentModal: { equalWeightButtons: true },\n    \
           preferencesModal: { equalWeightButtons: true },\n  \
         },\n  \
         categories: {\n",
    );
    for category in categories_with_cookies::<R>() {
        let _ = writeln!(out, "    {category}: {{");
        if crate::banner::is_asked::<R>(category) {
            out.push_str("      autoClear: { cookies: [");
            // Cookies only: storage entries are removed as storage (`withdrawStorage`).
            let cookies = R::in_category(category).filter(|c| c.spec().is_http_cookie());
            for (i, cookie) in cookies.enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                clear_item(&mut out, cookie.spec());
            }
            out.push_str("] },\n");
        } else {
            out.push_str("      enabled: true,\n      readOnly: true,\n");
        }
        out.push_str("    },\n");
    }
    out.push_str(
        "  },\n  \
         onFirstConsent: ({ cookie }) => postConsent(cookie.categories),\n  \
         // On every page load with a decision, and after each change: refused storage goes.\n  \
         onConsent: ({ cookie }) => withdrawStorage(cookie.categories),\n  \
         onChange: ({ cookie }) => {\n    \
           withdrawStorage(cookie.categories);\n    \
           return postConsent(cookie.categories);\n  \
         },\n  \
         language: {\n",
    );
    let languages = words::languages::<R>();
    // The page's own language (`<html lang>`), the registry's first as fallback.
    let _ = writeln!(
        out,
        "    default: {},\n    autoDetect: \"document\",",
        JsString(languages[0])
    );
    out.push_str("    translations: {\n");
    for lang in languages {
        let words = words::words_for::<R>(lang);
        let _ = writeln!(out, "      {}: {{", JsString(lang));
        translation::<R>(&mut out, &words, lang, policy_url);
        out.push_str("      },\n");
    }
    out.push_str("    },\n  },\n};\n");
    out
}

/// An `autoClear` item: `{ name: "_ga", path: "/" }` or `{ name: /^_ga_/ }`.
fn clear_item(out: &mut String, spec: &CookieSpec) {
    if spec.family {
        let _ = write!(out, "{{ name: {}", JsPrefixRegExp(spec.name));
    } else {
        let _ = write!(out, "{{ name: {}", JsString(spec.name));
    }
    if let Some(path) = spec.path {
        let _ = write!(out, ", path: {}", JsString(path));
    }
    if let Some(domain) = spec.domain {
        let _ = write!(out, ", domain: {}", JsString(domain));
    }
    out.push_str(" }");
}

/// Text for cookieconsent, which inserts it with `innerHTML`: HTML-escaped, then a JS literal.
fn html(text: &str) -> String {
    JsString(&Escaped(text).to_string()).to_string()
}

// Long: one translation object of cookieconsent's config, its keys in the reference's order.
fn translation<R: CookieRegistry>(out: &mut String, words: &Texts, lang: &str, policy: &str) {
    let link = format!(
        "<a href=\"{}\">{}</a>",
        Escaped(policy),
        Escaped(words.policy_link())
    );
    let _ = writeln!(
        out,
        "        consentModal: {{\n          \
           title: {},\n          \
           description: {},\n          \
           acceptAllBtn: {},\n          \
           acceptNecessaryBtn: {},\n          \
           showPreferencesBtn: {},\n          \
           footer: {},\n        \
         }},\n        \
         preferencesModal: {{\n          \
           title: {},\n          \
           acceptAllBtn: {},\n          \
           acceptNecessaryBtn: {},\n          \
           savePreferencesBtn: {},\n          \
           closeIconLabel: {},\n          \
           sections: [\n            \
             {{ description: {} }},",
        html(words.title()),
        html(words.intro()),
        html(words.accept_all()),
        html(words.reject_all()),
        html(words.manage()),
        JsString(&link),
        html(words.settings_title()),
        html(words.accept_all()),
        html(words.reject_all()),
        html(words.save()),
        html(words.close()),
        html(words.settings_intro()),
    );
    let [name, provider, purpose, duration] = words.columns();
    for category in categories_with_cookies::<R>() {
        let _ = writeln!(
            out,
            "            {{\n              \
               title: {},\n              \
               description: {},\n              \
               linkedCategory: \"{category}\",\n              \
               cookieTable: {{\n                \
                 headers: {{ name: {}, provider: {}, purpose: {}, duration: {} }},\n                \
                 body: [",
            html(words.category(category)),
            html(words.category_description(category)),
            html(name),
            html(provider),
            html(purpose),
            html(duration),
        );
        for cookie in R::in_category(category) {
            let spec = cookie.spec();
            let _ = writeln!(
                out,
                "                  {{ name: {}, provider: {}, purpose: {}, duration: {} }},",
                html(&spec.display_name()),
                html(spec.provider),
                html(words::purpose(spec, lang)),
                html(&words.duration(spec)),
            );
        }
        out.push_str("                ],\n              },\n            },\n");
    }
    out.push_str("          ],\n        },\n");
}
