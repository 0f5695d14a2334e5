//! What to audit and within which bounds.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crate::Pass;

/// Which pages each pass loads.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Pages {
    /// These URLs, absolute or relative to the audited URL (which is loaded first in any case).
    List(Vec<String>),
    /// The audited URL and the same-origin pages its links lead to, breadth first, up to this
    /// many pages in all (found in the first pass and loaded in every pass).
    Crawl(usize),
}

/// A step of the audit, for a progress display.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Progress {
    /// A pass starts: its index (from 0), the number of passes and of pages it loads.
    Pass {
        /// The pass.
        pass: Pass,
        /// Its index, from 0.
        index: usize,
        /// The number of passes.
        of: usize,
        /// The pages it loads (the first pass may find more while crawling).
        pages: usize,
    },
    /// A page of the current pass was loaded.
    Page {
        /// The pass.
        pass: Pass,
        /// The page.
        url: String,
    },
    /// The browser crashed and is being restarted for the pass.
    Restart(String),
}

/// The progress callback, shared by the clones of the options.
type ProgressFn = Arc<dyn Fn(&Progress) + Send + Sync>;

/// What to audit and within which bounds. Built from [`AuditOptions::default`], which reads
/// `CHROMIUM` from the environment, and the `with_*` methods:
///
/// ```
/// use std::time::Duration;
/// use cookie_registry_audit::{AuditOptions, Pages};
///
/// let options = AuditOptions::default()
///     .with_pages(Pages::List(vec!["/".into(), "/cookies".into()]))
///     .with_page_timeout(Duration::from_secs(5))
///     .with_deadline(Duration::from_secs(60));
/// assert_eq!(options.page_timeout(), Duration::from_secs(5));
/// ```
#[derive(Clone)]
pub struct AuditOptions {
    pub(crate) pages: Pages,
    pub(crate) page_timeout: Duration,
    pub(crate) deadline: Duration,
    pub(crate) idle_wait: Duration,
    pub(crate) chromium: PathBuf,
    pub(crate) progress: Option<ProgressFn>,
}

impl Default for AuditOptions {
    /// The audited URL alone; 15 s per page, 180 s in all, at most 3 s of waiting for the
    /// network to fall idle after each load; Chromium at `CHROMIUM`, else `/usr/bin/chromium`.
    fn default() -> Self {
        AuditOptions {
            pages: Pages::List(Vec::new()),
            page_timeout: Duration::from_secs(15),
            deadline: Duration::from_secs(180),
            idle_wait: Duration::from_secs(3),
            chromium: std::env::var_os("CHROMIUM")
                .filter(|path| !path.is_empty())
                .map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from),
            progress: None,
        }
    }
}

impl fmt::Debug for AuditOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuditOptions")
            .field("pages", &self.pages)
            .field("page_timeout", &self.page_timeout)
            .field("deadline", &self.deadline)
            .field("idle_wait", &self.idle_wait)
            .field("chromium", &self.chromium)
            .field("progress", &self.progress.is_some())
            .finish()
    }
}

impl AuditOptions {
    /// Which pages each pass loads.
    #[must_use]
    pub fn with_pages(self, pages: Pages) -> Self {
        AuditOptions { pages, ..self }
    }

    /// How long one page may take to load (its `load` event) before the audit fails.
    #[must_use]
    pub fn with_page_timeout(self, page_timeout: Duration) -> Self {
        AuditOptions {
            page_timeout,
            ..self
        }
    }

    /// How long the whole audit may take, browser starts included.
    #[must_use]
    pub fn with_deadline(self, deadline: Duration) -> Self {
        AuditOptions { deadline, ..self }
    }

    /// How long to wait, at most, for the network to fall idle (no request for 500 ms) after a
    /// page loaded; a page that keeps polling is read when this runs out.
    #[must_use]
    pub fn with_idle_wait(self, idle_wait: Duration) -> Self {
        AuditOptions { idle_wait, ..self }
    }

    /// The Chromium binary.
    #[must_use]
    pub fn with_chromium(self, chromium: impl Into<PathBuf>) -> Self {
        AuditOptions {
            chromium: chromium.into(),
            ..self
        }
    }

    /// Called at each step, e.g. to drive a progress bar.
    #[must_use]
    pub fn on_progress(self, progress: impl Fn(&Progress) + Send + Sync + 'static) -> Self {
        AuditOptions {
            progress: Some(Arc::new(progress)),
            ..self
        }
    }

    /// Which pages each pass loads.
    #[must_use]
    pub fn pages(&self) -> &Pages {
        &self.pages
    }

    /// The per-page timeout.
    #[must_use]
    pub fn page_timeout(&self) -> Duration {
        self.page_timeout
    }

    /// The overall deadline.
    #[must_use]
    pub fn deadline(&self) -> Duration {
        self.deadline
    }

    /// The Chromium binary.
    #[must_use]
    pub fn chromium(&self) -> &std::path::Path {
        &self.chromium
    }

    pub(crate) fn report(&self, progress: Progress) {
        if let Some(report) = &self.progress {
            report(&progress);
        }
    }
}
