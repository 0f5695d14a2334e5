//! The model → the generated code: name constants and matchers on the enum, the
//! `CookieRegistry` impl, one static table of declarations and the name lookup tables.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::DeriveInput;

use crate::ctxt::Ctxt;
use crate::model::{Cookie, Registry, Text, VariantDecl};
use crate::symbol::Keyword as _;
use crate::{fallback, parse, validate};

mod lookup;
mod policy_file;
mod revision;
mod specs;

use lookup::lookup;
use revision::revision;
use specs::{Base, PerCookie};

/// One declared cookie, with the texts the generation reads (each read from its literal once,
/// at parsing: see `model::Text`).
pub(crate) struct Decl<'a> {
    /// The variant's name, and the item generated for it (see `VariantDecl`).
    pub(crate) variant_name: &'a str,
    pub(crate) item: &'a str,
    pub(crate) cookie: &'a Cookie,
    pub(crate) name: &'a str,
    pub(crate) provider: &'a str,
    pub(crate) purpose: &'a str,
    pub(crate) function: Option<&'a str>,
    pub(crate) path: Option<&'a str>,
    pub(crate) domain: Option<&'a str>,
}

impl<'a> Decl<'a> {
    fn of(variant: &'a VariantDecl<'a>, cookie: &'a Cookie) -> Self {
        let text = |text: &'a Option<Text>| text.as_ref().map(Text::value);
        Decl {
            variant_name: &variant.name,
            item: &variant.item,
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

// Long, and kept whole: most of it is the one `quote!` of the generated items, which reads best
// as the code it emits.
fn generate(registry: &Registry<'_>) -> syn::Result<TokenStream> {
    let ty = registry.ident;
    let krate = &registry.krate;
    let cookies: Vec<Decl<'_>> = registry
        .variants
        .iter()
        .filter_map(|v| Some(Decl::of(v, v.cookie.as_ref()?)))
        .collect();

    let base = Base::of(&cookies);
    let base_spec = base.spec();
    let per_cookie = PerCookie::of(registry, &cookies, &base)?;
    let PerCookie {
        items,
        all,
        shapes,
        specs,
        indexes,
        variants,
    } = &per_cookie;
    let count = cookies.len();
    let lookup = lookup(registry, &cookies)?;
    let policy_files = policy_file::check(registry, &cookies)?;
    let revisions = crate::model::Category::ALL.map(|category| {
        let revision = revision(
            cookies
                .iter()
                .filter(|decl| decl.cookie.category.value == category),
            registry.revision_bumps[category.index()],
        );
        let category = format_ident!("{}", category.word());
        quote!(#krate::Category::#category => #revision)
    });
    let has_consent_cookie = registry.consent_cookie.is_some();
    let (languages, first_language_check) = languages(registry);
    let consent_cookie = match &registry.consent_cookie {
        Some(variant) => quote!(#krate::__private::Some(Self::#variant)),
        None => quote!(#krate::__private::None),
    };
    // What needs the consent cookie requires this marker: without it, a type error at the
    // user's line, under `cargo check` too.
    let has_consent_cookie_impl = registry
        .consent_cookie
        .as_ref()
        .map(|_| quote!(#[automatically_derived] impl #krate::HasConsentCookie for #ty {}));
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
            // Short local names keep the one call per cookie small: the compiler reads every
            // token of it, and a 1,000-cookie registry is 1,000 calls.
            #[allow(unused_imports)]
            use #krate::{CookieSpec as __CookieSpec, Category as __Category, DurationUnit as __Unit, SameSite as __SameSite, Storage as __Storage, Translation as __Translation};
            #[allow(unused_imports)]
            use #krate::__private::{Duration as __Duration, None as __None, Some as __Some, SpecFields as __Spec, cookie as __cookie, translated as __translated};
            #[allow(dead_code)]
            const fn __secs(seconds: u64) -> #krate::__private::Option<__Duration> {
                __Some(__Duration::from_secs(seconds))
            }
            const __BASE: __Spec = #base_spec;

            #shapes

            // A static, not the constant itself: the table is built and emitted once, where a
            // constant's value would also be encoded into the crate's metadata. `CookieSpec` is
            // `#[non_exhaustive]`: each cookie is one call, its name and purpose on its shape.
            static __SPECS: [#krate::CookieSpec; #count] = [#specs];

            static LOOKUP: #krate::__private::Lookup = #lookup;

            #first_language_check

            #policy_files

            #[automatically_derived]
            impl #krate::CookieRegistry for #ty {
                const ALL: &'static [Self] = &[#all];

                const SPECS: &'static [#krate::CookieSpec] = &__SPECS;

                const HAS_CONSENT_COOKIE: bool = #has_consent_cookie;

                #languages

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

                #[inline]
                fn __spec_of_bytes(name: &[u8]) -> #krate::__private::Option<&'static #krate::CookieSpec> {
                    let specs = <Self as #krate::CookieRegistry>::SPECS;
                    specs.get(LOOKUP.find_bytes(name, specs)?)
                }

                fn revision(category: #krate::Category) -> u32 {
                    match category { #(#revisions,)* }
                }

                fn consent_cookie() -> #krate::__private::Option<Self> {
                    #consent_cookie
                }
            }

            #has_consent_cookie_impl
        };
    })
}

/// `LANGUAGES`, when declared, and a compile-time check that the first has built-in words (the
/// runtime's list, asked in a `const`): the default table is rendered in it.
fn languages(registry: &Registry<'_>) -> (TokenStream, TokenStream) {
    let krate = &registry.krate;
    let Some(first) = registry.languages.first() else {
        return (TokenStream::new(), TokenStream::new());
    };
    let tags = &registry.languages;
    let message = format!(
        "the first of `languages`, \"{0}\", has no built-in words for the policy table (English, German, Swedish and French have them): put one of those first, and render \"{0}\" with `PolicyTable::in_locale`",
        first.value(),
    );
    (
        quote!(const LANGUAGES: &'static [&'static str] = &[#(#tags),*];),
        // Spanned at the tag, where the error belongs.
        quote::quote_spanned!(first.span()=> const _: () = ::core::assert!(#krate::__private::has_builtin_words(#first), #message);),
    )
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
