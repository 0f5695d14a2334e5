//! JavaScript literals for the scripts and modules this crate generates.

use core::fmt::{self, Write as _};

/// A JavaScript string literal in double quotes, safe inside an HTML `<script>` element and in
/// a module file: quotes, backslashes and line terminators (including U+2028 and U+2029) are
/// escaped, and so are `<`, `>` and `&`, so no text can close the script (`</script>`) or open
/// a comment (`<!--`) that changes how the HTML parser reads it.
pub(crate) struct JsString<'a>(pub(crate) &'a str);

impl fmt::Display for JsString<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_char('"')?;
        for c in self.0.chars() {
            match c {
                '"' => f.write_str("\\\"")?,
                '\\' => f.write_str("\\\\")?,
                '\n' => f.write_str("\\n")?,
                '\r' => f.write_str("\\r")?,
                '<' => f.write_str("\\u003c")?,
                '>' => f.write_str("\\u003e")?,
                '&' => f.write_str("\\u0026")?,
                '\u{2028}' => f.write_str("\\u2028")?,
                '\u{2029}' => f.write_str("\\u2029")?,
                c if c.is_control() => write!(f, "\\u{:04x}", u32::from(c))?,
                c => f.write_char(c)?,
            }
        }
        f.write_char('"')
    }
}

/// A JavaScript regular expression literal matching every name that starts with `prefix`
/// (a cookie family): `/^_ga_/`. Cookie names are RFC 6265 tokens, but the registry does not
/// rely on it here: every character a pattern or the literal's syntax reads specially is
/// escaped, and anything outside printable ASCII is written as `\uXXXX`.
pub(crate) struct JsPrefixRegExp<'a>(pub(crate) &'a str);

impl fmt::Display for JsPrefixRegExp<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("/^")?;
        for c in self.0.chars() {
            match c {
                '\\' | '^' | '$' | '.' | '|' | '?' | '*' | '+' | '(' | ')' | '[' | ']' | '{'
                | '}' | '/' => {
                    f.write_char('\\')?;
                    f.write_char(c)?;
                }
                c if c.is_ascii_graphic() && c != '<' && c != '>' && c != '&' => f.write_char(c)?,
                c => {
                    let mut units = [0u16; 2];
                    for unit in c.encode_utf16(&mut units) {
                        write!(f, "\\u{unit:04x}")?;
                    }
                }
            }
        }
        f.write_char('/')
    }
}

#[cfg(test)]
mod tests {
    use super::{JsPrefixRegExp, JsString};

    #[test]
    fn strings_cannot_close_the_script_or_the_literal() {
        assert_eq!(
            JsString("a\"b\\c\n</script><!--&\u{2028}\u{1}").to_string(),
            "\"a\\\"b\\\\c\\n\\u003c/script\\u003e\\u003c!--\\u0026\\u2028\\u0001\""
        );
    }

    #[test]
    fn prefixes_match_literally() {
        assert_eq!(JsPrefixRegExp("_ga_").to_string(), "/^_ga_/");
        assert_eq!(JsPrefixRegExp("a.b*/c").to_string(), "/^a\\.b\\*\\/c/");
        assert_eq!(JsPrefixRegExp("é<").to_string(), "/^\\u00e9\\u003c/");
    }
}
