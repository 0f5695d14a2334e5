//! The endpoint's JSON: the consent state, and whether the client asks for it.

use core::fmt::Write as _;

use super::EndpointResponse;
use crate::{Category, ConsentState};

/// `200` with `state` as JSON.
pub(super) fn json_answer(state: &ConsentState) -> EndpointResponse {
    EndpointResponse {
        status: 200,
        location: None,
        content_type: "application/json",
        body: state_json(state),
        set_cookies: Vec::new(),
        record: None,
    }
}

/// `{"decided":…,"needs_prompt":…,"granted":[…],"stale":[…]}`; when decided, the receipt,
/// `"id":"…","decided_at":…` (the decision's id and Unix time, which the visitor can cite in an
/// access request); and under the opt-out regime or a GPC signal
/// `"regime":"opt-out","gpc":…,"gpc_honoured":…` after them. Category and regime names are fixed
/// lower-case words and an id is hex digits, so nothing needs escaping.
fn state_json(state: &ConsentState) -> String {
    let list = |categories: &mut dyn Iterator<Item = Category>| {
        let names: Vec<String> = categories.map(|c| format!("\"{c}\"")).collect();
        names.join(",")
    };
    let mut json = String::with_capacity(96);
    let _ = write!(
        json,
        "{{\"decided\":{},\"needs_prompt\":{},\"granted\":[{}],\"stale\":[{}]}}",
        state.is_decided(),
        state.needs_prompt(),
        list(&mut state.consent().granted()),
        list(&mut state.stale()),
    );
    if let (Some(id), Some(decided_at)) = (state.id(), state.decided_at()) {
        json.pop(); // the closing brace
        let _ = write!(json, ",\"id\":\"{id}\",\"decided_at\":{decided_at}}}");
    }
    if state.gpc() || state.regime() != crate::signals::Regime::OptIn {
        json.pop();
        let _ = write!(
            json,
            ",\"regime\":\"{}\",\"gpc\":{},\"gpc_honoured\":{}}}",
            state.regime(),
            state.gpc(),
            state.gpc_honoured()
        );
    }
    json
}

/// Whether the client asks for JSON (`Accept: application/json`, among others).
pub(super) fn accepts_json(accept: Option<&[u8]>) -> bool {
    accept.is_some_and(|value| {
        value.split(|&b| b == b',').any(|range| {
            let essence = range.split(|&b| b == b';').next().unwrap_or_default();
            essence
                .trim_ascii()
                .eq_ignore_ascii_case(b"application/json")
        })
    })
}

#[cfg(test)]
mod tests {
    use super::{accepts_json, state_json};
    use crate::{Consent, ConsentRecord, ConsentState};

    #[test]
    fn the_json_state_carries_the_receipt_once_decided() {
        #[derive(crate::CookieRegistry)]
        #[registry(provider = "Acme", consent_cookie = Choice)]
        enum Cookies {
            #[cookie(name = "choice", category = Necessary, purpose = "Consent")]
            Choice,
            #[cookie(name = "_ga", category = Statistics, purpose = "Counts visits")]
            Ga,
        }
        assert_eq!(
            state_json(&ConsentState::undecided()),
            r#"{"decided":false,"needs_prompt":true,"granted":["necessary"],"stale":[]}"#
        );
        let record = ConsentRecord::new::<Cookies>(Consent::all(), None);
        let state =
            ConsentState::from_cookie_value::<Cookies>(&record.cookie_value()).expect("valid");
        assert_eq!(
            state_json(&state),
            format!(
                r#"{{"decided":true,"needs_prompt":false,"granted":["necessary","statistics"],"stale":[],"id":"{}","decided_at":{}}}"#,
                record.id, record.decided_at
            )
        );
    }

    #[test]
    fn json_is_asked_for_by_media_range() {
        assert!(accepts_json(Some(b"text/html, application/json;q=0.9")));
        assert!(accepts_json(Some(b"APPLICATION/JSON")));
        assert!(!accepts_json(Some(b"application/jsonp")));
        assert!(!accepts_json(None));
    }
}
