#![no_main]
//! The engine on arbitrary bytes (header values are bytes, not text): `read_request` on a
//! `Cookie` header never panics, keeps only declared and allowed pairs, and a second pass over
//! its output changes nothing; `gate_response` on arbitrary `Set-Cookie` values never panics,
//! and every removal it writes is of a cookie the request carried, under a name that can stand
//! in a header.

use cookie_registry::CookieRegistry;
use cookie_registry::engine::{self, Enforcement};
use cookie_registry_fuzz::Cookies;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The input: a Cookie header, then Set-Cookie values, separated by 0xff bytes.
    let mut parts = data.split(|&b| b == 0xff);
    let carried = parts.next().unwrap_or_default();
    let set_cookies: Vec<&[u8]> = parts.collect();

    let request = engine::read_request::<Cookies>(carried);
    let consent = request.state().consent();
    if let Some(filtered) = request.filtered() {
        let again = engine::read_request::<Cookies>(filtered);
        assert_eq!(again.filtered(), None, "filtering twice changed the header");
        for pair in filtered.split(|&b| b == b';') {
            let pair = pair.trim_ascii();
            if pair.is_empty() {
                continue;
            }
            let name = pair.split(|&b| b == b'=').next().unwrap_or_default().trim_ascii();
            let name = core::str::from_utf8(name).expect("kept names are declared, so ASCII");
            let spec = Cookies::spec_of(name).expect("kept pairs are declared");
            assert!(spec.allowed_by(&consent), "kept a refused pair");
        }
    }

    for enforcement in [Enforcement::new(), Enforcement::new().remove_refused(false)] {
        let decision = engine::gate_response::<Cookies>(
            enforcement,
            &request.summary(),
            carried,
            set_cookies.iter().copied(),
        );
        assert!(decision.refused().iter().all(|&i| i < set_cookies.len()));
        for removal in decision.removals() {
            let name = removal.split('=').next().unwrap_or_default();
            assert!(!name.is_empty());
            assert!(
                name.bytes().all(|b| b >= 0x20 && b != 0x7f && b != b';'),
                "a removal under a name that cannot stand in a header: {name:?}"
            );
            let needle = name.as_bytes();
            assert!(
                carried.windows(needle.len()).any(|w| w == needle),
                "removed {name:?}, which the request did not carry"
            );
        }
    }
});
