//! What one pass saw: each cookie and storage key, where, and whether before or after the
//! choice.

use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::Value;

use crate::Pass;
use crate::manifest::StorageKind;

/// Before or after the pass's consent choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Phase {
    Before,
    After,
}

/// A cookie as the browser holds it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SeenCookie {
    pub(crate) name: String,
    /// As the browser reports it: a leading dot for a `Domain` cookie, none for a host-only one.
    pub(crate) domain: String,
    pub(crate) path: String,
    pub(crate) secure: bool,
    pub(crate) http_only: bool,
    pub(crate) same_site: Option<String>,
    /// Seconds left when first seen; `None` for a session cookie.
    pub(crate) lifetime: Option<f64>,
    /// The first page it was seen on.
    pub(crate) page: String,
    pub(crate) before: bool,
    pub(crate) after: bool,
}

/// A `localStorage` or `sessionStorage` key of the site's origin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SeenStorage {
    pub(crate) kind: StorageKind,
    pub(crate) key: String,
    pub(crate) origin: String,
    pub(crate) page: String,
    pub(crate) before: bool,
    pub(crate) after: bool,
}

/// Everything one pass saw.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PassLog {
    pub(crate) pass: Pass,
    pub(crate) pages: Vec<String>,
    pub(crate) cookies: Vec<SeenCookie>,
    pub(crate) storage: Vec<SeenStorage>,
}

impl PassLog {
    pub(crate) fn new(pass: Pass) -> PassLog {
        PassLog {
            pass,
            pages: Vec::new(),
            cookies: Vec::new(),
            storage: Vec::new(),
        }
    }

    /// Records the browser's cookies (`Storage.getCookies`' objects) as seen on `page`.
    pub(crate) fn cookies_seen(&mut self, cookies: &[Value], page: &str, phase: Phase) {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0.0, |d| d.as_secs_f64());
        for cookie in cookies {
            let text = |key: &str| cookie.get(key).and_then(Value::as_str).unwrap_or_default();
            let flag = |key: &str| cookie.get(key).and_then(Value::as_bool).unwrap_or(false);
            let session = flag("session");
            let expires = cookie
                .get("expires")
                .and_then(Value::as_f64)
                .unwrap_or(-1.0);
            let seen = SeenCookie {
                name: text("name").to_owned(),
                domain: text("domain").to_owned(),
                path: text("path").to_owned(),
                secure: flag("secure"),
                http_only: flag("httpOnly"),
                same_site: cookie
                    .get("sameSite")
                    .and_then(Value::as_str)
                    .map(str::to_owned),
                lifetime: (!session && expires > 0.0).then_some(expires - now),
                page: page.to_owned(),
                before: phase == Phase::Before,
                after: phase == Phase::After,
            };
            let same = |c: &&mut SeenCookie| {
                c.name == seen.name && c.domain == seen.domain && c.path == seen.path
            };
            match self.cookies.iter_mut().find(same) {
                Some(known) => {
                    known.before |= seen.before;
                    known.after |= seen.after;
                }
                None => self.cookies.push(seen),
            }
        }
    }

    /// Records the storage keys of `origin` as seen on `page`.
    pub(crate) fn storage_seen(
        &mut self,
        kind: StorageKind,
        keys: &[String],
        origin: &str,
        page: &str,
        phase: Phase,
    ) {
        for key in keys {
            let known = self
                .storage
                .iter_mut()
                .find(|s| s.kind == kind && s.key == *key && s.origin == origin);
            match known {
                Some(known) => {
                    known.before |= phase == Phase::Before;
                    known.after |= phase == Phase::After;
                }
                None => self.storage.push(SeenStorage {
                    kind,
                    key: key.clone(),
                    origin: origin.to_owned(),
                    page: page.to_owned(),
                    before: phase == Phase::Before,
                    after: phase == Phase::After,
                }),
            }
        }
    }
}
