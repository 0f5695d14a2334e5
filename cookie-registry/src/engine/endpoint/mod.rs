//! The consent endpoint's decisions, one job a file: the form contract ([`form`]), the
//! cross-site guard ([`origin`]), the redirect ([`return_to`]) and the JSON answers ([`json`]).
//! This file holds the request and answer types, and [`answer_endpoint`] that ties them.

mod form;
mod json;
mod origin;
mod response;
mod return_to;
#[cfg(test)]
mod tests;

pub use origin::{AllowedOrigin, InvalidOrigin};
pub use response::EndpointResponse;

use self::form::{Form, is_form};
use self::json::{accepts_json, json_answer};
use self::origin::{Field, Guard, guard};
use self::return_to::safe_return_to;
use super::{Enforcement, consent_state, removal};
use crate::{ConsentRecord, ConsentState, CookieBuilderExt as _, HasConsentCookie};

/// The largest form body the endpoint reads: 4 KiB. A larger one is answered `413`.
pub const BODY_LIMIT: usize = 4096;

/// Whether a request's `Content-Length` already says its body is over [`BODY_LIMIT`]: the
/// adapter then passes [`ReadError::TooLarge`] to [`EndpointBody::read`] without reading. A
/// missing or unreadable length says nothing; the body is read, up to the limit.
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
    declared_length(content_length).is_some_and(|length| length > BODY_LIMIT as u64)
}

/// `Content-Length` as a number, when it is one.
fn declared_length(content_length: Option<&[u8]>) -> Option<u64> {
    core::str::from_utf8(content_length?.trim_ascii())
        .ok()?
        .parse()
        .ok()
}

/// Why an adapter has no body to hand over: see [`EndpointBody::read`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadError {
    /// The body is longer than [`BODY_LIMIT`] (by its `Content-Length`, see
    /// [`declared_too_large`], or as read); the adapter stopped reading.
    TooLarge,
    /// The framework reported the body cut off or failed: the connection broke or was
    /// half-closed before the end, an unterminated chunked body, a decoding error.
    Failed,
}

/// The request body as an adapter read it. Build it with [`EndpointBody::read`], which checks
/// the bytes against the declared `Content-Length`: a body is read completely, or the endpoint
/// answers `400` and changes nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndpointBody<'a> {
    /// The whole body, at most [`BODY_LIMIT`] bytes.
    #[deprecated(
        since = "0.1.0",
        note = "use `EndpointBody::read`, which refuses a body shorter than its Content-Length"
    )]
    Complete(&'a [u8]),
    /// The body is longer than [`BODY_LIMIT`]; the adapter stopped reading.
    TooLarge,
    /// The body could not be read whole: the endpoint answers `400`.
    Unreadable,
}

impl<'a> EndpointBody<'a> {
    /// The body an adapter read: `content_length` is the request's `Content-Length` field
    /// (`None` without one, as with a chunked body, whose end the framework must check), `read`
    /// the bytes the framework handed over up to its end, or why it could not.
    ///
    /// The body is whole only when the read ended and its length is the declared one: a body
    /// shorter (a client that half-closed after part of it, and a framework that reports this
    /// as the end) or longer than declared, or an unreadable `Content-Length`, is
    /// [`Unreadable`](Self::Unreadable).
    ///
    /// ```
    /// use cookie_registry::engine::{EndpointBody, ReadError};
    ///
    /// let whole = EndpointBody::read(Some(b"10"), Ok(b"choice=all"));
    /// assert!(!matches!(whole, EndpointBody::Unreadable | EndpointBody::TooLarge));
    /// let cut = EndpointBody::read(Some(b"52"), Ok(b"choice=all"));
    /// assert_eq!(cut, EndpointBody::Unreadable);
    /// assert_eq!(EndpointBody::read(Some(b"ten"), Ok(b"choice=all")), EndpointBody::Unreadable);
    /// assert_eq!(EndpointBody::read(None, Err(ReadError::Failed)), EndpointBody::Unreadable);
    /// assert_eq!(EndpointBody::read(None, Err(ReadError::TooLarge)), EndpointBody::TooLarge);
    /// ```
    #[must_use]
    pub fn read(content_length: Option<&[u8]>, read: Result<&'a [u8], ReadError>) -> Self {
        match read {
            Err(ReadError::TooLarge) => EndpointBody::TooLarge,
            Err(ReadError::Failed) => EndpointBody::Unreadable,
            Ok(bytes) if bytes.len() > BODY_LIMIT => EndpointBody::TooLarge,
            Ok(bytes) => match content_length {
                Some(declared) if declared_length(Some(declared)) != Some(bytes.len() as u64) => {
                    EndpointBody::Unreadable
                }
                #[allow(deprecated)] // the one place that vouches for a complete body
                _ => EndpointBody::Complete(bytes),
            },
        }
    }
}

