//! The `axum_site` example's shop on actix-web 4: the same registry, routes and behaviour,
//! with consent enforced by [`ConsentMiddleware`]:
//!
//! - `GET /` sets a cookie of every category; the middleware lets through only those the
//!   visitor agreed to, and the page says which categories are granted;
//! - `/consent` is the library's [`ConsentEndpoint`]: `POST` the form `choice=all`,
//!   `choice=necessary` or `choice=custom&category=statistics` records the visitor's choice in
//!   the consent cookie, deletes the cookies the new choice no longer allows, and redirects
//!   back; `GET` answers the current state as JSON;
//! - `GET /cookies` is the cookie policy page, its table generated from the registry;
//! - `GET /echo` answers with the `Cookie` header the handler received, after filtering.
//!
//! ```text
//! cargo run -p cookie-registry --features actix --example actix_site
//! PORT=8080 cargo run -p cookie-registry --features actix --example actix_site
//! ```
//!
//! It listens on 127.0.0.1, on the port in `PORT` or else one the system assigns, and prints
//! the address.

use std::net::{Ipv4Addr, TcpListener};

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::http::header::{COOKIE, ContentType, SET_COOKIE};
use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use cookie_registry::actix::{ConsentEndpoint, ConsentMiddleware};
use cookie_registry::{Category, ConsentRecord, ConsentState, CookieRegistry, RefusedSetCookie};

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

/// The site, with `on_refused` for the `Set-Cookie` headers consent refuses (with
/// [`RefusedSetCookie::PassAndLog`] the responses carry every cookie the handlers set, which is
/// what an audit of the declarations wants to see), and `endpoint` at `/consent`.
///
/// `HttpServer` builds the app once per worker thread, so it takes the endpoint to clone
/// rather than a record sink.
pub fn app(
    on_refused: RefusedSetCookie,
    endpoint: ConsentEndpoint<Cookies>,
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
        .wrap(ConsentMiddleware::<Cookies>::new().on_refused(on_refused))
        .route("/", web::get().to(home))
        .route("/consent", web::to(endpoint))
        .route("/cookies", web::get().to(policy))
        .route("/echo", web::get().to(echo))
}

/// The consent endpoint, handing the record of every decision to [`log_record`].
pub fn endpoint() -> ConsentEndpoint<Cookies> {
    ConsentEndpoint::<Cookies>::new().on_record(log_record)
}

/// Where the site keeps its proof of consent (GDPR art. 7(1)): here, one line on standard
/// error per decision; a site writes it to its database.
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

/// Sets a cookie of every category; the middleware keeps those the consent allows.
async fn home(state: web::ReqData<ConsentState>) -> HttpResponse {
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
    // One `Set-Cookie` header per cookie: actix-web's own cookie type is `cookie` 0.16, so the
    // registry's 0.18 cookies are written as header values.
    let mut response = HttpResponse::Ok();
    for cookie in cookies {
        response.append_header((SET_COOKIE, cookie.to_string()));
    }
    response.content_type(ContentType::html()).body(page)
}

/// The cookie policy page.
async fn policy() -> HttpResponse {
    HttpResponse::Ok()
        .content_type(ContentType::html())
        .body(format!(
            "<!doctype html>\n<title>Cookie policy</title>\n<h1>Cookie policy</h1>\n{}",
            Cookies::policy_table().to_html()
        ))
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
    println!("listening on http://{}", listener.local_addr()?);
    let endpoint = endpoint();
    let server = HttpServer::new(move || app(RefusedSetCookie::Drop, endpoint.clone()))
        .listen(listener)?
        .run();
    actix_web::rt::System::new().block_on(server)
}
