//! The sites the browser audit (`cookie-registry-audit`) is tested against, served on
//! 127.0.0.1 with ports the system assigns: a shop that misbehaves on purpose, the
//! `axum_site` example, a page that never answers and an address that refuses connections.

use std::net::SocketAddr;

use axum::Router;
use axum::http::HeaderMap;
use axum::http::header::{COOKIE, SET_COOKIE};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use cookie_registry::banner::Banner;
use cookie_registry::{Category, ConsentEndpoint, ConsentState, CookieRegistry};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

#[allow(dead_code)] // the example's `main` is not called here
#[path = "../../cookie-registry/examples/axum_site.rs"]
pub mod axum_site;

/// The misbehaving shop's declarations. Every one is seen in some pass; what the shop does
/// wrong with them is listed at [`serve_misbehaving`].
#[derive(CookieRegistry, Debug, Clone, Copy, PartialEq, Eq)]
#[registry(provider = "Misbehaving Shop", consent_cookie = Consent)]
pub enum Cookies {
    /// The session: declared `HttpOnly`, set without it.
    #[cookie(
        name = "sid",
        category = Necessary,
        purpose = "To remember the visitor from one page to another",
        http_only,
        same_site = Lax,
        path = "/"
    )]
    Session,
    /// The consent choice, written by the library's endpoint.
    #[cookie(
        name = "consent",
        category = Necessary,
        purpose = "To remember the visitor's cookie choice",
        same_site = Lax,
        path = "/",
        max_age = "26w"
    )]
    Consent,
    /// The theme: declared for 30 days, set for 90.
    #[cookie(
        name = "theme",
        category = Preferences,
        purpose = "To remember the colour theme",
        path = "/",
        max_age = "30d"
    )]
    Theme,
    /// A statistics id: set before any choice.
    #[cookie(
        name = "_stat",
        category = Statistics,
        purpose = "To count visits",
        path = "/",
        max_age = "30d"
    )]
    Stat,
    /// An advertising id: a tag re-sets it after any choice, "reject all" included.
    #[cookie(
        name = "_mkt",
        category = Marketing,
        purpose = "To show advertising",
        path = "/",
        max_age = "30d"
    )]
    Mkt,
}

/// A site served on 127.0.0.1; the servers stop when it is dropped.
pub struct Served {
    /// The page to audit.
    pub url: String,
    /// The address of the site.
    pub addr: SocketAddr,
    _servers: Vec<AbortOnDrop>,
}

struct AbortOnDrop(JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

async fn serve(app: Router) -> (SocketAddr, AbortOnDrop) {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind 127.0.0.1:0");
    let addr = listener.local_addr().expect("local address");
    let task = tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (addr, AbortOnDrop(task))
}

/// The shop that misbehaves on purpose. Its page, on every load:
///
/// - a script sets `tracker_id`, which the registry does not declare (`undeclared`);
/// - while the visitor has made no choice, the server sets the Statistics cookie `_stat`
///   (`before_consent`);
/// - when Preferences are granted, `theme` is set for 90 days, declared 30 (`longer_than_declared`);
/// - `sid` is set without its declared `HttpOnly` (`attribute_mismatch`);
/// - an iframe from `localhost` (another site than 127.0.0.1 for the browser) sets its own
///   cookie `frame_uid` (`undeclared`, third party);
/// - a script writes the `localStorage` key `ab_test` (`storage_undeclared`);
/// - a tag sets `_mkt` (Marketing) whenever a choice was made, whichever (`not_allowed` after
///   "reject all" and after granting another category alone).
pub async fn serve_misbehaving() -> Served {
    let frame = Router::new().route(
        "/frame",
        get(|| async {
            (
                [(
                    SET_COOKIE,
                    "frame_uid=f1; Path=/; Max-Age=604800; SameSite=None; Secure",
                )],
                Html("<!doctype html><title>frame</title><p>an embedded widget</p>"),
            )
        }),
    );
    let (frame_addr, frame_server) = serve(frame).await;
    let frame_url = format!("http://localhost:{}/frame", frame_addr.port());
    let app = Router::new()
        .route(
            "/",
            get(move |headers| misbehaving_page(headers, frame_url.clone())),
        )
        // No `ConsentLayer`: it would drop or delete what this shop sets wrongly, and the audit
        // must see it.
        .route_service("/consent", ConsentEndpoint::<Cookies>::new());
    let (addr, server) = serve(app).await;
    Served {
        url: format!("http://{addr}/"),
        addr,
        _servers: vec![server, frame_server],
    }
}

async fn misbehaving_page(headers: HeaderMap, frame_url: String) -> Response {
    let cookie_header = headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect::<Vec<_>>()
        .join("; ");
    let state = ConsentState::from_cookie_header::<Cookies>(&cookie_header);
    let chosen = state.is_decided();
    let mut set_cookies = vec!["sid=s1; Path=/; SameSite=Lax".to_owned()];
    if !chosen {
        set_cookies.push("_stat=st1; Path=/; Max-Age=2592000".to_owned());
    }
    if state.consent().allows(Category::Preferences) {
        set_cookies.push("theme=dark; Path=/; Max-Age=7776000".to_owned());
    }
    let banner = Banner::<Cookies>::new(&state).return_to("/").to_string();
    let html = format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Shop</title>\n\
         <script>\n\
         document.cookie = \"tracker_id=t1; path=/; max-age=86400\";\n\
         localStorage.setItem(\"ab_test\", \"B\");\n\
         if (document.cookie.split(\"; \").some((c) => c.startsWith(\"consent=\"))) {{\n\
           document.cookie = \"_mkt=m1; path=/; max-age=2592000\";\n\
         }}\n\
         </script></head>\n<body><h1>Shop</h1>\n\
         <iframe src=\"{frame_url}\" title=\"widget\"></iframe>\n{banner}</body></html>\n"
    );
    let mut response = Html(html).into_response();
    for cookie in set_cookies {
        if let Ok(value) = cookie.parse() {
            response.headers_mut().append(SET_COOKIE, value);
        }
    }
    response
}

