//! A minimal DevTools protocol client: JSON calls and events over the browser's WebSocket.
//!
//! Only the handful of methods the audit calls are used, as untyped JSON, so a newer
//! Chromium's new events and fields never break it (the failure mode of clients whose types
//! are generated from one protocol version).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;
use tokio_tungstenite::tungstenite::Message;

use crate::AuditError;

/// An event the browser sent: its method, parameters and the session (page) it belongs to.
#[derive(Debug)]
pub(crate) struct Event {
    pub(crate) method: String,
    pub(crate) params: Value,
    pub(crate) session: Option<String>,
}

type Pending = Arc<Mutex<HashMap<u64, oneshot::Sender<Result<Value, String>>>>>;

/// One DevTools connection. Dropping it stops its reader task.
pub(crate) struct Connection {
    outgoing: mpsc::UnboundedSender<String>,
    pending: Pending,
    next_id: u64,
    events: mpsc::UnboundedReceiver<Event>,
    task: JoinHandle<()>,
}

impl Connection {
    /// Connects to the browser's WebSocket endpoint.
    pub(crate) async fn connect(ws_url: &str) -> Result<Connection, AuditError> {
        let (socket, _) = tokio_tungstenite::connect_async(ws_url)
            .await
            .map_err(|e| AuditError::Launch(format!("DevTools connection to {ws_url}: {e}")))?;
        let (mut sink, mut stream) = socket.split();
        let (outgoing, mut to_send) = mpsc::unbounded_channel::<String>();
        let (event_tx, events) = mpsc::unbounded_channel();
        let pending: Pending = Arc::default();
        let answers = Arc::clone(&pending);
        let task = tokio::spawn(async move {
            loop {
                tokio::select! {
                    message = to_send.recv() => match message {
                        Some(text) => if sink.send(Message::text(text)).await.is_err() { break },
                        None => break,
                    },
                    message = stream.next() => match message {
                        Some(Ok(Message::Text(text))) => dispatch(&text, &answers, &event_tx),
                        Some(Ok(_)) => {}
                        Some(Err(_)) | None => break,
                    },
                }
            }
            // The browser is gone: every waiting call fails, and the event channel closes.
            for (_, answer) in lock(&answers).drain() {
                let _ = answer.send(Err("the browser closed its DevTools connection".into()));
            }
        });
        Ok(Connection {
            outgoing,
            pending,
            next_id: 0,
            events,
            task,
        })
    }

    /// Calls `method` (on a page's `session`, or on the browser) and waits for its result.
    pub(crate) async fn call(
        &mut self,
        session: Option<&str>,
        method: &str,
        params: Value,
    ) -> Result<Value, AuditError> {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({ "id": id, "method": method, "params": params });
        if let Some(session) = session {
            message["sessionId"] = Value::from(session);
        }
        let (answer, result) = oneshot::channel();
        lock(&self.pending).insert(id, answer);
        if self.outgoing.send(message.to_string()).is_err() {
            lock(&self.pending).remove(&id);
            return Err(AuditError::Crashed(
                "the browser closed its DevTools connection".into(),
            ));
        }
        match result.await {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(why)) if why.starts_with("the browser") => Err(AuditError::Crashed(why)),
            Ok(Err(why)) => Err(AuditError::Protocol(format!("{method}: {why}"))),
            Err(_) => Err(AuditError::Crashed(
                "the browser closed its DevTools connection".into(),
            )),
        }
    }

    /// The next event, or `None` once the connection closed.
    pub(crate) async fn next_event(&mut self) -> Option<Event> {
        self.events.recv().await
    }

    /// Throws away the events received so far.
    pub(crate) fn drain_events(&mut self) {
        while self.events.try_recv().is_ok() {}
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Hands an answer to its caller, or an event to the event channel.
fn dispatch(text: &str, pending: &Pending, events: &mpsc::UnboundedSender<Event>) {
    let Ok(mut message) = serde_json::from_str::<Value>(text) else {
        return;
    };
    if let Some(id) = message.get("id").and_then(Value::as_u64) {
        if let Some(answer) = lock(pending).remove(&id) {
            let result = match message.get_mut("error") {
                Some(error) => Err(error
                    .get("message")
                    .and_then(Value::as_str)
                    .unwrap_or("unknown error")
                    .to_owned()),
                None => Ok(message
                    .get_mut("result")
                    .map(Value::take)
                    .unwrap_or_default()),
            };
            let _ = answer.send(result);
        }
        return;
    }
    if let Some(method) = message.get("method").and_then(Value::as_str) {
        let _ = events.send(Event {
            method: method.to_owned(),
            params: message
                .get_mut("params")
                .map(Value::take)
                .unwrap_or_default(),
            session: message
                .get("sessionId")
                .and_then(Value::as_str)
                .map(str::to_owned),
        });
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
