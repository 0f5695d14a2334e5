//! A small axum site whose cookies are declared in one registry and whose consent is enforced
//! by [`ConsentLayer`]:
//!
//! - `GET /` sets a cookie of every category; the layer lets through only those the visitor
//!   agreed to, and the page says which categories are granted. While the visitor has to be
//!   asked, the page shows the built-in [`Banner`];
//! - `/consent` is the library's [`ConsentEndpoint`]: `POST` the form `choice=all`,
//!   `choice=necessary` or `choice=custom&category=statistics` records the visitor's choice in
//!   the consent cookie, deletes the cookies the new choice no longer allows, and redirects
//!   back; `GET` answers the current state as JSON;
//! - `GET /cookies` is the cookie policy page: the settings form, then a section per category;
//! - the banner and the policy speak English, German or Swedish (`#[registry(languages = ...)]`):
//!   `?lang=` when given, else the browser's `Accept-Language`; the header links to each;
//! - every page carries Google Consent Mode v2's `default` call in `<head>`, a statistics
//!   script rendered live or inert by consent, and a strict Content-Security-Policy;
//! - `GET /cookie-registry/banner.css` and `/cookie-registry/banner.js` are the banner's
//!   assets; `/cookieconsent-config.js` and `/klaro-config.js` the generated configs for sites
//!   that use those banners instead;
//! - the consent model follows the visitor's country: the opt-out model (US state laws) when
//!   the request carries `CF-IPCountry: US`, the opt-in model otherwise; a browser's Global
//!   Privacy Control signal (`Sec-GPC: 1`) is honoured, and `/.well-known/gpc.json` says so; a
//!   honoured opt-out is kept as a record of its own (method `gpc`) in the same store;
//! - `GET /echo` answers with the `Cookie` header the handler received, after filtering.
//! - every decision's record is kept before the endpoint answers (`ConsentEndpoint::store`):
//!   in the SQLite file `CONSENT_DB` (default `./consent.db`, created on first run), or in
//!   PostgreSQL when `DATABASE_URL=postgres://...` is set; `cookie-registry ledger show <id>`
//!   reads it back.
//!
//! ```text
//! cargo run -p cookie-registry --features tower --example axum_site
//! PORT=8080 cargo run -p cookie-registry --features tower --example axum_site
//! ```
//!
//! It listens on 127.0.0.1, on the port in `PORT` or else one the system assigns, and prints
//! the address. It serves under the limits of [`serve::Limits`]: a header-read and idle
//! timeout, a request timeout and a connection limit (`axum::serve` sets none of them). Behind
//! a reverse proxy, set `CONSENT_ALLOWED_ORIGIN` to the site's public origin
//! (`CONSENT_ALLOWED_ORIGIN=https://shop.example`; several separated by commas).
//!
//! Longer than 400 lines: an example is read top to bottom, and this one is a whole shop (its
//! registry with every attribute documented, pages, consent plumbing, signals and ledger) in
//! one file; only the server's limits live beside it, in `axum_site/serve.rs`.

#[path = "axum_site/serve.rs"]
pub mod serve;

use std::collections::HashMap;
use std::net::Ipv4Addr;
use std::sync::Arc;

use axum::extract::Query;
use axum::http::header::{
    ACCEPT_LANGUAGE, CONTENT_SECURITY_POLICY, CONTENT_TYPE, COOKIE, SET_COOKIE,
};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{AppendHeaders, Html, IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Router};
use cookie_registry::banner::{self, Asset, Banner};
use cookie_registry::cookie::Cookie;
use cookie_registry::js_config::JsConfigs as _;
use cookie_registry::signals::{GPC_JSON_PATH, GpcJson, Regime, RequestView};
use cookie_registry::{
    Category, ConsentEndpoint, ConsentId, ConsentLayer, ConsentRecord, ConsentState, ConsentStore,
    CookieBuilderExt as _, CookieRegistry, GpcOptOutLayer, MemoryStore, RefusedSetCookie,
};

