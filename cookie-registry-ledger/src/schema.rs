//! The ledger's tables, created and upgraded by [`Ledger::migrate`](crate::Ledger::migrate).
//!
//! The statements are compiled into the crate (no migration files to ship) and written in the
//! SQL both backends accept. `ledger_schema` lists the versions applied; each version runs in
//! one transaction, under the lock that also serializes appends, so two instances starting
//! together migrate once.

use sqlx::Row as _;

use crate::{Backend, Ledger, LedgerError};

/// Each version's statements, in order. Never edit a published version: add one.
const MIGRATIONS: &[(i64, &[&str])] = &[(
    1,
    &[
        // One row per record, never updated. `seq` orders the chain; `hash` chains each row
        // to the one before (see `LedgerRow::canonical`).
        "CREATE TABLE consent_ledger (
            seq BIGINT PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            decided_at BIGINT NOT NULL,
            granted TEXT NOT NULL,
            refused TEXT NOT NULL,
            revisions TEXT NOT NULL,
            previous_id TEXT,
            method TEXT NOT NULL,
            language TEXT,
            notice TEXT,
            user_agent TEXT,
            ip TEXT,
            stored_at BIGINT NOT NULL,
            hash TEXT NOT NULL
        )",
        "CREATE INDEX consent_ledger_decided_at ON consent_ledger (decided_at)",
        // Each notice's exact text, once, under its SHA-256.
        "CREATE TABLE consent_notice (
            hash TEXT PRIMARY KEY,
            text TEXT NOT NULL,
            stored_at BIGINT NOT NULL
        )",
        // One row per purge: the last purged row's place and hash, where verification and the
        // next append start when older rows are gone.
        "CREATE TABLE ledger_anchor (
            seq BIGINT PRIMARY KEY,
            hash TEXT NOT NULL,
            purged_before BIGINT NOT NULL,
            purged_at BIGINT NOT NULL
        )",
    ],
)];

pub(crate) async fn migrate(ledger: &Ledger) -> Result<(), LedgerError> {
    let mut tx = ledger.begin_exclusive(false).await?;
    sqlx::query(
        "CREATE TABLE IF NOT EXISTS ledger_schema (
            version BIGINT PRIMARY KEY,
            applied_at BIGINT NOT NULL
        )",
    )
    .execute(&mut *tx)
    .await
    .map_err(LedgerError::database("creating the ledger_schema table"))?;
    let current: Option<i64> = sqlx::query("SELECT MAX(version) AS version FROM ledger_schema")
        .fetch_one(&mut *tx)
        .await
        .and_then(|row| row.try_get("version"))
        .map_err(LedgerError::database("reading the ledger's schema version"))?;
    let current = current.unwrap_or(0);
    for (version, statements) in MIGRATIONS.iter().filter(|(v, _)| *v > current) {
        for statement in *statements {
            sqlx::query(statement)
                .execute(&mut *tx)
                .await
                .map_err(LedgerError::database(format!(
                    "migrating the ledger to version {version}"
                )))?;
        }
        sqlx::query("INSERT INTO ledger_schema (version, applied_at) VALUES ($1, $2)")
            .bind(*version)
            .bind(crate::now_i64())
            .execute(&mut *tx)
            .await
            .map_err(LedgerError::database(
                "recording the ledger's schema version",
            ))?;
    }
    tx.commit()
        .await
        .map_err(LedgerError::database("committing the ledger's migration"))?;
    Ok(())
}

/// The applied schema version, or the error that says this database holds no ledger.
pub(crate) async fn version(ledger: &Ledger) -> Result<i64, sqlx::Error> {
    let row = sqlx::query("SELECT MAX(version) AS version FROM ledger_schema")
        .fetch_one(&ledger.pool)
        .await?;
    let version: Option<i64> = row.try_get("version")?;
    Ok(version.unwrap_or(0))
}

/// The statement that takes the ledger's write lock inside a transaction, after `BEGIN`.
/// SQLite takes it with `BEGIN IMMEDIATE` instead.
pub(crate) fn lock_statement(backend: Backend, tables_exist: bool) -> Option<&'static str> {
    match backend {
        Backend::Sqlite => None,
        // The migration lock must not need the table it is about to create.
        Backend::Postgres if !tables_exist => Some("SELECT pg_advisory_xact_lock(7259138427166)"),
        // EXCLUSIVE blocks other writers (and their LOCK) but not readers.
        Backend::Postgres => Some("LOCK TABLE consent_ledger IN EXCLUSIVE MODE"),
    }
}
