//! Real-browser tests: the `axum_site` example served on 127.0.0.1 (a port the system assigns),
//! driven by the system Chromium through Node and `playwright-core` (`tests/browser/*.test.mjs`).
//!
//! Needs `node`, Chromium (`/usr/bin/chromium`, or the path in `CHROMIUM`) and
//! `npm ci --ignore-scripts` in `tests/browser`. When one is missing the tests say so and pass,
//! except under `CI=true`, where a missing browser is a failure, never a silent skip.
//! Screenshots go to the test's target directory, or to `COOKIE_REGISTRY_SCREENSHOTS` (the
//! README's are made with `COOKIE_REGISTRY_SCREENSHOTS=docs/screenshots`).
//!
//! Longer than 400 lines: one Chromium session drives every banner scenario in turn (starting
//! the browser is the slow part), so the scenarios share this file and its session helpers.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::Mutex;
use std::time::Duration;

use axum::Router;
use axum::response::Html;
use axum::routing::get;
use cookie_registry::{Category, Consent, ConsentRecord, CookieRegistry};
use tokio::net::TcpListener;
use tokio::process::Command;
use tokio::task::JoinHandle;
use tokio::time::timeout;

#[allow(dead_code)] // the example's `main` is not called here
#[path = "../../cookie-registry/examples/axum_site.rs"]
mod axum_site;

/// The longest one test file may run, browser start included.
const DEADLINE: Duration = Duration::from_secs(180);

/// One Chromium at a time: the machine has two cores, and parallel browsers only slow each other.
static ONE_BROWSER: Mutex<()> = Mutex::new(());

/// A server on 127.0.0.1 in this test's runtime; stopped when dropped.
struct Server {
    addr: SocketAddr,
    task: JoinHandle<()>,
}

impl Server {
    async fn start(app: Router) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local address");
        let task = tokio::spawn(async move {
            axum::serve(listener, app).await.expect("serve");
        });
        Server { addr, task }
    }

    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Another origin (same host, another port) whose pages post to the site's consent endpoint,
/// as a hostile site would: `/auto` submits by itself, `/button` waits for a click (for the run
/// without JavaScript).
fn attacker(site: &str) -> Router {
    let form = |auto: bool| {
        format!(
            "<!doctype html><html lang=\"en\"><title>Win a prize</title>\
             <form id=\"f\" method=\"post\" action=\"{site}/consent\">\
             <input type=\"hidden\" name=\"choice\" value=\"all\">\
             <input type=\"hidden\" name=\"return_to\" value=\"/\">\
             <button id=\"go\">Claim</button></form>{}</html>",
            if auto {
                "<script>document.getElementById('f').submit()</script>"
            } else {
                ""
            }
        )
    };
    let (auto, button) = (form(true), form(false));
    Router::new()
        .route("/auto", get(move || async move { Html(auto) }))
        .route("/button", get(move || async move { Html(button) }))
}

/// The example's registry as it was before its Statistics cookies changed (the same
/// declarations, with a revision bump in Statistics): a consent it recorded is stale in
/// Statistics for the example, and still valid in the other categories.
#[derive(CookieRegistry, Debug, Clone, Copy)]
#[registry(provider = "Example Shop", consent_cookie = CookieConsent, revision(statistics = 7))]
enum Before {
    #[cookie(name = "sid", category = Necessary, purpose = "Session", path = "/")]
    Session,
    #[cookie(name = "cookie_consent", category = Necessary, purpose = "Choice", path = "/",
             max_age = "26w")]
    CookieConsent,
    #[cookie(name = "theme", category = Preferences, purpose = "Theme", path = "/",
             max_age = "365d")]
    Theme,
    #[cookie(name = "_ga", category = Statistics, provider = "Google", purpose = "Visitors",
             path = "/", max_age = "390d")]
    Ga,
    #[cookie(prefix = "_ga_", category = Statistics, provider = "Google", purpose = "Visits",
             path = "/", max_age = "390d")]
    GaSession,
    #[cookie(name = "_fbp", category = Marketing, provider = "Meta", purpose = "Ads", path = "/",
             max_age = "90d")]
    Fbp,
    #[cookie(name = "ad_profile", category = Marketing, provider = "Meta", storage = local,
             purpose = "Ad interests")]
    AdProfile,
    #[cookie(name = "cc_cookie", category = Necessary, storage = local, purpose = "Banner")]
    CcCookie,
    #[cookie(name = "klaro", category = Necessary, storage = local, purpose = "Banner")]
    KlaroRecord,
}

