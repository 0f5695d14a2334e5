//! The personal data a consent endpoint records only when the site opts in
//! (`record_user_agent`, `record_ip`), on tower and on actix-web: what the store keeps and
//! what `on_record` sees, from a header the site's proxy sets or from the connection's peer.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use cookie_registry::{ConsentRecord, CookieRegistry, MemoryStore, TruncatedIp};
use http::Request;
use tower::ServiceExt as _;

#[derive(CookieRegistry, Debug, Clone, Copy, PartialEq, Eq)]
#[registry(provider = "Acme", consent_cookie = Choice)]
pub enum Cookies {
    #[cookie(name = "choice", category = Necessary, purpose = "Your cookie choice",
             max_age = "26w", same_site = Lax, path = "/")]
    Choice,
    #[cookie(name = "_ga", category = Statistics, purpose = "Counts visits", path = "/")]
    Ga,
}

const USER_AGENT: &str = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) Safari/605.1.15";

/// A sink keeping the records `on_record` is handed.
fn logging_sink() -> (
    Arc<Mutex<Vec<ConsentRecord>>>,
    impl Fn(&ConsentRecord) + Send + Sync + 'static,
) {
    let logged = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&logged);
    (logged, move |record: &ConsentRecord| {
        sink.lock().expect("not poisoned").push(record.clone());
    })
}

fn truncated(text: &str) -> Option<TruncatedIp> {
    Some(text.parse().expect("a truncated address"))
}

/// A consent `POST` from a browser with a `User-Agent`, through its proxy's `X-Real-IP`.
fn tower_post(real_ip: &str) -> Request<String> {
    Request::post("/consent")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("user-agent", USER_AGENT)
        .header("x-real-ip", real_ip)
        .body(String::from("choice=all&method=banner"))
        .expect("a request")
}

/// The one record `store` kept, after asserting `on_record` saw the same one.
fn the_record(store: &MemoryStore, logged: &Mutex<Vec<ConsentRecord>>) -> ConsentRecord {
    let records = store.records();
    assert_eq!(records.len(), 1);
    assert_eq!(
        *logged.lock().expect("not poisoned"),
        records,
        "on_record sees the kept record"
    );
    records[0].clone()
}

#[tokio::test]
async fn tower_records_the_user_agent_and_the_network_from_the_proxy_header() {
    let store = MemoryStore::new();
    let (logged, sink) = logging_sink();
    let endpoint = cookie_registry::ConsentEndpoint::<Cookies>::new()
        .store(store.clone())
        .on_record(sink)
        .record_user_agent()
        .record_ip(|v| v.header("x-real-ip")?.parse().ok());
    let mut request = tower_post("203.0.113.199");
    // The connection's peer is the proxy: not what this resolver reads.
    request
        .extensions_mut()
        .insert(SocketAddr::from(([10, 0, 0, 2], 41_000)));
    let response = endpoint.oneshot(request).await.expect("infallible");
    assert_eq!(response.status(), 303);
    let record = the_record(&store, &logged);
    assert_eq!(record.user_agent.as_deref(), Some(USER_AGENT));
    assert_eq!(record.ip, truncated("203.0.113.0/24"));
    assert_eq!(record.ip.expect("an ip").to_string(), "203.0.113.0/24");
}

#[tokio::test]
async fn tower_records_the_peer_from_the_socket_addr_extension() {
    let store = MemoryStore::new();
    let (logged, sink) = logging_sink();
    let endpoint = cookie_registry::ConsentEndpoint::<Cookies>::new()
        .store(store.clone())
        .on_record(sink)
        .record_ip(|v| v.peer());
    // A client-written `X-Real-IP`: a site served directly does not read it.
    let mut request = tower_post("203.0.113.199");
    let peer: SocketAddr = "[2001:db8:5:6::7]:50000".parse().expect("an address");
    request.extensions_mut().insert(peer);
    let response = endpoint.oneshot(request).await.expect("infallible");
    assert_eq!(response.status(), 303);
    let record = the_record(&store, &logged);
    assert_eq!(record.ip, truncated("2001:db8:5::/48"));
    assert_eq!(record.user_agent, None, "not asked for");
}

#[tokio::test]
async fn tower_without_a_socket_addr_extension_has_no_peer() {
    let store = MemoryStore::new();
    let (logged, sink) = logging_sink();
    let endpoint = cookie_registry::ConsentEndpoint::<Cookies>::new()
        .store(store.clone())
        .on_record(sink)
        .record_ip(|v| v.peer());
    let response = endpoint
        .oneshot(tower_post("203.0.113.199"))
        .await
        .expect("infallible");
    assert_eq!(response.status(), 303);
    assert_eq!(the_record(&store, &logged).ip, None);
}

#[cfg(feature = "actix")]
mod actix {
    use actix_web::{App, test, web};
    use cookie_registry::actix::ConsentEndpoint;

    use super::*;

    /// Posts a decision with a `User-Agent` and a client-written `X-Real-IP`, from `peer`.
    fn post_actix(endpoint: ConsentEndpoint<Cookies>, peer: Option<SocketAddr>) -> u16 {
        actix_web::rt::System::new().block_on(async {
            let app = test::init_service(App::new().route("/consent", web::to(endpoint))).await;
            let mut request = test::TestRequest::post()
                .uri("/consent")
                .insert_header(("content-type", "application/x-www-form-urlencoded"))
                .insert_header(("user-agent", USER_AGENT))
                .insert_header(("x-real-ip", "203.0.113.199"))
                .set_payload("choice=necessary&method=settings");
            if let Some(peer) = peer {
                request = request.peer_addr(peer);
            }
            test::call_service(&app, request.to_request())
                .await
                .status()
                .as_u16()
        })
    }

    #[test]
    fn actix_records_the_user_agent_and_the_peer_network() {
        let store = MemoryStore::new();
        let (logged, sink) = logging_sink();
        let endpoint = ConsentEndpoint::<Cookies>::new()
            .store(store.clone())
            .on_record(sink)
            .record_user_agent()
            .record_ip(|v| v.peer());
        let peer = SocketAddr::from(([198, 51, 100, 23], 50_000));
        assert_eq!(post_actix(endpoint, Some(peer)), 303);
        let record = the_record(&store, &logged);
        assert_eq!(record.user_agent.as_deref(), Some(USER_AGENT));
        assert_eq!(record.ip, truncated("198.51.100.0/24"));
    }

    #[test]
    fn actix_records_an_ipv6_peer_as_its_48() {
        let store = MemoryStore::new();
        let (logged, sink) = logging_sink();
        let endpoint = ConsentEndpoint::<Cookies>::new()
            .store(store.clone())
            .on_record(sink)
            .record_ip(|v| v.peer());
        let peer: SocketAddr = "[2001:db8:abcd:12::1]:443".parse().expect("an address");
        assert_eq!(post_actix(endpoint, Some(peer)), 303);
        let record = the_record(&store, &logged);
        assert_eq!(record.ip, truncated("2001:db8:abcd::/48"));
        assert_eq!(record.user_agent, None, "not asked for");
    }

    #[test]
    fn actix_records_neither_by_default() {
        let store = MemoryStore::new();
        let (logged, sink) = logging_sink();
        let endpoint = ConsentEndpoint::<Cookies>::new()
            .store(store.clone())
            .on_record(sink);
        let peer = SocketAddr::from(([198, 51, 100, 23], 50_000));
        assert_eq!(post_actix(endpoint, Some(peer)), 303);
        let record = the_record(&store, &logged);
        assert_eq!((record.user_agent, record.ip), (None, None));
    }
}
