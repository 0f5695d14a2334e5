//! What the server knows about one visitor's consent choice.

use super::value::{self, Decoded};
use super::{Consent, ConsentError, ConsentId};
use crate::{Category, CookieRegistry, CookieSpec};

/// What the server knows about one visitor's consent choice: whether they decided, what counts
/// now, and which categories must be asked again.
///
/// Read it from the request with [`ConsentState::from_cookie_header`]; `ConsentLayer` (and the
/// actix middleware) put it in the request extensions next to the [`Consent`].
///
/// | the visitor's consent cookie | `is_decided` | `needs_prompt` | `consent` |
/// |---|---|---|---|
/// | none (never asked) | false | true | necessary only |
/// | a valid value refusing everything | true | false | necessary only |
/// | a valid value granting Statistics | true | false | Statistics |
/// | granted Statistics, whose cookies changed since | true | true, `stale` = Statistics | necessary only |
/// | forged, malformed or of another format | false | true | necessary only |
/// | older than the consent cookie's `max_age` | false | true | necessary only |
///
/// A category is *stale* when the visitor decided on it under an older revision of its cookie
/// list ([`CookieRegistry::revision`]), or when it had no cookies when they chose and has
/// cookies now. A stale grant counts as refused until the visitor is asked again.
///
/// ```
/// use cookie_registry::{Category, ConsentRecord, ConsentState, CookieRegistry};
///
/// #[derive(CookieRegistry)]
/// #[registry(provider = "Acme", consent_cookie = Choice)]
/// enum Cookies {
///     #[cookie(name = "choice", category = Necessary, purpose = "Your cookie choice", max_age = "26w")]
///     Choice,
///     #[cookie(name = "_ga", category = Statistics, purpose = "Counts visits")]
///     Ga,
/// }
///
/// let fresh = ConsentState::from_cookie_header::<Cookies>("sid=1");
/// assert!(!fresh.is_decided() && fresh.needs_prompt());
///
/// let record = ConsentRecord::new::<Cookies>(Category::Statistics.into(), None);
/// let header = format!("sid=1; choice={}", record.cookie_value());
/// let state = ConsentState::from_cookie_header::<Cookies>(&header);
/// assert!(state.is_decided() && !state.needs_prompt());
/// assert!(state.consent().allows(Category::Statistics));
/// assert_eq!(state.stale().count(), 0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConsentState {
    /// The consent in force: the visitor's choice under the regime and signals below.
    pub(crate) consent: Consent,
    decided: bool,
    /// One bit per stale category, by [`Category::index`].
    stale: u8,
    id: Option<ConsentId>,
    decided_at: Option<u64>,
    /// The visitor's own grants and refusals (any revision), one bit per category: what the
    /// regime table reads (`signals/state.rs`).
    pub(crate) choice: crate::signals::Choice,
    pub(crate) signals: crate::signals::Signals,
}

impl ConsentState {
    /// A visitor who has not decided: nothing granted but Necessary, to be asked.
    #[must_use]
    pub const fn undecided() -> Self {
        ConsentState {
            consent: Consent::necessary_only(),
            decided: false,
            stale: 0,
            id: None,
            decided_at: None,
            choice: crate::signals::Choice::NONE,
            signals: crate::signals::Signals::new(crate::signals::Regime::OptIn),
        }
    }

    /// Reads registry `R`'s consent cookie from a `Cookie` request header (the first one, as
    /// browsers send the most specific path first). No consent cookie, one whose value does
    /// not decode, and a registry without `#[registry(consent_cookie = ...)]` all give
    /// [`ConsentState::undecided`]. Never panics.
    #[must_use]
    pub fn from_cookie_header<R: CookieRegistry>(header: &str) -> ConsentState {
        Self::from_cookie_bytes::<R>(header.as_bytes())
    }

    /// [`from_cookie_header`](Self::from_cookie_header) for a header that may not be UTF-8,
    /// read with the engine's one `Cookie` header parser.
    pub(crate) fn from_cookie_bytes<R: CookieRegistry>(header: &[u8]) -> ConsentState {
        let Some(spec) = consent_spec::<R>() else {
            return ConsentState::undecided();
        };
        crate::engine::pairs::find_named(header, spec.name, spec.family)
            .and_then(|pair| ConsentState::from_cookie_value_bytes::<R>(pair.value(header)).ok())
            .unwrap_or_default()
    }

    /// Reads a consent cookie's value for registry `R`.
    ///
    /// A value older than the consent cookie's declared `max_age` gives
    /// [`ConsentState::undecided`]: the choice has lapsed and is asked again.
    ///
    /// # Errors
    /// [`ConsentError`] when the value is not of either format this crate writes, or records a
    /// decision in the future.
    pub fn from_cookie_value<R: CookieRegistry>(value: &str) -> Result<ConsentState, ConsentError> {
        Self::from_cookie_value_bytes::<R>(value.as_bytes())
    }

