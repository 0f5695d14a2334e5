//! `#[registry(...)]` on the enum.

use proc_macro2::TokenTree;
use syn::meta::ParseNestedMeta;
use syn::{Attribute, Ident, LitStr};

use super::value::{
    Slot, Written, after_eq, identifier, key_of, skip_value, string, unknown_key, unknown_word,
};
use crate::ctxt::Ctxt;
use crate::model::{Category, Text};
use crate::symbol::{self, one_of};

/// What `#[registry(...)]` says.
#[derive(Default)]
pub(super) struct RegistryOptions {
    pub(super) provider: Option<Text>,
    /// `provider` was written with a mistake or misspelled, or the attribute could not be read
    /// to the end: an error is already reported, so the cookies are not also told they lack a
    /// provider.
    pub(super) provider_error_reported: bool,
    pub(super) krate: Option<syn::Path>,
    pub(super) consent_cookie: Option<Ident>,
    /// Like `provider_error_reported`, for `consent_cookie`.
    pub(super) consent_cookie_error_reported: bool,
    pub(super) revision_bumps: [u32; 4],
    pub(super) languages: Vec<LitStr>,
    /// `policy_file = "..."` (no language: the first) or `policy_file(de = "...")`.
    pub(super) policy_files: PolicyFiles,
}

// Long: one slot and one match arm per `#[registry(...)]` key, as `cookie` reads
// `#[cookie(...)]`.
pub(super) fn options(cx: &mut Ctxt, attrs: &[Attribute]) -> RegistryOptions {
    let mut provider = Slot::new(symbol::PROVIDER);
    let mut krate = Slot::new(symbol::CRATE);
    let mut consent_cookie = Slot::new(symbol::CONSENT_COOKIE);
    let mut bumps: [Slot<u32>; 4] = Category::ALL.map(|c| Slot::new(c.as_str()));
    let mut languages = Slot::new(symbol::LANGUAGES);
    let mut policy_files: Slot<PolicyFiles> = Slot::new(symbol::POLICY_FILE);
    let mut written = Written::default();
    let mut unreadable = false;
    for attr in attrs.iter().filter(|a| a.path().is_ident(symbol::REGISTRY)) {
        let result = attr.parse_nested_meta(|meta| {
            let key = key_of(&meta);
            written.key(&key, symbol::REGISTRY_KEYS);
            match key.as_str() {
                symbol::PROVIDER => {
                    if let Some(lit) = string(cx, &meta, &key)? {
                        provider.set(cx, &meta, lit);
                    }
                }
                symbol::CRATE => {
                    if let Some(lit) = string(cx, &meta, &key)? {
                        match lit.lit().parse::<syn::Path>() {
                            Ok(path) => krate.set(cx, &meta, path),
                            Err(_) => cx.error_spanned_by(
                                &lit,
                                "`crate` takes a path to the cookie-registry crate, such as \"::my_cookies\"",
                            ),
                        }
                    }
                }
                symbol::CONSENT_COOKIE => {
                    if let Some(ident) = identifier(cx, &meta, &key, || "the variant of the consent cookie".to_owned())? {
                        consent_cookie.set(cx, &meta, ident);
                    }
                }
                symbol::REVISION => revision_bumps(cx, &meta, &mut bumps)?,
                symbol::LANGUAGES => super::translation::languages(cx, &meta, &key, &mut languages)?,
                symbol::POLICY_FILE => {
                    if let Some(files) = policy_file(cx, &meta)? {
                        policy_files.set(cx, &meta, files);
                    }
                }
                _ => {
                    let hint = unknown_key(cx, &meta, &key, "#[registry(...)]", symbol::REGISTRY_KEYS)?;
                    written.hint(hint);
                }
            }
            Ok(())
        });
        if let Err(error) = result {
            cx.push(error);
            unreadable = true;
        }
    }
    RegistryOptions {
        provider_error_reported: provider.value.is_none()
            && (written.contains(symbol::PROVIDER) || unreadable),
        provider: provider.value,
        krate: krate.value,
        consent_cookie_error_reported: consent_cookie.value.is_none()
            && (written.contains(symbol::CONSENT_COOKIE) || unreadable),
        consent_cookie: consent_cookie.value,
        revision_bumps: bumps.map(|slot| slot.value.unwrap_or(0)),
        languages: languages.value.unwrap_or_default(),
        policy_files: policy_files.value.unwrap_or_default(),
    }
}

