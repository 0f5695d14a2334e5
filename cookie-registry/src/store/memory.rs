//! A [`ConsentStore`] in memory, for tests and examples.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use super::{ConsentStore, Notice, NoticeHash, StoreError, StoreFuture, check_notice};
use crate::{ConsentId, ConsentRecord};

/// A [`ConsentStore`] that keeps records and notices in memory: for tests and examples, never
/// for proof (it is gone when the process ends).
///
/// Clones share one store, so a test can keep a clone and read what the endpoint appended.
///
/// ```
/// use cookie_registry::{Consent, ConsentRecord, ConsentStore, CookieRegistry, MemoryStore};
///
/// #[derive(CookieRegistry)]
/// #[registry(provider = "Acme", consent_cookie = Choice)]
/// enum Cookies {
///     #[cookie(name = "choice", category = Necessary, purpose = "Your cookie choice")]
///     Choice,
/// }
///
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let store = MemoryStore::new();
/// let handle = store.clone();
/// let record = ConsentRecord::new::<Cookies>(Consent::necessary_only(), None);
/// store.append(&record, None).await.unwrap();
/// assert_eq!(handle.records(), [record.clone()]);
/// assert!(store.append(&record, None).await.is_err()); // an id is kept once
/// # });
/// ```
#[derive(Debug, Clone, Default)]
pub struct MemoryStore {
    data: Arc<Mutex<Data>>,
}

#[derive(Debug, Default)]
struct Data {
    records: Vec<ConsentRecord>,
    by_id: HashMap<ConsentId, usize>,
    notices: HashMap<NoticeHash, String>,
}

impl MemoryStore {
    /// An empty store.
    #[must_use]
    pub fn new() -> MemoryStore {
        MemoryStore::default()
    }

    /// Every record kept, in the order appended.
    #[must_use]
    pub fn records(&self) -> Vec<ConsentRecord> {
        self.lock().records.clone()
    }

    /// The number of records kept.
    #[must_use]
    pub fn len(&self) -> usize {
        self.lock().records.len()
    }

    /// Whether no record is kept.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.lock().records.is_empty()
    }

    /// Every notice kept, with its hash, in no particular order.
    #[must_use]
    pub fn notices(&self) -> Vec<Notice> {
        self.lock()
            .notices
            .values()
            .cloned()
            .map(Notice::new)
            .collect()
    }

    // A panic elsewhere while the lock was held leaves whole records only (each change is one
    // push or insert), so the data is still good: no reason to fail every later request.
    fn lock(&self) -> MutexGuard<'_, Data> {
        self.data.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn append_now(
        &self,
        record: &ConsentRecord,
        notice: Option<&Notice>,
    ) -> Result<(), StoreError> {
        check_notice(record, notice)?;
        let mut data = self.lock();
        if data.by_id.contains_key(&record.id) {
            return Err(StoreError::msg(format!(
                "consent record {} is already stored",
                record.id
            )));
        }
        if let Some(notice) = notice {
            data.notices
                .entry(notice.hash())
                .or_insert_with(|| notice.text().to_owned());
        }
        let index = data.records.len();
        data.by_id.insert(record.id, index);
        data.records.push(record.clone());
        Ok(())
    }
}

impl ConsentStore for MemoryStore {
    fn append<'a>(
        &'a self,
        record: &'a ConsentRecord,
        notice: Option<&'a Notice>,
    ) -> StoreFuture<'a, ()> {
        let result = self.append_now(record, notice);
        Box::pin(async move { result })
    }

    fn get(&self, id: ConsentId) -> StoreFuture<'_, Option<ConsentRecord>> {
        let data = self.lock();
        let record = data
            .by_id
            .get(&id)
            .map(|&index| data.records[index].clone());
        Box::pin(async move { Ok(record) })
    }

    fn notice<'a>(&'a self, hash: &'a NoticeHash) -> StoreFuture<'a, Option<String>> {
        let text = self.lock().notices.get(hash).cloned();
        Box::pin(async move { Ok(text) })
    }
}

#[cfg(test)]
mod tests {
    use super::MemoryStore;
    use crate::{Consent, ConsentRecord, ConsentStore, CookieRegistry, Notice};

    #[derive(CookieRegistry)]
    #[registry(provider = "Acme", consent_cookie = Choice)]
    enum Cookies {
        #[cookie(name = "choice", category = Necessary, purpose = "Your cookie choice")]
        Choice,
        #[cookie(name = "_ga", category = Statistics, purpose = "Counts visits")]
        Ga,
    }

    fn block_on<F: core::future::Future>(future: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(future)
    }

    #[test]
    fn a_notice_is_archived_once_and_must_match_the_record() {
        block_on(async {
            let store = MemoryStore::new();
            let notice = Notice::new("<p>v1</p>");
            let named = |previous| {
                ConsentRecord::new::<Cookies>(Consent::all(), previous).with_notice(notice.hash())
            };
            let first = named(None);
            store.append(&first, Some(&notice)).await.unwrap();
            store
                .append(&named(Some(first.id)), Some(&notice))
                .await
                .unwrap();
            assert_eq!(store.notices(), std::slice::from_ref(&notice));

            let other = Notice::new("<p>v2</p>");
            let error = store.append(&named(None), Some(&other)).await.unwrap_err();
            assert!(
                error.to_string().contains(&other.hash().to_string()),
                "{error}"
            );
            let unnamed = ConsentRecord::new::<Cookies>(Consent::all(), None);
            assert!(store.append(&unnamed, Some(&notice)).await.is_err());
            assert_eq!(store.len(), 2, "a refused append keeps nothing");
        });
    }

    #[test]
    fn history_follows_previous_ids_and_survives_a_cycle() {
        block_on(async {
            let store = MemoryStore::new();
            let a = ConsentRecord::new::<Cookies>(Consent::all(), None);
            let b = ConsentRecord::new::<Cookies>(Consent::necessary_only(), Some(a.id));
            let c = ConsentRecord::new::<Cookies>(Consent::all(), Some(b.id));
            for record in [&a, &b, &c] {
                store.append(record, None).await.unwrap();
            }
            let ids = |chain: Vec<ConsentRecord>| chain.iter().map(|r| r.id).collect::<Vec<_>>();
            assert_eq!(ids(store.history(c.id).await.unwrap()), [a.id, b.id, c.id]);
            assert_eq!(ids(store.history(b.id).await.unwrap()), [a.id, b.id]);
            assert!(
                store
                    .history(crate::ConsentId::random())
                    .await
                    .unwrap()
                    .is_empty()
            );

            // A record naming itself (only a forged store could hold one) ends the walk.
            let mut looped = ConsentRecord::new::<Cookies>(Consent::all(), None);
            looped.previous_id = Some(looped.id);
            store.append(&looped, None).await.unwrap();
            assert_eq!(ids(store.history(looped.id).await.unwrap()), [looped.id]);
        });
    }
}
