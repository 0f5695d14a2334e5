//! One declared cookie, as the derive records it.

use core::time::Duration;

use crate::{Category, Consent, DurationUnit, Lifetime, SameSite, Storage};

/// Everything one `#[cookie(...)]` declaration says, as a `'static` value.
///
/// The derive builds one `CookieSpec` per variant; reach it with
/// [`CookieRegistry::spec`](crate::CookieRegistry::spec) or
/// [`CookieRegistry::spec_of`](crate::CookieRegistry::spec_of).
///
/// ```
/// use cookie_registry::{Category, CookieRegistry, SameSite};
///
/// #[derive(CookieRegistry)]
/// enum Cookies {
///     #[cookie(name = "__Host-csrf", category = Necessary, provider = "Acme",
///              purpose = "Protects forms", secure, http_only, same_site = Strict,
///              path = "/", max_age = "30d")]
///     Csrf,
/// }
///
/// let spec = Cookies::Csrf.spec();
/// assert_eq!(spec.name, "__Host-csrf");
/// assert_eq!(spec.same_site, Some(SameSite::Strict));
/// assert_eq!(spec.max_age.map(|d| d.as_secs()), Some(30 * 86_400));
/// assert!(spec.secure && spec.http_only && !spec.is_session());
/// ```
///
/// It is `#[non_exhaustive]`: the declaration grows with new keys, so only the derive makes one
/// (through a hidden constructor), and code outside this crate reads its fields.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct CookieSpec {
    /// The cookie's name; for a family (`prefix = "..."`), the prefix its generated names share.
    pub name: &'static str,
    /// True when declared with `prefix = "..."`: a family of generated names such as `_ga_<id>`.
    pub family: bool,
    /// The consent category.
    pub category: Category,
    /// Who sets the cookie (the policy's "Service provider's name").
    pub provider: &'static str,
    /// Why the cookie exists (the policy's "Purposes").
    pub purpose: &'static str,
    /// The policy's "Function and location" column, when declared.
    pub function: Option<&'static str>,
    /// How long the browser keeps it; `None` for a session cookie.
    #[cfg_attr(feature = "serde", serde(serialize_with = "serialize_secs"))]
    pub max_age: Option<Duration>,
    /// The unit `max_age` was declared in (`"13mo"`: months), for the policy page.
    pub max_age_unit: Option<DurationUnit>,
    /// The `Secure` attribute.
    pub secure: bool,
    /// The `HttpOnly` attribute.
    pub http_only: bool,
    /// The `SameSite` attribute, when declared.
    pub same_site: Option<SameSite>,
    /// The `Path` attribute, when declared.
    pub path: Option<&'static str>,
    /// The `Domain` attribute, when declared.
    pub domain: Option<&'static str>,
    /// Set by (or readable by) a third party.
    pub third_party: bool,
    /// Anonymized statistics, exempt from consent (only for [`Category::Statistics`]).
    pub anonymized: bool,
    /// An HTTP cookie, or a Web Storage entry (`storage = local | session`).
    pub storage: Storage,
    /// The texts in the registry's further languages (`#[cookie(lang = "de", ...)]`), in the
    /// order of [`CookieRegistry::LANGUAGES`](crate::CookieRegistry::LANGUAGES) after the first.
    #[cfg_attr(feature = "serde", serde(skip))]
    pub translations: &'static [Translation],
}

/// A cookie's texts in one further language: `#[cookie(lang = "de", purpose = "...",
/// function = "...")]`. The derive checks at compile time that every declared language has
/// one for every cookie, with a `function` wherever the untranslated declaration has one.
///
/// ```
/// use cookie_registry::CookieRegistry;
///
/// #[derive(CookieRegistry)]
/// #[registry(provider = "Acme", languages = ["en", "de"])]
/// enum Cookies {
///     #[cookie(name = "sid", category = Necessary, purpose = "Keeps you signed in")]
///     #[cookie(lang = "de", purpose = "Hält Sie angemeldet")]
///     Sid,
/// }
///
/// let german = Cookies::Sid.spec().translation("de").expect("declared");
/// assert_eq!(german.purpose, "Hält Sie angemeldet");
/// assert_eq!(german.function, None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Translation {
    /// The language tag, as `languages` declares it.
    pub language: &'static str,
    /// The purpose in that language.
    pub purpose: &'static str,
    /// The function in that language, when the cookie declares one.
    pub function: Option<&'static str>,
}

impl Translation {
    /// A translation; the derive makes them. Not public API.
    #[doc(hidden)]
    #[must_use]
    pub const fn new(
        language: &'static str,
        purpose: &'static str,
        function: Option<&'static str>,
    ) -> Self {
        Translation {
            language,
            purpose,
            function,
        }
    }
}

impl CookieSpec {
    /// Whether this is a session cookie (no declared `max_age`).
    #[must_use]
    pub const fn is_session(&self) -> bool {
        self.max_age.is_none()
    }

    /// How long the cookie lives, as the policy page shows it: "Session", or the declared
    /// amount and unit ("13 months"); a `localStorage` entry until it is deleted.
    #[must_use]
    pub fn lifetime(&self) -> Lifetime {
        match self.storage {
            Storage::LocalStorage => Lifetime::UntilDeleted,
            Storage::Cookie | Storage::SessionStorage => {
                Lifetime::of(self.max_age, self.max_age_unit)
            }
        }
    }

