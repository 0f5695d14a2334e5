//! The consent endpoint and its store (`ConsentEndpoint::store`), on tower and on actix-web: a
//! decision takes effect only once its record is kept. A store that fails or stalls gets `503`
//! with `Retry-After`, no `Set-Cookie` and no change; a kept record says how the visitor
//! decided, in which language, and which notice they saw, whose text the store holds.
//!
//! Longer than 400 lines: the same failing, stalling and recording stores are driven through
//! both adapters, and the two halves share the doubles and helpers at the top.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use cookie_registry::store::StoreFuture;
use cookie_registry::{
    Banner, Category, Consent, ConsentId, ConsentMethod, ConsentRecord, ConsentState, ConsentStore,
    CookieRegistry, MemoryStore, Notice, NoticeHash, StoreError,
};
use http::Request;
use tower::ServiceExt as _;

#[derive(CookieRegistry, Debug, Clone, Copy, PartialEq, Eq)]
#[registry(provider = "Acme", consent_cookie = Choice, languages = ["en", "de", "sv", "fr"])]
pub enum Cookies {
    #[cookie(name = "choice", category = Necessary, purpose = "Your cookie choice",
             max_age = "26w", same_site = Lax, path = "/")]
    #[cookie(lang = "de", purpose = "Ihre Cookie-Auswahl")]
    #[cookie(lang = "sv", purpose = "Ditt val av kakor")]
    #[cookie(lang = "fr", purpose = "Votre choix de cookies")]
    Choice,
    #[cookie(name = "_ga", category = Statistics, purpose = "Counts visits", path = "/")]
    #[cookie(lang = "de", purpose = "Zählt Besuche")]
    #[cookie(lang = "sv", purpose = "Räknar besök")]
    #[cookie(lang = "fr", purpose = "Compte les visites")]
    Ga,
    #[cookie(name = "_fbp", category = Marketing, purpose = "Advertising", path = "/")]
    #[cookie(lang = "de", purpose = "Werbung")]
    #[cookie(lang = "sv", purpose = "Reklam")]
    #[cookie(lang = "fr", purpose = "Publicité")]
    Fbp,
}

/// A store whose every append fails, as a database that refuses the write.
struct FailingStore;

impl ConsentStore for FailingStore {
    fn append<'a>(&'a self, _: &'a ConsentRecord, _: Option<&'a Notice>) -> StoreFuture<'a, ()> {
        Box::pin(async { Err(StoreError::msg("the disk is full")) })
    }

    fn get(&self, _: ConsentId) -> StoreFuture<'_, Option<ConsentRecord>> {
        Box::pin(async { Ok(None) })
    }

    fn notice<'a>(&'a self, _: &'a NoticeHash) -> StoreFuture<'a, Option<String>> {
        Box::pin(async { Ok(None) })
    }
}

/// A store whose appends never finish, as a database that hangs; counts the appends begun.
#[derive(Default)]
struct StallingStore(AtomicUsize);

impl ConsentStore for StallingStore {
    fn append<'a>(&'a self, _: &'a ConsentRecord, _: Option<&'a Notice>) -> StoreFuture<'a, ()> {
        self.0.fetch_add(1, Ordering::SeqCst);
        Box::pin(core::future::pending())
    }

    fn get(&self, _: ConsentId) -> StoreFuture<'_, Option<ConsentRecord>> {
        Box::pin(async { Ok(None) })
    }

    fn notice<'a>(&'a self, _: &'a NoticeHash) -> StoreFuture<'a, Option<String>> {
        Box::pin(async { Ok(None) })
    }
}

/// A visitor who granted Statistics before and carries `_ga`: a decision that took effect would
/// set a new consent cookie and remove `_ga`.
fn carried() -> String {
    let before =
        ConsentRecord::new::<Cookies>(Consent::necessary_only().with(Category::Statistics), None);
    format!("choice={}; _ga=GA1.1", before.cookie_value())
}

const SHORT: Duration = Duration::from_millis(200);

/// One answer, as plain values: status, headers (lower-case names), body.
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn set_cookies(&self) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(n, _)| n == "set-cookie")
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// `503`, `Retry-After`, no `Set-Cookie`: nothing took effect.
    fn assert_refused_without_change(&self, what: &str) {
        assert_eq!(self.status, 503, "{what}: {}", self.body);
        assert_eq!(self.header("retry-after"), Some("5"), "{what}");
        assert_eq!(self.header("cache-control"), Some("no-store"), "{what}");
        assert!(
            self.set_cookies().is_empty(),
            "{what}: {:?}",
            self.set_cookies()
        );
        assert!(self.header("location").is_none(), "{what}");
    }
}

