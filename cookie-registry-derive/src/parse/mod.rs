//! Attributes → the typed model. Every mistake is recorded in the context with its span, and
//! parsing goes on, so one compile reports them all.
//!
//! One file per attribute (`registry`, `cookie`), the value readers they share (`value`), and
//! the `max_age` grammar (`duration`).

mod cookie;
mod duration;
mod registry;
mod translation;
mod value;

use syn::{Data, DeriveInput, Fields};

use crate::ctxt::Ctxt;
use crate::model::{Registry, VariantDecl};

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

    let options = registry::options(cx, &input.attrs);
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
            let cookie = cookie::cookie(cx, &variant.ident, &variant.attrs, &options);
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
        languages: options.languages,
        variants,
    })
}
