//! The reader's rules, one test each (6265bis §5.6, §5.6.1, §5.6.2).

use super::{Expiry, MAX_NAME_VALUE, read_set_cookie};

/// A date before now, and one long after, in the format servers send.
const PAST: &str = "Thu, 01 Jan 1970 00:00:10 GMT";
const FUTURE: &str = "Fri, 01 Jan 2100 00:00:00 GMT";

fn read(value: &str) -> Option<(String, String, Expiry)> {
    read_set_cookie(value.as_bytes()).map(|cookie| {
        (
            String::from_utf8_lossy(cookie.name()).into_owned(),
            String::from_utf8_lossy(cookie.value()).into_owned(),
            cookie.expiry(),
        )
    })
}

fn name(value: &str) -> Option<String> {
    read(value).map(|(name, _, _)| name)
}

fn expiry(value: &str) -> Expiry {
    read(value).map_or_else(|| panic!("{value:?} was ignored"), |(_, _, e)| e)
}

#[test]
fn the_pair_ends_at_the_first_semicolon_and_the_name_at_the_first_equals() {
    assert_eq!(
        read("a=b=c; Path=/"),
        Some(("a".into(), "b=c".into(), Expiry::Session))
    );
    assert_eq!(
        read("a=\"q;r\""),
        Some(("a".into(), "\"q".into(), Expiry::Session))
    );
    assert_eq!(
        read("a="),
        Some(("a".into(), String::new(), Expiry::Session))
    );
}

#[test]
fn without_equals_the_name_is_empty_and_all_is_the_value() {
    assert_eq!(
        read("tracker; Max-Age=100"),
        Some((String::new(), "tracker".into(), Expiry::MaxAge(100)))
    );
    assert_eq!(name("=v"), Some(String::new()));
}

#[test]
fn only_space_and_tab_are_trimmed() {
    assert_eq!(
        read(" \t sid \t= \t1 \t"),
        Some(("sid".into(), "1".into(), Expiry::Session))
    );
    for space in ['\u{a0}', '\u{2003}', '\u{3000}', '\u{feff}', '\u{85}'] {
        assert_eq!(
            name(&format!("{space}sid={space}")),
            Some(format!("{space}sid")),
            "{space:?}"
        );
        assert_eq!(name(&format!("sid{space}=1")), Some(format!("sid{space}")));
    }
}

#[test]
fn ignored_values() {
    assert_eq!(read(""), None);
    assert_eq!(read("="), None);
    assert_eq!(read(" ; Max-Age=100"), None);
    // A control character anywhere, in the pair or an attribute (tab is no control here).
    for control in ['\0', '\u{1}', '\n', '\r', '\u{b}', '\u{1f}', '\u{7f}'] {
        assert_eq!(read(&format!("a{control}=1")), None, "{control:?}");
        assert_eq!(read(&format!("a=1{control}")), None, "{control:?}");
        assert_eq!(read(&format!("a=1; Path=/{control}")), None, "{control:?}");
    }
    assert!(read("a=\t1").is_some());
    // An empty name cannot disguise a prefixed cookie (6265bis §5.7).
    assert_eq!(read("=__Secure-x=1"), None);
    assert_eq!(read("__host-x"), None);
    assert!(read("=__Securex").is_some());
}

#[test]
fn name_and_value_are_limited_to_4096_bytes_together() {
    let value = "v".repeat(MAX_NAME_VALUE - 1);
    assert!(read(&format!("a={value}")).is_some());
    assert_eq!(read(&format!("ab={value}")), None);
    // Attributes do not count.
    assert!(read(&format!("a={value}; Path=/")).is_some());
}

#[test]
fn attribute_names_match_ascii_case_insensitively_and_trimmed_of_space_and_tab() {
    for attribute in [
        "Max-Age=0",
        "max-age=0",
        "MAX-AGE=0",
        " \tmAx-AgE \t= \t0 \t",
    ] {
        assert_eq!(
            expiry(&format!("a=1;{attribute}")),
            Expiry::Earliest,
            "{attribute}"
        );
    }
    // No Unicode case folding, no Unicode trimming: these are no `Max-Age`.
    for attribute in [
        "\u{a0}Max-Age=0",
        "Max-Age\u{a0}=0",
        "Max-Age=\u{a0}0",
        "Max-Age=0\u{a0}",
    ] {
        assert_eq!(
            expiry(&format!("a=1; {attribute}")),
            Expiry::Session,
            "{attribute}"
        );
    }
    assert_eq!(expiry("a=1; Max_Age=0"), Expiry::Session);
    assert_eq!(expiry("a=1; Max-Age"), Expiry::Session);
}

