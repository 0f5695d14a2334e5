//! Proof of consent: the record of one decision, and the consent cookie value it writes.

use std::collections::BTreeMap;

use super::notice::NoticeHash;
use super::proof::{ConsentMethod, TruncatedIp};
use super::state::{categories_in_use, now};
use super::value::{self, Entry};
use super::{Consent, ConsentId};
use crate::{Category, CookieRegistry};

/// One visitor's consent decision, as a site keeps it to demonstrate consent (GDPR art. 7(1)):
/// which categories were granted and refused, under which revision of each category's cookie
/// list, when, and under which id.
///
/// The consent endpoint hands one to the site's sink on every decision
/// (`ConsentEndpoint::on_record`); the consent cookie carries the same id, time and revisions,
/// so a record in the site's log can be matched with the cookie a visitor holds.
///
/// ```
/// use cookie_registry::{Category, Consent, ConsentRecord, ConsentState, CookieRegistry};
///
/// #[derive(CookieRegistry)]
/// #[registry(provider = "Acme", consent_cookie = Choice)]
/// enum Cookies {
///     #[cookie(name = "choice", category = Necessary, purpose = "Your cookie choice", max_age = "26w")]
///     Choice,
///     #[cookie(name = "_ga", category = Statistics, purpose = "Counts visits")]
///     Ga,
///     #[cookie(name = "_fbp", category = Marketing, purpose = "Advertising")]
///     Fbp,
/// }
///
/// let record = ConsentRecord::new::<Cookies>(Consent::necessary_only().with(Category::Statistics), None);
/// assert_eq!(record.granted, [Category::Necessary, Category::Statistics]);
/// assert_eq!(record.refused, [Category::Marketing]); // Preferences has no cookies: not asked
/// assert_eq!(record.revisions[&Category::Statistics], Cookies::revision(Category::Statistics));
///
/// // The cookie value carries the same decision.
/// let state = ConsentState::from_cookie_value::<Cookies>(&record.cookie_value()).unwrap();
/// assert_eq!(state.id(), Some(record.id));
/// assert_eq!(state.decided_at(), Some(record.decided_at));
/// assert!(state.consent().allows(Category::Statistics) && !state.needs_prompt());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct ConsentRecord {
    /// This decision's random id; the consent cookie carries it too.
    pub id: ConsentId,
    /// When the visitor decided, in Unix seconds.
    pub decided_at: u64,
    /// The categories granted, `Necessary` included, in the order of [`Category::ALL`]. A
    /// category without cookies is neither granted nor refused.
    pub granted: Vec<Category>,
    /// The categories that had cookies and were refused, in the same order.
    pub refused: Vec<Category>,
    /// For every category that had cookies when the visitor decided (other than
    /// `Necessary`), the revision of its cookie list the decision was made under.
    pub revisions: BTreeMap<Category, u32>,
    /// The id of the decision this one replaces, if the visitor had decided before.
    pub previous_id: Option<ConsentId>,
    /// How the visitor decided: the banner, the settings page, the JSON API, or (recorded by the
    /// server) the Global Privacy Control signal.
    pub method: ConsentMethod,
    /// The language the notice was shown in (a BCP 47 tag such as `fr`), when known.
    pub language: Option<String>,
    /// The hash of the exact notice the visitor was shown ([`Notice`](crate::Notice)); `None`
    /// when it is not known, never a guess.
    pub notice: Option<NoticeHash>,
    /// The visitor's `User-Agent`: personal data, recorded only when the site opts in.
    pub user_agent: Option<String>,
    /// The visitor's IP address truncated to /24 (IPv4) or /48 (IPv6): personal data, recorded
    /// only when the site opts in.
    pub ip: Option<TruncatedIp>,
}

impl ConsentRecord {
    /// The record of a decision made now for registry `R`, with a new random id: of the
    /// categories that have cookies, `consent`'s granted and the others refused.
    #[must_use]
    pub fn new<R: CookieRegistry>(consent: Consent, previous_id: Option<ConsentId>) -> Self {
        Self::decided::<R>(consent, previous_id, ConsentId::random(), now())
    }

