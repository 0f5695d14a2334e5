//! The declared languages and every variant's translations: each declared language translated
//! once for every variant, nothing translated into an undeclared one.

use std::collections::HashSet;

use crate::ctxt::Ctxt;
use crate::model::{Registry, Text};

/// The language of a registry that declares none (the runtime's `CookieRegistry::LANGUAGES` default).
const DEFAULT_LANGUAGE: &str = "en";

// Long: the declared tags, then every cookie's translations against them, in one pass that
// reports every missing or extra translation of the enum at once.
pub(crate) fn check(cx: &mut Ctxt, registry: &Registry<'_>) {
    // The valid declared tags, lower-cased for matching, with their spelling; an invalid one
    // has its error and asks for no translations.
    let mut declared: Vec<String> = Vec::new();
    let mut spelled: Vec<String> = Vec::new();
    for tag in &registry.languages {
        let text = tag.value();
        if let Err(why) = check_tag(&text) {
            cx.error_spanned_by(
                tag,
                format!("\"{}\" is not a BCP 47 language tag ({why}), such as \"en\", \"de\" or \"pt-BR\"", text.escape_debug()),
            );
        } else if declared.contains(&text.to_ascii_lowercase()) {
            cx.error_spanned_by(tag, format!("language \"{text}\" is declared twice"));
        } else {
            declared.push(text.to_ascii_lowercase());
            spelled.push(text);
        }
    }
    if registry.languages.is_empty() {
        declared.push(DEFAULT_LANGUAGE.to_owned());
        spelled.push(DEFAULT_LANGUAGE.to_owned());
    }
    if declared.is_empty() {
        return; // every declared tag is wrong: their errors say enough
    }
    let declared_list = spelled
        .iter()
        .map(|tag| format!("\"{tag}\""))
        .collect::<Vec<_>>()
        .join(", ");

    for decl in &registry.variants {
        let Some(cookie) = &decl.cookie else { continue };
        let variant = &decl.variant.ident;
        let mut translated: HashSet<String> = HashSet::new();
        for translation in &cookie.translations {
            let lang = &translation.lang;
            let tag = lang.value().to_ascii_lowercase();
            if tag == declared[0] {
                cx.error_spanned_by(
                    lang,
                    format!("\"{}\" is the language of the texts in #[cookie(...)] (the first of `languages`): it needs no translation", lang.value()),
                );
                continue;
            }
            if !declared.contains(&tag) {
                let hint = if registry.languages.is_empty() {
                    format!(
                        "declare it with #[registry(languages = [\"{DEFAULT_LANGUAGE}\", \"{}\"])]",
                        lang.value()
                    )
                } else {
                    format!("`languages` declares {declared_list}")
                };
                cx.error_spanned_by(
                    lang,
                    format!("language \"{}\" is not declared: {hint}", lang.value()),
                );
                continue;
            }
            if !translated.insert(tag) {
                cx.error_spanned_by(
                    lang,
                    format!(
                        "variant `{variant}` is translated into \"{}\" twice",
                        lang.value()
                    ),
                );
                continue;
            }
            match &translation.purpose {
                None => cx.error_spanned_by(
                    &translation.attr,
                    format!(
                        "the \"{}\" translation of `{variant}` is missing `purpose`",
                        lang.value()
                    ),
                ),
                Some(purpose) => check_text(cx, "purpose", purpose),
            }
            match (&cookie.function, &translation.function) {
                (Some(_), None) => cx.error_spanned_by(
                    lang,
                    format!("the \"{}\" translation of `{variant}` is missing `function`, which its #[cookie(...)] declares", lang.value()),
                ),
                (None, Some(function)) => cx.error_spanned_by(
                    function,
                    format!("`{variant}` declares no `function` to translate: give it one in #[cookie(...)], or leave it out here"),
                ),
                (Some(_), Some(function)) => check_text(cx, "function", function),
                (None, None) => {}
            }
        }
        for (tag, spelling) in declared.iter().zip(&spelled).skip(1) {
            if !translated.contains(tag) {
                let tag = spelling;
                let function = if cookie.function.is_some() {
                    ", function = \"...\""
                } else {
                    ""
                };
                cx.error_spanned_by(
                    variant,
                    format!("variant `{variant}` has no \"{tag}\" translation, a language of `languages`: add #[cookie(lang = \"{tag}\", purpose = \"...\"{function})]"),
                );
            }
        }
    }
}

