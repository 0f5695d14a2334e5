//! The Klaro configuration module.

use core::fmt::Write as _;

use super::{bridge, categories_with_cookies};
use crate::banner::words::{self, Texts};
use crate::js::{JsPrefixRegExp, JsString};
use crate::{Category, Consent, CookieRegistry, CookieSpec};

/// The configuration for Klaro (npm `klaro` 0.7), as the text of a JavaScript module whose
/// default export goes to `klaro.setup(...)`. Decisions are posted to `endpoint`; the notice
/// links to `policy_url`.
///
/// What it holds:
/// - `services`: one per provider and category (named `<provider>-<category>`, lower-case),
///   each with its `purposes` (the category), its `cookies` (names as strings, families as
///   `RegExp`, with the declared path and domain), and `required: true` for those whose cookies
///   need no consent (Necessary, anonymized statistics);
/// - `translations` for every registry language: the notice and modal texts, each purpose's
///   title and description, and each service's description listing its cookies with purpose
///   and duration (Klaro shows them as text: `htmlTexts` stays off);
/// - a `callback` that, once Klaro has started, watches its consent manager and posts every
///   saved decision to the endpoint (a category counts as granted when all its services are),
///   and removes a refused service's declared `localStorage`/`sessionStorage` entries (on every
///   page load and after each decision; storage is cleared as storage, never listed in a
///   service's `cookies`);
/// - no fixed `lang`: Klaro follows the page's `<html lang>`, with the registry's first language
///   as `fallbackLang`;
/// - a first layer with a title (`showNoticeTitle`, `consentNotice.title`) and the policy link
///   (`privacyPolicyUrl`, placed by `{privacyPolicy}` in `consentNotice.description`);
/// - "Reject all" with the same weight as "Accept all" (`styling.dark2` set to the accept
///   button's colour: Klaro's default theme greys the decline button).
///
/// Klaro keeps its record in the `localStorage` entry `klaro`, so the registry must declare it
/// (`#[cookie(name = "klaro", category = Necessary, storage = local, ...)]`): without it this
/// function does not compile, and the published policy never misses it.
///
/// [`JsConfigs::klaro_module`](super::JsConfigs::klaro_module) is this with `/consent` and `/cookies`.
///
/// ```
/// use cookie_registry::{CookieRegistry, js_config};
///
/// #[derive(CookieRegistry)]
/// #[registry(provider = "Acme")]
/// enum Cookies {
///     #[cookie(name = "sid", category = Necessary, purpose = "Session")]
///     Sid,
///     #[cookie(name = "klaro", category = Necessary, storage = local,
///              purpose = "Your choice in the cookie banner")]
///     Klaro,
///     #[cookie(prefix = "_ga_", category = Statistics, provider = "Google",
///              purpose = "Counts visits", path = "/")]
///     GaSession,
/// }
///
/// let module = js_config::klaro::<Cookies>("/consent", "/cookies");
/// assert!(module.contains(r#"name: "google-statistics""#));
/// assert!(module.contains(r#"cookies: [{ pattern: /^_ga_/, path: "/" }]"#));
/// assert!(module.contains(r#"name: "acme-necessary","#));
/// ```
///
/// Without the `klaro` declaration, it does not compile:
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
/// // error: Klaro keeps its record in the localStorage entry `klaro`: declare it
/// let module = js_config::klaro::<Cookies>("/consent", "/cookies");
/// ```
#[must_use]
// Long: it writes Klaro's config object in the order of its reference (services, translations,
// styling, callback), as a template would.
pub fn klaro<R: CookieRegistry>(endpoint: &str, policy_url: &str) -> String {
    const {
        assert!(
            super::declares_local_storage(R::SPECS, "klaro"),
            "Klaro keeps its record in the localStorage entry `klaro`: declare it \
             (#[cookie(name = \"klaro\", category = Necessary, storage = local, ...)]) so the \
             published policy lists it"
        );
    }
    let services = services::<R>();
    let mut out = String::with_capacity(4096);
    bridge::<R>(&mut out, endpoint);
    out.push_str("const storageByService = {");
    for service in &services {
        let entries = storage_entries(service);
        if entries != "[]" {
            let _ = write!(out, " {}: {entries},", JsString(&service.name));
        }
    }
    out.push_str(" };\n");
    out.push_str(
        "// Klaro calls `callback` for every service each time it applies consents; the first\n\
         // call starts watching the manager, whose `saveConsents` event is a visitor's decision.\n\
         // That first call comes from inside the manager's constructor, before Klaro has\n\
         // registered it, so the watch starts once the current task is done.\n\
         let watching = false;\n\
         function watchDecisions() {\n  \
           if (watching || !window.klaro) return;\n  \
           watching = true;\n  \
           queueMicrotask(() => window.klaro.getManager(config).watch({\n    \
             update(manager, event) {\n      \
               if (event !== \"saveConsents\") return;\n      \
               const granted = consentCategories.filter((category) => {\n        \
                 const own = manager.config.services.filter((s) => s.purposes.includes(category));\n        \
                 return own.length > 0 && own.every((s) => manager.getConsent(s.name));\n      \
               });\n      \
               postConsent(granted);\n    \
             },\n  \
           }));\n\
         }\n\n\
         const config = {\n  \
           version: 1,\n  \
           elementID: \"klaro\",\n  \
           // The banner's own record lives in localStorage: the consent layer removes\n  \
           // undeclared cookies, and the server's consent cookie is the record that counts.\n  \
           storageMethod: \"localStorage\",\n  \
           storageName: \"klaro\",\n  \
           htmlTexts: false,\n  \
           groupByPurpose: true,\n  \
           default: false,\n  \
           mustConsent: false,\n  \
           acceptAll: true,\n  \
           hideDeclineAll: false,\n  \
           // Klaro calls this for each service on every page load and after each decision:\n  \
           // a refused service's declared storage entries are removed.\n  \
           callback(consent, service) {\n    \
             watchDecisions();\n    \
             if (!consent && Object.hasOwn(storageByService, service.name)) {\n      \
               removeStorage(storageByService[service.name]);\n    \
             }\n  \
           },\n  \
           // The notice's title is shown, with the policy link in its text.\n  \
           showNoticeTitle: true,\n  \
           // \"Reject all\" as prominent as \"Accept all\" (the default theme greys it): the\n  \
           // plain button colour is the accept button's.\n  \
           styling: { dark2: \"#1a936f\" },\n",
    );
    let languages = words::languages::<R>();
    // No `lang`: Klaro reads the page's `<html lang>`; the registry's first language is the
    // fallback for a page in a language the registry does not have.
    let _ = writeln!(out, "  fallbackLang: {},", JsString(languages[0]));
    out.push_str("  services: [\n");
    for service in &services {
        let _ = write!(
            out,
            "    {{\n      \
               name: {},\n      \
               title: {},\n      \
               purposes: [\"{}\"],\n      \
               required: {},\n      \
               default: false,\n      \
               optOut: false,\n      \
               cookies: [",
            JsString(&service.name),
            JsString(service.provider),
            service.category,
            service
                .cookies
                .iter()
                .all(|spec| spec.allowed_by(&Consent::necessary_only())),
        );
        // Cookies only: storage entries are removed as storage (`storageByService`).
        let cookies = service.cookies.iter().filter(|spec| spec.is_http_cookie());
        for (i, spec) in cookies.enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            cookie_item(&mut out, spec);
        }
        out.push_str("],\n    },\n");
    }
    out.push_str("  ],\n  translations: {\n");
    let _ = writeln!(
        out,
        "    zz: {{ privacyPolicyUrl: {} }},",
        JsString(policy_url)
    );
    for lang in languages {
        let words = words::words_for::<R>(lang);
        let _ = writeln!(out, "    {}: {{", JsString(lang));
        let _ = writeln!(out, "      privacyPolicyUrl: {},", JsString(policy_url));
        translation(&mut out, &words, lang, &services);
        out.push_str("    },\n");
    }
    out.push_str("  },\n};\n\nexport default config;\n");
    out
}