/// Every cookie the site sets.
#[derive(CookieRegistry, Debug, Clone, Copy, PartialEq, Eq)]
#[registry(provider = "Example Shop", consent_cookie = CookieConsent, languages = ["en", "de", "sv"])]
pub enum Cookies {
    /// The visitor's session.
    #[cookie(
        name = "sid",
        category = Necessary,
        function = "Session",
        purpose = "To remember the visitor from one page to another",
        http_only,
        same_site = Lax,
        path = "/",
    )]
    #[cookie(
        lang = "de",
        function = "Sitzung",
        purpose = "Um den Besucher von einer Seite zur nächsten wiederzuerkennen"
    )]
    #[cookie(
        lang = "sv",
        function = "Session",
        purpose = "För att känna igen besökaren från en sida till nästa"
    )]
    Session,
    /// The visitor's consent choice, written by `POST /consent`.
    #[cookie(
        name = "cookie_consent",
        category = Necessary,
        function = "Cookie preferences",
        purpose = "To remember which cookie categories the visitor agreed to",
        same_site = Lax,
        path = "/",
        max_age = "26w",
    )]
    #[cookie(
        lang = "de",
        function = "Cookie-Einstellungen",
        purpose = "Um zu speichern, welchen Cookie-Kategorien der Besucher zugestimmt hat"
    )]
    #[cookie(
        lang = "sv",
        function = "Inställningar för kakor",
        purpose = "För att komma ihåg vilka kategorier av kakor besökaren har godkänt"
    )]
    CookieConsent,
    /// The colour theme.
    #[cookie(
        name = "theme",
        category = Preferences,
        purpose = "To remember the chosen colour theme",
        path = "/",
        max_age = "365d",
    )]
    #[cookie(lang = "de", purpose = "Um das gewählte Farbschema zu speichern")]
    #[cookie(lang = "sv", purpose = "För att komma ihåg det valda färgtemat")]
    Theme,
    /// Google Analytics' visitor id.
    #[cookie(
        name = "_ga",
        category = Statistics,
        provider = "Google",
        purpose = "To distinguish visitors in the site's statistics",
        path = "/",
        max_age = "390d",
    )]
    #[cookie(
        lang = "de",
        purpose = "Um Besucher in der Statistik der Website zu unterscheiden"
    )]
    #[cookie(
        lang = "sv",
        purpose = "För att skilja besökare åt i webbplatsens statistik"
    )]
    Ga,
    /// Google Analytics' session state, one cookie per property: `_ga_<property id>`.
    #[cookie(
        prefix = "_ga_",
        category = Statistics,
        provider = "Google",
        purpose = "To keep the state of a visit in the site's statistics",
        path = "/",
        max_age = "390d",
    )]
    #[cookie(
        lang = "de",
        purpose = "Um den Stand eines Besuchs in der Statistik der Website festzuhalten"
    )]
    #[cookie(
        lang = "sv",
        purpose = "För att hålla reda på ett besök i webbplatsens statistik"
    )]
    GaSession,
    /// Meta's advertising id.
    #[cookie(
        name = "_fbp",
        category = Marketing,
        provider = "Meta",
        purpose = "To show the visitor advertising on other sites",
        path = "/",
        max_age = "90d",
    )]
    #[cookie(
        lang = "de",
        purpose = "Um dem Besucher Werbung auf anderen Websites zu zeigen"
    )]
    #[cookie(
        lang = "sv",
        purpose = "För att visa besökaren reklam på andra webbplatser"
    )]
    Fbp,
    /// Meta's audience profile, kept in the browser's `localStorage` by its script.
    #[cookie(
        name = "ad_profile",
        category = Marketing,
        provider = "Meta",
        storage = local,
        purpose = "To keep the advertising interests inferred from the visitor's browsing",
    )]
    #[cookie(
        lang = "de",
        purpose = "Um die aus dem Surfverhalten abgeleiteten Werbeinteressen zu speichern"
    )]
    #[cookie(
        lang = "sv",
        purpose = "För att spara de reklamintressen som härletts från besökarens surfande"
    )]
    AdProfile,
    /// The cookieconsent banner's own record, for sites that use its generated config.
    #[cookie(
        name = "cc_cookie",
        category = Necessary,
        storage = local,
        purpose = "To remember the choice made in the cookieconsent banner",
    )]
    #[cookie(
        lang = "de",
        purpose = "Um die im cookieconsent-Banner getroffene Auswahl zu speichern"
    )]
    #[cookie(
        lang = "sv",
        purpose = "För att komma ihåg valet i cookieconsent-bannern"
    )]
    CcCookie,
    /// The Klaro banner's own record, for sites that use its generated config.
    #[cookie(
        name = "klaro",
        category = Necessary,
        storage = local,
        purpose = "To remember the choice made in the Klaro banner",
    )]
    #[cookie(
        lang = "de",
        purpose = "Um die im Klaro-Banner getroffene Auswahl zu speichern"
    )]
    #[cookie(lang = "sv", purpose = "För att komma ihåg valet i Klaro-bannern")]
    KlaroRecord,
}

