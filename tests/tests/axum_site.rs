//! The `axum_site` example, served on 127.0.0.1 with a port the system assigns and driven by a
//! real HTTP/1.1 client over TCP: consent enforcement end to end, and the audit that every
//! cookie the site sets is declared (`CookieRegistry::undeclared`).

use std::net::SocketAddr;
use std::sync::Mutex;

use cookie_registry::cookie::Cookie;
use cookie_registry::cookie::time::Duration;
use cookie_registry::{Category, Consent, ConsentState, CookieRegistry, RefusedSetCookie};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;
use tokio::time::timeout;

#[allow(dead_code)] // the example's `main` is not called here
#[path = "../../cookie-registry/examples/axum_site.rs"]
mod axum_site;

use axum_site::{Cookies, GA_PROPERTY};

/// The longest any one exchange with the server may take.
const DEADLINE: std::time::Duration = std::time::Duration::from_secs(10);

/// The example served in this test's runtime; stopped when dropped.
struct Server {
    addr: SocketAddr,
    task: JoinHandle<()>,
    /// Every `Set-Cookie` header the server sent, in order: what the audit checks.
    set_cookies: Mutex<Vec<String>>,
}

impl Server {
    async fn start(app: axum::Router) -> Server {
        let listener = timeout(DEADLINE, TcpListener::bind("127.0.0.1:0"))
            .await
            .expect("bind in time")
            .expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local address");
        assert!(addr.ip().is_loopback());
        let task = tokio::spawn(async move {
            axum::serve(listener, app).await.expect("serve");
        });
        Server {
            addr,
            task,
            set_cookies: Mutex::new(Vec::new()),
        }
    }

    /// Sends one request with these `Cookie` header fields, and records its `Set-Cookie`s.
    async fn send(&self, method: &str, target: &str, cookie_fields: &[&str]) -> Reply {
        self.send_with(method, target, cookie_fields, &[], "").await
    }

    /// Sends one request with these `Cookie` fields, other headers and body.
    async fn send_with(
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
        self.set_cookies
            .lock()
            .unwrap()
            .extend(reply.set_cookies().map(str::to_owned));
        reply
    }

    async fn get(&self, target: &str, cookie_fields: &[&str]) -> Reply {
        self.send("GET", target, cookie_fields).await
    }

    /// Posts the consent form, as the site's own page would.
    async fn post_form(&self, form: &str, cookie_fields: &[&str], extra: &[(&str, &str)]) -> Reply {
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
    async fn grant(&self, grants: &str, cookie_fields: &[&str]) -> (Reply, String) {
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
            .find(|c| c.name() == Cookies::COOKIE_CONSENT)
            .expect("the consent endpoint sets the consent cookie");
        let pair = format!("{}={}", consent.name(), consent.value());
        (reply, pair)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// One HTTP response as read off the wire.
#[derive(Debug)]
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn set_cookies(&self) -> impl Iterator<Item = &str> {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case("set-cookie"))
            .map(|(_, v)| v.as_str())
    }

    fn cookies(&self) -> impl Iterator<Item = Cookie<'_>> {
        self.set_cookies()
            .map(|v| Cookie::parse(v).expect("a well-formed Set-Cookie"))
    }

    /// The names of the cookies set (not removed) by this response.
    fn names_set(&self) -> Vec<String> {
        self.cookies()
            .filter(|c| !is_removal(c))
            .map(|c| c.name().to_owned())
            .collect()
    }

    /// The names of the cookies this response deletes.
    fn names_removed(&self) -> Vec<String> {
        self.cookies()
            .filter(is_removal)
            .map(|c| c.name().to_owned())
            .collect()
    }
}

fn is_removal(cookie: &Cookie<'_>) -> bool {
    cookie.max_age().is_some_and(|age| age <= Duration::ZERO)
}

/// One request over a fresh connection (`Connection: close`), the response read to its end.
/// A request to send: method, target, `Cookie` fields, other headers, body.
type Outgoing<'a> = (
    &'a str,
    &'a str,
    &'a [&'a str],
    &'a [(&'a str, &'a str)],
    &'a str,
);

