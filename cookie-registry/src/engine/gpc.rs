//! A Global Privacy Control opt-out, kept as a consent record of its own: when a request's
//! signal is honoured ([`ConsentState::gpc_honoured`]) and the visitor's consent cookie does not
//! yet record the opt-out, the site records it with [`ConsentMethod::GlobalPrivacyControl`] and
//! sets the consent cookie that carries it, so the next request finds it recorded.
//!
//! California's regulations ask a business to keep the record of each request to opt out and
//! how it answered it, for 24 months (11 CCR §7101(a)); an opt-out preference signal is such a
//! request (§7025(b)). The tower adapter is `GpcOptOutLayer`, the actix-web one
//! `actix::GpcOptOut`; a third framework calls [`gpc_opt_out`] and [`store_gpc_opt_out`].

use core::future::Future;

use super::proof::store_within;
use crate::builder::CookieBuilderExt as _;
use crate::consent::{categories_in_use, now};
use crate::{
    Category, ConsentId, ConsentMethod, ConsentRecord, ConsentState, ConsentStore, CookieRegistry,
    HasConsentCookie,
};

/// The record of the GPC opt-out this request makes, if one is due for registry `R`: the request
/// carried `Sec-GPC: 1` under [`Regime::OptOut`](crate::signals::Regime::OptOut), the registry
/// has Marketing cookies, and the visitor's consent cookie does not already refuse Marketing.
///
/// The record refuses Marketing, keeps the visitor's earlier choice for the other categories
/// (granted or refused; a category never chosen gets no entry, so it stays unchosen and the
/// banner still asks about it), names the earlier decision as `previous_id`, and has the method
/// [`ConsentMethod::GlobalPrivacyControl`]. Its [`cookie_value`](ConsentRecord::cookie_value)
/// is the consent cookie to set once it is stored.
///
/// ```
/// use cookie_registry::{Category, ConsentMethod, ConsentState, CookieRegistry, engine};
/// use cookie_registry::signals::{Regime, Signals};
///
/// #[derive(CookieRegistry)]
/// #[registry(provider = "Acme", consent_cookie = Choice)]
/// enum Cookies {
///     #[cookie(name = "choice", category = Necessary, purpose = "Your cookie choice", max_age = "26w")]
///     Choice,
///     #[cookie(name = "_ga", category = Statistics, purpose = "Counts visits")]
///     Ga,
///     #[cookie(name = "_fbp", category = Marketing, purpose = "Ads")]
///     Fbp,
/// }
///
/// let us_gpc = Signals::new(Regime::OptOut).with_gpc(true);
/// let state = ConsentState::undecided().with_signals(us_gpc);
/// let record = engine::gpc_opt_out::<Cookies>(&state).expect("an opt-out to record");
/// assert_eq!(record.method, ConsentMethod::GlobalPrivacyControl);
/// assert_eq!(record.refused, [Category::Marketing]);
/// assert_eq!(record.granted, [Category::Necessary]); // Statistics: never chosen, no entry
///
/// // Once the cookie carries it, nothing more is due.
/// let recorded = ConsentState::from_cookie_header::<Cookies>(&format!("choice={}", record.cookie_value()));
/// assert!(engine::gpc_opt_out::<Cookies>(&recorded.with_signals(us_gpc)).is_none());
/// // Nor under the opt-in regime, where GPC is received but not an opt-out of its own.
/// let eu_gpc = Signals::new(Regime::OptIn).with_gpc(true);
/// assert!(engine::gpc_opt_out::<Cookies>(&ConsentState::undecided().with_signals(eu_gpc)).is_none());
/// ```
#[must_use]
pub fn gpc_opt_out<R: HasConsentCookie>(state: &ConsentState) -> Option<ConsentRecord> {
    let marketing = Category::Marketing;
    // A constant per registry: whether any cookie needs Marketing consent.
    let has_marketing = categories_in_use::<R>() & (1 << marketing.index()) != 0;
    if !state.gpc_honoured() || !has_marketing || state.choice.of(marketing) == Some(false) {
        return None;
    }
    Some(opt_out_record::<R>(state, ConsentId::random(), now()))
}

/// The opt-out record of [`gpc_opt_out`], with its id and time given.
fn opt_out_record<R: CookieRegistry>(
    state: &ConsentState,
    id: ConsentId,
    decided_at: u64,
) -> ConsentRecord {
    let mut granted = vec![Category::Necessary];
    let mut refused = Vec::new();
    let mut revisions = std::collections::BTreeMap::new();
    for category in Category::ALL.into_iter().filter(|c| c.needs_consent()) {
        let earlier = if category == Category::Marketing {
            Some(false)
        } else {
            state.choice.of(category)
        };
        match earlier {
            Some(true) => granted.push(category),
            Some(false) => refused.push(category),
            None => continue, // never chosen: no entry
        }
        revisions.insert(category, R::revision(category));
    }
    ConsentRecord::from_parts(id, decided_at, granted, refused, revisions, state.id())
        .with_method(ConsentMethod::GlobalPrivacyControl)
}

/// Whether a response's `Set-Cookie` values (in order) set or remove registry `R`'s consent
/// cookie, read as the browser reads them: a response of the consent endpoint, whose decision is
/// recorded by the endpoint itself. An adapter records no GPC opt-out on such a response.
///
/// ```
/// # use cookie_registry::CookieRegistry;
/// # #[derive(CookieRegistry)]
/// # #[registry(consent_cookie = Choice)]
/// # enum Cookies {
/// #     #[cookie(name = "choice", category = Necessary, provider = "Acme", purpose = "Consent")]
/// #     Choice,
/// # }
/// use cookie_registry::engine;
///
/// assert!(engine::sets_consent_cookie::<Cookies>([&b"choice=2.ab; Path=/"[..]]));
/// assert!(!engine::sets_consent_cookie::<Cookies>([&b"sid=1"[..], b"\xa0choice=1"]));
/// ```
pub fn sets_consent_cookie<'s, R: CookieRegistry>(
    set_cookies: impl IntoIterator<Item = &'s [u8]>,
) -> bool {
    let Some(spec) = crate::consent::consent_spec::<R>() else {
        return false;
    };
    set_cookies
        .into_iter()
        .any(|value| super::response::consent_cookie_set_by(spec, value).is_some())
}

