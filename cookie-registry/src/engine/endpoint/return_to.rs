//! Where the endpoint sends the browser back: `return_to`, when it stays on this site.

/// `return_to` when it is a path on this site, else `/`: it starts with exactly one `/` (so no
/// scheme and no `//host`), has no `\` (which browsers read as `/`), and only visible ASCII (no
/// white space or control bytes, which browsers strip before resolving).
#[must_use]
pub(crate) fn safe_return_to(return_to: Option<&str>) -> &str {
    match return_to {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && path.bytes().all(|b| b.is_ascii_graphic() && b != b'\\') =>
        {
            path
        }
        _ => "/",
    }
}

#[cfg(test)]
mod tests {
    use super::safe_return_to;

    #[test]
    fn return_to_stays_on_the_site() {
        for (given, expected) in [
            (Some("/cookies"), "/cookies"),
            (Some("/a/b?c=d#e"), "/a/b?c=d#e"),
            (Some("//evil.example"), "/"),
            (Some("/\\evil.example"), "/"),
            (Some("\\\\evil.example"), "/"),
            (Some("https://evil.example"), "/"),
            (Some("javascript:alert(1)"), "/"),
            (Some("/\t/evil.example"), "/"),
            (Some("/ /evil.example"), "/"),
            (Some("/\r\nSet-Cookie: x=1"), "/"),
            (Some("evil.example"), "/"),
            (Some(""), "/"),
            (None, "/"),
        ] {
            assert_eq!(safe_return_to(given), expected, "{given:?}");
        }
    }
}
