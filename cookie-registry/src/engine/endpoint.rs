//! The consent endpoint's decisions: the form contract, the cross-site guard, the redirect.

use core::fmt::Write as _;

use super::{Enforcement, consent_state, removal};
use crate::{
    Category, Consent, ConsentRecord, ConsentState, CookieBuilderExt as _, HasConsentCookie,
};

/// The largest form body the endpoint reads: 4 KiB. A larger one is answered `413`.
pub const BODY_LIMIT: usize = 4096;

/// Whether a request's `Content-Length` already says its body is over [`BODY_LIMIT`]: the
/// adapter then passes [`EndpointBody::TooLarge`] without reading. A missing or unreadable
/// length says nothing; the body is read, up to the limit.
///
/// ```
/// use cookie_registry::engine::declared_too_large;
///
/// assert!(declared_too_large(Some(b"4097")));
/// assert!(!declared_too_large(Some(b"4096")));
/// assert!(!declared_too_large(Some(b"lots")));
/// assert!(!declared_too_large(None));
/// ```
#[must_use]
pub fn declared_too_large(content_length: Option<&[u8]>) -> bool {
    content_length
        .and_then(|value| core::str::from_utf8(value).ok())
        .and_then(|value| value.parse::<u64>().ok())
        .is_some_and(|length| length > BODY_LIMIT as u64)
}

/// The request body as an adapter read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndpointBody<'a> {
    /// The whole body, at most [`BODY_LIMIT`] bytes.
    Complete(&'a [u8]),
    /// The body is longer than [`BODY_LIMIT`] (by its `Content-Length` or as read); the adapter
    /// stopped reading.
    TooLarge,
    /// The body could not be read (the connection broke, say).
    Unreadable,
}

/// One request to the consent endpoint, as plain header values.
///
/// ```
/// use cookie_registry::engine::{EndpointBody, EndpointRequest};
///
/// let request = EndpointRequest::new("POST", EndpointBody::Complete(b"choice=all"))
///     .host(Some(b"shop.example"))
///     .origin(Some(b"https://shop.example"))
///     .content_type(Some(b"application/x-www-form-urlencoded"));
/// # let _ = request;
/// ```
#[derive(Debug, Clone, Copy)]
pub struct EndpointRequest<'a> {
    method: &'a str,
    body: EndpointBody<'a>,
    host: Option<&'a [u8]>,
    origin: Option<&'a [u8]>,
    sec_fetch_site: Option<&'a [u8]>,
    content_type: Option<&'a [u8]>,
    accept: Option<&'a [u8]>,
    cookie: &'a [u8],
}

impl<'a> EndpointRequest<'a> {
    /// A request with this method and body, and no header.
    #[must_use]
    pub const fn new(method: &'a str, body: EndpointBody<'a>) -> Self {
        EndpointRequest {
            method,
            body,
            host: None,
            origin: None,
            sec_fetch_site: None,
            content_type: None,
            accept: None,
            cookie: b"",
        }
    }

    /// The request's own host: its `Host` header, or the authority of its target (HTTP/2's
    /// `:authority`).
    #[must_use]
    pub const fn host(mut self, host: Option<&'a [u8]>) -> Self {
        self.host = host;
        self
    }

    /// The `Origin` header.
    #[must_use]
    pub const fn origin(mut self, origin: Option<&'a [u8]>) -> Self {
        self.origin = origin;
        self
    }

    /// The `Sec-Fetch-Site` header.
    #[must_use]
    pub const fn sec_fetch_site(mut self, value: Option<&'a [u8]>) -> Self {
        self.sec_fetch_site = value;
        self
    }

    /// The `Content-Type` header.
    #[must_use]
    pub const fn content_type(mut self, value: Option<&'a [u8]>) -> Self {
        self.content_type = value;
        self
    }

    /// The `Accept` header.
    #[must_use]
    pub const fn accept(mut self, value: Option<&'a [u8]>) -> Self {
        self.accept = value;
        self
    }

    /// The `Cookie` header fields, joined with `"; "`.
    #[must_use]
    pub const fn cookie(mut self, header: &'a [u8]) -> Self {
        self.cookie = header;
        self
    }
}

