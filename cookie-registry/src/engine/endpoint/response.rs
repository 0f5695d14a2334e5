//! The endpoint's answer, as an adapter writes it out.

use crate::ConsentRecord;

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
    pub(super) fn error(status: u16, message: &str) -> Self {
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
    /// let answer = engine::answer_endpoint::<Cookies>(&EndpointRequest::new("PUT", EndpointBody::read(None, Ok(b""))));
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
