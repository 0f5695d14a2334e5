//! The `cookie-registry` binary on a prepared ledger: `ledger show`, `export`, `verify` and
//! `purge`, and each failure's exit code and one-line message.

use std::process::{Command, Output};
use std::sync::atomic::{AtomicU32, Ordering};

use cookie_registry::{
    Category, Consent, ConsentId, ConsentMethod, ConsentRecord, ConsentStore, CookieRegistry,
    Notice,
};
use cookie_registry_ledger::Ledger;

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

const NOTICE: &str = "<section>\n<p>We count visits with _ga, \"anonymously\".</p>\n</section>";
const AGENT: &str = "Mozilla/5.0 (X11; Linux x86_64), \"quoted\"";

/// A ledger of three decisions by one visitor (2023-11-14T22:13:20Z, +1 h, +2 h), the last
/// with a user agent that needs CSV quoting; removed on drop.
struct Prepared {
    dir: std::path::PathBuf,
    url: String,
    records: Vec<ConsentRecord>,
}

impl Prepared {
    async fn new() -> Prepared {
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("cli-test-{}-{n}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let url = format!("sqlite://{}", dir.join("consent.db").display());
        let ledger = Ledger::connect(&url).await.unwrap();
        ledger.migrate().await.unwrap();
        let records = append_three(&ledger).await;
        ledger.close().await;
        Prepared { dir, url, records }
    }

    async fn ledger(&self) -> Ledger {
        Ledger::connect(&self.url).await.unwrap()
    }
}

impl Drop for Prepared {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

async fn append_three(ledger: &Ledger) -> Vec<ConsentRecord> {
    let notice = Notice::new(NOTICE);
    let mut records: Vec<ConsentRecord> = Vec::new();
    for (i, consent) in [
        Consent::all(),
        Consent::necessary_only(),
        Consent::from(Category::Statistics),
    ]
    .into_iter()
    .enumerate()
    {
        let mut record = ConsentRecord::new::<Cookies>(consent, records.last().map(|r| r.id))
            .with_method(ConsentMethod::SettingsPage)
            .with_language("fr")
            .with_notice(notice.hash());
        record.decided_at = 1_700_000_000 + 3600 * i as u64;
        if i == 2 {
            record = record.with_user_agent(AGENT);
        }
        ledger.append(&record, Some(&notice)).await.unwrap();
        records.push(record);
    }
    records
}

fn cli(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cookie-registry"))
        .args(args)
        .env_remove("DATABASE_URL")
        .output()
        .expect("the binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

/// Exits with `code`, and says why on exactly one line of standard error, without a panic.
fn fails_with(output: &Output, code: i32, says: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(code), "stderr: {stderr}");
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr:?}");
    assert!(stderr.contains(says), "{stderr:?} should say {says:?}");
    assert!(
        !stderr.contains("panicked") && !stderr.contains("backtrace"),
        "{stderr}"
    );
}

#[tokio::test]
async fn show_prints_the_record_its_history_and_notice() {
    let db = Prepared::new().await;
    let last = db.records[2].id.to_string();
    let output = cli(&["ledger", "show", &last, "--db", &db.url]);
    assert!(output.status.success(), "{output:?}");
    let text = stdout(&output);
    assert!(
        text.starts_with(&format!("consent record {last}\n")),
        "{text}"
    );
    assert!(text.contains("2023-11-15T00:13:20Z (1700007200)"), "{text}");
    assert!(
        text.contains("  granted     necessary statistics\n"),
        "{text}"
    );
    assert!(text.contains("  method      settings\n"), "{text}");
    let history: Vec<usize> = db
        .records
        .iter()
        .map(|r| text.find(&format!("  {}  ", r.id)).expect("in the history"))
        .collect();
    assert!(history.is_sorted(), "oldest first: {history:?}");
    assert!(text.ends_with(&format!("as shown:\n{NOTICE}\n")), "{text}");

    let json = cli(&["ledger", "show", &last, "--db", &db.url, "--json"]);
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(value["record"]["id"], last);
    assert_eq!(value["record"]["user_agent"], AGENT);
    assert_eq!(value["history"].as_array().map(Vec::len), Some(3));
    assert_eq!(value["notice_text"], NOTICE);
    assert_eq!(value["seq"], 3);
}

#[tokio::test]
async fn export_csv_opens_as_csv() {
    let db = Prepared::new().await;
    let output = cli(&["ledger", "export", "--format", "csv", "--db", &db.url]);
    assert!(output.status.success(), "{output:?}");
    let mut reader = csv::Reader::from_reader(output.stdout.as_slice());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(header[..4], ["seq", "id", "decided_at", "decided_at_utc"]);
    assert_eq!(header.len(), 15);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3);
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    for (row, record) in rows.iter().zip(&db.records) {
        assert_eq!(&row[column("id")], record.id.to_string());
        assert_eq!(row.len(), 15);
    }
    assert_eq!(
        &rows[2][column("user_agent")],
        AGENT,
        "quoted and read back whole"
    );
    assert_eq!(&rows[1][column("granted")], "necessary");
    assert_eq!(&rows[1][column("refused")], "statistics marketing");
    assert_eq!(&rows[0][column("decided_at_utc")], "2023-11-14T22:13:20Z");
    assert!(output.stdout.ends_with(b"\r\n"), "RFC 4180 line ends");
}

#[tokio::test]
async fn export_takes_a_time_range_and_writes_json_lines() {
    let db = Prepared::new().await;
    // From the second decision (RFC 3339) to before the third (Unix seconds).
    let output = cli(&[
        "ledger",
        "export",
        "--since",
        "2023-11-14T23:13:20Z",
        "--until",
        "1700007200",
        "--format",
        "jsonl",
        "--db",
        &db.url,
    ]);
    assert!(output.status.success(), "{output:?}");
    let text = stdout(&output);
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|line| serde_json::from_str(line).expect("a JSON line"))
        .collect();
    assert_eq!(lines.len(), 1, "{text}");
    assert_eq!(lines[0]["id"], db.records[1].id.to_string());
    assert_eq!(lines[0]["seq"], 2);
    assert_eq!(lines[0]["method"], "settings");
}

