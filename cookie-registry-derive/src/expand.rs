//! The model → the generated code: name constants and matchers on the enum, the
//! `CookieRegistry` impl, one static table of declarations and the name lookup tables.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use syn::{DeriveInput, LitStr};

use crate::case::{screaming_snake, snake};
use crate::ctxt::Ctxt;
use crate::model::{Cookie, Registry};
use crate::{fallback, parse, phf, validate};

/// One declared cookie with the text of its literals, read once: reading a literal's value
/// asks the compiler for its text and unescapes it, which adds up over 1,000 cookies in a
/// macro that runs unoptimized.
struct Decl<'a> {
    variant: &'a syn::Ident,
    cookie: &'a Cookie,
    name: String,
    provider: String,
    purpose: String,
    function: Option<String>,
    path: Option<String>,
    domain: Option<String>,
}

impl<'a> Decl<'a> {
    fn of(variant: &'a syn::Ident, cookie: &'a Cookie) -> Self {
        let text = |lit: &Option<LitStr>| lit.as_ref().map(LitStr::value);
        Decl {
            variant,
            cookie,
            name: cookie.name(),
            provider: cookie.provider.value(),
            purpose: cookie.purpose.value(),
            function: text(&cookie.function),
            path: text(&cookie.path),
            domain: text(&cookie.domain),
        }
    }
}

/// The whole derive: parse, validate, generate; on any error, the errors and stubs.
pub(crate) fn derive(input: &DeriveInput) -> TokenStream {
    let mut cx = Ctxt::default();
    let registry = parse::registry(&mut cx, input);
    if let Some(registry) = &registry {
        validate::check(&mut cx, registry);
    }
    let generated = match (&registry, cx.finish()) {
        (Some(registry), None) => generate(registry),
        (_, Some(error)) => Err(error),
        (None, None) => Err(syn::Error::new_spanned(&input.ident, "unsupported input")),
    };
    generated.unwrap_or_else(|error| fallback::expand(input, registry.as_ref(), &error))
}

