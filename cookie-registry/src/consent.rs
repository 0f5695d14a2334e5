//! The visitor's consent, and its encoding in the consent cookie.

use core::fmt;

use crate::{Category, CookieRegistry};

/// The set of categories a visitor agreed to. [`Category::Necessary`] is always granted.
///
/// A method either updates a consent in place ([`grant`](Self::grant),
/// [`revoke`](Self::revoke), chainable on a variable) or builds a new one by value
/// ([`with`](Self::with), [`without`](Self::without)); none does both.
///
/// ```
/// use cookie_registry::{Category, Consent};
///
/// let mut consent = Consent::necessary_only();
/// assert!(consent.allows(Category::Necessary));
/// assert!(!consent.allows(Category::Statistics));
///
/// consent.grant(Category::Statistics).grant(Category::Marketing);
/// assert!(consent.allows(Category::Statistics) && consent.allows(Category::Marketing));
///
/// consent.revoke(Category::Statistics).revoke(Category::Necessary);
/// assert_eq!(consent, Consent::necessary_only().with(Category::Marketing)); // Necessary stays
///
/// let built = Consent::necessary_only().with(Category::Preferences);
/// assert!(built.allows(Category::Preferences));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Consent {
    /// One bit per category, by [`Category::index`]; bit 0 (Necessary) is always set.
    bits: u8,
}

const NECESSARY_BIT: u8 = 1;

impl Consent {
    /// Only strictly necessary cookies: the state before the visitor chose anything.
    #[must_use]
    pub const fn necessary_only() -> Self {
        Consent {
            bits: NECESSARY_BIT,
        }
    }

    /// Every category granted.
    #[must_use]
    pub const fn all() -> Self {
        Consent { bits: 0b1111 }
    }

    /// Grants `category`, in place; returns `self` so that calls chain on a variable.
    pub fn grant(&mut self, category: Category) -> &mut Self {
        self.bits |= 1 << category.index();
        self
    }

    /// Withdraws `category`, in place; revoking `Necessary` does nothing. Returns `self` so
    /// that calls chain on a variable.
    pub fn revoke(&mut self, category: Category) -> &mut Self {
        self.bits &= !(1 << category.index());
        self.bits |= NECESSARY_BIT;
        self
    }

    /// This consent with `category` granted as well.
    ///
    /// ```
    /// use cookie_registry::{Category, Consent};
    ///
    /// const STATS: Consent = Consent::necessary_only().with(Category::Statistics);
    /// assert_eq!(STATS.granted().count(), 2);
    /// ```
    #[must_use]
    pub const fn with(self, category: Category) -> Self {
        Consent {
            bits: self.bits | 1 << category.index(),
        }
    }

    /// This consent without `category` (`Necessary` stays granted).
    #[must_use]
    pub const fn without(self, category: Category) -> Self {
        Consent {
            bits: (self.bits & !(1 << category.index())) | NECESSARY_BIT,
        }
    }

    /// The consent whose granted categories are the bits of `bits` (bit `i` for
    /// `Category::ALL[i]`); Necessary is always included.
    pub(crate) const fn from_bits(bits: u8) -> Self {
        Consent {
            bits: (bits & 0b1111) | NECESSARY_BIT,
        }
    }

    /// Whether cookies of `category` may be set and read.
    #[must_use]
    pub const fn allows(&self, category: Category) -> bool {
        self.bits & (1 << category.index()) != 0
    }

    /// The granted categories, in the order of [`Category::ALL`].
    pub fn granted(&self) -> impl Iterator<Item = Category> + '_ {
        Category::ALL.into_iter().filter(|c| self.allows(*c))
    }

    /// Encodes this consent as a fresh consent cookie value for registry `R`: a decision made
    /// now, with a new random consent id. See [`ConsentRecord`](crate::ConsentRecord) for the
    /// format, and for the record a site keeps as proof of the same decision.
    ///
    /// ```
    /// use cookie_registry::{Category, Consent, CookieRegistry};
    ///
    /// #[derive(CookieRegistry)]
    /// #[registry(provider = "Acme")]
    /// enum Cookies {
    ///     #[cookie(name = "_ga", category = Statistics, purpose = "Counts visits")]
    ///     Ga,
    /// }
    ///
    /// let consent = Consent::necessary_only().with(Category::Statistics);
    /// let value = consent.to_cookie_value::<Cookies>();
    /// assert!(value.starts_with("2."));
    /// assert_eq!(Consent::from_cookie_value::<Cookies>(&value), Ok(consent));
    /// ```
    #[must_use]
    pub fn to_cookie_value<R: CookieRegistry>(&self) -> String {
        crate::ConsentRecord::new::<R>(*self, None).cookie_value()
    }

    /// Decodes a consent cookie value written by [`Consent::to_cookie_value`] (or by an earlier
    /// version of this crate): the categories it grants that still count, as
    /// [`ConsentState::consent`](crate::ConsentState::consent) says.
    ///
    /// A grant recorded for a category whose [`CookieRegistry::revision`] has changed since
    /// no longer counts: that category is asked for again, the others keep their grants. A
    /// value older than the consent cookie's declared `max_age` grants nothing.
    ///
    /// # Errors
    /// [`ConsentError`] for any value that is not exactly of the encoded form.
    pub fn from_cookie_value<R: CookieRegistry>(value: &str) -> Result<Consent, ConsentError> {
        crate::ConsentState::from_cookie_value::<R>(value).map(|state| state.consent())
    }
}

impl Default for Consent {
    /// [`Consent::necessary_only`]: nothing is granted until the visitor says so.
    fn default() -> Self {
        Consent::necessary_only()
    }
}

impl FromIterator<Category> for Consent {
    fn from_iter<I: IntoIterator<Item = Category>>(iter: I) -> Self {
        let mut consent = Consent::necessary_only();
        for category in iter {
            consent.grant(category);
        }
        consent
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Consent {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.granted())
    }
}

/// Why a consent cookie value could not be decoded. Treat it as no consent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConsentError {
    /// The value is empty.
    Empty,
    /// The value is longer than any value this version writes.
    TooLong,
    /// The value does not start with a known format version.
    UnknownVersion,
    /// An entry is not a category letter followed by eight lower-case hex digits, or the
    /// consent id or decision time is not of the encoded form.
    Malformed,
    /// The decision time lies in the future: the value was not written by this server.
    FromTheFuture,
    /// A category appears twice.
    Duplicate(Category),
}

impl fmt::Display for ConsentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConsentError::Empty => f.write_str("the consent cookie is empty"),
            ConsentError::TooLong => f.write_str("the consent cookie is too long"),
            ConsentError::UnknownVersion => {
                f.write_str("the consent cookie has an unknown format version")
            }
            ConsentError::Malformed => f.write_str("the consent cookie is not of the encoded form"),
            ConsentError::FromTheFuture => {
                f.write_str("the consent cookie records a decision in the future")
            }
            ConsentError::Duplicate(category) => {
                write!(f, "the consent cookie names category {category} twice")
            }
        }
    }
}

impl std::error::Error for ConsentError {}
