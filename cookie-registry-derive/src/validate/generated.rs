//! The items the derive adds to the enum (a constant per named cookie, a matcher per family)
//! must not clash with each other, with the variants, or with the trait's own constants.

use std::collections::{HashMap, HashSet};

use crate::ctxt::Ctxt;
use crate::model::{Registry, VariantDecl};

/// The constants and matchers the derive adds to the enum must not clash with each other, with
/// the variants, or with the trait's own constants.
pub(super) fn check(cx: &mut Ctxt, registry: &Registry<'_>) {
    let variant_names: HashSet<&str> = registry.variants.iter().map(|v| v.name.as_str()).collect();
    let is_family = |decl: &VariantDecl<'_>| decl.cookie.as_ref().is_some_and(|c| c.family);
    // Variants spelled like their own constant (`GA`): each gets its own error below, so another
    // variant whose constant is that name is not told about the clash as well.
    let self_shadowing: HashSet<&str> = registry
        .variants
        .iter()
        .filter(|decl| !is_family(decl) && decl.name == decl.item)
        .map(|decl| decl.name.as_str())
        .collect();
    let mut generated: HashMap<&str, &syn::Ident> = HashMap::new();
    for decl in &registry.variants {
        let (ident, name, item) = (&decl.variant.ident, &decl.name, decl.item.as_str());
        let family = is_family(decl);
        if !is_identifier(item) {
            // `__` has no words, `_1st` starts with a digit: no item can be named after them.
            cx.error_spanned_by(
                ident,
                format!(
                    "variant `{ident}` cannot name its generated {}: `{item}` is not an identifier; rename the variant",
                    if family { "matcher" } else { "constant" }
                ),
            );
        } else if !family && name == item {
            let camel = camel(item);
            let fix = if camel == item {
                "give the variant a longer name".to_owned()
            } else if variant_names.contains(camel.as_str()) {
                format!("rename the variant (`{camel}` is taken)")
            } else {
                format!("spell the variant in CamelCase, such as `{camel}`")
            };
            cx.error_spanned_by(
                ident,
                format!(
                    "variant `{ident}` would shadow its own name constant `{item}` (the variant wins, so the constant could never be used): {fix}"
                ),
            );
        } else if self_shadowing.contains(item) {
            // reported at that variant
        } else if variant_names.contains(item) {
            cx.error_spanned_by(
                ident,
                format!("the constant `{item}` generated for variant `{ident}` clashes with variant `{item}`"),
            );
        } else if matches!(item, "ALL" | "SPECS") {
            cx.error_spanned_by(
                ident,
                format!("the constant `{item}` generated for variant `{ident}` would hide `CookieRegistry::{item}`: rename the variant"),
            );
        } else if let Some(first) = generated.get(item) {
            cx.error_spanned_by(
                ident,
                format!("variants `{first}` and `{ident}` would both generate `{item}`: rename one of them"),
            );
        } else {
            generated.insert(item, ident);
        }
    }
}

/// Whether `item`, made of a variant's words, is an identifier. Its characters come from an
/// identifier, joined by `_`, and an `is_…` matcher or an upper-case constant is never a keyword:
/// only an empty item or one starting with a digit is not one. A non-ASCII item, whose letters
/// changed case, is asked of the parser.
fn is_identifier(item: &str) -> bool {
    if !item.is_ascii() {
        return syn::parse_str::<syn::Ident>(item).is_ok();
    }
    item.bytes()
        .next()
        .is_some_and(|first| !first.is_ascii_digit())
}

/// `GA` → `Ga`, `HTTP_SERVER` → `HttpServer`.
fn camel(screaming: &str) -> String {
    screaming
        .split('_')
        .map(|word| {
            let lower = word.to_lowercase();
            let mut chars = lower.chars();
            chars
                .next()
                .map(|first| first.to_uppercase().chain(chars).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}
