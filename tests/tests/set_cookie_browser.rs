//! The differential test of the consent gate against the real browser: every value of
//! `tests/fixtures/set-cookie-corpus.jsonl` (written by `tests/browser/set-cookie-corpus.mjs`)
//! is replayed into Debian's Chromium and judged by [`allows_set_cookie`] under a consent that
//! refuses Marketing.
//!
//! - Whenever the gate lets a refused (Marketing or undeclared) cookie through, which it does
//!   only for a removal, the browser stores nothing under that name: the cookie set just before
//!   is gone, or still the one set before.
//! - Whenever the browser deletes the cookie set before, the gate lets the value through.
//! - Whenever the browser stores a cookie from a value, it stores it under the name the reader
//!   ([`engine::read_set_cookie`]) gives, which is the name the gate judged.
//!
//! Needs `node`, Chromium and `npm ci --ignore-scripts` in `tests/browser`, as the browser
//! tests do; skipped (and failed under `CI=true`) without them.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use axum::Router;
use axum::extract::{Path as UrlPath, State};
use axum::http::{HeaderValue, StatusCode, header::SET_COOKIE};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use cookie_registry::{Consent, CookieRegistry, allows_set_cookie, engine};
use serde_json::Value;
use std::sync::Arc;

#[derive(CookieRegistry)]
#[registry(provider = "Replay")]
enum Cookies {
    #[cookie(prefix = "sid_", category = Necessary, purpose = "Session")]
    Sid,
    #[cookie(prefix = "mk_", category = Marketing, purpose = "Ads")]
    Marketing,
}

/// The longest the replay may take, browser start included.
const DEADLINE: Duration = Duration::from_secs(120);

fn corpus() -> Vec<String> {
    let text = include_str!("../fixtures/set-cookie-corpus.jsonl");
    text.lines()
        .map(|line| serde_json::from_str(line).expect("a JSON string per line"))
        .collect()
}

#[test]
fn the_corpus_is_large_and_each_value_names_its_own_cookie() {
    let corpus = corpus();
    assert!(corpus.len() >= 2000, "{} values", corpus.len());
    for value in &corpus {
        assert!(
            value.bytes().all(|b| b >= 0x20 && b != 0x7f || b == b'\t'),
            "{value:?}"
        );
    }
}

/// The cookie that `/c/<n>/p` sets, for value `value` to remove: the value's own name as sent
/// (up to the first `=` before the first `;`), with the value `pre`, for a day.
fn pre_set(value: &str) -> String {
    let pair = value.split(';').next().unwrap_or_default();
    match pair.split_once('=') {
        Some((name, _)) => format!("{name}=pre; Max-Age=86400"),
        None => "pre; Max-Age=86400".to_owned(),
    }
}

