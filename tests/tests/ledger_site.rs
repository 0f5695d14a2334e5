//! `axum_site` keeping its proof of consent in `cookie-registry-ledger`, served on 127.0.0.1 and
//! driven over real TCP:
//!
//! - bounded load, 64 clients × 100 consent POSTs, once on SQLite and once on PostgreSQL: every
//!   `303`/`200` has its record, each record is the one the consent cookie carries, the ledger
//!   holds exactly as many records as decisions took effect, and its chain verifies;
//! - PostgreSQL stopped mid-run: the site answers `503` and never sets a consent cookie without
//!   its record; started again, the same site (no restart) keeps records again.
//!
//! Each run prints its figures (records per second appended, the endpoint's p50/p99 latency
//! under that load); BENCHMARKS.md quotes them. They are printed, never asserted.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use cookie_registry::{ConsentEndpoint, ConsentState, ConsentStore, MemoryStore, RefusedSetCookie};
use cookie_registry_ledger::Ledger;
use cookie_registry_ledger::testing::PostgresServer;
use cookie_registry_tests::site::{DEADLINE, Reply, exchange};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tokio::time::timeout;

#[allow(dead_code)] // the example's `main` is not called here
#[path = "../../cookie-registry/examples/axum_site.rs"]
mod axum_site;

use axum_site::Cookies;

/// The whole of one load run may take this long (a debug build on two busy cores).
const RUN_DEADLINE: Duration = Duration::from_secs(600);

/// The store timeout of the load runs (the failure run keeps the default, 2 s).
const LOAD_STORE_TIMEOUT: Duration = Duration::from_secs(60);

/// Stops the server task when dropped.
struct Served {
    addr: SocketAddr,
    task: JoinHandle<()>,
}

impl Drop for Served {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// `axum_site` keeping its records in `store`, waiting for it up to `store_timeout`, served on
/// 127.0.0.1 at a port the system assigns.
async fn serve(store: impl ConsentStore + 'static, store_timeout: Duration) -> Served {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind 127.0.0.1:0");
    let addr = listener.local_addr().expect("local address");
    let endpoint = ConsentEndpoint::<Cookies>::new()
        .store(store)
        .store_timeout(store_timeout);
    let app = axum_site::app_with_endpoint(RefusedSetCookie::Drop, endpoint);
    let task = tokio::spawn(async move {
        axum::serve(listener, app).await.expect("serve");
    });
    Served { addr, task }
}

/// One decision as a browser posts it, with the consent cookie it holds (if any); every
/// fourth asks for JSON, as the banner's script does.
async fn post(addr: SocketAddr, n: u64, consent: Option<&str>) -> (Reply, Duration) {
    let forms = [
        "choice=all&method=banner&lang=en",
        "choice=necessary&method=banner&lang=de",
        "choice=custom&category=statistics&method=settings&lang=sv",
        "choice=custom&category=marketing",
    ];
    let origin = format!("http://{addr}");
    let mut headers = vec![
        ("Content-Type", "application/x-www-form-urlencoded"),
        ("Origin", origin.as_str()),
        ("Sec-Fetch-Site", "same-origin"),
    ];
    if n % 4 == 3 {
        headers.push(("Accept", "application/json"));
    }
    let cookies: Vec<&str> = consent.into_iter().collect();
    let form = forms[usize::try_from(n % 4).unwrap_or(0)];
    let started = Instant::now();
    let reply = timeout(
        DEADLINE,
        exchange(addr, ("POST", "/consent", &cookies, &headers, form)),
    )
    .await
    .expect("an answer in time")
    .expect("an HTTP answer");
    (reply, started.elapsed())
}

/// The consent cookie a reply sets (`name=value`), if any.
fn consent_pair(reply: &Reply) -> Option<String> {
    let name = Cookies::consent_cookie().map(|spec| spec.name())?;
    reply
        .cookies()
        .find(|cookie| cookie.name() == name && !cookie.value().is_empty())
        .map(|cookie| format!("{}={}", cookie.name(), cookie.value()))
}

use cookie_registry::CookieRegistry as _;

/// Prints a run's figures straight to the process's standard error, past the harness's capture,
/// so that `cargo test` shows them.
fn figures(line: &str) {
    use std::io::Write as _;
    let _ = writeln!(std::io::stderr().lock(), "FIGURES {line}");
}

/// What the clients saw: each decision that took effect (its consent cookie value), the
/// refusals, and every exchange's latency.
#[derive(Default)]
struct Seen {
    kept: Vec<String>,
    refused: usize,
    latencies: Vec<Duration>,
}

impl Seen {
    /// Files one reply: a `303`/`200` must set the consent cookie, a `503` must set nothing.
    fn file(&mut self, reply: &Reply, latency: Duration) -> Option<String> {
        self.latencies.push(latency);
        match reply.status {
            200 | 303 => {
                let pair =
                    consent_pair(reply).expect("a decision that took effect sets the cookie");
                let value = pair
                    .split_once('=')
                    .map(|(_, v)| v.to_owned())
                    .unwrap_or_default();
                self.kept.push(value);
                Some(pair)
            }
            503 => {
                assert_eq!(reply.set_cookies().count(), 0, "a 503 sets no cookie");
                assert_eq!(reply.header("retry-after"), Some("5"));
                self.refused += 1;
                None
            }
            other => panic!("unexpected {other}: {}", reply.body),
        }
    }

