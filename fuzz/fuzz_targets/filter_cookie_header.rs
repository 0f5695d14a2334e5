#![no_main]
//! `filter_cookie_header` never panics, keeps only allowed pairs, and is idempotent.

use cookie_registry::{CookieRegistry, filter_cookie_header};
use cookie_registry_fuzz::{Cookies, split_input};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (consent, header) = split_input(data);
    let once = filter_cookie_header::<Cookies>(&header, &consent);
    for pair in once.split(';').map(|p| p.trim_matches([' ', '\t'])).filter(|p| !p.is_empty()) {
        let name = pair.split('=').next().unwrap_or_default().trim_end_matches([' ', '\t']);
        assert!(Cookies::spec_of(name).is_some_and(|s| s.allowed_by(&consent)), "{pair:?}");
    }
    let twice = filter_cookie_header::<Cookies>(&once, &consent);
    assert_eq!(once, twice);
});
