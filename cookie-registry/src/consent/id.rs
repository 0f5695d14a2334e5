//! The random id of one consent decision, as the consent cookie and the record carry it.

use core::fmt;
use core::str::FromStr;

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
        ConsentId::from_hex(text.as_bytes()).ok_or(ParseConsentIdError)
    }
}

impl ConsentId {
    /// The id written as these 32 lower-case hex digits, if they are.
    pub(crate) fn from_hex(bytes: &[u8]) -> Option<ConsentId> {
        use super::value::{HEX, NOT_HEX};
        let digits: &[u8; 32] = bytes.try_into().ok()?;
        let (mut id, mut bad) = ([0u8; 16], 0u8);
        for (out, pair) in id.iter_mut().zip(digits.chunks_exact(2)) {
            let &[high, low] = pair else {
                return None; // chunks_exact(2) gives pairs only
            };
            let (high, low) = (HEX[usize::from(high)], HEX[usize::from(low)]);
            bad |= high | low;
            *out = (high & 0x0f) << 4 | (low & 0x0f);
        }
        (bad & NOT_HEX == 0).then_some(ConsentId(id))
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for ConsentId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}
