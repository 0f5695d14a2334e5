//! The typed declaration: what the attributes say, with the syn nodes kept for spans.

use proc_macro2::{Literal, Span, TokenStream};
use quote::ToTokens;
use syn::{Ident, LitStr, Variant};

use crate::symbol::Keyword;

/// `#[derive(CookieRegistry)]` on one enum, as parsed.
pub(crate) struct Registry<'a> {
    /// The enum's name.
    pub ident: &'a Ident,
    /// Where the runtime crate is: `::cookie_registry` unless `#[registry(crate = "...")]`.
    pub krate: syn::Path,
    /// `#[registry(consent_cookie = Variant)]`.
    pub consent_cookie: Option<Ident>,
    /// `consent_cookie` was written with a mistake (or misspelled, or the attribute could not be
    /// read to the end): its error is reported, and the fallback does not add a second one.
    pub consent_cookie_error_reported: bool,
    /// `#[registry(languages = [...])]`: empty when not given (one language, `en`).
    pub languages: Vec<LitStr>,
    /// `#[registry(policy_file = "...")]` or `policy_file(en = "...", de = "...")`.
    pub policy_files: Vec<PolicyFile>,
    /// `#[registry(revision(statistics = 2))]`: the number mixed into each category's revision,
    /// by `Category::ALL` index (0 when not given).
    pub revision_bumps: [u32; 4],
    /// Every variant, in declaration order; `cookie` is `None` where the declaration was too
    /// broken to read (its errors are already reported).
    pub variants: Vec<VariantDecl<'a>>,
}

/// One variant and its declaration.
pub(crate) struct VariantDecl<'a> {
    pub variant: &'a Variant,
    pub cookie: Option<Cookie>,
    /// The variant's name, asked of the compiler once.
    pub name: String,
    /// The item the derive adds for it: the name constant (`SESSION_ID`), or a family's
    /// matcher (`is_session_id`).
    pub item: String,
}

/// One complete `#[cookie(...)]` declaration: every required key present.
pub(crate) struct Cookie {
    /// `name = "..."`, or `prefix = "..."` for a family.
    pub name: Text,
    /// True for `prefix = "..."`.
    pub family: bool,
    pub category: Spanned<Category>,
    pub purpose: Text,
    /// The variant's own `provider`, or the registry's default.
    pub provider: Text,
    pub function: Option<Text>,
    pub max_age: Option<Spanned<MaxAge>>,
    pub secure: Option<Span>,
    pub http_only: Option<Span>,
    pub same_site: Option<Spanned<SameSite>>,
    pub path: Option<Text>,
    pub domain: Option<Text>,
    pub third_party: Option<Span>,
    pub anonymized: Option<Span>,
    /// `storage = local | session`: a Web Storage entry, not an HTTP cookie.
    pub storage: Option<Spanned<Storage>>,
    /// `#[cookie(lang = "de", purpose = "...")]`, in the order written.
    pub translations: Vec<Translation>,
}

/// A string literal and its value, read once: reading a literal's value asks the compiler for
/// its text and unescapes it, which adds up over 1,000 cookies in a macro that runs unoptimized.
#[derive(Clone)]
pub(crate) struct Text {
    token: Literal,
    value: String,
}

impl Text {
    /// The string literal `literal`, or `literal` read as what it is instead. A literal without
    /// escapes (most are) is its source text between the quotes; any other goes through syn.
    pub(crate) fn of(literal: Literal) -> Result<Self, syn::Lit> {
        let source = literal.to_string();
        if let Some(inner) = source.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
            if !inner.contains(['\\', '\r']) {
                return Ok(Text {
                    value: inner.to_owned(),
                    token: literal,
                });
            }
        }
        match syn::Lit::new(literal) {
            syn::Lit::Str(lit) => Ok(Text::from(lit)),
            other => Err(other),
        }
    }

    /// The literal's value.
    pub(crate) fn value(&self) -> &str {
        &self.value
    }

    pub(crate) fn span(&self) -> Span {
        self.token.span()
    }

    /// As a syn literal, with the same value and span.
    pub(crate) fn lit(&self) -> LitStr {
        LitStr::new(&self.value, self.span())
    }
}

impl From<LitStr> for Text {
    fn from(lit: LitStr) -> Self {
        Text {
            value: lit.value(),
            token: lit.token(),
        }
    }
}

/// Errors are spanned at the literal.
impl ToTokens for Text {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        self.token.to_tokens(tokens);
    }
}

/// `max_age = "13mo"`: the number and the unit as declared, kept for the policy page.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct MaxAge {
    pub amount: u64,
    pub unit: DurationUnit,
}

impl MaxAge {
    /// The lifetime in seconds; `None` when it does not fit in a `u64` (far over the cap).
    pub(crate) fn seconds(self) -> Option<u64> {
        self.amount.checked_mul(self.unit.seconds())
    }
}

/// The vocabulary of declarations, from `cookie-registry-core`: the runtime's own types, so the
/// derive cannot know a category, a `SameSite` value, a storage kind or a `max_age` unit that
/// the runtime does not.
pub(crate) use cookie_registry_core::{Category, DurationUnit, SameSite, Storage};

/// One committed policy page, locked to the registry.
pub(crate) struct PolicyFile {
    /// The language tag, as declared in `languages` (or `en`).
    pub language: String,
    /// The path, relative to the crate's `Cargo.toml`.
    pub path: Text,
}

/// One `#[cookie(lang = "...", purpose = "...", function = "...")]`.
pub(crate) struct Translation {
    pub lang: Text,
    pub purpose: Option<Text>,
    pub function: Option<Text>,
    /// The attribute's `cookie`, for errors about the whole translation.
    pub attr: syn::Path,
}

/// `storage = local | session`: core's `Storage`, whose `Cookie` is the default (no key).
impl Keyword for Storage {
    const WHAT: &'static str = "`storage` kind";
    const WORDS: &'static [(&'static str, Self)] = &[
        ("local", Storage::LocalStorage),
        ("session", Storage::SessionStorage),
    ];
}

/// The identifier of `storage`'s variant, for the generated code and the revision hash.
pub(crate) fn storage_variant(storage: Storage) -> &'static str {
    match storage {
        Storage::Cookie => "Cookie",
        Storage::LocalStorage => "LocalStorage",
        Storage::SessionStorage => "SessionStorage",
    }
}

/// A value and where it was written.
#[derive(Clone, Copy)]
pub(crate) struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

/// `category = Statistics`: core's `Category`, its variants written as they are named.
impl Keyword for Category {
    const WHAT: &'static str = "category";
    const WORDS: &'static [(&'static str, Self)] = &[
        ("Necessary", Category::Necessary),
        ("Preferences", Category::Preferences),
        ("Statistics", Category::Statistics),
        ("Marketing", Category::Marketing),
    ];
}

/// `same_site = Lax`: core's `SameSite`.
impl Keyword for SameSite {
    const WHAT: &'static str = "`same_site` value";
    const WORDS: &'static [(&'static str, Self)] = &[
        ("Strict", SameSite::Strict),
        ("Lax", SameSite::Lax),
        ("None", SameSite::None),
    ];
}

impl Cookie {
    /// The name (or family prefix) as written.
    pub(crate) fn name(&self) -> &str {
        self.name.value()
    }
}
