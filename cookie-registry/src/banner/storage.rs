//! Storage withdrawal: the declared `localStorage`/`sessionStorage` entries of refused
//! categories, removed from the device. The server cannot remove them (they never travel in
//! headers), so it renders a small script that does, knowing the consent and the declarations;
//! the banner's script and the generated configs do the same after a choice.

use core::fmt::{self, Write as _};

use crate::html::Escaped;
use crate::js::JsString;
use crate::{Consent, ConsentState, CookieRegistry, CookieSpec, Storage};

/// The JavaScript function every storage withdrawal runs (the first-paint script, the banner's
/// script, both configs): `entries` are `[area, key, family]` triples; a family removes every
/// key that starts with its prefix and is longer, as cookie families match. Storage that the
/// browser refuses to open (a sandboxed frame) is skipped.
pub(crate) const REMOVE_STORAGE_JS: &str = "function removeStorage(entries) {\n  \
    for (const [area, key, family] of entries) {\n    \
      let storage;\n    \
      try { storage = window[area]; } catch (error) { continue; }\n    \
      if (!storage) continue;\n    \
      if (!family) { storage.removeItem(key); continue; }\n    \
      for (let i = storage.length - 1; i >= 0; i--) {\n      \
        const name = storage.key(i);\n      \
        if (name !== null && name.length > key.length && name.startsWith(key)) storage.removeItem(name);\n    \
      }\n  \
    }\n\
  }\n";

/// The Web Storage area a declared entry lives in, as a `window` property; `None` for a cookie.
const fn area(spec: &CookieSpec) -> Option<&'static str> {
    match spec.storage {
        Storage::Cookie => None,
        Storage::LocalStorage => Some("localStorage"),
        Storage::SessionStorage => Some("sessionStorage"),
    }
}

/// Writes `["localStorage","key",false]`: valid JSON and a valid JavaScript literal, safe in a
/// `<script>` element ([`JsString`] escapes `<`, `>` and `&`).
fn entry(out: &mut String, area: &str, spec: &CookieSpec) {
    let _ = write!(out, "[\"{area}\",{},{}]", JsString(spec.name), spec.family);
}

/// Registry `R`'s storage entries that need consent, with their category, as JSON:
/// `[["marketing","localStorage","ad_profile",false], ...]`, for the banner's script.
pub(crate) fn declared_json<R: CookieRegistry>() -> String {
    let mut out = String::from("[");
    for spec in R::SPECS {
        let Some(area) = area(spec) else { continue };
        if spec.allowed_by(&Consent::necessary_only()) {
            continue; // never refused
        }
        if out.len() > 1 {
            out.push(',');
        }
        let _ = write!(
            out,
            "[\"{}\",\"{area}\",{},{}]",
            spec.category,
            JsString(spec.name),
            spec.family
        );
    }
    out.push(']');
    out
}

/// Registry `R`'s storage entries of category `category` that need consent, as the array
/// [`REMOVE_STORAGE_JS`] takes: for the generated configs.
pub(crate) fn entries_of<R: CookieRegistry>(category: crate::Category) -> String {
    refused_entries::<R>(|spec| spec.category != category || spec.anonymized)
}

/// `[[area, key, family], ...]` of every storage entry for which `keep` is false.
fn refused_entries<R: CookieRegistry>(keep: impl Fn(&CookieSpec) -> bool) -> String {
    let mut out = String::from("[");
    for spec in R::SPECS {
        let Some(area) = area(spec) else { continue };
        if keep(spec) {
            continue;
        }
        if out.len() > 1 {
            out.push(',');
        }
        entry(&mut out, area, spec);
    }
    out.push(']');
    out
}

/// The first-paint script that removes the declared Web Storage entries the consent in force
/// refuses, made by [`ConsentState::storage_cleanup_script`]. Renders as a `<script>` element
/// (with the nonce, when given), or as nothing when no declared entry is refused.
#[derive(Debug, Clone)]
pub struct StorageCleanup<'a> {
    entries: String,
    nonce: Option<&'a str>,
}

impl StorageCleanup<'_> {
    /// Whether the script removes anything (else it renders as nothing).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries == "[]"
    }
}

