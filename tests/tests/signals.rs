//! Privacy signals as a page shows them: the banner's Global Privacy Control notes in every
//! built-in language, the banner in a site `Locale` (never silently in another language), the
//! `gpc.json` service's methods, and the resolver seen by the tower layer.

use cookie_registry::signals::{GpcJson, Regime, RequestView, Signals};
use cookie_registry::{
    Banner, BannerWord, Category, Consent, ConsentLayer, ConsentRecord, ConsentState,
    CookieRegistry, Locale, Word,
};
use http::{Method, Request, StatusCode, header};
use tower::{Layer, ServiceExt, service_fn};

#[derive(CookieRegistry)]
#[registry(provider = "Acme", consent_cookie = Choice, languages = ["en", "de", "sv", "fr", "nl"])]
enum Cookies {
    #[cookie(name = "choice", category = Necessary, purpose = "Your choice", max_age = "26w")]
    #[cookie(lang = "de", purpose = "Ihre Auswahl")]
    #[cookie(lang = "sv", purpose = "Ditt val")]
    #[cookie(lang = "fr", purpose = "Votre choix")]
    #[cookie(lang = "nl", purpose = "Uw keuze")]
    Choice,
    #[cookie(name = "_fbp", category = Marketing, provider = "Meta", purpose = "Ads")]
    #[cookie(lang = "de", purpose = "Werbung")]
    #[cookie(lang = "sv", purpose = "Reklam")]
    #[cookie(lang = "fr", purpose = "Publicité")]
    #[cookie(lang = "nl", purpose = "Reclame")]
    Fbp,
}

fn all_granted() -> ConsentState {
    let value = ConsentRecord::new::<Cookies>(Consent::all(), None).cookie_value();
    ConsentState::from_cookie_header::<Cookies>(&format!("choice={value}"))
}

const US_GPC: Signals = Signals::new(Regime::OptOut).with_gpc(true);
const EU_GPC: Signals = Signals::new(Regime::OptIn).with_gpc(true);

#[test]
fn the_honoured_opt_out_is_shown_in_every_built_in_language() {
    let state = all_granted().with_signals(US_GPC);
    // Written by hand from each language's text: the legal core of the sentence.
    for (lang, words) in [
        (
            "en",
            "opt out of the sale and sharing of your personal information",
        ),
        ("de", "Widerspruch gegen den Verkauf und die Weitergabe"),
        ("sv", "inte ska säljas eller delas"),
        ("fr", "opposition à la vente et au partage"),
    ] {
        let html = Banner::<Cookies>::settings(&state).lang(lang).to_string();
        assert!(html.contains(&format!("lang=\"{lang}\"")), "{html}");
        assert!(
            html.contains("<p class=\"cr-gpc\" data-cr-gpc=\"honoured\">"),
            "{lang}"
        );
        assert!(html.contains(words), "{lang}: {html}");
        assert!(html.contains("Global"), "{lang}");
        // Marketing is shown refused, whatever was granted before.
        assert!(!html.contains(
            "value=\"marketing\" aria-describedby=\"cr-settings-marketing-about\" checked"
        ));
    }
}

#[test]
fn in_opt_in_the_signal_is_received_and_marketing_offered_unticked() {
    let fresh = ConsentState::undecided().with_signals(EU_GPC);
    for (lang, words) in [
        (
            "en",
            "Marketing cookies stay off unless you tick them below.",
        ),
        (
            "de",
            "Marketing-Cookies bleiben deaktiviert, sofern Sie sie unten nicht auswählen.",
        ),
        ("sv", "förblir avstängda om du inte väljer dem nedan."),
        ("fr", "sauf si vous les cochez ci-dessous."),
    ] {
        let html = Banner::<Cookies>::new(&fresh).lang(lang).to_string();
        assert!(html.contains("data-cr-gpc=\"received\""), "{lang}");
        assert!(html.contains(words), "{lang}: {html}");
        assert!(html.contains(
            "name=\"category\" value=\"marketing\" aria-describedby=\"cr-banner-marketing-about\">"
        ));
    }
    // An explicit grant stands: ticked, with the same note on the settings form.
    let granted = all_granted().with_signals(EU_GPC);
    assert!(granted.consent().allows(Category::Marketing));
    let html = Banner::<Cookies>::settings(&granted).to_string();
    assert!(
        html.contains(
            "value=\"marketing\" aria-describedby=\"cr-settings-marketing-about\" checked>"
        )
    );
    assert!(html.contains("data-cr-gpc=\"received\""));
    // No signal, no note.
    let quiet = Banner::<Cookies>::new(&ConsentState::undecided()).to_string();
    assert!(!quiet.contains("cr-gpc"));
}