/// The endpoint's answer, for an adapter to write out.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct EndpointResponse {
    /// The status code: 200, 303, 400, 403, 405, 413 or 415.
    pub status: u16,
    /// The `Location` of a `303`: a path on this site.
    pub location: Option<String>,
    /// The body's media type.
    pub content_type: &'static str,
    /// The body: the state as JSON, or a one-line explanation of an error.
    pub body: String,
    /// The `Set-Cookie` values: the consent cookie, then removals of the cookies the request
    /// carried that the new choice refuses. Empty unless the visitor decided.
    pub set_cookies: Vec<String>,
    /// The record of the decision, for the site's sink. `None` unless the visitor decided.
    pub record: Option<ConsentRecord>,
}

impl EndpointResponse {
    fn error(status: u16, message: &str) -> Self {
        EndpointResponse {
            status,
            location: None,
            content_type: "text/plain; charset=utf-8",
            body: format!("{message}\n"),
            set_cookies: Vec::new(),
            record: None,
        }
    }

    /// The value of the `Allow` header a `405` carries.
    pub const ALLOW: &'static str = "GET, HEAD, POST";

    /// Every header of the answer, in the order to write them, with lower-case names:
    /// `content-type`; `cache-control: no-store` (a consent answer is never cached); `allow` on
    /// a `405`; `location` on a `303`; then each `set-cookie`. Append them all (`set-cookie`
    /// repeats); an adapter writes these and the status, and nothing else.
    ///
    /// ```
    /// # use cookie_registry::CookieRegistry;
    /// # #[derive(CookieRegistry)]
    /// # #[registry(consent_cookie = Choice)]
    /// # enum Cookies {
    /// #     #[cookie(name = "choice", category = Necessary, provider = "Acme", purpose = "Consent")]
    /// #     Choice,
    /// # }
    /// use cookie_registry::engine::{self, EndpointBody, EndpointRequest};
    ///
    /// let answer = engine::answer_endpoint::<Cookies>(&EndpointRequest::new("PUT", EndpointBody::Complete(b"")));
    /// assert_eq!(answer.status, 405);
    /// let headers: Vec<_> = answer.headers().collect();
    /// assert_eq!(headers[1], ("cache-control", "no-store"));
    /// assert_eq!(headers[2], ("allow", "GET, HEAD, POST"));
    /// ```
    pub fn headers(&self) -> impl Iterator<Item = (&'static str, &str)> {
        [
            ("content-type", Some(self.content_type)),
            ("cache-control", Some("no-store")),
            ("allow", (self.status == 405).then_some(Self::ALLOW)),
            ("location", self.location.as_deref()),
        ]
        .into_iter()
        .filter_map(|(name, value)| Some((name, value?)))
        .chain(
            self.set_cookies
                .iter()
                .map(|value| ("set-cookie", value.as_str())),
        )
    }
}

