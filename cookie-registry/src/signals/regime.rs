//! [`Regime`]: which consent model governs a request, and the table that decides each
//! category under it.

use core::fmt;

use crate::Category;

/// The consent model that governs one request, chosen by the site per request (from a CDN's
/// country header, say) through a resolver given to the middleware and the endpoint.
///
/// | regime | before any choice | after the visitor refused a category | `Sec-GPC: 1` |
/// |---|---|---|---|
/// | [`OptIn`](Regime::OptIn) (EU/UK) | only Necessary | refused | received, changes nothing: an explicit grant stands |
/// | [`OptOut`](Regime::OptOut) (US state laws) | every category allowed | refused | Marketing refused, even over a grant |
///
/// In `OptOut`, Marketing stands for the cookies that "sell" or "share" personal data
/// (Cal. Civ. Code §1798.140(ad), (ah)): GPC is an opt-out of exactly that (11 CCR §7025).
/// Which regime applies where, and whether the site's Marketing cookies sell or share, the
/// library does not decide: the site does.
///
/// ```
/// use cookie_registry::{Category, signals::Regime};
///
/// assert_eq!(Regime::default(), Regime::OptIn);
/// // An undecided visitor in the opt-out regime may be counted, but a GPC signal refuses ads.
/// assert!(Regime::OptOut.allows(Category::Statistics, None, true));
/// assert!(!Regime::OptOut.allows(Category::Marketing, Some(true), true));
/// // In the opt-in regime, GPC does not take back an explicit grant.
/// assert!(Regime::OptIn.allows(Category::Marketing, Some(true), true));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Regime {
    /// Nothing optional before consent (ePrivacy Directive art. 5(3), GDPR art. 6(1)(a) and 7):
    /// the EU, the EEA, the UK. The default.
    #[default]
    OptIn,
    /// Optional categories allowed until the visitor opts out; Marketing refused once they opt
    /// out or send Global Privacy Control (California's CCPA/CPRA, Colorado's CPA and the other
    /// US state laws that honour a universal opt-out signal).
    OptOut,
}

impl Regime {
    /// Whether `category` is allowed under this regime, given the visitor's own earlier choice
    /// for it (`None`: no choice recorded; `Some(true)`: granted; `Some(false)`: refused) and
    /// whether the request carries a Global Privacy Control signal. Necessary is always
    /// allowed. This is the whole table; [`ConsentState`](crate::ConsentState) applies it.
    #[must_use]
    pub const fn allows(self, category: Category, earlier: Option<bool>, gpc: bool) -> bool {
        if matches!(category, Category::Necessary) {
            return true;
        }
        match self {
            Regime::OptIn => matches!(earlier, Some(true)),
            Regime::OptOut => {
                let opted_out = matches!(earlier, Some(false));
                // GPC is an opt-out of sale and sharing: Marketing (11 CCR §7025(c)(1)).
                let signal_refuses = gpc && matches!(category, Category::Marketing);
                !(opted_out || signal_refuses)
            }
        }
    }

    /// `"opt-in"` or `"opt-out"`, as the consent endpoint's JSON writes it.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Regime::OptIn => "opt-in",
            Regime::OptOut => "opt-out",
        }
    }
}

impl fmt::Display for Regime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
