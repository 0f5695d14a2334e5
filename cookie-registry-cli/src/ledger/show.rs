//! `cookie-registry ledger show <id>`: a record, its history and its notice.

use std::io::Write as _;

use cookie_registry::{ConsentId, ConsentRecord, ConsentStore as _};
use cookie_registry_ledger::{Ledger, LedgerRow, time};

use super::Failure;

pub(super) async fn show(ledger: &Ledger, id: ConsentId, json: bool) -> Result<(), Failure> {
    let row = ledger.row(id).await?.ok_or(Failure::UnknownId(id))?;
    let history = ledger
        .history(id)
        .await
        .map_err(|e| Failure::Database(e.to_string()))?;
    let notice = match row.record.notice {
        Some(hash) => ledger.notice_text(&hash).await?,
        None => None,
    };
    let text = if json {
        as_json(&row, &history, notice.as_deref())
    } else {
        as_text(&row, &history, notice.as_deref())
    };
    std::io::stdout()
        .lock()
        .write_all(text.as_bytes())
        .map_err(|e| Failure::Output(e.to_string()))
}

fn as_text(row: &LedgerRow, history: &[ConsentRecord], notice: Option<&str>) -> String {
    let record = &row.record;
    let names = |categories: &[cookie_registry::Category]| {
        let names: Vec<&str> = categories.iter().map(|c| c.as_str()).collect();
        if names.is_empty() {
            "-".to_owned()
        } else {
            names.join(" ")
        }
    };
    let or_dash = |value: Option<String>| value.unwrap_or_else(|| "-".to_owned());
    let revisions: Vec<String> = record
        .revisions
        .iter()
        .map(|(category, revision)| format!("{category}={revision}"))
        .collect();
    let mut out = format!("consent record {}\n", record.id);
    let mut line = |name: &str, value: String| out.push_str(&format!("  {name:<12}{value}\n"));
    line(
        "decided",
        format!(
            "{} ({})",
            time::format_utc(record.decided_at),
            record.decided_at
        ),
    );
    line("granted", names(&record.granted));
    line("refused", names(&record.refused));
    line(
        "revisions",
        or_dash(Some(revisions.join(" ")).filter(|r| !r.is_empty())),
    );
    line("method", record.method.to_string());
    line("language", or_dash(record.language.clone()));
    line("notice", or_dash(record.notice.map(|h| h.to_string())));
    line(
        "previous",
        or_dash(record.previous_id.map(|id| id.to_string())),
    );
    line("user agent", or_dash(record.user_agent.clone()));
    line("ip", or_dash(record.ip.map(|ip| ip.to_string())));
    line(
        "stored",
        format!("{} as row {}", time::format_utc(row.stored_at), row.seq),
    );
    line("hash", row.hash.clone());
    out.push_str("\nhistory, oldest first:\n");
    for step in history {
        out.push_str(&format!(
            "  {}  {}  granted: {}\n",
            step.id,
            time::format_utc(step.decided_at),
            names(&step.granted)
        ));
    }
    match (record.notice, notice) {
        (Some(hash), Some(text)) => {
            out.push_str(&format!("\nnotice {hash}, as shown:\n{text}\n"));
        }
        (Some(hash), None) => out.push_str(&format!("\nnotice {hash}: text not archived\n")),
        (None, _) => out.push_str("\nnotice: not recorded\n"),
    }
    out
}

fn as_json(row: &LedgerRow, history: &[ConsentRecord], notice: Option<&str>) -> String {
    let value = serde_json::json!({
        "seq": row.seq,
        "stored_at": row.stored_at,
        "hash": row.hash,
        "record": row.record,
        "history": history,
        "notice_text": notice,
    });
    format!("{value}\n")
}
