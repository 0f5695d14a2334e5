//! Escaping for the HTML this crate renders (the policy table, the banner).

use core::fmt::{self, Write as _};

/// Text escaped for HTML element content and quoted attribute values: `&`, `<`, `>`, `"` and
/// `'` become character references, so a declaration or a caller's text cannot add markup or
/// leave an attribute.
pub(crate) struct Escaped<'a>(pub(crate) &'a str);

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in self.0.chars() {
            match c {
                '&' => f.write_str("&amp;")?,
                '<' => f.write_str("&lt;")?,
                '>' => f.write_str("&gt;")?,
                '"' => f.write_str("&quot;")?,
                '\'' => f.write_str("&#39;")?,
                _ => f.write_char(c)?,
            }
        }
        Ok(())
    }
}

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
