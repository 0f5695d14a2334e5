//! Where proof of consent is kept: the [`ConsentStore`] trait the consent endpoint waits for,
//! an in-memory [`MemoryStore`] for tests and examples, and the [`Notice`] a record points to.
//!
//! GDPR art. 7(1) makes the site able to demonstrate each consent; a store keeps every
//! [`ConsentRecord`] it is given, durably once [`append`](ConsentStore::append) returns `Ok`,
//! and the text of each notice once under its hash. SQL stores (SQLite, PostgreSQL) are in the
//! `cookie-registry-ledger` crate.
//!
//! The trait is object-safe: its methods return boxed futures ([`StoreFuture`]), so a site can
//! hold an `Arc<dyn ConsentStore>` and choose the backend at run time.
//!
//! ```
//! use std::sync::Arc;
//! use cookie_registry::{Consent, ConsentRecord, ConsentStore, CookieRegistry, MemoryStore, Notice};
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
//! # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
//! let memory = MemoryStore::new();
//! let store: Arc<dyn ConsentStore> = Arc::new(memory.clone());
//!
//! let notice = Notice::new("<p>We count visits with _ga.</p>");
//! let first = ConsentRecord::new::<Cookies>(Consent::necessary_only(), None)
//!     .with_notice(notice.hash());
//! store.append(&first, Some(&notice)).await?;
//! let second = ConsentRecord::new::<Cookies>(Consent::all(), Some(first.id));
//! store.append(&second, None).await?;
//!
//! assert_eq!(store.get(second.id).await?, Some(second.clone()));
//! let history = store.history(second.id).await?; // oldest first
//! assert_eq!(history, [first.clone(), second]);
//! assert_eq!(store.notice(&notice.hash()).await?.as_deref(), Some(notice.text()));
//! assert_eq!(memory.records().len(), 2);
//! # Ok::<(), cookie_registry::StoreError>(())
//! # }).unwrap();
//! ```

mod memory;

use core::fmt;
use core::future::Future;
use core::pin::Pin;
use std::collections::HashSet;
use std::error::Error;
use std::sync::Arc;

use crate::{ConsentId, ConsentRecord};

/// The notice a record points to, here too, since a store archives it.
pub use crate::consent::{Notice, NoticeHash, ParseNoticeHashError};
pub use memory::MemoryStore;

/// The future a [`ConsentStore`] method returns: boxed, `Send`, borrowing the store and the
/// arguments for `'a`.
pub type StoreFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, StoreError>> + Send + 'a>>;

/// A durable, append-only home for consent records and the notices they point to.
///
/// Implementations must be safe to share between tasks (`Send + Sync`) and must not report
/// `Ok` from [`append`](Self::append) before the record would survive a crash. A record is
/// never changed once appended: a new decision is a new record whose `previous_id` names the
/// one it replaces.
pub trait ConsentStore: Send + Sync {
    /// Keeps `record`; and `notice`, when given, under its hash unless a notice of that hash
    /// is already kept (a text is stored once). Returns once both are durable.
    ///
    /// Fails when the store cannot write, when a record with the same id is already kept, and
    /// when `notice` is given but `record.notice` does not name it.
    fn append<'a>(
        &'a self,
        record: &'a ConsentRecord,
        notice: Option<&'a Notice>,
    ) -> StoreFuture<'a, ()>;

    /// The record with id `id`, if kept.
    fn get(&self, id: ConsentId) -> StoreFuture<'_, Option<ConsentRecord>>;

    /// The decisions that led to `id`, **oldest first**, ending with `id`'s own record: the
    /// chain through `previous_id`, as far back as records are kept. Empty when `id` is not
    /// kept.
    ///
    /// The default follows `previous_id` with [`get`](Self::get), one call per step, and stops
    /// at a missing record or at an id seen before.
    fn history(&self, id: ConsentId) -> StoreFuture<'_, Vec<ConsentRecord>> {
        Box::pin(async move {
            let mut chain = Vec::new();
            let mut seen = HashSet::new();
            let mut next = Some(id);
            while let Some(id) = next.filter(|id| seen.insert(*id)) {
                let Some(record) = self.get(id).await? else {
                    break;
                };
                next = record.previous_id;
                chain.push(record);
            }
            chain.reverse();
            Ok(chain)
        })
    }

    /// The text of the notice with hash `hash`, if kept.
    fn notice<'a>(&'a self, hash: &'a crate::NoticeHash) -> StoreFuture<'a, Option<String>>;
}

/// A shared store is a store, so `Arc<dyn ConsentStore>` goes wherever a store does.
impl<S: ConsentStore + ?Sized> ConsentStore for Arc<S> {
    fn append<'a>(
        &'a self,
        record: &'a ConsentRecord,
        notice: Option<&'a Notice>,
    ) -> StoreFuture<'a, ()> {
        (**self).append(record, notice)
    }

    fn get(&self, id: ConsentId) -> StoreFuture<'_, Option<ConsentRecord>> {
        (**self).get(id)
    }

    fn history(&self, id: ConsentId) -> StoreFuture<'_, Vec<ConsentRecord>> {
        (**self).history(id)
    }

    fn notice<'a>(&'a self, hash: &'a crate::NoticeHash) -> StoreFuture<'a, Option<String>> {
        (**self).notice(hash)
    }
}

/// A store could not do what was asked. Its message says what failed (`appending consent
/// record …`); [`source`](Error::source) is the underlying error, when there is one.
///
/// ```
/// use std::error::Error;
/// use cookie_registry::StoreError;
///
/// let io = std::io::Error::other("disk full");
/// let error = StoreError::new("appending consent record to consent.db", io);
/// assert_eq!(error.to_string(), "appending consent record to consent.db: disk full");
/// assert_eq!(error.source().unwrap().to_string(), "disk full");
/// ```
#[derive(Debug)]
pub struct StoreError {
    what: String,
    source: Option<Box<dyn Error + Send + Sync>>,
}

impl StoreError {
    /// `what` failed because of `source`.
    pub fn new(what: impl Into<String>, source: impl Into<Box<dyn Error + Send + Sync>>) -> Self {
        StoreError {
            what: what.into(),
            source: Some(source.into()),
        }
    }

    /// `what` failed, with no underlying error to name.
    pub fn msg(what: impl Into<String>) -> Self {
        StoreError {
            what: what.into(),
            source: None,
        }
    }

    /// What failed, without the underlying error.
    #[must_use]
    pub fn what(&self) -> &str {
        &self.what
    }
}

/// The message, then the underlying error after a colon: one line that says what failed and
/// why, for the log line a 503 leaves.
impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.source {
            Some(source) => write!(f, "{}: {source}", self.what),
            None => f.write_str(&self.what),
        }
    }
}

impl Error for StoreError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.source
            .as_deref()
            .map(|source| source as &(dyn Error + 'static))
    }
}

/// The check every store makes before appending: a notice given with a record must be the one
/// the record names, or the archive would tie the record to words its visitor never saw.
pub(crate) fn check_notice(
    record: &ConsentRecord,
    notice: Option<&Notice>,
) -> Result<(), StoreError> {
    match notice {
        Some(notice) if record.notice != Some(notice.hash()) => Err(StoreError::msg(format!(
            "consent record {} names notice {}, but notice {} was given",
            record.id,
            record
                .notice
                .map_or_else(|| "none".to_owned(), |hash| hash.to_string()),
            notice.hash(),
        ))),
        _ => Ok(()),
    }
}
