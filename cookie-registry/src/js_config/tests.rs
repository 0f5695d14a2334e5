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
    #[cookie(name = "cc_cookie", category = Necessary, storage = local, purpose = "Banner choice")]
    CcCookie,
    #[cookie(name = "klaro", category = Necessary, storage = local, purpose = "Banner choice")]
    KlaroRecord,
    #[cookie(prefix = "ad_seen_", category = Marketing, storage = session, purpose = "Ads seen")]
    AdSeen,
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
    // Three services of cookies, and one of the session-storage family `ad_seen_`.
    assert_eq!(module.matches("required: false").count(), 4);
}

#[test]
fn storage_is_cleared_as_storage_and_never_listed_as_a_cookie() {
    for module in [
        cookieconsent::<Hostile>("/consent", "/cookies"),
        klaro::<Hostile>("/consent", "/cookies"),
    ] {
        assert!(
            module.contains("function removeStorage(entries)"),
            "{module}"
        );
        assert!(
            module.contains(r#"marketing: [["sessionStorage","ad_seen_",true]],"#),
            "{module}"
        );
        // Never among the cookies a banner clears.
        assert!(!module.contains("name: /^ad_seen_/"), "{module}");
        assert!(!module.contains("pattern: /^ad_seen_/"), "{module}");
    }
    let klaro = klaro::<Hostile>("/consent", "/cookies");
    assert!(
        klaro.contains(r#"const storageByService = { "acme-script-marketing": [["sessionStorage","ad_seen_",true]], };"#),
        "{klaro}"
    );
    assert!(klaro.contains("removeStorage(storageByService[service.name])"));
}

#[test]
fn both_configs_follow_the_page_s_language_and_klaro_links_the_policy() {
    let cc = cookieconsent::<Hostile>("/consent", "/cookies");
    assert!(
        cc.contains("    default: \"en\",\n    autoDetect: \"document\","),
        "{cc}"
    );
    let klaro = klaro::<Hostile>("/consent", "/cookies");
    assert!(
        !klaro.contains("  lang:"),
        "a fixed lang turns Klaro's detection off"
    );
    assert!(klaro.contains("  fallbackLang: \"en\","));
    assert!(klaro.contains("showNoticeTitle: true"));
    assert!(klaro.contains("      privacyPolicyUrl: \"/cookies\","));
    assert!(klaro.contains(" {privacyPolicy}\", learnMore: "), "{klaro}");
    // "Reject all" as prominent as "Accept all".
    assert!(klaro.contains("styling: { dark2: \"#1a936f\" },"));
}

#[test]
fn slugs_are_id_safe() {
    assert_eq!(klaro::slug("Google Analytics 4"), "google-analytics-4");
    assert_eq!(klaro::slug("Ünïcode"), "n-code");
    assert_eq!(klaro::slug("***"), "provider");
}
