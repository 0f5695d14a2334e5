//! The personal data a consent endpoint records when the site opts in: the `User-Agent` as a
//! record keeps it, and, through the tower endpoint, that both stay out unless asked for.

use super::personal::{USER_AGENT_LIMIT, user_agent};

#[test]
fn a_user_agent_is_kept_as_sent() {
    let sent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/140.0";
    assert_eq!(user_agent(sent.as_bytes()), sent);
    assert_eq!(user_agent(b""), "");
}

#[test]
fn a_user_agent_is_cut_to_512_bytes_at_a_character_boundary() {
    // 511 bytes, then a 3-byte character that would end at byte 514: dropped whole.
    let sent = format!("{}€tail", "a".repeat(511));
    let kept = user_agent(sent.as_bytes());
    assert_eq!(kept, "a".repeat(511));
    // 509 bytes, then the same character ends at byte 512 exactly: kept.
    let sent = format!("{}€tail", "a".repeat(509));
    let kept = user_agent(sent.as_bytes());
    assert_eq!(kept.len(), USER_AGENT_LIMIT);
    assert!(kept.ends_with('€'), "{kept}");
    // Only multi-byte characters: 128 four-byte ones fill 512 bytes, the 129th is cut.
    let kept = user_agent("🦀".repeat(200).as_bytes());
    assert_eq!(kept, "🦀".repeat(128));
}

#[test]
fn control_characters_and_invalid_bytes_are_replaced() {
    assert_eq!(user_agent(b"Bot\t1.0"), "Bot\u{fffd}1.0");
    // A C1 control (U+0085, next line) and a DEL, as UTF-8.
    assert_eq!(
        user_agent("a\u{85}b\u{7f}c".as_bytes()),
        "a\u{fffd}b\u{fffd}c"
    );
    // Obsolete text (ISO-8859-1 `é`): not UTF-8, read lossily.
    assert_eq!(user_agent(b"caf\xe9/1"), "caf\u{fffd}/1");
    // A replacement near the limit counts its three bytes.
    let mut sent = "a".repeat(510).into_bytes();
    sent.push(b'\t');
    assert_eq!(user_agent(&sent), "a".repeat(510));
}

#[cfg(feature = "tower")]
mod tower {
    use std::net::SocketAddr;

    use http::Request;
    use tower::ServiceExt as _;

    use crate::{ConsentEndpoint, ConsentRecord, MemoryStore, TruncatedIp};

    #[derive(crate::CookieRegistry)]
    #[registry(consent_cookie = Choice)]
    enum Cookies {
        #[cookie(name = "choice", category = Necessary, provider = "Acme", purpose = "Consent")]
        Choice,
    }

    /// Posts a decision to `endpoint` from a browser with a `User-Agent`, an `X-Real-IP` (when
    /// given) and a peer address, and returns the one record the store kept.
    fn decide(endpoint: ConsentEndpoint<Cookies>, real_ip: Option<&str>) -> ConsentRecord {
        let store = MemoryStore::new();
        let endpoint = endpoint.store(store.clone());
        let mut request = Request::post("/consent")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("user-agent", "Mozilla/5.0 (X11; Linux x86_64)")
            .header("user-agent", "a second value, not read");
        if let Some(real_ip) = real_ip {
            request = request.header("x-real-ip", real_ip);
        }
        let mut request = request.body(String::from("choice=all")).expect("a request");
        request
            .extensions_mut()
            .insert(SocketAddr::from(([192, 0, 2, 77], 40_000)));
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .expect("a runtime");
        let response = runtime
            .block_on(endpoint.oneshot(request))
            .expect("infallible");
        assert_eq!(response.status(), 303);
        let mut records = store.records();
        assert_eq!(records.len(), 1);
        records.pop().expect("one record")
    }

    fn ip(text: &str) -> Option<TruncatedIp> {
        Some(text.parse().expect("a truncated address"))
    }

    #[test]
    fn off_by_default_even_when_the_request_has_both() {
        let record = decide(ConsentEndpoint::new(), Some("203.0.113.9"));
        assert_eq!(record.user_agent, None);
        assert_eq!(record.ip, None);
    }

    #[test]
    fn record_user_agent_keeps_the_first_value_and_no_ip() {
        let record = decide(ConsentEndpoint::new().record_user_agent(), None);
        assert_eq!(
            record.user_agent.as_deref(),
            Some("Mozilla/5.0 (X11; Linux x86_64)")
        );
        assert_eq!(record.ip, None);
    }

    #[test]
    fn record_ip_keeps_the_network_the_resolver_finds() {
        let endpoint = ConsentEndpoint::new().record_ip(|v| v.header("x-real-ip")?.parse().ok());
        let record = decide(endpoint.clone(), Some("203.0.113.9"));
        assert_eq!(record.ip, ip("203.0.113.0/24"));
        assert_eq!(record.user_agent, None);
        let record = decide(endpoint, Some("2001:db8:abcd:12::1"));
        assert_eq!(record.ip, ip("2001:db8:abcd::/48"));
        assert_eq!(record.ip.map(|ip| ip.prefix_len()), Some(48));
    }

    #[test]
    fn record_ip_reads_the_socket_addr_extension_as_the_peer() {
        let record = decide(ConsentEndpoint::new().record_ip(|v| v.peer()), None);
        assert_eq!(record.ip, ip("192.0.2.0/24"));
    }

    #[test]
    fn a_resolver_that_finds_nothing_records_no_ip() {
        let endpoint = ConsentEndpoint::new().record_ip(|v| v.header("x-real-ip")?.parse().ok());
        assert_eq!(decide(endpoint.clone(), None).ip, None, "no header");
        assert_eq!(decide(endpoint, Some("not an address")).ip, None);
        let record = decide(
            ConsentEndpoint::new().record_ip(|_| None),
            Some("203.0.113.9"),
        );
        assert_eq!(record.ip, None);
    }
}