    /// The record of a decision for registry `R` with the given id, made at `decided_at` (Unix
    /// seconds): [`new`](Self::new) with the id and time chosen by the caller, to replay a
    /// stored decision or to pin the consent cookie value in a test.
    ///
    /// ```
    /// use cookie_registry::{Category, Consent, ConsentId, ConsentRecord, CookieRegistry};
    ///
    /// #[derive(CookieRegistry)]
    /// #[registry(provider = "Acme", consent_cookie = Choice)]
    /// enum Cookies {
    ///     #[cookie(name = "choice", category = Necessary, purpose = "Your cookie choice")]
    ///     Choice,
    ///     #[cookie(name = "_ga", category = Statistics, purpose = "Counts visits")]
    ///     Ga,
    /// }
    ///
    /// let id: ConsentId = "00112233445566778899aabbccddeeff".parse()?;
    /// let consent = Consent::necessary_only().with(Category::Statistics);
    /// let record = ConsentRecord::decided::<Cookies>(consent, None, id, 0x6000_0000);
    /// let revision = Cookies::revision(Category::Statistics);
    /// assert_eq!(
    ///     record.cookie_value(),
    ///     format!("2.00112233445566778899aabbccddeeff.60000000.S{revision:08x}"),
    /// );
    /// # Ok::<(), cookie_registry::ParseConsentIdError>(())
    /// ```
    #[must_use]
    pub fn decided<R: CookieRegistry>(
        consent: Consent,
        previous_id: Option<ConsentId>,
        id: ConsentId,
        decided_at: u64,
    ) -> Self {
        let in_use = categories_in_use::<R>();
        let mut record = ConsentRecord {
            id,
            decided_at,
            granted: vec![Category::Necessary],
            refused: Vec::new(),
            revisions: BTreeMap::new(),
            previous_id,
            method: ConsentMethod::Unknown,
            language: None,
            notice: None,
            user_agent: None,
            ip: None,
        };
        for category in Category::ALL.into_iter().filter(|c| c.needs_consent()) {
            let asked = in_use & (1 << category.index()) != 0;
            if !asked {
                continue; // nothing to agree to: no entry, neither granted nor refused
            }
            if consent.allows(category) {
                record.granted.push(category);
            } else {
                record.refused.push(category);
            }
            record.revisions.insert(category, R::revision(category));
        }
        record
    }

    /// What this record grants, as a [`Consent`].
    #[must_use]
    pub fn consent(&self) -> Consent {
        self.granted.iter().copied().collect()
    }

    /// The consent cookie's value for this decision (format version 2): the id, the time, and
    /// an entry per category that had cookies, granted or refused, with its revision. At most
    /// 81 bytes, RFC 6265 cookie-octets only.
    #[must_use]
    pub fn cookie_value(&self) -> String {
        let granted = |category| self.granted.contains(&category);
        let entries = self.revisions.iter().map(|(&category, &revision)| {
            let entry = Entry {
                granted: granted(category),
                revision,
            };
            (category, entry)
        });
        value::encode(self.id, self.decided_at, entries)
    }
}

impl Consent {
    /// Encodes this consent as a fresh consent cookie value for registry `R`: a decision made
    /// now, with a new random consent id. See [`ConsentRecord`] for the format, and for the
    /// record a site keeps as proof of the same decision.
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
        ConsentRecord::new::<R>(*self, None).cookie_value()
    }
}

/// Building a record's proof fields, by value (`record.with_method(..).with_language(..)`).
impl ConsentRecord {
    /// A record from its stored parts, as a [`ConsentStore`](crate::ConsentStore) gives one
    /// back: the choice as it was decided, with [`ConsentMethod::Unknown`] and no language,
    /// notice, user agent or IP (set them with the `with_` methods).
    ///
    /// ```
    /// use std::collections::BTreeMap;
    /// use cookie_registry::{Category, ConsentId, ConsentMethod, ConsentRecord};
    ///
    /// let id = ConsentId::random();
    /// let record = ConsentRecord::from_parts(
    ///     id,
    ///     1_700_000_000,
    ///     vec![Category::Necessary],
    ///     vec![Category::Statistics],
    ///     BTreeMap::from([(Category::Statistics, 3)]),
    ///     None,
    /// )
    /// .with_method(ConsentMethod::Banner)
    /// .with_language("fr");
    /// assert_eq!(record.id, id);
    /// assert_eq!(record.language.as_deref(), Some("fr"));
    /// ```
    #[must_use]
    pub fn from_parts(
        id: ConsentId,
        decided_at: u64,
        granted: Vec<Category>,
        refused: Vec<Category>,
        revisions: BTreeMap<Category, u32>,
        previous_id: Option<ConsentId>,
    ) -> Self {
        ConsentRecord {
            id,
            decided_at,
            granted,
            refused,
            revisions,
            previous_id,
            method: ConsentMethod::Unknown,
            language: None,
            notice: None,
            user_agent: None,
            ip: None,
        }
    }

    /// This record, decided through `method`.
    #[must_use]
    pub fn with_method(mut self, method: ConsentMethod) -> Self {
        self.method = method;
        self
    }

    /// This record, with the notice shown in `language` (a BCP 47 tag).
    #[must_use]
    pub fn with_language(mut self, language: impl Into<String>) -> Self {
        self.language = Some(language.into());
        self
    }

    /// This record, made under the notice whose hash is `notice`
    /// ([`Notice::hash`](crate::Notice::hash)).
    #[must_use]
    pub fn with_notice(mut self, notice: NoticeHash) -> Self {
        self.notice = Some(notice);
        self
    }

    /// This record, with the visitor's `User-Agent`. Personal data: opt in with a reason.
    #[must_use]
    pub fn with_user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// This record, with the visitor's IP address truncated to /24 or /48 ([`TruncatedIp`]).
    /// Personal data: opt in with a reason.
    #[must_use]
    pub fn with_ip(mut self, ip: impl Into<TruncatedIp>) -> Self {
        self.ip = Some(ip.into());
        self
    }
}