fn generate(registry: &Registry<'_>) -> syn::Result<TokenStream> {
    let ty = registry.ident;
    let krate = &registry.krate;
    let cookies: Vec<Decl<'_>> = registry
        .variants
        .iter()
        .filter_map(|v| Some(Decl::of(&v.variant.ident, v.cookie.as_ref()?)))
        .collect();

    let base = Base::of(&cookies);
    let base_spec = base.spec();
    let per_cookie = PerCookie::of(registry, &cookies, &base)?;
    let PerCookie {
        items,
        all,
        specs,
        indexes,
        variants,
    } = &per_cookie;
    let count = cookies.len();
    let lookup = lookup(registry, &cookies)?;
    let revisions = crate::model::Category::ALL.map(|category| {
        let revision = revision(
            cookies
                .iter()
                .filter(|decl| decl.cookie.category.value == category),
            registry.revision_bumps[category.index()],
        );
        let category = format_ident!("{}", category.as_str());
        quote!(#krate::Category::#category => #revision)
    });
    let has_consent_cookie = registry.consent_cookie.is_some();
    let consent_cookie = match &registry.consent_cookie {
        Some(variant) => quote!(#krate::__private::Some(Self::#variant)),
        None => quote!(#krate::__private::None),
    };
    let named_doc = format!(
        "The cookie called `name`, found at compile time when called in a const context: \
         `const SESSION: {ty} = {ty}::named(\"...\");`.\n\n\
         # Panics\n\nWhen no cookie of this name is declared in `{ty}`; in a const context that \
         is a compile error at the call."
    );
    let not_declared = format!("this cookie name is not declared in `{ty}`");

    Ok(quote! {
        #[allow(dead_code)]
        impl #ty {
            #items

            #[doc = #named_doc]
            #[must_use]
            pub const fn named(name: &str) -> Self {
                match Self::__cookie_registry_variant_const(
                    #krate::__private::find_const(name, <Self as #krate::CookieRegistry>::SPECS),
                ) {
                    #krate::__private::Some(cookie) => cookie,
                    #krate::__private::None => ::core::panic!(#not_declared),
                }
            }

            #[doc(hidden)]
            const fn __cookie_registry_variant_const(index: #krate::__private::Option<usize>) -> #krate::__private::Option<Self> {
                match index {
                    #krate::__private::Some(index) => Self::__cookie_registry_variant(index),
                    #krate::__private::None => #krate::__private::None,
                }
            }

            #[doc(hidden)]
            #[inline]
            const fn __cookie_registry_variant(index: usize) -> #krate::__private::Option<Self> {
                #krate::__private::Some(match index {
                    #variants
                    _ => return #krate::__private::None,
                })
            }
        }

        #[doc(hidden)]
        const _: () = {
            // Short local names keep the one literal per cookie small: the compiler reads
            // every token of it, and a 1,000-cookie registry is 1,000 literals.
            #[allow(unused_imports)]
            use #krate::{Category as __Category, DurationUnit as __Unit, SameSite as __SameSite};
            #[allow(unused_imports)]
            use #krate::__private::{Duration as __Duration, None as __None, Some as __Some, SpecFields as __Spec};
            #[allow(dead_code)]
            const fn __secs(seconds: u64) -> #krate::__private::Option<__Duration> {
                __Some(__Duration::from_secs(seconds))
            }
            // `CookieSpec` is `#[non_exhaustive]`: each cookie is written as its fields, which
            // this turns into the declaration.
            const fn __s(fields: __Spec) -> #krate::CookieSpec {
                fields.spec()
            }
            const __BASE: __Spec = #base_spec;

            // A static, not the constant itself: the table is built and emitted once, where a
            // constant's value would also be encoded into the crate's metadata.
            #[allow(clippy::needless_update)]
            static __SPECS: [#krate::CookieSpec; #count] = [#specs];

            static LOOKUP: #krate::__private::Lookup = #lookup;

            #[automatically_derived]
            impl #krate::CookieRegistry for #ty {
                const ALL: &'static [Self] = &[#all];

                const SPECS: &'static [#krate::CookieSpec] = &__SPECS;

                const HAS_CONSENT_COOKIE: bool = #has_consent_cookie;

                #[inline]
                fn spec(&self) -> &'static #krate::CookieSpec {
                    &<Self as #krate::CookieRegistry>::SPECS[match self { #indexes }]
                }

                #[inline]
                fn from_name(name: &str) -> #krate::__private::Option<Self> {
                    Self::__cookie_registry_variant(LOOKUP.find(name, <Self as #krate::CookieRegistry>::SPECS)?)
                }

                #[inline]
                fn spec_of(name: &str) -> #krate::__private::Option<&'static #krate::CookieSpec> {
                    let specs = <Self as #krate::CookieRegistry>::SPECS;
                    specs.get(LOOKUP.find(name, specs)?)
                }

                fn revision(category: #krate::Category) -> u32 {
                    match category { #(#revisions,)* }
                }

                fn consent_cookie() -> #krate::__private::Option<Self> {
                    #consent_cookie
                }
            }
        };
    })
}

/// The parts of the output that grow with the registry, one entry per cookie each. They are
/// written as text and lexed by the compiler in one call: building them token by token through
/// `quote!` costs more than the rest of the derive (the macro runs unoptimized in a release
/// build), and a 1,000-cookie registry is some 60,000 tokens.
struct PerCookie {
    /// The name constants and family matchers on the enum.
    items: TokenStream,
    /// `Self::A, Self::B, ...`: the elements of `ALL`.
    all: TokenStream,
    /// The `CookieSpec` literals of `SPECS`.
    specs: TokenStream,
    /// `Self::A => 0, ...`: the arms from a variant to its index.
    indexes: TokenStream,
    /// `0 => Self::A, ...`: the arms from an index to its variant.
    variants: TokenStream,
}

impl PerCookie {
    fn of(registry: &Registry<'_>, cookies: &[Decl<'_>], base: &Base) -> syn::Result<Self> {
        use std::fmt::Write as _;

        let ty = registry.ident;
        let [mut items, mut all, mut specs, mut indexes, mut variants] =
            std::array::from_fn(|_| String::with_capacity(64 * cookies.len()));
        for (index, decl) in cookies.iter().enumerate() {
            let (variant, cookie, shown) = (decl.variant, decl.cookie, &decl.name);
            if cookie.family {
                let doc = format!(
                    "Whether `name` belongs to the family [`{ty}::{variant}`]: it starts with `{shown}` and is longer."
                );
                let _ = write!(
                    items,
                    "#[doc = {doc:?}] #[must_use] #[inline] pub fn is_{}(name: &str) -> bool {{ \
                     name.len() > {} && name.as_bytes().starts_with({shown:?}.as_bytes()) }}",
                    snake(&variant.to_string()),
                    shown.len(),
                );
            } else {
                let doc = format!("The name of the cookie [`{ty}::{variant}`]: `{shown}`.");
                let _ = write!(
                    items,
                    "#[doc = {doc:?}] pub const {}: &'static str = {shown:?};",
                    screaming_snake(&variant.to_string()),
                );
            }
            let _ = write!(all, "Self::{variant},");
            base.literal(decl, &mut specs);
            specs.push(',');
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
            specs: lex(specs)?,
            indexes: lex(indexes)?,
            variants: lex(variants)?,
        })
    }
}

