use super::*;

#[derive(crate::CookieRegistry)]
#[registry(provider = "Acme </script>")]
enum Hostile {
    #[cookie(name = "sid", category = Necessary, purpose = "Session", path = "/")]
    Sid,
    #[cookie(name = "^odd", category = Statistics, purpose = "a\"b\\c\n<!--", max_age = "1d")]
    Odd,
    #[cookie(prefix = "x.y", category = Statistics, purpose = "</script><script>alert(1)</script>")]
    Family,
    #[cookie(name = "st2", category = Statistics, provider = "Acme--script", purpose = "x")]
    St2,
    #[cookie(name = "ad", category = Marketing, provider = "Acme  ", purpose = "Ads")]
    Ad,
}

#[test]
fn no_text_can_close_a_script_or_a_string() {
    for module in [
        cookieconsent::<Hostile>("/consent\"</script>", "/c\"><script>"),
        klaro::<Hostile>("/consent\"</script>", "/c\"><script>"),
    ] {
        assert!(!module.contains("</script"), "{module}");
        assert!(!module.contains("<script"), "{module}");
        assert!(!module.contains("<!--"), "{module}");
        assert!(module.contains(r#"const endpoint = "/consent\"\u003c/script\u003e";"#));
    }
}

#[test]
fn cookieconsent_escapes_html_inside_its_literals() {
    let module = cookieconsent::<Hostile>("/consent", "/cookies");
    // cookieconsent inserts these with innerHTML: the markup arrives as text.
    assert!(module.contains(
        r#"purpose: "\u0026lt;/script\u0026gt;\u0026lt;script\u0026gt;alert(1)\u0026lt;/script\u0026gt;""#
    ));
    assert!(module.contains(r#"purpose: "a\u0026quot;b\\c\n\u0026lt;!--""#));
    assert!(module.contains(r#"{ name: "^odd" }, { name: /^x\.y/ }"#));
    assert!(module.contains(
        r#"necessary: {
      enabled: true,
      readOnly: true,"#
    ));
    // Necessary cookies are never cleared by the banner.
    assert!(!module.contains(r#"{ name: "sid", path: "/" }"#));
    let revision = combined_revision::<Hostile>();
    assert!(revision > 0 && revision < 0x8000_0000);
    assert!(module.contains(&format!("revision: {revision},")));
}

#[test]
fn klaro_reads_caret_names_as_exact_patterns_and_groups_by_provider() {
    let module = klaro::<Hostile>("/consent", "/cookies");
    assert!(
        module.contains(r#"cookies: [{ pattern: /^\^odd$/ }, { pattern: /^x\.y/ }]"#),
        "{module}"
    );
    assert!(
        module.contains(r#"name: "acme-script-statistics""#),
        "{module}"
    );
    // "Acme </script>" and "Acme--script" share a slug: the second service is numbered.
    assert!(
        module.contains(r#"name: "acme-script-statistics-2""#),
        "{module}"
    );
    assert!(module.contains(r#"name: "acme-marketing""#), "{module}");
    assert!(
        module.contains(r#"name: "acme-script-necessary""#),
        "{module}"
    );
    assert!(module.contains("required: true"));
    assert_eq!(module.matches("required: false").count(), 3);
}

#[test]
fn slugs_are_id_safe() {
    assert_eq!(klaro::slug("Google Analytics 4"), "google-analytics-4");
    assert_eq!(klaro::slug("Ünïcode"), "n-code");
    assert_eq!(klaro::slug("***"), "provider");
}
