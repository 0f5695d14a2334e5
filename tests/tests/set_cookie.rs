//! The `Set-Cookie` gate reads values as browsers do: the attacks that passed it dressed as
//! removals or as declared names, `purge_jar`'s removals of prefixed names, and property tests
//! of the reader.

use cookie_registry::cookie::{Cookie, CookieJar};
use cookie_registry::engine::{self, Enforcement, Expiry, read_set_cookie};
use cookie_registry::{Consent, CookieRegistry, allows_set_cookie, purge_jar};
use proptest::prelude::*;

#[derive(CookieRegistry, Debug, Clone, Copy)]
#[registry(provider = "Acme", consent_cookie = Choice)]
enum Cookies {
    #[cookie(name = "sid", category = Necessary, purpose = "Session")]
    Sid,
    #[cookie(name = "choice", category = Necessary, purpose = "Consent", max_age = "26w")]
    Choice,
    #[cookie(name = "_fbp", category = Marketing, purpose = "Ads", path = "/")]
    Fbp,
    #[cookie(name = "__Host-ad", category = Marketing, purpose = "Ads", secure, path = "/")]
    HostAd,
}

fn refused(value: &str) -> bool {
    !allows_set_cookie::<Cookies>(value, &Consent::necessary_only())
}

/// Unicode white space a browser keeps in names and attributes (only SP and HTAB are trimmed).
const UNICODE_SPACES: [char; 8] = [
    '\u{a0}', '\u{1680}', '\u{2000}', '\u{2003}', '\u{202f}', '\u{3000}', '\u{feff}', '\u{85}',
];

#[test]
fn a_max_age_disguised_with_unicode_white_space_is_no_removal() {
    for space in UNICODE_SPACES {
        for value in [
            format!("_fbp=1; {space}Max-Age=0"),
            format!("_fbp=1; Max-Age=0{space}"),
            format!("_fbp=1; Max-Age={space}0"),
            format!("_fbp=1; Max-Age{space}=0"),
            format!("tracker=1; {space}Max-Age=0"),
        ] {
            assert!(refused(&value), "{value:?} passed");
        }
    }
    // The real removal still passes.
    assert!(!refused("_fbp=; Max-Age=0"));
    assert!(!refused("_fbp=; \tMax-Age=0 "));
}

#[test]
fn of_two_expires_the_browser_reads_the_last() {
    for value in [
        "_fbp=1; Expires=Thu, 01 Jan 1970 00:00:10 GMT; Expires=Fri, 01 Jan 2100 00:00:00 GMT",
        "_fbp=1; Expires=Thu, 01 Jan 1970 00:00:10 GMT; Expires=Sun, 06-Nov-2094 08:49:37 GMT",
        "_fbp=1; Expires=Thu, 01 Jan 1970 00:00:10 GMT; Expires=Sun Nov  6 08:49:37 2094",
        "_fbp=1; Expires=Thu, 01 Jan 1970 00:00:10 GMT; Expires=Fri, 01-Jan-2100 00:00:00",
        "_fbp=1; Expires=Thu, 01 Jan 1970 00:00:10 GMT; Expires=1st Jan 1970 00:00:10",
        "_fbp=1; Max-Age=0; Max-Age=x",
    ] {
        assert!(refused(value), "{value:?} passed");
    }
    assert!(!refused(
        "_fbp=1; Expires=Fri, 01 Jan 2100 00:00:00 GMT; Expires=Thu, 01 Jan 1970 00:00:10 GMT"
    ));
}

#[test]
fn a_name_padded_with_unicode_white_space_is_another_name() {
    let all = Consent::all();
    for space in UNICODE_SPACES {
        for value in [format!("{space}sid=1"), format!("sid{space}=1")] {
            assert!(
                !allows_set_cookie::<Cookies>(&value, &all),
                "{value:?} passed as sid"
            );
            let read = read_set_cookie(value.as_bytes()).expect("a cookie");
            assert_ne!(read.name(), b"sid");
        }
    }
    assert!(allows_set_cookie::<Cookies>(
        " \tsid \t=1",
        &Consent::necessary_only()
    ));
}

#[test]
fn the_engine_gates_with_the_same_reader() {
    let request = engine::read_request::<Cookies>(b"");
    let set_cookies: [&[u8]; 4] = [
        "_fbp=1; \u{a0}Max-Age=0".as_bytes(),
        "\u{a0}sid=1".as_bytes(),
        b"sid=1",
        b"_fbp=; Max-Age=0",
    ];
    let response = engine::gate_response::<Cookies>(
        Enforcement::default(),
        &request.summary(),
        b"",
        set_cookies,
    );
    assert_eq!(response.refused(), [0, 1]);
}

#[test]
fn a_consent_cookie_removal_is_read_by_the_reader() {
    let request = engine::read_request::<Cookies>(b"");
    // Disguised: the browser keeps the consent cookie, so this is no withdrawal...
    let set_cookies: [&[u8]; 1] = ["choice=x; \u{a0}Max-Age=0".as_bytes()];
    let response = engine::gate_response::<Cookies>(
        Enforcement::default(),
        &request.summary(),
        b"",
        set_cookies,
    );
    // ...and an undecodable value counts as necessary-only, as before.
    assert_eq!(response.consent_set(), Some(Consent::necessary_only()));
    let set_cookies: [&[u8]; 1] = [b"choice=; Max-Age=0"];
    let response = engine::gate_response::<Cookies>(
        Enforcement::default(),
        &request.summary(),
        b"",
        set_cookies,
    );
    assert_eq!(response.consent_set(), Some(Consent::necessary_only()));
}

