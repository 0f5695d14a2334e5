//! The regime table, exhaustively: regime × GPC × earlier choice × category, against a table
//! written out by hand (not computed by the code under test).

use super::{Regime, Signals};
use crate::{Category, Consent, ConsentRecord, ConsentState, CookieRegistry};

use Category::{Marketing as M, Necessary as N, Preferences as P, Statistics as S};
use Regime::{OptIn as IN, OptOut as OUT};

const NONE: Option<bool> = None;
const GRANTED: Option<bool> = Some(true);
const REFUSED: Option<bool> = Some(false);

/// (regime, GPC, earlier choice, category, allowed): every combination once.
#[rustfmt::skip]
const TABLE: [(Regime, bool, Option<bool>, Category, bool); 48] = [
    // Opt-in: only an explicit grant allows; GPC changes nothing.
    (IN, false, NONE, N, true), (IN, false, NONE, P, false), (IN, false, NONE, S, false), (IN, false, NONE, M, false),
    (IN, false, GRANTED, N, true), (IN, false, GRANTED, P, true), (IN, false, GRANTED, S, true), (IN, false, GRANTED, M, true),
    (IN, false, REFUSED, N, true), (IN, false, REFUSED, P, false), (IN, false, REFUSED, S, false), (IN, false, REFUSED, M, false),
    (IN, true, NONE, N, true), (IN, true, NONE, P, false), (IN, true, NONE, S, false), (IN, true, NONE, M, false),
    (IN, true, GRANTED, N, true), (IN, true, GRANTED, P, true), (IN, true, GRANTED, S, true), (IN, true, GRANTED, M, true),
    (IN, true, REFUSED, N, true), (IN, true, REFUSED, P, false), (IN, true, REFUSED, S, false), (IN, true, REFUSED, M, false),
    // Opt-out: allowed until refused; GPC refuses Marketing, over a grant too.
    (OUT, false, NONE, N, true), (OUT, false, NONE, P, true), (OUT, false, NONE, S, true), (OUT, false, NONE, M, true),
    (OUT, false, GRANTED, N, true), (OUT, false, GRANTED, P, true), (OUT, false, GRANTED, S, true), (OUT, false, GRANTED, M, true),
    (OUT, false, REFUSED, N, true), (OUT, false, REFUSED, P, false), (OUT, false, REFUSED, S, false), (OUT, false, REFUSED, M, false),
    (OUT, true, NONE, N, true), (OUT, true, NONE, P, true), (OUT, true, NONE, S, true), (OUT, true, NONE, M, false),
    (OUT, true, GRANTED, N, true), (OUT, true, GRANTED, P, true), (OUT, true, GRANTED, S, true), (OUT, true, GRANTED, M, false),
    (OUT, true, REFUSED, N, true), (OUT, true, REFUSED, P, false), (OUT, true, REFUSED, S, false), (OUT, true, REFUSED, M, false),
];

/// Every combination, each once: the table is the whole space, with no gap and no repeat.
fn combinations() -> impl Iterator<Item = (Regime, bool, Option<bool>, Category)> {
    [IN, OUT].into_iter().flat_map(|regime| {
        [false, true].into_iter().flat_map(move |gpc| {
            [NONE, GRANTED, REFUSED]
                .into_iter()
                .flat_map(move |earlier| {
                    Category::ALL
                        .into_iter()
                        .map(move |category| (regime, gpc, earlier, category))
                })
        })
    })
}

fn expected(regime: Regime, gpc: bool, earlier: Option<bool>, category: Category) -> bool {
    let rows: Vec<bool> = TABLE
        .iter()
        .filter(|row| (row.0, row.1, row.2, row.3) == (regime, gpc, earlier, category))
        .map(|row| row.4)
        .collect();
    assert_eq!(
        rows.len(),
        1,
        "{regime:?} gpc={gpc} {earlier:?} {category:?}"
    );
    rows[0]
}

#[test]
fn the_table_covers_every_combination_once() {
    assert_eq!(combinations().count(), TABLE.len());
    for (regime, gpc, earlier, category) in combinations() {
        expected(regime, gpc, earlier, category);
    }
}

#[test]
fn regime_allows_follows_the_table() {
    for (regime, gpc, earlier, category) in combinations() {
        assert_eq!(
            regime.allows(category, earlier, gpc),
            expected(regime, gpc, earlier, category),
            "{regime:?} gpc={gpc} earlier={earlier:?} {category:?}"
        );
    }
}

#[derive(CookieRegistry)]
#[registry(provider = "Acme", consent_cookie = Choice)]
enum Cookies {
    #[cookie(name = "choice", category = Necessary, purpose = "Consent", max_age = "26w")]
    Choice,
    #[cookie(name = "lang", category = Preferences, purpose = "Language")]
    Lang,
    #[cookie(name = "_ga", category = Statistics, purpose = "Counts visits")]
    Ga,
    #[cookie(name = "_fbp", category = Marketing, purpose = "Ads")]
    Fbp,
}

/// The state of a visitor whose earlier choice was `earlier` for every category.
fn visitor(earlier: Option<bool>) -> ConsentState {
    let header = match earlier {
        None => String::new(),
        Some(granted) => {
            let consent = if granted {
                Consent::all()
            } else {
                Consent::necessary_only()
            };
            let value = ConsentRecord::new::<Cookies>(consent, None).cookie_value();
            format!("choice={value}")
        }
    };
    ConsentState::from_cookie_header::<Cookies>(&header)
}

#[test]
fn consent_state_follows_the_table_through_the_cookie() {
    for (regime, gpc, earlier, category) in combinations() {
        let signals = Signals::new(regime).with_gpc(gpc);
        let state = visitor(earlier).with_signals(signals);
        assert_eq!(
            state.consent().allows(category),
            expected(regime, gpc, earlier, category),
            "{regime:?} gpc={gpc} earlier={earlier:?} {category:?}"
        );
        assert_eq!(state.regime(), regime);
        assert_eq!(state.gpc(), gpc);
        assert_eq!(state.gpc_honoured(), gpc && regime == OUT);
        // The visitor's own choice never changes with the signals.
        assert_eq!(state.choice(), visitor(earlier).consent());
    }
}

#[test]
fn the_engine_filters_with_the_consent_in_force() {
    let all = ConsentRecord::new::<Cookies>(Consent::all(), None).cookie_value();
    let header = format!("choice={all}; lang=en; _ga=1; _fbp=2");
    let us_gpc = Signals::new(OUT).with_gpc(true);
    let request = crate::engine::read_request_with::<Cookies>(header.as_bytes(), us_gpc);
    let kept = String::from_utf8_lossy(request.filtered().expect("_fbp removed")).into_owned();
    assert!(kept.ends_with("; lang=en; _ga=1"), "{kept}");
    // The gate removes the Marketing cookie the request carried, over the earlier "all".
    let response = crate::engine::gate_response::<Cookies>(
        crate::engine::Enforcement::default(),
        &request.summary(),
        header.as_bytes(),
        core::iter::empty(),
    );
    assert_eq!(response.removals().len(), 1);
    assert!(response.removals()[0].starts_with("_fbp=;"));
}

#[test]
fn sec_gpc_is_only_the_value_1() {
    for (value, gpc) in [
        (Some(&b"1"[..]), true),
        (Some(b" 1 "), true),
        (Some(b"0"), false),
        (Some(b"true"), false),
        (Some(b"11"), false),
        (None, false),
    ] {
        assert_eq!(super::is_gpc(value), gpc, "{value:?}");
    }
}
