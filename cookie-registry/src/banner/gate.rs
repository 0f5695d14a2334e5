//! Third-party scripts rendered live or inert according to consent.

use core::fmt;

use crate::html::Escaped;
use crate::{Category, Consent, ConsentState};

/// A `<script src>` of a third party that sets cookies of one category, rendered live when the
/// consent allows that category and inert otherwise:
///
/// ```html
/// <script src="https://www.googletagmanager.com/gtag/js?id=G-1" async data-cookie-category="statistics"></script>
/// <script type="text/plain" src="https://www.googletagmanager.com/gtag/js?id=G-1" async data-cookie-category="statistics"></script>
/// ```
///
/// A browser neither fetches nor runs a `text/plain` script. The server knows the consent when
/// it renders, so the page is right on first paint; after the visitor agrees, the optional
/// [`SCRIPT`](super::SCRIPT) turns the inert tags of the granted categories live without a
/// reload. Without that script the next page load renders them live.
///
/// ```
/// use cookie_registry::{Category, Consent};
///
/// let src = "https://example.com/tag.js?a=1&b=2";
/// let refused = Consent::necessary_only().gated_script(Category::Statistics, src);
/// assert_eq!(
///     refused.to_string(),
///     "<script type=\"text/plain\" src=\"https://example.com/tag.js?a=1&amp;b=2\" \
///      data-cookie-category=\"statistics\"></script>"
/// );
/// let granted = Consent::all().gated_script(Category::Statistics, src).with_async().with_nonce("n0nce");
/// assert_eq!(
///     granted.to_string(),
///     "<script src=\"https://example.com/tag.js?a=1&amp;b=2\" async nonce=\"n0nce\" \
///      data-cookie-category=\"statistics\"></script>"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GatedScript<'a> {
    category: Category,
    src: &'a str,
    live: bool,
    is_async: bool,
    nonce: Option<&'a str>,
}

impl<'a> GatedScript<'a> {
    /// With the `async` attribute.
    #[must_use]
    pub fn with_async(mut self) -> Self {
        self.is_async = true;
        self
    }

    /// With the page's Content-Security-Policy nonce.
    #[must_use]
    pub fn with_nonce(mut self, nonce: &'a str) -> Self {
        self.nonce = Some(nonce);
        self
    }

    /// Whether the tag renders live (the consent allows its category).
    #[must_use]
    pub fn is_live(&self) -> bool {
        self.live
    }
}

impl fmt::Display for GatedScript<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<script")?;
        if !self.live {
            f.write_str(" type=\"text/plain\"")?;
        }
        write!(f, " src=\"{}\"", Escaped(self.src))?;
        if self.is_async {
            f.write_str(" async")?;
        }
        if let Some(nonce) = self.nonce {
            write!(f, " nonce=\"{}\"", Escaped(nonce))?;
        }
        write!(f, " data-cookie-category=\"{}\"></script>", self.category)
    }
}

impl Consent {
    /// A [`GatedScript`]: `src` live if this consent allows `category`, inert otherwise.
    #[must_use]
    pub fn gated_script<'a>(&self, category: Category, src: &'a str) -> GatedScript<'a> {
        GatedScript {
            category,
            src,
            live: self.allows(category),
            is_async: false,
            nonce: None,
        }
    }
}

impl ConsentState {
    /// A [`GatedScript`]: `src` live if what counts now ([`ConsentState::consent`]) allows
    /// `category`, inert otherwise.
    #[must_use]
    pub fn gated_script<'a>(&self, category: Category, src: &'a str) -> GatedScript<'a> {
        self.consent().gated_script(category, src)
    }
}
