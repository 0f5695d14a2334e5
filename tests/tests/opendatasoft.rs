//! The seed example in its three languages, and its committed policy pages.

use cookie_registry::CookieRegistry;
use cookie_registry_tests::text_lines;

#[allow(dead_code)] // the example's `main` is not called here
#[path = "../../cookie-registry/examples/opendatasoft.rs"]
mod opendatasoft;

use opendatasoft::{Cookies, DEFAULT_SITE, render_page, render_page_in};

#[test]
fn english_is_the_published_page() {
    assert_eq!(
        render_page_in(DEFAULT_SITE, "en").as_deref(),
        Some(render_page(DEFAULT_SITE).as_str())
    );
}

#[test]
fn the_swedish_table() {
    let page = render_page_in(DEFAULT_SITE, "sv").unwrap_or_default();
    let lines = text_lines(&page);
    assert_eq!(lines[0], "Policy för kakor");
    assert!(page.contains("Vilka kakor används på plattformen <https://opendata.umea.se>"));
    assert_eq!(
        lines[lines.len() - 5..],
        [
            "Leverantör\tFunktion och användningsområde\tNamn\tSyfte",
            "Opendatasoft\tAutentisering (portal och administration)\tsessionid\tFör att känna igen användaren från en sida till nästa",
            "Opendatasoft\tSpråkval (portal och administration)\tdjango_language\tFör att komma ihåg besökarens språk",
            "Opendatasoft\tAPI (CSRF) (portal och administration)\tcsrftoken\tFör att hämta data via API-anrop",
            "Opendatasoft\tVal som gäller dina kakinställningar\tcookies_preferences\tFör att komma ihåg besökarens kakinställningar",
        ]
    );
}

#[test]
fn the_german_table() {
    let page = render_page_in("https://opendata.dormagen.de", "de").unwrap_or_default();
    let lines = text_lines(&page);
    assert_eq!(lines[0], "Cookie-Richtlinie");
    assert!(page.contains(
        "Welche Cookies werden auf der Plattform <https://opendata.dormagen.de> verwendet"
    ));
    assert_eq!(
        lines[lines.len() - 5..],
        [
            "Anbieter\tFunktion und Einsatzbereich\tCookie-Name(n)\tZweck",
            "Opendatasoft\tAuthentifizierung (Front- und Backoffice)\tsessionid\tUm den Nutzer von einer Seite zur nächsten wiederzuerkennen",
            "Opendatasoft\tSprachauswahl (Front- und Backoffice)\tdjango_language\tUm die Sprache des Besuchers zu speichern",
            "Opendatasoft\tAPI (CSRF) (Front- und Backoffice)\tcsrftoken\tUm Daten über API-Aufrufe abzurufen",
            "Opendatasoft\tAuswahl zu Ihren Cookie-Einstellungen\tcookies_preferences\tUm die Cookie-Einstellungen des Besuchers zu speichern",
        ]
    );
    assert_eq!(render_page_in(DEFAULT_SITE, "fr"), None);
}

/// The committed Markdown pages (`cookie-registry/examples/opendatasoft-COOKIES*.md`) are the
/// registry's pages, byte for byte: a change to the enum that is not also committed there fails
/// here. `COOKIE_REGISTRY_BLESS=1 cargo test --test opendatasoft` rewrites them.
#[test]
fn the_committed_policy_pages_match_the_enum() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../cookie-registry/examples");
    for (language, file) in [
        ("en", "opendatasoft-COOKIES.md"),
        ("sv", "opendatasoft-COOKIES.sv.md"),
        ("de", "opendatasoft-COOKIES.de.md"),
    ] {
        let page = Cookies::policy_table()
            .page()
            .in_language(language)
            .map(|table| table.to_markdown())
            .unwrap_or_default();
        let path = dir.join(file);
        if std::env::var_os("COOKIE_REGISTRY_BLESS").is_some() {
            std::fs::write(&path, &page).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == page,
            "{file} differs from the enum; rewrite it with COOKIE_REGISTRY_BLESS=1 cargo test --test opendatasoft\n--- committed\n{committed}\n--- rendered\n{page}"
        );
    }
}