/// The site's Google Analytics property: its session cookie is `_ga_<PROPERTY>`.
pub const GA_PROPERTY: &str = "DEMO42";

/// The consent model for a request: the opt-out model of the US state laws for visitors a CDN
/// places in the US (`CF-IPCountry`, the country header Cloudflare adds), the opt-in model
/// everywhere else. The same function serves the middleware and the consent endpoint.
pub fn regime(parts: &RequestView<'_>) -> Regime {
    match parts.header("cf-ipcountry") {
        Some(country) if country.eq_ignore_ascii_case("US") => Regime::OptOut,
        _ => Regime::OptIn,
    }
}

/// The site's `/.well-known/gpc.json`: it honours Global Privacy Control since this day.
pub fn gpc_json() -> GpcJson {
    GpcJson::last_updated("2026-12-04").unwrap_or_default()
}

/// The site, with refused `Set-Cookie` headers dropped.
pub fn app() -> Router {
    app_with(RefusedSetCookie::Drop)
}

/// The site, with `on_refused` for the `Set-Cookie` headers consent refuses: with
/// [`RefusedSetCookie::PassAndLog`] the responses carry every cookie the handlers set, which is
/// what an audit of the declarations wants to see. Proof of consent is kept in memory.
pub fn app_with(on_refused: RefusedSetCookie) -> Router {
    app_recording(on_refused, MemoryStore::new(), log_record)
}

/// The site, keeping the record of every consent decision in `store` before it answers (the
/// proof of consent GDPR art. 7(1) asks for; `503` and no change when the store fails), then
/// handing it to `sink`, for logging; accepting consent from the origins in
/// `CONSENT_ALLOWED_ORIGIN` (see [`app_for_origins`]).
pub fn app_recording(
    on_refused: RefusedSetCookie,
    store: impl ConsentStore + 'static,
    sink: impl Fn(&ConsentRecord) + Send + Sync + 'static,
) -> Router {
    let origins = std::env::var("CONSENT_ALLOWED_ORIGIN").ok();
    let store: Arc<dyn ConsentStore> = Arc::new(store);
    let endpoint = ConsentEndpoint::<Cookies>::new()
        .store(Arc::clone(&store))
        .on_record(sink);
    let endpoint = with_origins(endpoint, origins.as_deref());
    site(on_refused, endpoint, Some(GpcOptOutLayer::new(store)))
}

/// The site, with the consent endpoint accepting consent from `allowed_origins`, the site's
/// public origins separated by commas (`https://shop.example,https://www.shop.example`): the
/// line to set behind a reverse proxy. Without, the endpoint compares `Origin` with `Host`.
/// Proof of consent is kept in memory.
///
/// # Panics
/// When an origin is malformed: the site refuses to start rather than refuse every consent.
pub fn app_for_origins(
    on_refused: RefusedSetCookie,
    sink: impl Fn(&ConsentRecord) + Send + Sync + 'static,
    allowed_origins: Option<&str>,
) -> Router {
    let store = MemoryStore::new();
    let endpoint = ConsentEndpoint::<Cookies>::new()
        .store(store.clone())
        .on_record(sink);
    let endpoint = with_origins(endpoint, allowed_origins);
    site(on_refused, endpoint, Some(GpcOptOutLayer::new(store)))
}