fn check_text(cx: &mut Ctxt, key: &str, text: &Text) {
    if text.value().trim().is_empty() {
        cx.error_spanned_by(
            text,
            format!("`{key}` cannot be empty: the policy page shows it"),
        );
    }
}

/// Whether `tag` is a well-formed BCP 47 language tag (RFC 5646 §2.1): a language of 2-3
/// letters (the 4-8 letter forms are reserved or unused), then optionally a 4-letter script, a region (2 letters or 3 digits), variants,
/// extensions and a private-use part, separated by `-`. Irregular grandfathered tags are not
/// accepted. `Err` says which subtag is wrong.
// Long: BCP 47's subtags in their order (language, extlang, script, region, variants, extensions,
// private use), one short step each.
pub(crate) fn check_tag(tag: &str) -> Result<(), String> {
    let alpha = |s: &str| s.bytes().all(|b| b.is_ascii_alphabetic());
    let digit = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let alnum = |s: &str| s.bytes().all(|b| b.is_ascii_alphanumeric());
    let mut subtags = tag.split('-').peekable();
    let language = subtags.next().unwrap_or_default();
    if !(alpha(language) && (2..=3).contains(&language.len())) {
        return Err(format!(
            "the language subtag \"{language}\" must be 2 or 3 letters"
        ));
    }
    // Extended language subtags (`zh-yue`): up to three of 3 letters.
    let mut extlangs = 0;
    while let Some(&next) = subtags.peek() {
        if language.len() <= 3 && extlangs < 3 && next.len() == 3 && alpha(next) {
            extlangs += 1;
            subtags.next();
        } else {
            break;
        }
    }
    if subtags.peek().is_some_and(|s| s.len() == 4 && alpha(s)) {
        subtags.next(); // script
    }
    if subtags
        .peek()
        .is_some_and(|s| s.len() == 2 && alpha(s) || s.len() == 3 && digit(s))
    {
        subtags.next(); // region
    }
    let mut singleton_seen = false;
    while let Some(subtag) = subtags.next() {
        let variant = alnum(subtag)
            && ((5..=8).contains(&subtag.len())
                || subtag.len() == 4 && subtag.as_bytes()[0].is_ascii_digit());
        if variant && !singleton_seen {
            continue;
        }
        if subtag.len() == 1 && alnum(subtag) {
            singleton_seen = true;
            let private = subtag.eq_ignore_ascii_case("x");
            let range = if private { 1..=8 } else { 2..=8 };
            let mut parts = 0;
            while let Some(&part) = subtags.peek() {
                if !(alnum(part) && range.contains(&part.len())) {
                    break;
                }
                parts += 1;
                subtags.next();
            }
            if parts == 0 {
                return Err(format!(
                    "the singleton \"{subtag}\" needs a subtag after it"
                ));
            }
            if private {
                if let Some(rest) = subtags.next() {
                    return Err(format!("\"{rest}\" is not a private-use subtag"));
                }
            }
            continue;
        }
        return Err(if subtag.is_empty() {
            "an empty subtag".to_owned()
        } else {
            format!(
                "\"{subtag}\" is not a script, region, variant or extension subtag in its place"
            )
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::check_tag;

    #[test]
    fn well_formed_tags() {
        for tag in [
            "en",
            "de",
            "sv",
            "fr",
            "pt-BR",
            "zh-Hant",
            "zh-Hant-TW",
            "sr-Latn-RS",
            "es-419",
            "de-CH-1901",
            "sl-rozaj-biske",
            "en-US-x-twain",
            "de-DE-u-co-phonebk",
            "gsw",
            "zh-yue-HK",
        ] {
            assert_eq!(check_tag(tag), Ok(()), "{tag}");
        }
    }

    #[test]
    fn malformed_tags() {
        for tag in [
            "",
            "e",
            "english",
            "en_US",
            "en-",
            "-en",
            "en--US",
            "en-U",
            "pt-BRA1",
            "de-x",
            "en-US-x-",
            "1en",
            "de DE",
            "fr-Latn-Latn-FR",
            "en-a",
        ] {
            assert!(check_tag(tag).is_err(), "{tag}");
        }
    }
}
