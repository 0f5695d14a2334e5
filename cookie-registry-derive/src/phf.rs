//! Builds the perfect hash tables that `cookie_registry::__private::Lookup` reads at run time.
//!
//! The hash, `bucket` and `slot` functions here must stay identical to those in
//! `cookie-registry/src/lookup.rs`; every lookup test of the workspace checks that they do.

const K0: u64 = 0x9E37_79B9_7F4A_7C15;
const K1: u64 = 0xD6E8_FEB8_6659_FD93;

/// Multiplies two words and folds the 128-bit product into 64 bits.
const fn fold(a: u64, b: u64) -> u64 {
    let product = (a as u128) * (b as u128);
    (product as u64) ^ ((product >> 64) as u64)
}

/// Two words that, with the length, determine a name of up to 16 bytes: its first and last
/// 8 bytes (overlapping), or first and last 4, or its first, middle and last byte. Plain loads,
/// no copy through memory, so hashing a short name is a few instructions.
fn words(bytes: &[u8]) -> (u64, u64) {
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
fn hash(bytes: &[u8], seed: u64) -> u64 {
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
const fn slot(h: u64, pilot: u16, shift: u32) -> usize {
    (fold(h ^ (pilot as u64).wrapping_mul(K1), K0) >> shift) as usize
}

/// The bucket of hash `h` among `buckets` buckets.
const fn bucket(h: u64, buckets: u64) -> usize {
    (((h as u32) as u64 * buckets) >> 32) as usize
}

/// A built table: what `NameTable` holds.
#[derive(Debug)]
pub(crate) struct Table {
    pub seed: u64,
    pub buckets: u64,
    pub shift: u32,
    pub pilots: Vec<u16>,
    pub slots: Vec<u16>,
}

/// Empty slots hold this index, which no cookie has.
pub(crate) const EMPTY: u16 = u16::MAX;

/// A table that sends each key to a slot of its own, the slot holding the key's index.
/// `None` only if no seed of many separates the keys (two equal keys, which validation rules out).
pub(crate) fn build(keys: &[(&[u8], u16)]) -> Option<Table> {
    let n = keys.len();
    let slots_len = (n + n / 4 + 1).next_power_of_two().max(2);
    let shift = 64 - slots_len.trailing_zeros();
    let buckets = n.div_ceil(2).max(1);
    let mut seed = 0x05EE_DC00_C1E5_u64;
    for _ in 0..64 {
        if let Some(table) = try_seed(keys, seed, buckets, slots_len, shift) {
            return Some(table);
        }
        seed = fold(seed, K1).wrapping_add(1);
    }
    None
}

fn try_seed(
    keys: &[(&[u8], u16)],
    seed: u64,
    buckets: usize,
    slots_len: usize,
    shift: u32,
) -> Option<Table> {
    let hashes: Vec<(u64, u16)> = keys
        .iter()
        .map(|&(key, index)| (hash(key, seed), index))
        .collect();
    let mut by_bucket: Vec<Vec<(u64, u16)>> = vec![Vec::new(); buckets];
    for &(h, index) in &hashes {
        by_bucket[bucket(h, buckets as u64)].push((h, index));
    }
    // The fullest buckets first, while most slots are free.
    let mut order: Vec<usize> = (0..buckets).collect();
    order.sort_by_key(|&b| core::cmp::Reverse(by_bucket[b].len()));

    let mut pilots = vec![0u16; buckets];
    let mut slots = vec![EMPTY; slots_len];
    let mut taken: Vec<usize> = Vec::new();
    for b in order {
        let members = &by_bucket[b];
        if members.is_empty() {
            break;
        }
        let pilot = (0..=u16::MAX).find(|&pilot| {
            taken.clear();
            members.iter().all(|&(h, _)| {
                let s = slot(h, pilot, shift);
                let free = slots[s] == EMPTY && !taken.contains(&s);
                taken.push(s);
                free
            })
        })?;
        pilots[b] = pilot;
        for &(h, index) in members {
            slots[slot(h, pilot, shift)] = index;
        }
    }
    Some(Table {
        seed,
        buckets: buckets as u64,
        shift,
        pilots,
        slots,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(table: &Table, key: &[u8]) -> u16 {
        let h = hash(key, table.seed);
        table.slots[slot(h, table.pilots[bucket(h, table.buckets)], table.shift)]
    }

    #[test]
    fn every_key_finds_its_index() {
        for n in [0usize, 1, 2, 3, 4, 100, 1000, 5000] {
            let names: Vec<String> = (0..n).map(|i| format!("_cookie_{i}")).collect();
            let keys: Vec<(&[u8], u16)> = names
                .iter()
                .enumerate()
                .map(|(i, name)| (name.as_bytes(), u16::try_from(i).expect("small")))
                .collect();
            let table = build(&keys).expect("table");
            for &(key, index) in &keys {
                assert_eq!(find(&table, key), index);
            }
            assert!(table.slots.len() >= n && table.slots.len().is_power_of_two());
        }
    }

    #[test]
    fn equal_keys_cannot_be_separated() {
        assert!(build(&[(b"a", 0), (b"a", 1)]).is_none());
    }
}
