//! The ledger against SQLite and a real PostgreSQL (started by the test): the store contract,
//! tampering found and named, purge, and two instances appending to one database.

use std::sync::atomic::{AtomicU32, Ordering};

use cookie_registry::{
    Category, Consent, ConsentMethod, ConsentRecord, ConsentStore, CookieRegistry, Notice,
};
use cookie_registry_ledger::testing::PostgresServer;
use cookie_registry_ledger::{Break, Ledger, VerifyError};

#[derive(CookieRegistry)]
#[registry(provider = "Acme", consent_cookie = Choice)]
enum Cookies {
    #[cookie(name = "choice", category = Necessary, purpose = "Your cookie choice")]
    Choice,
    #[cookie(name = "_ga", category = Statistics, purpose = "Counts visits")]
    Ga,
    #[cookie(name = "_fbp", category = Marketing, purpose = "Advertising")]
    Fbp,
}

/// The tests crate's `skip`, copied (this crate cannot depend on it): a failure under CI, a
/// visible message elsewhere.
fn skip(test: &str, reason: &str) {
    use std::io::Write;
    let in_ci = std::env::var("CI").is_ok_and(|v| v == "true");
    assert!(!in_ci, "CI=true and {test} cannot run: {reason}");
    let _ = writeln!(std::io::stderr().lock(), "SKIPPED {test}: {reason}");
}

/// A SQLite ledger file of its own, removed on drop.
struct SqliteFile(std::path::PathBuf);

