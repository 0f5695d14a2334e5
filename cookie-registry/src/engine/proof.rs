//! What the consent endpoint records beyond the choice, and how it waits for the store: a
//! decision takes effect only once its record is kept (GDPR art. 7(1): the site must be able to
//! demonstrate each consent).

use core::future::Future;
use core::pin::pin;
use core::task::Poll;
use core::time::Duration;

use super::EndpointResponse;
use crate::banner::notice;
use crate::{ConsentMethod, ConsentRecord, ConsentStore, CookieRegistry, NoticeHash};

/// How long a consent endpoint waits for its store unless told otherwise (`store_timeout`):
/// 2 s, long enough for a durable commit on a loaded database, short enough that a visitor sees
/// the `503` rather than a hung page.
pub const DEFAULT_STORE_TIMEOUT: Duration = Duration::from_secs(2);

/// The form fields that say how the visitor decided and what they were shown: `method`
/// (`banner`, `settings`, `api`, `unknown`), `lang` and `notice` (a notice's hash).
#[derive(Debug, Default)]
pub(super) struct ProofFields {
    method: Option<ConsentMethod>,
    lang: Option<String>,
    notice: Option<String>,
}

impl ProofFields {
    /// Reads one form field, if it is one of these: `Err` for a field given twice or a
    /// `method` that names no method; `Ok(false)` for another field.
    pub(super) fn read(&mut self, name: &str, value: String) -> Result<bool, &'static str> {
        let slot = match name {
            "method" => {
                if self.method.is_some() {
                    return Err("`method` is given twice");
                }
                let method = value
                    .parse::<ConsentMethod>()
                    .ok()
                    .filter(|method| method.is_form_method())
                    .ok_or("`method` is not one of banner, settings, api, unknown")?;
                self.method = Some(method);
                return Ok(true);
            }
            "lang" => &mut self.lang,
            "notice" => &mut self.notice,
            _ => return Ok(false),
        };
        if slot.is_some() {
            return Err(if name == "lang" {
                "`lang` is given twice"
            } else {
                "`notice` is given twice"
            });
        }
        *slot = Some(value);
        Ok(true)
    }

    /// `record` with what these fields prove, for registry `R`:
    /// - the method sent, else [`ConsentMethod::JsonApi`] for a request answered in JSON, else
    ///   [`ConsentMethod::Unknown`];
    /// - the notice, when its hash is one of the registry's notices (the banner's and the
    ///   settings form's in each language); an unknown or missing one is not recorded;
    /// - the language: the notice's when it is known (what the visitor was shown), else `lang`
    ///   when the registry declares it, else none.
    pub(super) fn apply<R: CookieRegistry>(
        self,
        record: ConsentRecord,
        json: bool,
    ) -> ConsentRecord {
        let method = self.method.unwrap_or(if json {
            ConsentMethod::JsonApi
        } else {
            ConsentMethod::Unknown
        });
        let mut record = record.with_method(method);
        let known = self
            .notice
            .and_then(|hash| hash.parse::<NoticeHash>().ok())
            .and_then(|hash| notice::known::<R>().find(&hash));
        let declared = self.lang.and_then(|lang| {
            R::LANGUAGES
                .iter()
                .copied()
                .find(|declared| declared.eq_ignore_ascii_case(&lang))
        });
        if let Some(known) = known {
            record = record
                .with_notice(known.notice.hash())
                .with_language(known.language);
        } else if let Some(language) = declared {
            record = record.with_language(language);
        }
        record
    }
}

/// Stores the record of `answer`'s decision in `store`, with the text of its notice, and
/// returns `answer` once the store says it is kept; [`EndpointResponse::store_failed`] instead
/// when the store fails or `deadline` comes first (the adapter's timer: a sleep of the
/// endpoint's store timeout). An answer without a record (no decision) is returned as it is.
///
/// This is the whole of an adapter's part in keeping proof: await this between
/// [`answer_endpoint`](super::answer_endpoint) and writing the answer out.
///
/// ```
/// # use cookie_registry::CookieRegistry;
/// # #[derive(CookieRegistry)]
/// # #[registry(consent_cookie = Choice)]
/// # enum Cookies {
/// #     #[cookie(name = "choice", category = Necessary, provider = "Acme", purpose = "Consent")]
/// #     Choice,
/// # }
/// use cookie_registry::engine::{self, EndpointBody, EndpointRequest};
/// use cookie_registry::{ConsentStore, MemoryStore};
///
/// let store = MemoryStore::new();
/// let request = EndpointRequest::new("POST", EndpointBody::Complete(b"choice=all&method=banner"))
///     .content_type(Some(b"application/x-www-form-urlencoded"));
/// let answer = engine::answer_endpoint::<Cookies>(&request);
/// let never = core::future::pending::<()>(); // no deadline
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let answer = engine::store_decision::<Cookies>(answer, &store, never).await;
/// assert_eq!(answer.status, 303);
/// let record = answer.record.expect("a decision");
/// assert_eq!(store.get(record.id).await.unwrap(), Some(record));
/// # });
/// ```
pub async fn store_decision<R: CookieRegistry>(
    answer: EndpointResponse,
    store: &(impl ConsentStore + ?Sized),
    deadline: impl Future<Output = ()>,
) -> EndpointResponse {
    let Some(record) = &answer.record else {
        return answer;
    };
    let notice = record
        .notice
        .and_then(|hash| notice::known::<R>().find(&hash))
        .map(|known| &known.notice);
    match store_within(store, record, notice, deadline).await {
        Ok(()) => answer,
        Err(_failure) => {
            #[cfg(feature = "tracing")]
            tracing::error!(id = %record.id, error = %_failure, "consent record not stored: answered 503");
            EndpointResponse::store_failed()
        }
    }
}

/// Why a record was not kept: the store's error, or the deadline came first.
#[derive(Debug)]
pub(super) enum NotKept {
    /// The store failed.
    Failed(crate::StoreError),
    /// The deadline came before the store answered.
    TimedOut,
}

impl core::fmt::Display for NotKept {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            NotKept::Failed(error) => error.fmt(f),
            NotKept::TimedOut => f.write_str("the consent store timed out"),
        }
    }
}

/// Appends `record` (and `notice`) to `store`, unless `deadline` comes first.
pub(super) async fn store_within(
    store: &(impl ConsentStore + ?Sized),
    record: &ConsentRecord,
    notice: Option<&crate::Notice>,
    deadline: impl Future<Output = ()>,
) -> Result<(), NotKept> {
    let mut append = pin!(store.append(record, notice));
    let mut deadline = pin!(deadline);
    core::future::poll_fn(|cx| {
        if let Poll::Ready(stored) = append.as_mut().poll(cx) {
            return Poll::Ready(stored.map_err(NotKept::Failed));
        }
        deadline.as_mut().poll(cx).map(|()| Err(NotKept::TimedOut))
    })
    .await
}
