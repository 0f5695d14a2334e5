//! Proof of consent, kept: an append-only, tamper-evident consent ledger in SQLite or
//! PostgreSQL, for `cookie-registry`'s consent endpoint.
//!
//! GDPR art. 7(1) makes a site able to demonstrate each consent it relies on. A [`Ledger`]
//! implements [`ConsentStore`](cookie_registry::ConsentStore): the endpoint appends each
//! [`ConsentRecord`](cookie_registry::ConsentRecord) and answers only once it is stored, and the
//! ledger keeps the text of each [`Notice`](cookie_registry::Notice) once, under its hash.
//!
//! - **Append-only and tamper-evident.** Rows are never updated. Each row's `hash` is the
//!   SHA-256 of its values and the previous row's hash ([`LedgerRow::canonical`]), so
//!   [`Ledger::verify`] finds an edited, deleted or reordered row and names the first.
//! - **Two instances, one database.** Appends take a lock (PostgreSQL: `LOCK TABLE ... IN
//!   EXCLUSIVE MODE`; SQLite: `BEGIN IMMEDIATE`), read the last hash and insert, in one
//!   transaction: concurrent appends queue, and the chain stays one line.
//! - **Retention.** [`Ledger::purge_before`] removes the oldest rows and records the last
//!   purged row's hash as an anchor, where verification then starts ([`DEFAULT_RETENTION`]).
//! - **Export.** [`Ledger::export`] writes the records of a time range as CSV or JSON lines.
//!
//! ```
//! use cookie_registry::{Consent, ConsentMethod, ConsentRecord, ConsentStore, CookieRegistry, Notice};
//! use cookie_registry_ledger::Ledger;
//!
//! #[derive(CookieRegistry)]
//! #[registry(provider = "Acme", consent_cookie = Choice)]
//! enum Cookies {
//!     #[cookie(name = "choice", category = Necessary, purpose = "Your cookie choice")]
//!     Choice,
//!     #[cookie(name = "_ga", category = Statistics, purpose = "Counts visits")]
//!     Ga,
//! }
//!
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! # let dir = std::env::temp_dir().join(format!("ledger-doc-{}", std::process::id()));
//! # std::fs::create_dir_all(&dir).unwrap();
//! # let url = format!("sqlite://{}", dir.join("consent.db").display());
//! let ledger = Ledger::connect(&url).await?; // "sqlite://consent.db" creates the file
//! ledger.migrate().await?;
//!
//! let notice = Notice::new("<p>We count visits with _ga.</p>");
//! let record = ConsentRecord::new::<Cookies>(Consent::all(), None)
//!     .with_method(ConsentMethod::Banner)
//!     .with_language("en")
//!     .with_notice(notice.hash());
//! ledger.append(&record, Some(&notice)).await?;
//!
//! assert_eq!(ledger.get(record.id).await?, Some(record.clone()));
//! assert_eq!(ledger.notice(&notice.hash()).await?.as_deref(), Some(notice.text()));
//! assert_eq!(ledger.verify().await?.rows, 1);
//! # std::fs::remove_dir_all(&dir).unwrap();
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! # }).unwrap();
//! ```
//!
//! # Features
//!
//! - `sqlite` (on by default): `sqlite://PATH` URLs, SQLite compiled in (no server to run).
//! - `postgres`: `postgres://USER:PASSWORD@HOST:PORT/DB` URLs. No TLS backend is compiled in:
//!   the ledger is meant for a database on the same host or private network (`sslmode=require`
//!   fails; a TLS feature of `sqlx` could be added).
//! - `testing`: [`testing::PostgresServer`], a throwaway PostgreSQL server for tests.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod error;
mod export;
mod retention;
mod row;
mod schema;
mod store;
#[cfg(feature = "testing")]
pub mod testing;
pub mod time;
mod verify;

use std::sync::Arc;
use std::time::Duration;

use sqlx::any::AnyPoolOptions;
use sqlx::{Any, AnyPool, Connection as _, Executor as _, Transaction};

pub use error::{Break, LedgerError, VerifyError};
pub use export::ExportFormat;
pub use retention::DEFAULT_RETENTION;
pub use row::{GENESIS, LedgerRow};
pub use verify::{Anchor, VerifyReport};

/// A consent ledger in a SQLite file or a PostgreSQL database. Cheap to clone: clones share
/// one connection pool.
#[derive(Debug, Clone)]
pub struct Ledger {
    pool: AnyPool,
    backend: Backend,
    /// SQLite appends queue here first, so that the pool's connections do not spin on the
    /// file's lock (SQLite's busy handler sleeps and retries). Other processes are serialized
    /// by `BEGIN IMMEDIATE`.
    local_writer: Arc<tokio::sync::Mutex<()>>,
}

// A build without one of the features never makes its variant.
#[cfg_attr(not(all(feature = "sqlite", feature = "postgres")), allow(dead_code))]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Backend {
    Sqlite,
    Postgres,
}

impl Ledger {
    /// Connects to the ledger at `url`: `sqlite://consent.db` (the file is created if missing),
    /// `sqlite::memory:` (for tests: gone with the last clone), or
    /// `postgres://user:password@host/db`. Call [`migrate`](Self::migrate) before the first
    /// append.
    ///
    /// # Errors
    /// [`LedgerError::UnsupportedUrl`] for another scheme or one this build lacks;
    /// [`LedgerError::Unreachable`] when the database cannot be opened.
    pub async fn connect(url: &str) -> Result<Ledger, LedgerError> {
        Ledger::connect_inner(url, true).await
    }

