//! Where a declared entry lives: an HTTP cookie, or a Web Storage entry.

/// Where a declared entry is kept. Regulators treat `localStorage` and `sessionStorage` like
/// cookies (ePrivacy art. 5(3) covers any storage of or access to information on the visitor's
/// device; EDPB guidelines 2/2023), so a registry declares them too, with
/// `storage = local` or `storage = session`.
///
/// A storage entry has no cookie attributes and never travels in headers: a cookie of its name
/// in a `Cookie` or `Set-Cookie` header counts as undeclared.
///
/// ```
/// use cookie_registry::{CookieRegistry, Storage};
///
/// #[derive(CookieRegistry)]
/// #[registry(provider = "Acme")]
/// enum Cookies {
///     #[cookie(name = "cart", category = Necessary, purpose = "Keeps the cart", storage = local)]
///     Cart,
///     #[cookie(name = "sid", category = Necessary, purpose = "Session")]
///     Sid,
/// }
///
/// assert_eq!(Cookies::Cart.spec().storage, Storage::LocalStorage);
/// assert_eq!(Cookies::Sid.spec().storage, Storage::Cookie);
/// assert!(!Cookies::Cart.spec().is_http_cookie());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Storage {
    /// An HTTP cookie (the default).
    #[default]
    Cookie,
    /// A `localStorage` entry (`storage = local`): kept until deleted.
    LocalStorage,
    /// A `sessionStorage` entry (`storage = session`): kept until the tab is closed.
    SessionStorage,
}

impl Storage {
    /// Every kind, in the order above.
    pub const ALL: [Storage; 3] = [
        Storage::Cookie,
        Storage::LocalStorage,
        Storage::SessionStorage,
    ];
}