    /// [`from_cookie_value`](Self::from_cookie_value) for a value as bytes, as it comes in a
    /// `Cookie` header (a valid value is ASCII: no UTF-8 check is needed first).
    pub(crate) fn from_cookie_value_bytes<R: CookieRegistry>(
        value: &[u8],
    ) -> Result<ConsentState, ConsentError> {
        let decoded = value::decode_bytes(value)?;
        if let Some(decided_at) = decoded.decided_at {
            let now = now();
            if decided_at > now.saturating_add(CLOCK_SKEW_SECS) {
                return Err(ConsentError::FromTheFuture);
            }
            let lifetime = consent_spec::<R>().and_then(|spec| spec.max_age);
            if lifetime.is_some_and(|max_age| now - decided_at.min(now) > max_age.as_secs()) {
                return Ok(ConsentState::undecided());
            }
        }
        Ok(Self::judge::<R>(&decoded))
    }

    /// Holds a decoded value against the registry's current revisions.
    fn judge<R: CookieRegistry>(decoded: &Decoded) -> ConsentState {
        let in_use = categories_in_use::<R>();
        let version_1 = decoded.id.is_none();
        let (mut granted, mut stale, mut refused) = (0u8, 0u8, 0u8);
        for category in Category::ALL {
            let bit = 1 << category.index();
            let Some(slot) = value::slot(category) else {
                continue; // Necessary
            };
            if in_use & bit == 0 {
                continue; // no cookies now: nothing to grant or ask
            }
            match decoded.entries.get(slot).copied().flatten() {
                Some(entry) if entry.revision == R::revision(category) => {
                    if entry.granted {
                        granted |= bit;
                    } else {
                        refused |= bit;
                    }
                }
                Some(entry) => {
                    stale |= bit;
                    // An opt-out stays one across revisions (the opt-out regime reads it).
                    if !entry.granted {
                        refused |= bit;
                    }
                }
                // Version 1 lists grants only: no entry is a refusal, not a category unseen.
                None if version_1 => refused |= bit,
                None => stale |= bit,
            }
        }
        ConsentState {
            consent: Consent::from_bits(granted),
            decided: true,
            stale,
            id: decoded.id,
            decided_at: decoded.decided_at,
            choice: crate::signals::Choice { granted, refused },
            signals: crate::signals::Signals::new(crate::signals::Regime::OptIn),
        }
    }

    /// What counts now: in the opt-in regime (the default), the categories granted under their
    /// current revision (stale, forged or lapsed grants count as refused); under other
    /// [signals](crate::signals), what the regime table makes of the visitor's choice
    /// ([`ConsentState::with_signals`]).
    #[must_use]
    pub const fn consent(&self) -> Consent {
        self.consent
    }

    /// Whether a valid consent value of this registry was present, even one refusing
    /// everything.
    #[must_use]
    pub const fn is_decided(&self) -> bool {
        self.decided
    }

    /// The categories to ask about again: decided under an older revision of their cookie
    /// list, or without cookies when the visitor chose and with cookies now.
    pub fn stale(&self) -> impl Iterator<Item = Category> + use<> {
        let stale = self.stale;
        Category::ALL
            .into_iter()
            .filter(move |c| stale & (1 << c.index()) != 0)
    }

    /// Whether the site should show its consent banner: the visitor has not decided, or some
    /// category is stale.
    #[must_use]
    pub const fn needs_prompt(&self) -> bool {
        !self.decided || self.stale != 0
    }

    /// The id of the decision the consent cookie records (`None` before a decision, and for
    /// values written before consent ids existed).
    #[must_use]
    pub const fn id(&self) -> Option<ConsentId> {
        self.id
    }

    /// When the visitor decided, in Unix seconds (`None` when unknown).
    #[must_use]
    pub const fn decided_at(&self) -> Option<u64> {
        self.decided_at
    }
}

impl Default for ConsentState {
    fn default() -> Self {
        ConsentState::undecided()
    }
}

impl Consent {
    /// Decodes a consent cookie value written by [`Consent::to_cookie_value`] (or by an earlier
    /// version of this crate): the categories it grants that still count, as
    /// [`ConsentState::consent`] says.
    ///
    /// A grant recorded for a category whose [`CookieRegistry::revision`] has changed since
    /// no longer counts: that category is asked for again, the others keep their grants. A
    /// value older than the consent cookie's declared `max_age` grants nothing.
    ///
    /// # Errors
    /// [`ConsentError`] for any value that is not exactly of the encoded form.
    pub fn from_cookie_value<R: CookieRegistry>(value: &str) -> Result<Consent, ConsentError> {
        ConsentState::from_cookie_value::<R>(value).map(|state| state.consent())
    }
}

/// How far in the future a decision time may lie before the value counts as forged: clocks of
/// the servers behind one site drift a little.
const CLOCK_SKEW_SECS: u64 = 300;

/// The current time in Unix seconds (0 before 1970, rather than a panic).
pub(crate) fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// The declaration of `R`'s consent cookie, if it names one.
pub(crate) fn consent_spec<R: CookieRegistry>() -> Option<&'static CookieSpec> {
    R::consent_cookie().map(|cookie| cookie.spec())
}

/// One bit per category (by [`Category::index`]) that has at least one declared cookie needing
/// consent: a category of anonymized statistics only is never asked about.
pub(crate) const fn categories_in_use<R: CookieRegistry>() -> u8 {
    const fn of(specs: &[CookieSpec]) -> u8 {
        let (mut bits, mut i) = (0u8, 0);
        while i < specs.len() {
            if !specs[i].anonymized {
                bits |= 1 << specs[i].category.index();
            }
            i += 1;
        }
        bits
    }
    const { of(R::SPECS) }
}
