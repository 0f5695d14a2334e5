//! The typed declaration: what the attributes say, with the syn nodes kept for spans.

use proc_macro2::Span;
use syn::{Ident, LitStr, Variant};

/// `#[derive(CookieRegistry)]` on one enum, as parsed.
pub(crate) struct Registry<'a> {
    /// The enum's name.
    pub ident: &'a Ident,
    /// Where the runtime crate is: `::cookie_registry` unless `#[registry(crate = "...")]`.
    pub krate: syn::Path,
    /// `#[registry(consent_cookie = Variant)]`.
    pub consent_cookie: Option<Ident>,
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
}

/// One complete `#[cookie(...)]` declaration: every required key present.
pub(crate) struct Cookie {
    /// `name = "..."`, or `prefix = "..."` for a family.
    pub name: LitStr,
    /// True for `prefix = "..."`.
    pub family: bool,
    pub category: Spanned<Category>,
    pub purpose: LitStr,
    /// The variant's own `provider`, or the registry's default.
    pub provider: LitStr,
    pub function: Option<LitStr>,
    pub max_age: Option<Spanned<u64>>,
    pub secure: Option<Span>,
    pub http_only: Option<Span>,
    pub same_site: Option<Spanned<SameSite>>,
    pub path: Option<LitStr>,
    pub domain: Option<LitStr>,
    pub third_party: Option<Span>,
    pub anonymized: Option<Span>,
}

/// A value and where it was written.
#[derive(Clone, Copy)]
pub(crate) struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

/// `Category`'s variants, mirrored at compile time.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Category {
    Necessary,
    Preferences,
    Statistics,
    Marketing,
}

impl Category {
    pub(crate) const ALL: [Category; 4] = [
        Category::Necessary,
        Category::Preferences,
        Category::Statistics,
        Category::Marketing,
    ];

    /// The variant's identifier.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Category::Necessary => "Necessary",
            Category::Preferences => "Preferences",
            Category::Statistics => "Statistics",
            Category::Marketing => "Marketing",
        }
    }

    pub(crate) fn from_ident(ident: &str) -> Option<Self> {
        Category::ALL.into_iter().find(|c| c.as_str() == ident)
    }

    /// The lower-case name, as `Category` serializes and `revision(...)` takes it.
    pub(crate) fn lower(self) -> &'static str {
        match self {
            Category::Necessary => "necessary",
            Category::Preferences => "preferences",
            Category::Statistics => "statistics",
            Category::Marketing => "marketing",
        }
    }

    /// The position in `Category::ALL`.
    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

/// `SameSite`'s variants, mirrored at compile time.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum SameSite {
    Strict,
    Lax,
    None,
}

impl SameSite {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            SameSite::Strict => "Strict",
            SameSite::Lax => "Lax",
            SameSite::None => "None",
        }
    }

    pub(crate) fn from_ident(ident: &str) -> Option<Self> {
        [SameSite::Strict, SameSite::Lax, SameSite::None]
            .into_iter()
            .find(|s| s.as_str() == ident)
    }
}

impl Cookie {
    /// The name (or family prefix) as written.
    pub(crate) fn name(&self) -> String {
        self.name.value()
    }
}
