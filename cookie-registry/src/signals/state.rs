//! The privacy signals as [`ConsentState`] shows them, and the regime table applied to the
//! visitor's choice.

use super::{Regime, Signals};
use crate::{Category, Consent, ConsentState};

/// The visitor's own choice as the consent cookie records it: one bit per category granted
/// under its current revision, and one per category refused (under any revision: an opt-out
/// outlives a change of the category's cookies).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Choice {
    pub(crate) granted: u8,
    pub(crate) refused: u8,
}

impl Choice {
    /// No choice recorded.
    pub(crate) const NONE: Choice = Choice {
        granted: 0,
        refused: 0,
    };

    /// The earlier choice for `category`: `Some(true)` granted, `Some(false)` refused, `None`
    /// not recorded (never asked, or granted under an older revision).
    pub(crate) const fn of(self, category: Category) -> Option<bool> {
        let bit = 1 << category.index();
        if self.granted & bit != 0 {
            Some(true)
        } else if self.refused & bit != 0 {
            Some(false)
        } else {
            None
        }
    }

    /// The consent in force under `signals`: each category by [`Regime::allows`].
    pub(crate) fn in_force(self, signals: Signals) -> Consent {
        let mut consent = Consent::necessary_only();
        for category in Category::ALL {
            if signals
                .regime()
                .allows(category, self.of(category), signals.gpc())
            {
                consent.grant(category);
            }
        }
        consent
    }
}

impl ConsentState {
    /// This state under `signals`: the regime in force and the GPC signal of the request. The
    /// [consent in force](ConsentState::consent) is recomputed from the visitor's own choice by
    /// the regime table ([`Regime::allows`]); the choice itself is unchanged. The middleware and
    /// the endpoint call this with the signals their resolver and the `Sec-GPC` header give.
    ///
    /// ```
    /// use cookie_registry::{Category, ConsentRecord, ConsentState, CookieRegistry, Consent};
    /// use cookie_registry::signals::{Regime, Signals};
    ///
    /// #[derive(CookieRegistry)]
    /// #[registry(provider = "Acme", consent_cookie = Choice)]
    /// enum Cookies {
    ///     #[cookie(name = "choice", category = Necessary, purpose = "Your cookie choice", max_age = "26w")]
    ///     Choice,
    ///     #[cookie(name = "_ga", category = Statistics, purpose = "Counts visits")]
    ///     Ga,
    ///     #[cookie(name = "_fbp", category = Marketing, purpose = "Ads")]
    ///     Fbp,
    /// }
    ///
    /// let all = ConsentRecord::new::<Cookies>(Consent::all(), None).cookie_value();
    /// let state = ConsentState::from_cookie_header::<Cookies>(&format!("choice={all}"));
    ///
    /// let us_gpc = state.with_signals(Signals::new(Regime::OptOut).with_gpc(true));
    /// assert!(us_gpc.gpc() && us_gpc.gpc_honoured());
    /// assert!(!us_gpc.consent().allows(Category::Marketing)); // refused over the grant
    /// assert!(us_gpc.consent().allows(Category::Statistics));
    /// assert!(us_gpc.choice().allows(Category::Marketing)); // what the visitor chose
    ///
    /// let eu_gpc = state.with_signals(Signals::new(Regime::OptIn).with_gpc(true));
    /// assert!(eu_gpc.gpc() && !eu_gpc.gpc_honoured());
    /// assert!(eu_gpc.consent().allows(Category::Marketing)); // an explicit grant stands
    /// ```
    #[must_use]
    pub fn with_signals(mut self, signals: Signals) -> Self {
        self.signals = signals;
        self.consent = self.choice.in_force(signals);
        self
    }

    /// The regime in force for this request ([`Regime::OptIn`] unless the site's resolver said
    /// otherwise).
    #[must_use]
    pub const fn regime(&self) -> Regime {
        self.signals.regime()
    }

    /// The privacy signals this state was read under.
    #[must_use]
    pub const fn signals(&self) -> Signals {
        self.signals
    }

    /// Whether the request carried the Global Privacy Control signal (`Sec-GPC: 1`).
    #[must_use]
    pub const fn gpc(&self) -> bool {
        self.signals.gpc()
    }

    /// Whether the GPC signal was honoured as an opt-out of sale and sharing: the request
    /// carried it under [`Regime::OptOut`], so Marketing is refused whatever the visitor chose
    /// before. A page shows it (11 CCR §7025(c)(6)); the built-in banner and settings form do.
    #[must_use]
    pub const fn gpc_honoured(&self) -> bool {
        self.signals.gpc() && matches!(self.signals.regime(), Regime::OptOut)
    }

    /// The visitor's own grants, as the consent cookie records them under the current
    /// revisions, whatever the regime: what a settings form shows as their choice.
    #[must_use]
    pub fn choice(&self) -> Consent {
        let mut consent = Consent::necessary_only();
        for category in Category::ALL {
            if self.choice.of(category) == Some(true) {
                consent.grant(category);
            }
        }
        consent
    }
}
