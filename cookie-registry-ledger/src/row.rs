//! One ledger row: a record, where it sits in the chain, and the hash that chains it.
//!
//! The columns hold a record as text a person can read in any SQL client (`necessary
//! statistics`, `statistics=3 marketing=1`), and [`LedgerRow::canonical`] writes the same
//! values, each with its length, as the bytes the row's hash covers.

use core::fmt;
use core::str::FromStr;
use std::collections::BTreeMap;

use cookie_registry::{Category, ConsentMethod, ConsentRecord};
use cookie_registry_core::sha256;
use sqlx::Row as _;
use sqlx::any::AnyRow;

/// The hash the first row chains to: 64 zeros.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The column list every `SELECT` of rows uses, in [`LedgerRow::from_row`]'s order.
pub(crate) const COLUMNS: &str = "seq, id, decided_at, granted, refused, revisions, previous_id, \
     method, language, notice, user_agent, ip, stored_at, hash";

/// A record as the ledger keeps it: its place in the chain (`seq`), when it was stored, and
/// the hash that chains it to the row before.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct LedgerRow {
    /// The row's position in the chain: 1 for the first row ever appended, then one more for
    /// each append. Purged rows leave a gap before the first kept row, never between rows.
    pub seq: u64,
    /// The record.
    pub record: ConsentRecord,
    /// When the ledger stored it, in Unix seconds.
    pub stored_at: u64,
    /// SHA-256, in hex, of the row's [canonical bytes](Self::canonical), which end with the
    /// previous row's hash.
    pub hash: String,
}

impl LedgerRow {
    /// The bytes a row's hash covers: a version line, then `name:length:value` for each column
    /// (`name:-` for a missing value), then the previous row's hash. Lengths make the encoding
    /// unambiguous whatever a value holds (a user agent may contain any character).
    #[must_use]
    pub fn canonical(seq: u64, record: &ConsentRecord, stored_at: u64, previous: &str) -> Vec<u8> {
        let columns = Columns::of(record);
        let mut out = Vec::with_capacity(512);
        out.extend_from_slice(b"cookie-registry-ledger row v1\n");
        let mut field = |name: &str, value: Option<&str>| {
            out.extend_from_slice(name.as_bytes());
            match value {
                Some(value) => {
                    out.extend_from_slice(format!(":{}:", value.len()).as_bytes());
                    out.extend_from_slice(value.as_bytes());
                }
                None => out.extend_from_slice(b":-"),
            }
            out.push(b'\n');
        };
        field("seq", Some(&seq.to_string()));
        field("id", Some(&columns.id));
        field("decided_at", Some(&record.decided_at.to_string()));
        field("granted", Some(&columns.granted));
        field("refused", Some(&columns.refused));
        field("revisions", Some(&columns.revisions));
        field("previous_id", columns.previous_id.as_deref());
        field("method", Some(record.method.as_str()));
        field("language", record.language.as_deref());
        field("notice", columns.notice.as_deref());
        field("user_agent", record.user_agent.as_deref());
        field("ip", columns.ip.as_deref());
        field("stored_at", Some(&stored_at.to_string()));
        field("previous_hash", Some(previous));
        out
    }

    /// The hash of a row with these values after a row whose hash is `previous`.
    #[must_use]
    pub fn chain_hash(seq: u64, record: &ConsentRecord, stored_at: u64, previous: &str) -> String {
        sha256::to_hex(&sha256::sha256(&Self::canonical(
            seq, record, stored_at, previous,
        )))
    }

    /// Reads a row selected with [`COLUMNS`]. `Err` names the column that does not decode.
    pub(crate) fn from_row(row: &AnyRow) -> Result<LedgerRow, String> {
        let text = |name: &str| {
            row.try_get::<String, _>(name)
                .map_err(|e| format!("{name}: {e}"))
        };
        let optional = |name: &str| {
            row.try_get::<Option<String>, _>(name)
                .map_err(|e| format!("{name}: {e}"))
        };
        let number = |name: &str| {
            let value = row
                .try_get::<i64, _>(name)
                .map_err(|e| format!("{name}: {e}"))?;
            u64::try_from(value).map_err(|_| format!("{name}: negative"))
        };
        let id = parsed("id", Some(text("id")?))?.ok_or("id: missing")?;
        let method: ConsentMethod =
            parsed("method", Some(text("method")?))?.ok_or("method: missing")?;
        let mut record = ConsentRecord::from_parts(
            id,
            number("decided_at")?,
            categories("granted", &text("granted")?)?,
            categories("refused", &text("refused")?)?,
            revisions(&text("revisions")?)?,
            parsed("previous_id", optional("previous_id")?)?,
        )
        .with_method(method);
        record.language = optional("language")?;
        record.notice = parsed("notice", optional("notice")?)?;
        record.user_agent = optional("user_agent")?;
        record.ip = parsed("ip", optional("ip")?)?;
        // A value the hash covers is the parsed one; its text must be the one the ledger
        // writes, or an edit that parses the same (a doubled space, a bare IP) would pass.
        let written = Columns::of(&record);
        let stored = [
            ("granted", Some(text("granted")?), Some(written.granted)),
            ("refused", Some(text("refused")?), Some(written.refused)),
            (
                "revisions",
                Some(text("revisions")?),
                Some(written.revisions),
            ),
            ("ip", optional("ip")?, written.ip),
        ];
        if let Some((name, ..)) = stored.iter().find(|(_, stored, written)| stored != written) {
            return Err(format!("{name}: not as the ledger writes it"));
        }
        Ok(LedgerRow {
            seq: number("seq")?,
            record,
            stored_at: number("stored_at")?,
            hash: text("hash")?,
        })
    }
}

