//! The `axum_site` example, served on 127.0.0.1 with a port the system assigns and driven by a
//! real HTTP/1.1 client over TCP: consent enforcement end to end, and the audit that every
//! cookie the site sets is declared (`CookieRegistry::undeclared`).

use std::net::SocketAddr;
use std::sync::Mutex;

use cookie_registry::cookie::Cookie;
use cookie_registry::cookie::time::Duration;
use cookie_registry::{Category, Consent, CookieRegistry, RefusedSetCookie};
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
        let reply = timeout(DEADLINE, exchange(self.addr, method, target, cookie_fields))
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

    /// Posts a consent choice and returns the consent cookie pair (`name=value`) it set.
    async fn grant(&self, grants: &str, cookie_fields: &[&str]) -> (Reply, String) {
        let reply = self
            .send("POST", &format!("/consent?grant={grants}"), cookie_fields)
            .await;
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
async fn exchange(
    addr: SocketAddr,
    method: &str,
    target: &str,
    cookie_fields: &[&str],
) -> std::io::Result<Reply> {
    let mut stream = TcpStream::connect(addr).await?;
    let mut request = format!(
        "{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: 0\r\n"
    );
    for field in cookie_fields {
        request.push_str(&format!("Cookie: {field}\r\n"));
    }
    request.push_str("\r\n");
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
    assert_eq!(now, format!("{}=1", Cookies::COOKIE_CONSENT));

    let home = server.get("/", &["sid=1", &now]).await;
    assert_eq!(home.names_set(), [Cookies::SESSION]);

    let bad = server.send("POST", "/consent?grant=everything", &[]).await;
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
        let names: Vec<&str> = recorded
            .iter()
            .map(|v| Cookie::parse(v.as_str()).expect("well-formed").name_raw())
            .map(|name| name.expect("a name"))
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