impl SqliteFile {
    fn new() -> SqliteFile {
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("ledger-test-{}-{n}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        SqliteFile(dir)
    }

    fn url(&self) -> String {
        format!("sqlite://{}", self.0.join("consent.db").display())
    }
}

impl Drop for SqliteFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn postgres(test: &str) -> Option<PostgresServer> {
    match PostgresServer::start() {
        Ok(server) => Some(server),
        Err(reason) => {
            skip(test, &reason);
            None
        }
    }
}

async fn ledger(url: &str) -> Ledger {
    let ledger = Ledger::connect(url).await.expect("connects");
    ledger.migrate().await.expect("migrates");
    ledger
}

/// Appends `n` records decided one second apart from `start`, each replacing the one before.
async fn fill(ledger: &Ledger, n: u64, start: u64) -> Vec<ConsentRecord> {
    let notice = Notice::new("<p>We count visits.</p>");
    let mut records: Vec<ConsentRecord> = Vec::new();
    for i in 0..n {
        let mut record = ConsentRecord::new::<Cookies>(
            Consent::necessary_only().with(Category::Statistics),
            records.last().map(|r| r.id),
        )
        .with_method(ConsentMethod::Banner)
        .with_language("en")
        .with_notice(notice.hash());
        record.decided_at = start + i;
        ledger
            .append(&record, Some(&notice))
            .await
            .expect("appends");
        records.push(record);
    }
    records
}

async fn sql(ledger: &Ledger, statement: &str) {
    sqlx::query(statement)
        .execute(ledger.pool())
        .await
        .unwrap_or_else(|e| panic!("{statement}: {e}"));
}

/// The failure `verify()` reports: the row's seq, its id, and why.
async fn broken(ledger: &Ledger) -> (u64, String, Break) {
    match ledger.verify().await {
        Err(VerifyError::Broken { seq, id, reason }) => (seq, id, reason),
        other => panic!("expected a broken chain, got {other:?}"),
    }
}

async fn round_trip(url: &str) {
    let ledger = ledger(url).await;
    ledger.migrate().await.expect("a second migrate is a no-op");
    let records = fill(&ledger, 3, 1_700_000_000).await;
    let last = records.last().unwrap();
    assert_eq!(ledger.get(last.id).await.unwrap().as_ref(), Some(last));
    assert_eq!(ledger.history(last.id).await.unwrap(), records);
    let notice = last.notice.expect("named");
    assert_eq!(
        ledger.notice(&notice).await.unwrap().as_deref(),
        Some("<p>We count visits.</p>")
    );
    let personal = ConsentRecord::new::<Cookies>(Consent::all(), None)
        .with_user_agent("Mozilla/5.0 (X11; Linux x86_64) \"quoted\", with comma\nand newline")
        .with_ip("2001:db8:1:2::3".parse::<std::net::IpAddr>().unwrap());
    ledger.append(&personal, None).await.unwrap();
    assert_eq!(
        ledger.get(personal.id).await.unwrap(),
        Some(personal.clone())
    );
    assert!(
        ledger.append(&personal, None).await.is_err(),
        "an id is stored once"
    );
    // A GPC opt-out, recorded by the server with its own method, reads back as one.
    let gpc = ConsentRecord::new::<Cookies>(Consent::necessary_only(), Some(personal.id))
        .with_method(ConsentMethod::GlobalPrivacyControl);
    ledger.append(&gpc, None).await.unwrap();
    let kept = ledger.get(gpc.id).await.unwrap().expect("kept");
    assert_eq!(kept.method, ConsentMethod::GlobalPrivacyControl);
    assert_eq!(kept, gpc);
    let mismatched = ConsentRecord::new::<Cookies>(Consent::all(), None);
    let other = Notice::new("other");
    assert!(ledger.append(&mismatched, Some(&other)).await.is_err());
    assert_eq!(ledger.notice(&other.hash()).await.unwrap(), None);
    let report = ledger.verify().await.expect("an untouched chain verifies");
    assert_eq!((report.rows, report.last_seq), (5, 5));
}

async fn edited_row_is_named(url: &str) {
    let ledger = ledger(url).await;
    let records = fill(&ledger, 5, 1_700_000_000).await;
    sql(
        &ledger,
        "UPDATE consent_ledger SET granted = 'necessary statistics marketing' WHERE seq = 3",
    )
    .await;
    let (seq, id, reason) = broken(&ledger).await;
    assert_eq!((seq, reason), (3, Break::HashMismatch));
    assert_eq!(id, records[2].id.to_string());
}

async fn deleted_row_is_named(url: &str) {
    let ledger = ledger(url).await;
    let records = fill(&ledger, 5, 1_700_000_000).await;
    sql(&ledger, "DELETE FROM consent_ledger WHERE seq = 2").await;
    let (seq, id, reason) = broken(&ledger).await;
    assert_eq!((seq, reason), (3, Break::Missing { expected: 2 }));
    assert_eq!(id, records[2].id.to_string());

    // The first row deleted: the chain must start at 1.
    let fresh = ledger_in_same_kind(url).await;
    fill(&fresh, 2, 1_700_000_000).await;
    sql(&fresh, "DELETE FROM consent_ledger WHERE seq = 1").await;
    assert_eq!(broken(&fresh).await.0, 2);
}

async fn reordered_rows_are_named(url: &str) {
    let ledger = ledger(url).await;
    let records = fill(&ledger, 5, 1_700_000_000).await;
    for statement in [
        "UPDATE consent_ledger SET seq = -seq WHERE seq IN (2, 4)",
        "UPDATE consent_ledger SET seq = 4 WHERE seq = -2",
        "UPDATE consent_ledger SET seq = 2 WHERE seq = -4",
    ] {
        sql(&ledger, statement).await;
    }
    let (seq, id, reason) = broken(&ledger).await;
    assert_eq!((seq, reason), (2, Break::HashMismatch));
    assert_eq!(
        id,
        records[3].id.to_string(),
        "row 2 now holds the 4th record"
    );
}

/// An edit that parses the same (a doubled space) is still an edit.
async fn cosmetic_edit_is_named(url: &str) {
    let ledger = ledger(url).await;
    fill(&ledger, 3, 1_700_000_000).await;
    sql(
        &ledger,
        "UPDATE consent_ledger SET granted = 'necessary  statistics' WHERE seq = 2",
    )
    .await;
    let (seq, _, reason) = broken(&ledger).await;
    assert_eq!(seq, 2);
    assert!(
        matches!(reason, Break::Unreadable(ref d) if d.contains("granted")),
        "{reason:?}"
    );
}

async fn purge_leaves_a_verifiable_chain(url: &str) {
    let ledger = ledger(url).await;
    let records = fill(&ledger, 6, 1_700_000_000).await;
    assert_eq!(ledger.purge_before(1_700_000_000).await.unwrap(), 0);
    assert_eq!(ledger.purge_before(1_700_000_003).await.unwrap(), 3);
    let report = ledger.verify().await.expect("verifies after a purge");
    assert_eq!(
        (report.rows, report.anchor.as_ref().map(|a| a.seq)),
        (3, Some(3))
    );
    assert_eq!(ledger.get(records[2].id).await.unwrap(), None);
    assert_eq!(ledger.history(records[5].id).await.unwrap(), records[3..]);

    // Appends continue the chain; purging every row keeps it going from the anchor.
    fill(&ledger, 2, 1_700_000_010).await;
    assert_eq!(ledger.purge_before(1_800_000_000).await.unwrap(), 5);
    assert_eq!(ledger.verify().await.unwrap().rows, 0);
    fill(&ledger, 1, 1_800_000_001).await;
    let report = ledger.verify().await.unwrap();
    assert_eq!((report.rows, report.last_seq), (1, 9));

    // Tampering after a purge is still found: the first kept row must chain to the anchor.
    sql(
        &ledger,
        "UPDATE ledger_anchor SET hash = 'ab' WHERE seq = 8",
    )
    .await;
    assert_eq!(broken(&ledger).await.0, 9);
}

/// A second ledger of the same backend as `url`, in a fresh database.
async fn ledger_in_same_kind(url: &str) -> Ledger {
    let ledger = ledger(url).await;
    sql(&ledger, "DELETE FROM consent_ledger").await;
    ledger
}

/// `sqlite::memory:` keeps one database (one connection), not one per pooled connection.
#[tokio::test]
async fn sqlite_in_memory_is_one_database() {
    let ledger = ledger("sqlite::memory:").await;
    let records = fill(&ledger, 3, 1_700_000_000).await;
    let reader = ledger.clone();
    assert_eq!(reader.history(records[2].id).await.unwrap(), records);
    assert_eq!(reader.verify().await.unwrap().rows, 3);
}

macro_rules! sqlite_tests {
    ($($name:ident),*) => {$(
        #[tokio::test]
        async fn $name() {
            let file = SqliteFile::new();
            super::$name(&file.url()).await;
        }
    )*};
}

macro_rules! postgres_tests {
    ($($name:ident),*) => {$(
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $name() {
            let Some(server) = super::postgres(concat!("postgres::", stringify!($name))) else {
                return;
            };
            let url = server.create_database("ledger").unwrap();
            super::$name(&url).await;
        }
    )*};
}

mod sqlite {
    use super::SqliteFile;