/// `endpoint`, accepting consent from each of the comma-separated `allowed_origins`.
fn with_origins(
    mut endpoint: ConsentEndpoint<Cookies>,
    allowed_origins: Option<&str>,
) -> ConsentEndpoint<Cookies> {
    for origin in allowed_origins.unwrap_or_default().split(',') {
        if !origin.trim().is_empty() {
            endpoint = endpoint.allowed_origin(origin.trim());
        }
    }
    endpoint
}

/// The site, with `endpoint` at `/consent` (its store, store timeout, sink and origins as
/// configured), recording no GPC opt-out of its own.
pub fn app_with_endpoint(
    on_refused: RefusedSetCookie,
    endpoint: ConsentEndpoint<Cookies>,
) -> Router {
    site(on_refused, endpoint, None)
}

/// The site's routes inside its consent layer; with `gpc`, a honoured Global Privacy Control
/// opt-out is recorded in the store, once per visitor (`GpcOptOutLayer` sits inside the
/// consent layer, whose state it reads).
fn site(
    on_refused: RefusedSetCookie,
    endpoint: ConsentEndpoint<Cookies>,
    gpc: Option<GpcOptOutLayer<Cookies>>,
) -> Router {
    let routes = Router::new()
        .route("/", get(home))
        .route_service("/consent", endpoint.regime(regime))
        .route_service(GPC_JSON_PATH, gpc_json())
        .route("/cookies", get(policy))
        .route("/echo", get(echo))
        // The banner's assets, and the configs for sites that use cookieconsent or Klaro.
        .route_service(banner::STYLESHEET.path, banner::STYLESHEET.service())
        .route_service(banner::SCRIPT.path, banner::SCRIPT.service())
        .route_service(SITE_CSS.path, SITE_CSS.service())
        .route("/favicon.ico", get(|| async { StatusCode::NO_CONTENT }))
        .route_service(STATS_JS.path, STATS_JS.service())
        .route("/cookieconsent-config.js", get(cookieconsent_config))
        .route("/klaro-config.js", get(klaro_config));
    let routes = match gpc {
        Some(gpc) => routes.layer(gpc),
        None => routes,
    };
    routes.layer(
        ConsentLayer::<Cookies>::new()
            .on_refused(on_refused)
            .regime(regime),
    )
}

/// The site's log: one line on standard error per decision kept.
fn log_record(record: &ConsentRecord) {
    let granted: Vec<&str> = record.granted.iter().map(|c| c.as_str()).collect();
    let refused: Vec<&str> = record.refused.iter().map(|c| c.as_str()).collect();
    eprintln!(
        "consent {} at {}: granted {}; refused {}",
        record.id,
        record.decided_at,
        granted.join(","),
        refused.join(",")
    );
}

/// Sets a cookie of every category; the layer keeps those the consent allows. The banner is
/// shown while the visitor has to be asked.
async fn home(
    Extension(state): Extension<ConsentState>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let lang = language(&query, &headers);
    let ga_session = Cookies::GaSession
        .builder_named(
            format!("{}{GA_PROPERTY}", Cookies::GaSession.name()),
            "GS1.1.1700000000",
        )
        .map(|builder| builder.build());
    let cookies = [
        Some(Cookies::Session.builder("s3ss10n").build()),
        Some(Cookies::Theme.builder("dark").build()),
        Some(Cookies::Ga.builder("GA1.1.123456789.1700000000").build()),
        ga_session.ok(), // `_ga_<property>` is a member of the family: always built
        Some(Cookies::Fbp.builder("fb.1.1700000000.987654321").build()),
    ];
    let granted: Vec<&str> = state.consent().granted().map(Category::as_str).collect();
    let main = format!(
        "<h1>Example Shop</h1>\n\
         <p>Cookie categories you agreed to: {}.</p>\n{}\
         <p>Change your choice at any time on the <a href=\"/cookies\">cookie policy page</a>.</p>\n",
        granted.join(", "),
        if state.gpc_honoured() {
            "<p data-gpc=\"honoured\">Your browser's Global Privacy Control signal is honoured: \
             your personal information is not sold or shared.</p>\n"
        } else {
            ""
        }
    );
    let here = format!("/?lang={lang}");
    let banner = Banner::<Cookies>::new(&state)
        .lang(lang)
        .return_to(&here)
        .policy_link("/cookies");
    let page = Page {
        title: "Example Shop",
        lang,
        state: &state,
        main: &main,
        banner: &banner.to_string(),
    };
    (set_cookies(cookies.into_iter().flatten()), page.render()).into_response()
}

