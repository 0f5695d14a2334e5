//! Unit tests of the validation step, on declarations built with `parse_quote!`.

use syn::DeriveInput;

use crate::ctxt::Ctxt;
use crate::{parse, validate};

/// The messages the derive reports for `input`, in order.
fn errors(input: &DeriveInput) -> Vec<String> {
    let mut cx = Ctxt::default();
    if let Some(registry) = parse::registry(&mut cx, input) {
        validate::check(&mut cx, &registry);
    }
    cx.finish()
        .map(|e| e.into_iter().map(|e| e.to_string()).collect())
        .unwrap_or_default()
}

/// The messages for one cookie declared with the attribute tokens `attrs`.
fn cookie_errors(attrs: proc_macro2::TokenStream) -> Vec<String> {
    let input: DeriveInput = syn::parse_quote! {
        #[registry(provider = "Acme")]
        enum Cookies {
            #[cookie(category = Necessary, purpose = "Test", #attrs)]
            Test,
        }
    };
    errors(&input)
}

fn assert_clean(attrs: proc_macro2::TokenStream) {
    let found = cookie_errors(attrs.clone());
    assert!(found.is_empty(), "{attrs} gave {found:?}");
}

fn assert_errors(attrs: proc_macro2::TokenStream, expected: &[&str]) {
    let found = cookie_errors(attrs.clone());
    assert_eq!(found.len(), expected.len(), "{attrs} gave {found:?}");
    for (message, fragment) in found.iter().zip(expected) {
        assert!(
            message.contains(fragment),
            "{attrs}: `{message}` lacks `{fragment}`"
        );
    }
}

#[test]
fn secure_prefix_needs_secure() {
    assert_clean(quote::quote!(name = "__Secure-id", secure));
    assert_errors(
        quote::quote!(name = "__Secure-id"),
        &["`__Secure-` cookie needs `secure`"],
    );
}

#[test]
fn host_prefix_needs_secure_root_path_and_no_domain() {
    assert_clean(quote::quote!(name = "__Host-id", secure, path = "/"));
    assert_errors(
        quote::quote!(name = "__Host-id", path = "/"),
        &["`__Host-` cookie needs `secure`"],
    );
    assert_errors(
        quote::quote!(name = "__Host-id", secure),
        &["`__Host-` cookie needs `path = \"/\"`"],
    );
    assert_errors(
        quote::quote!(name = "__Host-id", secure, path = "/app"),
        &["needs `path = \"/\"` exactly"],
    );
    assert_errors(
        quote::quote!(
            name = "__Host-id",
            secure,
            path = "/",
            domain = "example.com"
        ),
        &["cannot have a `domain`"],
    );
    assert_errors(
        quote::quote!(name = "__Host-id"),
        &["needs `secure`", "needs `path = \"/\"`"],
    );
}

#[test]
fn http_prefix_needs_secure_and_http_only() {
    assert_clean(quote::quote!(name = "__Http-id", secure, http_only));
    assert_errors(
        quote::quote!(name = "__Http-id", http_only),
        &["`__Http-` cookie needs `secure`"],
    );
    assert_errors(
        quote::quote!(name = "__Http-id", secure),
        &["`__Http-` cookie needs `http_only`"],
    );
    // `__Http-` does not restrict Path or Domain.
    assert_clean(quote::quote!(
        name = "__Http-id",
        secure,
        http_only,
        path = "/a",
        domain = "example.com"
    ));
}

#[test]
fn host_http_prefix_needs_every_host_rule_and_http_only() {
    assert_clean(quote::quote!(
        name = "__Host-Http-id",
        secure,
        http_only,
        path = "/"
    ));
    assert_errors(
        quote::quote!(name = "__Host-Http-id", secure, path = "/"),
        &["`__Host-Http-` cookie needs `http_only`"],
    );
    assert_errors(
        quote::quote!(name = "__Host-Http-id", http_only, path = "/"),
        &["`__Host-Http-` cookie needs `secure`"],
    );
    assert_errors(
        quote::quote!(name = "__Host-Http-id", secure, http_only),
        &["`__Host-Http-` cookie needs `path = \"/\"`"],
    );
    assert_errors(
        quote::quote!(
            name = "__Host-Http-id",
            secure,
            http_only,
            path = "/",
            domain = "a.example"
        ),
        &["cannot have a `domain`"],
    );
}

#[test]
fn prefixes_match_case_insensitively() {
    assert_errors(
        quote::quote!(name = "__secure-id"),
        &[
            "`__secure-id` (browsers match the `__Secure-` prefix case-insensitively) needs `secure`",
        ],
    );
    assert_errors(
        quote::quote!(name = "__HOST-id", secure),
        &["needs `path = \"/\"`"],
    );
    assert_errors(
        quote::quote!(name = "__http-id", secure),
        &["needs `http_only`"],
    );
    assert_errors(
        quote::quote!(name = "__host-http-id", secure, path = "/"),
        &["needs `http_only`"],
    );
}