/// One request to the consent endpoint, as plain header values.
///
/// The `*_fields` builders take every field of a header as sent: a request with more than one
/// `Origin`, `Host` or `Sec-Fetch-Site` field is answered `400`, never judged by the first.
///
/// ```
/// use cookie_registry::engine::{EndpointBody, EndpointRequest};
///
/// let body = EndpointBody::read(Some(b"10"), Ok(b"choice=all"));
/// let request = EndpointRequest::new("POST", body)
///     .host_fields([&b"shop.example"[..]])
///     .origin_fields([&b"https://shop.example"[..]])
///     .content_type(Some(b"application/x-www-form-urlencoded"));
/// # let _ = request;
/// ```
#[derive(Debug, Clone, Copy)]
pub struct EndpointRequest<'a> {
    method: &'a str,
    body: EndpointBody<'a>,
    host: Field<'a>,
    origin: Field<'a>,
    sec_fetch_site: Field<'a>,
    scheme: Option<&'a [u8]>,
    allowed_origins: &'a [AllowedOrigin],
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
            host: Field::Absent,
            origin: Field::Absent,
            sec_fetch_site: Field::Absent,
            scheme: None,
            allowed_origins: &[],
            content_type: None,
            accept: None,
            cookie: b"",
        }
    }

    /// The request's own host: its `Host` header, or the authority of its target (HTTP/2's
    /// `:authority`).
    #[must_use]
    pub const fn host(mut self, host: Option<&'a [u8]>) -> Self {
        self.host = Field::of_option(host);
        self
    }

    /// Every `Host` field of the request.
    #[must_use]
    pub fn host_fields(mut self, fields: impl IntoIterator<Item = &'a [u8]>) -> Self {
        self.host = Field::of(fields);
        self
    }

    /// The `Origin` header.
    #[must_use]
    pub const fn origin(mut self, origin: Option<&'a [u8]>) -> Self {
        self.origin = Field::of_option(origin);
        self
    }

    /// Every `Origin` field of the request.
    #[must_use]
    pub fn origin_fields(mut self, fields: impl IntoIterator<Item = &'a [u8]>) -> Self {
        self.origin = Field::of(fields);
        self
    }

    /// The `Sec-Fetch-Site` header.
    #[must_use]
    pub const fn sec_fetch_site(mut self, value: Option<&'a [u8]>) -> Self {
        self.sec_fetch_site = Field::of_option(value);
        self
    }

    /// Every `Sec-Fetch-Site` field of the request.
    #[must_use]
    pub fn sec_fetch_site_fields(mut self, fields: impl IntoIterator<Item = &'a [u8]>) -> Self {
        self.sec_fetch_site = Field::of(fields);
        self
    }

    /// The scheme the request itself carries (`http` or `https`): its target's in absolute
    /// form, or HTTP/2's `:scheme`. Never `X-Forwarded-Proto`, which any client can send.
    /// Without allowed origins, an `Origin` of another scheme is refused.
    #[must_use]
    pub const fn scheme(mut self, scheme: Option<&'a [u8]>) -> Self {
        self.scheme = scheme;
        self
    }

    /// The site's public origins: when any is given, `Origin` must be one of them and `Host`
    /// is not consulted (see `ConsentEndpoint::allowed_origin`).
    #[must_use]
    pub const fn allowed_origins(mut self, origins: &'a [AllowedOrigin]) -> Self {
        self.allowed_origins = origins;
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
///   than `same-origin` or `none`), or whose `Origin` is malformed or not this site's: one of
///   the [allowed origins](EndpointRequest::allowed_origins) when any is set, else the
///   request's `Host` (and its scheme, when the request tells it). `400` for a body not read
///   whole (see [`EndpointBody::read`]), for more than one `Origin`, `Host` or
///   `Sec-Fetch-Site` field, and for a malformed form (no `choice`, an unknown one, an unknown
///   category, a field given twice); `413` for a body over [`BODY_LIMIT`]; `415` for a body
///   that is not a form; `405` for other methods.
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
    match guard(request) {
        Guard::Pass => {}
        Guard::Repeated => {
            return EndpointResponse::error(
                400,
                "Origin, Host and Sec-Fetch-Site are each sent at most once",
            );
        }
        Guard::Forbidden => {
            return EndpointResponse::error(403, "cross-site consent requests are refused");
        }
    }
    let body = match request.body {
        #[allow(deprecated)] // an adapter may still build it; `read` is the checked way
        EndpointBody::Complete(body) => body,
        EndpointBody::TooLarge => {
            return EndpointResponse::error(413, "the consent form is larger than 4 KiB");
        }
        EndpointBody::Unreadable => {
            return EndpointResponse::error(400, "the consent form could not be read whole");
        }
    };
    if !is_form(request.content_type) {
        return EndpointResponse::error(
            415,
            "the consent form is sent as application/x-www-form-urlencoded",
        );
    }
    match Form::parse(body) {
        Ok(form) => decide::<R>(request, &state, &form),
        Err(message) => EndpointResponse::error(400, message),
    }
}

/// The answer to a valid consent form: the consent cookie and the removals, the record, and
/// `303` back (or `200` and the new state as JSON).
fn decide<R: HasConsentCookie>(
    request: &EndpointRequest<'_>,
    state: &ConsentState,
    form: &Form,
) -> EndpointResponse {
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