/// The cookie policy page: the settings form (always shown, so consent is withdrawn as easily
/// as it was given), then the policy with a section per category.
async fn policy(
    Extension(state): Extension<ConsentState>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let lang = language(&query, &headers);
    let here = format!("/cookies?lang={lang}");
    let mut main = String::from(
        "<h1>Cookie policy</h1>\n\
         <p>This page lists every cookie Example Shop uses, generated from the same declarations \
         the server enforces.</p>\n",
    );
    main.push_str(
        &Banner::<Cookies>::settings(&state)
            .lang(lang)
            .return_to(&here)
            .to_string(),
    );
    // One section per category: a heading, whether it needs consent, and its cookies with
    // provider, purpose, duration and party.
    let table = Cookies::policy_table();
    let table = table.clone().in_language(lang).unwrap_or(table);
    main.push_str(&table.page().to_html());
    let banner = Banner::<Cookies>::new(&state).lang(lang).return_to(&here);
    let page = Page {
        title: "Cookie policy",
        lang,
        state: &state,
        main: &main,
        banner: &banner.to_string(),
    };
    page.render().into_response()
}

/// The page around each handler's content: Consent Mode v2 in `<head>` (right on first
/// paint, since the server knows the consent), the banner's stylesheet and optional script,
/// a statistics script rendered live or inert by consent, and a strict Content-Security-Policy
/// that only the nonce'd Consent Mode script gets past.
struct Page<'a> {
    title: &'a str,
    /// The language of the banner and the policy, one of `Cookies::LANGUAGES`.
    lang: &'static str,
    state: &'a ConsentState,
    main: &'a str,
    banner: &'a str,
}

impl Page<'_> {
    fn render(&self) -> Response {
        // 128 bits from the OS, fresh for every response, as a CSP nonce.
        let nonce = ConsentId::random().to_string();
        let consent_mode = self
            .state
            .consent()
            .google_consent_mode()
            .head_script(Some(&nonce));
        let stats = self
            .state
            .gated_script(Category::Statistics, "/assets/stats.js");
        // The declared storage entries of refused categories, removed on first paint.
        let storage = self.state.storage_cleanup_script::<Cookies>(Some(&nonce));
        let html = format!(
            "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>{title}</title>\n{consent_mode}\n{storage}\n{css}\n\
             <link rel=\"stylesheet\" href=\"/site.css\">\n{script}\n{stats}\n</head>\n<body>\n\
             <header class=\"site\"><a href=\"/\">Example Shop</a> \
             <a href=\"/cookies\">Cookie policy</a>{switch}</header>\n\
             <main>\n{main}</main>\n{banner}</body>\n</html>\n",
            title = self.title,
            lang = self.lang,
            switch = language_switch(self.lang),
            css = banner::STYLESHEET.tag(None),
            script = banner::SCRIPT.tag(None),
            main = self.main,
            banner = self.banner,
        );
        let csp = format!(
            "default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self'; \
             object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
        );
        ([(CONTENT_SECURITY_POLICY, csp)], Html(html)).into_response()
    }
}

/// The language to show: `?lang=` when it names a declared language, else the best match for
/// the browser's `Accept-Language`.
fn language(query: &HashMap<String, String>, headers: &HeaderMap) -> &'static str {
    let asked = query.get("lang").map(String::as_str).unwrap_or_default();
    if let Some(lang) = Cookies::LANGUAGES
        .iter()
        .find(|l| l.eq_ignore_ascii_case(asked))
    {
        return lang;
    }
    let accept = headers
        .get(ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    Cookies::negotiate_language(accept)
}

