//! One annotated enum as the single source of truth for a site's cookies.
//!
//! `#[derive(CookieRegistry)]` turns each variant's `#[cookie(...)]` declaration into checked
//! name constants and lookups, compile errors for declarations the cookie standards reject
//! (RFC 6265bis prefixes, `SameSite=None` without `Secure`, the 400-day cap, name syntax),
//! consent enforcement for requests and responses, and the published policy table.
//!
//! ```
//! use cookie_registry::{Category, Consent, CookieRegistry, filter_cookie_header};
//!
//! #[derive(CookieRegistry)]
//! #[registry(provider = "Opendatasoft")]
//! pub enum Cookies {
//!     #[cookie(name = "sessionid", category = Necessary,
//!              function = "Authentication (front and back office)",
//!              purpose = "To remember the user from one page to another")]
//!     SessionId,
//!     #[cookie(name = "_ga", category = Statistics, provider = "Google",
//!              purpose = "Distinguishes visitors", max_age = "390d", third_party)]
//!     Ga,
//! }
//!
//! assert_eq!(Cookies::SESSION_ID, "sessionid");
//! assert_eq!(Cookies::category_of("_ga"), Some(Category::Statistics));
//!
//! let header = "sessionid=abc; _ga=GA1.2.3";
//! let filtered = filter_cookie_header::<Cookies>(header, &Consent::necessary_only());
//! assert_eq!(filtered, "sessionid=abc");
//!
//! print!("{}", Cookies::policy_table());
//! ```
//!
//! # Where to start
//!
//! - **Declare** the cookies: [`CookieRegistry`] lists every attribute key and what the derive
//!   generates; [`CookieSpec`] is one declaration as the program sees it.
//! - **Enforce consent**: [`ConsentState`] reads a visitor's choice, [`filter_cookie_header`]
//!   and [`allows_set_cookie`] gate the headers, and the [`engine`] does it all over plain
//!   header values for any framework (`ConsentLayer` for tower and `actix::ConsentMiddleware`
//!   are thin adapters over it).
//! - **Prove consent**: every decision is a [`ConsentRecord`] (who, when, how, under which
//!   [`Notice`]); a [`ConsentStore`] keeps it ([`MemoryStore`] here, SQLite and PostgreSQL in
//!   the `cookie-registry-ledger` crate).
//! - **Follow the region and the browser's signals**: [`signals`] chooses the consent model per
//!   request ([`signals::Regime`]: opt-in for the EU and UK, opt-out for the US state laws),
//!   honours Global Privacy Control (`Sec-GPC: 1`) and serves `/.well-known/gpc.json`.
//! - **Publish the policy**: [`PolicyTable`] with its [`Column`]s, a section per category and a
//!   [`Locale`] per language; `#[registry(policy_file = "COOKIES.md")]` locks a committed page
//!   to the enum at compile time.
//!
//! Every `#[cookie(...)]` and `#[registry(...)]` key is listed under
//! [`CookieRegistry`'s attributes](CookieRegistry#attributes); the README has the full reference
//! and the list of compile-time checks. The published policy is [`PolicyTable`]: columns,
//! sections per category, languages, and a committed page locked to the enum
//! (`#[registry(policy_file = "COOKIES.md")]`).
//!
//! # The browser side
//!
//! - [`Banner`]: a consent banner (and the policy page's settings form) that works without
//!   JavaScript, with a default stylesheet and an optional script in [`banner`];
//! - [`Consent::google_consent_mode`]: the Google Consent Mode v2 signals for `gtag`;
//! - [`ConsentState::storage_cleanup_script`]: removes refused categories' declared Web Storage
//!   entries on first paint;
//! - [`ConsentState::gated_script`]: third-party `<script>` tags rendered live or inert;
//! - [`JsConfigs::cookieconsent_module`](js_config::JsConfigs::cookieconsent_module) and
//!   [`JsConfigs::klaro_module`](js_config::JsConfigs::klaro_module): configs
//!   for the cookieconsent v3 and Klaro banners, generated from the registry ([`js_config`]).
//!
//! # Features
//!
//! - `serde` (on by default): `Serialize` for [`PolicyTable`], [`CookieSpec`], [`Category`] and
//!   [`Consent`], to hand the policy to a consent banner as JSON.
//! - `tower` (off by default): [`ConsentLayer`] and [`ConsentEndpoint`], the consent engine as
//!   `tower` middleware and service for any `http`-based server (axum, tonic, hyper).
//! - `actix` (off by default): [`actix::ConsentMiddleware`] and [`actix::ConsentEndpoint`], the
//!   same engine as actix-web 4 middleware and handler.
//! - `tracing` (on with `tower` and `actix`): log refused cookies through `tracing`.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

// Lets the derive's `::cookie_registry::...` paths resolve inside this crate's own tests.
extern crate self as cookie_registry;

#[cfg(feature = "actix")]
pub mod actix;
#[cfg(any(feature = "tower", feature = "actix"))]
mod adapter;
pub mod banner;
mod builder;
mod consent;
mod consent_mode;
pub mod engine;
mod html;
mod jar;
mod js;
pub mod js_config;
mod lookup;
mod negotiate;
mod policy;
mod registry;
pub mod signals;
mod spec;
pub mod store;
#[cfg(feature = "tower")]
pub mod tower;

pub use banner::Banner;
pub use builder::CookieBuilderExt;
pub use consent::{
    Consent, ConsentError, ConsentId, ConsentMethod, ConsentRecord, ConsentState, Notice,
    NoticeHash, ParseConsentIdError, ParseConsentMethodError, ParseTruncatedIpError, TruncatedIp,
};
pub use consent_mode::{ConsentSignal, GoogleConsentMode, GtagCommand};
pub use cookie_registry_core::{
    BannerWord, Category, Column, DurationUnit, Lifetime, Locale, ParseCategoryError, SameSite,
    Storage, Word,
};
pub use engine::RefusedSetCookie;
pub use engine::{allows_set_cookie, filter_cookie_header};
pub use jar::{NotDeclared, purge_jar};
pub use policy::{PolicyRow, PolicyTable};
pub use registry::{CookieRegistry, HasConsentCookie};
pub use spec::{CookieSpec, Translation};
pub use store::{ConsentStore, MemoryStore, StoreError};
#[cfg(feature = "tower")]
pub use tower::{ConsentEndpoint, ConsentLayer, GpcOptOutLayer};

/// The derive: `#[derive(CookieRegistry)]` on a fieldless enum. See [`CookieRegistry`].
pub use cookie_registry_derive::CookieRegistry;

/// The `cookie` crate this crate builds on, for [`CookieBuilderExt`] and [`purge_jar`].
pub use cookie;

/// Support for the code the derive generates. Not public API: it may change in any release.
#[doc(hidden)]
pub mod __private {
    pub use crate::lookup::{Lookup, NameTable, find_const};
    pub use crate::spec::{SpecFields, cookie, translated};
    pub use cookie_registry_core::has_builtin_words;
    pub use core::option::Option::{self, None, Some};
    pub use core::time::Duration;
}