    /// Connects to an existing ledger, for tools that read it (the `cookie-registry` CLI): a
    /// missing SQLite file, or a database without the ledger's tables, is
    /// [`LedgerError::Unreachable`]. Nothing is created.
    ///
    /// # Errors
    /// As [`connect`](Self::connect), and as above.
    pub async fn open(url: &str) -> Result<Ledger, LedgerError> {
        let ledger = Ledger::connect_inner(url, false).await?;
        schema::version(&ledger)
            .await
            .map_err(|source| LedgerError::Unreachable {
                url: redact(url),
                source,
            })?;
        Ok(ledger)
    }

    async fn connect_inner(url: &str, create: bool) -> Result<Ledger, LedgerError> {
        sqlx::any::install_default_drivers();
        let backend = Backend::of(url).ok_or_else(|| LedgerError::UnsupportedUrl(redact(url)))?;
        let unreachable = |source| LedgerError::Unreachable {
            url: redact(url),
            source,
        };
        let memory = backend == Backend::Sqlite && url.contains(":memory:");
        let url = match backend {
            Backend::Sqlite if !url.contains("mode=") && !memory => {
                let separator = if url.contains('?') { '&' } else { '?' };
                let mode = if create { "rwc" } else { "rw" };
                format!("{url}{separator}mode={mode}")
            }
            _ => url.to_owned(),
        };
        let pool = pool_options(backend, memory).connect(&url).await;
        let pool = match pool {
            Ok(pool) => pool,
            // The pool retries until its timeout and then says only that; one direct attempt
            // gives the reason (connection refused, unknown host, bad password).
            Err(sqlx::Error::PoolTimedOut) => {
                let reason = sqlx::AnyConnection::connect(&url).await.err();
                return Err(unreachable(reason.unwrap_or(sqlx::Error::PoolTimedOut)));
            }
            Err(error) => return Err(unreachable(error)),
        };
        if backend == Backend::Sqlite {
            // WAL: readers and the writer do not block each other; kept in the file.
            pool.execute("PRAGMA journal_mode = WAL")
                .await
                .map_err(unreachable)?;
        }
        Ok(Ledger {
            pool,
            backend,
            local_writer: Arc::new(tokio::sync::Mutex::new(())),
        })
    }

    /// Creates or upgrades the ledger's tables: one call, safe to repeat and to run from two
    /// instances at once. The statements are compiled into this crate.
    ///
    /// # Errors
    /// [`LedgerError::Database`] when a statement fails.
    pub async fn migrate(&self) -> Result<(), LedgerError> {
        schema::migrate(self).await
    }

    /// The connection pool, for queries of your own (read only: an update breaks the chain).
    #[must_use]
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Closes the pool's connections.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// Begins a transaction holding the ledger's write lock: appends and purges run one at a
    /// time across every process using the database.
    async fn begin_exclusive(
        &self,
        tables_exist: bool,
    ) -> Result<Transaction<'static, Any>, LedgerError> {
        let failed = LedgerError::database("locking the ledger for writing");
        let mut tx = match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => self.pool.begin().await,
        }
        .map_err(failed)?;
        if let Some(lock) = schema::lock_statement(self.backend, tables_exist) {
            let failed = LedgerError::database("locking the ledger for writing");
            tx.execute(lock).await.map_err(failed)?;
        }
        Ok(tx)
    }
}

impl Backend {
    fn of(url: &str) -> Option<Backend> {
        let scheme = url.split_once(':')?.0;
        match scheme {
            #[cfg(feature = "sqlite")]
            "sqlite" => Some(Backend::Sqlite),
            #[cfg(feature = "postgres")]
            "postgres" | "postgresql" => Some(Backend::Postgres),
            _ => None,
        }
    }
}

/// The pool's settings: a 5 s wait for a connection (then the append fails, and the endpoint
/// answers 503), and for SQLite, durable commits and a wait for another process's lock.
fn pool_options(backend: Backend, memory: bool) -> AnyPoolOptions {
    // `sqlite::memory:` is one database per connection: keep one connection, for ever.
    let options = if memory {
        AnyPoolOptions::new()
            .max_connections(1)
            .idle_timeout(None)
            .max_lifetime(None)
    } else {
        AnyPoolOptions::new()
    };
    options
        .acquire_timeout(Duration::from_secs(5))
        .after_connect(move |conn, _| {
            Box::pin(async move {
                if backend == Backend::Sqlite {
                    // FULL syncs the WAL at every commit: a record is on disk when `append`
                    // returns.
                    conn.execute("PRAGMA synchronous = FULL").await?;
                    conn.execute("PRAGMA busy_timeout = 5000").await?;
                }
                Ok(())
            })
        })
}

/// `url` with any password replaced by `***`, for messages.
fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    match authority.rsplit_once('@') {
        Some((credentials, host)) if credentials.contains(':') => {
            let user = credentials.split(':').next().unwrap_or("");
            format!("{scheme}://{user}:***@{host}{path}")
        }
        _ => url.to_owned(),
    }
}

/// The time now in Unix seconds.
pub(crate) fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs())
}

/// [`now`] for a `BIGINT` column.
pub(crate) fn now_i64() -> i64 {
    i64::try_from(now()).unwrap_or(i64::MAX)
}

/// A `u64` for a `BIGINT` column; values past `i64::MAX` (year 292 billion) saturate.
pub(crate) fn to_i64(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn passwords_are_hidden_from_messages() {
        assert_eq!(
            redact("postgres://app:s3cret@db:5432/consent"),
            "postgres://app:***@db:5432/consent"
        );
        assert_eq!(
            redact("postgres://app@db/consent"),
            "postgres://app@db/consent"
        );
        assert_eq!(redact("sqlite://consent.db"), "sqlite://consent.db");
        assert_eq!(redact("postgres://a:b@c@host/x"), "postgres://a:***@host/x");
    }
}
