//! A small axum site whose cookies are declared in one registry and whose consent is enforced
//! by [`ConsentLayer`]:
//!
//! - `GET /` sets a cookie of every category; the layer lets through only those the visitor
//!   agreed to, and the page says which categories are granted;
//! - `/consent` is the library's [`ConsentEndpoint`]: `POST` the form `choice=all`,
//!   `choice=necessary` or `choice=custom&category=statistics` records the visitor's choice in
//!   the consent cookie, deletes the cookies the new choice no longer allows, and redirects
//!   back; `GET` answers the current state as JSON;
//! - `GET /cookies` is the cookie policy page, its table generated from the registry;
//! - `GET /echo` answers with the `Cookie` header the handler received, after filtering.
//!
//! ```text
//! cargo run -p cookie-registry --features tower --example axum_site
//! PORT=8080 cargo run -p cookie-registry --features tower --example axum_site
//! ```
//!
//! It listens on 127.0.0.1, on the port in `PORT` or else one the system assigns, and prints
//! the address.

use std::net::Ipv4Addr;

use axum::http::HeaderMap;
use axum::http::header::{COOKIE, SET_COOKIE};
use axum::response::{AppendHeaders, Html, IntoResponse};
use axum::routing::get;
use axum::{Extension, Router};
use cookie_registry::cookie::Cookie;
use cookie_registry::{
    Category, ConsentEndpoint, ConsentLayer, ConsentRecord, ConsentState, CookieRegistry,
    RefusedSetCookie,
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
}

/// The site's Google Analytics property: its session cookie is `_ga_<PROPERTY>`.
pub const GA_PROPERTY: &str = "DEMO42";

/// The site, with refused `Set-Cookie` headers dropped.
pub fn app() -> Router {
    app_with(RefusedSetCookie::Drop)
}

/// The site, with `on_refused` for the `Set-Cookie` headers consent refuses: with
/// [`RefusedSetCookie::PassAndLog`] the responses carry every cookie the handlers set, which is
/// what an audit of the declarations wants to see.
pub fn app_with(on_refused: RefusedSetCookie) -> Router {
    app_recording(on_refused, log_record)
}

/// The site, handing the record of every consent decision to `sink` (a site writes it to its
/// database; the proof of consent GDPR art. 7(1) asks for).
pub fn app_recording(
    on_refused: RefusedSetCookie,
    sink: impl Fn(&ConsentRecord) + Send + Sync + 'static,
) -> Router {
    Router::new()
        .route("/", get(home))
        .route_service(
            "/consent",
            ConsentEndpoint::<Cookies>::new().on_record(sink),
        )
        .route("/cookies", get(policy))
        .route("/echo", get(echo))
        .layer(ConsentLayer::<Cookies>::new().on_refused(on_refused))
}

/// Where the site keeps its proof of consent: here, one line on standard error per decision.
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

/// Sets a cookie of every category; the layer keeps those the consent allows.
async fn home(Extension(state): Extension<ConsentState>) -> impl IntoResponse {
    let ga_session = Cookies::GaSession
        .build_named(
            format!("{}{GA_PROPERTY}", Cookies::GaSession.name()),
            "GS1.1.1700000000",
        )
        .build();
    let cookies = [
        Cookies::Session.build("s3ss10n").build(),
        Cookies::Theme.build("dark").build(),
        Cookies::Ga.build("GA1.1.123456789.1700000000").build(),
        ga_session,
        Cookies::Fbp.build("fb.1.1700000000.987654321").build(),
    ];
    let granted: Vec<&str> = state.consent().granted().map(Category::as_str).collect();
    let page = format!(
        "<!doctype html>\n<title>Example Shop</title>\n<h1>Example Shop</h1>\n\
         <p>Cookie categories you agreed to: {}.</p>\n\
         <form method=\"post\" action=\"/consent\">\
         <input type=\"hidden\" name=\"return_to\" value=\"/\">\
         <button name=\"choice\" value=\"all\">Accept all cookies</button>\
         <button name=\"choice\" value=\"necessary\">Necessary cookies only</button>\
         <label><input type=\"checkbox\" name=\"category\" value=\"statistics\"> Statistics</label>\
         <button name=\"choice\" value=\"custom\">Save my choice</button></form>\n\
         <p><a href=\"/cookies\">Our cookie policy</a></p>\n",
        granted.join(", ")
    );
    (set_cookies(cookies), Html(page))
}

/// The cookie policy page.
async fn policy() -> Html<String> {
    Html(format!(
        "<!doctype html>\n<title>Cookie policy</title>\n<h1>Cookie policy</h1>\n{}",
        Cookies::policy_table().to_html()
    ))
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
    println!("listening on http://{}", listener.local_addr()?);
    axum::serve(listener, app()).await
}
