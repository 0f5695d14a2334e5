//! The trait `#[derive(CookieRegistry)]` implements.

use std::borrow::Cow;

use crate::{Category, Consent, CookieSpec, PolicyTable};

/// A site's declared cookies: implemented by `#[derive(CookieRegistry)]` on a fieldless enum.
///
/// Besides this trait the derive generates, on the enum itself, one `&str` constant per exactly
/// named cookie (`Cookies::SESSION_ID`), usable as a `match` pattern; an `is_<variant>` matcher
/// per family (`prefix = "..."`); and `const fn named(&str) -> Self`, which turns an undeclared
/// name in a const context into a compile error.
///
/// The trait holds what the derive generates, the lookups and [`policy_table`](Self::policy_table).
/// What is built from a registry comes from extension traits implemented for every registry:
/// [`CookieBuilderExt`](crate::CookieBuilderExt) (cookies with the declared attributes) and
/// [`js_config::JsConfigs`](crate::js_config::JsConfigs) (the JavaScript banners' configs). A
/// registry with `#[registry(consent_cookie = ...)]` also implements [`HasConsentCookie`].
///
/// ```
/// use cookie_registry::{Category, CookieRegistry};
///
/// #[derive(CookieRegistry, Debug, Clone, Copy, PartialEq, Eq)]
/// #[registry(provider = "Opendatasoft")]
/// pub enum Cookies {
///     /// The visitor's session.
///     #[cookie(name = "sessionid", category = Necessary,
///              function = "Authentication (front and back office)",
///              purpose = "To remember the user from one page to another")]
///     SessionId,
///     #[cookie(name = "_ga", category = Statistics, provider = "Google",
///              purpose = "Counts visits", max_age = "390d", third_party)]
///     Ga,
/// }
///
/// assert_eq!(Cookies::SESSION_ID, "sessionid");
/// assert_eq!(Cookies::from_name("sessionid"), Some(Cookies::SessionId));
/// assert_eq!(Cookies::from_name("SESSIONID"), None); // names are case-sensitive
/// assert_eq!(Cookies::category_of("_ga"), Some(Category::Statistics));
/// assert_eq!(Cookies::Ga.provider(), "Google");
/// assert_eq!(Cookies::ALL, &[Cookies::SessionId, Cookies::Ga]);
///
/// const SESSION: Cookies = Cookies::named("sessionid");
/// match "sessionid" {
///     Cookies::SESSION_ID => assert_eq!(SESSION.name(), "sessionid"),
///     _ => unreachable!(),
/// }
/// ```
///
/// # Attributes
///
/// The full reference, with the compile-time checks, is the README's "Declaring cookies"
/// section; in short:
///
/// | `#[cookie(...)]` key | value |
/// |---|---|
/// | `name` or `prefix` | the cookie's name (an RFC 6265 token), or the prefix of a family of generated names |
/// | `category` | `Necessary`, `Preferences`, `Statistics` or `Marketing` |
/// | `purpose`, `function` | texts of the policy table (`purpose` required) |
/// | `provider` | who sets it (or the registry's default) |
/// | `max_age` | a whole number and `s`, `min`, `h`, `d`, `w`, `mo` (30 days) or `y` (365 days), at most 400 days; none: a session cookie |
/// | `secure`, `http_only`, `same_site`, `path`, `domain` | the cookie's attributes |
/// | `third_party`, `anonymized` | flags (`anonymized` only for `Statistics`) |
/// | `storage` | `local` or `session`: a Web Storage entry, with no cookie attributes |
/// | `lang` | in a second `#[cookie(lang = "de", purpose = "...", function = "...")]`: a translation |
///
/// | `#[registry(...)]` key | value |
/// |---|---|
/// | `provider` | the default provider |
/// | `consent_cookie` | the variant of the `Necessary` cookie that stores consent |
/// | `languages` | `["en", "de"]`: the first is the texts' language, each other one needs a translation per variant |
/// | `revision` | `revision(statistics = 2)`: raise to ask every visitor again for that category after a change of wording |
/// | `crate` | the path of this crate when renamed |
pub trait CookieRegistry: Sized + 'static {
    /// Every variant, in declaration order.
    const ALL: &'static [Self];

    /// Every variant's declaration, in declaration order (`SPECS[i]` belongs to `ALL[i]`).
    const SPECS: &'static [CookieSpec];

    /// This cookie's declaration.
    fn spec(&self) -> &'static CookieSpec;

    /// The cookie called `name`: an exact, case-sensitive match first, otherwise the family
    /// (`prefix = "..."`) with the longest prefix of `name`.
    fn from_name(name: &str) -> Option<Self>;

    /// The declaration of the cookie called `name`, as [`from_name`](Self::from_name) finds it.
    fn spec_of(name: &str) -> Option<&'static CookieSpec>;

    /// [`spec_of`](Self::spec_of) for a name read from a header as bytes; the derive probes
    /// its table with the bytes directly. Not public API: the engine's filter and gate call it.
    #[doc(hidden)]
    #[inline]
    fn __spec_of_bytes(name: &[u8]) -> Option<&'static CookieSpec> {
        core::str::from_utf8(name).ok().and_then(Self::spec_of)
    }

    /// Whether the registry names its consent cookie (`#[registry(consent_cookie = ...)]`).
    ///
    /// Code that needs the consent cookie is better off requiring [`HasConsentCookie`], which
    /// fails under `cargo check` at the caller's line. A `const` assertion on this constant
    /// works too, but fails only at `cargo build` (monomorphization), inside the function:
    ///
    /// ```
    /// use cookie_registry::CookieRegistry;
    ///
    /// fn consent_cookie_name<R: CookieRegistry>() -> &'static str {
    ///     const { assert!(R::HAS_CONSENT_COOKIE, "the registry has no consent_cookie") };
    ///     R::consent_cookie().map_or("", |cookie| cookie.name())
    /// }
    ///
    /// #[derive(CookieRegistry)]
    /// #[registry(provider = "Acme", consent_cookie = Consent)]
    /// enum Cookies {
    ///     #[cookie(name = "consent", category = Necessary, purpose = "Stores your choice")]
    ///     Consent,
    /// }
    ///
    /// assert!(Cookies::HAS_CONSENT_COOKIE);
    /// assert_eq!(consent_cookie_name::<Cookies>(), "consent");
    /// ```
    const HAS_CONSENT_COOKIE: bool;

    /// The cookie that stores the visitor's consent, named by `#[registry(consent_cookie = ...)]`.
    fn consent_cookie() -> Option<Self>;

    /// The languages of the registry's texts, `#[registry(languages = [...])]`: the first is
    /// the language of the texts in `#[cookie(...)]`, each further one has a translation of
    /// every cookie. `["en"]` when none are declared.
    ///
    /// ```
    /// use cookie_registry::CookieRegistry;
    ///
    /// #[derive(CookieRegistry)]
    /// #[registry(provider = "Acme", languages = ["sv", "en"])]
    /// enum Cookies {
    ///     #[cookie(name = "sid", category = Necessary, purpose = "Håller dig inloggad")]
    ///     #[cookie(lang = "en", purpose = "Keeps you signed in")]
    ///     Sid,
    /// }
    ///
    /// assert_eq!(Cookies::LANGUAGES, ["sv", "en"]);
    /// assert_eq!(Cookies::negotiate_language("en-GB,en;q=0.9,sv;q=0.5"), "en");
    /// assert_eq!(Cookies::negotiate_language("fi"), "sv");
    /// ```
    const LANGUAGES: &'static [&'static str] = &["en"];

    /// The best of [`LANGUAGES`](Self::LANGUAGES) for an `Accept-Language` header value:
    /// quality values honoured (`q=0` excludes), ranges matched case-insensitively and by
    /// prefix (`de-AT` finds `de`, `pt` finds `pt-BR`), and the first language when nothing
    /// matches or the header is malformed.
    fn negotiate_language(accept_language: &str) -> &'static str {
        crate::negotiate::negotiate(accept_language, Self::LANGUAGES)
    }

    /// The revision of `category`'s cookie list, computed at compile time: a stable hash of
    /// what a visitor agrees to when granting the category, so that a stored grant counts only
    /// while it still holds. That is which cookies the category has, and for each its name (or
    /// family prefix), provider, lifetime (`max_age`), and whether it is `third_party` or
    /// `anonymized`; plus the number given in `#[registry(revision(category = n))]`, which a
    /// site raises when a change of wording changes what visitors agree to.
    ///
    /// Texts do not count (`purpose`, `function`): fixing a typo does not ask every visitor
    /// again. Neither do the attributes that do not change who can read the cookie or for how
    /// long (`path`, `domain`, `same_site`, `secure`, `http_only`).
    ///
    /// ```
    /// use cookie_registry::{Category, CookieRegistry};
    ///
    /// #[derive(CookieRegistry)]
    /// #[registry(provider = "Google")]
    /// enum Before {
    ///     #[cookie(name = "_ga", category = Statistics, purpose = "Counts visits", max_age = "400d")]
    ///     Ga,
    /// }
    ///
    /// #[derive(CookieRegistry)]
    /// #[registry(provider = "Google")]
    /// enum Reworded {
    ///     #[cookie(name = "_ga", category = Statistics, purpose = "Counts visits.", max_age = "400d")]
    ///     Ga,
    /// }
    ///
    /// #[derive(CookieRegistry)]
    /// #[registry(provider = "Google", revision(statistics = 2))]
    /// enum Reasked {
    ///     #[cookie(name = "_ga", category = Statistics, purpose = "Counts visits.", max_age = "400d")]
    ///     Ga,
    /// }
    ///
    /// let statistics = Category::Statistics;
    /// assert_eq!(Before::revision(statistics), Reworded::revision(statistics));
    /// assert_ne!(Reworded::revision(statistics), Reasked::revision(statistics));
    /// ```
    fn revision(category: Category) -> u32;

    /// The cookie's name (for a family, its prefix).
    fn name(&self) -> &'static str {
        self.spec().name
    }

    /// The cookie's consent category.
    fn category(&self) -> Category {
        self.spec().category
    }

    /// Who sets the cookie.
    fn provider(&self) -> &'static str {
        self.spec().provider
    }

    /// Why the cookie exists.
    fn purpose(&self) -> &'static str {
        self.spec().purpose
    }

    /// The policy's "Function and location" column, when declared.
    fn function(&self) -> Option<&'static str> {
        self.spec().function
    }

    /// The category of the cookie called `name`, or `None` if it is not declared.
    fn category_of(name: &str) -> Option<Category> {
        Self::spec_of(name).map(|spec| spec.category)
    }

    /// The cookies of `category`, in declaration order.
    fn in_category(category: Category) -> impl Iterator<Item = &'static Self> {
        Self::ALL
            .iter()
            .filter(move |cookie| cookie.category() == category)
    }

    /// Whether `consent` lets this cookie be set and read: always for `Necessary` and for
    /// anonymized `Statistics`, otherwise when its category is granted.
    fn allowed_by(&self, consent: &Consent) -> bool {
        self.spec().allowed_by(consent)
    }

    /// The names among `names` that this registry does not declare as cookies, in their order
    /// (a storage entry's name, `storage = local | session`, is no cookie's).
    ///
    /// ```
    /// use cookie_registry::CookieRegistry;
    ///
    /// #[derive(CookieRegistry)]
    /// #[registry(provider = "Acme")]
    /// enum Cookies {
    ///     #[cookie(name = "sid", category = Necessary, purpose = "Session")]
    ///     Sid,
    /// }
    ///
    /// assert_eq!(Cookies::undeclared(["sid", "tracker", "SID"]), ["tracker", "SID"]);
    /// ```
    fn undeclared<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
        names
            .into_iter()
            .filter(|name| !Self::spec_of(name).is_some_and(CookieSpec::is_http_cookie))
            .collect()
    }

    /// The published policy table of every declared cookie.
    fn policy_table() -> PolicyTable {
        PolicyTable::from_specs_in(Self::SPECS, Self::LANGUAGES)
    }

    /// Deprecated: [`CookieBuilderExt::builder`](crate::CookieBuilderExt::builder), which
    /// this forwards to.
    #[deprecated(note = "use `cookie_registry::CookieBuilderExt::builder`")]
    fn build<'v>(&self, value: impl Into<Cow<'v, str>>) -> cookie::CookieBuilder<'static> {
        crate::CookieBuilderExt::builder(self, value)
    }

    /// Deprecated: [`CookieBuilderExt::builder_named`](crate::CookieBuilderExt::builder_named),
    /// which this forwards to.
    ///
    /// # Errors
    /// As `builder_named`: [`NotDeclared`](crate::NotDeclared) when `name` is not this cookie.
    #[deprecated(note = "use `cookie_registry::CookieBuilderExt::builder_named`")]
    fn build_named<'n, 'v>(
        &self,
        name: impl Into<Cow<'n, str>>,
        value: impl Into<Cow<'v, str>>,
    ) -> Result<cookie::CookieBuilder<'static>, crate::NotDeclared> {
        crate::CookieBuilderExt::builder_named(self, name, value)
    }

    /// Deprecated: [`CookieBuilderExt::removal_cookie`](crate::CookieBuilderExt::removal_cookie),
    /// which this forwards to.
    #[deprecated(note = "use `cookie_registry::CookieBuilderExt::removal_cookie`")]
    fn removal(&self) -> cookie::Cookie<'static> {
        crate::CookieBuilderExt::removal_cookie(self)
    }

    /// Deprecated: [`JsConfigs::cookieconsent_module`](crate::js_config::JsConfigs::cookieconsent_module),
    /// which this forwards to.
    #[deprecated(note = "use `cookie_registry::js_config::JsConfigs::cookieconsent_module`")]
    fn cookieconsent_config() -> String {
        <Self as crate::js_config::JsConfigs>::cookieconsent_module()
    }

    /// Deprecated: [`JsConfigs::klaro_module`](crate::js_config::JsConfigs::klaro_module),
    /// which this forwards to.
    #[deprecated(note = "use `cookie_registry::js_config::JsConfigs::klaro_module`")]
    fn klaro_config() -> String {
        <Self as crate::js_config::JsConfigs>::klaro_module()
    }
}

