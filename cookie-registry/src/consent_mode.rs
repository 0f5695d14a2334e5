//! Google Consent Mode v2: the consent signals Google's tags read, from a [`Consent`].

use core::fmt::{self, Write as _};

use crate::html::Escaped;
use crate::{Category, Consent};

/// One Consent Mode signal: `"granted"` or `"denied"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum ConsentSignal {
    /// Storage of this kind may be used.
    Granted,
    /// Storage of this kind must not be used.
    Denied,
}

impl ConsentSignal {
    /// `"granted"` or `"denied"`, as `gtag` reads it.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            ConsentSignal::Granted => "granted",
            ConsentSignal::Denied => "denied",
        }
    }

    const fn from_allowed(allowed: bool) -> Self {
        if allowed {
            ConsentSignal::Granted
        } else {
            ConsentSignal::Denied
        }
    }
}

impl fmt::Display for ConsentSignal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The seven signals of Google Consent Mode v2, made by [`Consent::google_consent_mode`].
///
/// It serializes (with the `serde` feature, or by [`to_json`](Self::to_json) without it) to
/// exactly the object `gtag('consent', 'default' | 'update', {...})` takes, its keys in the
/// order of the fields below. Since the server knows the visitor's consent when it renders the
/// page, the `default` call it writes into `<head>` is already right on first paint: no
/// "denied, then update" flicker, and no tag reads a signal before it is set.
///
/// ```
/// use cookie_registry::{Category, Consent, ConsentSignal};
///
/// let mut consent = Consent::necessary_only();
/// consent.grant(Category::Statistics);
/// let signals = consent.google_consent_mode();
/// assert_eq!(signals.analytics_storage, ConsentSignal::Granted);
/// assert_eq!(signals.ad_storage, ConsentSignal::Denied);
/// assert_eq!(
///     signals.to_json(),
///     r#"{"ad_storage":"denied","ad_user_data":"denied","ad_personalization":"denied","analytics_storage":"granted","functionality_storage":"denied","personalization_storage":"denied","security_storage":"granted"}"#
/// );
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct GoogleConsentMode {
    /// Advertising cookies: [`Category::Marketing`].
    pub ad_storage: ConsentSignal,
    /// Sending user data to Google for advertising: [`Category::Marketing`].
    pub ad_user_data: ConsentSignal,
    /// Personalized advertising: [`Category::Marketing`].
    pub ad_personalization: ConsentSignal,
    /// Analytics cookies: [`Category::Statistics`].
    pub analytics_storage: ConsentSignal,
    /// Storage for the site's functions (language, say): [`Category::Preferences`].
    pub functionality_storage: ConsentSignal,
    /// Storage for personalization (recommendations): [`Category::Preferences`].
    pub personalization_storage: ConsentSignal,
    /// Storage for security (authentication, fraud prevention): [`Category::Necessary`], always
    /// granted.
    pub security_storage: ConsentSignal,
}

/// The `gtag('consent', ...)` command: the first call on a page, or a later change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GtagCommand {
    /// `gtag('consent', 'default', ...)`: before any Google tag loads.
    Default,
    /// `gtag('consent', 'update', ...)`: after the visitor chose, without a reload.
    Update,
}

impl GtagCommand {
    /// `"default"` or `"update"`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            GtagCommand::Default => "default",
            GtagCommand::Update => "update",
        }
    }
}

impl Consent {
    /// The Google Consent Mode v2 signals for this consent: Necessary gives `security_storage`
    /// (always granted); Preferences `functionality_storage` and `personalization_storage`;
    /// Statistics `analytics_storage`; Marketing the three `ad_*` signals.
    #[must_use]
    pub const fn google_consent_mode(&self) -> GoogleConsentMode {
        let preferences = ConsentSignal::from_allowed(self.allows(Category::Preferences));
        let statistics = ConsentSignal::from_allowed(self.allows(Category::Statistics));
        let marketing = ConsentSignal::from_allowed(self.allows(Category::Marketing));
        GoogleConsentMode {
            ad_storage: marketing,
            ad_user_data: marketing,
            ad_personalization: marketing,
            analytics_storage: statistics,
            functionality_storage: preferences,
            personalization_storage: preferences,
            security_storage: ConsentSignal::Granted,
        }
    }
}