    fn merge(&mut self, other: Seen) {
        self.kept.extend(other.kept);
        self.refused += other.refused;
        self.latencies.extend(other.latencies);
    }

    /// The latency at quantile `q` (0.5, 0.99).
    fn quantile(&mut self, q: f64) -> Duration {
        self.latencies.sort_unstable();
        let last = self.latencies.len().saturating_sub(1);
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            clippy::cast_precision_loss
        )]
        let at = ((last as f64) * q).round() as usize;
        self.latencies.get(at).copied().unwrap_or_default()
    }
}

/// Checks that every decision that took effect has its record in `store`: the record whose
/// cookie value the visitor holds.
async fn assert_each_has_its_record(store: &dyn ConsentStore, kept: &[String]) {
    for value in kept {
        let state =
            ConsentState::from_cookie_value::<Cookies>(value).expect("a valid consent cookie");
        let id = state.id().expect("a decided cookie names its record");
        let record = store
            .get(id)
            .await
            .expect("the store answers")
            .expect("the record is kept");
        assert_eq!(
            &record.cookie_value(),
            value,
            "the record is the cookie's decision"
        );
    }
}

/// 64 clients × 100 consent POSTs against `store`; prints and returns what was seen.
async fn load(label: &str, store: impl ConsentStore + Clone + 'static) -> Seen {
    // Under this load on a small machine a decision can queue for more than the default 2 s;
    // the run checks that every decision is kept, so it waits as long as that takes.
    let served = serve(store, LOAD_STORE_TIMEOUT).await;
    let addr = served.addr;
    let started = Instant::now();
    let clients: Vec<_> = (0..64u64)
        .map(|client| {
            tokio::spawn(async move {
                let mut seen = Seen::default();
                let mut consent: Option<String> = None;
                for i in 0..100u64 {
                    let (reply, latency) = post(addr, client + i, consent.as_deref()).await;
                    if let Some(pair) = seen.file(&reply, latency) {
                        consent = Some(pair);
                    }
                }
                seen
            })
        })
        .collect();
    let mut seen = Seen::default();
    for client in clients {
        seen.merge(client.await.expect("a client finishes"));
    }
    let elapsed = started.elapsed();
    #[allow(clippy::cast_precision_loss)]
    let per_second = seen.kept.len() as f64 / elapsed.as_secs_f64();
    let (p50, p99) = (seen.quantile(0.5), seen.quantile(0.99));
    figures(&format!(
        "{label}: {} decisions kept, {} refused, in {elapsed:.2?}: {per_second:.0} records/s; \
         endpoint latency p50 {p50:.2?}, p99 {p99:.2?}",
        seen.kept.len(),
        seen.refused,
    ));
    seen
}

