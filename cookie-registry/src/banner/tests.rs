use super::*;

#[derive(crate::CookieRegistry, Debug, Clone, Copy)]
#[registry(provider = "Shop & Co")]
enum Cookies {
    #[cookie(name = "sid", category = Necessary, purpose = "Session", path = "/")]
    Sid,
    #[cookie(name = "_ga", category = Statistics, provider = "Google",
             purpose = "<script>alert(1)</script>", max_age = "390d")]
    Ga,
    #[cookie(prefix = "_ga_", category = Statistics, provider = "Google\" onclick=\"x",
             purpose = "Sessions", max_age = "400d")]
    GaSession,
    #[cookie(name = "_fbp", category = Marketing, provider = "Meta", purpose = "Ads", max_age = "90d")]
    Fbp,
}

fn banner(consent: Consent, stale: &[Category]) -> Banner<'static, Cookies> {
    Banner::from_parts(consent, true, stale.iter().copied())
}

/// The opening tags of `html`, with their attribute text: `("input", " type=...")`.
fn tags(html: &str) -> Vec<(&str, &str)> {
    html.split('<')
        .skip(1)
        .filter(|t| !t.starts_with('/'))
        .map(|t| {
            let t = &t[..t.find('>').expect("a closed tag")];
            t.split_once(' ').unwrap_or((t, ""))
        })
        .collect()
}

/// The attribute names of a tag's attribute text, reading quoted values as values.
fn attribute_names(attrs: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = attrs.trim_start();
    while !rest.is_empty() {
        let end = rest.find([' ', '=']).unwrap_or(rest.len());
        names.push(&rest[..end]);
        rest = &rest[end..];
        if let Some(value) = rest.strip_prefix("=\"") {
            rest = &value[value.find('"').expect("a closed value") + 1..];
        }
        rest = rest.trim_start();
    }
    names
}

/// Every element that needs a closing tag is closed, in order.
fn assert_balanced(html: &str) {
    const VOID: [&str; 3] = ["input", "meta", "link"];
    let mut open: Vec<&str> = Vec::new();
    for part in html.split('<').skip(1) {
        let tag = &part[..part.find('>').expect("a closed tag")];
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(open.pop(), Some(name), "unbalanced </{name}> in\n{html}");
        } else {
            let name = tag.split(' ').next().unwrap();
            if !VOID.contains(&name) {
                open.push(name);
            }
        }
    }
    assert!(open.is_empty(), "unclosed {open:?}");
}

#[test]
fn the_attribute_reader_sees_through_quoted_values() {
    assert_eq!(
        attribute_names(" a=\"x onclick=y\" checked b=\"\""),
        ["a", "checked", "b"]
    );
    assert_eq!(attribute_names(" onclick=\"x\""), ["onclick"]);
}

#[test]
fn the_banner_is_a_labelled_dialog_with_the_endpoint_form() {
    let html = banner(Consent::necessary_only(), &[]).to_string();
    assert_balanced(&html);
    assert!(html.starts_with(
        "<div class=\"cr-banner\" role=\"dialog\" aria-modal=\"false\" \
         aria-labelledby=\"cr-banner-title\" lang=\"en\" data-cr-banner>\n\
         <form class=\"cr-form\" method=\"post\" action=\"/consent\""
    ));
    assert!(html.contains("<h2 class=\"cr-title\" id=\"cr-banner-title\">"));
    assert!(html.contains("<input type=\"hidden\" name=\"return_to\" value=\"/\">"));
    for value in ["all", "necessary", "custom"] {
        let button = format!("type=\"submit\" name=\"choice\" value=\"{value}\"");
        assert_eq!(html.matches(&button).count(), 1, "{value}");
    }
    // Accept and refuse carry the same classes: the same size and weight.
    assert!(html.contains(
        "<button class=\"cr-button\" type=\"submit\" name=\"choice\" value=\"all\">Accept all</button>\n\
         <button class=\"cr-button\" type=\"submit\" name=\"choice\" value=\"necessary\">Reject all</button>"
    ));
}

