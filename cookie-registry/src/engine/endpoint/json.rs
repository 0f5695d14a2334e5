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

/// `{"decided":…,"needs_prompt":…,"granted":[…],"stale":[…]}`: category names are fixed
/// lower-case words, so nothing needs escaping.
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
    use super::accepts_json;

    #[test]
    fn json_is_asked_for_by_media_range() {
        assert!(accepts_json(Some(b"text/html, application/json;q=0.9")));
        assert!(accepts_json(Some(b"APPLICATION/JSON")));
        assert!(!accepts_json(Some(b"application/jsonp")));
        assert!(!accepts_json(None));
    }
}
