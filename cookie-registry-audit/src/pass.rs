//! The passes: each a fresh browser profile, a consent choice, and the pages loaded.

use std::fmt;

use cookie_registry::Category;
use serde::{Serialize, Serializer};
use serde_json::Value;

use crate::cdp::Connection;
use crate::chromium::Chromium;
use crate::manifest::{Declared, StorageKind};
use crate::observe::{PassLog, Phase};
use crate::options::Progress;
use crate::tab::Tab;
use crate::{AuditError, AuditOptions};

/// One pass of the audit: the consent choice made through the site's own banner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Pass {
    /// No choice: the pages as a first-time visitor sees them.
    NoChoice,
    /// "Reject all": only the necessary cookies.
    RejectAll,
    /// Only this optional category granted.
    Only(Category),
    /// "Accept all".
    AcceptAll,
}

impl Pass {
    /// The passes for a registry with these optional categories, in the order they run.
    #[must_use]
    pub fn all(optional: &[Category]) -> Vec<Pass> {
        let mut passes = vec![Pass::NoChoice, Pass::RejectAll];
        passes.extend(optional.iter().copied().map(Pass::Only));
        passes.push(Pass::AcceptAll);
        passes
    }

    /// `no_choice`, `reject_all`, `only_<category>` or `accept_all`.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Pass::NoChoice => "no_choice",
            Pass::RejectAll => "reject_all",
            Pass::Only(Category::Necessary) => "only_necessary",
            Pass::Only(Category::Preferences) => "only_preferences",
            Pass::Only(Category::Statistics) => "only_statistics",
            Pass::Only(Category::Marketing) => "only_marketing",
            Pass::AcceptAll => "accept_all",
        }
    }

    /// Whether the consent of this pass (after its choice) lets `declared` exist.
    #[must_use]
    pub fn allows(self, declared: &Declared) -> bool {
        declared.exempt()
            || match self {
                Pass::NoChoice | Pass::RejectAll => false,
                Pass::Only(category) => declared.category == category,
                Pass::AcceptAll => true,
            }
    }

    /// The script that makes this pass's choice in the page; it answers which banner it used,
    /// or `""` when it found none.
    fn choice_script(self) -> Option<String> {
        let (choice, categories) = match self {
            Pass::NoChoice => return None,
            Pass::RejectAll => ("necessary", String::new()),
            Pass::Only(category) => ("custom", format!("\"{}\"", category.as_str())),
            Pass::AcceptAll => ("all", String::new()),
        };
        Some(format!(
            "({})({choice:?}, [{categories}])",
            include_str!("choose.js").trim_end()
        ))
    }
}

impl fmt::Display for Pass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for Pass {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// Runs `pass` in a fresh browser: before the choice the first page (every page in
/// [`Pass::NoChoice`]), then the choice, then every page. With `crawl`, the no-choice pass adds
/// the same-origin links it finds to `pages`, up to that many.
pub(crate) async fn run(
    pass: Pass,
    pages: &mut Vec<String>,
    crawl: Option<usize>,
    options: &AuditOptions,
    log: &mut PassLog,
) -> Result<(), AuditError> {
    let chromium = Chromium::launch(&options.chromium).await?;
    let conn = Connection::connect(&chromium.ws_url).await?;
    let mut tab = Tab::open(conn).await?;
    // `tab` (the connection) goes before `chromium` (the process group), which is killed
    // when dropped here, whatever the result.
    visit(pass, pages, crawl, options, log, &mut tab).await
}

async fn visit(
    pass: Pass,
    pages: &mut Vec<String>,
    crawl: Option<usize>,
    options: &AuditOptions,
    log: &mut PassLog,
    tab: &mut Tab,
) -> Result<(), AuditError> {
    let Some(script) = pass.choice_script() else {
        let mut next = 0;
        while next < pages.len() {
            let page = pages[next].clone();
            load(tab, &page, options, log, Phase::Before).await?;
            if let Some(max) = crawl {
                for link in links(tab, &page).await? {
                    if pages.len() < max && !pages.contains(&link) {
                        pages.push(link);
                    }
                }
            }
            next += 1;
        }
        return Ok(());
    };
    let first = pages.first().cloned().unwrap_or_default();
    load(tab, &first, options, log, Phase::Before).await?;
    let used = tab.act(&script, options.page_timeout).await?;
    if used.as_str().unwrap_or_default().is_empty() {
        return Err(AuditError::NoBanner(first));
    }
    // What the choice itself left (the endpoint's answer, the banner's script).
    observe(tab, &first, log, Phase::After).await?;
    for page in pages.iter() {
        load(tab, page, options, log, Phase::After).await?;
    }
    Ok(())
}

/// Loads `page` and records what the browser holds afterwards.
async fn load(
    tab: &mut Tab,
    page: &str,
    options: &AuditOptions,
    log: &mut PassLog,
    phase: Phase,
) -> Result<(), AuditError> {
    tab.load(page, options.page_timeout, options.idle_wait)
        .await?;
    observe(tab, page, log, phase).await?;
    if !log.pages.iter().any(|p| p == page) {
        log.pages.push(page.to_owned());
    }
    options.report(Progress::Page {
        pass: log.pass,
        url: page.to_owned(),
    });
    Ok(())
}

async fn observe(
    tab: &mut Tab,
    page: &str,
    log: &mut PassLog,
    phase: Phase,
) -> Result<(), AuditError> {
    let cookies = tab.cookies().await?;
    log.cookies_seen(&cookies, page, phase);
    let storage = tab
        .evaluate(
            "(() => { try { return [location.origin, Object.keys(localStorage), \
             Object.keys(sessionStorage)]; } catch (e) { return [location.origin, [], []]; } })()",
        )
        .await?;
    let origin = storage.get(0).and_then(Value::as_str).unwrap_or_default();
    for (index, kind) in [
        (1, StorageKind::LocalStorage),
        (2, StorageKind::SessionStorage),
    ] {
        let keys: Vec<String> = storage
            .get(index)
            .and_then(Value::as_array)
            .map(|keys| {
                keys.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        log.storage_seen(kind, &keys, origin, page, phase);
    }
    Ok(())
}

/// The same-origin links of the loaded page, without fragments.
async fn links(tab: &mut Tab, page: &str) -> Result<Vec<String>, AuditError> {
    let found = tab
        .evaluate(
            "Array.from(document.querySelectorAll('a[href]'), a => new URL(a.href, location.href))\
             .filter(u => u.origin === location.origin && (u.protocol === 'http:' || u.protocol === 'https:'))\
             .map(u => { u.hash = ''; return u.href; })",
        )
        .await?;
    let mut links: Vec<String> = found
        .as_array()
        .map(|links| {
            links
                .iter()
                .filter_map(Value::as_str)
                .filter(|link| *link != page)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    links.dedup();
    Ok(links)
}
