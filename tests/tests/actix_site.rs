//! The `actix_site` example, served on 127.0.0.1 with a port the system assigns and driven by
//! a real HTTP/1.1 client over TCP: the same end-to-end scenarios as `axum_site`
//! (`cookie_registry_tests::site`), through `cookie_registry::actix`. Needs the `actix`
//! feature (on with `--all-features`).

use std::net::TcpListener;
use std::thread::JoinHandle;

use actix_web::HttpServer;
use actix_web::dev::ServerHandle;
use cookie_registry::RefusedSetCookie;
use cookie_registry::actix::ConsentEndpoint;
use cookie_registry_tests::site::{Records, Site, SiteServer};

#[allow(dead_code)] // the example's `main` and `endpoint` are not called here
#[path = "../../cookie-registry/examples/actix_site.rs"]
mod actix_site;

/// `actix_site` served by its own actix system on a thread of its own, one worker.
struct Actix;

/// Stops the server, and waits for its thread, when dropped.
struct StopOnDrop {
    handle: ServerHandle,
    thread: Option<JoinHandle<std::io::Result<()>>>,
}

impl Drop for StopOnDrop {
    fn drop(&mut self) {
        // `stop` sends the command at once; its future only waits for the answer, which the
        // join below does.
        drop(self.handle.stop(false));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl SiteServer for Actix {
    type Cookies = actix_site::Cookies;

    async fn start(on_refused: RefusedSetCookie, records: Records) -> Site {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local address");
        let sink = std::sync::Arc::clone(&records);
        // The example's endpoint keeps records in its ledger; here, in memory.
        let store = cookie_registry::MemoryStore::new();
        let gpc = cookie_registry::actix::GpcOptOut::new(store.clone());
        let endpoint = ConsentEndpoint::<actix_site::Cookies>::new()
            .store(store)
            .on_record(move |record| {
                sink.lock().unwrap().push(record.clone());
            });
        let (handle_tx, handle_rx) = std::sync::mpsc::channel();
        let thread = std::thread::spawn(move || {
            actix_web::rt::System::new().block_on(async move {
                let server = HttpServer::new(move || {
                    actix_site::app(on_refused, endpoint.clone(), gpc.clone())
                })
                .workers(1)
                .disable_signals()
                .listen(listener)?
                .run();
                let _ = handle_tx.send(server.handle());
                server.await
            })
        });
        let handle = handle_rx.recv().expect("the server starts");
        let server = StopOnDrop {
            handle,
            thread: Some(thread),
        };
        Site::new::<Self::Cookies>(addr, records, server)
    }
}

cookie_registry_tests::end_to_end_tests!(Actix);
