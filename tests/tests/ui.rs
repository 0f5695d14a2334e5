//! The compile-fail suite: one case per error the derive reports, grouped in folders by kind
//! under `tests/ui/`, each with the exact `.stderr` expected. `tests/ui/pass/` holds cases
//! that must compile and run.
//!
//! Regenerate the expected output with `TRYBUILD=overwrite cargo test --test ui`, then review
//! every changed line: the message must be right and spanned at the offending token.

use std::path::Path;

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // Every folder but `pass/` holds compile-fail cases; listing them keeps `pass/` out of the
    // compile-fail glob, and a new folder is picked up without editing this file.
    let mut kinds: Vec<String> = std::fs::read_dir(root.join("tests/ui"))
        .expect("tests/ui exists")
        .filter_map(Result::ok)
        .filter(|entry| entry.path().is_dir())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|kind| kind != "pass")
        .collect();
    kinds.sort();
    for kind in kinds {
        t.compile_fail(format!("tests/ui/{kind}/*.rs"));
    }
    t.pass("tests/ui/pass/*.rs");
}
