//! The consent engine for actix-web 4: [`ConsentMiddleware`], the middleware, and
//! [`ConsentEndpoint`], the consent endpoint. Needs the `actix` feature.
//!
//! Both are thin adapters over the framework-free [`engine`](crate::engine), as the
//! `tower` ones are: they translate actix-web's requests and responses, and make
//! no decision of their own, so a site behaves the same on either framework.
//!
//! ```no_run
//! use actix_web::{App, HttpServer, web};
//! use cookie_registry::actix::{ConsentEndpoint, ConsentMiddleware};
//! use cookie_registry::{ConsentState, CookieRegistry};
//!
//! #[derive(CookieRegistry)]
//! #[registry(provider = "Acme", consent_cookie = Choice)]
//! enum Cookies {
//!     #[cookie(name = "choice", category = Necessary, purpose = "Your cookie choice",
//!              max_age = "26w", same_site = Lax, path = "/")]
//!     Choice,
//!     #[cookie(name = "_ga", category = Statistics, purpose = "Counts visits", path = "/")]
//!     Ga,
//! }
//!
//! async fn home(state: web::ReqData<ConsentState>) -> &'static str {
//!     if state.needs_prompt() { "show the banner" } else { "welcome back" }
//! }
//!
//! fn main() -> std::io::Result<()> {
//!     actix_web::rt::System::new().block_on(
//!         HttpServer::new(|| {
//!             App::new()
//!                 .wrap(ConsentMiddleware::<Cookies>::new())
//!                 .route("/", web::get().to(home))
//!                 .route("/consent", web::to(ConsentEndpoint::<Cookies>::new()))
//!         })
//!         .bind(("127.0.0.1", 8080))?
//!         .run(),
//!     )
//! }
//! ```

mod assets;
mod endpoint;
mod gpc;
mod io;
mod middleware;

pub use assets::AssetHandler;
pub use endpoint::ConsentEndpoint;
pub use gpc::{GpcOptOut, GpcOptOutFuture, GpcOptOutService};
pub use middleware::{ConsentMiddleware, ConsentService, ResponseFuture};