/// Answers one request to the consent endpoint of registry `R`.
///
/// - `GET` (and `HEAD`): `200`, the current state as JSON:
///   `{"decided":false,"needs_prompt":true,"granted":["necessary"],"stale":[]}`.
/// - `POST` with an `application/x-www-form-urlencoded` body: `choice` = `all`, `necessary`
///   or `custom`; with `custom`, one `category` field per granted category (`statistics`);
///   optional `return_to`. Sets the consent cookie with its declared attributes, removes the
///   cookies the request carried that the new choice refuses, and hands back a
///   [`ConsentRecord`]. Answers `303 See Other` to `return_to` when it is a path on this site
///   (one leading `/`, not `//`, no `\`, visible ASCII only), else to `/`; with
///   `Accept: application/json`, `200` and the new state as JSON.
/// - `403` and no change for a request the browser marks cross-site (`Sec-Fetch-Site` other
///   than `same-origin` or `none`) or whose `Origin` is not this host; `400` for a malformed
///   form (no `choice`, an unknown one, an unknown category, a field given twice); `413` for a
///   body over [`BODY_LIMIT`]; `415` for a body that is not a form; `405` for other methods.
///
/// Never panics, and never changes anything unless it answers `200` or `303` to a `POST`.
#[must_use]
pub fn answer_endpoint<R: HasConsentCookie>(request: &EndpointRequest<'_>) -> EndpointResponse {
    let state = consent_state::<R>(request.cookie);
    match request.method {
        "GET" | "HEAD" => return json_answer(&state),
        "POST" => {}
        _ => return EndpointResponse::error(405, "the consent endpoint takes GET and POST"),
    }
    if !same_origin(request) {
        return EndpointResponse::error(403, "cross-site consent requests are refused");
    }
    let body = match request.body {
        EndpointBody::Complete(body) => body,
        EndpointBody::TooLarge => {
            return EndpointResponse::error(413, "the consent form is larger than 4 KiB");
        }
        EndpointBody::Unreadable => {
            return EndpointResponse::error(400, "the consent form could not be read");
        }
    };
    if !is_form(request.content_type) {
        return EndpointResponse::error(
            415,
            "the consent form is sent as application/x-www-form-urlencoded",
        );
    }
    let form = match Form::parse(body) {
        Ok(form) => form,
        Err(message) => return EndpointResponse::error(400, message),
    };

    let record = ConsentRecord::new::<R>(form.consent, state.id());
    let Some(consent_cookie) = R::consent_cookie() else {
        return EndpointResponse::error(500, "this registry declares no consent cookie");
    };
    let value = record.cookie_value();
    let mut set_cookies = vec![consent_cookie.builder(value.as_str()).build().to_string()];
    let mut removals = removal::removals::<R>(
        request.cookie,
        &record.consent(),
        Enforcement::new().refused_set_cookie(),
        set_cookies.iter().map(String::as_bytes),
    );
    set_cookies.append(&mut removals);
    let new_state = ConsentState::from_cookie_value::<R>(&value).unwrap_or_default();

    let mut answer = if accepts_json(request.accept) {
        json_answer(&new_state)
    } else {
        EndpointResponse {
            status: 303,
            location: Some(safe_return_to(form.return_to.as_deref()).to_owned()),
            content_type: "text/plain; charset=utf-8",
            body: String::new(),
            set_cookies: Vec::new(),
            record: None,
        }
    };
    answer.set_cookies = set_cookies;
    answer.record = Some(record);
    answer
}

/// `200` with `state` as JSON.
fn json_answer(state: &ConsentState) -> EndpointResponse {
    EndpointResponse {
        status: 200,
        location: None,
        content_type: "application/json",
        body: state_json(state),
        set_cookies: Vec::new(),
        record: None,
    }
}

/// `{"decided":…,"needs_prompt":…,"granted":[…],"stale":[…]}`: category names are fixed
/// lower-case words, so nothing needs escaping.
pub(crate) fn state_json(state: &ConsentState) -> String {
    let list = |categories: &mut dyn Iterator<Item = Category>| {
        let names: Vec<String> = categories.map(|c| format!("\"{c}\"")).collect();
        names.join(",")
    };
    let mut json = String::with_capacity(96);
    let _ = write!(
        json,
        "{{\"decided\":{},\"needs_prompt\":{},\"granted\":[{}],\"stale\":[{}]}}",
        state.is_decided(),
        state.needs_prompt(),
        list(&mut state.consent().granted()),
        list(&mut state.stale()),
    );
    json
}

/// Whether the request comes from this site: the browser does not mark it cross-site
/// (`Sec-Fetch-Site` absent, `same-origin` or `none`), and its `Origin`, when sent, names this
/// host. A request with neither header (not from a browser, which sends `Origin` with every
/// `POST`) is let through: it cannot carry a visitor's cookies against their will.
fn same_origin(request: &EndpointRequest<'_>) -> bool {
    if let Some(site) = request.sec_fetch_site {
        if !matches!(site.trim_ascii(), b"same-origin" | b"none") {
            return false;
        }
    }
    let Some(origin) = request.origin else {
        return true;
    };
    let Some((scheme, authority)) = split_origin(origin.trim_ascii()) else {
        return false; // "null", or not an origin at all
    };
    let Some(host) = request.host else {
        return false;
    };
    same_authority(scheme, authority, host.trim_ascii())
}

