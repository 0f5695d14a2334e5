//! The banner's HTML.

use core::fmt;

use super::Banner;
use super::words::{self, Texts};
use crate::html::Escaped;
use crate::{Category, CookieRegistry};

// Long: it writes the banner's HTML top to bottom, as a template would; its parts (notice,
// categories, buttons) follow the markup's order.
pub(super) fn render<R: CookieRegistry>(
    banner: &Banner<'_, R>,
    f: &mut fmt::Formatter<'_>,
) -> fmt::Result {
    let texts = match &banner.locale {
        Some(locale) => words::locale_texts::<R>(locale.clone()),
        None => words::banner_texts::<R>(banner.lang),
    };
    // A declared language without words: nothing, rather than another language.
    let Some(words) = &texts else {
        return Ok(());
    };
    // Two forms can share a page (the banner over the policy page's settings): distinct ids.
    let id = if banner.settings {
        "cr-settings"
    } else {
        "cr-banner"
    };
    let lang = Escaped(words.lang());
    if banner.settings {
        writeln!(
            f,
            "<section class=\"cr-settings\" aria-labelledby=\"{id}-title\" lang=\"{lang}\">"
        )?;
    } else {
        writeln!(
            f,
            "<div class=\"cr-banner\" role=\"dialog\" aria-modal=\"false\" \
             aria-labelledby=\"{id}-title\" lang=\"{lang}\" data-cr-banner>"
        )?;
    }
    let granted: Vec<&str> = banner
        .consent
        .granted()
        .filter(|c| c.needs_consent())
        .map(Category::as_str)
        .collect();
    writeln!(
        f,
        "<form class=\"cr-form\" method=\"post\" action=\"{}\" data-cr-consent \
         data-cr-granted=\"{}\" data-cr-saved=\"{}\" data-cr-storage=\"{}\">",
        Escaped(banner.endpoint),
        granted.join(" "),
        Escaped(words.saved()),
        Escaped(&super::storage::declared_json::<R>()),
    )?;
    let (title, intro) = if banner.settings {
        (words.settings_title(), words.settings_intro())
    } else {
        (words.title(), words.intro())
    };
    hidden_fields(banner, words, f)?;
    writeln!(
        f,
        "<h2 class=\"cr-title\" id=\"{id}-title\">{}</h2>\n<p class=\"cr-intro\">{}</p>",
        Escaped(title),
        Escaped(intro)
    )?;
    if let (true, Some((consent_id, decided_at))) = (banner.settings, banner.receipt) {
        super::receipt::render(consent_id, decided_at, words, f)?;
    }
    gpc_note(banner, words, f)?;
    stale_note(banner, words, f)?;
    writeln!(
        f,
        "<div class=\"cr-choices\">\n\
         <button class=\"cr-button\" type=\"submit\" name=\"choice\" value=\"all\">{}</button>\n\
         <button class=\"cr-button\" type=\"submit\" name=\"choice\" value=\"necessary\">{}</button>\n\
         </div>\n\
         <details class=\"cr-customize\"{}>\n<summary class=\"cr-customize-toggle\">{}</summary>\n\
         <fieldset class=\"cr-categories\">\n<legend class=\"cr-legend\">{}</legend>",
        Escaped(words.accept_all()),
        Escaped(words.reject_all()),
        // Open on the policy page, and when categories must be asked again.
        if banner.settings || banner.stale.contains(&true) {
            " open"
        } else {
            ""
        },
        Escaped(words.manage()),
        Escaped(words.categories_legend()),
    )?;
    for category in Category::ALL {
        if R::in_category(category).next().is_some() {
            category_item(banner, words, id, category, f)?;
        }
    }
    writeln!(
        f,
        "</fieldset>\n\
         <button class=\"cr-button cr-button-secondary\" type=\"submit\" name=\"choice\" \
         value=\"custom\">{}</button>\n</details>",
        Escaped(words.save())
    )?;
    if let Some(url) = banner.policy_link {
        writeln!(
            f,
            "<p class=\"cr-footer\"><a class=\"cr-policy\" href=\"{}\">{}</a></p>",
            Escaped(url),
            Escaped(words.policy_link())
        )?;
    }
    f.write_str("<p class=\"cr-status\" role=\"status\" data-cr-status></p>\n</form>\n")?;
    f.write_str(if banner.settings {
        "</section>\n"
    } else {
        "</div>\n"
    })
}

