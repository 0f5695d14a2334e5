//! The `#[derive(CookieRegistry)]` macro. Use it through the `cookie-registry` crate, which
//! re-exports it and documents the attributes.
//!
//! The derive parses the enum into a typed model (`parse`, `model`), checks it against the
//! cookie standards (`validate`), then generates code (`expand`); on any error it emits every
//! error found with stub items (`fallback`), so the user sees only the real mistakes.

#![forbid(unsafe_code)]

mod case;
mod ctxt;
mod expand;
mod fallback;
mod model;
mod parse;
mod phf;
mod symbol;
mod validate;

use proc_macro::TokenStream;
use syn::{DeriveInput, parse_macro_input};

/// Implements `cookie_registry::CookieRegistry` for a fieldless enum whose variants carry
/// `#[cookie(...)]` declarations. See the `cookie-registry` crate for the attribute reference.
#[proc_macro_derive(CookieRegistry, attributes(cookie, registry))]
pub fn derive_cookie_registry(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::derive(&input).into()
}
