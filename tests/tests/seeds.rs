//! The first acceptance test: the `opendatasoft` example reproduces the two published pages.

use std::process::Command;

use cookie_registry_tests::{DORMAGEN_SEED, UMEA_SEED, text_lines};

#[allow(dead_code)] // the example's `main` is not called here
#[path = "../../cookie-registry/examples/opendatasoft.rs"]
mod opendatasoft;

#[test]
fn umea_page_is_reproduced_by_default() {
    let page = opendatasoft::render_page(opendatasoft::DEFAULT_SITE);
    assert_eq!(text_lines(&page), text_lines(UMEA_SEED));
}

#[test]
fn dormagen_page_is_reproduced_for_its_url() {
    let page = opendatasoft::render_page("https://opendata.dormagen.de");
    assert_eq!(text_lines(&page), text_lines(DORMAGEN_SEED));
}

#[test]
fn the_seeds_differ_only_in_the_site() {
    let umea = text_lines(UMEA_SEED);
    let dormagen = text_lines(DORMAGEN_SEED);
    let differing: Vec<_> = umea.iter().zip(&dormagen).filter(|(a, b)| a != b).collect();
    assert_eq!(umea.len(), dormagen.len());
    assert_eq!(differing.len(), 1);
}

/// The example binary itself, as the README runs it, for both sites.
#[test]
fn the_example_binary_prints_both_pages() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    for (args, seed) in [
        (&[][..], UMEA_SEED),
        (&["https://opendata.dormagen.de"][..], DORMAGEN_SEED),
    ] {
        let output = Command::new(&cargo)
            .args([
                "run",
                "--quiet",
                "-p",
                "cookie-registry",
                "--example",
                "opendatasoft",
                "--",
            ])
            .args(args)
            .output()
            .expect("cargo runs");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let stdout = String::from_utf8(output.stdout).expect("UTF-8 page");
        assert_eq!(text_lines(&stdout), text_lines(seed));
    }
}
