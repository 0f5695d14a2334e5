//! The ledger as a [`ConsentStore`]: append under the write lock, read by id, archive notices.

use cookie_registry::store::StoreFuture;
use cookie_registry::{ConsentId, ConsentRecord, ConsentStore, Notice, NoticeHash, StoreError};
use sqlx::{Any, Row as _, Transaction};

use crate::row::{COLUMNS, Columns, GENESIS, LedgerRow};
use crate::{Backend, Ledger, LedgerError, now, to_i64};

impl Ledger {
    /// Appends `record` as the chain's next row, and `notice` (if given and new) to the notices,
    /// in one transaction: both are durable when this returns `Ok`.
    ///
    /// # Errors
    /// [`LedgerError::Database`] when the database refuses, including for a record whose id is
    /// already stored; [`LedgerError::NoticeMismatch`] when `notice` is not the one
    /// `record.notice` names.
    pub async fn append_row(
        &self,
        record: &ConsentRecord,
        notice: Option<&Notice>,
    ) -> Result<LedgerRow, LedgerError> {
        if let Some(notice) = notice.filter(|n| record.notice != Some(n.hash())) {
            return Err(LedgerError::NoticeMismatch {
                id: record.id,
                given: notice.hash(),
            });
        }
        let _local = match self.backend {
            Backend::Sqlite => Some(self.local_writer.lock().await),
            Backend::Postgres => None,
        };
        let mut tx = self.begin_exclusive(true).await?;
        if let Some(notice) = notice {
            insert_notice(&mut tx, notice).await?;
        }
        let (last_seq, last_hash) = head(&mut tx).await?;
        let seq = last_seq + 1;
        let stored_at = now();
        let hash = LedgerRow::chain_hash(seq, record, stored_at, &last_hash);
        insert_row(&mut tx, seq, record, stored_at, &hash).await?;
        tx.commit().await.map_err(LedgerError::database(format!(
            "committing consent record {}",
            record.id
        )))?;
        Ok(LedgerRow {
            seq,
            record: record.clone(),
            stored_at,
            hash,
        })
    }

    /// The row of the record with id `id`, if kept.
    ///
    /// # Errors
    /// [`LedgerError::Database`] when the query fails; [`LedgerError::Corrupt`] when the row
    /// does not read back.
    pub async fn row(&self, id: ConsentId) -> Result<Option<LedgerRow>, LedgerError> {
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM consent_ledger WHERE id = $1"
        ))
        .bind(id.to_string())
        .fetch_optional(&self.pool)
        .await
        .map_err(LedgerError::database(format!(
            "reading consent record {id}"
        )))?;
        row.map(|row| read(&row)).transpose()
    }

    /// The text of the notice with hash `hash`, if kept.
    ///
    /// # Errors
    /// [`LedgerError::Database`] when the query fails.
    pub async fn notice_text(&self, hash: &NoticeHash) -> Result<Option<String>, LedgerError> {
        let row = sqlx::query("SELECT text FROM consent_notice WHERE hash = $1")
            .bind(hash.to_string())
            .fetch_optional(&self.pool)
            .await
            .map_err(LedgerError::database(format!("reading notice {hash}")))?;
        row.map(|row| row.try_get("text"))
            .transpose()
            .map_err(LedgerError::database(format!("reading notice {hash}")))
    }
}

/// Reads a row, or says which column of which row does not decode.
pub(crate) fn read(row: &sqlx::any::AnyRow) -> Result<LedgerRow, LedgerError> {
    LedgerRow::from_row(row).map_err(|detail| LedgerError::Corrupt {
        seq: row
            .try_get::<i64, _>("seq")
            .ok()
            .and_then(|seq| u64::try_from(seq).ok())
            .unwrap_or(0),
        detail,
    })
}

/// The last row's sequence number and hash; after a purge of every row, the anchor's; in a new
/// ledger, 0 and [`GENESIS`].
pub(crate) async fn head(tx: &mut Transaction<'static, Any>) -> Result<(u64, String), LedgerError> {
    let failed = || LedgerError::database("reading the ledger's last row");
    for table in ["consent_ledger", "ledger_anchor"] {
        let query = format!("SELECT seq, hash FROM {table} ORDER BY seq DESC LIMIT 1");
        let row = sqlx::query(&query)
            .fetch_optional(&mut **tx)
            .await
            .map_err(failed())?;
        if let Some(row) = row {
            let seq: i64 = row.try_get("seq").map_err(failed())?;
            let hash: String = row.try_get("hash").map_err(failed())?;
            return Ok((u64::try_from(seq).unwrap_or(0), hash));
        }
    }
    Ok((0, GENESIS.to_owned()))
}

async fn insert_notice(
    tx: &mut Transaction<'static, Any>,
    notice: &Notice,
) -> Result<(), LedgerError> {
    sqlx::query(
        "INSERT INTO consent_notice (hash, text, stored_at) VALUES ($1, $2, $3) \
         ON CONFLICT (hash) DO NOTHING",
    )
    .bind(notice.hash().to_string())
    .bind(notice.text())
    .bind(to_i64(now()))
    .execute(&mut **tx)
    .await
    .map_err(LedgerError::database(format!(
        "archiving notice {}",
        notice.hash()
    )))?;
    Ok(())
}

async fn insert_row(
    tx: &mut Transaction<'static, Any>,
    seq: u64,
    record: &ConsentRecord,
    stored_at: u64,
    hash: &str,
) -> Result<(), LedgerError> {
    let columns = Columns::of(record);
    sqlx::query(&format!(
        "INSERT INTO consent_ledger ({COLUMNS}) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"
    ))
    .bind(to_i64(seq))
    .bind(columns.id)
    .bind(to_i64(record.decided_at))
    .bind(columns.granted)
    .bind(columns.refused)
    .bind(columns.revisions)
    .bind(columns.previous_id)
    .bind(record.method.as_str())
    .bind(record.language.clone())
    .bind(columns.notice)
    .bind(record.user_agent.clone())
    .bind(columns.ip)
    .bind(to_i64(stored_at))
    .bind(hash)
    .execute(&mut **tx)
    .await
    .map_err(LedgerError::database(format!(
        "appending consent record {}",
        record.id
    )))?;
    Ok(())
}

/// `append` is [`Ledger::append_row`]; `history` follows `previous_id` through `get` (oldest
/// first, as the trait documents).
impl ConsentStore for Ledger {
    fn append<'a>(
        &'a self,
        record: &'a ConsentRecord,
        notice: Option<&'a Notice>,
    ) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            self.append_row(record, notice).await?;
            Ok(())
        })
    }

    fn get(&self, id: ConsentId) -> StoreFuture<'_, Option<ConsentRecord>> {
        Box::pin(async move { Ok(self.row(id).await?.map(|row| row.record)) })
    }

    fn notice<'a>(&'a self, hash: &'a NoticeHash) -> StoreFuture<'a, Option<String>> {
        Box::pin(async move { self.notice_text(hash).await.map_err(StoreError::from) })
    }
}
