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
        let app = axum_site::app_recording(on_refused, move |record| {
            sink.lock().unwrap().push(record.clone());
        });
        let limits = axum_site::serve::Limits::default();
        let task = tokio::spawn(async move {
            axum_site::serve::serve(listener, app, limits)
                .await
                .expect("serve");
        });
        Site::new::<Self::Cookies>(addr, records, AbortOnDrop(task))
    }
}

cookie_registry_tests::end_to_end_tests!(Axum);

/// The slow clients a public server meets, against `axum_site` served by its own `serve` with
/// short limits: each test runs for a few seconds and opens at most 200 connections.
mod slow_clients {
    use std::net::SocketAddr;
    use std::time::{Duration, Instant};

    use super::{AbortOnDrop, axum_site};
    use axum_site::serve::{Limits, serve};
    use cookie_registry::RefusedSetCookie;
    use cookie_registry_tests::site::{Records, exchange};
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    use tokio::net::{TcpListener, TcpStream};
    use tokio::time::{sleep, timeout};

    /// The header-read (and idle) timeout under test.
    const HEADER_READ: Duration = Duration::from_secs(1);
    /// How long past its timeout a connection may take to be closed.
    const SLACK: Duration = Duration::from_secs(5);

    fn limits(max_connections: usize) -> Limits {
        Limits {
            header_read_timeout: HEADER_READ,
            request_timeout: HEADER_READ,
            max_connections,
        }
    }

    /// Serves the example under `limits` on 127.0.0.1; records go to `records`.
    async fn start(limits: Limits, records: Records) -> (SocketAddr, AbortOnDrop) {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("local address");
        let app = axum_site::app_recording(RefusedSetCookie::Drop, move |record| {
            records.lock().unwrap().push(record.clone());
        });
        let task = tokio::spawn(async move {
            serve(listener, app, limits).await.expect("serve");
        });
        (addr, AbortOnDrop(task))
    }

    /// `GET /echo` on a fresh connection; panics unless it answers `200` in time.
    async fn answered(addr: SocketAddr) -> Instant {
        let request = ("GET", "/echo", &[][..], &[][..], "");
        let reply = timeout(SLACK, exchange(addr, request))
            .await
            .expect("an answer in time")
            .expect("an HTTP/1.1 answer");
        assert_eq!(reply.status, 200, "{}", reply.body);
        Instant::now()
    }

    /// Reads until the server closes the connection; returns what it sent and when it closed.
    async fn closed_by_server(mut stream: TcpStream) -> (String, Instant) {
        let mut received = Vec::new();
        let read = timeout(HEADER_READ + SLACK, async {
            // A reset counts as closed, like the end of the stream.
            let _ = stream.read_to_end(&mut received).await;
        });
        read.await
            .expect("the server closes the connection in time");
        (
            String::from_utf8_lossy(&received).into_owned(),
            Instant::now(),
        )
    }

    /// A request sent one byte per 100 ms: its headers would take 12 s.
    const SLOW_REQUEST: &[u8] = b"GET /echo HTTP/1.1\r\nHost: 127.0.0.1\r\n\
        User-Agent: one byte every hundred milliseconds, a slowloris\r\n\
        Accept: */*\r\n\r\n";

    /// Sends `bytes` one per 100 ms until the server closes the connection; returns how many
    /// bytes went out and when the connection closed.
    async fn trickle(addr: SocketAddr, head: &[u8], bytes: &[u8]) -> (usize, String, Instant) {
        let mut stream = TcpStream::connect(addr).await.expect("connect");
        stream.write_all(head).await.expect("send the head");
        let mut received = Vec::new();
        let mut buf = [0_u8; 1024];
        for (sent, byte) in bytes.iter().enumerate() {
            tokio::select! {
                read = stream.read(&mut buf) => match read {
                    Ok(0) | Err(_) => return (sent, text(&received), Instant::now()),
                    Ok(n) => received.extend_from_slice(&buf[..n]),
                },
                () = sleep(Duration::from_millis(100)) => {
                    if stream.write_all(&[*byte]).await.is_err() {
                        return (sent, text(&received), Instant::now());
                    }
                }
            }
        }
        let (rest, at) = closed_by_server(stream).await;
        (bytes.len(), text(&received) + &rest, at)
    }

    fn text(bytes: &[u8]) -> String {
        String::from_utf8_lossy(bytes).into_owned()
    }

