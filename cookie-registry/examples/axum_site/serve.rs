//! Serving the site on the open internet: the limits `axum::serve` does not set.
//!
//! `axum::serve` is "intentionally simple and doesn't support any configuration" (its docs):
//! no header-read timeout, so a client sending one byte every 100 ms holds a connection for
//! as long as it likes, and no limit on connections. This is the same loop on the pieces it is
//! built from, with the limits set: hyper's HTTP/1 connection builder and its header-read timer
//! (on tokio's clock, through hyper-util), tower's request timeout, and a tokio semaphore of
//! connections.

use std::io;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::error_handling::HandleErrorLayer;
use axum::http::StatusCode;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceBuilder;

/// The limits each connection is served under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// How long a client may take to send a request's headers, counted from the moment the
    /// connection waits for a request: on a fresh connection from the accept, on a kept-alive
    /// one from the end of the previous response. So this is also the idle (keep-alive)
    /// timeout: hyper's HTTP/1 header-read timer closes a connection that sends nothing in
    /// time, and one that sends a byte every 100 ms (a slowloris).
    pub header_read_timeout: Duration,
    /// How long the handling of one request may take, reading its body included: `408
    /// Request Timeout` after that, so a client trickling a consent form's body cannot hold a
    /// connection either.
    pub request_timeout: Duration,
    /// The most connections served at once. Further clients wait in the listen backlog until
    /// a connection closes; keep it below the process's open-file limit (`ulimit -n`).
    pub max_connections: usize,
}

impl Default for Limits {
    /// Limits for a public server: 10 s for the headers and between requests, 30 s per
    /// request, 512 connections.
    fn default() -> Self {
        Limits {
            header_read_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            max_connections: 512,
        }
    }
}

/// Serves `app` on `listener` under `limits`, until the task is dropped.
///
/// # Errors
/// Never in practice: a failed accept (a client gone before it was accepted, or no file
/// descriptor left) is waited out, as `axum::serve` does.
pub async fn serve(listener: TcpListener, app: Router, limits: Limits) -> io::Result<()> {
    let app = app.layer(
        ServiceBuilder::new()
            .layer(HandleErrorLayer::new(|_: tower::BoxError| async {
                StatusCode::REQUEST_TIMEOUT
            }))
            .timeout(limits.request_timeout),
    );
    let connections = Arc::new(Semaphore::new(limits.max_connections));
    // hyper's HTTP/1 builder, not hyper-util's `auto` one that `axum::serve` uses: serving
    // with upgrades, `auto` first reads to tell HTTP/1 from HTTP/2, untimed, so a client that
    // connects and sends nothing would stay open for ever.
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout);
    let builder = Arc::new(builder);
    loop {
        // Waits here, before accepting, while `max_connections` are open.
        let Ok(permit) = Arc::clone(&connections).acquire_owned().await else {
            return Ok(()); // the semaphore is never closed
        };
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(error) => {
                eprintln!("accept: {error}");
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let service = TowerToHyperService::new(app.clone());
        let builder = Arc::clone(&builder);
        tokio::spawn(async move {
            // A closed or timed-out connection is the client's business: nothing to report.
            let _ = builder
                .serve_connection(TokioIo::new(stream), service)
                .with_upgrades()
                .await;
            drop(permit);
        });
    }
}
