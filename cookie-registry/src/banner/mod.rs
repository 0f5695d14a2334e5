//! The built-in consent banner.

pub(crate) mod words;

/// Where the consent endpoint is mounted unless told otherwise.
pub const DEFAULT_ENDPOINT: &str = "/consent";

/// Where the cookie policy page is unless told otherwise.
pub const DEFAULT_POLICY_URL: &str = "/cookies";