/// `scheme://authority` with nothing after it.
fn split_origin(origin: &[u8]) -> Option<(&[u8], &[u8])> {
    let at = origin.windows(3).position(|w| w == b"://")?;
    let (scheme, rest) = (origin.get(..at)?, origin.get(at + 3..)?);
    if rest.is_empty() || rest.contains(&b'/') {
        return None;
    }
    Some((scheme, rest))
}

/// Whether an origin's authority names the same host and port as the request's `Host`, with
/// the scheme's default port made explicit on both sides and host names compared without case.
fn same_authority(scheme: &[u8], origin: &[u8], host: &[u8]) -> bool {
    let default_port: &[u8] = if scheme.eq_ignore_ascii_case(b"https") {
        b"443"
    } else {
        b"80"
    };
    let split = |authority: &[u8]| -> (Vec<u8>, Vec<u8>) {
        // The port follows the last `:` after any IPv6 literal's `]`.
        let after_bracket = authority
            .iter()
            .rposition(|&b| b == b']')
            .map_or(0, |i| i + 1);
        match authority
            .iter()
            .skip(after_bracket)
            .rposition(|&b| b == b':')
            .map(|i| i + after_bracket)
        {
            Some(colon) => (
                authority
                    .get(..colon)
                    .unwrap_or_default()
                    .to_ascii_lowercase(),
                authority.get(colon + 1..).unwrap_or_default().to_vec(),
            ),
            None => (authority.to_ascii_lowercase(), default_port.to_vec()),
        }
    };
    let (origin_host, origin_port) = split(origin);
    let (host_host, host_port) = split(host);
    !origin_host.is_empty() && origin_host == host_host && origin_port == host_port
}

/// Whether the media type is `application/x-www-form-urlencoded` (parameters allowed).
fn is_form(content_type: Option<&[u8]>) -> bool {
    content_type.is_some_and(|value| {
        let essence = value.split(|&b| b == b';').next().unwrap_or_default();
        essence
            .trim_ascii()
            .eq_ignore_ascii_case(b"application/x-www-form-urlencoded")
    })
}

/// Whether the client asks for JSON (`Accept: application/json`, among others).
fn accepts_json(accept: Option<&[u8]>) -> bool {
    accept.is_some_and(|value| {
        value.split(|&b| b == b',').any(|range| {
            let essence = range.split(|&b| b == b';').next().unwrap_or_default();
            essence
                .trim_ascii()
                .eq_ignore_ascii_case(b"application/json")
        })
    })
}

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

/// The consent form, read.
#[derive(Debug)]
struct Form {
    consent: Consent,
    return_to: Option<String>,
}

impl Form {
    /// Reads `choice`, `category` and `return_to`; other fields (a CSRF token, say) are
    /// ignored.
    fn parse(body: &[u8]) -> Result<Form, &'static str> {
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
    fn origins_must_name_this_host() {
        let check = |origin: &[u8], host: &[u8]| {
            let request = EndpointRequest::new("POST", EndpointBody::Complete(b""))
                .origin(Some(origin))
                .host(Some(host));
            same_origin(&request)
        };
        assert!(check(b"https://shop.example", b"shop.example"));
        assert!(check(b"https://shop.example", b"SHOP.example:443"));
        assert!(check(b"http://127.0.0.1:8080", b"127.0.0.1:8080"));
        assert!(check(b"http://[::1]:8080", b"[::1]:8080"));
        assert!(!check(b"http://127.0.0.1:8081", b"127.0.0.1:8080"));
        assert!(!check(b"https://evil.example", b"shop.example"));
        assert!(!check(
            b"https://shop.example.evil.example",
            b"shop.example"
        ));
        assert!(!check(b"null", b"shop.example"));
        assert!(!check(b"https://shop.example/", b"shop.example"));
        assert!(!check(b"https://", b""));
    }

    #[test]
    fn browsers_marking_a_request_cross_site_are_refused() {
        for (site, allowed) in [
            (&b"same-origin"[..], true),
            (b"none", true),
            (b"same-site", false),
            (b"cross-site", false),
            (b"", false),
        ] {
            let request = EndpointRequest::new("POST", EndpointBody::Complete(b""))
                .sec_fetch_site(Some(site));
            assert_eq!(same_origin(&request), allowed, "{site:?}");
        }
    }
}
