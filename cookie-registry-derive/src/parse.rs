//! Attributes → the typed model. Every mistake is recorded in the context with its span, and
//! parsing goes on, so one compile reports them all.

use proc_macro2::{Span, TokenTree};
use syn::meta::ParseNestedMeta;
use syn::parse::ParseStream;
use syn::spanned::Spanned as _;
use syn::{Attribute, Data, DeriveInput, Fields, Ident, LitStr, Token};

use crate::ctxt::Ctxt;
use crate::model::{
    Category, Cookie, DurationUnit, MaxAge, Registry, SameSite, Spanned, VariantDecl,
};
use crate::symbol::{self, closest, one_of};

/// Reads the derive input. `None` when its shape rules the derive out (not an enum).
pub(crate) fn registry<'a>(cx: &mut Ctxt, input: &'a DeriveInput) -> Option<Registry<'a>> {
    let data = match &input.data {
        Data::Enum(data) => data,
        Data::Struct(data) => {
            cx.error_spanned_by(
                data.struct_token,
                "#[derive(CookieRegistry)] works on an enum with one variant per cookie, not on a struct",
            );
            return None;
        }
        Data::Union(data) => {
            cx.error_spanned_by(
                data.union_token,
                "#[derive(CookieRegistry)] works on an enum with one variant per cookie, not on a union",
            );
            return None;
        }
    };
    if !input.generics.params.is_empty() {
        cx.error_spanned_by(
            &input.generics,
            "a cookie registry cannot be generic: remove the generic parameters",
        );
    } else if let Some(where_clause) = &input.generics.where_clause {
        cx.error_spanned_by(where_clause, "a cookie registry cannot have a where clause");
    }
    if data.variants.is_empty() {
        cx.error_spanned_by(
            &input.ident,
            "a cookie registry needs at least one cookie: this enum has no variants",
        );
    }

    let options = registry_options(cx, &input.attrs);
    let variants = data
        .variants
        .iter()
        .map(|variant| {
            if !matches!(variant.fields, Fields::Unit) {
                cx.error_spanned_by(
                    &variant.fields,
                    "a cookie variant cannot have fields: the cookie's value is not part of the registry",
                );
            }
            let cookie = cookie(cx, &variant.ident, &variant.attrs, &options);
            VariantDecl { variant, cookie }
        })
        .collect();

    Some(Registry {
        ident: &input.ident,
        krate: options
            .krate
            .unwrap_or_else(|| syn::parse_quote!(::cookie_registry)),
        consent_cookie: options.consent_cookie,
        revision_bumps: options.revision_bumps,
        variants,
    })
}

/// What `#[registry(...)]` says.
#[derive(Default)]
struct RegistryOptions {
    provider: Option<LitStr>,
    /// `provider` was written with a mistake or misspelled, or the attribute could not be read
    /// to the end: an error is already reported, so the cookies are not also told they lack a
    /// provider.
    provider_error_reported: bool,
    krate: Option<syn::Path>,
    consent_cookie: Option<Ident>,
    revision_bumps: [u32; 4],
}

