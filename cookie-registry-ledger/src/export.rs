//! Export for an audit: the records of a time range as CSV (RFC 4180) or JSON lines.

use core::fmt;
use core::str::FromStr;
use std::io::Write;

use sqlx::Row as _;

use crate::row::{COLUMNS, Columns, LedgerRow};
use crate::store::read;
use crate::verify::PAGE;
use crate::{Ledger, LedgerError, time, to_i64};

/// The format of [`Ledger::export`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ExportFormat {
    /// CSV (RFC 4180): a header line, then a line per row, CRLF line ends, fields quoted when
    /// they hold a comma, a quote or a line break. Columns: `seq`, `id`, `decided_at` (Unix
    /// seconds), `decided_at_utc` (RFC 3339), `granted` and `refused` (category names
    /// separated by spaces), `revisions` (`category=revision` separated by spaces),
    /// `previous_id`, `method`, `language`, `notice`, `user_agent`, `ip`, `stored_at`, `hash`;
    /// an empty field for a missing value. A value starting with `=`, `+`, `-`, `@`, tab or CR
    /// (a spreadsheet formula: a visitor writes their own user agent) is written after a `'`;
    /// JSON lines keep every value exact.
    Csv,
    /// One JSON object a line: the record as `cookie-registry` serializes it, plus `seq`,
    /// `decided_at_utc`, `stored_at` and `hash`.
    JsonLines,
}

impl FromStr for ExportFormat {
    type Err = String;

    /// `csv`, or `jsonl` (also `json-lines`, `ndjson`).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "csv" => Ok(ExportFormat::Csv),
            "jsonl" | "json-lines" | "ndjson" => Ok(ExportFormat::JsonLines),
            _ => Err(format!("{text:?} is not an export format: csv or jsonl")),
        }
    }
}

impl fmt::Display for ExportFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ExportFormat::Csv => "csv",
            ExportFormat::JsonLines => "jsonl",
        })
    }
}

const CSV_HEADER: [&str; 15] = [
    "seq",
    "id",
    "decided_at",
    "decided_at_utc",
    "granted",
    "refused",
    "revisions",
    "previous_id",
    "method",
    "language",
    "notice",
    "user_agent",
    "ip",
    "stored_at",
    "hash",
];

impl Ledger {
    /// Writes the rows decided from `since` (inclusive) to `until` (exclusive), both Unix
    /// seconds, in chain order, to `out` as `format`. Returns the number of rows written.
    ///
    /// # Errors
    /// [`LedgerError::Database`] when the ledger cannot be read, [`LedgerError::Output`] when
    /// `out` refuses a write.
    pub async fn export(
        &self,
        since: u64,
        until: u64,
        format: ExportFormat,
        out: &mut (dyn Write + Send),
    ) -> Result<u64, LedgerError> {
        self.export_with(since, until, format, out, |_| ()).await
    }

    /// [`export`](Self::export), calling `progress` with the number of rows written so far
    /// after each page (for a progress bar; [`count_between`](Self::count_between) gives the
    /// total).
    ///
    /// # Errors
    /// As [`export`](Self::export).
    pub async fn export_with(
        &self,
        since: u64,
        until: u64,
        format: ExportFormat,
        out: &mut (dyn Write + Send),
        mut progress: impl FnMut(u64) + Send,
    ) -> Result<u64, LedgerError> {
        if format == ExportFormat::Csv {
            write_csv_line(out, CSV_HEADER.iter().map(|h| (*h).to_owned()))?;
        }
        let mut tx = self.begin_snapshot().await?;
        let (mut after, mut written) = (0, 0);
        loop {
            let page = sqlx::query(&format!(
                "SELECT {COLUMNS} FROM consent_ledger \
                 WHERE seq > $1 AND decided_at >= $2 AND decided_at < $3 ORDER BY seq LIMIT $4"
            ))
            .bind(after)
            .bind(to_i64(since))
            .bind(to_i64(until))
            .bind(PAGE)
            .fetch_all(&mut *tx)
            .await
            .map_err(LedgerError::database("reading the ledger to export it"))?;
            for row in &page {
                let row = read(row)?;
                after = to_i64(row.seq);
                match format {
                    ExportFormat::Csv => write_csv_line(out, csv_fields(&row))?,
                    ExportFormat::JsonLines => write_json_line(out, &row)?,
                }
                written += 1;
            }
            progress(written);
            if page.len() < PAGE as usize {
                break;
            }
        }
        let _ = tx.rollback().await; // read-only
        out.flush().map_err(LedgerError::Output)?;
        Ok(written)
    }