    /// Two ledgers (two pools, as two processes would have) on one file, appending at once:
    /// `BEGIN IMMEDIATE` keeps the chain one line.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn two_instances_append_concurrently() {
        let file = SqliteFile::new();
        let (a, b) = (
            super::ledger(&file.url()).await,
            super::ledger(&file.url()).await,
        );
        let tasks: Vec<_> = (0..8)
            .map(|i| {
                let ledger = if i % 2 == 0 { a.clone() } else { b.clone() };
                tokio::spawn(async move { super::fill(&ledger, 10, 1_700_000_000).await })
            })
            .collect();
        for task in tasks {
            task.await.unwrap();
        }
        let report = b.verify().await.expect("the interleaved chain verifies");
        assert_eq!((report.rows, report.last_seq), (80, 80));
    }

    sqlite_tests!(
        round_trip,
        edited_row_is_named,
        deleted_row_is_named,
        reordered_rows_are_named,
        cosmetic_edit_is_named,
        purge_leaves_a_verifiable_chain
    );
}

mod postgres {
    postgres_tests!(
        round_trip,
        edited_row_is_named,
        deleted_row_is_named,
        reordered_rows_are_named,
        cosmetic_edit_is_named,
        purge_leaves_a_verifiable_chain
    );

    /// Two app instances (two pools) on one database, appending at once: every append lands,
    /// the chain is one line, and it verifies.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn two_instances_append_concurrently() {
        let Some(server) = super::postgres("postgres::two_instances_append_concurrently") else {
            return;
        };
        let url = server.create_database("ledger").unwrap();
        let (a, b) = (super::ledger(&url).await, super::ledger(&url).await);
        let tasks: Vec<_> = (0..16)
            .map(|i| {
                let ledger = if i % 2 == 0 { a.clone() } else { b.clone() };
                tokio::spawn(async move { super::fill(&ledger, 10, 1_700_000_000).await })
            })
            .collect();
        for task in tasks {
            task.await.unwrap();
        }
        let report = a.verify().await.expect("the interleaved chain verifies");
        assert_eq!((report.rows, report.last_seq), (160, 160));
        assert_eq!(b.count().await.unwrap(), 160);
    }

    /// Appends fail while the server is down (within the pool's 5 s acquire timeout, not a
    /// hang), and succeed again once it is back, with the same ledger value: no restart.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn appends_recover_after_a_server_restart() {
        use std::time::Duration;
        let Some(server) = super::postgres("postgres::appends_recover_after_a_server_restart")
        else {
            return;
        };
        let url = server.create_database("ledger").unwrap();
        let ledger = super::ledger(&url).await;
        super::fill(&ledger, 2, 1_700_000_000).await;
        server.stop().unwrap();
        let record = super::ConsentRecord::new::<super::Cookies>(super::Consent::all(), None);
        let down = tokio::time::timeout(Duration::from_secs(20), ledger.append_row(&record, None));
        assert!(down.await.expect("fails, does not hang").is_err());
        server.resume().unwrap();
        ledger
            .append_row(&record, None)
            .await
            .expect("appends again");
        assert_eq!(ledger.verify().await.unwrap().rows, 3);
    }

    /// A server that is down is `Unreachable`, not a hang.
    #[tokio::test]
    async fn a_stopped_server_is_unreachable() {
        let Some(server) = super::postgres("postgres::a_stopped_server_is_unreachable") else {
            return;
        };
        let url = server.create_database("ledger").unwrap();
        server.stop().unwrap();
        let error = cookie_registry_ledger::Ledger::connect(&url)
            .await
            .unwrap_err();
        assert!(
            matches!(
                error,
                cookie_registry_ledger::LedgerError::Unreachable { .. }
            ),
            "{error}"
        );
    }
}
