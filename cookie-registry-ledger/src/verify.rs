//! Checking the chain: every row's hash recomputed from its values and the row before.

use sqlx::{Any, Row as _, Transaction};

use crate::error::{Break, VerifyError};
use crate::row::{COLUMNS, GENESIS, LedgerRow};
use crate::{Backend, Ledger, LedgerError, to_i64};

/// How many rows a query reads at a time: a page, not the whole table, in memory.
pub(crate) const PAGE: i64 = 1000;

/// Where the chain starts after a purge: the last purged row's sequence number and hash.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Anchor {
    /// The last purged row's sequence number.
    pub seq: u64,
    /// The last purged row's hash, which the first kept row chains to.
    pub hash: String,
}

/// What a passed verification covered.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct VerifyReport {
    /// The rows checked.
    pub rows: u64,
    /// Where the chain started: the latest purge's anchor, or `None` from the first row.
    pub anchor: Option<Anchor>,
    /// The last row's sequence number (the anchor's, or 0, when no row is kept).
    pub last_seq: u64,
    /// The last row's hash: note it somewhere the database's operators cannot write, and a
    /// later rewrite of the whole chain (or a removal of its last rows) shows as a different
    /// head.
    pub head: String,
}

impl Ledger {
    /// Recomputes the chain from the latest anchor (or the first row) to the last row.
    ///
    /// # Errors
    /// [`VerifyError::Broken`] at the first row whose hash does not match its values and the
    /// previous hash (an edited or reordered row), whose sequence number is not the next (a
    /// deleted row), or whose columns do not read back; [`VerifyError::Ledger`] when the
    /// database cannot be read.
    pub async fn verify(&self) -> Result<VerifyReport, VerifyError> {
        self.verify_with(|_| ()).await
    }

    /// [`verify`](Self::verify), calling `progress` with the number of rows checked so far
    /// after each page (for a progress bar; [`count`](Self::count) gives the total).
    ///
    /// # Errors
    /// As [`verify`](Self::verify).
    pub async fn verify_with(
        &self,
        mut progress: impl FnMut(u64) + Send,
    ) -> Result<VerifyReport, VerifyError> {
        let mut tx = self.begin_snapshot().await?;
        let anchor = latest_anchor(&mut tx).await?;
        let (mut last_seq, mut head) = anchor
            .as_ref()
            .map_or((0, GENESIS.to_owned()), |a| (a.seq, a.hash.clone()));
        let mut rows = 0;
        loop {
            let page = sqlx::query(&format!(
                "SELECT {COLUMNS} FROM consent_ledger WHERE seq > $1 ORDER BY seq LIMIT $2"
            ))
            .bind(to_i64(last_seq))
            .bind(PAGE)
            .fetch_all(&mut *tx)
            .await
            .map_err(LedgerError::database("reading the ledger to verify it"))?;
            for row in &page {
                let checked = check(row, last_seq, &head)?;
                (last_seq, head) = (checked.seq, checked.hash);
                rows += 1;
            }
            progress(rows);
            if page.len() < PAGE as usize {
                break;
            }
        }
        // Read-only: ending the snapshot either way changes nothing.
        let _ = tx.rollback().await;
        Ok(VerifyReport {
            rows,
            anchor,
            last_seq,
            head,
        })
    }

    /// The number of rows kept.
    ///
    /// # Errors
    /// [`LedgerError::Database`] when the query fails.
    pub async fn count(&self) -> Result<u64, LedgerError> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM consent_ledger")
            .fetch_one(&self.pool)
            .await
            .and_then(|row| row.try_get::<i64, _>("n"))
            .map_err(LedgerError::database("counting the ledger's rows"))?;
        Ok(u64::try_from(row).unwrap_or(0))
    }

    /// A read-only transaction that sees one state of the ledger throughout, so that a purge
    /// or an append while a long read runs does not look like a broken chain.
    pub(crate) async fn begin_snapshot(&self) -> Result<Transaction<'static, Any>, LedgerError> {
        let statement = match self.backend {
            // A WAL reader sees the database as of its first read until it ends.
            Backend::Sqlite => "BEGIN",
            Backend::Postgres => "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
        };
        self.pool
            .begin_with(statement)
            .await
            .map_err(LedgerError::database("opening a read transaction"))
    }
}

/// The checked row, or the break at it.
fn check(row: &sqlx::any::AnyRow, last_seq: u64, previous: &str) -> Result<LedgerRow, VerifyError> {
    let seq = row
        .try_get::<i64, _>("seq")
        .ok()
        .and_then(|seq| u64::try_from(seq).ok())
        .unwrap_or(0);
    let id = row.try_get::<String, _>("id").unwrap_or_default();
    let broken = |reason| VerifyError::Broken {
        seq,
        id: id.clone(),
        reason,
    };
    if seq != last_seq + 1 {
        return Err(broken(Break::Missing {
            expected: last_seq + 1,
        }));
    }
    let checked = LedgerRow::from_row(row).map_err(|detail| broken(Break::Unreadable(detail)))?;
    let expected = LedgerRow::chain_hash(seq, &checked.record, checked.stored_at, previous);
    if checked.hash != expected {
        return Err(broken(Break::HashMismatch));
    }
    Ok(checked)
}

pub(crate) async fn latest_anchor(
    tx: &mut Transaction<'static, Any>,
) -> Result<Option<Anchor>, LedgerError> {
    let failed = || LedgerError::database("reading the ledger's anchor");
    let row = sqlx::query("SELECT seq, hash FROM ledger_anchor ORDER BY seq DESC LIMIT 1")
        .fetch_optional(&mut **tx)
        .await
        .map_err(failed())?;
    row.map(|row| {
        Ok(Anchor {
            seq: u64::try_from(row.try_get::<i64, _>("seq").map_err(failed())?).unwrap_or(0),
            hash: row.try_get("hash").map_err(failed())?,
        })
    })
    .transpose()
}