/// Posts `form` to the tower endpoint, with the visitor's cookies and, when `json`, `Accept:
/// application/json`.
async fn post_tower(
    endpoint: cookie_registry::ConsentEndpoint<Cookies>,
    form: &str,
    json: bool,
) -> Answer {
    let mut request = Request::post("/consent")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("cookie", carried());
    if json {
        request = request.header("accept", "application/json");
    }
    let request = request.body(form.to_owned()).expect("a request");
    let response = endpoint.oneshot(request).await.expect("infallible");
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(n, v)| {
            (
                n.to_string(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let body = axum::body::to_bytes(axum::body::Body::new(response.into_body()), 4096)
        .await
        .expect("a body");
    Answer {
        status,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    }
}

/// A sink counting the records it is handed.
fn counting_sink() -> (
    Arc<AtomicUsize>,
    impl Fn(&ConsentRecord) + Send + Sync + 'static,
) {
    let count = Arc::new(AtomicUsize::new(0));
    let sink = Arc::clone(&count);
    (count, move |_: &ConsentRecord| {
        sink.fetch_add(1, Ordering::SeqCst);
    })
}

#[tokio::test]
async fn tower_a_failing_store_gets_503_and_nothing_changes() {
    for json in [false, true] {
        let (logged, sink) = counting_sink();
        let endpoint = cookie_registry::ConsentEndpoint::<Cookies>::new()
            .store(FailingStore)
            .on_record(sink);
        let answer = post_tower(endpoint, "choice=necessary&method=banner", json).await;
        answer.assert_refused_without_change(&format!("failing, json {json}"));
        assert_eq!(
            logged.load(Ordering::SeqCst),
            0,
            "no record is logged as kept"
        );
    }
}

#[tokio::test]
async fn tower_a_stalling_store_times_out_into_503() {
    let stalling = Arc::new(StallingStore::default());
    let (logged, sink) = counting_sink();
    let endpoint = cookie_registry::ConsentEndpoint::<Cookies>::new()
        .store(Arc::clone(&stalling))
        .store_timeout(SHORT)
        .on_record(sink);
    let answer = tokio::time::timeout(
        Duration::from_secs(10),
        post_tower(endpoint, "choice=all", false),
    )
    .await
    .expect("the endpoint answers after its store timeout, not never");
    answer.assert_refused_without_change("stalling");
    assert_eq!(stalling.0.load(Ordering::SeqCst), 1, "the store was asked");
    assert_eq!(logged.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn tower_a_kept_record_is_the_one_the_cookie_carries_and_is_logged_after() {
    let store = MemoryStore::new();
    let (logged, sink) = counting_sink();
    let endpoint = cookie_registry::ConsentEndpoint::<Cookies>::new()
        .store(store.clone())
        .on_record(sink);
    let answer = post_tower(endpoint, "choice=necessary", false).await;
    assert_eq!(answer.status, 303);
    let records = store.records();
    assert_eq!(records.len(), 1);
    let consent = answer.set_cookies()[0];
    assert!(
        consent.starts_with(&format!("choice={}", records[0].cookie_value())),
        "{consent}"
    );
    assert!(
        answer.set_cookies().iter().any(|c| c.starts_with("_ga=;")),
        "the removal"
    );
    assert_eq!(logged.load(Ordering::SeqCst), 1);
    // Neither `method` nor `notice` sent: recorded as unknown, not guessed.
    assert_eq!(records[0].method, ConsentMethod::Unknown);
    assert_eq!(records[0].notice, None);
    assert_eq!(records[0].language, None);
}

/// The hidden fields of a rendered form, as `name=value` pairs for a form body.
fn hidden_fields(html: &str) -> Vec<(String, String)> {
    html.lines()
        .filter_map(|line| {
            let rest = line.strip_prefix("<input type=\"hidden\" name=\"")?;
            let (name, rest) = rest.split_once("\" value=\"")?;
            let value = rest.strip_suffix("\">")?;
            Some((name.to_owned(), value.to_owned()))
        })
        .collect()
}

/// The form's HTML without its hidden fields: what the visitor saw.
fn without_hidden_fields(html: &str) -> String {
    html.lines()
        .filter(|line| !line.starts_with("<input type=\"hidden\""))
        .map(|line| format!("{line}\n"))
        .collect()
}

fn body_of(fields: &[(String, String)], choice: &str) -> String {
    let mut body = format!("choice={choice}");
    for (name, value) in fields {
        body.push_str(&format!("&{name}={}", value.replace('/', "%2F")));
    }
    body
}

#[tokio::test]
async fn the_notice_hash_of_a_banner_post_resolves_to_the_exact_html_the_banner_rendered() {
    for (lang, settings) in [("en", false), ("de", false), ("fr", true), ("sv", true)] {
        let store = MemoryStore::new();
        let endpoint = cookie_registry::ConsentEndpoint::<Cookies>::new().store(store.clone());
        let fresh = ConsentState::undecided();
        let form = if settings {
            Banner::<Cookies>::settings(&fresh)
        } else {
            Banner::<Cookies>::new(&fresh)
        };
        let html = form.lang(lang).to_string();
        let fields = hidden_fields(&html);
        let names: Vec<&str> = fields.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["return_to", "method", "lang", "notice"], "{lang}");

        let answer = post_tower(endpoint, &body_of(&fields, "all"), false).await;
        assert_eq!(answer.status, 303, "{lang}: {}", answer.body);
        let record = store.records().pop().expect("a kept record");
        let method = if settings {
            ConsentMethod::SettingsPage
        } else {
            ConsentMethod::Banner
        };
        assert_eq!(record.method, method, "{lang}");
        assert_eq!(record.language.as_deref(), Some(lang));
        let hash = record.notice.expect("a known notice");
        assert_eq!(hash.to_string(), fields[3].1);

        let text = store
            .notice(&hash)
            .await
            .expect("the store answers")
            .expect("archived");
        let policy = Cookies::policy_table()
            .page()
            .in_language(lang)
            .expect("built-in words")
            .to_html();
        assert_eq!(
            text,
            format!("{}\n{policy}", without_hidden_fields(&html)),
            "{lang}"
        );
        assert_eq!(NoticeHash::of(&text), hash, "the text is the one hashed");
        if lang == "de" {
            assert!(text.contains("Alle ablehnen") && text.contains("Zählt Besuche"));
        }
    }
}

#[tokio::test]
async fn an_unknown_notice_or_language_is_recorded_as_unknown_and_json_as_the_api() {
    let store = MemoryStore::new();
    let forged = NoticeHash::of("a notice this site never showed");
    let endpoint = cookie_registry::ConsentEndpoint::<Cookies>::new().store(store.clone());
    let answer = post_tower(
        endpoint.clone(),
        &format!("choice=all&notice={forged}&lang=xx"),
        true,
    )
    .await;
    assert_eq!(answer.status, 200);
    let answer = post_tower(
        endpoint.clone(),
        "choice=all&notice=not-a-hash&lang=DE&method=settings",
        false,
    )
    .await;
    assert_eq!(answer.status, 303);
    let records = store.records();
    assert_eq!(
        records[0].method,
        ConsentMethod::JsonApi,
        "JSON without `method`"
    );
    assert_eq!(
        (records[0].notice, records[0].language.as_deref()),
        (None, None)
    );
    assert_eq!(records[1].method, ConsentMethod::SettingsPage);
    assert_eq!(
        (records[1].notice, records[1].language.as_deref()),
        (None, Some("de"))
    );
    assert_eq!(
        store.notice(&forged).await.expect("answers"),
        None,
        "never archived"
    );

    for bad in [
        "choice=all&method=phone",
        "choice=all&method=banner&method=api",
        "choice=all&notice=a&notice=b",
    ] {
        let answer = post_tower(endpoint.clone(), bad, false).await;
        assert_eq!(answer.status, 400, "{bad}");
        assert!(answer.set_cookies().is_empty());
    }
    assert_eq!(store.records().len(), 2);
}

#[cfg(feature = "actix")]
mod actix {
    use actix_web::http::header::HeaderValue;
    use actix_web::{App, test, web};
    use cookie_registry::actix::ConsentEndpoint;

    use super::*;

    fn post_actix(endpoint: ConsentEndpoint<Cookies>, form: &'static str) -> Answer {
        actix_web::rt::System::new().block_on(async {
            let app = test::init_service(App::new().route("/consent", web::to(endpoint))).await;
            let request = test::TestRequest::post()
                .uri("/consent")
                .insert_header(("content-type", "application/x-www-form-urlencoded"))
                .insert_header((
                    "cookie",
                    HeaderValue::from_str(&carried()).expect("a value"),
                ))
                .set_payload(form)
                .to_request();
            let response = test::call_service(&app, request).await;
            let status = response.status().as_u16();
            let headers = response
                .headers()
                .iter()
                .map(|(n, v)| {
                    (
                        n.to_string(),
                        String::from_utf8_lossy(v.as_bytes()).into_owned(),
                    )
                })
                .collect();
            let body = test::read_body(response).await;
            Answer {
                status,
                headers,
                body: String::from_utf8_lossy(&body).into_owned(),
            }
        })
    }

    #[test]
    fn actix_a_failing_store_gets_503_and_nothing_changes() {
        let (logged, sink) = counting_sink();
        let endpoint = ConsentEndpoint::<Cookies>::new()
            .store(FailingStore)
            .on_record(sink);
        post_actix(endpoint, "choice=necessary&method=banner")
            .assert_refused_without_change("failing");
        assert_eq!(logged.load(Ordering::SeqCst), 0);
    }

    #[test]
    fn actix_a_stalling_store_times_out_into_503() {
        let stalling = Arc::new(StallingStore::default());
        let endpoint = ConsentEndpoint::<Cookies>::new()
            .store(Arc::clone(&stalling))
            .store_timeout(SHORT);
        post_actix(endpoint, "choice=all").assert_refused_without_change("stalling");
        assert_eq!(stalling.0.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn actix_a_kept_record_is_the_one_the_cookie_carries() {
        let store = MemoryStore::new();
        let endpoint = ConsentEndpoint::<Cookies>::new().store(store.clone());
        let answer = post_actix(endpoint, "choice=necessary&method=settings&lang=fr");
        assert_eq!(answer.status, 303);
        let records = store.records();
        assert_eq!(records.len(), 1);
        assert!(
            answer.set_cookies()[0].starts_with(&format!("choice={}", records[0].cookie_value()))
        );
        assert_eq!(records[0].method, ConsentMethod::SettingsPage);
        assert_eq!(records[0].language.as_deref(), Some("fr"));
    }
}
