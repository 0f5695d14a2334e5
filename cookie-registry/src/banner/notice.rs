//! The notice a visitor is shown, as a text to archive and hash: what a consent record points
//! to (EDPB guidelines 05/2020, section 5.1: a site shows what the visitor was told).
//!
//! A form's notice is its words and cookie tables as a first-time visitor sees them (nothing
//! ticked, no stale note, no receipt, posting to the default endpoint, no policy link), without
//! its hidden fields, which carry no words (and one of which carries the notice's own hash),
//! followed by a blank line and the cookie policy page as `policy_table().page().to_html()`
//! renders it in the same language. The banner and the settings form have a notice each in every
//! language the registry can show, so a site knows them all at start-up.

use core::any::TypeId;
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock, PoisonError};

use super::{Banner, words};
use crate::{Consent, ConsentMethod, CookieRegistry, Notice, NoticeHash};

/// One notice a registry's forms show.
#[derive(Debug)]
pub(crate) struct KnownNotice {
    /// `Banner` or `SettingsPage`.
    pub(crate) method: ConsentMethod,
    /// The language it is in, as the registry declares it.
    pub(crate) language: &'static str,
    pub(crate) notice: Notice,
}

/// Every notice a registry's forms show: per language, the banner's and the settings form's.
#[derive(Debug)]
pub(crate) struct KnownNotices(Vec<KnownNotice>);

impl KnownNotices {
    /// The notice with this hash, if the registry shows it.
    pub(crate) fn find(&self, hash: &NoticeHash) -> Option<&KnownNotice> {
        self.0.iter().find(|known| known.notice.hash() == *hash)
    }

    /// The hash of the notice a form shows in `language` (as the banner's words name it).
    pub(crate) fn hash_of(&self, method: ConsentMethod, language: &str) -> Option<NoticeHash> {
        self.0
            .iter()
            .find(|known| known.method == method && known.language == language)
            .map(|known| known.notice.hash())
    }
}

/// The notices of registry `R`, rendered once per process (a few kilobytes a language) and kept:
/// a registry is a type, its texts are constants, so they never change while it runs.
pub(crate) fn known<R: CookieRegistry>() -> &'static KnownNotices {
    static ALL: OnceLock<Mutex<HashMap<TypeId, &'static KnownNotices>>> = OnceLock::new();
    let all = ALL.get_or_init(Mutex::default);
    let cached = all
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get(&TypeId::of::<R>())
        .copied();
    if let Some(known) = cached {
        return known;
    }
    let built = build::<R>(); // outside the lock: rendering takes a while
    let mut all = all.lock().unwrap_or_else(PoisonError::into_inner);
    // One leak per registry type, for the life of the process.
    all.entry(TypeId::of::<R>())
        .or_insert_with(|| Box::leak(Box::new(built)))
}

fn build<R: CookieRegistry>() -> KnownNotices {
    let mut languages: Vec<&'static str> = Vec::new();
    for &declared in R::LANGUAGES.iter().chain([&""]) {
        let shown = words::words_for::<R>(declared).builtin_lang();
        if !languages.contains(&shown) {
            languages.push(shown);
        }
    }
    let notices = languages
        .into_iter()
        .flat_map(|language| {
            [ConsentMethod::Banner, ConsentMethod::SettingsPage].map(|method| KnownNotice {
                method,
                language,
                notice: Notice::new(text::<R>(method, language)),
            })
        })
        .collect();
    KnownNotices(notices)
}

/// The notice's text: the form as a first-time visitor sees it, without its hidden fields, a
/// blank line, then the policy page in the same language.
pub(crate) fn text<R: CookieRegistry>(method: ConsentMethod, language: &str) -> String {
    let mut form = Banner::<R>::from_parts(Consent::necessary_only(), true, []).lang(language);
    form.notice_only = true;
    if method == ConsentMethod::SettingsPage {
        form = form.into_settings();
    }
    let table = R::policy_table().page();
    let policy = match table.clone().in_language(language) {
        Some(translated) => translated.to_html(),
        None => table.to_html(), // no built-in words for it: the table as declared
    };
    format!("{form}\n{policy}")
}