async fn exchange(
    addr: SocketAddr,
    (method, target, cookie_fields, headers, body): Outgoing<'_>,
) -> std::io::Result<Reply> {
    let mut stream = TcpStream::connect(addr).await?;
    let mut request = format!(
        "{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for field in cookie_fields {
        request.push_str(&format!("Cookie: {field}\r\n"));
    }
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    request.push_str(body);
    stream.write_all(request.as_bytes()).await?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await?;
    parse_reply(&raw).ok_or_else(|| {
        let shown = String::from_utf8_lossy(&raw);
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("bad reply {shown:?}"),
        )
    })
}

fn parse_reply(raw: &[u8]) -> Option<Reply> {
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&raw[..split]).ok()?;
    let mut payload = raw[split + 4..].to_vec();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()?
        .strip_prefix("HTTP/1.1 ")?
        .get(..3)?
        .parse()
        .ok()?;
    let headers: Vec<(String, String)> = lines
        .map(|line| {
            let (name, value) = line.split_once(':')?;
            Some((name.to_owned(), value.trim().to_owned()))
        })
        .collect::<Option<_>>()?;
    let chunked = headers.iter().any(|(n, v)| {
        n.eq_ignore_ascii_case("transfer-encoding") && v.eq_ignore_ascii_case("chunked")
    });
    if chunked {
        payload = dechunk(&payload)?;
    }
    Some(Reply {
        status,
        headers,
        body: String::from_utf8(payload).ok()?,
    })
}

fn dechunk(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let line_end = data.windows(2).position(|w| w == b"\r\n")?;
        let size = std::str::from_utf8(&data[..line_end]).ok()?;
        let size = usize::from_str_radix(size.split(';').next()?.trim(), 16).ok()?;
        data = &data[line_end + 2..];
        if size == 0 {
            return Some(body);
        }
        body.extend_from_slice(data.get(..size)?);
        data = data.get(size + 2..)?;
    }
}

fn ga_session() -> String {
    format!("_ga_{GA_PROPERTY}")
}

#[tokio::test]
async fn before_consent_only_necessary_cookies_are_set() {
    let server = Server::start(axum_site::app()).await;
    let home = server.get("/", &[]).await;
    assert_eq!(home.status, 200);
    assert_eq!(home.names_set(), [Cookies::SESSION]);
    for name in home.names_set() {
        assert_eq!(Cookies::category_of(&name), Some(Category::Necessary));
    }
    assert!(home.body.contains("agreed to: necessary."), "{}", home.body);
}

#[tokio::test]
async fn granting_statistics_lets_its_cookies_through_and_not_marketing() {
    let server = Server::start(axum_site::app()).await;
    let (_, consent) = server.grant("statistics", &[]).await;
    let expected: Consent = [Category::Statistics].into_iter().collect();
    let value = consent.split_once('=').unwrap().1;
    assert_eq!(Consent::from_cookie_value::<Cookies>(value), Ok(expected));

    let home = server.get("/", &[&format!("sid=s3ss10n; {consent}")]).await;
    assert_eq!(
        home.names_set(),
        [Cookies::SESSION, Cookies::GA, ga_session().as_str()]
    );
    assert!(home.body.contains("agreed to: necessary, statistics."));

    // Everything granted, in the comma-separated form the home page's buttons post.
    let (_, all) = server.grant("preferences,statistics,marketing", &[]).await;
    let home = server.get("/", &[&all]).await;
    assert_eq!(
        home.names_set(),
        [
            Cookies::SESSION,
            Cookies::THEME,
            Cookies::GA,
            ga_session().as_str(),
            Cookies::FBP
        ]
    );
}

