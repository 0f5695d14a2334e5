//! The personal data a consent endpoint adds to a record only when the site opts in
//! (`record_user_agent`, `record_ip`): the visitor's `User-Agent`, and their IP address cut to
//! /24 or /48. Both identify a visitor more or less (GDPR recital 30), so both are off unless
//! asked for (data minimisation, GDPR art. 5(1)(c)).

use super::{Headers, Read};
use crate::signals::{IpResolver, RequestView};
use crate::{ConsentRecord, TruncatedIp};

/// The most bytes of a `User-Agent` a record keeps: real ones are a few hundred bytes, and a
/// longer one is padding or an attack on the store.
pub(crate) const USER_AGENT_LIMIT: usize = 512;

/// Which personal data the endpoint records: none by default.
#[derive(Clone, Copy)]
pub(crate) struct PersonalData {
    pub(crate) user_agent: bool,
    pub(crate) ip: Option<IpResolver>,
}

impl PersonalData {
    /// `record` with the personal data asked for, read from the request: the first
    /// `User-Agent` value ([`user_agent`]), and the truncated address the resolver finds.
    pub(crate) fn add_to<H: Headers>(
        &self,
        mut record: ConsentRecord,
        read: &Read<'_, H>,
    ) -> ConsentRecord {
        if self.user_agent {
            if let Some(value) = read.headers.first("user-agent") {
                record = record.with_user_agent(user_agent(value));
            }
        }
        if let Some(resolve) = self.ip {
            let lookup = |name: &str| read.headers.lookup(name);
            let view = RequestView::new(read.method, read.path, &lookup).with_peer(read.peer);
            if let Some(ip) = resolve(&view) {
                record = record.with_ip(TruncatedIp::new(ip));
            }
        }
        record
    }
}

/// A `User-Agent` value as a record keeps it: read as UTF-8 lossily (each invalid sequence
/// becomes U+FFFD), each control character (tab, C1 controls) replaced with U+FFFD too, so
/// that no log or CSV export of the record can be split or garbled by it, and cut to at most
/// [`USER_AGENT_LIMIT`] bytes at a character boundary. Stops reading at the limit.
pub(crate) fn user_agent(value: &[u8]) -> String {
    let mut kept = String::new();
    let mut push = |c: char| {
        let c = if c.is_control() {
            char::REPLACEMENT_CHARACTER
        } else {
            c
        };
        let fits = kept.len() + c.len_utf8() <= USER_AGENT_LIMIT;
        if fits {
            kept.push(c);
        }
        fits
    };
    'chunks: for chunk in value.utf8_chunks() {
        for c in chunk.valid().chars() {
            if !push(c) {
                break 'chunks;
            }
        }
        if !chunk.invalid().is_empty() && !push(char::REPLACEMENT_CHARACTER) {
            break;
        }
    }
    kept
}
