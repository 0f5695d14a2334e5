#![no_main]
//! The `Set-Cookie` reader on any bytes: it never panics; a removal is exactly an expiry in the
//! past; the name is the pair's text up to its first `=`, trimmed of space and tab only, so
//! that no other character a browser keeps is ever trimmed away.

use cookie_registry::engine::{Expiry, read_set_cookie};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(read) = read_set_cookie(data) else {
        return;
    };
    let now = 1_800_000_000;
    let past = match read.expiry() {
        Expiry::Session | Expiry::MaxAge(_) => false,
        Expiry::Earliest => true,
        Expiry::Expires(at) => at <= now,
    };
    assert_eq!(read.is_removal_at(now), past);

    let pair = data.split(|&b| b == b';').next().unwrap_or_default();
    let name = match pair.iter().position(|&b| b == b'=') {
        Some(at) => &pair[..at],
        None => &[][..],
    };
    let start = name.iter().position(|&b| b != b' ' && b != b'\t').unwrap_or(name.len());
    let end = name.iter().rposition(|&b| b != b' ' && b != b'\t').map_or(start, |i| i + 1);
    assert_eq!(read.name(), &name[start..end]);
});
