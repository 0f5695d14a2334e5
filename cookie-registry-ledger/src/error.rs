//! What can go wrong: the database ([`LedgerError`]) or the chain ([`VerifyError`]).

use core::fmt;
use std::error::Error;

use cookie_registry::{ConsentId, NoticeHash, StoreError};

/// The ledger's database could not be reached or did not do what was asked.
#[derive(Debug)]
#[non_exhaustive]
pub enum LedgerError {
    /// The URL names no backend this build supports (`sqlite://` with feature `sqlite`,
    /// `postgres://` with feature `postgres`).
    UnsupportedUrl(String),
    /// The database could not be opened or reached, or holds no ledger: a wrong path or host,
    /// a stopped server, refused credentials, or tables that [`Ledger::migrate`] never made.
    ///
    /// [`Ledger::migrate`]: crate::Ledger::migrate
    Unreachable {
        /// The URL, its password hidden.
        url: String,
        /// The database driver's error.
        source: sqlx::Error,
    },
    /// A query failed.
    Database {
        /// What the ledger was doing.
        what: String,
        /// The database driver's error.
        source: sqlx::Error,
    },
    /// A notice was given with a record that does not name it: archiving it would tie the
    /// record to words its visitor never saw.
    NoticeMismatch {
        /// The record's id.
        id: ConsentId,
        /// The hash of the notice given.
        given: NoticeHash,
    },
    /// An export's output refused a write.
    Output(std::io::Error),
    /// A stored row does not read back as a record (a column was edited by hand).
    Corrupt {
        /// The row's sequence number.
        seq: u64,
        /// Which column, and why.
        detail: String,
    },
}

impl LedgerError {
    pub(crate) fn database(what: impl Into<String>) -> impl FnOnce(sqlx::Error) -> LedgerError {
        let what = what.into();
        move |source| LedgerError::Database { what, source }
    }
}

impl fmt::Display for LedgerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LedgerError::UnsupportedUrl(url) => write!(
                f,
                "{url:?} is not a ledger URL this build supports (sqlite://FILE or postgres://...)"
            ),
            LedgerError::Unreachable { url, source } => {
                write!(f, "cannot open the ledger at {url}: {source}")
            }
            LedgerError::Database { what, source } => write!(f, "{what}: {source}"),
            LedgerError::NoticeMismatch { id, given } => write!(
                f,
                "consent record {id} does not name notice {given}, given with it"
            ),
            LedgerError::Output(error) => write!(f, "cannot write the export: {error}"),
            LedgerError::Corrupt { seq, detail } => {
                write!(
                    f,
                    "ledger row {seq} does not read back as a record: {detail}"
                )
            }
        }
    }
}

impl Error for LedgerError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        match self {
            LedgerError::Unreachable { source, .. } | LedgerError::Database { source, .. } => {
                Some(source)
            }
            LedgerError::Output(error) => Some(error),
            LedgerError::UnsupportedUrl(_)
            | LedgerError::NoticeMismatch { .. }
            | LedgerError::Corrupt { .. } => None,
        }
    }
}

impl From<LedgerError> for StoreError {
    fn from(error: LedgerError) -> StoreError {
        StoreError::new("consent ledger", error)
    }
}

/// Why [`Ledger::verify`](crate::Ledger::verify) failed: a broken chain, naming its first bad
/// row, or a database that could not be read.
#[derive(Debug)]
#[non_exhaustive]
pub enum VerifyError {
    /// The first row at which the chain does not hold.
    Broken {
        /// The bad row's sequence number (for a missing row, the row after the gap).
        seq: u64,
        /// The bad row's consent id, as stored (it may itself be what was edited).
        id: String,
        /// What does not hold.
        reason: Break,
    },
    /// The ledger could not be read.
    Ledger(LedgerError),
}

/// How a chain is broken at a row.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Break {
    /// The row's stored hash is not the hash of its values and the previous row's hash: the row
    /// was edited, moved (rows reordered), or the row before it was edited with its hash
    /// recomputed.
    HashMismatch,
    /// Rows are missing before this one (deleted): `expected` was the sequence number due.
    Missing {
        /// The sequence number the chain expected here.
        expected: u64,
    },
    /// A column does not read back as a record's value.
    Unreadable(String),
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VerifyError::Broken { seq, id, reason } => {
                write!(f, "chain broken at row {seq} (id {id}): ")?;
                match reason {
                    Break::HashMismatch => f.write_str(
                        "its hash does not match its content and the row before \
                         (edited, or rows reordered)",
                    ),
                    Break::Missing { expected } if *expected + 1 == *seq => {
                        write!(f, "row {expected} is missing (deleted)")
                    }
                    Break::Missing { expected } => {
                        write!(f, "rows {expected} to {} are missing (deleted)", seq - 1)
                    }
                    Break::Unreadable(detail) => write!(f, "unreadable column {detail}"),
                }
            }
            VerifyError::Ledger(error) => write!(f, "cannot verify: {error}"),
        }
    }
}

impl Error for VerifyError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        match self {
            VerifyError::Ledger(error) => Some(error),
            VerifyError::Broken { .. } => None,
        }
    }
}

impl From<LedgerError> for VerifyError {
    fn from(error: LedgerError) -> VerifyError {
        VerifyError::Ledger(error)
    }
}
