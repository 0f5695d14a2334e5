//! The policy table: grouping, narrowing, and its three renderings plus serde.

use cookie_registry::{Category, CookieRegistry};

#[derive(CookieRegistry)]
#[registry(provider = "Acme")]
pub enum Cookies {
    #[cookie(name = "a", category = Necessary, function = "Login", purpose = "Session")]
    Alpha,
    #[cookie(name = "_ga", category = Statistics, provider = "Google", purpose = "Visits")]
    Ga,
    // Same provider, function, purpose, category as `a`, declared later: shares its row.
    #[cookie(name = "b", category = Necessary, function = "Login", purpose = "Session")]
    Beta,
    // Same texts as `a` but another category: a row of its own.
    #[cookie(name = "c", category = Preferences, function = "Login", purpose = "Session")]
    Gamma,
    #[cookie(prefix = "_ga_", category = Statistics, provider = "Google", purpose = "Visits")]
    GaSession,
    #[cookie(name = "x", category = Marketing, provider = "<b>Ads & Co</b>",
             purpose = "<script>alert('x')</script>", function = "a|b")]
    Injected,
}

const HEADER: &str = "Service provider's name\tFunction and location\tCookie name(s)\tPurposes";

#[test]
fn rows_group_cookies_and_stand_where_the_first_was_declared() {
    let table = Cookies::policy_table();
    let text = table.to_string();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines,
        [
            HEADER,
            "Acme\tLogin\ta, b\tSession",
            "Google\t\t_ga, _ga_*\tVisits",
            "Acme\tLogin\tc\tSession",
            "<b>Ads & Co</b>\ta|b\tx\t<script>alert('x')</script>",
        ]
    );
    assert!(text.ends_with('\n') && !text.contains("\n\n"));
    assert_eq!(table.len(), 4);
    assert_eq!(table.rows()[1].names(), "_ga, _ga_*");
    assert_eq!(table.rows()[1].category, Category::Statistics);
    assert_eq!(table.rows()[0].cookies.len(), 2);
}

#[test]
fn the_table_narrows_to_one_category() {
    let table = Cookies::policy_table().for_category(Category::Necessary);
    assert_eq!(
        table.to_string(),
        format!("{HEADER}\nAcme\tLogin\ta, b\tSession\n")
    );
    assert!(
        Cookies::policy_table()
            .for_category(Category::Marketing)
            .len()
            == 1
    );
    let empty = Cookies::policy_table()
        .for_category(Category::Preferences)
        .for_category(Category::Marketing);
    assert!(empty.is_empty());
    assert_eq!(empty.to_string(), format!("{HEADER}\n"));
}

#[test]
fn html_escapes_every_text() {
    let html = Cookies::policy_table().to_html();
    assert!(!html.contains("<script>"), "{html}");
    assert!(!html.contains("<b>"), "{html}");
    assert!(html.contains("<td>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</td>"));
    assert!(html.contains("<td>&lt;b&gt;Ads &amp; Co&lt;/b&gt;</td>"));
    assert!(html.contains("<th>Service provider&#39;s name</th>"));
    assert_eq!(html.matches("<tr").count(), 5);
    assert!(html.contains("<tr data-category=\"statistics\">"));
}

#[test]
fn markdown_escapes_what_would_break_the_table() {
    let markdown = Cookies::policy_table().to_markdown();
    let lines: Vec<&str> = markdown.lines().collect();
    assert_eq!(
        lines[0],
        "| Service provider's name | Function and location | Cookie name(s) | Purposes |"
    );
    assert_eq!(lines[1], "| --- | --- | --- | --- |");
    assert_eq!(lines[3], "| Google |  | `_ga`, `_ga_*` | Visits |");
    assert_eq!(
        lines[5],
        "| \\<b\\>Ads & Co\\</b\\> | a\\|b | `x` | \\<script\\>alert('x')\\</script\\> |"
    );
    // Every row has exactly the five unescaped separators of four cells.
    for line in &lines {
        let separators = line
            .match_indices('|')
            .filter(|(i, _)| !line[..*i].ends_with('\\'));
        assert_eq!(separators.count(), 5, "{line}");
    }
}

#[test]
fn the_table_serializes_with_serde() {
    let json = serde_json::to_value(Cookies::policy_table()).expect("serializes");
    let rows = json["rows"].as_array().expect("rows");
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[0]["provider"], "Acme");
    assert_eq!(rows[0]["function"], "Login");
    assert_eq!(rows[0]["category"], "necessary");
    assert_eq!(rows[0]["cookies"][1]["name"], "b");
    assert_eq!(rows[1]["function"], serde_json::Value::Null);
    assert_eq!(rows[1]["cookies"][1]["family"], true);
}