#[test]
fn names_without_a_prefix_have_no_prefix_rules() {
    assert_clean(quote::quote!(name = "_Host-id"));
    assert_clean(quote::quote!(name = "Secure-id"));
    assert_clean(quote::quote!(name = "__Securely"));
}

#[test]
fn family_prefixes_follow_the_same_rules() {
    assert_errors(quote::quote!(prefix = "__Secure-ab_"), &["needs `secure`"]);
    assert_clean(quote::quote!(prefix = "__Secure-ab_", secure));
}

#[test]
fn same_site_none_needs_secure() {
    assert_errors(
        quote::quote!(name = "a", same_site = None),
        &["`same_site = None` needs `secure`"],
    );
    assert_clean(quote::quote!(name = "a", same_site = None, secure));
    assert_clean(quote::quote!(name = "a", same_site = Lax));
}

#[test]
fn max_age_is_capped_and_not_zero() {
    assert_clean(quote::quote!(name = "a", max_age = "400d"));
    assert_errors(
        quote::quote!(name = "a", max_age = "401d"),
        &["over the 400-day cap"],
    );
    assert_errors(quote::quote!(name = "a", max_age = "58w"), &["406 days"]);
    assert_errors(
        quote::quote!(name = "a", max_age = "0s"),
        &["cannot be zero"],
    );
    assert_clean(quote::quote!(name = "a", max_age = "13mo"));
    assert_clean(quote::quote!(name = "a", max_age = "1y"));
    assert_errors(quote::quote!(name = "a", max_age = "14mo"), &["420 days"]);
    assert_errors(quote::quote!(name = "a", max_age = "2y"), &["730 days"]);
    assert_errors(
        quote::quote!(name = "a", max_age = "13m"),
        &["`m` could be minutes or months"],
    );
}

#[test]
fn name_syntax() {
    assert_errors(quote::quote!(name = ""), &["cannot be empty"]);
    assert_errors(quote::quote!(name = "a b"), &["contains a space"]);
    assert_errors(quote::quote!(name = "a;b"), &["contains `;`"]);
    assert_errors(
        quote::quote!(name = "caf\u{e9}"),
        &["non-ASCII character `\u{e9}` (U+00E9)"],
    );
    assert_errors(
        quote::quote!(name = "a\u{7}"),
        &["control character U+0007"],
    );
    assert_clean(quote::quote!(name = "!#$%&'*+-.^_`|~aZ09"));
}

#[test]
fn anonymized_only_for_statistics() {
    let input: DeriveInput = syn::parse_quote! {
        #[registry(provider = "Acme")]
        enum Cookies {
            #[cookie(name = "a", category = Statistics, purpose = "Counts", anonymized)]
            Aa,
            #[cookie(name = "b", category = Marketing, purpose = "Ads", anonymized)]
            Bb,
        }
    };
    let found = errors(&input);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("only to `Statistics` cookies, not to `Marketing`"));
}

#[test]
fn names_are_unique_and_case_sensitive() {
    let input: DeriveInput = syn::parse_quote! {
        #[registry(provider = "Acme")]
        enum Cookies {
            #[cookie(name = "sid", category = Necessary, purpose = "A")] Sid,
            #[cookie(name = "SID", category = Necessary, purpose = "B")] SidUpper,
            #[cookie(name = "sid", category = Necessary, purpose = "C")] SidAgain,
        }
    };
    let found = errors(&input);
    assert_eq!(
        found,
        [
            "duplicate cookie name \"sid\"",
            "\"sid\" is first declared here"
        ]
    );
}

#[test]
fn every_error_of_an_enum_is_reported() {
    let input: DeriveInput = syn::parse_quote! {
        enum Cookies {
            #[cookie(name = "a b", category = Necessary, purpose = "")]
            Aa,
            #[cookie(name = "b", category = Functional, purpos = "x", provider = "P")]
            Bb,
        }
    };
    let found = errors(&input);
    assert!(found.len() >= 4, "{found:?}");
    assert!(
        found.iter().any(|m| m.contains("did you mean `purpose`?")),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|m| m.contains("unknown category `Functional`")),
        "{found:?}"
    );
}

#[test]
fn generated_names_do_not_clash() {
    let input: DeriveInput = syn::parse_quote! {
        #[registry(provider = "Acme")]
        enum Cookies {
            #[cookie(name = "a", category = Necessary, purpose = "A")] SessionId,
            #[cookie(name = "b", category = Necessary, purpose = "B")] Session_Id,
            #[cookie(name = "c", category = Necessary, purpose = "C")] GA,
            #[cookie(name = "d", category = Necessary, purpose = "D")] X,
            #[cookie(name = "e", category = Necessary, purpose = "E")] All,
        }
    };
    let found = errors(&input);
    assert_eq!(found.len(), 4, "{found:?}");
    assert!(
        found[0].contains("variants `SessionId` and `Session_Id` would both generate `SESSION_ID`")
    );
    assert!(found[1].contains("such as `Ga`"));
    assert!(found[2].contains("give the variant a longer name"));
    assert!(found[3].contains("would hide `CookieRegistry::ALL`"));
}