#[tokio::test]
async fn forged_and_stale_consent_cookies_count_as_no_consent() {
    let server = Server::start(axum_site::app()).await;
    let stale = format!(
        "1.s{:08x}",
        Cookies::revision(Category::Statistics).wrapping_add(1)
    );
    let forged = [
        "garbage",
        "",
        "1.s00000000.s00000000",
        "1.sXXXXXXXX",
        "%31%2Es",
        stale.as_str(),
    ];
    for value in forged {
        let cookie = format!("{}={value}; _ga=GA1.1", Cookies::COOKIE_CONSENT);
        let home = server.get("/", &[&cookie]).await;
        assert_eq!(home.names_set(), [Cookies::SESSION], "consent {value:?}");
        let echo = server.get("/echo", &[&cookie]).await;
        assert_eq!(
            echo.body,
            format!("{}={value}", Cookies::COOKIE_CONSENT),
            "the handler saw {:?}",
            echo.body
        );
    }
}

#[tokio::test]
async fn handlers_see_only_declared_and_consented_request_cookies() {
    let server = Server::start(axum_site::app()).await;
    let (_, consent) = server.grant("statistics", &[]).await;
    let ga = ga_session();
    let sent = format!("sid=1; tracker=2; _ga=3; _fbp=4; {consent}; theme=dark; {ga}=5; SID=6");
    let echo = server.get("/echo", &[&sent]).await;
    assert_eq!(echo.body, format!("sid=1; _ga=3; {consent}; {ga}=5"));

    // Several `Cookie` fields (as HTTP/2 and HTTP/3 send them) are joined, then filtered.
    let echo = server
        .get("/echo", &["sid=1", "_fbp=4", &consent, "_ga=3; x=1"])
        .await;
    assert_eq!(echo.body, format!("sid=1; {consent}; _ga=3"));

    // Nothing declared and consented: the handler gets no `Cookie` header at all.
    let echo = server.get("/echo", &["tracker=1; _fbp=2"]).await;
    assert_eq!(echo.body, "");
}

#[tokio::test]
async fn withdrawing_consent_deletes_the_cookies_it_allowed() {
    let server = Server::start(axum_site::app()).await;
    let (_, consent) = server.grant("statistics,marketing", &[]).await;
    let ga = ga_session();
    let cookies = format!("sid=1; {consent}; _ga=2; {ga}=3; _fbp=4");
    let (reply, now) = server.grant("", &[&cookies]).await;
    let mut removed = reply.names_removed();
    removed.sort();
    assert_eq!(removed, [Cookies::FBP, Cookies::GA, ga.as_str()]);
    let value = now
        .strip_prefix(&format!("{}=", Cookies::COOKIE_CONSENT))
        .expect("the consent cookie");
    let state = ConsentState::from_cookie_value::<Cookies>(value).expect("a valid value");
    assert!(state.is_decided() && !state.needs_prompt());
    assert_eq!(state.consent(), Consent::necessary_only());

    let home = server.get("/", &["sid=1", &now]).await;
    assert_eq!(home.names_set(), [Cookies::SESSION]);

    let bad = server.post_form("choice=everything", &[], &[]).await;
    assert_eq!(bad.status, 400);
}

#[tokio::test]
async fn the_policy_page_is_served_as_html() {
    let server = Server::start(axum_site::app()).await;
    let page = server.get("/cookies", &[]).await;
    assert_eq!(page.status, 200);
    assert!(
        page.header("content-type")
            .unwrap()
            .starts_with("text/html")
    );
    assert!(page.body.contains(&Cookies::policy_table().to_html()));
    for cookie in Cookies::ALL {
        let shown = cookie.spec().display_name();
        assert!(page.body.contains(&shown), "{shown} missing");
    }
}