/// A consent cookie value granting Statistics and Marketing under [`Before`]'s revisions.
fn stale_consent() -> String {
    use axum_site::Cookies;
    for category in [
        Category::Necessary,
        Category::Preferences,
        Category::Marketing,
    ] {
        assert_eq!(
            Before::revision(category),
            Cookies::revision(category),
            "{category}"
        );
    }
    assert_ne!(
        Before::revision(Category::Statistics),
        Cookies::revision(Category::Statistics)
    );
    let granted = Consent::necessary_only()
        .with(Category::Statistics)
        .with(Category::Marketing);
    ConsentRecord::new::<Before>(granted, None).cookie_value()
}

/// What the browser tests need, or why they cannot run.
fn prerequisites(dir: &Path) -> Result<PathBuf, String> {
    let chromium = std::env::var_os("CHROMIUM")
        .map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from);
    if !chromium.exists() {
        return Err(format!(
            "no Chromium at {} (apt-get install chromium, or set CHROMIUM)",
            chromium.display()
        ));
    }
    let node = std::process::Command::new("node")
        .arg("--version")
        .output()
        .map_err(|e| format!("node cannot be run: {e}"))?;
    if !node.status.success() {
        return Err("node --version failed".to_owned());
    }
    for package in [
        "playwright-core",
        "vanilla-cookieconsent",
        "klaro",
        "vnu-jar",
    ] {
        if !dir
            .join("node_modules")
            .join(package)
            .join("package.json")
            .exists()
        {
            return Err(format!(
                "{package} is not installed: run npm ci --ignore-scripts in {}",
                dir.display()
            ));
        }
    }
    Ok(chromium)
}

/// Runs one `tests/browser/<file>` with Node's test runner against a freshly started example
/// site and attacker origin, and fails with the runner's output when a test fails.
fn run(file: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("browser");
    let chromium = match prerequisites(&dir) {
        Ok(chromium) => chromium,
        Err(reason) => {
            cookie_registry_tests::skip(&format!("browser test {file}"), &reason);
            return;
        }
    };
    let screenshots = std::env::var_os("COOKIE_REGISTRY_SCREENSHOTS").map_or_else(
        || Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser-screenshots"),
        |dir| Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(dir),
    );
    let _one = ONE_BROWSER
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(async {
        let site = Server::start(axum_site::app()).await;
        let evil = Server::start(attacker(&site.url())).await;
        let child = Command::new("node")
            .args(["--test", "--test-reporter=spec", file])
            .current_dir(&dir)
            .env("SITE_URL", site.url())
            .env("ATTACKER_URL", evil.url())
            .env("SCREENSHOT_DIR", &screenshots)
            .env("CHROMIUM", &chromium)
            .env("STALE_CONSENT", stale_consent())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("start node");
        let output = timeout(DEADLINE, child.wait_with_output())
            .await
            .unwrap_or_else(|_| panic!("{file}: did not finish within {DEADLINE:?}"))
            .expect("node's output");
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        println!("{stdout}");
        eprintln!("{stderr}");
        assert!(output.status.success(), "{file} failed: {}", output.status);
    });
}

/// A free port on 127.0.0.1, chosen by the system (for nginx, which takes a port number).
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port()
}

/// A Debian nginx in the foreground with its own prefix and config in a temporary directory;
/// killed when dropped.
struct Nginx {
    child: std::process::Child,
    dir: PathBuf,
}