impl GoogleConsentMode {
    /// The signals by name, in the order `gtag` documents them.
    #[must_use]
    pub const fn signals(&self) -> [(&'static str, ConsentSignal); 7] {
        [
            ("ad_storage", self.ad_storage),
            ("ad_user_data", self.ad_user_data),
            ("ad_personalization", self.ad_personalization),
            ("analytics_storage", self.analytics_storage),
            ("functionality_storage", self.functionality_storage),
            ("personalization_storage", self.personalization_storage),
            ("security_storage", self.security_storage),
        ]
    }

    /// The object `gtag('consent', ...)` takes, as compact JSON (also a JavaScript object
    /// literal). Every key and value is one of this module's fixed words.
    #[must_use]
    pub fn to_json(&self) -> String {
        let mut json = String::with_capacity(200);
        json.push('{');
        for (i, (name, signal)) in self.signals().into_iter().enumerate() {
            if i > 0 {
                json.push(',');
            }
            let _ = write!(json, "\"{name}\":\"{signal}\"");
        }
        json.push('}');
        json
    }

    /// The call itself: `gtag('consent', 'default', {...});`.
    #[must_use]
    pub fn gtag_call(&self, command: GtagCommand) -> String {
        format!("gtag('consent','{}',{});", command.as_str(), self.to_json())
    }

    /// An inline `<script>` for the page's `<head>`, before any Google tag: it defines
    /// `dataLayer` and `gtag` as Google's snippet does and makes the `default` call. Give the
    /// page's Content-Security-Policy nonce when it has one (`script-src 'nonce-...'`); it is
    /// written as an escaped attribute value.
    ///
    /// ```
    /// use cookie_registry::Consent;
    ///
    /// let script = Consent::all().google_consent_mode().head_script(Some("r4nd0m"));
    /// assert!(script.starts_with("<script nonce=\"r4nd0m\">window.dataLayer"));
    /// assert!(script.contains("gtag('consent','default',{\"ad_storage\":\"granted\","));
    /// assert!(script.ends_with("</script>"));
    /// ```
    #[must_use]
    pub fn head_script(&self, nonce: Option<&str>) -> String {
        let mut script = String::with_capacity(420);
        script.push_str("<script");
        if let Some(nonce) = nonce {
            let _ = write!(script, " nonce=\"{}\"", Escaped(nonce));
        }
        script.push_str(
            ">window.dataLayer=window.dataLayer||[];\
             function gtag(){dataLayer.push(arguments);}",
        );
        script.push_str(&self.gtag_call(GtagCommand::Default));
        script.push_str("</script>");
        script
    }
}

impl fmt::Display for GoogleConsentMode {
    /// The same as [`GoogleConsentMode::to_json`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_json())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_category_drives_its_signals_only() {
        let none = Consent::necessary_only().google_consent_mode();
        assert!(
            none.signals()
                .iter()
                .all(|(name, s)| (*s == ConsentSignal::Granted) == (*name == "security_storage"))
        );
        let cases = [
            (
                Category::Preferences,
                &["functionality_storage", "personalization_storage"][..],
            ),
            (Category::Statistics, &["analytics_storage"][..]),
            (
                Category::Marketing,
                &["ad_storage", "ad_user_data", "ad_personalization"][..],
            ),
        ];
        for (category, expected) in cases {
            let mut consent = Consent::necessary_only();
            consent.grant(category);
            for (name, signal) in consent.google_consent_mode().signals() {
                let granted = name == "security_storage" || expected.contains(&name);
                assert_eq!(
                    signal == ConsentSignal::Granted,
                    granted,
                    "{category}: {name}"
                );
            }
        }
    }

    #[test]
    fn a_hostile_nonce_stays_inside_its_attribute() {
        let script = Consent::all()
            .google_consent_mode()
            .head_script(Some("\"><script>alert(1)</script>"));
        assert!(
            script
                .starts_with("<script nonce=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\">")
        );
        assert_eq!(script.matches("<script").count(), 1);
        assert_eq!(script.matches("</script>").count(), 1);
    }
}
