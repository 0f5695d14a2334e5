//! The consent cookie's value: its two formats, decoded and encoded.
//!
//! Version 2, written since consent records exist:
//!
//! ```text
//! 2.<consent id: 32 hex digits>.<decision time: Unix seconds in hex>[.<entry>]*
//! entry = category letter (P, S, M granted; p, s, m refused) and 8 hex digits of its revision
//! ```
//!
//! Version 1, still read: `1[.<letter><8 hex digits>]*`, one entry per *granted* category, no
//! id, no time. Every byte of either is a digit, an ASCII letter or `.`: RFC 6265
//! cookie-octets, valid as they stand.

use core::fmt;
use core::fmt::Write as _;

use super::ConsentId;
use crate::Category;

/// The longest value either version writes: version 2 with all three entries is 2 + 32 + 1 + 16
/// 30 = 81 bytes.
pub(crate) const MAX_LEN: usize = 81;

/// One category's entry: granted or refused, under which revision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Entry {
    pub granted: bool,
    pub revision: u32,
}

/// A decoded value, before it is held against a registry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Decoded {
    pub id: Option<ConsentId>,
    pub decided_at: Option<u64>,
    /// One slot per consent category (Preferences, Statistics, Marketing).
    pub entries: [Option<Entry>; 3],
}

/// The slot of a consent category in [`Decoded::entries`]; `None` for Necessary.
pub(crate) const fn slot(category: Category) -> Option<usize> {
    match category {
        Category::Necessary => None,
        other => Some(other.index() - 1),
    }
}

const fn letter(category: Category, granted: bool) -> char {
    match (category, granted) {
        (Category::Preferences, true) => 'P',
        (Category::Preferences, false) => 'p',
        (Category::Statistics, true) => 'S',
        (Category::Statistics, false) => 's',
        (Category::Marketing, true) => 'M',
        (Category::Marketing, false) => 'm',
        (Category::Necessary, _) => 'n', // never written: Necessary has no entry
    }
}

/// Writes a version 2 value.
pub(crate) fn encode(
    id: ConsentId,
    decided_at: u64,
    entries: impl IntoIterator<Item = (Category, Entry)>,
) -> String {
    let mut value = String::with_capacity(MAX_LEN);
    // Writing to a String cannot fail.
    let _ = write!(value, "2.{id}.{decided_at:x}");
    for (category, entry) in entries {
        let _ = write!(
            value,
            ".{}{:08x}",
            letter(category, entry.granted),
            entry.revision
        );
    }
    value
}

/// Reads a value of either version. Never panics; anything not exactly of one of the two forms
/// is an error. (The crate reads bytes, [`decode_bytes`]; the tests read text.)
#[cfg(test)]
pub(crate) fn decode(value: &str) -> Result<Decoded, ConsentError> {
    decode_bytes(value.as_bytes())
}

/// [`decode`] over bytes, as the value comes in a `Cookie` header: every byte of a valid value
/// is ASCII, so no UTF-8 check is needed first. One pass, no allocation: the middleware reads
/// one on every request.
pub(crate) fn decode_bytes(value: &[u8]) -> Result<Decoded, ConsentError> {
    if value.is_empty() {
        return Err(ConsentError::Empty);
    }
    if value.len() > MAX_LEN {
        return Err(ConsentError::TooLong);
    }
    let mut parts = value.split(|&b| b == b'.');
    let mut decoded = Decoded {
        id: None,
        decided_at: None,
        entries: [None; 3],
    };
    let v1 = match parts.next() {
        Some(b"1") => true,
        Some(b"2") => {
            let id = parts.next().ok_or(ConsentError::Malformed)?;
            decoded.id = Some(ConsentId::from_hex(id).ok_or(ConsentError::Malformed)?);
            let time = parts.next().ok_or(ConsentError::Malformed)?;
            decoded.decided_at = Some(hex_u64(time).ok_or(ConsentError::Malformed)?);
            false
        }
        _ => return Err(ConsentError::UnknownVersion),
    };
    for part in parts {
        let (category, entry) = parse_entry(part, v1)?;
        let Some(slot) = slot(category).and_then(|i| decoded.entries.get_mut(i)) else {
            return Err(ConsentError::Malformed);
        };
        if slot.is_some() {
            return Err(ConsentError::Duplicate(category));
        }
        *slot = Some(entry);
    }
    Ok(decoded)
}

/// One entry. Version 1 knows only lower-case letters, each a grant.
fn parse_entry(part: &[u8], v1: bool) -> Result<(Category, Entry), ConsentError> {
    let Some((&letter, digits)) = part.split_first() else {
        return Err(ConsentError::Malformed);
    };
    let (category, granted) = match (letter, v1) {
        (b'p', true) => (Category::Preferences, true),
        (b's', true) => (Category::Statistics, true),
        (b'm', true) => (Category::Marketing, true),
        (b'P', false) => (Category::Preferences, true),
        (b'S', false) => (Category::Statistics, true),
        (b'M', false) => (Category::Marketing, true),
        (b'p', false) => (Category::Preferences, false),
        (b's', false) => (Category::Statistics, false),
        (b'm', false) => (Category::Marketing, false),
        _ => return Err(ConsentError::Malformed),
    };
    if digits.len() != 8 {
        return Err(ConsentError::Malformed);
    }
    let revision = hex_u64(digits)
        .and_then(|r| u32::try_from(r).ok())
        .ok_or(ConsentError::Malformed)?;
    Ok((category, Entry { granted, revision }))
}