/// Issue 3, item 7: record every `Set-Cookie` the site sends and check each name is declared.
/// It runs on both setups: with refused cookies dropped, and with them passed and logged, where
/// the responses carry every cookie the handlers set; that second run is the one that catches a
/// handler setting a cookie nobody declared.
#[tokio::test]
async fn audit_every_cookie_the_site_sets_is_declared() {
    for on_refused in [RefusedSetCookie::Drop, RefusedSetCookie::PassAndLog] {
        let server = Server::start(axum_site::app_with(on_refused)).await;
        server.get("/", &[]).await;
        let (_, stats) = server.grant("statistics", &[]).await;
        server.get("/", &[&stats]).await;
        let (_, all) = server
            .grant("preferences,statistics,marketing", &[&stats])
            .await;
        server.get("/", &[&all]).await;
        server.get("/cookies", &[&all]).await;
        server.get("/echo", &[&all, "tracker=1"]).await;
        let ga = ga_session();
        let everything = format!("sid=1; {all}; theme=dark; _ga=2; {ga}=3; _fbp=4");
        server.grant("", &[&everything]).await;

        let recorded = server.set_cookies.lock().unwrap().clone();
        // What the site sets; the layer's removals of cookies the request carried (here the
        // undeclared `tracker`) are not the site setting them.
        let names: Vec<&str> = recorded
            .iter()
            .map(|v| Cookie::parse(v.as_str()).expect("well-formed"))
            .filter(|cookie| !is_removal(cookie))
            .map(|cookie| cookie.name_raw().expect("a name"))
            .collect();
        assert!(names.len() >= 10, "{on_refused:?}: recorded only {names:?}");
        assert_eq!(
            Cookies::undeclared(names.iter().copied()),
            Vec::<&str>::new(),
            "{on_refused:?}"
        );
        // Every category was set at least once.
        for category in Category::ALL {
            assert!(
                names
                    .iter()
                    .any(|n| Cookies::category_of(n) == Some(category)),
                "{on_refused:?}: no {category} cookie set"
            );
        }
    }
}

/// The site with a sink that keeps every consent record, for tests that check none is made.
async fn recording_server() -> (
    Server,
    std::sync::Arc<Mutex<Vec<cookie_registry::ConsentRecord>>>,
) {
    let records = std::sync::Arc::new(Mutex::new(Vec::new()));
    let sink = std::sync::Arc::clone(&records);
    let app = axum_site::app_recording(RefusedSetCookie::Drop, move |record| {
        sink.lock().unwrap().push(record.clone());
    });
    (Server::start(app).await, records)
}

/// The attack of issue 7: a page on another origin auto-submits a form to `/consent`. Each way
/// a browser marks such a request is refused with 403: no cookie set, no record made.
#[tokio::test]
async fn cross_site_consent_posts_are_refused() {
    let (server, records) = recording_server().await;
    let attacks: [&[(&str, &str)]; 6] = [
        &[
            ("Origin", "http://evil.example"),
            ("Sec-Fetch-Site", "cross-site"),
        ],
        &[("Origin", "http://evil.example")],
        &[("Sec-Fetch-Site", "cross-site")],
        &[("Sec-Fetch-Site", "same-site")],
        &[("Origin", "null")],
        &[("Origin", "http://127.0.0.1:1")], // this host, another port: another origin
    ];
    for attack in attacks {
        let mut headers: Vec<(&str, &str)> = attack.to_vec();
        if !attack.iter().any(|(name, _)| *name == "Origin") {
            headers.push(("Origin", "")); // dropped below: no Origin header at all
        }
        let headers: Vec<(&str, &str)> =
            headers.into_iter().filter(|(_, v)| !v.is_empty()).collect();
        let mut sent = vec![("Content-Type", "application/x-www-form-urlencoded")];
        sent.extend(headers.iter().copied());
        let reply = server
            .send_with("POST", "/consent", &[], &sent, "choice=all")
            .await;
        assert_eq!(reply.status, 403, "{attack:?}: {}", reply.body);
        assert_eq!(reply.set_cookies().count(), 0, "{attack:?}");
    }
    assert!(records.lock().unwrap().is_empty());

    // The same form from the site itself is accepted and recorded.
    let (_, consent) = server.grant("statistics", &[]).await;
    assert!(consent.starts_with(Cookies::COOKIE_CONSENT));
    let records = records.lock().unwrap();
    assert_eq!(records.len(), 1);
    assert_eq!(
        records[0].granted,
        [Category::Necessary, Category::Statistics]
    );
    assert_eq!(
        records[0].refused,
        [Category::Preferences, Category::Marketing]
    );
    assert_eq!(records[0].previous_id, None);
}

