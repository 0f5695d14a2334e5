//! Name lookup: a perfect hash table the derive builds at compile time.
//!
//! The derive hashes every declared name with [`hash`] and searches, per bucket of names, a
//! small "pilot" that sends each name of the bucket to a free slot (the PTHash scheme). At run
//! time a lookup is one hash of the name, one pilot read, one slot read and one comparison, at
//! any registry size. `cookie-registry-derive/src/phf.rs` holds the build half; both hash with
//! `cookie-registry-core`, one source.
//!
//! Families are keyed by the first [`Lookup::family_key`] bytes of their prefix (the shortest
//! prefix's length): one more probe finds the few families sharing those bytes, whatever the
//! number of distinct prefix lengths.

use crate::CookieSpec;

use cookie_registry_core::hash::words;
pub use cookie_registry_core::hash::{bucket, hash, slot};

/// Whether `a` and `b` are the same bytes, compared a word or 16 bytes at a time in line: names
/// are short, and a call to `memcmp` would cost more than the comparison.
#[inline(always)]
fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    if a.len() <= 16 {
        return words(a) == words(b);
    }
    let (mut x, mut y) = (a, b);
    while let (Some(p), Some(q)) = (x.first_chunk::<16>(), y.first_chunk::<16>()) {
        if p != q {
            return false;
        }
        (x, y) = (&x[16..], &y[16..]);
    }
    // The last 16 bytes, overlapping those compared when the length is not a multiple of 16.
    a.last_chunk::<16>() == b.last_chunk::<16>()
}

/// A minimal perfect hash from keys to small numbers.
#[derive(Debug)]
pub struct NameTable {
    /// The hash seed the derive settled on.
    pub seed: u64,
    /// How many buckets `pilots` has.
    pub buckets: u64,
    /// `64 - log2(slots.len())`.
    pub shift: u32,
    /// One pilot per bucket, as little-endian `u16` pairs: the derive emits a byte string, one
    /// token for the compiler to read where a slice literal would be two per number.
    pub pilots: &'static [u8],
    /// The number in each slot (a cookie index, or a family chain's start), as little-endian
    /// `u16` pairs; `u16::MAX` in an empty one.
    pub slots: &'static [u8],
}

/// Entry `i` of a table of little-endian `u16` pairs.
#[inline]
fn entry(table: &[u8], i: usize) -> Option<u16> {
    let at = i.wrapping_mul(2);
    match table.get(at..at.wrapping_add(2)) {
        Some(&[low, high]) => Some(u16::from_le_bytes([low, high])),
        _ => None,
    }
}

impl NameTable {
    /// The one number `key` can have, or `None` for an empty slot: the caller compares the key
    /// stored there.
    #[inline(always)] // a call here costs as much as the probe
    fn probe(&self, key: &[u8]) -> Option<usize> {
        let h = hash(key, self.seed);
        let pilot = entry(self.pilots, bucket(h, self.buckets)).unwrap_or(0);
        entry(self.slots, slot(h, pilot, self.shift)).map(usize::from)
    }
}

/// Everything a registry needs to find a cookie by name: its exact names, and its families.
#[derive(Debug)]
pub struct Lookup {
    /// The exactly named cookies.
    pub exact: NameTable,
    /// The families, keyed by the first `family_key` bytes of their prefix; a slot holds where
    /// the chain of the families sharing those bytes starts in `family_chains`.
    pub families: NameTable,
    /// The length of the shortest family prefix; 0 when there is no family.
    pub family_key: usize,
    /// Chains of family cookie indexes, longest prefix first, each ended by `u16::MAX`, as
    /// little-endian `u16` pairs.
    pub family_chains: &'static [u8],
}

impl Lookup {
    /// The index in `specs` of the cookie called `name`: an exact name first, otherwise the
    /// family with the longest matching prefix.
    #[inline]
    #[must_use]
    pub fn find(&self, name: &str, specs: &[CookieSpec]) -> Option<usize> {
        self.find_bytes(name.as_bytes(), specs)
    }

    /// [`find`](Self::find) for a name read from a header as bytes: declared names are tokens,
    /// so bytes that are not UTF-8 simply match none, with no UTF-8 check on the way.
    #[inline]
    #[must_use]
    pub fn find_bytes(&self, bytes: &[u8], specs: &[CookieSpec]) -> Option<usize> {
        if let Some(index) = self.exact.probe(bytes) {
            // The exact table holds only exact names: equal bytes are the answer.
            if specs
                .get(index)
                .is_some_and(|spec| same(spec.name.as_bytes(), bytes))
            {
                return Some(index);
            }
        }
        if bytes.len() > self.family_key && self.family_key > 0 {
            return self.find_family(bytes, specs);
        }
        None
    }

    #[inline]
    fn find_family(&self, bytes: &[u8], specs: &[CookieSpec]) -> Option<usize> {
        let key = bytes.get(..self.family_key)?;
        let start = self.families.probe(key)?;
        let chain = self.family_chains.get(start.wrapping_mul(2)..)?;
        for pair in chain.chunks_exact(2) {
            let index = u16::from_le_bytes([pair[0], pair[1]]);
            let spec = specs.get(usize::from(index))?;
            let prefix = spec.name.as_bytes();
            if bytes.len() > prefix.len()
                && bytes
                    .get(..prefix.len())
                    .is_some_and(|head| same(head, prefix))
            {
                return Some(usize::from(index));
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
