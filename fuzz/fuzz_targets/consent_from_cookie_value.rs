#![no_main]
//! `ConsentState::from_cookie_value` never panics on any string, and what it accepts as a
//! decision re-encodes (as a new decision with the same grants) to a value it accepts again
//! with the same consent.

use cookie_registry::{ConsentRecord, ConsentState};
use cookie_registry_fuzz::Cookies;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let value = String::from_utf8_lossy(data);
    if let Ok(state) = ConsentState::from_cookie_value::<Cookies>(&value) {
        let record = ConsentRecord::new::<Cookies>(state.consent(), state.id());
        let again = ConsentState::from_cookie_value::<Cookies>(&record.cookie_value())
            .expect("a value written now decodes");
        assert_eq!(again.consent(), state.consent());
        assert!(again.is_decided() && !again.needs_prompt());
    }
});
