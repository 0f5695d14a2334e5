//! The banner's static assets: a default stylesheet and an optional script.

use core::fmt;

use crate::html::Escaped;

/// A static file the banner uses, to serve at [`path`](Self::path) (or wherever you like, as
/// long as the page links it there).
///
/// ```
/// use cookie_registry::banner::{SCRIPT, STYLESHEET};
///
/// assert_eq!(
///     STYLESHEET.tag(None).to_string(),
///     "<link rel=\"stylesheet\" href=\"/cookie-registry/banner.css\">"
/// );
/// assert_eq!(
///     SCRIPT.tag(Some("n0nce")).to_string(),
///     "<script src=\"/cookie-registry/banner.js\" defer nonce=\"n0nce\"></script>"
/// );
/// assert!(STYLESHEET.content_type.starts_with("text/css"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Asset {
    /// The path the page links to.
    pub path: &'static str,
    /// The `Content-Type` to serve it with.
    pub content_type: &'static str,
    /// The file itself.
    pub body: &'static str,
}

/// The default stylesheet (about 4 KB): a fixed banner at the foot of a phone's screen, a
/// card at the bottom left of a desktop's, and the settings form in the page's flow. Its
/// classes are listed in the [module documentation](super).
pub const STYLESHEET: Asset = Asset {
    path: "/cookie-registry/banner.css",
    content_type: "text/css; charset=utf-8",
    body: include_str!("banner.css"),
};

/// The optional script (about 3 KB, no third-party code): submits the banner's form with
/// `fetch` (`Accept: application/json`), then hides the banner, activates the
/// [`GatedScript`](super::GatedScript)s of the granted categories, calls
/// `gtag('consent', 'update', ...)` when the page has `gtag`, and dispatches a
/// `cookie-registry:consent` event with the new state. When the choice withdraws a category it
/// reloads the page, since scripts already running cannot be stopped. On any failure it falls
/// back to the plain form post.
pub const SCRIPT: Asset = Asset {
    path: "/cookie-registry/banner.js",
    content_type: "text/javascript; charset=utf-8",
    body: include_str!("banner.js"),
};

impl Asset {
    /// An asset of your own, served the same way (the `Asset` fields may grow, so they are
    /// set through this constructor).
    #[must_use]
    pub const fn new(path: &'static str, content_type: &'static str, body: &'static str) -> Self {
        Asset {
            path,
            content_type,
            body,
        }
    }

    /// The tag for the page's `<head>`: a `<link rel="stylesheet">` for a stylesheet, a
    /// `<script defer>` for a script (with the CSP `nonce` when given).
    #[must_use]
    pub fn tag<'a>(&self, nonce: Option<&'a str>) -> AssetTag<'a> {
        AssetTag {
            asset: *self,
            nonce,
        }
    }
}

/// The `<link>` or `<script>` tag of an [`Asset`], made by [`Asset::tag`].
#[derive(Debug, Clone, Copy)]
pub struct AssetTag<'a> {
    asset: Asset,
    nonce: Option<&'a str>,
}

impl fmt::Display for AssetTag<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let href = Escaped(self.asset.path);
        let nonce = self.nonce.map(Escaped);
        if self.asset.content_type.starts_with("text/css") {
            write!(f, "<link rel=\"stylesheet\" href=\"{href}\"")?;
        } else {
            write!(f, "<script src=\"{href}\" defer")?;
        }
        if let Some(nonce) = nonce {
            write!(f, " nonce=\"{nonce}\"")?;
        }
        if self.asset.content_type.starts_with("text/css") {
            f.write_str(">")
        } else {
            f.write_str("></script>")
        }
    }
}
