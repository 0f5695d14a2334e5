//! The end-to-end tests of the example shops (`axum_site` on tower, `actix_site` on actix-web),
//! written once: each site is served on 127.0.0.1 with a port the system assigns and driven by
//! a raw HTTP/1.1 client over TCP. A test file implements [`SiteServer`] for its framework and
//! expands [`end_to_end_tests!`](crate::end_to_end_tests).

mod client;
mod endpoint_scenarios;
pub mod scenarios;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};

use cookie_registry::{ConsentRecord, CookieRegistry, RefusedSetCookie};
use tokio::time::timeout;

pub use client::{Outgoing, Reply, exchange, exchange_raw, is_removal};

/// The longest any one exchange with the server may take.
pub const DEADLINE: std::time::Duration = std::time::Duration::from_secs(10);

/// Where a site under test hands its consent records.
pub type Records = Arc<Mutex<Vec<ConsentRecord>>>;

/// How a test file serves its framework's example shop.
pub trait SiteServer {
    /// The shop's registry (the same declarations in every example).
    type Cookies: CookieRegistry;

    /// Serves the shop on 127.0.0.1 with a port the system assigns, with `on_refused` for the
    /// `Set-Cookie` headers consent refuses, pushing every consent record onto `records`. The
    /// server stops when the [`Site`] is dropped.
    fn start(on_refused: RefusedSetCookie, records: Records) -> impl Future<Output = Site>;
}

/// A served shop and a client for it: every `Set-Cookie` it sent is kept for the audit.
pub struct Site {
    addr: SocketAddr,
    consent_cookie: &'static str,
    set_cookies: Mutex<Vec<String>>,
    records: Records,
    /// Stops the server when dropped.
    _server: Box<dyn Send + Sync>,
}

impl Site {
    /// The client of a shop for registry `R` served at `addr`; `server` stops it when dropped.
    ///
    /// # Panics
    /// When `R` has no consent cookie, or `addr` is not on the loopback interface.
    pub fn new<R: CookieRegistry>(
        addr: SocketAddr,
        records: Records,
        server: impl Send + Sync + 'static,
    ) -> Site {
        assert!(addr.ip().is_loopback(), "{addr} is not a loopback address");
        let consent_cookie = R::consent_cookie()
            .expect("the shop has a consent cookie")
            .name();
        Site {
            addr,
            consent_cookie,
            set_cookies: Mutex::new(Vec::new()),
            records,
            _server: Box::new(server),
        }
    }

    /// The address the shop listens on.
    #[must_use]
    pub const fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The consent records made so far.
    #[must_use]
    pub fn records(&self) -> Vec<ConsentRecord> {
        lock(&self.records).clone()
    }

    /// Every `Set-Cookie` header the shop sent, in order.
    #[must_use]
    pub fn set_cookies(&self) -> Vec<String> {
        lock(&self.set_cookies).clone()
    }

    /// Sends one request with these `Cookie` header fields, and records its `Set-Cookie`s.
    pub async fn send(&self, method: &str, target: &str, cookie_fields: &[&str]) -> Reply {
        self.send_with(method, target, cookie_fields, &[], "").await
    }

    /// Sends one request with these `Cookie` fields, other headers and body.
    ///
    /// # Panics
    /// When no answer comes within [`DEADLINE`], or it is not HTTP/1.1.
    pub async fn send_with(
        &self,
        method: &str,
        target: &str,
        cookie_fields: &[&str],
        headers: &[(&str, &str)],
        body: &str,
    ) -> Reply {
        let request = (method, target, cookie_fields, headers, body);
        let reply = timeout(DEADLINE, exchange(self.addr, request))
            .await
            .unwrap_or_else(|_| panic!("{method} {target}: no answer within {DEADLINE:?}"))
            .unwrap_or_else(|e| panic!("{method} {target}: {e}"));
        lock(&self.set_cookies).extend(reply.set_cookies().map(str::to_owned));
        reply
    }

