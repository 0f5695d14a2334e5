//! One consent `POST` through the tower `ConsentEndpoint`, waiting for its store: in memory
//! (`MemoryStore`, the floor), in a SQLite ledger file, and in a PostgreSQL ledger (a throwaway
//! server; skipped with a message when PostgreSQL is not installed). One request at a time: the
//! time a visitor's decision waits for its proof. Under 64 concurrent clients, the figures
//! (records per second, p50/p99 latency) come from `tests/tests/ledger_site.rs`.

use cookie_registry::{ConsentEndpoint, ConsentStore, CookieRegistry, MemoryStore};
use cookie_registry_ledger::Ledger;
use cookie_registry_ledger::testing::PostgresServer;
use divan::Bencher;
use http::Request;
use tower::ServiceExt as _;

#[derive(CookieRegistry, Debug, Clone, Copy, PartialEq, Eq)]
#[registry(provider = "Acme", consent_cookie = Choice)]
enum Cookies {
    #[cookie(name = "choice", category = Necessary, purpose = "Your cookie choice",
             max_age = "26w", path = "/")]
    Choice,
    #[cookie(name = "_ga", category = Statistics, purpose = "Counts visits", path = "/")]
    Ga,
    #[cookie(name = "_fbp", category = Marketing, purpose = "Advertising", path = "/")]
    Fbp,
}

fn main() {
    divan::main();
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime")
}

/// Posts one decision (as the banner does) and checks it took effect.
fn bench_endpoint(
    bencher: Bencher<'_, '_>,
    rt: &tokio::runtime::Runtime,
    store: impl ConsentStore + 'static,
) {
    let endpoint = ConsentEndpoint::<Cookies>::new().store(store);
    bencher.bench_local(|| {
        let request = Request::post("/consent")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(String::from(
                "choice=custom&category=statistics&method=banner&lang=en",
            ))
            .expect("a request");
        let response = rt
            .block_on(endpoint.clone().oneshot(request))
            .expect("infallible");
        assert_eq!(response.status(), 303);
    });
}

#[divan::bench(sample_count = 200)]
fn memory(bencher: Bencher<'_, '_>) {
    bench_endpoint(bencher, &runtime(), MemoryStore::new());
}

#[divan::bench(sample_count = 200)]
fn sqlite(bencher: Bencher<'_, '_>) {
    let rt = runtime();
    let dir = std::env::temp_dir().join(format!("cookie-registry-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temp dir");
    let url = format!("sqlite://{}", dir.join("consent.db").display());
    let ledger = rt.block_on(async {
        let ledger = Ledger::connect(&url).await.expect("connect");
        ledger.migrate().await.expect("migrate");
        ledger
    });
    bench_endpoint(bencher, &rt, ledger);
    let _ = std::fs::remove_dir_all(&dir);
}

#[divan::bench(sample_count = 200)]
fn postgres(bencher: Bencher<'_, '_>) {
    let server = match PostgresServer::start() {
        Ok(server) => server,
        Err(reason) => return eprintln!("SKIPPED postgres: {reason}"),
    };
    let rt = runtime();
    let url = server.create_database("bench").expect("createdb");
    let ledger = rt.block_on(async {
        let ledger = Ledger::connect(&url).await.expect("connect");
        ledger.migrate().await.expect("migrate");
        ledger
    });
    bench_endpoint(bencher, &rt, ledger);
}