#[test]
fn one_box_per_consent_category_with_cookies_ticked_only_where_granted() {
    let mut consent = Consent::necessary_only();
    consent.grant(Category::Marketing);
    let html = banner(consent, &[]).to_string();
    let boxes: Vec<&str> = tags(&html)
        .into_iter()
        .filter(|(name, attrs)| *name == "input" && attrs.contains("checkbox"))
        .map(|(_, attrs)| attrs)
        .collect();
    assert_eq!(boxes.len(), 3, "{boxes:?}"); // Necessary, Statistics, Marketing; no Preferences
    assert!(boxes[0].contains("checked disabled") && !boxes[0].contains("name="));
    assert!(boxes[1].contains("name=\"category\" value=\"statistics\""));
    assert!(!boxes[1].contains("checked"));
    assert!(boxes[2].contains("value=\"marketing\"") && boxes[2].ends_with(" checked"));
    // Every box has a label tied to it, and a description.
    for attrs in boxes {
        let id = attrs
            .split("id=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        assert!(
            html.contains(&format!("<label class=\"cr-label\" for=\"{id}\">")),
            "{id}"
        );
        assert!(
            html.contains(&format!("<p class=\"cr-about\" id=\"{id}-about\">")),
            "{id}"
        );
    }
    assert!(html.contains("data-cr-granted=\"marketing\""));
}

#[test]
fn each_category_lists_its_cookies_with_duration() {
    let html = banner(Consent::necessary_only(), &[]).to_string();
    assert!(html.contains("<summary>Cookies (2)</summary>"));
    assert!(html.contains(
        "<tr><td data-label=\"Cookie name(s)\"><code>_ga_*</code></td>\
         <td data-label=\"Service provider&#39;s name\">Google&quot; onclick=&quot;x</td>\
         <td data-label=\"Purposes\">Sessions</td><td data-label=\"Duration\">400 days</td></tr>"
    ));
    assert!(html.contains("<td data-label=\"Duration\">390 days</td>")); // the declared unit
    assert!(html.contains("<td data-label=\"Duration\">Session</td>"));
}

#[test]
fn every_text_is_escaped_and_nothing_runs_inline() {
    let html = banner(Consent::necessary_only(), &[])
        .return_to("/\"><script>alert(2)</script>")
        .endpoint("/consent\" onsubmit=\"alert(3)")
        .policy_link("/cookies\"><img src=x onerror=alert(4)>")
        .to_string();
    assert_balanced(&html);
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("value=\"/&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;\""));
    assert!(html.contains("action=\"/consent&quot; onsubmit=&quot;alert(3)\""));
    assert!(html.contains("href=\"/cookies&quot;&gt;&lt;img src=x onerror=alert(4)&gt;\""));
    for (name, attrs) in tags(&html) {
        assert!(
            !["script", "style", "img"].contains(&name),
            "<{name}{attrs}>"
        );
        for attr in attribute_names(attrs) {
            assert!(
                !attr.starts_with("on") && attr != "style",
                "<{name} {attrs}>"
            );
        }
    }
}

#[test]
fn shown_while_the_visitor_must_be_asked_and_naming_stale_categories() {
    let decided = Banner::<Cookies>::from_parts(Consent::all(), false, []);
    assert!(!decided.is_shown());
    assert_eq!(decided.to_string(), "");
    let settings = decided.into_settings();
    assert!(settings.is_shown());
    let html = settings.to_string();
    assert_balanced(&html);
    assert!(
        html.starts_with("<section class=\"cr-settings\" aria-labelledby=\"cr-settings-title\"")
    );
    assert!(!html.contains("role=\"dialog\""));
    assert!(!html.contains("cr-banner"));

    let html = banner(
        Consent::necessary_only(),
        &[Category::Statistics, Category::Marketing],
    )
    .to_string();
    assert!(html.contains(
        "<p class=\"cr-stale\">Our cookies have changed since you last chose. Please choose \
         again for: Statistics, Marketing.</p>"
    ));
    assert!(
        !banner(Consent::necessary_only(), &[])
            .to_string()
            .contains("cr-stale")
    );
}