#[test]
fn max_age_is_a_minus_or_a_digit_then_digits() {
    assert_eq!(expiry("a=1; Max-Age=0"), Expiry::Earliest);
    assert_eq!(expiry("a=1; Max-Age=000"), Expiry::Earliest);
    assert_eq!(expiry("a=1; Max-Age=-1"), Expiry::Earliest);
    assert_eq!(expiry("a=1; Max-Age=-0"), Expiry::Earliest);
    assert_eq!(
        expiry("a=1; Max-Age=-99999999999999999999999"),
        Expiry::Earliest
    );
    assert_eq!(expiry("a=1; Max-Age=3600"), Expiry::MaxAge(3600));
    assert_eq!(
        expiry("a=1; Max-Age=99999999999999999999999"),
        Expiry::MaxAge(u64::MAX)
    );
    assert_eq!(expiry("a=1; Max-Age=+0"), Expiry::Earliest);
    assert_eq!(expiry("a=1; Max-Age=+60"), Expiry::MaxAge(60));
    for invalid in ["", "-", "+", "+-1", "-+1", "0x0", "1.5", "0 0", "1e3", "٠"] {
        assert_eq!(
            expiry(&format!("a=1; Max-Age={invalid}")),
            Expiry::Session,
            "{invalid}"
        );
    }
}

#[test]
fn the_last_max_age_is_read_even_when_invalid() {
    assert_eq!(expiry("a=1; Max-Age=0; Max-Age=100"), Expiry::MaxAge(100));
    assert_eq!(expiry("a=1; Max-Age=100; Max-Age=0"), Expiry::Earliest);
    assert_eq!(expiry("a=1; Max-Age=0; Max-Age=x"), Expiry::Session);
    assert_eq!(expiry("a=1; Max-Age=0; Max-Age="), Expiry::Session);
}

#[test]
fn max_age_beats_expires_and_an_invalid_one_leaves_it() {
    assert_eq!(
        expiry(&format!("a=1; Expires={PAST}; Max-Age=100")),
        Expiry::MaxAge(100)
    );
    assert_eq!(
        expiry(&format!("a=1; Max-Age=100; Expires={PAST}")),
        Expiry::MaxAge(100)
    );
    assert_eq!(
        expiry(&format!("a=1; Max-Age=0; Expires={FUTURE}")),
        Expiry::Earliest
    );
    assert_eq!(
        expiry(&format!("a=1; Max-Age=x; Expires={PAST}")),
        Expiry::Expires(10)
    );
}

#[test]
fn the_last_expires_is_read_even_when_invalid() {
    assert_eq!(
        expiry(&format!("a=1; Expires={FUTURE}; Expires={PAST}")),
        Expiry::Expires(10)
    );
    assert!(matches!(
        expiry(&format!("a=1; Expires={PAST}; Expires={FUTURE}")),
        Expiry::Expires(at) if at > 4_000_000_000
    ));
    assert_eq!(
        expiry(&format!("a=1; Expires={PAST}; Expires=soon")),
        Expiry::Session
    );
    assert_eq!(
        expiry(&format!(
            "a=1; Expires={PAST}; Expires=Thu, 01 Jan 1970 00:00:10x"
        )),
        Expiry::Session
    );
    assert_eq!(
        expiry(&format!("a=1; EXPIRES=\t{PAST}\t")),
        Expiry::Expires(10)
    );
}

#[test]
fn an_attribute_value_over_1024_bytes_is_ignored() {
    let long = "0".repeat(1025);
    assert_eq!(
        expiry(&format!("a=1; Max-Age=0; Max-Age={long}")),
        Expiry::Earliest
    );
    let long = "0".repeat(1024);
    assert_eq!(
        expiry(&format!("a=1; Max-Age=5; Max-Age={long}")),
        Expiry::Earliest
    );
}

#[test]
fn a_removal_is_an_expiry_already_past() {
    let at = |value: &str, now| {
        read_set_cookie(value.as_bytes())
            .unwrap()
            .is_removal_at(now)
    };
    assert!(at("a=; Max-Age=0", i64::MIN));
    assert!(!at("a=; Max-Age=1", i64::MAX));
    assert!(!at("a=", i64::MAX));
    assert!(at(&format!("a=; Expires={PAST}"), 10));
    assert!(!at(&format!("a=; Expires={PAST}"), 9));
    assert!(
        read_set_cookie(format!("a=; Expires={PAST}").as_bytes())
            .unwrap()
            .is_removal()
    );
    assert!(
        !read_set_cookie(format!("a=; Expires={FUTURE}").as_bytes())
            .unwrap()
            .is_removal()
    );
}

#[test]
fn bytes_that_are_not_utf8_are_read_too() {
    let cookie = read_set_cookie(b"\xff\xfe=\x80; Max-Age=0").unwrap();
    assert_eq!(cookie.name(), b"\xff\xfe");
    assert_eq!(cookie.name_str(), None);
    assert_eq!(cookie.value(), b"\x80");
    assert!(cookie.is_removal());
}
