//! `#[cookie(...)]` on each variant.

use proc_macro2::Span;
use syn::meta::ParseNestedMeta;
use syn::spanned::Spanned as _;
use syn::{Attribute, Ident, LitStr};

use super::duration::parse_duration;
use super::registry::RegistryOptions;
use super::translation::{is_translation, translation};
use super::value::{Slot, Written, flag, key_of, keyword, string, unknown_key};
use crate::ctxt::Ctxt;
use crate::model::{Category, Cookie, MaxAge, SameSite, Spanned, Storage, Text, Translation};
use crate::symbol;

/// The key slots of one `#[cookie(...)]` (or several, merged).
struct CookieSlots {
    name: Slot<Text>,
    prefix: Slot<Text>,
    category: Slot<Spanned<Category>>,
    purpose: Slot<Text>,
    provider: Slot<Text>,
    function: Slot<Text>,
    max_age: Slot<Spanned<MaxAge>>,
    secure: Slot<Span>,
    http_only: Slot<Span>,
    same_site: Slot<Spanned<SameSite>>,
    path: Slot<Text>,
    domain: Slot<Text>,
    third_party: Slot<Span>,
    anonymized: Slot<Span>,
    storage: Slot<Spanned<Storage>>,
    written: Written,
}

// Long: one slot and one match arm per `#[cookie(...)]` key, read in one pass so every error of a
// variant is reported in the same compile.
pub(super) fn cookie(
    cx: &mut Ctxt,
    variant: &Ident,
    attrs: &[Attribute],
    options: &RegistryOptions,
) -> Option<Cookie> {
    let mut s = CookieSlots {
        name: Slot::new(symbol::NAME),
        prefix: Slot::new(symbol::PREFIX),
        category: Slot::new(symbol::CATEGORY),
        purpose: Slot::new(symbol::PURPOSE),
        provider: Slot::new(symbol::PROVIDER),
        function: Slot::new(symbol::FUNCTION),
        max_age: Slot::new(symbol::MAX_AGE),
        secure: Slot::new(symbol::SECURE),
        http_only: Slot::new(symbol::HTTP_ONLY),
        same_site: Slot::new(symbol::SAME_SITE),
        path: Slot::new(symbol::PATH),
        domain: Slot::new(symbol::DOMAIN),
        third_party: Slot::new(symbol::THIRD_PARTY),
        anonymized: Slot::new(symbol::ANONYMIZED),
        storage: Slot::new(symbol::STORAGE),
        written: Written::default(),
    };
    let (translation_attrs, cookie_attrs): (Vec<&Attribute>, Vec<&Attribute>) = attrs
        .iter()
        .filter(|a| a.path().is_ident(symbol::COOKIE))
        .partition(|a| is_translation(a));
    let translations: Vec<Translation> = translation_attrs
        .into_iter()
        .filter_map(|attr| translation(cx, attr))
        .collect();
    let Some(first) = cookie_attrs.first() else {
        cx.error_spanned_by(
            variant,
            format!(
                "variant `{variant}` has no #[cookie(...)] declaration: every variant is a cookie"
            ),
        );
        return None;
    };
    // A syntax error stops the reading of its attribute: the keys after it are unknown.
    let mut unreadable = false;
    for attr in &cookie_attrs {
        let result = attr.parse_nested_meta(|meta| cookie_key(cx, &meta, &mut s));
        if let Err(error) = result {
            cx.push(error);
            unreadable = true;
        }
    }

    let (name, family) = match (s.name.value, s.prefix.value) {
        (Some(name), None) => (Some(name), false),
        (None, Some(prefix)) => (Some(prefix), true),
        (Some(name), Some(prefix)) => {
            cx.error_spanned_by(
                &prefix,
                "`name` and `prefix` exclude each other: a cookie has one name, a family of generated names has a prefix",
            );
            (Some(name), false)
        }
        (None, None) => (None, false),
    };
    let provider = s.provider.value.or_else(|| options.provider.clone());

    // A key written with a mistake already has its error: it is not missing as well.
    let written = &s.written;
    let mut missing = Vec::new();
    if name.is_none() && !written.contains(symbol::NAME) && !written.contains(symbol::PREFIX) {
        missing.push("`name`");
    }
    if s.category.value.is_none() && !written.contains(symbol::CATEGORY) {
        missing.push("`category`");
    }
    if s.purpose.value.is_none() && !written.contains(symbol::PURPOSE) {
        missing.push("`purpose`");
    }
    if provider.is_none() && !written.contains(symbol::PROVIDER) && !options.provider_error_reported
    {
        missing.push("`provider` (or a default in #[registry(provider = \"...\")])");
    }
    if !missing.is_empty() && !unreadable {
        let list = match missing.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
            _ => missing.concat(),
        };
        cx.error_spanned_by(first.path(), format!("#[cookie(...)] is missing {list}"));
    }

    // A purpose or provider that is missing or malformed has its error already; the rest of the
    // declaration is still checked, against a stand-in text that no rule rejects. (No code is
    // generated once there is an error.) A missing name or category leaves too little to check.
    let stand_in = || Text::from(LitStr::new("(missing)", first.path().span()));
    Some(Cookie {
        name: name?,
        family,
        category: s.category.value?,
        purpose: s.purpose.value.unwrap_or_else(stand_in),
        provider: provider.unwrap_or_else(stand_in),
        function: s.function.value,
        max_age: s.max_age.value,
        secure: s.secure.value,
        http_only: s.http_only.value,
        same_site: s.same_site.value,
        path: s.path.value,
        domain: s.domain.value,
        third_party: s.third_party.value,
        anonymized: s.anonymized.value,
        storage: s.storage.value,
        translations,
    })
}

