//! The model → the generated code: name constants and matchers on the enum, the
//! `CookieRegistry` impl, one static table of declarations and the name lookup tables.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use syn::{DeriveInput, LitStr};

use crate::case::{screaming_snake, snake};
use crate::ctxt::Ctxt;
use crate::model::{Cookie, Registry};
use crate::{fallback, parse, phf, validate};

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
    let cookies: Vec<(&syn::Ident, &Cookie)> = registry
        .variants
        .iter()
        .filter_map(|v| Some((&v.variant.ident, v.cookie.as_ref()?)))
        .collect();

    let specs = cookies.iter().map(|(_, cookie)| spec(krate, cookie));
    let variants: Vec<&syn::Ident> = cookies.iter().map(|(ident, _)| *ident).collect();
    let indexes: Vec<Literal> = (0..cookies.len()).map(Literal::usize_unsuffixed).collect();
    let lookup = lookup(registry, &cookies)?;
    let revisions = crate::model::Category::ALL.map(|category| {
        let revision = revision(
            cookies
                .iter()
                .map(|(_, c)| *c)
                .filter(|c| c.category.value == category),
        );
        let category = format_ident!("{}", category.as_str());
        quote!(#krate::Category::#category => #revision)
    });
    let consent_cookie = match &registry.consent_cookie {
        Some(variant) => quote!(#krate::__private::Some(Self::#variant)),
        None => quote!(#krate::__private::None),
    };
    let inherent = inherent_items(registry, &cookies);

    Ok(quote! {
        #inherent

        #[doc(hidden)]
        const _: () = {
            static LOOKUP: #krate::__private::Lookup = #lookup;

            #[automatically_derived]
            impl #krate::CookieRegistry for #ty {
                const ALL: &'static [Self] = &[#(Self::#variants),*];

                const SPECS: &'static [#krate::CookieSpec] = &[#(#specs),*];

                #[inline]
                fn spec(&self) -> &'static #krate::CookieSpec {
                    &<Self as #krate::CookieRegistry>::SPECS[match self { #(Self::#variants => #indexes,)* }]
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

/// The items on the enum itself: a name constant per cookie, an `is_*` matcher per family, and
/// `named`.
fn inherent_items(registry: &Registry<'_>, cookies: &[(&syn::Ident, &Cookie)]) -> TokenStream {
    let ty = registry.ident;
    let krate = &registry.krate;
    let items = cookies.iter().map(|(variant, cookie)| {
        let name = &cookie.name;
        let shown = name.value();
        if cookie.family {
            let matcher = format_ident!("is_{}", snake(&variant.to_string()));
            let doc = format!(
                "Whether `name` belongs to the family [`{ty}::{variant}`]: it starts with `{shown}` and is longer."
            );
            quote! {
                #[doc = #doc]
                #[must_use]
                #[inline]
                pub fn #matcher(name: &str) -> bool {
                    name.len() > #name.len() && name.as_bytes().starts_with(#name.as_bytes())
                }
            }
        } else {
            let constant = format_ident!("{}", screaming_snake(&variant.to_string()));
            let doc = format!("The name of the cookie [`{ty}::{variant}`]: `{shown}`.");
            quote! {
                #[doc = #doc]
                pub const #constant: &'static str = #name;
            }
        }
    });
    let variants = cookies.iter().map(|(ident, _)| ident);
    let indexes = (0..cookies.len()).map(Literal::usize_unsuffixed);
    let named_doc = format!(
        "The cookie called `name`, found at compile time when called in a const context: \
         `const SESSION: {ty} = {ty}::named(\"...\");`.\n\n\
         # Panics\n\nWhen no cookie of this name is declared in `{ty}`; in a const context that \
         is a compile error at the call."
    );
    let not_declared = format!("this cookie name is not declared in `{ty}`");
    quote! {
        #[automatically_derived]
        #[allow(dead_code)]
        impl #ty {
            #(#items)*

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
                match index {
                    #(#indexes => #krate::__private::Some(Self::#variants),)*
                    _ => #krate::__private::None,
                }
            }
        }
    }
}

/// One `CookieSpec` literal.
fn spec(krate: &syn::Path, cookie: &Cookie) -> TokenStream {
    let some_str = |lit: &Option<LitStr>| match lit {
        Some(lit) => quote!(#krate::__private::Some(#lit)),
        None => quote!(#krate::__private::None),
    };
    let name = &cookie.name;
    let family = cookie.family;
    let category = format_ident!("{}", cookie.category.value.as_str());
    let provider = &cookie.provider;
    let purpose = &cookie.purpose;
    let function = some_str(&cookie.function);
    let max_age = match cookie.max_age {
        Some(max_age) => {
            let seconds = max_age.value;
            quote!(#krate::__private::Some(#krate::__private::Duration::from_secs(#seconds)))
        }
        None => quote!(#krate::__private::None),
    };
    let same_site = match cookie.same_site {
        Some(same_site) => {
            let value = format_ident!("{}", same_site.value.as_str());
            quote!(#krate::__private::Some(#krate::SameSite::#value))
        }
        None => quote!(#krate::__private::None),
    };
    let path = some_str(&cookie.path);
    let domain = some_str(&cookie.domain);
    let secure = cookie.secure.is_some();
    let http_only = cookie.http_only.is_some();
    let third_party = cookie.third_party.is_some();
    let anonymized = cookie.anonymized.is_some();
    quote! {
        #krate::CookieSpec {
            name: #name,
            family: #family,
            category: #krate::Category::#category,
            provider: #provider,
            purpose: #purpose,
            function: #function,
            max_age: #max_age,
            secure: #secure,
            http_only: #http_only,
            same_site: #same_site,
            path: #path,
            domain: #domain,
            third_party: #third_party,
            anonymized: #anonymized,
        }
    }
}

/// The `Lookup` literal: a perfect hash of the exact names, and one of the families keyed by
/// the first `family_key` bytes of their prefix, with their chains (longest prefix first).
fn lookup(registry: &Registry<'_>, cookies: &[(&syn::Ident, &Cookie)]) -> syn::Result<TokenStream> {
    let krate = &registry.krate;
    let names: Vec<(String, bool)> = cookies.iter().map(|(_, c)| (c.name(), c.family)).collect();
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
        Ok(quote! {
            #krate::__private::NameTable {
                seed: #seed,
                buckets: #buckets,
                shift: #shift,
                pilots: &[#(#pilots),*],
                slots: &[#(#slots),*],
            }
        })
    };
    let exact = table(&exact)?;
    let families = table(&chain_keys)?;
    Ok(quote! {
        #krate::__private::Lookup {
            exact: #exact,
            families: #families,
            family_key: #family_key,
            family_chains: &[#(#chains),*],
        }
    })
}

/// A stable 32-bit FNV-1a hash of every declared field of `cookies`, in order.
fn revision<'a>(cookies: impl Iterator<Item = &'a Cookie>) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    let mut write = |text: &str| {
        for byte in text.bytes().chain([0xff]) {
            h ^= u32::from(byte);
            h = h.wrapping_mul(0x0100_0193);
        }
    };
    let optional = |lit: &Option<LitStr>| lit.as_ref().map(LitStr::value).unwrap_or_default();
    for cookie in cookies {
        write(&cookie.name());
        write(if cookie.family { "prefix" } else { "name" });
        write(cookie.category.value.as_str());
        write(&cookie.provider.value());
        write(&cookie.purpose.value());
        write(&optional(&cookie.function));
        write(
            &cookie
                .max_age
                .map(|m| m.value.to_string())
                .unwrap_or_default(),
        );
        write(
            cookie
                .same_site
                .map(|s| s.value.as_str())
                .unwrap_or_default(),
        );
        write(&optional(&cookie.path));
        write(&optional(&cookie.domain));
        let flags = [
            cookie.secure,
            cookie.http_only,
            cookie.third_party,
            cookie.anonymized,
        ];
        write(
            &flags
                .map(|f| if f.is_some() { '1' } else { '0' })
                .iter()
                .collect::<String>(),
        );
    }
    h
}
