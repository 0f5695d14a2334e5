//! Names of generated items, from variant names: `SessionId` → `SESSION_ID`, `is_session_id`.

/// The words of an identifier: split at `_`, at a lower-case letter or digit followed by an
/// upper-case one (`sessionId`), and before the last capital of an acronym (`HTTPServer`).
fn words(ident: &str) -> Vec<String> {
    let ident = ident.strip_prefix("r#").unwrap_or(ident);
    let mut words = Vec::new();
    for part in ident.split('_').filter(|part| !part.is_empty()) {
        let chars: Vec<char> = part.chars().collect();
        let mut word = String::new();
        for (i, &c) in chars.iter().enumerate() {
            let prev = i.checked_sub(1).and_then(|p| chars.get(p));
            let next = chars.get(i + 1);
            let boundary = c.is_uppercase()
                && match prev {
                    Some(p) if p.is_lowercase() || p.is_numeric() => true,
                    Some(p) if p.is_uppercase() => next.is_some_and(|n| n.is_lowercase()),
                    _ => false,
                };
            if boundary && !word.is_empty() {
                words.push(core::mem::take(&mut word));
            }
            word.push(c);
        }
        if !word.is_empty() {
            words.push(word);
        }
    }
    words
}

/// `SessionId` → `SESSION_ID`.
pub(crate) fn screaming_snake(ident: &str) -> String {
    words(ident).join("_").to_uppercase()
}

/// `SessionId` → `session_id`.
pub(crate) fn snake(ident: &str) -> String {
    words(ident).join("_").to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn screaming_snake_splits_words() {
        for (ident, expected) in [
            ("SessionId", "SESSION_ID"),
            ("Csrf", "CSRF"),
            ("DjangoLanguage", "DJANGO_LANGUAGE"),
            ("HTTPServer", "HTTP_SERVER"),
            ("Ga4Id", "GA4_ID"),
            ("Ga4", "GA4"),
            ("GA", "GA"),
            ("Session_Id", "SESSION_ID"),
            ("r#Type", "TYPE"),
            ("HjSessionUser", "HJ_SESSION_USER"),
        ] {
            assert_eq!(screaming_snake(ident), expected, "{ident}");
        }
    }

    #[test]
    fn snake_lowers_words() {
        assert_eq!(snake("GaSession"), "ga_session");
        assert_eq!(snake("HjSessionUser"), "hj_session_user");
    }
}
