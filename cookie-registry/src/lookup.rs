//! Name lookup: a perfect hash table the derive builds at compile time.
//!
//! The derive hashes every declared name with [`hash`] and searches, per bucket of names, a
//! small "pilot" that sends each name of the bucket to a free slot (the PTHash scheme). At run
//! time a lookup is one hash of the name, one pilot read, one slot read and one comparison, at
//! any registry size. `cookie-registry-derive/src/phf.rs` holds the build half; the two must hash
//! alike, which every lookup test checks.

use crate::CookieSpec;

const K0: u64 = 0x9E37_79B9_7F4A_7C15;
const K1: u64 = 0xD6E8_FEB8_6659_FD93;

/// Multiplies two words and folds the 128-bit product into 64 bits.
#[inline]
const fn fold(a: u64, b: u64) -> u64 {
    let product = (a as u128) * (b as u128);
    (product as u64) ^ ((product >> 64) as u64)
}

/// Hashes `bytes` with `seed`, eight bytes at a time.
#[inline]
#[must_use]
pub fn hash(bytes: &[u8], seed: u64) -> u64 {
    let mut h = seed ^ (bytes.len() as u64).wrapping_mul(K0);
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        h = fold(h ^ u64::from_le_bytes(word), K0);
    }
    let tail = chunks.remainder();
    if !tail.is_empty() {
        let mut word = [0u8; 8];
        word[..tail.len()].copy_from_slice(tail);
        h = fold(h ^ u64::from_le_bytes(word), K1);
    }
    h
}

/// A slot of a table with `1 << (64 - shift)` slots, for hash `h` and the bucket's `pilot`.
#[inline]
#[must_use]
pub const fn slot(h: u64, pilot: u16, shift: u32) -> usize {
    (fold(h ^ (pilot as u64).wrapping_mul(K1), K0) >> shift) as usize
}

/// The bucket of hash `h` among `buckets` buckets.
#[inline]
#[must_use]
pub const fn bucket(h: u64, buckets: u64) -> usize {
    (((h as u32) as u64 * buckets) >> 32) as usize
}

/// A minimal perfect hash from names to cookie indexes.
#[derive(Debug)]
pub struct NameTable {
    /// The hash seed the derive settled on.
    pub seed: u64,
    /// How many buckets `pilots` has.
    pub buckets: u64,
    /// `64 - log2(slots.len())`.
    pub shift: u32,
    /// One pilot per bucket.
    pub pilots: &'static [u16],
    /// The cookie index in each slot; `u16::MAX` in an empty one.
    pub slots: &'static [u16],
}

impl NameTable {
    /// The one index `name` can have: the caller compares the name stored there.
    #[inline]
    fn probe(&self, name: &[u8]) -> usize {
        let h = hash(name, self.seed);
        let pilot = self
            .pilots
            .get(bucket(h, self.buckets))
            .copied()
            .unwrap_or(0);
        self.slots
            .get(slot(h, pilot, self.shift))
            .map_or(usize::MAX, |&index| usize::from(index))
    }
}

/// Everything a registry needs to find a cookie by name: its exact names, and its families.
#[derive(Debug)]
pub struct Lookup {
    /// The exactly named cookies.
    pub exact: NameTable,
    /// The families, keyed by their prefix.
    pub families: NameTable,
    /// The distinct family prefix lengths, longest first.
    pub family_lengths: &'static [usize],
}

impl Lookup {
    /// The index in `specs` of the cookie called `name`: an exact name first, otherwise the
    /// family with the longest matching prefix.
    #[inline]
    #[must_use]
    pub fn find(&self, name: &str, specs: &[CookieSpec]) -> Option<usize> {
        let bytes = name.as_bytes();
        let index = self.exact.probe(bytes);
        if let Some(spec) = specs.get(index) {
            if spec.name.as_bytes() == bytes && !spec.family {
                return Some(index);
            }
        }
        self.find_family(bytes, specs)
    }

    #[inline]
    fn find_family(&self, bytes: &[u8], specs: &[CookieSpec]) -> Option<usize> {
        for &len in self.family_lengths {
            let Some(prefix) = bytes.get(..len).filter(|_| bytes.len() > len) else {
                continue;
            };
            let index = self.families.probe(prefix);
            if let Some(spec) = specs.get(index) {
                if spec.family && spec.name.as_bytes() == prefix {
                    return Some(index);
                }
            }
        }
        None
    }
}

/// [`Lookup::find`] for const contexts (`Cookies::named`): a plain scan, which costs nothing at
/// run time because it runs in the compiler.
#[must_use]
pub const fn find_const(name: &str, specs: &[CookieSpec]) -> Option<usize> {
    let name = name.as_bytes();
    let mut family: Option<usize> = None;
    let mut family_len = 0;
    let mut i = 0;
    while i < specs.len() {
        let key = specs[i].name.as_bytes();
        if !specs[i].family {
            if key.len() == name.len() && starts_with(name, key) {
                return Some(i);
            }
        } else if name.len() > key.len() && key.len() > family_len && starts_with(name, key) {
            family = Some(i);
            family_len = key.len();
        }
        i += 1;
    }
    family
}

const fn starts_with(bytes: &[u8], prefix: &[u8]) -> bool {
    if prefix.len() > bytes.len() {
        return false;
    }
    let mut i = 0;
    while i < prefix.len() {
        if bytes[i] != prefix[i] {
            return false;
        }
        i += 1;
    }
    true
}
