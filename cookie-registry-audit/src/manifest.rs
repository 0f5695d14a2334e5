//! The registry's declarations as data: what the audit compares the browser's view with.

use cookie_registry::{Category, CookieRegistry, CookieSpec, SameSite, Storage};
use serde::{Deserialize, Serialize};

/// Every declaration of a registry, as JSON the CLI reads: `Manifest::of::<Cookies>()` in the
/// site's code, serialized with `serde_json`, is what `cookie-registry audit <url> --registry
/// <manifest.json>` takes.
///
/// ```
/// use cookie_registry::CookieRegistry;
/// use cookie_registry_audit::Manifest;
///
/// #[derive(CookieRegistry)]
/// #[registry(provider = "Acme", consent_cookie = Consent)]
/// enum Cookies {
///     #[cookie(name = "consent", category = Necessary, purpose = "Stores your choice",
///              max_age = "26w", path = "/")]
///     Consent,
///     #[cookie(prefix = "_ga_", category = Statistics, provider = "Google",
///              purpose = "Counts visits", max_age = "390d")]
///     GaSession,
/// }
///
/// let manifest = Manifest::of::<Cookies>();
/// let json = serde_json::to_string_pretty(&manifest).unwrap();
/// assert_eq!(serde_json::from_str::<Manifest>(&json).unwrap(), manifest);
/// assert_eq!(manifest.find("_ga_DEMO42").unwrap().name, "_ga_");
/// assert_eq!(manifest.consent_cookie.as_deref(), Some("consent"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Manifest {
    /// The format's version: 1.
    pub format: u32,
    /// The name of the cookie that stores the visitor's consent, when the registry names one.
    pub consent_cookie: Option<String>,
    /// Every declaration, in declaration order.
    pub cookies: Vec<Declared>,
}

/// One `#[cookie(...)]` declaration in a [`Manifest`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Declared {
    /// The name, or for a family the prefix its generated names share.
    pub name: String,
    /// True for a family (`prefix = "..."`).
    #[serde(default)]
    pub family: bool,
    /// The consent category: `necessary`, `preferences`, `statistics` or `marketing`.
    pub category: Category,
    /// Who sets it.
    #[serde(default)]
    pub provider: String,
    /// The declared lifetime in seconds; `null` for a session cookie.
    #[serde(default)]
    pub max_age_secs: Option<u64>,
    /// The `Secure` attribute.
    #[serde(default)]
    pub secure: bool,
    /// The `HttpOnly` attribute.
    #[serde(default)]
    pub http_only: bool,
    /// The `SameSite` attribute (`Strict`, `Lax` or `None`), when declared.
    #[serde(default)]
    pub same_site: Option<String>,
    /// The `Path` attribute, when declared.
    #[serde(default)]
    pub path: Option<String>,
    /// The `Domain` attribute, when declared.
    #[serde(default)]
    pub domain: Option<String>,
    /// Set by (or readable by) a third party.
    #[serde(default)]
    pub third_party: bool,
    /// Anonymized statistics, exempt from consent.
    #[serde(default)]
    pub anonymized: bool,
    /// `cookie`, `local_storage` or `session_storage`.
    #[serde(default)]
    pub storage: StorageKind,
}

/// Where a declared entry lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StorageKind {
    /// An HTTP cookie.
    #[default]
    Cookie,
    /// A `localStorage` key.
    LocalStorage,
    /// A `sessionStorage` key.
    SessionStorage,
}

impl StorageKind {
    /// `"cookie"`, `"localStorage"` or `"sessionStorage"`, as a browser names them.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            StorageKind::Cookie => "cookie",
            StorageKind::LocalStorage => "localStorage",
            StorageKind::SessionStorage => "sessionStorage",
        }
    }
}

impl Manifest {
    /// The declarations of registry `R`.
    #[must_use]
    pub fn of<R: CookieRegistry>() -> Manifest {
        Manifest {
            format: 1,
            consent_cookie: R::consent_cookie().map(|cookie| cookie.name().to_owned()),
            cookies: R::SPECS.iter().map(Declared::from_spec).collect(),
        }
    }

    /// The declaration of the cookie called `name`: an exact match first, otherwise the family
    /// with the longest prefix of `name` (as `CookieRegistry::from_name` finds it).
    #[must_use]
    pub fn find(&self, name: &str) -> Option<&Declared> {
        self.find_in(StorageKind::Cookie, name)
    }

    /// The declaration of the `kind` entry called `name`, found as [`find`](Self::find) does.
    #[must_use]
    pub fn find_in(&self, kind: StorageKind, name: &str) -> Option<&Declared> {
        let of_kind = || self.cookies.iter().filter(move |d| d.storage == kind);
        of_kind().find(|d| !d.family && d.name == name).or_else(|| {
            of_kind()
                .filter(|d| d.family && name.starts_with(d.name.as_str()))
                .max_by_key(|d| d.name.len())
        })
    }

    /// The categories that have at least one declaration and need consent: the audit's passes
    /// "each optional category alone".
    #[must_use]
    pub fn optional_categories(&self) -> Vec<Category> {
        Category::ALL
            .into_iter()
            .filter(|category| category.needs_consent())
            .filter(|category| self.cookies.iter().any(|d| d.category == *category))
            .collect()
    }
}

impl Declared {
    fn from_spec(spec: &CookieSpec) -> Declared {
        Declared {
            name: spec.name.to_owned(),
            family: spec.family,
            category: spec.category,
            provider: spec.provider.to_owned(),
            max_age_secs: spec.max_age.map(|age| age.as_secs()),
            secure: spec.secure,
            http_only: spec.http_only,
            same_site: spec.same_site.map(|s| SameSite::as_str(s).to_owned()),
            path: spec.path.map(str::to_owned),
            domain: spec.domain.map(str::to_owned),
            third_party: spec.third_party,
            anonymized: spec.anonymized,
            storage: match spec.storage {
                Storage::LocalStorage => StorageKind::LocalStorage,
                Storage::SessionStorage => StorageKind::SessionStorage,
                _ => StorageKind::Cookie,
            },
        }
    }

    /// Whether this entry may exist without consent: a `Necessary` one, or anonymized
    /// statistics.
    #[must_use]
    pub fn exempt(&self) -> bool {
        !self.category.needs_consent() || self.anonymized
    }

    /// The name as a policy page shows it: `prefix*` for a family.
    #[must_use]
    pub fn display_name(&self) -> String {
        if self.family {
            format!("{}*", self.name)
        } else {
            self.name.clone()
        }
    }
}
