//! The `axum_site` example's shop on actix-web 4: the same registry, routes and behaviour, with
//! consent enforced by [`ConsentMiddleware`]:
//!
//! - `GET /` sets a cookie of every category; the middleware lets through only those the
//!   visitor agreed to, and the page says which categories are granted. While the visitor has
//!   to be asked, the page shows the built-in [`Banner`];
//! - `/consent` is the library's [`ConsentEndpoint`]: `POST` the form `choice=all`,
//!   `choice=necessary` or `choice=custom&category=statistics` records the visitor's choice in
//!   the consent cookie, deletes the cookies the new choice no longer allows, and redirects
//!   back; `GET` answers the current state as JSON;
//! - `GET /cookies` is the cookie policy page: the settings form, then a section per category;
//! - every page carries Google Consent Mode v2's `default` call in `<head>`, a statistics
//!   script rendered live or inert by consent, and a strict Content-Security-Policy;
//! - `GET /cookie-registry/banner.css` and `/cookie-registry/banner.js` are the banner's
//!   assets; `/cookieconsent-config.js` and `/klaro-config.js` the generated configs for sites
//!   that use those banners instead;
//! - the consent model follows the visitor's country: the opt-out model (US state laws) when
//!   the request carries `CF-IPCountry: US`, the opt-in model otherwise; a browser's Global
//!   Privacy Control signal (`Sec-GPC: 1`) is honoured, and `/.well-known/gpc.json` says so; a
//!   honoured opt-out is kept as a record of its own (method `gpc`) in the same store;
//! - `GET /echo` answers with the `Cookie` header the handler received, after filtering;
//! - every decision's record is kept before the endpoint answers (`ConsentEndpoint::store`):
//!   in the SQLite file `CONSENT_DB` (default `./consent.db`, created on first run), or in
//!   PostgreSQL when `DATABASE_URL=postgres://...` is set.
//!
//! ```text
//! cargo run -p cookie-registry --features actix --example actix_site
//! PORT=8080 cargo run -p cookie-registry --features actix --example actix_site
//! ```
//!
//! It listens on 127.0.0.1, on the port in `PORT` or else one the system assigns, and prints
//! the address.
//!
//! Longer than 400 lines: an example is read top to bottom, and this one is a whole shop (its
//! registry with every attribute documented, pages, consent plumbing and ledger) in one file.

use std::net::{Ipv4Addr, TcpListener};
use std::sync::Arc;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::http::header::{CONTENT_SECURITY_POLICY, COOKIE, ContentType, SET_COOKIE};
use actix_web::{App, HttpRequest, HttpResponse, HttpResponseBuilder, HttpServer, web};
use cookie_registry::actix::{ConsentEndpoint, ConsentMiddleware, GpcOptOut};
use cookie_registry::banner::{self, Asset, Banner};
use cookie_registry::js_config::JsConfigs as _;
use cookie_registry::signals::{GPC_JSON_PATH, GpcJson, Regime, RequestView};
use cookie_registry::{
    Category, ConsentId, ConsentRecord, ConsentState, ConsentStore, CookieBuilderExt as _,
    CookieRegistry, RefusedSetCookie,
};

/// Every cookie the site sets.
#[derive(CookieRegistry, Debug, Clone, Copy, PartialEq, Eq)]
#[registry(provider = "Example Shop", consent_cookie = CookieConsent)]
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
    CookieConsent,
    /// The colour theme.
    #[cookie(
        name = "theme",
        category = Preferences,
        purpose = "To remember the chosen colour theme",
        path = "/",
        max_age = "365d",
    )]
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
    Fbp,
    /// Meta's audience profile, kept in the browser's `localStorage` by its script.
    #[cookie(
        name = "ad_profile",
        category = Marketing,
        provider = "Meta",
        storage = local,
        purpose = "To keep the advertising interests inferred from the visitor's browsing",
    )]
    AdProfile,
    /// The cookieconsent banner's own record, for sites that use its generated config.
    #[cookie(
        name = "cc_cookie",
        category = Necessary,
        storage = local,
        purpose = "To remember the choice made in the cookieconsent banner",
    )]
    CcCookie,
    /// The Klaro banner's own record, for sites that use its generated config.
    #[cookie(
        name = "klaro",
        category = Necessary,
        storage = local,
        purpose = "To remember the choice made in the Klaro banner",
    )]
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

/// The site, with `on_refused` for the `Set-Cookie` headers consent refuses (with
/// [`RefusedSetCookie::PassAndLog`] the responses carry every cookie the handlers set, which is
/// what an audit of the declarations wants to see), `endpoint` at `/consent`, and `gpc`
/// recording each honoured Global Privacy Control opt-out (inside the consent middleware, whose
/// state it reads).
///
/// `HttpServer` builds the app once per worker thread, so it takes the endpoint to clone
/// rather than a record sink.
pub fn app(
    on_refused: RefusedSetCookie,
    endpoint: ConsentEndpoint<Cookies>,
    gpc: GpcOptOut<Cookies>,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    App::new()
        .wrap(gpc)
        .wrap(
            ConsentMiddleware::<Cookies>::new()
                .on_refused(on_refused)
                .regime(regime),
        )
        .route("/", web::get().to(home))
        .route("/consent", web::to(endpoint.regime(regime)))
        .route(GPC_JSON_PATH, web::to(gpc_json()))
        .route("/cookies", web::get().to(policy))
        .route("/echo", web::get().to(echo))
        // The banner's assets, and the configs for sites that use cookieconsent or Klaro.
        .route(
            banner::STYLESHEET.path,
            web::to(banner::STYLESHEET.handler()),
        )
        .route(banner::SCRIPT.path, web::to(banner::SCRIPT.handler()))
        .route(SITE_CSS.path, web::to(SITE_CSS.handler()))
        .route(
            "/favicon.ico",
            web::get().to(|| async { HttpResponse::NoContent().finish() }),
        )
        .route(STATS_JS.path, web::to(STATS_JS.handler()))
        .route(
            "/cookieconsent-config.js",
            web::get().to(|| script(Cookies::cookieconsent_module())),
        )
        .route(
            "/klaro-config.js",
            web::get().to(|| script(Cookies::klaro_module())),
        )
}

