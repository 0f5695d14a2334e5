//! The readers of one key's value, shared by both attributes: each records its mistake in the
//! context and skips to the next key, so parsing goes on.

use proc_macro2::TokenTree;
use quote::ToTokens as _;
use syn::meta::ParseNestedMeta;
use syn::parse::ParseStream;
use syn::{Ident, LitStr, Token};

use crate::ctxt::Ctxt;
use crate::model::{Spanned, Text};
use crate::symbol::Keyword;
use crate::symbol::{closest, one_of};

/// One slot per key: the first value wins, a second one is an error at the second key.
pub(super) struct Slot<T> {
    key: &'static str,
    pub(super) value: Option<T>,
}

impl<T> Slot<T> {
    pub(super) fn new(key: &'static str) -> Self {
        Slot { key, value: None }
    }

    pub(super) fn set(&mut self, cx: &mut Ctxt, meta: &ParseNestedMeta<'_>, value: T) {
        if self.value.is_some() {
            cx.error_spanned_by(&meta.path, format!("`{}` is given twice", self.key));
        } else {
            self.value = Some(value);
        }
    }
}

/// The keys written in one attribute, including those whose value was wrong and those misspelled
/// close enough to get a "did you mean" hint. A key whose mistake is already reported is not
/// reported again as missing.
#[derive(Default)]
pub(super) struct Written(Vec<&'static str>);

impl Written {
    /// Records `key` when it is one of `known`.
    pub(super) fn key(&mut self, key: &str, known: &[&'static str]) {
        if let Some(&known) = known.iter().find(|&&k| k == key) {
            self.0.push(known);
        }
    }

    /// Records the key a misspelled one was taken for.
    pub(super) fn hint(&mut self, hint: Option<&'static str>) {
        self.0.extend(hint);
    }

    pub(super) fn contains(&self, key: &str) -> bool {
        self.0.contains(&key)
    }
}

/// `key = Ident` where the identifier is one of `T`'s words, read into `slot`.
pub(super) fn keyword<T: Keyword>(
    cx: &mut Ctxt,
    meta: &ParseNestedMeta<'_>,
    key: &str,
    slot: &mut Slot<Spanned<T>>,
) -> syn::Result<()> {
    if let Some(ident) = identifier(cx, meta, key, || one_of(&T::words()))? {
        let word = ident.to_string();
        match T::from_word(&word) {
            Some(value) => slot.set(
                cx,
                meta,
                Spanned {
                    value,
                    span: ident.span(),
                },
            ),
            None => cx.error_spanned_by(&ident, unknown_word(T::WHAT, &word, &T::words())),
        }
    }
    Ok(())
}

/// The key as written (a path such as `a::b` is shown whole, and is never a known key).
pub(super) fn key_of(meta: &ParseNestedMeta<'_>) -> String {
    match meta.path.get_ident() {
        Some(ident) => ident.to_string(),
        None => quote::ToTokens::to_token_stream(&meta.path)
            .to_string()
            .replace(' ', ""),
    }
}

pub(super) fn unknown_word(what: &str, word: &str, known: &[&str]) -> String {
    let mut message = format!("unknown {what} `{word}`: expected {}", one_of(known));
    if let Some(hint) = closest(word, known) {
        message.push_str(&format!("; did you mean `{hint}`?"));
    }
    message
}

/// Reports an unknown key, with the known key it is closest to (returned) or else the list.
pub(super) fn unknown_key(
    cx: &mut Ctxt,
    meta: &ParseNestedMeta<'_>,
    key: &str,
    attribute: &str,
    known: &[&'static str],
) -> syn::Result<Option<&'static str>> {
    let mut message = format!("unknown key `{key}` in {attribute}");
    let hint = closest(key, known);
    match hint {
        Some(hint) => message.push_str(&format!("; did you mean `{hint}`?")),
        None => message.push_str(&format!("; expected {}", one_of(known))),
    }
    cx.error_spanned_by(&meta.path, message);
    skip_value(meta.input)?;
    Ok(hint)
}

/// Consumes whatever follows a key up to the next `,`, after its error has been recorded.
pub(super) fn skip_value(input: ParseStream<'_>) -> syn::Result<()> {
    while !input.is_empty() && !input.peek(Token![,]) {
        input.parse::<TokenTree>()?;
    }
    Ok(())
}

/// The value of `key = <value>` as its first token, or `None` (error recorded) without `=`.
pub(super) fn after_eq<'a>(
    cx: &mut Ctxt,
    meta: &ParseNestedMeta<'a>,
    key: &str,
    example: &str,
) -> syn::Result<Option<ParseStream<'a>>> {
    if meta.input.peek(Token![=]) {
        return meta.value().map(Some);
    }
    cx.error_spanned_by(
        &meta.path,
        format!("`{key}` needs a value: `{key} = {example}`"),
    );
    skip_value(meta.input)?;
    Ok(None)
}