/// Dutch: declared, with no built-in words.
fn dutch(with_banner_words: bool) -> Locale {
    let locale = Word::all()
        .into_iter()
        .fold(Locale::new("nl"), |locale, word| locale.with(word, "woord"));
    if !with_banner_words {
        return locale;
    }
    BannerWord::ALL
        .into_iter()
        .fold(locale, |locale, word| {
            locale.with(Word::Banner(word), "tekst")
        })
        .with(Word::Banner(BannerWord::RejectAll), "Alles weigeren")
}

#[test]
fn a_declared_language_without_words_is_never_shown_in_another() {
    let state = ConsentState::undecided();
    assert_eq!(Banner::<Cookies>::new(&state).lang("nl").to_string(), "");
    assert_eq!(
        Banner::<Cookies>::settings(&state).lang("NL").to_string(),
        ""
    );
    // Policy words without the banner's: refused, as `PolicyTable::in_locale` refuses.
    assert!(
        Banner::<Cookies>::new(&state)
            .in_locale(dutch(false))
            .is_none()
    );
    assert_eq!(dutch(false).banner_missing().len(), BannerWord::ALL.len());
    // A language the registry does not declare: refused.
    let italian = Locale::new("it");
    assert!(Banner::<Cookies>::new(&state).in_locale(italian).is_none());

    let html = Banner::<Cookies>::new(&state)
        .in_locale(dutch(true))
        .expect("every word")
        .to_string();
    assert!(html.contains("lang=\"nl\""), "{html}");
    assert!(
        html.contains("value=\"necessary\">Alles weigeren</button>"),
        "{html}"
    );
    assert!(html.contains("Reclame"), "the declared Dutch purpose");
    assert!(!html.contains("Reject all"));

    // A built-in language's words can be overridden by the site's locale.
    let german = Locale::builtin("de")
        .expect("built in")
        .with(Word::Banner(BannerWord::RejectAll), "Nur notwendige");
    let html = Banner::<Cookies>::new(&state)
        .in_locale(german)
        .expect("de")
        .to_string();
    assert!(html.contains(">Nur notwendige</button>") && html.contains("Alle akzeptieren"));
}

#[tokio::test]
async fn gpc_json_answers_get_and_head_and_refuses_other_methods() {
    let gpc = GpcJson::last_updated("2026-12-04").expect("a date");
    for (method, status, body) in [
        (
            Method::GET,
            StatusCode::OK,
            r#"{"gpc":true,"lastUpdate":"2026-12-04"}"#,
        ),
        (Method::HEAD, StatusCode::OK, ""),
        (Method::POST, StatusCode::METHOD_NOT_ALLOWED, ""),
    ] {
        let request = Request::builder()
            .method(method.clone())
            .body(())
            .expect("request");
        let response = gpc.oneshot(request).await.expect("infallible");
        assert_eq!(response.status(), status, "{method}");
        if status == StatusCode::OK {
            assert_eq!(response.headers()[header::CONTENT_TYPE], "application/json");
        } else {
            assert_eq!(response.headers()[header::ALLOW], "GET, HEAD");
        }
        let bytes = axum::body::to_bytes(axum::body::Body::new(response.into_body()), 1024)
            .await
            .expect("body");
        assert_eq!(bytes, body.as_bytes(), "{method}");
    }
    for bad in [
        "2026-13-01",
        "2026-12-32",
        "26-12-04",
        "2026/12/04",
        "2026-12-0a",
        "",
    ] {
        assert!(GpcJson::last_updated(bad).is_err(), "{bad:?}");
    }
}

fn us(parts: &RequestView<'_>) -> Regime {
    if parts.header("CF-IPCountry") == Some("US") && parts.path() == "/" {
        Regime::OptOut
    } else {
        Regime::OptIn
    }
}

#[tokio::test]
async fn the_layer_hands_the_resolved_regime_and_gpc_to_the_handler() {
    let inner = service_fn(|request: Request<()>| async move {
        let state = *request
            .extensions()
            .get::<ConsentState>()
            .expect("the state");
        Ok::<_, std::convert::Infallible>(http::Response::new(state))
    });
    let service = ConsentLayer::<Cookies>::new().regime(us).layer(inner);
    for (country, gpc, regime, marketing) in [
        ("US", Some("1"), Regime::OptOut, false),
        ("US", None, Regime::OptOut, true),
        ("US", Some("0"), Regime::OptOut, true),
        ("DE", Some("1"), Regime::OptIn, false),
    ] {
        let mut request = Request::builder().uri("/").header("cf-ipcountry", country);
        if let Some(gpc) = gpc {
            request = request.header("sec-gpc", gpc);
        }
        let response = service
            .clone()
            .oneshot(request.body(()).expect("request"))
            .await
            .expect("infallible");
        let state = response.body();
        assert_eq!(state.regime(), regime, "{country} {gpc:?}");
        assert_eq!(state.gpc(), gpc == Some("1"));
        assert_eq!(
            state.gpc_honoured(),
            regime == Regime::OptOut && gpc == Some("1")
        );
        assert_eq!(
            state.consent().allows(Category::Marketing),
            marketing,
            "{country} {gpc:?}"
        );
    }
}
