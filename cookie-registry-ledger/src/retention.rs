//! Retention: removing the oldest records while the rest stay verifiable.

use std::time::Duration;

use sqlx::Row as _;

use crate::{Ledger, LedgerError, now, to_i64};

/// The retention [`Ledger::purge_expired`] is meant to be called with when a site has no
/// policy of its own: five years and 400 days after a decision.
///
/// Why: a record proves a consent for as long as the site relies on it (GDPR art. 7(1)), which
/// is at most the consent cookie's life, and browsers cap a cookie's life at 400 days
/// (RFC 6265bis §5.5). After that the
/// record still answers a complaint or a claim about what the site did under it, for as long
/// as one can be brought: the general limitation period for civil claims is five years in
/// France (Code civil art. 2224) and three in Germany (BGB §195), so five covers both. Beyond
/// that, the storage limitation principle (GDPR art. 5(1)(e)) says to delete: a record names a
/// visitor's consent id and, when the site opts in, their user agent and network. Set your own
/// period with your data protection officer; this is a default, not advice.
pub const DEFAULT_RETENTION: Duration = Duration::from_secs((5 * 365 + 1 + 400) * 24 * 60 * 60);

impl Ledger {
    /// Removes the oldest rows, decided before `before` (Unix seconds), and records the last
    /// removed row's hash as an anchor ([`Anchor`](crate::Anchor)), where verification and the
    /// next append continue. Returns the number of rows removed.
    ///
    /// Only a prefix of the chain is removed: from the first row up to the row before the first
    /// one decided at or after `before`. A row decided earlier but stored after a later one
    /// (two servers with skewed clocks) stays until the next purge. Notices stay: they are the
    /// site's texts, not personal data.
    ///
    /// # Errors
    /// [`LedgerError::Database`] when the database refuses; nothing is removed then.
    pub async fn purge_before(&self, before: u64) -> Result<u64, LedgerError> {
        let mut tx = self.begin_exclusive(true).await?;
        let bounds = sqlx::query(
            "SELECT MIN(seq) AS first, MAX(seq) AS last, \
             (SELECT MIN(seq) FROM consent_ledger WHERE decided_at >= $1) AS kept \
             FROM consent_ledger",
        )
        .bind(to_i64(before))
        .fetch_one(&mut *tx)
        .await
        .map_err(LedgerError::database("finding the rows to purge"))?;
        let column = |name| {
            bounds
                .try_get::<Option<i64>, _>(name)
                .map_err(LedgerError::database("finding the rows to purge"))
        };
        let (Some(first), Some(last)) = (column("first")?, column("last")?) else {
            return Ok(0); // an empty ledger
        };
        let cut = column("kept")?.map_or(last, |kept| kept - 1);
        if cut < first {
            return Ok(0);
        }
        let hash: String = sqlx::query("SELECT hash FROM consent_ledger WHERE seq = $1")
            .bind(cut)
            .fetch_one(&mut *tx)
            .await
            .and_then(|row| row.try_get("hash"))
            .map_err(LedgerError::database("reading the last purged row"))?;
        sqlx::query(
            "INSERT INTO ledger_anchor (seq, hash, purged_before, purged_at) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(cut)
        .bind(hash)
        .bind(to_i64(before))
        .bind(to_i64(now()))
        .execute(&mut *tx)
        .await
        .map_err(LedgerError::database("recording the purge's anchor"))?;
        let removed = sqlx::query("DELETE FROM consent_ledger WHERE seq <= $1")
            .bind(cut)
            .execute(&mut *tx)
            .await
            .map_err(LedgerError::database("purging rows"))?
            .rows_affected();
        tx.commit()
            .await
            .map_err(LedgerError::database("committing the purge"))?;
        Ok(removed)
    }

    /// [`purge_before`](Self::purge_before) now minus `retention` (for example
    /// [`DEFAULT_RETENTION`]).
    ///
    /// # Errors
    /// As [`purge_before`](Self::purge_before).
    pub async fn purge_expired(&self, retention: Duration) -> Result<u64, LedgerError> {
        self.purge_before(now().saturating_sub(retention.as_secs()))
            .await
    }
}
