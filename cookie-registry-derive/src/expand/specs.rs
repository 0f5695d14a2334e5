//! The declaration table: one call per cookie on a shared shape, and the items per cookie on
//! the enum, written as text.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::Decl;
use crate::model::{Registry, Text};
use crate::symbol::Keyword as _;

/// The parts of the output that grow with the registry, one entry per cookie each. They are
/// written as text and lexed by the compiler in one call: building them token by token through
/// `quote!` costs more than the rest of the derive (the macro runs unoptimized in a release
/// build), and a 1,000-cookie registry is some 60,000 tokens.
pub(super) struct PerCookie {
    /// The name constants and family matchers on the enum.
    pub(super) items: TokenStream,
    /// `Self::A, Self::B, ...`: the elements of `ALL`.
    pub(super) all: TokenStream,
    /// `const __S0: __CookieSpec = __Spec { .. }.spec();`: one declaration per distinct shape
    /// (everything a cookie declares but its name, purpose and translations), which the cookies
    /// of that shape complete.
    pub(super) shapes: TokenStream,
    /// The elements of `SPECS`: `__cookie("name", "purpose", __S0)`, one per cookie.
    pub(super) specs: TokenStream,
    /// `Self::A => 0, ...`: the arms from a variant to its index.
    pub(super) indexes: TokenStream,
    /// `0 => Self::A, ...`: the arms from an index to its variant.
    pub(super) variants: TokenStream,
}

