//! The `axum_site` example, served on 127.0.0.1 with a port the system assigns and driven by a
//! real HTTP/1.1 client over TCP: consent enforcement end to end, and the audit that every
//! cookie the site sets is declared (`CookieRegistry::undeclared`). The scenarios are shared
//! with `actix_site` (`cookie_registry_tests::site`).

use cookie_registry::RefusedSetCookie;
use cookie_registry_tests::site::{DEADLINE, Records, Site, SiteServer};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tokio::time::timeout;

#[allow(dead_code)] // the example's `main` is not called here
#[path = "../../cookie-registry/examples/axum_site.rs"]
mod axum_site;

/// `axum_site` served in the test's runtime.
struct Axum;

/// Stops the server task when dropped.
struct AbortOnDrop(JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

impl SiteServer for Axum {
    type Cookies = axum_site::Cookies;

    async fn start(on_refused: RefusedSetCookie, records: Records) -> Site {
        let listener = timeout(DEADLINE, TcpListener::bind("127.0.0.1:0"))
            .await
            .expect("bind in time")
            .expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local address");
        let sink = std::sync::Arc::clone(&records);
        let store = cookie_registry::MemoryStore::new();
        let app = axum_site::app_recording(on_refused, store, move |record| {
            sink.lock().unwrap().push(record.clone());
        });
        let task = tokio::spawn(async move {
            axum::serve(listener, app).await.expect("serve");
        });
        Site::new::<Self::Cookies>(addr, records, AbortOnDrop(task))
    }
}

cookie_registry_tests::end_to_end_tests!(Axum);