fn cookie_key(cx: &mut Ctxt, meta: &ParseNestedMeta<'_>, s: &mut CookieSlots) -> syn::Result<()> {
    let key = key_of(meta);
    s.written.key(&key, symbol::COOKIE_KEYS);
    let strings = [
        (symbol::NAME, &mut s.name),
        (symbol::PREFIX, &mut s.prefix),
        (symbol::PURPOSE, &mut s.purpose),
        (symbol::PROVIDER, &mut s.provider),
        (symbol::FUNCTION, &mut s.function),
        (symbol::PATH, &mut s.path),
        (symbol::DOMAIN, &mut s.domain),
    ];
    for (k, slot) in strings {
        if key == k {
            if let Some(lit) = string(cx, meta, &key)? {
                slot.set(cx, meta, lit);
            }
            return Ok(());
        }
    }
    let flags = [
        (symbol::SECURE, &mut s.secure),
        (symbol::HTTP_ONLY, &mut s.http_only),
        (symbol::THIRD_PARTY, &mut s.third_party),
        (symbol::ANONYMIZED, &mut s.anonymized),
    ];
    for (k, slot) in flags {
        if key == k {
            if flag(cx, meta, &key)? {
                slot.set(cx, meta, meta.path.span());
            }
            return Ok(());
        }
    }
    match key.as_str() {
        symbol::CATEGORY => keyword(cx, meta, &key, &mut s.category)?,
        symbol::SAME_SITE => keyword(cx, meta, &key, &mut s.same_site)?,
        symbol::STORAGE => keyword(cx, meta, &key, &mut s.storage)?,
        symbol::MAX_AGE => {
            if let Some(lit) = string(cx, meta, &key)? {
                match parse_duration(lit.value()) {
                    Ok(max_age) => s.max_age.set(
                        cx,
                        meta,
                        Spanned {
                            value: max_age,
                            span: lit.span(),
                        },
                    ),
                    Err(message) => cx.error_spanned_by(&lit, message),
                }
            }
        }
        _ => {
            let hint = unknown_key(cx, meta, &key, "#[cookie(...)]", symbol::COOKIE_KEYS)?;
            s.written.hint(hint);
        }
    }
    Ok(())
}
