//! The four consent categories of a cookie policy.

use core::fmt;

/// The purpose class of a cookie, as cookie policies and consent banners group them.
///
/// Only [`Category::Necessary`] cookies may be set without consent (ePrivacy art. 5(3));
/// every other category needs the visitor's agreement, except anonymized statistics.
///
/// ```
/// use cookie_registry::Category;
///
/// assert_eq!(Category::Statistics.as_str(), "statistics");
/// assert_eq!(Category::ALL.len(), 4);
/// assert!(!Category::Necessary.needs_consent());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum Category {
    /// Strictly necessary for the service the visitor asked for: exempt from consent.
    Necessary,
    /// Remembers choices such as language or theme.
    Preferences,
    /// Measures how the site is used.
    Statistics,
    /// Tracks visitors for advertising.
    Marketing,
}

impl Category {
    /// Every category, in the order above.
    pub const ALL: [Category; 4] = [
        Category::Necessary,
        Category::Preferences,
        Category::Statistics,
        Category::Marketing,
    ];

    /// The lower-case name: `"necessary"`, `"preferences"`, `"statistics"` or `"marketing"`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Category::Necessary => "necessary",
            Category::Preferences => "preferences",
            Category::Statistics => "statistics",
            Category::Marketing => "marketing",
        }
    }

    /// Whether cookies of this category need the visitor's consent (all but `Necessary`).
    #[must_use]
    pub const fn needs_consent(self) -> bool {
        !matches!(self, Category::Necessary)
    }

    /// A small index (0 to 3) in the order of [`Category::ALL`].
    #[doc(hidden)]
    #[must_use]
    pub const fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The text given to [`Category::from_str`](core::str::FromStr::from_str) names no category.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParseCategoryError;

impl fmt::Display for ParseCategoryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("expected one of: necessary, preferences, statistics, marketing")
    }
}

impl std::error::Error for ParseCategoryError {}

impl core::str::FromStr for Category {
    type Err = ParseCategoryError;

    /// The lower-case name, as [`Category::as_str`] writes it and the consent form sends it.
    ///
    /// ```
    /// use cookie_registry::Category;
    ///
    /// assert_eq!("statistics".parse(), Ok(Category::Statistics));
    /// assert!("Statistics".parse::<Category>().is_err());
    /// ```
    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Category::ALL
            .into_iter()
            .find(|category| category.as_str() == name)
            .ok_or(ParseCategoryError)
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Category {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Name;
        impl serde::de::Visitor<'_> for Name {
            type Value = Category;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a cookie category: necessary, preferences, statistics or marketing")
            }
            fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<Category, E> {
                name.parse().map_err(|_| {
                    E::unknown_variant(
                        name,
                        &["necessary", "preferences", "statistics", "marketing"],
                    )
                })
            }
        }
        deserializer.deserialize_str(Name)
    }
}