    /// Sends `request` (bytes as they go on the wire, `{addr}` replaced by the site's address)
    /// and half-closes the connection after it, and records the `Set-Cookie`s of the reply.
    ///
    /// # Panics
    /// When no answer comes within [`DEADLINE`], or it is not HTTP/1.1.
    pub async fn send_raw(&self, request: &str) -> Reply {
        let request = request.replace("{addr}", &self.addr.to_string());
        let reply = timeout(DEADLINE, exchange_raw(self.addr, request.as_bytes()))
            .await
            .unwrap_or_else(|_| panic!("{request:?}: no answer within {DEADLINE:?}"))
            .unwrap_or_else(|e| panic!("{request:?}: {e}"));
        lock(&self.set_cookies).extend(reply.set_cookies().map(str::to_owned));
        reply
    }

    /// `GET` with these `Cookie` fields.
    pub async fn get(&self, target: &str, cookie_fields: &[&str]) -> Reply {
        self.send("GET", target, cookie_fields).await
    }

    /// Posts the consent form, as the site's own page would; `extra` headers replace the
    /// defaults of the same name.
    pub async fn post_form(
        &self,
        form: &str,
        cookie_fields: &[&str],
        extra: &[(&str, &str)],
    ) -> Reply {
        let origin = format!("http://{}", self.addr);
        let mut headers = vec![
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Origin", origin.as_str()),
            ("Sec-Fetch-Site", "same-origin"),
        ];
        headers.retain(|(name, _)| !extra.iter().any(|(n, _)| n.eq_ignore_ascii_case(name)));
        headers.extend_from_slice(extra);
        self.send_with("POST", "/consent", cookie_fields, &headers, form)
            .await
    }

    /// Posts a consent choice (the granted categories, comma-separated; none for "necessary
    /// only") and returns the consent cookie pair (`name=value`) it set.
    ///
    /// # Panics
    /// When the shop does not answer `303` to `/` with the consent cookie.
    pub async fn grant(&self, grants: &str, cookie_fields: &[&str]) -> (Reply, String) {
        let mut form = String::from(if grants.is_empty() {
            "choice=necessary"
        } else {
            "choice=custom"
        });
        for category in grants.split(',').filter(|c| !c.is_empty()) {
            form.push_str(&format!("&category={category}"));
        }
        form.push_str("&return_to=%2F");
        let reply = self.post_form(&form, cookie_fields, &[]).await;
        assert_eq!(reply.status, 303, "{}", reply.body);
        assert_eq!(reply.header("location"), Some("/"));
        let consent = reply
            .cookies()
            .find(|c| c.name() == self.consent_cookie)
            .expect("the consent endpoint sets the consent cookie");
        let pair = format!("{}={}", consent.name(), consent.value());
        (reply, pair)
    }
}

/// A lock that a panicking test thread does not poison for the others.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Expands one `#[tokio::test]` per [`scenarios`] function, run against the shop that
/// `$server` (a [`SiteServer`]) serves.
#[macro_export]
macro_rules! end_to_end_tests {
    ($server:ty) => {
        $crate::end_to_end_tests!(@each $server:
            before_consent_only_necessary_cookies_are_set,
            granting_statistics_lets_its_cookies_through_and_not_marketing,
            forged_and_stale_consent_cookies_count_as_no_consent,
            handlers_see_only_declared_and_consented_request_cookies,
            withdrawing_consent_deletes_the_cookies_it_allowed,
            the_policy_page_is_served_as_html,
            audit_every_cookie_the_site_sets_is_declared,
            cross_site_consent_posts_are_refused,
            return_to_never_leaves_the_site,
            the_endpoint_answers_json_and_refuses_bad_requests,
            load_64_clients_by_100_requests,
            cut_off_consent_forms_change_nothing,
            malformed_origins_and_repeated_fields_are_refused,
        );
    };
    (@each $server:ty: $($scenario:ident,)*) => {
        $(
            #[tokio::test]
            async fn $scenario() {
                $crate::site::scenarios::$scenario::<$server>().await;
            }
        )*
    };
}
