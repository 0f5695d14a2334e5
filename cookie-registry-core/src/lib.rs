//! What both halves of `cookie-registry` compile from one source, so that they cannot drift:
//! the derive (`cookie-registry-derive`, at compile time) and the runtime crate (at run time).
//!
//! - [`hash`]: the cookie-name hash the derive builds its tables with and the runtime probes
//!   them with;
//! - the declarations' vocabulary ([`Category`], [`SameSite`], [`Storage`], [`DurationUnit`]):
//!   the derive maps its keywords onto these enums and the runtime's declarations hold them, so
//!   the two cannot name different sets;
//! - the policy table's vocabulary ([`Column`], [`Lifetime`], [`Locale`]) and its one renderer
//!   ([`render`]): the runtime's `PolicyTable` renders with it, and the derive renders a
//!   registry's committed policy file with it to check that the file matches the enum;
//! - [`sha256`]: the hash of a consent notice and of a consent ledger row.
//!
//! Not an API of its own: use `cookie-registry`, which re-exports what users name and pins this
//! crate to its exact version.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod category;
pub mod civil;
mod column;
pub mod hash;
mod lifetime;
mod locale;
pub mod render;
mod same_site;
pub mod sha256;
mod storage;

pub use category::{Category, ParseCategoryError};
pub use column::Column;
pub use lifetime::{DurationUnit, Lifetime};
pub use locale::{BannerWord, Locale, Word, has_builtin_words};
pub use same_site::SameSite;
pub use storage::Storage;