/// `key = "text"`.
pub(super) fn string(
    cx: &mut Ctxt,
    meta: &ParseNestedMeta<'_>,
    key: &str,
) -> syn::Result<Option<Text>> {
    let Some(input) = after_eq(cx, meta, key, "\"...\"")? else {
        return Ok(None);
    };
    // The literal is read once (peeking for a `LitStr` and then parsing it reads it twice).
    let literal = input.step(|cursor| cursor.literal().ok_or_else(|| cursor.error("")));
    let found = match literal {
        Ok(literal) => match Text::of(literal) {
            Ok(text) => return Ok(Some(text)),
            Err(other) => other.into_token_stream(),
        },
        Err(_) => input.parse::<TokenTree>()?.into_token_stream(),
    };
    cx.error_spanned_by(
        &found,
        format!("`{key}` takes a string literal: `{key} = \"...\"`"),
    );
    skip_value(input)?;
    Ok(None)
}

/// `key = Ident` (or a path such as `Category::Necessary`, whose last segment counts).
/// `expected` describes what the key takes, for an error.
pub(super) fn identifier(
    cx: &mut Ctxt,
    meta: &ParseNestedMeta<'_>,
    key: &str,
    expected: impl FnOnce() -> String,
) -> syn::Result<Option<Ident>> {
    let Some(input) = after_eq(cx, meta, key, "Ident")? else {
        return Ok(None);
    };
    // The usual value, one identifier and then the end, read without parsing a path. (A
    // keyword or `_` is not an identifier here, as it is not one in a path: it goes on below.)
    let alone = input.peek(Ident).then(|| {
        input.step(|cursor| match cursor.ident() {
            Some((ident, rest))
                if rest.eof()
                    || rest
                        .punct()
                        .is_some_and(|(punct, _)| punct.as_char() == ',') =>
            {
                Ok((ident, rest))
            }
            _ => Err(cursor.error("")),
        })
    });
    if let Some(Ok(ident)) = alone {
        return Ok(Some(ident));
    }
    if input.peek(LitStr) {
        let lit: LitStr = input.parse()?;
        cx.error_spanned_by(
            &lit,
            format!(
                "`{key}` takes an identifier, not a string: write `{key} = {}`",
                lit.value()
            ),
        );
        return Ok(None);
    }
    if let Ok(path) = input.parse::<syn::Path>() {
        if let Some(segment) = path.segments.last() {
            if segment.arguments.is_none() {
                if input.peek_end_of_value() {
                    return Ok(Some(segment.ident.clone()));
                }
                // `key = A B`: a missing comma, like syn reports after a string value; the rest
                // of the attribute cannot be read with certainty.
                return Err(input.error("expected `,`"));
            }
        }
        cx.error_spanned_by(&path, format!("`{key}` takes {}", expected()));
    } else {
        let found: TokenTree = input.parse()?;
        cx.error_spanned_by(&found, format!("`{key}` takes {}", expected()));
    }
    skip_value(input)?;
    Ok(None)
}

/// A flag key: present or absent, with no value.
pub(super) fn flag(cx: &mut Ctxt, meta: &ParseNestedMeta<'_>, key: &str) -> syn::Result<bool> {
    if meta.input.is_empty() || meta.input.peek(Token![,]) {
        return Ok(true);
    }
    cx.error_spanned_by(
        &meta.path,
        format!("`{key}` is a flag and takes no value: write `{key}` alone, or leave it out"),
    );
    skip_value(meta.input)?;
    Ok(false)
}

pub(super) trait PeekEnd {
    fn peek_end_of_value(&self) -> bool;
}

impl PeekEnd for ParseStream<'_> {
    fn peek_end_of_value(&self) -> bool {
        self.is_empty() || self.peek(Token![,])
    }
}
