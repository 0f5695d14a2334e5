//! `from_name` against std's `HashMap`, a `phf` map and strum's `EnumString`, on the same names,
//! for hits and for same-length near misses, at 4, 100 and 1,000 names. Each iteration looks up
//! [`QUERIES`] names; divan's "item/s" is lookups per second.

use std::str::FromStr;

use cookie_registry::CookieRegistry;
use cookie_registry_bench::{Fixture, N4, N100, N1000, QUERIES, hash_map, hits, misses};
use divan::counter::ItemsCount;
use divan::{Bencher, black_box};

fn main() {
    divan::main();
}

/// The hit queries, or their near misses, of fixture `F`.
fn queries<F: Fixture>(hit: bool) -> Vec<String> {
    let hits = hits(F::NAMES);
    if hit {
        hits.iter().map(|&name| name.to_owned()).collect()
    } else {
        misses(&hits, F::NAMES)
    }
}

/// Times `lookup` over every query; `lookup` returns whether it found the name.
fn run(bencher: Bencher, queries: &[String], lookup: impl Fn(&str) -> bool) {
    bencher.counter(ItemsCount::new(QUERIES)).bench_local(|| {
        for query in queries {
            black_box(lookup(black_box(query.as_str())));
        }
    });
}

macro_rules! contenders {
    ($hit:literal) => {
        #[divan::bench(types = [N4, N100, N1000])]
        fn cookie_registry<F: Fixture>(bencher: Bencher) {
            run(bencher, &queries::<F>($hit), |name| {
                F::Registry::from_name(name).is_some()
            });
        }

        #[divan::bench(types = [N4, N100, N1000])]
        fn std_hash_map<F: Fixture>(bencher: Bencher) {
            let map = hash_map(F::NAMES);
            run(bencher, &queries::<F>($hit), |name| map.get(name).is_some());
        }

        #[divan::bench(types = [N4, N100, N1000])]
        fn phf<F: Fixture>(bencher: Bencher) {
            run(bencher, &queries::<F>($hit), |name| {
                F::phf().get(name).is_some()
            });
        }

        #[divan::bench(types = [N4, N100, N1000])]
        fn strum<F: Fixture>(bencher: Bencher) {
            run(bencher, &queries::<F>($hit), |name| {
                F::Strum::from_str(name).is_ok()
            });
        }
    };
}

/// Names the registry declares.
mod hit {
    use super::*;
    contenders!(true);
}

/// Same-length near misses: every byte but the last equal to a declared name.
mod miss {
    use super::*;
    contenders!(false);
}

/// The 1,000 names plus four families (`_ga_`, `_pk_id.`, `intercom-id-`, `_hjSessionUser_`):
/// a miss also probes each family prefix length. The queries are the names no family prefix
/// starts (a near miss of any other is a hit of its family).
mod with_families {
    use super::*;
    use cookie_registry_bench::{n1000, outside_families};

    #[divan::bench]
    fn hit(bencher: Bencher) {
        let queries: Vec<String> = hits(&outside_families())
            .iter()
            .map(|&name| name.to_owned())
            .collect();
        run(bencher, &queries, |name| {
            n1000::WithFamilies::from_name(name).is_some()
        });
    }

    #[divan::bench]
    fn miss(bencher: Bencher) {
        let queries = misses(&hits(&outside_families()), n1000::NAMES);
        run(bencher, &queries, |name| {
            n1000::WithFamilies::from_name(name).is_some()
        });
    }
}
