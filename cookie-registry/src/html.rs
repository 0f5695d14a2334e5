//! Escaping for the HTML this crate renders (the policy table, the banner).

/// Text escaped for HTML element content and quoted attribute values: `&`, `<`, `>`, `"` and
/// `'` become character references. The policy renderer's own, from `cookie-registry-core`.
pub(crate) use cookie_registry_core::render::Escaped;

#[cfg(test)]
mod tests {
    use super::Escaped;

    #[test]
    fn every_markup_character_is_a_reference() {
        assert_eq!(
            Escaped("<a href=\"x\" title='y'>&</a>").to_string(),
            "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;"
        );
    }
}