/// Each byte's value as a lower-case hex digit, or [`NOT_HEX`]: one load per digit, no branch
/// (the consent value's 50-odd digits are read on every request).
pub(crate) const HEX: [u8; 256] = {
    let mut table = [NOT_HEX; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = match b as u8 {
            digit @ b'0'..=b'9' => digit - b'0',
            letter @ b'a'..=b'f' => letter - b'a' + 10,
            _ => NOT_HEX,
        };
        b += 1;
    }
    table
};

/// [`HEX`]'s mark for a byte that is not a lower-case hex digit: any value with a high bit set.
pub(crate) const NOT_HEX: u8 = 0xf0;

/// 1 to 16 lower-case hex digits, and nothing else (no sign, no upper case).
fn hex_u64(digits: &[u8]) -> Option<u64> {
    if digits.is_empty() || digits.len() > 16 {
        return None;
    }
    let (mut value, mut bad) = (0u64, 0u8);
    for &b in digits {
        let digit = HEX[usize::from(b)];
        bad |= digit;
        value = value << 4 | u64::from(digit & 0x0f);
    }
    (bad & NOT_HEX == 0).then_some(value)
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
    /// An entry is not a category letter followed by eight lower-case hex digits, or the
    /// consent id or decision time is not of the encoded form.
    Malformed,
    /// The decision time lies in the future: the value was not written by this server.
    FromTheFuture,
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
            ConsentError::Malformed => f.write_str("the consent cookie is not of the encoded form"),
            ConsentError::FromTheFuture => {
                f.write_str("the consent cookie records a decision in the future")
            }
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

    const ID: &str = "0123456789abcdef0123456789abcdef";

    #[test]
    fn rejects_hostile_values() {
        let long = format!("2.{ID}.1.S00000000.P00000000.M00000000.");
        for bad in [
            "",
            "3",
            "1.",
            "1.x00000000",
            "1.s0000000",
            "1.s000000000",
            "1.sABCDEF01",
            "1.s+0000000",
            "1.S00000000", // upper case is version 2's
            "1.s00000000.s00000000",
            "1.n00000000",
            "1.s0000000é",
            "11",
            "2",
            "2.",
            &format!("2.{ID}"),
            &format!("2.{ID}."),
            &format!("2.{ID}.+1"),
            &format!("2.{ID}.A"),
            &format!("2.{ID}.11111111111111111"),
            &format!("2.{}.1", &ID[1..]),
            &format!("2.{}.1", ID.to_uppercase()),
            &format!("2.{ID}.1.S00000000.s00000000"),
            &format!("2.{ID}.1.N00000000"),
            &long,
        ] {
            assert!(decode(bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn reads_each_entry_of_both_versions() {
        let v1 = decode("1.m0000000a.p12345678").expect("valid");
        assert_eq!((v1.id, v1.decided_at), (None, None));
        let granted = |revision| {
            Some(Entry {
                granted: true,
                revision,
            })
        };
        assert_eq!(v1.entries, [granted(0x1234_5678), None, granted(10)]);

        let v2 = decode(&format!("2.{ID}.6745a1b2.S0000000a.m000000ff")).expect("valid");
        assert_eq!(v2.id.map(|id| id.to_string()), Some(ID.to_owned()));
        assert_eq!(v2.decided_at, Some(0x6745_a1b2));
        let refused = Some(Entry {
            granted: false,
            revision: 0xff,
        });
        assert_eq!(v2.entries, [None, granted(10), refused]);
    }

    #[test]
    fn encode_writes_what_decode_reads() {
        let id: ConsentId = ID.parse().expect("id");
        let entries = [
            (
                Category::Preferences,
                Entry {
                    granted: false,
                    revision: 1,
                },
            ),
            (
                Category::Statistics,
                Entry {
                    granted: true,
                    revision: u32::MAX,
                },
            ),
            (
                Category::Marketing,
                Entry {
                    granted: true,
                    revision: 0,
                },
            ),
        ];
        let value = encode(id, u64::MAX, entries);
        assert_eq!(
            value,
            format!("2.{ID}.ffffffffffffffff.p00000001.Sffffffff.M00000000")
        );
        assert_eq!(value.len(), MAX_LEN);
        let decoded = decode(&value).expect("valid");
        assert_eq!(
            decoded.entries.map(|e| e.map(|e| e.granted)),
            [Some(false), Some(true), Some(true)]
        );
    }
}