/// The form's hidden fields, which carry no words: where to return, and what the record says
/// about the decision (the endpoint reads them): `method`, `banner` or `settings`; `lang`, the
/// language shown; `notice`, the hash of the notice shown (see [`super::notice`]). None of them
/// is part of the notice itself.
fn hidden_fields<R: CookieRegistry>(
    banner: &Banner<'_, R>,
    words: &Texts,
    f: &mut fmt::Formatter<'_>,
) -> fmt::Result {
    if banner.notice_only {
        return Ok(());
    }
    let method = banner.method();
    writeln!(
        f,
        "<input type=\"hidden\" name=\"return_to\" value=\"{}\">\n\
         <input type=\"hidden\" name=\"method\" value=\"{method}\">\n\
         <input type=\"hidden\" name=\"lang\" value=\"{}\">",
        Escaped(banner.return_to),
        Escaped(words.lang()),
    )?;
    match super::notice::known::<R>().hash_of(method, words.lang()) {
        // A hash is 64 hex digits: nothing to escape.
        Some(hash) => writeln!(
            f,
            "<input type=\"hidden\" name=\"notice\" value=\"{hash}\">"
        ),
        None => Ok(()),
    }
}

/// What happened to a Global Privacy Control signal (11 CCR §7025(c)(6): the site shows that
/// the opt-out was honoured).
fn gpc_note<R: CookieRegistry>(
    banner: &Banner<'_, R>,
    words: &Texts,
    f: &mut fmt::Formatter<'_>,
) -> fmt::Result {
    let (state, text) = match banner.gpc {
        Some(super::GpcNote::Honoured) => ("honoured", words.gpc_honoured()),
        Some(super::GpcNote::Received) => ("received", words.gpc_received()),
        None => return Ok(()),
    };
    writeln!(
        f,
        "<p class=\"cr-gpc\" data-cr-gpc=\"{state}\">{}</p>",
        Escaped(text)
    )
}

/// "Our cookies have changed ... for: Statistics, Marketing." when a grant went stale.
fn stale_note<R: CookieRegistry>(
    banner: &Banner<'_, R>,
    words: &Texts,
    f: &mut fmt::Formatter<'_>,
) -> fmt::Result {
    let stale: Vec<&str> = Category::ALL
        .into_iter()
        .filter(|c| banner.stale[c.index()])
        .map(|c| words.category(c))
        .collect();
    if stale.is_empty() {
        return Ok(());
    }
    writeln!(
        f,
        "<p class=\"cr-stale\">{}{}.</p>",
        Escaped(words.stale()),
        Escaped(&stale.join(", "))
    )
}

/// One category: its checkbox and label, its description, and its cookies in a `<details>`.
fn category_item<R: CookieRegistry>(
    banner: &Banner<'_, R>,
    words: &Texts,
    id: &str,
    category: Category,
    f: &mut fmt::Formatter<'_>,
) -> fmt::Result {
    let input = format!("{id}-{category}");
    f.write_str("<div class=\"cr-category\">\n")?;
    if super::is_asked::<R>(category) {
        let checked = if banner.consent.allows(category) {
            " checked"
        } else {
            ""
        };
        writeln!(
            f,
            "<input class=\"cr-check\" type=\"checkbox\" id=\"{input}\" name=\"category\" \
             value=\"{category}\" aria-describedby=\"{input}-about\"{checked}>\n\
             <label class=\"cr-label\" for=\"{input}\">{}</label>",
            Escaped(words.category(category))
        )?;
    } else {
        writeln!(
            f,
            "<input class=\"cr-check\" type=\"checkbox\" id=\"{input}\" checked disabled \
             aria-describedby=\"{input}-about\">\n\
             <label class=\"cr-label\" for=\"{input}\">{} <span class=\"cr-always\">({})</span></label>",
            Escaped(words.category(category)),
            Escaped(words.always_on()),
        )?;
    }
    writeln!(
        f,
        "<p class=\"cr-about\" id=\"{input}-about\">{}</p>",
        Escaped(words.category_description(category))
    )?;
    let count = R::in_category(category).count();
    let [name, provider, purpose, duration] = words.columns().map(Escaped);
    writeln!(
        f,
        "<details class=\"cr-details\">\n<summary>{} ({count})</summary>\n\
         <table class=\"cr-cookies\">\n<thead><tr><th scope=\"col\">{name}</th>\
         <th scope=\"col\">{provider}</th><th scope=\"col\">{purpose}</th>\
         <th scope=\"col\">{duration}</th></tr></thead>\n<tbody>",
        Escaped(words.cookies_summary()),
    )?;
    for cookie in R::in_category(category) {
        let spec = cookie.spec();
        writeln!(
            f,
            "<tr><td data-label=\"{name}\"><code>{}</code></td><td data-label=\"{provider}\">{}</td>\
             <td data-label=\"{purpose}\">{}</td><td data-label=\"{duration}\">{}</td></tr>",
            Escaped(&spec.display_name()),
            Escaped(spec.provider),
            Escaped(words::purpose(spec, words.lang())),
            Escaped(&words.duration(spec)),
        )?;
    }
    f.write_str("</tbody>\n</table>\n</details>\n</div>\n")
}