#[tokio::test]
async fn verify_passes_then_names_an_edited_row() {
    let db = Prepared::new().await;
    let output = cli(&["ledger", "verify", "--db", &db.url]);
    assert!(output.status.success(), "{output:?}");
    assert!(
        stdout(&output).starts_with("ok: 3 rows verified"),
        "{output:?}"
    );

    let ledger = db.ledger().await;
    sqlx::query("UPDATE consent_ledger SET refused = '' WHERE seq = 2")
        .execute(ledger.pool())
        .await
        .unwrap();
    let output = cli(&["ledger", "verify", "--db", &db.url]);
    let named = format!("row 2 (id {})", db.records[1].id);
    fails_with(&output, 1, &named);
}

#[tokio::test]
async fn purge_then_verify() {
    let db = Prepared::new().await;
    let output = cli(&[
        "ledger",
        "purge",
        "--before",
        "2023-11-15T00:00:00Z",
        "--db",
        &db.url,
    ]);
    assert!(output.status.success(), "{output:?}");
    assert_eq!(
        stdout(&output),
        "purged 2 records decided before 2023-11-15T00:00:00Z\n"
    );
    let output = cli(&["ledger", "verify", "--db", &db.url]);
    assert!(stdout(&output).starts_with("ok: 1 rows verified from the anchor after row 2"));
    let json = cli(&["ledger", "verify", "--json", "--db", &db.url]);
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(report["rows"], 1);
    assert_eq!(report["anchor_seq"], 2);
    assert_eq!(report["last_seq"], 3);
    assert_eq!(report["head"].as_str().map(str::len), Some(64));
    let gone = db.records[0].id.to_string();
    fails_with(&cli(&["ledger", "show", &gone, "--db", &db.url]), 4, &gone);
}

#[tokio::test]
async fn each_failure_has_its_exit_code() {
    let db = Prepared::new().await;
    let unknown = ConsentId::random().to_string();
    let said = format!("no consent record has id {unknown}");
    fails_with(
        &cli(&["ledger", "show", &unknown, "--db", &db.url]),
        4,
        &said,
    );

    let missing = format!("sqlite://{}", db.dir.join("absent/consent.db").display());
    fails_with(
        &cli(&["ledger", "verify", "--db", &missing]),
        3,
        "cannot open the ledger",
    );
    // A SQLite file that is no ledger is not silently made one.
    let empty = format!("sqlite://{}", db.dir.join("empty.db").display());
    std::fs::write(db.dir.join("empty.db"), b"").unwrap();
    fails_with(
        &cli(&["ledger", "verify", "--db", &empty]),
        3,
        "cannot open the ledger",
    );
    // Nothing listens on port 1.
    let refused = "postgres://app:secret@127.0.0.1:1/consent";
    let output = cli(&["ledger", "verify", "--db", refused]);
    fails_with(&output, 3, "postgres://app:***@127.0.0.1:1/consent");
    assert!(!String::from_utf8_lossy(&output.stderr).contains("secret"));
    fails_with(
        &cli(&["ledger", "verify", "--db", "mysql://x"]),
        3,
        "mysql://x",
    );

    let usage = cli(&["ledger", "show", "not-an-id", "--db", &db.url]);
    assert_eq!(usage.status.code(), Some(2), "{usage:?}");
    let usage = cli(&["ledger", "export", "--since", "yesterday", "--db", &db.url]);
    assert_eq!(usage.status.code(), Some(2), "{usage:?}");
    assert_eq!(
        cli(&["ledger", "verify"]).status.code(),
        Some(2),
        "--db is required"
    );
}

/// `--db` may come from `DATABASE_URL`.
#[tokio::test]
async fn the_database_url_comes_from_the_environment() {
    let db = Prepared::new().await;
    let output = Command::new(env!("CARGO_BIN_EXE_cookie-registry"))
        .args(["ledger", "verify"])
        .env("DATABASE_URL", &db.url)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
}

/// The same commands on PostgreSQL.
#[tokio::test]
async fn postgres_show_export_verify() {
    let server = match cookie_registry_ledger::testing::PostgresServer::start() {
        Ok(server) => server,
        Err(reason) => {
            let in_ci = std::env::var("CI").is_ok_and(|v| v == "true");
            assert!(
                !in_ci,
                "CI=true and postgres_show_export_verify cannot run: {reason}"
            );
            eprintln!("SKIPPED postgres_show_export_verify: {reason}");
            return;
        }
    };
    let url = server.create_database("consent").unwrap();
    let ledger = Ledger::connect(&url).await.unwrap();
    ledger.migrate().await.unwrap();
    let records = append_three(&ledger).await;
    let last = records[2].id.to_string();
    let show = cli(&["ledger", "show", &last, "--db", &url]);
    assert!(stdout(&show).contains(NOTICE), "{show:?}");
    let export = cli(&["ledger", "export", "--db", &url]);
    let rows = csv::Reader::from_reader(export.stdout.as_slice())
        .records()
        .count();
    assert_eq!(rows, 3);
    assert!(cli(&["ledger", "verify", "--db", &url]).status.success());
    sqlx::query("DELETE FROM consent_ledger WHERE seq = 2")
        .execute(ledger.pool())
        .await
        .unwrap();
    fails_with(
        &cli(&["ledger", "verify", "--db", &url]),
        1,
        "row 2 is missing",
    );
}