    /// The number of rows decided from `since` (inclusive) to `until` (exclusive).
    ///
    /// # Errors
    /// [`LedgerError::Database`] when the query fails.
    pub async fn count_between(&self, since: u64, until: u64) -> Result<u64, LedgerError> {
        let count: i64 = sqlx::query(
            "SELECT COUNT(*) AS n FROM consent_ledger WHERE decided_at >= $1 AND decided_at < $2",
        )
        .bind(to_i64(since))
        .bind(to_i64(until))
        .fetch_one(&self.pool)
        .await
        .and_then(|row| row.try_get("n"))
        .map_err(LedgerError::database("counting the rows to export"))?;
        Ok(u64::try_from(count).unwrap_or(0))
    }
}

fn csv_fields(row: &LedgerRow) -> impl Iterator<Item = String> {
    let record = &row.record;
    let columns = Columns::of(record);
    let text = |value: Option<String>| value.unwrap_or_default();
    [
        row.seq.to_string(),
        columns.id,
        record.decided_at.to_string(),
        time::format_utc(record.decided_at),
        columns.granted,
        columns.refused,
        columns.revisions,
        text(columns.previous_id),
        record.method.as_str().to_owned(),
        text(record.language.clone()),
        text(columns.notice),
        text(record.user_agent.clone()),
        text(columns.ip),
        row.stored_at.to_string(),
        row.hash.clone(),
    ]
    .into_iter()
}

/// One CSV record (RFC 4180 §2): fields separated by commas, quoted (quotes doubled) when they
/// hold a comma, a quote, CR or LF; CRLF at the end.
fn write_csv_line(
    out: &mut (dyn Write + Send),
    fields: impl Iterator<Item = String>,
) -> Result<(), LedgerError> {
    let mut line = String::new();
    for (i, field) in fields.enumerate() {
        if i > 0 {
            line.push(',');
        }
        line.push_str(&csv_field(&field));
    }
    line.push_str("\r\n");
    out.write_all(line.as_bytes()).map_err(LedgerError::Output)
}

fn csv_field(field: &str) -> String {
    // A visitor writes their own User-Agent: a cell starting like a formula would run in the
    // auditor's spreadsheet (CSV injection), so it gets a leading `'`, as OWASP advises.
    let field = if field.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{field}")
    } else {
        field.to_owned()
    };
    if field.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field
    }
}

fn write_json_line(out: &mut (dyn Write + Send), row: &LedgerRow) -> Result<(), LedgerError> {
    let mut value = serde_json::to_value(&row.record).map_err(|e| LedgerError::Output(e.into()))?;
    if let Some(object) = value.as_object_mut() {
        object.insert("seq".into(), row.seq.into());
        object.insert(
            "decided_at_utc".into(),
            time::format_utc(row.record.decided_at).into(),
        );
        object.insert("stored_at".into(), row.stored_at.into());
        object.insert("hash".into(), row.hash.clone().into());
    }
    let mut line = serde_json::to_vec(&value).map_err(|e| LedgerError::Output(e.into()))?;
    line.push(b'\n');
    out.write_all(&line).map_err(LedgerError::Output)
}

#[cfg(test)]
mod tests {
    use super::{ExportFormat, csv_field};

    #[test]
    fn csv_fields_are_quoted_as_rfc_4180_says() {
        assert_eq!(csv_field("plain text"), "plain text");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("two\r\nlines"), "\"two\r\nlines\"");
        assert_eq!(csv_field(""), "");
    }

    /// A user agent made to run as a spreadsheet formula is written as text.
    #[test]
    fn formula_cells_are_defused() {
        assert_eq!(
            csv_field("=HYPERLINK(\"http://x\")"),
            "\"'=HYPERLINK(\"\"http://x\"\")\""
        );
        assert_eq!(csv_field("+1"), "'+1");
        assert_eq!(csv_field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_field("\tx"), "'\tx");
        assert_eq!(csv_field("Mozilla/5.0 = fine"), "Mozilla/5.0 = fine");
    }

    #[test]
    fn formats_parse() {
        assert_eq!("csv".parse(), Ok(ExportFormat::Csv));
        assert_eq!("jsonl".parse(), Ok(ExportFormat::JsonLines));
        assert!("xml".parse::<ExportFormat>().is_err());
    }
}