impl PerCookie {
    // Long: one pass over the cookies writes the six per-cookie item lists together (each
    // cookie's index is shared by all six); split, the pass would run six times.
    pub(super) fn of(
        registry: &Registry<'_>,
        cookies: &[Decl<'_>],
        base: &Base,
    ) -> syn::Result<Self> {
        use std::fmt::Write as _;

        let ty = registry.ident;
        let [mut items, mut all, mut specs, mut indexes, mut variants] =
            std::array::from_fn(|_| String::with_capacity(64 * cookies.len()));
        let mut shapes = String::new();
        let mut shape_of: std::collections::HashMap<String, usize> =
            std::collections::HashMap::new();
        // The further languages, as declared: each cookie's translations in this order.
        let translated: Vec<String> = registry
            .languages
            .iter()
            .skip(1)
            .map(syn::LitStr::value)
            .collect();
        let type_name = ty.to_string();
        for (index, decl) in cookies.iter().enumerate() {
            let (variant, cookie, shown, item) =
                (decl.variant_name, decl.cookie, decl.name, decl.item);
            if cookie.family {
                let doc = format!(
                    "Whether `name` belongs to the family [`{type_name}::{variant}`]: it starts with `{shown}` and is longer."
                );
                let _ = write!(
                    items,
                    "#[doc = {doc:?}] #[must_use] #[inline] pub fn {item}(name: &str) -> bool {{ \
                     name.len() > {} && name.as_bytes().starts_with({shown:?}.as_bytes()) }}",
                    shown.len(),
                );
            } else {
                let doc = format!("The name of the cookie [`{type_name}::{variant}`]: `{shown}`.");
                let _ = write!(
                    items,
                    "#[doc = {doc:?}] pub const {item}: &'static str = {shown:?};",
                );
            }
            let _ = write!(all, "Self::{variant},");
            let shape = base.shape(decl);
            let next = shape_of.len();
            let shape = *shape_of.entry(shape).or_insert_with_key(|shape| {
                let _ = write!(shapes, "const __S{next}: __CookieSpec = {shape}.spec();");
                next
            });
            write_call(decl, &translated, shape, &mut specs);
            let _ = write!(indexes, "Self::{variant} => {index},");
            let _ = write!(variants, "{index} => Self::{variant},");
        }
        let lex = |text: String| -> syn::Result<TokenStream> {
            // In the compiler, lex with the compiler: proc_macro2's parser, which it runs
            // first to catch errors, is itself unoptimized code here and would take longer
            // than the whole rest of the derive. What the derive writes always lexes.
            if proc_macro::is_available() {
                if let Ok(tokens) = text.parse::<proc_macro::TokenStream>() {
                    return Ok(tokens.into());
                }
            }
            text.parse().map_err(|error| {
                syn::Error::new_spanned(
                    ty,
                    format!(
                        "the derive wrote code it cannot read ({error}): please report this as a bug"
                    ),
                )
            })
        };
        Ok(PerCookie {
            items: lex(items)?,
            all: lex(all)?,
            shapes: lex(shapes)?,
            specs: lex(specs)?,
            indexes: lex(indexes)?,
            variants: lex(variants)?,
        })
    }
}

/// The values most cookies of a registry share: the `__BASE` spec each shape completes with
/// `..__BASE`, so that it names only its own values.
pub(super) struct Base {
    category: crate::model::Category,
    provider: String,
    /// The most common `max_age` unit (a cookie without `max_age` ignores it).
    unit: Option<crate::model::DurationUnit>,
}

impl Base {
    pub(super) fn of(cookies: &[Decl<'_>]) -> Self {
        let mut providers: std::collections::HashMap<&str, usize> =
            std::collections::HashMap::new();
        let mut categories = [0usize; 4];
        let mut units = [0usize; 7];
        for decl in cookies {
            if let Some(max_age) = decl.cookie.max_age {
                units[max_age.value.unit as usize] += 1;
            }
            *providers.entry(decl.provider).or_insert(0) += 1;
            if let Some(i) = crate::model::Category::ALL
                .iter()
                .position(|c| *c == decl.cookie.category.value)
            {
                categories[i] += 1;
            }
        }
        let provider = providers
            .into_iter()
            .max_by(|(a, m), (b, n)| m.cmp(n).then(b.cmp(a)))
            .map(|(value, _)| value.to_owned())
            .unwrap_or_default();
        let most = categories.iter().max().copied().unwrap_or(0);
        let category = crate::model::Category::ALL
            .into_iter()
            .zip(categories)
            .find(|(_, count)| *count == most)
            .map_or(crate::model::Category::Necessary, |(category, _)| category);
        let most_units = units.iter().max().copied().unwrap_or(0);
        let unit = crate::model::DurationUnit::ALL
            .into_iter()
            .zip(units)
            .find(|&(_, count)| count == most_units && count > 0)
            .map(|(unit, _)| unit);
        Base {
            category,
            provider,
            unit,
        }
    }

    /// The `__BASE` fields: the shared category and provider, no name, every option unset.
    pub(super) fn spec(&self) -> TokenStream {
        let category = format_ident!("{}", self.category.word());
        let provider = &self.provider;
        match self.unit {
            Some(unit) => {
                let unit = format_ident!("{unit:?}");
                quote!(__Spec { max_age_unit: __Some(__Unit::#unit), ..__Spec::base(__Category::#category, #provider) })
            }
            None => quote!(__Spec::base(__Category::#category, #provider)),
        }
    }

    /// One cookie's shape: the `SpecFields` literal of every value it declares, but its name,
    /// purpose and translations, that differs from `__BASE`. Cookies that agree on all of those
    /// values (provider, category, lifetime, `function`, attributes, storage) share theirs.
    // Long: one line per declared value that can differ from the base, in `SpecFields` order.
    pub(super) fn shape(&self, decl: &Decl<'_>) -> String {
        use std::fmt::Write as _;

        let cookie = decl.cookie;
        let mut out = String::from("__Spec {");
        if cookie.family {
            out.push_str(" family: true,");
        }
        if cookie.category.value != self.category {
            let _ = write!(
                out,
                " category: __Category::{},",
                cookie.category.value.word()
            );
        }
        if decl.provider != self.provider {
            let _ = write!(out, " provider: {:?},", decl.provider);
        }
        if let Some(max_age) = cookie.max_age {
            let max_age = max_age.value;
            let _ = write!(
                out,
                " max_age: __secs({}),",
                max_age.seconds().unwrap_or_default()
            );
            // The unit, unless it is `__BASE`'s (the variant, as `Debug` spells it).
            if Some(max_age.unit) != self.unit {
                let _ = write!(out, " max_age_unit: __Some(__Unit::{:?}),", max_age.unit);
            }
        }
        if let Some(same_site) = cookie.same_site {
            let _ = write!(
                out,
                " same_site: __Some(__SameSite::{}),",
                same_site.value.word()
            );
        }
        for (field, value) in [
            ("function", &decl.function),
            ("path", &decl.path),
            ("domain", &decl.domain),
        ] {
            if let Some(value) = value {
                let _ = write!(out, " {field}: __Some({value:?}),");
            }
        }
        for (field, set) in [
            ("secure", cookie.secure),
            ("http_only", cookie.http_only),
            ("third_party", cookie.third_party),
            ("anonymized", cookie.anonymized),
        ] {
            if set.is_some() {
                let _ = write!(out, " {field}: true,");
            }
        }
        if let Some(storage) = cookie.storage {
            let _ = write!(
                out,
                " storage: __Storage::{},",
                crate::model::storage_variant(storage.value)
            );
        }
        out.push_str(" ..__BASE }");
        out
    }
}

/// Writes one cookie's element of the table: its name and purpose on shape `__S{shape}`, with
/// its translations when the registry has further languages.
fn write_call<'a>(decl: &Decl<'a>, translated: &[String], shape: usize, out: &mut String) {
    use std::fmt::Write as _;

    if translated.is_empty() {
        let _ = write!(
            out,
            "__cookie({:?}, {:?}, __S{shape}),",
            decl.name, decl.purpose
        );
        return;
    }
    let _ = write!(out, "__translated({:?}, {:?}, &[", decl.name, decl.purpose);
    for language in translated {
        let found = decl
            .cookie
            .translations
            .iter()
            .find(|t| t.lang.value().eq_ignore_ascii_case(language));
        // Validation made sure there is one per further language, with its purpose.
        if let Some(translation) = found {
            let text = |text: &'a Option<Text>| text.as_ref().map(Text::value);
            let _ = write!(
                out,
                "__Translation::new({language:?}, {:?}, {}),",
                text(&translation.purpose).unwrap_or_default(),
                match text(&translation.function) {
                    Some(function) => format!("__Some({function:?})"),
                    None => "__None".to_owned(),
                }
            );
        }
    }
    let _ = write!(out, "], __S{shape}),");
}