async fn answer(
    State(corpus): State<Arc<Vec<String>>>,
    UrlPath((n, kind)): UrlPath<(usize, String)>,
) -> Response {
    let Some(value) = corpus.get(n) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let set_cookie = if kind == "p" {
        pre_set(value)
    } else {
        value.clone()
    };
    match HeaderValue::from_bytes(set_cookie.as_bytes()) {
        Ok(header) => ([(SET_COOKIE, header)], "").into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

fn prerequisites(dir: &Path) -> Result<PathBuf, String> {
    let chromium = std::env::var_os("CHROMIUM")
        .map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from);
    if !chromium.exists() {
        return Err(format!("no Chromium at {}", chromium.display()));
    }
    if std::process::Command::new("node")
        .arg("--version")
        .output()
        .map_or(true, |out| !out.status.success())
    {
        return Err("node cannot be run".to_owned());
    }
    if !dir
        .join("node_modules/playwright-core/package.json")
        .exists()
    {
        return Err(format!(
            "playwright-core is not installed: run npm ci --ignore-scripts in {}",
            dir.display()
        ));
    }
    Ok(chromium)
}

/// A cookie in the browser's jar.
#[derive(Debug)]
struct Stored {
    name: String,
    value: String,
    path: String,
}

fn jar(list: &Value) -> Vec<Stored> {
    let text = |cookie: &Value, key: &str| cookie[key].as_str().unwrap_or_default().to_owned();
    list.as_array()
        .expect("a jar is a list")
        .iter()
        .map(|cookie| Stored {
            name: text(cookie, "name"),
            value: text(cookie, "value"),
            path: text(cookie, "path"),
        })
        .collect()
}

/// Replays the corpus; returns the jar after the pre-sets and after the values.
fn replay(corpus: Vec<String>, chromium: &Path, dir: &Path) -> (Vec<Stored>, Vec<Stored>) {
    let count = corpus.len();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(async move {
        let app = Router::new()
            .route(
                "/",
                get(|| async { Html("<!doctype html><title>replay</title>") }),
            )
            .route("/c/{n}/{kind}", get(answer))
            .with_state(Arc::new(corpus));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local address");
        let server = tokio::spawn(async move {
            axum::serve(listener, app).await.expect("serve");
        });
        let child = tokio::process::Command::new("node")
            .arg(dir.join("set-cookie-replay.mjs"))
            .current_dir(dir)
            .env("SITE_URL", format!("http://{addr}"))
            .env("COUNT", count.to_string())
            .env("CHROMIUM", chromium)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("node starts");
        let output = tokio::time::timeout(DEADLINE, child.wait_with_output())
            .await
            .expect("the replay ends within its deadline")
            .expect("node runs");
        server.abort();
        assert!(
            output.status.success(),
            "the replay failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let jars: Value = serde_json::from_slice(&output.stdout).expect("the jars as JSON");
        (jar(&jars["before"]), jar(&jars["after"]))
    })
}

/// What one value did in the browser, and what the gate made of it.
#[derive(Default)]
struct Tally {
    pre_set: usize,
    deleted: usize,
    removals: usize,
    failures: Vec<String>,
}

impl Tally {
    /// Judges value number `n` by the jars before and after it: the cookies at its default
    /// path `/c/<n>` (no value of the corpus names a `Path`), the one set before holding `pre`.
    fn judge(&mut self, n: usize, value: &str, before: &[Stored], after: &[Stored]) {
        let refusing = Consent::necessary_only();
        let path = format!("/c/{n}");
        let here = |c: &&Stored| c.path == path;
        let pre = before.iter().find(|c| here(c) && c.value == "pre");
        let read = engine::read_set_cookie(value.as_bytes());
        let reader = read.map(|r| String::from_utf8_lossy(r.name()).into_owned());
        let allowed = allows_set_cookie::<Cookies>(value, &refusing);
        self.pre_set += usize::from(pre.is_some());
        self.removals += usize::from(read.is_some_and(|r| r.is_removal()));
        let stored: Vec<&Stored> = after
            .iter()
            .filter(|c| here(c) && c.value != "pre")
            .collect();
        for cookie in &stored {
            if reader.as_deref() != Some(cookie.name.as_str()) {
                self.failures.push(format!(
                    "{value:?}: Chromium stored {:?}, the reader reads {reader:?}",
                    cookie.name
                ));
            }
        }
        let Some(name) = pre.map(|c| c.name.clone()).or(reader) else {
            return;
        };
        let declared_allowed = Cookies::spec_of(&name).is_some_and(|s| s.allowed_by(&refusing));
        if allowed && !declared_allowed && stored.iter().any(|c| c.name == name) {
            self.failures.push(format!(
                "{value:?}: passed as a removal, Chromium stored {name:?}"
            ));
        }
        let deleted = pre.is_some() && !after.iter().any(|c| here(&c) && c.name == name);
        self.deleted += usize::from(deleted);
        if deleted && !allowed {
            self.failures.push(format!(
                "{value:?}: Chromium deleted {name:?}, the gate refused it"
            ));
        }
    }
}

#[test]
fn the_gate_and_chromium_agree_on_every_value_of_the_corpus() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("browser");
    let chromium = match prerequisites(&dir) {
        Ok(chromium) => chromium,
        Err(reason) => {
            cookie_registry_tests::skip("set_cookie_browser", &reason);
            return;
        }
    };
    let corpus = corpus();
    let (before, after) = replay(corpus.clone(), &chromium, &dir);
    let mut tally = Tally::default();
    for (n, value) in corpus.iter().enumerate() {
        tally.judge(n, value, &before, &after);
    }
    // The comparison is only as good as what it saw: most cookies set before, and many removals
    // of them (a jar that evicted them would make every check vacuous).
    let Tally {
        pre_set,
        deleted,
        removals,
        failures,
    } = tally;
    assert!(
        pre_set * 10 >= corpus.len() * 9,
        "{pre_set} pre-set cookies"
    );
    assert!(deleted >= 500, "{deleted} deletions");
    assert!(removals >= deleted, "{removals} removals read");
    assert!(
        failures.is_empty(),
        "{} of {} values disagree:\n{}",
        failures.len(),
        corpus.len(),
        failures.join("\n")
    );
    eprintln!(
        "{} values: {pre_set} cookies set before, {deleted} deleted by Chromium, \
         {removals} removals read by the gate",
        corpus.len()
    );
}
