//! The policy table's columns, sections and full page, in each rendering. Every expected text
//! is written out by hand.

use cookie_registry::{Category, Column, CookieRegistry};

#[derive(CookieRegistry)]
#[registry(provider = "Acme")]
pub enum Cookies {
    #[cookie(name = "sid", category = Necessary, function = "Login",
             purpose = "Keeps you signed in", http_only)]
    Sid,
    #[cookie(name = "theme", category = Preferences, purpose = "Remembers the theme",
             max_age = "1y")]
    Theme,
    #[cookie(name = "_ga", category = Statistics, provider = "Google", purpose = "Counts visits",
             max_age = "13mo", third_party, domain = "example.com")]
    Ga,
    #[cookie(prefix = "_ga_", category = Statistics, provider = "Google",
             purpose = "Counts visits", max_age = "13mo", third_party, domain = "example.com")]
    GaSession,
    #[cookie(name = "hits", category = Statistics, purpose = "Counts page views", anonymized,
             max_age = "1d")]
    Hits,
    #[cookie(name = "csrf", category = Necessary, function = "Login",
             purpose = "Keeps you signed in", max_age = "2h")]
    Csrf,
}

const NECESSARY: &str = "These cookies are essential for the website to work and to provide the services you request. They do not require your consent.";
const PREFERENCES: &str = "These cookies remember the choices you make, such as your language or region. They are set only with your consent, which you can withdraw at any time.";
const STATISTICS: &str = "These cookies help us understand how visitors use the website by collecting and reporting information. They are set only with your consent, which you can withdraw at any time.";

#[test]
fn every_column_in_text() {
    let table = Cookies::policy_table().columns(&[
        Column::Names,
        Column::Category,
        Column::Duration,
        Column::Party,
        Column::Domain,
    ]);
    // `sid` and `csrf` differ in duration only: two rows now.
    assert_eq!(
        table.to_string(),
        "Cookie name(s)\tCategory\tDuration\tFirst or third party\tDomain\n\
         sid\tStrictly necessary\tSession\tFirst party\tThis website only\n\
         theme\tPreferences\t1 year\tFirst party\tThis website only\n\
         _ga, _ga_*\tStatistics\t13 months\tThird party\texample.com\n\
         hits\tStatistics\t1 day\tFirst party\tThis website only\n\
         csrf\tStrictly necessary\t2 hours\tFirst party\tThis website only\n"
    );
    assert_eq!(table.len(), 5);
}

#[test]
fn columns_come_in_the_order_asked_and_rows_group_on_them() {
    let table = Cookies::policy_table().columns(&[
        Column::Purpose,
        Column::Names,
        Column::Function,
        Column::Provider,
    ]);
    assert_eq!(
        table.to_string(),
        "Purposes\tCookie name(s)\tFunction and location\tService provider's name\n\
         Keeps you signed in\tsid, csrf\tLogin\tAcme\n\
         Remembers the theme\ttheme\t\tAcme\n\
         Counts visits\t_ga, _ga_*\t\tGoogle\n\
         Counts page views\thits\t\tAcme\n"
    );
    // Without the provider and purpose, cookies of one category and party share a row.
    let parties = Cookies::policy_table().columns(&[Column::Names, Column::Party]);
    assert_eq!(
        parties.to_string(),
        "Cookie name(s)\tFirst or third party\n\
         sid, csrf\tFirst party\n\
         theme\tFirst party\n\
         _ga, _ga_*\tThird party\n\
         hits\tFirst party\n"
    );
}

#[test]
fn the_default_columns_are_the_seed_layout() {
    let default = Cookies::policy_table();
    let chosen = Cookies::policy_table().columns(&Column::DEFAULT);
    assert_eq!(default, chosen);
    assert_eq!(
        default.to_string(),
        "Service provider's name\tFunction and location\tCookie name(s)\tPurposes\n\
         Acme\tLogin\tsid, csrf\tKeeps you signed in\n\
         Acme\t\ttheme\tRemembers the theme\n\
         Google\t\t_ga, _ga_*\tCounts visits\n\
         Acme\t\thits\tCounts page views\n"
    );
}

#[test]
fn sections_in_text() {
    let text = Cookies::policy_table().by_category().to_string();
    let expected = format!(
        "Strictly necessary\n{NECESSARY}\n\
         Service provider's name\tFunction and location\tCookie name(s)\tPurposes\n\
         Acme\tLogin\tsid, csrf\tKeeps you signed in\n\
         \n\
         Preferences\n{PREFERENCES}\n\
         Service provider's name\tFunction and location\tCookie name(s)\tPurposes\n\
         Acme\t\ttheme\tRemembers the theme\n\
         \n\
         Statistics\n{STATISTICS}\n\
         Service provider's name\tFunction and location\tCookie name(s)\tPurposes\n\
         Google\t\t_ga, _ga_*\tCounts visits\n\
         Acme\t\thits\tCounts page views\n"
    );
    assert_eq!(text, expected);
}