#[derive(crate::CookieRegistry, Debug, Clone, Copy)]
#[registry(provider = "Shop")]
enum Anonymized {
    #[cookie(name = "sid", category = Necessary, purpose = "Session")]
    Sid,
    #[cookie(name = "visits", category = Statistics, purpose = "Counts visits", anonymized)]
    Visits,
    #[cookie(name = "cc_cookie", category = Necessary, storage = local, purpose = "Banner choice")]
    CcCookie,
    #[cookie(name = "klaro", category = Necessary, storage = local, purpose = "Banner choice")]
    KlaroRecord,
    #[cookie(name = "ad", category = Marketing, purpose = "Ads")]
    Ad,
}

#[test]
fn a_category_of_anonymized_statistics_only_is_not_asked_about() {
    let html = Banner::<Anonymized>::from_parts(Consent::necessary_only(), true, []).to_string();
    assert!(!html.contains("value=\"statistics\""));
    assert!(html.contains(
        "<input class=\"cr-check\" type=\"checkbox\" id=\"cr-banner-statistics\" checked disabled"
    ));
    assert!(html.contains("value=\"marketing\""));

    let module = crate::js_config::cookieconsent::<Anonymized>("/consent", "/cookies");
    assert!(module.contains("const consentCategories = [\"marketing\"];"));
    assert!(module.contains("    statistics: {\n      enabled: true,\n      readOnly: true,\n"));
    let module = crate::js_config::klaro::<Anonymized>("/consent", "/cookies");
    assert!(module.contains("const consentCategories = [\"marketing\"];"));
    assert_eq!(module.matches("required: true").count(), 2, "{module}");
}

#[derive(crate::CookieRegistry, Debug, Clone, Copy)]
#[registry(provider = "Shop", languages = ["en", "de"])]
enum Bilingual {
    #[cookie(name = "sid", category = Necessary, purpose = "Keeps you signed in")]
    #[cookie(lang = "de", purpose = "Hält Sie angemeldet")]
    Sid,
    #[cookie(name = "cc_cookie", category = Necessary, storage = local, purpose = "Banner choice")]
    #[cookie(lang = "de", purpose = "Auswahl im Banner")]
    CcCookie,
    #[cookie(name = "klaro", category = Necessary, storage = local, purpose = "Banner choice")]
    #[cookie(lang = "de", purpose = "Auswahl im Banner")]
    KlaroRecord,
    #[cookie(name = "_ga", category = Statistics, provider = "Google", purpose = "Counts visits",
             max_age = "13mo")]
    #[cookie(lang = "de", purpose = "Zählt Besuche")]
    Ga,
}

#[test]
fn the_banner_speaks_each_declared_language() {
    let german = Banner::<Bilingual>::from_parts(Consent::necessary_only(), true, [])
        .lang("de")
        .to_string();
    assert!(german.contains("lang=\"de\""));
    assert!(german.contains(">Cookies auf dieser Website</h2>"));
    assert!(german.contains(">Alle akzeptieren</button>"));
    assert!(german.contains(">Alle ablehnen</button>"));
    assert!(
        german.contains("<label class=\"cr-label\" for=\"cr-banner-statistics\">Statistik</label>")
    );
    assert!(german.contains(">Zählt Besuche</td><td data-label=\"Speicherdauer\">13 Monate</td>"));
    assert!(german.contains(">Hält Sie angemeldet</td>"));
    assert!(!german.contains("Counts visits"));

    // An undeclared language: the registry's first.
    let other = Banner::<Bilingual>::from_parts(Consent::necessary_only(), true, [])
        .lang("fr")
        .to_string();
    assert!(other.contains("lang=\"en\"") && other.contains(">Counts visits</td>"));

    let module = crate::js_config::cookieconsent::<Bilingual>("/consent", "/cookies");
    assert!(module.contains("default: \"en\","));
    assert!(module.contains("      \"de\": {"));
    assert!(module.contains("purpose: \"Zählt Besuche\""));
    let module = crate::js_config::klaro::<Bilingual>("/consent", "/cookies");
    assert!(module.contains("    \"de\": {"));
    assert!(module.contains("_ga (13 Monate): Zählt Besuche"));
}
