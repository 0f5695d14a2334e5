//! The columns a policy table can show.

/// One column of a `PolicyTable`, picked with
/// `PolicyTable::columns`.
///
/// What the CJEU (C-673/17 Planet49, para. 81) and the regulators (EDPB guidelines 05/2020,
/// CNIL deliberation 2020-091) expect a visitor to learn about each cookie is its purpose,
/// category, lifetime and whether third parties can read it: [`Purpose`](Column::Purpose),
/// [`Category`](Column::Category), [`Duration`](Column::Duration) and
/// [`Party`](Column::Party).
///
/// ```
/// use cookie_registry::{Column, CookieRegistry};
///
/// #[derive(CookieRegistry)]
/// #[registry(provider = "Google")]
/// enum Cookies {
///     #[cookie(name = "_ga", category = Statistics, purpose = "Counts visits",
///              max_age = "13mo", third_party)]
///     Ga,
/// }
///
/// let table = Cookies::policy_table().columns(&[Column::Names, Column::Duration, Column::Party]);
/// assert_eq!(table.to_string(), "Cookie name(s)\tDuration\tFirst or third party\n_ga\t13 months\tThird party\n");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
#[non_exhaustive]
pub enum Column {
    /// Who sets the cookies (the declared `provider`).
    Provider,
    /// The declared `function` ("Function and location"), empty when none is declared.
    Function,
    /// The cookies' names, a family shown as `prefix*`.
    Names,
    /// The declared `purpose`.
    Purpose,
    /// The consent category.
    Category,
    /// How long the cookies live: "Session", or the declared amount and unit ("13 months").
    Duration,
    /// First party (the site itself) or third party (`third_party`).
    Party,
    /// The declared `domain`, or the site itself when none is declared (a host-only cookie).
    Domain,
    /// Where the entry is kept: "HTTP cookie", "Local storage" or "Session storage".
    Storage,
}

impl Column {
    /// Every column, in the order above.
    pub const ALL: [Column; 9] = [
        Column::Provider,
        Column::Function,
        Column::Names,
        Column::Purpose,
        Column::Category,
        Column::Duration,
        Column::Party,
        Column::Domain,
        Column::Storage,
    ];

    /// The seed pages' four columns: what a table shows unless
    /// `PolicyTable::columns` picks others.
    pub const DEFAULT: [Column; 4] = [
        Column::Provider,
        Column::Function,
        Column::Names,
        Column::Purpose,
    ];

    /// The columns of a full policy page (`PolicyTable::page`).
    pub const PAGE: [Column; 5] = [
        Column::Provider,
        Column::Names,
        Column::Purpose,
        Column::Duration,
        Column::Party,
    ];
}