/// The removals `purge_jar` leaves in the jar's delta, by name, as header values.
fn purged(names: &[&str]) -> Vec<(String, String)> {
    let mut jar = CookieJar::new();
    for name in names {
        jar.add_original(Cookie::new((*name).to_owned(), "1"));
    }
    purge_jar::<Cookies>(&mut jar, &Consent::necessary_only());
    let mut removed: Vec<(String, String)> = jar
        .delta()
        .map(|cookie| (cookie.name().to_owned(), cookie.to_string()))
        .collect();
    removed.sort();
    removed
}

#[test]
fn purge_jar_removes_prefixed_undeclared_cookies_with_secure() {
    let removed = purged(&[
        "__Host-x",
        "__Secure-x",
        "__host-y",
        "__SECURE-y",
        "plain",
        "sid",
    ]);
    let names: Vec<&str> = removed.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(
        names,
        ["__Host-x", "__SECURE-y", "__Secure-x", "__host-y", "plain"]
    );
    for (name, value) in &removed {
        let read = read_set_cookie(value.as_bytes()).expect("a cookie");
        assert!(read.is_removal(), "{value}");
        assert!(value.contains("Path=/"), "{value}");
        // A prefixed name's removal without `Secure` is ignored by browsers (6265bis §4.1.3).
        let prefixed = name.to_ascii_lowercase().starts_with("__");
        assert_eq!(value.contains("; Secure"), prefixed, "{value}");
        assert!(!value.contains("Domain="), "{value}");
    }
}

#[test]
fn purge_jar_removes_declared_cookies_with_their_attributes() {
    let removed = purged(&["__Host-ad", "_fbp", "sid", "choice"]);
    assert_eq!(removed.len(), 2);
    let (name, host) = &removed[0];
    assert_eq!(name, "__Host-ad");
    assert!(
        host.contains("; Secure") && host.contains("Path=/"),
        "{host}"
    );
    assert!(read_set_cookie(host.as_bytes()).unwrap().is_removal());
    let (name, fbp) = &removed[1];
    assert_eq!(name, "_fbp");
    assert!(fbp.contains("Path=/") && !fbp.contains("Secure"), "{fbp}");
    // The jar's removal and the middleware's are written by the same code.
    let request = engine::read_request::<Cookies>(b"_fbp=1; __Host-ad=1");
    let response = engine::gate_response::<Cookies>(
        Enforcement::default(),
        &request.summary(),
        b"_fbp=1; __Host-ad=1",
        [],
    );
    let engine_removal = response.removals().iter().find(|r| r.starts_with("_fbp="));
    let parsed = Cookie::parse(engine_removal.expect("a removal").as_str()).unwrap();
    let jar_removal = Cookie::parse(fbp.as_str()).unwrap();
    assert_eq!(parsed.path(), jar_removal.path());
    assert_eq!(parsed.secure(), jar_removal.secure());
    assert_eq!(parsed.max_age(), jar_removal.max_age());
}

/// Pieces of `Set-Cookie` values: names, white space of every kind, attributes.
fn set_cookie_strategy() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("sid".to_owned()),
        Just("_fbp".to_owned()),
        Just("=".to_owned()),
        Just(";".to_owned()),
        Just(" ".to_owned()),
        Just("\t".to_owned()),
        Just("\u{a0}".to_owned()),
        Just("\u{3000}".to_owned()),
        Just("Max-Age".to_owned()),
        Just("max-age".to_owned()),
        Just("Expires".to_owned()),
        Just("0".to_owned()),
        Just("-1".to_owned()),
        Just("+".to_owned()),
        Just("3600".to_owned()),
        Just("Thu, 01 Jan 1970 00:00:10 GMT".to_owned()),
        Just("Fri, 01 Jan 2100 00:00:00 GMT".to_owned()),
        Just("1st".to_owned()),
        "\\PC{0,3}",
    ];
    proptest::collection::vec(piece, 0..14).prop_map(|pieces| pieces.concat())
}

proptest! {
    #[test]
    fn the_name_is_the_pair_up_to_the_first_equals_trimmed_of_sp_and_htab_only(
        value in set_cookie_strategy()
    ) {
        if let Some(read) = read_set_cookie(value.as_bytes()) {
            let pair = value.split(';').next().unwrap_or_default();
            let expected = pair.split_once('=').map_or("", |(name, _)| name);
            prop_assert_eq!(read.name(), expected.trim_matches([' ', '\t']).as_bytes());
        }
    }

    #[test]
    fn a_refused_cookie_passes_only_as_a_removal(value in set_cookie_strategy()) {
        let none = Consent::necessary_only();
        if allows_set_cookie::<Cookies>(&value, &none) {
            let read = read_set_cookie(value.as_bytes()).expect("an allowed value is a cookie");
            let name = read.name_str().unwrap_or_default();
            let necessary = name == "sid" || name == "choice";
            prop_assert!(necessary || read.is_removal(), "{:?}", value);
        }
    }

    #[test]
    fn removal_is_an_expiry_in_the_past(value in set_cookie_strategy(), now in any::<i64>()) {
        if let Some(read) = read_set_cookie(value.as_bytes()) {
            let past = match read.expiry() {
                Expiry::Session | Expiry::MaxAge(_) => false,
                Expiry::Earliest => true,
                Expiry::Expires(at) => at <= now,
            };
            prop_assert_eq!(read.is_removal_at(now), past);
        }
    }

    #[test]
    fn any_bytes_are_read_without_panic(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
        let _ = read_set_cookie(&bytes).map(|read| read.is_removal());
    }
}