/// Stores `record` (from [`gpc_opt_out`]) in `store` and returns the consent cookie's
/// `Set-Cookie` value to append to the response; `None` when the store fails or `deadline`
/// (the adapter's timer) comes first. The opt-out is honoured on this request either way: the
/// consent in force already refuses Marketing. Without the cookie, the next request with the
/// signal tries again.
pub async fn store_gpc_opt_out<R: HasConsentCookie>(
    record: &ConsentRecord,
    store: &(impl ConsentStore + ?Sized),
    deadline: impl Future<Output = ()>,
) -> Option<String> {
    let consent_cookie = R::consent_cookie()?;
    if let Err(_error) = store_within(store, record, None, deadline).await {
        #[cfg(feature = "tracing")]
        tracing::error!(id = %record.id, error = %_error, "GPC opt-out not recorded: no consent cookie set");
        return None;
    }
    let value = record.cookie_value();
    Some(consent_cookie.builder(value.as_str()).build().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signals::{Regime, Signals};

    #[derive(crate::CookieRegistry)]
    #[registry(crate = "crate", provider = "Acme", consent_cookie = Choice)]
    enum Shop {
        #[cookie(name = "choice", category = Necessary, purpose = "Choice", max_age = "26w")]
        Choice,
        #[cookie(name = "lang", category = Preferences, purpose = "Language")]
        Lang,
        #[cookie(name = "_ga", category = Statistics, purpose = "Visits")]
        Ga,
        #[cookie(name = "_fbp", category = Marketing, purpose = "Ads")]
        Fbp,
    }

    #[derive(crate::CookieRegistry)]
    #[registry(crate = "crate", provider = "Acme", consent_cookie = Choice)]
    enum NoAds {
        #[cookie(name = "choice", category = Necessary, purpose = "Choice", max_age = "26w")]
        Choice,
        #[cookie(name = "_ga", category = Statistics, purpose = "Visits")]
        Ga,
    }

    const US_GPC: Signals = Signals::new(Regime::OptOut).with_gpc(true);

    fn state_of<R: CookieRegistry>(record: &ConsentRecord) -> ConsentState {
        ConsentState::from_cookie_value::<R>(&record.cookie_value()).unwrap()
    }

    #[test]
    fn keeps_the_earlier_choice_and_refuses_marketing() {
        let earlier = ConsentRecord::new::<Shop>(
            crate::Consent::necessary_only().with(Category::Statistics),
            None,
        );
        // Preferences was refused, Statistics granted, Marketing refused by "custom".
        let state = state_of::<Shop>(&earlier).with_signals(US_GPC);
        // Marketing is already refused: nothing is due.
        assert!(gpc_opt_out::<Shop>(&state).is_none());

        let all = ConsentRecord::new::<Shop>(crate::Consent::all(), None);
        let state = state_of::<Shop>(&all).with_signals(US_GPC);
        let record = gpc_opt_out::<Shop>(&state).expect("due over an earlier grant");
        assert_eq!(
            record.granted,
            [
                Category::Necessary,
                Category::Preferences,
                Category::Statistics
            ]
        );
        assert_eq!(record.refused, [Category::Marketing]);
        assert_eq!(record.previous_id, Some(all.id));
        assert_eq!(record.method, ConsentMethod::GlobalPrivacyControl);
        assert_eq!(record.revisions.len(), 3);
        // The cookie it writes reads back as the opt-out, and keeps the grants.
        let after = state_of::<Shop>(&record);
        assert!(after.consent().allows(Category::Statistics));
        assert!(!after.consent().allows(Category::Marketing));
        assert!(!after.needs_prompt());
    }

    #[test]
    fn an_undecided_visitor_gets_only_the_marketing_entry() {
        let state = ConsentState::undecided().with_signals(US_GPC);
        let record = opt_out_record::<Shop>(
            &state,
            "07070707070707070707070707070707".parse().unwrap(),
            0x6000_0000,
        );
        let revision = Shop::revision(Category::Marketing);
        assert_eq!(
            record.cookie_value(),
            format!("2.07070707070707070707070707070707.60000000.m{revision:08x}"),
        );
        assert_eq!(record.previous_id, None);
        // Still asked about the rest, and under the opt-out regime they stay allowed.
        let after = state_of::<Shop>(&gpc_opt_out::<Shop>(&state).unwrap());
        assert!(after.needs_prompt());
        let in_force = after.with_signals(Signals::new(Regime::OptOut)).consent();
        assert!(in_force.allows(Category::Statistics) && !in_force.allows(Category::Marketing));
    }

    #[test]
    fn nothing_is_due_without_an_honoured_signal_or_marketing_cookies() {
        let undecided = ConsentState::undecided();
        for signals in [
            Signals::new(Regime::OptOut),
            Signals::new(Regime::OptIn).with_gpc(true),
            Signals::new(Regime::OptIn),
        ] {
            assert!(gpc_opt_out::<Shop>(&undecided.with_signals(signals)).is_none());
        }
        assert!(gpc_opt_out::<NoAds>(&undecided.with_signals(US_GPC)).is_none());
    }
}
