//! One Chromium process in a fresh profile, killed with every process it started when dropped.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tokio::process::{Child, Command};
use tokio::time::{Instant, sleep};

use crate::AuditError;

/// The flags the machine's Chromium needs to run headless, quietly and offline-safe, plus the
/// DevTools port (`0`: one the system assigns, written to `DevToolsActivePort` in the profile).
const FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--mute-audio",
    "--remote-debugging-port=0",
    "--remote-allow-origins=*",
];

/// How long a start may take before it counts as failed.
const START_TIMEOUT: Duration = Duration::from_secs(20);

/// A running Chromium. Dropping it kills its process group (the `chromium` wrapper script, the
/// browser, its zygotes and renderers) and removes the profile, also while a panic unwinds.
pub(crate) struct Chromium {
    child: Child,
    profile: Profile,
    /// The browser's DevTools WebSocket URL.
    pub(crate) ws_url: String,
}

impl Chromium {
    /// Starts `binary` in a fresh profile and waits (bounded) for its DevTools endpoint.
    pub(crate) async fn launch(binary: &Path) -> Result<Chromium, AuditError> {
        let profile = Profile::create().map_err(|e| AuditError::Launch(e.to_string()))?;
        let log = std::fs::File::create(profile.path.join("chromium.log"))
            .map_err(|e| AuditError::Launch(e.to_string()))?;
        let child = Command::new(binary)
            .args(FLAGS)
            .arg(format!("--user-data-dir={}", profile.path.display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            // Its own process group, so that drop can kill everything it started.
            .process_group(0)
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| AuditError::Launch(format!("{}: {e}", binary.display())))?;
        let mut chromium = Chromium {
            child,
            profile,
            ws_url: String::new(),
        };
        chromium.ws_url = chromium.devtools_url().await?;
        Ok(chromium)
    }

    /// Reads `DevToolsActivePort` (port, then path) once the browser has written it.
    async fn devtools_url(&mut self) -> Result<String, AuditError> {
        let file = self.profile.path.join("DevToolsActivePort");
        let until = Instant::now() + START_TIMEOUT;
        loop {
            if let Ok(text) = std::fs::read_to_string(&file) {
                let mut lines = text.lines();
                if let (Some(port), Some(path)) = (lines.next(), lines.next()) {
                    return Ok(format!("ws://127.0.0.1:{port}{path}"));
                }
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(AuditError::Launch(format!(
                    "it exited with {status} before opening DevTools{}",
                    self.log_tail()
                )));
            }
            if Instant::now() >= until {
                return Err(AuditError::Launch(format!(
                    "no DevTools endpoint within {} s{}",
                    START_TIMEOUT.as_secs(),
                    self.log_tail()
                )));
            }
            sleep(Duration::from_millis(25)).await;
        }
    }

    /// The last line of the browser's log worth quoting, as `: <line>`.
    pub(crate) fn log_tail(&self) -> String {
        let log =
            std::fs::read_to_string(self.profile.path.join("chromium.log")).unwrap_or_default();
        log.lines()
            .rev()
            .map(str::trim)
            .find(|line| !line.is_empty() && !line.contains("dbus"))
            .map(|line| format!(": {line}"))
            .unwrap_or_default()
    }
}

impl Drop for Chromium {
    fn drop(&mut self) {
        if let Some(pid) = self
            .child
            .id()
            .and_then(|id| rustix::process::Pid::from_raw(id as i32))
        {
            let _ = rustix::process::kill_process_group(pid, rustix::process::Signal::KILL);
        }
        let _ = self.child.start_kill();
        // Reap it, briefly, so that no zombie outlives the audit and the profile is not written
        // to while it is removed.
        for _ in 0..100 {
            if let Ok(Some(_)) = self.child.try_wait() {
                break;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }
}

/// A fresh `--user-data-dir`, removed when dropped.
struct Profile {
    path: PathBuf,
}

impl Profile {
    fn create() -> std::io::Result<Profile> {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let path = std::env::temp_dir().join(format!(
            "cookie-registry-audit-{}-{}-{nanos}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir(&path)?;
        // Third-party cookies allowed, as a default Chrome has them: Debian's Chromium 156
        // otherwise blocks them, and the audit would not see what third parties set. This
        // preference is the switch it honours (`Network.setCookieControls` alone is not, nor
        // a `--disable-features` flag): the misbehaving shop's iframe cookie shows it.
        let default = path.join("Default");
        std::fs::create_dir(&default)?;
        std::fs::write(
            default.join("Preferences"),
            r#"{"profile":{"cookie_controls_mode":0,"block_third_party_cookies":false}}"#,
        )?;
        Ok(Profile { path })
    }
}

impl Drop for Profile {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}
