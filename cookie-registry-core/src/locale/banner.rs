//! The words of the consent banner and settings form, which a site's [`Locale`] may carry for a
//! language the banner has no words of its own for.

use super::{Locale, Word};

/// One text of the built-in consent banner and settings form: a key into a [`Locale`], as
/// [`Word::Banner`]. The banner has its own words for English, German, Swedish and French; for
/// any other declared language a site gives every one of these (and the policy's [`Word`]s).
///
/// ```
/// use cookie_registry::{BannerWord, Locale, Word};
///
/// let dutch = Locale::new("nl").with(Word::Banner(BannerWord::AcceptAll), "Alles accepteren");
/// assert!(dutch.banner_missing().contains(&BannerWord::RejectAll));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BannerWord {
    /// The banner's heading.
    Title,
    /// The banner's first paragraph.
    Intro,
    /// The settings form's heading.
    SettingsTitle,
    /// The settings form's first paragraph.
    SettingsIntro,
    /// Followed by the stale categories' names, joined by `, `, and a full stop.
    Stale,
    /// The "Accept all" button.
    AcceptAll,
    /// The "Reject all" button.
    RejectAll,
    /// The "Save my choices" button.
    Save,
    /// Opens the per-category choice.
    Manage,
    /// Closes a dialog (the JavaScript banners).
    Close,
    /// The legend of the category checkboxes.
    CategoriesLegend,
    /// After a category that needs no consent.
    AlwaysOn,
    /// Summary of a category's cookie table.
    CookiesSummary,
    /// Announced after a choice is saved without a reload.
    Saved,
    /// The link to the cookie policy.
    PolicyLink,
    /// Shown when a Global Privacy Control signal was honoured as an opt-out of sale and
    /// sharing (11 CCR §7025(c)(6)).
    GpcHonoured,
    /// Shown when a Global Privacy Control signal was received where it does not decide by
    /// itself (the opt-in regime): Marketing stays off unless ticked.
    GpcReceived,
    /// The settings form's receipt: the label of the visitor's consent id.
    ReceiptId,
    /// The receipt: the label of the time the consent was recorded.
    ReceiptTime,
    /// The receipt: why the visitor may want the id (GDPR art. 15, an access request).
    ReceiptNote,
}

impl BannerWord {
    /// Every banner word, in the order above.
    pub const ALL: [BannerWord; 20] = [
        BannerWord::Title,
        BannerWord::Intro,
        BannerWord::SettingsTitle,
        BannerWord::SettingsIntro,
        BannerWord::Stale,
        BannerWord::AcceptAll,
        BannerWord::RejectAll,
        BannerWord::Save,
        BannerWord::Manage,
        BannerWord::Close,
        BannerWord::CategoriesLegend,
        BannerWord::AlwaysOn,
        BannerWord::CookiesSummary,
        BannerWord::Saved,
        BannerWord::PolicyLink,
        BannerWord::GpcHonoured,
        BannerWord::GpcReceived,
        BannerWord::ReceiptId,
        BannerWord::ReceiptTime,
        BannerWord::ReceiptNote,
    ];
}

impl Locale {
    /// The banner words this locale lacks ([`Word::Banner`]). The built-in banner renders in a
    /// language without words of its own only when none is missing (and the policy's words are
    /// complete).
    #[must_use]
    pub fn banner_missing(&self) -> Vec<BannerWord> {
        BannerWord::ALL
            .into_iter()
            .filter(|&word| self.word(Word::Banner(word)).is_none())
            .collect()
    }
}