    /// The texts in `language` (matched case-insensitively), when the registry declares it and
    /// it is not the registry's first language.
    #[must_use]
    pub fn translation(&self, language: &str) -> Option<&'static Translation> {
        self.translations
            .iter()
            .find(|translation| translation.language.eq_ignore_ascii_case(language))
    }

    /// Whether this is an HTTP cookie, which travels in `Cookie` and `Set-Cookie` headers; not
    /// a Web Storage entry (`storage = local | session`), whose name in a header counts as
    /// undeclared.
    #[must_use]
    pub const fn is_http_cookie(&self) -> bool {
        matches!(self.storage, Storage::Cookie)
    }

    /// Whether `name` is this cookie: equal to its name, or for a family, starting with its prefix.
    #[must_use]
    pub fn matches(&self, name: &str) -> bool {
        self.matches_bytes(name.as_bytes())
    }

    /// [`matches`](Self::matches) for a name read from a header as bytes.
    #[must_use]
    #[inline]
    pub(crate) fn matches_bytes(&self, name: &[u8]) -> bool {
        names_match(name, self.name, self.family)
    }

    /// Whether `consent` lets this cookie be set and read: always for `Necessary` and for
    /// anonymized `Statistics`, otherwise when its category is granted.
    #[must_use]
    pub const fn allowed_by(&self, consent: &Consent) -> bool {
        self.anonymized || consent.allows(self.category)
    }

    /// The name as a policy page shows it: the name, or `prefix*` for a family.
    #[must_use]
    pub fn display_name(&self) -> String {
        if self.family {
            format!("{}*", self.name)
        } else {
            self.name.to_owned()
        }
    }
}

/// The fields of a [`CookieSpec`], as the derive writes them: a struct literal the generated code
/// may build (completing it with `..BASE`), which `CookieSpec`, being `#[non_exhaustive]`, cannot
/// be from another crate. Not public API.
#[doc(hidden)]
#[derive(Clone, Copy)]
pub struct SpecFields {
    pub name: &'static str,
    pub family: bool,
    pub category: Category,
    pub provider: &'static str,
    pub purpose: &'static str,
    pub function: Option<&'static str>,
    pub max_age: Option<Duration>,
    pub max_age_unit: Option<DurationUnit>,
    pub secure: bool,
    pub http_only: bool,
    pub same_site: Option<SameSite>,
    pub path: Option<&'static str>,
    pub domain: Option<&'static str>,
    pub third_party: bool,
    pub anonymized: bool,
    pub storage: Storage,
    pub translations: &'static [Translation],
}

impl SpecFields {
    /// No name, the given category and provider, every option unset.
    #[must_use]
    pub const fn base(category: Category, provider: &'static str) -> Self {
        SpecFields {
            name: "",
            family: false,
            category,
            provider,
            purpose: "",
            function: None,
            max_age: None,
            max_age_unit: None,
            secure: false,
            http_only: false,
            same_site: None,
            path: None,
            domain: None,
            third_party: false,
            anonymized: false,
            storage: Storage::Cookie,
            translations: &[],
        }
    }

    /// The declaration these fields make. Listing every field here keeps the two types in step:
    /// a field added to `CookieSpec` and not here does not compile.
    #[must_use]
    pub const fn spec(self) -> CookieSpec {
        CookieSpec {
            name: self.name,
            family: self.family,
            category: self.category,
            provider: self.provider,
            purpose: self.purpose,
            function: self.function,
            max_age: self.max_age,
            // A session cookie has no unit, whatever the base it was written against says.
            max_age_unit: if self.max_age.is_some() {
                self.max_age_unit
            } else {
                None
            },
            secure: self.secure,
            http_only: self.http_only,
            same_site: self.same_site,
            path: self.path,
            domain: self.domain,
            third_party: self.third_party,
            anonymized: self.anonymized,
            storage: self.storage,
            translations: self.translations,
        }
    }
}

/// One cookie's declaration: its name and purpose on the declaration it shares with other
/// cookies (`shape`: provider, category, lifetime, attributes). The derive writes one call per
/// cookie, and one constant per distinct shape: for the compiler, a call with three arguments
/// costs less to check and evaluate than a struct literal. Not public API.
#[doc(hidden)]
#[must_use]
pub const fn cookie(name: &'static str, purpose: &'static str, shape: CookieSpec) -> CookieSpec {
    CookieSpec {
        name,
        purpose,
        ..shape
    }
}

/// [`cookie`] with the cookie's translations. Not public API.
#[doc(hidden)]
#[must_use]
pub const fn translated(
    name: &'static str,
    purpose: &'static str,
    translations: &'static [Translation],
    shape: CookieSpec,
) -> CookieSpec {
    CookieSpec {
        name,
        purpose,
        translations,
        ..shape
    }
}

#[cfg(feature = "serde")]
#[allow(clippy::ref_option)] // serde's `serialize_with` hands us `&Option<_>`
fn serialize_secs<S: serde::Serializer>(
    max_age: &Option<Duration>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match max_age {
        Some(duration) => serializer.serialize_some(&duration.as_secs()),
        None => serializer.serialize_none(),
    }
}

/// Whether `found` (a name read as bytes) is the text `declared`, or for a `family`, one of its
/// members: longer, starting with it, and text all through (a name that is not UTF-8 is never
/// declared). The one test of a name against a declaration, for `CookieSpec::matches` and for
/// the engine's readers, which have only a name and a family flag.
#[inline]
pub(crate) fn names_match(found: &[u8], declared: &str, family: bool) -> bool {
    let declared = declared.as_bytes();
    if family {
        found.len() > declared.len()
            && found.starts_with(declared)
            && found
                .get(declared.len()..)
                .is_some_and(|rest| core::str::from_utf8(rest).is_ok())
    } else {
        found == declared
    }
}
