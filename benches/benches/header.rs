//! `filter_cookie_header` on a 2 KB header of 30 cookies against a filter built on
//! `cookie::Cookie::split_parse` (written two ways: compare with the faster), and against a
//! bare `memchr` scan for `;` as the floor.
//! divan's "B/s" is bytes of header filtered per second.

use cookie_registry::{Consent, filter_cookie_header};
use cookie_registry_bench::header::{
    HEADER, HeaderCookies, memchr_floor, split_parse_filter, split_parse_filter_one_pass,
};
use divan::counter::BytesCount;
use divan::{Bencher, black_box};

fn main() {
    divan::main();
}

fn run<T>(bencher: Bencher, filter: impl Fn(&'static str) -> T) {
    bencher
        .counter(BytesCount::of_str(HEADER))
        .bench_local(|| black_box(filter(black_box(HEADER))));
}

/// Every cookie declared and allowed: the header comes back as it is.
mod nothing_removed {
    use super::*;

    #[divan::bench]
    fn cookie_registry(bencher: Bencher) {
        run(bencher, |h| {
            filter_cookie_header::<HeaderCookies>(h, &Consent::all())
        });
    }

    #[divan::bench]
    fn split_parse(bencher: Bencher) {
        run(bencher, |h| {
            split_parse_filter::<HeaderCookies>(h, &Consent::all())
        });
    }

    #[divan::bench]
    fn split_parse_one_pass(bencher: Bencher) {
        run(bencher, |h| {
            split_parse_filter_one_pass::<HeaderCookies>(h, &Consent::all())
        });
    }
}

/// Only necessary cookies allowed: 15 of the 30 are removed.
mod half_removed {
    use super::*;

    #[divan::bench]
    fn cookie_registry(bencher: Bencher) {
        run(bencher, |h| {
            filter_cookie_header::<HeaderCookies>(h, &Consent::necessary_only())
        });
    }

    #[divan::bench]
    fn split_parse(bencher: Bencher) {
        run(bencher, |h| {
            split_parse_filter::<HeaderCookies>(h, &Consent::necessary_only())
        });
    }

    #[divan::bench]
    fn split_parse_one_pass(bencher: Bencher) {
        run(bencher, |h| {
            split_parse_filter_one_pass::<HeaderCookies>(h, &Consent::necessary_only())
        });
    }
}

/// Finding the 29 `;` of the header: no filter can be faster.
#[divan::bench]
fn memchr_floor_scan(bencher: Bencher) {
    run(bencher, memchr_floor);
}