async fn load_and_check_ledger(label: &str, url: &str) {
    let ledger = Ledger::connect(url).await.expect("connect");
    ledger.migrate().await.expect("migrate");
    let seen = timeout(RUN_DEADLINE, load(label, ledger.clone()))
        .await
        .expect("the run ends in time");
    assert_eq!(seen.refused, 0, "a healthy ledger refuses nothing");
    assert_eq!(seen.kept.len(), 6400);
    assert_each_has_its_record(&ledger, &seen.kept).await;
    assert_eq!(
        ledger.count().await.expect("count"),
        6400,
        "one record per decision, no more"
    );
    let report = ledger.verify().await.expect("the chain verifies");
    assert_eq!(report.rows, 6400);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn load_64_clients_by_100_posts_on_sqlite() {
    let dir = std::env::temp_dir().join(format!("cookie-registry-load-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temp dir");
    let path = dir.join("consent.db");
    let _ = std::fs::remove_file(&path);
    load_and_check_ledger("sqlite", &format!("sqlite://{}", path.display())).await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn load_64_clients_by_100_posts_on_postgres() {
    let server = match PostgresServer::start() {
        Ok(server) => server,
        Err(reason) => {
            return cookie_registry_tests::skip(
                "load_64_clients_by_100_posts_on_postgres",
                &reason,
            );
        }
    };
    let url = server.create_database("load").expect("createdb");
    load_and_check_ledger("postgres", &url).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn load_64_clients_by_100_posts_in_memory() {
    let store = MemoryStore::new();
    let seen = timeout(RUN_DEADLINE, load("memory", store.clone()))
        .await
        .expect("in time");
    assert_eq!(seen.kept.len(), 6400);
    assert_eq!(store.records().len(), 6400);
    assert_each_has_its_record(&store, &seen.kept).await;
}

/// PostgreSQL stops while 8 clients post: `503`s and never a cookie without its record; started
/// again, the same site keeps records again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
// Long: one run in order (serve, stop the database, retry, restart, recover), each step needing
// the state the one before left.
async fn postgres_stopped_mid_run_gets_503_and_the_site_recovers() {
    let server = match PostgresServer::start() {
        Ok(server) => server,
        Err(reason) => {
            return cookie_registry_tests::skip(
                "postgres_stopped_mid_run_gets_503_and_the_site_recovers",
                &reason,
            );
        }
    };
    let url = server.create_database("failure").expect("createdb");
    let ledger = Ledger::connect(&url).await.expect("connect");
    ledger.migrate().await.expect("migrate");
    let served = serve(ledger.clone(), Duration::from_secs(2)).await;
    let addr = served.addr;

    let stop = Arc::new(AtomicBool::new(false));
    let phase = Arc::new(std::sync::atomic::AtomicU8::new(0)); // 0 up, 1 down, 2 up again
    let clients: Vec<_> = (0..8u64)
        .map(|client| {
            let (stop, phase) = (Arc::clone(&stop), Arc::clone(&phase));
            tokio::spawn(async move {
                let mut by_phase: [Seen; 3] = Default::default();
                let mut n = client;
                while !stop.load(Ordering::SeqCst) {
                    let now = usize::from(phase.load(Ordering::SeqCst));
                    let (reply, latency) = post(addr, n, None).await;
                    by_phase[now].file(&reply, latency);
                    n += 1;
                }
                by_phase
            })
        })
        .collect();

    tokio::time::sleep(Duration::from_secs(2)).await;
    phase.store(1, Ordering::SeqCst);
    server.stop().expect("pg_ctl stop");
    tokio::time::sleep(Duration::from_secs(6)).await;
    server.resume().expect("pg_ctl start");
    phase.store(2, Ordering::SeqCst);
    // Recovery: decisions take effect again within a bounded time, without restarting the site.
    let recovered = Instant::now();
    loop {
        let (reply, _) = post(addr, 0, None).await;
        if reply.status == 303 {
            break;
        }
        assert!(
            recovered.elapsed() < Duration::from_secs(60),
            "no recovery: {}",
            reply.status
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    stop.store(true, Ordering::SeqCst);

    let mut phases: [Seen; 3] = Default::default();
    for client in clients {
        for (all, seen) in phases
            .iter_mut()
            .zip(client.await.expect("a client finishes"))
        {
            all.merge(seen);
        }
    }
    let [up, down, again] = phases;
    figures(&format!(
        "postgres failure: before {} kept / {} refused; stopped {} kept / {} refused; \
         started again {} kept / {} refused",
        up.kept.len(),
        up.refused,
        down.kept.len(),
        down.refused,
        again.kept.len(),
        again.refused
    ));
    assert!(!up.kept.is_empty(), "decisions were kept before the stop");
    assert!(down.refused > 0, "the stopped database refused decisions");
    assert!(
        !again.kept.is_empty(),
        "decisions are kept again after the start"
    );
    // Never a consent cookie without its record, whatever the phase.
    for seen in [&up, &down, &again] {
        assert_each_has_its_record(&ledger, &seen.kept).await;
    }
    ledger.verify().await.expect("the chain verifies");
}
