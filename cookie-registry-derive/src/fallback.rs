//! When the declaration is wrong: the errors, plus stub items with the right names and types, so
//! that the user's other code still type-checks and only the real errors are shown.

use std::collections::HashSet;

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Data, DeriveInput};

use crate::case::{screaming_snake, snake};
use crate::model::Registry;

pub(crate) fn expand(
    input: &DeriveInput,
    registry: Option<&Registry<'_>>,
    error: &syn::Error,
) -> TokenStream {
    let errors = error.to_compile_error();
    let Data::Enum(data) = &input.data else {
        return errors; // not an enum: nothing could be implemented on it
    };
    if !input.generics.params.is_empty() {
        return errors;
    }
    let ty = &input.ident;
    let krate = registry.map_or_else(|| syn::parse_quote!(::cookie_registry), |r| r.krate.clone());
    let mut seen: HashSet<String> = data.variants.iter().map(|v| v.ident.to_string()).collect();
    // A variant's stub: its name constant, or its matcher for a family. When its declaration
    // was too broken to tell which, both, so that whichever the user's code uses resolves.
    let mut items = Vec::new();
    for variant in &data.variants {
        let ident = variant.ident.to_string();
        let family = registry
            .and_then(|r| r.variants.iter().find(|v| v.variant.ident == variant.ident))
            .and_then(|v| v.cookie.as_ref())
            .map(|c| c.family);
        if family != Some(true) {
            items.extend(stub(
                &mut seen,
                screaming_snake(&ident),
                |item| quote!(pub const #item: &'static str = "";),
            ));
        }
        if family != Some(false) {
            items.extend(stub(
                &mut seen,
                format!("is_{}", snake(&ident)),
                |item| quote!(pub fn #item(_: &str) -> bool { false }),
            ));
        }
    }
    let first = data
        .variants
        .iter()
        .find(|v| v.fields.is_empty())
        .map(|v| &v.ident);
    // As declared, so that a `const` assertion on it does not add an error of its own; when
    // `consent_cookie` was written with a mistake, assumed declared, so that
    // `ConsentLayer::new()` adds no "names no consent cookie" error to the one reported.
    let has_consent_cookie =
        registry.is_some_and(|r| r.consent_cookie.is_some() || r.consent_cookie_error_reported);
    let named = first.map(|first| quote!(pub const fn named(_: &str) -> Self { Self::#first }));
    let registry_impls = registry_impls(ty, &krate, has_consent_cookie);
    quote! {
        #errors

        #[allow(dead_code, missing_docs, clippy::all)]
        impl #ty {
            #(#items)*
            #named
        }

        #registry_impls
    }
}

/// `CookieRegistry` with empty tables, and `HasConsentCookie` when the registry (may have)
/// declared a consent cookie.
fn registry_impls(ty: &syn::Ident, krate: &syn::Path, has_consent_cookie: bool) -> TokenStream {
    let has_consent_cookie_impl = has_consent_cookie
        .then(|| quote!(#[automatically_derived] impl #krate::HasConsentCookie for #ty {}));
    quote! {
        #[allow(missing_docs, clippy::all)]
        #[automatically_derived]
        impl #krate::CookieRegistry for #ty {
            const ALL: &'static [Self] = &[];
            const SPECS: &'static [#krate::CookieSpec] = &[];
            const HAS_CONSENT_COOKIE: bool = #has_consent_cookie;
            fn spec(&self) -> &'static #krate::CookieSpec {
                ::core::unreachable!()
            }
            fn from_name(_: &str) -> ::core::option::Option<Self> {
                ::core::option::Option::None
            }
            fn spec_of(_: &str) -> ::core::option::Option<&'static #krate::CookieSpec> {
                ::core::option::Option::None
            }
            fn revision(_: #krate::Category) -> u32 {
                0
            }
            fn consent_cookie() -> ::core::option::Option<Self> {
                ::core::option::Option::None
            }
        }

        #has_consent_cookie_impl
    }
}

/// The stub named `name`, unless that name is taken (a clash already reported: a second item
/// would only add an error) or is no identifier at all (reported too; `format_ident!` would panic).
fn stub(
    seen: &mut HashSet<String>,
    name: String,
    item: impl FnOnce(&syn::Ident) -> TokenStream,
) -> Option<TokenStream> {
    let ident = syn::parse_str::<syn::Ident>(&name).ok()?;
    seen.insert(name).then(|| item(&ident))
}