#[tokio::test]
async fn return_to_never_leaves_the_site() {
    let server = Server::start(axum_site::app()).await;
    for (return_to, expected) in [
        ("%2F%2Fevil.example", "/"),
        ("%2F%5Cevil.example", "/"),
        ("https%3A%2F%2Fevil.example", "/"),
        ("%2F%09%2Fevil.example", "/"),
        ("%2Fcookies%3Fsaved%3D1", "/cookies?saved=1"),
    ] {
        let form = format!("choice=necessary&return_to={return_to}");
        let reply = server.post_form(&form, &[], &[]).await;
        assert_eq!(reply.status, 303, "{return_to}");
        assert_eq!(reply.header("location"), Some(expected), "{return_to}");
    }
}

#[tokio::test]
async fn the_endpoint_answers_json_and_refuses_bad_requests() {
    let (server, records) = recording_server().await;
    let state = server.get("/consent", &[]).await;
    assert_eq!(state.status, 200);
    assert_eq!(
        state.body,
        r#"{"decided":false,"needs_prompt":true,"granted":["necessary"],"stale":[]}"#
    );

    let json = [("Accept", "application/json")];
    let reply = server
        .post_form("choice=custom&category=marketing", &[], &json)
        .await;
    assert_eq!(reply.status, 200);
    assert_eq!(
        reply.body,
        r#"{"decided":true,"needs_prompt":false,"granted":["necessary","marketing"],"stale":[]}"#
    );
    let consent = reply
        .cookies()
        .find(|c| c.name() == Cookies::COOKIE_CONSENT)
        .expect("the consent cookie");
    // Its declared attributes.
    assert_eq!(consent.path(), Some("/"));
    assert_eq!(consent.max_age().map(|a| a.whole_weeks()), Some(26));
    assert_eq!(consent.same_site(), Some(cookie::SameSite::Lax));
    let pair = format!("{}={}", consent.name(), consent.value());
    let again = server.get("/consent", &[&pair]).await;
    assert_eq!(again.body, reply.body);

    // A second decision names the one it replaces.
    server.post_form("choice=all", &[&pair], &[]).await;
    {
        let records = records.lock().unwrap();
        assert_eq!(records.len(), 2);
        assert_eq!(records[1].previous_id, Some(records[0].id));
    }

    let too_large = format!("choice=all&pad={}", "x".repeat(4096));
    for (form, extra, status) in [
        ("", &[][..], 400),
        ("choice=everything", &[][..], 400),
        ("choice=custom&category=tracking", &[][..], 400),
        ("choice=all&choice=necessary", &[][..], 400),
        (too_large.as_str(), &[][..], 413),
        ("choice=all", &[("Content-Type", "text/plain")][..], 415),
    ] {
        let reply = server.post_form(form, &[], extra).await;
        assert_eq!(reply.status, status, "{form:.40}");
        assert_eq!(reply.set_cookies().count(), 0, "{form:.40}");
    }
    let put = server.send("PUT", "/consent", &[]).await;
    assert_eq!(put.status, 405);
    assert_eq!(put.header("allow"), Some("GET, HEAD, POST"));
    assert_eq!(
        records.lock().unwrap().len(),
        2,
        "no record for a refused request"
    );
}

