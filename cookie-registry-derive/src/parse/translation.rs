//! Translations: `#[registry(languages = ["en", "de"])]` on the enum, and per variant a
//! `#[cookie(lang = "de", purpose = "...", function = "...")]` beside its declaration.

use proc_macro2::TokenTree;
use syn::meta::ParseNestedMeta;
use syn::{Attribute, LitStr, Meta, Token};

use super::value::{Slot, after_eq, key_of, skip_value, string, unknown_key};
use crate::ctxt::Ctxt;
use crate::model::Translation;
use crate::symbol;

/// Whether a `#[cookie(...)]` is a translation: it has a `lang` key at its top level.
pub(super) fn is_translation(attr: &Attribute) -> bool {
    let Meta::List(list) = &attr.meta else {
        return false;
    };
    // Most are not: the attribute's text is one question to the compiler, its tokens many.
    if !list.tokens.to_string().contains(symbol::LANG) {
        return false;
    }
    let tokens: Vec<TokenTree> = list.tokens.clone().into_iter().collect();
    tokens.windows(2).enumerate().any(|(i, pair)| {
        let at_key = i == 0 || matches!(&tokens[i - 1], TokenTree::Punct(p) if p.as_char() == ',');
        matches!((&pair[0], &pair[1]), (TokenTree::Ident(key), TokenTree::Punct(eq))
            if at_key && key == symbol::LANG && eq.as_char() == '=')
    })
}

/// One translation attribute; `None` when its `lang` could not be read (error recorded).
pub(super) fn translation(cx: &mut Ctxt, attr: &Attribute) -> Option<Translation> {
    let mut lang = Slot::new(symbol::LANG);
    let mut purpose = Slot::new(symbol::PURPOSE);
    let mut function = Slot::new(symbol::FUNCTION);
    let result = attr.parse_nested_meta(|meta| {
        let key = key_of(&meta);
        let slot = match key.as_str() {
            symbol::LANG => &mut lang,
            symbol::PURPOSE => &mut purpose,
            symbol::FUNCTION => &mut function,
            _ if symbol::COOKIE_KEYS.contains(&key.as_str()) => {
                cx.error_spanned_by(
                    &meta.path,
                    format!(
                        "`{key}` cannot be translated: a translation (`lang = ...`) gives only `purpose` and `function`; declare `{key}` once, in the untranslated #[cookie(...)]"
                    ),
                );
                return skip_value(meta.input);
            }
            _ => {
                unknown_key(cx, &meta, &key, "a translation #[cookie(lang = ...)]", symbol::TRANSLATION_KEYS)?;
                return Ok(());
            }
        };
        if let Some(lit) = string(cx, &meta, &key)? {
            slot.set(cx, &meta, lit);
        }
        Ok(())
    });
    if let Err(error) = result {
        cx.push(error);
    }
    Some(Translation {
        lang: lang.value?,
        purpose: purpose.value,
        function: function.value,
        attr: attr.path().clone(),
    })
}

/// `languages = ["en", "de", "sv"]`: the first is the language of the declared texts.
pub(super) fn languages(
    cx: &mut Ctxt,
    meta: &ParseNestedMeta<'_>,
    key: &str,
    slot: &mut Slot<Vec<LitStr>>,
) -> syn::Result<()> {
    let Some(input) = after_eq(cx, meta, key, "[\"en\", \"de\"]")? else {
        return Ok(());
    };
    let list: TokenTree = input.parse()?;
    let TokenTree::Group(group) = &list else {
        cx.error_spanned_by(
            &list,
            "`languages` takes a list of language tags: `languages = [\"en\", \"de\"]`",
        );
        return skip_value(input);
    };
    let parsed = syn::parse::Parser::parse2(
        syn::punctuated::Punctuated::<LitStr, Token![,]>::parse_terminated,
        group.stream(),
    );
    match parsed {
        Ok(tags) if group.delimiter() == proc_macro2::Delimiter::Bracket => {
            if tags.is_empty() {
                cx.error_spanned_by(&list, "`languages` needs at least one language: the language of the texts in #[cookie(...)]");
            } else {
                slot.set(cx, meta, tags.into_iter().collect());
            }
        }
        _ => cx.error_spanned_by(
            &list,
            "`languages` takes a list of language tags in brackets: `languages = [\"en\", \"de\"]`",
        ),
    }
    Ok(())
}