/// The consent endpoint, keeping the record of every decision in `store` before it answers
/// (`503` and no change when the store fails), then handing it to [`log_record`], and accepting
/// consent from the origins in `CONSENT_ALLOWED_ORIGIN` (separated by commas; behind a reverse
/// proxy, the site's public origin). Panics on a malformed one: the site refuses to start.
pub fn endpoint(store: impl ConsentStore + 'static) -> ConsentEndpoint<Cookies> {
    let mut endpoint = ConsentEndpoint::<Cookies>::new()
        .store(store)
        .on_record(log_record);
    let origins = std::env::var("CONSENT_ALLOWED_ORIGIN").unwrap_or_default();
    for origin in origins.split(',').map(str::trim).filter(|o| !o.is_empty()) {
        endpoint = endpoint.allowed_origin(origin);
    }
    endpoint
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

/// Sets a cookie of every category; the middleware keeps those the consent allows. The banner
/// is shown while the visitor has to be asked.
async fn home(state: web::ReqData<ConsentState>) -> HttpResponse {
    let state = state.into_inner();
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
    let banner = Banner::<Cookies>::new(&state)
        .return_to("/")
        .policy_link("/cookies");
    let page = Page {
        title: "Example Shop",
        state: &state,
        main: &main,
        banner: &banner.to_string(),
    };
    // One `Set-Cookie` header per cookie: actix-web's own cookie type is `cookie` 0.16, so the
    // registry's 0.18 cookies are written as header values.
    let mut response = HttpResponse::Ok();
    for cookie in cookies.into_iter().flatten() {
        response.append_header((SET_COOKIE, cookie.to_string()));
    }
    page.render(&mut response)
}

/// The cookie policy page: the settings form (always shown, so consent is withdrawn as easily
/// as it was given), then the policy with a section per category.
async fn policy(state: web::ReqData<ConsentState>) -> HttpResponse {
    let state = state.into_inner();
    let mut main = String::from(
        "<h1>Cookie policy</h1>\n\
         <p>This page lists every cookie Example Shop uses, generated from the same declarations \
         the server enforces.</p>\n",
    );
    main.push_str(
        &Banner::<Cookies>::settings(&state)
            .return_to("/cookies")
            .to_string(),
    );
    // One section per category: a heading, whether it needs consent, and its cookies with
    // provider, purpose, duration and party.
    main.push_str(&Cookies::policy_table().page().to_html());
    let banner = Banner::<Cookies>::new(&state).return_to("/cookies");
    let page = Page {
        title: "Cookie policy",
        state: &state,
        main: &main,
        banner: &banner.to_string(),
    };
    page.render(&mut HttpResponse::Ok())
}

/// The page around each handler's content: Consent Mode v2 in `<head>` (right on first
/// paint, since the server knows the consent), the banner's stylesheet and optional script,
/// a statistics script rendered live or inert by consent, and a strict Content-Security-Policy
/// that only the nonce'd Consent Mode script gets past.
struct Page<'a> {
    title: &'a str,
    state: &'a ConsentState,
    main: &'a str,
    banner: &'a str,
}

impl Page<'_> {
    fn render(&self, response: &mut HttpResponseBuilder) -> HttpResponse {
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
            "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>{title}</title>\n{consent_mode}\n{storage}\n{css}\n\
             <link rel=\"stylesheet\" href=\"/site.css\">\n{script}\n{stats}\n</head>\n<body>\n\
             <header class=\"site\"><a href=\"/\">Example Shop</a> \
             <a href=\"/cookies\">Cookie policy</a></header>\n\
             <main>\n{main}</main>\n{banner}</body>\n</html>\n",
            title = self.title,
            css = banner::STYLESHEET.tag(None),
            script = banner::SCRIPT.tag(None),
            main = self.main,
            banner = self.banner,
        );
        let csp = format!(
            "default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self'; \
             object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
        );
        response
            .insert_header((CONTENT_SECURITY_POLICY, csp))
            .content_type(ContentType::html())
            .body(html)
    }
}

/// The example's own stylesheet, for the page around the banner.
const SITE_CSS: Asset = Asset::new(
    "/site.css",
    "text/css; charset=utf-8",
    "body{margin:0;font:1rem/1.5 system-ui,sans-serif;color:#1f2937;background:#f8fafc}\n\
     header.site{display:flex;gap:1.5rem;padding:1rem 1.5rem;background:#0f172a}\n\
     header.site a{color:#fff}\n\
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

async fn script(body: String) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/javascript; charset=utf-8")
        .body(body)
}

/// The `Cookie` header as the handlers receive it, after the middleware filtered it.
async fn echo(request: HttpRequest) -> String {
    request
        .headers()
        .get(COOKIE)
        .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
        .unwrap_or_default()
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

fn main() -> std::io::Result<()> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, port()?))?;
    actix_web::rt::System::new().block_on(async move {
        let store = Arc::new(open_store().await?);
        let endpoint = endpoint(Arc::clone(&store));
        let gpc = GpcOptOut::new(store);
        println!("listening on http://{}", listener.local_addr()?);
        HttpServer::new(move || app(RefusedSetCookie::Drop, endpoint.clone(), gpc.clone()))
            .listen(listener)?
            .run()
            .await
    })
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