/// The values most cookies of a registry share: the `__BASE` spec each cookie's literal
/// completes with `..__BASE`, so that it names only its own values.
struct Base {
    category: crate::model::Category,
    provider: String,
}

impl Base {
    fn of(cookies: &[Decl<'_>]) -> Self {
        let mut providers: std::collections::HashMap<&str, usize> =
            std::collections::HashMap::new();
        let mut categories = [0usize; 4];
        for decl in cookies {
            *providers.entry(&decl.provider).or_insert(0) += 1;
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
        Base { category, provider }
    }

    /// The `__BASE` fields: the shared category and provider, no name, every option unset.
    fn spec(&self) -> TokenStream {
        let category = format_ident!("{}", self.category.as_str());
        let provider = &self.provider;
        quote!(__Spec::base(__Category::#category, #provider))
    }

    /// Writes one cookie's `CookieSpec` literal: its name and purpose, and each value that
    /// differs from `__BASE`.
    fn literal(&self, decl: &Decl<'_>, out: &mut String) {
        use std::fmt::Write as _;

        let cookie = decl.cookie;
        let _ = write!(
            out,
            "__s(__Spec {{ name: {:?}, purpose: {:?},",
            decl.name, decl.purpose
        );
        if cookie.family {
            out.push_str(" family: true,");
        }
        if cookie.category.value != self.category {
            let _ = write!(
                out,
                " category: __Category::{},",
                cookie.category.value.as_str()
            );
        }
        if decl.provider != self.provider {
            let _ = write!(out, " provider: {:?},", decl.provider);
        }
        if let Some(max_age) = cookie.max_age {
            let max_age = max_age.value;
            let _ = write!(
                out,
                " max_age: __secs({}), max_age_unit: __Some(__Unit::{}),",
                max_age.seconds().unwrap_or_default(),
                max_age.unit.as_str()
            );
        }
        if let Some(same_site) = cookie.same_site {
            let _ = write!(
                out,
                " same_site: __Some(__SameSite::{}),",
                same_site.value.as_str()
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
        out.push_str(" ..__BASE })");
    }
}

/// The `Lookup` literal: a perfect hash of the exact names, and one of the families keyed by
/// the first `family_key` bytes of their prefix, with their chains (longest prefix first).
fn lookup(registry: &Registry<'_>, cookies: &[Decl<'_>]) -> syn::Result<TokenStream> {
    let krate = &registry.krate;
    let names: Vec<(&str, bool)> = cookies
        .iter()
        .map(|decl| (decl.name.as_str(), decl.cookie.family))
        .collect();
    let index = |i: usize| u16::try_from(i).ok();
    let exact: Vec<(&[u8], u16)> = names
        .iter()
        .enumerate()
        .filter(|(_, (_, family))| !family)
        .filter_map(|(i, (name, _))| Some((name.as_bytes(), index(i)?)))
        .collect();

    // Families sharing their first `family_key` bytes form one chain, longest prefix first, so
    // that the first prefix of the chain that a name starts with is its longest.
    let mut families: Vec<(&[u8], u16)> = names
        .iter()
        .enumerate()
        .filter(|(_, (_, family))| *family)
        .filter_map(|(i, (name, _))| Some((name.as_bytes(), index(i)?)))
        .collect();
    let family_key = families
        .iter()
        .map(|(name, _)| name.len())
        .min()
        .unwrap_or(0);
    families.sort_by(|(a, _), (b, _)| {
        a[..family_key]
            .cmp(&b[..family_key])
            .then(b.len().cmp(&a.len()))
    });
    let mut chains: Vec<u16> = Vec::new();
    let mut chain_keys: Vec<(&[u8], u16)> = Vec::new();
    for (name, cookie) in &families {
        let key = &name[..family_key];
        if chain_keys.last().is_none_or(|(last, _)| *last != key) {
            if !chains.is_empty() {
                chains.push(phf::EMPTY);
            }
            chain_keys.push((key, index(chains.len()).unwrap_or(phf::EMPTY)));
        }
        chains.push(*cookie);
    }
    if !chains.is_empty() {
        chains.push(phf::EMPTY);
    }

    let table = |keys: &[(&[u8], u16)]| -> syn::Result<TokenStream> {
        let table = phf::build(keys).ok_or_else(|| {
            syn::Error::new_spanned(
                registry.ident,
                "could not build the cookie name table: please report this as a bug",
            )
        })?;
        let phf::Table {
            seed,
            buckets,
            shift,
            pilots,
            slots,
        } = table;
        let (pilots, slots) = (le_bytes(&pilots), le_bytes(&slots));
        Ok(quote! {
            #krate::__private::NameTable {
                seed: #seed,
                buckets: #buckets,
                shift: #shift,
                pilots: #pilots,
                slots: #slots,
            }
        })
    };
    let exact = table(&exact)?;
    let families = table(&chain_keys)?;
    let chains = le_bytes(&chains);
    Ok(quote! {
        #krate::__private::Lookup {
            exact: #exact,
            families: #families,
            family_key: #family_key,
            family_chains: #chains,
        }
    })
}

/// `numbers` as one byte string literal of little-endian pairs: a single token, where a slice
/// literal would be two per number.
fn le_bytes(numbers: &[u16]) -> Literal {
    let bytes: Vec<u8> = numbers.iter().flat_map(|n| n.to_le_bytes()).collect();
    Literal::byte_string(&bytes)
}

/// A stable 32-bit FNV-1a hash of what a visitor agrees to when granting a category: which
/// cookies it has, and for each its name (or prefix), provider, lifetime, and whether it is
/// third-party or anonymized; then the site's `revision(...)` number, when not 0. Texts and the
/// attributes that change neither who reads a cookie nor how long it lives are left out, so a
/// reworded purpose keeps every visitor's consent.
fn revision<'a>(cookies: impl Iterator<Item = &'a Decl<'a>>, bump: u32) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    let mut write = |text: &str| {
        for byte in text.bytes().chain([0xff]) {
            h ^= u32::from(byte);
            h = h.wrapping_mul(0x0100_0193);
        }
    };
    for decl in cookies {
        let cookie = decl.cookie;
        write(&decl.name);
        write(if cookie.family { "prefix" } else { "name" });
        write(&decl.provider);
        // The lifetime in seconds: `13mo` and `390d` promise the same.
        write(
            &cookie
                .max_age
                .and_then(|m| m.value.seconds())
                .map(|seconds| seconds.to_string())
                .unwrap_or_default(),
        );
        let flags = [cookie.third_party, cookie.anonymized];
        write(
            &flags
                .map(|f| if f.is_some() { '1' } else { '0' })
                .iter()
                .collect::<String>(),
        );
    }
    if bump != 0 {
        write(&format!("revision {bump}"));
    }
    h
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use proc_macro2::TokenStream;

    /// A registry of `n` cookies, declared as a real policy declares them.
    fn registry(n: usize) -> syn::DeriveInput {
        let mut source = String::from("#[registry(provider = \"Example Shop\")] enum Cookies {");
        for i in 0..n {
            let _ = write!(
                source,
                "#[cookie(name = \"_cookie_{i}\", category = Statistics, provider = \"Analytics Co\", \
                 purpose = \"Distinguishes visitors\", max_age = \"400d\")] Cookie{i},"
            );
        }
        source.push('}');
        syn::parse_str(&source).expect("a valid enum")
    }

    fn tokens(stream: TokenStream) -> usize {
        stream
            .into_iter()
            .map(|tree| match tree {
                proc_macro2::TokenTree::Group(group) => 2 + tokens(group.stream()),
                _ => 1,
            })
            .sum()
    }

    /// What the derive emits for 1,000 cookies, printed for BENCHMARKS.md (run with
    /// `--nocapture`); the bound catches a regression to per-accessor matches.
    #[test]
    fn emitted_code_for_a_thousand_cookies() {
        let input = registry(1000);
        let start = std::time::Instant::now();
        let output = super::derive(&input);
        let elapsed = start.elapsed();
        let text = output.to_string();
        let count = tokens(output);
        println!(
            "1,000 cookies: {count} tokens, {} bytes of emitted code, derived in {elapsed:?}",
            text.len()
        );
        assert!(!text.contains("compile_error"), "{text:.400}");
        assert!(count < 120_000, "{count} tokens");
    }
}