/// A registry that names its consent cookie: implemented by `#[derive(CookieRegistry)]` for an
/// enum with `#[registry(consent_cookie = Variant)]`, and only for one.
///
/// What needs the consent cookie requires this trait: `ConsentLayer::new()`, the actix
/// `ConsentMiddleware::new()`, both `ConsentEndpoint::new()`s and the [`engine`](crate::engine)
/// entry points that read or write consent. Without a consent cookie they could never see a
/// visitor's choice and would refuse every optional cookie forever, so such a registry is a
/// type error at the line that asks for one, under `cargo check` as under `cargo build`:
///
/// ```compile_fail
/// use cookie_registry::{CookieRegistry, HasConsentCookie};
///
/// fn needs_consent<R: HasConsentCookie>() {}
///
/// #[derive(CookieRegistry)]
/// #[registry(provider = "Acme")] // no `consent_cookie = ...`
/// enum Cookies {
///     #[cookie(name = "sid", category = Necessary, purpose = "Session")]
///     Sid,
/// }
///
/// needs_consent::<Cookies>(); // error: the registry `Cookies` names no consent cookie
/// ```
///
/// ```
/// use cookie_registry::{CookieRegistry, HasConsentCookie};
///
/// fn consent_cookie_name<R: HasConsentCookie>() -> &'static str {
///     R::consent_cookie().map_or("", |cookie| cookie.name())
/// }
///
/// #[derive(CookieRegistry)]
/// #[registry(provider = "Acme", consent_cookie = Consent)]
/// enum Cookies {
///     #[cookie(name = "consent", category = Necessary, purpose = "Stores your choice")]
///     Consent,
/// }
///
/// assert_eq!(consent_cookie_name::<Cookies>(), "consent");
/// ```
///
/// A hand-written `CookieRegistry` implements it when its
/// [`consent_cookie`](CookieRegistry::consent_cookie) returns `Some` (and
/// [`HAS_CONSENT_COOKIE`](CookieRegistry::HAS_CONSENT_COOKIE) is `true`).
#[diagnostic::on_unimplemented(
    message = "the registry `{Self}` names no consent cookie",
    label = "`{Self}` has no `#[registry(consent_cookie = …)]`",
    note = "add #[registry(consent_cookie = Variant)] to `{Self}`, naming the `Necessary` cookie that stores the visitor's choice: without it, consent can never be read and every optional cookie is refused"
)]
pub trait HasConsentCookie: CookieRegistry {}