/// A bounded load test on 127.0.0.1: 64 concurrent clients × 100 requests each, with random
/// consent states and cookie sets. No response is a 5xx, and every response's `Set-Cookie`
/// headers agree with the consent that governs it: each cookie set is allowed, each removal is
/// of a cookie the request carried and that consent refuses or the registry does not declare.
#[tokio::test]
async fn load_64_clients_by_100_requests() {
    let server = std::sync::Arc::new(Server::start(axum_site::app()).await);
    let choices = [
        "choice=all",
        "choice=necessary",
        "choice=custom&category=statistics",
        "choice=custom&category=marketing&category=preferences",
    ];
    // Consent values to send: none, each decision, a forged one and a version 1 one.
    let mut values = vec![
        String::new(),
        format!("{}=2.garbage", Cookies::COOKIE_CONSENT),
    ];
    for choice in choices {
        let reply = server.post_form(choice, &[], &[]).await;
        let consent = reply
            .cookies()
            .find(|c| c.name() == Cookies::COOKIE_CONSENT)
            .unwrap();
        values.push(format!("{}={}", consent.name(), consent.value()));
    }
    values.push(format!(
        "{}=1.s{:08x}",
        Cookies::COOKIE_CONSENT,
        Cookies::revision(Category::Statistics)
    ));
    let values = std::sync::Arc::new(values);
    let others = [
        "sid=1",
        "theme=dark",
        "_ga=GA1",
        "_ga_DEMO42=GS1",
        "_fbp=fb",
        "tracker=x",
        "__Host-evil=1",
    ];

    let started = std::time::Instant::now();
    let mut clients = Vec::new();
    for client in 0..64u64 {
        let (server, values) = (
            std::sync::Arc::clone(&server),
            std::sync::Arc::clone(&values),
        );
        clients.push(tokio::spawn(async move {
            let mut state =
                0x9E37_79B9_7F4A_7C15_u64 ^ (client + 1).wrapping_mul(0xA24B_AED4_963E_E407);
            let mut next = move || {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state
            };
            for _ in 0..100 {
                let mut sent: Vec<String> =
                    vec![values[(next() % values.len() as u64) as usize].clone()];
                for other in others {
                    if next() % 2 == 0 {
                        sent.push(other.to_owned());
                    }
                }
                sent.retain(|s| !s.is_empty());
                let header = sent.join("; ");
                let fields: Vec<&str> = if header.is_empty() {
                    vec![]
                } else {
                    vec![header.as_str()]
                };
                let post = next() % 4 == 0;
                let reply = if post {
                    let choice = choices[(next() % choices.len() as u64) as usize];
                    server.post_form(choice, &fields, &[]).await
                } else {
                    server.get("/", &fields).await
                };
                assert!(reply.status < 500, "{}", reply.status);
                check_consistent(&reply, &header);
            }
        }));
    }
    for client in clients {
        timeout(std::time::Duration::from_secs(120), client)
            .await
            .expect("the load test finishes in time")
            .expect("no client panicked");
    }
    assert!(started.elapsed() < std::time::Duration::from_secs(120));
}

/// Whether a reply's `Set-Cookie`s agree with the consent governing it: the consent cookie it
/// sets, else the one the request carried.
fn check_consistent(reply: &Reply, request_header: &str) {
    let set_consent = reply
        .cookies()
        .find(|c| c.name() == Cookies::COOKIE_CONSENT && !is_removal(c))
        .map(|c| {
            ConsentState::from_cookie_value::<Cookies>(c.value())
                .expect("valid")
                .consent()
        });
    let consent = set_consent
        .unwrap_or_else(|| ConsentState::from_cookie_header::<Cookies>(request_header).consent());
    let carried: Vec<&str> = request_header
        .split("; ")
        .filter_map(|pair| pair.split_once('=').map(|(name, _)| name))
        .collect();
    for cookie in reply.cookies() {
        let allowed = Cookies::from_name(cookie.name()).is_some_and(|c| c.allowed_by(&consent));
        if is_removal(&cookie) {
            assert!(
                carried.contains(&cookie.name()),
                "removed {} it did not carry",
                cookie.name()
            );
            assert!(
                !allowed,
                "removed allowed {} under {consent:?}",
                cookie.name()
            );
        } else {
            assert!(allowed, "set {} under {consent:?}", cookie.name());
        }
    }
    // Every carried cookie that consent refuses is removed.
    for name in carried {
        let allowed = Cookies::from_name(name).is_some_and(|c| c.allowed_by(&consent));
        let set = reply.cookies().any(|c| c.name() == name && !is_removal(&c));
        let removed = reply.cookies().any(|c| c.name() == name && is_removal(&c));
        assert!(
            allowed || set || removed,
            "{name} carried, refused, not removed"
        );
    }
}
