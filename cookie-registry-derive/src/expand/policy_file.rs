//! `#[registry(policy_file = "COOKIES.md")]`: the committed policy page must be the page the
//! registry renders, byte for byte. The derive renders it with the runtime's own renderer
//! (`cookie-registry-core`), compares it with the file, and makes any difference a compile
//! error that quotes the first differing line; `COOKIE_REGISTRY_BLESS=1 cargo build` rewrites
//! the file instead. The generated code includes the file's bytes, so that Cargo rebuilds when
//! the file changes.

use std::path::PathBuf;

use cookie_registry_core::render::{Entry, Layout};
use cookie_registry_core::{Column, Lifetime, Locale, Storage};
use proc_macro2::TokenStream;
use quote::quote;

use super::Decl;
use crate::ctxt::Ctxt;
use crate::model::{Registry, Text};

/// The environment variable that makes the derive write the policy files instead of checking.
pub(crate) const BLESS: &str = "COOKIE_REGISTRY_BLESS";

/// The `include_bytes!` of every policy file, or the errors: a file that is missing or differs.
pub(super) fn check(registry: &Registry<'_>, cookies: &[Decl<'_>]) -> syn::Result<TokenStream> {
    let mut cx = Ctxt::default();
    let mut tracked = Vec::new();
    let bless = std::env::var_os(BLESS).is_some_and(|value| !value.is_empty() && value != "0");
    for file in &registry.policy_files {
        let shown = file.path.value();
        let Some(locale) = Locale::builtin(&file.language) else {
            cx.error_spanned_by(
                &file.path,
                format!(
                    "the policy file `{shown}` is in \"{}\", which has no built-in words (English, German, Swedish and French have them): render that language with `PolicyTable::in_locale` and keep its page yourself",
                    file.language
                ),
            );
            continue;
        };
        let first = registry
            .languages
            .first()
            .is_none_or(|first| first.value().eq_ignore_ascii_case(&file.language));
        let page = page(cookies, &locale, (!first).then_some(file.language.as_str()));
        let Some(dir) = std::env::var_os("CARGO_MANIFEST_DIR") else {
            cx.error_spanned_by(
                &file.path,
                "`policy_file` needs Cargo: CARGO_MANIFEST_DIR is not set",
            );
            continue;
        };
        let path = PathBuf::from(dir).join(shown);
        let bless_command = format!("{BLESS}=1 cargo build");
        if bless {
            if let Err(error) = std::fs::write(&path, &page) {
                cx.error_spanned_by(
                    &file.path,
                    format!("cannot write the policy file `{}`: {error}", path.display()),
                );
                continue;
            }
        }
        match std::fs::read(&path) {
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => cx.error_spanned_by(
                &file.path,
                format!("the policy file `{shown}` does not exist ({}): write it with `{bless_command}`", path.display()),
            ),
            Err(error) => cx.error_spanned_by(&file.path, format!("cannot read the policy file `{}`: {error}", path.display())),
            Ok(found) if found == page.as_bytes() => {
                let path = path.to_string_lossy().into_owned();
                tracked.push(quote!(const _: &[u8] = ::core::include_bytes!(#path);));
            }
            Ok(found) => {
                let found = String::from_utf8_lossy(&found);
                cx.error_spanned_by(&file.path, difference(shown, &page, &found, &bless_command));
            }
        }
    }
    match cx.finish() {
        Some(error) => Err(error),
        None => Ok(quote!(#(#tracked)*)),
    }
}

/// The message for a file that differs: the first differing line, expected and found.
fn difference(shown: &str, expected: &str, found: &str, bless_command: &str) -> String {
    let mut expected_lines = expected.split_inclusive('\n');
    let mut found_lines = found.split_inclusive('\n');
    let mut number = 1;
    loop {
        match (expected_lines.next(), found_lines.next()) {
            (Some(e), Some(f)) if e == f => number += 1,
            (e, f) => {
                let line = |line: Option<&str>| {
                    line.map_or_else(
                        || "(end of file)".to_owned(),
                        |l| format!("{:?}", l.trim_end_matches('\n')),
                    )
                };
                return format!(
                    "the policy file `{shown}` differs from the registry at line {number}:\n    expected: {}\n       found: {}\nif the registry is right, rewrite the file with `{bless_command}`",
                    line(e),
                    line(f),
                );
            }
        }
    }
}

/// The registry's full page in Markdown, in `locale`, with the texts of `translation` (a
/// further language) or as declared: what `policy_table().page().to_markdown()` renders.
fn page(cookies: &[Decl<'_>], locale: &Locale, translation: Option<&str>) -> String {
    let translated: Vec<Option<(Option<String>, Option<String>)>> = cookies
        .iter()
        .map(|decl| {
            let language = translation?;
            let found = decl
                .cookie
                .translations
                .iter()
                .find(|t| t.lang.value().eq_ignore_ascii_case(language))?;
            let text = |text: &Option<Text>| text.as_ref().map(|text| text.value().to_owned());
            Some((text(&found.purpose), text(&found.function)))
        })
        .collect();
    let entries: Vec<Entry<'_>> = cookies
        .iter()
        .zip(&translated)
        .map(|(decl, translated)| {
            let cookie = decl.cookie;
            let (purpose, function) = match translated {
                Some((purpose, function)) => {
                    (purpose.as_deref().unwrap_or_default(), function.as_deref())
                }
                None => (decl.purpose, decl.function),
            };
            let storage = cookie.storage.map_or(Storage::Cookie, |s| s.value);
            let lifetime = match (storage, cookie.max_age) {
                (Storage::LocalStorage, _) => Lifetime::UntilDeleted,
                (_, Some(max_age)) => Lifetime::For {
                    amount: max_age.value.amount,
                    unit: max_age.value.unit,
                },
                (_, None) => Lifetime::Session,
            };
            Entry {
                name: decl.name,
                family: cookie.family,
                category: cookie.category.value,
                provider: decl.provider,
                purpose,
                function,
                lifetime,
                third_party: cookie.third_party.is_some(),
                anonymized: cookie.anonymized.is_some(),
                domain: decl.domain,
                storage,
            }
        })
        .collect();
    let layout = Layout {
        columns: &Column::PAGE,
        sections: true,
        locale,
    };
    let rows = layout.group(&entries);
    layout.markdown(&entries, &rows)
}
