//! When the declaration is wrong: the errors, plus stub items with the right names and types, so
//! that the user's other code still type-checks and only the real errors are shown.

use std::collections::HashSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
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
    let items = data.variants.iter().filter_map(|variant| {
        let ident = variant.ident.to_string();
        let family = registry
            .and_then(|r| r.variants.iter().find(|v| v.variant.ident == variant.ident))
            .and_then(|v| v.cookie.as_ref())
            .is_some_and(|c| c.family);
        let item = if family {
            format!("is_{}", snake(&ident))
        } else {
            screaming_snake(&ident)
        };
        if !seen.insert(item.clone()) {
            return None; // a clash already reported: a second stub would only add an error
        }
        let item = format_ident!("{}", item);
        Some(if family {
            quote!(pub fn #item(_: &str) -> bool { false })
        } else {
            quote!(pub const #item: &'static str = "";)
        })
    });
    let first = data
        .variants
        .iter()
        .find(|v| v.fields.is_empty())
        .map(|v| &v.ident);
    let named = first.map(|first| quote!(pub const fn named(_: &str) -> Self { Self::#first }));
    quote! {
        #errors

        #[allow(dead_code, missing_docs, clippy::all)]
        impl #ty {
            #(#items)*
            #named
        }

        #[allow(missing_docs, clippy::all)]
        #[automatically_derived]
        impl #krate::CookieRegistry for #ty {
            const ALL: &'static [Self] = &[];
            const SPECS: &'static [#krate::CookieSpec] = &[];
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
    }
}