impl Nginx {
    /// nginx on 127.0.0.1:`port` proxying everything to `upstream` with its default
    /// `proxy_set_header Host $proxy_host` (written out), for each `(port, upstream)`.
    fn start(binary: &Path, routes: &[(u16, SocketAddr)]) -> Nginx {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
            "nginx-{}-{}",
            std::process::id(),
            routes.first().map_or(0, |(port, _)| *port)
        ));
        std::fs::create_dir_all(&dir).expect("nginx's directory");
        let mut servers = String::new();
        for (port, upstream) in routes {
            servers.push_str(&format!(
                "server {{ listen 127.0.0.1:{port}; location / {{ \
                 proxy_pass http://{upstream}; proxy_set_header Host $proxy_host; }} }}\n"
            ));
        }
        let d = dir.display();
        let config = format!(
            "error_log {d}/error.log; pid {d}/nginx.pid; events {{}}\n\
             http {{ access_log off; client_body_temp_path {d}/body; proxy_temp_path {d}/proxy;\n\
             fastcgi_temp_path {d}/fastcgi; uwsgi_temp_path {d}/uwsgi; scgi_temp_path {d}/scgi;\n\
             {servers}}}\n"
        );
        std::fs::write(dir.join("nginx.conf"), config).expect("nginx.conf");
        let child = std::process::Command::new(binary)
            .arg("-p")
            .arg(&dir)
            .arg("-c")
            .arg(dir.join("nginx.conf"))
            .args(["-g", "daemon off; master_process off;"])
            .stdin(Stdio::null())
            .spawn()
            .expect("start nginx");
        let nginx = Nginx { child, dir };
        for (port, _) in routes {
            nginx.wait_for(*port);
        }
        nginx
    }

    /// Waits until nginx accepts connections on `port` (at most 10 s).
    fn wait_for(&self, port: u16) {
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                std::time::Instant::now() < deadline,
                "nginx did not listen on {port}: {}",
                std::fs::read_to_string(self.dir.join("error.log")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Runs `tests/browser/<file>` with Node's test runner and these variables, and fails with the
/// runner's output when a test fails.
async fn run_node(dir: &Path, chromium: &Path, file: &str, vars: &[(&str, &str)]) {
    let child = Command::new("node")
        .args(["--test", "--test-reporter=spec", file])
        .current_dir(dir)
        .envs(vars.iter().copied())
        .env("CHROMIUM", chromium)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("start node");
    let output = timeout(DEADLINE, child.wait_with_output())
        .await
        .unwrap_or_else(|_| panic!("{file}: did not finish within {DEADLINE:?}"))
        .expect("node's output");
    println!("{}", String::from_utf8_lossy(&output.stdout));
    eprintln!("{}", String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "{file} failed: {}", output.status);
}

/// The banner's post from a real Chromium through a real nginx: `303` when the site's
/// endpoint has `allowed_origin` set to nginx's origin, `403` without (nginx hands the app its
/// upstream address as `Host`).
#[test]
fn banner_post_behind_nginx() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("browser");
    let nginx =
        std::env::var_os("NGINX").map_or_else(|| PathBuf::from("/usr/sbin/nginx"), PathBuf::from);
    let chromium = match prerequisites(&dir) {
        Ok(_) if !nginx.exists() => Err(format!(
            "no nginx at {} (apt-get install nginx, or set NGINX)",
            nginx.display()
        )),
        other => other,
    };
    let chromium = match chromium {
        Ok(chromium) => chromium,
        Err(reason) => {
            cookie_registry_tests::skip("browser test banner_post_behind_nginx", &reason);
            return;
        }
    };
    let _one = ONE_BROWSER
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(async {
        let (configured_port, unconfigured_port) = (free_port(), free_port());
        let configured_url = format!("http://127.0.0.1:{configured_port}");
        let unconfigured_url = format!("http://127.0.0.1:{unconfigured_port}");
        let drop_refused = cookie_registry::RefusedSetCookie::Drop;
        let configured = Server::start(axum_site::app_for_origins(
            drop_refused,
            |_| {},
            Some(&configured_url),
        ))
        .await;
        let unconfigured =
            Server::start(axum_site::app_for_origins(drop_refused, |_| {}, None)).await;
        let _nginx = Nginx::start(
            &nginx,
            &[
                (configured_port, configured.addr),
                (unconfigured_port, unconfigured.addr),
            ],
        );
        run_node(
            &dir,
            &chromium,
            "proxy.test.mjs",
            &[
                ("SITE_URL", &configured_url),
                ("PROXY_CONFIGURED_URL", &configured_url),
                ("PROXY_UNCONFIGURED_URL", &unconfigured_url),
            ],
        )
        .await;
    });
}

#[test]
fn site() {
    run("site.test.mjs");
}

#[test]
fn cookieconsent_and_klaro_configs() {
    run("configs.test.mjs");
}

#[test]
fn storage_withdrawal_and_configs_that_follow_the_page() {
    run("signals.test.mjs");
}

#[test]
fn pages_are_valid_html() {
    run("html.test.mjs");
}
