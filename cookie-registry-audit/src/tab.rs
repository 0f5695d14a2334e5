//! One page of the browser, driven over DevTools: load a URL and wait until it settles, run
//! script in it, read cookies and storage.

use std::collections::HashSet;
use std::time::Duration;

use serde_json::{Value, json};
use tokio::time::{Instant, timeout, timeout_at};

use crate::AuditError;
use crate::cdp::{Connection, Event};

/// How long the network must be quiet to count as idle (as Chromium's own `networkIdle`).
const QUIET: Duration = Duration::from_millis(500);

/// A page target the audit drives.
pub(crate) struct Tab {
    conn: Connection,
    session: String,
    /// The main frame's id (the target's): the network wait follows its requests only, since
    /// an out-of-process iframe finishes its own requests in a session of its own.
    frame: String,
    /// Requests sent and not yet finished or failed.
    inflight: HashSet<String>,
    last_activity: Instant,
    loaded: bool,
    crashed: bool,
}

impl Tab {
    /// Opens a blank page on the browser behind `conn` and listens to its network.
    pub(crate) async fn open(mut conn: Connection) -> Result<Tab, AuditError> {
        let target = conn
            .call(None, "Target.createTarget", json!({ "url": "about:blank" }))
            .await?;
        let target_id = string(&target, "targetId")?;
        let attached = conn
            .call(
                None,
                "Target.attachToTarget",
                json!({ "targetId": &target_id, "flatten": true }),
            )
            .await?;
        let session = string(&attached, "sessionId")?;
        let mut tab = Tab {
            conn,
            session,
            frame: target_id,
            inflight: HashSet::new(),
            last_activity: Instant::now(),
            loaded: false,
            crashed: false,
        };
        tab.call("Page.enable", json!({})).await?;
        tab.call("Network.enable", json!({})).await?;
        Ok(tab)
    }

    async fn call(&mut self, method: &str, params: Value) -> Result<Value, AuditError> {
        self.conn.call(Some(&self.session), method, params).await
    }

    /// Loads `url`: its `load` event within `page_timeout`, then a quiet network for at most
    /// `idle_wait`.
    pub(crate) async fn load(
        &mut self,
        url: &str,
        page_timeout: Duration,
        idle_wait: Duration,
    ) -> Result<(), AuditError> {
        self.conn.drain_events();
        self.inflight.clear();
        self.loaded = false;
        let too_slow = || AuditError::PageTimeout {
            url: url.to_owned(),
            timeout: page_timeout,
        };
        let until = Instant::now() + page_timeout;
        let navigated = timeout_at(until, self.call("Page.navigate", json!({ "url": url })))
            .await
            .map_err(|_| too_slow())??;
        if let Some(reason) = navigated.get("errorText").and_then(Value::as_str) {
            if !reason.is_empty() {
                return Err(AuditError::Unreachable {
                    url: url.to_owned(),
                    reason: reason.to_owned(),
                });
            }
        }
        while !self.loaded {
            if !self.pump(until).await? {
                return Err(too_slow());
            }
        }
        self.settle(idle_wait).await
    }

    /// Waits until no request has been in flight for [`QUIET`], for at most `bound`.
    pub(crate) async fn settle(&mut self, bound: Duration) -> Result<(), AuditError> {
        let until = Instant::now() + bound;
        loop {
            let quiet_at = self.last_activity + QUIET;
            if self.inflight.is_empty() && Instant::now() >= quiet_at {
                return Ok(());
            }
            let wake = if self.inflight.is_empty() {
                quiet_at.min(until)
            } else {
                until
            };
            if !self.pump(wake).await? && Instant::now() >= until {
                return Ok(());
            }
        }
    }

    /// Handles the events that arrive until `until`; false when it passed without one.
    async fn pump(&mut self, until: Instant) -> Result<bool, AuditError> {
        let event = match timeout_at(until, self.conn.next_event()).await {
            Err(_) => return Ok(false),
            Ok(None) => {
                return Err(AuditError::Crashed(
                    "the browser closed its DevTools connection".into(),
                ));
            }
            Ok(Some(event)) => event,
        };
        self.handle(&event);
        if self.crashed {
            return Err(AuditError::Crashed("the page's renderer crashed".into()));
        }
        Ok(true)
    }

    fn handle(&mut self, event: &Event) {
        if event.session.as_deref() != Some(self.session.as_str()) {
            return;
        }
        let request = || {
            event
                .params
                .get("requestId")
                .and_then(Value::as_str)
                .map(str::to_owned)
        };
        match event.method.as_str() {
            "Page.loadEventFired" => self.loaded = true,
            "Network.requestWillBeSent" => {
                self.last_activity = Instant::now();
                let frame = event.params.get("frameId").and_then(Value::as_str);
                if let (Some(id), true) = (request(), frame == Some(self.frame.as_str())) {
                    self.inflight.insert(id);
                }
            }
            "Network.loadingFinished" | "Network.loadingFailed" => {
                self.last_activity = Instant::now();
                if let Some(id) = request() {
                    self.inflight.remove(&id);
                }
            }
            "Inspector.targetCrashed" => self.crashed = true,
            _ => {}
        }
    }

    /// Evaluates `expression` in the page (awaiting a promise) and returns its JSON value.
    pub(crate) async fn evaluate(&mut self, expression: &str) -> Result<Value, AuditError> {
        let result = self
            .call(
                "Runtime.evaluate",
                json!({ "expression": expression, "returnByValue": true, "awaitPromise": true }),
            )
            .await?;
        if let Some(details) = result.get("exceptionDetails") {
            return Err(AuditError::Protocol(format!(
                "script failed in the page: {}",
                details
                    .pointer("/exception/description")
                    .and_then(Value::as_str)
                    .unwrap_or("an exception")
            )));
        }
        Ok(result.pointer("/result/value").cloned().unwrap_or_default())
    }

    /// Runs `script` (which may start a navigation or a request), then waits for the network
    /// to fall quiet, for at most `bound`.
    pub(crate) async fn act(&mut self, script: &str, bound: Duration) -> Result<Value, AuditError> {
        self.conn.drain_events();
        self.inflight.clear();
        self.last_activity = Instant::now();
        let value = timeout(bound, self.evaluate(script))
            .await
            .map_err(|_| AuditError::Protocol("the page did not answer a script".into()))??;
        self.settle(bound).await?;
        Ok(value)
    }

    /// Every cookie of every domain in the browser, HttpOnly and third-party included.
    pub(crate) async fn cookies(&mut self) -> Result<Vec<Value>, AuditError> {
        let answer = self
            .conn
            .call(None, "Storage.getCookies", json!({}))
            .await?;
        Ok(answer
            .get("cookies")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default())
    }
}

fn string(value: &Value, key: &str) -> Result<String, AuditError> {
    value
        .get(key)
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| AuditError::Protocol(format!("no {key} in {value}")))
}
