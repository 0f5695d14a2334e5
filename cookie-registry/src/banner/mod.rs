//! The built-in consent banner: an HTML form that works without JavaScript, posting the consent
//! endpoint's form contract, with a default stylesheet and an optional script.
//!
//! - [`Banner`] renders the banner while the visitor has to be asked, and the same form on the
//!   policy page ([`Banner::settings`]), so consent is withdrawn as easily as it was given.
//! - [`STYLESHEET`] and [`SCRIPT`] are the two static assets: serve each at its
//!   [`Asset::path`] with its [`Asset::content_type`] (with the `tower` feature,
//!   `Asset::service` is that service), and put [`Asset::tag`] in the page's `<head>`. The
//!   script is optional: it submits with `fetch`, activates gated scripts and updates Google
//!   Consent Mode without a reload; everything works without it.
//! - [`GatedScript`] renders a third-party `<script>` live or inert according to consent.
//! - [`StorageCleanup`] (from [`ConsentState::storage_cleanup_script`]) removes the declared
//!   Web Storage entries of refused categories on first paint; the script removes them after a
//!   choice (the form's `data-cr-storage` lists them).
//!
//! # Styling
//!
//! The markup uses these classes, all prefixed `cr-`, which a site may restyle:
//! `cr-banner` (the fixed dialog) or `cr-settings` (the policy page's form), `cr-form`,
//! `cr-title`, `cr-intro`, `cr-gpc` (the note on a Global Privacy Control signal), `cr-stale` (the note naming changed categories), `cr-choices` (the
//! accept and refuse buttons, equal in size and weight), `cr-button`, `cr-button-secondary`
//! ("save my choices"), `cr-customize` and `cr-customize-toggle` (the `<details>` holding the
//! per-category choice: closed in the banner unless categories must be asked again, open on the
//! policy page), `cr-categories`, `cr-legend`, `cr-category`, `cr-check`, `cr-label`,
//! `cr-always`, `cr-about`, `cr-details`, `cr-cookies` (the table of a category's cookies),
//! `cr-footer`, `cr-policy` (the policy link) and `cr-status`. The default stylesheet sets no
//! inline style and needs no `style-src 'unsafe-inline'`.

mod assets;
mod gate;
pub(crate) mod notice;
mod receipt;
mod render;
#[cfg(feature = "tower")]
mod serve;
pub(crate) mod storage;
pub(crate) mod words;

#[cfg(test)]
mod tests;

pub use assets::{Asset, AssetTag, SCRIPT, STYLESHEET};
pub use gate::GatedScript;
#[cfg(feature = "tower")]
pub use serve::AssetService;
pub use storage::StorageCleanup;

use core::fmt;
use core::marker::PhantomData;

use crate::{Category, Consent, ConsentId, ConsentMethod, ConsentState, CookieRegistry, Notice};

/// Whether the visitor is asked about `category`: it has a cookie that needs consent (not
/// Necessary, not anonymized statistics). A category of anonymized statistics only is shown as
/// always on, like Necessary, as the consent value never records it.
pub(crate) fn is_asked<R: CookieRegistry>(category: Category) -> bool {
    R::in_category(category).any(|cookie| !cookie.allowed_by(&Consent::necessary_only()))
}

/// Where the consent endpoint is mounted unless told otherwise.
pub const DEFAULT_ENDPOINT: &str = "/consent";

/// Where the cookie policy page is unless told otherwise.
pub const DEFAULT_POLICY_URL: &str = "/cookies";

/// The consent banner (or the policy page's settings form) of registry `R`, rendered as an HTML
/// fragment by [`Display`](fmt::Display).
///
/// The form posts to the consent endpoint: `choice=all` ("Accept all"), `choice=necessary`
/// ("Reject all", the same size and weight), or `choice=custom` with one `category` field per
/// ticked box ("Save my choices"), and a hidden `return_to`. Each category that has cookies is
/// listed with a checkbox (ticked where currently granted; Necessary always on and disabled)
/// and can be expanded to its cookies' name, provider, purpose and duration. Every text is
/// escaped, every checkbox has its label, and there is no inline script or style.
#[derive(Debug, Clone)]
pub struct Banner<'a, R> {
    consent: Consent,
    needs_prompt: bool,
    stale: [bool; 4],
    settings: bool,
    /// The decision's id and time, shown as a receipt on the settings form.
    receipt: Option<(ConsentId, u64)>,
    /// Rendering the notice's text: without the hidden fields.
    notice_only: bool,
    lang: &'a str,
    endpoint: &'a str,
    return_to: &'a str,
    policy_link: Option<&'a str>,
    /// A site's words, from [`Banner::in_locale`].
    locale: Option<crate::Locale>,
    /// The GPC note to show, if any.
    gpc: Option<GpcNote>,
    registry: PhantomData<fn() -> R>,
}