/// Links to the page in each declared language, each named in its own language.
fn language_switch(current: &str) -> String {
    let mut nav = String::from("<nav class=\"languages\" aria-label=\"Language\">");
    for lang in Cookies::LANGUAGES {
        let name = match *lang {
            "de" => "Deutsch",
            "sv" => "Svenska",
            _ => "English",
        };
        let current = if *lang == current {
            " aria-current=\"true\""
        } else {
            ""
        };
        nav.push_str(&format!(
            "<a href=\"?lang={lang}\" hreflang=\"{lang}\" lang=\"{lang}\"{current}>{name}</a>"
        ));
    }
    nav.push_str("</nav>");
    nav
}

/// The example's own stylesheet, for the page around the banner.
const SITE_CSS: Asset = Asset::new(
    "/site.css",
    "text/css; charset=utf-8",
    "body{margin:0;font:1rem/1.5 system-ui,sans-serif;color:#1f2937;background:#f8fafc}\n\
     header.site{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;padding:1rem 1.5rem;background:#0f172a}\n\
     header.site a{color:#fff;white-space:nowrap}\n\
     header.site nav.languages{display:flex;gap:.75rem;margin-left:auto}\n\
     header.site a[aria-current]{font-weight:700;text-decoration:none}\n\
     main{max-width:60rem;margin:0 auto;padding:1.5rem}\n\
     table.cookie-policy{border-collapse:collapse;width:100%;background:#fff}\n\
     table.cookie-policy th,table.cookie-policy td{border:1px solid #e5e7eb;padding:.375rem .5rem;text-align:left;vertical-align:top}\n\
     .cr-settings{margin:1.5rem 0}\n\
     section.cookie-category{margin-top:2rem}\n",
);

/// A statistics script: stands for gtag.js. It only marks the page, so the tests can see
/// whether it ran.
const STATS_JS: Asset = Asset::new(
    "/assets/stats.js",
    "text/javascript; charset=utf-8",
    "document.documentElement.setAttribute(\"data-stats-loaded\", \"yes\");\n",
);

async fn cookieconsent_config() -> impl IntoResponse {
    (
        [(CONTENT_TYPE, "text/javascript; charset=utf-8")],
        Cookies::cookieconsent_module(),
    )
}

async fn klaro_config() -> impl IntoResponse {
    (
        [(CONTENT_TYPE, "text/javascript; charset=utf-8")],
        Cookies::klaro_module(),
    )
}

/// The `Cookie` header as the handlers receive it, after the layer filtered it.
async fn echo(headers: HeaderMap) -> String {
    headers
        .get(COOKIE)
        .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
        .unwrap_or_default()
}

/// One `Set-Cookie` header per cookie.
fn set_cookies(
    cookies: impl IntoIterator<Item = Cookie<'static>>,
) -> AppendHeaders<impl IntoIterator<Item = (axum::http::HeaderName, String)>> {
    AppendHeaders(
        cookies
            .into_iter()
            .map(|cookie| (SET_COOKIE, cookie.to_string())),
    )
}

/// The port to listen on: `PORT`, or 0 for one the system assigns.
fn port() -> std::io::Result<u16> {
    match std::env::var("PORT") {
        Ok(port) => port.parse().map_err(|_| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("PORT={port:?} is not a port number"),
            )
        }),
        Err(_) => Ok(0),
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, port()?)).await?;
    let store = open_store().await?;
    println!("listening on http://{}", listener.local_addr()?);
    let app = app_recording(RefusedSetCookie::Drop, store, log_record);
    serve::serve(listener, app, serve::Limits::default()).await
}

/// The consent ledger: PostgreSQL when `DATABASE_URL` is a `postgres://` URL, else the SQLite
/// file in `CONSENT_DB` (default `./consent.db`, created when missing), migrated.
async fn open_store() -> std::io::Result<cookie_registry_ledger::Ledger> {
    let url = match std::env::var("DATABASE_URL") {
        Ok(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => url,
        _ => {
            let path = std::env::var("CONSENT_DB").unwrap_or_else(|_| "./consent.db".to_owned());
            format!("sqlite://{path}")
        }
    };
    let failed = |error: cookie_registry_ledger::LedgerError| {
        std::io::Error::other(format!("the consent ledger at {url}: {error}"))
    };
    let ledger = cookie_registry_ledger::Ledger::connect(&url)
        .await
        .map_err(failed)?;
    ledger.migrate().await.map_err(failed)?;
    Ok(ledger)
}