/// A column's text parsed, or the column, the text and the reason.
fn parsed<T: FromStr>(name: &str, value: Option<String>) -> Result<Option<T>, String>
where
    T::Err: fmt::Display,
{
    value
        .map(|v| v.parse().map_err(|e| format!("{name} {v:?}: {e}")))
        .transpose()
}

/// A record's values as the text the columns hold.
pub(crate) struct Columns {
    pub id: String,
    pub granted: String,
    pub refused: String,
    pub revisions: String,
    pub previous_id: Option<String>,
    pub notice: Option<String>,
    pub ip: Option<String>,
}

impl Columns {
    pub(crate) fn of(record: &ConsentRecord) -> Columns {
        let names = |categories: &[Category]| {
            let names: Vec<&str> = categories.iter().map(|c| c.as_str()).collect();
            names.join(" ")
        };
        let revisions: Vec<String> = record
            .revisions
            .iter()
            .map(|(category, revision)| format!("{category}={revision}"))
            .collect();
        Columns {
            id: record.id.to_string(),
            granted: names(&record.granted),
            refused: names(&record.refused),
            revisions: revisions.join(" "),
            previous_id: record.previous_id.map(|id| id.to_string()),
            notice: record.notice.map(|hash| hash.to_string()),
            ip: record.ip.map(|ip| ip.to_string()),
        }
    }
}

fn categories(column: &str, text: &str) -> Result<Vec<Category>, String> {
    text.split_whitespace()
        .map(|name| name.parse().map_err(|e| format!("{column} {name:?}: {e}")))
        .collect()
}

fn revisions(text: &str) -> Result<BTreeMap<Category, u32>, String> {
    text.split_whitespace()
        .map(|entry| {
            let bad = || format!("revisions {entry:?}: expected category=number");
            let (category, revision) = entry.split_once('=').ok_or_else(bad)?;
            Ok((
                category.parse().map_err(|_| bad())?,
                revision.parse().map_err(|_| bad())?,
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{LedgerRow, categories, revisions};
    use cookie_registry::{Category, ConsentRecord};
    use std::collections::BTreeMap;

    fn record() -> ConsentRecord {
        ConsentRecord::from_parts(
            "00112233445566778899aabbccddeeff".parse().unwrap(),
            1_700_000_000,
            vec![Category::Necessary, Category::Statistics],
            vec![Category::Marketing],
            BTreeMap::from([(Category::Statistics, 7), (Category::Marketing, 2)]),
            None,
        )
    }

    /// The canonical bytes are a format: a change to them breaks every stored chain.
    #[test]
    fn canonical_bytes_are_pinned() {
        let bytes = LedgerRow::canonical(3, &record().with_language("fr"), 1_700_000_005, "ab");
        let expected = "cookie-registry-ledger row v1\nseq:1:3\n\
            id:32:00112233445566778899aabbccddeeff\ndecided_at:10:1700000000\n\
            granted:20:necessary statistics\nrefused:9:marketing\n\
            revisions:24:statistics=7 marketing=2\nprevious_id:-\nmethod:7:unknown\n\
            language:2:fr\nnotice:-\nuser_agent:-\nip:-\nstored_at:10:1700000005\n\
            previous_hash:2:ab\n";
        assert_eq!(String::from_utf8(bytes).unwrap(), expected);
        // SHA-256 of `expected`, from Python's hashlib.
        assert_eq!(
            LedgerRow::chain_hash(3, &record().with_language("fr"), 1_700_000_005, "ab"),
            "ce936a3521949ec959b8a7fb9db036c0620a609b3f179033f895adc7b2fd3377"
        );
    }

    /// A value cannot pose as two: a user agent holding a newline and a fake field hashes
    /// differently from the fields it imitates.
    #[test]
    fn values_cannot_forge_fields() {
        let plain = record().with_user_agent("a");
        let forged = record().with_user_agent("a\nip:-");
        assert_ne!(
            LedgerRow::chain_hash(1, &plain, 5, "x"),
            LedgerRow::chain_hash(1, &forged, 5, "x")
        );
        let empty = record().with_language("");
        assert_ne!(
            LedgerRow::chain_hash(1, &empty, 5, "x"),
            LedgerRow::chain_hash(1, &record(), 5, "x"),
            "an empty language is not a missing one"
        );
    }

    #[test]
    fn column_text_reads_back() {
        assert_eq!(
            categories("granted", "necessary statistics"),
            Ok(vec![Category::Necessary, Category::Statistics])
        );
        assert!(categories("granted", "necessary stats").is_err());
        assert_eq!(
            revisions("statistics=7 marketing=2"),
            Ok(BTreeMap::from([
                (Category::Statistics, 7),
                (Category::Marketing, 2)
            ]))
        );
        for bad in ["statistics", "statistics=x", "stats=1"] {
            assert!(revisions(bad).is_err(), "{bad}");
        }
    }
}