/// What the banner says about a Global Privacy Control signal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum GpcNote {
    /// Honoured as an opt-out of sale and sharing (the opt-out regime).
    Honoured,
    /// Received; Marketing stays off unless ticked (the opt-in regime).
    Received,
}

impl<'a, R: CookieRegistry> Banner<'a, R> {
    /// The banner for a visitor in `state`: shown while [`ConsentState::needs_prompt`], naming
    /// the [stale](ConsentState::stale) categories when that is why.
    ///
    /// ```
    /// use cookie_registry::{Banner, ConsentState, CookieRegistry};
    ///
    /// #[derive(CookieRegistry)]
    /// #[registry(provider = "Acme", consent_cookie = Choice)]
    /// enum Cookies {
    ///     #[cookie(name = "choice", category = Necessary, purpose = "Your cookie choice",
    ///              path = "/", max_age = "26w")]
    ///     Choice,
    ///     #[cookie(name = "_ga", category = Statistics, provider = "Google",
    ///              purpose = "Counts visits", max_age = "13mo")]
    ///     Ga,
    /// }
    ///
    /// let state = ConsentState::from_cookie_header::<Cookies>(""); // never asked
    /// let html = Banner::<Cookies>::new(&state)
    ///     .return_to("/shop")
    ///     .policy_link("/cookies")
    ///     .to_string();
    /// assert!(html.contains("role=\"dialog\""));
    /// assert!(html.contains("<form class=\"cr-form\" method=\"post\" action=\"/consent\""));
    /// assert!(html.contains("<button class=\"cr-button\" type=\"submit\" name=\"choice\" value=\"all\">"));
    /// assert!(html.contains("name=\"category\" value=\"statistics\""));
    /// assert!(html.contains("<td data-label=\"Duration\">13 months</td>"));
    ///
    /// let decided = ConsentState::from_cookie_header::<Cookies>(&format!(
    ///     "choice={}",
    ///     cookie_registry::ConsentRecord::new::<Cookies>(Default::default(), None).cookie_value()
    /// ));
    /// assert_eq!(Banner::<Cookies>::new(&decided).to_string(), ""); // nothing to ask
    /// assert!(!Banner::<Cookies>::settings(&decided).to_string().is_empty());
    /// ```
    #[must_use]
    pub fn new(state: &ConsentState) -> Self {
        let mut banner = Self::from_parts(state.consent(), state.needs_prompt(), state.stale());
        banner.receipt = state.id().zip(state.decided_at());
        banner.gpc = if state.gpc_honoured() {
            Some(GpcNote::Honoured)
        } else if state.gpc() {
            Some(GpcNote::Received)
        } else {
            None
        };
        banner
    }

    /// The settings form for the policy page: the same form, always shown (as a `<section>`,
    /// not a dialog), so that consent is withdrawn as easily as it was given (GDPR art. 7(3)).
    ///
    /// Once the visitor has decided, it shows their receipt: the decision's consent id and
    /// when it was recorded (UTC), so they can cite it in an access request (GDPR art. 15).
    ///
    /// ```
    /// use cookie_registry::{Banner, ConsentRecord, ConsentState, CookieRegistry};
    ///
    /// #[derive(CookieRegistry)]
    /// #[registry(provider = "Acme", consent_cookie = Choice, languages = ["en", "de"])]
    /// enum Cookies {
    ///     #[cookie(name = "choice", category = Necessary, purpose = "Your cookie choice")]
    ///     #[cookie(lang = "de", purpose = "Ihre Cookie-Auswahl")]
    ///     Choice,
    ///     #[cookie(name = "_ga", category = Statistics, purpose = "Counts visits")]
    ///     #[cookie(lang = "de", purpose = "Zählt Besuche")]
    ///     Ga,
    /// }
    ///
    /// let record = ConsentRecord::new::<Cookies>(Default::default(), None);
    /// let state = ConsentState::from_cookie_value::<Cookies>(&record.cookie_value()).unwrap();
    /// let html = Banner::<Cookies>::settings(&state).lang("de").to_string();
    /// assert!(html.contains(&format!("<dt>Ihre Einwilligungs-ID</dt>\n<dd><code>{}</code></dd>", record.id)));
    /// assert!(html.contains("<dt>Erfasst am</dt>"));
    /// ```
    #[must_use]
    pub fn settings(state: &ConsentState) -> Self {
        Self::new(state).into_settings()
    }

