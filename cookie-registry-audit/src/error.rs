//! Why an audit could not run.

use std::fmt;
use std::time::Duration;

/// Why an audit could not run to its end (the CLI's exit status 2). Each says what failed and
/// where, on one line.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum AuditError {
    /// The URL to audit is not an `http` or `https` URL with a host.
    BadUrl(String),
    /// The browser could not be started (a missing binary, or one that exits at once).
    Launch(String),
    /// The browser died or closed its DevTools connection, again after one restart.
    Crashed(String),
    /// The page could not be loaded at all (refused connection, unknown host, ...).
    Unreachable {
        /// The page.
        url: String,
        /// The browser's network error, e.g. `net::ERR_CONNECTION_REFUSED`.
        reason: String,
    },
    /// The page did not finish loading within the per-page timeout.
    PageTimeout {
        /// The page.
        url: String,
        /// The per-page timeout.
        timeout: Duration,
    },
    /// The whole audit ran into its overall deadline.
    Deadline(Duration),
    /// A pass that has to choose found no consent banner it knows on the page.
    NoBanner(String),
    /// The browser answered a DevTools call with an error, or with something unexpected.
    Protocol(String),
}

impl fmt::Display for AuditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AuditError::BadUrl(url) => write!(f, "{url:?} is not an http(s) URL with a host"),
            AuditError::Launch(why) => write!(f, "the browser could not start: {why}"),
            AuditError::Crashed(why) => {
                write!(f, "the browser crashed again after a restart: {why}")
            }
            AuditError::Unreachable { url, reason } => write!(f, "{url} is unreachable: {reason}"),
            AuditError::PageTimeout { url, timeout } => write!(
                f,
                "{url} did not finish loading within {} s (the per-page timeout)",
                timeout.as_secs_f64()
            ),
            AuditError::Deadline(deadline) => write!(
                f,
                "the audit did not finish within its deadline of {} s",
                deadline.as_secs_f64()
            ),
            AuditError::NoBanner(url) => write!(
                f,
                "{url} shows no consent banner the audit can use (the built-in banner's form, \
                 cookieconsent or Klaro)"
            ),
            AuditError::Protocol(why) => write!(f, "DevTools protocol error: {why}"),
        }
    }
}

impl std::error::Error for AuditError {}
