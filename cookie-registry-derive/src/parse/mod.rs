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
use crate::model::{PolicyFile, Registry, VariantDecl};

/// Reads the derive input. `None` when its shape rules the derive out (not an enum).
// Long: the enum's shape checks (struct, union, fields, generics), each with its own spanned
// error, then the variants, in one pass.
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
            let name = variant.ident.to_string();
            let item = if cookie.as_ref().is_some_and(|c| c.family) {
                format!("is_{}", crate::case::snake(&name))
            } else {
                crate::case::screaming_snake(&name)
            };
            VariantDecl {
                variant,
                cookie,
                name,
                item,
            }
        })
        .collect();

    let policy_files = policy_files(cx, &options);
    Some(Registry {
        ident: &input.ident,
        krate: options
            .krate
            .unwrap_or_else(|| syn::parse_quote!(::cookie_registry)),
        consent_cookie: options.consent_cookie,
        consent_cookie_error_reported: options.consent_cookie_error_reported,
        revision_bumps: options.revision_bumps,
        policy_files,
        languages: options.languages,
        variants,
    })
}

/// The policy files with their languages resolved against `languages`: a file without one is
/// the first language's; a language that is not declared is an error.
fn policy_files(cx: &mut Ctxt, options: &registry::RegistryOptions) -> Vec<PolicyFile> {
    let declared: Vec<String> = if options.languages.is_empty() {
        vec!["en".to_owned()]
    } else {
        options.languages.iter().map(syn::LitStr::value).collect()
    };
    options
        .policy_files
        .iter()
        .filter_map(|(language, path)| {
            let Some(language) = language else {
                return Some(PolicyFile {
                    language: declared[0].clone(),
                    path: path.clone(),
                });
            };
            let tag = language.to_string().replace('_', "-");
            match declared.iter().find(|known| known.eq_ignore_ascii_case(&tag)) {
                Some(known) => Some(PolicyFile {
                    language: known.clone(),
                    path: path.clone(),
                }),
                None => {
                    cx.error_spanned_by(
                        language,
                        format!(
                            "a policy file for \"{tag}\", which `languages` does not declare: it declares {}",
                            declared.iter().map(|l| format!("\"{l}\"")).collect::<Vec<_>>().join(", ")
                        ),
                    );
                    None
                }
            }
        })
        .collect()
}
