//! A category's revision: the hash a stored grant must match.

use super::Decl;

/// A stable 32-bit FNV-1a hash of what a visitor agrees to when granting a category: which
/// cookies it has, and for each its name (or prefix), provider, lifetime, whether it is a Web
/// Storage entry, and whether it is third-party or anonymized; then the site's `revision(...)`
/// number, when not 0. Texts and the attributes that change neither who reads a cookie nor how
/// long it lives are left out, so a reworded purpose keeps every visitor's consent.
pub(super) fn revision<'a>(cookies: impl Iterator<Item = &'a Decl<'a>>, bump: u32) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    let mut write = |text: &str| {
        // Each text, then 0xff (which no UTF-8 text contains) to end it.
        for &byte in text.as_bytes().iter().chain(&[0xff]) {
            h ^= u32::from(byte);
            h = h.wrapping_mul(0x0100_0193);
        }
    };
    for decl in cookies {
        let cookie = decl.cookie;
        write(decl.name);
        write(if cookie.family { "prefix" } else { "name" });
        write(decl.provider);
        // The lifetime in seconds: `13mo` and `390d` promise the same.
        write(
            &cookie
                .max_age
                .and_then(|m| m.value.seconds())
                .map(|seconds| seconds.to_string())
                .unwrap_or_default(),
        );
        // Only for storage entries, so that the revisions of plain cookies stay what they were.
        if let Some(storage) = cookie.storage {
            write(crate::model::storage_variant(storage.value));
        }
        let flags = [cookie.third_party, cookie.anonymized];
        write(
            &flags
                .map(|f| if f.is_some() { '1' } else { '0' })
                .iter()
                .collect::<String>(),
        );
    }
    if bump != 0 {
        write(&format!("revision {bump}"));
    }
    h
}
