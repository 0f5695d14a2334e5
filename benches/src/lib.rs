//! Fixtures of the cookie-registry benchmarks: generated registries of 4, 100 and 1,000
//! cookies with the same names in each contender, the queries, and the header filters compared.
//!
//! Run the suite with `cargo bench -p cookie-registry-bench`; `BENCHMARKS.md` at the repository
//! root says how to read it.

#![forbid(unsafe_code)]

pub mod header;

use std::collections::HashMap;
use std::str::FromStr;

use cookie_registry::CookieRegistry;

#[allow(missing_docs, clippy::all, clippy::pedantic)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/registries.rs"));
}

pub use generated::{n4, n100, n1000};

/// How many names one benchmark iteration looks up.
pub const QUERIES: usize = 1024;

/// One registry size, in every contender's form.
pub trait Fixture: 'static {
    /// The `#[derive(CookieRegistry)]` enum.
    type Registry: CookieRegistry;
    /// The same names with strum's `EnumString`.
    type Strum: FromStr;
    /// The names, in declaration order.
    const NAMES: &'static [&'static str];
    /// The names as a `phf` map to their index.
    fn phf() -> &'static phf::Map<&'static str, u16>;
}

macro_rules! fixture {
    ($fixture:ident, $module:ident, $size:literal) => {
        #[doc = concat!("The registry of ", $size, " cookies.")]
        pub struct $fixture;

        impl Fixture for $fixture {
            type Registry = $module::Cookies;
            type Strum = $module::StrumCookies;
            const NAMES: &'static [&'static str] = $module::NAMES;
            fn phf() -> &'static phf::Map<&'static str, u16> {
                &$module::PHF
            }
        }
    };
}

fixture!(N4, n4, "4");
fixture!(N100, n100, "100");
fixture!(N1000, n1000, "1,000");

/// `names` as a std `HashMap` to their index (SipHash, std's default).
#[must_use]
pub fn hash_map(names: &[&'static str]) -> HashMap<&'static str, u16> {
    names
        .iter()
        .enumerate()
        .map(|(i, &name)| (name, u16::try_from(i).expect("fewer than 65,535 names")))
        .collect()
}

/// [`QUERIES`] names drawn from `names` in a fixed pseudo-random order, so that no branch
/// predictor learns the sequence even for 4 names.
#[must_use]
pub fn hits(names: &[&'static str]) -> Vec<&'static str> {
    let mut state = 0x2545_F491_4F6C_DD1D_u64;
    (0..QUERIES)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            names[(state % names.len() as u64) as usize]
        })
        .collect()
}

/// A near miss of each query: the same length and all but the last byte equal, and not itself
/// any of `names`.
#[must_use]
pub fn misses(queries: &[&str], names: &[&str]) -> Vec<String> {
    queries
        .iter()
        .map(|query| {
            let (head, last) = query.split_at(query.len() - 1);
            b"zqxZQX0179-_"
                .iter()
                .map(|&c| format!("{head}{}", char::from(c)))
                .find(|miss| !last.contains(&miss[head.len()..]) && !names.contains(&miss.as_str()))
                .unwrap_or_else(|| format!("{head}\u{7f}"))
        })
        .collect()
}

/// The names of the 1,000 that no family prefix of [`n1000::WithFamilies`] starts: a near miss
/// of any other would be a hit of its family.
#[must_use]
pub fn outside_families() -> Vec<&'static str> {
    let prefixes: Vec<&str> = n1000::WithFamilies::SPECS
        .iter()
        .filter(|spec| spec.family)
        .map(|spec| spec.name)
        .collect();
    n1000::NAMES
        .iter()
        .copied()
        .filter(|name| !prefixes.iter().any(|p| name.starts_with(p)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_contender_agrees<F: Fixture>() {
        let map = hash_map(F::NAMES);
        let queries = hits(F::NAMES);
        for &name in &queries {
            let index = usize::from(map[name]);
            let found = F::Registry::from_name(name).expect("declared");
            assert_eq!(found.name(), name);
            assert_eq!(F::Registry::SPECS[index].name, name);
            assert_eq!(F::phf().get(name), Some(&map[name]));
            assert!(F::Strum::from_str(name).is_ok());
        }
        for miss in misses(&queries, F::NAMES) {
            assert!(F::Registry::from_name(&miss).is_none(), "{miss}");
            assert!(!map.contains_key(miss.as_str()));
            assert!(F::phf().get(miss.as_str()).is_none());
            assert!(F::Strum::from_str(&miss).is_err());
        }
    }

    #[test]
    fn contenders_agree_at_every_size() {
        every_contender_agrees::<N4>();
        every_contender_agrees::<N100>();
        every_contender_agrees::<N1000>();
    }

    #[test]
    fn near_misses_have_the_same_length() {
        let outside = outside_families();
        assert!(
            outside.len() > 700 && outside.len() < 1000,
            "{}",
            outside.len()
        );
        let queries = hits(&outside);
        for (miss, hit) in misses(&queries, n1000::NAMES).iter().zip(&queries) {
            assert_eq!(miss.len(), hit.len());
            assert!(n1000::WithFamilies::from_name(miss).is_none(), "{miss}");
        }
    }

    #[test]
    fn registries_share_a_spread_of_lengths() {
        let mean = |names: &[&str]| {
            names.iter().map(|n| n.len()).sum::<usize>() as f64 / names.len() as f64
        };
        let (small, large) = (mean(n4::NAMES), mean(n1000::NAMES));
        assert!((small - large).abs() < 3.0, "{small} vs {large}");
    }
}
