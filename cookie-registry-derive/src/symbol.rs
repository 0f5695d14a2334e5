//! The attribute keys, in one table: parsing matches against it and "did you mean" hints come
//! from it.

/// `#[cookie(...)]`, on a variant.
pub(crate) const COOKIE: &str = "cookie";
/// `#[registry(...)]`, on the enum.
pub(crate) const REGISTRY: &str = "registry";

pub(crate) const NAME: &str = "name";
pub(crate) const PREFIX: &str = "prefix";
pub(crate) const CATEGORY: &str = "category";
pub(crate) const PURPOSE: &str = "purpose";
pub(crate) const PROVIDER: &str = "provider";
pub(crate) const FUNCTION: &str = "function";
pub(crate) const MAX_AGE: &str = "max_age";
pub(crate) const SECURE: &str = "secure";
pub(crate) const HTTP_ONLY: &str = "http_only";
pub(crate) const SAME_SITE: &str = "same_site";
pub(crate) const PATH: &str = "path";
pub(crate) const DOMAIN: &str = "domain";
pub(crate) const THIRD_PARTY: &str = "third_party";
pub(crate) const ANONYMIZED: &str = "anonymized";
pub(crate) const STORAGE: &str = "storage";

pub(crate) const CRATE: &str = "crate";
pub(crate) const CONSENT_COOKIE: &str = "consent_cookie";
pub(crate) const REVISION: &str = "revision";
pub(crate) const LANGUAGES: &str = "languages";
pub(crate) const POLICY_FILE: &str = "policy_file";
/// In a translation, `#[cookie(lang = "de", ...)]`.
pub(crate) const LANG: &str = "lang";

/// Every key `#[cookie(...)]` takes.
pub(crate) const COOKIE_KEYS: &[&str] = &[
    NAME,
    PREFIX,
    CATEGORY,
    PURPOSE,
    PROVIDER,
    FUNCTION,
    MAX_AGE,
    SECURE,
    HTTP_ONLY,
    SAME_SITE,
    PATH,
    DOMAIN,
    THIRD_PARTY,
    ANONYMIZED,
    STORAGE,
];

/// Every key `#[registry(...)]` takes.
pub(crate) const REGISTRY_KEYS: &[&str] = &[
    PROVIDER,
    CRATE,
    CONSENT_COOKIE,
    REVISION,
    LANGUAGES,
    POLICY_FILE,
];

/// Every key a translation `#[cookie(lang = "...", ...)]` takes.
pub(crate) const TRANSLATION_KEYS: &[&str] = &[LANG, PURPOSE, FUNCTION];

/// A closed set of words a key takes (`category = Statistics`), in one table: parsing reads
/// it, errors list it, "did you mean" hints search it, and the generated code names the
/// runtime's variants by it.
pub(crate) trait Keyword: Copy + PartialEq + 'static {
    /// What a word is called in an error: "category".
    const WHAT: &'static str;
    /// Every word as written, with its value.
    const WORDS: &'static [(&'static str, Self)];

    /// The value written as `word`.
    fn from_word(word: &str) -> Option<Self> {
        Self::WORDS
            .iter()
            .find(|(known, _)| *known == word)
            .map(|&(_, value)| value)
    }

    /// The word for this value (for `Category` and `SameSite`, also the variant's identifier).
    /// Not `as_str`: core's types have their own (`Category::as_str` is lower-case).
    fn word(self) -> &'static str {
        Self::WORDS
            .iter()
            .find(|(_, value)| *value == self)
            .map_or("", |&(word, _)| word)
    }

    /// Every word, in table order.
    fn words() -> Vec<&'static str> {
        Self::WORDS.iter().map(|&(word, _)| word).collect()
    }
}

/// The known word closest to `unknown`, when one is close enough to be a typo.
pub(crate) fn closest<'a>(unknown: &str, known: &[&'a str]) -> Option<&'a str> {
    let folded = unknown.to_ascii_lowercase().replace('-', "_");
    known
        .iter()
        .map(|&candidate| {
            let squashed = candidate.replace('_', "");
            let distance = if folded == candidate.to_ascii_lowercase() || folded == squashed {
                0
            } else {
                edit_distance(&folded, &candidate.to_ascii_lowercase())
            };
            (distance, candidate)
        })
        .filter(|&(distance, candidate)| distance <= (candidate.len() / 3).max(1))
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, candidate)| candidate)
}

/// The Levenshtein distance between two short words.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}

/// `a`, `b` and `c` as "`a`, `b` or `c`".
pub(crate) fn one_of(words: &[&str]) -> String {
    let quoted: Vec<String> = words.iter().map(|w| format!("`{w}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => quoted.join(""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Category;

    #[test]
    fn close_keys_are_suggested() {
        assert_eq!(closest("purpos", COOKIE_KEYS), Some(PURPOSE));
        assert_eq!(closest("porpose", COOKIE_KEYS), Some(PURPOSE));
        assert_eq!(closest("httponly", COOKIE_KEYS), Some(HTTP_ONLY));
        assert_eq!(closest("SameSite", COOKIE_KEYS), Some(SAME_SITE));
        assert_eq!(closest("maxage", COOKIE_KEYS), Some(MAX_AGE));
        assert_eq!(closest("expires", COOKIE_KEYS), None);
        assert_eq!(closest("functional", &Category::words()), None);
        assert_eq!(closest("Statistic", &Category::words()), Some("Statistics"));
    }

    #[test]
    fn lists_read_as_prose() {
        assert_eq!(one_of(&["a"]), "`a`");
        assert_eq!(one_of(&["a", "b", "c"]), "`a`, `b` or `c`");
    }
}