/// The policy files as written: each path with its language key, if any.
pub(super) type PolicyFiles = Vec<(Option<Ident>, Text)>;

/// `policy_file = "COOKIES.md"`, or one file per language: `policy_file(en = "COOKIES.md",
/// de = "COOKIES.de.md")` (a tag's `-` written `_`: `pt_BR`).
fn policy_file(cx: &mut Ctxt, meta: &ParseNestedMeta<'_>) -> syn::Result<Option<PolicyFiles>> {
    if !meta.input.peek(syn::token::Paren) {
        return Ok(string(cx, meta, symbol::POLICY_FILE)?.map(|path| vec![(None, path)]));
    }
    let mut files: PolicyFiles = Vec::new();
    meta.parse_nested_meta(|inner| {
        let Some(language) = inner.path.get_ident().cloned() else {
            cx.error_spanned_by(&inner.path, "`policy_file(...)` takes a language and a path: `policy_file(de = \"COOKIES.de.md\")`");
            return skip_value(inner.input);
        };
        let key = language.to_string();
        if let Some(path) = string(cx, &inner, &key)? {
            let tag = key.replace('_', "-");
            let twice = files.iter().any(|(known, _)| {
                known.as_ref().is_some_and(|known| known.to_string().replace('_', "-").eq_ignore_ascii_case(&tag))
            });
            if twice {
                cx.error_spanned_by(&language, format!("the policy file for \"{tag}\" is given twice"));
            } else {
                files.push((Some(language), path));
            }
        }
        Ok(())
    })?;
    Ok(Some(files))
}

/// `revision(statistics = 2, marketing = 5)`: per category, a whole number mixed into its
/// revision. `necessary` is refused: necessary cookies need no consent, so there is no one to ask
/// again.
fn revision_bumps(
    cx: &mut Ctxt,
    meta: &ParseNestedMeta<'_>,
    bumps: &mut [Slot<u32>; 4],
) -> syn::Result<()> {
    const EXAMPLE: &str = "`revision(statistics = 2)`";
    let asked: Vec<&str> = Category::ALL[1..].iter().map(|c| c.as_str()).collect();
    if !meta.input.peek(syn::token::Paren) {
        cx.error_spanned_by(
            &meta.path,
            format!("`revision` takes a list of categories and numbers: {EXAMPLE}"),
        );
        return skip_value(meta.input);
    }
    meta.parse_nested_meta(|inner| {
        let key = key_of(&inner);
        let category = Category::ALL.into_iter().find(|c| c.as_str() == key);
        let Some(category) = category.filter(|c| *c != Category::Necessary) else {
            let message = if key == Category::Necessary.as_str() {
                format!(
                    "`necessary` cookies need no consent, so there is no visitor to ask again: `revision` takes {}",
                    one_of(&asked)
                )
            } else {
                unknown_word("category", &key, &asked)
            };
            cx.error_spanned_by(&inner.path, message);
            return skip_value(inner.input);
        };
        let Some(input) = after_eq(cx, &inner, &key, "2")? else {
            return Ok(());
        };
        let found: TokenTree = input.parse()?;
        let number = match &found {
            TokenTree::Literal(literal) => syn::parse2::<syn::LitInt>(found.clone().into())
                .ok()
                .filter(|lit| lit.suffix().is_empty())
                .and_then(|lit| lit.base10_parse::<u32>().ok())
                .ok_or(literal.span()),
            _ => Err(found.span()),
        };
        match number {
            Ok(number) => bumps[category.index()].set(cx, &inner, number),
            Err(span) => cx.error_at(
                span,
                format!(
                    "`{key}` in `revision(...)` takes a whole number (0 to {}): `{key} = 2`",
                    u32::MAX
                ),
            ),
        }
        skip_value(input)
    })
}
