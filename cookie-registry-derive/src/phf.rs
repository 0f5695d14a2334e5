//! Builds the perfect hash tables that `cookie_registry::__private::Lookup` reads at run time.
//!
//! The hash, `bucket` and `slot` functions are `cookie-registry-core`'s, the ones the runtime
//! probes the tables with.

use cookie_registry_core::hash::{bucket, hash, next_seed, slot};

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
        seed = next_seed(seed);
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