impl fmt::Display for StorageCleanup<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_empty() {
            return Ok(());
        }
        f.write_str("<script")?;
        if let Some(nonce) = self.nonce {
            write!(f, " nonce=\"{}\"", Escaped(nonce))?;
        }
        write!(
            f,
            ">(() => {{\n{REMOVE_STORAGE_JS}removeStorage({});\n}})();</script>",
            self.entries
        )
    }
}

impl ConsentState {
    /// A `<script>` for the page's `<head>` that removes from the device every declared
    /// `localStorage`/`sessionStorage` entry (`#[cookie(storage = local | session)]`) of a
    /// category the consent in force refuses (GPC included), on first paint, before any other
    /// script reads it. Put it next to the Consent Mode script, with the same CSP nonce;
    /// it renders as nothing when no declared entry is refused. Every key is written as an
    /// escaped string literal: no declaration can close the script.
    ///
    /// ```
    /// use cookie_registry::{ConsentState, CookieRegistry};
    ///
    /// #[derive(CookieRegistry)]
    /// #[registry(provider = "Acme", consent_cookie = Choice)]
    /// enum Cookies {
    ///     #[cookie(name = "choice", category = Necessary, purpose = "Consent", max_age = "26w")]
    ///     Choice,
    ///     #[cookie(name = "ad_profile", category = Marketing, storage = local, purpose = "Ads")]
    ///     AdProfile,
    ///     #[cookie(prefix = "ad_seen_", category = Marketing, storage = session, purpose = "Ads")]
    ///     AdSeen,
    /// }
    ///
    /// let state = ConsentState::from_cookie_header::<Cookies>(""); // nothing granted
    /// let script = state.storage_cleanup_script::<Cookies>(Some("r4nd0m")).to_string();
    /// assert!(script.starts_with("<script nonce=\"r4nd0m\">"));
    /// assert!(script.contains(r#"removeStorage([["localStorage","ad_profile",false],["sessionStorage","ad_seen_",true]]);"#));
    /// ```
    #[must_use]
    pub fn storage_cleanup_script<'a, R: CookieRegistry>(
        &self,
        nonce: Option<&'a str>,
    ) -> StorageCleanup<'a> {
        let consent = self.consent();
        StorageCleanup {
            entries: refused_entries::<R>(|spec| spec.allowed_by(&consent)),
            nonce,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{ConsentState, CookieRegistry};

    #[derive(CookieRegistry)]
    #[registry(provider = "Acme", consent_cookie = Choice)]
    enum Cookies {
        #[cookie(name = "choice", category = Necessary, purpose = "Consent", max_age = "26w")]
        Choice,
        #[cookie(name = "cart", category = Necessary, storage = local, purpose = "Cart")]
        Cart,
        #[cookie(name = "ad'&x", category = Marketing, storage = local, purpose = "Ads")]
        Ad,
        #[cookie(prefix = "seen_", category = Statistics, storage = session, purpose = "Seen")]
        Seen,
    }

    #[test]
    fn the_banner_lists_refusable_entries_flat_with_their_category() {
        assert_eq!(
            super::declared_json::<Cookies>(),
            r#"[["marketing","localStorage","ad'\u0026x",false],["statistics","sessionStorage","seen_",true]]"#
        );
    }

    #[test]
    fn the_first_paint_script_removes_refused_entries_only_and_escapes_keys() {
        let none = ConsentState::undecided().storage_cleanup_script::<Cookies>(None);
        let script = none.to_string();
        assert!(script.starts_with("<script>(() => {"), "{script}");
        assert!(script.contains(
            r#"removeStorage([["localStorage","ad'\u0026x",false],["sessionStorage","seen_",true]]);"#
        ));
        assert!(
            !script.contains("cart"),
            "Necessary storage is never removed"
        );
        assert_eq!(script.matches("</script>").count(), 1);

        // Everything granted: nothing to remove, nothing rendered.
        let record = crate::ConsentRecord::new::<Cookies>(crate::Consent::all(), None);
        let all = ConsentState::from_cookie_value::<Cookies>(&record.cookie_value()).unwrap();
        let script = all.storage_cleanup_script::<Cookies>(Some("n"));
        assert!(script.is_empty());
        assert_eq!(script.to_string(), "");

        // A hostile nonce stays in its attribute.
        let hostile = ConsentState::undecided().storage_cleanup_script::<Cookies>(Some("\"><x"));
        assert!(
            hostile
                .to_string()
                .starts_with("<script nonce=\"&quot;&gt;&lt;x\">")
        );
    }
}
