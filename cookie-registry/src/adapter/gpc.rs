//! What the tower `GpcOptOutLayer` and the actix `GpcOptOut` share, written once: their store
//! and its timeout, the record due for a request, and keeping it after the response
//! ([`HeadersMut`] over either framework's header map).

use core::future::Future;
use core::time::Duration;
use std::sync::Arc;

use super::middleware::HeadersMut;
use crate::engine::{self, DEFAULT_STORE_TIMEOUT};
use crate::{ConsentRecord, ConsentState, ConsentStore, HasConsentCookie};

/// A GPC recorder's settings: where opt-outs are kept, and how long to wait for the store.
#[derive(Clone)]
pub(crate) struct GpcConfig {
    store: Arc<dyn ConsentStore>,
    store_timeout: Duration,
}

impl GpcConfig {
    pub(crate) fn new(store: impl ConsentStore + 'static) -> Self {
        GpcConfig {
            store: Arc::new(store),
            store_timeout: DEFAULT_STORE_TIMEOUT,
        }
    }

    pub(crate) fn store_timeout(&mut self, timeout: Duration) {
        self.store_timeout = timeout;
    }

    pub(crate) const fn timeout(&self) -> Duration {
        self.store_timeout
    }
}

/// The opt-out record due for a request, from the state the consent middleware put in its
/// extensions ([`engine::gpc_opt_out`]); `None` without that state.
pub(crate) fn due<R: HasConsentCookie>(state: Option<&ConsentState>) -> Option<ConsentRecord> {
    state.and_then(engine::gpc_opt_out::<R>)
}

/// Keeps `record` in the store, waiting up to the timeout on the adapter's timer (`sleep`), and
/// appends the consent cookie that carries it to the response's `headers` once kept. A response
/// that sets the consent cookie itself (the consent endpoint's, whose decision the endpoint
/// records) is left as it is, and nothing is stored.
pub(crate) async fn keep<R: HasConsentCookie, H: HeadersMut, F: Future<Output = ()>>(
    config: &GpcConfig,
    record: &ConsentRecord,
    headers: &mut H,
    sleep: impl FnOnce(Duration) -> F,
) {
    if engine::sets_consent_cookie::<R>(headers.set_cookies()) {
        return;
    }
    let deadline = sleep(config.store_timeout);
    let stored = engine::store_gpc_opt_out::<R>(record, config.store.as_ref(), deadline).await;
    if let Some(value) = stored {
        headers.append_set_cookie(&value);
    }
}