#[test]
fn the_page_in_markdown() {
    let markdown = Cookies::policy_table().page().to_markdown();
    let header = "| Service provider's name | Cookie name(s) | Purposes | Duration | First or third party |\n\
                  | --- | --- | --- | --- | --- |\n";
    let expected = format!(
        "## Strictly necessary\n\n{NECESSARY}\n\n{header}\
         | Acme | `sid` | Keeps you signed in | Session | First party |\n\
         | Acme | `csrf` | Keeps you signed in | 2 hours | First party |\n\
         \n\
         ## Preferences\n\n{PREFERENCES}\n\n{header}\
         | Acme | `theme` | Remembers the theme | 1 year | First party |\n\
         \n\
         ## Statistics\n\n{STATISTICS}\n\n{header}\
         | Google | `_ga`, `_ga_*` | Counts visits | 13 months | Third party |\n\
         | Acme | `hits` | Counts page views | 1 day | First party |\n"
    );
    assert_eq!(markdown, expected);
}

#[test]
fn sections_in_html() {
    let html = Cookies::policy_table()
        .for_category(Category::Preferences)
        .page()
        .to_html();
    assert_eq!(
        html,
        format!(
            "<section id=\"cookies-preferences\" class=\"cookie-category\">\n\
             <h2>Preferences</h2>\n\
             <p>{PREFERENCES}</p>\n\
             <table class=\"cookie-policy\">\n<thead>\n\
             <tr><th>Service provider&#39;s name</th><th>Cookie name(s)</th><th>Purposes</th>\
             <th>Duration</th><th>First or third party</th></tr>\n\
             </thead>\n<tbody>\n\
             <tr data-category=\"preferences\"><td>Acme</td><td>theme</td>\
             <td>Remembers the theme</td><td>1 year</td><td>First party</td></tr>\n\
             </tbody>\n</table>\n\
             </section>\n"
        )
    );
    let all = Cookies::policy_table().page().to_html();
    let ids: Vec<&str> = all
        .match_indices("<section id=\"")
        .map(|(i, _)| &all[i + 13..i + 13 + all[i + 13..].find('"').unwrap_or(0)])
        .collect();
    assert_eq!(
        ids,
        [
            "cookies-necessary",
            "cookies-preferences",
            "cookies-statistics"
        ]
    );
    assert_eq!(all.matches("</section>").count(), 3);
}

/// A section of anonymized statistics only says no consent is needed.
#[test]
fn a_section_of_exempt_cookies_needs_no_consent() {
    let text = Cookies::policy_table()
        .columns(&[Column::Names])
        .by_category()
        .for_category(Category::Statistics);
    let anonymized = text.to_string();
    assert!(anonymized.contains("They are set only with your consent"));

    #[derive(CookieRegistry)]
    #[registry(provider = "Acme")]
    enum Counts {
        #[cookie(name = "hits", category = Statistics, purpose = "Counts page views", anonymized)]
        Hits,
    }
    assert_eq!(
        Counts::policy_table()
            .columns(&[Column::Names])
            .by_category()
            .to_string(),
        "Statistics\n\
         These cookies help us understand how visitors use the website by collecting and \
         reporting information. They do not require your consent.\n\
         Cookie name(s)\n\
         hits\n"
    );
}

/// Declared texts that would be markup, in every column that shows one.
#[derive(CookieRegistry)]
pub enum Hostile {
    #[cookie(name = "a&b'c|d`e*", category = Marketing, provider = "<b>Ads & Co</b>",
             function = "a|b_c", purpose = "<script>alert('x')</script> [x](y)",
             domain = "<i>example.com</i>", third_party, max_age = "1w")]
    Tracker,
}

#[test]
fn html_escapes_every_column() {
    let html = Hostile::policy_table().columns(&Column::ALL).to_html();
    assert!(
        html.contains(
            "<tr data-category=\"marketing\">\
         <td>&lt;b&gt;Ads &amp; Co&lt;/b&gt;</td>\
         <td>a|b_c</td>\
         <td>a&amp;b&#39;c|d`e*</td>\
         <td>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; [x](y)</td>\
         <td>Marketing</td>\
         <td>1 week</td>\
         <td>Third party</td>\
         <td>&lt;i&gt;example.com&lt;/i&gt;</td>\
         <td>HTTP cookie</td></tr>"
        ),
        "{html}"
    );
    assert!(!html.contains("<b>") && !html.contains("<script>") && !html.contains("<i>"));
}

#[test]
fn markdown_escapes_every_column() {
    let markdown = Hostile::policy_table()
        .columns(&Column::ALL)
        .by_category()
        .to_markdown();
    let row = markdown.lines().last().unwrap_or_default();
    assert_eq!(
        row,
        "| \\<b\\>Ads & Co\\</b\\> | a\\|b\\_c | `` a&b'c\\|d`e* `` | \
         \\<script\\>alert('x')\\</script\\> \\[x\\](y) | Marketing | 1 week | Third party | \
         \\<i\\>example.com\\</i\\> | HTTP cookie |"
    );
    assert!(
        markdown
            .starts_with("## Marketing\n\nThese cookies are used to show you relevant advertising")
    );
}
