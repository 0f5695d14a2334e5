//! The cookie-name hash of the perfect hash tables: the derive builds a table with it, the
//! runtime probes the table with it, so both must compute the same numbers.
//!
//! A lookup is one [`hash`] of the name, one pilot read for its [`bucket`], one [`slot`] read
//! and one comparison (the PTHash scheme).
//!
//! ```
//! use cookie_registry_core::hash::{bucket, hash, slot};
//!
//! let h = hash(b"sessionid", 7);
//! assert_eq!(h, hash(b"sessionid", 7));
//! assert_ne!(h, hash(b"sessionId", 7));
//! assert!(bucket(h, 3) < 3);
//! assert!(slot(h, 1, 60) < 16);
//! ```

/// The odd constants of the mix (wyhash's).
const K0: u64 = 0x9E37_79B9_7F4A_7C15;
const K1: u64 = 0xD6E8_FEB8_6659_FD93;

/// Multiplies two words and folds the 128-bit product into 64 bits.
#[inline]
#[must_use]
pub const fn fold(a: u64, b: u64) -> u64 {
    let product = (a as u128) * (b as u128);
    (product as u64) ^ ((product >> 64) as u64)
}

/// Two words that, with the length, determine a name of up to 16 bytes: its first and last
/// 8 bytes (overlapping), or first and last 4, or its first, middle and last byte. Plain loads,
/// no copy through memory, so hashing a short name is a few instructions.
#[inline(always)]
#[must_use]
pub fn words(bytes: &[u8]) -> (u64, u64) {
    if let (Some(head), Some(tail)) = (bytes.first_chunk::<8>(), bytes.last_chunk::<8>()) {
        (u64::from_le_bytes(*head), u64::from_le_bytes(*tail))
    } else if let (Some(head), Some(tail)) = (bytes.first_chunk::<4>(), bytes.last_chunk::<4>()) {
        (
            u64::from(u32::from_le_bytes(*head)),
            u64::from(u32::from_le_bytes(*tail)),
        )
    } else if let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) {
        let middle = bytes.get(bytes.len() / 2).copied().unwrap_or(0);
        let packed = u64::from(first) << 16 | u64::from(middle) << 8 | u64::from(last);
        (packed, 0)
    } else {
        (0, 0)
    }
}

/// Hashes `bytes` with `seed`: one 64×64→128-bit multiply for up to 16 bytes, one more per
/// further 16 (the wyhash construction).
#[inline]
#[must_use]
pub fn hash(bytes: &[u8], seed: u64) -> u64 {
    let mut h = seed ^ (bytes.len() as u64).wrapping_mul(K0);
    let (a, b) = if bytes.len() <= 16 {
        words(bytes)
    } else {
        let mut rest = bytes;
        while rest.len() > 16 {
            let (Some(a), Some(b)) = (
                rest.first_chunk::<8>(),
                rest.get(8..).and_then(<[u8]>::first_chunk::<8>),
            ) else {
                break;
            };
            h = fold(u64::from_le_bytes(*a) ^ K1, u64::from_le_bytes(*b) ^ h);
            rest = rest.get(16..).unwrap_or_default();
        }
        // The last 16 bytes, overlapping the chunks already mixed when the length is not a
        // multiple of 16.
        match bytes.last_chunk::<16>() {
            Some(last) => words(last),
            None => words(bytes),
        }
    };
    fold(a ^ K1, b ^ h)
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

/// The next seed to try when a table cannot be built with this one.
#[must_use]
pub const fn next_seed(seed: u64) -> u64 {
    fold(seed, K1).wrapping_add(1)
}

#[cfg(test)]
mod tests {
    use super::{hash, words};

    /// Fixed values: a change to the hash changes every table the derive has emitted, so it
    /// must be deliberate.
    #[test]
    fn the_hash_is_stable() {
        assert_eq!(words(b""), (0, 0));
        assert_eq!(
            words(b"abc"),
            (
                u64::from(b'a') << 16 | u64::from(b'b') << 8 | u64::from(b'c'),
                0
            )
        );
        let short = hash(b"sessionid", 0);
        let long = hash(b"a_cookie_name_longer_than_sixteen", 0);
        assert_ne!(short, long);
        assert_eq!(short, hash(b"sessionid", 0));
        assert_ne!(hash(b"sessionid", 0), hash(b"sessionid", 1));
    }
}