/// The cookies of one provider in one category.
struct Service {
    name: String,
    provider: &'static str,
    category: Category,
    cookies: Vec<&'static CookieSpec>,
}

fn services<R: CookieRegistry>() -> Vec<Service> {
    let mut services: Vec<Service> = Vec::new();
    for category in categories_with_cookies::<R>() {
        for cookie in R::in_category(category) {
            let spec = cookie.spec();
            match services
                .iter_mut()
                .find(|s| s.category == category && s.provider == spec.provider)
            {
                Some(service) => service.cookies.push(spec),
                None => {
                    let mut name = format!("{}-{category}", slug(spec.provider));
                    // Two providers can share a slug ("A.B" and "A B"): number the later ones.
                    let base = name.clone();
                    let mut n = 2;
                    while services.iter().any(|s| s.name == name) {
                        name = format!("{base}-{n}");
                        n += 1;
                    }
                    services.push(Service {
                        name,
                        provider: spec.provider,
                        category,
                        cookies: vec![spec],
                    });
                }
            }
        }
    }
    services
}

/// A provider's name as part of a Klaro service name (which Klaro also uses in element ids):
/// ASCII letters and digits, lower-cased, every other run of characters one `-`.
pub(super) fn slug(provider: &str) -> String {
    let mut slug = String::with_capacity(provider.len());
    for c in provider.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        "provider".to_owned()
    } else {
        slug.to_owned()
    }
}

