//! The visitor's consent: the set of categories granted.

use crate::Category;

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

impl From<Category> for Consent {
    /// Necessary and `category`.
    fn from(category: Category) -> Self {
        Consent::necessary_only().with(category)
    }
}
