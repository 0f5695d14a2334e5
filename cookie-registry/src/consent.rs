//! The visitor's consent, and its encoding in the consent cookie.

use core::fmt;

use crate::{Category, CookieRegistry};

/// The set of categories a visitor agreed to. [`Category::Necessary`] is always granted.
///
/// ```
/// use cookie_registry::{Category, Consent};
///
/// let mut consent = Consent::necessary_only();
/// assert!(consent.allows(Category::Necessary));
/// assert!(!consent.allows(Category::Statistics));
///
/// consent.grant(Category::Statistics);
/// assert!(consent.allows(Category::Statistics));
///
/// consent.revoke(Category::Statistics);
/// consent.revoke(Category::Necessary);
/// assert_eq!(consent, Consent::necessary_only()); // Necessary cannot be revoked
///
/// let chained = Consent::necessary_only().grant(Category::Preferences);
/// assert!(chained.allows(Category::Preferences));
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

    /// Grants `category`, and returns the updated consent.
    ///
    /// It updates `self` in place, so `consent.grant(category);` is a statement of its own, and
    /// returns a copy, so a value can be built from a constructor in one expression:
    ///
    /// ```
    /// use cookie_registry::{Category, Consent};
    ///
    /// let built = Consent::necessary_only()
    ///     .grant(Category::Statistics)
    ///     .grant(Category::Marketing);
    ///
    /// let mut updated = Consent::necessary_only();
    /// updated.grant(Category::Statistics);
    /// updated.grant(Category::Marketing);
    /// assert_eq!(built, updated);
    /// ```
    ///
    /// Chaining on a variable (`updated.grant(a).grant(b);`) grants `b` to the returned copy
    /// only: grant one category per statement there.
    #[allow(clippy::return_self_not_must_use)] // the statement form is the main use
    pub fn grant(&mut self, category: Category) -> Self {
        self.bits |= 1 << category.index();
        *self
    }

    /// Withdraws `category`, and returns the updated consent (in place and as a copy, as
    /// [`grant`](Self::grant) does); revoking `Necessary` does nothing.
    #[allow(clippy::return_self_not_must_use)]
    pub fn revoke(&mut self, category: Category) -> Self {
        self.bits &= !(1 << category.index());
        self.bits |= NECESSARY_BIT;
        *self
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

    /// Encodes this consent as a cookie value for registry `R`.
    ///
    /// The value is `1` (the format version) followed, for each granted category other than
    /// `Necessary`, by `.`, the category's letter (`p`, `s` or `m`) and the eight hex digits of
    /// [`CookieRegistry::revision`] for it: `1.p0c1d2e3f.s9a8b7c6d`. Every byte is a digit, a
    /// lower-case letter or `.`, so the value is a valid RFC 6265 cookie value as it stands.
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
    /// let mut consent = Consent::necessary_only();
    /// consent.grant(Category::Statistics);
    /// let value = consent.to_cookie_value::<Cookies>();
    /// assert_eq!(value, format!("1.s{:08x}", Cookies::revision(Category::Statistics)));
    /// assert_eq!(Consent::from_cookie_value::<Cookies>(&value), Ok(consent));
    /// ```
    #[must_use]
    pub fn to_cookie_value<R: CookieRegistry>(&self) -> String {
        use fmt::Write as _;
        let mut value = String::with_capacity(1 + 10 * 3);
        value.push(VERSION);
        for category in self.granted().filter(|c| c.needs_consent()) {
            // Writing to a String cannot fail.
            let _ = write!(value, ".{}{:08x}", letter(category), R::revision(category));
        }
        value
    }

    /// Decodes a consent cookie value written by [`Consent::to_cookie_value`].
    ///
    /// A grant recorded for a category whose [`CookieRegistry::revision`] has changed since
    /// (its cookies were redeclared) no longer counts: that category is asked for again, the
    /// others keep their grants.
    ///
    /// # Errors
    /// [`ConsentError`] for any value that is not exactly of the encoded form: empty, another
    /// version, an unknown category letter, a bad revision, a category given twice, or too long.
    pub fn from_cookie_value<R: CookieRegistry>(value: &str) -> Result<Consent, ConsentError> {
        let entries = parse(value)?;
        let mut consent = Consent::necessary_only();
        for (category, revision) in entries.into_iter().flatten() {
            if revision == R::revision(category) {
                consent.grant(category);
            }
        }
        Ok(consent)
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

const VERSION: char = '1';
/// The longest valid value: the version and three entries of ten bytes.
const MAX_LEN: usize = 1 + 3 * 10;

const fn letter(category: Category) -> char {
    match category {
        Category::Necessary => 'n',
        Category::Preferences => 'p',
        Category::Statistics => 's',
        Category::Marketing => 'm',
    }
}

/// Splits a value into its `(category, revision)` entries, one slot per consent category.
fn parse(value: &str) -> Result<[Option<(Category, u32)>; 3], ConsentError> {
    if value.is_empty() {
        return Err(ConsentError::Empty);
    }
    if value.len() > MAX_LEN {
        return Err(ConsentError::TooLong);
    }
    let mut parts = value.split('.');
    if parts.next() != Some("1") {
        return Err(ConsentError::UnknownVersion);
    }
    let mut entries = [None; 3];
    for part in parts {
        let (category, revision) = parse_entry(part)?;
        let slot = &mut entries[category.index() - 1];
        if slot.is_some() {
            return Err(ConsentError::Duplicate(category));
        }
        *slot = Some((category, revision));
    }
    Ok(entries)
}

fn parse_entry(part: &str) -> Result<(Category, u32), ConsentError> {
    let mut chars = part.chars();
    let category = match chars.next() {
        Some('p') => Category::Preferences,
        Some('s') => Category::Statistics,
        Some('m') => Category::Marketing,
        _ => return Err(ConsentError::Malformed),
    };
    let digits = chars.as_str();
    let lower_hex = |b: u8| b.is_ascii_digit() || (b'a'..=b'f').contains(&b);
    if digits.len() != 8 || !digits.bytes().all(lower_hex) {
        return Err(ConsentError::Malformed);
    }
    let revision = u32::from_str_radix(digits, 16).map_err(|_| ConsentError::Malformed)?;
    Ok((category, revision))
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
    /// An entry is not a category letter followed by eight lower-case hex digits.
    Malformed,
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
            ConsentError::Malformed => f.write_str(
                "the consent cookie has an entry that is not a category letter and eight hex digits",
            ),
            ConsentError::Duplicate(category) => {
                write!(f, "the consent cookie names category {category} twice")
            }
        }
    }
}

impl std::error::Error for ConsentError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_rejects_hostile_values() {
        for bad in [
            "",
            "2",
            "1.",
            "1.x00000000",
            "1.s0000000",
            "1.s000000000",
            "1.sABCDEF01",
            "1.s+0000000",
            "1.s00000000.s00000000",
            "1.n00000000",
            "1.s0000000é",
            "1.s00000000.p00000000.m00000000.",
            "11",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn parse_reads_each_entry() {
        let entries = parse("1.m0000000a.p12345678").expect("valid");
        assert_eq!(entries[0], Some((Category::Preferences, 0x1234_5678)));
        assert_eq!(entries[1], None);
        assert_eq!(entries[2], Some((Category::Marketing, 10)));
    }
}