/// The `axum_site` example, as it runs: its app on its own server, with the default limits.
pub async fn serve_axum_site() -> Served {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind 127.0.0.1:0");
    let addr = listener.local_addr().expect("local address");
    let limits = axum_site::serve::Limits::default();
    let server = AbortOnDrop(tokio::spawn(async move {
        let _ = axum_site::serve::serve(listener, axum_site::app(), limits).await;
    }));
    Served {
        url: format!("http://{addr}/"),
        addr,
        _servers: vec![server],
    }
}

/// A site whose only page never answers.
pub async fn serve_never_settling() -> Served {
    let app = Router::new().route("/", get(std::future::pending::<()>));
    let (addr, server) = serve(app).await;
    Served {
        url: format!("http://{addr}/"),
        addr,
        _servers: vec![server],
    }
}

/// A URL on 127.0.0.1 where nothing listens (a port the system assigned, then closed).
pub async fn refusing_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind 127.0.0.1:0");
    let addr = listener.local_addr().expect("local address");
    drop(listener);
    format!("http://{addr}/")
}

/// Kills (`SIGKILL`) the main browser processes whose command line names `profile_marker`,
/// as a crash would end them, and returns how many there were.
#[must_use]
pub fn crash_browsers(profile_marker: &str) -> usize {
    let pids: Vec<String> = processes(profile_marker)
        .into_iter()
        .filter(|(_, cmdline)| !cmdline.contains("--type="))
        .map(|(pid, _)| pid)
        .collect();
    for pid in &pids {
        let _ = std::process::Command::new("kill")
            .args(["-KILL", pid])
            .status();
    }
    pids.len()
}

/// The Chromium processes whose command line names `profile_marker` (part of the audit's
/// `--user-data-dir`, `cookie-registry-audit-<pid>-`): what the audit must leave none of.
#[must_use]
pub fn browser_processes(profile_marker: &str) -> usize {
    processes(profile_marker).len()
}

/// The process ids and command lines that name `profile_marker`.
fn processes(profile_marker: &str) -> Vec<(String, String)> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let pid = entry.file_name().to_str()?.to_owned();
            if !pid.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let cmdline = std::fs::read(entry.path().join("cmdline")).ok()?;
            let cmdline = String::from_utf8_lossy(&cmdline).replace('\0', " ");
            (cmdline.contains(profile_marker) && !cmdline.contains("cookie-registry-tests"))
                .then_some((pid, cmdline))
        })
        .collect()
}