    /// A banner for a visitor whose consent is `consent`, shown when `needs_prompt`; `stale`
    /// are the categories to ask again for, named in the banner.
    pub(crate) fn from_parts(
        consent: Consent,
        needs_prompt: bool,
        stale: impl IntoIterator<Item = Category>,
    ) -> Self {
        let mut flags = [false; 4];
        for category in stale {
            flags[category.index()] = true;
        }
        Banner {
            consent,
            needs_prompt,
            stale: flags,
            settings: false,
            receipt: None,
            notice_only: false,
            lang: "",
            endpoint: DEFAULT_ENDPOINT,
            return_to: "/",
            policy_link: None,
            locale: None,
            gpc: None,
            registry: PhantomData,
        }
    }

    /// The settings form instead of the banner: always shown, as a section of the page rather
    /// than a dialog, for the policy page.
    #[must_use]
    pub(crate) fn into_settings(mut self) -> Self {
        self.settings = true;
        self
    }

    /// The language to show: a declared language with built-in words (English, German,
    /// Swedish, French) is shown in it; a language the registry does not declare, in its first
    /// language. A declared language without built-in words renders nothing, never another
    /// language: give its words with [`in_locale`](Self::in_locale).
    #[must_use]
    pub fn lang(mut self, lang: &'a str) -> Self {
        self.lang = lang;
        self
    }

    /// The banner in `locale`'s language, with `locale`'s words (as
    /// [`PolicyTable::in_locale`](crate::PolicyTable::in_locale) takes them): the policy's
    /// [`Word`](crate::Word)s for the category names, descriptions and durations, and the
    /// banner's own [`BannerWord`](crate::BannerWord)s as `Word::Banner` entries (built in for
    /// English, German, Swedish and French; a locale may override them). `None` when the
    /// registry does not declare the language, or a word is missing
    /// ([`Locale::missing`](crate::Locale::missing), [`Locale::banner_missing`](crate::Locale::banner_missing)).
    ///
    /// ```
    /// use cookie_registry::{BannerWord, Banner, ConsentState, CookieRegistry, Locale, Word};
    ///
    /// #[derive(CookieRegistry)]
    /// #[registry(provider = "Acme", consent_cookie = Choice, languages = ["en", "nl"])]
    /// enum Cookies {
    ///     #[cookie(name = "choice", category = Necessary, purpose = "Your choice", max_age = "26w")]
    ///     #[cookie(lang = "nl", purpose = "Uw keuze")]
    ///     Choice,
    /// }
    ///
    /// let state = ConsentState::undecided();
    /// // Dutch is declared but has no built-in words: not shown in another language.
    /// assert_eq!(Banner::<Cookies>::new(&state).lang("nl").to_string(), "");
    /// // A Dutch locale without the banner's words is refused, as a policy table refuses it.
    /// let policy_words_only = Locale::new("nl");
    /// assert!(Banner::<Cookies>::new(&state).in_locale(policy_words_only).is_none());
    /// # let mut dutch = Locale::builtin("en").unwrap();
    /// # dutch = Word::all().into_iter().fold(Locale::new("nl"), |l, w| l.with(w, "nl"));
    /// # let dutch = BannerWord::ALL.into_iter().fold(dutch, |l, w| l.with(Word::Banner(w), "nl"));
    /// # let dutch = dutch.with(Word::Banner(BannerWord::AcceptAll), "Alles accepteren");
    /// // With every word, it is shown in Dutch.
    /// let html = Banner::<Cookies>::new(&state).in_locale(dutch).expect("complete").to_string();
    /// assert!(html.contains("lang=\"nl\"") && html.contains("Alles accepteren"));
    /// ```
    #[must_use]
    pub fn in_locale(mut self, locale: crate::Locale) -> Option<Self> {
        words::locale_texts::<R>(locale.clone())?;
        self.locale = Some(locale);
        Some(self)
    }

