//! The visitor's consent, from the choice to the proof, in one direction:
//!
//! - [`consent`]: [`Consent`], the set of categories granted;
//! - [`id`]: [`ConsentId`], the random id of one decision;
//! - [`value`]: the consent cookie's value format, encoded and decoded, and [`ConsentError`];
//! - [`state`]: [`ConsentState`], a decoded value held against a registry's revisions;
//! - [`proof`] and [`notice`]: what a record proves beyond the choice: [`ConsentMethod`],
//!   [`TruncatedIp`], and the [`Notice`] shown with its [`NoticeHash`];
//! - [`record`]: [`ConsentRecord`], the proof of one decision, which writes the value.
//!
//! Each file uses only those above it: the value format knows nothing of registries, the state
//! reads values, and the record writes them.

// `consent/consent.rs` holds `Consent` itself: the file is named after the type it holds, as its
// siblings are.
#[allow(clippy::module_inception)]
mod consent;
mod id;
mod notice;
mod proof;
mod record;
mod state;
mod value;

pub use consent::Consent;
pub use id::{ConsentId, ParseConsentIdError};
pub use notice::{Notice, NoticeHash, ParseNoticeHashError};
pub use proof::{ConsentMethod, ParseConsentMethodError, ParseTruncatedIpError, TruncatedIp};
pub use record::ConsentRecord;
pub use state::ConsentState;
pub(crate) use state::{categories_in_use, consent_spec, now};
pub use value::ConsentError;
