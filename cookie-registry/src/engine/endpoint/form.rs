//! The consent form: its media type and its fields, decoded as browsers encode them.

use crate::{Category, Consent};

/// Whether the media type is `application/x-www-form-urlencoded` (parameters allowed).
pub(super) fn is_form(content_type: Option<&[u8]>) -> bool {
    content_type.is_some_and(|value| {
        let essence = value.split(|&b| b == b';').next().unwrap_or_default();
        essence
            .trim_ascii()
            .eq_ignore_ascii_case(b"application/x-www-form-urlencoded")
    })
}

/// The consent form, read.
#[derive(Debug)]
pub(super) struct Form {
    pub(super) consent: Consent,
    pub(super) return_to: Option<String>,
}

impl Form {
    /// Reads `choice`, `category` and `return_to`; other fields (a CSRF token, say) are
    /// ignored.
    pub(super) fn parse(body: &[u8]) -> Result<Form, &'static str> {
        let mut choice: Option<String> = None;
        let mut categories = Consent::necessary_only();
        let mut return_to = None;
        for field in body.split(|&b| b == b'&').filter(|f| !f.is_empty()) {
            let (name, value) = match field.iter().position(|&b| b == b'=') {
                Some(eq) => (field.get(..eq), field.get(eq + 1..)),
                None => (Some(field), Some(&b""[..])),
            };
            let name = decode(name.unwrap_or_default()).ok_or("a form field is not UTF-8")?;
            let value = decode(value.unwrap_or_default()).ok_or("a form field is not UTF-8")?;
            match name.as_str() {
                "choice" if choice.is_some() => return Err("`choice` is given twice"),
                "choice" => choice = Some(value),
                "category" => {
                    let category: Category = value
                        .parse()
                        .map_err(|_| "`category` names no cookie category")?;
                    categories.grant(category);
                }
                "return_to" if return_to.is_some() => return Err("`return_to` is given twice"),
                "return_to" => return_to = Some(value),
                _ => {}
            }
        }
        let consent = match choice.as_deref() {
            Some("all") => Consent::all(),
            Some("necessary") => Consent::necessary_only(),
            Some("custom") => categories,
            Some(_) => return Err("`choice` is not one of all, necessary, custom"),
            None => return Err("the form has no `choice`"),
        };
        Ok(Form { consent, return_to })
    }
}

/// One `application/x-www-form-urlencoded` name or value, decoded: `+` is a space, `%XX` a
/// byte (a `%` not followed by two hex digits stays as it is, as browsers do); `None` when the
/// result is not UTF-8.
fn decode(raw: &[u8]) -> Option<String> {
    let hex = |b: u8| (b as char).to_digit(16);
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while let Some(&byte) = raw.get(i) {
        match byte {
            b'+' => out.push(b' '),
            b'%' => match (
                raw.get(i + 1).copied().and_then(hex),
                raw.get(i + 2).copied().and_then(hex),
            ) {
                (Some(high), Some(low)) => {
                    // Two hex digits make at most 255.
                    out.push(u8::try_from(high << 4 | low).unwrap_or(b'?'));
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            other => out.push(other),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_decode_as_browsers_encode_them() {
        let form = Form::parse(b"choice=custom&category=statistics&category=marketing&return_to=%2Fcookies%3Fa%3D1+2&x=%ZZ").expect("valid");
        let expected = Consent::necessary_only()
            .with(Category::Statistics)
            .with(Category::Marketing);
        assert_eq!(form.consent, expected);
        assert_eq!(form.return_to.as_deref(), Some("/cookies?a=1 2"));
        for (bad, why) in [
            (&b""[..], "the form has no `choice`"),
            (
                b"choice=some",
                "`choice` is not one of all, necessary, custom",
            ),
            (b"choice=all&choice=all", "`choice` is given twice"),
            (
                b"choice=custom&category=tracking",
                "`category` names no cookie category",
            ),
            (
                b"choice=custom&category=Statistics",
                "`category` names no cookie category",
            ),
            (
                b"choice=all&return_to=/&return_to=/",
                "`return_to` is given twice",
            ),
            (b"choice=%FF", "a form field is not UTF-8"),
        ] {
            assert_eq!(Form::parse(bad).map(|_| ()), Err(why), "{bad:?}");
        }
    }

    #[test]
    fn only_url_encoded_forms_are_forms() {
        assert!(is_form(Some(
            b"application/x-www-form-urlencoded; charset=UTF-8"
        )));
        assert!(is_form(Some(b" Application/X-WWW-Form-Urlencoded")));
        assert!(!is_form(Some(b"multipart/form-data")));
        assert!(!is_form(None));
    }
}