    /// Where the form posts: the consent endpoint's path (default `/consent`).
    #[must_use]
    pub fn endpoint(mut self, endpoint: &'a str) -> Self {
        self.endpoint = endpoint;
        self
    }

    /// Where the endpoint sends the visitor back to (default `/`): usually the current page's
    /// path. The endpoint only follows same-origin paths.
    #[must_use]
    pub fn return_to(mut self, path: &'a str) -> Self {
        self.return_to = path;
        self
    }

    /// A link to the cookie policy page at the foot of the form (none by default). Give a URL
    /// of your own site: it is escaped, not checked.
    #[must_use]
    pub fn policy_link(mut self, url: &'a str) -> Self {
        self.policy_link = Some(url);
        self
    }

    /// How a decision made with this form is recorded: [`ConsentMethod::Banner`], or
    /// [`ConsentMethod::SettingsPage`] for [`settings`](Self::settings). The form sends it as
    /// the hidden field `method` (`banner` or `settings`).
    #[must_use]
    pub fn method(&self) -> ConsentMethod {
        if self.settings {
            ConsentMethod::SettingsPage
        } else {
            ConsentMethod::Banner
        }
    }

    /// The notice this form shows, as a consent record made with it points to (by the hash the
    /// form sends as the hidden field `notice`) and a store archives: the form's words and
    /// cookie tables in its language, as a first-time visitor sees them (nothing ticked, no
    /// stale note, no receipt, the default endpoint, no policy link, no hidden field), a blank
    /// line, then the cookie policy page in the same language as
    /// `policy_table().page().to_html()` renders it. The form also sends the language shown,
    /// as the hidden field `lang`.
    ///
    /// The consent endpoint knows every such notice of the registry (both forms, every
    /// language), so it records a hash it was sent only when it is one of them, and the
    /// notice's text with it.
    ///
    /// ```
    /// use cookie_registry::{Banner, ConsentState, CookieRegistry};
    ///
    /// #[derive(CookieRegistry)]
    /// #[registry(provider = "Acme", consent_cookie = Choice, languages = ["en", "fr"])]
    /// enum Cookies {
    ///     #[cookie(name = "choice", category = Necessary, purpose = "Your cookie choice")]
    ///     #[cookie(lang = "fr", purpose = "Votre choix")]
    ///     Choice,
    /// }
    ///
    /// let banner = Banner::<Cookies>::new(&ConsentState::undecided()).lang("fr");
    /// let notice = banner.notice();
    /// assert!(notice.text().contains("Tout refuser") && notice.text().contains("Votre choix"));
    /// let html = banner.to_string();
    /// assert!(html.contains(&format!("<input type=\"hidden\" name=\"notice\" value=\"{}\">", notice.hash())));
    /// assert!(html.contains("<input type=\"hidden\" name=\"lang\" value=\"fr\">"));
    /// assert!(html.contains("<input type=\"hidden\" name=\"method\" value=\"banner\">"));
    /// ```
    #[must_use]
    pub fn notice(&self) -> Notice {
        let language = words::words_for::<R>(self.lang).builtin_lang();
        Notice::new(notice::text::<R>(self.method(), language))
    }

    /// Whether rendering writes anything: always for the settings form, otherwise while the
    /// visitor needs to be asked.
    #[must_use]
    pub fn is_shown(&self) -> bool {
        self.settings || self.needs_prompt
    }
}

impl<R: CookieRegistry> fmt::Display for Banner<'_, R> {
    /// The HTML fragment, or nothing when [`is_shown`](Banner::is_shown) is false.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_shown() {
            render::render(self, f)
        } else {
            Ok(())
        }
    }
}
