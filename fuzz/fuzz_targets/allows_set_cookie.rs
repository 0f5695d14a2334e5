#![no_main]
//! `allows_set_cookie` never panics on any header value.

use cookie_registry::allows_set_cookie;
use cookie_registry_fuzz::{Cookies, split_input};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (consent, value) = split_input(data);
    let _ = allows_set_cookie::<Cookies>(&value, &consent);
});
