//! Proof of consent: the record of one decision, and its random id.

use core::fmt;
use core::str::FromStr;
use std::collections::BTreeMap;

use crate::value::{self, Entry};
use crate::{Category, Consent, ConsentMethod, CookieRegistry, NoticeHash, TruncatedIp};

/// The random id of one consent decision: 128 bits from the operating system's random source,
/// written as 32 lower-case hex digits.
///
/// ```
/// use cookie_registry::ConsentId;
///
/// let id: ConsentId = "0123456789abcdef0123456789abcdef".parse().unwrap();
/// assert_eq!(id.to_string(), "0123456789abcdef0123456789abcdef");
/// assert!("not an id".parse::<ConsentId>().is_err());
/// assert_ne!(ConsentId::random(), ConsentId::random());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ConsentId([u8; 16]);

impl ConsentId {
    /// A new id from the operating system's random source (`getrandom`).
    ///
    /// Should the system refuse randomness (it does not on any supported system once booted),
    /// the id is derived instead from std's randomly keyed SipHash of the time and a counter:
    /// still unpredictable to a visitor, and never a panic.
    #[must_use]
    pub fn random() -> ConsentId {
        let mut bytes = [0u8; 16];
        if getrandom::fill(&mut bytes).is_err() {
            bytes = fallback_random();
        }
        ConsentId(bytes)
    }

    /// The id's 16 bytes.
    #[must_use]
    pub const fn as_bytes(&self) -> &[u8; 16] {
        &self.0
    }
}

#[cold]
fn fallback_random() -> [u8; 16] {
    use core::hash::{BuildHasher as _, Hasher as _};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let keys = std::hash::RandomState::new();
    let mut out = [0u8; 16];
    for half in out.chunks_mut(8) {
        let mut hasher = keys.build_hasher();
        hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
        hasher.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos()),
        );
        half.copy_from_slice(&hasher.finish().to_le_bytes());
    }
    out
}

impl fmt::Display for ConsentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for byte in self.0 {
            write!(f, "{byte:02x}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for ConsentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ConsentId({self})")
    }
}

/// The text given to [`ConsentId::from_str`] is not 32 lower-case hex digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParseConsentIdError;

impl fmt::Display for ParseConsentIdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a consent id is 32 lower-case hex digits")
    }
}

impl std::error::Error for ParseConsentIdError {}

impl FromStr for ConsentId {
    type Err = ParseConsentIdError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let digit = |b: u8| match b {
            b'0'..=b'9' => Some(b - b'0'),
            b'a'..=b'f' => Some(b - b'a' + 10),
            _ => None,
        };
        let bytes = text.as_bytes();
        if bytes.len() != 32 {
            return Err(ParseConsentIdError);
        }
        let mut id = [0u8; 16];
        for (out, pair) in id.iter_mut().zip(bytes.chunks_exact(2)) {
            let (Some(high), Some(low)) = (digit(pair[0]), digit(pair[1])) else {
                return Err(ParseConsentIdError);
            };
            *out = high << 4 | low;
        }
        Ok(ConsentId(id))
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for ConsentId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

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
    /// How the visitor decided: the banner, the settings page, or the JSON API.
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
        let in_use = crate::state::categories_in_use::<R>();
        let mut record = ConsentRecord {
            id: ConsentId::random(),
            decided_at: crate::state::now(),
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
