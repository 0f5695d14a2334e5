#![no_main]
//! `Consent::from_cookie_value` never panics, and what it accepts re-encodes to a value it
//! accepts again with the same result.

use cookie_registry::Consent;
use cookie_registry_fuzz::Cookies;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let value = String::from_utf8_lossy(data);
    if let Ok(consent) = Consent::from_cookie_value::<Cookies>(&value) {
        let again = consent.to_cookie_value::<Cookies>();
        assert_eq!(Consent::from_cookie_value::<Cookies>(&again), Ok(consent));
    }
});