    #[tokio::test]
    async fn a_slowloris_on_the_headers_is_closed_by_the_header_read_timeout() {
        assert!(
            SLOW_REQUEST.len() > 100,
            "the headers take over 10 s to send"
        );
        let (addr, _server) = start(limits(64), Records::default()).await;
        let started = Instant::now();
        let slow: Vec<_> = (0..20)
            .map(|_| tokio::spawn(trickle(addr, b"", SLOW_REQUEST)))
            .collect();
        sleep(HEADER_READ / 2).await;
        let answered_at = answered(addr).await;
        for slow in slow {
            let (sent, received, closed_at) = slow.await.expect("the slow client");
            assert!(sent < SLOW_REQUEST.len(), "closed before the headers ended");
            assert!(!received.contains("200 OK"), "no answer: {received:?}");
            let after = closed_at - started;
            assert!(
                after >= HEADER_READ,
                "closed by the timeout, after {after:?}"
            );
            assert!(
                after <= HEADER_READ + SLACK,
                "closed in time, after {after:?}"
            );
            assert!(answered_at < closed_at, "others are answered meanwhile");
        }
    }

    #[tokio::test]
    async fn two_hundred_idle_connections_are_closed_and_others_answered_meanwhile() {
        let (addr, _server) = start(limits(512), Records::default()).await;
        let started = Instant::now();
        let mut idle = Vec::new();
        for _ in 0..200 {
            idle.push(TcpStream::connect(addr).await.expect("connect"));
        }
        let mut answered_at = Vec::new();
        for _ in 0..5 {
            answered_at.push(answered(addr).await);
        }
        // A kept-alive connection, idle after its answer, is closed by the same timer.
        let mut kept = TcpStream::connect(addr).await.expect("connect");
        let asked_at = Instant::now();
        kept.write_all(b"GET /echo HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            .await
            .expect("send");
        let (received, closed_at) = closed_by_server(kept).await;
        assert!(received.starts_with("HTTP/1.1 200"), "{received:?}");
        assert!(closed_at - asked_at >= HEADER_READ, "kept alive until idle");
        let closing: Vec<_> = idle
            .into_iter()
            .map(|stream| tokio::spawn(closed_by_server(stream)))
            .collect();
        let mut first_closed = None;
        for closing in closing {
            let (received, closed_at) = closing.await.expect("an idle client");
            assert!(!received.contains("200 OK"), "nothing asked: {received:?}");
            let after = closed_at - started;
            assert!(
                after >= HEADER_READ,
                "closed by the timeout, after {after:?}"
            );
            first_closed = first_closed.min(Some(closed_at)).or(Some(closed_at));
        }
        let first_closed = first_closed.expect("200 connections");
        assert!(answered_at.iter().all(|at| *at < first_closed));
    }

    #[tokio::test]
    async fn clients_beyond_the_connection_limit_wait_for_a_free_connection() {
        let (addr, _server) = start(limits(4), Records::default()).await;
        let mut idle = Vec::new();
        for _ in 0..4 {
            idle.push(TcpStream::connect(addr).await.expect("connect"));
        }
        // Let the server accept all four before the fifth client comes.
        sleep(Duration::from_millis(200)).await;
        let fifth = tokio::spawn(answered(addr));
        let mut first_closed = None;
        for stream in idle {
            let (_, closed_at) = closed_by_server(stream).await;
            first_closed = first_closed.min(Some(closed_at)).or(Some(closed_at));
        }
        let answered_at = fifth.await.expect("the fifth client");
        let first_closed = first_closed.expect("four connections");
        assert!(
            answered_at >= first_closed,
            "answered only once a connection closed"
        );
    }

    #[tokio::test]
    async fn a_trickled_consent_form_is_answered_408_and_records_nothing() {
        let records = Records::default();
        let (addr, _server) = start(limits(64), std::sync::Arc::clone(&records)).await;
        let body = b"choice=all&return_to=%2F&category=statistics&x=y";
        let head = format!(
            "POST /consent HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://{addr}\r\n\
             Sec-Fetch-Site: same-origin\r\nContent-Type: application/x-www-form-urlencoded\r\n\
             Content-Length: {}\r\n\r\n",
            body.len()
        );
        let started = Instant::now();
        let (sent, received, closed_at) = trickle(addr, head.as_bytes(), body).await;
        assert!(sent < body.len(), "closed before the body ended");
        assert!(
            received.starts_with("HTTP/1.1 408"),
            "408 Request Timeout: {received:?}"
        );
        assert!(!received.to_ascii_lowercase().contains("set-cookie"));
        assert!(closed_at - started <= HEADER_READ + SLACK);
        assert!(records.lock().unwrap().is_empty(), "nothing recorded");
    }
}