fn registry_options(cx: &mut Ctxt, attrs: &[Attribute]) -> RegistryOptions {
    let mut provider = Slot::new(symbol::PROVIDER);
    let mut krate = Slot::new(symbol::CRATE);
    let mut consent_cookie = Slot::new(symbol::CONSENT_COOKIE);
    let mut bumps: [Slot<u32>; 4] = Category::ALL.map(|c| Slot::new(c.lower()));
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
                        match lit.parse::<syn::Path>() {
                            Ok(path) => krate.set(cx, &meta, path),
                            Err(_) => cx.error_spanned_by(
                                &lit,
                                "`crate` takes a path to the cookie-registry crate, such as \"::my_cookies\"",
                            ),
                        }
                    }
                }
                symbol::CONSENT_COOKIE => {
                    if let Some(ident) = identifier(cx, &meta, &key, "the variant of the consent cookie")? {
                        consent_cookie.set(cx, &meta, ident);
                    }
                }
                symbol::REVISION => revision_bumps(cx, &meta, &mut bumps)?,
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
        consent_cookie: consent_cookie.value,
        revision_bumps: bumps.map(|slot| slot.value.unwrap_or(0)),
    }
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
    let asked: Vec<&str> = Category::ALL[1..].iter().map(|c| c.lower()).collect();
    if !meta.input.peek(syn::token::Paren) {
        cx.error_spanned_by(
            &meta.path,
            format!("`revision` takes a list of categories and numbers: {EXAMPLE}"),
        );
        return skip_value(meta.input);
    }
    meta.parse_nested_meta(|inner| {
        let key = key_of(&inner);
        let category = Category::ALL.into_iter().find(|c| c.lower() == key);
        let Some(category) = category.filter(|c| *c != Category::Necessary) else {
            let message = if key == Category::Necessary.lower() {
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

/// One slot per key: the first value wins, a second one is an error at the second key.
struct Slot<T> {
    key: &'static str,
    value: Option<T>,
}

impl<T> Slot<T> {
    fn new(key: &'static str) -> Self {
        Slot { key, value: None }
    }

    fn set(&mut self, cx: &mut Ctxt, meta: &ParseNestedMeta<'_>, value: T) {
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
struct Written(Vec<&'static str>);

impl Written {
    /// Records `key` when it is one of `known`.
    fn key(&mut self, key: &str, known: &[&'static str]) {
        if let Some(&known) = known.iter().find(|&&k| k == key) {
            self.0.push(known);
        }
    }

    /// Records the key a misspelled one was taken for.
    fn hint(&mut self, hint: Option<&'static str>) {
        self.0.extend(hint);
    }

    fn contains(&self, key: &str) -> bool {
        self.0.contains(&key)
    }
}

/// The key slots of one `#[cookie(...)]` (or several, merged).
struct CookieSlots {
    name: Slot<LitStr>,
    prefix: Slot<LitStr>,
    category: Slot<Spanned<Category>>,
    purpose: Slot<LitStr>,
    provider: Slot<LitStr>,
    function: Slot<LitStr>,
    max_age: Slot<Spanned<MaxAge>>,
    secure: Slot<Span>,
    http_only: Slot<Span>,
    same_site: Slot<Spanned<SameSite>>,
    path: Slot<LitStr>,
    domain: Slot<LitStr>,
    third_party: Slot<Span>,
    anonymized: Slot<Span>,
    written: Written,
}

fn cookie(
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
        written: Written::default(),
    };
    let cookie_attrs: Vec<&Attribute> = attrs
        .iter()
        .filter(|a| a.path().is_ident(symbol::COOKIE))
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
    let stand_in = || LitStr::new("(missing)", first.path().span());
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
        symbol::CATEGORY => {
            keyword(
                cx,
                meta,
                &key,
                "category",
                symbol::CATEGORIES,
                Category::from_ident,
                &mut s.category,
            )?;
        }
        symbol::SAME_SITE => {
            keyword(
                cx,
                meta,
                &key,
                "`same_site` value",
                symbol::SAME_SITES,
                SameSite::from_ident,
                &mut s.same_site,
            )?;
        }
        symbol::MAX_AGE => {
            if let Some(lit) = string(cx, meta, &key)? {
                match parse_duration(&lit.value()) {
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

/// `key = Ident` where the identifier is one of `known`, read by `from_ident` into `slot`.
fn keyword<T>(
    cx: &mut Ctxt,
    meta: &ParseNestedMeta<'_>,
    key: &str,
    what: &str,
    known: &[&str],
    from_ident: fn(&str) -> Option<T>,
    slot: &mut Slot<Spanned<T>>,
) -> syn::Result<()> {
    if let Some(ident) = identifier(cx, meta, key, &one_of(known))? {
        let name = ident.to_string();
        match from_ident(&name) {
            Some(value) => slot.set(
                cx,
                meta,
                Spanned {
                    value,
                    span: ident.span(),
                },
            ),
            None => cx.error_spanned_by(&ident, unknown_word(what, &name, known)),
        }
    }
    Ok(())
}

/// The key as written (a path such as `a::b` is shown whole, and is never a known key).
fn key_of(meta: &ParseNestedMeta<'_>) -> String {
    match meta.path.get_ident() {
        Some(ident) => ident.to_string(),
        None => quote::ToTokens::to_token_stream(&meta.path)
            .to_string()
            .replace(' ', ""),
    }
}

fn unknown_word(what: &str, word: &str, known: &[&str]) -> String {
    let mut message = format!("unknown {what} `{word}`: expected {}", one_of(known));
    if let Some(hint) = closest(word, known) {
        message.push_str(&format!("; did you mean `{hint}`?"));
    }
    message
}

/// Reports an unknown key, with the known key it is closest to (returned) or else the list.
fn unknown_key(
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
fn skip_value(input: ParseStream<'_>) -> syn::Result<()> {
    while !input.is_empty() && !input.peek(Token![,]) {
        input.parse::<TokenTree>()?;
    }
    Ok(())
}

/// The value of `key = <value>` as its first token, or `None` (error recorded) without `=`.
fn after_eq<'a>(
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
fn string(cx: &mut Ctxt, meta: &ParseNestedMeta<'_>, key: &str) -> syn::Result<Option<LitStr>> {
    let Some(input) = after_eq(cx, meta, key, "\"...\"")? else {
        return Ok(None);
    };
    if input.peek(LitStr) {
        return input.parse().map(Some);
    }
    let found: TokenTree = input.parse()?;
    cx.error_spanned_by(
        &found,
        format!("`{key}` takes a string literal: `{key} = \"...\"`"),
    );
    skip_value(input)?;
    Ok(None)
}

/// `key = Ident` (or a path such as `Category::Necessary`, whose last segment counts).
fn identifier(
    cx: &mut Ctxt,
    meta: &ParseNestedMeta<'_>,
    key: &str,
    expected: &str,
) -> syn::Result<Option<Ident>> {
    let Some(input) = after_eq(cx, meta, key, "Ident")? else {
        return Ok(None);
    };
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
        cx.error_spanned_by(&path, format!("`{key}` takes {expected}"));
    } else {
        let found: TokenTree = input.parse()?;
        cx.error_spanned_by(&found, format!("`{key}` takes {expected}"));
    }
    skip_value(input)?;
    Ok(None)
}

/// A flag key: present or absent, with no value.
fn flag(cx: &mut Ctxt, meta: &ParseNestedMeta<'_>, key: &str) -> syn::Result<bool> {
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

trait PeekEnd {
    fn peek_end_of_value(&self) -> bool;
}

impl PeekEnd for ParseStream<'_> {
    fn peek_end_of_value(&self) -> bool {
        self.is_empty() || self.peek(Token![,])
    }
}

/// A `max_age` such as `"13mo"`: a whole number and one unit of `s`, `min`, `h`, `d`, `w`, `mo`
/// (30 days) or `y` (365 days). A bare `m` is refused: minutes or months is a guess the derive
/// will not make (`"13m"` meant for 13 months once set a 13-minute cookie).
pub(crate) fn parse_duration(text: &str) -> Result<MaxAge, String> {
    let suffixes = DurationUnit::SUFFIXES.map(|(suffix, _)| suffix);
    let malformed = || {
        format!(
            "malformed `max_age` \"{text}\": expected a whole number followed by {}, such as \"30d\"",
            one_of(&suffixes)
        )
    };
    let digits_end = text
        .find(|c: char| !c.is_ascii_digit())
        .ok_or_else(malformed)?;
    let (number, suffix) = text.split_at(digits_end);
    if suffix == "m" {
        return Err(format!(
            "`max_age` \"{text}\" is ambiguous: `m` could be minutes or months; write \"{number}min\" for minutes or \"{number}mo\" for months"
        ));
    }
    let unit = DurationUnit::SUFFIXES
        .iter()
        .find(|(known, _)| *known == suffix)
        .map(|&(_, unit)| unit)
        .ok_or_else(malformed)?;
    if number.is_empty() {
        return Err(malformed());
    }
    let max_age = number
        .parse::<u64>()
        .ok()
        .map(|amount| MaxAge { amount, unit })
        .filter(|max_age| max_age.seconds().is_some());
    max_age
        .ok_or_else(|| format!("`max_age` \"{text}\" is far over the 400-day cap browsers apply"))
}

#[cfg(test)]
mod tests {
    use super::parse_duration;
    use crate::model::{DurationUnit, MaxAge};

    fn seconds(text: &str) -> Option<u64> {
        parse_duration(text).ok()?.seconds()
    }

    #[test]
    fn durations_in_every_unit() {
        assert_eq!(seconds("45s"), Some(45));
        assert_eq!(seconds("30min"), Some(1_800));
        assert_eq!(seconds("2h"), Some(7_200));
        assert_eq!(seconds("400d"), Some(34_560_000));
        assert_eq!(seconds("2w"), Some(1_209_600));
        assert_eq!(seconds("13mo"), Some(13 * 30 * 86_400));
        assert_eq!(seconds("1y"), Some(365 * 86_400));
        assert_eq!(seconds("0d"), Some(0));
    }

    #[test]
    fn the_declared_unit_is_kept() {
        let months = MaxAge {
            amount: 13,
            unit: DurationUnit::Months,
        };
        assert_eq!(parse_duration("13mo"), Ok(months));
        assert_eq!(
            parse_duration("390d").map(|m| m.unit),
            Ok(DurationUnit::Days)
        );
    }

    #[test]
    fn a_bare_m_is_ambiguous() {
        let error = parse_duration("13m").unwrap_err();
        assert!(error.contains("ambiguous"), "{error}");
        assert!(
            error.contains("\"13min\"") && error.contains("\"13mo\""),
            "{error}"
        );
    }

    #[test]
    fn malformed_durations_are_errors() {
        for bad in [
            "",
            "d",
            "30",
            "30 d",
            "30D",
            "30M",
            "30mon",
            "30mins",
            "1.5d",
            "-1d",
            "30dd",
            "d30",
            "99999999999999999999d",
            "99999999999999999y",
        ] {
            assert!(parse_duration(bad).is_err(), "{bad:?}");
        }
    }
}