/// A service's declared storage entries, as `removeStorage` takes them.
fn storage_entries(service: &Service) -> String {
    let mut out = String::from("[");
    let refusable = |spec: &&&CookieSpec| {
        !spec.is_http_cookie() && !spec.allowed_by(&Consent::necessary_only())
    };
    for spec in service.cookies.iter().filter(refusable) {
        let area = if matches!(spec.storage, crate::Storage::SessionStorage) {
            "sessionStorage"
        } else {
            "localStorage"
        };
        if out.len() > 1 {
            out.push(',');
        }
        let _ = write!(out, "[\"{area}\",{},{}]", JsString(spec.name), spec.family);
    }
    out.push(']');
    out
}

/// A Klaro cookie item: a name string, or `{ pattern, path, domain }`. Klaro reads a string
/// starting with `^` as a pattern, so such a name is written as an exact `RegExp`.
fn cookie_item(out: &mut String, spec: &CookieSpec) {
    let pattern = if spec.family {
        JsPrefixRegExp(spec.name).to_string()
    } else if spec.name.starts_with('^') {
        let prefix = JsPrefixRegExp(spec.name).to_string();
        format!("{}$/", &prefix[..prefix.len() - 1])
    } else {
        JsString(spec.name).to_string()
    };
    if spec.path.is_none() && spec.domain.is_none() && !pattern.starts_with('/') {
        out.push_str(&pattern);
        return;
    }
    let _ = write!(out, "{{ pattern: {pattern}");
    if let Some(path) = spec.path {
        let _ = write!(out, ", path: {}", JsString(path));
    }
    if let Some(domain) = spec.domain {
        let _ = write!(out, ", domain: {}", JsString(domain));
    }
    out.push_str(" }");
}

fn translation(out: &mut String, words: &Texts, lang: &str, services: &[Service]) {
    let _ = writeln!(
        out,
        "      acceptAll: {},\n      \
         acceptSelected: {},\n      \
         decline: {},\n      \
         ok: {},\n      \
         save: {},\n      \
         close: {},\n      \
         consentNotice: {{ title: {}, description: {}, learnMore: {} }},\n      \
         consentModal: {{ title: {}, description: {} }},\n      \
         privacyPolicy: {{ name: {}, text: \"{{privacyPolicy}}\" }},\n      \
         purposes: {{",
        JsString(words.accept_all()),
        JsString(words.save()),
        JsString(words.reject_all()),
        JsString(words.accept_all()),
        JsString(words.save()),
        JsString(words.close()),
        JsString(words.title()),
        // Klaro puts the policy link where `{privacyPolicy}` stands.
        JsString(&format!("{} {{privacyPolicy}}", words.intro())),
        JsString(words.manage()),
        JsString(words.settings_title()),
        JsString(words.settings_intro()),
        JsString(words.policy_link()),
    );
    for category in Category::ALL {
        if services.iter().any(|s| s.category == category) {
            let _ = writeln!(
                out,
                "        {category}: {{ title: {}, description: {} }},",
                JsString(words.category(category)),
                JsString(words.category_description(category)),
            );
        }
    }
    out.push_str("      },\n");
    for service in services {
        let mut description = String::new();
        for spec in &service.cookies {
            if !description.is_empty() {
                description.push_str(" · ");
            }
            let _ = write!(
                description,
                "{} ({}): {}",
                spec.display_name(),
                words.duration(spec),
                words::purpose(spec, lang),
            );
        }
        let _ = writeln!(
            out,
            "      {}: {{ title: {}, description: {} }},",
            JsString(&service.name),
            JsString(service.provider),
            JsString(&description),
        );
    }
}
