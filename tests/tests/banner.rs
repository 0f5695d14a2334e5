//! The built-in banner and the generated banner configs against hostile input: whatever a
//! caller passes as `return_to`, endpoint or policy link (often taken from the request), the
//! markup and the scripts keep their shape. Property tests: each runs a few hundred random and
//! hand-picked attack strings.

use cookie_registry::{Banner, Category, ConsentState, CookieRegistry, js_config};
use proptest::prelude::*;

#[derive(CookieRegistry, Debug, Clone, Copy)]
#[registry(provider = "Shop", consent_cookie = Choice)]
enum Cookies {
    #[cookie(name = "choice", category = Necessary, purpose = "Your cookie choice",
             path = "/", max_age = "26w")]
    Choice,
    #[cookie(name = "_ga", category = Statistics, provider = "Google",
             purpose = "Counts visits", max_age = "13mo")]
    Ga,
    #[cookie(prefix = "_ga_", category = Statistics, provider = "Google",
             purpose = "Sessions", max_age = "13mo")]
    GaSession,
    #[cookie(name = "cc_cookie", category = Necessary, storage = local, purpose = "Banner choice")]
    CcCookie,
    #[cookie(name = "klaro", category = Necessary, storage = local, purpose = "Banner choice")]
    KlaroRecord,
    #[cookie(name = "ad'&x", category = Marketing, storage = local, purpose = "Ads")]
    HostileKey,
}

/// Strings an attacker would try, and random ones.
fn hostile() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("\"><script>alert(1)</script>".to_owned()),
        Just("' onmouseover='alert(1)".to_owned()),
        Just("javascript:alert(1)".to_owned()),
        Just("</script><!--".to_owned()),
        Just("\u{2028}\u{2029}\\\"".to_owned()),
        any::<String>(),
        "[<>\"'&=/ a-z\\\\]{0,40}",
    ]
}

/// The text of `html` with every quoted attribute value blanked: what the HTML parser reads
/// as markup.
fn markup(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_value = false;
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' if !in_value => in_tag = true,
            '>' if !in_value => in_tag = false,
            '"' if in_tag => in_value = !in_value,
            _ => {}
        }
        if !in_value || c == '"' {
            out.push(c);
        }
    }
    out
}

fn banner_html(text: &str, settings: bool) -> String {
    let state = ConsentState::undecided();
    let banner = if settings {
        Banner::<Cookies>::settings(&state)
    } else {
        Banner::<Cookies>::new(&state)
    };
    banner
        .return_to(text)
        .endpoint(text)
        .policy_link(text)
        .to_string()
}

proptest! {
    #[test]
    fn no_argument_changes_the_banner_s_markup(text in hostile(), settings in any::<bool>()) {
        let reference = markup(&banner_html("/", settings));
        let html = banner_html(&text, settings);
        // Outside attribute values, the banner is the same: nothing was added or closed.
        prop_assert_eq!(markup(&html), reference);
        prop_assert!(!html.contains("<script"));
    }

    #[test]
    fn no_endpoint_or_policy_url_escapes_the_config_s_literals(text in hostile()) {
        for module in [
            js_config::cookieconsent::<Cookies>(&text, &text),
            js_config::klaro::<Cookies>(&text, &text),
        ] {
            prop_assert!(!module.contains("</"), "{}", module);
            prop_assert!(!module.contains("<!--"));
            let separators = ['\u{2028}', '\u{2029}'];
            prop_assert!(!module.contains(separators), "a line separator in the module");
            // The endpoint is one string literal on one line.
            let line = module.lines().find(|l| l.starts_with("const endpoint = ")).unwrap();
            prop_assert!(line.ends_with("\";"));
            let literal = &line["const endpoint = ".len()..line.len() - 1];
            let unescaped_quotes = literal[1..literal.len() - 1]
                .char_indices()
                .filter(|&(i, c)| c == '"' && !literal[1..1 + i].ends_with('\\'))
                .count();
            prop_assert_eq!(unescaped_quotes, 0, "{}", literal);
        }
    }
}

#[test]
fn the_markup_reader_sees_an_injected_attribute() {
    // The check above can fail: an unescaped value changes the markup.
    let broken = "<a href=\"x\" onclick=\"alert(1)\">".to_owned();
    assert_ne!(markup(&broken), markup("<a href=\"x\">"));
}

#[test]
fn the_gated_script_escapes_its_source() {
    let state = ConsentState::undecided();
    let tag = state
        .gated_script(Category::Statistics, "/x.js\"></script><script>alert(1)//")
        .to_string();
    assert_eq!(tag.matches("<script").count(), 1);
    assert!(tag.starts_with("<script type=\"text/plain\" data-src=\"/x.js&quot;&gt;"));
}
